// Bad names, versions, stages and options are CONFIG before any request: Secret Manager's own rules on
// top of the kit's (empty, over-long, control characters), for a provider called directly (no client).
import { describe, expect, it } from 'vitest';
import { gcpSecretManager } from '../src/index.js';
import { fakeAuthClient } from '../src/testing/index.js';
import { context, PROJECT, rejection, useFake } from './harness.js';

const { fake, provider } = useFake('rest');

const TEN_MB = 'a'.repeat(10 * 1024 * 1024);

describe('names, versions and stages', () => {
  it.each([
    [''],
    ['../db'],
    ['db/versions/1'],
    ['a%2e%2e'],
    ['has space'],
    ['x'.repeat(256)],
    [TEN_MB],
    ['db\u0000'],
    ['db\u0085'], // C1 control
    ['db\u2028'],
    ['\ufeffdb'],
    ['projects/p/secrets/'],
    ['projects//secrets/s'],
    ['projects/p/secrets/s/versions/1'],
    ['projects/p/locations/europe-west1/secrets/s'], // a regional name on a global provider
    ['projects/p%2F../secrets/s'],
  ])('name %# is CONFIG for every operation, with no request sent', async (name) => {
    const p = provider();
    for (const pending of [
      p.getSecret({ name }, context()),
      p.getVersion({ name }, context()),
      p.setSecret(name, 'v', context()),
      p.deleteSecret(name, context()),
    ]) {
      const error = await rejection(pending);
      expect(error).toMatchObject({ code: 'CONFIG', provider: 'gcp-secret-manager' });
      expect(error.message.length).toBeLessThan(300); // a 10 MB name is not quoted back
    }
    expect(fake.calls.count()).toBe(0);
    await p.close();
  });

  it('a 10 MB name is refused by its length', async () => {
    const error = await rejection(provider().getSecret({ name: TEN_MB }, context()));
    expect(error.message).toBe(
      `gcpSecretManager: a secret name is at most 473 characters; got ${TEN_MB.length}`,
    );
    expect(fake.calls.count()).toBe(0);
  });

  it.each([
    ['0'],
    ['-1'],
    ['1.5'],
    ['a/b'],
    ['x'.repeat(64)],
    [''],
    ['1\u0000'],
    ['latest\n'],
    [TEN_MB],
    [7],
  ])('version %# is CONFIG with no request sent', async (version) => {
    const p = provider();
    await expect(p.getSecret({ name: 'db', version } as never, context())).rejects.toMatchObject({
      code: 'CONFIG',
    });
    await expect(p.getVersion({ name: 'db', version } as never, context())).rejects.toMatchObject({
      code: 'CONFIG',
    });
    expect(fake.calls.count()).toBe(0);
  });

  it.each([['AWSCURRENT'], ['cur\u0000rent'], ['']])(
    'stage %j is CONFIG (Secret Manager has aliases, passed as version)',
    async (stage) => {
      const error = await rejection(provider().getSecret({ name: 'db', stage }, context()));
      expect(error).toMatchObject({ code: 'CONFIG' });
      expect(fake.calls.count()).toBe(0);
    },
  );

  it('a stage names the alternative', async () => {
    const error = await rejection(provider().getVersion({ name: 'db', stage: 'AWSCURRENT' }, context()));
    expect(error.message).toBe('gcpSecretManager: Secret Manager has no stages: pass an alias as `version`');
  });

  it('setSecret takes only strings and bytes', async () => {
    await expect(provider().setSecret('db', 42 as never, context())).rejects.toMatchObject({
      code: 'CONFIG',
    });
    expect(fake.calls.count()).toBe(0);
  });

  it('a request that is not an object is CONFIG', async () => {
    await expect(provider().getSecret(null as never, context())).rejects.toMatchObject({ code: 'CONFIG' });
    await expect(provider().getSecret('db' as never, context())).rejects.toMatchObject({ code: 'CONFIG' });
  });
});

describe('options', () => {
  it.each([
    [{ location: 'Europe West' }],
    [{ location: '../x' }],
    [{ transport: 'http2' }],
    [{ projectId: 'a/b' }],
    [{ projectId: 7 }],
    [{ resolveLatestToEnabled: 'yes' }],
    [{ client: 'nope' }],
    [{ clientOptions: 'nope' }],
    ['not an object'],
    [[]],
  ])('%j throws CONFIG at construction', (options) => {
    expect(() => gcpSecretManager(options as never)).toThrow(expect.objectContaining({ code: 'CONFIG' }));
  });

  it('an unknown option reads as in every factory', () => {
    expect(() => gcpSecretManager({ regoin: 'europe-west1' } as never)).toThrow(
      'gcpSecretManager: unknown option "regoin"; expected one of: projectId, location, authClient, transport, client, clientOptions, resolveLatestToEnabled',
    );
  });

  it('unknown options under a Symbol key or inherited from a prototype are refused', () => {
    expect(() => gcpSecretManager({ [Symbol('x')]: 1 } as never)).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
    const inherited = Object.create({ regoin: 'x' }) as object;
    expect(() => gcpSecretManager(inherited as never)).toThrow('unknown option "regoin"');
  });

  it('accepts a full name in another project', async () => {
    fake.put('db', 'v');
    const p = gcpSecretManager({ projectId: 'elsewhere', authClient: fakeAuthClient(), transport: 'rest' });
    expect(await p.getSecret({ name: `projects/${PROJECT}/secrets/db` }, context())).toMatchObject({
      value: 'v',
    });
    await p.close();
  });
});
