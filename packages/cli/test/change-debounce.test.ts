// When run --watch acts: only on a real change, 2 s after the last change seen (fake timers).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeDebouncer, changedRefs, RESTART_DEBOUNCE_MS } from '../src/change-debounce.js';

const values = (a: string, b: string) =>
  new Map([
    ['ref-a', a],
    ['ref-b', b],
  ]);

describe('changedRefs', () => {
  it('lists the refs whose value differs', () => {
    expect(changedRefs(values('1', '2'), values('1', '2'))).toEqual([]);
    expect(changedRefs(values('1', '2'), values('1', '3'))).toEqual(['ref-b']);
    expect(changedRefs(values('1', '2'), values('0', '3'))).toEqual(['ref-a', 'ref-b']);
  });
});

describe('ChangeDebouncer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function debouncer() {
    const acts: Array<{ values: ReadonlyMap<string, string>; changed: string[] }> = [];
    const instance = new ChangeDebouncer({
      applied: values('1', '2'),
      act: (next, changed) => acts.push({ values: next, changed }),
    });
    return { instance, acts };
  }

  it('the debounce is the contract’s 2 s', () => {
    expect(RESTART_DEBOUNCE_MS).toBe(2_000);
  });

  it('acts once, 2 s after the last change seen, with the latest values', () => {
    const { instance, acts } = debouncer();
    instance.seen(values('1', '3'));
    vi.advanceTimersByTime(1_500);
    instance.seen(values('9', '3')); // the second secret of the same rotation
    vi.advanceTimersByTime(1_999);
    expect(acts).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(acts).toEqual([{ values: values('9', '3'), changed: ['ref-a', 'ref-b'] }]);
    vi.advanceTimersByTime(10_000);
    expect(acts).toHaveLength(1);
  });

  it('compares later reads with what it acted on', () => {
    const { instance, acts } = debouncer();
    instance.seen(values('1', '3'));
    vi.advanceTimersByTime(2_000);
    instance.seen(values('1', '3'));
    vi.advanceTimersByTime(10_000);
    expect(acts).toHaveLength(1);
    instance.seen(values('1', '2')); // back to the old value: a change again
    vi.advanceTimersByTime(2_000);
    expect(acts.map((act) => act.changed)).toEqual([['ref-b'], ['ref-b']]);
  });

  // Timelines that end in a number of acts: each step a read the debouncer sees, time passing, or cancel().
  type Step = (instance: ChangeDebouncer) => void;
  function read(a: string, b: string): Step {
    return (instance) => instance.seen(values(a, b));
  }
  function wait(ms: number): Step {
    return () => vi.advanceTimersByTime(ms);
  }
  const cancel: Step = (instance) => instance.cancel();

  it.each<[string, Step[], number]>([
    ['does nothing for a read equal to what the child has', [read('1', '2'), wait(10_000)], 0],
    [
      'a repeated read of the same pending change does not push the deadline',
      [read('1', '3'), wait(1_000), read('1', '3'), wait(1_000)],
      1,
    ],
    [
      'drops a change that reverts before the deadline',
      [read('1', '3'), wait(1_000), read('1', '2'), wait(10_000)],
      0,
    ],
    ['cancel() drops a pending change', [read('1', '3'), cancel, wait(10_000)], 0],
  ])('%s', (_, timeline, actCount) => {
    const { instance, acts } = debouncer();
    for (const step of timeline) step(instance);
    expect(acts).toHaveLength(actCount);
  });
});
