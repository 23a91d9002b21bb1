// Rotation decisions taken beyond the contract (docs/architecture.md): rotations() polls only
// while iterated, a failed first load of watch() opens the run of identical errors, and
// withSecret rejects bad options with CONFIG.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type SecretsEvents } from '../src/index.js';
import { expectRejection } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

describe('rotation decisions', () => {
  it('starts polling for rotations() only when iteration starts', async () => {
    const provider = scriptedProvider({ db: 'v1' }, { versionProbe: true });
    const client = createSecretsClient({ provider, random: () => 0.5 });
    const controller = new AbortController();
    const rotations = client.rotations('db', { interval: '1m', signal: controller.signal });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(provider.calls).toEqual([]); // created, never iterated: nothing runs
    const iterator = rotations[Symbol.asyncIterator]();
    const next = iterator.next();
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count('getSecret')).toBe(1); // the first load
    provider.set('db', 'v2', { version: '2' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await next).value).toMatchObject({ name: 'db', previousVersion: '1', version: '2' });
    controller.abort();
    expect((await iterator.next()).done).toBe(true);
    const calls = provider.calls.length;
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(provider.calls.length).toBe(calls);
    await client.close();
  });

  it('counts a failed first load of watch() in the run of identical errors', async () => {
    const provider = scriptedProvider({ db: 'v1' }, { versionProbe: true });
    provider.failAlways('UNAVAILABLE');
    const client = createSecretsClient({ provider, retry: false, random: () => 0.5 });
    const errors: Array<SecretsEvents['error']> = [];
    client.on('error', (event) => errors.push(event));
    client.watch('db', () => {});
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(provider.count('getSecret')).toBeGreaterThan(1);
    expect(errors.map((event) => [event.name, event.operation, event.error.code])).toEqual([
      ['db', 'watch', 'UNAVAILABLE'],
    ]);
    await client.close();
  });

  it('rejects null options of withSecret with CONFIG before any provider call', async () => {
    const provider = scriptedProvider({ db: 'v1' });
    const client = createSecretsClient({ provider });
    await expectRejection(
      client.withSecret('db', async (value) => value, null as unknown as { retryOn?: () => boolean }),
      'CONFIG',
    );
    expect(provider.calls).toEqual([]);
  });

  it('does not poll a watched leased secret: reads never mint credentials, the lease manager owns it', async () => {
    const provider = scriptedProvider({}, { versionProbe: true, leases: true });
    provider.set('db/creds', 'cred-1', { lease: { id: 'lease-1', ttlMs: 3_600_000, renewable: false } });
    const client = createSecretsClient({ provider, random: () => 0.5 });
    const rotations: string[] = [];
    client.watch('db/creds', (event) => rotations.push(event.reason), { interval: '1m' });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(provider.count('getSecret')).toBe(1);
    expect(provider.count('getVersion')).toBe(0);
    expect(rotations).toEqual([]);
    await client.close();
  });

  it('detects a rotation on the read after an entry ran past ttl + staleIfError', async () => {
    const provider = scriptedProvider({ db: 'v1' });
    const client = createSecretsClient({ provider, cache: { ttl: '1m', staleIfError: '1m' } });
    const rotations: Array<[string | undefined, string | undefined]> = [];
    client.on('rotate', (event) => rotations.push([event.previousVersion, event.version]));
    await client.get('db');
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    provider.set('db', 'v2', { version: '2' });
    expect(await client.get('db')).toBe('v2');
    expect(rotations).toEqual([['1', '2']]);
  });

  it('detects a rotation on the read after the LRU bound evicted the entry', async () => {
    const provider = scriptedProvider({ a: 'a1', b: 'b1' });
    const client = createSecretsClient({ provider, cache: { maxEntries: 1 } });
    const rotations: string[] = [];
    client.on('rotate', (event) =>
      rotations.push(`${event.name} ${event.previousVersion}->${event.version}`),
    );
    await client.get('a');
    await client.get('b'); // evicts a
    provider.set('a', 'a2', { version: '2' });
    expect(await client.get('a')).toBe('a2');
    expect(rotations).toEqual(['a 1->2']);
  });

  it('revokes on close a lease read with cache: false', async () => {
    const provider = scriptedProvider({}, { leases: true });
    provider.set('db/creds', 'cred-1', { lease: { id: 'lease-1', ttlMs: 3_600_000, renewable: false } });
    const client = createSecretsClient({ provider, cache: false, leases: { revokeOnClose: true } });
    await client.get('db/creds');
    await client.close();
    expect(provider.calls.filter((call) => call.operation === 'revokeLease')).toEqual([
      { operation: 'revokeLease', requests: [{ name: 'lease-1' }] },
    ]);
  });
});
