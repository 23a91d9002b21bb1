// get and getSecret, and the pointer applied after the cache (DESIGN §8): JSON first, then YAML 1.2;
// a string result as is, anything else as JSON text; PARSE / NOT_FOUND / WRONG_TYPE; no value in errors.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findValue } from '../../conformance/src/leak-check.js';
import { createSecretResolver } from '../src/index.js';
import { memoryWith, readsOf, rejection } from './helpers.js';

const YAML_VALUE = `
username: app
password: "pw: with colon"
port: 5432
flag: yes
hex: 0x1F
nested:
  list: [a, b]
  "a/b": slash
  "m~n": tilde
empty: ""
none: null
`;

function resolverOver(secrets: Record<string, string | object>) {
  const memory = memoryWith(secrets);
  return { memory, resolver: createSecretResolver({ providers: { memory } }) };
}

describe('get', () => {
  it('#/password on {"password":"x"} is x; the whole value without a pointer', async () => {
    const { resolver } = resolverOver({ db: '{"password":"x"}' });
    await expect(resolver.get('memory://db#/password')).resolves.toBe('x');
    await expect(resolver.get('memory://db#password')).resolves.toBe('x');
    await expect(resolver.get('memory://db')).resolves.toBe('{"password":"x"}');
  });

  it('serves every pointer of one secret from one cached entry', async () => {
    const { memory, resolver } = resolverOver({ db: { a: '1', b: { c: [10, 20] } } });
    expect(
      await Promise.all(
        ['#/a', '#/b', '#/b/c', '#/b/c/1'].map((pointer) => resolver.get(`memory://db${pointer}`)),
      ),
    ).toEqual(['1', '{"c":[10,20]}', '[10,20]', '20']);
    expect(await resolver.get('memory://db#/a')).toBe('1');
    expect(readsOf(memory)).toBe(1);
  });

  it('gives non-string JSON values as JSON text', async () => {
    const { resolver } = resolverOver({
      db: { n: 5432, t: true, z: null, o: { k: 'v' }, a: [1, 'x'], s: '' },
    });
    const get = (pointer: string) => resolver.get(`memory://db#${pointer}`);
    expect(await Promise.all(['/n', '/t', '/z', '/o', '/a', '/s'].map(get))).toEqual([
      '5432',
      'true',
      'null',
      '{"k":"v"}',
      '[1,"x"]',
      '',
    ]);
  });

  it('reads YAML 1.2 when the value is not JSON (yes stays a string, 0x1F is 31)', async () => {
    const { resolver } = resolverOver({ conf: YAML_VALUE });
    const get = (pointer: string) => resolver.get(`memory://conf#${pointer}`);
    expect(
      await Promise.all(
        [
          '/username',
          '/password',
          '/port',
          '/flag',
          '/hex',
          '/nested/list/1',
          '/nested/a~1b',
          '/nested/m~0n',
          '/empty',
          '/none',
        ].map(get),
      ),
    ).toEqual(['app', 'pw: with colon', '5432', 'yes', '31', 'b', 'slash', 'tilde', '', 'null']);
  });

  it('a missing key or index is NOT_FOUND, naming where', async () => {
    const { resolver } = resolverOver({ db: { a: { b: [1] } } });
    const cases: Array<[string, string]> = [
      ['#/nope', 'no key /nope'],
      ['#/a/c', 'no key /a/c'],
      ['#/a/b/1', 'no array index /a/b/1'],
      ['#/a/b/-', 'no array index /a/b/-'],
      ['#/a/b/01', 'no array index /a/b/01'],
      ['#/a/b/x', 'no array index /a/b/x'],
      ['#/constructor', 'no key /constructor'],
      ['#/__proto__', 'no key /__proto__'],
    ];
    for (const [pointer, where] of cases) {
      const error = await rejection(resolver.get(`memory://db${pointer}`), 'NOT_FOUND');
      expect(error.message).toContain(where);
      expect(error.secretName).toBe('db');
    }
  });

  it('a step into a scalar is WRONG_TYPE (plain text is a YAML string)', async () => {
    const { resolver } = resolverOver({ plain: 'hunter2', db: { port: 5432, name: 'x' } });
    await rejection(resolver.get('memory://plain#/password'), 'WRONG_TYPE');
    await rejection(resolver.get('memory://db#/port/x'), 'WRONG_TYPE');
    const error = await rejection(resolver.get('memory://db#/name/0'), 'WRONG_TYPE');
    expect(error.message).toContain('/name/0');
  });

  it('a value that is neither JSON nor YAML is PARSE, saying where and not what', async () => {
    const canary = 'CANARY-value-0c4e7a';
    const { resolver } = resolverOver({
      broken: `a: [${canary}\nb: {`,
      twoDocs: `a: ${canary}\n---\nb: 2`,
      dupe: `a: ${canary}\na: 2`,
      tabs: `a:\n\t- ${canary}`,
    });
    for (const name of ['broken', 'twoDocs', 'dupe', 'tabs']) {
      const error = await rejection(resolver.get(`memory://${name}#/a`), 'PARSE');
      expect(error.message).toMatch(/neither JSON nor YAML \(YAML [A-Z_]+( at line \d+, column \d+)?\)/);
      expect(findValue(error, canary)).toEqual([]);
      expect(inspect(error, { showHidden: true })).not.toContain(canary);
    }
  });

  it('a YAML alias bomb is PARSE, not a hang', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      lines.push(`${name}: &${name} [${Array(10).fill(`*${previous}`).join(',')}]`);
    }
    const { resolver } = resolverOver({ bomb: lines.join('\n') });
    await rejection(resolver.get('memory://bomb#/i'), 'PARSE');
  });

  it('bytes that are not UTF-8 are WRONG_TYPE', async () => {
    const { resolver } = resolverOver({ bin: new Uint8Array([0xff, 0xfe]) as unknown as string });
    await rejection(resolver.get('memory://bin'), 'WRONG_TYPE');
    await rejection(resolver.get('memory://bin#/a'), 'WRONG_TYPE');
  });
});

describe('getSecret', () => {
  it('is the whole redacted Secret, its pointer ignored, with version and stage passed on', async () => {
    const memory = memoryWith({});
    const first = memory.set('db', '{"password":"one"}');
    const second = memory.set('db', '{"password":"two"}');
    const resolver = createSecretResolver({ providers: { memory } });
    const secret = await resolver.getSecret('memory://db#/password');
    expect(secret.text()).toBe('{"password":"two"}');
    expect(secret.version).toBe(second);
    expect(String(secret)).toBe('[redacted]');
    expect((await resolver.getSecret(`memory://db?version=${first}`)).text()).toBe('{"password":"one"}');
    await expect(resolver.get(`memory://db?version=${first}#/password`)).resolves.toBe('one');
  });
});

describe('call checks', () => {
  it('a malformed ref is CONFIG with no provider call', async () => {
    const { memory, resolver } = resolverOver({ a: 'A' });
    await rejection(resolver.get('memory://a?token=x'), 'CONFIG');
    await rejection(resolver.getSecret('nope://a'), 'CONFIG');
    await rejection(resolver.get(42 as unknown as string), 'CONFIG');
    expect(readsOf(memory)).toBe(0);
  });

  it.each([[{ signal: 'x' }], [{ timeout: 5 }], ['fast'], [null]])(
    'options %j are CONFIG',
    async (options) => {
      const { resolver } = resolverOver({ a: 'A' });
      await rejection(resolver.get('memory://a', options as never), 'CONFIG');
      await rejection(resolver.resolve({ a: 'memory://a' }, options as never), 'CONFIG');
    },
  );
});
