// Shared by the adapter tests: a provider/client pointed at the fake (loopback, msw intercepts
// before any socket) and a fake that fails a test which left it unhandled requests.
import { createSecretsClient, type ProviderContext, type SecretsClientOptions } from '@secretkit/core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type HashicorpVaultOptions, hashicorpVault } from '../src/index.js';
import { createVaultFake, type VaultFake } from '../src/testing/index.js';

export const ADDRESS = 'http://127.0.0.1:8200';

export function testProvider(fake: VaultFake, options: HashicorpVaultOptions = {}) {
  return hashicorpVault({ address: ADDRESS, ...(options.auth ? {} : { token: fake.rootToken }), ...options });
}

export function testClient(
  provider: ReturnType<typeof hashicorpVault>,
  options: Partial<SecretsClientOptions> = {},
) {
  return createSecretsClient({ provider, retry: false, ...options });
}

export function context(signal: AbortSignal = new AbortController().signal): ProviderContext {
  return { signal };
}

/** A fake listening for the whole file, reset after each test. */
export function useFake(options: Parameters<typeof createVaultFake>[0] = {}) {
  const fake = createVaultFake(options);
  beforeAll(() => fake.listen());
  afterEach(() => {
    expect(fake.unhandledRequests).toEqual([]);
    fake.reset();
  });
  afterAll(() => fake.close());
  return fake;
}
