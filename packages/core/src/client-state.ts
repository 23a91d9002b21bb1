// What the parts of a client share — settings, the cache, reads in flight, events, stats, the
// lifetime signal — and the reasons it reads. The shell in client.ts builds one per client.
import type { SecretCache } from './cache.js';
import type { SecretsStats } from './client-api.js';
import type { DroppedVersions } from './dropped-versions.js';
import { SecretsError } from './errors.js';
import type { EventHub } from './events.js';
import type { Flights } from './flights.js';
import type { LeaseManager } from './lease-manager.js';
import type { ResolvedOptions } from './options.js';
import type { WatchHub } from './watch-hub.js';

/** The counters behind `stats()` (entries is the cache size, read when asked). */
export type ClientCounters = Omit<SecretsStats, 'entries'>;

export interface ClientState {
  readonly options: ResolvedOptions;
  /** Undefined with `cache: false`. */
  readonly cache: SecretCache | undefined;
  readonly flights: Flights;
  readonly events: EventHub;
  readonly stats: ClientCounters;
  /** Aborted by close(): ends every call, backoff and timer. */
  readonly lifetime: AbortSignal;
  readonly watches: WatchHub;
  readonly leases: LeaseManager;
  readonly versions: DroppedVersions;
  /** Bumped by invalidate(): fetches started before it do not write into the cache. */
  generation: number;
}

/**
 * Why core is fetching: a read, `refresh()`, getMany, or background work (refresh ahead, watch
 * polls, change hints, the lease replacement).
 */
export type FetchOperation =
  | 'get'
  | 'refresh'
  | 'refresh-ahead'
  | 'get-many'
  | 'watch'
  | 'hint'
  | 'lease-replace';

/** Operations nobody awaits: their backoff timers must not hold the process. */
export const BACKGROUND_OPERATIONS: ReadonlySet<FetchOperation> = new Set([
  'refresh-ahead',
  'watch',
  'hint',
  'lease-replace',
]);

/** Listeners handed a Secret: their errors may quote its value. */
const HANDED_A_SECRET: ReadonlySet<string> = new Set(['rotate', 'watch']);

/**
 * A throwing listener, as an `error` event (`operation: '<event>-listener'`) with the listener's
 * error as its cause — except for listeners that were handed the Secret (rotate, watch), whose error
 * may quote the value (DESIGN §3): only its name is kept.
 */
export function reportListenerError(
  events: EventHub,
  event: string,
  name: string | undefined,
  error: unknown,
): void {
  const named = name === undefined ? {} : { name };
  const operation = `${event}-listener`;
  if (!HANDED_A_SECRET.has(event)) {
    const wrapped = new SecretsError('UNKNOWN', `a "${event}" listener threw`, { cause: error });
    events.emit('error', { ...named, operation, error: wrapped });
    return;
  }
  const kind =
    error instanceof Error && /^[A-Za-z_$][\w$]{0,63}$/.test(error.name) ? error.name : typeof error;
  const message = `a "${event}" listener threw ${kind === 'object' ? 'a value' : `(${kind})`}; its message is not kept, it may quote the secret`;
  events.emit('error', { ...named, operation, error: new SecretsError('UNKNOWN', message) });
}
