// Rule 2, refresh ahead: a hit past 80% of ttl is served at once and refreshed once in the background.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type SecretsEvents } from '../src/index.js';
import { expectSecretsError, track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { type ScriptedProvider, scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

function setup() {
  const provider = scriptedProvider({ db: 'v1' });
  const client = createSecretsClient({ provider, cache: { ttl: '10s' }, retry: false });
  const errors: Array<SecretsEvents['error']> = [];
  client.on('error', (event) => errors.push(event));
  return { provider, client, errors };
}

/**
 * setup() with db cached; at 8.5 s, past 80% of the ttl, `prepare` readies the provider, then one hit
 * serves v1 and starts the background refresh, which is let run.
 */
async function refreshAheadAfter(prepare: (provider: ScriptedProvider) => void) {
  const fixture = setup();
  await fixture.client.get('db');
  await vi.advanceTimersByTimeAsync(8_500);
  prepare(fixture.provider);
  expect(await fixture.client.get('db')).toBe('v1');
  await vi.advanceTimersByTimeAsync(0);
  return fixture;
}

describe('refresh ahead', () => {
  it('makes no call before 80% of the ttl', async () => {
    const { provider, client } = setup();
    await client.get('db');
    await vi.advanceTimersByTimeAsync(7_999);
    expect(await client.get('db')).toBe('v1');
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count()).toBe(1);
  });

  it('serves the cached value at once and makes exactly one background call for many hits', async () => {
    const { provider, client } = setup();
    await client.get('db');
    await vi.advanceTimersByTimeAsync(8_001);
    provider.set('db', 'v2', { version: '2' });
    const release = provider.hold();
    const reads = Array.from({ length: 10 }, () => track(client.get('db')));
    await vi.advanceTimersByTimeAsync(0);
    // Every caller has its answer although the background call is still held.
    expect(reads.map((read) => [read.settled, read.value])).toEqual(Array(10).fill([true, 'v1']));
    expect(provider.count()).toBe(2);
    expect(client.stats()).toMatchObject({ hits: 10, misses: 1, providerCalls: 1 });

    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(client.stats().providerCalls).toBe(2);
    expect(await client.get('db')).toBe('v2');
    expect(provider.count()).toBe(2);
  });

  it('restarts the ttl from the background refresh', async () => {
    const { provider, client } = setup();
    await client.get('db');
    await vi.advanceTimersByTimeAsync(9_000);
    await client.get('db'); // refreshes in the background at t = 9s
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count()).toBe(2);
    await vi.advanceTimersByTimeAsync(7_999); // t = 16.999s: 7.999s after the refresh
    await client.get('db');
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count()).toBe(2);
  });

  it('reports a failed background refresh as an error event and keeps serving the entry', async () => {
    const { provider, client, errors } = await refreshAheadAfter((provider) =>
      provider.failNext('UNAVAILABLE'),
    );
    expect(provider.count()).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'db', operation: 'refresh-ahead' });
    expectSecretsError(errors[0]?.error, 'UNAVAILABLE');
    // The entry is still inside its ttl: served as before.
    expect(await client.get('db')).toBe('v1');
    expect(client.stats().entries).toBe(1);
  });

  it('drops the entry when the background refresh finds the secret gone', async () => {
    const { provider, client, errors } = await refreshAheadAfter((provider) => provider.remove('db'));
    expect(errors.map((event) => event.error.code)).toEqual(['NOT_FOUND']);
    expect(client.stats().entries).toBe(0);
    const next = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(0);
    expectSecretsError(next.error, 'NOT_FOUND');
    expect(provider.count()).toBe(3);
  });

  it('refreshes a pinned version with the same pin', async () => {
    const provider = scriptedProvider();
    provider.setPinned('db', { version: 'v1' }, 'one', 'v1');
    const client = createSecretsClient({ provider, cache: { ttl: '10s' } });
    await client.get('db', { version: 'v1' });
    await vi.advanceTimersByTimeAsync(9_000);
    expect(await client.get('db', { version: 'v1' })).toBe('one');
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.calls.map((call) => call.requests)).toEqual([
      [{ name: 'db', version: 'v1' }],
      [{ name: 'db', version: 'v1' }],
    ]);
  });
});
