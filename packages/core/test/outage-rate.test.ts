// A provider outage must cost fewer calls, not more (issue 11, "also noticed"): while an entry is
// served stale its refreshes are spaced, so calls per name per hour stay within twice the healthy
// rate, and the stale-if-error contract stays exact (no error while a stale value was allowed, no
// stale value past ttl + staleIfError).
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient } from '../src/index.js';
import { track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';
import { seededRandom } from './seeded-random.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const TTL = 5 * MINUTE; // the defaults: ttl 5m, staleIfError 15m, 3 retries
const STALE = 15 * MINUTE;

useFakeTimersPerTest({ now: 0 });

interface Tally {
  calls: number;
  errors: number;
  stale: number;
  /** Stale values served later than ttl + staleIfError after their fetch. */
  tooOld: number;
}

/** Reads `db` every `everyMs` for `durationMs`, counting provider calls and what the reads got. */
async function readFor(
  client: ReturnType<typeof createSecretsClient>,
  provider: ReturnType<typeof scriptedProvider>,
  durationMs: number,
  everyMs = 10 * SECOND,
): Promise<Tally> {
  const tally: Tally = { calls: -provider.count(), errors: 0, stale: 0, tooOld: 0 };
  for (let elapsed = 0; elapsed < durationMs; elapsed += everyMs) {
    const startedAt = Date.now();
    const read = track(client.getSecret('db'));
    await vi.advanceTimersByTimeAsync(everyMs); // a read waiting on retries settles well within
    if (!read.settled) throw new Error('a read did not settle within one read interval');
    if (read.error !== undefined) tally.errors++;
    if (read.value?.stale) {
      tally.stale++;
      if (startedAt - Number(read.value.metadata.fetchedAt) >= TTL + STALE) tally.tooOld++;
    }
  }
  tally.calls += provider.count();
  return tally;
}

function setup() {
  const provider = scriptedProvider();
  // Each value says when it was fetched, so a test can tell how old a stale answer is.
  const getSecret = provider.getSecret.bind(provider);
  provider.getSecret = async (request, context) => {
    const record = await getSecret(request, context);
    return { ...record, metadata: { fetchedAt: String(Date.now()) } };
  };
  provider.set('db', 'pw', { version: '1' });
  const client = createSecretsClient({ provider, random: seededRandom(7) });
  return { provider, client };
}

describe('calls during an outage', () => {
  it('stay within twice the healthy rate, with no error while a stale value is allowed', async () => {
    const { provider, client } = setup();
    const healthy = await readFor(client, provider, 60 * MINUTE);
    expect(healthy).toEqual({ calls: 15, errors: 0, stale: 0, tooOld: 0 }); // a refresh ahead every 4 min

    provider.failAlways('UNAVAILABLE');
    const outage = await readFor(client, provider, 15 * MINUTE);
    expect(outage.errors).toBe(0);
    expect(outage.tooOld).toBe(0);
    expect(outage.stale).toBeGreaterThan(0);
    const healthyPerHour = healthy.calls;
    const outagePerHour = (outage.calls * 60) / 15;
    expect(outagePerHour).toBeLessThanOrEqual(2 * healthyPerHour);
    expect(outage.calls).toBe(7); // a refresh ahead (1 + 3 retries), then one call per ttl

    provider.heal();
    const after = await readFor(client, provider, 10 * MINUTE);
    expect(after.errors).toBe(0);
    expect(after.stale).toBeLessThanOrEqual(TTL / (10 * SECOND)); // fresh again within one ttl
    await client.close();
  });

  it('throw once the stale window is over, and never serve a value past it', async () => {
    const { provider, client } = setup();
    await client.get('db');
    provider.failAlways('UNAVAILABLE');
    const outage = await readFor(client, provider, 30 * MINUTE);
    expect(outage.tooOld).toBe(0);
    // Stale from 5 min to 20 min after the fetch, errors from then on.
    expect(outage.stale).toBe((15 * MINUTE) / (10 * SECOND));
    expect(outage.errors).toBe((10 * MINUTE) / (10 * SECOND));
    await client.close();
  });

  it('space getMany refreshes the same way, and leave refresh() alone', async () => {
    const provider = scriptedProvider({ a: 'A', b: 'B' }, { batch: true });
    const client = createSecretsClient({ provider, cache: { ttl: '1m' }, retry: false });
    await client.getMany(['a', 'b']);
    await vi.advanceTimersByTimeAsync(60_000);
    provider.failAlways('UNAVAILABLE');
    expect(await client.getMany(['a', 'b'])).toEqual({ a: 'A', b: 'B' }); // one failed batch
    expect(await client.getMany(['a', 'b'])).toEqual({ a: 'A', b: 'B' }); // stale, no call
    expect(provider.calls.map((call) => call.operation)).toEqual(['getSecrets', 'getSecrets']);
    expect(client.stats().staleHits).toBe(4);
    await expect(client.refresh('a')).rejects.toMatchObject({ code: 'UNAVAILABLE' }); // asked for: a call
    expect(provider.count()).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    provider.heal();
    expect(await client.getMany(['a', 'b'])).toEqual({ a: 'A', b: 'B' });
    expect(provider.calls.at(-1)?.operation).toBe('getSecrets');
    expect(client.stats().staleHits).toBe(4);
  });
});
