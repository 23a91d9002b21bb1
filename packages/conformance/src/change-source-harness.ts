// What the change-source tests of every adapter repeat: a real client started over a provider with
// change sources under fake timers, its `rotate` and `error` events, and pumping loopback I/O.
import {
  type ChangeSource,
  createSecretsClient,
  type RotationEvent,
  type SecretProvider,
  type SecretsClient,
  type SecretsEvents,
} from '@secretkit/core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, vi } from 'vitest';
import type { FakeLifecycle } from './adapter-test-harness.js';

/** A client a change-source test started, with the events it emitted so far. */
export interface WatchedClient {
  readonly client: SecretsClient;
  readonly rotations: RotationEvent[];
  readonly errors: Array<SecretsEvents['error']>;
}

/** The clients of one test file: started on demand, all closed after each test. */
export interface WatchedClients {
  /** Fakes the timers a client and an SDK use (not setImmediate, so loopback I/O still runs). */
  useFakeTimers(): void;
  /**
   * Starts a client over `provider` with `changes` (no retries, jitter fixed at 0.5) and records
   * its `rotate` and `error` events.
   */
  start(provider: SecretProvider, changes: ChangeSource[]): WatchedClient;
  /** Closes `client` with the others (one a test built itself); returns it. */
  track<C extends SecretsClient>(client: C): C;
  /** Closes every client started since the last call, then restores real timers. */
  closeAll(): Promise<void>;
}

/** A new, empty set of clients for a change-source test file. */
export function watchedClients(): WatchedClients {
  const open: SecretsClient[] = [];
  return {
    useFakeTimers() {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    },
    start(provider, changes) {
      const client = createSecretsClient({ provider, retry: false, changes, random: () => 0.5 });
      open.push(client);
      const rotations: RotationEvent[] = [];
      const errors: Array<SecretsEvents['error']> = [];
      client.on('rotate', (event) => rotations.push(event));
      client.on('error', (event) => errors.push(event));
      return { client, rotations, errors };
    },
    track(client) {
      open.push(client);
      return client;
    },
    async closeAll() {
      await Promise.all(open.splice(0).map((client) => client.close()));
      vi.useRealTimers();
    },
  };
}

/** What `useWatchedClients` does around each test besides the clients. */
export interface WatchedClientsHooks {
  /**
   * Wire fakes the clients talk to: listening before the first test; after each test (once the
   * clients closed) checked for unhandled requests and reset; closed after the last.
   * @default none
   */
  fakes?: readonly FakeLifecycle[];
  /** Runs after each test, once the clients closed and the fakes were reset. @default nothing */
  afterEach?: () => void | Promise<void>;
}

/**
 * `watchedClients()` registered for the current test file: fake timers before each test; after
 * it, every client closed, real timers back, then `hooks` (fakes checked and reset, `afterEach`).
 */
export function useWatchedClients(hooks: WatchedClientsHooks = {}): WatchedClients {
  const clients = watchedClients();
  const fakes = hooks.fakes ?? [];
  beforeAll(() => {
    for (const fake of fakes) fake.listen();
  });
  beforeEach(() => clients.useFakeTimers());
  afterEach(async () => {
    await clients.closeAll();
    for (const fake of fakes) {
      expect(fake.unhandledRequests).toEqual([]);
      fake.reset();
    }
    await hooks.afterEach?.();
  });
  afterAll(async () => {
    for (const fake of fakes) await fake.close();
  });
  return clients;
}

/** How hard a pump works each round. */
export interface LoopbackPumpOptions {
  /** setImmediate turns per inner step (an SDK that chains several). @default 1 */
  immediatesPerStep?: number;
  /** Rounds `until` runs before it fails. @default 300 */
  maxRounds?: number;
}

/** Moves fake time and lets real loopback I/O run between the moves. */
export interface LoopbackPump {
  /** Moves fake time by `ms`, then lets loopback I/O and the answers it brings run. */
  run(ms?: number): Promise<void>;
  /** Runs until `done()` holds, moving fake time by `step` each round; fails the test if it never does. */
  until(done: () => boolean, step?: number): Promise<void>;
}

/** A pump for fake timers over real loopback sockets. */
export function loopbackPump(options: LoopbackPumpOptions = {}): LoopbackPump {
  const { immediatesPerStep = 1, maxRounds = 300 } = options;
  async function run(ms = 0) {
    await vi.advanceTimersByTimeAsync(ms);
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < immediatesPerStep; j++) await new Promise((resolve) => setImmediate(resolve));
      await vi.advanceTimersByTimeAsync(0);
    }
  }
  async function until(done: () => boolean, step = 0) {
    for (let i = 0; i < maxRounds && !done(); i++) await run(step);
    expect(done()).toBe(true);
  }
  return { run, until };
}
