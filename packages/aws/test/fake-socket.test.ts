// The fake's real-socket mode: the same handlers on a 127.0.0.1 port, used through a real TCP
// connection by the adapter in this process and by the AWS SDK in another process.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { createAwsSecretsManagerFake } from '../src/testing/index.js';
import { context, rejection, TEST_CREDENTIALS, testProvider } from './harness.js';

const run = promisify(execFile);
const fake = createAwsSecretsManagerFake(); // never listens in-process here: only sockets
afterEach(async () => {
  await fake.close();
  expect(fake.unhandledRequests).toEqual([]);
  fake.reset();
});

it('answers the adapter over a real socket, with the same store, faults and call log', async () => {
  const socket = await fake.listenOnSocket({ port: 0 });
  expect(socket.url).toBe(`http://127.0.0.1:${socket.port}`);
  expect(fake.host.listening).toBe(false);
  const version = fake.put('prod/db', 'over-the-wire');
  const provider = testProvider({ endpoint: socket.url });
  expect(await provider.getSecret({ name: 'prod/db' }, context())).toMatchObject({
    value: 'over-the-wire',
    version,
  });
  const written = await provider.setSecret('prod/db', 'second', context());
  expect(await provider.getVersion({ name: 'prod/db' }, context())).toBe(written.version);
  fake.failNext('AccessDeniedException', { operations: ['GetSecretValue'] });
  await expect(provider.getSecret({ name: 'prod/db' }, context())).rejects.toMatchObject({
    code: 'ACCESS_DENIED',
  });
  expect(fake.calls.log.map((call) => [call.operation, call.exception])).toEqual([
    ['GetSecretValue', undefined],
    ['PutSecretValue', undefined],
    ['DescribeSecret', undefined],
    ['GetSecretValue', 'AccessDeniedException'], // the fault, logged as the other calls are
  ]);
  await provider.close();
  await socket.close();
  const refused = await rejection(
    testProvider({ endpoint: socket.url }).getSecret({ name: 'prod/db' }, context()),
  );
  expect(refused).toMatchObject({ code: 'UNAVAILABLE', cause: { code: 'ECONNREFUSED' } });
});

it('serves another process: the AWS SDK in a child node reads and writes through the socket', async () => {
  const socket = await fake.listenOnSocket();
  fake.put('shared', 'from-the-test');
  const script = `
    import { SecretsManagerClient, GetSecretValueCommand, PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
    const client = new SecretsManagerClient({
      endpoint: process.env.FAKE_URL, region: 'us-east-1', maxAttempts: 1,
      credentials: { accessKeyId: '${TEST_CREDENTIALS.accessKeyId}', secretAccessKey: '${TEST_CREDENTIALS.secretAccessKey}' },
    });
    const read = await client.send(new GetSecretValueCommand({ SecretId: 'shared' }));
    await client.send(new PutSecretValueCommand({ SecretId: 'shared', SecretString: 'from-the-child' }));
    process.stdout.write(JSON.stringify({ value: read.SecretString }));
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { PATH: process.env.PATH ?? '', FAKE_URL: socket.url, AWS_EC2_METADATA_DISABLED: 'true' },
    timeout: 15_000,
  });
  expect(JSON.parse(stdout)).toEqual({ value: 'from-the-test' });
  const provider = testProvider({ endpoint: socket.url });
  expect((await provider.getSecret({ name: 'shared' }, context())).value).toBe('from-the-child');
  expect(fake.calls.count('PutSecretValue')).toBe(1);
  await provider.close();
}, 20_000);
