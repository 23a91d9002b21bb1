// Which failures are retried and how long to wait: exponential backoff with full jitter that
// honours a provider's Retry-After (DESIGN §4 rule 4). Pure functions; the loop is in provider-call.ts.
import type { SecretsError } from './errors.js';
import { unitDraw } from './random.js';

export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
}

/** The longest Retry-After core waits for; a provider asking for more gets no retry (the caller's stale-if-error decides). */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long to wait before retry number `retry` (1 = the first retry) after `error`, or
 * `undefined` when the error must not be retried: it is permanent, the retries are used up, or
 * the provider asked for a pause longer than {@link MAX_RETRY_AFTER_MS}.
 *
 * Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): a uniform draw from
 * [0, min(maxDelay, minDelay × 2^(retry−1))], never below 1 ms, and never below Retry-After
 * (which is honoured even above maxDelay: the provider knows when it will answer). A `random`
 * that returns anything but a number in [0, 1) draws 0: the 1 ms floor, or Retry-After.
 */
export function retryDelay(
  error: SecretsError,
  retry: number,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (!error.retryable || retry > policy.retries) return undefined;
  const retryAfter = error.retryAfterMs ?? 0;
  if (retryAfter > MAX_RETRY_AFTER_MS) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (retry - 1));
  const jittered = Math.max(1, Math.floor(unitDraw(random) * ceiling));
  return Math.max(jittered, Math.ceil(retryAfter));
}
