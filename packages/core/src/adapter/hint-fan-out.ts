// The listeners a push change source (a webhook, a push endpoint) serves: added by `start`, removed
// when its signal aborts, each handed every hint of a delivery.
import type { ChangeSource } from '../change-sources.js';
import type { ChangeHint } from '../provider.js';

/** The clients a push source serves. */
export interface HintFanOut {
  /** Whether any started client still listens. */
  readonly listening: boolean;
  /** Hands every hint to every listener, in order. */
  deliver(hints: readonly ChangeHint[]): void;
  /** `ChangeSource.start`: listens until the signal aborts (an aborted signal adds nothing). */
  readonly start: ChangeSource['start'];
}

/** A new, empty fan-out. */
export function hintFanOut(): HintFanOut {
  const listeners = new Set<(hint: ChangeHint) => void>();
  return {
    get listening() {
      return listeners.size > 0;
    },
    deliver(hints) {
      for (const listener of [...listeners]) for (const hint of hints) listener(hint);
    },
    start(listener, { signal }) {
      if (signal.aborted) return;
      listeners.add(listener);
      signal.addEventListener('abort', () => listeners.delete(listener), { once: true });
    },
  };
}
