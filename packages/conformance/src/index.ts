// Public surface of @secretkit/conformance: exports only.

export type { FakeLifecycle } from './adapter-test-harness.js';
export { expectCleanedCause, providerContext, rejection, useFake } from './adapter-test-harness.js';
export type {
  LoopbackPump,
  LoopbackPumpOptions,
  WatchedClient,
  WatchedClients,
  WatchedClientsHooks,
} from './change-source-harness.js';
export { loopbackPump, useWatchedClients, watchedClients } from './change-source-harness.js';
export { describeProviderConformance } from './describe-provider-conformance.js';
export type { ConformanceCapabilities, ConformanceHarness, ProviderConformanceOptions } from './harness.js';
export { findValue } from './leak-check.js';
export * from './leak-fuzz/index.js';
