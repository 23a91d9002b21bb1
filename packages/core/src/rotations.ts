// rotations(): watch() as an async iterable for `for await` code. Polling starts with the first
// iteration and stops when the loop ends, the signal aborts, or the client closes.
import type { RotationEvent } from './events.js';

export function rotationIterator(
  watch: (listener: (event: RotationEvent) => void) => () => void,
  lifetime: AbortSignal,
  signal: AbortSignal | undefined,
): AsyncIterable<RotationEvent> {
  return {
    async *[Symbol.asyncIterator]() {
      const queue: RotationEvent[] = [];
      let wake: (() => void) | undefined;
      const ended = () => lifetime.aborted || signal?.aborted === true;
      if (ended()) return;
      const onEnd = () => wake?.();
      lifetime.addEventListener('abort', onEnd);
      signal?.addEventListener('abort', onEnd);
      const stop = watch((event) => {
        queue.push(event);
        wake?.();
      });
      try {
        while (!ended()) {
          const next = queue.shift();
          if (next) {
            yield next;
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
          wake = undefined;
        }
      } finally {
        stop();
        lifetime.removeEventListener('abort', onEnd);
        signal?.removeEventListener('abort', onEnd);
      }
    },
  };
}
