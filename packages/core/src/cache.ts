// The cache: entries keyed by name + version + stage in an LRU bounded by maxEntries, and the pure
// rule that says what an entry may still be used for (DESIGN §4 rules 1, 2, 5, 6, 7).
import { Lru } from './lru.js';
import type { GetOptions } from './options.js';
import type { SecretRequest } from './provider.js';
import type { CachedSecret } from './secret.js';

export interface CacheEntry {
  readonly key: string;
  /** The name the caller asked for (a provider may answer with a canonical one). */
  readonly name: string;
  readonly secret: CachedSecret;
  /** Date.now() when the provider returned the value. */
  readonly fetchedAt: number;
  /** For leased values: when the lease ends (fetchedAt + ttl, moved on by renewals). */
  leaseEndsAt?: number;
  /** Set when a due refresh failed with a retryable error: no new attempt before it (stale-policy.ts). */
  retryAt?: number;
}

export interface FreshnessSettings {
  ttlMs: number;
  staleIfErrorMs: number;
}

/**
 * - `fresh`: serve, no provider call.
 * - `refresh-ahead`: serve, and refresh in the background (past 80% of ttl).
 * - `stale`: past ttl; fetch, and serve this value only if the fetch fails with a retryable error.
 * - `unusable`: never serve it again (past ttl + staleIfError, expired, or lease over).
 */
export type Freshness = 'fresh' | 'refresh-ahead' | 'stale' | 'unusable';

/** Share of the ttl after which a hit refreshes in the background. */
export const REFRESH_AHEAD_AT = 0.8;

export function entryFreshness(entry: CacheEntry, now: number, settings: FreshnessSettings): Freshness {
  const expiresAt = entry.secret.expiresAt?.getTime();
  if (expiresAt !== undefined && expiresAt <= now) return 'unusable';
  if (entry.leaseEndsAt !== undefined) {
    // A leased value stays fresh while its lease is live: reads never mint new credentials.
    return now < entry.leaseEndsAt ? 'fresh' : 'unusable';
  }
  const age = now - entry.fetchedAt;
  if (age < settings.ttlMs) return age >= settings.ttlMs * REFRESH_AHEAD_AT ? 'refresh-ahead' : 'fresh';
  return age < settings.ttlMs + settings.staleIfErrorMs ? 'stale' : 'unusable';
}

/** The cache key of a request: name, version and stage never share an entry. */
export function cacheKey(name: string, version: string | undefined, stage: string | undefined): string {
  if (version === undefined && stage === undefined) return name;
  return `${name}\u0000${version ?? ''}\u0000${stage ?? ''}`;
}

export class SecretCache {
  readonly #entries: Lru<string, CacheEntry>;

  /** `onRemove` hears of every entry that leaves, and whether the LRU bound evicted it. */
  constructor(maxEntries: number, onRemove?: (entry: CacheEntry, evicted: boolean) => void) {
    this.#entries = new Lru<string, CacheEntry>(maxEntries, onRemove);
  }

  get(key: string): CacheEntry | undefined {
    return this.#entries.get(key);
  }

  /** Looks without touching recency (background work must not keep an entry alive). */
  peek(key: string): CacheEntry | undefined {
    return this.#entries.peek(key);
  }

  set(entry: CacheEntry): void {
    this.#entries.set(entry.key, entry);
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Drops every entry of `name` (all versions and stages). */
  deleteName(name: string): void {
    for (const [key, entry] of this.#entries.entries()) {
      if (entry.name === name) this.#entries.delete(key);
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  get size(): number {
    return this.#entries.size;
  }

  values(): IterableIterator<CacheEntry> {
    return this.#entries.values();
  }
}

/** The provider request for a read of `name` with these options. */
export function toRequest(name: string, options: GetOptions | undefined): SecretRequest {
  const request: SecretRequest = { name };
  if (options?.version !== undefined) request.version = options.version;
  if (options?.stage !== undefined) request.stage = options.stage;
  return request;
}

/** The request a cache key stands for (the inverse of cacheKey). */
export function requestFromKey(key: string, name: string): SecretRequest {
  if (key === name) return { name };
  const [, version, stage] = key.split('\u0000');
  return { name, ...(version ? { version } : {}), ...(stage ? { stage } : {}) };
}
