// The Key Vault SDK, imported on first use, and the client we send through: the user's, or one we
// build with `retryOptions: { maxRetries: 0 }` (core's retry is the only retry layer, DESIGN §5).
// `@azure/identity` is imported only when no credential was given.
import type { TokenCredential } from '@azure/core-auth';
import type { SecretClient } from '@azure/keyvault-secrets';
import { SecretsError } from '@secretkit/core';
import { PROVIDER_NAME } from './error-mapping.js';
import type { AzureKeyVaultOptions } from './options.js';

/** Imports `@azure/identity` (a seam for tests; the default is a plain dynamic import). */
export type IdentityImporter = () => Promise<{ DefaultAzureCredential: new () => TokenCredential }>;

const importIdentity: IdentityImporter = () => import('@azure/identity');

/** `new DefaultAzureCredential()`, or CONFIG naming the package when it is not installed. */
export async function loadDefaultCredential(
  importer: IdentityImporter = importIdentity,
): Promise<TokenCredential> {
  let identity: Awaited<ReturnType<IdentityImporter>>;
  try {
    identity = await importer();
  } catch (error) {
    throw new SecretsError(
      'CONFIG',
      'azureKeyVault: no credential was given and @azure/identity is not installed: ' +
        'install it (npm install @azure/identity) for DefaultAzureCredential, or pass a credential',
      { provider: PROVIDER_NAME, cause: error instanceof Error ? new Error(error.message) : undefined },
    );
  }
  return new identity.DefaultAzureCredential();
}

/** Loads the SDK and builds (or takes) the client once. */
export function lazySecretClient(
  options: AzureKeyVaultOptions,
  importer: IdentityImporter = importIdentity,
): () => Promise<SecretClient> {
  let client: Promise<SecretClient> | undefined;
  return () => {
    client ??= (async () => {
      if (options.client) return options.client;
      const [sdk, credential] = await Promise.all([
        import('@azure/keyvault-secrets'),
        options.credential ?? loadDefaultCredential(importer),
      ]);
      return new sdk.SecretClient(options.vaultUrl, credential, {
        retryOptions: { maxRetries: 0 },
        ...(options.disableChallengeResourceVerification
          ? { disableChallengeResourceVerification: true }
          : {}),
      });
    })();
    client.catch(() => {
      client = undefined; // a failed import may be retried
    });
    return client;
  };
}
