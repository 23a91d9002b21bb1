// Soak findings on leases (issue 11 soak, lines 1 and 4): a lease replacement that times out and
// answers late, around the end of the old lease, must not leave a reader with an error while a live
// credential is cached, nor make the client mint a second credential in that credential's lifetime.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type RetryOptions, type SecretsClient } from '../src/index.js';
import { expectRejection, track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { type MintingProvider, mintingProvider } from './minting-provider.js';

const SECOND = 1_000;
const TTL = 10 * SECOND; // not renewable: with random 0.5 the replacement starts at 90%, 9 s

useFakeTimersPerTest({ now: 0 });

function setup(retry?: RetryOptions): {
  provider: MintingProvider;
  client: SecretsClient;
  log: string[];
} {
  const provider = mintingProvider({ ttlMs: TTL });
  const client = createSecretsClient({
    provider,
    timeout: '1s',
    random: () => 0.5,
    ...(retry ? { retry } : {}),
  });
  const log: string[] = [];
  client.on('lease', (event) => log.push(`lease ${event.status} ${event.leaseId}`));
  client.on('error', (event) => log.push(`error ${event.operation} ${event.error.code}`));
  return { provider, client, log };
}

describe('a late replacement answer around the end of the old lease', () => {
  it('is awaited by a read made after the old lease ended, instead of minting another credential', async () => {
    const { provider, client, log } = setup();
    expect(await client.get('db')).toBe('credential-1');
    provider.delays.push(1_500); // the replacement (9 s) mints lease-2 and answers at 10.5 s
    await vi.advanceTimersByTimeAsync(10_200); // timed out at 10 s; lease-1 ended at 10 s
    expect(log).toEqual(['error replace-lease TIMEOUT', 'lease expired lease-1']);
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(300);
    expect(read.value).toBe('credential-2');
    expect(provider.calls).toBe(2);
    expect(provider.minted.map((lease) => lease.id)).toEqual(['lease-1', 'lease-2']);
    expect(provider.revoked).toEqual([]);
    expect(await client.get('db')).toBe('credential-2');
    expect(client.stats().coalesced).toBe(1);
    await client.close();
  });

  it('is awaited for one more timeout only: then a read fetches normally and the late answer is revoked', async () => {
    const { provider, client } = setup();
    await client.get('db');
    provider.delays.push(5_000); // answers at 14 s; the wait for it ends at 11 s
    await vi.advanceTimersByTimeAsync(11_500);
    expect(await client.get('db')).toBe('credential-3');
    await vi.advanceTimersByTimeAsync(2_500);
    expect(provider.revoked).toEqual(['lease-2']);
    await client.close();
  });

  it('ends the retries of a read that started meanwhile and gives it the credential (line 1)', async () => {
    const { provider, client } = setup({ retries: 3, minDelay: '2s', maxDelay: '2s' }); // 1 s between attempts
    await client.get('db');
    provider.delays.push(3_000); // answers at 12 s, after the 1 s it is awaited for
    await vi.advanceTimersByTimeAsync(11_500);
    provider.failures.push('UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE'); // the provider is failing
    const read = track(client.get('db')); // attempt 1 at 11.5 s fails; attempt 2 would be at 12.5 s
    await vi.advanceTimersByTimeAsync(1_000);
    expect(read.value).toBe('credential-2'); // not UNAVAILABLE: a live credential is cached since 12 s
    expect(provider.calls).toBe(3);
    expect(provider.failures).toHaveLength(3);
    await client.close();
  });

  it('mints no second credential in the new credential’s lifetime (line 4)', async () => {
    const { provider, client, log } = setup({ retries: 3, minDelay: '2s', maxDelay: '2s' });
    await client.get('db');
    provider.delays.push(3_000);
    await vi.advanceTimersByTimeAsync(11_500);
    provider.failures.push('UNAVAILABLE'); // attempt 1 fails; a second attempt would mint lease-3
    const read = track(client.get('db'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(read.value).toBe('credential-2');
    expect(provider.minted.map((lease) => lease.id)).toEqual(['lease-1', 'lease-2']);
    await vi.advanceTimersByTimeAsync(9_000); // lease-2 (returned at 12 s) is replaced once, at 21 s
    expect(provider.minted).toHaveLength(3);
    expect(log.filter((line) => line.startsWith('lease replaced'))).toEqual(['lease replaced lease-2']);
    await client.close();
  });

  it('is revoked when close() came while the replacement was still awaited', async () => {
    const { provider, client } = setup();
    await client.get('db');
    provider.delays.push(1_500);
    await vi.advanceTimersByTimeAsync(9_500); // the replacement waits until 10 s
    await client.close();
    await vi.advanceTimersByTimeAsync(1_000); // its answer comes at 10.5 s, for nobody
    expect(provider.revoked).toEqual(['lease-2']);
  });

  it('still fails a read whose retries run out while nothing usable is cached', async () => {
    const { provider, client } = setup({ retries: 1, minDelay: '2s', maxDelay: '2s' });
    await client.get('db');
    await vi.advanceTimersByTimeAsync(8_000);
    provider.failures.push('UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE');
    await vi.advanceTimersByTimeAsync(3_000); // the replacement failed at 9 s; lease-1 ended at 10 s
    const read = client.get('db');
    const settled = expectRejection(read, 'UNAVAILABLE');
    await vi.advanceTimersByTimeAsync(1_000);
    await settled;
    expect(provider.calls).toBe(4);
    await client.close();
  });
});
