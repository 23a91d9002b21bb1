// `field` (rule 1, GetOptions): one top-level key of a JSON object value, applied after the cache.
// Not JSON → PARSE, JSON but not an object → WRONG_TYPE, no such key → NOT_FOUND (src/field.ts).
import { describe, expect, it } from 'vitest';
import { createSecretsClient } from '../src/index.js';
import { expectRejection } from './expect-error.js';
import { scriptedProvider } from './scripted-provider.js';

const VALUE = JSON.stringify({
  username: 'admin',
  password: 'hunter2',
  port: 5432,
  tls: { ca: 'x' },
  none: null,
});

describe('field', () => {
  it('serves two different fields of one secret from one provider call', async () => {
    const provider = scriptedProvider({ db: VALUE });
    const client = createSecretsClient({ provider });
    const [username, password] = await Promise.all([
      client.get('db', { field: 'username' }),
      client.get('db', { field: 'password' }),
    ]);
    expect([username, password]).toEqual(['admin', 'hunter2']);
    expect(await client.get('db', { field: 'username' })).toBe('admin');
    expect(await client.get('db')).toBe(VALUE);
    expect(provider.count()).toBe(1);
    expect(client.stats().entries).toBe(1);
  });

  it('gives non-string fields as JSON text, which getJson parses back', async () => {
    const client = createSecretsClient({ provider: scriptedProvider({ db: VALUE }) });
    expect(await client.get('db', { field: 'port' })).toBe('5432');
    expect(await client.getJson('db', { field: 'port' })).toBe(5432);
    expect(await client.getJson('db', { field: 'tls' })).toEqual({ ca: 'x' });
    expect(await client.get('db', { field: 'none' })).toBe('null');
  });

  it('keeps the secret’s metadata on a field', async () => {
    const provider = scriptedProvider();
    provider.set('db', VALUE, { version: 'v9', metadata: { team: 'a' } });
    const client = createSecretsClient({ provider });
    const secret = await client.getSecret('db', { field: 'username' });
    expect([secret.name, secret.version, secret.metadata, secret.text()]).toEqual([
      'db',
      'v9',
      { team: 'a' },
      'admin',
    ]);
  });

  it('is NOT_FOUND for a missing key (inherited names too), evicting nothing', async () => {
    const provider = scriptedProvider({ db: VALUE });
    const client = createSecretsClient({ provider });
    for (const field of ['missing', 'constructor', 'toString', '__proto__']) {
      const error = await expectRejection(client.get('db', { field }), 'NOT_FOUND');
      expect(error.message).not.toContain('hunter2');
    }
    expect(await client.get('db', { field: 'username' })).toBe('admin');
    expect(provider.count()).toBe(1);
  });

  it.each([['[1,2]'], ['"hunter2"'], ['42'], ['null'], ['true']])(
    'is WRONG_TYPE when the value %s is JSON but not an object',
    async (value) => {
      const client = createSecretsClient({ provider: scriptedProvider({ db: value }) });
      const error = await expectRejection(client.get('db', { field: '0' }), 'WRONG_TYPE');
      expect(error.message).not.toContain('hunter2');
    },
  );

  it('is PARSE when the value is not JSON, without the value in the error', async () => {
    const provider = scriptedProvider({ db: 'hunter2 is not json' });
    const client = createSecretsClient({ provider });
    const error = await expectRejection(client.get('db', { field: 'password' }), 'PARSE');
    expect(error.message).not.toContain('hunter2');
    expect(error.cause).toBeUndefined();
    expect(await client.get('db')).toBe('hunter2 is not json');
    expect(provider.count()).toBe(1);
  });

  it('is WRONG_TYPE when the value is bytes that are not UTF-8', async () => {
    const provider = scriptedProvider();
    provider.set('db', new Uint8Array([0xff, 0x00]));
    const client = createSecretsClient({ provider });
    await expectRejection(client.get('db', { field: 'x' }), 'WRONG_TYPE');
  });

  it('accepts a __proto__ key present in the JSON as an own field', async () => {
    const client = createSecretsClient({ provider: scriptedProvider({ db: '{"__proto__":"p"}' }) });
    expect(await client.get('db', { field: '__proto__' })).toBe('p');
  });
});

describe('getJson with field', () => {
  it('returns the field value itself: a string field is that string, an object field a copy', async () => {
    const provider = scriptedProvider({ db: JSON.stringify({ user: 'bob', port: 5432, tls: { ca: 'x' } }) });
    const client = createSecretsClient({ provider });
    expect(await client.getJson('db', { field: 'user' })).toBe('bob');
    expect(await client.getJson('db', { field: 'port' })).toBe(5432);
    const tls = await client.getJson<{ ca: string }>('db', { field: 'tls' });
    expect(tls).toEqual({ ca: 'x' });
    tls.ca = 'changed by the caller';
    expect(await client.getJson('db', { field: 'tls' })).toEqual({ ca: 'x' });
    expect(provider.count()).toBe(1);
  });
});
