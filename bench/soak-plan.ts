// The simulated day of bench/soak.ts as data: the names and their tiers, the seeded read mix, the
// outage episodes and each hour's rotations, change hints and sporadic faults. Pure: no clock.

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** The workload and the client settings the budget lines are checked against. */
export const SOAK = {
  names: 200,
  /** Hot names take 75% of reads, warm 24%, cold 1% (a cold name is read about every 7 min, past the ttl). */
  tiers: {
    hot: { count: 20, share: 0.75 },
    warm: { count: 130, share: 0.24 },
    cold: { count: 50, share: 0.01 },
  },
  /** Every 10th name is a dynamic secret (20 of 200, spread over the tiers). */
  leasedEvery: 10,
  readsPerDay: 1_000_000,
  /** One hour before the measured day: the cache fills, the JIT warms, the heap baseline is taken after it. */
  warmupHours: 1,
  dayHours: 24,
  /** Reads of one tick are issued together at its instant; due timers fire between ticks. */
  tickMs: 250,
  ttlMs: 5 * MINUTE,
  staleIfErrorMs: 15 * MINUTE,
  timeoutMs: 10_000,
  /** Renewable leases: 10 min TTL, 1 h max TTL (renewed, then replaced near the max); the others: 15 min, not renewable. */
  lease: { ttlMs: 10 * MINUTE, maxTtlMs: HOUR, fixedTtlMs: 15 * MINUTE },
  /** Share of dynamic reads the provider answers only after minting and after the client's timeout (defect 9). */
  lateAnswerShare: 0.1,
  lateAnswerMs: 15_000,
  /** Mean gap between sporadic faults (failNext, 1–3 calls each) outside the episodes. */
  sporadicFaultGapMs: 15_000,
  /** Share of rotations followed (0–30 s later) by a change hint. */
  hintShare: 0.5,
} as const;

export type Tier = 'hot' | 'warm' | 'cold';

export interface SoakName {
  name: string;
  tier: Tier;
  leased: boolean;
  /** Leased names only: renewable (10 min / max 1 h) or fixed (15 min, replaced at 85–95%). */
  renewable: boolean;
}

export function soakNames(): SoakName[] {
  const { hot, warm } = SOAK.tiers;
  return Array.from({ length: SOAK.names }, (_, i) => {
    const tier: Tier = i < hot.count ? 'hot' : i < hot.count + warm.count ? 'warm' : 'cold';
    const leased = i % SOAK.leasedEvery === SOAK.leasedEvery - 1;
    const renewable = leased && i % (4 * SOAK.leasedEvery) !== SOAK.leasedEvery - 1;
    return {
      name: `soak/${tier}/${String(i).padStart(3, '0')}${leased ? '/creds' : ''}`,
      tier,
      leased,
      renewable,
    };
  });
}

/** Draws the index of the next name read: a tier by its share, then a name of it uniformly. */
export function nameSampler(random: () => number): () => number {
  const { hot, warm, cold } = SOAK.tiers;
  return () => {
    const tier = random();
    const within = random();
    if (tier < hot.share) return Math.floor(within * hot.count);
    if (tier < hot.share + warm.share) return hot.count + Math.floor(within * warm.count);
    return hot.count + warm.count + Math.floor(within * cold.count);
  };
}

/** Reads in tick `tick` (0-based over the whole run) so that every hour gets readsPerDay / 24. */
export function readsInTick(tick: number): number {
  const perTick = SOAK.readsPerDay / ((SOAK.dayHours * HOUR) / SOAK.tickMs);
  return Math.floor((tick + 1) * perTick) - Math.floor(tick * perTick);
}

/**
 * An episode, in ms from the start of the run. Outages (`unavailable`, `throttled`, `timeout`)
 * fail every call; `slow` answers within the timeout, so it is not an outage.
 */
export interface Episode {
  kind: 'unavailable' | 'throttled' | 'timeout' | 'slow';
  start: number;
  end: number;
  /** throttled: the Retry-After on every THROTTLED answer. */
  retryAfterMs?: number;
  /** timeout and slow: the latency of every call (timeout: longer than the client's 10 s). */
  latencyMs?: number;
}

export function isOutage(episode: Episode): boolean {
  return episode.kind !== 'slow';
}

/**
 * Twelve episodes in the measured day, one per two-hour block at a seeded offset: each outage kind
 * three times, lasting about 24, 12 and 4 minutes (24 min outlives ttl + staleIfError for values
 * fetched just before it, so errors become legitimate at its end), and three slow spells.
 */
export function planEpisodes(random: () => number): Episode[] {
  const kinds: Episode['kind'][] = ['unavailable', 'throttled', 'timeout', 'slow'];
  const outageMinutes = [24, 12, 4];
  const slowMinutes = [10, 6, 15];
  const dayStart = SOAK.warmupHours * HOUR;
  const episodes: Episode[] = [];
  for (let block = 0; block < SOAK.dayHours / 2; block++) {
    const kind = kinds[block % kinds.length];
    const round = Math.floor(block / kinds.length);
    const minutes = (kind === 'slow' ? slowMinutes : outageMinutes)[round] + (random() - 0.5) * 2;
    const duration = Math.round(minutes * MINUTE);
    const blockStart = dayStart + block * 2 * HOUR;
    const start = blockStart + 10 * MINUTE + Math.floor(random() * (2 * HOUR - 20 * MINUTE - duration));
    const episode: Episode = { kind, start, end: start + duration };
    if (kind === 'throttled') episode.retryAfterMs = 2_000 + Math.floor(random() * 8_000);
    if (kind === 'timeout') episode.latencyMs = 12_000;
    if (kind === 'slow') episode.latencyMs = 2_000 + Math.floor(random() * 2_000);
    episodes.push(episode);
  }
  return episodes;
}

/** One scheduled change to the provider, in ms from the start of the run. */
export type HourAction =
  | { at: number; kind: 'rotate'; index: number; hint: boolean; hintDelayMs: number }
  | {
      at: number;
      kind: 'fault';
      code: 'UNAVAILABLE' | 'THROTTLED' | 'TIMEOUT';
      times: number;
      retryAfterMs?: number;
    };

/**
 * The hour's rotations (each static name once, at a seeded minute; half announced by a hint) and
 * sporadic faults (exponential gaps, never inside an episode), sorted by time.
 */
export function planHour(
  hour: number,
  names: SoakName[],
  episodes: Episode[],
  random: () => number,
): HourAction[] {
  const start = hour * HOUR;
  const actions: HourAction[] = [];
  names.forEach((info, index) => {
    if (info.leased) return;
    const hint = random() < SOAK.hintShare;
    actions.push({
      at: start + Math.floor(random() * HOUR),
      kind: 'rotate',
      index,
      hint,
      hintDelayMs: Math.floor(random() * 30_000),
    });
  });
  const gap = () => -Math.log(1 - random()) * SOAK.sporadicFaultGapMs; // exponential: a Poisson process
  for (let at = start + gap(); at < start + HOUR; at += gap()) {
    const pick = random();
    const times = 1 + Math.floor(random() * 3);
    if (episodes.some((episode) => at >= episode.start && at < episode.end)) continue;
    const when = Math.floor(at);
    if (pick < 0.5) actions.push({ at: when, kind: 'fault', code: 'UNAVAILABLE', times });
    else if (pick < 0.8)
      actions.push({
        at: when,
        kind: 'fault',
        code: 'THROTTLED',
        times,
        retryAfterMs: 100 + Math.floor(random() * 2_900),
      });
    else actions.push({ at: when, kind: 'fault', code: 'TIMEOUT', times });
  }
  return actions.sort((a, b) => a.at - b.at);
}
