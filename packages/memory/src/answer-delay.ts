// The wait before a memory provider call answers: at least one microtask (so an abort issued
// right after the call starts is seen), plus any injected latency, cut short by an abort.

/**
 * Resolves after `ms` (via setTimeout, so fake timers drive it), or at once when `signal` aborts;
 * the caller then checks `signal.aborted`. With `ms` 0 it resolves after a microtask.
 */
export async function waitToAnswer(ms: number, signal: AbortSignal): Promise<void> {
  await Promise.resolve();
  if (ms <= 0 || signal.aborted) return;
  await new Promise<void>((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    // Not unref'd: a pending call is real work; a script awaiting it must not exit early.
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
