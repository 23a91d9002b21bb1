// Client options as users write them, and their validation into the resolved settings core runs on.

import type { ChangeSource } from './change-sources.js';
import { type Duration, describe, parseDuration } from './duration.js';
import { SecretsError } from './errors.js';
import { orDefault, readOptions, wholeNumber } from './option-checks.js';
import type { SecretProvider } from './provider.js';

export type { GetOptions } from './get-options.js';

export interface CacheOptions {
  /** How long a fetched value is served without asking the provider. `0` asks every time. @default '5m' */
  ttl?: Duration;
  /** Most entries kept; the least recently used is dropped first. @default 1000 */
  maxEntries?: number;
  /**
   * How long past `ttl` the last good value may still be served while the provider fails with a
   * retryable error. `0` turns stale serving off. @default '15m'
   */
  staleIfError?: Duration;
}

export interface RetryOptions {
  /** Extra attempts after the first, for retryable errors only. @default 3 */
  retries?: number;
  /** Base of the exponential backoff. @default '100ms' */
  minDelay?: Duration;
  /** Cap of one backoff delay; a Retry-After longer than this ends the retries. @default '5s' */
  maxDelay?: Duration;
}

export interface LeaseOptions {
  /** Revoke every live lease on `close()`. @default false */
  revokeOnClose?: boolean;
}

export interface SecretsClientOptions {
  /** The provider adapter: `awsSecretsManager()`, `createMemoryProvider()`, ... */
  provider: SecretProvider;
  /** Cache settings, or `false` to call the provider on every read. */
  cache?: CacheOptions | false;
  /** Retry settings, or `false` for a single attempt. */
  retry?: RetryOptions | false;
  /** Limit for one provider call (each retry attempt gets its own). @default '10s' */
  timeout?: Duration;
  leases?: LeaseOptions;
  /**
   * Change sources (DESIGN §11): push notifications from the provider's event bus, each a reason to
   * re-read what it names. Started with the client, restarted after a failure, stopped by close().
   * Polling `watch()` keeps running beside them as the safety net.
   * @default [] (no change sources)
   */
  changes?: readonly ChangeSource[];
  /**
   * Source of randomness in [0, 1) for backoff and schedule jitter. Tests pass a seeded one.
   * @default Math.random
   */
  random?: () => number;
}

export interface ResolvedOptions {
  provider: SecretProvider;
  /** Undefined when caching is off. */
  cache: { ttlMs: number; maxEntries: number; staleIfErrorMs: number } | undefined;
  retry: { retries: number; minDelayMs: number; maxDelayMs: number };
  timeoutMs: number;
  leases: { revokeOnClose: boolean };
  changes: readonly ChangeSource[];
  random: () => number;
}

export const DEFAULTS = {
  ttl: '5m',
  maxEntries: 1000,
  staleIfError: '15m',
  retries: 3,
  minDelay: '100ms',
  maxDelay: '5s',
  timeout: '10s',
} as const;

/** Upper bounds that keep a typo from turning into a memory or call storm. */
const MAX_ENTRIES_LIMIT = 10_000_000;
const MAX_RETRIES_LIMIT = 20;

export function resolveOptions(options: unknown): ResolvedOptions {
  const top = readOptions(options, 'createSecretsClient options', [
    'provider',
    'cache',
    'retry',
    'timeout',
    'leases',
    'changes',
    'random',
  ]);
  const provider = top.provider as SecretProvider | undefined;
  if (
    typeof provider !== 'object' ||
    provider === null ||
    typeof provider.getSecret !== 'function' ||
    typeof provider.name !== 'string'
  ) {
    throw new SecretsError('CONFIG', 'provider is required: a SecretProvider with a name and getSecret()');
  }
  if (top.random !== undefined && typeof top.random !== 'function') {
    throw new SecretsError('CONFIG', `random must be a function returning a number in [0, 1)`);
  }
  const timeoutMs = parseDuration(orDefault(top.timeout, DEFAULTS.timeout), 'timeout');
  if (timeoutMs === 0) throw new SecretsError('CONFIG', 'timeout must be greater than 0');
  return {
    provider,
    cache: resolveCache(top.cache),
    retry: resolveRetry(top.retry),
    timeoutMs,
    leases: resolveLeases(top.leases),
    changes: resolveChanges(top.changes),
    random: orDefault(top.random, Math.random) as () => number,
  };
}

function resolveCache(value: unknown): ResolvedOptions['cache'] {
  if (value === false) return undefined;
  const cache = readOptions(
    value === undefined ? {} : value,
    'cache',
    ['ttl', 'maxEntries', 'staleIfError'],
    'cache option',
  );
  return {
    ttlMs: parseDuration(orDefault(cache.ttl, DEFAULTS.ttl), 'cache.ttl'),
    maxEntries: wholeNumber(
      orDefault(cache.maxEntries, DEFAULTS.maxEntries),
      'cache.maxEntries',
      1,
      MAX_ENTRIES_LIMIT,
    ),
    staleIfErrorMs: parseDuration(orDefault(cache.staleIfError, DEFAULTS.staleIfError), 'cache.staleIfError'),
  };
}

function resolveRetry(value: unknown): ResolvedOptions['retry'] {
  if (value === false) return { retries: 0, minDelayMs: 0, maxDelayMs: 0 };
  const retry = readOptions(
    value === undefined ? {} : value,
    'retry',
    ['retries', 'minDelay', 'maxDelay'],
    'retry option',
  );
  const minDelayMs = parseDuration(orDefault(retry.minDelay, DEFAULTS.minDelay), 'retry.minDelay');
  const maxDelayMs = parseDuration(orDefault(retry.maxDelay, DEFAULTS.maxDelay), 'retry.maxDelay');
  if (minDelayMs === 0) throw new SecretsError('CONFIG', 'retry.minDelay must be greater than 0');
  if (maxDelayMs < minDelayMs) {
    throw new SecretsError('CONFIG', 'retry.maxDelay must be at least retry.minDelay');
  }
  return {
    retries: wholeNumber(orDefault(retry.retries, DEFAULTS.retries), 'retry.retries', 0, MAX_RETRIES_LIMIT),
    minDelayMs,
    maxDelayMs,
  };
}

function resolveLeases(value: unknown): ResolvedOptions['leases'] {
  const leases = readOptions(value === undefined ? {} : value, 'leases', ['revokeOnClose'], 'leases option');
  const revokeOnClose = orDefault(leases.revokeOnClose, false);
  if (typeof revokeOnClose !== 'boolean') {
    throw new SecretsError(
      'CONFIG',
      `leases.revokeOnClose must be a boolean; got ${describe(revokeOnClose)}`,
    );
  }
  return { revokeOnClose };
}

function resolveChanges(value: unknown): readonly ChangeSource[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new SecretsError('CONFIG', `changes must be an array of change sources; got ${describe(value)}`);
  }
  return value.map((source: unknown, index) => {
    const candidate = source as Partial<ChangeSource> | null;
    if (
      typeof candidate !== 'object' ||
      candidate === null ||
      typeof candidate.start !== 'function' ||
      typeof candidate.name !== 'string' ||
      candidate.name === ''
    ) {
      throw new SecretsError(
        'CONFIG',
        `changes[${index}] must be a change source: an object with a name and start(); got ${describe(source)}`,
      );
    }
    return candidate as ChangeSource;
  });
}
