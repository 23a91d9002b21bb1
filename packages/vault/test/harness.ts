// The one harness of the adapter's tests: a provider and a client pointed at the fake (loopback,
// msw answers before any socket), a fake that fails a test which left it unhandled requests, and
// the conformance wiring (conformance.test.ts runs it).

import type { ProviderConformanceOptions } from '@secretkit/conformance';
import { useFake as useKitFake } from '@secretkit/conformance';
import { createSecretsClient, type SecretsClientOptions, type SecretsErrorCode } from '@secretkit/core';
import { closeAndCheckFake } from '../../../test-setup/fake-teardown.js';
import { type HashicorpVaultOptions, hashicorpVault } from '../src/index.js';
import { createVaultFake, type VaultFake, type VaultFakeOptions } from '../src/testing/index.js';

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

/** A fake listening for the whole file, reset after each test. */
export function useFake(options: VaultFakeOptions = {}) {
  return useKitFake(createVaultFake(options));
}

/** The wire answer the fake gives for each code the suite injects (the adapter's mapping picks the code). */
const FAULT_FOR: Partial<Record<SecretsErrorCode, { status: number; errors: string[] }>> = {
  ACCESS_DENIED: { status: 403, errors: ['1 error occurred:\n\t* permission denied\n\n'] },
  UNAUTHENTICATED: { status: 403, errors: ['permission denied', 'invalid token'] },
  UNAVAILABLE: { status: 503, errors: ['Vault is sealed'] },
};

/**
 * The conformance suite against the fake through node-vault: KV v2 (versions) and the lease
 * capability on a dynamic path. Values are JSON maps (`jsonMaps`), so there is no binary.
 */
export function vaultConformance(): ProviderConformanceOptions {
  return {
    name: 'hashicorp-vault',
    setup: async () => {
      const fake = createVaultFake();
      fake.listen();
      fake.addRole('database/creds/conformance', { ttl: 600, maxTtl: 3600 });
      const provider = testProvider(fake);
      return {
        provider,
        put: async (name, value) => fake.put(name, JSON.parse(value as string) as Record<string, unknown>),
        remove: (name) => fake.remove(name),
        failNext: (code) => {
          const fault = FAULT_FOR[code];
          if (fault === undefined) throw new Error(`no wire fault for ${code}`);
          fake.failNext(fault.status, { errors: fault.errors });
        },
        secretName: (label) => `secret/${label}`,
        dynamicSecret: async () => 'database/creds/conformance',
        teardown: () => closeAndCheckFake(fake, provider),
      };
    },
    capabilities: { binary: false, versions: true, write: false, list: false, leases: true, jsonMaps: true },
  };
}

export { providerContext as context, rejection } from '@secretkit/conformance';
