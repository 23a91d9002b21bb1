// The fake's real-socket mode: `fake.listen({ port: 0 })` answers on a loopback port with the same
// handlers, so node-vault over a real TCP connection, and another process, can use the fake.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, expect, it } from 'vitest';
import { createVaultFake, type VaultFake } from '../src/testing/index.js';
import { context, testProvider } from './harness.js';

let fake: VaultFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

it('node-vault reads through a real socket, with the same handlers, faults and call log', async () => {
  fake = createVaultFake(); // not intercepting in-process: only the socket answers
  const socket = await fake.listen({ port: 0 });
  expect(socket.url).toBe(`http://127.0.0.1:${socket.port}`);
  fake.put('secret/app', { password: 'pw-socket' });
  const provider = testProvider(fake, { address: socket.url, kv: { secret: 2 } });
  expect((await provider.getSecret({ name: 'secret/app' }, context())).value).toBe(
    '{"password":"pw-socket"}',
  );
  fake.failNext(429, { headers: { 'retry-after': '3' } });
  await expect(provider.getSecret({ name: 'secret/app' }, context())).rejects.toMatchObject({
    code: 'THROTTLED',
    retryAfterMs: 3000,
  });
  expect(fake.calls.log.map((c) => [c.path, c.status])).toEqual([
    ['auth/token/lookup-self', 200],
    ['secret/data/app', 200],
    ['secret/data/app', 429],
  ]);
  await provider.close();
  await socket.close();
  await expect(provider.getSecret({ name: 'secret/app' }, context())).rejects.toMatchObject({
    code: 'CLOSED',
  });
  expect(fake.unhandledRequests).toEqual([]);
});

it('another process reads a secret from the fake with VAULT_ADDR and the root token', async () => {
  fake = createVaultFake();
  const socket = await fake.listen({ port: 0 });
  fake.put('secret/app', { password: 'pw-child' });
  const script = `
    const res = await fetch(process.env.VAULT_ADDR + '/v1/secret/data/app', {
      headers: { 'X-Vault-Token': process.env.VAULT_TOKEN },
    });
    const body = await res.json();
    process.stdout.write(res.status + ' ' + body.data.data.password);`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
    env: { PATH: process.env.PATH ?? '', VAULT_ADDR: socket.url, VAULT_TOKEN: fake.rootToken },
    timeout: 10_000,
  });
  expect(stdout).toBe('200 pw-child');
  expect(fake.calls.count('kv-read')).toBe(1);
});
