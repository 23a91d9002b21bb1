// The conformance suite against the msw fake, through the real Azure SDK. Key Vault values are
// strings, so binary is false; versions, write and list are claimed.
import { describeProviderConformance } from '@secretkit/conformance';
import type { SecretsErrorCode } from '@secretkit/core';
import { createKeyVaultFake } from '../src/testing/index.js';
import { testProvider, VAULT_URL } from './fixtures.js';

/** What the fake answers for each code the suite injects: [status, code, inner code]. */
const FAULT_FOR: Partial<Record<SecretsErrorCode, [number, string, string | undefined]>> = {
  ACCESS_DENIED: [403, 'Forbidden', 'ForbiddenByRbac'],
  UNAUTHENTICATED: [401, 'Unauthorized', undefined],
  UNAVAILABLE: [503, 'ServiceUnavailable', undefined],
};

describeProviderConformance({
  name: 'azure',
  setup: async () => {
    const fake = createKeyVaultFake({ vaultUrl: VAULT_URL });
    fake.listen();
    const provider = testProvider();
    return {
      provider,
      put: async (name, value) => {
        if (typeof value !== 'string') throw new Error('Key Vault values are strings');
        return fake.put(name, value);
      },
      remove: async (name) => {
        fake.remove(name);
      },
      failNext: (code) => {
        const fault = FAULT_FOR[code];
        if (fault === undefined) throw new Error(`no fault for ${code}`);
        const [status, errorCode, innerCode] = fault;
        fake.failNext(status, errorCode, innerCode === undefined ? {} : { innerCode });
      },
      secretName: (label) => label.replace(/[^0-9a-zA-Z-]/g, '-'),
      teardown: async () => {
        fake.close();
        if (fake.unhandledRequests.length > 0) {
          throw new Error(`unhandled requests: ${JSON.stringify(fake.unhandledRequests)}`);
        }
      },
    };
  },
  capabilities: { binary: false, versions: true, write: true, list: true, leases: false },
});
