// A bounded least-recently-used map on a Map's insertion order: all the cache needs (get that
// refreshes recency, peek that does not, set, delete, clear) and a removal callback. Replaces
// lru-cache, whose import was most of core's start-up time and bundle (bench/RESULTS.md).

export class Lru<K, V> {
  readonly #max: number;
  readonly #items = new Map<K, V>();
  readonly #onRemove: ((value: V, evicted: boolean) => void) | undefined;
  /** The most recently used key: a hit on it needs no move (the hot path's common case). */
  #newest: K | undefined;

  /** `onRemove` hears of every value that leaves: replaced, deleted, cleared, or evicted (true). */
  constructor(max: number, onRemove?: (value: V, evicted: boolean) => void) {
    this.#max = max;
    this.#onRemove = onRemove;
  }

  /** The value, now the most recently used. */
  get(key: K): V | undefined {
    const value = this.#items.get(key);
    if (value !== undefined && key !== this.#newest) {
      this.#items.delete(key);
      this.#items.set(key, value);
      this.#newest = key;
    }
    return value;
  }

  /** The value, leaving recency alone. */
  peek(key: K): V | undefined {
    return this.#items.get(key);
  }

  set(key: K, value: V): void {
    const previous = this.#items.get(key);
    this.#items.delete(key);
    this.#items.set(key, value);
    this.#newest = key;
    if (previous !== undefined && previous !== value) this.#onRemove?.(previous, false);
    if (this.#items.size > this.#max) {
      const [oldestKey, oldest] = this.#items.entries().next().value as [K, V];
      this.#items.delete(oldestKey);
      this.#onRemove?.(oldest, true);
    }
  }

  delete(key: K): void {
    const value = this.#items.get(key);
    if (value === undefined) return;
    this.#items.delete(key);
    if (key === this.#newest) this.#newest = undefined;
    this.#onRemove?.(value, false);
  }

  clear(): void {
    const values = [...this.#items.values()];
    this.#items.clear();
    this.#newest = undefined;
    for (const value of values) this.#onRemove?.(value, false);
  }

  get size(): number {
    return this.#items.size;
  }

  /** Values from least to most recently used. */
  values(): IterableIterator<V> {
    return this.#items.values();
  }

  entries(): IterableIterator<[K, V]> {
    return this.#items.entries();
  }
}
