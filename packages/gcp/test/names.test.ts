// Bad names, versions and options are CONFIG before any request.
import { describe, expect, it } from 'vitest';
import { gcpSecretManager } from '../src/index.js';
import { fakeAuthClient } from '../src/testing/index.js';
import { context, PROJECT, useFake } from './fixtures.js';

const { fake, provider } = useFake('rest');

describe('names and versions', () => {
  it.each([
    [''],
    ['../db'],
    ['db/versions/1'],
    ['a%2e%2e'],
    ['has space'],
    ['x'.repeat(256)],
    ['projects/p/secrets/'],
    ['projects//secrets/s'],
    ['projects/p/secrets/s/versions/1'],
    ['projects/p/locations/europe-west1/secrets/s'], // a regional name on a global provider
    ['projects/p%2F../secrets/s'],
  ])('getSecret(%j) is CONFIG before any request', async (name) => {
    const p = provider();
    await expect(p.getSecret({ name }, context())).rejects.toMatchObject({ code: 'CONFIG' });
    await expect(p.getVersion({ name }, context())).rejects.toMatchObject({ code: 'CONFIG' });
    await expect(p.setSecret(name, 'v', context())).rejects.toMatchObject({ code: 'CONFIG' });
    await expect(p.deleteSecret(name, context())).rejects.toMatchObject({ code: 'CONFIG' });
    expect(fake.calls.count()).toBe(0);
  });

  it.each([['0'], ['-1'], ['1.5'], ['a/b'], ['x'.repeat(64)], ['']])(
    'version %j is CONFIG',
    async (version) => {
      const p = provider();
      await expect(p.getSecret({ name: 'db', version }, context())).rejects.toMatchObject({ code: 'CONFIG' });
      expect(fake.calls.count()).toBe(0);
    },
  );

  it('a stage is CONFIG (Secret Manager has aliases, passed as version)', async () => {
    await expect(provider().getSecret({ name: 'db', stage: 'AWSCURRENT' }, context())).rejects.toMatchObject({
      code: 'CONFIG',
    });
  });

  it('setSecret takes only strings and bytes', async () => {
    await expect(provider().setSecret('db', 42 as never, context())).rejects.toMatchObject({
      code: 'CONFIG',
    });
    expect(fake.calls.count()).toBe(0);
  });
});

describe('options', () => {
  it.each([
    [{ location: 'Europe West' }],
    [{ location: '../x' }],
    [{ transport: 'http2' }],
    [{ projectId: 'a/b' }],
    [{ resolveLatestToEnabled: 'yes' }],
    [{ client: 'nope' }],
    [{ region: 'europe-west1' }], // an unknown key
  ])('%j throws CONFIG at construction', (options) => {
    expect(() => gcpSecretManager(options as never)).toThrow(expect.objectContaining({ code: 'CONFIG' }));
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
