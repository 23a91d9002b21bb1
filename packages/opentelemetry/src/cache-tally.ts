// Cache lookups counted in the process and reported when the SDK collects. A hit then costs a map
// lookup and an increment; a synchronous counter add would hash its attributes on every hit, and
// the instrumented hit path must stay within 2× of the bare one.
import type { Attributes, BatchObservableResult, Meter, Observable } from '@opentelemetry/api';
import { ATTR_PROVIDER, ATTR_SECRET_NAME } from './attributes.js';

export type CountedLookup = 'hit' | 'miss' | 'stale';

interface Entry {
  readonly attributes: Attributes;
  hit: number;
  miss: number;
  stale: number;
}

/** Names under which the counters are exported (DESIGN §12). */
export const CACHE_METRICS = {
  hit: 'secretkit.cache.hits',
  miss: 'secretkit.cache.misses',
  stale: 'secretkit.cache.stale',
} as const;

/** Entries without a name (`recordNames: false`) are kept under this key: no secret is named ''. */
const UNNAMED = '';

/** One tally per meter, so instrumentations that share a meter (or follow one another) add up. */
const tallies = new WeakMap<Meter, CacheTally>();

export function cacheTally(meter: Meter): CacheTally {
  let tally = tallies.get(meter);
  if (!tally) {
    tally = new CacheTally(meter);
    tallies.set(meter, tally);
  }
  return tally;
}

export class CacheTally {
  readonly #byProvider = new Map<string, Map<string, Entry>>();

  constructor(meter: Meter) {
    const counters: Record<CountedLookup, Observable> = {
      hit: meter.createObservableCounter(CACHE_METRICS.hit, {
        unit: '{hit}',
        description: 'Reads answered from the cache, fresh (refresh ahead included).',
      }),
      miss: meter.createObservableCounter(CACHE_METRICS.miss, {
        unit: '{miss}',
        description: 'Reads the cache could not answer fresh (a stale serve is a miss too).',
      }),
      stale: meter.createObservableCounter(CACHE_METRICS.stale, {
        unit: '{serve}',
        description: 'Reads answered with a stale value because the provider was failing.',
      }),
    };
    meter.addBatchObservableCallback((result) => this.#report(result, counters), Object.values(counters));
  }

  /** Counts one lookup; `name` undefined when names are not recorded. */
  count(type: CountedLookup, provider: string, name: string | undefined): void {
    let byName = this.#byProvider.get(provider);
    if (!byName) {
      byName = new Map();
      this.#byProvider.set(provider, byName);
    }
    const key = name ?? UNNAMED;
    let entry = byName.get(key);
    if (!entry) {
      const attributes: Attributes = { [ATTR_PROVIDER]: provider };
      if (name !== undefined) attributes[ATTR_SECRET_NAME] = name;
      entry = { attributes, hit: 0, miss: 0, stale: 0 };
      byName.set(key, entry);
    }
    entry[type]++;
  }

  /** Cumulative counts, only those above 0 (as a counter that was never added to has no point). */
  #report(result: BatchObservableResult, counters: Record<CountedLookup, Observable>): void {
    for (const byName of this.#byProvider.values()) {
      for (const entry of byName.values()) {
        for (const type of ['hit', 'miss', 'stale'] as const) {
          if (entry[type] > 0) result.observe(counters[type], entry[type], entry.attributes);
        }
      }
    }
  }
}
