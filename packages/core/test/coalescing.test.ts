// Rule 3: concurrent requests for one key share one provider call and one outcome; errors are
// never cached as values.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type SecretsError } from '../src/index.js';
import { expectRejection, track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

describe('coalescing', () => {
  it('shares one provider call among N concurrent gets', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    const release = provider.hold();
    const reads = Array.from({ length: 5 }, () => client.get('db'));
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count()).toBe(1);
    release();
    expect(await Promise.all(reads)).toEqual(['pw', 'pw', 'pw', 'pw', 'pw']);
    expect(provider.count()).toBe(1);
    expect(client.stats()).toMatchObject({ misses: 5, coalesced: 4, providerCalls: 1, entries: 1 });
  });

  it('shares one call across get, getSecret, getJson and getBinary of the same key', async () => {
    const provider = scriptedProvider({ cfg: '{"port":5432}' });
    const client = createSecretsClient({ provider });
    const [text, secret, json, bytes] = await Promise.all([
      client.get('cfg'),
      client.getSecret('cfg'),
      client.getJson('cfg'),
      client.getBinary('cfg'),
    ]);
    expect(text).toBe('{"port":5432}');
    expect(secret.text()).toBe('{"port":5432}');
    expect(json).toEqual({ port: 5432 });
    expect(new TextDecoder().decode(bytes)).toBe('{"port":5432}');
    expect(provider.count()).toBe(1);
    expect(client.stats().coalesced).toBe(3);
  });

  it('does not share a call between different keys', async () => {
    const provider = scriptedProvider({ db: 'pw', other: 'x' });
    provider.setPinned('db', { version: 'v1' }, 'old', 'v1');
    const client = createSecretsClient({ provider });
    expect(
      await Promise.all([client.get('db'), client.get('db', { version: 'v1' }), client.get('other')]),
    ).toEqual(['pw', 'old', 'x']);
    expect(provider.count()).toBe(3);
    expect(client.stats().coalesced).toBe(0);
  });

  it('coalesces concurrent reads with ttl: 0 and with cache: false', async () => {
    for (const cache of [{ ttl: 0 }, false] as const) {
      const provider = scriptedProvider({ db: 'pw' });
      const client = createSecretsClient({ provider, cache });
      expect(await Promise.all([client.get('db'), client.get('db'), client.get('db')])).toEqual([
        'pw',
        'pw',
        'pw',
      ]);
      expect(provider.count()).toBe(1);
      expect(await client.get('db')).toBe('pw');
      expect(provider.count()).toBe(2);
    }
  });

  it('gives every waiter the same error, caches nothing, and calls again on the next request', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider, retry: false });
    provider.failNext('UNAVAILABLE');
    const release = provider.hold();
    const reads = Array.from({ length: 4 }, () => track(client.get('db')));
    await vi.advanceTimersByTimeAsync(0);
    release();
    await vi.advanceTimersByTimeAsync(0);
    const errors = reads.map((read) => read.error as SecretsError);
    expect(errors[0]?.code).toBe('UNAVAILABLE');
    for (const error of errors) expect(error).toBe(errors[0]);
    expect(provider.count()).toBe(1);
    expect(client.stats()).toMatchObject({ entries: 0, errors: 1, coalesced: 3 });

    expect(await client.get('db')).toBe('pw');
    expect(provider.count()).toBe(2);
  });

  it('does not remember a NOT_FOUND: the secret is read once it exists', async () => {
    const provider = scriptedProvider();
    const client = createSecretsClient({ provider });
    const first = await Promise.allSettled([client.get('db'), client.get('db')]);
    expect(first.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    await expectRejection(client.get('db'), 'NOT_FOUND');
    expect(provider.count()).toBe(2);
    provider.set('db', 'created');
    expect(await client.get('db')).toBe('created');
    expect(provider.count()).toBe(3);
  });

  it('starts a new call for requests made after the shared one settled', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider, cache: { ttl: 0 } });
    await Promise.all([client.get('db'), client.get('db')]);
    await Promise.all([client.get('db'), client.get('db')]);
    expect(provider.count()).toBe(2);
    expect(client.stats().coalesced).toBe(2);
  });
});
