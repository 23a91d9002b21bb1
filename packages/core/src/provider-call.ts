// One provider call the way core makes it: each attempt under its own timeout and abort signal,
// failures normalised to SecretsError, retryable ones retried per the policy (DESIGN §4 rule 4),
// and no attempt at all while the provider is backing off (provider-backoff.ts).
import { abortReason, raceAbort, sleep, unref } from './abort.js';
import { SecretsError, toSecretsError } from './errors.js';
import type { ProviderContext } from './provider.js';
import { backoffError, noteProviderFailure, providerBackoffUntil } from './provider-backoff.js';
import { type RetryPolicy, retryDelay } from './retry.js';

export interface CallSettings<T = unknown> {
  provider: string;
  secretName?: string;
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
   * `onAttempt`) and the retry policy waits or gives up as for any THROTTLED.
   */
  backoffKey?: object;
  /**
   * Hears of a result that arrived after its attempt was abandoned (timeout, close) by a provider
   * that ignored the abort — e.g. to revoke a credential minted for nobody.
   */
  onLateResult?: (result: T) => void;
}

/** Runs `operation` with retries; rejects with the last attempt's SecretsError. */
export async function callProvider<T>(
  operation: (context: ProviderContext) => Promise<T>,
  settings: CallSettings<T>,
): Promise<T> {
  for (let retry = 1; ; retry++) {
    const outcome = await attemptUnlessBackingOff(operation, settings);
    if (!(outcome instanceof AttemptFailure)) return outcome.result;
    const { error } = outcome;
    const delay = settings.signal.aborted
      ? undefined
      : retryDelay(error, retry, settings.retry, settings.random);
    if (delay === undefined) throw error;
    await sleep(delay, settings.signal, settings.keepAlive ?? false);
  }
}

class AttemptFailure {
  constructor(readonly error: SecretsError) {}
}

/** One attempt, reported to `onAttempt`; or, while the provider backs off, a THROTTLED with no call. */
async function attemptUnlessBackingOff<T>(
  operation: (context: ProviderContext) => Promise<T>,
  settings: CallSettings<T>,
): Promise<{ result: T } | AttemptFailure> {
  const { backoffKey, signal } = settings;
  const started = Date.now();
  const backoffUntil = backoffKey && providerBackoffUntil(backoffKey, started);
  if (backoffUntil !== undefined) {
    if (signal.aborted) return new AttemptFailure(abortReason(signal, settings.secretName));
    return new AttemptFailure(backoffError(settings.provider, settings.secretName, backoffUntil - started));
  }
  try {
    const result = await attemptOnce(operation, settings);
    settings.onAttempt?.({ durationMs: Date.now() - started, result });
    return { result };
  } catch (caught) {
    const error = signal.aborted
      ? abortReason(signal, settings.secretName)
      : toSecretsError(caught, { provider: settings.provider, secretName: settings.secretName });
    settings.onAttempt?.({ durationMs: Date.now() - started, error });
    if (backoffKey) noteProviderFailure(backoffKey, error, Date.now());
    return new AttemptFailure(error);
  }
}

/** One attempt: aborted on timeout (TIMEOUT) or when the lifetime signal aborts. */
export async function attemptOnce<T>(
  operation: (context: ProviderContext) => Promise<T>,
  settings: Pick<
    CallSettings<T>,
    'signal' | 'timeoutMs' | 'provider' | 'secretName' | 'report' | 'onLateResult'
  >,
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
