// createSecretsClient: the portable client. It owns the cache, coalescing, retries, events and
// close; the provider only does I/O. The path of one read is described in docs/architecture.md.
import { raceAbort } from './abort.js';
import {
  type CacheEntry,
  cacheKey,
  entryFreshness,
  requestFromKey,
  SecretCache,
  toRequest,
} from './cache.js';
import { revokeLiveLeases } from './close.js';
import { describe } from './duration.js';
import { SecretsError } from './errors.js';
import { EventHub, type RotationEvent, type SecretsEvents } from './events.js';
import { fieldValue, selectField } from './field.js';
import { LeaseManager } from './lease-manager.js';
import {
  type GetOptions,
  type ResolvedOptions,
  resolveOptions,
  type SecretsClientOptions,
  validateGetOptions,
} from './options.js';
import type { ChangeHint, ProviderContext, SecretRecord, SecretRequest } from './provider.js';
import { type CallSettings, callProvider } from './provider-call.js';
import { assertRecord, toBatchError } from './record-checks.js';
import { rotationIterator } from './rotations.js';
import { CachedSecret, type Secret } from './secret.js';
import { assertSecretName } from './secret-name.js';
import { parseWatchOptions, WatchHub, type WatchOptions } from './watch-hub.js';
import { credentialChanged, ForcedRefreshLimiter, isCredentialRejection } from './with-secret.js';

export interface SecretsStats {
  /** Reads answered from the cache without waiting on the provider (fresh or refresh-ahead). */
  hits: number;
  /** Reads that had to wait on the provider (no entry, or one past its ttl). */
  misses: number;
  /** Reads answered with a value past its ttl because the provider was failing. */
  staleHits: number;
  /** Provider calls made (every attempt, retries and batch calls included). */
  providerCalls: number;
  /** Reads that joined a provider call already in flight instead of making one. */
  coalesced: number;
  /** Provider calls that failed. */
  errors: number;
  /** Entries in the cache now. */
  entries: number;
}

export interface SecretsClient {
  /** The value as UTF-8 text. */
  get(name: string, options?: GetOptions): Promise<string>;
  /** The value's bytes. */
  getBinary(name: string, options?: GetOptions): Promise<Uint8Array>;
  /** The value parsed as JSON. */
  getJson<T = unknown>(name: string, options?: GetOptions): Promise<T>;
  /** The value with its metadata, as a redacted Secret. */
  getSecret(name: string, options?: GetOptions): Promise<Secret>;
  /** Several values as text, keyed by name; one batch call where the provider has one. */
  getMany(names: string[], options?: GetOptions): Promise<Record<string, string>>;
  /** Bypasses the cache (coalesced with a call already in flight) and stores the result. */
  refresh(name: string, options?: GetOptions): Promise<Secret>;
  /** Drops the entries of one name (every version and stage), or every entry. */
  invalidate(name?: string): void;
  /**
   * Calls `listener` once per rotation of `name`: polls every `interval` (default '1m', ±10%
   * jitter) with the provider's cheap version probe when it has one. Every listener of a name
   * shares one poller. Returns unsubscribe.
   */
  watch(name: string, listener: (event: RotationEvent) => void, options?: WatchOptions): () => void;
  /** The rotations of `name` as an async iterable (`for await`); ends on `signal` or `close()`. */
  rotations(name: string, options?: WatchOptions & { signal?: AbortSignal }): AsyncIterable<RotationEvent>;
  /**
   * Runs `use(value)`. If it throws and `retryOn(error)` says the credential was rejected
   * (default: {@link isCredentialRejection}), force-refreshes `name` (at most once per 10 s per
   * name) and, only when the version changed, runs `use(newValue)` once more.
   */
  withSecret<T>(
    name: string,
    use: (value: string) => Promise<T>,
    options?: { retryOn?: (error: unknown) => boolean },
  ): Promise<T>;
  on<K extends keyof SecretsEvents>(event: K, listener: (event: SecretsEvents[K]) => void): () => void;
  stats(): SecretsStats;
  /** Stops timers, revokes leases when asked, closes the provider; later calls reject with CLOSED. */
  close(): Promise<void>;
}

/** Creates a client over one provider. Throws CONFIG for unknown or invalid options. */
export function createSecretsClient(options: SecretsClientOptions): SecretsClient {
  return new Client(resolveOptions(options));
}

class Client implements SecretsClient {
  readonly #options: ResolvedOptions;
  readonly #cache: SecretCache | undefined;
  readonly #inflight = new Map<string, Promise<CachedSecret>>();
  readonly #lifetime = new AbortController();
  readonly #events: EventHub;
  readonly #stats = { hits: 0, misses: 0, staleHits: 0, providerCalls: 0, coalesced: 0, errors: 0 };
  readonly #watches: WatchHub;
  readonly #leases: LeaseManager;
  readonly #limiter = new ForcedRefreshLimiter();
  readonly #stopHints: (() => void) | undefined;
  #closing: Promise<void> | undefined;
  /** Versions of entries that left the cache unasked (ttl run out, LRU), so a later read still detects a rotation. */
  readonly #droppedVersions = new Map<string, string>();
  /** Bumped by invalidate(): fetches started before it do not write into the cache. */
  #generation = 0;

  constructor(options: ResolvedOptions) {
    this.#options = options;
    this.#cache =
      options.cache &&
      new SecretCache(options.cache.maxEntries, (entry, evicted) => {
        this.#leases.untrack(entry.key);
        if (evicted) this.#rememberVersion(entry);
      });
    this.#events = new EventHub((error, event) => this.#reportListenerError(event, undefined, error));
    this.#watches = new WatchHub({
      poll: (name) => this.#poll(name),
      reportError: (name, error) => this.#events.emit('error', { name, operation: 'watch', error }),
      reportListenerError: (name, error) => this.#reportListenerError('watch', name, error),
      random: options.random,
    });
    this.#leases = new LeaseManager({
      provider: options.provider,
      timeoutMs: options.timeoutMs,
      events: this.#events,
      signal: this.#lifetime.signal,
      random: options.random,
      replace: (_key, request) => this.#fetch(request.name, request, 'lease-replace'),
      extend: (key, endsAt) => {
        const entry = this.#cache?.peek(key);
        if (entry) entry.leaseEndsAt = endsAt;
      },
      expire: (key) => this.#cache?.delete(key),
    });
    this.#stopHints = options.provider.watchChanges?.((hint) => this.#onChangeHint(hint));
  }

  #rememberVersion(entry: CacheEntry): void {
    if (entry.secret.version === undefined) return;
    this.#droppedVersions.delete(entry.key);
    this.#droppedVersions.set(entry.key, entry.secret.version);
    const limit = this.#options.cache?.maxEntries ?? 0;
    if (this.#droppedVersions.size > limit) {
      this.#droppedVersions.delete(this.#droppedVersions.keys().next().value as string);
    }
  }

  #reportListenerError(event: string, name: string | undefined, error: unknown): void {
    this.#events.emit('error', {
      ...(name === undefined ? {} : { name }),
      operation: `${event}-listener`,
      error: new SecretsError('UNKNOWN', `a "${event}" listener threw`, { cause: error }),
    });
  }

  get(name: string, options?: GetOptions): Promise<string> {
    return this.#readAs(name, options, (secret) => secret.text());
  }

  getBinary(name: string, options?: GetOptions): Promise<Uint8Array> {
    return this.#readAs(name, options, (secret) => secret.bytes());
  }

  getJson<T = unknown>(name: string, options?: GetOptions): Promise<T> {
    if ((options as GetOptions | undefined)?.field === undefined) {
      return this.#readAs(name, options, (secret) => secret.json<T>());
    }
    return this.#readField<T>(name, options);
  }

  getSecret(name: string, options?: GetOptions): Promise<Secret> {
    return this.#readAs(name, options, (secret) => secret);
  }

  /**
   * Every read's entry point. The hot case — a fresh hit with no options — is answered without
   * async layers (`#freshHit`); everything else, and every rule, takes `#readChecked`.
   */
  #readAs<T>(name: string, options: GetOptions | undefined, take: (secret: CachedSecret) => T): Promise<T> {
    const hit = this.#freshHit(name, options);
    if (hit === undefined) return this.#readChecked(name, options).then(take);
    try {
      return Promise.resolve(take(hit));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /**
   * A fresh entry stored under exactly `name` (its name was validated when it was stored, so it
   * needs no checks), when there are no options and the client is open; else undefined.
   */
  #freshHit(name: string, options: GetOptions | undefined): CachedSecret | undefined {
    if (options !== undefined || this.#cache === undefined || this.#closing !== undefined) return undefined;
    const entry = this.#cache.get(name);
    if (entry === undefined || entry.key !== name || entry.name !== name) return undefined;
    if (entryFreshness(entry, Date.now(), this.#options.cache!) !== 'fresh') return undefined;
    this.#stats.hits++;
    return entry.secret;
  }

  async #readChecked(name: string, options: GetOptions | undefined): Promise<CachedSecret> {
    const checked = this.#check(name, options);
    const secret = await this.#read(name, checked);
    return checked?.field === undefined ? secret : selectField(secret, checked.field);
  }

  /** getJson with `field`: the field's JSON value itself (a copy of an object: the parse is shared). */
  async #readField<T>(name: string, options: GetOptions | undefined): Promise<T> {
    const checked = this.#check(name, options);
    const value = fieldValue(await this.#read(name, checked), checked!.field!);
    return (typeof value === 'object' && value !== null ? structuredClone(value) : value) as T;
  }

  async refresh(name: string, options?: GetOptions): Promise<Secret> {
    const checked = this.#check(name, options);
    const secret = await this.#fetch(name, checked, 'refresh');
    return checked?.field === undefined ? secret : selectField(secret, checked.field);
  }

  watch(name: string, listener: (event: RotationEvent) => void, options?: WatchOptions): () => void {
    this.#assertOpen();
    assertSecretName(name);
    if (typeof listener !== 'function') throw new SecretsError('CONFIG', 'listener must be a function');
    const intervalMs = parseWatchOptions(options);
    const unsubscribe = this.#watches.add(name, listener, intervalMs);
    // The first load is not a rotation: read now (from the cache when it can) to know the version.
    this.#read(name, undefined)
      .then((secret) => this.#watches.seen(name, secret.version))
      .catch((error: unknown) => this.#watches.failed(name, error as SecretsError));
    return unsubscribe;
  }

  rotations(
    name: string,
    options: WatchOptions & { signal?: AbortSignal } = {},
  ): AsyncIterable<RotationEvent> {
    const { signal, ...watchOptions } = options;
    this.#assertOpen();
    assertSecretName(name);
    parseWatchOptions(watchOptions); // CONFIG now, not at the first iteration
    return rotationIterator(
      (listener) => this.watch(name, listener, watchOptions),
      this.#lifetime.signal,
      signal,
    );
  }

  async withSecret<T>(
    name: string,
    use: (value: string) => Promise<T>,
    options: { retryOn?: (error: unknown) => boolean } = {},
  ): Promise<T> {
    if (typeof use !== 'function') throw new SecretsError('CONFIG', 'withSecret needs a function to run');
    if (typeof options !== 'object' || options === null) {
      throw new SecretsError('CONFIG', `withSecret options must be an object; got ${describe(options)}`);
    }
    const retryOn = options.retryOn ?? isCredentialRejection;
    if (typeof retryOn !== 'function') throw new SecretsError('CONFIG', 'retryOn must be a function');
    const first = await this.getSecret(name);
    try {
      return await use(first.text());
    } catch (error) {
      if (!retryOn(error) || !this.#limiter.tryAcquire(name, Date.now())) throw error;
      const fresh = await this.refresh(name);
      if (!credentialChanged(first, fresh)) throw error;
      return use(fresh.text());
    }
  }

  async getMany(names: string[], options?: GetOptions): Promise<Record<string, string>> {
    if (!Array.isArray(names)) throw new SecretsError('CONFIG', 'getMany takes an array of secret names');
    this.#assertOpen();
    for (const name of names) assertSecretName(name);
    const checked = checkOptions(options);
    const unique = [...new Set(names)];
    const secrets = await this.#readMany(unique, checked);
    // fromEntries defines own properties, so a secret named "__proto__" is a key like any other.
    return Object.fromEntries(
      unique.map((name, index) => {
        const secret = secrets[index] as CachedSecret;
        return [name, (checked?.field === undefined ? secret : selectField(secret, checked.field)).text()];
      }),
    );
  }

  invalidate(name?: string): void {
    this.#assertOpen();
    this.#generation++;
    if (name === undefined) {
      this.#cache?.clear();
      this.#droppedVersions.clear();
      return;
    }
    assertSecretName(name);
    this.#cache?.deleteName(name);
    for (const key of this.#droppedVersions.keys()) {
      if (key === name || key.startsWith(`${name}\u0000`)) this.#droppedVersions.delete(key);
    }
  }

  on<K extends keyof SecretsEvents>(event: K, listener: (event: SecretsEvents[K]) => void): () => void {
    if (!['rotate', 'error', 'lease', 'fetch'].includes(event)) {
      throw new SecretsError(
        'CONFIG',
        `unknown event "${String(event)}"; expected rotate, error, lease or fetch`,
      );
    }
    if (typeof listener !== 'function') throw new SecretsError('CONFIG', 'listener must be a function');
    this.#assertOpen();
    return this.#events.on(event, listener);
  }

  stats(): SecretsStats {
    return { ...this.#stats, entries: this.#cache?.size ?? 0 };
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    this.#lifetime.abort(new SecretsError('CLOSED', 'the secrets client is closed'));
    const { provider, leases, timeoutMs } = this.#options;
    this.#watches.stop();
    this.#stopHints?.();
    const live = this.#leases.stop(Date.now());
    if (leases.revokeOnClose) await revokeLiveLeases(live, provider, timeoutMs, this.#events);
    this.#cache?.clear();
    this.#droppedVersions.clear();
    try {
      await provider.close?.();
    } catch (error) {
      this.#events.emit('error', {
        operation: 'close',
        error: new SecretsError('UNKNOWN', `${provider.name} failed to close`, { cause: error }),
      });
    }
    this.#events.clear();
  }

  /** One watch poll: the cheap version probe when the provider has one, else a read; a new version is re-read and stored (which emits `rotate`). */
  async #poll(name: string): Promise<void> {
    const { provider } = this.#options;
    const entry = this.#cache?.peek(name);
    // A live lease is the lease manager's: it renews or replaces it (and emits that rotation);
    // polling would mint a new credential every interval.
    if (entry?.leaseEndsAt !== undefined && entry.leaseEndsAt > Date.now()) return;
    const known = entry?.secret.version ?? this.#watches.lastVersion(name);
    if (provider.getVersion && known !== undefined) {
      const version = await callProvider(
        (context) => provider.getVersion!({ name }, context),
        this.#callSettings(name, () => {}, false),
      );
      if (version === known) return;
    }
    await this.#fetch(name, undefined, 'watch');
  }

  /** A provider's change hint: re-read what it names (or every entry), skipping entries already at its version. */
  #onChangeHint(hint: ChangeHint): void {
    if (this.#lifetime.signal.aborted) return;
    const targets = new Map<string, SecretRequest>();
    for (const entry of this.#cache?.values() ?? []) {
      if (hint.name !== undefined && entry.name !== hint.name) continue;
      if (hint.version !== undefined && entry.secret.version === hint.version) continue;
      const request = requestFromKey(entry.key, entry.name);
      if (request.version === undefined) targets.set(entry.key, request); // a pinned version never changes
    }
    if (hint.name !== undefined && this.#watches.has(hint.name) && !targets.has(hint.name)) {
      if (hint.version === undefined || this.#watches.lastVersion(hint.name) !== hint.version) {
        targets.set(hint.name, { name: hint.name });
      }
    }
    for (const request of targets.values()) {
      this.#fetch(request.name, request, 'hint').catch(() => {}); // reported as an `error` event
    }
  }

  /** Validates a call before anything else happens: CLOSED, CONFIG or ABORTED, no provider call. */
  #check(name: unknown, options: unknown): GetOptions | undefined {
    this.#assertOpen();
    assertSecretName(name);
    return checkOptions(options, name);
  }

  #assertOpen(): void {
    if (this.#closing) throw new SecretsError('CLOSED', 'the secrets client is closed');
  }

  /** A cached value when one may be served, else a (coalesced) provider read. */
  async #read(name: string, options: GetOptions | undefined): Promise<CachedSecret> {
    const cache = this.#cache;
    if (cache) {
      const key = cacheKey(name, options?.version, options?.stage);
      const entry = cache.get(key);
      if (entry) {
        switch (entryFreshness(entry, Date.now(), this.#options.cache!)) {
          case 'fresh':
            this.#stats.hits++;
            return entry.secret;
          case 'refresh-ahead':
            this.#stats.hits++;
            this.#refreshInBackground(name, options, key);
            return entry.secret;
          case 'stale':
            this.#stats.misses++;
            return this.#fetchOrServeStale(entry, name, options);
          case 'unusable':
            this.#rememberVersion(entry);
            cache.delete(key);
        }
      }
    }
    this.#stats.misses++;
    return this.#fetch(name, options);
  }

  async #fetchOrServeStale(
    entry: CacheEntry,
    name: string,
    options: GetOptions | undefined,
  ): Promise<CachedSecret> {
    try {
      return await this.#fetch(name, options);
    } catch (error) {
      if (this.#mayServeStale(entry, error)) {
        this.#stats.staleHits++;
        return entry.secret.asStale();
      }
      throw error;
    }
  }

  /** Rule 5: after a retryable failure, a value within ttl + staleIfError may still be served. */
  #mayServeStale(entry: CacheEntry, error: unknown): boolean {
    return (
      error instanceof SecretsError &&
      error.retryable &&
      !this.#lifetime.signal.aborted &&
      entryFreshness(entry, Date.now(), this.#options.cache!) === 'stale'
    );
  }

  #refreshInBackground(name: string, options: GetOptions | undefined, key: string): void {
    if (this.#inflight.has(key)) return;
    this.#fetch(name, { version: options?.version, stage: options?.stage }, 'refresh-ahead').catch(() => {
      // reported as an `error` event by #fetch
    });
  }

  /** Joins the provider call in flight for this key, or starts one. The caller's signal only stops its own wait. */
  #fetch(
    name: string,
    options: GetOptions | undefined,
    operation: FetchOperation = 'get',
  ): Promise<CachedSecret> {
    const key = cacheKey(name, options?.version, options?.stage);
    let pending = this.#inflight.get(key);
    if (pending) {
      this.#stats.coalesced++;
    } else {
      pending = this.#fetchFromProvider(key, toRequest(name, options), operation);
      this.#inflight.set(key, pending);
      const done = () => this.#inflight.delete(key);
      pending.then(done, done);
    }
    return raceAbort(pending, options?.signal, name);
  }

  async #fetchFromProvider(
    key: string,
    request: SecretRequest,
    operation: FetchOperation,
  ): Promise<CachedSecret> {
    const { provider } = this.#options;
    const generation = this.#generation;
    try {
      const record = await callProvider(
        (context) => provider.getSecret(request, context),
        this.#callSettings(
          request.name,
          (durationMs, error, result) =>
            this.#emitFetch(request.name, durationMs, error, (result as SecretRecord | undefined)?.version),
          !BACKGROUND_OPERATIONS.has(operation),
        ),
      );
      return this.#store(key, request, record, generation, operation);
    } catch (error) {
      throw this.#fetchFailed(key, request.name, error as SecretsError, operation);
    }
  }

  /** Reads several names: usable entries from the cache, the rest in one batch where the provider has one. */
  async #readMany(names: string[], options: GetOptions | undefined): Promise<CachedSecret[]> {
    const cache = this.#cache;
    const batch: BatchItem[] = [];
    if (this.#options.provider.getSecrets) {
      for (const name of names) {
        const key = cacheKey(name, options?.version, options?.stage);
        if (this.#inflight.has(key)) continue;
        const entry = cache?.peek(key);
        const freshness = entry && entryFreshness(entry, Date.now(), this.#options.cache!);
        if (freshness === 'fresh' || freshness === 'refresh-ahead') continue;
        batch.push({ name, key, ...(freshness === 'stale' ? { stale: entry } : {}) });
      }
    }
    if (batch.length < 2) {
      return raceAbort(Promise.all(names.map((name) => this.#read(name, options))), options?.signal);
    }
    const outcomes = this.#fetchBatch(batch, options);
    const batched = new Map<string, Promise<CachedSecret>>();
    batch.forEach((item, i) => {
      this.#stats.misses++;
      const fetched = outcomes.then((all) => settle(all[i]!));
      fetched.catch(() => {}); // handled by the callers below
      this.#inflight.set(item.key, fetched);
      const done = () => this.#inflight.delete(item.key);
      fetched.then(done, done);
      batched.set(
        item.name,
        fetched.catch((error: unknown) => {
          if (item.stale && this.#mayServeStale(item.stale, error)) {
            this.#stats.staleHits++;
            return item.stale.secret.asStale();
          }
          throw error;
        }),
      );
    });
    const reads = names.map((name) => batched.get(name) ?? this.#read(name, options));
    return raceAbort(Promise.all(reads), options?.signal);
  }

  /** One batch call; every item settles to its secret or its SecretsError. */
  async #fetchBatch(
    batch: Array<{ name: string; key: string }>,
    options: GetOptions | undefined,
  ): Promise<Array<CachedSecret | SecretsError>> {
    const { provider } = this.#options;
    const requests = batch.map((item) => toRequest(item.name, options));
    const generation = this.#generation;
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
              {
                provider: provider.name,
              },
            );
          }
          return answer;
        },
        this.#callSettings(undefined, (ms, error) => {
          durationMs = ms;
          if (error) for (const item of batch) this.#emitFetch(item.name, ms, error);
        }),
      );
    } catch (error) {
      return batch.map((item) => this.#fetchFailed(item.key, item.name, error as SecretsError, 'get-many'));
    }
    return batch.map((item, i) => {
      const record = records[i];
      const error = record instanceof Error ? toBatchError(record, item.name, provider.name) : undefined;
      this.#emitFetch(item.name, durationMs, error, error ? undefined : (record as SecretRecord).version);
      if (error) return this.#fetchFailed(item.key, item.name, error, 'get-many');
      try {
        return this.#store(item.key, toRequest(item.name, options), record as SecretRecord, generation);
      } catch (stored) {
        return this.#fetchFailed(item.key, item.name, stored as SecretsError, 'get-many');
      }
    });
  }

  #callSettings(
    secretName: string | undefined,
    onAttempt: (durationMs: number, error?: SecretsError, result?: unknown) => void,
    keepAlive = true,
  ): CallSettings {
    const { provider, timeoutMs, retry, random } = this.#options;
    return {
      provider: provider.name,
      ...(secretName === undefined ? {} : { secretName }),
      signal: this.#lifetime.signal,
      timeoutMs,
      retry,
      random,
      keepAlive,
      report: (error) =>
        this.#events.emit('error', {
          ...(secretName === undefined ? {} : { name: secretName }),
          operation: 'provider',
          error,
        }),
      onAttempt: ({ durationMs, error, result }) => {
        this.#stats.providerCalls++;
        if (error) this.#stats.errors++;
        onAttempt(durationMs, error, result);
      },
    };
  }

  #emitFetch(name: string, durationMs: number, error?: SecretsError, version?: string): void {
    if (!this.#events.has('fetch')) return;
    this.#events.emit('fetch', {
      name,
      durationMs,
      outcome: error ? 'error' : 'ok',
      ...(version === undefined ? {} : { version }),
      ...(error ? { code: error.code } : {}),
    });
  }

  /** Checks a provider record, caches it, and emits `rotate` when the version of a known key moved on. */
  #store(
    key: string,
    request: SecretRequest,
    record: SecretRecord,
    generation: number,
    operation: FetchOperation = 'get',
  ): CachedSecret {
    const { name } = request;
    assertRecord(record, name, this.#options.provider.name);
    const now = Date.now();
    if (record.expiresAt !== undefined && record.expiresAt.getTime() <= now) {
      throw new SecretsError('DISABLED', `secret "${name}" expired at ${record.expiresAt.toISOString()}`, {
        provider: this.#options.provider.name,
        secretName: name,
      });
    }
    // Bytes are copied: the provider (or its SDK) may reuse its buffer.
    const value = typeof record.value === 'string' ? record.value : record.value.slice();
    const secret = new CachedSecret({ ...record, name, value });
    // An invalidate() since the fetch started means its result must not be cached.
    if (this.#lifetime.signal.aborted || generation !== this.#generation) return secret;
    const watched = key === name && this.#watches.has(name);
    const previous = this.#cache?.peek(key)?.secret;
    const before =
      previous?.version ??
      this.#droppedVersions.get(key) ??
      (watched ? this.#watches.lastVersion(name) : undefined);
    this.#droppedVersions.delete(key);
    if (watched) this.#watches.seen(name, secret.version);
    if (!this.#cache && record.lease) this.#leases.remember(name, record.lease, now);
    if (this.#cache) {
      const lease = record.lease;
      this.#cache.set({
        key,
        name,
        secret,
        fetchedAt: now,
        ...(lease ? { leaseEndsAt: now + lease.ttlMs } : {}),
      });
      if (lease) this.#leases.track(key, request, lease, now);
    }
    const replacedLease =
      previous?.lease &&
      secret.lease &&
      (operation === 'lease-replace' || previous.lease.id !== secret.lease.id);
    if (replacedLease) {
      // A new credential took the place of a leased one (the scheduled replacement, a refresh, a hint).
      this.#events.emit('lease', { name, leaseId: previous!.lease!.id, status: 'replaced' });
      this.#emitRotate({
        name,
        ...(before === undefined ? {} : { previousVersion: before }),
        ...(secret.version === undefined ? {} : { version: secret.version }),
        secret,
        reason: 'lease-replaced',
      });
    } else if (before !== undefined && secret.version !== undefined && before !== secret.version) {
      this.#emitRotate({
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
  #emitRotate(event: RotationEvent): void {
    this.#events.emit('rotate', event);
    this.#watches.deliver(event);
  }

  /**
   * Rule 5: a permanent error evicts the entry. A failure nobody waits for (refresh ahead), or one
   * answered with a stale value, is reported as an `error` event.
   */
  #fetchFailed(key: string, name: string, error: SecretsError, operation: FetchOperation): SecretsError {
    const permanent = !error.retryable && error.code !== 'ABORTED' && error.code !== 'CLOSED';
    const entry = this.#cache?.peek(key);
    if (permanent) this.#cache?.delete(key);
    const background = operation === 'refresh-ahead' || operation === 'hint';
    // A watch poll answers nobody: its failures are reported (de-duplicated) by the watch hub.
    const answeredStale =
      !permanent &&
      operation !== 'refresh' &&
      operation !== 'watch' &&
      entry &&
      this.#mayServeStale(entry, error);
    if (background || answeredStale) {
      this.#events.emit('error', { name, operation: operation === 'get' ? 'refresh' : operation, error });
    }
    return error;
  }
}

/** Why core is fetching: a read, `refresh()`, getMany, or background work (refresh ahead, watch polls, change hints, lease replacement). */
type FetchOperation = 'get' | 'refresh' | 'refresh-ahead' | 'get-many' | 'watch' | 'hint' | 'lease-replace';

/** Operations nobody awaits: their backoff timers must not hold the process. */
const BACKGROUND_OPERATIONS: ReadonlySet<FetchOperation> = new Set([
  'refresh-ahead',
  'watch',
  'hint',
  'lease-replace',
]);

interface BatchItem {
  name: string;
  key: string;
  /** The entry past its ttl that may be served if this item fails with a retryable error. */
  stale?: CacheEntry;
}

function settle(outcome: CachedSecret | SecretsError): Promise<CachedSecret> {
  return outcome instanceof CachedSecret ? Promise.resolve(outcome) : Promise.reject(outcome);
}

/** Valid per-call options, or CONFIG; ABORTED when their signal already aborted (no provider call). */
function checkOptions(options: unknown, secretName?: string): GetOptions | undefined {
  const checked = validateGetOptions(options);
  if (checked?.signal?.aborted) {
    throw new SecretsError('ABORTED', 'the operation was aborted before it started', {
      ...(secretName === undefined ? {} : { secretName }),
    });
  }
  return checked;
}
