// Rule 5: past ttl, a retryable failure serves the last good value (stale) until ttl + staleIfError;
// a permanent failure evicts the entry and is thrown at once. There is no default-value fallback.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type SecretsClientOptions, type SecretsEvents } from '../src/index.js';
import { expectRejection, expectSecretsError, track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

const TTL = 60_000;
const STALE = 300_000;

useFakeTimersPerTest();

function setup(options: Partial<SecretsClientOptions> = {}) {
  const provider = scriptedProvider({ db: 'pw' });
  const client = createSecretsClient({
    provider,
    cache: { ttl: TTL, staleIfError: STALE },
    retry: false,
    ...options,
  });
  const errors: Array<SecretsEvents['error']> = [];
  client.on('error', (event) => errors.push(event));
  return { provider, client, errors };
}

describe('stale if error', () => {
  it('serves the last good value, marked stale, with an error event, after a retryable failure past ttl', async () => {
    const { provider, client, errors } = setup();
    await client.get('db');
    await vi.advanceTimersByTimeAsync(TTL);
    provider.failAlways('UNAVAILABLE');
    const secret = await client.getSecret('db');
    expect(secret.stale).toBe(true);
    expect(secret.text()).toBe('pw');
    expect(secret.version).toBe('1');
    // The refresh failed: until one ttl later the entry is served stale without asking again.
    expect(await client.get('db')).toBe('pw');
    expect(provider.count()).toBe(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ name: 'db' });
    expectSecretsError(errors[0]?.error, 'UNAVAILABLE');
    expect(client.stats()).toMatchObject({ staleHits: 2, entries: 1 });
    await vi.advanceTimersByTimeAsync(TTL);
    expect((await client.getSecret('db')).stale).toBe(true);
    expect(provider.count()).toBe(3);
    expect(errors).toHaveLength(2);
  });

  it('serves stale only after the retries are used up', async () => {
    const { provider, client } = setup({ retry: { retries: 2 }, random: () => 0 });
    await client.get('db');
    await vi.advanceTimersByTimeAsync(TTL);
    provider.failAlways('THROTTLED');
    const read = track(client.getSecret('db'));
    await vi.advanceTimersByTimeAsync(0);
    expect(read.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(10);
    expect(read.value?.stale).toBe(true);
    expect(provider.count()).toBe(4);
  });

  it('shares one failing call among concurrent stale reads, with one error event', async () => {
    const { provider, client, errors } = setup();
    await client.get('db');
    await vi.advanceTimersByTimeAsync(TTL + 1);
    provider.failAlways('TIMEOUT');
    const secrets = await Promise.all([
      client.getSecret('db'),
      client.getSecret('db'),
      client.getSecret('db'),
    ]);
    expect(secrets.map((secret) => [secret.stale, secret.text()])).toEqual([
      [true, 'pw'],
      [true, 'pw'],
      [true, 'pw'],
    ]);
    expect(provider.count()).toBe(2);
    expect(errors).toHaveLength(1);
    expect(client.stats()).toMatchObject({ staleHits: 3, coalesced: 2 });
  });

  it('serves the fresh value again once the provider recovers', async () => {
    const { provider, client } = setup();
    await client.get('db');
    await vi.advanceTimersByTimeAsync(TTL);
    provider.failNext('UNAVAILABLE');
    expect((await client.getSecret('db')).stale).toBe(true);
    provider.set('db', 'new', { version: '2' });
    expect((await client.getSecret('db')).stale).toBe(true); // the next attempt is one ttl later
    await vi.advanceTimersByTimeAsync(TTL);
    const secret = await client.getSecret('db');
    expect([secret.stale, secret.text()]).toEqual([false, 'new']);
    expect(provider.count()).toBe(3);
  });

  it('throws the error from ttl + staleIfError on', async () => {
    const { provider, client, errors } = setup();
    await client.get('db');
    provider.failAlways('UNAVAILABLE');
    await vi.advanceTimersByTimeAsync(TTL + STALE - 1);
    expect((await client.getSecret('db')).stale).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    await expectRejection(client.get('db'), 'UNAVAILABLE');
    expect(client.stats()).toMatchObject({ staleHits: 1, entries: 0 });
    expect(errors).toHaveLength(1);
  });

  it.each(['NOT_FOUND', 'ACCESS_DENIED', 'DISABLED', 'UNAUTHENTICATED'] as const)(
    'evicts the entry and throws at once on %s, then asks the provider again',
    async (code) => {
      const { provider, client } = setup({ retry: { retries: 3 }, random: () => 0 });
      await client.get('db');
      await vi.advanceTimersByTimeAsync(TTL);
      provider.failNext(code);
      const read = track(client.get('db'));
      await vi.advanceTimersByTimeAsync(0);
      expectSecretsError(read.error, code);
      expect(provider.count()).toBe(2);
      expect(client.stats()).toMatchObject({ staleHits: 0, entries: 0 });
      expect(await client.get('db')).toBe('pw');
      expect(provider.count()).toBe(3);
    },
  );

  it('never serves stale with staleIfError: 0', async () => {
    const { provider, client } = setup({ cache: { ttl: TTL, staleIfError: 0 } });
    await client.get('db');
    await vi.advanceTimersByTimeAsync(TTL);
    provider.failAlways('UNAVAILABLE');
    await expectRejection(client.get('db'), 'UNAVAILABLE');
    expect(provider.count()).toBe(2);
    expect(client.stats().staleHits).toBe(0);
  });

  it('does not serve stale within the ttl: that is a fresh hit', async () => {
    const { provider, client } = setup();
    await client.get('db');
    provider.failAlways('UNAVAILABLE');
    await vi.advanceTimersByTimeAsync(TTL - 1);
    const secret = await client.getSecret('db');
    expect(secret.stale).toBe(false);
  });

  it('has no default-value option: a secret that cannot be had is an error', async () => {
    const provider = scriptedProvider();
    const options = { provider, default: 'fallback' } as unknown as SecretsClientOptions;
    expect(() => createSecretsClient(options)).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    const client = createSecretsClient({ provider, retry: false });
    const getOptions = { defaultValue: 'fallback' } as unknown as Parameters<typeof client.get>[1];
    await expectRejection(client.get('missing', getOptions), 'CONFIG');
    await expectRejection(client.get('missing'), 'NOT_FOUND');
  });
});
