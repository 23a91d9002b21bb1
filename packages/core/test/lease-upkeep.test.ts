// Leases through the client (DESIGN §4 Leases; issue 11 defects 7 and 9): retired leases are not
// kept once they end, and the replacement read is one provider call per lease lifetime, outside
// the retry policy, whose late answer is used or revoked, never dropped.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type SecretsClient, type SecretsEvents } from '../src/index.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { type MintingProvider, mintingProvider } from './minting-provider.js';

const SECOND = 1_000;
const TTL = 60 * SECOND; // non-renewable: with random 0.5 the replacement is at 90%, 54 s

// setImmediate stays real: garbage collection needs the current job to end.
useFakeTimersPerTest({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** How many of `objects` are still reachable after a full collection. */
async function reachable(refs: Array<WeakRef<object>>): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  return refs.filter((ref) => ref.deref() !== undefined).length;
}

describe('retired leases (defect 7)', () => {
  it('keeps no lease of a read with the cache off and revokeOnClose off', async () => {
    const provider = mintingProvider({ ttlMs: 3_600_000 });
    const client = createSecretsClient({ provider, cache: false });
    for (let i = 0; i < 200; i++) await client.get('db');
    const refs = provider.minted.map((lease) => new WeakRef(lease));
    provider.minted.length = 0;
    expect(await reachable(refs)).toBe(0);
    await client.close();
  });

  it('with revokeOnClose, keeps the live leases only, and revokes exactly those', async () => {
    const provider = mintingProvider({ ttlMs: SECOND });
    const client = createSecretsClient({ provider, cache: false, leases: { revokeOnClose: true } });
    for (let i = 0; i < 200; i++) await client.get('db');
    await vi.advanceTimersByTimeAsync(2 * SECOND); // all 200 have ended
    await client.get('db'); // the 201st is live
    const refs = provider.minted.map((lease) => new WeakRef(lease));
    provider.minted.length = 0;
    expect(await reachable(refs)).toBe(1);
    await client.close();
    expect(provider.revoked).toEqual(['lease-201']);
  });

  it('with the cache on, drops a replaced lease once it has ended', async () => {
    const provider = mintingProvider({ ttlMs: TTL });
    const client = createSecretsClient({ provider, random: () => 0.5, leases: { revokeOnClose: true } });
    await client.get('db');
    for (let i = 1; i <= 20; i++) await vi.advanceTimersByTimeAsync(54 * SECOND); // 20 replacements
    expect(provider.minted).toHaveLength(21);
    const refs = provider.minted.map((lease) => new WeakRef(lease));
    provider.minted.length = 0;
    // lease-20 (replaced at 1080 s) is live until 1086 s; lease-21 is the cached one.
    expect(await reachable(refs)).toBe(2);
    await client.close();
    expect(provider.revoked.sort()).toEqual(['lease-20', 'lease-21']);
  });
});

interface Observed {
  client: SecretsClient;
  log: string[];
}

function observe(provider: MintingProvider): Observed {
  const client = createSecretsClient({ provider, timeout: '1s', random: () => 0.5 });
  const log: string[] = [];
  client.on('lease', (event) => log.push(`lease ${event.status} ${event.leaseId}`));
  client.on('rotate', (event) => log.push(`rotate ${event.reason} ${event.secret.lease?.id}`));
  client.on('error', (event: SecretsEvents['error']) =>
    log.push(`error ${event.operation} ${event.error.code}`),
  );
  return { client, log };
}

/** observe() over a new minting provider (lease TTL 60 s) after the first read of `db` (lease-1). */
async function observeAfterFirstRead(): Promise<Observed & { provider: MintingProvider }> {
  const provider = mintingProvider({ ttlMs: TTL });
  const observed = observe(provider);
  await observed.client.get('db');
  return { provider, ...observed };
}

/** The late answer of the replacement read took the old lease's place: served, not revoked, 2 calls. */
async function expectLateAnswerUsed(provider: MintingProvider, client: SecretsClient): Promise<void> {
  expect(await client.get('db')).toBe('credential-2');
  expect(provider.calls).toBe(2);
  expect(provider.revoked).toEqual([]);
}

describe('the lease replacement read (defect 9)', () => {
  it('is one provider call, not retried, and its late answer is used', async () => {
    const provider = mintingProvider({ ttlMs: TTL });
    const { client, log } = observe(provider);
    expect(await client.get('db')).toBe('credential-1');
    provider.delays.push(3 * SECOND); // the replacement mints, then answers 2 s after the 1 s timeout
    await vi.advanceTimersByTimeAsync(55 * SECOND);
    expect(provider.calls).toBe(2);
    expect(log).toEqual(['error replace-lease TIMEOUT']);
    expect(await client.get('db')).toBe('credential-1'); // the current credential is still served
    await vi.advanceTimersByTimeAsync(2 * SECOND); // 57 s: the answer arrives
    expect(log).toEqual([
      'error replace-lease TIMEOUT',
      'lease replaced lease-1',
      'rotate lease-replaced lease-2',
    ]);
    await expectLateAnswerUsed(provider, client);
    await client.close();
  });

  it('uses a late answer that arrives after the old lease ended, when nothing took its place', async () => {
    const { provider, client, log } = await observeAfterFirstRead();
    provider.delays.push(10 * SECOND); // answers at 64 s; the old lease ends at 60 s
    await vi.advanceTimersByTimeAsync(65 * SECOND);
    expect(log).toEqual(['error replace-lease TIMEOUT', 'lease expired lease-1']);
    await expectLateAnswerUsed(provider, client);
    await client.close();
  });

  it('revokes a late answer whose place another credential took (an orphan)', async () => {
    const { provider, client, log } = await observeAfterFirstRead();
    provider.delays.push(10 * SECOND); // answers at 64 s
    await vi.advanceTimersByTimeAsync(61 * SECOND); // the lease ended at 60 s and its entry went
    expect(await client.get('db')).toBe('credential-3'); // a normal read mints lease-3
    await vi.advanceTimersByTimeAsync(4 * SECOND);
    expect(provider.revoked).toEqual(['lease-2']);
    expect(log.at(-1)).toBe('lease revoked lease-2');
    expect(await client.get('db')).toBe('credential-3');
    await client.close();
  });

  it('revokes a late answer that arrives after close()', async () => {
    const { provider, client } = await observeAfterFirstRead();
    provider.delays.push(10 * SECOND);
    await vi.advanceTimersByTimeAsync(56 * SECOND);
    await client.close();
    await vi.advanceTimersByTimeAsync(10 * SECOND);
    expect(provider.revoked).toEqual(['lease-2']);
  });

  it('after a failed replacement, serves the current credential until its lease ends, then reads normally', async () => {
    const { provider, client, log } = await observeAfterFirstRead();
    provider.failures.push('UNAVAILABLE');
    await vi.advanceTimersByTimeAsync(59 * SECOND);
    expect(provider.calls).toBe(2); // one replacement read, not the retry policy's four
    expect(await client.get('db')).toBe('credential-1');
    await vi.advanceTimersByTimeAsync(SECOND);
    expect(log).toEqual(['error replace-lease UNAVAILABLE', 'lease expired lease-1']);
    expect(await client.get('db')).toBe('credential-2');
    expect(provider.calls).toBe(3);
    await client.close();
  });

  it('mints one credential per lease lifetime over an hour of answers that all come late', async () => {
    const { provider, client, log } = await observeAfterFirstRead();
    provider.latencyMs = 3 * SECOND; // from now on every answer comes 2 s after the 1 s timeout
    for (let t = 0; t < 3_600; t += 10) {
      await vi.advanceTimersByTimeAsync(10 * SECOND);
      await client.get('db');
    }
    // Replacement k starts at 57k − 3 s and is used at 57k s (its lease counts from then).
    expect(provider.calls).toBe(1 + 63);
    expect(provider.minted).toHaveLength(64);
    expect(provider.revoked).toEqual([]);
    expect(log.filter((line) => line.startsWith('rotate'))).toHaveLength(63);
    await client.close();
  });

  it('revokes a credential minted for a read attempt that timed out and was retried', async () => {
    const provider = mintingProvider({ ttlMs: TTL });
    const { client } = observe(provider);
    provider.delays.push(3 * SECOND); // the first attempt mints lease-1 but answers after its timeout
    const read = client.get('db');
    await vi.advanceTimersByTimeAsync(1_100); // the retry answers at once with lease-2
    expect(await read).toBe('credential-2');
    expect(provider.revoked).toEqual([]);
    await vi.advanceTimersByTimeAsync(2 * SECOND);
    expect(provider.revoked).toEqual(['lease-1']);
    expect(await client.get('db')).toBe('credential-2');
    await client.close();
  });
});
