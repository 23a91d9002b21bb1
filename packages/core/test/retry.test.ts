// Rule 4: only retryable errors are retried, up to `retries` extra attempts, with full-jitter
// exponential backoff that honours retryAfterMs.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, SecretsError, type SecretsErrorCode } from '../src/index.js';
import { type RetryPolicy, retryDelay } from '../src/retry.js';
import { expectRejection, expectSecretsError, sequenceRandom, track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';
import { seededRandom } from './seeded-random.js';

const RETRYABLE: SecretsErrorCode[] = ['THROTTLED', 'UNAVAILABLE', 'TIMEOUT'];
const PERMANENT: SecretsErrorCode[] = [
  'NOT_FOUND',
  'ACCESS_DENIED',
  'UNAUTHENTICATED',
  'DISABLED',
  'INVALID_REQUEST',
  'CONFLICT',
  'INTEGRITY',
  'DECRYPTION_FAILED',
  'UNSUPPORTED',
  'LEASE_EXPIRED',
  'UNKNOWN',
];

const ceilingOf = (retry: number, policy: RetryPolicy) =>
  Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (retry - 1));

describe('retryDelay (pure)', () => {
  const policy: RetryPolicy = { retries: 5, minDelayMs: 100, maxDelayMs: 5_000 };

  it.each(PERMANENT)('never retries %s', (code) => {
    expect(retryDelay(new SecretsError(code, 'x'), 1, policy, () => 0.5)).toBeUndefined();
  });

  it.each(RETRYABLE)('retries %s by default', (code) => {
    expect(retryDelay(new SecretsError(code, 'x'), 1, policy, () => 0.5)).toBe(50);
  });

  it('follows the error’s own retryable flag', () => {
    expect(retryDelay(new SecretsError('UNKNOWN', 'x', { retryable: true }), 1, policy, () => 0.5)).toBe(50);
    expect(retryDelay(new SecretsError('UNAVAILABLE', 'x', { retryable: false }), 1, policy, () => 0.5)).toBe(
      undefined,
    );
  });

  it('stops after `retries` retries', () => {
    const error = new SecretsError('THROTTLED', 'x');
    expect(retryDelay(error, 5, policy, () => 0.5)).toBeDefined();
    expect(retryDelay(error, 6, policy, () => 0.5)).toBeUndefined();
    expect(retryDelay(error, 1, { ...policy, retries: 0 }, () => 0.5)).toBeUndefined();
  });

  it('draws every delay from [1, min(maxDelay, minDelay × 2^(n−1))] over many seeded cases', () => {
    const random = seededRandom(20240601);
    const policies: RetryPolicy[] = [
      { retries: 10, minDelayMs: 100, maxDelayMs: 5_000 },
      { retries: 10, minDelayMs: 1, maxDelayMs: 1 },
      { retries: 10, minDelayMs: 3, maxDelayMs: 50 },
      { retries: 10, minDelayMs: 250, maxDelayMs: 60_000 },
    ];
    const error = new SecretsError('UNAVAILABLE', 'x');
    for (const p of policies) {
      for (let retry = 1; retry <= 10; retry++) {
        const ceiling = ceilingOf(retry, p);
        const drawn: number[] = [];
        for (let i = 0; i < 200; i++) {
          const delay = retryDelay(error, retry, p, random);
          expect(delay).toBeDefined();
          drawn.push(delay as number);
        }
        for (const delay of drawn) {
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(1);
          expect(delay).toBeLessThanOrEqual(ceiling);
        }
        if (ceiling >= 100) {
          // Full jitter: the draws spread over the whole range, not around the ceiling.
          expect(Math.min(...drawn)).toBeLessThan(ceiling * 0.1);
          expect(Math.max(...drawn)).toBeGreaterThan(ceiling * 0.9);
        }
      }
    }
  });

  it('maps the random draw linearly onto the range (0 → 1 ms, just under 1 → the ceiling)', () => {
    const error = new SecretsError('THROTTLED', 'x');
    expect(retryDelay(error, 1, policy, () => 0)).toBe(1);
    expect(retryDelay(error, 3, policy, () => 0.5)).toBe(200);
    expect(retryDelay(error, 3, policy, () => 0.999_999)).toBeGreaterThanOrEqual(399);
    const capped = retryDelay(error, 10, { ...policy, retries: 10 }, () => 0.999_999);
    expect(capped).toBeGreaterThanOrEqual(4_990);
    expect(capped).toBeLessThanOrEqual(5_000);
  });

  it('never waits less than retryAfterMs, honours it above maxDelay, and gives up past MAX_RETRY_AFTER_MS', () => {
    const random = seededRandom(7);
    for (let i = 0; i < 500; i++) {
      const retryAfterMs = Math.floor(random() * 5_000);
      const error = new SecretsError('THROTTLED', 'x', { retryAfterMs });
      const delay = retryDelay(error, 1 + (i % 5), policy, random) as number;
      expect(delay).toBeGreaterThanOrEqual(retryAfterMs);
      expect(delay).toBeLessThanOrEqual(5_000);
    }
    expect(retryDelay(new SecretsError('THROTTLED', 'x', { retryAfterMs: 5_000 }), 1, policy, () => 0)).toBe(
      5_000,
    );
    expect(retryDelay(new SecretsError('THROTTLED', 'x', { retryAfterMs: 5_001 }), 1, policy, () => 0)).toBe(
      5_001,
    );
    expect(retryDelay(new SecretsError('THROTTLED', 'x', { retryAfterMs: 60_000 }), 1, policy, () => 0)).toBe(
      60_000,
    );
    expect(retryDelay(new SecretsError('THROTTLED', 'x', { retryAfterMs: 60_001 }), 1, policy, () => 0)).toBe(
      undefined,
    );
  });
});

describe('retry through the client', () => {
  useFakeTimersPerTest();

  it.each(RETRYABLE)('retries %s 3 times (4 calls) and then rejects with it', async (code) => {
    const provider = scriptedProvider({ db: 'pw' });
    provider.failAlways(code);
    const client = createSecretsClient({ provider, retry: { retries: 3 }, random: () => 0 });
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(60_000);
    expectSecretsError(read.error, code);
    expect(provider.count()).toBe(4);
    expect(client.stats()).toMatchObject({ providerCalls: 4, errors: 4, entries: 0 });
  });

  it('uses the default of 3 retries', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    provider.failAlways('UNAVAILABLE');
    const client = createSecretsClient({ provider, random: () => 0 });
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(60_000);
    expectSecretsError(read.error, 'UNAVAILABLE');
    expect(provider.count()).toBe(4);
  });

  it.each(PERMANENT)('makes exactly one call for %s', async (code) => {
    const provider = scriptedProvider({ db: 'pw' });
    provider.failAlways(code);
    const client = createSecretsClient({ provider, random: () => 0 });
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(60_000);
    expectSecretsError(read.error, code);
    expect(provider.count()).toBe(1);
  });

  it('succeeds when an attempt within the budget succeeds', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    provider.failNext('THROTTLED', 'UNAVAILABLE');
    const client = createSecretsClient({ provider, retry: { retries: 2 }, random: () => 0 });
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(read.value).toBe('pw');
    expect(provider.count()).toBe(3);
    expect(client.stats()).toMatchObject({ providerCalls: 3, errors: 2, entries: 1 });
  });

  it('makes one call with retry: false and with retries: 0', async () => {
    for (const retry of [false, { retries: 0 }] as const) {
      const provider = scriptedProvider({ db: 'pw' });
      provider.failAlways('UNAVAILABLE');
      const client = createSecretsClient({ provider, retry });
      const read = track(client.get('db'));
      await vi.advanceTimersByTimeAsync(60_000);
      expectSecretsError(read.error, 'UNAVAILABLE');
      expect(provider.count()).toBe(1);
    }
  });

  it('waits the seeded full-jitter backoff between attempts', async () => {
    // minDelay 100, maxDelay 1000: ceilings 100, 200, 400; draws 0.5, 0.25, 0.9 → 50, 50, 360 ms.
    const provider = scriptedProvider({ db: 'pw' });
    provider.failNext('UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE');
    const client = createSecretsClient({
      provider,
      retry: { retries: 3, minDelay: 100, maxDelay: 1_000 },
      random: sequenceRandom(0.5, 0.25, 0.9),
    });
    const read = track(client.get('db'));
    const countAt = async (ms: number) => {
      await vi.advanceTimersByTimeAsync(ms);
      return provider.count();
    };
    expect(await countAt(0)).toBe(1);
    expect(await countAt(49)).toBe(1);
    expect(await countAt(1)).toBe(2); // t = 50
    expect(await countAt(49)).toBe(2);
    expect(await countAt(1)).toBe(3); // t = 100
    expect(await countAt(359)).toBe(3);
    expect(read.settled).toBe(false);
    expect(await countAt(1)).toBe(4); // t = 460
    expect(read.value).toBe('pw');
  });

  it.each([
    { retryAfterMs: 2_000, against: 'within' },
    { retryAfterMs: 8_000, against: 'longer than' },
  ])(
    'honours a Retry-After of $retryAfterMs ms ($against maxDelay 5s): no retry before it, one right after',
    async ({ retryAfterMs }) => {
      const provider = scriptedProvider({ db: 'pw' });
      provider.failNext(new SecretsError('THROTTLED', 'slow down', { retryAfterMs }));
      const client = createSecretsClient({
        provider,
        retry: { retries: 3, maxDelay: '5s' },
        random: () => 0,
      });
      const read = track(client.get('db'));
      await vi.advanceTimersByTimeAsync(retryAfterMs - 1);
      expect(provider.count()).toBe(1);
      expect(read.settled).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(provider.count()).toBe(2);
      expect(read.value).toBe('pw');
    },
  );

  it('stops retrying when Retry-After is longer than a minute', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    provider.failNext(new SecretsError('THROTTLED', 'slow down', { retryAfterMs: 61_000 }));
    const client = createSecretsClient({ provider, retry: { retries: 3, maxDelay: '5s' }, random: () => 0 });
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(0);
    const error = expectSecretsError(read.error, 'THROTTLED');
    expect(error.retryAfterMs).toBe(61_000);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(provider.count()).toBe(1);
  });

  it('retries an error whose retryable flag is set, and not one whose flag is cleared', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider, random: () => 0 });
    provider.failNext(new SecretsError('UNKNOWN', 'flaky', { retryable: true }));
    const first = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(first.value).toBe('pw');
    expect(provider.count()).toBe(2);

    provider.failNext(new SecretsError('UNAVAILABLE', 'final', { retryable: false }));
    await expectRejection(client.refresh('db'), 'UNAVAILABLE');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(provider.count()).toBe(3);
  });
});
