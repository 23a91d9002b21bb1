// Static secrets through the SPI: versions, stage labels, values (text, bytes, JSON), expiry,
// disabled secrets, getVersion agreeing with getSecret, and bad input.
import { SecretsError } from '@secretkit/core';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryProvider } from '../src/index.js';
import { context, T0, useFakeTimersAtT0 } from './fixtures.js';

useFakeTimersAtT0();

describe('initial secrets', () => {
  it('stores strings, bytes and objects as version "1"', async () => {
    const provider = createMemoryProvider({
      secrets: {
        'db/password': 's3cret',
        key: new Uint8Array([1, 2, 3]),
        config: { user: 'app', port: 5432 },
      },
    });
    expect(await provider.getSecret({ name: 'db/password' }, context())).toEqual({
      name: 'db/password',
      value: 's3cret',
      version: '1',
      createdAt: T0,
    });
    expect((await provider.getSecret({ name: 'key' }, context())).value).toEqual(new Uint8Array([1, 2, 3]));
    expect((await provider.getSecret({ name: 'config' }, context())).value).toBe(
      '{"user":"app","port":5432}',
    );
  });

  it('starts empty without options', async () => {
    const provider = createMemoryProvider();
    await expect(provider.getSecret({ name: 'anything' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      provider: 'memory',
      secretName: 'anything',
    });
  });
});

describe('versions', () => {
  it('numbers every write "1", "2", … and keeps every version', async () => {
    const provider = createMemoryProvider();
    expect(provider.set('api', 'one')).toBe('1');
    vi.advanceTimersByTime(1000);
    expect(provider.set('api', 'two')).toBe('2');
    expect((await provider.setSecret('api', 'three', context())).version).toBe('3');

    const latest = await provider.getSecret({ name: 'api' }, context());
    expect(latest).toMatchObject({ value: 'three', version: '3', createdAt: new Date(T0.getTime() + 1000) });
    const first = await provider.getSecret({ name: 'api', version: '1' }, context());
    expect(first).toMatchObject({ value: 'one', version: '1', createdAt: T0 });
    expect((await provider.getSecret({ name: 'api', version: '2' }, context())).value).toBe('two');
  });

  it('rejects an unknown version with NOT_FOUND', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    await expect(provider.getSecret({ name: 'api', version: '2' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      provider: 'memory',
      secretName: 'api',
    });
  });

  it('restarts at "1" after the secret is removed', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.set('api', 'two');
    expect(provider.remove('api')).toBe(true);
    expect(provider.remove('api')).toBe(false);
    await expect(provider.getSecret({ name: 'api' }, context())).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(provider.set('api', 'again')).toBe('1');
  });
});

describe('stages', () => {
  it('moves current to the newest version and previous to the one before', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    await expect(provider.getSecret({ name: 'api', stage: 'previous' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
      secretName: 'api',
    });
    provider.set('api', 'two');
    provider.set('api', 'three');
    expect((await provider.getSecret({ name: 'api', stage: 'current' }, context())).version).toBe('3');
    expect((await provider.getSecret({ name: 'api', stage: 'previous' }, context())).version).toBe('2');
  });

  it('accepts AWSCURRENT and AWSPREVIOUS as current and previous', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.set('api', 'two');
    expect(await provider.getSecret({ name: 'api', stage: 'AWSCURRENT' }, context())).toMatchObject({
      value: 'two',
      version: '2',
    });
    expect(await provider.getSecret({ name: 'api', stage: 'AWSPREVIOUS' }, context())).toMatchObject({
      value: 'one',
      version: '1',
    });
    provider.setStage('api', 'AWSCURRENT', '1');
    expect((await provider.getSecret({ name: 'api', stage: 'current' }, context())).version).toBe('1');
  });

  it('setStage creates custom labels and moves built-in ones; the next write builds on the moved current', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.set('api', 'two');
    provider.setStage('api', 'pending', '2');
    provider.setStage('api', 'current', '1');
    expect((await provider.getSecret({ name: 'api', stage: 'pending' }, context())).value).toBe('two');
    expect((await provider.getSecret({ name: 'api' }, context())).version).toBe('1');

    provider.set('api', 'three');
    expect((await provider.getSecret({ name: 'api', stage: 'previous' }, context())).version).toBe('1');
    expect((await provider.getSecret({ name: 'api' }, context())).version).toBe('3');
    expect((await provider.getSecret({ name: 'api', stage: 'pending' }, context())).version).toBe('2');
  });

  it('rejects an unknown label, and a version that disagrees with the stage, with NOT_FOUND', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.set('api', 'two');
    await expect(provider.getSecret({ name: 'api', stage: 'nope' }, context())).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      provider.getSecret({ name: 'api', stage: 'current', version: '1' }, context()),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', secretName: 'api' });
    expect(
      (await provider.getSecret({ name: 'api', stage: 'previous', version: '1' }, context())).value,
    ).toBe('one');
  });

  it('setStage rejects a missing secret or version with NOT_FOUND and an empty label with CONFIG', () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    expect(() => provider.setStage('api', 'current', '9')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', secretName: 'api' }),
    );
    expect(() => provider.setStage('missing', 'current', '1')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', secretName: 'missing' }),
    );
    expect(() => provider.setStage('api', '', '1')).toThrow(expect.objectContaining({ code: 'CONFIG' }));
  });
});

describe('binary values', () => {
  // Not valid UTF-8: a lone continuation byte, an invalid lead byte, a truncated sequence.
  const bytes = [0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0xe2, 0x82];

  it('returns exactly the bytes written, even when they are not valid UTF-8', async () => {
    const provider = createMemoryProvider();
    provider.set('blob', new Uint8Array(bytes));
    const record = await provider.getSecret({ name: 'blob' }, context());
    expect(record.value).toBeInstanceOf(Uint8Array);
    expect([...(record.value as Uint8Array)]).toEqual(bytes);
    await provider.setSecret('blob', Buffer.from(bytes), context());
    const fromBuffer = await provider.getSecret({ name: 'blob', version: '2' }, context());
    expect([...(fromBuffer.value as Uint8Array)]).toEqual(bytes);
  });

  it('never lets a caller mutate the stored bytes', async () => {
    const input = new Uint8Array(bytes);
    const provider = createMemoryProvider({ secrets: { blob: input } });
    input[0] = 0x00;
    const first = (await provider.getSecret({ name: 'blob' }, context())).value as Uint8Array;
    first.fill(7);
    const second = (await provider.getSecret({ name: 'blob' }, context())).value as Uint8Array;
    expect(second).not.toBe(first);
    expect([...second]).toEqual(bytes);
  });
});

describe('expiry, disabled and metadata', () => {
  it('serves a version until expiresAt, then rejects with DISABLED "expired at <ISO>"', async () => {
    const expiresAt = new Date(T0.getTime() + 60_000);
    const provider = createMemoryProvider();
    provider.set('token', 'tok-value', { expiresAt });
    vi.advanceTimersByTime(59_999);
    expect(await provider.getSecret({ name: 'token' }, context())).toMatchObject({
      value: 'tok-value',
      expiresAt,
    });
    vi.advanceTimersByTime(1);
    const error = await provider.getSecret({ name: 'token' }, context()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SecretsError);
    expect(error).toMatchObject({
      code: 'DISABLED',
      provider: 'memory',
      secretName: 'token',
      retryable: false,
    });
    expect((error as Error).message).toContain(`expired at ${expiresAt.toISOString()}`);
    expect((error as Error).message).not.toContain('tok-value');
  });

  it('expiry belongs to the version: a newer version without it is served', async () => {
    const provider = createMemoryProvider();
    provider.set('token', 'old', { expiresAt: new Date(T0.getTime() + 10) });
    provider.set('token', 'new');
    vi.advanceTimersByTime(10);
    expect((await provider.getSecret({ name: 'token' }, context())).value).toBe('new');
    await expect(provider.getSecret({ name: 'token', version: '1' }, context())).rejects.toMatchObject({
      code: 'DISABLED',
    });
  });

  it('rejects a disabled secret with DISABLED until it is enabled again', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.disable('api');
    await expect(provider.getSecret({ name: 'api' }, context())).rejects.toMatchObject({
      code: 'DISABLED',
      provider: 'memory',
      secretName: 'api',
    });
    provider.enable('api');
    expect((await provider.getSecret({ name: 'api' }, context())).value).toBe('one');
    provider.set('api', 'two', { enabled: false });
    await expect(provider.getSecret({ name: 'api' }, context())).rejects.toMatchObject({ code: 'DISABLED' });
    provider.set('api', 'three');
    await expect(provider.getSecret({ name: 'api' }, context())).rejects.toMatchObject({ code: 'DISABLED' });
    expect(() => provider.disable('missing')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('returns metadata as a copy', async () => {
    const provider = createMemoryProvider();
    provider.set('api', 'one', { metadata: { owner: 'team-a' } });
    const record = await provider.getSecret({ name: 'api' }, context());
    expect(record.metadata).toEqual({ owner: 'team-a' });
    record.metadata!.owner = 'mallory';
    expect((await provider.getSecret({ name: 'api' }, context())).metadata).toEqual({ owner: 'team-a' });
  });
});

describe('getVersion', () => {
  it('answers what getSecret returns as version, for plain, version and stage requests', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.set('api', 'two');
    provider.set('api', 'three');
    provider.setStage('api', 'pinned', '1');
    const requests = [
      { name: 'api' },
      { name: 'api', version: '2' },
      { name: 'api', stage: 'previous' },
      { name: 'api', stage: 'AWSPREVIOUS' },
      { name: 'api', stage: 'pinned' },
      { name: 'api', stage: 'current', version: '3' },
    ];
    const versions = await Promise.all(requests.map((request) => provider.getVersion(request, context())));
    expect(versions).toEqual(['3', '2', '2', '2', '1', '3']);
    for (const [index, request] of requests.entries()) {
      expect((await provider.getSecret(request, context())).version).toBe(versions[index]);
    }
  });

  it('rejects exactly as getSecret does', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one', off: 'x', old: 'y' } });
    provider.disable('off');
    provider.set('old', 'z', { expiresAt: T0 });
    const cases: Array<[{ name: string; version?: string; stage?: string }, string]> = [
      [{ name: 'missing' }, 'NOT_FOUND'],
      [{ name: 'api', version: '7' }, 'NOT_FOUND'],
      [{ name: 'api', stage: 'previous' }, 'NOT_FOUND'],
      [{ name: 'off' }, 'DISABLED'],
      [{ name: 'old' }, 'DISABLED'],
    ];
    for (const [request, code] of cases) {
      const expected = { code, provider: 'memory', secretName: request.name };
      await expect(provider.getVersion(request, context())).rejects.toMatchObject(expected);
      await expect(provider.getSecret(request, context())).rejects.toMatchObject(expected);
    }
  });
});

describe('bad input', () => {
  it('rejects bad names, values and options with CONFIG', () => {
    const provider = createMemoryProvider();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const config = expect.objectContaining({ code: 'CONFIG', provider: 'memory' });
    expect(() => provider.set('', 'x')).toThrow(config);
    expect(() => provider.set('a', 42 as unknown as string)).toThrow(config);
    expect(() => provider.set('a', null as unknown as string)).toThrow(config);
    expect(() => provider.set('a', circular)).toThrow(config);
    expect(() => provider.set('a', 'x', { expiresAt: new Date('nope') })).toThrow(config);
    expect(() => provider.set('a', 'x', { metadata: { n: 1 as unknown as string } })).toThrow(config);
    expect(() => provider.set('a', 'x', { enabled: 'yes' as unknown as boolean })).toThrow(config);
    expect(() => provider.set('a', 'x', { expires: new Date() } as never)).toThrow(config);
    expect(() => createMemoryProvider({ secret: {} } as never)).toThrow(config);
    expect(() => createMemoryProvider({ secrets: ['x'] } as never)).toThrow(config);
    expect(() => createMemoryProvider({ secrets: { a: 5 } } as never)).toThrow(config);
    expect(provider.remove('a')).toBe(false); // nothing half-written by the failed sets
  });

  it('never puts a value in a CONFIG message', () => {
    const provider = createMemoryProvider();
    const error = (() => {
      try {
        provider.set('pin', 987654 as unknown as string);
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).toContain('"pin"');
    expect(error?.message).not.toContain('987654');
  });
});
