// A 2xx Vault answer the adapter cannot read (an HTML page from a proxy, truncated or non-JSON
// text, JSON without its data map) is UNAVAILABLE and retryable, never NOT_FOUND (DESIGN §5;
// issue 11 defect 6), so core serves the last good value stale instead of evicting it.
import { findValue } from '@secretkit/conformance';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { context, testClient, testProvider, useFake } from './harness.js';

const fake = useFake();
const CANARY = 'canary-3b9f-malformed-value';

const MALFORMED: Array<[string, { body: string; contentType?: string }, string]> = [
  [
    'an HTML page from a proxy',
    { body: `<html><body>Bad gateway ${CANARY}</body></html>` },
    'not a JSON object',
  ],
  [
    'truncated JSON',
    { body: `{"data":{"data":{"password":"${CANARY}"`, contentType: 'application/json' },
    'not a JSON object',
  ],
  ['plain text', { body: `password=${CANARY}`, contentType: 'text/plain' }, 'not a JSON object'],
  ['an empty body', { body: '', contentType: 'application/json' }, 'an empty body'],
  ['a JSON array', { body: `["${CANARY}"]`, contentType: 'application/json' }, 'not a JSON object'],
  [
    'JSON without its data map',
    { body: `{"request_id":"r-1","note":"${CANARY}"}`, contentType: 'application/json' },
    'no data map',
  ],
  [
    'a data map that is a string',
    { body: `{"data":"${CANARY}"}`, contentType: 'application/json' },
    'no data map',
  ],
];

afterEach(() => {
  vi.useRealTimers();
});

describe('a malformed 200 is UNAVAILABLE (retryable), with no body text in the error', () => {
  it.each(MALFORMED)('%s on a KV v2 read', async (_, answer, what) => {
    fake.put('secret/app', { password: CANARY });
    const provider = testProvider(fake, { kv: { secret: 2 } });
    fake.failNext(200, answer);
    const error = await provider.getSecret({ name: 'secret/app' }, context()).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      secretName: 'secret/app',
      message: `Vault: the answer for "secret/app" was malformed (${what})`,
    });
    expect(findValue(error, CANARY)).toEqual([]);
    expect(fake.calls.count('kv-read')).toBe(1);
  });

  it.each([
    ['a KV v1 read', 'legacy/app', { legacy: 1 } as const, 'kv-read'],
    ['a dynamic read', 'database/creds/app', undefined, 'creds'],
    ['mount detection', 'secret/app', undefined, 'mounts'],
  ])('an HTML page on %s', async (_, name, kv, operation) => {
    fake.addRole('database/creds/app');
    fake.put('legacy/app', { password: CANARY });
    const provider = testProvider(fake, kv === undefined ? {} : { kv });
    fake.failNext(200, {
      body: '<html>proxy</html>',
      pathPrefix: operation === 'mounts' ? 'sys/internal/ui/mounts/' : name,
    });
    await expect(provider.getSecret({ name }, context())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
    });
    expect(fake.calls.count(operation as never)).toBe(1);
  });

  it('getVersion on a malformed metadata answer is UNAVAILABLE', async () => {
    fake.put('secret/app', { a: 1 });
    const provider = testProvider(fake, { kv: { secret: 2 } });
    fake.failNext(200, { body: '<html>proxy</html>', pathPrefix: 'secret/metadata/' });
    await expect(provider.getVersion({ name: 'secret/app' }, context())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });
});

describe('through a client', () => {
  it('a stale value is served while Vault answers malformed pages, then the fresh one', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    fake.put('secret/app', { password: 'pw-1' });
    const client = testClient(testProvider(fake, { kv: { secret: 2 } }), {
      cache: { ttl: '1s', staleIfError: '1m' },
    });
    const errors: string[] = [];
    client.on('error', (e) => errors.push(e.error.code));
    expect(await client.get('secret/app', { field: 'password' })).toBe('pw-1');
    await vi.advanceTimersByTimeAsync(2_000);
    fake.failNext(200, { body: '<html><title>502 Bad Gateway</title></html>' });
    const stale = await client.getSecret('secret/app');
    expect(stale.stale).toBe(true);
    expect(stale.json()).toEqual({ password: 'pw-1' });
    expect(errors).toEqual(['UNAVAILABLE']);
    fake.put('secret/app', { password: 'pw-2' });
    expect((await client.refresh('secret/app')).json()).toEqual({ password: 'pw-2' });
    await client.close();
  });
});
