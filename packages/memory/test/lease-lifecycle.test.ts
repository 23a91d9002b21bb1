// The lease lifecycle end to end (DESIGN §4 "Leases"): the core client over the memory provider's
// dynamic secrets, driven by fake timers. With `random: () => 0.5` the schedule is exact:
// grace = 15% of the TTL, renewal at 2/3 TTL + grace/3 (71.67%), replacement at 90% of the TTL,
// first renewal backoff 10 s, then 20 s.
import { createSecretsClient, type SecretsClient, type SecretsEvents } from '@secretkit/core';
import { describe, expect, it, vi } from 'vitest';
import {
  createMemoryProvider,
  type DynamicSecretOptions,
  type MemoryOperation,
  type MemoryProvider,
} from '../src/index.js';
import { T0, useFakeTimersAtT0 } from './fixtures.js';

useFakeTimersAtT0();

const NAME = 'database/creds/app';
const SECOND = 1_000;

/** Moves the fake clock to `ms` after T0, running every timer and answer on the way. */
async function at(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(T0.getTime() + ms - Date.now());
}

/** Moves the clock to `ms` after T0 (as `at`), then expects exactly `counts` calls of each operation named. */
async function expectCallCountsAt(
  provider: MemoryProvider,
  ms: number,
  counts: Partial<Record<MemoryOperation, number>>,
): Promise<void> {
  await at(ms);
  for (const [operation, count] of Object.entries(counts)) {
    expect(provider.callCount(operation as MemoryOperation), `${operation} calls at ${ms} ms`).toBe(count);
  }
}

interface Setup {
  provider: MemoryProvider;
  client: SecretsClient;
  /** `lease <status> <lease id>` and `rotate <reason> <new lease id>`, in order. */
  log: string[];
  errors: Array<SecretsEvents['error']>;
}

function setup(
  dynamic: DynamicSecretOptions,
  options: { random?: () => number; revokeOnClose?: boolean } = {},
): Setup {
  const provider = createMemoryProvider();
  provider.defineDynamic(NAME, { generate: (serial) => `credential-${serial}`, ...dynamic });
  const client = createSecretsClient({
    provider,
    random: options.random ?? (() => 0.5),
    ...(options.revokeOnClose === undefined ? {} : { leases: { revokeOnClose: options.revokeOnClose } }),
  });
  const log: string[] = [];
  const errors: Array<SecretsEvents['error']> = [];
  client.on('lease', (event) => log.push(`lease ${event.status} ${event.leaseId}`));
  client.on('rotate', (event) => {
    expect(event.name).toBe(NAME);
    log.push(`rotate ${event.reason} ${event.secret.lease?.id}`);
  });
  client.on('error', (event) => errors.push(event));
  return { provider, client, log, errors };
}

const lease = (serial: number) => `${NAME}/${serial}`;

describe('renewable lease', () => {
  it('is renewed over many TTLs without a new credential, and close() stops the renewals', async () => {
    const { provider, client, log, errors } = setup({ ttl: 60 * SECOND });
    expect(await client.get(NAME)).toBe('credential-1');
    await expectCallCountsAt(provider, 42_999, { renewLease: 0 });
    await expectCallCountsAt(provider, 43_001, { renewLease: 1 });

    // 10 TTLs: renewals every 43 s (13 by 600 s), reads served from the cache past its 5m ttl.
    await expectCallCountsAt(provider, 600_000, { renewLease: 13 });
    expect(await client.get(NAME)).toBe('credential-1');
    expect(provider.callCount('getSecret')).toBe(1);
    expect(log).toEqual(Array.from({ length: 13 }, () => `lease renewed ${lease(1)}`));
    expect(errors).toEqual([]);
    expect(provider.leases()).toEqual([
      expect.objectContaining({
        id: lease(1),
        revoked: false,
        expiresAt: new Date(T0.getTime() + 559_000 + 60_000),
      }),
    ]);

    await client.close();
    const calls = provider.calls.length;
    await at(1_800_000);
    expect(provider.calls.length).toBe(calls);
    expect(provider.leases()[0]?.revoked).toBe(false); // revokeOnClose defaults to false
  });

  it('is replaced exactly once before expiry when a max TTL shrinks it', async () => {
    // Issue at 0 (ttl 60 s, max TTL ends at 100 s); renewed at 43 s (57 s left) and at 84 s (16 s
    // left: at most 4 × grace), so the one replacement is at 84 + 0.9 × 16 = 98.4 s.
    const { provider, client, log } = setup({ ttl: 60 * SECOND, maxTtl: 100 * SECOND });
    await client.get(NAME);
    await expectCallCountsAt(provider, 98_399, { renewLease: 2, getSecret: 1 });
    await expectCallCountsAt(provider, 99_999, { getSecret: 2 });
    expect(log).toEqual([
      `lease renewed ${lease(1)}`,
      `lease renewed ${lease(1)}`,
      `lease replaced ${lease(1)}`,
      `rotate lease-replaced ${lease(2)}`,
    ]);
    expect(await client.get(NAME)).toBe('credential-2');
    expect(provider.callCount('getSecret')).toBe(2);

    // The second lease (issued at 98.4 s, max TTL to 198.4 s) is replaced once too, before its end.
    await expectCallCountsAt(provider, 198_399, { getSecret: 3 });
    expect(log.filter((entry) => entry.startsWith('rotate'))).toEqual([
      `rotate lease-replaced ${lease(2)}`,
      `rotate lease-replaced ${lease(3)}`,
    ]);
    await client.close();
  });
});

describe('non-renewable lease', () => {
  it.each([0, 0.5, 0.999])(
    'is replaced exactly once, at 85–95%% of its TTL, with no renewal (random %s)',
    async (r) => {
      const { provider, client, log } = setup({ ttl: 60 * SECOND, renewable: false }, { random: () => r });
      await client.get(NAME);
      await expectCallCountsAt(provider, 50_999, { getSecret: 1 });
      await expectCallCountsAt(provider, 57_000, { getSecret: 2 });
      await expectCallCountsAt(provider, 59_999, { getSecret: 2, renewLease: 0 });
      expect(log).toEqual([`lease replaced ${lease(1)}`, `rotate lease-replaced ${lease(2)}`]);
      expect(await client.get(NAME)).toBe('credential-2');
      await client.close();
    },
  );

  it('keeps one replacement per lease lifetime over many TTLs', async () => {
    const { provider, client, log } = setup({ ttl: 60 * SECOND, renewable: false });
    await client.get(NAME);
    await at(170_000); // replacements at 54, 108 and 162 s
    expect(provider.callCount('getSecret')).toBe(4);
    expect(log.filter((entry) => entry.startsWith('rotate'))).toHaveLength(3);
    await client.close();
  });
});

describe('renewal failures', () => {
  it('bounds failing renewals (no retry policy) and replaces before expiry', async () => {
    const { provider, client, log, errors } = setup({ ttl: 60 * SECOND });
    provider.failFor(600_000, 'UNAVAILABLE', { operations: ['renewLease'] });
    await client.get(NAME);
    // Renewal at 43 s fails; retry after 10 s (53 s) fails; the next (73 s) would pass the
    // replacement point, so renewing stops and the replacement comes at 54 s.
    await expectCallCountsAt(provider, 53_999, { renewLease: 2, getSecret: 1 });
    expect(await client.get(NAME)).toBe('credential-1');
    await expectCallCountsAt(provider, 59_999, { renewLease: 2, getSecret: 2 });
    expect(log).toEqual([
      `lease renew-failed ${lease(1)}`,
      `lease renew-failed ${lease(1)}`,
      `lease replaced ${lease(1)}`,
      `rotate lease-replaced ${lease(2)}`,
    ]);
    expect(errors.map((event) => [event.operation, event.error.code])).toEqual([
      ['renew-lease', 'UNAVAILABLE'],
      ['renew-lease', 'UNAVAILABLE'],
    ]);

    // Ten minutes of failing renewals: two attempts and one replacement per 54 s lease lifetime.
    await expectCallCountsAt(provider, 600_000, { getSecret: 12, renewLease: 22 });
    await client.close();
  });

  it('after ACCESS_DENIED, makes one renewal attempt and then one replacement', async () => {
    const { provider, client, log, errors } = setup({ ttl: 60 * SECOND });
    provider.failNext('ACCESS_DENIED', { operations: ['renewLease'] });
    await client.get(NAME);
    await expectCallCountsAt(provider, 53_999, { renewLease: 1, getSecret: 1 });
    await expectCallCountsAt(provider, 59_999, { renewLease: 1, getSecret: 2 });
    expect(log).toEqual([
      `lease renew-failed ${lease(1)}`,
      `lease replaced ${lease(1)}`,
      `rotate lease-replaced ${lease(2)}`,
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: NAME, operation: 'renew-lease' });
    expect(errors[0]?.error.code).toBe('ACCESS_DENIED');
    // The new lease renews normally (at 54 + 43 s).
    await expectCallCountsAt(provider, 97_001, { renewLease: 2, getSecret: 2 });
    await client.close();
  });

  it('replaces at once when the renewal answers LEASE_EXPIRED', async () => {
    const { provider, client, log } = setup({ ttl: 60 * SECOND });
    provider.failNext('LEASE_EXPIRED', { operations: ['renewLease'] });
    await client.get(NAME);
    await expectCallCountsAt(provider, 43_001, { getSecret: 2 });
    expect(log).toEqual([
      `lease renew-failed ${lease(1)}`,
      `lease replaced ${lease(1)}`,
      `rotate lease-replaced ${lease(2)}`,
    ]);
    await client.close();
  });
});

describe('revokeOnClose', () => {
  it('revokes every live lease, including one replaced earlier and still live', async () => {
    const { provider, client, log } = setup({ ttl: 60 * SECOND, renewable: false }, { revokeOnClose: true });
    await client.get(NAME);
    await at(55_000); // lease 1 replaced at 54 s, live until 60 s
    expect(provider.leases().map((entry) => entry.revoked)).toEqual([false, false]);
    await client.close();
    expect(provider.callCount('revokeLease')).toBe(2);
    expect(provider.leases().map((entry) => [entry.id, entry.revoked])).toEqual([
      [lease(1), true],
      [lease(2), true],
    ]);
    expect(log.slice(-2).sort()).toEqual([`lease revoked ${lease(1)}`, `lease revoked ${lease(2)}`]);
  });

  it('does not revoke a replaced lease that has already ended', async () => {
    const { provider, client } = setup({ ttl: 60 * SECOND, renewable: false }, { revokeOnClose: true });
    await client.get(NAME);
    await at(65_000);
    await client.close();
    expect(provider.callCount('revokeLease')).toBe(1);
    expect(provider.leases().map((entry) => [entry.id, entry.revoked])).toEqual([
      [lease(1), false],
      [lease(2), true],
    ]);
  });

  it('revokes nothing by default', async () => {
    const { provider, client } = setup({ ttl: 60 * SECOND, renewable: false });
    await client.get(NAME);
    await at(55_000);
    await client.close();
    expect(provider.callCount('revokeLease')).toBe(0);
    expect(provider.leases().map((entry) => entry.revoked)).toEqual([false, false]);
  });
});
