// getMany's reads: usable entries from the cache, reads in flight joined, and the rest in one
// `getSecrets` call where the provider has one; each name then follows the single-read rules.
import { raceAbort } from './abort.js';
import { type CacheEntry, cacheKey, entryFreshness, toRequest } from './cache.js';
import { callSettings, emitFetch } from './call-reporting.js';
import type { ClientState } from './client-state.js';
import { cacheChannel, publishCache } from './diagnostics.js';
import { SecretsError } from './errors.js';
import { fetchFailed } from './fetch-secret.js';
import type { GetOptions } from './get-options.js';
import type { ProviderContext, SecretRecord } from './provider.js';
import { callProvider } from './provider-call.js';
import { mayCallProvider, readSecret, servesStale } from './read-path.js';
import { assertRecord, toBatchError } from './record-checks.js';
import { CachedSecret } from './secret.js';
import { storeRecord } from './store.js';

interface BatchItem {
  name: string;
  key: string;
  /** The entry past its ttl that may be served if this item fails with a retryable error. */
  stale?: CacheEntry;
}

/** Reads `names` (distinct), in order. */
export async function readMany(
  state: ClientState,
  names: string[],
  options: GetOptions | undefined,
): Promise<CachedSecret[]> {
  const batch = state.options.provider.getSecrets ? batchItems(state, names, options) : [];
  if (batch.length < 2) {
    return raceAbort(Promise.all(names.map((name) => readSecret(state, name, options))), options?.signal);
  }
  const outcomes = fetchBatch(state, batch, options);
  const batched = new Map<string, Promise<CachedSecret>>();
  const provider = state.options.provider.name;
  batch.forEach((item, i) => {
    state.stats.misses++;
    if (cacheChannel.hasSubscribers) publishCache('miss', provider, item.name);
    const fetched = outcomes.then((all) => settle(all[i]!));
    fetched.catch(() => {}); // handled by the callers below
    state.flights.add(item.key, item.name, fetched);
    batched.set(
      item.name,
      fetched.catch((error: unknown) => {
        if (item.stale && servesStale(state, item.stale, error)) {
          state.stats.staleHits++;
          if (cacheChannel.hasSubscribers) publishCache('stale', provider, item.name);
          return item.stale.secret.asStale();
        }
        throw error;
      }),
    );
  });
  const reads = names.map((name) => batched.get(name) ?? readSecret(state, name, options));
  return raceAbort(Promise.all(reads), options?.signal);
}

/** The names the batch call reads: neither in flight nor servable from the cache as they are. */
function batchItems(state: ClientState, names: string[], options: GetOptions | undefined): BatchItem[] {
  const batch: BatchItem[] = [];
  const now = Date.now();
  for (const name of names) {
    const key = cacheKey(name, options?.version, options?.stage);
    if (state.flights.has(key)) continue;
    const entry = state.cache?.peek(key);
    const freshness = entry && entryFreshness(entry, now, state.options.cache!);
    if (freshness === 'fresh' || freshness === 'refresh-ahead') continue;
    if (freshness === 'stale' && !mayCallProvider(state, entry!, freshness, now)) continue; // served stale
    batch.push({ name, key, ...(freshness === 'stale' ? { stale: entry } : {}) });
  }
  return batch;
}

/** One batch call; every item settles to its secret or its SecretsError. */
async function fetchBatch(
  state: ClientState,
  batch: BatchItem[],
  options: GetOptions | undefined,
): Promise<Array<CachedSecret | SecretsError>> {
  const { provider } = state.options;
  const requests = batch.map((item) => toRequest(item.name, options));
  const generation = state.generation;
  // Only entries that all failed lately make a one-call batch (their spacing is their retry).
  const failing = batch.every((item) => item.stale?.retryAt !== undefined);
  let records: Array<SecretRecord | SecretsError>;
  let durationMs = 0;
  try {
    records = await callProvider(
      async (context: ProviderContext) => {
        const answer = await provider.getSecrets!(requests, context);
        if (!Array.isArray(answer) || answer.length !== requests.length) {
          throw new SecretsError(
            'UNKNOWN',
            `${provider.name} answered a batch of ${requests.length} with a wrong count`,
            { provider: provider.name },
          );
        }
        return answer;
      },
      callSettings(
        state,
        { method: 'getSecrets', trigger: 'get-many', secretNames: requests.map((request) => request.name) },
        (ms, error) => {
          durationMs = ms;
          if (error) for (const item of batch) emitFetch(state, item.name, ms, error);
        },
        failing ? { retries: 0 } : {},
      ),
    );
  } catch (error) {
    return batch.map((item) =>
      fetchFailed(state, item.key, item.name, error as SecretsError, 'get-many', generation),
    );
  }
  return batch.map((item, i) => {
    const error = checkItem(records[i], item.name, provider.name);
    const record = records[i] as SecretRecord;
    emitFetch(state, item.name, durationMs, error, error ? undefined : record.version);
    if (error) return fetchFailed(state, item.key, item.name, error, 'get-many', generation);
    try {
      return storeRecord(state, item.key, toRequest(item.name, options), record, generation);
    } catch (stored) {
      return fetchFailed(state, item.key, item.name, stored as SecretsError, 'get-many', generation);
    }
  });
}

/** The item's error: the provider's (as a SecretsError), or a malformed record's; undefined when it is a record. */
function checkItem(
  answer: SecretRecord | SecretsError | undefined,
  name: string,
  provider: string,
): SecretsError | undefined {
  if (answer instanceof Error) return toBatchError(answer, name, provider);
  try {
    assertRecord(answer, name, provider);
    return undefined;
  } catch (error) {
    return error as SecretsError;
  }
}

function settle(outcome: CachedSecret | SecretsError): Promise<CachedSecret> {
  return outcome instanceof CachedSecret ? Promise.resolve(outcome) : Promise.reject(outcome);
}
