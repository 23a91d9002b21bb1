// Dynamic secrets: leases on records, renewLease (increment) and revokeLease on the wire, and the
// end-to-end schedule through core with fake timers: renewed over several TTLs, one credential.
import { createSecretsClient } from '@secretkit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { context, testProvider, useFake } from './harness.js';
import { fakeScheduleTimers } from './schedule-timers.js';

const fake = useFake();

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('dynamic secrets', () => {
  it('a dynamic read carries its lease; the value is the data map', async () => {
    fake.addRole('database/creds/app', { ttl: 600, maxTtl: 3600 });
    const provider = testProvider(fake);
    const record = await provider.getSecret({ name: 'database/creds/app' }, context());
    expect(record.lease).toEqual({
      id: expect.stringMatching(/^database\/creds\/app\//),
      ttlMs: 600_000,
      renewable: true,
    });
    expect(Object.keys(JSON.parse(record.value as string))).toEqual(['username', 'password']);
    expect(record.version).toBeUndefined();
    expect(await provider.getVersion({ name: 'database/creds/app' }, context())).toBeUndefined();
    expect(fake.issued).toBe(1); // getVersion never mints a credential
    expect(fake.calls.count('mounts')).toBe(1);
  });

  it('renewLease sends increment = the lease TTL in seconds; revokeLease revokes; renewing it then is LEASE_EXPIRED', async () => {
    fake.addRole('database/creds/app', { ttl: 600, maxTtl: 3600 });
    const provider = testProvider(fake);
    const { lease } = await provider.getSecret({ name: 'database/creds/app' }, context());
    const renewed = await provider.renewLease({ ...lease!, ttlMs: 120_000 }, context());
    expect(renewed).toEqual({ id: lease!.id, ttlMs: 120_000, renewable: true });
    expect(fake.calls.count('lease-renew')).toBe(1);
    await provider.revokeLease(lease!, context());
    expect(fake.calls.count('lease-revoke')).toBe(1);
    expect(fake.liveLeases()).toEqual([]);
    await expect(provider.renewLease(lease!, context())).rejects.toMatchObject({
      code: 'LEASE_EXPIRED',
      statusCode: 400,
    });
    await expect(provider.renewLease({ id: '', ttlMs: 1, renewable: true }, context())).rejects.toMatchObject(
      { code: 'CONFIG' },
    );
  });

  it('a renewal capped by max_ttl returns the shorter TTL', async () => {
    fake.addRole('database/creds/app', { ttl: 600, maxTtl: 700 });
    const provider = testProvider(fake);
    const { lease } = await provider.getSecret({ name: 'database/creds/app' }, context());
    const { ttlMs } = await provider.renewLease({ ...lease!, ttlMs: 1_000_000 }, context());
    expect(ttlMs).toBeGreaterThan(690_000); // capped at what is left of 700 s (whole seconds)
    expect(ttlMs).toBeLessThanOrEqual(700_000);
  });

  it('end to end: renewed over several TTLs with one credential and no re-read', async () => {
    fakeScheduleTimers(); // grace 15% → renew at 430 s of each 600 s
    fake.addRole('database/creds/app', { ttl: 600, maxTtl: 100_000 });
    const client = createSecretsClient({ provider: testProvider(fake), retry: false });
    const events: string[] = [];
    client.on('lease', (e) => events.push(e.status));
    const username = await client.get('database/creds/app', { field: 'username' });
    await vi.advanceTimersByTimeAsync(3_000_000); // 3000 s: five TTLs
    expect(fake.calls.count('lease-renew')).toBe(6); // 430, 860, 1290, 1720, 2150, 2580 s
    expect(events).toEqual(Array(6).fill('renewed'));
    expect(await client.get('database/creds/app', { field: 'username' })).toBe(username);
    expect(fake.issued).toBe(1);
    expect(fake.calls.count('creds')).toBe(1);
    expect(fake.liveLeases()).toHaveLength(1);
    await client.close();
  });
});
