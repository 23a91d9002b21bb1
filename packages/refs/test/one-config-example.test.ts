// The one-config example (examples/one-config) against the AWS fake, a memory provider and a real
// directory of mounted files: one resolve, one request per secret, and a rotation seen by watch.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createAwsSecretsManagerFake } from '@secretkit/aws/testing';
import { createMemoryProvider } from '@secretkit/memory';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { appConfigTemplate, demoAws, loadAppConfig } from '../../../examples/one-config/app-config.ts';
import { useTempDirs } from '../../../test-setup/temp-dirs.js';
import { readsOf } from './helpers.js';

const fake = createAwsSecretsManagerFake();
const tempDir = useTempDirs('secretkit-refs-');
beforeAll(() => fake.listen());
afterEach(() => {
  vi.useRealTimers();
  expect(fake.unhandledRequests).toEqual([]);
  fake.reset();
});
afterAll(() => fake.close());

async function arrange() {
  fake.put('prod/db', JSON.stringify({ username: 'app', password: 'db-pw-1' }));
  const memory = createMemoryProvider({ secrets: { 'payments-api-key': 'sk_test_1' } });
  const dir = await tempDir();
  await writeFile(join(dir, 'tls.key'), 'KEY-BYTES\n');
  await writeFile(join(dir, 'tls.yaml'), 'passphrase: horse\n');
  return { memory, dir };
}

it('resolves one config over AWS, memory and files, one request per secret', async () => {
  const { memory, dir } = await arrange();
  const { config, resolver } = await loadAppConfig(dir, { memory, aws: demoAws });
  expect(config).toEqual({
    database: { host: 'db.internal', port: 5432, username: 'app', password: 'db-pw-1' },
    payments: { apiKey: 'sk_test_1' },
    tls: { key: 'KEY-BYTES\n', passphrase: 'horse' },
    logLevel: 'info',
  });
  expect(fake.calls.count('GetSecretValue')).toBe(1);
  expect(readsOf(memory)).toBe(1);
  expect(appConfigTemplate(dir).database.password).toBe('awssecrets://prod/db#/password'); // the template is untouched
  await resolver.close();
});

it('fails whole when one secret is missing: no partial config', async () => {
  const { memory, dir } = await arrange();
  fake.remove('prod/db');
  await expect(loadAppConfig(dir, { memory, aws: demoAws })).rejects.toMatchObject({ code: 'NOT_FOUND' });
});

it('a rotation of the database password reaches a watcher of that ref', async () => {
  const { memory, dir } = await arrange();
  const { resolver } = await loadAppConfig(dir, { memory, aws: demoAws });
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  const changed = new Promise<{ value: string }>((resolve) => {
    resolver.watch('awssecrets://prod/db#/password', resolve, { interval: '1s' });
  });
  await resolver.get('awssecrets://prod/db#/password');
  fake.rotate('prod/db', JSON.stringify({ username: 'app', password: 'db-pw-2' }));
  await vi.advanceTimersByTimeAsync(1_100); // one poll (1s ± 10%): DescribeSecret, then the new value
  vi.useRealTimers();
  expect((await changed).value).toBe('db-pw-2');
  expect(fake.calls.count('DescribeSecret')).toBe(1);
  await resolver.close();
});
