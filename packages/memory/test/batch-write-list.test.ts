// getSecrets (same order, an error in place of each failed item), setSecret, deleteSecret and
// listSecrets through the SPI.
import { SecretsError } from '@secretkit/core';
import { describe, expect, it } from 'vitest';
import { createMemoryProvider } from '../src/index.js';
import { collect, context } from './fixtures.js';

describe('getSecrets', () => {
  it('answers in request order with a SecretsError in place of each failed item', async () => {
    const provider = createMemoryProvider({ secrets: { a: 'value-a', b: 'value-b', off: 'x' } });
    provider.set('a', 'value-a2');
    provider.disable('off');
    provider.defineDynamic('db/creds', { ttl: 1_000, generate: (serial) => `cred-${serial}` });
    const results = await provider.getSecrets(
      [
        { name: 'b' },
        { name: 'missing' },
        { name: 'a', version: '1' },
        { name: 'off' },
        { name: 'a' },
        { name: 'db/creds' },
      ],
      context(),
    );
    expect(results).toHaveLength(6);
    expect(results[0]).toMatchObject({ name: 'b', value: 'value-b', version: '1' });
    expect(results[1]).toBeInstanceOf(SecretsError);
    expect(results[1]).toMatchObject({ code: 'NOT_FOUND', provider: 'memory', secretName: 'missing' });
    expect(results[2]).toMatchObject({ name: 'a', value: 'value-a', version: '1' });
    expect(results[3]).toMatchObject({ code: 'DISABLED', secretName: 'off' });
    expect(results[4]).toMatchObject({ name: 'a', value: 'value-a2', version: '2' });
    expect(results[5]).toMatchObject({ value: 'cred-1', lease: { id: 'db/creds/1' } });
    expect(provider.callCount()).toBe(1);
  });

  it('rejects as a whole when a fault is injected for it', async () => {
    const provider = createMemoryProvider({ secrets: { a: 'value-a' } });
    provider.failNext('UNAVAILABLE', { operations: ['getSecrets'] });
    await expect(provider.getSecrets([{ name: 'a' }], context())).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      provider: 'memory',
    });
    expect(await provider.getSecrets([], context())).toEqual([]);
  });
});

describe('setSecret and deleteSecret', () => {
  it('setSecret creates a missing secret and writes the next version', async () => {
    const provider = createMemoryProvider();
    expect(await provider.setSecret('api', 'one', context())).toEqual({ version: '1' });
    expect(await provider.setSecret('api', new Uint8Array([0xff]), context())).toEqual({ version: '2' });
    expect((await provider.getSecret({ name: 'api' }, context())).value).toEqual(new Uint8Array([0xff]));
    expect((await provider.getSecret({ name: 'api', stage: 'previous' }, context())).value).toBe('one');
  });

  it('rejects malformed arguments with CONFIG, never a synchronous throw', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    const config = { code: 'CONFIG', provider: 'memory' };
    await expect(provider.setSecret('', 'x', context())).rejects.toMatchObject(config);
    await expect(provider.deleteSecret('', context())).rejects.toMatchObject(config);
    await expect(provider.getSecret({ name: '' }, context())).rejects.toMatchObject(config);
    await expect(provider.getSecret(undefined as never, context())).rejects.toMatchObject(config);
    await expect(provider.getVersion({ name: 5 } as never, context())).rejects.toMatchObject(config);
    await expect(provider.renewLease(undefined as never, context())).rejects.toMatchObject(config);
    await expect(provider.revokeLease({} as never, context())).rejects.toMatchObject(config);
    await expect(provider.getSecrets('api' as never, context())).rejects.toMatchObject(config);
    const [item] = await provider.getSecrets([null as never], context());
    expect(item).toMatchObject(config);
  });

  it('deleteSecret removes static and dynamic secrets; a missing one is NOT_FOUND', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.defineDynamic('db/creds', { ttl: 1_000 });
    await provider.deleteSecret('api', context());
    await provider.deleteSecret('db/creds', context());
    for (const name of ['api', 'db/creds']) {
      await expect(provider.getSecret({ name }, context())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    await expect(provider.deleteSecret('api', context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      provider: 'memory',
      secretName: 'api',
    });
  });
});

describe('listSecrets', () => {
  it('lists static and dynamic secrets sorted by name', async () => {
    const provider = createMemoryProvider({ secrets: { zeta: 'z', alpha: 'a' } });
    provider.defineDynamic('db/creds', { ttl: 1_000 });
    provider.set('mid', 'm');
    expect(await collect(provider.listSecrets(context()))).toEqual([
      { name: 'alpha' },
      { name: 'db/creds' },
      { name: 'mid' },
      { name: 'zeta' },
    ]);
  });

  it('is one logged call, made when listSecrets is called', async () => {
    const provider = createMemoryProvider({ secrets: { a: 'x' } });
    const listing = provider.listSecrets(context());
    provider.set('b', 'y'); // after the call started, before it answered
    expect(await collect(listing)).toEqual([{ name: 'a' }, { name: 'b' }]);
    expect(provider.callCount('listSecrets')).toBe(1);
  });
});
