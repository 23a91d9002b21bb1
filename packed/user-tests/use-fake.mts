// The lifecycle a user's test file gives a /testing fake, written once for these tests: it listens
// before the first test, fails a test that left a request unanswered, is reset after each test and
// closed after the last.
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/** What the msw-based /testing fakes (aws, azure, vault) have in common. */
interface Fake {
  listen(): unknown;
  reset(): void;
  close(): unknown;
  readonly unhandledRequests: ReadonlyArray<unknown>;
}

/** Registers the lifecycle hooks for `fake` in the current file and returns it. */
export function useFake<F extends Fake>(fake: F): F {
  beforeAll(() => fake.listen());
  afterEach(() => {
    expect(fake.unhandledRequests).toEqual([]);
    fake.reset();
  });
  afterAll(() => fake.close());
  return fake;
}
