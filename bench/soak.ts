// Soak (issue 11): a simulated day of about 1,000,000 reads over 200 names with injected faults,
// outages of minutes, hourly rotations and leased secrets, and the budget lines that must hold
// through it: stale-if-error exactly, no out-of-order reads, one replacement per lease lifetime,
// a flat heap, and no call storm during outages.
import { type BenchResult, fmt, ratio } from './shared/report.ts';
import { quantile } from './shared/stats.ts';
import { runSoakDay, type SoakMeasurements } from './soak-day.ts';
import { HOUR, isOutage, MINUTE, SOAK, type Tier } from './soak-plan.ts';

const HEAP_BUDGET_BYTES = 5_000_000;
const MB = 1_000_000;

interface CallRates {
  outage: number;
  outside: number;
}

/** Calls per name per hour inside and outside the outage windows, over the names `pick` selects. */
function callRates(
  m: SoakMeasurements,
  pick: (index: number) => boolean,
): CallRates & { outageP99: number; outageMax: number } {
  const outageMs = m.episodes.filter(isOutage).reduce((sum, e) => sum + e.end - e.start, 0);
  const outsideMs = SOAK.dayHours * HOUR - outageMs;
  const indices = m.names.map((_, i) => i).filter(pick);
  const perName = indices.map((i) => m.calls.inOutage[i] / (outageMs / HOUR));
  const sum = (values: Float64Array) => indices.reduce((total, i) => total + values[i], 0);
  return {
    outage: sum(m.calls.inOutage) / indices.length / (outageMs / HOUR),
    outside: sum(m.calls.outside) / indices.length / (outsideMs / HOUR),
    outageP99: quantile(perName, 0.99),
    outageMax: Math.max(...perName),
  };
}

const clockTime = (ms: number) => {
  const minutes = Math.floor((ms - SOAK.warmupHours * HOUR) / MINUTE);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};

const listed = (map: Map<string | number, number>) =>
  [...map]
    .sort(([a], [b]) => String(a).localeCompare(String(b)))
    .map(([key, count]) => `${key} ${fmt(count)}`)
    .join(', ') || 'none';

export async function soak(): Promise<BenchResult> {
  const m = await runSoakDay();
  const c = m.ledger.counts;
  const staleAllowedErrors = c.errorsWhileStaleAllowed + c.leasedErrorsWhileLive;
  const pastBound = c.servedPastBound + c.servedNeverDelivered + c.leasedServedPastEnd;
  const maxMints = Math.max(0, ...m.lifetimes.histogram.keys());
  const overReplaced = [...m.lifetimes.histogram]
    .filter(([minted]) => minted > 1)
    .reduce((s, [, n]) => s + n, 0);
  const baseline = m.heap[0].bytes;
  const growth = m.heap[m.heap.length - 1].bytes - baseline;
  const peak = Math.max(...m.heap.map((sample) => sample.bytes)) - baseline;
  const all = callRates(m, () => true);
  const callRatio = all.outage / all.outside;
  const tiers: Array<[string, (i: number) => boolean]> = [
    ...(['hot', 'warm', 'cold'] as Tier[]).map((tier): [string, (i: number) => boolean] => [
      `${tier} (${m.names.filter((n) => n.tier === tier).length} names)`,
      (i) => m.names[i].tier === tier,
    ]),
    ['static names', (i) => !m.names[i].leased],
    ['leased names', (i) => m.names[i].leased],
    ['all names', () => true],
  ];
  const boundMin = (SOAK.ttlMs + SOAK.staleIfErrorMs) / MINUTE;
  return {
    name: 'soak',
    title: `Soak (simulated day: ${fmt(m.readsInDay)} reads over ${SOAK.names} names, ${m.episodes.filter(isOutage).length} outages, hourly rotations, ${m.names.filter((n) => n.leased).length} leased names)`,
    tables: [
      {
        headers: ['check', 'measured', 'budget'],
        rows: [
          ['errors surfaced while a stale value was allowed', fmt(staleAllowedErrors), '0'],
          ['values served past ttl + staleIfError (or past their lease)', fmt(pastBound), '0'],
          ['out-of-order reads', fmt(c.outOfOrder), '0'],
          ['most credentials minted in one lease lifetime', fmt(maxMints), '≤ 1'],
          ['heap growth over the day', `${fmt(growth / MB)} MB`, '< 5 MB'],
          ['calls/name/h during outages ÷ no-outage', ratio(callRatio), '≤ 2×'],
        ],
      },
      {
        title: 'Provider calls per name per hour (memory provider call log, every operation)',
        headers: ['names', 'no outage', 'during outages', 'ratio', 'outage p99 / max over names'],
        rows: tiers.map(([label, pick]) => {
          const rates = callRates(m, pick);
          return [
            label,
            fmt(rates.outside),
            fmt(rates.outage),
            ratio(rates.outage / rates.outside),
            `${fmt(rates.outageP99)} / ${fmt(rates.outageMax)}`,
          ];
        }),
      },
      {
        title:
          'Episodes (day time hh:mm; calls from the call log, all names; reads settled in it or the 30 s after)',
        headers: [
          'start',
          'kind',
          'minutes',
          'injection',
          'calls in it',
          'calls/name/h',
          'stale answers',
          'errors',
        ],
        rows: m.episodes.map((episode, i) => [
          clockTime(episode.start),
          episode.kind,
          fmt((episode.end - episode.start) / MINUTE),
          episode.kind === 'unavailable'
            ? "failFor(…, 'UNAVAILABLE')"
            : episode.kind === 'throttled'
              ? `failNext('THROTTLED', retryAfterMs ${fmt(episode.retryAfterMs ?? 0)})`
              : `setLatency(${fmt(episode.latencyMs ?? 0)})${episode.kind === 'timeout' ? ' > timeout 10 s' : ''}`,
          fmt(m.calls.perEpisode[i]),
          fmt(m.calls.perEpisode[i] / SOAK.names / ((episode.end - episode.start) / HOUR)),
          fmt(m.ledger.perEpisode[i].stale),
          fmt(m.ledger.perEpisode[i].errors),
        ]),
      },
      {
        title: 'Workload and outcomes',
        headers: ['what', 'count'],
        rows: [
          ['reads (measured day / warm-up hour)', `${fmt(m.readsInDay)} / ${fmt(m.readsInWarmup)}`],
          ['answers / marked stale', `${fmt(c.served)} / ${fmt(c.servedStale)}`],
          ['errors surfaced, by code', `${fmt(c.errors)} (${listed(m.ledger.errorCodes)})`],
          [
            '… with nothing left to serve (static: past the bound or never fetched / leased: lease over)',
            `${fmt(c.errorsWithNothingToServe)} (${fmt(c.errorsWithNothingToServe - c.leasedErrorsAfterLease)} / ${fmt(c.leasedErrorsAfterLease)})`,
          ],
          [
            'line 1 detail: static within bound / leased with live credential',
            `${fmt(c.errorsWhileStaleAllowed)} / ${fmt(c.leasedErrorsWhileLive)}`,
          ],
          [
            'line 2 detail: past bound / never delivered / credential past lease end',
            `${fmt(c.servedPastBound)} / ${fmt(c.servedNeverDelivered)} / ${fmt(c.leasedServedPastEnd)}`,
          ],
          ['stale flag disagreeing with measured age (information)', fmt(c.mislabelled)],
          ['provider calls that failed (injected faults and timeouts)', fmt(m.calls.failedCalls())],
          ['provider calls by operation and outcome', listed(m.calls.byOutcome)],
          ['sporadic failNext faults queued (1–3 calls each)', fmt(m.sporadicFaults)],
          ['rotations / change hints', `${fmt(m.rotations)} / ${fmt(m.hints)}`],
          [
            'dynamic answers sent after minting, late (after the client timed out)',
            `${fmt(m.late.sent)} (${fmt(m.late.afterAbort)})`,
          ],
          [
            'credentials minted / served lifetimes / never served',
            `${fmt(m.leasesMinted)} / ${fmt(m.lifetimes.lifetimes)} / ${fmt(m.lifetimes.unserved)}`,
          ],
          ['lease lifetimes by credentials minted during them', listed(m.lifetimes.histogram)],
          ['lease events', listed(m.leaseEvents)],
          ['error events, by operation', listed(m.errorEvents)],
          [
            'client stats: hits / misses / staleHits / providerCalls / coalesced / errors',
            [
              m.stats.hits,
              m.stats.misses,
              m.stats.staleHits,
              m.stats.providerCalls,
              m.stats.coalesced,
              m.stats.errors,
            ]
              .map((n) => fmt(n))
              .join(' / '),
          ],
          ['virtual timers fired', fmt(m.timersFired)],
        ],
      },
      {
        title: 'Heap after gc() (heapUsed, MB; hour 0 = end of warm-up, the baseline)',
        headers: m.heap.filter((_, i) => i % 3 === 0 || i === m.heap.length - 1).map((s) => `h${s.hour}`),
        rows: [m.heap.filter((_, i) => i % 3 === 0 || i === m.heap.length - 1).map((s) => fmt(s.bytes / MB))],
      },
    ],
    budgets: [
      {
        line: 'Soak: 0 errors surfaced while a stale value was allowed',
        pass: staleAllowedErrors === 0,
        detail: `${fmt(staleAllowedErrors)} of ${fmt(c.errors)} errors (static: last delivery younger than ${boundMin} min; leased: newest credential still live)`,
      },
      {
        line: 'Soak: 0 stale values served past ttl + staleIfError',
        pass: pastBound === 0,
        detail: `${fmt(c.servedPastBound)} static past ${boundMin} min (worst +${fmt(c.worstOvershootMs)} ms), ${fmt(c.servedNeverDelivered)} never delivered, ${fmt(c.leasedServedPastEnd)} credentials past lease end; ${fmt(c.servedStale)} stale answers of ${fmt(c.served)}`,
      },
      {
        line: 'Soak: 0 out-of-order reads',
        pass: c.outOfOrder === 0,
        detail: `${fmt(c.outOfOrder)} of ${fmt(c.served)} answers older than one already returned`,
      },
      {
        line: 'Soak: at most one replacement credential per lease lifetime',
        pass: maxMints <= 1,
        detail: `max ${maxMints} minted in one lifetime; ${fmt(overReplaced)} of ${fmt(m.lifetimes.lifetimes)} lifetimes had more than one (${listed(m.lifetimes.histogram)})`,
      },
      {
        line: 'Soak: heap growth under 5 MB over the day',
        pass: growth < HEAP_BUDGET_BYTES,
        detail: `${fmt(growth / MB)} MB from the end of warm-up to the end of the day (peak +${fmt(peak / MB)} MB), gc() every hour`,
      },
      {
        line: 'Soak: provider calls per name per hour during outages ≤ 2× the no-outage rate',
        pass: callRatio <= 2,
        detail: `${fmt(all.outage)} vs ${fmt(all.outside)} calls/name/h = ${ratio(callRatio)} (per-name outage p99 ${fmt(all.outageP99)}, max ${fmt(all.outageMax)})`,
      },
    ],
    notes: [
      `Virtual time (bench/shared/virtual-time.ts): a warm-up hour, then 24 measured hours; reads are issued in batches every ${SOAK.tickMs} ms (about ${fmt(SOAK.readsPerDay / (24 * 3600))} reads/s) and due timers fire between batches. Client: ttl ${SOAK.ttlMs / MINUTE} min, staleIfError ${SOAK.staleIfErrorMs / MINUTE} min, retries 3 (100 ms–5 s), timeout ${SOAK.timeoutMs / 1000} s, seeded random.`,
      `Names: ${SOAK.tiers.hot.count} hot (${SOAK.tiers.hot.share * 100}% of reads), ${SOAK.tiers.warm.count} warm (${SOAK.tiers.warm.share * 100}%), ${SOAK.tiers.cold.count} cold (${SOAK.tiers.cold.share * 100}%, each read about every 7 min, past the ttl); every ${SOAK.leasedEvery}th is a dynamic secret (memory defineDynamic: renewable 10 min / max 1 h, or 15 min not renewable). Every static name rotates once an hour (memory set), half announced by emitChange.`,
      `Faults through @secretkit/memory: sporadic failNext (UNAVAILABLE, THROTTLED with retryAfterMs 0.1–3 s, TIMEOUT; mean gap ${SOAK.sporadicFaultGapMs / 1000} s), and per two-hour block one episode: failFor UNAVAILABLE, failNext THROTTLED with Retry-After 2–10 s for every call until clearFaults, setLatency 12 s (past the timeout), or a slow spell of 2–4 s (not an outage). The one addition outside memory (bench/soak-provider.ts): ${SOAK.lateAnswerShare * 100}% of dynamic reads mint the credential and answer ${SOAK.lateAnswerMs / 1000} s later, after the client's timeout.`,
      "Ground truth, never the client's word: each value carries its version index (static) or lease serial (dynamic) as text. Static ages are measured from when the provider handed the value to the client (recorded by the pass-through); credentials are judged against the memory provider's lease table (leases()); call counts come from its call log, read and reset every hour.",
      `Line 1 counts a static read that failed while its last delivered value was younger than ttl + staleIfError (${boundMin} min) when it failed, and a leased read that failed while the newest credential served for the name was still live. Line 2 counts answers at or past that age, values never delivered, and credentials served after their lease ended. Line 4 counts, for every credential a reader got, the credentials minted for that name while it was live. Line 6 compares calls per name per hour that started inside the outage windows with those outside them in the measured day.`,
      'Heap: heapUsed after four gc() at the end of the warm-up (baseline) and of every hour. The figure includes the memory provider, which keeps every version it writes and every lease it issues: the same 4,320 writes and about 1,100 mints grow a bare memory provider by about 1 MB, measured apart.',
    ],
  };
}
