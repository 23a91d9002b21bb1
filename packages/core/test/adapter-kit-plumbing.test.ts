// @secretkit/core/adapter: the plumbing every adapter shares — option and request checks before
// any I/O, the lazily built SDK client with its escape hatch, and the abort race of one call.
import { describe, expect, it } from 'vitest';
import {
  checkOptions,
  checkRequest,
  checkServiceUrl,
  defineAdapter,
  importSdk,
  isLoopbackHost,
  lazyClient,
  sendAborting,
} from '../src/adapter/index.js';
import { isSecretsError } from '../src/index.js';

const kit = defineAdapter({
  provider: 'test-provider',
  label: 'Test Service',
  factory: 'testService',
  describe: (error) => ({ name: (error as Error).name, message: (error as Error).message }),
});

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isSecretsError(error) ? error.code : 'not a SecretsError';
  }
  return undefined;
}

describe('checkOptions', () => {
  const known = ['region', 'client'];
  it('accepts undefined and known keys', () => {
    expect(checkOptions(kit, undefined, known)).toEqual({});
    expect(checkOptions(kit, { region: 'x' }, known)).toEqual({ region: 'x' });
  });
  it('names an unknown key and what it expected', () => {
    expect(() => checkOptions(kit, { regoin: 'x' }, known)).toThrow(
      'testService: unknown option "regoin"; expected one of: region, client',
    );
  });
  it('refuses Symbol keys, inherited keys, non-enumerable keys and non-objects', () => {
    expect(codeOf(() => checkOptions(kit, { [Symbol('s')]: 1 }, known))).toBe('CONFIG');
    expect(codeOf(() => checkOptions(kit, Object.create({ extra: 1 }), known))).toBe('CONFIG');
    expect(codeOf(() => checkOptions(kit, Object.defineProperty({}, 'hidden', { value: 1 }), known))).toBe(
      'CONFIG',
    );
    expect(codeOf(() => checkOptions(kit, 'region', known))).toBe('CONFIG');
    expect(codeOf(() => checkOptions(kit, [], known))).toBe('CONFIG');
  });
});

describe('checkRequest', () => {
  const rules = { maxNameLength: 16 };
  it.each([
    ['empty name', { name: '' }],
    ['not an object', 'db'],
    ['over-long name', { name: 'x'.repeat(17) }],
    ['NUL in name', { name: 'a\u0000b' }],
    ['C1 control U+0085', { name: 'a\u0085b' }],
    ['C1 control U+009B', { name: 'a\u009bb' }],
    ['line separator', { name: 'a\u2028b' }],
    ['LF in version', { name: 'db', version: '1\n2' }],
    ['NUL in stage', { name: 'db', stage: 'A\u0000' }],
    ['empty version', { name: 'db', version: '' }],
    ['a stage where there are none', { name: 'db', stage: 'AWSCURRENT' }],
  ])('refuses %s with CONFIG', (_label, request) => {
    expect(codeOf(() => checkRequest(kit, request, rules))).toBe('CONFIG');
  });
  it('passes a good request through', () => {
    const request = { name: 'db', version: '3' };
    expect(checkRequest(kit, request, rules)).toBe(request);
    expect(checkRequest(kit, { name: 'db', stage: 'AWSCURRENT' }, { ...rules, stages: true })).toEqual({
      name: 'db',
      stage: 'AWSCURRENT',
    });
  });
});

describe('lazyClient', () => {
  it('builds once for concurrent first calls and hands out the same client', async () => {
    let builds = 0;
    const lazy = lazyClient({ build: async () => ({ id: ++builds }) });
    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);
    expect(a).toBe(b);
    expect(builds).toBe(1);
  });
  it('retries a failed build on the next call', async () => {
    let builds = 0;
    const lazy = lazyClient({
      build: async () => {
        builds += 1;
        if (builds === 1) throw new Error('import failed');
        return 'client';
      },
    });
    await expect(lazy.get()).rejects.toThrow('import failed');
    await expect(lazy.get()).resolves.toBe('client');
    expect(builds).toBe(2);
  });
  it('uses a given client as is and never disposes it; disposes a built one on close', async () => {
    const disposed: string[] = [];
    const given = lazyClient({
      given: 'theirs',
      build: async () => 'ours',
      dispose: (c) => void disposed.push(c),
    });
    expect(await given.get()).toBe('theirs');
    await given.close();
    const built = lazyClient({ build: async () => 'ours', dispose: (c) => void disposed.push(c) });
    await built.get();
    await built.close();
    expect(disposed).toEqual(['ours']);
  });
});

describe('importSdk', () => {
  it('is CONFIG naming the package to install when it is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package 'x'"), { code: 'ERR_MODULE_NOT_FOUND' });
    const error = await importSdk(() => Promise.reject(missing), '@vendor/sdk', 'test-provider').catch(
      (e) => e,
    );
    expect(error.code).toBe('CONFIG');
    expect(error.message).toBe(
      'test-provider: the package @vendor/sdk is not installed: npm install @vendor/sdk',
    );
  });
});

describe('sendAborting', () => {
  const client = async () => 'client';
  it('rejects ABORTED without calling when the signal aborted first', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const error = await sendAborting({ kit, client, signal: controller.signal, name: 'db' }, async () => {
      calls += 1;
    }).catch((e) => e);
    expect([error.code, error.provider, calls]).toEqual(['ABORTED', 'test-provider', 0]);
  });
  it('settles ABORTED at once on an abort issued synchronously after the call starts', async () => {
    const controller = new AbortController();
    const pending = sendAborting(
      { kit, client, signal: controller.signal, name: 'db' },
      () => new Promise(() => {}),
    );
    controller.abort();
    const error = (await pending.catch((e: unknown) => e)) as { code: string; secretName: string };
    expect([error.code, error.secretName]).toEqual(['ABORTED', 'db']);
  });
  it('maps a failure through the kit and passes the client and signal to the call', async () => {
    const controller = new AbortController();
    let seen: unknown[] = [];
    const result = await sendAborting({ kit, client, signal: controller.signal }, async (c, s) => {
      seen = [c, s];
      return 7;
    });
    expect([result, ...seen]).toEqual([7, 'client', controller.signal]);
    const error = await sendAborting({ kit, client, signal: controller.signal, name: 'db' }, async () => {
      throw Object.assign(new Error('boom'), { name: 'TimeoutError' });
    }).catch((e) => e);
    expect([error.code, error.secretName]).toEqual(['TIMEOUT', 'db']);
  });
});

describe('adapter kit: smaller contracts', () => {
  it('prefixes nested unknown options with their path', () => {
    expect(() => checkOptions(kit, { roel: 'x' }, ['role'], 'auth')).toThrow(
      'testService: unknown option "auth.roel"; expected one of: role',
    );
  });
  it('names the factory and a hint when an SDK is missing, given the kit', async () => {
    const missing = Object.assign(new Error('x'), { code: 'ERR_MODULE_NOT_FOUND' });
    const error = (await importSdk(
      () => Promise.reject(missing),
      '@vendor/id',
      kit,
      'or pass a credential',
    ).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      'testService: the package @vendor/id is not installed: npm install @vendor/id, or pass a credential',
    );
  });
  it('runs a background call without a signal', async () => {
    await expect(
      sendAborting({ kit, client: async () => 1 }, async (c, s) => [c, s.aborted]),
    ).resolves.toEqual([1, false]);
  });
});

describe('checkServiceUrl', () => {
  const rules = { option: 'address', example: 'https://vault.example.com:8200' };
  it.each([
    'vault.example.com',
    'ftp://vault.example.com',
    'https://user:pw@vault.example.com',
    'https://vault.example.com/?x=',
    'https://vault.example.com/#frag',
    'https://vault.example.com/v1',
    'http://127.0.0.1:8200//',
    'http://vault.example.com',
    ' https://vault.example.com',
    'https://vault.example.com\u0000',
  ])('refuses %j with CONFIG', (value) => {
    expect(codeOf(() => checkServiceUrl(kit, value, rules))).toBe('CONFIG');
  });
  it('answers the origin, or origin and path where a path is allowed; plain http on loopback', () => {
    expect(checkServiceUrl(kit, 'https://vault.example.com:8200/', rules)).toBe(
      'https://vault.example.com:8200',
    );
    expect(checkServiceUrl(kit, 'http://127.0.0.1:8200', rules)).toBe('http://127.0.0.1:8200');
    expect(checkServiceUrl(kit, 'http://[::1]:1', rules)).toBe('http://[::1]:1');
    expect(checkServiceUrl(kit, 'https://api.example.com/proxy/', { ...rules, allowPath: true })).toBe(
      'https://api.example.com/proxy',
    );
    expect(checkServiceUrl(kit, 'http://10.0.0.1', { ...rules, allowInsecureHttp: true })).toBe(
      'http://10.0.0.1',
    );
  });
  it('knows loopback hosts', () => {
    expect(['127.0.0.1', '127.9.9.9', 'localhost', '[::1]'].map(isLoopbackHost)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(['127.0.0.1.example.com', '128.0.0.1', '10.0.0.1'].map(isLoopbackHost)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
