// Client options (DESIGN §4): unknown keys and invalid values are CONFIG at construction.
import { describe, expect, it } from 'vitest';
import { createSecretsClient, type SecretsClientOptions } from '../src/index.js';
import { expectRejection, expectThrow } from './expect-error.js';
import { scriptedProvider } from './scripted-provider.js';

/** Builds a client from options the type system would refuse. */
function construct(options: unknown) {
  return createSecretsClient(options as SecretsClientOptions);
}

const BAD_DURATIONS: unknown[] = [
  '5 minutes',
  -1,
  Number.NaN,
  '1w',
  {},
  Number.POSITIVE_INFINITY,
  '',
  '10',
  true,
  [],
  '-1s',
];

describe('createSecretsClient options', () => {
  it('accepts the documented example and the defaults', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({
      provider,
      cache: { ttl: '5m', maxEntries: 1000, staleIfError: '15m' },
      retry: { retries: 3, minDelay: '100ms', maxDelay: '5s' },
      timeout: '10s',
      leases: { revokeOnClose: false },
    });
    expect(await client.get('db')).toBe('pw');
    expect(await createSecretsClient({ provider }).get('db')).toBe('pw');
    expect(await createSecretsClient({ provider, cache: false, retry: false }).get('db')).toBe('pw');
  });

  it('accepts every duration form: ms numbers, ms, s, m, h, d', () => {
    const provider = scriptedProvider();
    for (const ttl of [0, 250, '250ms', '30s', '5m', '1h', '1d', '1.5s'] as const) {
      expect(() => createSecretsClient({ provider, cache: { ttl } })).not.toThrow();
    }
  });

  it.each([
    ['top level', { provider: scriptedProvider(), cahce: { ttl: '1m' } }, 'cahce'],
    ['cache', { provider: scriptedProvider(), cache: { ttl: '1m', maxEntry: 3 } }, 'maxEntry'],
    ['retry', { provider: scriptedProvider(), retry: { attempts: 3 } }, 'attempts'],
    ['leases', { provider: scriptedProvider(), leases: { revoke: true } }, 'revoke'],
    ['a default-value fallback', { provider: scriptedProvider(), default: 'pw' }, 'default'],
  ])('rejects an unknown key (%s) with CONFIG naming it', (_level, options, key) => {
    const error = expectThrow(() => construct(options), 'CONFIG');
    expect(error.message).toContain(key);
  });

  for (const option of ['cache.ttl', 'cache.staleIfError', 'timeout', 'retry.minDelay', 'retry.maxDelay']) {
    it.each(BAD_DURATIONS.map((value) => [value]))(`rejects ${option} = %j with CONFIG`, (value) => {
      const [group, key] = option.includes('.') ? option.split('.') : [undefined, option];
      const options = group
        ? { provider: scriptedProvider(), [group as string]: { [key as string]: value } }
        : { provider: scriptedProvider(), [key as string]: value };
      const error = expectThrow(() => construct(options), 'CONFIG');
      expect(error.message).toContain(option);
    });
  }

  it.each([[0], [-1], [1.5], ['10'], [Number.NaN], [Number.POSITIVE_INFINITY], [{}], [true]])(
    'rejects cache.maxEntries = %j with CONFIG',
    (maxEntries) => {
      expectThrow(() => construct({ provider: scriptedProvider(), cache: { maxEntries } }), 'CONFIG');
    },
  );

  it.each([[-1], [1.5], ['3'], [Number.NaN], [Number.POSITIVE_INFINITY], [{}], [21]])(
    'rejects retry.retries = %j with CONFIG',
    (retries) => {
      expectThrow(() => construct({ provider: scriptedProvider(), retry: { retries } }), 'CONFIG');
    },
  );

  it('rejects a zero timeout, a zero minDelay and a maxDelay below minDelay', () => {
    const provider = scriptedProvider();
    expectThrow(() => createSecretsClient({ provider, timeout: 0 }), 'CONFIG');
    expectThrow(() => createSecretsClient({ provider, retry: { minDelay: 0 } }), 'CONFIG');
    expectThrow(() => createSecretsClient({ provider, retry: { minDelay: '2s', maxDelay: '1s' } }), 'CONFIG');
  });

  it.each([
    ['no options', undefined],
    ['null options', null],
    ['an array', []],
    ['no provider', { cache: false }],
    ['a provider without getSecret', { provider: { name: 'x' } }],
    ['a provider without a name', { provider: { getSecret: async () => ({ name: 'a', value: 'b' }) } }],
    ['a null provider', { provider: null }],
  ])('rejects %s with CONFIG', (_what, options) => {
    expectThrow(() => construct(options), 'CONFIG');
  });

  it.each([
    ['cache: true', { cache: true }],
    ['retry: true', { retry: true }],
    ['cache: "5m"', { cache: '5m' }],
    ['leases.revokeOnClose: "yes"', { leases: { revokeOnClose: 'yes' } }],
    ['random: 0.5', { random: 0.5 }],
  ])('rejects %s with CONFIG', (_what, options) => {
    expectThrow(() => construct({ provider: scriptedProvider(), ...options }), 'CONFIG');
  });
});

describe('per-call options', () => {
  it.each([
    ['an unknown key', { versoin: '1' }],
    ['a default value', { default: 'fallback' }],
    ['an empty version', { version: '' }],
    ['a numeric stage', { stage: 5 }],
    ['an object field', { field: {} }],
    ['a signal that is not an AbortSignal', { signal: 'stop' }],
    ['null options', null],
    ['string options', 'v1'],
  ])('rejects %s with CONFIG and no provider call', async (_what, options) => {
    const provider = scriptedProvider({ db: '{"a":"b"}' });
    const client = createSecretsClient({ provider });
    const call = (options: unknown) => options as Parameters<typeof client.get>[1];
    await expectRejection(client.get('db', call(options)), 'CONFIG');
    await expectRejection(client.getSecret('db', call(options)), 'CONFIG');
    await expectRejection(client.refresh('db', call(options)), 'CONFIG');
    await expectRejection(client.getMany(['db'], call(options)), 'CONFIG');
    expect(provider.calls).toEqual([]);
  });

  it('rejects an unknown event name and a listener that is not a function with CONFIG', () => {
    const client = createSecretsClient({ provider: scriptedProvider() });
    expectThrow(() => client.on('change' as 'fetch', () => {}), 'CONFIG');
    expectThrow(() => client.on('fetch', 'log' as unknown as () => void), 'CONFIG');
  });
});
