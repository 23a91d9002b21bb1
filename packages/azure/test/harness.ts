// Written once for every adapter test: the fake vault, providers and clients pointed at it, a fake
// that listens for a whole file and fails a test that left unhandled requests, and the
// conformance wiring (DESIGN §6).

import type { ConformanceHarness } from '@secretkit/conformance';
import { useFake as useKitFake } from '@secretkit/conformance';
import { createSecretsClient, type SecretsClientOptions, type SecretsErrorCode } from '@secretkit/core';
import { closeAndCheckFake } from '../../../test-setup/fake-teardown.js';
import { reportUnhandledToGuard } from '../../../test-setup/msw.js';
import { type AzureKeyVaultOptions, azureKeyVault } from '../src/index.js';
import {
  createKeyVaultFake,
  fakeCredential,
  type KeyVaultFake,
  type KeyVaultFakeOptions,
} from '../src/testing/index.js';

export const VAULT_URL = 'https://myvault.vault.azure.net';

/** A provider for the fake vault, signing in with a fake credential unless a client is given. */
export function testProvider(options: Partial<AzureKeyVaultOptions> = {}) {
  return azureKeyVault({
    vaultUrl: VAULT_URL,
    ...(options.client === undefined ? { credential: fakeCredential() } : {}),
    ...options,
  });
}

/** A client over `provider` without core's retries (each test says how many requests it expects). */
export function testClient(options: Partial<SecretsClientOptions> = {}, provider = testProvider()) {
  return createSecretsClient({ provider, retry: false, ...options });
}

/** A fake whose unhandled requests also fail the test through the shared network guard. */
export function guardedFake(options: KeyVaultFakeOptions = {}): KeyVaultFake {
  return createKeyVaultFake({
    vaultUrl: VAULT_URL,
    onUnhandled: reportUnhandledToGuard,
    ...options,
  });
}

/** A fake listening for the whole file, reset after each test, which fails a test that left it unhandled requests. */
export function useFake(options: KeyVaultFakeOptions = {}): KeyVaultFake {
  return useKitFake(guardedFake(options));
}

/** What the fake answers for each code the conformance suite injects: [status, code, inner code]. */
const FAULT_FOR: Partial<Record<SecretsErrorCode, [number, string, string | undefined]>> = {
  ACCESS_DENIED: [403, 'Forbidden', 'ForbiddenByRbac'],
  UNAUTHENTICATED: [401, 'Unauthorized', undefined],
  UNAVAILABLE: [503, 'ServiceUnavailable', undefined],
};

/** A conformance harness over a fresh fake (listening until teardown) and a provider for it. */
export async function conformanceHarness(): Promise<ConformanceHarness> {
  const fake = guardedFake();
  fake.listen();
  return {
    provider: testProvider(),
    put: async (name, value) => {
      if (typeof value !== 'string') throw new Error('Key Vault values are strings');
      return fake.put(name, value);
    },
    remove: (name) => {
      fake.remove(name);
    },
    failNext: (code) => {
      const fault = FAULT_FOR[code];
      if (fault === undefined) throw new Error(`no fault for ${code}`);
      const [status, errorCode, innerCode] = fault;
      fake.failNext(status, errorCode, innerCode === undefined ? {} : { innerCode });
    },
    secretName: (label) => label.replace(/[^0-9a-zA-Z-]/g, '-'),
    teardown: () => closeAndCheckFake(fake),
  };
}

export { providerContext as context, rejection } from '@secretkit/conformance';
