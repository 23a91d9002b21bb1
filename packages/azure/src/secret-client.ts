// The SecretClient we send through: the user's as is, or one built on first use (the SDK imported
// then) with `retryOptions: { maxRetries: 0 }` so core's retry is the only one (DESIGN §5), signing
// in with the watched credential. `@azure/identity` is imported only when no credential was given.
import type { SecretClient } from '@azure/keyvault-secrets';
import { type AdapterKit, importSdk, type LazyClient, lazyClient } from '@secretkit/core/adapter';
import {
  defaultCredential,
  type IdentityImporter,
  type TokenMemory,
  watchedCredential,
} from './credential.js';
import { PROVIDER_NAME } from './errors.js';
import type { AzureKeyVaultOptions } from './options.js';

export function keyVaultClient(
  options: AzureKeyVaultOptions,
  kit: AdapterKit,
  tokens: TokenMemory,
  importer?: IdentityImporter,
): LazyClient<SecretClient> {
  return lazyClient({
    given: options.client,
    async build() {
      const [sdk, credential] = await Promise.all([
        importSdk(() => import('@azure/keyvault-secrets'), '@azure/keyvault-secrets', PROVIDER_NAME),
        options.credential ?? defaultCredential(kit, importer),
      ]);
      return new sdk.SecretClient(options.vaultUrl, watchedCredential(credential, tokens), {
        retryOptions: { maxRetries: 0 },
        ...(options.disableChallengeResourceVerification
          ? { disableChallengeResourceVerification: true }
          : {}),
      });
    },
  });
}
