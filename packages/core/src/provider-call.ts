// One provider call the way core makes it: each attempt under its own timeout and abort signal,
// failures normalised to SecretsError, retryable ones retried per the policy (DESIGN §4 rule 4),
// and no attempt at all while the provider is backing off or its breaker is open (provider-backoff.ts).
import { abortReason, raceAbort, sleep, unref } from './abort.js';
import type { ReadContext, ReadTrigger } from './diagnostics.js';
import { type CallTarget, traceProviderCall, traceRead } from './diagnostics-tracing.js';
import { SecretsError, toSecretsError } from './errors.js';
import type { ProviderContext } from './provider.js';
import { admitAttempt, backoffError, breakerError, noteAttempt, noteReadFailed } from './provider-backoff.js';
import { type RetryPolicy, retryDelay } from './retry.js';

export interface CallSettings<T = unknown> extends CallTarget {
  /** Why core reads, for the `secretkit:read` channel. */
  trigger: ReadTrigger;
  /** The client's lifetime signal: aborting it (close) ends the call and its retries. */
  signal: AbortSignal;
  timeoutMs: number;
  retry: RetryPolicy;
  random: () => number;
  /** Where the provider's `context.report` goes. */
  report?: (error: SecretsError) => void;
  /** A caller awaits this call: its backoff timer holds the process (see abort.ts `sleep`). */
  keepAlive?: boolean;
  /** Told about every attempt, for `fetch` events and stats. */
  onAttempt?: (outcome: { durationMs: number; error?: SecretsError; result?: T }) => void;
  /**
   * The provider object: a THROTTLED answer with Retry-After makes it back off for every client
   * sharing it, and while it does an attempt is not made (it fails as THROTTLED, no call, no
   * `onAttempt`) and the retry policy waits or gives up as for any THROTTLED. It also keys the
   * provider's circuit breaker: every attempt and every failed chain is noted, and while the breaker
   * is open an attempt is not made either — the chain ends at once (no retry), with its last
   * failure or, when it made no call, the breaker's refusal.
   */
  backoffKey?: object;
  /** Asked before each retry: true ends the chain with its last failure (its caller has what it needed). */
  stopRetrying?: () => boolean;
  /**
   * Hears of a result that arrived after its attempt was abandoned (timeout, close) by a provider
   * that ignored the abort — e.g. to revoke a credential minted for nobody.
   */
  onLateResult?: (result: T) => void;
}

/** Runs `operation` with retries, as one `secretkit:read`; rejects with the last attempt's SecretsError. */
export function callProvider<T>(
  operation: (context: ProviderContext) => Promise<T>,
  settings: CallSettings<T>,
): Promise<T> {
  return traceRead(settings, settings.trigger, (read) => retrying(operation, settings, read));
}

async function retrying<T>(
  operation: (context: ProviderContext) => Promise<T>,
  settings: CallSettings<T>,
  read: ReadContext | undefined,
): Promise<T> {
  let lastCallFailure: SecretsError | undefined; // of the attempts that called the provider
  const chain: Chain = { probe: 0 };
  for (let retry = 1; ; retry++) {
    const outcome = await attemptUnlessBackingOff(operation, settings, retry, read, chain);
    if (!(outcome instanceof AttemptFailure)) return outcome.result;
    const { error } = outcome;
    if (!outcome.refused) lastCallFailure = error;
    const delay =
      settings.signal.aborted || outcome.refused === 'open'
        ? undefined
        : retryDelay(error, retry, settings.retry, settings.random);
    if (delay !== undefined) await sleep(delay, settings.signal, settings.keepAlive ?? false);
    if (delay === undefined || (settings.stopRetrying?.() && !settings.signal.aborted)) {
      if (settings.backoffKey && lastCallFailure && !settings.signal.aborted) {
        noteReadFailed(settings.backoffKey, lastCallFailure, chain.probe, Date.now(), settings.random);
      }
      throw outcome.refused === 'open' && lastCallFailure ? lastCallFailure : error;
    }
  }
}

/** What the attempts of one read share: the probe id it holds while it is the breaker's probe. */
interface Chain {
  probe: number;
}

class AttemptFailure {
  /** `refused`: no call was made — the provider backs off (`throttled`) or its breaker is `open`. */
  constructor(
    readonly error: SecretsError,
    readonly refused?: 'throttled' | 'open',
  ) {}
}

/**
 * One attempt, reported to `onAttempt` and to the provider's breaker; or, while the provider backs
 * off or its breaker is open, a refusal with no call.
 */
async function attemptUnlessBackingOff<T>(
  operation: (context: ProviderContext) => Promise<T>,
  settings: CallSettings<T>,
  attempt: number,
  read: ReadContext | undefined,
  chain: Chain,
): Promise<{ result: T } | AttemptFailure> {
  const { backoffKey, signal } = settings;
  const started = Date.now();
  // A probe read holds its place through one attempt and the longest retry wait after it.
  const holdMs = settings.timeoutMs + settings.retry.maxDelayMs;
  const admission = backoffKey ? admitAttempt(backoffKey, started, holdMs, chain.probe) : undefined;
  if (admission !== undefined && admission.kind !== 'call') {
    if (signal.aborted) return new AttemptFailure(abortReason(signal, settings.secretName));
    const error =
      admission.kind === 'throttled'
        ? backoffError(settings.provider, settings.secretName, admission.until - started)
        : breakerError(settings.provider, settings.secretName, admission, started);
    return new AttemptFailure(error, admission.kind);
  }
  const probe = admission?.probe ?? 0;
  chain.probe = probe;
  try {
    const result = await traceProviderCall(
      settings,
      attempt,
      read,
      () => attemptOnce(operation, settings),
      (caught) => attemptError(caught, settings),
    );
    if (backoffKey) noteAttempt(backoffKey, probe, undefined, Date.now());
    settings.onAttempt?.({ durationMs: Date.now() - started, result });
    return { result };
  } catch (caught) {
    const error = attemptError(caught, settings);
    if (backoffKey) noteAttempt(backoffKey, probe, error, Date.now());
    settings.onAttempt?.({ durationMs: Date.now() - started, error });
    return new AttemptFailure(error);
  }
}

/** What a failed attempt reports: the abort reason once the signal aborted, else the provider's error as a SecretsError. */
function attemptError(caught: unknown, settings: Pick<CallSettings, 'signal' | 'provider' | 'secretName'>) {
  return settings.signal.aborted
    ? abortReason(settings.signal, settings.secretName)
    : toSecretsError(caught, { provider: settings.provider, secretName: settings.secretName });
}

type AttemptSettings<T> = Pick<
  CallSettings<T>,
  'signal' | 'timeoutMs' | 'provider' | 'secretName' | 'report' | 'onLateResult'
>;

/**
 * One attempt outside any retry policy (lease renewals and revocations), published on
 * `secretkit:provider-call` as attempt 1 of no read.
 */
export function attemptAlone<T>(
  operation: (context: ProviderContext) => Promise<T>,
  settings: AttemptSettings<T> & CallTarget,
): Promise<T> {
  return traceProviderCall(
    settings,
    1,
    undefined,
    () => attemptOnce(operation, settings),
    (caught) => attemptError(caught, settings),
  );
}

/** One attempt: aborted on timeout (TIMEOUT) or when the lifetime signal aborts. */
export async function attemptOnce<T>(
  operation: (context: ProviderContext) => Promise<T>,
  settings: AttemptSettings<T>,
): Promise<T> {
  const { signal, timeoutMs } = settings;
  if (signal.aborted) throw abortReason(signal, settings.secretName);
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(
      new SecretsError('TIMEOUT', `${settings.provider} did not answer within ${timeoutMs} ms`, {
        provider: settings.provider,
        ...(settings.secretName === undefined ? {} : { secretName: settings.secretName }),
      }),
    );
  }, timeoutMs);
  unref(timer);
  const forward = () => controller.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  // Started in a microtask so a provider that throws synchronously is handled like a rejection,
  // and raced so a provider that ignores its signal still times out.
  const context: ProviderContext = { signal: controller.signal };
  if (settings.report) context.report = settings.report;
  const work = Promise.resolve().then(() => operation(context));
  const { onLateResult } = settings;
  const abandon = () => onLateResult && work.then(onLateResult, () => {});
  controller.signal.addEventListener('abort', abandon, { once: true });
  try {
    return await raceAbort(work, controller.signal, settings.secretName);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', forward);
    controller.signal.removeEventListener('abort', abandon);
  }
}
