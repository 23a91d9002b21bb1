// Public surface of @secretkit/refs: exports only.
export type { CallOptions } from './call-options.js';
export type { RefChangeEvent } from './ref-watch.js';
export type { SecretResolver } from './resolver.js';
export { createSecretResolver } from './resolver.js';
export type { ProviderEntry, SecretResolverOptions } from './resolver-options.js';
