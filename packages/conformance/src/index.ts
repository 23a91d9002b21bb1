// Public surface of @secretkit/conformance: exports only.

export { describeProviderConformance } from './describe-provider-conformance.js';
export type { ConformanceCapabilities, ConformanceHarness, ProviderConformanceOptions } from './harness.js';
