// A wait that ends early, without an error, when a signal aborts: a change source's pause between
// empty polls, a login it waits for, a fake's held answer. (Core's own sleep rejects on abort.)

/**
 * Resolves after `ms`, or as soon as `signal` aborts meanwhile (an abort that came before the call is
 * not seen: check `signal.aborted` first where that matters). An `unref` timer never holds the process.
 */
export function waitOrAbort(ms: number, signal: AbortSignal, { unref = false } = {}): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (unref) (timer as { unref?: () => void }).unref?.();
    signal.addEventListener('abort', done, { once: true });
  });
}
