// The example (examples/vault-dynamic-db/service.ts) against the fake with fake timers: several
// lease lifetimes (renewals, one replacement per lifetime) and one token re-login.
import { expect, it, vi } from 'vitest';
import { createDbService } from '../../../examples/vault-dynamic-db/service.ts';
import { ADDRESS, useFake } from './harness.js';
import { useScheduleTimersPerTest } from './schedule-timers.js';

// Lease: TTL 600 s, max 1500 s. Token: TTL 3600 s, max 4000 s.
const fake = useFake({ loginToken: { ttl: 3600, maxTtl: 4000, renewable: true } });

useScheduleTimersPerTest();

it('renews, replaces once per lease lifetime, swaps the pool, and survives a token re-login', async () => {
  fake.addRole('database/creds/app', { ttl: 600, maxTtl: 1500 });
  const service = createDbService({
    address: ADDRESS,
    auth: { method: 'approle', roleId: fake.approle.roleId, secretId: fake.approle.secretId },
  });
  const first = await service.pool();
  expect(first.id).toBe(1);

  // One lease lifetime: renewals at 430 and 860 s (TTL 600), then 1290 s gives 210 s (≤ 4 × 90 s
  // grace): the one replacement comes at 90% of that, 1479 s, before the 1500 s max.
  await vi.advanceTimersByTimeAsync(1_480_000);
  expect(fake.issued).toBe(2);
  expect(fake.calls.count('lease-renew')).toBe(3);
  expect(service.pools).toHaveLength(2);
  expect(first.closed).toBe(true);
  expect((await service.pool()).username).not.toBe(first.username);

  // The next lifetime is replaced at 2958 s; the token (TTL 3600 s, renewed at 2580 s to the
  // 1420 s left of its 4000 s max, ≤ 4 × grace) is replaced by a re-login at 3858 s, whose hint
  // makes core re-read the credential under the new token: one read, one pool, no more.
  await vi.advanceTimersByTimeAsync(2_600_000); // t = 4080 s
  expect(fake.calls.count('renew-self')).toBe(1);
  expect(
    fake.calls.log.filter((c) => c.operation === 'creds' || c.operation === 'login').map((c) => c.operation),
  ).toEqual(['login', 'creds', 'creds', 'creds', 'login', 'creds']);
  expect(fake.calls.count('lease-renew')).toBe(8); // 3 + 3 + 2, none after the re-login yet
  expect(service.pools).toHaveLength(4);
  expect(service.pools.slice(0, -1).every((pool) => pool.closed)).toBe(true);
  expect(fake.liveLeases()).toHaveLength(1);
  await service.close();
  expect(fake.liveLeases()).toHaveLength(0); // revokeOnClose
});
