// The wait before a memory provider call answers: at least one microtask (so an abort issued
// right after the call starts is seen), plus any injected latency, cut short by an abort.
import { waitOrAbort } from '@secretkit/core/adapter';

/**
 * Resolves after `ms` (via setTimeout, so fake timers drive it), or at once when `signal` aborts;
 * the caller then checks `signal.aborted`. With `ms` 0 it resolves after a microtask.
 */
export async function waitToAnswer(ms: number, signal: AbortSignal): Promise<void> {
  await Promise.resolve();
  if (ms <= 0 || signal.aborted) return;
  // Not unref'd: a pending call is real work; a script awaiting it must not exit early.
  await waitOrAbort(ms, signal);
}
