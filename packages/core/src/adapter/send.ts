// One provider call under the caller's AbortSignal, for every adapter: the signal is checked before
// and after the lazy client is ready, handed to the SDK, and raced so an abort settles at once;
// every failure leaves as the adapter's SecretsError (DESIGN §2: providers honour the signal).
import { raceAbort } from '../abort.js';
import type { AdapterKit, FailureContext } from './define-adapter.js';

export interface SendOptions<C> {
  kit: AdapterKit;
  client: () => Promise<C>;
  /** The caller's signal; background calls (a login, a token renewal) may have none. */
  signal?: AbortSignal | undefined;
  /** The secret the call is about, for errors. */
  name?: string;
  /** Values of this call that must not surface in an error (a value being written). */
  values?: FailureContext['values'];
}

const NEVER_ABORTED = new AbortController().signal;

/** Runs `call(client, signal)`; rejects with the mapped SecretsError (ABORTED once the signal aborts). */
export async function sendAborting<C, T>(
  options: SendOptions<C>,
  call: (client: C, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { kit, name, values } = options;
  const signal = options.signal ?? NEVER_ABORTED;
  try {
    if (signal.aborted) throw signal.reason;
    const client = await options.client();
    if (signal.aborted) throw signal.reason;
    return await raceAbort(call(client, signal), signal, name);
  } catch (error) {
    throw kit.fromError(error, {
      signal,
      ...(name === undefined ? {} : { name }),
      ...(values ? { values } : {}),
    });
  }
}
