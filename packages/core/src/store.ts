// Storing a checked provider record: expiry (rule 6), the cache entry and its lease, and rotation
// detection — a new version of a known key emits `rotate`, a new lease `lease` (replaced) + `rotate`.
import type { ClientState, FetchOperation } from './client-state.js';
import { emitLease, publishRotate } from './diagnostics.js';
import { SecretsError } from './errors.js';
import type { RotationEvent } from './events.js';
import type { SecretRecord, SecretRequest } from './provider.js';
import { CachedSecret } from './secret.js';

/**
 * Caches `record` (already checked by `assertRecord`) under `key` and returns it as a Secret.
 * DISABLED when it has expired. Nothing is cached when the client closed or invalidate() ran since
 * the fetch started (`generation`): the caller still gets what it asked for.
 */
export function storeRecord(
  state: ClientState,
  key: string,
  request: SecretRequest,
  record: SecretRecord,
  generation: number,
  operation: FetchOperation = 'get',
): CachedSecret {
  const { name } = request;
  const { cache, leases, watches, versions, events } = state;
  const now = Date.now();
  if (record.expiresAt !== undefined && record.expiresAt.getTime() <= now) {
    throw new SecretsError('DISABLED', `secret "${name}" expired at ${record.expiresAt.toISOString()}`, {
      provider: state.options.provider.name,
      secretName: name,
    });
  }
  // Bytes are copied: the provider (or its SDK) may reuse its buffer.
  const value = typeof record.value === 'string' ? record.value : record.value.slice();
  const secret = new CachedSecret({ ...record, name, value });
  if (state.lifetime.aborted || generation !== state.generation) return secret;
  const watched = key === name && watches.has(name);
  const previous = cache?.peek(key)?.secret;
  const dropped = versions.take(key);
  const before = previous?.version ?? dropped ?? (watched ? watches.lastVersion(name) : undefined);
  if (watched) watches.seen(name, secret.version);
  const lease = record.lease;
  if (!cache && lease) leases.remember(name, lease, now);
  if (cache) {
    cache.set({ key, name, secret, fetchedAt: now, ...(lease ? { leaseEndsAt: now + lease.ttlMs } : {}) });
    if (lease) leases.track(key, request, lease, now);
  }
  const replacedLease =
    previous?.lease &&
    secret.lease &&
    (operation === 'lease-replace' || previous.lease.id !== secret.lease.id);
  if (replacedLease) {
    // A new credential took the place of a leased one (the scheduled replacement, a refresh, a hint).
    emitLease(events, state.options.provider.name, {
      name,
      leaseId: previous!.lease!.id,
      status: 'replaced',
    });
    emitRotate(state, {
      name,
      ...(before === undefined ? {} : { previousVersion: before }),
      ...(secret.version === undefined ? {} : { version: secret.version }),
      secret,
      reason: 'lease-replaced',
    });
  } else if (before !== undefined && secret.version !== undefined && before !== secret.version) {
    emitRotate(state, {
      name,
      previousVersion: before,
      version: secret.version,
      secret,
      reason: 'version-changed',
    });
  }
  return secret;
}

/** One place for rotations: the `rotate` event, then the watch listeners of the name. */
function emitRotate(state: ClientState, event: RotationEvent): void {
  state.events.emit('rotate', event);
  publishRotate(state.options.provider.name, event);
  state.watches.deliver(event);
}
