// The one replacement read per lease lifetime (DESIGN §4 Leases): a single provider call outside
// the retry policy, under the call timeout. An answer that comes after the timeout is used when its
// entry still waits for it, else revoked: a minted credential is never dropped unrevoked.
import { abortReason, unref } from './abort.js';
import { emitFetch } from './call-reporting.js';
import type { ClientState } from './client-state.js';
import { SecretsError, toSecretsError } from './errors.js';
import { fetchFailed, revokeOrphan } from './fetch-secret.js';
import type { ProviderContext, SecretRecord, SecretRequest } from './provider.js';
import { noteProviderFailure } from './provider-backoff.js';
import { assertRecord } from './record-checks.js';
import type { CachedSecret } from './secret.js';
import { storeRecord } from './store.js';

/**
 * Replaces the credential of the entry at `key` (whose lease is `leaseId`). Joins a read already in
 * flight for the key instead of minting a second credential. Rejects on failure or timeout.
 */
export function replaceLease(
  state: ClientState,
  key: string,
  request: SecretRequest,
  leaseId: string,
): Promise<CachedSecret> {
  const joined = state.flights.get(key);
  if (joined) return joined;
  const replacement = readOnce(state, key, request, leaseId);
  state.flights.add(key, request.name, replacement);
  return replacement;
}

function readOnce(
  state: ClientState,
  key: string,
  request: SecretRequest,
  leaseId: string,
): Promise<CachedSecret> {
  const { name } = request;
  const { lifetime } = state;
  const { provider, timeoutMs } = state.options;
  const generation = state.generation;
  return new Promise<CachedSecret>((resolve, reject) => {
    let waiting = true;
    /** Ends the wait; false when it had already ended (timeout, close). */
    const stopWaiting = (): boolean => {
      if (!waiting) return false;
      waiting = false;
      clearTimeout(timer);
      lifetime.removeEventListener('abort', onClose);
      return true;
    };
    const fail = (error: SecretsError) => {
      if (stopWaiting()) reject(fetchFailed(state, key, name, error, 'lease-replace', generation));
    };
    const onClose = () => fail(abortReason(lifetime, name));
    const timer = setTimeout(() => {
      const message = `${provider.name} did not answer within ${timeoutMs} ms`;
      fail(new SecretsError('TIMEOUT', message, { provider: provider.name, secretName: name }));
    }, timeoutMs);
    unref(timer);
    lifetime.addEventListener('abort', onClose, { once: true });
    answerOnce(state, request).then((record) => {
      if (!stopWaiting()) return useLateAnswer(state, key, request, record, leaseId, generation);
      try {
        resolve(storeRecord(state, key, request, record, generation, 'lease-replace'));
      } catch (error) {
        reject(fetchFailed(state, key, name, error as SecretsError, 'lease-replace', generation));
      }
    }, fail);
  });
}

/**
 * One provider read, counted and reported like any attempt once it settles. Its signal aborts only
 * on close: the timeout ends the client's wait, not the call, whose answer is still wanted.
 */
async function answerOnce(state: ClientState, request: SecretRequest): Promise<SecretRecord> {
  const { provider } = state.options;
  const { name } = request;
  const context: ProviderContext = {
    signal: state.lifetime,
    report: (error) => state.events.emit('error', { name, operation: 'provider', error }),
  };
  const started = Date.now();
  try {
    const record = await Promise.resolve().then(() => provider.getSecret(request, context));
    assertRecord(record, name, provider.name);
    state.stats.providerCalls++;
    emitFetch(state, name, Date.now() - started, undefined, record.version);
    return record;
  } catch (caught) {
    const error = state.lifetime.aborted
      ? abortReason(state.lifetime, name)
      : toSecretsError(caught, { provider: provider.name, secretName: name });
    state.stats.providerCalls++;
    state.stats.errors++;
    emitFetch(state, name, Date.now() - started, error);
    noteProviderFailure(provider, error, Date.now());
    throw error;
  }
}

/**
 * An answer that came after the timeout: stored when its entry still holds the lease it was to
 * replace, or has gone (the lease ended meanwhile) — else, or once the client is closed or
 * invalidate() ran, it is an orphan and its lease is revoked.
 */
function useLateAnswer(
  state: ClientState,
  key: string,
  request: SecretRequest,
  record: SecretRecord,
  leaseId: string,
  generation: number,
): void {
  const entry = state.cache?.peek(key);
  const awaited = entry === undefined || entry.secret.lease?.id === leaseId;
  if (!state.lifetime.aborted && generation === state.generation && awaited) {
    try {
      storeRecord(state, key, request, record, generation, 'lease-replace');
      return;
    } catch {
      // expired on the way: nobody can use it; revoke it below
    }
  }
  revokeOrphan(state, request.name, record);
}
