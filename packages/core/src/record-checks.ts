// Checks on what a provider answers: a record must hold text or bytes, and batch errors must be
// SecretsErrors. Nothing here ever looks at, or reports, a value.
import { SecretsError } from './errors.js';
import type { SecretRecord } from './provider.js';

export function toBatchError(error: Error, name: string, provider: string): SecretsError {
  return error instanceof SecretsError
    ? error
    : new SecretsError('UNKNOWN', `${provider} failed to read "${name}" in a batch`, {
        provider,
        secretName: name,
        cause: error,
      });
}

/** A provider must answer with a record holding text or bytes; anything else is UNKNOWN, value unseen. */
export function assertRecord(
  record: unknown,
  name: string,
  provider: string,
): asserts record is SecretRecord {
  const value = (record as SecretRecord | undefined)?.value;
  const version = (record as SecretRecord | undefined)?.version;
  if (
    typeof record !== 'object' ||
    record === null ||
    !(typeof value === 'string' || value instanceof Uint8Array) ||
    (version !== undefined && typeof version !== 'string')
  ) {
    throw new SecretsError('UNKNOWN', `${provider} returned a malformed record for "${name}"`, {
      provider,
      secretName: name,
    });
  }
}
