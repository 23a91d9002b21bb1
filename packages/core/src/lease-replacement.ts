// The one replacement read per lease lifetime (DESIGN §4 Leases): a single provider call outside
// the retry policy, under the call timeout. An answer that comes after the timeout is used when its
// entry still waits for it, else revoked: a minted credential is never dropped unrevoked. Until it
// comes (for one more timeout) a read of the key joins it instead of minting another credential.
import { abortReason, unref } from './abort.js';
import { emitFetch } from './call-reporting.js';
import type { ClientState } from './client-state.js';
import { type CallTarget, traceProviderCall, traceRead } from './diagnostics-tracing.js';
import { SecretsError, toSecretsError } from './errors.js';
import { fetchFailed, revokeOrphan } from './fetch-secret.js';
import type { ProviderContext, SecretRecord, SecretRequest } from './provider.js';
import { admitAttempt, backoffError, breakerError, noteAttempt, noteReadFailed } from './provider-backoff.js';
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
  const { provider, timeoutMs, random } = state.options;
  const generation = state.generation;
  const now = Date.now();
  // A read like any other for the provider's back-off and breaker (it may be the half-open probe).
  const admission = admitAttempt(provider, now, timeoutMs);
  if (admission.kind !== 'call') {
    const refusal =
      admission.kind === 'throttled'
        ? backoffError(provider.name, name, admission.until - now)
        : breakerError(provider.name, name, admission, now);
    return Promise.reject(fetchFailed(state, key, name, refusal, 'lease-replace', generation));
  }
  let noted = false;
  /** Tells the back-off and the breaker once: an answer after the timeout does not undo the TIMEOUT. */
  const noteOutcome = (failure?: SecretsError) => {
    if (noted) return;
    noted = true;
    const now = Date.now();
    noteAttempt(provider, admission.probe, failure, now);
    if (failure) noteReadFailed(provider, failure, admission.probe, now, random);
  };
  return new Promise<CachedSecret>((resolve, reject) => {
    let waiting = true;
    let settleLate: ((stored: CachedSecret | undefined, error?: SecretsError) => void) | undefined;
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
      const timedOut = new SecretsError('TIMEOUT', message, { provider: provider.name, secretName: name });
      noteOutcome(timedOut);
      fail(timedOut);
      if (!lifetime.aborted) settleLate = joinLateAnswer(state, key, name, timedOut);
    }, timeoutMs);
    unref(timer);
    lifetime.addEventListener('abort', onClose, { once: true });
    answerOnce(state, request).then(
      (record) => {
        noteOutcome();
        if (!stopWaiting()) {
          const stored = useLateAnswer(state, key, request, record, leaseId, generation);
          return settleLate?.(stored);
        }
        try {
          resolve(storeRecord(state, key, request, record, generation, 'lease-replace'));
        } catch (error) {
          reject(fetchFailed(state, key, name, error as SecretsError, 'lease-replace', generation));
        }
      },
      (error: SecretsError) => {
        noteOutcome(error);
        fail(error);
        settleLate?.(undefined, error);
      },
    );
  });
}

/**
 * Makes the answer still coming for `key` the read in flight for one more timeout, so a read made
 * once the old lease has ended waits for it rather than minting a second credential. Returns how
 * to settle it: with the secret the late answer stored, else (an orphan, a failure) as an error.
 */
function joinLateAnswer(
  state: ClientState,
  key: string,
  name: string,
  timedOut: SecretsError,
): (stored: CachedSecret | undefined, error?: SecretsError) => void {
  let settle!: (stored: CachedSecret | undefined, error?: SecretsError) => void;
  const late = new Promise<CachedSecret>((resolve, reject) => {
    const timer = setTimeout(() => reject(timedOut), state.options.timeoutMs);
    unref(timer);
    settle = (stored, error) => {
      clearTimeout(timer);
      if (stored) resolve(stored);
      else reject(error ?? timedOut);
    };
  });
  late.catch(() => {}); // only its joiners hear of a failure
  state.flights.add(key, name, late);
  return settle;
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
  const target: CallTarget = { provider: provider.name, method: 'getSecret', secretName: name };
  const toError = (caught: unknown) =>
    state.lifetime.aborted
      ? abortReason(state.lifetime, name)
      : toSecretsError(caught, { provider: provider.name, secretName: name });
  const started = Date.now();
  try {
    // One read of one attempt on the diagnostics channels, like any other read.
    const record = await traceRead(
      target,
      'lease-replace',
      (read) =>
        traceProviderCall(
          target,
          1,
          read,
          () =>
            Promise.resolve()
              .then(() => provider.getSecret(request, context))
              .then((answer) => {
                assertRecord(answer, name, provider.name);
                return answer;
              }),
          toError,
        ),
      toError,
    );
    state.stats.providerCalls++;
    emitFetch(state, name, Date.now() - started, undefined, record.version);
    return record;
  } catch (caught) {
    const error = toError(caught);
    state.stats.providerCalls++;
    state.stats.errors++;
    emitFetch(state, name, Date.now() - started, error);
    throw error;
  }
}

/**
 * An answer that came after the timeout: stored when its entry still holds the lease it was to
 * replace, or has gone (the lease ended meanwhile) — else, or once the client is closed or
 * invalidate() ran, it is an orphan and its lease is revoked. Returns what it stored. A read that
 * started while the entry was gone stops retrying once it is stored (fetch-secret.ts).
 */
function useLateAnswer(
  state: ClientState,
  key: string,
  request: SecretRequest,
  record: SecretRecord,
  leaseId: string,
  generation: number,
): CachedSecret | undefined {
  const entry = state.cache?.peek(key);
  const awaited = entry === undefined || entry.secret.lease?.id === leaseId;
  if (!state.lifetime.aborted && generation === state.generation && awaited) {
    try {
      return storeRecord(state, key, request, record, generation, 'lease-replace');
    } catch {
      // expired on the way: nobody can use it; revoke it below
    }
  }
  revokeOrphan(state, request.name, record);
  return undefined;
}
