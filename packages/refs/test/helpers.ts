// Shared by the resolver's tests: a memory provider with call counts, and the SecretsError check.
import { SecretsError, type SecretsErrorCode } from '@secretkit/core';
import { createMemoryProvider, type MemoryProvider } from '@secretkit/memory';
import { expect } from 'vitest';

/** getSecret calls the memory provider answered, per secret name. */
export function readsOf(provider: MemoryProvider, name?: string): number {
  return provider.calls.filter(
    (call) => call.operation === 'getSecret' && (name === undefined || call.name === name),
  ).length;
}

export function memoryWith(secrets: Record<string, string | object>): MemoryProvider {
  return createMemoryProvider({ secrets });
}

/** Awaits `promise`, which must reject with a SecretsError of `code`; returns it. */
export async function rejection(promise: Promise<unknown>, code: SecretsErrorCode): Promise<SecretsError> {
  const error = await promise.then(
    (value) => expect.fail(`expected ${code}; resolved with ${typeof value}`),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SecretsError);
  expect((error as SecretsError).code).toBe(code);
  return error as SecretsError;
}

/** Calls `run`, which must throw a SecretsError of `code` synchronously. */
export function thrown(run: () => unknown, code: SecretsErrorCode): SecretsError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretsError);
    expect((error as SecretsError).code).toBe(code);
    return error as SecretsError;
  }
  return expect.fail(`expected a synchronous ${code}`);
}
