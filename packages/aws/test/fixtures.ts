// Shared by the adapter tests: explicit test credentials and a provider/client pointed at the fake.
import { createSecretsClient, type ProviderContext, type SecretsClientOptions } from '@secretkit/core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type AwsSecretsManagerOptions, awsSecretsManager } from '../src/index.js';
import { createAwsSecretsManagerFake } from '../src/testing/index.js';

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDTESTONLY', secretAccessKey: 'test' };
export const REGION = 'us-east-1';

export function testProvider(options: AwsSecretsManagerOptions = {}) {
  return awsSecretsManager({ region: REGION, credentials: TEST_CREDENTIALS, ...options });
}

export function testClient(options: Partial<SecretsClientOptions> = {}, provider = testProvider()) {
  return createSecretsClient({ provider, retry: false, ...options });
}

export function context(signal: AbortSignal = new AbortController().signal): ProviderContext {
  return { signal };
}

/** A fake listening for the whole file, reset after each test, which fails a test that left it unhandled requests. */
export function useFake(options: Parameters<typeof createAwsSecretsManagerFake>[0] = {}) {
  const fake = createAwsSecretsManagerFake(options);
  beforeAll(() => fake.listen());
  afterEach(() => {
    expect(fake.unhandledRequests).toEqual([]);
    fake.reset();
  });
  afterAll(() => fake.close());
  return fake;
}
