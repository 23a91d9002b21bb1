// getMany (DESIGN §4): one batch call for the uncached names where the provider has getSecrets,
// one coalesced getSecret per name where it has none; cached names are not fetched again.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type SecretsEvents } from '../src/index.js';
import { expectRejection, expectSecretsError, track } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

const NAMES = { a: 'A', b: 'B', c: 'C' };

describe('getMany with a batch-capable provider', () => {
  it('reads every uncached name in one getSecrets call', async () => {
    const provider = scriptedProvider(NAMES, { batch: true });
    const client = createSecretsClient({ provider });
    expect(await client.getMany(['a', 'b', 'c'])).toEqual({ a: 'A', b: 'B', c: 'C' });
    expect(provider.calls).toEqual([
      { operation: 'getSecrets', requests: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
    ]);
    expect(client.stats()).toMatchObject({ providerCalls: 1, misses: 3, entries: 3 });
    expect(await client.get('b')).toBe('B');
    expect(provider.calls).toHaveLength(1);
  });

  it('does not fetch cached names again', async () => {
    const provider = scriptedProvider(NAMES, { batch: true });
    const client = createSecretsClient({ provider });
    await client.get('a');
    expect(await client.getMany(['a', 'b', 'c'])).toEqual({ a: 'A', b: 'B', c: 'C' });
    expect(provider.calls.map((call) => [call.operation, call.requests.map((r) => r.name)])).toEqual([
      ['getSecret', ['a']],
      ['getSecrets', ['b', 'c']],
    ]);
    expect(await client.getMany(['c', 'a', 'b'])).toEqual({ a: 'A', b: 'B', c: 'C' });
    expect(provider.calls).toHaveLength(2);
  });

  it('asks once per distinct name', async () => {
    const provider = scriptedProvider(NAMES, { batch: true });
    const client = createSecretsClient({ provider });
    expect(await client.getMany(['a', 'b', 'a', 'b'])).toEqual({ a: 'A', b: 'B' });
    expect(provider.calls.map((call) => call.requests.length)).toEqual([2]);
  });

  it('passes version and stage to every request of the batch', async () => {
    const provider = scriptedProvider({}, { batch: true });
    provider.setPinned('a', { stage: 'AWSPREVIOUS' }, 'old-a', 'v1');
    provider.setPinned('b', { stage: 'AWSPREVIOUS' }, 'old-b', 'v1');
    const client = createSecretsClient({ provider });
    expect(await client.getMany(['a', 'b'], { stage: 'AWSPREVIOUS' })).toEqual({ a: 'old-a', b: 'old-b' });
    expect(provider.calls[0]?.requests).toEqual([
      { name: 'a', stage: 'AWSPREVIOUS' },
      { name: 'b', stage: 'AWSPREVIOUS' },
    ]);
  });

  it('rejects with a per-name error, and keeps the names that were read', async () => {
    const provider = scriptedProvider(NAMES, { batch: true });
    const client = createSecretsClient({ provider });
    const error = await expectRejection(client.getMany(['a', 'missing', 'c']), 'NOT_FOUND');
    expect(error.secretName).toBe('missing');
    expect(provider.calls).toHaveLength(1);
    expect(await client.getMany(['a', 'c'])).toEqual({ a: 'A', c: 'C' });
    expect(provider.calls).toHaveLength(1);
  });

  it('wraps a per-name plain Error as UNKNOWN with the original as cause', async () => {
    const provider = scriptedProvider(NAMES, { batch: true });
    const original = new Error('socket hang up');
    provider.failFor('b', original);
    const client = createSecretsClient({ provider });
    const error = await expectRejection(client.getMany(['a', 'b']), 'UNKNOWN');
    expect(error.cause).toBe(original);
    expect(error.secretName).toBe('b');
  });

  it('retries a batch call that fails with a retryable error', async () => {
    const provider = scriptedProvider(NAMES, { batch: true });
    provider.failNext('THROTTLED');
    const client = createSecretsClient({ provider, random: () => 0 });
    const read = track(client.getMany(['a', 'b']));
    await vi.advanceTimersByTimeAsync(100);
    expect(read.value).toEqual({ a: 'A', b: 'B' });
    expect(provider.calls.map((call) => call.operation)).toEqual(['getSecrets', 'getSecrets']);
    expect(client.stats()).toMatchObject({ providerCalls: 2, errors: 1 });
  });

  it('serves stale values per name when the batch fails past ttl', async () => {
    const provider = scriptedProvider(NAMES, { batch: true });
    const client = createSecretsClient({ provider, cache: { ttl: '1m', staleIfError: '5m' }, retry: false });
    const errors: Array<SecretsEvents['error']> = [];
    client.on('error', (event) => errors.push(event));
    await client.getMany(['a', 'b']);
    await vi.advanceTimersByTimeAsync(60_000);
    provider.failAlways('UNAVAILABLE');
    expect(await client.getMany(['a', 'b'])).toEqual({ a: 'A', b: 'B' });
    expect(provider.calls.map((call) => call.operation)).toEqual(['getSecrets', 'getSecrets']);
    expect(client.stats().staleHits).toBe(2);
    expect(errors.map((event) => [event.name, event.error.code])).toEqual([
      ['a', 'UNAVAILABLE'],
      ['b', 'UNAVAILABLE'],
    ]);
  });

  it('lets a concurrent get join the batch instead of calling again', async () => {
    const provider = scriptedProvider(NAMES, { batch: true });
    const client = createSecretsClient({ provider });
    const release = provider.hold();
    const many = client.getMany(['a', 'b']);
    const single = client.get('a');
    await vi.advanceTimersByTimeAsync(0);
    release();
    expect(await many).toEqual({ a: 'A', b: 'B' });
    expect(await single).toBe('A');
    expect(provider.calls.map((call) => call.operation)).toEqual(['getSecrets']);
    expect(client.stats().coalesced).toBe(1);
  });

  it('rejects a batch answer with the wrong number of results as UNKNOWN', async () => {
    const provider = scriptedProvider(NAMES, { batch: true });
    provider.getSecrets = async () => [{ name: 'a', value: 'A' }];
    const client = createSecretsClient({ provider });
    await expectRejection(client.getMany(['a', 'b']), 'UNKNOWN');
    expect(client.stats().entries).toBe(0);
  });
});

describe('getMany without a batch call', () => {
  it('makes one getSecret call per uncached distinct name', async () => {
    const provider = scriptedProvider(NAMES);
    const client = createSecretsClient({ provider });
    await client.get('c');
    expect(await client.getMany(['a', 'b', 'c', 'a'])).toEqual({ a: 'A', b: 'B', c: 'C' });
    expect(provider.calls.map((call) => [call.operation, call.requests[0]?.name])).toEqual([
      ['getSecret', 'c'],
      ['getSecret', 'a'],
      ['getSecret', 'b'],
    ]);
  });

  it('rejects with the failing name’s error', async () => {
    const provider = scriptedProvider(NAMES);
    provider.failFor('b', 'ACCESS_DENIED');
    const client = createSecretsClient({ provider });
    const error = await expectRejection(client.getMany(['a', 'b', 'c']), 'ACCESS_DENIED');
    expectSecretsError(error, 'ACCESS_DENIED');
    expect(provider.count()).toBe(3);
    expect(client.stats().entries).toBe(2);
  });

  it('returns an empty object for no names, without a call', async () => {
    const provider = scriptedProvider(NAMES, { batch: true });
    const client = createSecretsClient({ provider });
    expect(await client.getMany([])).toEqual({});
    expect(provider.calls).toEqual([]);
  });
});

describe('getMany results', () => {
  it.each([false, true])(
    'keys every name as an own property, __proto__ included (batch: %s)',
    async (batch) => {
      const provider = scriptedProvider(
        { __proto__: 'proto-value', constructor: 'ctor-value', a: 'A' },
        { batch },
      );
      provider.set('__proto__', 'proto-value');
      const client = createSecretsClient({ provider });
      const result = await client.getMany(['__proto__', 'constructor', 'a']);
      expect(Object.keys(result).sort()).toEqual(['__proto__', 'a', 'constructor']);
      expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toBe('proto-value');
      expect(result.constructor).toBe('ctor-value');
    },
  );

  it('applies field to every name', async () => {
    const provider = scriptedProvider({ a: '{"user":"ua"}', b: '{"user":"ub"}' }, { batch: true });
    const client = createSecretsClient({ provider });
    expect(await client.getMany(['a', 'b'], { field: 'user' })).toEqual({ a: 'ua', b: 'ub' });
  });
});
