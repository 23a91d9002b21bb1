// azureKeyVault: the SecretProvider over Azure Key Vault secrets. I/O and error mapping only;
// caching, retry, coalescing and rotation are core's (DESIGN §2, §5).
import {
  type ProviderContext,
  type ProviderWith,
  type SecretRecord,
  type SecretRequest,
  SecretsError,
} from '@secretkit/core';
import { PROVIDER_NAME } from './error-mapping.js';
import { assertRequest, assertSecretName } from './names.js';
import { type AzureKeyVaultOptions, assertOptions } from './options.js';
import { toRecord } from './records.js';
import { lazySecretClient } from './sdk-client.js';
import { sendAborting } from './send.js';

/** The Azure provider: reads, versions, writes and listing; no batch, leases or change hints. */
export interface AzureKeyVaultProvider
  extends ProviderWith<'getVersion' | 'setSecret' | 'deleteSecret' | 'listSecrets'> {
  readonly name: 'azure-key-vault';
  readonly vaultUrl: string;
}

/** Page size asked of the list endpoint (the service's maximum is 25). */
const LIST_PAGE_SIZE = 25;

/**
 * A SecretProvider for Azure Key Vault. The SDK (and `@azure/identity`, only when no `credential`
 * is given) is imported on first use; clients we build get `retryOptions: { maxRetries: 0 }`.
 * Names and versions are 1–127 of `[0-9a-zA-Z-]`; values are strings.
 */
export function azureKeyVault(options: AzureKeyVaultOptions): AzureKeyVaultProvider {
  assertOptions(options);
  const settings: AzureKeyVaultOptions = { ...options };
  const client = lazySecretClient(settings);

  async function readOne(request: SecretRequest, context: ProviderContext): Promise<SecretRecord> {
    const name = assertRequest(request);
    const secret = await sendAborting(client, context.signal, name, (sdk, abortSignal) =>
      sdk.getSecret(name, {
        abortSignal,
        ...(request.version === undefined ? {} : { version: request.version }),
      }),
    );
    return toRecord(name, secret);
  }

  return {
    name: PROVIDER_NAME,
    vaultUrl: settings.vaultUrl,

    getSecret: readOne,

    // Key Vault has no metadata-only read of the current version: a GET of the secret is the
    // cheapest answer (one of the vault's 4,000 operations per 10 s), so core's cache should
    // carry most reads and watch intervals should be long.
    async getVersion(request, context) {
      return (await readOne(request, context)).version;
    },

    async setSecret(name, value, context) {
      assertSecretName(name);
      if (typeof value !== 'string') {
        throw new SecretsError('UNSUPPORTED', 'Azure Key Vault secret values are strings, not bytes', {
          provider: PROVIDER_NAME,
          secretName: name,
        });
      }
      const written = await sendAborting(client, context.signal, name, (sdk, abortSignal) =>
        sdk.setSecret(name, value, { abortSignal }),
      );
      return written.properties.version === undefined ? {} : { version: written.properties.version };
    },

    async deleteSecret(name, context) {
      assertSecretName(name);
      await sendAborting(client, context.signal, name, async (sdk, abortSignal) => {
        const poller = await sdk.beginDeleteSecret(name, { abortSignal, intervalInMs: 250 });
        if (!settings.purgeOnDelete) return;
        await poller.pollUntilDone({ abortSignal });
        await sdk.purgeDeletedSecret(name, { abortSignal });
      });
    },

    async *listSecrets(context) {
      const sdk = await sendAborting(client, context.signal, undefined, async (sdk) => sdk);
      const pages = sdk
        .listPropertiesOfSecrets({ abortSignal: context.signal })
        .byPage({ maxPageSize: LIST_PAGE_SIZE });
      while (true) {
        const page = await sendAborting(client, context.signal, undefined, () => pages.next());
        if (page.done) return;
        for (const properties of page.value) yield { name: properties.name };
      }
    },
  };
}
