// The conformance suite against the msw fake, through the real AWS SDK.
import { describeProviderConformance } from '@secretkit/conformance';
import type { SecretsErrorCode } from '@secretkit/core';
import { createAwsSecretsManagerFake } from '../src/testing/index.js';
import { testProvider } from './fixtures.js';

/** The exception the fake answers for each code the suite injects. */
const EXCEPTION_FOR: Partial<Record<SecretsErrorCode, string>> = {
  ACCESS_DENIED: 'AccessDeniedException',
  UNAUTHENTICATED: 'UnrecognizedClientException',
  UNAVAILABLE: 'InternalServiceError',
};

describeProviderConformance({
  name: 'aws',
  setup: async () => {
    const fake = createAwsSecretsManagerFake();
    fake.listen();
    // Force delete: with the recovery window a deleted secret reads DISABLED (InvalidRequestException),
    // while the suite expects NOT_FOUND after deleteSecret.
    const provider = testProvider({ forceDeleteWithoutRecovery: true });
    return {
      provider,
      put: async (name, value) => fake.put(name, value),
      remove: async (name) => {
        fake.remove(name);
      },
      failNext: (code) => {
        const exception = EXCEPTION_FOR[code];
        if (exception === undefined) throw new Error(`no exception for ${code}`);
        fake.failNext(exception, { coverProbeFallback: true });
      },
      teardown: async () => {
        await provider.close();
        fake.close();
        if (fake.unhandledRequests.length > 0) {
          throw new Error(`unhandled requests: ${JSON.stringify(fake.unhandledRequests)}`);
        }
      },
    };
  },
  capabilities: {
    binary: true,
    versions: true,
    write: true,
    list: true,
    leases: false,
    stages: { current: 'AWSCURRENT', previous: 'AWSPREVIOUS' },
  },
});
