// The public face of a client: what `createSecretsClient` returns and what `stats()` counts
// (DESIGN §4). The implementation is the shell in client.ts.
import type { RotationEvent, SecretsEvents } from './events.js';
import type { GetOptions } from './get-options.js';
import type { Secret } from './secret.js';
import type { WatchOptions } from './watch-hub.js';

export interface SecretsStats {
  /** Reads answered from the cache without waiting on the provider (fresh or refresh-ahead). */
  hits: number;
  /** Reads that had to wait on the provider (no entry, or one past its ttl). */
  misses: number;
  /** Reads answered with a value past its ttl because the provider was failing. */
  staleHits: number;
  /** Provider calls made (every attempt, retries and batch calls included). */
  providerCalls: number;
  /** Reads that joined a provider call already in flight instead of making one. */
  coalesced: number;
  /** Provider calls that failed. */
  errors: number;
  /** Entries in the cache now. */
  entries: number;
}

export interface SecretsClient {
  /** The value as UTF-8 text. */
  get(name: string, options?: GetOptions): Promise<string>;
  /** The value's bytes. */
  getBinary(name: string, options?: GetOptions): Promise<Uint8Array>;
  /** The value parsed as JSON. */
  getJson<T = unknown>(name: string, options?: GetOptions): Promise<T>;
  /** The value with its metadata, as a redacted Secret. */
  getSecret(name: string, options?: GetOptions): Promise<Secret>;
  /** Several values as text, keyed by name; one batch call where the provider has one. */
  getMany(names: string[], options?: GetOptions): Promise<Record<string, string>>;
  /** Bypasses the cache (coalesced with a call already in flight) and stores the result. */
  refresh(name: string, options?: GetOptions): Promise<Secret>;
  /** Drops the entries of one name (every version and stage), or every entry; later reads never join a fetch started before. */
  invalidate(name?: string): void;
  /**
   * Calls `listener` once per rotation of `name`: polls every `interval` (default '1m', ±10%
   * jitter, at least '1s') with the provider's cheap version probe when it has one. Every listener
   * of a name shares one poller. Returns unsubscribe.
   */
  watch(name: string, listener: (event: RotationEvent) => void, options?: WatchOptions): () => void;
  /** The rotations of `name` as an async iterable (`for await`); ends on `signal` or `close()`. */
  rotations(name: string, options?: WatchOptions & { signal?: AbortSignal }): AsyncIterable<RotationEvent>;
  /**
   * Runs `use(value)`. If it throws and `retryOn(error)` says the credential was rejected
   * (default: {@link isCredentialRejection}), force-refreshes `name` (at most once per 10 s per
   * name) and, only when the version changed, runs `use(newValue)` once more.
   */
  withSecret<T>(
    name: string,
    use: (value: string) => Promise<T>,
    options?: { retryOn?: (error: unknown) => boolean },
  ): Promise<T>;
  on<K extends keyof SecretsEvents>(event: K, listener: (event: SecretsEvents[K]) => void): () => void;
  stats(): SecretsStats;
  /** Stops timers, revokes leases when asked, closes the provider; later calls reject with CLOSED. */
  close(): Promise<void>;
}
