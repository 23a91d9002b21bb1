// Change sources (DESIGN §11): push notifications that reach core as hints. Core starts every
// source once the client exists, reports a failing start as an `error` event (operation 'changes')
// and starts it again after a backoff; close() aborts the signal each start was given.
import { unref } from './abort.js';
import { isSecretsError, SecretsError } from './errors.js';
import type { ChangeHint } from './provider.js';
import { unitDraw } from './random.js';

/** What core hands a source's `start`. */
export interface ChangeSourceContext {
  /** Aborts when the client closes, or when this start failed (core then starts the source anew). */
  readonly signal: AbortSignal;
  /**
   * Reports a failure the source survives (a message it could not parse and dropped): an `error`
   * event with `operation: 'changes'`. Core always passes it; a source started by hand may lack it.
   */
  readonly reportError?: (error: unknown) => void;
}

/** A stream of change hints: an event bus subscription, a webhook, a queue (DESIGN §11). */
export interface ChangeSource {
  /** Names the source in errors: `'aws-sqs'`. */
  readonly name: string;
  /**
   * Delivers hints to `listener` until `context.signal` aborts. A throw or a rejection is a failure:
   * core reports it and calls `start` again after a backoff. Resolving carries no meaning.
   */
  start(listener: (hint: ChangeHint) => void, context: ChangeSourceContext): void | Promise<void>;
}

/** What the supervisor needs from the client. */
export interface ChangeSourceHost {
  /** The client's lifetime: aborted by close(). */
  readonly signal: AbortSignal;
  /** A hint as the source gave it (core checks its shape). */
  hint(hint: unknown, source: string): void;
  /** An `error` event with `operation: 'changes'`. */
  reportError(error: SecretsError): void;
  random(): number;
}

/** The first restart waits about a second; each quick failure after it doubles the wait, up to a minute. */
export const SOURCE_RESTART_MIN_MS = 1_000;
export const SOURCE_RESTART_MAX_MS = 60_000;
/** Share of the delay a restart may move either way, so a fleet does not reconnect in lockstep. */
export const SOURCE_RESTART_JITTER = 0.2;

/**
 * The wait before a source's next start after `failures` quick failures in a row (0 for the first):
 * 1 s × 2^failures, at most 60 s, ±20% jitter. A `random` returning anything but a number in [0, 1)
 * draws 0, the shortest the rule allows (800 ms), never less.
 */
export function sourceRestartDelay(failures: number, random: () => number): number {
  const steps = Math.min(Math.max(0, Math.floor(failures)), 16);
  const base = Math.min(SOURCE_RESTART_MAX_MS, SOURCE_RESTART_MIN_MS * 2 ** steps);
  return Math.round(base * (1 - SOURCE_RESTART_JITTER + 2 * SOURCE_RESTART_JITTER * unitDraw(random)));
}

/**
 * The count of quick failures that the next delay is drawn for: a start that ran at least the
 * longest delay before failing was healthy, so its failure counts as the first again.
 */
export function quickFailures(previous: number, ranForMs: number): number {
  return ranForMs >= SOURCE_RESTART_MAX_MS ? 0 : previous;
}

/** A source's failure as the SecretsError its `error` event carries. */
export function sourceFailure(source: string, error: unknown): SecretsError {
  if (isSecretsError(error)) return error;
  const kind = error instanceof Error ? error.name : typeof error;
  return new SecretsError('UNKNOWN', `change source "${source}" failed with an unexpected ${kind}`, {
    provider: source,
    cause: error,
  });
}

/** Starts every source (on a microtask, so listeners registered right after construction hear its errors). */
export function runChangeSources(sources: readonly ChangeSource[], host: ChangeSourceHost): void {
  for (const source of sources) queueMicrotask(() => supervise(source, host));
}

/** Runs one source until the client closes: each failure is reported, then a new start after the backoff. */
function supervise(source: ChangeSource, host: ChangeSourceHost): void {
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  host.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });

  const launch = () => {
    if (host.signal.aborted) return;
    const attempt = new AbortController();
    const stop = () => attempt.abort(host.signal.reason);
    host.signal.addEventListener('abort', stop, { once: true });
    const startedAt = Date.now();
    const fail = (error: unknown) => {
      if (attempt.signal.aborted) return; // closed, or this start already failed: not news
      host.signal.removeEventListener('abort', stop);
      attempt.abort(new SecretsError('ABORTED', `change source "${source.name}" is restarting`));
      host.reportError(sourceFailure(source.name, error));
      failures = quickFailures(failures, Date.now() - startedAt);
      timer = setTimeout(
        launch,
        sourceRestartDelay(failures, () => host.random()),
      );
      failures++;
      unref(timer);
    };
    const listener = (hint: ChangeHint) => {
      if (!attempt.signal.aborted) host.hint(hint, source.name);
    };
    const context: ChangeSourceContext = {
      signal: attempt.signal,
      reportError: (error) => {
        if (!attempt.signal.aborted) host.reportError(sourceFailure(source.name, error));
      },
    };
    try {
      const started = source.start(listener, context);
      if (typeof (started as Promise<void> | undefined)?.then === 'function') {
        (started as Promise<void>).then(undefined, fail);
      }
    } catch (error) {
      fail(error);
    }
  };
  launch();
}
