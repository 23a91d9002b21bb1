// Shared by the adapter tests: a fake credential and a provider/client pointed at the fake vault.
import { createSecretsClient, type ProviderContext, type SecretsClientOptions } from '@secretkit/core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type AzureKeyVaultOptions, azureKeyVault } from '../src/index.js';
import { createKeyVaultFake, fakeCredential } from '../src/testing/index.js';

export const VAULT_URL = 'https://myvault.vault.azure.net';

export function testProvider(options: Partial<AzureKeyVaultOptions> = {}) {
  return azureKeyVault({
    vaultUrl: VAULT_URL,
    ...(options.client === undefined ? { credential: fakeCredential() } : {}),
    ...options,
  });
}

export function testClient(options: Partial<SecretsClientOptions> = {}, provider = testProvider()) {
  return createSecretsClient({ provider, retry: false, ...options });
}

export function context(signal: AbortSignal = new AbortController().signal): ProviderContext {
  return { signal };
}

/** A fake listening for the whole file, reset after each test, which fails a test that left it unhandled requests. */
export function useFake(options: Parameters<typeof createKeyVaultFake>[0] = {}) {
  const fake = createKeyVaultFake({ vaultUrl: VAULT_URL, ...options });
  beforeAll(() => fake.listen());
  afterEach(() => {
    expect(fake.unhandledRequests).toEqual([]);
    fake.reset();
  });
  afterAll(() => fake.close());
  return fake;
}
