// A provider's Retry-After is honoured by every read, not only inside one retry chain: after
// THROTTLED with Retry-After, no read call reaches that provider object — from any client sharing
// it — until the wait is over. Reads with a stale value they may serve get it at once.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, SecretsError, type SecretsEvents } from '../src/index.js';
import { expectRejection, expectSecretsError, track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

const throttled = (retryAfterMs: number) =>
  new SecretsError('THROTTLED', 'rate exceeded', { provider: 'scripted', retryAfterMs });

/**
 * A client (ttl 1m, no retries) that cached `b`; `cachedForMs` later a read of `a` got THROTTLED
 * with a Retry-After of `retryAfterMs`, so the provider backs off from then.
 */
async function backingOffAfterCaching(cachedForMs: number, retryAfterMs: number) {
  const provider = scriptedProvider({ a: 'A', b: 'B' });
  const client = createSecretsClient({ provider, cache: { ttl: '1m' }, retry: false });
  await client.get('b');
  await vi.advanceTimersByTimeAsync(cachedForMs);
  provider.failNext(throttled(retryAfterMs));
  await expectRejection(client.get('a'), 'THROTTLED');
  return { provider, client };
}

describe('the per-provider back-off', () => {
  it('makes a second client of the same provider wait too: THROTTLED with no call', async () => {
    const provider = scriptedProvider({ a: 'A', b: 'B' });
    provider.failNext(throttled(30_000));
    const first = createSecretsClient({ provider, retry: false });
    const second = createSecretsClient({ provider, retry: false });
    await expectRejection(first.get('a'), 'THROTTLED');
    await vi.advanceTimersByTimeAsync(20_000);
    const error = await expectRejection(second.get('b'), 'THROTTLED');
    expect(error.message).toContain('no call made');
    expect(error.retryAfterMs).toBe(10_000);
    expect(provider.count()).toBe(1);
    expect(second.stats()).toMatchObject({ providerCalls: 0, errors: 0 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await second.get('b')).toBe('B');
    expect(provider.count()).toBe(2);
  });

  it('lets a read with retries left wait for the end of the back-off, then make one call', async () => {
    const provider = scriptedProvider({ a: 'A', b: 'B' });
    provider.failNext(throttled(5_000));
    const client = createSecretsClient({ provider, retry: false });
    const patient = createSecretsClient({ provider, random: () => 0 });
    await expectRejection(client.get('a'), 'THROTTLED');
    const read = track(patient.get('b'));
    await vi.advanceTimersByTimeAsync(4_999);
    expect([read.settled, provider.count()]).toEqual([false, 1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(read.value).toBe('B');
    expect(provider.count()).toBe(2);
  });

  it('serves an entry past its ttl stale at once while the provider backs off, with no call', async () => {
    const { provider, client } = await backingOffAfterCaching(60_000, 30_000); // b is past its ttl
    const secret = await client.getSecret('b');
    expect([secret.stale, secret.text()]).toEqual([true, 'B']);
    expect(provider.count()).toBe(2);
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await client.getSecret('b')).stale).toBe(false);
    expect(provider.count()).toBe(3);
  });

  it('skips the refresh ahead while the provider backs off', async () => {
    const { provider, client } = await backingOffAfterCaching(50_000, 5_000); // b is due a refresh ahead
    expect(await client.get('b')).toBe('B');
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count()).toBe(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await client.get('b')).toBe('B');
    await vi.advanceTimersByTimeAsync(0);
    expect(provider.count()).toBe(3); // the refresh ahead, once the back-off is over
  });

  it('holds back watch polls and batch reads too', async () => {
    const provider = scriptedProvider({ a: 'A', b: 'B', c: 'C' }, { batch: true, versionProbe: true });
    const client = createSecretsClient({ provider, retry: false, random: () => 0.5 });
    const errors: Array<SecretsEvents['error']> = [];
    client.on('error', (event) => errors.push(event));
    await client.get('a');
    client.watch('a', () => {});
    provider.failNext(throttled(120_000));
    await expectRejection(client.refresh('a'), 'THROTTLED');
    await vi.advanceTimersByTimeAsync(60_000); // one poll, held back
    await expectRejection(client.getMany(['b', 'c']), 'THROTTLED');
    expect(provider.calls.map((call) => call.operation)).toEqual(['getSecret', 'getSecret']);
    expect(errors.map((event) => [event.operation, event.error.code])).toEqual([['watch', 'THROTTLED']]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await client.getMany(['b', 'c'])).toEqual({ b: 'B', c: 'C' });
    await client.close();
  });

  it('cuts a Retry-After longer than 5 minutes to 5 minutes', async () => {
    const provider = scriptedProvider({ a: 'A' });
    provider.failNext(throttled(3_600_000));
    const client = createSecretsClient({ provider, retry: false });
    await expectRejection(client.get('a'), 'THROTTLED');
    await vi.advanceTimersByTimeAsync(299_999);
    await expectRejection(client.get('a'), 'THROTTLED');
    expect(provider.count()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await client.get('a')).toBe('A');
  });

  it('is per provider object: another provider is not held back', async () => {
    const throttledOne = scriptedProvider({ a: 'A' });
    const other = scriptedProvider({ a: 'other A' });
    throttledOne.failNext(throttled(60_000));
    await expectRejection(
      createSecretsClient({ provider: throttledOne, retry: false }).get('a'),
      'THROTTLED',
    );
    expect(await createSecretsClient({ provider: other, retry: false }).get('a')).toBe('other A');
  });

  it('starts with THROTTLED and a Retry-After only', async () => {
    const provider = scriptedProvider({ a: 'A' });
    provider.failNext(
      'THROTTLED',
      new SecretsError('UNAVAILABLE', 'down', { provider: 'scripted', retryAfterMs: 60_000 }),
    );
    const client = createSecretsClient({ provider, retry: false });
    await expectRejection(client.get('a'), 'THROTTLED');
    expectSecretsError(await client.get('a').catch((error: unknown) => error), 'UNAVAILABLE');
    expect(await client.get('a')).toBe('A');
    expect(provider.count()).toBe(3);
  });
});
