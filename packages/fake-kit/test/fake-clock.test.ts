// createFakeClock: follows Date.now() (so vitest fake timers drive it), can be pinned and moved.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeClock } from '../src/index.js';

const T0 = Date.UTC(2030, 0, 1);
afterEach(() => {
  vi.useRealTimers();
});

describe('createFakeClock()', () => {
  it('follows Date.now() on every read, so fake timers move it', () => {
    vi.useFakeTimers({ now: T0 });
    const clock = createFakeClock();
    expect(clock.now()).toBe(T0);
    vi.advanceTimersByTime(1500);
    expect(clock.now()).toBe(T0 + 1500);
    expect(clock.date()).toEqual(new Date(T0 + 1500));
  });

  it('advance() adds to Date.now(), also when Date.now() moves on', () => {
    vi.useFakeTimers({ now: T0 });
    const clock = createFakeClock();
    clock.advance(60_000);
    vi.advanceTimersByTime(10);
    expect(clock.now()).toBe(T0 + 60_010);
    clock.advance(-20);
    expect(clock.now()).toBe(T0 + 59_990);
  });

  it('set() and a start time pin it: Date.now() no longer moves it, advance() does', () => {
    vi.useFakeTimers({ now: T0 });
    const pinned = createFakeClock(new Date(T0 - 5000));
    vi.advanceTimersByTime(1000);
    expect(pinned.now()).toBe(T0 - 5000);
    pinned.advance(250);
    expect(pinned.now()).toBe(T0 - 4750);
    pinned.set(T0 + 42);
    expect(pinned.now()).toBe(T0 + 42); // set() also drops what advance() added
    pinned.reset();
    expect(pinned.now()).toBe(T0 + 1000);
  });

  it('refuses times that are not finite numbers or valid Dates', () => {
    const clock = createFakeClock();
    expect(() => createFakeClock(Number.NaN)).toThrow(
      'createFakeClock: expected a finite number of milliseconds or a valid Date',
    );
    expect(() => clock.set(new Date('not a date'))).toThrow(/^set: /);
    expect(() => clock.advance(Number.POSITIVE_INFINITY)).toThrow(/^advance: /);
    expect(() => clock.set('2030-01-01' as never)).toThrow(TypeError);
  });
});
