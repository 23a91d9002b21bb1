// What the memory provider's tests share: a call context, the fixed start time T0 with fake timers
// set to it around each test, and a drain for listings.
import type { ProviderContext } from '@secretkit/core';
import { afterEach, beforeEach, vi } from 'vitest';

/** A ProviderContext whose signal never aborts. */
export const context = (): ProviderContext => ({ signal: new AbortController().signal });

/** The fake clock's time when each test starts. */
export const T0 = new Date('2030-01-01T00:00:00.000Z');

/** Registers hooks (for the file or describe block) that fake the timers at T0, and restore them after. */
export function useFakeTimersAtT0(): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** Drains an async iterable (Array.fromAsync is not in the ES2023 lib). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
