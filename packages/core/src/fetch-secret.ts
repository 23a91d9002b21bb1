// Reading one key from the provider: join the read in flight or start one (coalescing, DESIGN §4
// rule 3), check the record before any event reports it, store it; and what a failure does to the
// cached entry (eviction, stale serving, refresh spacing: stale-policy.ts).
import { raceAbort } from './abort.js';
import { type CacheEntry, cacheKey, entryFreshness, toRequest } from './cache.js';
import { callSettings, emitFetch } from './call-reporting.js';
import { BACKGROUND_OPERATIONS, type ClientState, type FetchOperation } from './client-state.js';
import { revokeLiveLeases } from './close.js';
import type { SecretsError } from './errors.js';
import type { GetOptions } from './get-options.js';
import type { SecretRecord, SecretRequest } from './provider.js';
import { callProvider } from './provider-call.js';
import { assertRecord } from './record-checks.js';
import type { CachedSecret } from './secret.js';
import { nextRefreshAt, staleIfError } from './stale-policy.js';
import { storeRecord } from './store.js';

/**
 * Joins the provider read in flight for this key, or starts one with the retry policy (narrowed to
 * `retries` when given). The caller's signal only stops its own wait.
 */
export function fetchSecret(
  state: ClientState,
  name: string,
  options: GetOptions | undefined,
  operation: FetchOperation = 'get',
  retries?: number,
): Promise<CachedSecret> {
  const key = cacheKey(name, options?.version, options?.stage);
  let pending = state.flights.get(key);
  if (pending) {
    state.stats.coalesced++;
  } else {
    pending = fetchFromProvider(state, key, toRequest(name, options), operation, retries);
    state.flights.add(key, name, pending, operation);
  }
  return raceAbort(pending, options?.signal, name);
}

async function fetchFromProvider(
  state: ClientState,
  key: string,
  request: SecretRequest,
  operation: FetchOperation,
  retries: number | undefined,
): Promise<CachedSecret> {
  const { provider } = state.options;
  const { name } = request;
  const generation = state.generation;
  const before = state.cache?.peek(key); // a store by another read replaces this entry object
  try {
    const record = await callProvider<SecretRecord>(
      async (context) => {
        const answer = await provider.getSecret(request, context);
        assertRecord(answer, name, provider.name); // before the `fetch` event reports its version
        return answer;
      },
      {
        ...callSettings<SecretRecord>(
          state,
          { method: 'getSecret', trigger: operation, secretName: name },
          (durationMs, error, result) => emitFetch(state, name, durationMs, error, result?.version),
          { keepAlive: !BACKGROUND_OPERATIONS.has(operation), ...(retries === undefined ? {} : { retries }) },
        ),
        // A credential minted for an attempt that timed out is nobody's: revoke it.
        onLateResult: (late) => revokeOrphan(state, name, late),
        // Another read stored a value meanwhile (a late lease replacement, a hint): no more attempts.
        stopRetrying: () => storedSince(state, key, before, generation) !== undefined,
      },
    );
    return storeRecord(state, key, request, record, generation, operation);
  } catch (error) {
    const stored = (error as SecretsError).retryable && storedSince(state, key, before, generation);
    if (stored) return stored.secret; // what this read was for, though its own attempts failed
    throw fetchFailed(state, key, name, error as SecretsError, operation, generation);
  }
}

/**
 * The entry another read stored for `key` since this fetch started (when the entry was `before`),
 * if it may be served as it is: a retry chain that outlives it would only mint or fetch again
 * what the cache now has.
 */
function storedSince(
  state: ClientState,
  key: string,
  before: CacheEntry | undefined,
  generation: number,
): CacheEntry | undefined {
  if (generation !== state.generation) return undefined;
  const entry = state.cache?.peek(key);
  if (entry === undefined || entry === before) return undefined;
  const freshness = entryFreshness(entry, Date.now(), state.options.cache!);
  return freshness === 'fresh' || freshness === 'refresh-ahead' ? entry : undefined;
}

/** Revokes the lease of a record nobody will use (best effort; the outcome is a `lease` or `error` event). */
export function revokeOrphan(state: ClientState, name: string, record: SecretRecord): void {
  if (record.lease === undefined) return;
  const { provider, timeoutMs } = state.options;
  void revokeLiveLeases([{ name, lease: record.lease }], provider, timeoutMs, state.events);
}

/** Operations whose failure is never answered with a stale value (the caller, or the hub, hears of it). */
const NEVER_STALE: ReadonlySet<FetchOperation> = new Set(['refresh', 'watch', 'lease-replace']);
/** The refreshes the cache makes by itself; only their failures space the next attempt. */
const DUE_REFRESHES: ReadonlySet<FetchOperation> = new Set(['get', 'get-many', 'refresh-ahead']);

/**
 * Applies rule 5 to the entry of a failed fetch: a permanent error evicts it; a retryable failure
 * of a refresh the cache made (a read past 80% of the ttl; not refresh(), a poll or a hint) spaces
 * the next attempt. A failure nobody waits for (refresh ahead, a hint), or one answered with a
 * stale value, is reported as an `error` event. After invalidate() the cache is not this fetch's
 * to change. Returns `error`.
 */
export function fetchFailed(
  state: ClientState,
  key: string,
  name: string,
  error: SecretsError,
  operation: FetchOperation,
  generation: number,
): SecretsError {
  const { cache } = state;
  const entry = generation === state.generation ? cache?.peek(key) : undefined;
  const now = Date.now();
  const freshness = entry ? entryFreshness(entry, now, state.options.cache!) : 'unusable';
  const action = staleIfError({ freshness, now, failure: error });
  if (entry && action === 'evict') cache!.delete(key);
  const due = freshness === 'refresh-ahead' || freshness === 'stale';
  if (entry && action === 'serve-cached' && due && DUE_REFRESHES.has(operation)) {
    entry.retryAt = nextRefreshAt(now, entry.fetchedAt, state.options.cache!.ttlMs);
  }
  const background = operation === 'refresh-ahead' || operation === 'hint';
  const answeredStale = action === 'serve-cached' && freshness === 'stale' && !NEVER_STALE.has(operation);
  if (background || answeredStale) {
    state.events.emit('error', { name, operation: operation === 'get' ? 'refresh' : operation, error });
  }
  return error;
}
