// The conformance suite against the Key Vault fake, through the real Azure SDK. Key Vault values are
// strings, so binary is false; versions, write and list are claimed.
import { describeProviderConformance } from '@secretkit/conformance';
import { conformanceHarness } from './harness.js';

describeProviderConformance({
  name: 'azure',
  setup: conformanceHarness,
  capabilities: { binary: false, versions: true, write: true, list: true, leases: false },
});
