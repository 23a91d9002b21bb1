// The factory's options and their checks: unknown keys and bad values are CONFIG at construction.
import type { TokenCredential } from '@azure/core-auth';
import type { SecretClient } from '@azure/keyvault-secrets';
import { type AdapterKit, checkOptions } from '@secretkit/core/adapter';

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

const KNOWN_OPTIONS = [
  'vaultUrl',
  'credential',
  'client',
  'purgeOnDelete',
  'disableChallengeResourceVerification',
] as const satisfies ReadonlyArray<keyof AzureKeyVaultOptions>;

/** The options as given, after every check; throws CONFIG otherwise. */
export function checkAzureOptions(kit: AdapterKit, options: unknown): AzureKeyVaultOptions {
  if (options === undefined) throw kit.configError('options must be an object with a vaultUrl');
  const given = checkOptions(kit, options, KNOWN_OPTIONS);
  const url =
    typeof given.vaultUrl === 'string' && URL.canParse(given.vaultUrl) ? new URL(given.vaultUrl) : undefined;
  if (url === undefined || url.protocol !== 'https:') {
    throw kit.configError('vaultUrl must be an https URL such as https://myvault.vault.azure.net');
  }
  const credential = given.credential as { getToken?: unknown } | null | undefined;
  if (credential !== undefined && typeof credential?.getToken !== 'function') {
    throw kit.configError('credential must be a TokenCredential (an object with getToken)');
  }
  if (given.client !== undefined) {
    if (typeof (given.client as { getSecret?: unknown } | null)?.getSecret !== 'function') {
      throw kit.configError('client must be a SecretClient');
    }
    if (credential !== undefined) {
      throw kit.configError('client is used as is; credential cannot be combined with it');
    }
  }
  for (const key of ['purgeOnDelete', 'disableChallengeResourceVerification']) {
    if (given[key] !== undefined && typeof given[key] !== 'boolean') {
      throw kit.configError(`${key} must be a boolean`);
    }
  }
  return { ...(given as unknown as AzureKeyVaultOptions) };
}
