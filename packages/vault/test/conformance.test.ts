// The conformance suite against the msw fake through node-vault: KV v2 (versions) and the lease
// capability on a dynamic path. Vault values are JSON maps, so there is no binary capability, and
// text is stored as the map { value: text } (see textView below).
import { describeProviderConformance } from '@secretkit/conformance';
import type { SecretProvider, SecretsErrorCode } from '@secretkit/core';
import { createVaultFake } from '../src/testing/index.js';
import { testProvider } from './fixtures.js';

/** The wire answer the fake gives for each code the suite injects (the adapter's mapping picks the code). */
const FAULT_FOR: Partial<Record<SecretsErrorCode, { status: number; errors: string[] }>> = {
  ACCESS_DENIED: { status: 403, errors: ['1 error occurred:\n\t* permission denied\n\n'] },
  UNAUTHENTICATED: { status: 403, errors: ['permission denied', 'invalid token'] },
  UNAVAILABLE: { status: 503, errors: ['Vault is sealed'] },
};

/**
 * The suite writes free text and reads it back as text, while a Vault value is always the JSON of
 * a data map. The harness stores text that is not a JSON object as `{ value: text }`, and this
 * view gives back `text` for a record whose map is exactly that; every other value, every error,
 * version and lease is the provider's own. (Contract question raised in the report.)
 */
function textView(provider: SecretProvider): SecretProvider {
  const unwrap = <R extends { value: string | Uint8Array }>(record: R): R => {
    if (typeof record.value !== 'string') return record;
    const parsed = JSON.parse(record.value) as unknown;
    const keys = typeof parsed === 'object' && parsed !== null ? Object.keys(parsed) : [];
    const value = (parsed as { value?: unknown }).value;
    return keys.length === 1 && keys[0] === 'value' && typeof value === 'string'
      ? { ...record, value }
      : record;
  };
  return {
    name: provider.name,
    getSecret: async (request, context) => unwrap(await provider.getSecret(request, context)),
    getVersion: provider.getVersion?.bind(provider),
    renewLease: provider.renewLease?.bind(provider),
    revokeLease: provider.revokeLease?.bind(provider),
    watchChanges: provider.watchChanges?.bind(provider),
    close: provider.close?.bind(provider),
  };
}

function dataMapOf(value: string | Uint8Array): Record<string, unknown> {
  if (typeof value !== 'string') throw new Error('Vault values are JSON maps: no binary');
  try {
    const parsed = JSON.parse(value) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // not JSON: stored as { value }
  }
  return { value };
}

describeProviderConformance({
  name: 'hashicorp-vault',
  setup: async () => {
    const fake = createVaultFake();
    fake.listen();
    fake.addRole('database/creds/conformance', { ttl: 600, maxTtl: 3600 });
    const provider = testProvider(fake);
    return {
      provider: textView(provider),
      put: async (name, value) => fake.put(name, dataMapOf(value)),
      remove: (name) => fake.remove(name),
      failNext: (code) => {
        const fault = FAULT_FOR[code];
        if (fault === undefined) throw new Error(`no wire fault for ${code}`);
        fake.failNext(fault.status, { errors: fault.errors });
      },
      secretName: (label) => `secret/${label}`,
      dynamicSecret: async () => 'database/creds/conformance',
      teardown: async () => {
        await provider.close();
        fake.close();
        if (fake.unhandledRequests.length > 0) {
          throw new Error(`unhandled requests: ${JSON.stringify(fake.unhandledRequests)}`);
        }
      },
    };
  },
  capabilities: { binary: false, versions: true, write: false, list: false, leases: true },
});
