// How the client's provider calls are set up and reported: the call settings (timeout, retry,
// back-off, lifetime signal), stats per attempt, `fetch` events, and the provider's own reports.
import type { ClientState } from './client-state.js';
import type { SecretsError } from './errors.js';
import type { CallSettings } from './provider-call.js';

/**
 * The settings of one provider call: the SPI `method` it runs, why (`trigger`), for `secretName`
 * (or a batch's `secretNames`). `onAttempt` hears of each attempt after the stats counted it;
 * `retries` narrows the retry policy (stale-policy.ts).
 */
export function callSettings<T>(
  state: ClientState,
  call: Pick<CallSettings, 'method' | 'trigger' | 'secretName' | 'secretNames'>,
  onAttempt: (durationMs: number, error?: SecretsError, result?: T) => void,
  options: { keepAlive?: boolean; retries?: number } = {},
): CallSettings<T> {
  const { provider, timeoutMs, retry, random } = state.options;
  const { secretName } = call;
  return {
    ...call,
    provider: provider.name,
    signal: state.lifetime,
    timeoutMs,
    retry:
      options.retries === undefined ? retry : { ...retry, retries: Math.min(retry.retries, options.retries) },
    random,
    keepAlive: options.keepAlive ?? true,
    backoffKey: provider,
    report: (error) =>
      state.events.emit('error', {
        ...(secretName === undefined ? {} : { name: secretName }),
        operation: 'provider',
        error,
      }),
    onAttempt: ({ durationMs, error, result }) => {
      state.stats.providerCalls++;
      if (error) state.stats.errors++;
      onAttempt(durationMs, error, result);
    },
  };
}

/** A `fetch` event, built only when someone listens. `version` comes from a checked record. */
export function emitFetch(
  state: ClientState,
  name: string,
  durationMs: number,
  error?: SecretsError,
  version?: string,
): void {
  if (!state.events.has('fetch')) return;
  state.events.emit('fetch', {
    name,
    durationMs,
    outcome: error ? 'error' : 'ok',
    ...(version === undefined ? {} : { version }),
    ...(error ? { code: error.code } : {}),
  });
}
