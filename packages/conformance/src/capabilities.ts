// The optional SPI methods a provider claims in its capabilities: setSecret/deleteSecret (write),
// listSecrets (list), and leases on dynamic secrets (leases). Unclaimed ones are skipped.
import type { Lease } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import type { ConformanceRun } from './conformance-run.js';
import { expectSecretsError } from './expect-error.js';
import type { ConformanceCapabilities } from './harness.js';
import { bytesOf, NOT_UTF8_BYTES, notUtf8Bytes, TEXT_VALUE } from './values.js';

export function describeCapabilities(run: ConformanceRun, capabilities: ConformanceCapabilities): void {
  /** `run.provider[method]` bound to the provider; fails the test when a claimed method is missing. */
  function claimed<K extends 'setSecret' | 'deleteSecret' | 'listSecrets' | 'renewLease' | 'revokeLease'>(
    method: K,
    capability: keyof ConformanceCapabilities,
  ): NonNullable<(typeof run.provider)[K]> {
    const { provider } = run;
    const found = provider[method];
    if (typeof found !== 'function') {
      return expect.fail(`capabilities.${capability} is true but the provider has no ${method}()`);
    }
    return found.bind(provider) as NonNullable<(typeof run.provider)[K]>;
  }

  describe('write (capabilities.write)', () => {
    const test = capabilities.write ? it : it.skip;

    test('setSecret writes a value that getSecret reads back', async () => {
      const setSecret = claimed('setSecret', 'write');
      const name = run.name('written');
      const { version } = await setSecret(name, run.stored(TEXT_VALUE), run.context());
      const record = await run.provider.getSecret({ name }, run.context());
      expect(run.text(record.value)).toBe(TEXT_VALUE);
      if (capabilities.versions) expect(record.version, 'the version setSecret reported').toBe(version);
      if (capabilities.binary) {
        await setSecret(name, notUtf8Bytes(), run.context());
        expect(bytesOf((await run.provider.getSecret({ name }, run.context())).value)).toEqual(
          NOT_UTF8_BYTES,
        );
      }
    });

    test('deleteSecret removes a secret: it then reads NOT_FOUND', async () => {
      const deleteSecret = claimed('deleteSecret', 'write');
      await run.put('deleted', TEXT_VALUE);
      const name = run.name('deleted');
      await deleteSecret(name, run.context());
      await expectSecretsError(
        run.provider.getSecret({ name }, run.context()),
        'NOT_FOUND',
        'getSecret after delete',
      );
      await expectSecretsError(run.client.get(name), 'NOT_FOUND', 'client get after deleteSecret');
    });
  });

  describe('list (capabilities.list)', () => {
    (capabilities.list ? it : it.skip)('listSecrets yields the names put', async () => {
      const listSecrets = claimed('listSecrets', 'list');
      await run.put('listed-a', TEXT_VALUE);
      await run.put('listed-b', TEXT_VALUE);
      const names: string[] = [];
      for await (const entry of listSecrets(run.context())) names.push(entry.name);
      expect(names).toEqual(expect.arrayContaining([run.name('listed-a'), run.name('listed-b')]));
    });
  });

  describe('leases (capabilities.leases)', () => {
    const test = capabilities.leases ? it : it.skip;

    /** Reads the harness's dynamic secret directly and returns the lease it carries. */
    async function readLease(): Promise<Lease> {
      const { dynamicSecret } = run.harness;
      if (dynamicSecret === undefined) {
        return expect.fail('capabilities.leases is true but the harness has no dynamicSecret()');
      }
      const name = await dynamicSecret();
      const record = await run.provider.getSecret({ name }, run.context());
      expect(record.lease, 'a dynamic secret record carries a lease').toBeDefined();
      return record.lease as Lease;
    }

    function expectLeaseShape(lease: Lease): void {
      expect(lease).toEqual({
        id: expect.any(String),
        ttlMs: expect.any(Number),
        renewable: expect.any(Boolean),
      });
      expect(lease.id.length, 'lease id').toBeGreaterThan(0);
      expect(lease.ttlMs, 'lease ttlMs').toBeGreaterThan(0);
    }

    test('reading a dynamic secret yields a lease with id, ttlMs > 0 and renewable', async () => {
      expectLeaseShape(await readLease());
    });

    test('renewLease returns a lease (LEASE_EXPIRED when the lease is not renewable)', async () => {
      const renewLease = claimed('renewLease', 'leases');
      const lease = await readLease();
      if (!lease.renewable) {
        await expectSecretsError(
          renewLease(lease, run.context()),
          'LEASE_EXPIRED',
          'renewLease of a non-renewable lease',
        );
        return;
      }
      const renewed = await renewLease(lease, run.context());
      expectLeaseShape(renewed);
      expect(renewed.id).toBe(lease.id);
    });

    test('revokeLease resolves, and renewing the revoked lease is LEASE_EXPIRED', async () => {
      const renewLease = claimed('renewLease', 'leases');
      const revokeLease = claimed('revokeLease', 'leases');
      const lease = await readLease();
      await expect(revokeLease(lease, run.context())).resolves.toBeUndefined();
      await expectSecretsError(
        renewLease(lease, run.context()),
        'LEASE_EXPIRED',
        'renewLease of a revoked lease',
      );
    });
  });
}
