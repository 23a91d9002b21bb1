// The provider circuit breaker as pure decisions (circuit-breaker.ts), no timers: when it opens,
// how long it stays open, who may probe, and what closes or re-opens it.
import { describe, expect, it } from 'vitest';
import {
  afterAttempt,
  afterReadFailed,
  BREAKER_THRESHOLD,
  type BreakerState,
  breakerVerdict,
  CLOSED_BREAKER,
  coolDownMs,
  MAX_COOL_DOWN_MS,
  MIN_COOL_DOWN_MS,
  startProbe,
} from '../src/circuit-breaker.js';

const NOW = 1_000_000;
const half = () => 0.5;
const unavailable = { code: 'UNAVAILABLE', retryable: true } as const;
const timeout = { code: 'TIMEOUT', retryable: true } as const;

function failReads(times: number, state: BreakerState = CLOSED_BREAKER): BreakerState {
  let next = state;
  for (let i = 0; i < times; i++) next = afterReadFailed(next, unavailable, 0, NOW, half);
  return next;
}

describe('coolDownMs', () => {
  it('doubles from about a second, jittered within [½, 1] of its ceiling, capped at 30 s', () => {
    expect(MIN_COOL_DOWN_MS).toBe(1_000);
    expect(MAX_COOL_DOWN_MS).toBe(30_000);
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => coolDownMs(n, () => 0))).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000,
    ]);
    expect([1, 2, 5, 6, 50].map((n) => coolDownMs(n, () => 0.999_999))).toEqual([
      1_000, 2_000, 16_000, 30_000, 30_000,
    ]);
  });

  it('treats a broken random source and a bad count as their lowest value', () => {
    expect(coolDownMs(3, () => Number.NaN)).toBe(2_000);
    expect(coolDownMs(3, () => 7)).toBe(2_000);
    expect(coolDownMs(Number.NaN, half)).toBe(750);
    expect(coolDownMs(-4, half)).toBe(750);
  });
});

describe('opening', () => {
  it(`opens after ${BREAKER_THRESHOLD} consecutive failed reads, not before`, () => {
    expect(BREAKER_THRESHOLD).toBe(5);
    const almost = failReads(BREAKER_THRESHOLD - 1);
    expect(breakerVerdict(almost, NOW)).toEqual({ kind: 'call' });
    const open = failReads(1, almost);
    expect(open.openings).toBe(1);
    expect(open.openUntil).toBe(NOW + 750);
    expect(breakerVerdict(open, NOW + 749)).toEqual({
      kind: 'refuse',
      until: NOW + 750,
      probing: false,
      code: 'UNAVAILABLE',
    });
  });

  it('counts only retryable failures; an answer in between starts the count again', () => {
    const answered = afterAttempt(failReads(4), undefined, 0);
    expect(answered).toEqual(CLOSED_BREAKER);
    const notFound = afterAttempt(failReads(4), { code: 'NOT_FOUND', retryable: false }, 0);
    expect(notFound).toEqual(CLOSED_BREAKER);
    const permanent = afterReadFailed(
      failReads(4),
      { code: 'ACCESS_DENIED', retryable: false },
      0,
      NOW,
      half,
    );
    expect(permanent.openings).toBe(0);
    const aborted = afterReadFailed(failReads(4), { code: 'ABORTED', retryable: false }, 0, NOW, half);
    expect(aborted.failedReads).toBe(4);
    expect(failReads(1, answered).openings).toBe(0);
  });

  it('refuses with the code of the latest failure', () => {
    const open = failReads(BREAKER_THRESHOLD);
    const timedOut = afterAttempt(open, timeout, 0);
    expect(breakerVerdict(timedOut, NOW)).toMatchObject({ kind: 'refuse', code: 'TIMEOUT' });
  });
});

describe('half-open', () => {
  const open = failReads(BREAKER_THRESHOLD);
  const probing = startProbe(open, 7, open.openUntil + 20_000);

  it('lets one read probe once the cool-down is over, and refuses the others meanwhile', () => {
    expect(breakerVerdict(open, open.openUntil)).toEqual({ kind: 'probe' });
    expect(breakerVerdict(probing, open.openUntil + 1, 7)).toEqual({ kind: 'call' }); // its retries
    expect(breakerVerdict(probing, open.openUntil + 1)).toEqual({
      kind: 'refuse',
      until: open.openUntil + 20_000,
      probing: true,
      code: 'UNAVAILABLE',
    });
    expect(breakerVerdict(probing, open.openUntil + 1, 8)).toMatchObject({ kind: 'refuse' });
  });

  it('gives a probe up at its deadline: the next read probes', () => {
    expect(breakerVerdict(probing, open.openUntil + 20_000)).toEqual({ kind: 'probe' });
    expect(breakerVerdict(probing, open.openUntil + 20_000, 7)).toEqual({ kind: 'probe' });
  });

  it('closes on the probe succeeding', () => {
    expect(afterAttempt(probing, undefined, 7)).toEqual(CLOSED_BREAKER);
  });

  it('re-opens with a doubled cool-down when the probe read fails, not when one of its attempts does', () => {
    const attemptFailed = afterAttempt(probing, unavailable, 7);
    expect(attemptFailed.probe).toEqual({ id: 7, deadline: open.openUntil + 20_000 });
    const reopened = afterReadFailed(attemptFailed, timeout, 7, NOW, half);
    expect(reopened).toEqual({ failedReads: 5, openings: 2, openUntil: NOW + 1_500, lastCode: 'TIMEOUT' });
  });

  it('frees the probe when its read is aborted, and ignores the failures of other reads', () => {
    expect(afterAttempt(probing, { code: 'ABORTED', retryable: false }, 7).probe).toBeUndefined();
    expect(afterReadFailed(probing, unavailable, 3, NOW, half)).toEqual(probing);
  });
});
