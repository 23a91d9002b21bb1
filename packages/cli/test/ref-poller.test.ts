// The watch loop: a read per interval, and an immediate one when the provider hints at a change.
import type { ChangeHint, SecretProvider } from '@secretkit/core';
import { createSecretResolver } from '@secretkit/refs';
import { afterEach, describe, expect, it } from 'vitest';
import { WATCH_CLIENT_OPTIONS } from '../src/cli-resolver.js';
import type { RefRead } from '../src/read-refs.js';
import { nextReadDelay, type RefPoller, startRefPoller } from '../src/ref-poller.js';
import { waitFor } from './helpers.js';

/** A provider whose value the test sets, with change hints (as a push source would send). */
function hintingProvider() {
  let value = 'v1';
  let version = 1;
  let reads = 0;
  const listeners = new Set<(hint: ChangeHint) => void>();
  const provider: SecretProvider = {
    name: 'hinting',
    async getSecret(request) {
      reads++;
      return { name: request.name, value, version: String(version) };
    },
    watchChanges(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return {
    provider,
    reads: () => reads,
    set(next: string) {
      value = next;
      version++;
    },
    hint: () => {
      for (const listener of listeners) listener({ name: 'app' });
    },
  };
}

let poller: RefPoller | undefined;
afterEach(() => poller?.stop());

describe('nextReadDelay', () => {
  it('stays within ±10% of the interval, whatever the random source returns', () => {
    expect(nextReadDelay(10_000, () => 0)).toBe(9_000);
    expect(nextReadDelay(10_000, () => 0.999999)).toBe(11_000);
    expect(nextReadDelay(10_000, () => Number.NaN)).toBe(9_000);
    expect(nextReadDelay(10_000, () => 7)).toBe(9_000);
  });
});

describe('startRefPoller', () => {
  it('reads at once with immediate, and again at once on a provider hint (no wait for the interval)', async () => {
    const fake = hintingProvider();
    const resolver = createSecretResolver({
      providers: { memory: fake.provider },
      client: WATCH_CLIENT_OPTIONS,
    });
    const reads: RefRead[] = [];
    poller = startRefPoller({
      resolver,
      refs: ['memory://app', 'memory://app'],
      intervalMs: 3_600_000,
      immediate: true,
      onRead: (read) => {
        reads.push(read);
      },
    });
    await waitFor(() => reads.length === 1, 'the first read');
    expect(reads[0]).toEqual({ ok: true, values: new Map([['memory://app', 'v1']]) });
    fake.set('v2');
    await waitFor(() => fake.reads() >= 2, 'the watch to have read once');
    fake.hint();
    await waitFor(() => reads.length === 2, 'a read after the hint');
    expect(reads[1]).toEqual({ ok: true, values: new Map([['memory://app', 'v2']]) });
    await resolver.close();
  });

  it('reports failed reads as failures, with the ref', async () => {
    const resolver = createSecretResolver({
      providers: {
        memory: {
          name: 'failing',
          getSecret: async () => {
            throw new Error('boom');
          },
        },
      },
      client: { ...WATCH_CLIENT_OPTIONS, retry: false },
    });
    const reads: RefRead[] = [];
    poller = startRefPoller({
      resolver,
      refs: ['memory://app'],
      intervalMs: 3_600_000,
      immediate: true,
      onRead: (read) => {
        reads.push(read);
      },
    });
    await waitFor(() => reads.length === 1, 'the first read');
    expect(reads[0]).toMatchObject({
      ok: false,
      failures: [{ ref: 'memory://app', error: { code: 'UNKNOWN' } }],
    });
    await resolver.close();
  });
});
