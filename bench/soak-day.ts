// The simulated day of bench/soak.ts: one client over the soak provider on the virtual clock, a
// warm-up hour and 24 measured hours of seeded reads, rotations, hints, faults and outages. It
// returns what was measured; bench/soak.ts turns that into budget lines.
import { createSecretsClient, type SecretsStats } from '@secretkit/core';
import { createMemoryProvider, type MemoryProvider } from '@secretkit/memory';
import { seeded } from './shared/random.ts';
import { fullGc } from './shared/stats.ts';
import { VirtualClock } from './shared/virtual-time.ts';
import { CallTally } from './soak-calls.ts';
import { SoakLedger } from './soak-ledger.ts';
import {
  type Episode,
  HOUR,
  type HourAction,
  nameSampler,
  planEpisodes,
  planHour,
  readsInTick,
  SOAK,
  type SoakName,
  soakNames,
} from './soak-plan.ts';
import { soakProvider } from './soak-provider.ts';

export interface SoakMeasurements {
  names: SoakName[];
  /** Episodes in ms from the start of the run. */
  episodes: Episode[];
  ledger: SoakLedger;
  calls: CallTally;
  /** heapUsed after full GCs at the end of the warm-up and of every measured hour. */
  heap: Array<{ hour: number; bytes: number }>;
  lifetimes: ReturnType<SoakLedger['mintsPerLifetime']>;
  leasesMinted: number;
  leaseEvents: Map<string, number>;
  errorEvents: Map<string, number>;
  stats: SecretsStats;
  late: { sent: number; afterAbort: number };
  readsInDay: number;
  readsInWarmup: number;
  rotations: number;
  hints: number;
  sporadicFaults: number;
  timersFired: number;
}

const valueText = (index: number, name: string) => `${index}|${name}`;

export async function runSoakDay(): Promise<SoakMeasurements> {
  const names = soakNames();
  const clock = new VirtualClock().install();
  const runStart = clock.now;
  try {
    const episodes = planEpisodes(seeded(11));
    const absolute = episodes.map((episode) => ({
      ...episode,
      start: runStart + episode.start,
      end: runStart + episode.end,
    }));
    const dayStart = runStart + SOAK.warmupHours * HOUR;
    const ledger = new SoakLedger(names, absolute, SOAK.ttlMs, SOAK.staleIfErrorMs);
    const calls = new CallTally(names.length, absolute, dayStart, (name) => ledger.indexOf(name));
    const memory = createMemoryProvider({
      secrets: Object.fromEntries(names.filter((n) => !n.leased).map((n) => [n.name, valueText(1, n.name)])),
    });
    const dynamic = new Set<string>();
    for (const info of names) {
      if (!info.leased) continue;
      dynamic.add(info.name);
      const generate = (serial: number) => valueText(serial, info.name);
      const { ttlMs, maxTtlMs, fixedTtlMs } = SOAK.lease;
      memory.defineDynamic(
        info.name,
        info.renewable
          ? { ttl: ttlMs, maxTtl: maxTtlMs, generate }
          : { ttl: fixedTtlMs, renewable: false, generate },
      );
    }
    const lateDraw = seeded(13);
    const provider = soakProvider(memory, {
      isDynamic: (name) => dynamic.has(name),
      answerLate: () => lateDraw() < SOAK.lateAnswerShare,
      lateAnswerMs: SOAK.lateAnswerMs,
      delivered: (record, at) => ledger.delivered(record, at),
    });
    const client = createSecretsClient({
      provider,
      cache: { ttl: SOAK.ttlMs, staleIfError: SOAK.staleIfErrorMs, maxEntries: 1000 },
      retry: { retries: 3, minDelay: '100ms', maxDelay: '5s' },
      timeout: SOAK.timeoutMs,
      random: seeded(17),
    });
    const leaseEvents = new Map<string, number>();
    const errorEvents = new Map<string, number>();
    const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
    client.on('lease', (event) => bump(leaseEvents, event.status));
    client.on('error', (event) => bump(errorEvents, event.operation));

    const versions = new Int32Array(names.length).fill(1);
    const counters = { rotations: 0, hints: 0, sporadicFaults: 0 };
    const apply = (action: HourAction) => {
      if (action.kind === 'fault') {
        counters.sporadicFaults++;
        const { code, times, retryAfterMs } = action;
        memory.failNext(code, retryAfterMs === undefined ? { times } : { times, retryAfterMs });
        return;
      }
      const { name } = names[action.index];
      const index = ++versions[action.index];
      const version = memory.set(name, valueText(index, name));
      if (version !== String(index)) throw new Error(`memory wrote version ${version}, expected ${index}`);
      counters.rotations++;
      if (action.hint) {
        setTimeout(() => {
          counters.hints++;
          memory.emitChange({ name, version });
        }, action.hintDelayMs);
      }
    };

    const nextName = nameSampler(seeded(7));
    const planDraw = seeded(19);
    const heap: SoakMeasurements['heap'] = [];
    const reads = { pending: 0, day: 0, warmup: 0 };
    const hours = SOAK.warmupHours + SOAK.dayHours;
    let tick = 0;
    for (let hour = 0; hour < hours; hour++) {
      const hourStart = runStart + hour * HOUR;
      for (const action of planHour(hour, names, episodes, planDraw)) {
        setTimeout(() => apply(action), runStart + action.at - clock.now);
      }
      for (const episode of absolute) {
        if (episode.start >= hourStart && episode.start < hourStart + HOUR)
          scheduleEpisode(memory, episode, clock.now);
      }
      const inDay = hour >= SOAK.warmupHours;
      for (let at = hourStart; at < hourStart + HOUR; at += SOAK.tickMs, tick++) {
        await clock.advanceTo(at);
        const count = readsInTick(tick);
        if (inDay) reads.day += count;
        else reads.warmup += count;
        for (let r = 0; r < count; r++) {
          const name = nextName();
          reads.pending++;
          client.getSecret(names[name].name).then(
            (secret) => {
              reads.pending--;
              ledger.served(name, secret, Date.now());
            },
            (error: unknown) => {
              reads.pending--;
              ledger.failed(name, error, Date.now());
            },
          );
        }
      }
      await clock.advanceTo(hourStart + HOUR);
      calls.add(memory.calls);
      memory.resetCalls();
      ledger.checkLeases(memory.leases());
      if (hour >= SOAK.warmupHours - 1) {
        fullGc();
        heap.push({ hour: hour + 1 - SOAK.warmupHours, bytes: process.memoryUsage().heapUsed });
      }
    }
    // Reads still waiting on the provider at the end of the day settle before anything is judged.
    for (let guard = 0; reads.pending > 0 && guard < 600; guard++) await clock.advanceBy(1_000);
    if (reads.pending > 0) throw new Error(`${reads.pending} reads never settled`);
    calls.add(memory.calls);
    memory.resetCalls();
    const leases = memory.leases();
    ledger.checkLeases(leases);
    const lifetimes = ledger.mintsPerLifetime(leases);
    const stats = client.stats();
    await client.close();
    return {
      names,
      episodes,
      ledger,
      calls,
      heap,
      lifetimes,
      leasesMinted: leases.length,
      leaseEvents,
      errorEvents,
      stats,
      late: { ...provider.late },
      readsInDay: reads.day,
      readsInWarmup: reads.warmup,
      ...counters,
      timersFired: clock.fired,
    };
  } finally {
    clock.uninstall();
  }
}

/** Starts (and, where the provider needs it, ends) one episode with the memory provider's fault injection. */
function scheduleEpisode(memory: MemoryProvider, episode: Episode, now: number): void {
  const duration = episode.end - episode.start;
  const at = (time: number, action: () => void) => setTimeout(action, time - now);
  switch (episode.kind) {
    case 'unavailable':
      at(episode.start, () => memory.failFor(duration, 'UNAVAILABLE'));
      return;
    case 'throttled':
      // Every call THROTTLED with Retry-After until the end (no sporadic fault is queued meanwhile).
      at(episode.start, () =>
        memory.failNext('THROTTLED', { times: 1_000_000_000, retryAfterMs: episode.retryAfterMs }),
      );
      at(episode.end, () => memory.clearFaults());
      return;
    case 'timeout':
    case 'slow':
      at(episode.start, () => memory.setLatency(episode.latencyMs ?? 0));
      at(episode.end, () => memory.setLatency(0));
  }
}
