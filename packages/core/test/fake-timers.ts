// Fake timers for every test of a file (or describe block): installed before each test, real
// timers back after it. Core's tests move time only through vi.advanceTimersByTimeAsync.
import { afterEach, beforeEach, vi } from 'vitest';

type FakeTimerConfig = Parameters<typeof vi.useFakeTimers>[0];

/** Registers beforeEach/afterEach hooks that fake the clock (with `config`) around each test. */
export function useFakeTimersPerTest(config?: FakeTimerConfig): void {
  beforeEach(() => {
    vi.useFakeTimers(config);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}
