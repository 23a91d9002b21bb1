// One read past the fast path: what the cached entry may still be used for (rules 2, 5, 6), the
// refresh ahead, stale serving and its spacing (stale-policy.ts), else a coalesced provider read.
import { type CacheEntry, cacheKey, entryFreshness, type Freshness } from './cache.js';
import type { ClientState } from './client-state.js';
import { cacheChannel, publishCache } from './diagnostics.js';
import { SecretsError } from './errors.js';
import { fetchSecret } from './fetch-secret.js';
import type { GetOptions } from './get-options.js';
import { providerBackoffUntil } from './provider-backoff.js';
import type { CachedSecret } from './secret.js';
import { refreshRetries, type StaleSituation, staleIfError } from './stale-policy.js';

/** A cached value when one may be served, else a (coalesced) provider read. */
export async function readSecret(
  state: ClientState,
  name: string,
  options: GetOptions | undefined,
): Promise<CachedSecret> {
  const { cache, stats } = state;
  const provider = state.options.provider.name;
  if (cache) {
    const key = cacheKey(name, options?.version, options?.stage);
    const entry = cache.get(key);
    if (entry) {
      const now = Date.now();
      const freshness = entryFreshness(entry, now, state.options.cache!);
      switch (freshness) {
        case 'fresh':
          stats.hits++;
          if (cacheChannel.hasSubscribers) publishCache('hit', provider, name);
          return entry.secret;
        case 'refresh-ahead':
          stats.hits++;
          if (cacheChannel.hasSubscribers) {
            publishCache('hit', provider, name);
            publishCache('refresh-ahead', provider, name);
          }
          if (!state.flights.has(key) && mayCallProvider(state, entry, freshness, now)) {
            const pin = { version: options?.version, stage: options?.stage };
            fetchSecret(state, name, pin, 'refresh-ahead', retriesFor(state, entry)).catch(() => {
              // reported as an `error` event by fetchFailed
            });
          }
          return entry.secret;
        case 'stale':
          if (!mayCallProvider(state, entry, freshness, now)) {
            stats.staleHits++; // a refresh failed lately (or the provider backs off): no call, no wait
            if (cacheChannel.hasSubscribers) {
              publishCache('miss', provider, name); // not fresh: on the channel, every stale serve is a miss first
              publishCache('stale', provider, name);
            }
            return entry.secret.asStale();
          }
          stats.misses++;
          if (cacheChannel.hasSubscribers) publishCache('miss', provider, name);
          return fetchOrServeStale(state, entry, name, options);
        case 'unusable':
          state.versions.remember(entry);
          cache.delete(key);
      }
    }
  }
  stats.misses++;
  if (cacheChannel.hasSubscribers) publishCache('miss', provider, name);
  return fetchSecret(state, name, options);
}

/** Before a due refresh: ask the provider, or keep using the entry (a recent failure, a back-off)? */
export function mayCallProvider(
  state: ClientState,
  entry: CacheEntry,
  freshness: Freshness,
  now: number,
): boolean {
  const situation: StaleSituation = { freshness, now };
  if (entry.retryAt !== undefined) situation.retryAt = entry.retryAt;
  const backoffUntil = providerBackoffUntil(state.options.provider, now);
  if (backoffUntil !== undefined) situation.backoffUntil = backoffUntil;
  return staleIfError(situation) === 'call-provider';
}

/** The retries for refreshing `entry`: the policy's, or none once it has failed (its spacing is its retry). */
export function retriesFor(state: ClientState, entry: CacheEntry): number {
  return refreshRetries(entry.retryAt, state.options.retry.retries);
}

async function fetchOrServeStale(
  state: ClientState,
  entry: CacheEntry,
  name: string,
  options: GetOptions | undefined,
): Promise<CachedSecret> {
  try {
    return await fetchSecret(state, name, options, 'get', retriesFor(state, entry));
  } catch (error) {
    if (servesStale(state, entry, error)) {
      state.stats.staleHits++;
      if (cacheChannel.hasSubscribers) publishCache('stale', state.options.provider.name, name);
      return entry.secret.asStale();
    }
    throw error;
  }
}

/** Rule 5, after the refresh failed: may `entry` be served, marked stale? */
export function servesStale(state: ClientState, entry: CacheEntry, error: unknown): boolean {
  if (!(error instanceof SecretsError)) return false;
  const now = Date.now();
  const freshness = entryFreshness(entry, now, state.options.cache!);
  return freshness === 'stale' && staleIfError({ freshness, now, failure: error }) === 'serve-cached';
}
