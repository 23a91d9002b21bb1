// One Key Vault call through the kit's `sendAborting`: the SDK gets the signal and an `onResponse`
// hook, and a failure is described inside the call, where the status of its answer is known;
// anything the SDK throws after a 2xx answer (an HTML page, a body it could not read) is a
// malformed answer, UNAVAILABLE (DESIGN §5).
import type { SecretClient } from '@azure/keyvault-secrets';
import type { SecretsError } from '@secretkit/core';
import { type AdapterKit, type LazyClient, sendAborting } from '@secretkit/core/adapter';
import { describeKeyVaultError, KeyVaultFailure, withConflictAdvice } from './errors.js';

/** What every SDK operation is given. */
export interface CallOptions {
  abortSignal: AbortSignal;
  onResponse: (response: { status: number }) => void;
}

/** The status of the last raw response of a call (shared by the pages of one listing). */
export interface Answer {
  status?: number;
}

export interface CallTarget {
  kit: AdapterKit;
  client: LazyClient<SecretClient>;
}

/** Runs `run(sdk, options)`; rejects with the mapped SecretsError. */
export async function keyVaultCall<T>(
  target: CallTarget,
  context: { signal: AbortSignal; name?: string; values?: readonly string[]; answer?: Answer },
  run: (sdk: SecretClient, options: CallOptions) => Promise<T>,
): Promise<T> {
  const { kit, client } = target;
  const values = context.values ?? [];
  try {
    return await sendAborting(
      {
        kit,
        client: client.get,
        signal: context.signal,
        ...(context.name === undefined ? {} : { name: context.name }),
        values,
      },
      async (sdk, abortSignal) => {
        const answer = context.answer ?? {};
        delete answer.status;
        const onResponse = (response: { status: number }) => {
          answer.status = response.status;
        };
        try {
          return await run(sdk, { abortSignal, onResponse });
        } catch (error) {
          throw described(error, answer.status);
        }
      },
    );
  } catch (error) {
    throw withConflictAdvice(kit, error as SecretsError); // sendAborting only throws SecretsErrors
  }
}

function described(error: unknown, answered: number | undefined): KeyVaultFailure {
  const facts = describeKeyVaultError(error);
  const after2xx = answered !== undefined && answered >= 200 && answered < 300;
  if (facts.status === undefined && after2xx && !facts.fromCredential && facts.name !== 'AbortError') {
    // The SDK's own text here is about the body it could not map; it is not kept.
    const { message: _dropped, noResponse: _none, systemCode: _system, ...rest } = facts;
    return new KeyVaultFailure({
      ...rest,
      status: answered,
      malformedBody: true,
      message: 'the answer could not be read as Key Vault data',
    });
  }
  return new KeyVaultFailure(facts);
}
