// Fault injection: failNext fails exactly the next N matching SPI calls, failFor fails a window of
// time, setLatency delays answers on fake timers; native helpers are never affected.
import { SecretsError, type SecretsErrorCode } from '@secretkit/core';
import { describe, expect, it, vi } from 'vitest';
import { createMemoryProvider, type MemoryProvider } from '../src/index.js';
import { context, useFakeTimersAtT0 } from './fixtures.js';

useFakeTimersAtT0();

const read = (provider: MemoryProvider, name = 'api') => provider.getSecret({ name }, context());
const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: SecretsError) => error.code,
  );

describe('failNext', () => {
  const codes: SecretsErrorCode[] = [
    'ACCESS_DENIED',
    'UNAUTHENTICATED',
    'UNAVAILABLE',
    'THROTTLED',
    'TIMEOUT',
    'NOT_FOUND',
    'DISABLED',
    'INTEGRITY',
  ];

  it.each(codes)('fails the next call with %s, for existing and missing names alike', async (code) => {
    const provider = createMemoryProvider({ secrets: { api: 'api-value' } });
    for (const name of ['api', 'missing']) {
      provider.failNext(code);
      const error = await read(provider, name).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SecretsError);
      expect(error).toMatchObject({
        code,
        provider: 'memory',
        secretName: name,
        retryable: ['UNAVAILABLE', 'THROTTLED', 'TIMEOUT'].includes(code),
        message: `injected fault: ${code} on getSecret`,
      });
    }
    expect((await read(provider)).value).toBe('api-value');
  });

  it('fails exactly the next `times` calls', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.failNext('UNAVAILABLE', { times: 3 });
    const outcomes = [];
    for (let call = 0; call < 5; call++) outcomes.push(await outcome(read(provider)));
    expect(outcomes).toEqual(['UNAVAILABLE', 'UNAVAILABLE', 'UNAVAILABLE', 'ok', 'ok']);
    expect(provider.callCount('getSecret')).toBe(5);
  });

  it('counts only the operations it names', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.failNext('THROTTLED', { operations: ['getVersion'] });
    expect(await outcome(read(provider))).toBe('ok');
    expect(await outcome(provider.getSecrets([{ name: 'api' }], context()))).toBe('ok');
    expect(await outcome(provider.getVersion({ name: 'api' }, context()))).toBe('THROTTLED');
    expect(await outcome(provider.getVersion({ name: 'api' }, context()))).toBe('ok');
  });

  it('queues faults first in, first out', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.failNext('THROTTLED');
    provider.failNext('ACCESS_DENIED', { times: 2 });
    const outcomes = [];
    for (let call = 0; call < 4; call++) outcomes.push(await outcome(read(provider)));
    expect(outcomes).toEqual(['THROTTLED', 'ACCESS_DENIED', 'ACCESS_DENIED', 'ok']);
  });

  it('carries retryAfterMs and a custom message', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.failNext('THROTTLED', { retryAfterMs: 1_500, message: 'rate exceeded' });
    await expect(read(provider)).rejects.toMatchObject({
      code: 'THROTTLED',
      retryAfterMs: 1_500,
      retryable: true,
      message: 'injected fault: rate exceeded',
    });
  });

  it('applies to every SPI operation by default, and is not used up by native helpers', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.defineDynamic('db/creds', { ttl: 1_000 });
    const { lease } = await provider.getSecret({ name: 'db/creds' }, context());
    provider.failNext('UNAVAILABLE', { times: 8 });
    provider.set('api', 'two');
    provider.setStage('api', 'x', '1');
    provider.disable('api');
    provider.enable('api');
    provider.leases();
    provider.emitChange({ name: 'api' });
    expect(provider.remove('nothing')).toBe(false);

    const calls = [
      read(provider),
      provider.getVersion({ name: 'api' }, context()),
      provider.getSecrets([{ name: 'api' }], context()),
      provider.renewLease(lease!, context()),
      provider.revokeLease(lease!, context()),
      provider.setSecret('api', 'three', context()),
      provider.deleteSecret('api', context()),
      (async () => {
        for await (const _ of provider.listSecrets(context())) {
          // consumed
        }
      })(),
    ];
    expect(await Promise.all(calls.map(outcome))).toEqual(Array(8).fill('UNAVAILABLE'));
    expect((await read(provider)).value).toBe('two');
  });

  it('rejects bad arguments with CONFIG', () => {
    const provider = createMemoryProvider();
    const config = expect.objectContaining({ code: 'CONFIG', provider: 'memory' });
    expect(() => provider.failNext('NOPE' as SecretsErrorCode)).toThrow(config);
    expect(() => provider.failNext('UNAVAILABLE', { times: 0 })).toThrow(config);
    expect(() => provider.failNext('UNAVAILABLE', { times: 1.5 })).toThrow(config);
    expect(() => provider.failNext('UNAVAILABLE', { operations: [] })).toThrow(config);
    expect(() => provider.failNext('UNAVAILABLE', { operations: ['get' as never] })).toThrow(config);
    expect(() => provider.failNext('UNAVAILABLE', { retryAfterMs: -1 })).toThrow(config);
    expect(() => provider.failNext('UNAVAILABLE', { count: 2 } as never)).toThrow(config);
    expect(() => provider.failFor(-1, 'UNAVAILABLE')).toThrow(config);
    expect(() => provider.failFor(10, 'unavailable' as SecretsErrorCode)).toThrow(config);
    expect(() => provider.setLatency(-5)).toThrow(config);
    expect(() => provider.setLatency(Number.POSITIVE_INFINITY)).toThrow(config);
  });
});

describe('failFor', () => {
  it('fails every call that starts within the window, and none after it', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.failFor(1_000, 'UNAVAILABLE');
    expect(await outcome(read(provider))).toBe('UNAVAILABLE');
    expect(await outcome(read(provider, 'missing'))).toBe('UNAVAILABLE');
    vi.advanceTimersByTime(999);
    expect(await outcome(read(provider))).toBe('UNAVAILABLE');
    vi.advanceTimersByTime(1);
    expect(await outcome(read(provider))).toBe('ok');
    expect(await outcome(read(provider, 'missing'))).toBe('NOT_FOUND');
  });

  it('fails only the operations it names; failNext is used before the window', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.failFor(1_000, 'ACCESS_DENIED', { operations: ['getSecret'] });
    provider.failNext('THROTTLED');
    expect(await outcome(read(provider))).toBe('THROTTLED');
    expect(await outcome(read(provider))).toBe('ACCESS_DENIED');
    expect(await outcome(provider.getVersion({ name: 'api' }, context()))).toBe('ok');
  });

  it('is dropped by clearFaults', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.failFor(60_000, 'UNAVAILABLE');
    provider.failNext('THROTTLED');
    provider.clearFaults();
    expect(await outcome(read(provider))).toBe('ok');
  });
});

describe('setLatency', () => {
  it('answers after the latency, on fake timers', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.setLatency(500);
    const settled = vi.fn();
    const pending = read(provider).then(settled);
    await vi.advanceTimersByTimeAsync(499);
    expect(settled).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(settled).toHaveBeenCalledWith(expect.objectContaining({ value: 'one' }));
  });

  it('delays only the operations it names; latency for all clears per-operation settings', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.setLatency(1_000, { operations: ['getVersion'] });
    expect((await read(provider)).value).toBe('one'); // no timer involved
    const version = provider.getVersion({ name: 'api' }, context());
    await vi.advanceTimersByTimeAsync(999);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await version).toBe('1');

    provider.setLatency(0);
    expect(await provider.getVersion({ name: 'api' }, context())).toBe('1');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('surfaces an injected fault after the latency', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.setLatency(200);
    provider.failNext('TIMEOUT');
    const result = outcome(read(provider));
    await vi.advanceTimersByTimeAsync(200);
    expect(await result).toBe('TIMEOUT');
  });

  it('is removed by clearFaults', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.setLatency(10_000);
    provider.clearFaults();
    expect((await read(provider)).value).toBe('one');
  });
});
