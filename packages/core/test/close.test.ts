// Rule 9: close() stops calls in flight and backoffs, closes the provider once, revokes live leases
// when revokeOnClose; afterwards every call rejects with CLOSED.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type SecretsEvents } from '../src/index.js';
import { expectRejection, expectSecretsError, expectThrow, track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

describe('close', () => {
  it('makes every later call reject with CLOSED and no provider call', async () => {
    const provider = scriptedProvider({ db: 'pw' }, { batch: true });
    const client = createSecretsClient({ provider });
    await client.get('db');
    await client.close();
    const before = provider.calls.length;
    await expectRejection(client.get('db'), 'CLOSED');
    await expectRejection(client.getSecret('db'), 'CLOSED');
    await expectRejection(client.getJson('db'), 'CLOSED');
    await expectRejection(client.getBinary('db'), 'CLOSED');
    await expectRejection(client.getMany(['db', 'other']), 'CLOSED');
    await expectRejection(client.getMany([]), 'CLOSED');
    await expectRejection(client.refresh('db'), 'CLOSED');
    expectThrow(() => client.invalidate('db'), 'CLOSED');
    expectThrow(() => client.invalidate(), 'CLOSED');
    expect(provider.calls.length).toBe(before);
  });

  it('closes the provider once, however often close() is called', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    await Promise.all([client.close(), client.close()]);
    await client.close();
    expect(provider.count('close')).toBe(1);
  });

  it('works with a provider that has no close()', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const { close: _close, ...withoutClose } = provider;
    const client = createSecretsClient({ provider: withoutClose });
    await expect(client.close()).resolves.toBeUndefined();
  });

  it('reports a failing provider.close() as an error event and still resolves', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    provider.close = async () => {
      throw new Error('socket already closed');
    };
    const client = createSecretsClient({ provider });
    const errors: Array<SecretsEvents['error']> = [];
    client.on('error', (event) => errors.push(event));
    await expect(client.close()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors[0]?.operation).toBe('close');
    expectSecretsError(errors[0]?.error, 'UNKNOWN');
  });

  it('rejects a get in flight with CLOSED', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    provider.hold();
    const reads = [track(client.get('db')), track(client.getSecret('db'))];
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count()).toBe(1);
    await client.close();
    await vi.advanceTimersByTimeAsync(0);
    for (const read of reads) expectSecretsError(read.error, 'CLOSED');
  });

  it('rejects a get whose provider ignores its signal with CLOSED', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({ provider });
    provider.hang();
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(100);
    await client.close();
    await vi.advanceTimersByTimeAsync(0);
    expectSecretsError(read.error, 'CLOSED');
  });

  it('makes no further provider call for a retry waiting in backoff', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    provider.failAlways('UNAVAILABLE');
    const client = createSecretsClient({
      provider,
      retry: { retries: 3, minDelay: '1s', maxDelay: '5s' },
      random: () => 0.99,
    });
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(10);
    expect(provider.count()).toBe(1);
    expect(vi.getTimerCount()).toBe(1); // the backoff
    await client.close();
    expect(vi.getTimerCount()).toBe(0); // close stops every timer
    await vi.advanceTimersByTimeAsync(0);
    expectSecretsError(read.error, 'CLOSED');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(provider.count()).toBe(1);
  });

  it('drops every cached value', async () => {
    const provider = scriptedProvider({ a: 'A', b: 'B' });
    const client = createSecretsClient({ provider });
    await client.getMany(['a', 'b']);
    expect(client.stats().entries).toBe(2);
    await client.close();
    expect(client.stats().entries).toBe(0);
  });
});

describe('close with leases', () => {
  function leasedProvider() {
    const provider = scriptedProvider({ plain: 'no-lease' }, { leases: true });
    provider.set('db-a', 'user-a', { lease: { id: 'lease-a', ttlMs: 3_600_000, renewable: true } });
    provider.set('db-b', 'user-b', { lease: { id: 'lease-b', ttlMs: 3_600_000, renewable: false } });
    provider.set('db-short', 'user-s', { lease: { id: 'lease-short', ttlMs: 1_000, renewable: false } });
    return provider;
  }

  it('revokes every live lease once and emits a revoked lease event for each', async () => {
    const provider = leasedProvider();
    const client = createSecretsClient({ provider, leases: { revokeOnClose: true } });
    const leases: Array<SecretsEvents['lease']> = [];
    client.on('lease', (event) => leases.push(event));
    for (const name of ['plain', 'db-a', 'db-b', 'db-short', 'db-a']) await client.get(name);
    // lease-short is not renewable (this provider has no renewLease): core replaces it once before
    // it ends, so a live lease-short is held at close too.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(provider.calls.filter((call) => call.requests[0]?.name === 'db-short')).toHaveLength(2);
    await Promise.all([client.close(), client.close()]);
    const revoked = provider.calls.filter((call) => call.operation === 'revokeLease');
    expect(revoked.map((call) => call.requests[0]?.name).sort()).toEqual([
      'lease-a',
      'lease-b',
      'lease-short',
    ]);
    expect(
      leases.filter((event) => event.status === 'revoked').sort((x, y) => x.leaseId.localeCompare(y.leaseId)),
    ).toEqual([
      { name: 'db-a', leaseId: 'lease-a', status: 'revoked' },
      { name: 'db-b', leaseId: 'lease-b', status: 'revoked' },
      { name: 'db-short', leaseId: 'lease-short', status: 'revoked' },
    ]);
    expect(leases.filter((event) => event.status === 'replaced')).toEqual([
      { name: 'db-short', leaseId: 'lease-short', status: 'replaced' },
    ]);
    expect(provider.count('close')).toBe(1);
  });

  it('revokes nothing by default', async () => {
    const provider = leasedProvider();
    const client = createSecretsClient({ provider });
    const leases: Array<SecretsEvents['lease']> = [];
    client.on('lease', (event) => leases.push(event));
    await client.get('db-a');
    await client.get('db-b');
    await client.close();
    expect(provider.count('revokeLease')).toBe(0);
    expect(leases).toEqual([]);
  });

  it('reports a failed revocation as an error event and still closes', async () => {
    const provider = leasedProvider();
    provider.revokeLease = async () => {
      throw new Error('permission denied');
    };
    const client = createSecretsClient({ provider, leases: { revokeOnClose: true } });
    const errors: Array<SecretsEvents['error']> = [];
    client.on('error', (event) => errors.push(event));
    await client.get('db-a');
    await client.close();
    expect(errors.map((event) => [event.name, event.operation, event.error.code])).toEqual([
      ['db-a', 'revoke-lease', 'UNKNOWN'],
    ]);
    expect(provider.count('close')).toBe(1);
  });
});
