// A ChangeSource the test drives: it records every start and its context, sends hints through the
// listener of the current start, and fails a start (by rejecting it, or by throwing at once).
import type { ChangeHint, ChangeSource, ChangeSourceContext } from '../src/index.js';

export interface ControlledStart {
  readonly listener: (hint: ChangeHint) => void;
  readonly context: ChangeSourceContext;
  /** Rejects this start's promise (a dropped connection). */
  fail(error: unknown): void;
}

export interface ControlledSource extends ChangeSource {
  /** Every start, oldest first. */
  readonly starts: ControlledStart[];
  /** The newest start. */
  current(): ControlledStart;
  /** Sends a hint through the newest start's listener (any shape: core checks it). */
  emit(hint: unknown): void;
  /** The next `count` starts throw `error` synchronously instead of running. */
  throwOnStart(error: unknown, count?: number): void;
  /** The next starts resolve at once (a webhook-style source that only registers its listener). */
  resolveOnStart(): void;
}

export function controlledSource(name = 'controlled'): ControlledSource {
  const starts: ControlledStart[] = [];
  let throwing: { error: unknown; count: number } | undefined;
  let resolving = false;
  return {
    name,
    starts,
    current() {
      const start = starts.at(-1);
      if (start === undefined) throw new Error('the source was never started');
      return start;
    },
    emit(hint) {
      this.current().listener(hint as ChangeHint);
    },
    throwOnStart(error, count = 1) {
      throwing = { error, count };
    },
    resolveOnStart() {
      resolving = true;
    },
    start(listener, context) {
      let reject!: (error: unknown) => void;
      const running = new Promise<void>((resolve, rejectStart) => {
        reject = rejectStart;
        context.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      starts.push({ listener, context, fail: (error) => reject(error) });
      if (throwing !== undefined && throwing.count > 0) {
        throwing.count--;
        throw throwing.error;
      }
      return resolving ? undefined : running;
    },
  };
}
