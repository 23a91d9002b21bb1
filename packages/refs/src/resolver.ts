// createSecretResolver: one resolver over every provider, by ref (DESIGN §9). It parses refs
// (CONFIG before any provider is built), keeps one client per connection, applies the pointer after
// the cache, resolves whole config objects (each distinct secret fetched once), and watches refs.
import {
  parseSecretRef,
  raceAbort,
  type Secret,
  type SecretRef,
  SecretsError,
  type WatchOptions,
} from '@secretkit/core';
import { type CallOptions, checkCallOptions, getOptionsOf } from './call-options.js';
import { collectRefs, replaceRefs } from './config-walk.js';
import { Connections, closedError, connectionKey } from './connections.js';
import { importAdapter } from './default-providers.js';
import { valueAt } from './json-pointer.js';
import { type RefChangeEvent, watchRef } from './ref-watch.js';
import {
  checkResolverOptions,
  type ResolverInternals,
  type SecretResolverOptions,
} from './resolver-options.js';

export interface SecretResolver {
  /** The value `ref` names, as text, its pointer applied. */
  get(ref: string, options?: CallOptions): Promise<string>;
  /** The whole secret `ref` names (its pointer ignored), as a redacted Secret. */
  getSecret(ref: string, options?: CallOptions): Promise<Secret>;
  /**
   * A deep copy of `config` (plain objects and arrays) in which every string that is a ref is its
   * value. Every ref is parsed first (CONFIG before any provider is built), each distinct secret is
   * fetched once, and the first failure rejects: never a partly resolved copy.
   */
  resolve<T>(config: T, options?: CallOptions): Promise<T>;
  /**
   * Calls `listener` when the value behind `ref` changes (not on the first read), polling every
   * `interval` (default '1m') through its connection's client. Returns unsubscribe.
   */
  watch(ref: string, listener: (event: RefChangeEvent) => void, options?: WatchOptions): () => void;
  /** Closes every client the resolver made, and so their providers; later calls are CLOSED. */
  close(): Promise<void>;
}

/** createSecretResolver with its internals chosen (tests load adapters their own way). */
export function buildSecretResolver(
  options: SecretResolverOptions | undefined,
  internals: ResolverInternals,
): SecretResolver {
  const { clientOptions, providerFor } = checkResolverOptions(options, internals);
  const connections = new Connections(clientOptions, providerFor);
  let closing: Promise<void> | undefined;

  function assertOpen(): void {
    if (closing !== undefined) throw closedError();
  }

  async function readSecret(ref: SecretRef, signal: AbortSignal | undefined): Promise<Secret> {
    const client = await raceAbort(connections.client(ref), signal);
    return client.getSecret(ref.name, getOptionsOf(ref, signal));
  }

  return {
    async get(text, options) {
      assertOpen();
      const signal = checkCallOptions(options, 'get');
      const ref = parseSecretRef(text);
      return valueAt(await readSecret(ref, signal), ref);
    },

    async getSecret(text, options) {
      assertOpen();
      const signal = checkCallOptions(options, 'getSecret');
      return readSecret(parseSecretRef(text), signal);
    },

    async resolve(config, options) {
      assertOpen();
      const signal = checkCallOptions(options, 'resolve');
      const refs = new Map(collectRefs(config).map((text) => [text, parseSecretRef(text)] as const));
      // every connection first: a missing adapter is CONFIG before any provider call
      const byConnection = new Map([...refs.values()].map((ref) => [connectionKey(ref), ref] as const));
      await raceAbort(Promise.all([...byConnection.values()].map((ref) => connections.client(ref))), signal);
      // all at once: refs to one secret (other pointers, aliases) join one coalesced provider call
      const values = await Promise.all(
        [...refs].map(
          async ([text, ref]) => [text, await valueAt(await readSecret(ref, signal), ref)] as const,
        ),
      );
      return replaceRefs(config, new Map(values));
    },

    watch(text, listener, options) {
      assertOpen();
      const ref = parseSecretRef(text);
      if (typeof listener !== 'function') throw new SecretsError('CONFIG', 'watch needs a listener function');
      return watchRef(text, ref, (r) => connections.client(r), listener, options);
    },

    close() {
      closing ??= connections.close();
      return closing;
    },
  };
}

/** A resolver over every provider, by ref. Throws CONFIG for unknown or invalid options. */
export function createSecretResolver(options?: SecretResolverOptions): SecretResolver {
  return buildSecretResolver(options, { importAdapter, env: process.env });
}
