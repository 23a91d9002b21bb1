// The fake's real-socket mode: the provider's fetch over a loopback port (apiUrl = socket.url), and
// another process reading the same fake.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createSecretsClient } from '@secretkit/core';
import type { SocketListener } from '@secretkit/fake-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { context, fake, provider } from './fixtures.js';

let socket: SocketListener;
beforeEach(async () => {
  socket = await fake.listenOnSocket();
});
afterEach(async () => {
  await socket.close();
});

describe('real-socket mode', () => {
  it('reads, probes with a 304 and batches over the socket', async () => {
    fake.put('DB_URL', 'postgres://socket');
    const etag = fake.put('API_KEY', 'k'); // the config's version after both
    const doppler = provider({ apiUrl: socket.url });
    expect(socket.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await doppler.getSecret({ name: 'DB_URL' }, context())).toMatchObject({
      value: 'postgres://socket',
      version: etag,
    });
    expect(await doppler.getVersion({ name: 'DB_URL' }, context())).toBe(etag);
    const [a, b] = await doppler.getSecrets([{ name: 'API_KEY' }, { name: 'DB_URL' }], context());
    expect([a, b]).toMatchObject([{ value: 'k' }, { value: 'postgres://socket' }]);
    expect(fake.calls.log.map(({ secrets, status }) => [secrets, status])).toEqual([
      ['DB_URL', 200],
      ['DB_URL', 304],
      ['API_KEY,DB_URL', 200],
    ]);
  });

  it('faults are native on the socket too: a 429 with Retry-After through a client', async () => {
    fake.failNext({ status: 429, retryAfter: '3' });
    const client = createSecretsClient({ provider: provider({ apiUrl: socket.url }), retry: false });
    try {
      await expect(client.get('DB_URL')).rejects.toMatchObject({ code: 'THROTTLED', retryAfterMs: 3000 });
    } finally {
      await client.close();
    }
  });

  it('another process reads the fake with the token, as a CLI under test would', async () => {
    fake.put('DB_URL', 'from-another-process');
    const script = `
      const response = await fetch(process.env.DOPPLER_API_URL + '/v3/configs/config/secrets/download?format=json&secrets=DB_URL', {
        headers: { authorization: 'Bearer ' + process.env.DOPPLER_TOKEN },
      });
      console.log(JSON.stringify({ status: response.status, body: await response.json() }));
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], {
      env: { PATH: process.env.PATH, DOPPLER_API_URL: socket.url, DOPPLER_TOKEN: fake.serviceToken },
    });
    expect(JSON.parse(stdout)).toEqual({
      status: 200,
      body: {
        DB_URL: 'from-another-process',
        DOPPLER_CONFIG: 'dev',
        DOPPLER_ENVIRONMENT: 'dev',
        DOPPLER_PROJECT: 'example-project',
      },
    });
  });
});
