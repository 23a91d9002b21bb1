// When to renew a dynamic-secret lease and when to fetch its one replacement (DESIGN §4 "Leases").
// Pure functions of their inputs, modelled on Vault's LifetimeWatcher; the timers live in the client.
import { isRetryableByDefault, type SecretsErrorCode } from './errors.js';
import { unitDraw } from './random.js';

/**
 * Where one lease stands in its current TTL period. Immutable: every outcome returns a new clock.
 *
 * All times are absolute milliseconds on the `Date.now()` clock; all durations are milliseconds.
 * A clock is only ever built by {@link startLease}, {@link afterRenewal} and
 * {@link afterRenewalError}, so its numbers are never NaN.
 *
 * How the stateful shell drives it (one clock per live lease, "never more than one replacement
 * credential per lease lifetime"):
 * 1. on fetching a leased record: `clock = startLease(lease, Date.now(), random)`;
 * 2. schedule `step = nextStep(clock)` (one timer per lease, fired at `step.at`; a wait over
 *    2^31−1 ms, about 24.8 days, must be chained, as `setTimeout` fires at once beyond it);
 * 3. on `renew`: call `renewLease`, then `clock = afterRenewal(...)` and go to 2 on success, or
 *    `{ clock, step } = afterRenewalError(...)` and schedule that `step` on failure;
 * 4. on `replace`: fetch the new credential once, swap it in, drop this clock, and start a new
 *    clock for the new lease (step 1). A clock yields at most one `replace` point: once a step is
 *    `replace`, `nextStep` of the returned clock is that same step, never a second one.
 */
export interface LeaseClock {
  readonly leaseId: string;
  /** When the current TTL was returned (the fetch or the last successful renewal), ms epoch. */
  readonly startedAt: number;
  /** The TTL as last returned, in ms; 0 when the provider gave none (or 0, negative, NaN, ∞). */
  readonly ttlMs: number;
  /** False once renewal has stopped: not renewable, ACCESS_DENIED or another permanent error. */
  readonly renewable: boolean;
  /** 10–20% of the TTL, in ms, drawn at the start and redrawn only when a renewal grows the TTL. */
  readonly graceMs: number;
  /** `startedAt` + 85–95% of `ttlMs`, drawn once per clock: the one replacement point, ms epoch. */
  readonly replaceAt: number;
  /** Consecutive renewal failures in this period. */
  readonly failures: number;
}

/** What the shell does next for a lease, and when (`at` is ms epoch, possibly fractional). */
export type LeaseStep =
  | { kind: 'renew'; at: number } // call renewLease at `at`
  | { kind: 'replace'; at: number }; // fetch a new credential at `at`: the one replacement

/** Renewal backoff: 10 s, ×2 per failure, at most 5 min, ±50% jitter, as LifetimeWatcher. */
const BACKOFF_INITIAL_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;
const BACKOFF_JITTER = 0.5;

/**
 * A usable TTL in ms, or 0 for one that is not (0, negative, NaN, ±∞): 0 means "replace now".
 * ∞ is refused too because it would turn into a timer that fires at once.
 */
function usableTtl(ttlMs: number): number {
  return Number.isFinite(ttlMs) && ttlMs > 0 ? ttlMs : 0;
}

/**
 * The grace window for a TTL, in ms: a uniform draw from [10%, 20%) of `ttlMs`, as Vault's
 * LifetimeWatcher `calculateGrace` (`jitterMax + rand % jitterMax`, jitterMax = 10% of the TTL).
 * 0 for a TTL that is 0, negative or not finite.
 */
export function leaseGrace(ttlMs: number, random: () => number): number {
  const ttl = usableTtl(ttlMs);
  return ttl * 0.1 * (1 + unitDraw(random));
}

/**
 * The replacement point, in ms epoch: `startedAt` + a uniform draw from [85%, 95%) of `ttlMs`,
 * so a fleet replaces spread out yet before expiry (DESIGN §4: "at 85–95% of the current TTL").
 * `startedAt` itself for a TTL that is 0, negative or not finite: replace now.
 */
export function replacementPoint(startedAt: number, ttlMs: number, random: () => number): number {
  const ttl = usableTtl(ttlMs);
  return startedAt + ttl * (0.85 + 0.1 * unitDraw(random));
}

/**
 * How long after the TTL was returned to renew, in ms: 2/3 of the TTL plus 1/3 of the grace, as
 * Vault's LifetimeWatcher `calculateSleepDuration` (with a 10–20% grace: 70–73.3% of the TTL).
 * Kept inside [50%, 90%] of the TTL (DESIGN §4): a grace that is negative or not finite counts
 * as 0 (so never below 2/3), and the result is capped at 90%. 0 for an unusable TTL.
 */
export function renewalDelay(ttlMs: number, graceMs: number): number {
  const ttl = usableTtl(ttlMs);
  const grace = Number.isFinite(graceMs) && graceMs > 0 ? graceMs : 0;
  return Math.min((2 * ttl) / 3 + grace / 3, 0.9 * ttl);
}

/**
 * The wait before renewal retry number `failure` (1 = after the first failure), in ms:
 * 10 s × 2^(failure−1) capped at 5 min, times a uniform jitter in [0.5, 1.5), as LifetimeWatcher's
 * error backoff (cenkalti/backoff: 10 s initial, ×2, 5 min max, randomization 0.5). Always in
 * [5 s, 7.5 min), never 0: a 0 sleep was hashicorp/vault#20645's renew hot loop.
 */
export function renewBackoff(failure: number, random: () => number): number {
  const n = failure >= 1 ? Math.floor(failure) : 1;
  const base = Math.min(BACKOFF_INITIAL_MS * 2 ** (n - 1), BACKOFF_MAX_MS);
  return base * (1 - BACKOFF_JITTER + 2 * BACKOFF_JITTER * unitDraw(random));
}

/**
 * The clock for a freshly fetched lease, started at `now` (ms epoch) with `lease.ttlMs` (ms).
 * Draws the grace (10–20% of the TTL) and the replacement point (85–95%) from `random`, once.
 * A TTL that is 0, negative or not finite gives a clock whose next step is `replace` at `now`.
 */
export function startLease(
  lease: { id: string; ttlMs: number; renewable: boolean },
  now: number,
  random: () => number,
): LeaseClock {
  const ttl = usableTtl(lease.ttlMs);
  return periodClock(lease.id, now, ttl, lease.renewable, leaseGrace(ttl, random), random);
}

/**
 * What to do next for `clock`, as LifetimeWatcher decides it:
 * - renewable and TTL > 4 × grace: `renew` at `startedAt` + {@link renewalDelay} (70–73.3% of
 *   the TTL for a steady TTL, always inside [50%, 90%] and before `replaceAt`);
 * - otherwise (not renewable, renewal stopped, or TTL ≤ 4 × grace because a max TTL shrank it, so
 *   the next renewal would fall inside the grace window): `replace` at `replaceAt`.
 */
export function nextStep(clock: LeaseClock): LeaseStep {
  const replace: LeaseStep = { kind: 'replace', at: clock.replaceAt };
  if (!clock.renewable || !(clock.ttlMs > 4 * clock.graceMs)) return replace;
  const at = clock.startedAt + renewalDelay(clock.ttlMs, clock.graceMs);
  // Unreachable for clocks built here (≤ 75% against ≥ 85%), kept so a renewal can never pass it.
  return at < clock.replaceAt ? { kind: 'renew', at } : replace;
}

/**
 * The clock after a successful renewal at `now` (ms epoch): the returned TTL (ms) drives the next
 * schedule from `now`. Grace is recomputed only when the TTL grew (`renewed.ttlMs > clock.ttlMs`,
 * as LifetimeWatcher), else kept, so a max TTL shrinking the lease is detected as TTL ≤ 4 × grace.
 * Failures reset; the replacement point is redrawn for the new period.
 */
export function afterRenewal(
  clock: LeaseClock,
  renewed: { ttlMs: number; renewable: boolean },
  now: number,
  random: () => number,
): LeaseClock {
  const ttl = usableTtl(renewed.ttlMs);
  const graceMs = ttl > clock.ttlMs ? leaseGrace(ttl, random) : clock.graceMs;
  return periodClock(clock.leaseId, now, ttl, renewed.renewable, graceMs, random);
}

/**
 * The clock of a TTL period that starts at `now` with the usable `ttl`: renewable only with a TTL,
 * no failures yet, and the replacement point drawn from `random` (after the grace, which the
 * caller has drawn or kept).
 */
function periodClock(
  leaseId: string,
  now: number,
  ttl: number,
  renewable: boolean,
  graceMs: number,
  random: () => number,
): LeaseClock {
  return {
    leaseId,
    startedAt: now,
    ttlMs: ttl,
    renewable: renewable && ttl > 0,
    graceMs,
    replaceAt: replacementPoint(now, ttl, random),
    failures: 0,
  };
}

/**
 * The clock and the step after a renewal failed at `now` (ms epoch) with `code` (and the HTTP
 * status, when there was one). Never schedules before `now`, and never a renewal at or after
 * `replaceAt`; a `replace` step is also what `nextStep` of the returned clock gives.
 * - LEASE_EXPIRED, INVALID_REQUEST or status 400 (Vault: "lease not found or lease is not
 *   renewable"): the credential is gone, `replace` at `now`.
 * - retryable (THROTTLED, UNAVAILABLE, TIMEOUT): `renew` again after {@link renewBackoff}; when
 *   that would be at or after `replaceAt`, renewal stops and the step is `replace` at `replaceAt`.
 * - any other code (ACCESS_DENIED: Vault PR #26844, no 403 renew storms): renewal stops and the
 *   credential is used until `replaceAt` (or `now` if that has passed), then replaced once.
 */
export function afterRenewalError(
  clock: LeaseClock,
  code: SecretsErrorCode,
  statusCode: number | undefined,
  now: number,
  random: () => number,
): { clock: LeaseClock; step: LeaseStep } {
  const failures = clock.failures + 1;
  const stopAndReplaceAt = (at: number): { clock: LeaseClock; step: LeaseStep } => ({
    clock: { ...clock, renewable: false, replaceAt: at, failures },
    step: { kind: 'replace', at },
  });
  if (code === 'LEASE_EXPIRED' || code === 'INVALID_REQUEST' || statusCode === 400) {
    return stopAndReplaceAt(now);
  }
  const replaceAt = Math.max(clock.replaceAt, now);
  if (!isRetryableByDefault(code) || !clock.renewable) return stopAndReplaceAt(replaceAt);
  const retryAt = now + renewBackoff(failures, random);
  if (retryAt >= clock.replaceAt) return stopAndReplaceAt(replaceAt);
  return { clock: { ...clock, failures }, step: { kind: 'renew', at: retryAt } };
}
