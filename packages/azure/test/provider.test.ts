// The adapter through the real SDK against the fake: reads, attributes, versions, writes, soft
// delete, listing, name rules and abort, with exact request counts.
import { describe, expect, it, vi } from 'vitest';
import { azureKeyVault } from '../src/index.js';
import { createKeyVaultFake, fakeCredential } from '../src/testing/index.js';
import { context, testClient, testProvider, useFake, VAULT_URL } from './fixtures.js';

const fake = useFake();

describe('reads', () => {
  it('reads value, version, createdAt, expiresAt, content type and tags; one challenge, one token', async () => {
    const expiresOn = new Date(Date.now() + 86_400_000);
    const version = fake.put('db-pass', 's3cr3t', {
      contentType: 'text/plain',
      tags: { team: 'payments' },
      expiresOn,
    });
    const credential = fakeCredential();
    const provider = testProvider({ credential });
    const record = await provider.getSecret({ name: 'db-pass' }, context());
    expect(record).toMatchObject({
      name: 'db-pass',
      value: 's3cr3t',
      version,
      metadata: {
        contentType: 'text/plain',
        'tag:team': 'payments',
        id: `${VAULT_URL}/secrets/db-pass/${version}`,
      },
    });
    expect(version).toMatch(/^[0-9a-f]{32}$/);
    expect(record.createdAt).toBeInstanceOf(Date);
    expect(record.expiresAt?.getTime()).toBe(Math.floor(expiresOn.getTime() / 1000) * 1000);
    await provider.getSecret({ name: 'db-pass' }, context());
    expect(fake.calls.challenges).toBe(1);
    expect(credential.calls).toBe(1);
    expect(credential.requests[0]).toEqual({
      scopes: ['https://vault.azure.net/.default'],
      tenantId: '00000000-0000-0000-0000-000000000000',
    });
    expect(fake.calls.log.map((call) => [call.operation, call.path])).toEqual([
      ['getSecret', '/secrets/db-pass/'],
      ['getSecret', '/secrets/db-pass/'],
    ]);
  });

  it('reads a pinned version; getVersion agrees with getSecret', async () => {
    const first = fake.put('app', 'one');
    const second = fake.put('app', 'two');
    const provider = testProvider();
    expect(await provider.getSecret({ name: 'app', version: first }, context())).toMatchObject({
      value: 'one',
      version: first,
    });
    expect(await provider.getVersion({ name: 'app' }, context())).toBe(second);
    await expect(
      provider.getSecret({ name: 'app', version: '0'.repeat(32) }, context()),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('a disabled secret (403 SecretDisabled) and enabled:false are DISABLED', async () => {
    fake.put('off', 'v');
    fake.setEnabled('off', false);
    await expect(testProvider().getSecret({ name: 'off' }, context())).rejects.toMatchObject({
      code: 'DISABLED',
      statusCode: 403,
    });
  });

  it('notBefore in the future and expiresOn in the past are DISABLED, never served', async () => {
    fake.put('later', 'v', { notBefore: new Date(Date.now() + 3_600_000) });
    fake.put('gone', 'v', { expiresOn: new Date(Date.now() - 3_600_000) });
    const provider = testProvider();
    await expect(provider.getSecret({ name: 'later' }, context())).rejects.toMatchObject({
      code: 'DISABLED',
    });
    await expect(provider.getSecret({ name: 'gone' }, context())).rejects.toMatchObject({ code: 'DISABLED' });
    await expect(provider.getVersion({ name: 'later' }, context())).rejects.toMatchObject({
      code: 'DISABLED',
    });
  });

  it('a cache hit makes no request', async () => {
    fake.put('cfg', JSON.stringify({ host: 'db', password: 'pw' }));
    const client = testClient();
    expect(await client.get('cfg', { field: 'host' })).toBe('db');
    expect(await client.get('cfg', { field: 'password' })).toBe('pw');
    expect(fake.calls.count()).toBe(1);
    await client.close();
  });

  it('a 429 is retried by core only: core retries 2 → exactly 3 requests', async () => {
    fake.put('busy', 'v');
    fake.failNext(429, 'Throttled', { times: 3, retryAfterSeconds: 0 });
    const client = testClient({ retry: { retries: 2, minDelay: '1ms', maxDelay: '5ms' } });
    await expect(client.get('busy')).rejects.toMatchObject({ code: 'THROTTLED' });
    expect(fake.calls.count('getSecret')).toBe(3);
    await client.close();
  });

  it('a 429 without Retry-After still gets core backoff, then succeeds', async () => {
    fake.put('busy', 'v');
    fake.failNext(429, 'Throttled');
    const client = testClient({ retry: { retries: 2, minDelay: '1ms', maxDelay: '5ms' } });
    expect(await client.get('busy')).toBe('v');
    expect(fake.calls.log.map((call) => call.status)).toEqual([429, 200]);
    await client.close();
  });
});

describe('name and version rules', () => {
  it.each([['..'], ['a/b'], ['x'.repeat(128)], [''], ['has space'], ['under_score'], ['%2e%2e']])(
    'name %j is CONFIG with the rule, before any request',
    async (name) => {
      const provider = testProvider();
      await expect(provider.getSecret({ name }, context())).rejects.toMatchObject({ code: 'CONFIG' });
      await expect(provider.getSecret({ name }, context())).rejects.toThrow(
        '1-127 characters of 0-9, a-z, A-Z and "-"',
      );
      await expect(provider.setSecret(name, 'v', context())).rejects.toMatchObject({ code: 'CONFIG' });
      await expect(provider.deleteSecret(name, context())).rejects.toMatchObject({ code: 'CONFIG' });
      expect(fake.calls.count()).toBe(0);
      expect(fake.calls.challenges).toBe(0);
    },
  );

  it('127 characters is fine; a bad version or a stage is CONFIG', async () => {
    fake.put('y'.repeat(127), 'v');
    const provider = testProvider();
    expect((await provider.getSecret({ name: 'y'.repeat(127) }, context())).value).toBe('v');
    await expect(provider.getSecret({ name: 'ok', version: '../x' }, context())).rejects.toMatchObject({
      code: 'CONFIG',
    });
    await expect(provider.getSecret({ name: 'ok', stage: 'AWSCURRENT' }, context())).rejects.toMatchObject({
      code: 'CONFIG',
    });
    expect(fake.calls.count()).toBe(1);
  });
});

describe('writes and listing', () => {
  it('setSecret creates versions; bytes are UNSUPPORTED', async () => {
    const provider = testProvider();
    const { version } = await provider.setSecret('written', 'v1', context());
    expect(version).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.versionsOf('written')).toEqual([version]);
    await expect(provider.setSecret('written', new Uint8Array([1]), context())).rejects.toMatchObject({
      code: 'UNSUPPORTED',
    });
    expect(fake.calls.count('setSecret')).toBe(1);
  });

  it('deleteSecret soft-deletes (DELETE then one GET /deletedsecrets); a write then is CONFLICT with advice', async () => {
    fake.put('doomed', 'v');
    const provider = testProvider();
    await provider.deleteSecret('doomed', context());
    expect(fake.isDeleted('doomed')).toBe(true);
    expect(fake.calls.log.map((call) => call.operation)).toEqual(['deleteSecret', 'getDeletedSecret']);
    await expect(provider.getSecret({ name: 'doomed' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const conflict = provider.setSecret('doomed', 'again', context());
    await expect(conflict).rejects.toMatchObject({ code: 'CONFLICT', statusCode: 409 });
    await expect(provider.setSecret('doomed', 'again', context())).rejects.toThrow(
      /recover it .* or purge it/,
    );
    fake.recover('doomed');
    expect((await provider.getSecret({ name: 'doomed' }, context())).value).toBe('v');
  });

  it('purgeOnDelete purges after the soft delete', async () => {
    fake.put('purged', 'v');
    await testProvider({ purgeOnDelete: true }).deleteSecret('purged', context());
    expect(fake.calls.log.map((call) => call.operation)).toEqual([
      'deleteSecret',
      'getDeletedSecret',
      'purgeDeletedSecret',
    ]);
    expect(() => fake.versionsOf('purged')).toThrow();
  });

  it('listSecrets follows nextLink across pages', async () => {
    const paged = createKeyVaultFake({ vaultUrl: 'https://paged.vault.azure.net', listPageSize: 10 });
    fake.close(); // one msw server at a time
    paged.listen();
    try {
      const names = Array.from({ length: 23 }, (_, i) => `listed-${String(i).padStart(2, '0')}`);
      for (const name of names) paged.put(name, 'v');
      paged.put('deleted-one', 'v');
      paged.softDelete('deleted-one');
      const provider = azureKeyVault({
        vaultUrl: 'https://paged.vault.azure.net',
        credential: fakeCredential(),
      });
      const seen: string[] = [];
      for await (const entry of provider.listSecrets(context())) seen.push(entry.name);
      expect(seen).toEqual(names);
      expect(paged.calls.count('listSecrets')).toBe(3);
      expect(paged.unhandledRequests).toEqual([]);
    } finally {
      paged.close();
      fake.listen();
    }
  });
});

describe('abort, clients and options', () => {
  it('an aborted signal rejects with ABORTED, before and during the call', async () => {
    fake.put('s', 'v');
    const provider = testProvider();
    const before = new AbortController();
    before.abort();
    await expect(provider.getSecret({ name: 's' }, context(before.signal))).rejects.toMatchObject({
      code: 'ABORTED',
    });
    expect(fake.calls.challenges).toBe(0);
    const during = new AbortController();
    const pending = provider.getSecret({ name: 's' }, context(during.signal));
    during.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('the SDK does not retry a 503 on clients we build', async () => {
    fake.failNext(503, 'ServiceUnavailable', { times: 5, retryAfterSeconds: 0 });
    await expect(testProvider().getSecret({ name: 'x' }, context())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(fake.calls.count()).toBe(1);
  });

  it('uses a SecretClient it is given as is (its own retry policy)', async () => {
    fake.put('given', 'v');
    // Imported after msw started: a client module loaded earlier may bind the un-patched https.
    const { SecretClient } = await import('@azure/keyvault-secrets');
    const client = new SecretClient(VAULT_URL, fakeCredential(), { retryOptions: { maxRetries: 0 } });
    const spy = vi.spyOn(client, 'getSecret');
    expect(
      (await azureKeyVault({ vaultUrl: VAULT_URL, client }).getSecret({ name: 'given' }, context())).value,
    ).toBe('v');
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it.each([
    [undefined, 'vaultUrl'],
    [{ vaultUrl: 'http://myvault.vault.azure.net' }, 'https'],
    [{ vaultUrl: VAULT_URL, vaultURL: VAULT_URL }, 'unknown option "vaultURL"'],
    [{ vaultUrl: VAULT_URL, credential: {} }, 'TokenCredential'],
    [{ vaultUrl: VAULT_URL, client: {} }, 'SecretClient'],
    [{ vaultUrl: VAULT_URL, purgeOnDelete: 'yes' }, 'purgeOnDelete'],
  ])('rejects bad options %j with CONFIG', (options, message) => {
    expect(() => azureKeyVault(options as never)).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    expect(() => azureKeyVault(options as never)).toThrow(message);
  });
});
