// The one-config example (`node index.ts` after `pnpm -r build`): an msw fake of AWS Secrets Manager,
// an in-memory provider and a directory laid out as a Kubernetes Secret volume, then one resolve()
// of a config object whose secrets live in all three. Values are printed masked.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAwsSecretsManagerFake } from '@secretkit/aws/testing';
import { createMemoryProvider } from '@secretkit/memory';
import { type AppConfig, demoAws, loadAppConfig } from './app-config.ts';

const masked = (value: string) => `${value.slice(0, 2)}${'*'.repeat(Math.max(0, value.length - 2))}`;

/** Writes the files as kubelet does: each key a symlink into ..data, itself a symlink to a timestamped dir. */
async function mountDemoVolume(dir: string): Promise<void> {
  await mkdir(join(dir, '..2024_01_01'));
  await writeFile(
    join(dir, '..2024_01_01', 'tls.key'),
    '-----BEGIN PRIVATE KEY-----\nMIIdemo\n-----END PRIVATE KEY-----\n',
  );
  await writeFile(join(dir, '..2024_01_01', 'tls.yaml'), 'passphrase: correct-horse\nrotated: never\n');
  await symlink('..2024_01_01', join(dir, '..data'));
  await symlink('..data/tls.key', join(dir, 'tls.key'));
  await symlink('..data/tls.yaml', join(dir, 'tls.yaml'));
}

const aws = createAwsSecretsManagerFake();
aws.listen();
aws.put('prod/db', JSON.stringify({ username: 'app', password: 'db-password-from-aws' }));
const memory = createMemoryProvider({ secrets: { 'payments-api-key': 'sk_test_from_memory' } });
const secretsDir = await mkdtemp(join(tmpdir(), 'one-config-'));
await mountDemoVolume(secretsDir);

try {
  const { config, resolver } = await loadAppConfig(secretsDir, { memory, aws: demoAws });
  const shown: AppConfig = {
    ...config,
    database: { ...config.database, password: masked(config.database.password) },
    payments: { apiKey: masked(config.payments.apiKey) },
    tls: { key: `${config.tls.key.length} bytes`, passphrase: masked(config.tls.passphrase) },
  };
  console.log(JSON.stringify(shown, null, 2));
  console.log(`AWS requests: ${aws.calls.count('GetSecretValue')} GetSecretValue for 2 refs to prod/db`);
  await resolver.close();
} finally {
  aws.close();
  await rm(secretsDir, { recursive: true, force: true });
}
