// Rule 8: bad names are CONFIG with no provider call; getJson on bad JSON is PARSE (without the
// value); get on bytes that are not UTF-8 is WRONG_TYPE; getBinary returns the exact bytes.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSecretsClient, MAX_SECRET_NAME_LENGTH, type SecretsClient } from '../src/index.js';
import { expectRejection, expectThrow } from './expect-error.js';
import { scriptedProvider } from './scripted-provider.js';

const BAD_NAMES: Array<[string, unknown]> = [
  ['empty', ''],
  ['spaces only', '   '],
  ['whitespace with a tab', ' \t '],
  ['a number', 42],
  ['null', null],
  ['undefined', undefined],
  ['an object', { name: 'db' }],
  ['an array', ['db']],
  ['oversized', 'x'.repeat(MAX_SECRET_NAME_LENGTH + 1)],
  ['a newline', 'db\nprod'],
  ['a NUL', 'db\u0000'],
  ['a DEL', 'db\u007f'],
  ['an escape', '\u001b[31mdb'],
];

type Method = (client: SecretsClient, name: string) => Promise<unknown>;
const METHODS: Array<[string, Method]> = [
  ['get', (client, name) => client.get(name)],
  ['getSecret', (client, name) => client.getSecret(name)],
  ['getJson', (client, name) => client.getJson(name)],
  ['getBinary', (client, name) => client.getBinary(name)],
  ['getMany', (client, name) => client.getMany([name])],
  ['getMany (second name)', (client, name) => client.getMany(['db', name])],
  ['refresh', (client, name) => client.refresh(name)],
];

describe('secret names', () => {
  for (const [method, call] of METHODS) {
    it.each(BAD_NAMES)(
      `${method} rejects a name that is %s with CONFIG and no provider call`,
      async (_w, name) => {
        const provider = scriptedProvider({ db: 'pw' }, { batch: true });
        const client = createSecretsClient({ provider });
        await expectRejection(call(client, name as string), 'CONFIG');
        expect(provider.calls).toEqual([]);
      },
    );
  }

  it.each(BAD_NAMES.filter(([what]) => what !== 'undefined'))(
    'invalidate throws CONFIG for a name that is %s',
    async (_w, name) => {
      const provider = scriptedProvider({ db: 'pw' });
      const client = createSecretsClient({ provider });
      await client.get('db');
      expectThrow(() => client.invalidate(name as string), 'CONFIG');
      expect(client.stats().entries).toBe(1);
    },
  );

  it('accepts a name of exactly MAX_SECRET_NAME_LENGTH characters', async () => {
    const name = 'n'.repeat(MAX_SECRET_NAME_LENGTH);
    const provider = scriptedProvider({ [name]: 'long' });
    const client = createSecretsClient({ provider });
    expect(await client.get(name)).toBe('long');
    expect(provider.calls[0]?.requests).toEqual([{ name }]);
  });

  it('does not echo an oversized name into the error message', async () => {
    const client = createSecretsClient({ provider: scriptedProvider() });
    const error = await expectRejection(client.get('y'.repeat(100_000)), 'CONFIG');
    expect(error.message.length).toBeLessThan(200);
  });

  it.each([
    ['a string', 'db'],
    ['null', null],
    ['an object', { 0: 'db' }],
  ])('getMany rejects %s instead of an array with CONFIG', async (_w, names) => {
    const provider = scriptedProvider({ db: 'pw' }, { batch: true });
    const client = createSecretsClient({ provider });
    await expectRejection(client.getMany(names as unknown as string[]), 'CONFIG');
    expect(provider.calls).toEqual([]);
  });
});

describe('value types', () => {
  const SECRET = 'hunter2-correct-horse';

  it('getJson parses a JSON value', async () => {
    const client = createSecretsClient({ provider: scriptedProvider({ cfg: '{"host":"db","port":5432}' }) });
    expect(await client.getJson<{ host: string; port: number }>('cfg')).toEqual({ host: 'db', port: 5432 });
  });

  it.each([
    ['truncated', `{"password":"${SECRET}"`],
    ['unquoted', `{"password":${SECRET}}`],
    ['plain text', SECRET],
    ['trailing text', `"x" ${SECRET}`],
  ])('getJson on %s JSON is PARSE, and neither message nor cause holds the value', async (_w, value) => {
    const provider = scriptedProvider({ cfg: value });
    const client = createSecretsClient({ provider });
    const error = await expectRejection(client.getJson('cfg'), 'PARSE');
    const texts: string[] = [];
    for (let link: unknown = error; link !== undefined; link = (link as { cause?: unknown }).cause) {
      texts.push(String(link), (link as Error).message ?? '', (link as Error).stack ?? '');
    }
    texts.push(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true }), JSON.stringify(error));
    for (const text of texts) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('horse');
    }
    // The cached value itself is fine: text still works, and nothing was evicted.
    expect(await client.get('cfg')).toBe(value);
    expect(provider.count()).toBe(1);
  });

  it('get on bytes that are not valid UTF-8 is WRONG_TYPE; getBinary returns them exactly', async () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0xc3]);
    const provider = scriptedProvider();
    provider.set('key', bytes);
    const client = createSecretsClient({ provider });
    await expectRejection(client.get('key'), 'WRONG_TYPE');
    await expectRejection(client.getJson('key'), 'WRONG_TYPE');
    const read = await client.getBinary('key');
    expect(read).toBeInstanceOf(Uint8Array);
    expect([...read]).toEqual([0xff, 0xfe, 0x00, 0x80, 0xc3]);
    read[0] = 0; // the caller's copy: the cached bytes stay as they were
    expect([...(await client.getBinary('key'))]).toEqual([0xff, 0xfe, 0x00, 0x80, 0xc3]);
    expect(provider.count()).toBe(1);
  });

  it('get decodes UTF-8 bytes, and getBinary encodes a text value as UTF-8', async () => {
    const provider = scriptedProvider({ text: 'pässwörd' });
    provider.set('bytes', new TextEncoder().encode('grüße'));
    const client = createSecretsClient({ provider });
    expect(await client.get('bytes')).toBe('grüße');
    expect([...(await client.getBinary('text'))]).toEqual([...new TextEncoder().encode('pässwörd')]);
  });
});
