// Fake timers for the token and lease schedules: timeouts and the clock faked, the jitter pinned to
// the middle of its range (Math.random() = 0.5), so renewals and re-logins fall on exact seconds.
import { afterEach, beforeEach, vi } from 'vitest';

/** Fakes setTimeout, clearTimeout and Date, and pins Math.random() to 0.5. */
export function fakeScheduleTimers(): void {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.spyOn(Math, 'random').mockReturnValue(0.5);
}

/** Schedule timers around each test of the file (or describe block): real timers and mocks back after it. */
export function useScheduleTimersPerTest(): void {
  beforeEach(fakeScheduleTimers);
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
}
