// Assertions shared by core's tests: "this rejects (or throws) a SecretsError with this code", a way
// to watch a promise settle while fake timers move, and a scripted `random` sequence.
import { expect } from 'vitest';
import { SecretsError, type SecretsErrorCode } from '../src/index.js';

/** Checks that `error` is a SecretsError with `code`, and returns it typed. */
export function expectSecretsError(error: unknown, code: SecretsErrorCode): SecretsError {
  expect(error).toBeInstanceOf(SecretsError);
  expect((error as SecretsError).code).toBe(code);
  return error as SecretsError;
}

/** Awaits `promise`, which must reject with a SecretsError of `code`. */
export async function expectRejection(
  promise: Promise<unknown>,
  code: SecretsErrorCode,
): Promise<SecretsError> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return expectSecretsError(error, code);
  }
  throw new Error(`expected a rejection with ${code}; it resolved with a ${typeof value}`);
}

/** Calls `run`, which must throw a SecretsError of `code` synchronously. */
export function expectThrow(run: () => unknown, code: SecretsErrorCode): SecretsError {
  try {
    run();
  } catch (error) {
    return expectSecretsError(error, code);
  }
  throw new Error(`expected a synchronous throw with ${code}`);
}

export interface Tracked<T> {
  /** True once the promise resolved or rejected. */
  readonly settled: boolean;
  readonly value: T | undefined;
  readonly error: unknown;
}

/** Follows a promise's outcome; its rejection counts as handled. */
export function track<T>(promise: Promise<T>): Tracked<T> {
  const state: { settled: boolean; value: T | undefined; error: unknown } = {
    settled: false,
    value: undefined,
    error: undefined,
  };
  promise.then(
    (value) => {
      state.settled = true;
      state.value = value;
    },
    (error: unknown) => {
      state.settled = true;
      state.error = error;
    },
  );
  return state;
}

/** Returns the given numbers in turn (then repeats the last one). */
export function sequenceRandom(...values: number[]): () => number {
  let index = 0;
  return () => values[Math.min(index++, values.length - 1)] ?? 0;
}
