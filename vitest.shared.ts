// Settings every vitest project shares: workspace packages resolve to their sources (no build
// needed to test), the network guard runs first, and cloud metadata probes are off (DESIGN §7).
import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export function packageProject(name: string) {
  return defineProject({
    resolve: {
      alias: {
        '@secretkit/core/adapter': fromRoot('./packages/core/src/adapter/index.ts'),
        '@secretkit/core': fromRoot('./packages/core/src/index.ts'),
        '@secretkit/fake-kit': fromRoot('./packages/fake-kit/src/index.ts'),
        '@secretkit/refs': fromRoot('./packages/refs/src/index.ts'),
        '@secretkit/file': fromRoot('./packages/file/src/index.ts'),
        '@secretkit/opentelemetry': fromRoot('./packages/opentelemetry/src/index.ts'),
        '@secretkit/cli': fromRoot('./packages/cli/src/index.ts'),
        '@secretkit/doppler/testing': fromRoot('./packages/doppler/src/testing/index.ts'),
        '@secretkit/doppler': fromRoot('./packages/doppler/src/index.ts'),
        '@secretkit/memory': fromRoot('./packages/memory/src/index.ts'),
        '@secretkit/conformance': fromRoot('./packages/conformance/src/index.ts'),
        '@secretkit/aws/testing': fromRoot('./packages/aws/src/testing/index.ts'),
        '@secretkit/aws/events': fromRoot('./packages/aws/src/events/index.ts'),
        '@secretkit/aws': fromRoot('./packages/aws/src/index.ts'),
        '@secretkit/azure/testing': fromRoot('./packages/azure/src/testing/index.ts'),
        '@secretkit/azure/events': fromRoot('./packages/azure/src/events/index.ts'),
        '@secretkit/azure': fromRoot('./packages/azure/src/index.ts'),
        '@secretkit/gcp/testing': fromRoot('./packages/gcp/src/testing/index.ts'),
        '@secretkit/gcp/events': fromRoot('./packages/gcp/src/events/index.ts'),
        '@secretkit/gcp': fromRoot('./packages/gcp/src/index.ts'),
        '@secretkit/vault/testing': fromRoot('./packages/vault/src/testing/index.ts'),
        '@secretkit/vault/events': fromRoot('./packages/vault/src/events/index.ts'),
        '@secretkit/vault': fromRoot('./packages/vault/src/index.ts'),
      },
    },
    test: {
      name,
      environment: 'node',
      include: ['test/**/*.test.ts'],
      setupFiles: [fromRoot('./test-setup/network-guard.ts')],
      env: {
        AWS_EC2_METADATA_DISABLED: 'true',
        METADATA_SERVER_DETECTION: 'none',
        AWS_ACCESS_KEY_ID: 'AKIDTESTONLY',
        AWS_SECRET_ACCESS_KEY: 'test-only-secret-access-key',
        AWS_REGION: 'us-east-1',
        AZURE_TENANT_ID: '00000000-0000-0000-0000-000000000000',
        AZURE_CLIENT_ID: '00000000-0000-0000-0000-000000000000',
        AZURE_CLIENT_SECRET: 'test-only',
        GOOGLE_CLOUD_PROJECT: 'test-project',
        VAULT_ADDR: 'http://127.0.0.1:8200',
        VAULT_TOKEN: 'test-only-token',
      },
    },
  });
}
