// Decisions taken where the contract was silent (docs/architecture.md): null options, on() after
// close, invalidate() racing a fetch, refresh() failures, batch failures, copied bytes, stats.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, SecretsError, type SecretsEvents } from '../src/index.js';
import { expectRejection, expectThrow } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

describe('decisions beyond the contract', () => {
  it.each([
    ['timeout', { timeout: null }],
    ['cache.ttl', { cache: { ttl: null } }],
    ['cache.maxEntries', { cache: { maxEntries: null } }],
    ['cache.staleIfError', { cache: { staleIfError: null } }],
    ['retry.retries', { retry: { retries: null } }],
    ['leases.revokeOnClose', { leases: { revokeOnClose: null } }],
    ['random', { random: null }],
  ])('treats null %s as an invalid value, not as "use the default"', (_label, options) => {
    const provider = scriptedProvider({ db: 'pw' });
    expectThrow(() => createSecretsClient({ provider, ...(options as object) }), 'CONFIG');
  });

  it('throws CLOSED from on() after close, and still reports stats', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    await client.get('db');
    await client.close();
    expectThrow(() => client.on('rotate', () => {}), 'CLOSED');
    expect(client.stats()).toMatchObject({ misses: 1, providerCalls: 1, entries: 0 });
  });

  it('does not cache the result of a fetch that was in flight when invalidate() ran', async () => {
    const provider = scriptedProvider({ db: 'old' });
    const client = createSecretsClient({ provider });
    const release = provider.hold();
    const pending = client.get('db');
    await vi.advanceTimersByTimeAsync(0);
    client.invalidate('db');
    release();
    expect(await pending).toBe('old'); // the caller still gets what it asked for
    expect(client.stats().entries).toBe(0);
    provider.set('db', 'new', { version: '2' });
    expect(await client.get('db')).toBe('new');
    expect(provider.count()).toBe(2);
  });

  it('reports a failed refresh() only to its caller, not also as an error event', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider, cache: { ttl: '1m' }, retry: false });
    const errors: Array<SecretsEvents['error']> = [];
    client.on('error', (event) => errors.push(event));
    await client.get('db');
    await vi.advanceTimersByTimeAsync(61_000);
    provider.failNext('UNAVAILABLE');
    await expectRejection(client.refresh('db'), 'UNAVAILABLE');
    expect(errors).toEqual([]);
    // while a plain read of the same stale entry is answered stale, with one event
    provider.failNext('UNAVAILABLE');
    expect((await client.getSecret('db')).stale).toBe(true);
    expect(errors.map((event) => [event.name, event.operation, event.error.code])).toEqual([
      ['db', 'refresh', 'UNAVAILABLE'],
    ]);
  });

  it('emits one fetch event per name when a whole batch call fails', async () => {
    const provider = scriptedProvider({ a: '1', b: '2' }, { batch: true });
    const client = createSecretsClient({ provider, retry: false });
    const fetches: Array<SecretsEvents['fetch']> = [];
    client.on('fetch', (event) => fetches.push(event));
    provider.failNext('ACCESS_DENIED');
    await expectRejection(client.getMany(['a', 'b']), 'ACCESS_DENIED');
    expect(provider.count('getSecrets')).toBe(1);
    expect(fetches.map((event) => [event.name, event.outcome, event.code])).toEqual([
      ['a', 'error', 'ACCESS_DENIED'],
      ['b', 'error', 'ACCESS_DENIED'],
    ]);
  });

  it('copies provider bytes, so a provider reusing its buffer cannot change a cached value', async () => {
    const provider = scriptedProvider();
    const buffer = new Uint8Array([1, 2, 3]);
    provider.set('bin', buffer, { version: '1' });
    const client = createSecretsClient({ provider });
    await client.getBinary('bin');
    buffer[0] = 99;
    expect([...(await client.getBinary('bin'))]).toEqual([1, 2, 3]);
    expect(provider.count()).toBe(1);
  });

  it('counts a read that had to refetch a stale entry as a miss', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider, cache: { ttl: '1m' } });
    await client.get('db');
    await vi.advanceTimersByTimeAsync(61_000);
    await client.get('db');
    expect(client.stats()).toMatchObject({ hits: 0, misses: 2, staleHits: 0, providerCalls: 2 });
  });

  it('turns a provider report (context.report) into an error event with operation "provider"', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const read = provider.getSecret.bind(provider);
    provider.getSecret = async (request, context) => {
      context.report?.(
        new SecretsError('ACCESS_DENIED', 'probe denied; reading instead', { provider: 'scripted' }),
      );
      return read(request, context);
    };
    const client = createSecretsClient({ provider });
    const errors: Array<SecretsEvents['error']> = [];
    client.on('error', (event) => errors.push(event));
    expect(await client.get('db')).toBe('pw');
    expect(errors.map((event) => [event.name, event.operation, event.error.code])).toEqual([
      ['db', 'provider', 'ACCESS_DENIED'],
    ]);
  });

  it('answers a fresh hit of get() the same as the full path: a rejection, never a throw', async () => {
    const provider = scriptedProvider();
    provider.set('bin', new Uint8Array([0xff, 0xfe]), { version: '1' });
    const client = createSecretsClient({ provider });
    await expectRejection(client.get('bin'), 'WRONG_TYPE'); // the miss: full path
    const hit = client.get('bin'); // a fresh hit: fast path
    expect(hit).toBeInstanceOf(Promise);
    await expectRejection(hit, 'WRONG_TYPE');
    expect(provider.count()).toBe(1);
    expect(client.stats()).toMatchObject({ hits: 1, misses: 1 });
  });
});
