// Options that pass validation must not turn into call storms (issue 11 defect 10): a `random`
// that returns anything but a number in [0, 1) never shortens a timer (watch, retry and lease
// jitter), and a watch interval below '1s' is CONFIG.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, SecretsError } from '../src/index.js';
import { expectThrow, track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { mintingProvider } from './minting-provider.js';
import { type ScriptedProvider, scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

const BAD_RANDOMS: Array<[string, () => number]> = [
  ['NaN', () => Number.NaN],
  ['Infinity', () => Number.POSITIVE_INFINITY],
  ['-Infinity', () => Number.NEGATIVE_INFINITY],
  ['1', () => 1],
  ['1.5', () => 1.5],
  ['-0.5', () => -0.5],
  ['a string', () => '0.5' as unknown as number],
  ['undefined', () => undefined as unknown as number],
  [
    'a throw',
    () => {
      throw new Error('no entropy');
    },
  ],
];

/** A read of `db` under `random` whose first attempts fail with `failures`, one each. */
function readFailingFirst(random: () => number, ...failures: Parameters<ScriptedProvider['failNext']>) {
  const provider = scriptedProvider({ db: 'pw' });
  provider.failNext(...failures);
  const client = createSecretsClient({ provider, random });
  return { provider, read: track(client.get('db')) };
}

describe('a random that is not a number in [0, 1)', () => {
  it.each(BAD_RANDOMS)('returning %s: watch polls no faster than interval × 0.9', async (_what, random) => {
    const provider = scriptedProvider({ db: 'pw' }, { versionProbe: true });
    const client = createSecretsClient({ provider, random });
    client.watch('db', () => {});
    await vi.advanceTimersByTimeAsync(53_999);
    expect(provider.count('getVersion')).toBe(0);
    await vi.advanceTimersByTimeAsync(600_000 - 53_999);
    expect(provider.count('getVersion')).toBe(11); // every 54 s
    await client.close();
  });

  it.each(BAD_RANDOMS)('returning %s: a retry still waits for Retry-After', async (_what, random) => {
    const { provider, read } = readFailingFirst(
      random,
      new SecretsError('THROTTLED', 'slow down', { provider: 'scripted', retryAfterMs: 2_000 }),
    );
    await vi.advanceTimersByTimeAsync(1_999);
    expect(provider.count()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(read.value).toBe('pw');
    expect(provider.count()).toBe(2);
  });

  it.each(BAD_RANDOMS)(
    'returning %s: retries without Retry-After keep the backoff floor',
    async (_what, random) => {
      const { provider, read } = readFailingFirst(random, 'UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE');
      await vi.advanceTimersByTimeAsync(0);
      expect(provider.count()).toBe(1);
      await vi.advanceTimersByTimeAsync(3);
      expect(read.value).toBe('pw');
      expect(provider.count()).toBe(4); // 1 ms each: the lowest draw of full jitter, never 0 or NaN
    },
  );

  it.each(BAD_RANDOMS)(
    'returning %s: a lease is replaced no earlier than 85% of its TTL',
    async (_what, random) => {
      const provider = mintingProvider({ ttlMs: 60_000 });
      const client = createSecretsClient({ provider, random });
      await client.get('db');
      await vi.advanceTimersByTimeAsync(50_999);
      expect(provider.calls).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(provider.calls).toBe(2);
      await client.close();
    },
  );
});

describe('watch interval', () => {
  it.each([[1], [999], ['999ms'], ['0.5s'], [0.5]])('rejects %j with CONFIG: below 1 s', (interval) => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    const error = expectThrow(() => client.watch('db', () => {}, { interval: interval as never }), 'CONFIG');
    expect(error.message).toContain("at least '1s'");
    expectThrow(() => client.rotations('db', { interval: interval as never }), 'CONFIG');
    expect(provider.calls).toEqual([]);
  });

  it("accepts '1s' and polls about once a second, never 1,000 times", async () => {
    const provider = scriptedProvider({ db: 'pw' }, { versionProbe: true });
    const client = createSecretsClient({ provider, random: () => 0.5 });
    client.watch('db', () => {}, { interval: '1s' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(provider.count('getVersion')).toBe(10);
    await client.close();
  });
});
