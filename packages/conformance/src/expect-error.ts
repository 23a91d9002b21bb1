// Assertions on rejections: every error a check provokes must be a SecretsError with a code from
// SECRETS_ERROR_CODES, and where the check expects one, exactly that code.
import {
  isSecretsError,
  SECRETS_ERROR_CODES,
  type SecretsError,
  type SecretsErrorCode,
} from '@secretkit/core';
import { expect } from 'vitest';

/** The error `promise` rejects with; fails the test when it resolves (without printing the value). */
export async function rejectionOf(promise: Promise<unknown>, what: string): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail(`${what} resolved; expected it to reject`);
}

/** Fails the test unless `error` is a SecretsError whose code is one of SECRETS_ERROR_CODES. */
export function assertSecretsError(error: unknown, what: string): asserts error is SecretsError {
  if (!isSecretsError(error)) {
    expect.fail(`${what} rejected with ${describeThrown(error)}, not a SecretsError`);
  }
  expect(SECRETS_ERROR_CODES, `${what}: unknown error code "${String(error.code)}"`).toContain(error.code);
}

/** Awaits the rejection of `promise` and checks it is a SecretsError with `code`. */
export async function expectSecretsError(
  promise: Promise<unknown>,
  code: SecretsErrorCode,
  what: string,
): Promise<SecretsError> {
  const error = await rejectionOf(promise, `${what} (expected ${code})`);
  assertSecretsError(error, what);
  expect(error.code, `${what} rejected with ${error.code} ("${error.message}"), expected ${code}`).toBe(code);
  return error;
}

function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error;
}
