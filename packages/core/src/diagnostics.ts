// What core publishes on node:diagnostics_channel (DESIGN §12): the channel names, the shape of
// every message, and the plain channels (cache lookups, rotations, lease events). No value, token or
// cause text is ever published, and nothing is built while a channel has no subscriber.
import { channel } from 'node:diagnostics_channel';
import type { FetchOperation } from './client-state.js';
import type { SecretsError, SecretsErrorCode } from './errors.js';
import type { EventHub, RotationEvent, SecretsEvents } from './events.js';

/** The channels core publishes on. Subscribe with `diagnostics_channel.subscribe` / `tracingChannel`. */
export const DIAGNOSTICS_CHANNELS = {
  /** TracingChannel around every provider call attempt: {@link ProviderCallContext}. */
  providerCall: 'secretkit:provider-call',
  /** TracingChannel around one read with its retries (the attempts' parent): {@link ReadContext}. */
  read: 'secretkit:read',
  /** Plain channel, one message per cache lookup outcome: {@link CacheMessage}. */
  cache: 'secretkit:cache',
  /** Plain channel, one message per rotation: {@link RotateMessage}. */
  rotate: 'secretkit:rotate',
  /** Plain channel, one message per lease event: {@link LeaseMessage}. */
  lease: 'secretkit:lease',
} as const;

/** The provider (SPI) method a call attempt runs. */
export type ProviderOperation = 'getSecret' | 'getSecrets' | 'getVersion' | 'renewLease' | 'revokeLease';

/** Why core reads: a caller's read, `refresh()`, getMany, or background work. */
export type ReadTrigger = FetchOperation;

/** What both tracing contexts say about their failure, set before the `error` event. */
interface TracedFailure {
  /** The failure's code. */
  code?: SecretsErrorCode;
  /** A copy of the SecretsError without its `cause` (which may quote a provider's answer). */
  error?: SecretsError;
}

/**
 * The context of `secretkit:read`: one read from the provider, from its first attempt to its last
 * retry (or its last refusal while the provider backs off). Never holds the record or its value.
 */
export interface ReadContext extends TracedFailure {
  readonly provider: string;
  readonly operation: ProviderOperation;
  /** The secret read; absent for a batch. */
  readonly name?: string;
  /** The secrets a batch (`getSecrets`) reads, in order. */
  readonly names?: readonly string[];
  readonly trigger: ReadTrigger;
  /** Provider calls made so far (an attempt refused while the provider backs off is none); final at `asyncEnd`. */
  attempts: number;
}

/**
 * The context of `secretkit:provider-call`: one provider call attempt. Never holds `result` (core
 * publishes the events itself; `tracePromise` would put the record, value included, there).
 */
export interface ProviderCallContext extends TracedFailure {
  readonly provider: string;
  readonly operation: ProviderOperation;
  /** The secret the call is for; absent for a batch. */
  readonly name?: string;
  /** The secrets a batch (`getSecrets`) reads, in order. */
  readonly names?: readonly string[];
  /** The attempt within its read, from 1 (lease renewals and revocations are always 1). */
  readonly attempt: number;
  /**
   * The read this attempt belongs to (the same object `secretkit:read` published), for tools that
   * nest attempts under their read. Non-enumerable, so printing a context does not repeat its read;
   * absent for lease renewals and revocations, and when `secretkit:read` has no subscriber.
   */
  readonly read?: ReadContext;
}

/** A `secretkit:cache` message. A stale serve is `miss` then `stale`; a read past 80% of the ttl `hit` then `refresh-ahead`. */
export interface CacheMessage {
  readonly type: 'hit' | 'miss' | 'stale' | 'refresh-ahead';
  readonly provider: string;
  readonly name: string;
}

/** A `secretkit:rotate` message: the `rotate` event without the Secret. */
export interface RotateMessage {
  readonly provider: string;
  readonly name: string;
  readonly previousVersion?: string;
  readonly version?: string;
  readonly reason: RotationEvent['reason'];
}

/** A `secretkit:lease` message: the `lease` event with the provider. */
export interface LeaseMessage {
  readonly provider: string;
  readonly name: string;
  readonly leaseId: string;
  readonly status: SecretsEvents['lease']['status'];
}

/** Read by the hit paths: one property read when nobody listens. */
export const cacheChannel = channel(DIAGNOSTICS_CHANNELS.cache);
const rotateChannel = channel(DIAGNOSTICS_CHANNELS.rotate);
const leaseChannel = channel(DIAGNOSTICS_CHANNELS.lease);

/** Publishes a cache lookup outcome; callers check `cacheChannel.hasSubscribers` first. */
export function publishCache(type: CacheMessage['type'], provider: string, name: string): void {
  const message: CacheMessage = { type, provider, name };
  cacheChannel.publish(message);
}

/** Publishes a rotation (never its Secret). */
export function publishRotate(provider: string, event: RotationEvent): void {
  if (!rotateChannel.hasSubscribers) return;
  const message: RotateMessage = {
    provider,
    name: event.name,
    ...(event.previousVersion === undefined ? {} : { previousVersion: event.previousVersion }),
    ...(event.version === undefined ? {} : { version: event.version }),
    reason: event.reason,
  };
  rotateChannel.publish(message);
}

/** A `lease` event: to the client's listeners, then on `secretkit:lease`. */
export function emitLease(events: EventHub, provider: string, event: SecretsEvents['lease']): void {
  events.emit('lease', event);
  publishLease(provider, event);
}

function publishLease(provider: string, event: SecretsEvents['lease']): void {
  if (!leaseChannel.hasSubscribers) return;
  const message: LeaseMessage = {
    provider,
    name: event.name,
    leaseId: event.leaseId,
    status: event.status,
  };
  leaseChannel.publish(message);
}
