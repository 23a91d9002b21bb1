// The time a fake stamps on what it stores (created, expires, lease TTLs). It follows Date.now(), so
// vitest's fake timers drive it, and a test can also pin or move it without them.

/** What a fake reads time from. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface FakeClock extends Clock {
  /** `Date.now()` plus what `advance()` added, or the pinned time. */
  now(): number;
  /** `new Date(now())`. */
  date(): Date;
  /** Pins the clock at `time` (it no longer follows `Date.now()`). */
  set(time: number | Date): void;
  /** Moves the clock forward (or back, with a negative `ms`), pinned or not. */
  advance(ms: number): void;
  /** Unpins it and drops every `advance()`: the clock is `Date.now()` again. */
  reset(): void;
}

function epochMs(what: string, time: number | Date): number {
  const ms = time instanceof Date ? time.getTime() : time;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new TypeError(`${what}: expected a finite number of milliseconds or a valid Date`);
  }
  return ms;
}

/** A clock following `Date.now()` (read on every call), or pinned at `start` when one is given. */
export function createFakeClock(start?: number | Date): FakeClock {
  let pinned = start === undefined ? undefined : epochMs('createFakeClock', start);
  let offset = 0;
  const clock: FakeClock = {
    now: () => (pinned ?? Date.now()) + offset,
    date: () => new Date(clock.now()),
    set(time) {
      pinned = epochMs('set', time);
      offset = 0;
    },
    advance(ms) {
      offset += epochMs('advance', ms);
    },
    reset() {
      pinned = undefined;
      offset = 0;
    },
  };
  return clock;
}
