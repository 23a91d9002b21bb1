// The stale-if-error rule as a pure function (DESIGN §4 rule 5), table-driven, no timers: when an
// entry due for a refresh asks the provider, what a failed refresh does, and the refresh spacing.
import { describe, expect, it } from 'vitest';
import type { Freshness } from '../src/cache.js';
import type { SecretsErrorCode } from '../src/errors.js';
import {
  MIN_REFRESH_SPACING_MS,
  nextRefreshAt,
  refreshRetries,
  type StaleAction,
  type StaleSituation,
  staleIfError,
} from '../src/stale-policy.js';

const NOW = 1_000_000;
const failure = (code: SecretsErrorCode, retryable: boolean) => ({ code, retryable });
/** The situation right after a refresh of a `freshness` entry failed with `code`. */
const failedWhile = (freshness: Freshness, code: SecretsErrorCode, retryable: boolean): StaleSituation => ({
  freshness,
  now: NOW,
  failure: failure(code, retryable),
});

describe('staleIfError', () => {
  const cases: Array<[string, StaleSituation, StaleAction]> = [
    // Before a refresh: ask, unless a recent failure or a provider back-off says wait.
    ['stale, never failed', { freshness: 'stale', now: NOW }, 'call-provider'],
    ['refresh-ahead, never failed', { freshness: 'refresh-ahead', now: NOW }, 'call-provider'],
    ['stale, failed, spacing not over', { freshness: 'stale', now: NOW, retryAt: NOW + 1 }, 'serve-cached'],
    ['stale, failed, spacing over exactly', { freshness: 'stale', now: NOW, retryAt: NOW }, 'call-provider'],
    [
      'stale, failed, spacing long over',
      { freshness: 'stale', now: NOW, retryAt: NOW - 60_000 },
      'call-provider',
    ],
    [
      'refresh-ahead, spacing not over',
      { freshness: 'refresh-ahead', now: NOW, retryAt: NOW + 5 },
      'serve-cached',
    ],
    ['stale, provider backing off', { freshness: 'stale', now: NOW, backoffUntil: NOW + 1 }, 'serve-cached'],
    ['stale, back-off over exactly', { freshness: 'stale', now: NOW, backoffUntil: NOW }, 'call-provider'],
    [
      'stale, spacing over but backing off',
      { freshness: 'stale', now: NOW, retryAt: NOW - 1, backoffUntil: NOW + 1 },
      'serve-cached',
    ],
    ['unusable, spacing not over', { freshness: 'unusable', now: NOW, retryAt: NOW + 1 }, 'call-provider'],
    ['unusable, backing off', { freshness: 'unusable', now: NOW, backoffUntil: NOW + 1 }, 'call-provider'],
    // After a failed refresh.
    ['stale, UNAVAILABLE', failedWhile('stale', 'UNAVAILABLE', true), 'serve-cached'],
    ['stale, THROTTLED', failedWhile('stale', 'THROTTLED', true), 'serve-cached'],
    ['stale, TIMEOUT', failedWhile('stale', 'TIMEOUT', true), 'serve-cached'],
    ['stale, an adapter-retryable UNKNOWN', failedWhile('stale', 'UNKNOWN', true), 'serve-cached'],
    ['refresh-ahead, UNAVAILABLE (kept)', failedWhile('refresh-ahead', 'UNAVAILABLE', true), 'serve-cached'],
    ['unusable, UNAVAILABLE', failedWhile('unusable', 'UNAVAILABLE', true), 'throw'],
    ['stale, NOT_FOUND', failedWhile('stale', 'NOT_FOUND', false), 'evict'],
    ['stale, ACCESS_DENIED', failedWhile('stale', 'ACCESS_DENIED', false), 'evict'],
    ['stale, DISABLED', failedWhile('stale', 'DISABLED', false), 'evict'],
    ['stale, UNKNOWN', failedWhile('stale', 'UNKNOWN', false), 'evict'],
    ['fresh, NOT_FOUND', failedWhile('fresh', 'NOT_FOUND', false), 'evict'],
    ['stale, a THROTTLED an adapter marked permanent', failedWhile('stale', 'THROTTLED', false), 'evict'],
    ['stale, ABORTED', failedWhile('stale', 'ABORTED', false), 'throw'],
    ['stale, CLOSED', failedWhile('stale', 'CLOSED', false), 'throw'],
    [
      'stale, failed, spacing and back-off ignored after the failure',
      {
        freshness: 'stale',
        now: NOW,
        retryAt: NOW + 9,
        backoffUntil: NOW + 9,
        failure: failure('TIMEOUT', true),
      },
      'serve-cached',
    ],
  ];

  it.each(cases)('%s → %s', (_what, situation, action) => {
    expect(staleIfError(situation)).toBe(action);
  });

  it('never serves an unusable entry, whatever else holds', () => {
    const freshnesses: Freshness[] = ['fresh', 'refresh-ahead', 'stale', 'unusable'];
    for (const freshness of freshnesses) {
      for (const retryable of [true, false]) {
        const action = staleIfError({
          freshness,
          now: NOW,
          retryAt: NOW + 1,
          failure: failure('TIMEOUT', retryable),
        });
        if (freshness === 'unusable') expect(action).not.toBe('serve-cached');
      }
    }
  });
});

describe('nextRefreshAt', () => {
  const TTL = 300_000;
  it.each([
    ['a failure past the ttl: one ttl later', 1_000_000, 600_000, TTL, 1_300_000],
    ['a refresh-ahead failure: once at the ttl', 840_000, 600_000, TTL, 900_000],
    ['a failure just before the ttl: at the ttl', 899_999, 600_000, TTL, 900_000],
    ['a failure at the ttl: one ttl later', 900_000, 600_000, TTL, 1_200_000],
    ['ttl 0: the minimum spacing', 5_000, 5_000, 0, 5_000 + MIN_REFRESH_SPACING_MS],
    ['a ttl below the minimum', 10_000, 9_500, 200, 10_000 + MIN_REFRESH_SPACING_MS],
  ])('%s', (_what, failedAt, fetchedAt, ttlMs, expected) => {
    expect(nextRefreshAt(failedAt, fetchedAt, ttlMs)).toBe(expected);
  });

  it('keeps a failing entry to at most one attempt per ttl after its first failure', () => {
    const ttl = 60_000;
    let failedAt = 48_000; // refresh ahead of an entry fetched at 0
    const attempts = [failedAt];
    while (failedAt < 3_600_000) {
      failedAt = nextRefreshAt(failedAt, 0, ttl);
      attempts.push(failedAt);
    }
    expect(attempts.slice(0, 4)).toEqual([48_000, 60_000, 120_000, 180_000]);
    for (let i = 2; i < attempts.length; i++) expect(attempts[i]! - attempts[i - 1]!).toBe(ttl);
  });
});

describe('refreshRetries', () => {
  it.each([
    [undefined, 3, 3],
    [undefined, 0, 0],
    [NOW, 3, 0],
    [0, 20, 0],
  ])('retryAt %s with a policy of %i retries → %i', (retryAt, policy, expected) => {
    expect(refreshRetries(retryAt, policy)).toBe(expected);
  });
});
