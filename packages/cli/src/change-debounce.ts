// When `run --watch` acts on a change (DESIGN §10): only when some resolved value differs from what
// the child has, and only 2 s after the last change seen, so one rotation of several secrets is one
// restart. A change that reverts before the timer fires is no change.

/** The debounce of the contract: 2 s after the last change seen. */
export const RESTART_DEBOUNCE_MS = 2_000;

/** The refs whose value differs between two reads (both hold every ref). */
export function changedRefs(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
): string[] {
  return [...after].filter(([ref, value]) => before.get(ref) !== value).map(([ref]) => ref);
}

export interface ChangeDebouncerOptions {
  /** The values the child has now. */
  applied: ReadonlyMap<string, string>;
  /** Called once the values have been stable for `delayMs`; they become `applied`. */
  act(values: ReadonlyMap<string, string>, changed: string[]): void;
  /** @default RESTART_DEBOUNCE_MS */
  delayMs?: number;
}

/** The stateful shell around `changedRefs`: feed it every successful read. */
export class ChangeDebouncer {
  #applied: ReadonlyMap<string, string>;
  #pending: ReadonlyMap<string, string> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #act: ChangeDebouncerOptions['act'];
  readonly #delayMs: number;

  constructor(options: ChangeDebouncerOptions) {
    this.#applied = options.applied;
    this.#act = options.act;
    this.#delayMs = options.delayMs ?? RESTART_DEBOUNCE_MS;
  }

  /** A successful read. Equal to what the child has: nothing (and a pending change is dropped). */
  seen(values: ReadonlyMap<string, string>): void {
    if (changedRefs(this.#applied, values).length === 0) {
      this.cancel();
      return;
    }
    if (this.#pending !== undefined && changedRefs(this.#pending, values).length === 0) return; // no new change
    this.#pending = values;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#fire(), this.#delayMs);
  }

  /** Drops a pending change. */
  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = undefined;
  }

  #fire(): void {
    const values = this.#pending;
    this.#timer = undefined;
    this.#pending = undefined;
    if (values === undefined) return;
    const changed = changedRefs(this.#applied, values);
    this.#applied = values;
    this.#act(values, changed);
  }
}
