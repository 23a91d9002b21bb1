// Rule 6: a record whose expiresAt is at or before now is never returned, freshly fetched or cached.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type SecretsEvents } from '../src/index.js';
import { expectRejection } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

const T0 = new Date('2030-01-01T00:00:00Z');

useFakeTimersPerTest({ now: T0 });

const at = (offsetMs: number) => new Date(T0.getTime() + offsetMs);

describe('expiry', () => {
  it.each([
    ['exactly now', 0],
    ['in the past', -1],
    ['long ago', -86_400_000],
  ])(
    'rejects a fetched record that expires %s with DISABLED, "expired at", and retries nothing',
    async (_w, offset) => {
      const provider = scriptedProvider();
      provider.set('db', 'pw', { version: '1', expiresAt: at(offset) });
      const client = createSecretsClient({ provider, random: () => 0 });
      const error = await expectRejection(client.get('db'), 'DISABLED');
      expect(error.message).toContain('expired at');
      expect(error.message).toContain(at(offset).toISOString());
      expect(error.message).not.toContain('pw');
      expect(client.stats().entries).toBe(0);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(provider.count()).toBe(1);
      await expectRejection(client.getSecret('db'), 'DISABLED');
      expect(provider.count()).toBe(2);
    },
  );

  it('serves a record until its expiresAt and refetches at that instant', async () => {
    const provider = scriptedProvider();
    provider.set('db', 'old', { version: '1', expiresAt: at(30_000) });
    const client = createSecretsClient({ provider, cache: { ttl: '5m' } });
    const secret = await client.getSecret('db');
    expect(secret.expiresAt).toEqual(at(30_000));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(await client.get('db')).toBe('old');
    expect(provider.count()).toBe(1);

    provider.set('db', 'new', { version: '2', expiresAt: at(120_000) });
    await vi.advanceTimersByTimeAsync(1);
    expect(await client.get('db')).toBe('new');
    expect(provider.count()).toBe(2);
  });

  it('rejects a cached record whose expiry passed when the provider still returns it', async () => {
    const provider = scriptedProvider();
    provider.set('db', 'pw', { version: '1', expiresAt: at(30_000) });
    const client = createSecretsClient({ provider, cache: { ttl: '5m' } });
    await client.get('db');
    await vi.advanceTimersByTimeAsync(30_000);
    await expectRejection(client.get('db'), 'DISABLED');
    expect(provider.count()).toBe(2);
  });

  it('does not serve an expired record as stale while the provider fails', async () => {
    const provider = scriptedProvider();
    provider.set('db', 'pw', { version: '1', expiresAt: at(60_000) });
    const client = createSecretsClient({
      provider,
      cache: { ttl: '10s', staleIfError: '15m' },
      retry: false,
    });
    const errors: Array<SecretsEvents['error']> = [];
    client.on('error', (event) => errors.push(event));
    await client.get('db');
    // Past ttl but within the stale window: served stale while not yet expired...
    await vi.advanceTimersByTimeAsync(59_999);
    provider.failAlways('UNAVAILABLE');
    expect((await client.getSecret('db')).stale).toBe(true);
    // ...and never from its expiry on.
    await vi.advanceTimersByTimeAsync(1);
    await expectRejection(client.get('db'), 'UNAVAILABLE');
    expect(client.stats().staleHits).toBe(1);
    expect(provider.count()).toBe(3);
  });

  it('does not serve an expired record from the refresh-ahead window either', async () => {
    const provider = scriptedProvider();
    provider.set('db', 'pw', { version: '1', expiresAt: at(9_000) });
    const client = createSecretsClient({ provider, cache: { ttl: '10s' }, retry: false });
    await client.get('db');
    provider.failAlways('UNAVAILABLE');
    await vi.advanceTimersByTimeAsync(9_000);
    await expectRejection(client.get('db'), 'UNAVAILABLE');
  });
});
