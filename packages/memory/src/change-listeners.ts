// The watchChanges listeners and the delivery of hints to them (by emitChange only: writes never
// emit by themselves, so a test decides exactly when core hears of a change).
import type { ChangeHint } from '@secretkit/core';

export class ChangeListeners {
  readonly #listeners = new Set<(hint: ChangeHint) => void>();

  /** Returns the unsubscribe function. */
  add(listener: (hint: ChangeHint) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  clear(): void {
    this.#listeners.clear();
  }

  /** Every listener hears the hint (its own copy); the first listener error is rethrown afterwards. */
  emit(hint: ChangeHint): void {
    const copy: ChangeHint = {
      ...(hint.name === undefined ? {} : { name: hint.name }),
      ...(hint.version === undefined ? {} : { version: hint.version }),
    };
    let failure: { error: unknown } | undefined;
    for (const listener of [...this.#listeners]) {
      try {
        listener({ ...copy });
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
  }
}
