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
  // One entry per start (the same function started twice is two listeners, each removed by its
  // own signal), each with its signal: a listener whose signal aborts mid-delivery hears no more.
  const starts = new Set<{ listener: (hint: ChangeHint) => void; signal: AbortSignal }>();
  return {
    get listening() {
      return starts.size > 0;
    },
    deliver(hints) {
      for (const start of [...starts]) {
        for (const hint of hints) {
          if (start.signal.aborted) break;
          start.listener(hint);
        }
      }
    },
    start(listener, { signal }) {
      if (signal.aborted) return;
      const start = { listener, signal };
      starts.add(start);
      signal.addEventListener('abort', () => starts.delete(start), { once: true });
    },
  };
}
