// The conformance suite over both transports, through the real Google client: REST against the msw
// fake, gRPC against the local gRPC server. The harness writes natively, never through the provider.
import { describeProviderConformance } from '@secretkit/conformance';
import type { SecretsErrorCode } from '@secretkit/core';
import { gcpSecretManager } from '../src/index.js';
import { createSecretManagerFake, type FaultName, fakeAuthClient } from '../src/testing/index.js';
import { PROJECT, TRANSPORTS } from './fixtures.js';

/** The gRPC status the fake answers for each code the suite injects. */
const STATUS_FOR: Partial<Record<SecretsErrorCode, FaultName>> = {
  ACCESS_DENIED: 'PERMISSION_DENIED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNAVAILABLE: 'UNAVAILABLE',
};

for (const transport of TRANSPORTS) {
  describeProviderConformance({
    name: `gcp (${transport})`,
    setup: async () => {
      const fake = createSecretManagerFake({ projectId: PROJECT });
      const grpc = transport === 'grpc' ? await fake.startGrpc() : undefined;
      if (transport === 'rest') fake.listen();
      const provider = gcpSecretManager({
        projectId: PROJECT,
        authClient: fakeAuthClient(),
        transport,
        ...(grpc === undefined ? {} : { clientOptions: grpc.clientOptions as never }),
      });
      return {
        provider,
        put: async (name, value) => fake.put(name, value),
        remove: async (name) => {
          fake.remove(name);
        },
        failNext: (code) => {
          const status = STATUS_FOR[code];
          if (status === undefined) throw new Error(`no gRPC status for ${code}`);
          fake.failNext(status);
        },
        teardown: async () => {
          await provider.close();
          await fake.close();
          if (fake.unhandledRequests.length > 0) {
            throw new Error(`unhandled requests: ${JSON.stringify(fake.unhandledRequests)}`);
          }
        },
      };
    },
    capabilities: { binary: true, versions: true, write: true, list: true, leases: false },
  });
}
