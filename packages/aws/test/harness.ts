// The adapter's test harness, written once: explicit test credentials, a provider and a client
// pointed at the fake, a fake per test file, and the conformance wiring.

import type { ProviderConformanceOptions } from '@secretkit/conformance';
import { useFake as useKitFake } from '@secretkit/conformance';
import { createSecretsClient, type SecretsClientOptions, type SecretsErrorCode } from '@secretkit/core';
import { closeAndCheckFake } from '../../../test-setup/fake-teardown.js';
import { type AwsSecretsManagerOptions, awsSecretsManager } from '../src/index.js';
import { type AwsSecretsManagerFakeOptions, createAwsSecretsManagerFake } from '../src/testing/index.js';

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test' };
export const REGION = 'us-east-1';

export function testProvider(options: AwsSecretsManagerOptions = {}) {
  return awsSecretsManager({ region: REGION, credentials: TEST_CREDENTIALS, ...options });
}

export function testClient(options: Partial<SecretsClientOptions> = {}, provider = testProvider()) {
  return createSecretsClient({ provider, retry: false, ...options });
}

/** A fake listening for the whole file, reset after each test, which fails a test that left it unhandled requests. */
export function useFake(options: AwsSecretsManagerFakeOptions = {}) {
  return useKitFake(createAwsSecretsManagerFake(options));
}

/** The exception the fake answers for each code the conformance suite injects. */
const EXCEPTION_FOR: Partial<Record<SecretsErrorCode, string>> = {
  ACCESS_DENIED: 'AccessDeniedException',
  UNAUTHENTICATED: 'UnrecognizedClientException',
  UNAVAILABLE: 'InternalServiceError',
};

/** The conformance suite against the fake, through the real AWS SDK. */
export const CONFORMANCE: ProviderConformanceOptions = {
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
      teardown: () => closeAndCheckFake(fake, provider),
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
};

export { providerContext as context, rejection } from '@secretkit/conformance';
