// A wait that ends early when a signal aborts: the Storage queue source's pause between empty polls
// and the Key Vault fake's held answers.

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
