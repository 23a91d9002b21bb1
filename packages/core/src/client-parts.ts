// Builds the parts of one client — cache, events, watch hub, lease manager, reads in flight — and
// wires their callbacks to the read path, so client.ts stays a thin public shell.
import { pollWatched } from './background-reads.js';
import { SecretCache } from './cache.js';
import { type ClientState, reportListenerError } from './client-state.js';
import { DroppedVersions } from './dropped-versions.js';
import { EventHub } from './events.js';
import { Flights } from './flights.js';
import { LeaseManager } from './lease-manager.js';
import { replaceLease } from './lease-replacement.js';
import type { ResolvedOptions } from './options.js';
import { providerBackoffUntil } from './provider-backoff.js';
import { WatchHub } from './watch-hub.js';

/** The shared state of a client over `options` that lives until `lifetime` aborts (close). */
export function assembleClient(options: ResolvedOptions, lifetime: AbortSignal): ClientState {
  const { provider, random } = options;
  const versions = new DroppedVersions(options.cache?.maxEntries ?? 0);
  const cache =
    options.cache &&
    new SecretCache(options.cache.maxEntries, (entry, evicted) => {
      leases.untrack(entry.key);
      if (evicted) versions.remember(entry);
    });
  const events = new EventHub((error, event) => reportListenerError(events, event, undefined, error));
  const watches = new WatchHub({
    poll: (name) => pollWatched(state, name),
    reportError: (name, error) => events.emit('error', { name, operation: 'watch', error }),
    reportListenerError: (name, error) => reportListenerError(events, 'watch', name, error),
    random,
  });
  const leases: LeaseManager = new LeaseManager({
    provider,
    timeoutMs: options.timeoutMs,
    events,
    signal: lifetime,
    keepRetired: options.leases.revokeOnClose,
    random,
    replace: (key, request, leaseId) => replaceLease(state, key, request, leaseId),
    backoffUntil: (now) => providerBackoffUntil(provider, now),
    extend: (key, endsAt) => {
      const entry = cache?.peek(key);
      if (entry) entry.leaseEndsAt = endsAt;
    },
    expire: (key) => cache?.delete(key),
  });
  const stats = { hits: 0, misses: 0, staleHits: 0, providerCalls: 0, coalesced: 0, errors: 0 };
  const state: ClientState = {
    options,
    cache,
    flights: new Flights(),
    events,
    stats,
    lifetime,
    watches,
    leases,
    versions,
    generation: 0,
  };
  return state;
}
