// azureKeyVault: the SecretProvider over Azure Key Vault secrets. I/O and error mapping only;
// caching, retry, coalescing and rotation are core's (DESIGN §2, §5).
import type { SecretClient } from '@azure/keyvault-secrets';
import type { ProviderContext, ProviderWith, SecretRecord, SecretRequest } from '@secretkit/core';
import type { WithClient } from '@secretkit/core/adapter';
import { TokenMemory } from './credential.js';
import { keyVaultKit, PROVIDER_NAME } from './errors.js';
import { type Answer, type CallTarget, keyVaultCall } from './key-vault-call.js';
import { checkKeyVaultName, checkKeyVaultRequest } from './names.js';
import { type AzureKeyVaultOptions, checkAzureOptions } from './options.js';
import { toRecord } from './records.js';
import { keyVaultClient } from './secret-client.js';

/**
 * The Azure provider: reads, versions, writes and listing; no batch, leases or change hints.
 * `client()` is the escape hatch: the SecretClient it sends through (yours, or the one it built).
 */
export interface AzureKeyVaultProvider
  extends ProviderWith<'getVersion' | 'setSecret' | 'deleteSecret' | 'listSecrets'>,
    WithClient<SecretClient> {
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
  const tokens = new TokenMemory();
  const kit = keyVaultKit(() => tokens.current());
  const settings = checkAzureOptions(kit, options);
  const target: CallTarget = { kit, client: keyVaultClient(settings, kit, tokens) };

  async function readOne(request: SecretRequest, context: ProviderContext): Promise<SecretRecord> {
    const { name, version } = checkKeyVaultRequest(kit, request);
    const secret = await keyVaultCall(target, { signal: context.signal, name }, (sdk, callOptions) =>
      sdk.getSecret(name, { ...callOptions, ...(version === undefined ? {} : { version }) }),
    );
    return toRecord(kit, name, secret);
  }

  return {
    name: PROVIDER_NAME,
    vaultUrl: settings.vaultUrl,
    client: () => target.client.get(),

    getSecret: readOne,

    // Key Vault has no metadata-only read of the current version: a GET of the secret is the
    // cheapest answer (one of the vault's 4,000 operations per 10 s), so core's cache should
    // carry most reads and watch intervals should be long.
    async getVersion(request, context) {
      return (await readOne(request, context)).version;
    },

    async setSecret(name, value, context) {
      checkKeyVaultName(kit, name);
      if (typeof value !== 'string') {
        throw kit.error('UNSUPPORTED', `${kit.label}: secret values are strings, not bytes`, { name });
      }
      const written = await keyVaultCall(
        target,
        { signal: context.signal, name, values: [value] },
        (sdk, callOptions) => sdk.setSecret(name, value, callOptions),
      );
      const version = written.properties?.version;
      return typeof version === 'string' ? { version } : {};
    },

    async deleteSecret(name, context) {
      checkKeyVaultName(kit, name);
      await keyVaultCall(target, { signal: context.signal, name }, async (sdk, callOptions) => {
        const poller = await sdk.beginDeleteSecret(name, { ...callOptions, intervalInMs: 250 });
        if (!settings.purgeOnDelete) return;
        await poller.pollUntilDone({ abortSignal: callOptions.abortSignal });
        await sdk.purgeDeletedSecret(name, callOptions);
      });
    },

    async *listSecrets(context) {
      const answer: Answer = {}; // the pages answer through the hook given when listing began
      const pages = await keyVaultCall(target, { signal: context.signal, answer }, async (sdk, callOptions) =>
        sdk.listPropertiesOfSecrets(callOptions).byPage({ maxPageSize: LIST_PAGE_SIZE }),
      );
      while (true) {
        const page = await keyVaultCall(target, { signal: context.signal, answer }, () => pages.next());
        if (page.done) return;
        for (const properties of page.value) yield { name: properties.name };
      }
    },
  };
}
