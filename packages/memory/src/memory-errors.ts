// The SecretsErrors the memory provider throws: always tagged `provider: 'memory'` and the secret's
// name, never its value.
import { SecretsError, type SecretsErrorCode } from '@secretkit/core';

export const PROVIDER_NAME = 'memory';

/** A SecretsError from the memory provider; `secretName` is set when the error is about one secret. */
export function memoryError(
  code: SecretsErrorCode,
  message: string,
  secretName?: string,
  retryAfterMs?: number,
): SecretsError {
  return new SecretsError(code, message, {
    provider: PROVIDER_NAME,
    ...(secretName === undefined ? {} : { secretName }),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}
