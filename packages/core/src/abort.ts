// Waiting that gives up on an AbortSignal: timers for backoff and per-call timeouts. Uses the
// global setTimeout (so fake timers drive it). Timers are unref'd (DESIGN §4 rule 7) except a
// backoff that a caller is awaiting: see `keepAlive` below.
import { SecretsError } from './errors.js';

/** The reason a signal carries, as a SecretsError (ABORTED unless the aborter gave one). */
export function abortReason(signal: AbortSignal, name?: string): SecretsError {
  const reason: unknown = signal.reason;
  if (reason instanceof SecretsError) return reason;
  return new SecretsError(
    'ABORTED',
    'the operation was aborted',
    name === undefined ? {} : { secretName: name },
  );
}

/**
 * Resolves after `ms`, or rejects with the signal's reason once it aborts. With `keepAlive` the
 * timer holds the process open like pending I/O would: a script awaiting `get()` must not exit in
 * the middle of a retry backoff (an unref'd timer there lets Node exit with the work unfinished).
 */
export function sleep(ms: number, signal: AbortSignal, keepAlive = false): Promise<void> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (!keepAlive) unref(timer);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Settles like `promise`, unless `signal` aborts first: then it rejects with the abort reason at
 * once (the underlying work may go on; its result is ignored).
 */
export function raceAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  name?: string,
): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) {
    promise.catch(() => {}); // the work goes on for others; its failure is not ours to report
    return Promise.reject(abortReason(signal, name));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal, name));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** Keeps a timer from holding the process open. */
export function unref(timer: unknown): void {
  (timer as { unref?: () => void } | undefined)?.unref?.();
}
