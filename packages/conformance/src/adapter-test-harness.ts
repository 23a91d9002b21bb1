// What every adapter's own tests repeat, written once: a fake's vitest lifecycle (listening for the
// file, reset after each test, no unhandled request left), a provider context and `rejection`.
import type { ProviderContext } from '@secretkit/core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/** The lifecycle every `./testing` fake built on @secretkit/fake-kit has. */
export interface FakeLifecycle {
  listen(): unknown;
  reset(): void;
  close(): unknown;
  readonly unhandledRequests: ReadonlyArray<unknown>;
}

/**
 * Registers `fake` for the current test file: it listens before the first test, fails a test that
 * left unhandled requests, is reset after each test and closed after the last. Returns the fake.
 */
export function useFake<F extends FakeLifecycle>(fake: F): F {
  beforeAll(() => {
    fake.listen();
  });
  afterEach(() => {
    expect(fake.unhandledRequests, 'requests no fake handler answered').toEqual([]);
    fake.reset();
  });
  afterAll(async () => {
    await fake.close();
  });
  return fake;
}

/** A provider context around `signal` (a fresh, never-aborted one by default). */
export function providerContext(signal: AbortSignal = new AbortController().signal): ProviderContext {
  return { signal };
}

/** What `promise` rejected with; fails the test when it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  return promise.then(
    () => expect.unreachable('expected a rejection, the call succeeded') as never,
    (error: unknown) => error as Error & Record<string, unknown>,
  );
}

/**
 * Asserts that `error.cause` is a cleaned copy: a plain Error (never the SDK's own error object,
 * which carries requests and raw responses) with exactly `keys` as its own properties (besides
 * `name`, `message` and `stack`).
 */
export function expectCleanedCause(error: unknown, keys: readonly string[]): void {
  const cause = (error as { cause?: unknown }).cause as object;
  expect(Object.getPrototypeOf(cause), 'the cause is a plain Error').toBe(Error.prototype);
  expect(Object.getOwnPropertyNames(cause).sort()).toEqual([...keys, 'message', 'name', 'stack'].sort());
}
