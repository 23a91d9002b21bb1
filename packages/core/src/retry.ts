// Which failures are retried and how long to wait: exponential backoff with full jitter that
// honours a provider's Retry-After (DESIGN §4 rule 4). Pure functions; the loop is in provider-call.ts.
import type { SecretsError } from './errors.js';

export interface RetryPolicy {
  retries: number;
  minDelayMs: number;
  maxDelayMs: number;
}

/**
 * How long to wait before retry number `retry` (1 = the first retry) after `error`, or
 * `undefined` when the error must not be retried: it is permanent, the retries are used up, or
 * the provider asked for a longer pause than `maxDelayMs` (waiting would outlast the policy; the
 * caller's stale-if-error decides instead).
 *
 * Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): a uniform draw from
 * [0, min(maxDelay, minDelay × 2^(retry−1))], never below 1 ms, and never below Retry-After.
 */
export function retryDelay(
  error: SecretsError,
  retry: number,
  policy: RetryPolicy,
  random: () => number,
): number | undefined {
  if (!error.retryable || retry > policy.retries) return undefined;
  const retryAfter = error.retryAfterMs ?? 0;
  if (retryAfter > policy.maxDelayMs) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.minDelayMs * 2 ** (retry - 1));
  const jittered = Math.max(1, Math.floor(random() * ceiling));
  return Math.max(jittered, Math.ceil(retryAfter));
}
