// Public surface of @secretkit/azure: exports only.
export type { AzureKeyVaultProvider } from './azure-key-vault.js';
export { azureKeyVault } from './azure-key-vault.js';
export type { AzureKeyVaultOptions } from './options.js';
