// The call log (every SPI call with its outcome, none of the native helpers) and change hints
// delivered by emitChange to watchChanges listeners.
import { describe, expect, it, vi } from 'vitest';
import { createMemoryProvider } from '../src/index.js';
import { collect, context, T0, useFakeTimersAtT0 } from './fixtures.js';

useFakeTimersAtT0();

/** The call log's `at` is in milliseconds. */
const T0_MS = T0.getTime();

describe('call log', () => {
  it('records every SPI call with its name, start time and outcome', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.defineDynamic('db/creds', { ttl: 60_000 });
    await provider.getSecret({ name: 'api' }, context());
    vi.advanceTimersByTime(10);
    await provider.getVersion({ name: 'missing' }, context()).catch(() => {});
    provider.failNext('THROTTLED');
    await provider.getSecret({ name: 'api' }, context()).catch(() => {});
    await provider.getSecrets([{ name: 'api' }, { name: 'missing' }], context());
    const { lease } = await provider.getSecret({ name: 'db/creds' }, context());
    await provider.renewLease(lease!, context());
    await provider.setSecret('new', 'v', context());
    await provider.deleteSecret('new', context());
    await collect(provider.listSecrets(context()));

    expect(provider.calls).toEqual([
      { operation: 'getSecret', name: 'api', at: T0_MS, outcome: 'ok' },
      { operation: 'getVersion', name: 'missing', at: T0_MS + 10, outcome: 'NOT_FOUND' },
      { operation: 'getSecret', name: 'api', at: T0_MS + 10, outcome: 'THROTTLED' },
      { operation: 'getSecrets', at: T0_MS + 10, outcome: 'ok' },
      { operation: 'getSecret', name: 'db/creds', at: T0_MS + 10, outcome: 'ok' },
      { operation: 'renewLease', name: 'db/creds', at: T0_MS + 10, outcome: 'ok' },
      { operation: 'setSecret', name: 'new', at: T0_MS + 10, outcome: 'ok' },
      { operation: 'deleteSecret', name: 'new', at: T0_MS + 10, outcome: 'ok' },
      { operation: 'listSecrets', at: T0_MS + 10, outcome: 'ok' },
    ]);
    expect(provider.callCount()).toBe(9);
    expect(provider.callCount('getSecret')).toBe(3);
    expect(provider.callCount('getSecrets')).toBe(1);
    expect(provider.callCount('revokeLease')).toBe(0);
  });

  it('does not log native helpers, and resetCalls empties the log', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    provider.set('api', 'two');
    provider.setStage('api', 'x', '1');
    provider.disable('api');
    provider.enable('api');
    provider.remove('api');
    provider.emitChange();
    provider.leases();
    expect(provider.calls).toEqual([]);
    await provider.getSecret({ name: 'api' }, context()).catch(() => {});
    expect(provider.callCount()).toBe(1);
    provider.resetCalls();
    expect(provider.calls).toEqual([]);
    expect(provider.callCount('getSecret')).toBe(0);
  });

  it('hands out snapshots that later calls do not change', async () => {
    const provider = createMemoryProvider({ secrets: { api: 'one' } });
    const before = provider.calls;
    await provider.getSecret({ name: 'api' }, context());
    expect(before).toEqual([]);
    expect(Object.isFrozen(provider.calls[0])).toBe(true);
  });
});

describe('change hints', () => {
  it('delivers emitChange hints to listeners until they unsubscribe', () => {
    const provider = createMemoryProvider();
    const first = vi.fn();
    const second = vi.fn();
    const unsubscribe = provider.watchChanges(first);
    provider.watchChanges(second);
    provider.emitChange({ name: 'api', version: '2' });
    provider.emitChange();
    unsubscribe();
    provider.emitChange({ name: 'other' });
    expect(first.mock.calls).toEqual([[{ name: 'api', version: '2' }], [{}]]);
    expect(second.mock.calls).toEqual([[{ name: 'api', version: '2' }], [{}], [{ name: 'other' }]]);
  });

  it('writes do not emit by themselves', async () => {
    const provider = createMemoryProvider();
    const listener = vi.fn();
    provider.watchChanges(listener);
    provider.set('api', 'one');
    await provider.setSecret('api', 'two', context());
    await provider.deleteSecret('api', context());
    expect(listener).not.toHaveBeenCalled();
  });

  it('calls every listener even when one throws, then rethrows the first error', () => {
    const provider = createMemoryProvider();
    const failure = new Error('listener broke');
    const after = vi.fn();
    provider.watchChanges(() => {
      throw failure;
    });
    provider.watchChanges(after);
    expect(() => provider.emitChange({ name: 'api' })).toThrow(failure);
    expect(after).toHaveBeenCalledWith({ name: 'api' });
  });
});
