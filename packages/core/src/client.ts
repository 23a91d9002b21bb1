// createSecretsClient: the public shell of the portable client. It checks each call, answers fresh
// hits itself, and hands the rest to the read path (read-path.ts and the files it names);
// client-parts.ts builds the parts; docs/architecture.md has the map.

import { readMany } from './batch-read.js';
import { entryFreshness, type SecretCache } from './cache.js';
import { acceptHint, startChanges } from './change-wiring.js';
import type { SecretsClient, SecretsStats } from './client-api.js';
import { assembleClient } from './client-parts.js';
import type { ClientCounters, ClientState } from './client-state.js';
import { revokeLiveLeases } from './close.js';
import { cacheChannel, publishCache } from './diagnostics.js';
import { describe } from './duration.js';
import { SecretsError } from './errors.js';
import type { RotationEvent, SecretsEvents } from './events.js';
import { fetchSecret } from './fetch-secret.js';
import { fieldValue, selectField } from './field.js';
import { checkGetOptions, type GetOptions } from './get-options.js';
import { readOptions } from './option-checks.js';
import { type ResolvedOptions, resolveOptions, type SecretsClientOptions } from './options.js';
import { readSecret } from './read-path.js';
import { rotationIterator } from './rotations.js';
import type { CachedSecret, Secret } from './secret.js';
import { assertSecretName } from './secret-name.js';
import { parseWatchOptions, type WatchOptions } from './watch-hub.js';
import { credentialChanged, ForcedRefreshLimiter, isCredentialRejection } from './with-secret.js';

export type { SecretsClient, SecretsStats } from './client-api.js';

/** Creates a client over one provider. Throws CONFIG for unknown or invalid options. */
export function createSecretsClient(options: SecretsClientOptions): SecretsClient {
  return new Client(resolveOptions(options));
}

const EVENT_NAMES: ReadonlyArray<keyof SecretsEvents> = ['rotate', 'error', 'lease', 'fetch'];

class Client implements SecretsClient {
  // The fast path reads these four directly: no lookups through #state on a fresh hit.
  readonly #options: ResolvedOptions;
  readonly #cache: SecretCache | undefined;
  readonly #stats: ClientCounters;
  #closing: Promise<void> | undefined;
  readonly #state: ClientState;
  readonly #lifetime = new AbortController();
  readonly #limiter = new ForcedRefreshLimiter();
  readonly #stopHints: (() => void) | undefined;

  constructor(options: ResolvedOptions) {
    const state = assembleClient(options, this.#lifetime.signal);
    this.#options = options;
    this.#cache = state.cache;
    this.#stats = state.stats;
    this.#state = state;
    const from = `provider "${options.provider.name}"`;
    this.#stopHints = options.provider.watchChanges?.((hint) => acceptHint(state, hint, from));
    startChanges(state); // the change sources (§11); close() aborts their signal
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
    if (cacheChannel.hasSubscribers) publishCache('hit', this.#options.provider.name, name);
    return entry.secret;
  }

  async #readChecked(name: string, options: GetOptions | undefined): Promise<CachedSecret> {
    const checked = this.#check(name, options);
    const secret = await readSecret(this.#state, name, checked);
    return checked?.field === undefined ? secret : selectField(secret, checked.field);
  }

  /** getJson with `field`: the field's JSON value itself (a copy of an object: the parse is shared). */
  async #readField<T>(name: string, options: GetOptions | undefined): Promise<T> {
    const checked = this.#check(name, options);
    const value = fieldValue(await readSecret(this.#state, name, checked), checked!.field!);
    return (typeof value === 'object' && value !== null ? structuredClone(value) : value) as T;
  }

  async refresh(name: string, options?: GetOptions): Promise<Secret> {
    const checked = this.#check(name, options);
    const secret = await fetchSecret(this.#state, name, checked, 'refresh');
    return checked?.field === undefined ? secret : selectField(secret, checked.field);
  }

  watch(name: string, listener: (event: RotationEvent) => void, options?: WatchOptions): () => void {
    this.#assertOpen();
    assertSecretName(name);
    if (typeof listener !== 'function') throw new SecretsError('CONFIG', 'listener must be a function');
    const intervalMs = parseWatchOptions(options);
    const watches = this.#state.watches;
    const unsubscribe = watches.add(name, listener, intervalMs);
    // The first load is not a rotation: read now (from the cache when it can) to know the version.
    readSecret(this.#state, name, undefined)
      .then((secret) => watches.seen(name, secret.version))
      .catch((error: unknown) => watches.failed(name, error as SecretsError));
    return unsubscribe;
  }

  rotations(
    name: string,
    options: WatchOptions & { signal?: AbortSignal } = {},
  ): AsyncIterable<RotationEvent> {
    this.#assertOpen();
    assertSecretName(name);
    const { signal, interval } = readOptions(
      options,
      'rotations options',
      ['interval', 'signal'],
      'rotations option',
    );
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new SecretsError('CONFIG', 'signal must be an AbortSignal');
    }
    const watchOptions: WatchOptions =
      interval === undefined ? {} : { interval: interval as WatchOptions['interval'] };
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
    const retryOn =
      readOptions(options, 'withSecret options', ['retryOn'], 'withSecret option').retryOn ??
      isCredentialRejection;
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
    const checked = checkGetOptions(options);
    const unique = [...new Set(names)];
    const secrets = await readMany(this.#state, unique, checked);
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
    const state = this.#state;
    if (name !== undefined) assertSecretName(name);
    state.generation++;
    state.flights.detach(name); // later reads start their own fetch, never joining an older one
    if (name === undefined) {
      this.#cache?.clear();
      state.versions.clear();
      return;
    }
    this.#cache?.deleteName(name);
    state.versions.forgetName(name);
  }

  on<K extends keyof SecretsEvents>(event: K, listener: (event: SecretsEvents[K]) => void): () => void {
    if (!EVENT_NAMES.includes(event)) {
      throw new SecretsError(
        'CONFIG',
        `unknown event "${String(event)}"; expected rotate, error, lease or fetch`,
      );
    }
    if (typeof listener !== 'function') throw new SecretsError('CONFIG', 'listener must be a function');
    this.#assertOpen();
    return this.#state.events.on(event, listener);
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
    const { events, watches, versions } = this.#state;
    watches.stop();
    this.#stopHints?.();
    const live = this.#state.leases.stop(Date.now());
    if (leases.revokeOnClose) await revokeLiveLeases(live, provider, timeoutMs, events);
    this.#cache?.clear();
    versions.clear();
    try {
      await provider.close?.();
    } catch (error) {
      events.emit('error', {
        operation: 'close',
        error: new SecretsError('UNKNOWN', `${provider.name} failed to close`, { cause: error }),
      });
    }
    events.clear();
  }

  /** Validates a call before anything else happens: CLOSED, CONFIG or ABORTED, no provider call. */
  #check(name: unknown, options: unknown): GetOptions | undefined {
    this.#assertOpen();
    assertSecretName(name);
    return checkGetOptions(options, name);
  }

  #assertOpen(): void {
    if (this.#closing) throw new SecretsError('CLOSED', 'the secrets client is closed');
  }
}
