// The fake on a real loopback socket (the fake kit's socket mode): another process speaks Key
// Vault's protocol to it, and the adapter reads through the real SDK over TCP, no msw in between.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import { SecretClient } from '@azure/keyvault-secrets';
import type { SocketListener } from '@secretkit/fake-kit';
import { afterEach, expect, it } from 'vitest';
import { azureKeyVault } from '../src/index.js';
import { fakeCredential } from '../src/testing/index.js';
import { context, guardedFake, VAULT_URL } from './harness.js';

/** Runs a command; resolves with its output, rejects when it exits with an error. */
const run = promisify(execFile);
const fake = guardedFake();
afterEach(async () => {
  await fake.close();
  expect(fake.unhandledRequests).toEqual([]);
  fake.reset();
});

/** An HttpClient that sends every request of the vault to the socket instead (the SDK insists on https). */
function toSocket(socket: SocketListener): HttpClient {
  const inner = createDefaultHttpClient();
  return {
    async sendRequest(request) {
      const original = request.url; // restored: the challenge policy re-sends the same request
      const url = new URL(original);
      request.url = `${socket.url}${url.pathname}${url.search}`;
      request.allowInsecureConnection = true;
      try {
        return await inner.sendRequest(request);
      } finally {
        request.url = original;
      }
    },
  };
}

it('another process gets the challenge, then the secret, over 127.0.0.1', async () => {
  const version = fake.put('db-pass', 's3cr3t');
  const socket = await fake.listenOnSocket({ port: 0 });
  expect(socket.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const script = `
    const base = process.argv[1] + '/secrets/db-pass/?api-version=7.6';
    const challenge = await fetch(base);
    const answer = await fetch(base, { headers: { authorization: 'Bearer child-token' } });
    console.log(JSON.stringify({
      challenge: challenge.status,
      header: challenge.headers.get('www-authenticate'),
      status: answer.status,
      body: await answer.json(),
    }));`;
  const { stdout } = await run(process.execPath, ['-e', `(async () => {${script}})()`, socket.url]);
  const seen = JSON.parse(stdout);
  expect(seen).toMatchObject({
    challenge: 401,
    header: expect.stringContaining('resource="https://vault.azure.net"'),
    status: 200,
    body: { value: 's3cr3t', id: `${VAULT_URL}/secrets/db-pass/${version}` },
  });
  expect(fake.calls.challenges).toBe(1);
  expect(fake.calls.log.map((call) => [call.operation, call.status])).toEqual([['getSecret', 200]]);
});

it('the adapter reads, writes and lists through the real SDK over the socket', async () => {
  fake.put('db-pass', 's3cr3t');
  const socket = await fake.listenOnSocket({ port: 0 });
  const client = new SecretClient(VAULT_URL, fakeCredential(), {
    httpClient: toSocket(socket),
    retryOptions: { maxRetries: 0 },
  });
  const provider = azureKeyVault({ vaultUrl: VAULT_URL, client });
  expect((await provider.getSecret({ name: 'db-pass' }, context())).value).toBe('s3cr3t');
  const { version } = await provider.setSecret('api-key', 'k1', context());
  expect(fake.versionsOf('api-key')).toEqual([version]);
  const names: string[] = [];
  for await (const entry of provider.listSecrets(context())) names.push(entry.name);
  expect(names.sort()).toEqual(['api-key', 'db-pass']);
  await expect(provider.getSecret({ name: 'missing' }, context())).rejects.toMatchObject({
    code: 'NOT_FOUND',
    statusCode: 404,
  });
  expect(fake.calls.count()).toBe(4);
  await socket.close();
});
