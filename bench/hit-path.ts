// Hit path: ops/s of `await client.get(name)` on a warm cache, against a bare `await map.get(name)`
// loop (the floor) and Powertools' SecretsProvider.get on its warm cache, interleaved rounds.
import { awsSecretsManager } from '@secretkit/aws';
import { createSecretsClient } from '@secretkit/core';
import { awsFake, powertoolsProvider, sdkClient } from './shared/aws-fake.ts';
import { interleavedRounds, opsTable, READS_PER_ITERATION, ROUNDS_NOTE } from './shared/hit-path-rounds.ts';
import { type BenchResult, fmt, ratio } from './shared/report.ts';
import { median } from './shared/stats.ts';

export async function hitPath(): Promise<BenchResult> {
  const name = 'bench/hit-path';
  awsFake().put(name, 'pw-0123456789abcdef0123456789abcdef');
  const client = createSecretsClient({ provider: awsSecretsManager({ client: sdkClient() }) });
  const powertools = powertoolsProvider();
  const map = new Map([[name, 'pw-0123456789abcdef0123456789abcdef']]);
  await client.get(name);
  await powertools.get(name);

  const opsPerRound = await interleavedRounds({
    'floor: await map.get': {
      fn: async () => {
        for (let i = 0; i < READS_PER_ITERATION; i++) await map.get(name);
      },
    },
    'secretkit client.get': {
      fn: async () => {
        for (let i = 0; i < READS_PER_ITERATION; i++) await client.get(name);
      },
    },
    'Powertools SecretsProvider.get': {
      fn: async () => {
        for (let i = 0; i < READS_PER_ITERATION; i++) await powertools.get(name);
      },
    },
  });
  await client.close();

  const labels = Object.keys(opsPerRound);
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
      opsTable(opsPerRound),
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
      ROUNDS_NOTE,
      'Both clients use the real AWS SDK answered by the msw fake; only the first read reaches it. Powertools runs with its defaults (maxAge 5 s), so it refetches about once per 5 s of the run — a handful of calls against millions of hits.',
    ],
  };
}
