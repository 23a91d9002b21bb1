// KV v1/v2 reads through node-vault against the fake: values, versions, detection once per mount,
// deleted/destroyed versions, namespaces, with exact request counts.
import { describe, expect, it } from 'vitest';
import { context, testClient, testProvider, useFake } from './harness.js';

const fake = useFake();

describe('KV v2', () => {
  it('reads the data map as JSON text with version and createdAt; detects the mount once', async () => {
    fake.put('secret/app/db', { username: 'app', password: 'pw-1' });
    const version = fake.put('secret/app/db', { username: 'app', password: 'pw-2' });
    fake.put('secret/app/other', { k: 'v' });
    const provider = testProvider(fake);
    const record = await provider.getSecret({ name: 'secret/app/db' }, context());
    expect(record).toMatchObject({
      name: 'secret/app/db',
      value: '{"username":"app","password":"pw-2"}',
      version: '2',
    });
    expect(version).toBe('2');
    expect(record.createdAt).toBeInstanceOf(Date);
    expect(record.lease).toBeUndefined();
    await provider.getSecret({ name: 'secret/app/other' }, context());
    expect(fake.calls.count('mounts')).toBe(1);
    expect(fake.calls.count('kv-read')).toBe(2);
    expect(fake.calls.log.map((c) => c.path)).toEqual([
      'auth/token/lookup-self',
      'sys/internal/ui/mounts/secret/app/db',
      'secret/data/app/db',
      'secret/data/app/other',
    ]);
    await provider.close();
  });

  it('getJson and field through the client: one read serves every field', async () => {
    fake.put('secret/app/db', { username: 'app', password: 'pw-1', port: 5432 });
    const client = testClient(testProvider(fake));
    expect(await client.getJson('secret/app/db')).toEqual({ username: 'app', password: 'pw-1', port: 5432 });
    expect(await client.get('secret/app/db', { field: 'password' })).toBe('pw-1');
    expect(await client.get('secret/app/db', { field: 'port' })).toBe('5432');
    expect(fake.calls.count('kv-read')).toBe(1);
    await client.close();
  });

  it('version option, getVersion from metadata current_version', async () => {
    fake.put('secret/v', { n: 1 });
    fake.put('secret/v', { n: 2 });
    const provider = testProvider(fake, { kv: { secret: 2 } });
    expect((await provider.getSecret({ name: 'secret/v', version: '1' }, context())).value).toBe('{"n":1}');
    expect(await provider.getVersion({ name: 'secret/v' }, context())).toBe('2');
    expect(await provider.getVersion({ name: 'secret/v', version: '1' }, context())).toBe('1');
    expect(fake.calls.count('kv-metadata')).toBe(2);
    expect(fake.calls.count('mounts')).toBe(0); // declared
    await expect(provider.getSecret({ name: 'secret/v', version: '9' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Vault: secret "secret/v" was not found (HTTP 404)',
    });
    await expect(provider.getVersion({ name: 'secret/v', version: '9' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Vault: secret "secret/v" was not found (no version 9)',
    });
    await expect(provider.getVersion({ name: 'secret/none' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Vault: secret "secret/none" was not found (HTTP 404)',
    });
  });

  it('a deleted version is NOT_FOUND, a destroyed one DISABLED (getSecret and getVersion)', async () => {
    fake.put('secret/d', { n: 1 });
    fake.put('secret/d', { n: 2 });
    fake.deleteVersion('secret/d', 2);
    fake.destroyVersion('secret/d', 1);
    const provider = testProvider(fake);
    await expect(provider.getSecret({ name: 'secret/d' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      statusCode: 404,
      message: 'Vault: secret "secret/d" was not found (version 2 was deleted)',
    });
    await expect(provider.getVersion({ name: 'secret/d' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(provider.getSecret({ name: 'secret/d', version: '1' }, context())).rejects.toMatchObject({
      code: 'DISABLED',
      message: 'Vault: secret "secret/d" version 1 was destroyed',
    });
    await expect(provider.getVersion({ name: 'secret/d', version: '1' }, context())).rejects.toMatchObject({
      code: 'DISABLED',
    });
  });

  it('a KV v2 mount declared as v1 is CONFIG naming the mismatch', async () => {
    fake.put('secret/app', { a: 1 });
    const provider = testProvider(fake, { kv: { secret: 1 } });
    const error = await provider.getSecret({ name: 'secret/app' }, context()).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONFIG', statusCode: 404 });
    expect((error as Error).message).toMatch(/KV v2 mount but was read as KV v1/);
  });

  it('a pinned version on a KV v1 path is CONFIG with no read', async () => {
    const provider = testProvider(fake, { kv: { legacy: 1, secret: 2 } });
    await expect(provider.getSecret({ name: 'legacy/a', version: '1' }, context())).rejects.toMatchObject({
      code: 'CONFIG',
      message: 'hashicorpVault: "legacy/a" is not on a KV v2 mount: it has no versions',
    });
    expect(fake.calls.count('kv-read')).toBe(0);
  });
});

describe('KV v1 and detection', () => {
  it('reads KV v1 as is; its lease_duration is a hint, not a lease; no version', async () => {
    fake.put('legacy/app', { token: 't' });
    const provider = testProvider(fake);
    const record = await provider.getSecret({ name: 'legacy/app' }, context());
    expect(record).toEqual({ name: 'legacy/app', value: '{"token":"t"}' });
    expect(await provider.getVersion({ name: 'legacy/app' }, context())).toBeUndefined();
    expect(fake.calls.count('mounts')).toBe(1);
    expect(fake.calls.count('kv-read')).toBe(2);
    await expect(provider.getSecret({ name: 'legacy/missing' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      statusCode: 404,
      secretName: 'legacy/missing',
      message: 'Vault: secret "legacy/missing" was not found (HTTP 404)',
    });
  });

  it('when detection is denied the path is read as is, and detection is not asked again', async () => {
    fake.put('legacy/a', { x: 1 });
    fake.put('legacy/b', { y: 2 });
    fake.denied.add('sys/internal/ui/mounts/');
    const provider = testProvider(fake);
    expect((await provider.getSecret({ name: 'legacy/a' }, context())).value).toBe('{"x":1}');
    expect((await provider.getSecret({ name: 'legacy/b' }, context())).value).toBe('{"y":2}');
    expect(fake.calls.count('mounts')).toBe(1);
    expect(fake.calls.count('kv-read')).toBe(2);
  });

  it('sends X-Vault-Namespace on every request', async () => {
    fake.put('secret/app', { a: 'ns' }, { namespace: 'team-a' });
    const provider = testProvider(fake, { namespace: 'team-a' });
    expect((await provider.getSecret({ name: 'secret/app' }, context())).value).toBe('{"a":"ns"}');
    expect(fake.calls.log.every((c) => c.namespace === 'team-a')).toBe(true);
    expect(fake.calls.count()).toBe(3);
  });
});
