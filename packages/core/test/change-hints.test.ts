// Provider change hints (DESIGN §2 watchChanges, §4 "Rotation"): a hint is a reason to re-read,
// coalesced and de-duplicated by version, never a value.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type RotationEvent, type SecretsEvents } from '../src/index.js';
import { expectSecretsError } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';
import { seededRandom } from './seeded-random.js';

useFakeTimersPerTest();

async function setup(names: Record<string, string> = { db: 'v1', api: 'k1' }) {
  const provider = scriptedProvider(names, { changeHints: true, versionProbe: true, leases: true });
  const client = createSecretsClient({ provider, retry: false, random: seededRandom(3) });
  const rotations: RotationEvent[] = [];
  const errors: Array<SecretsEvents['error']> = [];
  client.on('rotate', (event) => rotations.push(event));
  client.on('error', (event) => errors.push(event));
  for (const name of Object.keys(names)) await client.get(name);
  return { provider, client, rotations, errors };
}

describe('change hints', () => {
  it('re-reads the named entry once for two hints at once and emits rotate when the version moved', async () => {
    const { provider, client, rotations } = await setup();
    provider.set('db', 'v2', { version: '2' });
    provider.emit({ name: 'db' });
    provider.emit({ name: 'db', version: '2' });
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count('getSecret')).toBe(3); // two first loads + one re-read
    expect(provider.calls.at(-1)).toEqual({ operation: 'getSecret', requests: [{ name: 'db' }] });
    expect(rotations).toHaveLength(1);
    expect(rotations[0]).toMatchObject({
      name: 'db',
      previousVersion: '1',
      version: '2',
      reason: 'version-changed',
    });
    expect(rotations[0]?.secret.text()).toBe('v2');
    // The re-read value is cached.
    expect(await client.get('db')).toBe('v2');
    expect(provider.count('getSecret')).toBe(3);
    await client.close();
  });

  it('makes no call for a hint whose version equals the cached one, or for an uncached name', async () => {
    const { provider, client, rotations } = await setup();
    provider.emit({ name: 'db', version: '1' });
    provider.emit({ name: 'nobody-reads-this' });
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count('getSecret')).toBe(2);
    expect(provider.count('getVersion')).toBe(0);
    expect(rotations).toEqual([]);
    await client.close();
  });

  it('emits no rotate when a named re-read finds the same version', async () => {
    const { provider, client, rotations } = await setup();
    provider.emit({ name: 'db' });
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count('getSecret')).toBe(3);
    expect(rotations).toEqual([]);
    await client.close();
  });

  it('re-reads every cached entry on a hint without a name, except pinned versions', async () => {
    const { provider, client, rotations } = await setup();
    provider.setPinned('db', { version: '1' }, 'v1', '1');
    provider.setPinned('db', { stage: 'AWSCURRENT' }, 'v1', '1');
    await client.get('db', { version: '1' });
    await client.get('db', { stage: 'AWSCURRENT' });
    provider.set('api', 'k2', { version: '2' });
    provider.setPinned('db', { stage: 'AWSCURRENT' }, 'v2', '2');
    const before = provider.calls.length;
    provider.emit({});
    await vi.advanceTimersByTimeAsync(0);
    const reread = provider.calls.slice(before).map((call) => JSON.stringify(call.requests[0]));
    expect(reread.sort()).toEqual(['{"name":"api"}', '{"name":"db","stage":"AWSCURRENT"}', '{"name":"db"}']);
    expect(
      rotations.map((event) => `${event.name} ${event.previousVersion}->${event.version}`).sort(),
    ).toEqual(['api 1->2', 'db 1->2']);
    expect(await client.get('db', { stage: 'AWSCURRENT' })).toBe('v2');
    await client.close();
  });

  it('re-reads a leased entry on a nameless hint (a re-login may have revoked its lease)', async () => {
    const provider = scriptedProvider({}, { changeHints: true, leases: true });
    provider.set('db/creds', 'cred-1', { lease: { id: 'lease-1', ttlMs: 3_600_000, renewable: false } });
    const client = createSecretsClient({ provider, retry: false, random: seededRandom(3) });
    const seen: string[] = [];
    client.on('lease', (event) => seen.push(`lease ${event.leaseId} ${event.status}`));
    client.on('rotate', (event) => seen.push(`rotate ${event.reason} ${event.secret.lease?.id}`));
    expect(await client.get('db/creds')).toBe('cred-1');
    provider.set('db/creds', 'cred-2', { lease: { id: 'lease-2', ttlMs: 3_600_000, renewable: false } });
    provider.emit({});
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count('getSecret')).toBe(2);
    // a new credential took the leased one's place: announced like a scheduled replacement
    expect(seen).toEqual(['lease lease-1 replaced', 'rotate lease-replaced lease-2']);
    expect(await client.get('db/creds')).toBe('cred-2');
    expect(provider.count('getSecret')).toBe(2);
    await client.close();
  });

  it('reports a failed re-read as an error event with operation "hint" and keeps the cached value', async () => {
    const { provider, client, errors } = await setup();
    provider.failNext('UNAVAILABLE');
    provider.emit({ name: 'db' });
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'db', operation: 'hint' });
    expectSecretsError(errors[0]?.error, 'UNAVAILABLE');
    expect(await client.get('db')).toBe('v1');
    await client.close();
  });

  it('stops listening on close: a later hint makes no call', async () => {
    const { provider, client } = await setup();
    expect(provider.hintListeners()).toBe(1);
    await client.close();
    expect(provider.hintListeners()).toBe(0);
    const calls = provider.calls.length;
    provider.emit({});
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.calls.length).toBe(calls);
  });
});
