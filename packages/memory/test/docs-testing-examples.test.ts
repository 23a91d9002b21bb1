// The examples of docs/testing.md, under test so the guide cannot drift from the API. Each
// `describe` is named after the guide section it mirrors; keep the two in step when editing.

import { seededRandom as seeded } from '@secretkit/conformance';
import {
  createSecretsClient,
  isSecretsError,
  type Lease,
  type SecretProvider,
  type SecretsClient,
  type SecretsClientOptions,
} from '@secretkit/core';
import { createMemoryProvider } from '@secretkit/memory';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useFakeTimersAtT0 } from './fixtures.js';

// ---- app.ts: the code under test (guide §1). It takes a client; it never builds one. ----

export function createPaymentsApi(secrets: SecretsClient) {
  return {
    async charge(amountCents: number) {
      const apiKey = await secrets.get('payments/api-key'); // read at the point of use
      return { authorization: `Bearer ${apiKey}`, amountCents };
    },
    async keyStatus(): Promise<'ok' | 'stale'> {
      const secret = await secrets.getSecret('payments/api-key');
      return secret.stale ? 'stale' : 'ok';
    },
  };
}

/** Your own lease handling (guide §7): renew, or report that a new credential is needed. */
export async function renewOrReplace(provider: SecretProvider, lease: Lease, signal: AbortSignal) {
  try {
    return await provider.renewLease!(lease, { signal });
  } catch (error) {
    if (isSecretsError(error) && error.code === 'LEASE_EXPIRED') return 'replace' as const;
    throw error;
  }
}

// ---- the test helper of guide §2 ----

function setup(options: Omit<SecretsClientOptions, 'provider'> = {}) {
  const provider = createMemoryProvider({ secrets: { 'payments/api-key': 'k-1' } });
  const secrets = createSecretsClient({ provider, retry: false, ...options });
  return { provider, secrets, api: createPaymentsApi(secrets) };
}

describe('2. A first app test', () => {
  it('charges with the key from the secret store, reading it once', async () => {
    const { provider, secrets, api } = setup();

    await expect(api.charge(500)).resolves.toEqual({ authorization: 'Bearer k-1', amountCents: 500 });
    await api.charge(700);

    expect(provider.callCount('getSecret')).toBe(1); // the second charge was a cache hit
    expect(secrets.stats()).toMatchObject({ hits: 1, misses: 1, providerCalls: 1 });
    await secrets.close();
  });

  it('fails loudly when the secret is missing', async () => {
    const provider = createMemoryProvider();
    const api = createPaymentsApi(createSecretsClient({ provider }));

    await expect(api.charge(500)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      secretName: 'payments/api-key',
    });
  });
});

describe('3. Fault injection', () => {
  it('failNext: a retryable error is retried by core, so the app never sees it', async () => {
    const { provider, api } = setup({ retry: { retries: 3, minDelay: '1ms', maxDelay: '1ms' } });
    provider.failNext('UNAVAILABLE', { times: 2 });

    await expect(api.charge(500)).resolves.toMatchObject({ authorization: 'Bearer k-1' });
    expect(provider.calls.map((call) => call.outcome)).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'ok']);
  });

  it('failNext with retry: false: the app sees the first failure', async () => {
    const { provider, api } = setup({ retry: false });
    provider.failNext('UNAVAILABLE');

    await expect(api.charge(500)).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(provider.callCount('getSecret')).toBe(1);
  });

  it('failNext: a permanent error is never retried', async () => {
    const { provider, api } = setup({ retry: { retries: 3, minDelay: '1ms', maxDelay: '1ms' } });
    provider.failNext('ACCESS_DENIED', { operations: ['getSecret'] });

    await expect(api.charge(500)).rejects.toMatchObject({ code: 'ACCESS_DENIED' });
    expect(provider.callCount('getSecret')).toBe(1);
  });

  it('failFor: an outage outlasts the retries', async () => {
    const { provider, api } = setup({ retry: { retries: 2, minDelay: '1ms', maxDelay: '1ms' } });
    provider.failFor(60_000, 'THROTTLED');

    await expect(api.charge(500)).rejects.toMatchObject({ code: 'THROTTLED' });
    expect(provider.callCount('getSecret')).toBe(3); // 1 attempt + 2 retries

    provider.clearFaults(); // the outage is over
    await expect(api.charge(500)).resolves.toMatchObject({ authorization: 'Bearer k-1' });
  });

  it('setLatency: a slow provider hits the client timeout', async () => {
    const { provider, api } = setup({ timeout: '20ms', retry: false });
    provider.setLatency(5_000);

    await expect(api.charge(500)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(provider.calls).toEqual([
      { operation: 'getSecret', name: 'payments/api-key', at: expect.any(Number), outcome: 'ABORTED' },
    ]);
  });

  describe('stale-if-error', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('serves the last good value past ttl while the provider fails, and says so', async () => {
      const { provider, secrets, api } = setup({ cache: { ttl: '5m', staleIfError: '15m' } });
      const errors: unknown[] = [];
      secrets.on('error', (event) => errors.push(event));

      await expect(api.keyStatus()).resolves.toBe('ok');
      provider.failFor(60 * 60_000, 'UNAVAILABLE');
      await vi.advanceTimersByTimeAsync(5 * 60_000); // past ttl

      await expect(api.keyStatus()).resolves.toBe('stale');
      await expect(api.charge(500)).resolves.toMatchObject({ authorization: 'Bearer k-1' });
      expect(errors[0]).toMatchObject({
        name: 'payments/api-key',
        operation: 'refresh',
        error: { code: 'UNAVAILABLE' },
      });

      await vi.advanceTimersByTimeAsync(15 * 60_000); // past ttl + staleIfError
      await expect(api.charge(500)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    });
  });
});

describe('4. Fake timers', () => {
  useFakeTimersAtT0();

  it('reads the provider again once the ttl has passed', async () => {
    const { provider, api } = setup({ cache: { ttl: '5m' } });

    await api.charge(500);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    await api.charge(500);
    expect(provider.callCount('getSecret')).toBe(1); // fresh hit

    await vi.advanceTimersByTimeAsync(2 * 60_000); // 5 min: past ttl
    await api.charge(500);
    expect(provider.callCount('getSecret')).toBe(2);
  });

  it('refreshes ahead in the background past 80% of the ttl', async () => {
    const { provider, api } = setup({ cache: { ttl: '5m' } });
    await api.charge(500);

    await vi.advanceTimersByTimeAsync(4 * 60_000); // 80% of ttl
    await api.charge(500); // answered from the cache at once...
    await vi.advanceTimersByTimeAsync(0); // ...while a background read settles
    expect(provider.callCount('getSecret')).toBe(2);
  });

  it('drives retry backoff: attach the assertion before advancing', async () => {
    const { provider, api } = setup({ retry: { retries: 3 } }); // default 100ms..5s backoff
    provider.failNext('UNAVAILABLE', { times: 10 });

    const outcome = expect(api.charge(500)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await vi.advanceTimersByTimeAsync(10_000);
    await outcome;
    expect(provider.callCount('getSecret')).toBe(4);
  });

  it('drives injected latency', async () => {
    const { provider, api } = setup();
    provider.setLatency(2_000);

    const charge = api.charge(500);
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(charge).resolves.toMatchObject({ authorization: 'Bearer k-1' });
  });
});

// `seeded`: the guide's mulberry32, here the one implementation, @secretkit/conformance's seededRandom.
describe('5. Seeded randomness', () => {
  useFakeTimersAtT0();

  it('a fixed random pins the backoff schedule', async () => {
    const T0 = Date.now(); // fake timers are on (§4)
    const { provider, api } = setup({
      retry: { retries: 3, minDelay: '100ms', maxDelay: '5s' },
      random: () => 0.5, // each delay is half of its ceiling: 100ms, 200ms, 400ms
    });
    provider.failNext('UNAVAILABLE', { times: 3 });

    const charge = api.charge(500);
    await vi.advanceTimersByTimeAsync(350);
    await expect(charge).resolves.toMatchObject({ authorization: 'Bearer k-1' });
    expect(provider.calls.map((call) => call.at - T0)).toEqual([0, 50, 150, 350]);
  });

  it('a seeded random gives the same schedule on every run', async () => {
    async function attemptTimes(seed: number): Promise<number[]> {
      const { provider, api } = setup({ retry: { retries: 3 }, random: seeded(seed) });
      provider.failNext('THROTTLED', { times: 3 });
      const charge = api.charge(500);
      await vi.advanceTimersByTimeAsync(10_000);
      await charge;
      return provider.calls.map((call) => call.at);
    }

    const first = await attemptTimes(42);
    vi.setSystemTime(first[0]!);
    expect(await attemptTimes(42)).toEqual(first);
  });
});

describe('6. Rotation in tests', () => {
  it('refresh() picks up a new version and emits rotate', async () => {
    const { provider, secrets, api } = setup();
    const rotations: unknown[] = [];
    secrets.on('rotate', (event) => rotations.push(event));
    await api.charge(500);

    expect(provider.set('payments/api-key', 'k-2')).toBe('2'); // rotated behind the client's back
    await expect(api.charge(500)).resolves.toMatchObject({ authorization: 'Bearer k-1' }); // cached

    const secret = await secrets.refresh('payments/api-key');
    expect(secret.version).toBe('2');
    expect(rotations).toEqual([
      expect.objectContaining({
        name: 'payments/api-key',
        previousVersion: '1',
        version: '2',
        reason: 'version-changed',
      }),
    ]);
    await expect(api.charge(500)).resolves.toMatchObject({ authorization: 'Bearer k-2' });
  });

  it('the previous version stays readable by stage; setStage rolls back', async () => {
    const { provider, secrets } = setup({ cache: false });
    provider.set('payments/api-key', 'k-2');

    await expect(secrets.get('payments/api-key', { stage: 'AWSPREVIOUS' })).resolves.toBe('k-1');
    provider.setStage('payments/api-key', 'current', '1');
    await expect(secrets.get('payments/api-key')).resolves.toBe('k-1');
  });

  it('invalidate() drops the entry: the next read is fresh but emits no rotate', async () => {
    const { provider, secrets, api } = setup();
    const rotate = vi.fn();
    secrets.on('rotate', rotate);
    await api.charge(500);

    provider.set('payments/api-key', 'k-2');
    secrets.invalidate('payments/api-key');
    await expect(api.charge(500)).resolves.toMatchObject({ authorization: 'Bearer k-2' });
    expect(rotate).not.toHaveBeenCalled();
  });
});

describe('7. Dynamic secrets and leases', () => {
  useFakeTimersAtT0();

  it('a leased credential is cached for the life of its lease: reads mint no new credentials', async () => {
    const provider = createMemoryProvider();
    provider.defineDynamic('database/creds/app', {
      ttl: 60_000,
      generate: (serial) => ({ username: `app-${serial}`, password: `pw-${serial}` }),
    });
    const secrets = createSecretsClient({ provider });

    const secret = await secrets.getSecret('database/creds/app');
    expect(secret.json()).toEqual({ username: 'app-1', password: 'pw-1' });
    expect(secret.lease).toEqual({ id: 'database/creds/app/1', ttlMs: 60_000, renewable: true });

    await vi.advanceTimersByTimeAsync(30_000);
    await expect(secrets.get('database/creds/app', { field: 'username' })).resolves.toBe('app-1');
    expect(provider.leases()).toMatchObject([{ id: 'database/creds/app/1', name: 'database/creds/app' }]);
    await secrets.close();
  });

  it('renews until maxTtl, then replaces', async () => {
    const provider = createMemoryProvider();
    provider.defineDynamic('database/creds/app', { ttl: 60_000, maxTtl: 90_000 });
    const signal = new AbortController().signal;
    const { lease } = await provider.getSecret({ name: 'database/creds/app' }, { signal });

    await vi.advanceTimersByTimeAsync(30_000);
    await expect(renewOrReplace(provider, lease!, signal)).resolves.toMatchObject({ ttlMs: 60_000 });

    await vi.advanceTimersByTimeAsync(50_000); // 80 s: only 10 s of maxTtl left
    await expect(renewOrReplace(provider, lease!, signal)).resolves.toMatchObject({ ttlMs: 10_000 });

    await vi.advanceTimersByTimeAsync(10_000); // 90 s: maxTtl reached
    await expect(renewOrReplace(provider, lease!, signal)).resolves.toBe('replace');
  });

  it('a failing renewal surfaces to your code; revocation is visible in leases()', async () => {
    const provider = createMemoryProvider();
    provider.defineDynamic('database/creds/app', { ttl: 60_000 });
    const signal = new AbortController().signal;
    const { lease } = await provider.getSecret({ name: 'database/creds/app' }, { signal });

    provider.failNext('UNAVAILABLE', { operations: ['renewLease'] });
    await expect(renewOrReplace(provider, lease!, signal)).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    await provider.revokeLease(lease!, { signal });
    expect(provider.leases()[0]).toMatchObject({ id: 'database/creds/app/1', revoked: true });
    await expect(renewOrReplace(provider, lease!, signal)).resolves.toBe('replace');
    expect(provider.calls.map((call) => [call.operation, call.outcome])).toEqual([
      ['getSecret', 'ok'],
      ['renewLease', 'UNAVAILABLE'],
      ['revokeLease', 'ok'],
      ['renewLease', 'LEASE_EXPIRED'],
    ]);
  });

  it('revokeOnClose revokes the live leases when the client closes', async () => {
    const provider = createMemoryProvider();
    provider.defineDynamic('database/creds/app', { ttl: 60_000 });
    const secrets = createSecretsClient({ provider, leases: { revokeOnClose: true } });
    const leaseEvents = vi.fn();
    secrets.on('lease', leaseEvents);

    await secrets.getJson('database/creds/app');
    await secrets.close();

    expect(provider.leases()).toMatchObject([{ id: 'database/creds/app/1', revoked: true }]);
    expect(leaseEvents).toHaveBeenCalledWith({
      name: 'database/creds/app',
      leaseId: 'database/creds/app/1',
      status: 'revoked',
    });
  });
});

describe('8. Network safety for your own tests', () => {
  it('the test env turns cloud metadata probes off', () => {
    expect(process.env.AWS_EC2_METADATA_DISABLED).toBe('true');
    expect(process.env.METADATA_SERVER_DETECTION).toBe('none');
  });
});
