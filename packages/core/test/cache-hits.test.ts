// Rules 1 and 2: the cache key is name + version + stage; fresh hits make no provider call;
// `ttl: 0` and `cache: false` ask the provider every time.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient } from '../src/index.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

describe('fresh hits', () => {
  it('serves a fresh entry without a provider call and counts hits and misses', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider, cache: { ttl: '10s' } });
    expect(await client.get('db')).toBe('pw');
    await vi.advanceTimersByTimeAsync(7_000);
    expect(await client.get('db')).toBe('pw');
    expect(await client.getSecret('db').then((secret) => secret.text())).toBe('pw');
    expect(provider.count()).toBe(1);
    expect(client.stats()).toEqual({
      hits: 2,
      misses: 1,
      staleHits: 0,
      providerCalls: 1,
      coalesced: 0,
      errors: 0,
      entries: 1,
    });
  });

  it('asks the provider again once the ttl has passed and serves the new value', async () => {
    const provider = scriptedProvider({ db: 'old' });
    const client = createSecretsClient({ provider, cache: { ttl: '10s' } });
    await client.get('db');
    provider.set('db', 'new', { version: '2' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await client.get('db')).toBe('new');
    expect(provider.count()).toBe(2);
    expect(await client.get('db')).toBe('new');
    expect(provider.count()).toBe(2);
  });

  it('returns the record metadata with the value', async () => {
    const provider = scriptedProvider();
    const createdAt = new Date('2024-01-02T03:04:05Z');
    provider.set('db', 'pw', { version: 'v7', createdAt, metadata: { owner: 'team-a' } });
    const client = createSecretsClient({ provider });
    const secret = await client.getSecret('db');
    expect(secret.name).toBe('db');
    expect(secret.version).toBe('v7');
    expect(secret.createdAt).toEqual(createdAt);
    expect(secret.metadata).toEqual({ owner: 'team-a' });
    expect(secret.stale).toBe(false);
    expect(secret.text()).toBe('pw');
  });

  it('calls the provider on every sequential read with ttl: 0', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider, cache: { ttl: 0 } });
    for (let i = 0; i < 3; i++) expect(await client.get('db')).toBe('pw');
    expect(provider.count()).toBe(3);
    expect(client.stats().hits).toBe(0);
  });

  it('calls the provider on every sequential read with cache: false and keeps no entries', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider, cache: false });
    for (let i = 0; i < 3; i++) expect(await client.get('db')).toBe('pw');
    expect(provider.count()).toBe(3);
    expect(client.stats()).toMatchObject({ hits: 0, providerCalls: 3, entries: 0 });
  });
});

describe('cache key = name + version + stage', () => {
  function pinnedProvider() {
    const provider = scriptedProvider();
    provider.set('db', 'current', { version: 'v3' });
    provider.setPinned('db', { version: 'v1' }, 'first', 'v1');
    provider.setPinned('db', { stage: 'AWSPREVIOUS' }, 'previous', 'v2');
    provider.setPinned('db', { version: 'v2', stage: 'AWSPREVIOUS' }, 'previous-pinned', 'v2');
    return provider;
  }

  it('keeps one entry per version and stage, and asks the provider for exactly that', async () => {
    const provider = pinnedProvider();
    const client = createSecretsClient({ provider });
    const read = () =>
      Promise.all([
        client.get('db'),
        client.get('db', { version: 'v1' }),
        client.get('db', { stage: 'AWSPREVIOUS' }),
        client.get('db', { version: 'v2', stage: 'AWSPREVIOUS' }),
      ]);
    expect(await read()).toEqual(['current', 'first', 'previous', 'previous-pinned']);
    expect(provider.calls.map((call) => call.requests)).toEqual([
      [{ name: 'db' }],
      [{ name: 'db', version: 'v1' }],
      [{ name: 'db', stage: 'AWSPREVIOUS' }],
      [{ name: 'db', version: 'v2', stage: 'AWSPREVIOUS' }],
    ]);
    expect(client.stats().entries).toBe(4);
    expect(await read()).toEqual(['current', 'first', 'previous', 'previous-pinned']);
    expect(provider.count()).toBe(4);
    expect(client.stats().hits).toBe(4);
  });

  it('keeps different stages, and a version with and without a stage, apart', async () => {
    const provider = pinnedProvider();
    provider.setPinned('db', { stage: 'AWSCURRENT' }, 'current-staged', 'v3');
    provider.setPinned('db', { version: 'v2' }, 'second', 'v2');
    const client = createSecretsClient({ provider });
    expect(await client.get('db', { stage: 'AWSCURRENT' })).toBe('current-staged');
    expect(await client.get('db', { stage: 'AWSPREVIOUS' })).toBe('previous');
    expect(await client.get('db', { version: 'v2' })).toBe('second');
    expect(await client.get('db', { version: 'v2', stage: 'AWSPREVIOUS' })).toBe('previous-pinned');
    expect(provider.count()).toBe(4);
    expect(client.stats().entries).toBe(4);
  });

  it('does not serve a pinned version from the unpinned entry, nor the other way round', async () => {
    const provider = pinnedProvider();
    const client = createSecretsClient({ provider });
    expect(await client.get('db', { version: 'v1' })).toBe('first');
    expect(await client.get('db')).toBe('current');
    expect(await client.get('db', { stage: 'AWSPREVIOUS' })).toBe('previous');
    expect(provider.count()).toBe(3);
  });

  it('does not confuse names that only differ where a key separator could be', async () => {
    const provider = scriptedProvider({ a: 'A', 'a v1': 'spaced' });
    provider.setPinned('a', { version: 'v1' }, 'pinned', 'v1');
    const client = createSecretsClient({ provider });
    expect(await client.get('a', { version: 'v1' })).toBe('pinned');
    expect(await client.get('a v1')).toBe('spaced');
    expect(await client.get('a')).toBe('A');
    expect(provider.count()).toBe(3);
  });
});
