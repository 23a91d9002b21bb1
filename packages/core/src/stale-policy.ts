// Stale if error (DESIGN §4 rule 5) as pure decisions: whether an entry due for a refresh asks the
// provider or is served as it is, what a failed refresh does to the entry and the caller, and when
// a failing entry may try the provider again (so an outage costs at most one call per ttl per key).
import type { Freshness } from './cache.js';
import type { SecretsErrorCode } from './errors.js';

/**
 * - `call-provider`: ask the provider (and fall back to the entry if that fails with a retryable error).
 * - `serve-cached`: use the entry as it is, no provider call — marked stale when past its ttl.
 * - `throw`: the failure goes to the caller; the entry stays (ABORTED, CLOSED, or past its window).
 * - `evict`: a permanent failure: drop the entry, and the failure goes to the caller.
 */
export type StaleAction = 'call-provider' | 'serve-cached' | 'throw' | 'evict';

export interface StaleSituation {
  /** `entryFreshness` of the entry now; `unusable` also stands for "no entry". */
  freshness: Freshness;
  /** Date.now(). */
  now: number;
  /** Set after a failed refresh: the entry asks the provider again no sooner than this (ms epoch). */
  retryAt?: number;
  /** The provider asked every client to wait until then (THROTTLED with Retry-After; ms epoch). */
  backoffUntil?: number;
  /** The failure of the refresh just made; absent when deciding whether to make one. */
  failure?: { code: SecretsErrorCode; retryable: boolean };
}

/**
 * The stale-if-error rule, in one place.
 *
 * Before a refresh (no `failure`): an entry still usable that failed a refresh lately (`now` before
 * `retryAt`), or whose provider is backing off, is served as it is; otherwise the provider is asked.
 *
 * After a failed refresh: a permanent error (not retryable; ABORTED and CLOSED excepted, they say
 * nothing about the secret) evicts; a retryable one serves the entry while it is usable (within
 * ttl + staleIfError, not expired, lease live), and is thrown once it is not.
 */
export function staleIfError(situation: StaleSituation): StaleAction {
  const { freshness, now, failure } = situation;
  const usable = freshness !== 'unusable';
  if (failure === undefined) {
    const waiting =
      (situation.retryAt !== undefined && now < situation.retryAt) ||
      (situation.backoffUntil !== undefined && now < situation.backoffUntil);
    return usable && waiting ? 'serve-cached' : 'call-provider';
  }
  if (!failure.retryable) {
    return failure.code === 'ABORTED' || failure.code === 'CLOSED' ? 'throw' : 'evict';
  }
  return usable ? 'serve-cached' : 'throw';
}

/** The shortest wait between two refresh attempts of a failing entry, whatever its ttl. */
export const MIN_REFRESH_SPACING_MS = 1_000;

/**
 * When an entry whose refresh failed at `failedAt` may ask the provider again (ms epoch): one ttl
 * later (at least {@link MIN_REFRESH_SPACING_MS}), so a failing entry costs no more calls than a
 * healthy one, which refreshes once per ttl (at 80% of it). A failure before the entry's ttl ran out
 * (a refresh ahead) is tried again once at the ttl, so no value is served stale untried.
 */
export function nextRefreshAt(failedAt: number, fetchedAt: number, ttlMs: number): number {
  const spaced = failedAt + Math.max(ttlMs, MIN_REFRESH_SPACING_MS);
  const ttlEnd = fetchedAt + ttlMs;
  return failedAt < ttlEnd ? Math.min(spaced, ttlEnd) : spaced;
}

/**
 * The retries for a refresh: the retry policy's for an entry that has not failed, none for one that
 * has (`retryAt` set) — its spacing is its retry, and each attempt is then one provider call.
 */
export function refreshRetries(retryAt: number | undefined, policyRetries: number): number {
  return retryAt === undefined ? policyRetries : 0;
}
