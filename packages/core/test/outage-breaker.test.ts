// The per-provider circuit breaker through the client (issue 11: a failing provider sees less, not
// more): after five consecutive failed reads of one provider object no read calls it for a
// cool-down; reads that may serve stale get the stale value, the others fail at once; then one probe
// read goes, and its success closes the breaker.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type Lease, type SecretProvider, SecretsError } from '../src/index.js';
import { expectRejection, track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';
import { seededRandom } from './seeded-random.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
/** With random 0.5 the first cool-down is 750 ms, the second 1.5 s. */
const FIRST_COOL_DOWN = 750;

useFakeTimersPerTest({ now: 0 });

/** A provider failing every call, and a client over it without retries whose reads opened its breaker. */
async function opened(code: 'UNAVAILABLE' | 'TIMEOUT' = 'UNAVAILABLE') {
  const provider = scriptedProvider({ a: 'A', b: 'B' });
  const client = createSecretsClient({ provider, retry: false, timeout: '1s', random: () => 0.5 });
  if (code === 'TIMEOUT') provider.hang();
  else provider.failAlways(code);
  for (let i = 0; i < 5; i++) {
    const read = track(client.get('a'));
    await vi.advanceTimersByTimeAsync(code === 'TIMEOUT' ? SECOND : 0);
    expect((read.error as { code?: string }).code).toBe(code);
  }
  expect(provider.count()).toBe(5);
  return { provider, client };
}

describe('the provider circuit breaker', () => {
  it('fails a read at once after five failed reads: the last code, retryable, retryAfterMs, no call', async () => {
    const { provider, client } = await opened();
    const error = await expectRejection(client.get('b'), 'UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBe(FIRST_COOL_DOWN);
    expect(error.message).toBe(
      'scripted failed repeatedly (last: UNAVAILABLE) and the circuit is open; no call made, next try in 750 ms',
    );
    expect(error.secretName).toBe('b');
    expect(provider.count()).toBe(5);
    expect(client.stats()).toMatchObject({ providerCalls: 5, errors: 5 });
  });

  it('fails with TIMEOUT when the provider stopped answering', async () => {
    const { provider, client } = await opened('TIMEOUT');
    const error = await expectRejection(client.get('b'), 'TIMEOUT');
    expect(error.message).toContain('(last: TIMEOUT)');
    expect(provider.count()).toBe(5);
  });

  it('serves a value past its ttl stale at once, with no call', async () => {
    const provider = scriptedProvider({ a: 'A', b: 'B' });
    const client = createSecretsClient({ provider, cache: { ttl: '1m' }, retry: false, random: () => 0.5 });
    await client.get('b');
    await vi.advanceTimersByTimeAsync(MINUTE);
    provider.failAlways('UNAVAILABLE');
    for (let i = 0; i < 5; i++) await expectRejection(client.get('a'), 'UNAVAILABLE');
    const secret = await client.getSecret('b');
    expect([secret.stale, secret.text()]).toEqual([true, 'B']);
    expect(provider.count()).toBe(6); // b once, then a five times
  });

  it('after the cool-down lets one probe read through, refuses the others meanwhile, and closes on its success', async () => {
    const { provider, client } = await opened();
    await vi.advanceTimersByTimeAsync(FIRST_COOL_DOWN);
    provider.heal();
    const release = provider.hold();
    const probe = track(client.get('a'));
    await vi.advanceTimersByTimeAsync(0);
    const refused = await expectRejection(client.get('b'), 'UNAVAILABLE');
    expect(refused.message).toContain('a probe read is in flight; no call made');
    expect(refused.retryAfterMs).toBe(SECOND); // the probe's timeout (no retry wait without retries)
    expect(provider.count()).toBe(6);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(probe.value).toBe('A');
    expect(await client.get('b')).toBe('B');
    expect(provider.count()).toBe(7);
  });

  it('opens again, for twice as long, when the probe fails', async () => {
    const { provider, client } = await opened();
    await vi.advanceTimersByTimeAsync(FIRST_COOL_DOWN);
    const probeError = await expectRejection(client.get('a'), 'UNAVAILABLE');
    expect(probeError.message).toBe('scripted UNAVAILABLE'); // the provider's own: a call was made
    const error = await expectRejection(client.get('b'), 'UNAVAILABLE');
    expect(error.retryAfterMs).toBe(1_500);
    expect(provider.count()).toBe(6);
    await vi.advanceTimersByTimeAsync(1_500);
    provider.heal();
    expect(await client.get('b')).toBe('B');
  });

  it('lets the probe read retry, and re-opens only when all its attempts failed', async () => {
    const { provider } = await opened();
    const patient = createSecretsClient({
      provider,
      retry: { retries: 2, minDelay: '100ms', maxDelay: '100ms' },
      random: () => 0.5,
    });
    await vi.advanceTimersByTimeAsync(FIRST_COOL_DOWN);
    provider.heal();
    provider.failNext('UNAVAILABLE', 'UNAVAILABLE');
    const probe = track(patient.get('a'));
    await vi.advanceTimersByTimeAsync(200);
    expect(probe.value).toBe('A');
    expect(provider.count()).toBe(8);
  });

  it('stops the retries of a read when it opens meanwhile; the read fails with its own last failure', async () => {
    const provider = scriptedProvider({ a: 'A', b: 'B' });
    provider.failAlways('UNAVAILABLE');
    const patient = createSecretsClient({
      provider,
      retry: { retries: 3, minDelay: '1s', maxDelay: '1s' },
      random: () => 0.5,
    });
    const hasty = createSecretsClient({ provider, retry: false, random: () => 0.5 });
    const slow = track(patient.get('a')); // one attempt, then waits 500 ms: inside the 750 ms cool-down
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 5; i++) await expectRejection(hasty.get('b'), 'UNAVAILABLE');
    await vi.advanceTimersByTimeAsync(500);
    expect((slow.error as Error).message).toBe('scripted UNAVAILABLE');
    expect(provider.count()).toBe(6);
  });

  it('holds back every client of the same provider object, and no other provider', async () => {
    const { provider } = await opened();
    const other = createSecretsClient({ provider, random: () => 0.5 });
    await expectRejection(other.get('b'), 'UNAVAILABLE');
    expect(provider.count()).toBe(5);
    const elsewhere = scriptedProvider({ b: 'elsewhere' });
    expect(await createSecretsClient({ provider: elsewhere }).get('b')).toBe('elsewhere');
  });

  it('is closed by any answer, a permanent error too', async () => {
    const provider = scriptedProvider({ a: 'A' });
    const client = createSecretsClient({ provider, retry: false, random: () => 0.5 });
    provider.failNext('UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE');
    for (let i = 0; i < 4; i++) await expectRejection(client.get('a'), 'UNAVAILABLE');
    await expectRejection(client.get('missing'), 'NOT_FOUND');
    provider.failNext('UNAVAILABLE');
    await expectRejection(client.get('a'), 'UNAVAILABLE');
    expect(await client.get('a')).toBe('A'); // four failures in a row, not five: still closed
    expect(provider.count()).toBe(7);
  });

  it('refuses refresh() too: a caller who insists gets the refusal, not another call', async () => {
    const { provider, client } = await opened();
    const error = await expectRejection(client.refresh('a'), 'UNAVAILABLE');
    expect(error.message).toContain('no call made');
    expect(provider.count()).toBe(5);
  });
});

/** A dynamic secret "db" (renewable or not) beside names that always fail; renewals are counted. */
function leasedProvider(renewable: boolean) {
  let serial = 0;
  const calls = { getSecret: 0, renewLease: 0, revokeLease: 0 };
  const failing = new Set<string>(['other']);
  const provider: SecretProvider & { calls: typeof calls; failing: Set<string> } = {
    name: 'leased',
    calls,
    failing,
    async getSecret(request) {
      calls.getSecret++;
      if (failing.has(request.name)) {
        throw new SecretsError('UNAVAILABLE', 'leased UNAVAILABLE', { provider: 'leased' });
      }
      serial++;
      const lease: Lease = { id: `lease-${serial}`, ttlMs: MINUTE, renewable };
      return { name: request.name, value: `credential-${serial}`, lease };
    },
    async renewLease(lease) {
      calls.renewLease++;
      return { ...lease, ttlMs: MINUTE };
    },
    async revokeLease() {
      calls.revokeLease++;
    },
  };
  return provider;
}

describe('the breaker and leases', () => {
  it('does not hold back renewals, nor revocations on close', async () => {
    const provider = leasedProvider(true);
    const client = createSecretsClient({
      provider,
      retry: false,
      random: () => 0.5,
      leases: { revokeOnClose: true },
    });
    expect(await client.get('db')).toBe('credential-1');
    await vi.advanceTimersByTimeAsync(42_900); // the renewal falls at 43 s (2/3 of 60 s + a third of a 9 s grace)
    for (let i = 0; i < 5; i++) await expectRejection(client.get('other'), 'UNAVAILABLE');
    await expectRejection(client.get('other'), 'UNAVAILABLE'); // refused: open until 43.65 s
    expect(provider.calls.getSecret).toBe(6);
    await vi.advanceTimersByTimeAsync(100);
    expect(provider.calls.renewLease).toBe(1);
    expect(provider.calls.getSecret).toBe(6);
    await client.close();
    expect(provider.calls.revokeLease).toBe(1);
  });

  it('moves the lease replacement to the end of the cool-down, where it is the probe', async () => {
    const provider = leasedProvider(false); // replaced at 90% of 60 s with random 0.5: 54 s
    const client = createSecretsClient({ provider, retry: false, random: () => 0.5 });
    expect(await client.get('db')).toBe('credential-1');
    await vi.advanceTimersByTimeAsync(53_900);
    for (let i = 0; i < 5; i++) await expectRejection(client.get('other'), 'UNAVAILABLE');
    expect(provider.calls.getSecret).toBe(6);
    await vi.advanceTimersByTimeAsync(FIRST_COOL_DOWN - 1); // 54.649 s: the replacement (due at 54 s) waits
    expect(provider.calls.getSecret).toBe(6);
    await vi.advanceTimersByTimeAsync(1);
    expect(provider.calls.getSecret).toBe(7);
    expect(await client.get('db')).toBe('credential-2');
    provider.failing.clear();
    expect(await client.get('other')).toBe('credential-3'); // the probe's success closed it
    await client.close();
  });
});

describe('calls during a long outage', () => {
  it('stay within twice the healthy rate once values are past ttl + staleIfError', async () => {
    const provider = scriptedProvider();
    const names = Array.from({ length: 50 }, (_, i) => `app/${i}`);
    for (const name of names) provider.set(name, `value of ${name}`, { version: '1' });
    const client = createSecretsClient({ provider, random: seededRandom(11) }); // ttl 5m, stale 15m, 3 retries
    let next = 0;
    /** One read per second, the names in turn (each read every 50 s, inside its refresh-ahead window). */
    const readFor = async (ms: number) => {
      const before = provider.count();
      for (let elapsed = 0; elapsed < ms; elapsed += SECOND) {
        client.get(names[next++ % names.length]!).catch(() => {});
        await vi.advanceTimersByTimeAsync(SECOND);
      }
      return provider.count() - before;
    };
    await readFor(10 * MINUTE);
    const healthyPerHour = (await readFor(60 * MINUTE)) / names.length;
    expect(healthyPerHour).toBe(14); // a refresh ahead every 4 to 5 min
    provider.failAlways('UNAVAILABLE');
    const outage = await readFor(40 * MINUTE); // values become unusable 20 min in
    const outagePerHour = (outage * 60) / 40 / names.length;
    expect(outagePerHour).toBeLessThanOrEqual(2 * healthyPerHour);
    expect(outage).toBe(396); // without the breaker 5,950: each read past the bound made a retry chain
    provider.heal();
    await readFor(MINUTE); // one cool-down at most: reads succeed again
    expect(await client.get('app/0')).toBe('value of app/0');
    await client.close();
  });
});
