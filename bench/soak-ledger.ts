// The read-side checks of bench/soak.ts (budget lines 1–4): every answer and every error a reader
// got, judged against what the provider actually delivered (static values) and its lease table
// (dynamic credentials). Values carry their version index as text, "<index>|<name>…", so nothing
// here trusts what the client says about versions or ages.
import type { Secret, SecretRecord } from '@secretkit/core';
import type { MemoryLease } from '@secretkit/memory';
import type { Episode, SoakName } from './soak-plan.ts';

/** More versions than a name gets in a run (one rotation an hour, 25 hours). */
const MAX_INDEX = 64;
/** Composite keys of (name index, lease serial). */
const SERIAL_SPAN = 1_000_000;

export interface ReadCounts {
  served: number;
  /** Answers marked `stale`. */
  servedStale: number;
  errors: number;
  /** Line 1: a static name failed although its last delivered value was younger than ttl + staleIfError. */
  errorsWhileStaleAllowed: number;
  /** Line 1, dynamic names: a read failed while the newest credential served for it was still live. */
  leasedErrorsWhileLive: number;
  /** Errors with nothing left to serve (bound passed, lease over, or never fetched). */
  errorsWithNothingToServe: number;
  /** Of those, dynamic names whose newest credential had ended. */
  leasedErrorsAfterLease: number;
  /** Line 2: a static value served at or past ttl + staleIfError since it was last delivered. */
  servedPastBound: number;
  /** Line 2: a static value served that the provider never delivered. */
  servedNeverDelivered: number;
  /** Line 2, dynamic names: credentials served after their lease ended (distinct credentials). */
  leasedServedPastEnd: number;
  /** Line 3: an answer older (lower index) than one already returned for the name. */
  outOfOrder: number;
  /** `stale` disagreeing with the measured age (stale ⇔ age ≥ ttl). Information, not a budget line. */
  mislabelled: number;
  /** Largest age past the bound among servedPastBound, ms. */
  worstOvershootMs: number;
}

export class SoakLedger {
  readonly counts: ReadCounts = {
    served: 0,
    servedStale: 0,
    errors: 0,
    errorsWhileStaleAllowed: 0,
    leasedErrorsWhileLive: 0,
    errorsWithNothingToServe: 0,
    leasedErrorsAfterLease: 0,
    servedPastBound: 0,
    servedNeverDelivered: 0,
    leasedServedPastEnd: 0,
    outOfOrder: 0,
    mislabelled: 0,
    worstOvershootMs: 0,
  };
  /** Errors readers saw, by code. */
  readonly errorCodes = new Map<string, number>();
  /** Errors and stale answers that settled inside each episode (or in the 30 s after it). */
  readonly perEpisode: Array<{ errors: number; stale: number }>;
  readonly #episodes: Episode[];
  readonly #names: SoakName[];
  readonly #indexOf = new Map<string, number>();
  readonly #ttlMs: number;
  readonly #boundMs: number;
  /** Last time the provider delivered (name, index): the age a cached copy has. */
  readonly #deliveredAt: Float64Array;
  readonly #lastDeliveryAt: Float64Array;
  /** Highest index (or lease serial) returned per name so far. */
  readonly #newestServed: Int32Array;
  /** Dynamic names, checked against the lease table at the end of each hour, then cleared. */
  readonly #leasedLastServedAt = new Map<number, number>();
  readonly #leasedFailures: number[] = [];
  /** Every credential ever served, for the replacements-per-lifetime count. */
  readonly #servedCredentials = new Set<number>();

  /** `episodes` in absolute (Date.now()) milliseconds. */
  constructor(names: SoakName[], episodes: Episode[], ttlMs: number, staleIfErrorMs: number) {
    this.#names = names;
    this.#episodes = episodes;
    this.perEpisode = episodes.map(() => ({ errors: 0, stale: 0 }));
    for (const [index, info] of names.entries()) this.#indexOf.set(info.name, index);
    this.#ttlMs = ttlMs;
    this.#boundMs = ttlMs + staleIfErrorMs;
    this.#deliveredAt = new Float64Array(names.length * MAX_INDEX).fill(Number.NaN);
    this.#lastDeliveryAt = new Float64Array(names.length).fill(Number.NEGATIVE_INFINITY);
    this.#newestServed = new Int32Array(names.length);
  }

  indexOf(name: string): number {
    const index = this.#indexOf.get(name);
    if (index === undefined) throw new Error(`not a soak name: ${name}`);
    return index;
  }

  /** The provider handed a static record to the client at `at`. */
  delivered(record: SecretRecord, at: number): void {
    const name = this.indexOf(record.name);
    const index = versionIndex(String(record.value));
    if (index >= MAX_INDEX) throw new Error(`raise MAX_INDEX: a static name reached version ${index}`);
    this.#deliveredAt[name * MAX_INDEX + index] = at;
    this.#lastDeliveryAt[name] = at;
  }

  /** A read of name `name` answered `secret` at `at`. */
  served(name: number, secret: Secret, at: number): void {
    const counts = this.counts;
    counts.served++;
    if (secret.stale) {
      counts.servedStale++;
      this.#inEpisode(at, 'stale');
    }
    const index = versionIndex(secret.text());
    if (index < this.#newestServed[name]) counts.outOfOrder++;
    else this.#newestServed[name] = index;
    if (this.#names[name].leased) {
      const key = name * SERIAL_SPAN + index;
      this.#leasedLastServedAt.set(key, at);
      this.#servedCredentials.add(key);
      return;
    }
    if (index >= MAX_INDEX) throw new Error(`raise MAX_INDEX: a static name reached version ${index}`);
    const deliveredAt = this.#deliveredAt[name * MAX_INDEX + index];
    if (Number.isNaN(deliveredAt)) {
      counts.servedNeverDelivered++;
      return;
    }
    const age = at - deliveredAt;
    if (age >= this.#boundMs) {
      counts.servedPastBound++;
      counts.worstOvershootMs = Math.max(counts.worstOvershootMs, age - this.#boundMs);
    }
    if (secret.stale !== age >= this.#ttlMs) counts.mislabelled++;
  }

  /** A read of name `name` rejected with `error` at `at`. */
  failed(name: number, error: unknown, at: number): void {
    const counts = this.counts;
    counts.errors++;
    this.#inEpisode(at, 'errors');
    const code = String((error as { code?: unknown }).code ?? 'not a SecretsError');
    this.errorCodes.set(code, (this.errorCodes.get(code) ?? 0) + 1);
    if (this.#names[name].leased) {
      this.#leasedFailures.push(name, this.#newestServed[name], at);
      return;
    }
    if (at - this.#lastDeliveryAt[name] < this.#boundMs) counts.errorsWhileStaleAllowed++;
    else counts.errorsWithNothingToServe++;
  }

  #inEpisode(at: number, what: 'errors' | 'stale'): void {
    // Reads that started in the episode may settle after it: a timeout chain lasts about 40 s.
    const episode = this.#episodes.findIndex((window) => at >= window.start && at < window.end + 30_000);
    if (episode >= 0) this.perEpisode[episode][what]++;
  }

  /**
   * Judges the dynamic reads since the last call against `leases` (a snapshot taken now, so at or
   * after every read judged: a lease's end only moves later, and an ended lease never renews).
   */
  checkLeases(leases: MemoryLease[]): void {
    const ends = new Map<string, number>();
    for (const lease of leases)
      ends.set(lease.id, lease.revoked ? lease.issuedAt.getTime() : lease.expiresAt.getTime());
    const endOf = (key: number) => {
      const name = Math.floor(key / SERIAL_SPAN);
      return ends.get(`${this.#names[name].name}/${key % SERIAL_SPAN}`) ?? Number.NEGATIVE_INFINITY;
    };
    // The lease table's times are Dates, cut to the millisecond, and the virtual clock is not (lease
    // timers fire at fractions of one): a lease reported to end at E ends within [E, E + 1).
    for (const [key, lastAt] of this.#leasedLastServedAt) {
      if (endOf(key) + 1 <= lastAt) this.counts.leasedServedPastEnd++;
    }
    const failures = this.#leasedFailures;
    for (let i = 0; i < failures.length; i += 3) {
      const [name, serial, at] = [failures[i], failures[i + 1], failures[i + 2]];
      if (serial > 0 && endOf(name * SERIAL_SPAN + serial) > at) this.counts.leasedErrorsWhileLive++;
      else {
        this.counts.errorsWithNothingToServe++;
        this.counts.leasedErrorsAfterLease++;
      }
    }
    this.#leasedLastServedAt.clear();
    failures.length = 0;
  }

  /**
   * Line 4: for every credential a reader got, the credentials minted for the same name while it
   * was live (issued after it, before its lease ended). One is its replacement; more are orphans.
   */
  mintsPerLifetime(leases: MemoryLease[]): {
    lifetimes: number;
    histogram: Map<number, number>;
    unserved: number;
  } {
    const byName = new Map<string, MemoryLease[]>();
    for (const lease of leases) {
      const list = byName.get(lease.name) ?? [];
      list.push(lease);
      byName.set(lease.name, list);
    }
    const histogram = new Map<number, number>();
    let lifetimes = 0;
    let unserved = 0;
    for (const [name, list] of byName) {
      const index = this.indexOf(name);
      list.sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime());
      list.forEach((lease, position) => {
        const serial = Number(lease.id.slice(lease.id.lastIndexOf('/') + 1));
        if (!this.#servedCredentials.has(index * SERIAL_SPAN + serial)) {
          unserved++;
          return;
        }
        lifetimes++;
        const end = lease.revoked ? lease.issuedAt.getTime() : lease.expiresAt.getTime();
        let minted = 0;
        for (let next = position + 1; next < list.length && list[next].issuedAt.getTime() < end; next++)
          minted++;
        histogram.set(minted, (histogram.get(minted) ?? 0) + 1);
      });
    }
    return { lifetimes, histogram, unserved };
  }
}

/** The version index (static) or lease serial (dynamic) a value carries: "<index>|…". */
export function versionIndex(text: string): number {
  const index = Number.parseInt(text, 10);
  if (!(Number.isInteger(index) && index >= 1 && index < SERIAL_SPAN))
    throw new Error('a soak value without its index');
  return index;
}
