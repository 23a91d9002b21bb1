// The adapter through the real SDK against the fake: reads, attributes, versions, writes, soft
// delete, listing, name rules, clients and options, with exact request counts. (Abort is the
// conformance suite's.)
import { describe, expect, it, vi } from 'vitest';
import { azureKeyVault } from '../src/index.js';
import { fakeCredential } from '../src/testing/index.js';
import { context, guardedFake, testClient, testProvider, useFake, VAULT_URL } from './harness.js';

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
  it.each([['..'], ['a/b'], ['has space'], ['under_score'], ['%2e%2e'], ['é']])(
    'name %j is CONFIG with the Key Vault rule, before any request',
    async (name) => {
      const provider = testProvider();
      await expect(provider.getSecret({ name }, context())).rejects.toMatchObject({
        code: 'CONFIG',
        message: `azureKeyVault: Key Vault secret name ${JSON.stringify(name)} is invalid: a name is 1-127 characters of 0-9, a-z, A-Z and "-"`,
      });
      await expect(provider.setSecret(name, 'v', context())).rejects.toMatchObject({ code: 'CONFIG' });
      await expect(provider.deleteSecret(name, context())).rejects.toMatchObject({ code: 'CONFIG' });
      expect(fake.calls.count()).toBe(0);
      expect(fake.calls.challenges).toBe(0);
    },
  );

  it.each<[string, string, string]>([
    ['empty', '', 'a secret name must be a non-empty string'],
    ['128 characters', 'x'.repeat(128), 'a secret name is at most 127 characters; got 128'],
    [
      '10 MB',
      'x'.repeat(10 * 1024 * 1024),
      `a secret name is at most 127 characters; got ${10 * 1024 * 1024}`,
    ],
    ['a NUL', 'db\u0000', 'a secret name must not contain control characters'],
    ['a line separator', 'db\u2028x', 'a secret name must not contain control characters'],
  ])(
    'a name with %s is CONFIG with no request sent (a provider called directly)',
    async (_label, name, message) => {
      const provider = testProvider();
      for (const call of [
        () => provider.getSecret({ name }, context()),
        () => provider.getVersion({ name }, context()),
        () => provider.setSecret(name, 'v', context()),
        () => provider.deleteSecret(name, context()),
      ]) {
        await expect(call()).rejects.toMatchObject({ code: 'CONFIG', message: `azureKeyVault: ${message}` });
      }
      expect(fake.calls.count()).toBe(0);
      expect(fake.calls.challenges).toBe(0);
    },
  );

  it.each<[string, Record<string, string>]>([
    ['a NUL in the version', { version: 'abc\u0000' }],
    ['a LF in the version', { version: 'abc\ndef' }],
    ['a path in the version', { version: '../x' }],
    ['a 128-character version', { version: 'a'.repeat(128) }],
    ['a stage', { stage: 'AWSCURRENT' }],
    ['a NUL in the stage', { stage: 'x\u0000' }],
  ])('%s is CONFIG with no request sent', async (_label, pin) => {
    const provider = testProvider();
    await expect(provider.getSecret({ name: 'ok', ...pin }, context())).rejects.toMatchObject({
      code: 'CONFIG',
    });
    await expect(provider.getVersion({ name: 'ok', ...pin }, context())).rejects.toMatchObject({
      code: 'CONFIG',
    });
    expect(fake.calls.count()).toBe(0);
  });

  it('127 characters is fine', async () => {
    fake.put('y'.repeat(127), 'v');
    const provider = testProvider();
    expect((await provider.getSecret({ name: 'y'.repeat(127) }, context())).value).toBe('v');
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
    const paged = guardedFake({ vaultUrl: 'https://paged.vault.azure.net', listPageSize: 10 });
    paged.listen(); // beside the file's fake: each answers its own vault
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
      await paged.close();
    }
  });
});

describe('clients and options', () => {
  it('the SDK does not retry a 503 on clients we build', async () => {
    fake.failNext(503, 'ServiceUnavailable', { times: 5, retryAfterSeconds: 0 });
    await expect(testProvider().getSecret({ name: 'x' }, context())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    expect(fake.calls.count()).toBe(1);
  });

  it('uses a SecretClient it is given as is (its own retry policy), and client() returns it', async () => {
    fake.put('given', 'v');
    // Imported after msw started: a client module loaded earlier may bind the un-patched https.
    const { SecretClient } = await import('@azure/keyvault-secrets');
    const client = new SecretClient(VAULT_URL, fakeCredential(), { retryOptions: { maxRetries: 0 } });
    const spy = vi.spyOn(client, 'getSecret');
    const provider = azureKeyVault({ vaultUrl: VAULT_URL, client });
    expect((await provider.getSecret({ name: 'given' }, context())).value).toBe('v');
    expect(spy).toHaveBeenCalledTimes(1);
    expect(await provider.client()).toBe(client);
  });

  it('client() is the SecretClient it built on first use, the same one each time', async () => {
    fake.put('built', 'v');
    const { SecretClient } = await import('@azure/keyvault-secrets');
    const provider = testProvider();
    const client = await provider.client();
    expect(client).toBeInstanceOf(SecretClient);
    expect(client.vaultUrl).toBe(VAULT_URL);
    expect(await provider.client()).toBe(client);
    expect((await client.getSecret('built')).value).toBe('v'); // the escape hatch works as the SDK does
  });

  it.each([
    [undefined, 'vaultUrl'],
    [{ vaultUrl: 'http://myvault.vault.azure.net' }, 'https'],
    [
      { vaultUrl: VAULT_URL, vaultURL: VAULT_URL },
      'azureKeyVault: unknown option "vaultURL"; expected one of: vaultUrl, credential, client, purgeOnDelete, disableChallengeResourceVerification',
    ],
    [{ vaultUrl: VAULT_URL, [Symbol('x')]: 1 }, 'azureKeyVault: options has a symbol key'],
    [Object.assign(Object.create({ regoin: 'x' }), { vaultUrl: VAULT_URL }), 'unknown option "regoin"'],
    [{ vaultUrl: VAULT_URL, credential: {} }, 'TokenCredential'],
    [{ vaultUrl: VAULT_URL, client: {} }, 'SecretClient'],
    [{ vaultUrl: VAULT_URL, purgeOnDelete: 'yes' }, 'purgeOnDelete'],
  ])('rejects bad options %j with CONFIG', (options, message) => {
    expect(() => azureKeyVault(options as never)).toThrow(expect.objectContaining({ code: 'CONFIG' }));
    expect(() => azureKeyVault(options as never)).toThrow(message);
  });
});
