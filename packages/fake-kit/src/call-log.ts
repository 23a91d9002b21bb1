// The record of the requests a fake answered, for exact call-count assertions in tests.

/** Which entries to count: a predicate, or fields that must be equal (`Object.is`, shallow). */
export type CallFilter<Entry> = Partial<Entry> | ((entry: Entry) => boolean);

export interface CallLog<Entry extends object> {
  /** Every entry in the order recorded; the same live array for the log's life (`clear()` empties it). */
  readonly log: ReadonlyArray<Readonly<Entry>>;
  /** Appends a frozen copy of `entry` and returns it. */
  record(entry: Entry): Readonly<Entry>;
  /** How many entries match `filter` (all of them without one). */
  count(filter?: CallFilter<Entry>): number;
  /** Forgets every entry. */
  clear(): void;
}

/** Whether `entry` matches `filter` (no filter matches everything). */
export function matchesCallFilter<Entry extends object>(entry: Entry, filter?: CallFilter<Entry>): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'function') return filter(entry);
  return Object.entries(filter).every(([key, value]) =>
    Object.is((entry as Record<string, unknown>)[key], value),
  );
}

export function createCallLog<Entry extends object>(): CallLog<Entry> {
  const log: Readonly<Entry>[] = [];
  return {
    log,
    record(entry) {
      const frozen = Object.freeze({ ...entry });
      log.push(frozen);
      return frozen;
    },
    count(filter) {
      return log.filter((entry) => matchesCallFilter(entry as Entry, filter)).length;
    },
    clear() {
      log.length = 0;
    },
  };
}
