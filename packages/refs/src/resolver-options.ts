// createSecretResolver's options and their checks (CONFIG at construction), and the provider each
// connection gets: an injected instance (shared by every connection of its scheme), an injected
// factory (called once per connection), or the scheme's default adapter.
import {
  createSecretsClient,
  isSecretsError,
  SECRET_REF_ALIASES,
  SECRET_REF_SCHEMES,
  type SecretProvider,
  type SecretRef,
  type SecretRefScheme,
  type SecretsClientOptions,
  SecretsError,
} from '@secretkit/core';
import { buildDefaultProvider, type ImportAdapter } from './default-providers.js';

/** A provider for every ref of a scheme, or a factory called once per connection with its first ref. */
export type ProviderEntry = SecretProvider | ((ref: SecretRef) => SecretProvider);

export interface SecretResolverOptions {
  /**
   * Providers per scheme (canonical names: `awssecrets`, `vault`, …), overriding the default
   * adapters. `memory` has no default. @default the scheme's adapter package, imported on first use
   */
  providers?: Partial<Record<SecretRefScheme, ProviderEntry>>;
  /**
   * cache/retry/timeout/leases for every client the resolver makes (one per connection).
   * @default core's defaults (DESIGN §4)
   */
  client?: Omit<SecretsClientOptions, 'provider'>;
}

/** What tests change: how adapter packages load and which environment builds them. */
export interface ResolverInternals {
  importAdapter: ImportAdapter;
  env: Readonly<Record<string, string | undefined>>;
}

const SPI_METHODS = [
  'getSecret',
  'getVersion',
  'getSecrets',
  'watchChanges',
  'renewLease',
  'revokeLease',
  'setSecret',
  'deleteSecret',
  'listSecrets',
] as const;

function isProvider(value: unknown): value is SecretProvider {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as SecretProvider).getSecret === 'function' &&
    typeof (value as SecretProvider).name === 'string'
  );
}

/**
 * `provider` for several clients at once: its methods bound to it, and a `close` that closes it once
 * however many of the clients sharing it close.
 */
function shared(provider: SecretProvider): SecretProvider {
  const view: Record<string, unknown> = { name: provider.name };
  for (const method of SPI_METHODS) {
    const fn = provider[method];
    if (typeof fn === 'function') view[method] = fn.bind(provider);
  }
  let closing: Promise<void> | undefined;
  view.close = () => {
    closing ??= Promise.resolve(provider.close?.());
    return closing;
  };
  return view as unknown as SecretProvider;
}

function checkProviders(providers: unknown): Map<SecretRefScheme, ProviderEntry> {
  const entries = new Map<SecretRefScheme, ProviderEntry>();
  if (providers === undefined) return entries;
  if (typeof providers !== 'object' || providers === null || Array.isArray(providers)) {
    throw new SecretsError(
      'CONFIG',
      'createSecretResolver: providers must be an object of scheme → provider',
    );
  }
  for (const [scheme, entry] of Object.entries(providers)) {
    if (!(SECRET_REF_SCHEMES as readonly string[]).includes(scheme)) {
      const alias = SECRET_REF_ALIASES[scheme.toLowerCase()];
      const hint =
        alias === undefined ? `expected one of ${SECRET_REF_SCHEMES.join(', ')}` : `use "${alias}"`;
      throw new SecretsError(
        'CONFIG',
        `createSecretResolver: unknown scheme "${scheme}" in providers; ${hint}`,
      );
    }
    if (entry === undefined) continue;
    if (typeof entry !== 'function' && !isProvider(entry)) {
      throw new SecretsError(
        'CONFIG',
        `createSecretResolver: providers.${scheme} must be a SecretProvider or a function (ref) => SecretProvider`,
      );
    }
    entries.set(scheme as SecretRefScheme, typeof entry === 'function' ? entry : shared(entry));
  }
  return entries;
}

/** CONFIG now for client options that createSecretsClient would refuse later. */
function checkClientOptions(client: unknown): Omit<SecretsClientOptions, 'provider'> {
  if (client === undefined) return {};
  if (typeof client !== 'object' || client === null || Array.isArray(client)) {
    throw new SecretsError('CONFIG', 'createSecretResolver: client must be an object of client options');
  }
  if (Object.hasOwn(client, 'provider')) {
    throw new SecretsError(
      'CONFIG',
      'createSecretResolver: client takes no provider; give providers per scheme',
    );
  }
  const probe = createSecretsClient({
    ...(client as Omit<SecretsClientOptions, 'provider'>),
    provider: { name: 'options-check', getSecret: () => Promise.reject(new Error('never called')) },
  });
  void probe.close();
  return client as Omit<SecretsClientOptions, 'provider'>;
}

export interface CheckedOptions {
  clientOptions: Omit<SecretsClientOptions, 'provider'>;
  /** The provider of the connection `ref` opens. */
  providerFor(ref: SecretRef): Promise<SecretProvider>;
}

export function checkResolverOptions(options: unknown, internals: ResolverInternals): CheckedOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new SecretsError('CONFIG', 'createSecretResolver takes an options object');
  }
  const given = (options ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (key !== 'providers' && key !== 'client') {
      throw new SecretsError(
        'CONFIG',
        `createSecretResolver: unknown option "${key}"; expected providers, client`,
      );
    }
  }
  const entries = checkProviders(given.providers);
  const clientOptions = checkClientOptions(given.client);
  return {
    clientOptions,
    async providerFor(ref) {
      const entry = entries.get(ref.scheme);
      if (entry === undefined) return buildDefaultProvider(ref, internals.importAdapter, internals.env);
      if (typeof entry !== 'function') return entry;
      let made: unknown;
      try {
        made = entry(ref);
      } catch (error) {
        if (isSecretsError(error)) throw error;
        const kind = error instanceof Error ? error.name : typeof error;
        throw new SecretsError('CONFIG', `providers.${ref.scheme} threw a ${kind} building a provider`);
      }
      if (!isProvider(made)) {
        throw new SecretsError(
          'CONFIG',
          `providers.${ref.scheme} returned something that is not a SecretProvider`,
        );
      }
      return made;
    },
  };
}
