// The adapter through the real Google client against the fake, the same cases over gRPC and REST:
// reads, versions, aliases, bytes, checksums, disabled versions, probes, writes, listing and the
// client() escape hatch, with exact request counts. (Aborts are the conformance suite's.)
import { inspect } from 'node:util';
import { SecretManagerServiceClient } from '@google-cloud/secret-manager';
import { createSecretsClient } from '@secretkit/core';
import { GoogleAuth } from 'google-auth-library';
import { describe, expect, it, vi } from 'vitest';
import { gcpSecretManager } from '../src/index.js';
import { fakeAuthClient } from '../src/testing/index.js';
import { context, PROJECT, TRANSPORTS, useFake } from './harness.js';

/**
 * Waits for socket I/O under fake timers: real gRPC/HTTP answers arrive on the event loop, and the
 * client's own timers (faked) must keep moving meanwhile.
 */
async function settle(check: () => void): Promise<void> {
  await vi.waitFor(
    async () => {
      await vi.advanceTimersByTimeAsync(1);
      check();
    },
    { interval: 5, timeout: 3000 },
  );
}

const NOT_UTF8 = new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]);
const FIVE_NAMES = ['a', 'b', 'c', 'd', 'e'];

/** Stores five secrets and lists them through a fresh provider: every name comes back, in order. */
async function expectFiveListed({ fake, provider }: Pick<ReturnType<typeof useFake>, 'fake' | 'provider'>) {
  for (const name of FIVE_NAMES) fake.put(name, 'v');
  const p = provider();
  const names: string[] = [];
  for await (const entry of p.listSecrets(context())) names.push(entry.name);
  expect(names).toEqual(FIVE_NAMES);
  await p.close();
}

describe.each(TRANSPORTS)('over %s', (transport) => {
  const { fake, provider, client, grpcOptions } = useFake(transport);

  describe('reads', () => {
    it('reads latest by id and by full name; version is the number in the response name', async () => {
      fake.put('db', 'one');
      const second = fake.put('db', 'two');
      const p = provider();
      expect(await p.getSecret({ name: 'db' }, context())).toEqual({
        name: 'db',
        value: 'two',
        version: second,
        metadata: { versionName: `projects/${fake.projectNumber}/secrets/db/versions/2` },
      });
      const full = `projects/${PROJECT}/secrets/db`;
      expect(await p.getSecret({ name: full }, context())).toMatchObject({
        name: full,
        value: 'two',
        version: '2',
      });
      expect(fake.calls.log.map((call) => [call.operation, call.resource])).toEqual([
        ['AccessSecretVersion', `projects/${PROJECT}/secrets/db/versions/latest`],
        ['AccessSecretVersion', `projects/${PROJECT}/secrets/db/versions/latest`],
      ]);
      expect(fake.calls.count(undefined, transport)).toBe(2);
      await p.close();
    });

    it('reads pinned numbers and aliases; an unknown version or alias is NOT_FOUND', async () => {
      fake.put('app', 'one');
      fake.put('app', 'two');
      fake.setAlias('app', 'stable', '1');
      const p = provider();
      for (const version of ['1', 'stable']) {
        // the pinned number, then the alias naming it
        expect(await p.getSecret({ name: 'app', version }, context())).toMatchObject({
          value: 'one',
          version: '1',
        });
      }
      expect(await p.getVersion({ name: 'app', version: 'stable' }, context())).toBe('1');
      for (const version of ['7', 'canary']) {
        await expect(p.getSecret({ name: 'app', version }, context())).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
        await expect(p.getVersion({ name: 'app', version }, context())).rejects.toMatchObject({
          code: 'NOT_FOUND',
        });
      }
      expect(fake.calls.count('AccessSecretVersion')).toBe(4);
      expect(fake.calls.count('GetSecretVersion')).toBe(3);
      await p.close();
    });

    it('returns bytes exactly: non-UTF-8 as a Uint8Array, UTF-8 (with a BOM) as the same text', async () => {
      fake.put('bin', NOT_UTF8);
      fake.put('bom', '\uFEFFhé');
      const p = provider();
      const record = await p.getSecret({ name: 'bin' }, context());
      expect(record.value).toBeInstanceOf(Uint8Array);
      expect([...(record.value as Uint8Array)]).toEqual([...NOT_UTF8]);
      expect((await p.getSecret({ name: 'bom' }, context())).value).toBe('\uFEFFhé');
      const secrets = client();
      expect([...(await secrets.getBinary('bin'))]).toEqual([...NOT_UTF8]);
      await secrets.close();
      await p.close();
    });

    it('a cache hit makes no request', async () => {
      fake.put('cfg', JSON.stringify({ user: 'app', password: 'pw' }));
      const secrets = client({ cache: { ttl: '1h' } });
      expect(await secrets.get('cfg', { field: 'user' })).toBe('app');
      expect(await secrets.get('cfg', { field: 'password' })).toBe('pw');
      expect(await secrets.getJson('cfg')).toEqual({ user: 'app', password: 'pw' });
      expect(fake.calls.count()).toBe(1);
      await secrets.close();
    });

    it('the client is not retried inside the SDK: one request per failed call ({ retry: null })', async () => {
      fake.put('flaky', 'v');
      fake.failNext('UNAVAILABLE', { times: 3 });
      const p = provider();
      await expect(p.getSecret({ name: 'flaky' }, context())).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        retryable: true,
      });
      expect(fake.calls.count('AccessSecretVersion')).toBe(1);
      await p.close();
    });

    it('a user-supplied client is used as is, also without SDK retries, and left open by close()', async () => {
      fake.put('own', 'mine');
      const own = new SecretManagerServiceClient({
        projectId: PROJECT,
        authClient: fakeAuthClient(),
        ...(transport === 'rest' ? { fallback: true } : grpcOptions()),
      });
      const p = gcpSecretManager({ projectId: PROJECT, client: own });
      expect(await p.client()).toBe(own);
      fake.failNext('UNAVAILABLE'); // a retry inside the SDK would succeed
      await expect(p.getSecret({ name: 'own' }, context())).rejects.toMatchObject({ code: 'UNAVAILABLE' });
      expect(fake.calls.count('AccessSecretVersion')).toBe(1);
      await p.close();
      expect(await p.getSecret({ name: 'own' }, context())).toMatchObject({ value: 'mine' });
      await own.close();
    });

    it('client() is the SDK client it calls: built once on first use, again after close()', async () => {
      fake.put('db', 'v');
      const p = provider();
      const built = await p.client();
      expect(built).toBeInstanceOf(SecretManagerServiceClient);
      expect(await p.client()).toBe(built);
      expect(fake.calls.count()).toBe(0); // building it sends nothing
      const [answer] = await built.accessSecretVersion({ name: `projects/${PROJECT}/secrets/db/versions/1` });
      expect(answer.name).toBe(`projects/${fake.projectNumber}/secrets/db/versions/1`);
      await p.close();
      expect(await p.client()).not.toBe(built);
      await p.close();
    });

    it('takes the project from Application Default Credentials when projectId is omitted', async () => {
      vi.stubEnv('GOOGLE_CLOUD_PROJECT', PROJECT);
      try {
        fake.put('adc', 'v');
        const p = provider({
          projectId: undefined,
          // GoogleAuth reads GOOGLE_CLOUD_PROJECT; gax's types name a narrower auth type.
          authClient: new GoogleAuth({ authClient: fakeAuthClient() }) as never,
        });
        expect(await p.getSecret({ name: 'adc' }, context())).toMatchObject({ value: 'v' });
        expect(fake.calls.log.map((call) => call.resource)).toEqual([
          `projects/${PROJECT}/secrets/adc/versions/latest`,
        ]);
        await p.close();
        if (transport === 'grpc') return; // the gRPC client wraps an OAuth2Client in a GoogleAuth
        // REST: an auth client that cannot name a project is CONFIG, before any request.
        const unnamed = provider({ projectId: undefined });
        await expect(unnamed.getSecret({ name: 'adc' }, context())).rejects.toMatchObject({ code: 'CONFIG' });
        expect(fake.calls.count()).toBe(1);
        await unnamed.close();
      } finally {
        vi.unstubAllEnvs();
      }
    });
  });

  describe('checksums', () => {
    it('a corrupted checksum is INTEGRITY, not retryable, and the value never reaches the caller', async () => {
      fake.put('signed', 'the-secret-value');
      fake.corruptNextChecksum();
      const p = provider();
      const error = await p.getSecret({ name: 'signed' }, context()).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'INTEGRITY', retryable: false, secretName: 'signed' });
      expect(inspect(error, { depth: 10, showHidden: true })).not.toContain('the-secret-value');
      // Through the client with retries on: INTEGRITY is not retried, nothing is cached or served.
      fake.corruptNextChecksum();
      const secrets = client({ retry: { retries: 3 } });
      const events: string[] = [];
      secrets.on('error', ({ error: e }) => events.push(e.code));
      await expect(secrets.get('signed')).rejects.toMatchObject({ code: 'INTEGRITY' });
      expect(fake.calls.count('AccessSecretVersion')).toBe(2);
      expect(await secrets.get('signed')).toBe('the-secret-value'); // the next, intact answer
      expect(fake.calls.count('AccessSecretVersion')).toBe(3);
      await secrets.close();
      await p.close();
    });

    it('a missing checksum is accepted, as gcloud does', async () => {
      fake.put('unsigned', 'v');
      fake.dropNextChecksum();
      const p = provider();
      expect(await p.getSecret({ name: 'unsigned' }, context())).toMatchObject({ value: 'v', version: '1' });
      await p.close();
    });
  });

  describe('disabled and destroyed versions', () => {
    it('a disabled latest is DISABLED for getSecret and getVersion, never an older version', async () => {
      fake.put('rolled', 'good');
      fake.put('rolled', 'bad');
      fake.setState('rolled', '2', 'DISABLED');
      const p = provider();
      await expect(p.getSecret({ name: 'rolled' }, context())).rejects.toMatchObject({ code: 'DISABLED' });
      await expect(p.getVersion({ name: 'rolled' }, context())).rejects.toMatchObject({ code: 'DISABLED' });
      fake.setState('rolled', '1', 'DESTROYED');
      await expect(p.getSecret({ name: 'rolled', version: '1' }, context())).rejects.toMatchObject({
        code: 'DISABLED',
      });
      await expect(p.getVersion({ name: 'rolled', version: '1' }, context())).rejects.toMatchObject({
        code: 'DISABLED',
      });
      expect(fake.calls.count('ListSecretVersions')).toBe(0);
      await p.close();
    });

    it('resolveLatestToEnabled reads the newest ENABLED version instead (one ListSecretVersions)', async () => {
      fake.put('rolled', 'one');
      fake.put('rolled', 'good');
      fake.put('rolled', 'bad');
      fake.setState('rolled', '3', 'DISABLED');
      const p = provider({ resolveLatestToEnabled: true });
      expect(await p.getSecret({ name: 'rolled' }, context())).toMatchObject({ value: 'good', version: '2' });
      expect(fake.calls.log.map((call) => `${call.operation}:${call.status}`)).toEqual([
        'AccessSecretVersion:FAILED_PRECONDITION',
        'ListSecretVersions:OK',
        'AccessSecretVersion:OK',
      ]);
      expect(await p.getVersion({ name: 'rolled' }, context())).toBe('2');
      // A pinned disabled version stays DISABLED; no ENABLED version at all is DISABLED.
      await expect(p.getSecret({ name: 'rolled', version: '3' }, context())).rejects.toMatchObject({
        code: 'DISABLED',
      });
      fake.setState('rolled', '2', 'DISABLED');
      fake.setState('rolled', '1', 'DESTROYED');
      await expect(p.getSecret({ name: 'rolled' }, context())).rejects.toMatchObject({ code: 'DISABLED' });
      await p.close();
    });
  });

  describe('version probe', () => {
    it('getVersion is one GetSecretVersion and no payload read', async () => {
      fake.put('probe', 'one');
      fake.put('probe', 'two');
      const p = provider();
      expect(await p.getVersion({ name: 'probe' }, context())).toBe('2');
      expect(fake.calls.log.map((call) => call.operation)).toEqual(['GetSecretVersion']);
      await expect(p.getVersion({ name: 'missing' }, context())).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await p.close();
    });

    it('a watch poll is one GetSecretVersion; a new version is then read once', async () => {
      fake.put('rotating', 'one');
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
      // Counts probes the client has seen answered (gRPC answers arrive on the real event loop).
      const p = provider();
      let probesSettled = 0;
      const probe = p.getVersion.bind(p);
      p.getVersion = (request, ctx) => probe(request, ctx).finally(() => probesSettled++);
      const secrets = createSecretsClient({ provider: p, retry: false, cache: { ttl: '1h' } });
      try {
        expect(await secrets.get('rotating')).toBe('one');
        const rotations: Array<string | undefined> = [];
        secrets.watch('rotating', ({ version }) => rotations.push(version), { interval: '10s' });
        let mark = fake.calls.count();
        await vi.advanceTimersByTimeAsync(11_000); // one poll (interval ±10%)
        await settle(() => expect(probesSettled).toBe(1));
        expect(fake.calls.log.slice(mark).map((call) => call.operation)).toEqual(['GetSecretVersion']);
        fake.put('rotating', 'two');
        mark = fake.calls.count();
        await vi.advanceTimersByTimeAsync(11_000);
        await settle(() => expect(rotations).toEqual(['2']));
        expect(fake.calls.log.slice(mark).map((call) => call.operation)).toEqual([
          'GetSecretVersion',
          'AccessSecretVersion',
        ]);
        expect(await secrets.get('rotating')).toBe('two'); // a cache hit: no request
        expect(fake.calls.count()).toBe(mark + 2);
      } finally {
        await secrets.close();
        vi.useRealTimers();
      }
    });

    it('a client refresh after a rotation reads the new version once; reads after it are cache hits', async () => {
      fake.put('rotating', 'one');
      const secrets = client({ cache: { ttl: '1h' } });
      const rotations: Array<{ previousVersion?: string; version?: string }> = [];
      secrets.on('rotate', ({ previousVersion, version }) => rotations.push({ previousVersion, version }));
      expect(await secrets.get('rotating')).toBe('one');
      fake.put('rotating', 'two');
      await secrets.refresh('rotating');
      expect(await secrets.get('rotating')).toBe('two');
      expect(await secrets.get('rotating')).toBe('two');
      expect(rotations).toEqual([{ previousVersion: '1', version: '2' }]);
      expect(fake.calls.count('AccessSecretVersion')).toBe(2);
      await secrets.close();
    });
  });

  describe('regional secrets', () => {
    it('a location uses locations/ paths (and the regional host over REST)', async () => {
      fake.put('regional', 'eu', { location: 'europe-west1' });
      fake.put('regional', 'global');
      const p = provider({ location: 'europe-west1' });
      expect(await p.getSecret({ name: 'regional' }, context())).toMatchObject({ value: 'eu', version: '1' });
      const full = `projects/${PROJECT}/locations/europe-west1/secrets/regional`;
      expect(await p.getSecret({ name: full }, context())).toMatchObject({ value: 'eu' });
      expect(await p.getVersion({ name: 'regional' }, context())).toBe('1');
      expect(fake.calls.log.map((call) => call.resource)).toEqual([
        `${full}/versions/latest`,
        `${full}/versions/latest`,
        `${full}/versions/latest`,
      ]);
      if (transport === 'rest') {
        expect(new Set(fake.calls.log.map((call) => call.host))).toEqual(
          new Set(['secretmanager.europe-west1.rep.googleapis.com']),
        );
      }
      expect(await p.setSecret('made-here', 'x', context())).toEqual({ version: '1' });
      const listed: string[] = [];
      for await (const entry of p.listSecrets(context())) listed.push(entry.name);
      expect(listed).toEqual(['made-here', 'regional']);
      await p.close();
    });

    it('a full name must match the location, else CONFIG before any request', async () => {
      const regional = provider({ location: 'europe-west1' });
      const global = provider();
      const cases: Array<[typeof regional, string]> = [
        [regional, `projects/${PROJECT}/secrets/db`],
        [regional, `projects/${PROJECT}/locations/us-east1/secrets/db`],
        [global, `projects/${PROJECT}/locations/europe-west1/secrets/db`],
      ];
      for (const [p, name] of cases) {
        await expect(p.getSecret({ name }, context())).rejects.toMatchObject({ code: 'CONFIG' });
        await expect(p.getVersion({ name }, context())).rejects.toMatchObject({ code: 'CONFIG' });
        await expect(p.setSecret(name, 'x', context())).rejects.toMatchObject({ code: 'CONFIG' });
      }
      expect(fake.calls.count()).toBe(0);
      await regional.close();
      await global.close();
    });
  });

  describe('writes and listing', () => {
    it('setSecret creates a missing secret (automatic replication), then adds versions', async () => {
      const p = provider();
      expect(await p.setSecret('new', 'first', context())).toEqual({ version: '1' });
      expect(fake.calls.log.map((call) => `${call.operation}:${call.status}`)).toEqual([
        'AddSecretVersion:NOT_FOUND',
        'CreateSecret:OK',
        'AddSecretVersion:OK',
      ]);
      expect(await p.setSecret('new', NOT_UTF8, context())).toEqual({ version: '2' });
      expect(fake.calls.count('AddSecretVersion')).toBe(3);
      expect(fake.calls.count('CreateSecret')).toBe(1);
      const record = await p.getSecret({ name: 'new' }, context());
      expect([...(record.value as Uint8Array)]).toEqual([...NOT_UTF8]);
      expect((await p.getSecret({ name: 'new', version: '1' }, context())).value).toBe('first');
      await p.close();
    });

    it('deleteSecret removes the secret; deleting a missing one is NOT_FOUND', async () => {
      fake.put('gone', 'v');
      const p = provider();
      await p.deleteSecret('gone', context());
      await expect(p.getSecret({ name: 'gone' }, context())).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(p.deleteSecret('gone', context())).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(fake.calls.count('DeleteSecret')).toBe(2);
      await p.close();
    });

    it('listSecrets pages through every secret', async () => {
      await expectFiveListed({ fake, provider });
      expect(fake.calls.count('ListSecrets')).toBe(1);
    });
  });
});

describe('listing in pages', () => {
  describe.each(TRANSPORTS)('over %s', (transport) => {
    const { fake, provider } = useFake(transport, { listPageSize: 2 });
    it('follows nextPageToken: five secrets in pages of two are three ListSecrets', async () => {
      await expectFiveListed({ fake, provider });
      expect(fake.calls.count('ListSecrets', transport)).toBe(3);
    });
  });
});
