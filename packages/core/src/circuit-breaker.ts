// A provider's circuit breaker as pure decisions (issue 11: a failing provider sees less, not more):
// after a few consecutive failed reads it opens for a cool-down, then lets one probe read through
// (half-open, with its retries); an answer closes it. provider-backoff.ts keeps one per provider.
import type { SecretsErrorCode } from './errors.js';
import { unitDraw } from './random.js';

/** Consecutive failed reads (whole retry chains, each after its retries) that open the breaker (gobreaker's default). */
export const BREAKER_THRESHOLD = 5;
/** The first cool-down's ceiling; each opening without an answer in between doubles it. */
export const MIN_COOL_DOWN_MS = 1_000;
/** The longest cool-down: a recovered provider is probed again within 30 s, far inside any ttl. */
export const MAX_COOL_DOWN_MS = 30_000;

export interface BreakerState {
  /** Consecutive reads that failed with a retryable error while closed. */
  readonly failedReads: number;
  /** Openings since the provider last answered; 0 means closed. */
  readonly openings: number;
  /** While open: no call before this (ms epoch). */
  readonly openUntil: number;
  /** The code of the latest retryable failure: what a refused read fails with. */
  readonly lastCode: SecretsErrorCode;
  /** Half-open with a probe read in flight: its id, and when it is given up on (ms epoch). */
  readonly probe?: { readonly id: number; readonly deadline: number };
}

export const CLOSED_BREAKER: BreakerState = {
  failedReads: 0,
  openings: 0,
  openUntil: 0,
  lastCode: 'UNAVAILABLE',
};

/**
 * - `call`: closed (or this is an attempt of the probe read `probe`), call as usual.
 * - `probe`: half-open and nobody probing: this read is the probe.
 * - `refuse`: open (or another read probes): no call until `until` (ms epoch).
 */
export type BreakerVerdict =
  | { kind: 'call' }
  | { kind: 'probe' }
  | { kind: 'refuse'; until: number; probing: boolean; code: SecretsErrorCode };

/** The verdict at `now` for an attempt of the read whose probe id is `probe` (0: not a probe). */
export function breakerVerdict(state: BreakerState, now: number, probe = 0): BreakerVerdict {
  if (state.openings === 0) return { kind: 'call' };
  if (probe !== 0 && state.probe?.id === probe && now < state.probe.deadline) return { kind: 'call' };
  if (now < state.openUntil)
    return { kind: 'refuse', until: state.openUntil, probing: false, code: state.lastCode };
  if (state.probe && now < state.probe.deadline) {
    return { kind: 'refuse', until: state.probe.deadline, probing: true, code: state.lastCode };
  }
  return { kind: 'probe' };
}

/**
 * The cool-down after opening number `openings` (1 = the first), in ms: "equal jitter", a uniform
 * draw from [½, 1] × min({@link MAX_COOL_DOWN_MS}, {@link MIN_COOL_DOWN_MS} × 2^(openings−1)),
 * so clients sharing a provider do not probe in lockstep and no cool-down exceeds the cap.
 */
export function coolDownMs(openings: number, random: () => number): number {
  const n = Number.isFinite(openings) && openings >= 1 ? Math.floor(openings) : 1;
  const ceiling = Math.min(MAX_COOL_DOWN_MS, MIN_COOL_DOWN_MS * 2 ** Math.min(n - 1, 30));
  return Math.ceil(ceiling / 2 + (unitDraw(random) * ceiling) / 2);
}

function open(state: BreakerState, code: SecretsErrorCode, now: number, random: () => number): BreakerState {
  const openings = state.openings + 1;
  return {
    failedReads: state.failedReads,
    openings,
    openUntil: now + coolDownMs(openings, random),
    lastCode: code,
  };
}

/** The read `id` probes (or goes on probing), given up on at `deadline` if it has not ended by then. */
export function startProbe(state: BreakerState, id: number, deadline: number): BreakerState {
  return { ...state, probe: { id, deadline } };
}

/** A failed call or read, as the breaker sees it. */
export interface BreakerFailure {
  readonly code: SecretsErrorCode;
  readonly retryable: boolean;
}

const isAbort = (failure: BreakerFailure) => failure.code === 'ABORTED' || failure.code === 'CLOSED';

/**
 * What one attempt's outcome does: any answer (a record, or a permanent error such as NOT_FOUND)
 * closes the breaker; an abort of the probe frees its place for the next read; a retryable failure
 * only becomes the code refused reads fail with (its read may retry). `probe`: the read's probe id, or 0.
 */
export function afterAttempt(
  state: BreakerState,
  failure: BreakerFailure | undefined,
  probe: number,
): BreakerState {
  if (failure === undefined || (!failure.retryable && !isAbort(failure))) {
    return state.openings === 0 && state.failedReads === 0 ? state : CLOSED_BREAKER;
  }
  const isProbe = probe !== 0 && state.probe?.id === probe;
  if (isAbort(failure)) {
    if (!isProbe) return state;
    const { probe: _freed, ...rest } = state;
    return rest;
  }
  return state.lastCode === failure.code ? state : { ...state, lastCode: failure.code };
}

/**
 * A whole read (its retry chain) failed after calling the provider; only a retryable failure
 * counts. The probe read failing opens the breaker again, with a longer cool-down.
 */
export function afterReadFailed(
  state: BreakerState,
  failure: BreakerFailure,
  probe: number,
  now: number,
  random: () => number,
): BreakerState {
  if (!failure.retryable || isAbort(failure)) return state;
  const { code } = failure;
  if (probe !== 0 && state.probe?.id === probe) return open(state, code, now, random);
  if (state.openings > 0) return state.lastCode === code ? state : { ...state, lastCode: code };
  const failedReads = state.failedReads + 1;
  if (failedReads < BREAKER_THRESHOLD) return { ...state, failedReads, lastCode: code };
  return open({ ...state, failedReads }, code, now, random);
}
