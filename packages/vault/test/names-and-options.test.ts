// Requests are checked before any request (traversal, injection, control characters, absurd
// lengths), also when the provider is called directly; and the construction rules: the address is
// an origin (issue 11 item 11), plain http only on loopback, VAULT_ADDR/VAULT_TOKEN, unknown options.

import { isLoopbackHost as isLoopback } from '@secretkit/core/adapter';
import { describe, expect, it } from 'vitest';
import { hashicorpVault } from '../src/index.js';
import { context, testProvider, useFake } from './harness.js';

const fake = useFake();

const BAD_NAMES = [
  '',
  '/secret/app',
  'secret/../sys/seal',
  'secret/./app',
  '..',
  '.',
  'secret//app',
  'secret/app/',
  'secret/%2e%2e/sys',
  'secret/%2E%2E',
  'secret/app?version=1',
  'secret/app#frag',
  'secret\\..\\sys',
  'secret/a b',
  'secret/app\n',
  'secret/app\u0000',
  'secret/\u007f',
  'secret/app\t',
  'secret/app\u0085',
  'secret/app\u009b',
  'secret/app\u2028',
  'secret/\ufeffapp',
  'sys/leases/revoke-prefix/..',
  'secret',
  `secret/${'a'.repeat(10 * 1024 * 1024)}`,
];

const CONFIG = expect.objectContaining({ code: 'CONFIG', provider: 'hashicorp-vault' });

describe('requests, called directly (no client)', () => {
  it.each(
    BAD_NAMES.map((name) => [name.length > 40 ? `${name.slice(0, 20)}… (${name.length} chars)` : name, name]),
  )('name %j is CONFIG before any request', async (_, name) => {
    const provider = testProvider(fake);
    await expect(provider.getSecret({ name }, context())).rejects.toEqual(CONFIG);
    await expect(provider.getVersion({ name }, context())).rejects.toEqual(CONFIG);
    expect(fake.calls.count()).toBe(0);
  });

  it.each([
    ['a NUL in the version', { name: 'secret/app', version: '1\u0000' }],
    ['a line feed in the version', { name: 'secret/app', version: '1\n' }],
    ['a version that is not a number', { name: 'secret/app', version: 'abc' }],
    ['a 10 MB version', { name: 'secret/app', version: '1'.repeat(10 * 1024 * 1024) }],
    ['a NUL in the stage', { name: 'secret/app', stage: 'x\u0000' }],
    ['any stage', { name: 'secret/app', stage: 'current' }],
    ['a name that is not a string', { name: 42 }],
    ['no request object', null],
  ])('%s is CONFIG before any request', async (_, request) => {
    const provider = testProvider(fake);
    await expect(provider.getSecret(request as never, context())).rejects.toEqual(CONFIG);
    await expect(provider.getVersion(request as never, context())).rejects.toEqual(CONFIG);
    expect(fake.calls.count()).toBe(0);
  });
});

describe('address', () => {
  it.each([
    'http://vault.example.com:8200',
    'http://10.0.0.1:8200',
    'http://[::2]:8200',
    'ftp://127.0.0.1',
    'http://127.0.0.1:8200?x=',
    'http://127.0.0.1:8200/?x=1',
    'http://127.0.0.1:8200?',
    'http://127.0.0.1:8200#frag',
    'http://127.0.0.1:8200/#',
    'http://user:pw@127.0.0.1:8200',
    'http://token@127.0.0.1:8200',
    'http://127.0.0.1:8200/v1',
    'http://127.0.0.1:8200/vault/',
    'http://127.0.0.1:8200//',
    'http://127.0.0.1:82\n00',
    ' http://127.0.0.1:8200',
    'not a url',
  ])('refuses %j at construction', (address) => {
    expect(() => hashicorpVault({ address, token: 't' })).toThrow(CONFIG);
  });

  it.each([
    'http://127.0.0.1:8200',
    'http://127.0.0.1:8200/',
    'http://127.9.8.7',
    'http://localhost:8200',
    'http://[::1]:8200',
    'https://vault.example.com',
  ])('accepts %s', (address) => {
    expect(hashicorpVault({ address, token: 't' }).name).toBe('hashicorp-vault');
  });

  it('an address with a trailing slash sends to the origin', async () => {
    fake.put('secret/app', { a: 1 });
    const provider = testProvider(fake, { address: 'http://127.0.0.1:8200/' });
    await expect(provider.getSecret({ name: 'secret/app' }, context())).resolves.toMatchObject({
      value: '{"a":1}',
    });
  });

  it('accepts plain http elsewhere with allowInsecureHttp', () => {
    expect(hashicorpVault({ address: 'http://vault.internal:8200', allowInsecureHttp: true }).name).toBe(
      'hashicorp-vault',
    );
  });

  it('loopback means 127.0.0.0/8, localhost and ::1 only', () => {
    expect(isLoopback('127.0.0.1')).toBe(true);
    expect(isLoopback('127.255.255.255')).toBe(true);
    expect(isLoopback('127.0.0.1.example.com')).toBe(false);
    expect(isLoopback('128.0.0.1')).toBe(false);
    expect(isLoopback('localhost.example.com')).toBe(false);
  });
});

describe('options', () => {
  const EXPECTED = 'expected one of: address, token, auth, namespace, kv, allowInsecureHttp, client';

  it('an unknown option is CONFIG naming it and the known ones', () => {
    expect(() => hashicorpVault({ adress: 'x' } as never)).toThrow(
      expect.objectContaining({
        code: 'CONFIG',
        message: `hashicorpVault: unknown option "adress"; ${EXPECTED}`,
      }),
    );
  });

  it('Symbol keys and inherited keys are CONFIG', () => {
    expect(() => hashicorpVault({ [Symbol('address')]: 'x' } as never)).toThrow(CONFIG);
    expect(() => hashicorpVault(Object.create({ adress: 'x' }) as never)).toThrow(CONFIG);
  });

  it.each([
    ['a kv version that is not 1 or 2', { kv: { secret: 3 } }],
    ['a kv mount with a slash', { kv: { 'a/b': 2 } }],
    ['auth without its secret', { auth: { method: 'approle', roleId: 'r' } }],
    ['an unknown auth method', { auth: { method: 'ldap' } }],
    ['an unknown auth key', { auth: { method: 'jwt', role: 'r', jwt: 'j', roel: 'x' } }],
    ['an empty token', { token: '' }],
    ['allowInsecureHttp that is not a boolean', { allowInsecureHttp: 'yes' }],
  ])('%s is CONFIG', (_, options) => {
    expect(() => hashicorpVault({ address: 'http://127.0.0.1:8200', ...options } as never)).toThrow(CONFIG);
  });

  it.each([
    ['a string', 'http://127.0.0.1:8200'],
    ['null', null],
    ['an array', []],
  ])('options that are %s are CONFIG', (_, options) => {
    expect(() => hashicorpVault(options as never)).toThrow(CONFIG);
  });

  it('address and token default to VAULT_ADDR and VAULT_TOKEN, read at construction', async () => {
    const saved = { addr: process.env.VAULT_ADDR, token: process.env.VAULT_TOKEN };
    process.env.VAULT_ADDR = 'http://127.0.0.1:8200';
    process.env.VAULT_TOKEN = fake.rootToken;
    const provider = hashicorpVault();
    process.env.VAULT_TOKEN = 'changed-later';
    try {
      fake.put('secret/env', { ok: true });
      expect((await provider.getSecret({ name: 'secret/env' }, context())).value).toBe('{"ok":true}');
      process.env.VAULT_ADDR = 'http://vault.example.com';
      expect(() => hashicorpVault()).toThrow(CONFIG);
      process.env.VAULT_ADDR = 'http://127.0.0.1:8200?x=';
      expect(() => hashicorpVault()).toThrow(CONFIG);
    } finally {
      process.env.VAULT_ADDR = saved.addr;
      process.env.VAULT_TOKEN = saved.token;
    }
  });

  it('client() is the escape hatch: the node-vault client built once, or the one given', async () => {
    const provider = testProvider(fake);
    const built = await provider.client();
    expect(typeof built.request).toBe('function');
    expect(await provider.client()).toBe(built);
    const own = testProvider(fake, { client: built });
    expect(await own.client()).toBe(built);
  });
});
