// The versions of entries that left the cache unasked (ttl and stale window over, LRU bound), so a
// later read of the key still detects a rotation. At most `limit` versions, never a value.
import type { CacheEntry } from './cache.js';

export class DroppedVersions {
  readonly #versions = new Map<string, string>();
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Remembers the version of an entry that is leaving; the oldest goes past the limit. */
  remember(entry: CacheEntry): void {
    if (entry.secret.version === undefined) return;
    this.#versions.delete(entry.key);
    this.#versions.set(entry.key, entry.secret.version);
    if (this.#versions.size > this.#limit) {
      this.#versions.delete(this.#versions.keys().next().value as string);
    }
  }

  /** The remembered version of `key`, forgotten as it is handed out. */
  take(key: string): string | undefined {
    const version = this.#versions.get(key);
    this.#versions.delete(key);
    return version;
  }

  /** Forgets every version and stage of `name`. */
  forgetName(name: string): void {
    for (const key of this.#versions.keys()) {
      if (key === name || key.startsWith(`${name}\u0000`)) this.#versions.delete(key);
    }
  }

  clear(): void {
    this.#versions.clear();
  }
}
