// The measuring loop both hit-path benchmarks share: interleaved tinybench rounds over contenders
// whose iteration is a fixed number of sequential awaited reads, and the table of their ops/s.
import { Bench, type FnOptions } from 'tinybench';
import { fmt, type Table } from './report.ts';
import { median } from './stats.ts';

/** Awaited reads per tinybench iteration, so the harness's own timing is not what is measured. */
export const READS_PER_ITERATION = 1000;
export const ROUNDS = 5;
export const TIME_PER_TASK_MS = 250;

/** One contender: an iteration (READS_PER_ITERATION reads) and, if it needs them, phase hooks. */
export interface Contender {
  fn: () => Promise<unknown>;
  hooks?: Pick<FnOptions, 'beforeAll' | 'afterAll'>;
}

/** Ops/s of each contender in each of ROUNDS rounds, by label, in the order `contenders` lists them. */
export async function interleavedRounds(
  contenders: Record<string, Contender>,
): Promise<Record<string, number[]>> {
  const labels = Object.keys(contenders);
  const opsPerRound: Record<string, number[]> = Object.fromEntries(labels.map((label) => [label, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round so no contender always runs first (or right after a GC-heavy one).
    const order = labels.map((_, i) => labels[(i + round) % labels.length]);
    const bench = new Bench({ time: TIME_PER_TASK_MS, warmupTime: 50 });
    for (const label of order) bench.add(label, contenders[label].fn, contenders[label].hooks);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result as { state: string; latency?: { mean: number } };
      if (result.state !== 'completed' || !result.latency) throw new Error(`${task.name}: ${result.state}`);
      opsPerRound[task.name].push((READS_PER_ITERATION * 1000) / result.latency.mean);
    }
  }
  return opsPerRound;
}

/** The raw numbers: each contender's median ops/s, then every round's. */
export function opsTable(opsPerRound: Record<string, number[]>): Table {
  return {
    headers: ['contender', 'median ops/s', ...Array.from({ length: ROUNDS }, (_, i) => `round ${i + 1}`)],
    rows: Object.entries(opsPerRound).map(([label, ops]) => [
      label,
      fmt(median(ops)),
      ...ops.map((v) => fmt(v)),
    ]),
  };
}

/** The method note both benchmarks open with. */
export const ROUNDS_NOTE = `${ROUNDS} interleaved rounds (order rotated each round), tinybench ${TIME_PER_TASK_MS} ms per task per round; one iteration = ${READS_PER_ITERATION} sequential awaited reads; median of rounds.`;
