// waitOrAbort (@secretkit/core/adapter): a wait that ends at its time or, without an error, at an
// abort, leaving no timer and no abort listener behind.
import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { waitOrAbort } from '../src/adapter/index.js';
import { useFakeTimersPerTest } from './fake-timers.js';

/** Whether `promise` has settled (after the microtasks queued so far). */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await Promise.resolve();
  await Promise.resolve();
  return done;
}

describe('waitOrAbort', () => {
  useFakeTimersPerTest();

  it('resolves after ms, not before, and leaves no abort listener or timer', async () => {
    const { signal } = new AbortController();
    const wait = waitOrAbort(1_000, signal);
    await vi.advanceTimersByTimeAsync(999);
    expect(await settled(wait)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(wait)).toBe(true);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves (never rejects) as soon as the signal aborts, clearing its timer', async () => {
    const controller = new AbortController();
    const wait = waitOrAbort(60_000, controller.signal, { unref: true });
    controller.abort(new Error('stopped'));
    await expect(wait).resolves.toBeUndefined();
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('unrefs its timer only when asked', async () => {
    const setTimeoutSpy = vi.spyOn(globalThis, 'setTimeout');
    const { signal } = new AbortController();
    void waitOrAbort(10, signal);
    void waitOrAbort(10, signal, { unref: true });
    const [plain, unrefd] = setTimeoutSpy.mock.results.map((result) => result.value as NodeJS.Timeout);
    expect(plain?.hasRef()).toBe(true);
    expect(unrefd?.hasRef()).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    setTimeoutSpy.mockRestore();
  });
});
