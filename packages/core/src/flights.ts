// Provider reads in flight, by cache key: what coalescing joins (DESIGN §4 rule 3). invalidate()
// detaches them, so a read that starts afterwards never gets a value fetched before it.
import type { FetchOperation } from './client-state.js';
import type { CachedSecret } from './secret.js';

interface Flight {
  readonly name: string;
  readonly promise: Promise<CachedSecret>;
  /** Why it was started: a change hint joins only a hint's read (change-hints.ts). */
  readonly operation: FetchOperation | undefined;
}

export class Flights {
  readonly #flights = new Map<string, Flight>();

  /** The read in flight for `key`, if any. */
  get(key: string): Promise<CachedSecret> | undefined {
    return this.#flights.get(key)?.promise;
  }

  has(key: string): boolean {
    return this.#flights.has(key);
  }

  /** The operation that started the read in flight for `key`, if any. */
  startedBy(key: string): FetchOperation | undefined {
    return this.#flights.get(key)?.operation;
  }

  /** Makes `promise` the read in flight for `key` (a read of `name`) until it settles. */
  add(key: string, name: string, promise: Promise<CachedSecret>, operation?: FetchOperation): void {
    const flight: Flight = { name, promise, operation };
    this.#flights.set(key, flight);
    // Only its own: after a detach, a newer read may hold the key.
    const done = () => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    };
    promise.then(done, done);
  }

  /** Later reads of `name` (of every name, without one) start a new fetch instead of joining. */
  detach(name?: string): void {
    for (const [key, flight] of this.#flights) {
      if (name === undefined || flight.name === name) this.#flights.delete(key);
    }
  }
}
