// What a provider object gets from every client in this process that shares it: the wait a
// THROTTLED answer asks for (Retry-After), and a circuit breaker for retryable failures
// (circuit-breaker.ts) — while either holds, read calls are not made at all.
import {
  afterAttempt,
  afterReadFailed,
  type BreakerFailure,
  type BreakerState,
  breakerVerdict,
  CLOSED_BREAKER,
  startProbe,
} from './circuit-breaker.js';
import { SecretsError, type SecretsErrorCode } from './errors.js';

/** The longest back-off honoured; a longer Retry-After is cut to it (one probe per 5 min, at most). */
export const MAX_PROVIDER_BACKOFF_MS = 300_000;

interface ProviderHealth {
  /** Until when (ms epoch) the provider asked to be left alone (THROTTLED with Retry-After). */
  throttledUntil: number;
  breaker: BreakerState;
}

/** Per provider object. Weak: a dropped provider goes. */
const healths = new WeakMap<object, ProviderHealth>();
let lastProbeId = 0;

function healthOf(provider: object): ProviderHealth {
  let health = healths.get(provider);
  if (health === undefined) {
    health = { throttledUntil: 0, breaker: CLOSED_BREAKER };
    healths.set(provider, health);
  }
  return health;
}

/** Records a failure: THROTTLED with a usable `retryAfterMs` starts (or extends) the back-off. */
export function noteProviderFailure(provider: object, error: SecretsError, now: number): void {
  const wait = error.retryAfterMs;
  if (error.code !== 'THROTTLED' || typeof wait !== 'number' || !(wait > 0)) return;
  const health = healthOf(provider);
  health.throttledUntil = Math.max(health.throttledUntil, now + Math.min(wait, MAX_PROVIDER_BACKOFF_MS));
}

/**
 * Until when (ms epoch) no read call should go to `provider` — it backs off after THROTTLED, its
 * breaker is open, or its half-open probe is in flight — or undefined when a call may go at `now`.
 */
export function providerBackoffUntil(provider: object, now: number): number | undefined {
  const health = healths.get(provider);
  if (health === undefined) return undefined;
  const verdict = breakerVerdict(health.breaker, now);
  const until = Math.max(health.throttledUntil, verdict.kind === 'refuse' ? verdict.until : 0);
  return until > now ? until : undefined;
}

/**
 * Whether a read attempt may call `provider` at `now`:
 * - `call` (with `probe`, the probe id when its read is the half-open probe, else 0);
 * - `throttled`: the provider asked to wait until `until`; the retry policy may wait for it;
 * - `open`: the breaker refuses until `until`; the read fails at once (no retry).
 */
export type Admission =
  | { kind: 'call'; probe: number }
  | { kind: 'throttled'; until: number }
  | { kind: 'open'; until: number; probing: boolean; code: SecretsErrorCode };

/**
 * Asks for one attempt of a read that probes as `probe` (0: it does not). A probe granted or
 * continued here is given up on if its read makes no attempt, and does not end, within `holdMs`.
 */
export function admitAttempt(provider: object, now: number, holdMs: number, probe = 0): Admission {
  const health = healths.get(provider);
  if (health === undefined) return { kind: 'call', probe: 0 };
  if (health.throttledUntil > now) return { kind: 'throttled', until: health.throttledUntil };
  const verdict = breakerVerdict(health.breaker, now, probe);
  if (verdict.kind === 'call') {
    if (probe === 0 || health.breaker.probe?.id !== probe) return { kind: 'call', probe: 0 };
    health.breaker = startProbe(health.breaker, probe, now + Math.max(1, holdMs));
    return { kind: 'call', probe };
  }
  if (verdict.kind === 'refuse') {
    return { kind: 'open', until: verdict.until, probing: verdict.probing, code: verdict.code };
  }
  const granted = ++lastProbeId;
  health.breaker = startProbe(health.breaker, granted, now + Math.max(1, holdMs));
  return { kind: 'call', probe: granted };
}

/** One read attempt settled (`failure` undefined: it answered); `probe` is its Admission's. */
export function noteAttempt(
  provider: object,
  probe: number,
  failure: SecretsError | undefined,
  now: number,
): void {
  if (failure) noteProviderFailure(provider, failure, now);
  const health = healths.get(provider);
  if (health === undefined && failure === undefined) return; // healthy and never failed: nothing to note
  const state = health ?? healthOf(provider);
  state.breaker = afterAttempt(state.breaker, failure && asFailure(failure), probe);
}

/**
 * A whole read (probing as `probe`, or 0) failed with `failure` after calling the provider: its
 * retries were used up or cut short.
 */
export function noteReadFailed(
  provider: object,
  failure: SecretsError,
  probe: number,
  now: number,
  random: () => number,
): void {
  const health = healthOf(provider);
  health.breaker = afterReadFailed(health.breaker, asFailure(failure), probe, now, random);
}

const asFailure = (error: SecretsError): BreakerFailure => ({ code: error.code, retryable: error.retryable });

/** The failure of an attempt that was not made because the provider is backing off: no call. */
export function backoffError(
  providerName: string,
  secretName: string | undefined,
  waitMs: number,
): SecretsError {
  return new SecretsError(
    'THROTTLED',
    `${providerName} asked to wait (Retry-After); no call made, ${waitMs} ms left`,
    {
      provider: providerName,
      retryAfterMs: waitMs,
      ...(secretName === undefined ? {} : { secretName }),
    },
  );
}

/** Breaker refusals, told apart from a provider's own errors (they made no call). */
const refusals = new WeakSet<SecretsError>();

/**
 * The failure of a read the open breaker refused: the code of the provider's last failure,
 * retryable, `retryAfterMs` until the next probe may go; no call was made.
 */
export function breakerError(
  providerName: string,
  secretName: string | undefined,
  refusal: { until: number; probing: boolean; code: SecretsErrorCode },
  now: number,
): SecretsError {
  const waitMs = Math.max(1, Math.ceil(refusal.until - now));
  const why = refusal.probing ? 'a probe read is in flight' : 'the circuit is open';
  const error = new SecretsError(
    refusal.code,
    `${providerName} failed repeatedly (last: ${refusal.code}) and ${why}; no call made, next try in ${waitMs} ms`,
    {
      provider: providerName,
      retryable: true,
      retryAfterMs: waitMs,
      ...(secretName === undefined ? {} : { secretName }),
    },
  );
  refusals.add(error);
  return error;
}

/** True for an error made by {@link breakerError}: the provider was not called. */
export function isBreakerRefusal(error: unknown): boolean {
  return error instanceof SecretsError && refusals.has(error);
}
