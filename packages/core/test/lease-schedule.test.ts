// Seeded property tests for the lease schedule (DESIGN §4 "Leases"): thousands of random TTLs,
// renewals and errors driven the way the client's shell drives them, with no timers.
import { describe, expect, it } from 'vitest';
import { isRetryableByDefault, SECRETS_ERROR_CODES, type SecretsErrorCode } from '../src/errors.js';
import {
  afterRenewal,
  afterRenewalError,
  type LeaseClock,
  type LeaseStep,
  leaseGrace,
  nextStep,
  renewalDelay,
  renewBackoff,
  replacementPoint,
  startLease,
} from '../src/lease-schedule.js';
import { seededRandom } from './seeded-random.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MAX_TTL = 32 * DAY;
const T0 = 1_700_000_000_000;
const CASES = 5_000;

const RETRYABLE = SECRETS_ERROR_CODES.filter(isRetryableByDefault);
const REPLACE_NOW: readonly SecretsErrorCode[] = ['LEASE_EXPIRED', 'INVALID_REQUEST'];
const STOPPING = SECRETS_ERROR_CODES.filter((c) => !isRetryableByDefault(c) && !REPLACE_NOW.includes(c));

type Random = () => number;
type Outcome = { ttlMs: number; renewable: boolean } | { code: SecretsErrorCode; statusCode?: number };

/** A TTL log-uniform between 1 s and 32 days, in whole ms. */
function randomTtl(random: Random): number {
  return Math.min(MAX_TTL, Math.max(SECOND, Math.round(SECOND * (MAX_TTL / SECOND) ** random())));
}

/** What a renewal returns: the same TTL, one grown up to ×3, or one shrunk to ×0.1 (1 s – 32 days). */
function renewedTtl(ttl: number, random: Random): number {
  const r = random();
  const factor = r < 1 / 3 ? 1 : r < 2 / 3 ? 1 + 2 * random() : 0.1 + 0.9 * random();
  return Math.min(MAX_TTL, Math.max(SECOND, Math.round(ttl * factor)));
}

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Most renew attempts that fit before `windowMs` runs out after a first failed one: each retry
 * waits at least half its base (10 s × 2^(n−1), at most 5 min). */
function maxRenewAttempts(windowMs: number): number {
  let elapsed = 0;
  for (let retry = 1; ; retry++) {
    elapsed += 0.5 * Math.min(10 * SECOND * 2 ** (retry - 1), 5 * MINUTE);
    if (elapsed >= windowMs) return retry;
  }
}

interface Run {
  renewAttempts: number;
  renewals: number;
  replace: LeaseStep;
  clock: LeaseClock;
  now: number;
}

/**
 * Drives one lease from fetch to its one replacement as the shell does, running every step on
 * time, and records each broken invariant in `problems` (checked once per test, not per step).
 */
function runLease(
  lease: { ttlMs: number; renewable: boolean },
  random: Random,
  outcome: (clock: LeaseClock, now: number) => Outcome,
  problems: string[],
): Run {
  const fail = (what: string) => problems.length < 10 && problems.push(`${what} (ttl ${lease.ttlMs})`);
  let now = T0;
  let clock = startLease({ id: 'lease-1', ...lease }, now, random);
  let step = nextStep(clock);
  let fresh = true; // step came from nextStep on a clock just started or renewed
  let renewAttempts = 0;
  let renewals = 0;
  for (;;) {
    const { startedAt, ttlMs, replaceAt } = clock;
    if (Number.isNaN(step.at) || step.at < now) fail(`step ${step.kind} at ${step.at} before now ${now}`);
    if (ttlMs > 0 && step.at >= startedAt + ttlMs) fail(`step ${step.kind} at or after expiry`);
    if (fresh && !(replaceAt >= startedAt + 0.85 * ttlMs && replaceAt < startedAt + 0.95 * ttlMs)) {
      fail(`replaceAt ${replaceAt - startedAt} outside 85–95% of ${ttlMs}`);
    }
    if (fresh && !(clock.graceMs >= 0.1 * ttlMs)) fail(`grace ${clock.graceMs} below 10% of ${ttlMs}`);
    if (step.kind === 'replace') {
      if (step.at !== replaceAt) fail('replace step is not the clock replaceAt');
      const again = nextStep(clock);
      if (again.kind !== 'replace' || again.at !== step.at) fail('a second, different step after replace');
      return { renewAttempts, renewals, replace: step, clock, now };
    }
    if (!(step.at > now && step.at < replaceAt)) fail(`renew at ${step.at} not in (now, replaceAt)`);
    if (fresh) {
      const share = (step.at - startedAt) / ttlMs;
      if (!(step.at - startedAt >= 0.5 * ttlMs && step.at - startedAt <= 0.9 * ttlMs)) {
        fail(`renewal at ${share} of the TTL, outside [50%, 90%]`);
      }
      if (!(share >= 0.7 && share < 0.75)) fail(`renewal at ${share} of the TTL, outside [70%, 75%)`);
    }
    now = step.at;
    if (++renewAttempts > 100_000) {
      fail('no replacement after 100000 renew attempts');
      return { renewAttempts, renewals, replace: step, clock, now };
    }
    const result = outcome(clock, now);
    if ('code' in result) {
      ({ clock, step } = afterRenewalError(clock, result.code, result.statusCode, now, random));
      fresh = false;
    } else {
      clock = afterRenewal(clock, result, now, random);
      step = nextStep(clock);
      fresh = true;
      renewals++;
    }
  }
}

function hasNaN(clock: LeaseClock): boolean {
  return [clock.startedAt, clock.ttlMs, clock.graceMs, clock.replaceAt, clock.failures].some(Number.isNaN);
}

describe('seededRandom', () => {
  it('replays the same sequence in [0, 1) for a seed, and another for another seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const xs = Array.from({ length: 1000 }, a);
    expect(Array.from({ length: 1000 }, b)).toEqual(xs);
    expect(Array.from({ length: 1000 }, c)).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBe(1000);
  });
});

describe('grace, replacement point and renewal delay', () => {
  it('draws grace in [10%, 20%) and the replacement point in [85%, 95%) of the TTL', () => {
    const random = seededRandom(1);
    for (let i = 0; i < CASES; i++) {
      const ttl = randomTtl(random);
      const grace = leaseGrace(ttl, random);
      const at = replacementPoint(T0, ttl, random);
      expect(grace >= 0.1 * ttl && grace < 0.2 * ttl).toBe(true);
      expect(at >= T0 + 0.85 * ttl && at < T0 + 0.95 * ttl).toBe(true);
    }
    expect(leaseGrace(HOUR, () => 0)).toBe(6 * MINUTE);
    expect(leaseGrace(HOUR, () => 0.5)).toBe(9 * MINUTE);
    expect(replacementPoint(T0, HOUR, () => 0)).toBe(T0 + 0.85 * HOUR);
    expect(replacementPoint(T0, HOUR, () => 0.5)).toBe(T0 + 0.9 * HOUR);
  });

  it('lands a steady TTL at 2/3 of the TTL plus 1/3 of the grace: 70–73.3%', () => {
    expect(renewalDelay(HOUR, 6 * MINUTE)).toBe(42 * MINUTE);
    expect(renewalDelay(HOUR, 9 * MINUTE)).toBe(43 * MINUTE);
    const random = seededRandom(2);
    for (let i = 0; i < CASES; i++) {
      const ttl = randomTtl(random);
      const delay = renewalDelay(ttl, leaseGrace(ttl, random));
      expect(delay >= 0.7 * ttl && delay <= 0.734 * ttl).toBe(true);
    }
  });

  it('keeps the renewal delay inside [2/3, 90%] of the TTL for any grace', () => {
    expect(renewalDelay(HOUR, HOUR)).toBe(0.9 * HOUR);
    expect(renewalDelay(HOUR, -HOUR)).toBe(40 * MINUTE);
    expect(renewalDelay(HOUR, Number.NaN)).toBe(40 * MINUTE);
    expect(renewalDelay(HOUR, Number.POSITIVE_INFINITY)).toBe(40 * MINUTE);
  });

  it('treats a random source outside [0, 1) as 0 rather than leaving the bounds', () => {
    for (const bad of [Number.NaN, 1, 7, -0.5]) {
      expect(leaseGrace(HOUR, () => bad)).toBe(6 * MINUTE);
      expect(replacementPoint(T0, HOUR, () => bad)).toBe(T0 + 0.85 * HOUR);
      expect(renewBackoff(1, () => bad)).toBe(5 * SECOND);
    }
  });
});

describe('nextStep', () => {
  it('renews inside [50%, 90%] (70–75%) of each TTL and replaces at 85–95%, over random renewal chains', () => {
    const random = seededRandom(3);
    const problems: string[] = [];
    let renewals = 0;
    let shrinkReplacements = 0;
    for (let i = 0; i < CASES; i++) {
      const run = runLease(
        { ttlMs: randomTtl(random), renewable: true },
        random,
        (clock) => ({ ttlMs: renewedTtl(clock.ttlMs, random), renewable: random() < 0.95 }),
        problems,
      );
      renewals += run.renewals;
      if (run.clock.renewable) shrinkReplacements++;
    }
    expect(problems).toEqual([]);
    // Both ways out were exercised: max-TTL shrink (still renewable) and renewable: false.
    expect(renewals).toBeGreaterThan(CASES);
    expect(shrinkReplacements).toBeGreaterThan(CASES / 4);
    expect(shrinkReplacements).toBeLessThan(CASES);
  });

  it('renews a steady TTL at the same 70–73.4% point in every period', () => {
    const random = seededRandom(4);
    for (let i = 0; i < CASES; i++) {
      const ttl = randomTtl(random);
      let clock = startLease({ id: 'l', ttlMs: ttl, renewable: true }, T0, random);
      const first = nextStep(clock);
      expect(first.kind).toBe('renew');
      const delay = first.at - T0;
      expect(delay >= 0.7 * ttl && delay <= 0.734 * ttl).toBe(true);
      for (let period = 0; period < 5; period++) {
        const step = nextStep(clock);
        expect(step).toEqual({ kind: 'renew', at: clock.startedAt + delay });
        clock = afterRenewal(clock, { ttlMs: ttl, renewable: true }, step.at, random);
      }
    }
  });

  it('spreads a fleet of 1000 clients started together over distinct milliseconds', () => {
    const renewAt = new Set<number>();
    const replaceAt = new Set<number>();
    for (let seed = 1; seed <= 1000; seed++) {
      const random = seededRandom(seed);
      const renewStep = nextStep(startLease({ id: 'shared', ttlMs: HOUR, renewable: true }, T0, random));
      const replaceStep = nextStep(startLease({ id: 'shared', ttlMs: HOUR, renewable: false }, T0, random));
      expect(renewStep.kind).toBe('renew');
      expect(replaceStep.kind).toBe('replace');
      renewAt.add(Math.floor(renewStep.at));
      replaceAt.add(Math.floor(replaceStep.at));
    }
    expect(renewAt.size).toBeGreaterThanOrEqual(990);
    expect(replaceAt.size).toBeGreaterThanOrEqual(990);
  });

  it('replaces a non-renewable lease once, at 85–95% of its TTL, with no renewal', () => {
    const random = seededRandom(5);
    const problems: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const ttl = randomTtl(random);
      const run = runLease({ ttlMs: ttl, renewable: false }, random, () => ({ code: 'UNKNOWN' }), problems);
      expect(run.renewAttempts).toBe(0);
      expect(run.replace.at >= T0 + 0.85 * ttl && run.replace.at < T0 + 0.95 * ttl).toBe(true);
    }
    expect(problems).toEqual([]);
  });

  it('never lets a renewal reach the replacement point, even on a hand-made clock', () => {
    const clock = startLease({ id: 'l', ttlMs: HOUR, renewable: true }, T0, () => 0);
    expect(nextStep(clock)).toEqual({ kind: 'renew', at: T0 + 42 * MINUTE });
    expect(nextStep({ ...clock, replaceAt: T0 + 42 * MINUTE })).toEqual({
      kind: 'replace',
      at: T0 + 42 * MINUTE,
    });
  });
});

describe('renewBackoff', () => {
  it('waits 10 s × 2^(n−1), capped at 5 min, ±50%', () => {
    const bases = [10, 20, 40, 80, 160, 300, 300].map((s) => s * SECOND);
    expect(bases.map((_, i) => renewBackoff(i + 1, () => 0.5))).toEqual(bases);
    expect(bases.map((_, i) => renewBackoff(i + 1, () => 0))).toEqual(bases.map((b) => b / 2));
    expect(renewBackoff(1000, () => 0.5)).toBe(5 * MINUTE);
    expect(renewBackoff(Number.POSITIVE_INFINITY, () => 0.5)).toBe(5 * MINUTE);
  });

  it('counts a failure number below 1 or not a number as the first, and a fraction down', () => {
    for (const bad of [0, -3, Number.NaN]) expect(renewBackoff(bad, () => 0.5)).toBe(10 * SECOND);
    expect(renewBackoff(2.7, () => 0.5)).toBe(20 * SECOND);
  });

  it('is never 0 or below 1 s, never above 7.5 min, and doubles on average until the cap', () => {
    const random = seededRandom(6);
    const means: number[] = [];
    for (let failure = 1; failure <= 12; failure++) {
      const base = Math.min(10 * SECOND * 2 ** (failure - 1), 5 * MINUTE);
      let sum = 0;
      for (let i = 0; i < CASES; i++) {
        const wait = renewBackoff(failure, random);
        expect(wait >= 0.5 * base && wait < 1.5 * base).toBe(true);
        expect(wait >= SECOND && wait < 7.5 * MINUTE).toBe(true);
        sum += wait;
      }
      means.push(sum / CASES);
    }
    for (let n = 0; n < 4; n++) {
      const ratio = means[n + 1]! / means[n]!;
      expect(ratio > 1.9 && ratio < 2.1).toBe(true);
    }
    for (const mean of means.slice(5)) expect(Math.abs(mean / (5 * MINUTE) - 1)).toBeLessThan(0.03);
  });
});

describe('afterRenewal', () => {
  it('recomputes grace only when the TTL grows', () => {
    const random = seededRandom(7);
    let grown = 0;
    let kept = 0;
    for (let i = 0; i < CASES; i++) {
      const clock = startLease({ id: 'l', ttlMs: randomTtl(random), renewable: true }, T0, random);
      const ttl = renewedTtl(clock.ttlMs, random);
      const next = afterRenewal(clock, { ttlMs: ttl, renewable: true }, T0 + HOUR, random);
      if (ttl > clock.ttlMs) {
        grown++;
        expect(next.graceMs >= 0.1 * ttl && next.graceMs < 0.2 * ttl).toBe(true);
      } else {
        kept++;
        expect(next.graceMs).toBe(clock.graceMs);
      }
    }
    expect(grown).toBeGreaterThan(CASES / 5);
    expect(kept).toBeGreaterThan(CASES / 5);
  });

  it('starts the new period at the renewal, resets failures and redraws the replacement point', () => {
    const clock = { ...startLease({ id: 'l', ttlMs: HOUR, renewable: true }, T0, () => 0), failures: 3 };
    const now = T0 + 42 * MINUTE;
    expect(afterRenewal(clock, { ttlMs: HOUR, renewable: true }, now, () => 0.5)).toEqual({
      leaseId: 'l',
      startedAt: now,
      ttlMs: HOUR,
      renewable: true,
      graceMs: 6 * MINUTE,
      replaceAt: now + 0.9 * HOUR,
      failures: 0,
    });
  });

  it('replaces instead of renewing once a max TTL shrinks the TTL to 4 × grace', () => {
    const clock = startLease({ id: 'l', ttlMs: HOUR, renewable: true }, T0, () => 0.5);
    expect(clock.graceMs).toBe(9 * MINUTE);
    const now = T0 + 43 * MINUTE;
    const atLimit = afterRenewal(clock, { ttlMs: 36 * MINUTE, renewable: true }, now, () => 0.5);
    expect(atLimit.graceMs).toBe(9 * MINUTE);
    expect(nextStep(atLimit)).toEqual({ kind: 'replace', at: now + 0.9 * 36 * MINUTE });
    const above = afterRenewal(clock, { ttlMs: 36 * MINUTE + 1, renewable: true }, now, () => 0.5);
    expect(nextStep(above)).toEqual({ kind: 'renew', at: now + (2 * (36 * MINUTE + 1)) / 3 + 3 * MINUTE });
  });

  it('replaces a lease capped by a max TTL exactly once, before the hard expiry', () => {
    const random = seededRandom(8);
    const problems: string[] = [];
    let maxRenewals = 0;
    for (let i = 0; i < CASES; i++) {
      const ttl = randomTtl(random);
      const hardExpiry = T0 + Math.round(ttl * (1 + 9 * random()));
      const run = runLease(
        { ttlMs: ttl, renewable: true },
        random,
        (_, now) => ({ ttlMs: Math.min(ttl, hardExpiry - now), renewable: true }),
        problems,
      );
      expect(run.replace.at).toBeLessThan(hardExpiry);
      // Each full period moves on by ≥ 70% of the TTL; the shrinking tail takes at most 2 more.
      expect(run.renewals).toBeLessThanOrEqual(Math.ceil((hardExpiry - T0) / (0.7 * ttl)) + 2);
      maxRenewals = Math.max(maxRenewals, run.renewals);
    }
    expect(problems).toEqual([]);
    expect(maxRenewals).toBeGreaterThanOrEqual(10);
  });
});

describe('afterRenewalError', () => {
  const renewing = () => startLease({ id: 'l', ttlMs: HOUR, renewable: true }, T0, () => 0);

  it.each([
    ['LEASE_EXPIRED', undefined],
    ['INVALID_REQUEST', undefined],
    ['UNKNOWN', 400],
    ['UNAVAILABLE', 400],
  ] as const)('%s (status %s) replaces now and stops renewing', (code, status) => {
    const now = T0 + 42 * MINUTE;
    const { clock, step } = afterRenewalError(renewing(), code, status, now, () => 0.5);
    expect(step).toEqual({ kind: 'replace', at: now });
    expect(clock).toMatchObject({ renewable: false, replaceAt: now, failures: 1 });
    expect(nextStep(clock)).toEqual(step);
  });

  it.each(STOPPING)('%s stops renewing after one attempt and replaces once at replaceAt', (code) => {
    const random = seededRandom(9);
    const problems: string[] = [];
    for (let i = 0; i < CASES / 5; i++) {
      const ttl = randomTtl(random);
      const run = runLease({ ttlMs: ttl, renewable: true }, random, () => ({ code }), problems);
      expect(run.renewAttempts).toBe(1);
      expect(run.replace.at >= T0 + 0.85 * ttl && run.replace.at < T0 + 0.95 * ttl).toBe(true);
      expect(run.clock).toMatchObject({ renewable: false, failures: 1 });
    }
    expect(problems).toEqual([]);
  });

  it.each(['ACCESS_DENIED', 'THROTTLED'] as const)('%s after the replacement point replaces now', (code) => {
    const clock = renewing();
    const late = clock.replaceAt + SECOND;
    expect(afterRenewalError(clock, code, undefined, late, () => 0.5).step).toEqual({
      kind: 'replace',
      at: late,
    });
  });

  it('replaces instead of retrying when the backoff lands exactly on replaceAt', () => {
    const clock = renewing(); // replaceAt = T0 + 51 min; the first backoff with random 0 is 5 s
    const onTheDot = afterRenewalError(clock, 'TIMEOUT', undefined, clock.replaceAt - 5 * SECOND, () => 0);
    expect(onTheDot.step).toEqual({ kind: 'replace', at: clock.replaceAt });
    const justBefore = afterRenewalError(
      clock,
      'TIMEOUT',
      undefined,
      clock.replaceAt - 5 * SECOND - 1,
      () => 0,
    );
    expect(justBefore.step).toEqual({ kind: 'renew', at: clock.replaceAt - 1 });
    expect(justBefore.clock).toEqual({ ...clock, failures: 1 });
  });

  it('retries a 1 h lease at 5, 10, 20, 40, 80, 150, 150 s, then replaces at its 85% point', () => {
    let clock = renewing();
    let step = nextStep(clock);
    const renewAt: number[] = [];
    while (step.kind === 'renew') {
      renewAt.push(step.at - T0);
      ({ clock, step } = afterRenewalError(clock, 'UNAVAILABLE', 503, step.at, () => 0));
    }
    const s = SECOND;
    expect(renewAt).toEqual([2520, 2525, 2535, 2555, 2595, 2675, 2825, 2975].map((t) => t * s));
    expect(step).toEqual({ kind: 'replace', at: T0 + 3060 * s });
    expect(clock).toMatchObject({ renewable: false, failures: 8, replaceAt: T0 + 3060 * s });
  });

  it('keeps retryable failures before replaceAt, bounded, ending in one replace before expiry', () => {
    const random = seededRandom(10);
    const problems: string[] = [];
    let maxAttempts = 0;
    for (let i = 0; i < CASES; i++) {
      const successes = Math.floor(random() * 4);
      let window = 0;
      let firstReplaceAt = 0;
      let renewalsBefore = 0;
      const run = runLease(
        { ttlMs: randomTtl(random), renewable: true },
        random,
        (clock, now) => {
          if (renewalsBefore < successes) {
            renewalsBefore++;
            return { ttlMs: renewedTtl(clock.ttlMs, random), renewable: true };
          }
          if (window === 0) {
            window = clock.replaceAt - now;
            firstReplaceAt = clock.replaceAt;
          }
          return { code: pick(RETRYABLE, random) };
        },
        problems,
      );
      if (window === 0) continue; // the TTL shrank to 4 × grace before the first error
      const attempts = run.renewAttempts - renewalsBefore;
      expect(attempts).toBeLessThanOrEqual(maxRenewAttempts(window));
      expect(run.replace.at).toBe(firstReplaceAt);
      maxAttempts = Math.max(maxAttempts, attempts);
    }
    expect(problems).toEqual([]);
    expect(maxAttempts).toBeGreaterThan(1000); // 32-day TTLs retry every ~5 min for days
  });

  it('keeps every invariant over random mixes of renewals and every error code', () => {
    const random = seededRandom(11);
    const problems: string[] = [];
    const endings = new Map<string, number>();
    for (let i = 0; i < CASES; i++) {
      let last = 'nextStep';
      const run = runLease(
        { ttlMs: randomTtl(random), renewable: random() < 0.9 },
        random,
        (clock) => {
          if (random() < 0.5) {
            last = 'renewed';
            return { ttlMs: renewedTtl(clock.ttlMs, random), renewable: random() < 0.9 };
          }
          const code = random() < 0.6 ? pick(RETRYABLE, random) : pick(SECRETS_ERROR_CODES, random);
          last = code;
          return random() < 0.02 ? { code, statusCode: 400 } : { code };
        },
        problems,
      );
      if (hasNaN(run.clock)) problems.push('NaN in the final clock');
      endings.set(last, (endings.get(last) ?? 0) + 1);
    }
    expect(problems).toEqual([]);
    expect(endings.get('LEASE_EXPIRED')).toBeGreaterThan(0);
    expect(endings.get('ACCESS_DENIED')).toBeGreaterThan(0);
    expect(endings.get('renewed')).toBeGreaterThan(0);
  });
});

describe('bad TTLs', () => {
  it.each([0, -1, -HOUR, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])(
    'a TTL of %s replaces now, never NaN and never a renewal',
    (ttl) => {
      const clock = startLease({ id: 'l', ttlMs: ttl, renewable: true }, T0, seededRandom(12));
      expect(clock).toEqual({
        leaseId: 'l',
        startedAt: T0,
        ttlMs: 0,
        renewable: false,
        graceMs: 0,
        replaceAt: T0,
        failures: 0,
      });
      expect(nextStep(clock)).toEqual({ kind: 'replace', at: T0 });
      expect(leaseGrace(ttl, () => 0.5)).toBe(0);
      expect(replacementPoint(T0, ttl, () => 0.5)).toBe(T0);
      expect(renewalDelay(ttl, 0)).toBe(0);

      const renewed = afterRenewal(
        startLease({ id: 'l', ttlMs: HOUR, renewable: true }, T0, () => 0.5),
        { ttlMs: ttl, renewable: true },
        T0 + HOUR / 2,
        () => 0.5,
      );
      expect(hasNaN(renewed)).toBe(false);
      expect(nextStep(renewed)).toEqual({ kind: 'replace', at: T0 + HOUR / 2 });
    },
  );
});
