// Rule 7: at most maxEntries entries, least recently used dropped first; no timer keeps the process alive.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSecretsClient } from '../src/index.js';
import { expectRejection } from './expect-error.js';
import { scriptedProvider } from './scripted-provider.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('maxEntries', () => {
  it('evicts the least recently used entry', async () => {
    const provider = scriptedProvider({ a: 'A', b: 'B', c: 'C' });
    const client = createSecretsClient({ provider, cache: { maxEntries: 2 } });
    await client.get('a');
    await client.get('b');
    await client.get('a'); // a is now more recent than b
    await client.get('c'); // evicts b
    expect(client.stats().entries).toBe(2);
    expect(provider.count()).toBe(3);

    expect(await client.get('a')).toBe('A');
    expect(provider.count()).toBe(3);
    expect(await client.get('b')).toBe('B'); // a miss: evicts c, the least recent now
    expect(provider.count()).toBe(4);
    expect(await client.get('a')).toBe('A');
    expect(provider.count()).toBe(4);
    expect(await client.get('c')).toBe('C');
    expect(provider.count()).toBe(5);
    expect(client.stats().entries).toBe(2);
  });

  it('never holds more than maxEntries, counting versions and stages as entries', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `s${i}`);
    const provider = scriptedProvider(Object.fromEntries(names.map((name) => [name, name.toUpperCase()])));
    provider.setPinned('s0', { version: 'v1' }, 'pinned', 'v1');
    const client = createSecretsClient({ provider, cache: { maxEntries: 3 } });
    for (const name of names) {
      await client.get(name);
      expect(client.stats().entries).toBeLessThanOrEqual(3);
    }
    expect(client.stats().entries).toBe(3);
    await client.get('s0', { version: 'v1' });
    expect(client.stats().entries).toBe(3);
    // The three most recent keys are cached; s7 was dropped for the pinned read.
    await client.get('s9');
    await client.get('s8');
    expect(provider.count()).toBe(11);
    await client.get('s7');
    expect(provider.count()).toBe(12);
  });
});

describe('timers are unref’d', () => {
  type Timer = ReturnType<typeof setTimeout>;

  /** Timers created by setTimeout while `run` goes on, with their delays (real timers). */
  async function timersDuring(run: () => Promise<unknown>): Promise<Array<{ delay: number; timer: Timer }>> {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    try {
      await run();
      return spy.mock.calls.map((call, i) => ({
        delay: Number(call[1]),
        timer: spy.mock.results[i]?.value as Timer,
      }));
    } finally {
      spy.mockRestore();
    }
  }

  it('unrefs each attempt’s timeout timer; an awaited backoff holds the process until the retry', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    provider.failNext('UNAVAILABLE');
    const client = createSecretsClient({
      provider,
      timeout: 4_321,
      retry: { retries: 1, minDelay: '10ms', maxDelay: '10ms' },
      random: () => 0.5,
    });
    const timers = await timersDuring(async () => expect(await client.get('db')).toBe('pw'));
    const timeouts = timers.filter((t) => t.delay === 4_321);
    expect(timeouts).toHaveLength(2);
    for (const { timer } of timeouts) expect(timer.hasRef()).toBe(false);
    const backoffs = timers.filter((t) => t.delay === 5);
    expect(backoffs).toHaveLength(1);
    // A script awaiting get() must not exit in the middle of the backoff (docs/architecture.md).
    expect(backoffs[0]!.timer.hasRef()).toBe(true);
  });

  it('unrefs the backoff timer of a background refresh ahead', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    const client = createSecretsClient({
      provider,
      cache: { ttl: 100 },
      timeout: 4_321,
      retry: { retries: 1, minDelay: '10ms', maxDelay: '10ms' },
      random: () => 0.5,
    });
    await client.get('db');
    await new Promise((resolve) => setTimeout(resolve, 85)); // past 80% of the 100 ms ttl
    provider.failNext('UNAVAILABLE');
    const timers = await timersDuring(async () => {
      expect(await client.get('db')).toBe('pw');
      await new Promise((resolve) => setTimeout(resolve, 30)); // let the background retry run
    });
    const backoffs = timers.filter((t) => t.delay === 5);
    expect(backoffs).toHaveLength(1);
    expect(backoffs[0]!.timer.hasRef()).toBe(false);
    expect(provider.count()).toBe(3);
  });

  it('unrefs the timeout timer of a call that times out', async () => {
    const provider = scriptedProvider({ db: 'pw' });
    provider.hang();
    const client = createSecretsClient({ provider, timeout: 20, retry: false });
    const timers = await timersDuring(() => expectRejection(client.get('db'), 'TIMEOUT'));
    expect(timers.filter((t) => t.delay === 20)).toHaveLength(1);
    for (const { timer } of timers) expect(timer.hasRef()).toBe(false);
  });
});
