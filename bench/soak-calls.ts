// Provider calls in bench/soak.ts, tallied from the memory provider's own call log (read and reset
// every hour, so the log never grows through the day): per name inside and outside the outage
// windows of the measured day (budget line 6), per episode, and per operation and outcome.
import type { MemoryCall } from '@secretkit/memory';
import { type Episode, isOutage } from './soak-plan.ts';

export class CallTally {
  /** Calls per name that started inside an outage window of the measured day. */
  readonly inOutage: Float64Array;
  /** Calls per name that started in the measured day outside every outage window. */
  readonly outside: Float64Array;
  /** Calls that started inside each episode (all names). */
  readonly perEpisode: number[];
  /** Every call of the run, warm-up included, by `operation outcome`. */
  readonly byOutcome = new Map<string, number>();
  readonly #episodes: Episode[];
  readonly #dayStart: number;
  readonly #indexOf: (name: string) => number;

  /** Times are absolute (Date.now()) milliseconds; `episodes` are already shifted to them. */
  constructor(names: number, episodes: Episode[], dayStart: number, indexOf: (name: string) => number) {
    this.inOutage = new Float64Array(names);
    this.outside = new Float64Array(names);
    this.perEpisode = episodes.map(() => 0);
    this.#episodes = episodes;
    this.#dayStart = dayStart;
    this.#indexOf = indexOf;
  }

  add(calls: ReadonlyArray<MemoryCall>): void {
    for (const call of calls) {
      const key = `${call.operation} ${call.outcome}`;
      this.byOutcome.set(key, (this.byOutcome.get(key) ?? 0) + 1);
      if (call.at < this.#dayStart || call.name === undefined) continue;
      const name = this.#indexOf(call.name);
      const episode = this.#episodes.findIndex((window) => call.at >= window.start && call.at < window.end);
      if (episode >= 0) this.perEpisode[episode]++;
      if (episode >= 0 && isOutage(this.#episodes[episode])) this.inOutage[name]++;
      else this.outside[name]++;
    }
  }

  /** Calls in the run that failed by injection or timed out (every outcome but ok). */
  failedCalls(): number {
    let failed = 0;
    for (const [key, count] of this.byOutcome) if (!key.endsWith(' ok')) failed += count;
    return failed;
  }
}
