// Input that used to slip through (issue 11 defect 11, core part): every check is CONFIG with no
// provider call — C1 controls and line separators in names, controls in version/stage, padded
// durations, and unknown options under symbol keys or inherited from a prototype.
import { describe, expect, it, vi } from 'vitest';
import { createSecretsClient, type SecretsClient, type SecretsClientOptions } from '../src/index.js';
import { expectRejection, expectThrow } from './expect-error.js';
import { useFakeTimersPerTest } from './fake-timers.js';
import { scriptedProvider } from './scripted-provider.js';

useFakeTimersPerTest();

const construct = (options: unknown) => createSecretsClient(options as SecretsClientOptions);
const loose = <T>(value: unknown) => value as T;

describe('names', () => {
  it.each([
    ['U+0080', 'db\u0080'],
    ['NEL U+0085', 'db\u0085prod'],
    ['CSI U+009B', '\u009b31mdb'],
    ['U+009F', 'db\u009f'],
    ['LINE SEPARATOR U+2028', 'db\u2028prod'],
    ['PARAGRAPH SEPARATOR U+2029', 'db\u2029'],
  ])('rejects a name with %s in every method, with no provider call', async (_what, name) => {
    const provider = scriptedProvider({ db: 'pw' }, { batch: true });
    const client = createSecretsClient({ provider });
    await expectRejection(client.get(name), 'CONFIG');
    await expectRejection(client.getSecret(name), 'CONFIG');
    await expectRejection(client.refresh(name), 'CONFIG');
    await expectRejection(client.getMany(['db', name]), 'CONFIG');
    expectThrow(() => client.watch(name, () => {}), 'CONFIG');
    expectThrow(() => client.invalidate(name), 'CONFIG');
    expect(provider.calls).toEqual([]);
  });

  it('accepts printable names beyond Latin-1 (U+00A0 and up, other than the separators)', async () => {
    const provider = scriptedProvider({ 'db\u00a0x': 'a', пароль: 'b', 'db\u2027': 'c' });
    const client = createSecretsClient({ provider });
    expect(await client.getMany(['db\u00a0x', 'пароль', 'db\u2027'])).toEqual({
      'db\u00a0x': 'a',
      пароль: 'b',
      'db\u2027': 'c',
    });
  });
});

describe('version and stage', () => {
  const BAD = ['1\u0000', 'v1\nX-Injected: 1', 'v\r', 'v\t1', 'v\u007f', 'v\u0085', 'v\u2028'];
  for (const key of ['version', 'stage'] as const) {
    it.each(BAD.map((value) => [JSON.stringify(value), value]))(
      `rejects a ${key} of %s before any provider call`,
      async (_shown, value) => {
        const provider = scriptedProvider({ db: 'pw' }, { batch: true });
        const client = createSecretsClient({ provider });
        await expectRejection(client.get('db', { [key]: value }), 'CONFIG');
        await expectRejection(client.refresh('db', { [key]: value }), 'CONFIG');
        await expectRejection(client.getMany(['db', 'x'], { [key]: value }), 'CONFIG');
        expect(provider.calls).toEqual([]);
      },
    );
  }

  it('leaves field alone: it never leaves core, and JSON keys may hold anything', async () => {
    const provider = scriptedProvider({ db: JSON.stringify({ 'a\nb': 'x' }) });
    const client = createSecretsClient({ provider });
    expect(await client.get('db', { field: 'a\nb' })).toBe('x');
  });
});

describe('durations', () => {
  // Each would be valid without its padding (and within retry.maxDelay's default of 5 s).
  const PADDED = [' 1s', '1s ', '\t1s', '1s\n', ' 250ms ', '\u00a030ms'];
  it.each(
    ['cache.ttl', 'cache.staleIfError', 'timeout', 'retry.minDelay', 'retry.maxDelay'].flatMap((option) =>
      PADDED.map((value) => [option, JSON.stringify(value), value]),
    ),
  )('rejects %s = %s', (option, _shown, value) => {
    const [group, key] = option.includes('.') ? option.split('.') : [undefined, option];
    const options = group
      ? { provider: scriptedProvider(), [group as string]: { [key as string]: value } }
      : { provider: scriptedProvider(), [key as string]: value };
    expect(expectThrow(() => construct(options), 'CONFIG').message).toContain(option);
  });

  it.each(PADDED.map((value) => [JSON.stringify(value), value]))(
    'rejects a watch interval of %s',
    (_s, value) => {
      const client = createSecretsClient({ provider: scriptedProvider({ db: 'pw' }) });
      expectThrow(() => client.watch('db', () => {}, { interval: loose(value) }), 'CONFIG');
      expectThrow(() => client.rotations('db', { interval: loose(value) }), 'CONFIG');
    },
  );
});

describe('unknown options under symbol keys or inherited from a prototype', () => {
  const symbolKeyed = (known: object) => ({ ...known, [Symbol('cahce')]: { ttl: '1m' } });
  const inherited = (known: object) => Object.assign(Object.create({ cahce: { ttl: '1m' } }), known);
  /** A class instance: its own options are fine, an enumerable extra on its prototype is not. */
  const classBased = (known: object) => {
    class Options {}
    Object.defineProperty(Options.prototype, 'extra', { value: 1, enumerable: true });
    return Object.assign(new Options(), known);
  };
  const SHAPES: Array<[string, (known: object) => object]> = [
    ['a symbol key', symbolKeyed],
    ['an inherited key', inherited],
    ['an enumerable key on a class prototype', classBased],
  ];

  it.each(SHAPES)('rejects %s in the client options, cache, retry and leases', (_what, shape) => {
    const provider = scriptedProvider();
    expectThrow(() => construct(shape({ provider })), 'CONFIG');
    expectThrow(() => construct({ provider, cache: shape({ ttl: '1m' }) }), 'CONFIG');
    expectThrow(() => construct({ provider, retry: shape({ retries: 1 }) }), 'CONFIG');
    expectThrow(() => construct({ provider, leases: shape({ revokeOnClose: true }) }), 'CONFIG');
  });

  it.each(SHAPES)(
    'rejects %s in get, getMany, refresh, watch, rotations and withSecret options',
    async (_w, shape) => {
      const provider = scriptedProvider({ db: 'pw' }, { batch: true });
      const client = createSecretsClient({ provider });
      await expectRejection(client.get('db', loose(shape({ version: '1' }))), 'CONFIG');
      await expectRejection(client.getSecret('db', loose(shape({}))), 'CONFIG');
      await expectRejection(client.getMany(['db', 'x'], loose(shape({}))), 'CONFIG');
      await expectRejection(client.refresh('db', loose(shape({}))), 'CONFIG');
      expectThrow(() => client.watch('db', () => {}, loose(shape({ interval: '1m' }))), 'CONFIG');
      expectThrow(() => client.rotations('db', loose(shape({ interval: '1m' }))), 'CONFIG');
      await expectRejection(
        client.withSecret('db', async () => 1, loose(shape({}))),
        'CONFIG',
      );
      expect(provider.calls).toEqual([]);
    },
  );

  it('names the symbol key in the message', () => {
    const error = expectThrow(
      () => construct({ provider: scriptedProvider(), [Symbol('ttl')]: 1 }),
      'CONFIG',
    );
    expect(error.message).toContain('Symbol(ttl)');
  });

  it('still accepts options inherited from a plain prototype, and class instances holding only known keys', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const defaults = Object.create({ ttl: '1m' });
    const client = createSecretsClient({ provider, cache: defaults, retry: Object.create(null) });
    await client.get('db');
    await vi.advanceTimersByTimeAsync(47_000); // before the refresh ahead of a 1m ttl
    await client.get('db');
    await vi.advanceTimersByTimeAsync(14_000); // past it
    await client.get('db');
    expect(provider.count()).toBe(2); // the inherited ttl ('1m') was read
    class Get {
      constructor(readonly version: string) {}
    }
    provider.setPinned('db', { version: '7' }, 'seven', '7');
    expect(await client.get('db', loose(new Get('7')))).toBe('seven');
  });

  it('never reads an option from a polluted Object.prototype', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const prototype = Object.prototype as Record<string, unknown>;
    prototype.ttl = 0;
    prototype.field = 'injected';
    try {
      const client = createSecretsClient({ provider, cache: {} });
      expect(await client.get('db', {})).toBe('pw'); // no field was applied
      expect(await client.get('db', {})).toBe('pw');
      expect(provider.count()).toBe(1); // ttl stayed 5m
    } finally {
      delete prototype.ttl;
      delete prototype.field;
    }
  });
});

describe('client shape', () => {
  it('rejects rotations options that are not an object, and a signal that is not an AbortSignal', () => {
    const client: SecretsClient = createSecretsClient({ provider: scriptedProvider({ db: 'pw' }) });
    expectThrow(() => client.rotations('db', loose(null)), 'CONFIG');
    expectThrow(() => client.rotations('db', loose({ signal: 'stop' })), 'CONFIG');
  });
});
