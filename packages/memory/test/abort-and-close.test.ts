// Abort and close: every SPI call rejects with ABORTED when its signal aborts before it settles
// (also synchronously right after the call starts), and with CLOSED after close().
import type { ProviderContext } from '@secretkit/core';
import { describe, expect, it, vi } from 'vitest';
import {
  createMemoryProvider,
  MEMORY_OPERATIONS,
  type MemoryOperation,
  type MemoryProvider,
} from '../src/index.js';
import { collect, context, useFakeTimersAtT0 } from './fixtures.js';

useFakeTimersAtT0();

async function setup() {
  const provider = createMemoryProvider({ secrets: { api: 'one' } });
  provider.defineDynamic('db/creds', { ttl: 60_000 });
  const { lease } = await provider.getSecret({ name: 'db/creds' }, context());
  provider.resetCalls();
  return { provider, lease: lease! };
}

/** Starts one call of each SPI operation; listSecrets is drained to an array. */
function startCall(
  provider: MemoryProvider,
  lease: { id: string; ttlMs: number; renewable: boolean },
  operation: MemoryOperation,
  callContext: ProviderContext,
): Promise<unknown> {
  switch (operation) {
    case 'getSecret':
      return provider.getSecret({ name: 'api' }, callContext);
    case 'getVersion':
      return provider.getVersion({ name: 'api' }, callContext);
    case 'getSecrets':
      return provider.getSecrets([{ name: 'api' }], callContext);
    case 'renewLease':
      return provider.renewLease(lease, callContext);
    case 'revokeLease':
      return provider.revokeLease(lease, callContext);
    case 'setSecret':
      return provider.setSecret('api', 'two', callContext);
    case 'deleteSecret':
      return provider.deleteSecret('api', callContext);
    case 'listSecrets':
      return collect(provider.listSecrets(callContext));
  }
}

describe('abort', () => {
  it.each(MEMORY_OPERATIONS)(
    '%s rejects with ABORTED when the signal was already aborted',
    async (operation) => {
      const { provider, lease } = await setup();
      const controller = new AbortController();
      controller.abort();
      await expect(
        startCall(provider, lease, operation, { signal: controller.signal }),
      ).rejects.toMatchObject({
        code: 'ABORTED',
        provider: 'memory',
      });
    },
  );

  it.each(MEMORY_OPERATIONS)(
    '%s rejects with ABORTED on an abort issued synchronously after it starts',
    async (operation) => {
      const { provider, lease } = await setup();
      const controller = new AbortController();
      const pending = startCall(provider, lease, operation, { signal: controller.signal });
      controller.abort();
      await expect(pending).rejects.toMatchObject({ code: 'ABORTED', provider: 'memory' });
      expect(provider.calls).toEqual([expect.objectContaining({ operation, outcome: 'ABORTED' })]);
    },
  );

  it('an aborted write or revoke has no effect', async () => {
    const { provider, lease } = await setup();
    for (const operation of ['setSecret', 'deleteSecret', 'revokeLease'] as const) {
      const controller = new AbortController();
      const pending = startCall(provider, lease, operation, { signal: controller.signal });
      controller.abort();
      await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
    }
    expect(await provider.getSecret({ name: 'api' }, context())).toMatchObject({
      value: 'one',
      version: '1',
    });
    expect(provider.leases()[0]?.revoked).toBe(false);
  });

  it('cuts an injected latency short and clears its timer', async () => {
    const { provider } = await setup();
    provider.setLatency(10_000);
    const controller = new AbortController();
    const settled = vi.fn();
    const pending = provider
      .getSecret({ name: 'api' }, { signal: controller.signal })
      .catch((error: unknown) => {
        settled(error);
      });
    await vi.advanceTimersByTimeAsync(100);
    expect(settled).not.toHaveBeenCalled();
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await pending;
    expect(settled).toHaveBeenCalledWith(expect.objectContaining({ code: 'ABORTED', secretName: 'api' }));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a listSecrets iteration stops with ABORTED when aborted between items', async () => {
    const { provider } = await setup();
    const controller = new AbortController();
    const iterator = provider.listSecrets({ signal: controller.signal })[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ done: false, value: { name: 'api' } });
    controller.abort();
    await expect(iterator.next()).rejects.toMatchObject({ code: 'ABORTED' });
  });
});

describe('close', () => {
  it.each(MEMORY_OPERATIONS)('%s rejects with CLOSED after close()', async (operation) => {
    const { provider, lease } = await setup();
    await provider.close();
    await expect(startCall(provider, lease, operation, context())).rejects.toMatchObject({
      code: 'CLOSED',
      provider: 'memory',
    });
    expect(provider.calls).toEqual([expect.objectContaining({ operation, outcome: 'CLOSED' })]);
  });

  it('a call still waiting on latency when the provider closes rejects with CLOSED', async () => {
    const { provider } = await setup();
    provider.setLatency(1_000);
    const pending = provider.getSecret({ name: 'api' }, context()).catch((error: unknown) => error);
    await provider.close();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await pending).toMatchObject({ code: 'CLOSED', secretName: 'api' });
  });

  it('drops change listeners, can be called twice, and leaves the native helpers working', async () => {
    const { provider } = await setup();
    const listener = vi.fn();
    provider.watchChanges(listener);
    await provider.close();
    await provider.close();
    provider.emitChange({ name: 'api' });
    provider.watchChanges(listener)();
    provider.emitChange({ name: 'api' });
    expect(listener).not.toHaveBeenCalled();
    expect(provider.set('api', 'two')).toBe('2');
  });
});
