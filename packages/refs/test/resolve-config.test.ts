// resolve(config): a deep copy in which every ref string is its value; each distinct secret fetched
// once (provider call counts); CONFIG before any provider is built; the first failure rejects and
// no partial object is ever returned (DESIGN §9).
import { describe, expect, it, vi } from 'vitest';
import { createSecretResolver } from '../src/index.js';
import { memoryWith, readsOf, rejection } from './helpers.js';

const DB = { username: 'app', password: 'pw-1', port: 5432, tls: { ca: 'CA' }, hosts: ['a', 'b'] };

describe('resolve', () => {
  it('replaces every ref string, fetching each distinct secret once', async () => {
    const memory = memoryWith({ db: DB, 'api-key': 'k-123', other: 'o' });
    const resolver = createSecretResolver({ providers: { memory } });
    const config = {
      db: {
        user: 'memory://db#/username',
        password: 'ref+memory://db#/password',
        port: 'memory://db#/port',
        tls: 'memory://db#/tls',
        firstHost: 'memory://db#/hosts/0',
      },
      apiKeys: ['memory://api-key', 'MEMORY://api-key', 'memory://api-key'],
      whole: 'memory://other',
      plain: 'just text',
      notARef: 'postgres://localhost/db',
      count: 3,
      enabled: true,
      nothing: null,
    };
    const resolved = await resolver.resolve(config);
    expect(resolved).toStrictEqual({
      db: { user: 'app', password: 'pw-1', port: '5432', tls: '{"ca":"CA"}', firstHost: 'a' },
      apiKeys: ['k-123', 'k-123', 'k-123'],
      whole: 'o',
      plain: 'just text',
      notARef: 'postgres://localhost/db',
      count: 3,
      enabled: true,
      nothing: null,
    });
    expect(readsOf(memory, 'db')).toBe(1);
    expect(readsOf(memory, 'api-key')).toBe(1);
    expect(readsOf(memory, 'other')).toBe(1);
    expect(readsOf(memory)).toBe(3);
    expect(config.db.user).toBe('memory://db#/username'); // the input is not touched
    await resolver.close();
  });

  it('distinct versions of one name are distinct secrets; equal ones are one', async () => {
    const memory = memoryWith({});
    const v1 = memory.set('db', 'one');
    const v2 = memory.set('db', 'two');
    const resolver = createSecretResolver({ providers: { memory } });
    const resolved = await resolver.resolve({
      a: `memory://db?version=${v1}`,
      b: `memory://db?version=${v2}`,
      c: `memory://db?version=${v1}`,
      d: 'memory://db',
    });
    expect(resolved).toEqual({ a: 'one', b: 'two', c: 'one', d: 'two' });
    expect(readsOf(memory, 'db')).toBe(3);
  });

  it('refs to one secret share one provider call even with the cache off (coalesced)', async () => {
    vi.useFakeTimers();
    try {
      const memory = memoryWith({ db: DB });
      memory.setLatency(5); // the call stays in flight while the others arrive
      const resolver = createSecretResolver({ providers: { memory }, client: { cache: false } });
      const pending = resolver.resolve([
        'memory://db#/username',
        'memory://db#/password',
        'ref+memory://db#/port',
      ]);
      await vi.advanceTimersByTimeAsync(5);
      expect(await pending).toEqual(['app', 'pw-1', '5432']);
      expect(readsOf(memory)).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a second resolve is served from the cache', async () => {
    const memory = memoryWith({ db: DB });
    const resolver = createSecretResolver({ providers: { memory } });
    await resolver.resolve({ a: 'memory://db#/username' });
    await resolver.resolve({ b: 'memory://db#/password' });
    expect(readsOf(memory)).toBe(1);
  });

  it('keeps what is not a plain object or array as is, shared parts shared, cycles cyclic', async () => {
    const memory = memoryWith({ k: 'v' });
    const resolver = createSecretResolver({ providers: { memory } });
    const date = new Date(0);
    const map = new Map([['x', 'memory://k']]);
    class Settings {
      ref = 'memory://k';
    }
    const settings = new Settings();
    const shared = { key: 'memory://k' };
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { key: 'memory://k' });
    const symbol = Symbol('s');
    const config: Record<string | symbol, unknown> = {
      date,
      map,
      settings,
      one: shared,
      two: shared,
      nullProto,
      [symbol]: 'memory://k',
      ['__proto__']: 'memory://k',
    };
    Object.defineProperty(config, '__proto__', { value: 'memory://k', enumerable: true });
    config.self = config;
    const sparse = ['memory://k'];
    sparse[3] = 'x';
    config.sparse = sparse;
    const out = (await resolver.resolve(config)) as typeof config;
    expect(out).not.toBe(config);
    expect(out.date).toBe(date);
    expect(out.map).toBe(map);
    expect(out.settings).toBe(settings);
    expect(settings.ref).toBe('memory://k');
    expect(out.one).toEqual({ key: 'v' });
    expect(out.one).toBe(out.two);
    expect(Object.getPrototypeOf(out.nullProto)).toBe(null);
    expect((out.nullProto as Record<string, unknown>).key).toBe('v');
    expect(out[symbol]).toBe('v');
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe('v');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(out.self).toBe(out);
    expect(out.sparse).toHaveLength(4);
    expect(2 in (out.sparse as unknown[])).toBe(false);
    expect((out.sparse as unknown[])[0]).toBe('v');
  });

  it('resolves a config that is itself a ref, and one with no refs without building anything', async () => {
    const memory = memoryWith({ k: 'v' });
    const resolver = createSecretResolver({ providers: { memory } });
    await expect(resolver.resolve('memory://k')).resolves.toBe('v');
    await expect(resolver.resolve({ a: 1, b: ['x'] })).resolves.toEqual({ a: 1, b: ['x'] });
    await expect(resolver.resolve(42)).resolves.toBe(42);
    expect(readsOf(memory)).toBe(1);
  });

  it('a malformed ref is CONFIG before any provider is built or called', async () => {
    const memory = memoryWith({ k: 'v' });
    let built = 0;
    const resolver = createSecretResolver({
      providers: {
        memory,
        vault: () => {
          built++;
          return memory;
        },
      },
    });
    for (const bad of [
      'memory://k?token=t',
      'vault://secret/x?address=https://evil',
      'ref+vault://secret/a/b',
      'memory://',
    ]) {
      const error = await rejection(
        resolver.resolve({ ok: 'memory://k', fine: 'vault://secret/ok', bad }),
        'CONFIG',
      );
      expect(error.message).toContain('secret ref');
    }
    expect(built).toBe(0);
    expect(readsOf(memory)).toBe(0);
  });

  it('a missing secret rejects with NOT_FOUND; no partial object is returned', async () => {
    const memory = memoryWith({ a: 'A', b: 'B' });
    const resolver = createSecretResolver({ providers: { memory } });
    await rejection(
      resolver.resolve({ a: 'memory://a', missing: 'memory://missing', b: 'memory://b' }),
      'NOT_FOUND',
    );
    expect(readsOf(memory)).toBe(3);
  });

  it('rejects with the first failure: a provider error, or a pointer that does not apply', async () => {
    const memory = memoryWith({ a: 'A', db: DB });
    const resolver = createSecretResolver({ providers: { memory }, client: { retry: false } });
    memory.failNext('ACCESS_DENIED', { operations: ['getSecret'] });
    await rejection(resolver.resolve({ x: 'memory://a' }), 'ACCESS_DENIED');
    await rejection(resolver.resolve({ x: 'memory://a', y: 'memory://db#/nope' }), 'NOT_FOUND');
    await rejection(resolver.resolve({ x: 'memory://a#/field' }), 'WRONG_TYPE');
  });

  it('with an aborted signal: ABORTED, no provider call', async () => {
    const memory = memoryWith({ a: 'A' });
    const resolver = createSecretResolver({ providers: { memory } });
    const controller = new AbortController();
    controller.abort();
    await rejection(resolver.resolve({ a: 'memory://a' }, { signal: controller.signal }), 'ABORTED');
    await rejection(resolver.get('memory://a', { signal: controller.signal }), 'ABORTED');
    expect(readsOf(memory)).toBe(0);
  });

  it('an abort while waiting rejects with ABORTED', async () => {
    const memory = memoryWith({ a: 'A' });
    memory.setLatency(50);
    const resolver = createSecretResolver({ providers: { memory } });
    const controller = new AbortController();
    const pending = resolver.resolve({ a: 'memory://a' }, { signal: controller.signal });
    controller.abort();
    await rejection(pending, 'ABORTED');
  });
});
