// Public surface of @secretkit/memory: exports only.

export type { MemoryCall } from './call-log.js';
export type { DynamicSecretOptions, MemoryLease } from './dynamic-secrets.js';
export type { FailForOptions, FailNextOptions, LatencyOptions } from './fault-injector.js';
export type { MemoryProvider, MemoryProviderOptions } from './memory-provider.js';
export { createMemoryProvider } from './memory-provider.js';
export type { MemoryOperation } from './operations.js';
export { MEMORY_OPERATIONS } from './operations.js';
export type { MemorySecretValue } from './secret-value.js';
export type { MemoryWriteOptions } from './store.js';
