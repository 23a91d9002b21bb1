// Checks on what a provider answers, made before anything is cached or reported in an event: a
// record holds text or bytes and well-typed metadata, and batch errors are SecretsErrors. Nothing
// here ever looks at, or reports, a value.
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

/**
 * A provider must answer with a record holding text or bytes, a string `version`, Dates for
 * `createdAt`/`expiresAt` and a well-formed `lease`; anything else is UNKNOWN ("malformed record",
 * saying which field, value unseen). An `expiresAt` that is an Invalid Date is DISABLED: the expiry
 * cannot be known, so the record is treated as expired (DESIGN §4 rule 6) — never served.
 */
export function assertRecord(
  record: unknown,
  name: string,
  provider: string,
): asserts record is SecretRecord {
  const problem = recordProblem(record);
  if (problem !== undefined) {
    throw new SecretsError('UNKNOWN', `${provider} returned a malformed record for "${name}": ${problem}`, {
      provider,
      secretName: name,
    });
  }
  const { expiresAt } = record as SecretRecord;
  if (expiresAt !== undefined && Number.isNaN(expiresAt.getTime())) {
    throw new SecretsError(
      'DISABLED',
      `secret "${name}" has an unreadable expiry (an Invalid Date); treated as expired`,
      { provider, secretName: name },
    );
  }
}

/** What is wrong with the shape of a record, or undefined. */
function recordProblem(record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return 'not an object';
  const { value, version, createdAt, expiresAt, lease } = record as Partial<
    Record<keyof SecretRecord, unknown>
  >;
  if (!(typeof value === 'string' || value instanceof Uint8Array)) return 'value is neither text nor bytes';
  if (version !== undefined && typeof version !== 'string') return 'version is not a string';
  if (createdAt !== undefined && !(createdAt instanceof Date && !Number.isNaN(createdAt.getTime()))) {
    return 'createdAt is not a valid Date';
  }
  if (expiresAt !== undefined && !(expiresAt instanceof Date)) return 'expiresAt is not a Date';
  if (lease !== undefined) {
    const { id, ttlMs, renewable } = (lease ?? {}) as Partial<Record<string, unknown>>;
    if (typeof lease !== 'object' || lease === null || typeof id !== 'string' || id.length === 0) {
      return 'lease has no id';
    }
    if (typeof ttlMs !== 'number' || typeof renewable !== 'boolean')
      return 'lease is not { id, ttlMs, renewable }';
  }
  return undefined;
}
