// The raw-numbers table of the benchmarks that time whole processes: per process, the median,
// min and max wall time of its runs.
import { fmt, type Table } from './report.ts';
import { median } from './stats.ts';

/** One row per `[process label, wall-time samples in ms]`, under a header naming the run count. */
export function wallTimeTable(runs: number, processes: Array<[label: string, samplesMs: number[]]>): Table {
  return {
    headers: ['process', `median wall ms of ${runs}`, 'min', 'max'],
    rows: processes.map(([label, samples]) => [
      label,
      fmt(median(samples)),
      fmt(Math.min(...samples)),
      fmt(Math.max(...samples)),
    ]),
  };
}
