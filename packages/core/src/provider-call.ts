// One provider call the way core makes it: each attempt under its own timeout and abort signal,
// failures normalised to SecretsError, retryable ones retried per the policy (DESIGN §4 rule 4).
import { abortReason, raceAbort, sleep, unref } from './abort.js';
import { SecretsError, toSecretsError } from './errors.js';
import type { ProviderContext } from './provider.js';
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
}

/** Runs `operation` with retries; rejects with the last attempt's SecretsError. */
export async function callProvider<T>(
  operation: (context: ProviderContext) => Promise<T>,
  settings: CallSettings<T>,
): Promise<T> {
  for (let retry = 1; ; retry++) {
    const started = Date.now();
    try {
      const result = await attemptOnce(operation, settings);
      settings.onAttempt?.({ durationMs: Date.now() - started, result });
      return result;
    } catch (caught) {
      const error = settings.signal.aborted
        ? abortReason(settings.signal, settings.secretName)
        : toSecretsError(caught, { provider: settings.provider, secretName: settings.secretName });
      settings.onAttempt?.({ durationMs: Date.now() - started, error });
      const delay = settings.signal.aborted
        ? undefined
        : retryDelay(error, retry, settings.retry, settings.random);
      if (delay === undefined) throw error;
      await sleep(delay, settings.signal, settings.keepAlive ?? false);
    }
  }
}

/** One attempt: aborted on timeout (TIMEOUT) or when the lifetime signal aborts. */
export async function attemptOnce<T>(
  operation: (context: ProviderContext) => Promise<T>,
  settings: Pick<CallSettings<T>, 'signal' | 'timeoutMs' | 'provider' | 'secretName' | 'report'>,
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
  try {
    // Started in a microtask so a provider that throws synchronously is handled like a rejection,
    // and raced so a provider that ignores its signal still times out.
    const context: ProviderContext = { signal: controller.signal };
    if (settings.report) context.report = settings.report;
    const work = Promise.resolve().then(() => operation(context));
    return await raceAbort(work, controller.signal, settings.secretName);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', forward);
  }
}
