// One SecretsClient per connection (scheme + the params that choose an endpoint): a factory is
// called once per connection, an instance is shared by every connection of its scheme, refs on one
// connection share one cache, and close() closes every client made (and so their providers).
import type { SecretProvider, SecretRef } from '@secretkit/core';
import { createMemoryProvider } from '@secretkit/memory';
import { describe, expect, it } from 'vitest';
import { createSecretResolver } from '../src/index.js';
import { readsOf, rejection, thrown } from './helpers.js';

describe('connections', () => {
  it('calls a factory once per connection, with the first ref of it', async () => {
    const seen: SecretRef[] = [];
    const providers = new Map<string, ReturnType<typeof createMemoryProvider>>();
    const resolver = createSecretResolver({
      providers: {
        vault: (ref) => {
          seen.push(ref);
          const provider = createMemoryProvider({
            secrets: { 'secret/a': { k: 'a' }, 'secret/b': { k: 'b' } },
          });
          providers.set(ref.params.namespace ?? '(root)', provider);
          return provider;
        },
      },
    });
    const resolved = await resolver.resolve({
      one: 'vault://secret/a#/k',
      two: 'vault://secret/b?namespace=team-a#/k',
      three: 'hashivault://secret/b#/k',
      four: 'vault://secret/a?namespace=team-a#/k',
      five: 'vault://secret/a?version=1#/k',
    });
    expect(resolved).toEqual({ one: 'a', two: 'b', three: 'b', four: 'a', five: 'a' });
    expect(seen.map((ref) => ref.params)).toEqual([{}, { namespace: 'team-a' }]);
    expect(readsOf(providers.get('(root)')!)).toBe(3); // secret/a, secret/b, secret/a@1
    expect(readsOf(providers.get('team-a')!)).toBe(2);
    await resolver.get('vault://secret/a?namespace=team-a#/k');
    expect(seen).toHaveLength(2);
  });

  it('splits connections only by the params that choose an endpoint', async () => {
    const keys: string[] = [];
    const factory = (ref: SecretRef) => {
      keys.push(`${ref.scheme} ${JSON.stringify(ref.params)}`);
      const anyName: SecretProvider = { name: 'any', getSecret: async ({ name }) => ({ name, value: 'v' }) };
      return anyName;
    };
    const resolver = createSecretResolver({
      providers: { awssecrets: factory, azurekeyvault: factory, gcpsecrets: factory, doppler: factory },
    });
    const refs = [
      'awssecrets://a',
      'awssecrets://a?region=eu-west-1',
      'awssecrets://arn:aws:secretsmanager:eu-west-1:123456789012:secret:b-AbCdEf',
      'azurekeyvault://vault1/a',
      'azurekeyvault://vault2/a',
      'azurekeyvault://vault1.vault.azure.net/b',
      'gcpsecrets://p1/a',
      'gcpsecrets://projects/p1/locations/europe-west1/secrets/a',
      'gcpsecrets://a',
      'doppler://p/c/A',
      'doppler://p/d/A',
      'doppler://A',
    ];
    for (const ref of refs) await resolver.getSecret(ref);
    expect(keys).toEqual([
      'awssecrets {}',
      'awssecrets {"region":"eu-west-1"}',
      'azurekeyvault {"vaultUrl":"https://vault1.vault.azure.net"}',
      'azurekeyvault {"vaultUrl":"https://vault2.vault.azure.net"}',
      'gcpsecrets {"project":"p1"}',
      'gcpsecrets {"project":"p1","location":"europe-west1"}',
      'gcpsecrets {}',
      'doppler {"project":"p","config":"c"}',
      'doppler {"project":"p","config":"d"}',
      'doppler {}',
    ]);
  });

  it('two refs on one connection share one cache and one provider call', async () => {
    const memory = createMemoryProvider({ secrets: { db: { user: 'u', password: 'p' } } });
    const resolver = createSecretResolver({ providers: { memory } });
    const [user, password] = await Promise.all([
      resolver.get('memory://db#/user'),
      resolver.get('memory://db#/password'),
    ]);
    expect([user, password]).toEqual(['u', 'p']);
    expect(readsOf(memory)).toBe(1);
  });

  it('an instance is shared by every connection of its scheme, and closed once', async () => {
    let closes = 0;
    const memory = createMemoryProvider({ secrets: { a: 'A' } });
    const instance: SecretProvider = {
      name: 'counting',
      getSecret: (request, context) => memory.getSecret(request, context),
      close: async () => {
        closes++;
      },
    };
    const resolver = createSecretResolver({ providers: { awssecrets: instance } });
    await resolver.get('awssecrets://a');
    await resolver.get('awssecrets://a?region=eu-west-1');
    await resolver.get('awssecrets://a?region=ap-south-1');
    expect(readsOf(memory, 'a')).toBe(3); // three connections, three caches, one provider
    await resolver.close();
    expect(closes).toBe(1);
  });

  it('close() closes every client and provider made; afterwards every call is CLOSED', async () => {
    const made: ReturnType<typeof createMemoryProvider>[] = [];
    const resolver = createSecretResolver({
      providers: {
        vault: () => {
          const provider = createMemoryProvider({ secrets: { 'secret/a': 'A' } });
          made.push(provider);
          return provider;
        },
      },
    });
    await resolver.get('vault://secret/a');
    await resolver.get('vault://secret/a?namespace=ns');
    await Promise.all([resolver.close(), resolver.close()]);
    expect(made).toHaveLength(2);
    for (const provider of made) {
      await rejection(
        provider.getSecret({ name: 'secret/a' }, { signal: new AbortController().signal }),
        'CLOSED',
      );
    }
    await rejection(resolver.get('vault://secret/a'), 'CLOSED');
    await rejection(resolver.getSecret('vault://secret/a'), 'CLOSED');
    await rejection(resolver.resolve({ a: 'vault://secret/a' }), 'CLOSED');
    thrown(() => resolver.watch('vault://secret/a', () => {}), 'CLOSED');
    await expect(resolver.close()).resolves.toBeUndefined();
  });

  it('a client being built while close() runs is closed too, and its call is CLOSED', async () => {
    const memory = createMemoryProvider({ secrets: { a: 'A' } });
    const resolver = createSecretResolver({ providers: { memory } });
    const pending = resolver.get('memory://a').catch((error: unknown) => error);
    await resolver.close(); // the provider is resolved asynchronously: close() runs before the client exists
    expect(await pending).toMatchObject({ code: 'CLOSED' });
  });

  it('a factory that throws or returns no provider is CONFIG; the next ref tries again', async () => {
    let calls = 0;
    const resolver = createSecretResolver({
      providers: {
        vault: () => {
          calls++;
          if (calls === 1) throw new Error('boom with a token hvs.AAAAAAAAAAAAAAAAAAAAAAAA');
          if (calls === 2) return {} as SecretProvider;
          return createMemoryProvider({ secrets: { 'secret/a': 'A' } });
        },
      },
    });
    const first = await rejection(resolver.get('vault://secret/a'), 'CONFIG');
    expect(first.message).not.toContain('hvs.');
    await rejection(resolver.get('vault://secret/a'), 'CONFIG');
    await expect(resolver.get('vault://secret/a')).resolves.toBe('A');
  });
});

describe('resolver options', () => {
  it.each([
    ['an unknown option', { provider: {} }],
    ['providers not an object', { providers: 'memory' }],
    ['an alias as a providers key', { providers: { 'aws-sm': createMemoryProvider() } }],
    ['an unknown scheme', { providers: { echo: createMemoryProvider() } }],
    ['a provider that is not one', { providers: { memory: { getSecret: 1 } } }],
    ['client with a provider', { client: { provider: createMemoryProvider() } }],
    ['a bad client option', { client: { cache: { ttl: 'soon' } } }],
    ['an unknown client option', { client: { retries: 3 } }],
    ['options not an object', 'memory'],
  ])('%s is CONFIG at construction', (_what, options) => {
    const error = thrown(() => createSecretResolver(options as never), 'CONFIG');
    if (_what === 'an alias as a providers key') expect(error.message).toContain('use "awssecrets"');
  });

  it('passes client options to every client it makes', async () => {
    const memory = createMemoryProvider({ secrets: { a: 'A' } });
    const resolver = createSecretResolver({ providers: { memory }, client: { cache: false } });
    await resolver.get('memory://a');
    await resolver.get('memory://a');
    expect(readsOf(memory)).toBe(2);
  });
});
