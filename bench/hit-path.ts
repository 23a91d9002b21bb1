// Hit path: ops/s of `await client.get(name)` on a warm cache, against a bare `await map.get(name)`
// loop (the floor) and Powertools' SecretsProvider.get on its warm cache, interleaved rounds.
import { awsSecretsManager } from '@secretkit/aws';
import { createSecretsClient } from '@secretkit/core';
import { Bench } from 'tinybench';
import { awsFake, powertoolsProvider, sdkClient } from './shared/aws-fake.ts';
import { type BenchResult, fmt, ratio } from './shared/report.ts';
import { median } from './shared/stats.ts';

/** Awaited reads per tinybench iteration, so the harness's own timing is not what is measured. */
const READS_PER_ITERATION = 1000;
const ROUNDS = 5;
const TIME_PER_TASK_MS = 250;

export async function hitPath(): Promise<BenchResult> {
  const name = 'bench/hit-path';
  awsFake().put(name, 'pw-0123456789abcdef0123456789abcdef');
  const client = createSecretsClient({ provider: awsSecretsManager({ client: sdkClient() }) });
  const powertools = powertoolsProvider();
  const map = new Map([[name, 'pw-0123456789abcdef0123456789abcdef']]);
  await client.get(name);
  await powertools.get(name);

  const contenders: Record<string, () => Promise<unknown>> = {
    'floor: await map.get': async () => {
      for (let i = 0; i < READS_PER_ITERATION; i++) await map.get(name);
    },
    'secretkit client.get': async () => {
      for (let i = 0; i < READS_PER_ITERATION; i++) await client.get(name);
    },
    'Powertools SecretsProvider.get': async () => {
      for (let i = 0; i < READS_PER_ITERATION; i++) await powertools.get(name);
    },
  };
  const labels = Object.keys(contenders);
  const opsPerRound: Record<string, number[]> = Object.fromEntries(labels.map((label) => [label, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round so no contender always runs first (or right after a GC-heavy one).
    const order = labels.map((_, i) => labels[(i + round) % labels.length]);
    const bench = new Bench({ time: TIME_PER_TASK_MS, warmupTime: 50 });
    for (const label of order) bench.add(label, contenders[label]);
    await bench.run();
    for (const task of bench.tasks) {
      const result = task.result as { state: string; latency?: { mean: number } };
      if (result.state !== 'completed' || !result.latency) throw new Error(`${task.name}: ${result.state}`);
      opsPerRound[task.name].push((READS_PER_ITERATION * 1000) / result.latency.mean);
    }
  }
  await client.close();

  const ops = Object.fromEntries(labels.map((label) => [label, median(opsPerRound[label])]));
  const floor = ops[labels[0]];
  const ours = ops[labels[1]];
  const pt = ops[labels[2]];
  return {
    name: 'hit-path',
    title: 'Hit path (warm cache)',
    tables: [
      {
        headers: ['ratio', 'value', 'budget'],
        rows: [
          ['secretkit ÷ Powertools (ops/s)', ratio(ours / pt), '≥ 2×'],
          ['floor ÷ secretkit (ops/s)', ratio(floor / ours), '≤ 4×'],
        ],
      },
      {
        headers: ['contender', 'median ops/s', ...Array.from({ length: ROUNDS }, (_, i) => `round ${i + 1}`)],
        rows: labels.map((label) => [label, fmt(ops[label]), ...opsPerRound[label].map((v) => fmt(v))]),
      },
    ],
    budgets: [
      {
        line: 'Hit path: at least 2× Powertools warm-hit ops/s',
        pass: ours >= 2 * pt,
        detail: `${fmt(ours)} vs ${fmt(pt)} ops/s = ${ratio(ours / pt)}`,
      },
      {
        line: 'Hit path: within 4× of the floor',
        pass: floor <= 4 * ours,
        detail: `floor ${fmt(floor)} vs ${fmt(ours)} ops/s = ${ratio(floor / ours)} slower`,
      },
    ],
    notes: [
      `${ROUNDS} interleaved rounds (order rotated each round), tinybench ${TIME_PER_TASK_MS} ms per task per round; one iteration = ${READS_PER_ITERATION} sequential awaited reads; median of rounds.`,
      'Both clients use the real AWS SDK answered by the msw fake; only the first read reaches it. Powertools runs with its defaults (maxAge 5 s), so it refetches about once per 5 s of the run — a handful of calls against millions of hits.',
    ],
  };
}
