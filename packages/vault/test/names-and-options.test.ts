// Names are validated before any request (traversal and injection), and the construction rules:
// plain http only on loopback, VAULT_ADDR/VAULT_TOKEN defaults, unknown options.
import { describe, expect, it } from 'vitest';
import { hashicorpVault } from '../src/index.js';
import { isLoopback } from '../src/options.js';
import { context, testProvider, useFake } from './fixtures.js';

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
  'sys/leases/revoke-prefix/..',
];

describe('names', () => {
  it.each(BAD_NAMES)('%j is CONFIG before any request', async (name) => {
    const provider = testProvider(fake);
    await expect(provider.getSecret({ name }, context())).rejects.toMatchObject({ code: 'CONFIG' });
    await expect(provider.getVersion({ name }, context())).rejects.toMatchObject({ code: 'CONFIG' });
    expect(fake.calls.count()).toBe(0);
  });

  it('a name that is not a string is CONFIG', async () => {
    const provider = testProvider(fake);
    await expect(provider.getSecret({ name: 42 as unknown as string }, context())).rejects.toMatchObject({
      code: 'CONFIG',
    });
    expect(fake.calls.count()).toBe(0);
  });
});

describe('options', () => {
  it.each(['http://vault.example.com:8200', 'http://10.0.0.1:8200', 'http://[::2]:8200', 'ftp://127.0.0.1'])(
    'refuses %s',
    (address) => {
      expect(() => hashicorpVault({ address, token: 't' })).toThrow(
        expect.objectContaining({ code: 'CONFIG' }),
      );
    },
  );

  it.each([
    'http://127.0.0.1:8200',
    'http://127.9.8.7',
    'http://localhost:8200',
    'http://[::1]:8200',
    'https://vault.example.com',
  ])('accepts %s', (address) => {
    expect(hashicorpVault({ address, token: 't' }).name).toBe('hashicorp-vault');
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

  it('unknown keys, bad kv versions and bad auth are CONFIG', () => {
    expect(() => hashicorpVault({ adress: 'x' } as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
    expect(() => hashicorpVault({ kv: { secret: 3 as 2 } })).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
    expect(() => hashicorpVault({ auth: { method: 'approle', roleId: 'r' } as never })).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
    expect(() => hashicorpVault({ auth: { method: 'ldap' } as never })).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
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
      expect(() => hashicorpVault()).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    } finally {
      process.env.VAULT_ADDR = saved.addr;
      process.env.VAULT_TOKEN = saved.token;
    }
  });
});
