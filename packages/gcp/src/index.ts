// Public surface of @secretkit/gcp: exports only.
export { crc32c } from './crc32c.js';
export type { GcpSecretManagerProvider } from './gcp-secret-manager.js';
export { gcpSecretManager } from './gcp-secret-manager.js';
export type { GcpSecretManagerOptions } from './options.js';
