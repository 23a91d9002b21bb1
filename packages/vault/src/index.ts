// Public surface of @secretkit/vault: exports only.
export type { HashicorpVaultProvider } from './hashicorp-vault.js';
export { hashicorpVault } from './hashicorp-vault.js';
export type { HashicorpVaultOptions, VaultAuth } from './options.js';
