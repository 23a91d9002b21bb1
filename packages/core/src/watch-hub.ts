// watch(): one poller per name shared by all its listeners, polling every interval ±10% jitter,
// and the per-name listener lists that `rotate` events are delivered to (DESIGN §4, Rotation).
import { unref } from './abort.js';
import { type Duration, parseDuration } from './duration.js';
import { SecretsError } from './errors.js';
import type { RotationEvent } from './events.js';
import { readOptions } from './option-checks.js';
import { unitDraw } from './random.js';

export interface WatchOptions {
  /** How often to poll; at least '1s'. @default '1m' */
  interval?: Duration;
}

/** What a poller needs from the client. */
export interface WatchHost {
  /** One poll: probe the version, re-read when it moved (which emits `rotate`). */
  poll(name: string): Promise<void>;
  /** Reports a poll failure (already de-duplicated by code). */
  reportError(name: string, error: SecretsError): void;
  /** Reports a throwing listener. */
  reportListenerError(name: string, error: unknown): void;
  random(): number;
}

/** Share of the interval a poll may move either way, so a fleet does not poll in lockstep. */
export const POLL_JITTER = 0.1;

/** The shortest poll interval (DESIGN §4 Rotation: below '1s' is CONFIG). */
export const MIN_POLL_INTERVAL_MS = 1_000;

/**
 * The delay before the next poll: interval × [0.9, 1.1]. A `random` that returns anything but a
 * number in [0, 1) draws 0 (interval × 0.9), so no source can make polls come faster than that.
 */
export function nextPollDelay(intervalMs: number, random: () => number): number {
  return Math.max(1, Math.round(intervalMs * (1 - POLL_JITTER + 2 * POLL_JITTER * unitDraw(random))));
}

type RotationListener = (event: RotationEvent) => void;

interface Poller {
  readonly listeners: Map<RotationListener, number>;
  timer: ReturnType<typeof setTimeout> | undefined;
  lastErrorCode: string | undefined;
  /** The version last seen for this name, for rotation detection when the cache has no entry. */
  lastVersion: string | undefined;
}

export class WatchHub {
  readonly #host: WatchHost;
  readonly #pollers = new Map<string, Poller>();

  constructor(host: WatchHost) {
    this.#host = host;
  }

  /** Adds a listener for `name`, starting its poller when it is the first; returns unsubscribe. */
  add(name: string, listener: RotationListener, intervalMs: number): () => void {
    let poller = this.#pollers.get(name);
    const first = !poller;
    if (!poller) {
      poller = {
        listeners: new Map(),
        timer: undefined,
        lastErrorCode: undefined,
        lastVersion: undefined,
      };
      this.#pollers.set(name, poller);
    }
    // A wrapper per subscription, so the same function subscribed twice unsubscribes once each.
    const subscription: RotationListener = (event) => listener(event);
    poller.listeners.set(subscription, intervalMs);
    if (first) this.#schedule(name, poller);
    return () => {
      if (!poller.listeners.delete(subscription) || poller.listeners.size > 0) return;
      clearTimeout(poller.timer);
      this.#pollers.delete(name);
    };
  }

  /** True while someone watches `name`. */
  has(name: string): boolean {
    return this.#pollers.has(name);
  }

  lastVersion(name: string): string | undefined {
    return this.#pollers.get(name)?.lastVersion;
  }

  /** Records the version a read of `name` returned. */
  seen(name: string, version: string | undefined): void {
    const poller = this.#pollers.get(name);
    if (poller && version !== undefined) poller.lastVersion = version;
  }

  /** Reports a failed read of a watched name, once per run of the same error code. */
  failed(name: string, error: SecretsError): void {
    const poller = this.#pollers.get(name);
    if (!poller) return;
    if (error.code !== poller.lastErrorCode) this.#host.reportError(name, error);
    poller.lastErrorCode = error.code;
  }

  /** Delivers a rotation to the listeners of its name; a throwing listener is reported. */
  deliver(event: RotationEvent): void {
    const poller = this.#pollers.get(event.name);
    if (!poller) return;
    for (const listener of [...poller.listeners.keys()]) {
      try {
        listener(event);
      } catch (error) {
        this.#host.reportListenerError(event.name, error);
      }
    }
  }

  /** Stops every poller. */
  stop(): void {
    for (const poller of this.#pollers.values()) clearTimeout(poller.timer);
    this.#pollers.clear();
  }

  #schedule(name: string, poller: Poller): void {
    const intervalMs = Math.min(...poller.listeners.values());
    poller.timer = setTimeout(
      () => void this.#tick(name, poller),
      nextPollDelay(intervalMs, () => this.#host.random()),
    );
    unref(poller.timer);
  }

  async #tick(name: string, poller: Poller): Promise<void> {
    if (this.#pollers.get(name) !== poller) return;
    try {
      await this.#host.poll(name);
      poller.lastErrorCode = undefined;
    } catch (error) {
      this.failed(name, error as SecretsError);
    }
    if (this.#pollers.get(name) === poller) this.#schedule(name, poller);
  }
}

/** The poll interval in ms from watch options; CONFIG for unknown keys or an interval below '1s'. */
export function parseWatchOptions(options: unknown, known: readonly string[] = ['interval']): number {
  if (options === undefined) return parseDuration('1m', 'interval');
  const { interval } = readOptions(options, 'watch options', known, 'watch option');
  const intervalMs = parseDuration(interval === undefined ? '1m' : interval, 'interval');
  if (intervalMs < MIN_POLL_INTERVAL_MS) {
    throw new SecretsError('CONFIG', `interval must be at least '1s' (${MIN_POLL_INTERVAL_MS} ms)`);
  }
  return intervalMs;
}
