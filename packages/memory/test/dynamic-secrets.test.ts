// Dynamic secrets: a new credential and lease per read, renewal bounded by maxTtl, expiry,
// revocation, and the errors Vault gives for leases it will not renew.
import type { Lease, SecretsError } from '@secretkit/core';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryProvider } from '../src/index.js';
import { context, T0, useFakeTimersAtT0 } from './fixtures.js';

useFakeTimersAtT0();

const at = (ms: number) => new Date(T0.getTime() + ms);

async function rejection(promise: Promise<unknown>): Promise<SecretsError> {
  try {
    await promise;
  } catch (error) {
    return error as SecretsError;
  }
  throw new Error('expected the call to reject');
}

describe('issuing', () => {
  it('issues a new default credential and lease on every read, with no version', async () => {
    const provider = createMemoryProvider();
    provider.defineDynamic('database/creds/app', { ttl: 60_000 });
    const first = await provider.getSecret({ name: 'database/creds/app' }, context());
    const second = await provider.getSecret({ name: 'database/creds/app' }, context());

    expect(first).toEqual({
      name: 'database/creds/app',
      value: expect.any(String),
      createdAt: T0,
      lease: { id: 'database/creds/app/1', ttlMs: 60_000, renewable: true },
    });
    expect(first.version).toBeUndefined();
    const credential = JSON.parse(first.value as string);
    expect(credential).toEqual({
      username: 'database-creds-app-1',
      password: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const next = JSON.parse(second.value as string);
    expect(next.username).toBe('database-creds-app-2');
    expect(next.password).not.toBe(credential.password);
    expect(second.lease?.id).toBe('database/creds/app/2');
  });

  it('uses generate (a string as is, an object as JSON) and caps the first TTL at maxTtl', async () => {
    const provider = createMemoryProvider();
    provider.defineDynamic('aws/creds/ci', {
      ttl: 60_000,
      maxTtl: 30_000,
      generate: (serial) => `key-${serial}`,
    });
    provider.defineDynamic('pki/issue/web', {
      ttl: 1_000,
      renewable: false,
      generate: (serial) => ({ serial }),
    });
    expect(await provider.getSecret({ name: 'aws/creds/ci' }, context())).toMatchObject({
      value: 'key-1',
      lease: { id: 'aws/creds/ci/1', ttlMs: 30_000, renewable: true },
    });
    expect(await provider.getSecret({ name: 'pki/issue/web' }, context())).toMatchObject({
      value: '{"serial":1}',
      lease: { id: 'pki/issue/web/1', ttlMs: 1_000, renewable: false },
    });
  });

  it('getVersion answers undefined and issues nothing', async () => {
    const provider = createMemoryProvider();
    provider.defineDynamic('database/creds/app', { ttl: 60_000 });
    expect(await provider.getVersion({ name: 'database/creds/app' }, context())).toBeUndefined();
    expect(provider.leases()).toEqual([]);
  });

  it('rejects a pinned version or stage with NOT_FOUND, and a disabled dynamic secret with DISABLED', async () => {
    const provider = createMemoryProvider();
    provider.defineDynamic('database/creds/app', { ttl: 60_000 });
    for (const request of [
      { name: 'database/creds/app', version: '1' },
      { name: 'database/creds/app', stage: 'current' },
    ]) {
      await expect(provider.getSecret(request, context())).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(provider.getVersion(request, context())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    provider.disable('database/creds/app');
    await expect(provider.getSecret({ name: 'database/creds/app' }, context())).rejects.toMatchObject({
      code: 'DISABLED',
      secretName: 'database/creds/app',
    });
    provider.enable('database/creds/app');
    expect((await provider.getSecret({ name: 'database/creds/app' }, context())).lease?.id).toBe(
      'database/creds/app/1',
    );
  });

  it('reports every lease issued', async () => {
    const provider = createMemoryProvider();
    provider.defineDynamic('database/creds/app', { ttl: 60_000, maxTtl: 90_000 });
    await provider.getSecret({ name: 'database/creds/app' }, context());
    vi.advanceTimersByTime(5_000);
    await provider.getSecret({ name: 'database/creds/app' }, context());
    expect(provider.leases()).toEqual([
      {
        id: 'database/creds/app/1',
        name: 'database/creds/app',
        ttlMs: 60_000,
        renewable: true,
        issuedAt: T0,
        expiresAt: at(60_000),
        revoked: false,
      },
      {
        id: 'database/creds/app/2',
        name: 'database/creds/app',
        ttlMs: 60_000,
        renewable: true,
        issuedAt: at(5_000),
        expiresAt: at(65_000),
        revoked: false,
      },
    ]);
  });
});

describe('renewal', () => {
  async function issue(options: { ttl: number; maxTtl?: number; renewable?: boolean }) {
    const provider = createMemoryProvider();
    provider.defineDynamic('database/creds/app', options);
    const { lease } = await provider.getSecret({ name: 'database/creds/app' }, context());
    return { provider, lease: lease! };
  }

  it('renews for the full ttl from now until maxTtl shortens it, then expires at issue + maxTtl', async () => {
    const { provider, lease } = await issue({ ttl: 60_000, maxTtl: 150_000 });
    vi.advanceTimersByTime(40_000);
    expect(await provider.renewLease(lease, context())).toEqual({
      id: 'database/creds/app/1',
      ttlMs: 60_000,
      renewable: true,
    });
    expect(provider.leases()[0]?.expiresAt).toEqual(at(100_000));

    vi.setSystemTime(at(99_999));
    expect((await provider.renewLease(lease, context())).ttlMs).toBe(50_001);
    vi.setSystemTime(at(120_000));
    expect((await provider.renewLease(lease, context())).ttlMs).toBe(30_000);
    expect(provider.leases()[0]).toMatchObject({ ttlMs: 30_000, expiresAt: at(150_000) });

    vi.setSystemTime(at(150_000));
    await expect(provider.renewLease(lease, context())).rejects.toMatchObject({
      code: 'LEASE_EXPIRED',
      provider: 'memory',
      secretName: 'database/creds/app',
    });
  });

  it('renews without limit when there is no maxTtl', async () => {
    const { provider, lease } = await issue({ ttl: 1_000 });
    for (let step = 0; step < 5; step++) {
      vi.advanceTimersByTime(999);
      expect((await provider.renewLease(lease, context())).ttlMs).toBe(1_000);
    }
    expect(provider.leases()[0]?.expiresAt).toEqual(at(5 * 999 + 1_000));
  });

  it('rejects renewal of an expired lease with LEASE_EXPIRED "expired at"', async () => {
    const { provider, lease } = await issue({ ttl: 60_000 });
    vi.advanceTimersByTime(60_000);
    const error = await rejection(provider.renewLease(lease, context()));
    expect(error).toMatchObject({ code: 'LEASE_EXPIRED', retryable: false });
    expect(error.message).toContain(`expired at ${at(60_000).toISOString()}`);
  });

  it('rejects renewal of a non-renewable lease with LEASE_EXPIRED "lease is not renewable"', async () => {
    const { provider, lease } = await issue({ ttl: 60_000, renewable: false });
    const error = await rejection(provider.renewLease(lease, context()));
    expect(error).toMatchObject({ code: 'LEASE_EXPIRED', secretName: 'database/creds/app' });
    expect(error.message).toContain('lease is not renewable');
  });

  it('rejects renewal of an unknown lease with LEASE_EXPIRED', async () => {
    const provider = createMemoryProvider();
    const unknown: Lease = { id: 'database/creds/app/9', ttlMs: 1_000, renewable: true };
    await expect(provider.renewLease(unknown, context())).rejects.toMatchObject({
      code: 'LEASE_EXPIRED',
      provider: 'memory',
    });
  });

  it('keeps issued leases renewable after the definition is removed', async () => {
    const { provider, lease } = await issue({ ttl: 60_000 });
    expect(provider.remove('database/creds/app')).toBe(true);
    await expect(provider.getSecret({ name: 'database/creds/app' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await provider.renewLease(lease, context())).ttlMs).toBe(60_000);
  });
});

describe('revocation', () => {
  it('revokes a lease: renewal then fails, and revoking again or an unknown lease succeeds', async () => {
    const provider = createMemoryProvider();
    provider.defineDynamic('database/creds/app', { ttl: 60_000 });
    const { lease } = await provider.getSecret({ name: 'database/creds/app' }, context());
    await expect(provider.revokeLease(lease!, context())).resolves.toBeUndefined();
    expect(provider.leases()[0]?.revoked).toBe(true);
    const error = await rejection(provider.renewLease(lease!, context()));
    expect(error).toMatchObject({ code: 'LEASE_EXPIRED', secretName: 'database/creds/app' });
    expect(error.message).toContain('revoked');
    await expect(provider.revokeLease(lease!, context())).resolves.toBeUndefined();
    await expect(
      provider.revokeLease({ id: 'nope/1', ttlMs: 1, renewable: true }, context()),
    ).resolves.toBeUndefined();
  });
});

describe('bad definitions', () => {
  it('rejects bad options and static/dynamic name clashes with CONFIG', async () => {
    const provider = createMemoryProvider({ secrets: { static: 'x' } });
    const config = expect.objectContaining({ code: 'CONFIG', provider: 'memory' });
    expect(() => provider.defineDynamic('d', { ttl: 0 })).toThrow(config);
    expect(() => provider.defineDynamic('d', { ttl: Number.NaN })).toThrow(config);
    expect(() => provider.defineDynamic('d', { ttl: 10, maxTtl: -1 })).toThrow(config);
    expect(() => provider.defineDynamic('d', { ttl: 10, renewable: 'yes' as unknown as boolean })).toThrow(
      config,
    );
    expect(() => provider.defineDynamic('d', { ttl: 10, generate: 'x' as never })).toThrow(config);
    expect(() => provider.defineDynamic('d', { ttl: 10, ttlMs: 5 } as never)).toThrow(config);
    expect(() => provider.defineDynamic('d', undefined as never)).toThrow(config);
    expect(() => provider.defineDynamic('', { ttl: 10 })).toThrow(config);
    expect(() => provider.defineDynamic('static', { ttl: 10 })).toThrow(config);

    provider.defineDynamic('d', { ttl: 10 });
    expect(() => provider.set('d', 'value')).toThrow(config);
    expect(() => provider.setStage('d', 'current', '1')).toThrow(config);
    await expect(provider.setSecret('d', 'value', context())).rejects.toMatchObject({
      code: 'UNSUPPORTED',
      secretName: 'd',
    });
  });
});
