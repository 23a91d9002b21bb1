// One SDK call under the caller's AbortSignal: checked before and after the lazy import, passed to
// the SDK as `abortSignal`, and raced so an abort settles at once; every failure is a SecretsError.
import type { SecretClient } from '@azure/keyvault-secrets';
import { raceAbort } from '@secretkit/core';
import { toSecretsError } from './error-mapping.js';

/** Runs `call` with the client; rejects with the mapped SecretsError (ABORTED on abort). */
export async function sendAborting<T>(
  client: () => Promise<SecretClient>,
  signal: AbortSignal,
  name: string | undefined,
  call: (client: SecretClient, abortSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  try {
    if (signal.aborted) throw signal.reason;
    const sdk = await client();
    if (signal.aborted) throw signal.reason;
    return await raceAbort(call(sdk, signal), signal, name);
  } catch (error) {
    throw toSecretsError(error, name, signal);
  }
}
