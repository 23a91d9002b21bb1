// The thin stateful shell around lease-schedule.ts: one timer per cached lease, renewals through
// provider.renewLease (no retry policy: the lease backoff is its only retry), the one replacement
// per lease lifetime, and `lease` / `rotate` events (DESIGN §4, Leases).
import { unref } from './abort.js';
import { emitLease } from './diagnostics.js';
import { type SecretsError, toSecretsError } from './errors.js';
import type { EventHub } from './events.js';
import {
  afterRenewal,
  afterRenewalError,
  type LeaseClock,
  type LeaseStep,
  nextStep,
  startLease,
} from './lease-schedule.js';
import type { Lease, SecretProvider, SecretRequest } from './provider.js';
import { attemptAlone } from './provider-call.js';

/** What the manager needs from the client. */
export interface LeaseHost {
  readonly provider: SecretProvider;
  readonly timeoutMs: number;
  readonly events: EventHub;
  readonly signal: AbortSignal;
  /** Keep replaced and evicted leases until they end, for `revokeOnClose`. */
  readonly keepRetired: boolean;
  random(): number;
  /**
   * The one replacement read for the entry at `key`, whose lease is `leaseId`: a single provider
   * call outside the retry policy that stores the new credential (emitting `lease` replaced and
   * `rotate`); it rejects on failure or timeout (a late answer is then used or revoked by the host).
   */
  replace(key: string, request: SecretRequest, leaseId: string): Promise<unknown>;
  /** Until when the provider is backing off (ms epoch), if it is now. */
  backoffUntil(now: number): number | undefined;
  /** The lease of the entry at `key` now ends at `endsAt` (a renewal moved it). */
  extend(key: string, endsAt: number): void;
  /** The lease at `key` ended without a replacement: drop the entry. */
  expire(key: string): void;
}

/** The longest single timer wait; longer ones are chained (a Node timer fires at once past 2^31−1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Retired leases are swept whole when their count doubles (from this size): amortised O(1). */
const RETIRED_SWEEP_FROM = 64;

interface TrackedLease {
  readonly key: string;
  readonly request: SecretRequest;
  lease: Lease;
  clock: LeaseClock;
  /** When the lease ends (ms epoch), moved on by renewals. */
  endsAt: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface RetiredLease {
  readonly name: string;
  readonly lease: Lease;
  readonly endsAt: number;
}

export class LeaseManager {
  readonly #host: LeaseHost;
  readonly #tracked = new Map<string, TrackedLease>();
  /** Leases no longer tracked (replaced, evicted) that may still be live, for revokeOnClose. */
  readonly #retired = new Map<string, RetiredLease>();
  #sweepAt = RETIRED_SWEEP_FROM;

  constructor(host: LeaseHost) {
    this.#host = host;
  }

  /** Starts (or restarts) the schedule of the lease held by the entry at `key`. */
  track(key: string, request: SecretRequest, lease: Lease, now: number): void {
    this.untrack(key);
    if (!(lease.ttlMs > 0)) return; // an already-ended lease is never served; nothing to schedule
    const renewable = lease.renewable && typeof this.#host.provider.renewLease === 'function';
    const clock = startLease({ ...lease, renewable }, now, () => this.#host.random());
    const tracked: TrackedLease = { key, request, lease, clock, endsAt: now + lease.ttlMs, timer: undefined };
    this.#tracked.set(key, tracked);
    this.#schedule(tracked, nextStep(clock));
  }

  /** Stops the schedule of `key` (entry evicted, invalidated or replaced); the lease is retired. */
  untrack(key: string): void {
    const tracked = this.#tracked.get(key);
    if (!tracked) return;
    clearTimeout(tracked.timer);
    this.#tracked.delete(key);
    this.#retire({ name: tracked.request.name, lease: tracked.lease, endsAt: tracked.endsAt });
  }

  /** Remembers a lease nobody schedules (no cache): only so `revokeOnClose` can revoke it. */
  remember(name: string, lease: Lease, now: number): void {
    this.#retire({ name, lease, endsAt: now + lease.ttlMs });
  }

  /** Every lease still live at `now`, tracked or retired, each once; stops all schedules. */
  stop(now: number): Array<{ name: string; lease: Lease }> {
    for (const key of [...this.#tracked.keys()]) this.untrack(key);
    const live = [...this.#retired.values()].filter((retired) => retired.endsAt > now);
    this.#retired.clear();
    return live.map(({ name, lease }) => ({ name, lease }));
  }

  /**
   * Keeps a lease that left its entry until it ends, only when close() will revoke it. Ended ones
   * go oldest first on each retirement, and in a full sweep whenever the count has doubled.
   */
  #retire(retired: RetiredLease): void {
    if (!this.#host.keepRetired) return;
    const now = Date.now();
    this.#retired.delete(retired.lease.id);
    if (retired.endsAt > now) this.#retired.set(retired.lease.id, retired);
    for (const [id, oldest] of this.#retired) {
      if (oldest.endsAt > now) break;
      this.#retired.delete(id);
    }
    if (this.#retired.size < this.#sweepAt) return;
    for (const [id, lease] of this.#retired) if (lease.endsAt <= now) this.#retired.delete(id);
    this.#sweepAt = Math.max(RETIRED_SWEEP_FROM, 2 * this.#retired.size);
  }

  #schedule(tracked: TrackedLease, step: LeaseStep): void {
    const wait = Math.max(0, step.at - Date.now());
    tracked.timer = setTimeout(
      () => {
        if (this.#tracked.get(tracked.key) !== tracked || this.#host.signal.aborted) return;
        if (Date.now() < step.at) return this.#schedule(tracked, step); // a chained long wait
        void (step.kind === 'renew' ? this.#renew(tracked) : this.#replace(tracked));
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    unref(tracked.timer);
  }

  async #renew(tracked: TrackedLease): Promise<void> {
    const { provider, timeoutMs, events, signal } = this.#host;
    const name = tracked.request.name;
    try {
      const renewed = await attemptAlone((context) => provider.renewLease!(tracked.lease, context), {
        signal,
        timeoutMs,
        provider: provider.name,
        secretName: name,
        method: 'renewLease',
      });
      if (this.#tracked.get(tracked.key) !== tracked) return;
      const now = Date.now();
      tracked.clock = afterRenewal(tracked.clock, renewed, now, () => this.#host.random());
      tracked.lease = { ...tracked.lease, ttlMs: renewed.ttlMs, renewable: renewed.renewable };
      tracked.endsAt = now + renewed.ttlMs;
      this.#host.extend(tracked.key, tracked.endsAt);
      emitLease(events, provider.name, { name, leaseId: tracked.lease.id, status: 'renewed' });
      this.#schedule(tracked, nextStep(tracked.clock));
    } catch (caught) {
      if (this.#tracked.get(tracked.key) !== tracked || signal.aborted) return;
      const error = toSecretsError(caught, { provider: provider.name, secretName: name });
      emitLease(events, provider.name, { name, leaseId: tracked.lease.id, status: 'renew-failed' });
      events.emit('error', { name, operation: 'renew-lease', error });
      const next = afterRenewalError(tracked.clock, error.code, error.statusCode, Date.now(), () =>
        this.#host.random(),
      );
      tracked.clock = next.clock;
      this.#schedule(tracked, next.step);
    }
  }

  /**
   * The one replacement per lease lifetime (DESIGN §4 Leases). While the provider backs off it
   * waits for the end of the back-off (if that comes before the lease ends). If the read fails or
   * times out, the current credential is served until its lease ends; then the entry goes and the
   * next read fetches normally.
   */
  async #replace(tracked: TrackedLease): Promise<void> {
    const { events, signal } = this.#host;
    const backoffUntil = this.#host.backoffUntil(Date.now());
    if (backoffUntil !== undefined) {
      if (backoffUntil < tracked.endsAt) this.#schedule(tracked, { kind: 'replace', at: backoffUntil });
      else this.#scheduleExpiry(tracked);
      return;
    }
    try {
      await this.#host.replace(tracked.key, tracked.request, tracked.lease.id);
    } catch (caught) {
      if (signal.aborted) return;
      const name = tracked.request.name;
      events.emit('error', { name, operation: 'replace-lease', error: caught as SecretsError });
      if (this.#tracked.get(tracked.key) !== tracked) return; // a permanent error evicted the entry
      this.#scheduleExpiry(tracked);
    }
  }

  /** The lease runs out with no replacement: at its end, drop the entry and say so. */
  #scheduleExpiry(tracked: TrackedLease): void {
    const wait = Math.max(0, tracked.endsAt - Date.now());
    tracked.timer = setTimeout(
      () => {
        if (this.#tracked.get(tracked.key) !== tracked) return;
        if (Date.now() < tracked.endsAt) return this.#scheduleExpiry(tracked); // a chained long wait
        this.#tracked.delete(tracked.key);
        emitLease(this.#host.events, this.#host.provider.name, {
          name: tracked.request.name,
          leaseId: tracked.lease.id,
          status: 'expired',
        });
        this.#host.expire(tracked.key);
      },
      Math.min(wait, MAX_TIMER_MS),
    );
    unref(tracked.timer);
  }
}
