// watch() and rotations() (DESIGN §4 "Rotation"): one shared poller per name with ±10% jitter,
// version probes when the provider has them, one listener call per rotation, errors de-duplicated,
// and nothing left polling after unsubscribe or close().
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type RotationEvent, type SecretsEvents } from '../src/index.js';
import { expectSecretsError, expectThrow, track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';
import { seededRandom } from './seeded-random.js';

useFakeTimersPerTest();

const MINUTE = 60_000;
/** Past the latest jittered poll of a 1-minute interval. */
const ONE_POLL = 66_000;

function setup(options: { versionProbe?: boolean; seed?: number } = {}) {
  const provider = scriptedProvider({ db: 'v1' }, { versionProbe: options.versionProbe ?? true });
  const client = createSecretsClient({
    provider,
    retry: false,
    random: seededRandom(options.seed ?? 7),
  });
  const log: string[] = [];
  const rotations: RotationEvent[] = [];
  const errors: Array<SecretsEvents['error']> = [];
  client.on('rotate', (event) => {
    log.push(`rotate ${event.previousVersion}->${event.version}`);
    rotations.push(event);
  });
  client.on('error', (event) => errors.push(event));
  return { provider, client, log, rotations, errors };
}

describe('watch: polling', () => {
  it('shares one poller between the listeners of a name: one probe per interval', async () => {
    const { provider, client } = setup();
    client.watch('db', () => {});
    client.watch('db', () => {}, { interval: '1m' });
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count('getSecret')).toBe(1); // the first load
    await vi.advanceTimersByTimeAsync(ONE_POLL);
    expect(provider.count('getVersion')).toBe(1);
    await vi.advanceTimersByTimeAsync(ONE_POLL);
    expect(provider.count('getVersion')).toBe(2);
    expect(provider.count('getSecret')).toBe(1);
    await client.close();
  });

  it('jitters each poll within ±10% of the interval (none before 54 s, one by 66 s)', async () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const { provider, client } = setup({ seed });
      client.watch('db', () => {});
      await vi.advanceTimersByTimeAsync(53_999);
      expect(provider.count('getVersion'), `seed ${seed}`).toBe(0);
      await vi.advanceTimersByTimeAsync(66_000 - 53_999);
      expect(provider.count('getVersion'), `seed ${seed}`).toBe(1);
      await client.close();
    }
  });

  it('uses getVersion probes: no getSecret while the version is unchanged, no listener call', async () => {
    const { provider, client, rotations } = setup();
    const listener = vi.fn();
    client.watch('db', listener);
    await vi.advanceTimersByTimeAsync(5 * ONE_POLL);
    expect(provider.count('getVersion')).toBeGreaterThanOrEqual(5);
    expect(provider.count('getSecret')).toBe(1);
    expect(listener).not.toHaveBeenCalled();
    expect(rotations).toEqual([]);
    await client.close();
  });

  it('falls back to getSecret polls when the provider has no getVersion', async () => {
    const { provider, client } = setup({ versionProbe: false });
    const listener = vi.fn();
    client.watch('db', listener);
    await vi.advanceTimersByTimeAsync(3 * ONE_POLL);
    // First load plus one read per poll (3 polls by 3 × 66 s, at most 4 by 3 × 66 s ≥ 3 × 54 s + 54 s).
    const polls = provider.count('getSecret') - 1;
    expect(polls).toBeGreaterThanOrEqual(3);
    expect(polls).toBeLessThanOrEqual(4);
    expect(listener).not.toHaveBeenCalled();

    provider.set('db', 'v2', { version: '2' });
    await vi.advanceTimersByTimeAsync(ONE_POLL);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]?.[0]).toMatchObject({ name: 'db', previousVersion: '1', version: '2' });
    await client.close();
  });

  it('does not treat the first load as a rotation, even of a name not cached yet', async () => {
    const { provider, client, rotations } = setup();
    provider.set('db', 'v5', { version: '5' });
    const listener = vi.fn();
    client.watch('db', listener);
    await vi.advanceTimersByTimeAsync(3 * ONE_POLL);
    expect(provider.count('getSecret')).toBe(1);
    expect(listener).not.toHaveBeenCalled();
    expect(rotations).toEqual([]);
    await client.close();
  });
});

describe('watch: rotations', () => {
  it('calls each listener exactly once with previousVersion/version and emits one rotate event', async () => {
    const { provider, client, log, rotations } = setup();
    const a: RotationEvent[] = [];
    const b: RotationEvent[] = [];
    client.watch('db', (event) => {
      log.push('a');
      a.push(event);
    });
    client.watch('db', (event) => {
      log.push('b');
      b.push(event);
    });
    await vi.advanceTimersByTimeAsync(ONE_POLL);
    provider.set('db', 'v2', { version: '2' });
    await vi.advanceTimersByTimeAsync(ONE_POLL);
    expect(log).toEqual(['rotate 1->2', 'a', 'b']);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ name: 'db', previousVersion: '1', version: '2', reason: 'version-changed' });
    expect(a[0]?.secret.text()).toBe('v2');
    expect(b[0]).toBe(a[0]);
    expect(rotations).toHaveLength(1);
    // The new value is cached: a read makes no call.
    const reads = provider.count('getSecret');
    expect(await client.get('db')).toBe('v2');
    expect(provider.count('getSecret')).toBe(reads);
    // Later polls see version 2 again: nothing more.
    await vi.advanceTimersByTimeAsync(3 * ONE_POLL);
    expect(log).toEqual(['rotate 1->2', 'a', 'b']);
    await client.close();
  });

  it('reports a throwing listener as an error event and still runs the other listeners', async () => {
    const { provider, client, errors } = setup();
    const boom = new Error('listener bug');
    client.watch('db', () => {
      throw boom;
    });
    const other = vi.fn();
    client.watch('db', other);
    await vi.advanceTimersByTimeAsync(0);
    provider.set('db', 'v2', { version: '2' });
    await vi.advanceTimersByTimeAsync(ONE_POLL);
    expect(other).toHaveBeenCalledTimes(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'db', operation: 'watch-listener' });
    // The listener was handed the Secret: its error may quote the value, so only its name is kept.
    const reported = expectSecretsError(errors[0]?.error, 'UNKNOWN');
    expect(reported.cause).toBeUndefined();
    expect(reported.message).toContain('(Error)');
    expect(reported.message).not.toContain('listener bug');
    // The poller survives the throw.
    provider.set('db', 'v3', { version: '3' });
    await vi.advanceTimersByTimeAsync(ONE_POLL);
    expect(other).toHaveBeenCalledTimes(2);
    await client.close();
  });

  it('reports one error event for a run of identical poll errors, and calls no listener', async () => {
    for (const versionProbe of [true, false]) {
      const { provider, client, errors } = setup({ versionProbe });
      const listener = vi.fn();
      client.watch('db', listener);
      await vi.advanceTimersByTimeAsync(0);
      provider.failAlways('UNAVAILABLE');
      // 10 minutes: past the cache ttl (5m) too, where the entry is stale.
      await vi.advanceTimersByTimeAsync(10 * ONE_POLL);
      expect(errors, `versionProbe ${versionProbe}`).toHaveLength(1);
      expect(errors[0]).toMatchObject({ name: 'db', operation: 'watch' });
      expectSecretsError(errors[0]?.error, 'UNAVAILABLE');
      // A different error is a new run; healing and failing again with the same code too.
      provider.failAlways('THROTTLED');
      await vi.advanceTimersByTimeAsync(3 * ONE_POLL);
      expect(errors.map((event) => event.error.code)).toEqual(['UNAVAILABLE', 'THROTTLED']);
      provider.heal();
      await vi.advanceTimersByTimeAsync(ONE_POLL);
      provider.failAlways('THROTTLED');
      await vi.advanceTimersByTimeAsync(2 * ONE_POLL);
      expect(errors.map((event) => event.error.code)).toEqual(['UNAVAILABLE', 'THROTTLED', 'THROTTLED']);
      expect(listener).not.toHaveBeenCalled();
      await client.close();
    }
  });
});

describe('watch: stopping', () => {
  it('keeps polling while a listener remains and stops when the last one leaves', async () => {
    const { provider, client } = setup();
    const stopA = client.watch('db', () => {});
    const stopB = client.watch('db', () => {});
    await vi.advanceTimersByTimeAsync(ONE_POLL);
    stopA();
    stopA(); // a second call is harmless and does not remove B
    await vi.advanceTimersByTimeAsync(ONE_POLL);
    expect(provider.count('getVersion')).toBe(2);
    stopB();
    await vi.advanceTimersByTimeAsync(10 * ONE_POLL);
    expect(provider.count('getVersion')).toBe(2);
    expect(provider.count('getSecret')).toBe(1);
    await client.close();
  });

  it('close() stops polling: no provider call while timers advance, and watch() then throws CLOSED', async () => {
    const { provider, client } = setup();
    client.watch('db', () => {});
    client.watch('other', () => {}, { interval: '5s' });
    await vi.advanceTimersByTimeAsync(ONE_POLL);
    await client.close();
    const calls = provider.calls.length;
    await vi.advanceTimersByTimeAsync(30 * MINUTE);
    expect(provider.calls.length).toBe(calls);
    expect(provider.calls.at(-1)?.operation).toBe('close');
    expectThrow(() => client.watch('db', () => {}), 'CLOSED');
  });

  it('rejects an invalid interval or a non-function listener with CONFIG, before any call', async () => {
    const { provider, client } = setup();
    for (const interval of [0, '0s', -1, 'soon', Number.NaN, null]) {
      expectThrow(() => client.watch('db', () => {}, { interval: interval as never }), 'CONFIG');
    }
    expectThrow(() => client.watch('db', () => {}, { interval: '1m', every: 1 } as never), 'CONFIG');
    expectThrow(() => client.watch('db', 'listener' as never), 'CONFIG');
    expectThrow(() => client.watch('', () => {}), 'CONFIG');
    await vi.advanceTimersByTimeAsync(5 * ONE_POLL);
    expect(provider.calls).toEqual([]);
    await client.close();
  });
});

describe('rotations()', () => {
  it('yields each rotation and ends when its signal aborts, stopping the poller', async () => {
    const { provider, client } = setup();
    const controller = new AbortController();
    const seen: string[] = [];
    const loop = track(
      (async () => {
        for await (const event of client.rotations('db', { signal: controller.signal })) {
          seen.push(`${event.previousVersion}->${event.version}`);
        }
      })(),
    );
    await vi.advanceTimersByTimeAsync(0);
    provider.set('db', 'v2', { version: '2' });
    await vi.advanceTimersByTimeAsync(ONE_POLL);
    provider.set('db', 'v3', { version: '3' });
    await vi.advanceTimersByTimeAsync(ONE_POLL);
    expect(seen).toEqual(['1->2', '2->3']);
    expect(loop.settled).toBe(false);

    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(loop.settled).toBe(true);
    expect(loop.error).toBeUndefined();
    const probes = provider.count('getVersion');
    await vi.advanceTimersByTimeAsync(5 * ONE_POLL);
    expect(provider.count('getVersion')).toBe(probes);
    await client.close();
  });

  it('ends when the client closes', async () => {
    const { provider, client } = setup();
    const seen: Array<string | undefined> = [];
    const loop = track(
      (async () => {
        for await (const event of client.rotations('db', { interval: '10s' })) seen.push(event.version);
      })(),
    );
    await vi.advanceTimersByTimeAsync(0);
    provider.set('db', 'v2', { version: '2' });
    await vi.advanceTimersByTimeAsync(11_000);
    expect(seen).toEqual(['2']);
    await client.close();
    await vi.advanceTimersByTimeAsync(0);
    expect(loop.settled).toBe(true);
    expect(loop.error).toBeUndefined();
  });
});
