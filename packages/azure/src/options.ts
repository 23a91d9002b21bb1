// The factory's options and their checks: unknown keys and bad values are CONFIG at construction.
import type { TokenCredential } from '@azure/core-auth';
import type { SecretClient } from '@azure/keyvault-secrets';
import { SecretsError } from '@secretkit/core';
import { PROVIDER_NAME } from './error-mapping.js';

export interface AzureKeyVaultOptions {
  /** The vault's URL, e.g. `https://myvault.vault.azure.net` (required). */
  vaultUrl: string;
  /**
   * Any `TokenCredential` (a managed identity, a workload identity, a test credential).
   * @default `new DefaultAzureCredential()` from `@azure/identity` (install it; loaded on first use)
   */
  credential?: TokenCredential;
  /**
   * A `SecretClient` you built; used as is, with its own retry policy: build it with
   * `retryOptions: { maxRetries: 0 }` so core's retry is the only one. Not combinable with `credential`.
   * @default a client built on first use with `retryOptions: { maxRetries: 0 }`
   */
  client?: SecretClient;
  /**
   * `deleteSecret` also purges the soft-deleted secret (needs the purge permission; with purge
   * protection on the vault it fails).
   * @default false (soft delete: the name stays reserved until it is recovered or purged)
   */
  purgeOnDelete?: boolean;
  /**
   * Skip the check that the challenge's resource matches the vault's host (a private endpoint or
   * an emulator under another domain). Only for clients we build.
   * @default false
   */
  disableChallengeResourceVerification?: boolean;
}

const KNOWN_OPTIONS = new Set([
  'vaultUrl',
  'credential',
  'client',
  'purgeOnDelete',
  'disableChallengeResourceVerification',
]);

function configError(message: string): SecretsError {
  return new SecretsError('CONFIG', `azureKeyVault: ${message}`, { provider: PROVIDER_NAME });
}

/** Throws CONFIG unless `options` is a valid AzureKeyVaultOptions object. */
export function assertOptions(options: unknown): asserts options is AzureKeyVaultOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw configError('options must be an object with a vaultUrl');
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!KNOWN_OPTIONS.has(key)) throw configError(`unknown option "${key}"`);
  }
  const url =
    typeof given.vaultUrl === 'string' && URL.canParse(given.vaultUrl) ? new URL(given.vaultUrl) : undefined;
  if (url === undefined || url.protocol !== 'https:') {
    throw configError('vaultUrl must be an https URL such as https://myvault.vault.azure.net');
  }
  const credential = given.credential as { getToken?: unknown } | undefined;
  if (credential !== undefined && typeof credential?.getToken !== 'function') {
    throw configError('credential must be a TokenCredential (an object with getToken)');
  }
  if (given.client !== undefined) {
    if (typeof (given.client as { getSecret?: unknown } | null)?.getSecret !== 'function') {
      throw configError('client must be a SecretClient');
    }
    if (credential !== undefined)
      throw configError('client is used as is; credential cannot be combined with it');
  }
  for (const key of ['purgeOnDelete', 'disableChallengeResourceVerification']) {
    if (given[key] !== undefined && typeof given[key] !== 'boolean')
      throw configError(`${key} must be a boolean`);
  }
}
