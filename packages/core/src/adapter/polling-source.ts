// The `start` of a polling change source (a queue it receives from until the client closes): a
// failure after the signal aborted is the close, not a failure.
import type { ChangeSource, ChangeSourceContext } from '../change-sources.js';
import type { ChangeHint } from '../provider.js';

/** A source's receive loop: runs until `context.signal` aborts, throws on failure. */
export type ReceiveLoop = (
  listener: (hint: ChangeHint) => void,
  context: ChangeSourceContext,
) => Promise<void>;

/** `ChangeSource.start` running `loop`, with a rejection after the abort swallowed. */
export function startUntilAborted(loop: ReceiveLoop): ChangeSource['start'] {
  return async (listener, context) => {
    try {
      await loop(listener, context);
    } catch (error) {
      if (context.signal.aborted) return; // closed: not a failure
      throw error;
    }
  };
}
