// Hit path with observability: ops/s of `await client.get(name)` on a warm cache with nobody
// listening on secretkit's diagnostics channels, against the same with `instrumentSecretkit()`
// recording into a real OpenTelemetry SDK (each hit: a `secretkit:cache` message and a counter add).
import { hasSubscribers } from 'node:diagnostics_channel';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { createSecretsClient } from '@secretkit/core';
import { createMemoryProvider } from '@secretkit/memory';
import { instrumentSecretkit, type SecretkitInstrumentation } from '@secretkit/opentelemetry';
import { interleavedRounds, opsTable, READS_PER_ITERATION, ROUNDS_NOTE } from './shared/hit-path-rounds.ts';
import { type BenchResult, fmt, ratio } from './shared/report.ts';
import { median } from './shared/stats.ts';

const PLAIN = 'client.get, no subscribers';
const INSTRUMENTED = 'client.get, instrumentSecretkit()';

export async function hitPathInstrumented(): Promise<BenchResult> {
  const name = 'bench/hit-path';
  const provider = createMemoryProvider({ secrets: { [name]: 'pw-0123456789abcdef0123456789abcdef' } });
  const client = createSecretsClient({ provider });
  await client.get(name);
  // A real SDK: spans go to a provider with no processor (hits make none anyway), metrics to a
  // reader that aggregates them and exports only at shutdown.
  const tracerProvider = new TracerProvider();
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  let instrumentation: SecretkitInstrumentation | undefined;
  let instrumentedReads = 0;

  const loop = async () => {
    for (let i = 0; i < READS_PER_ITERATION; i++) await client.get(name);
  };
  const opsPerRound = await interleavedRounds({
    [PLAIN]: {
      fn: loop,
      hooks: {
        beforeAll: () => {
          if (hasSubscribers('secretkit:cache')) throw new Error('a subscriber is left from another task');
        },
      },
    },
    [INSTRUMENTED]: {
      fn: async () => {
        await loop();
        instrumentedReads += READS_PER_ITERATION;
      },
      hooks: {
        beforeAll: () => {
          instrumentation = instrumentSecretkit({ tracerProvider, meterProvider });
        },
        afterAll: () => {
          instrumentation?.disable();
        },
      },
    },
  });
  await client.close();
  // Proof the instrumented runs recorded: every one of their hits is in the counter.
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
  const hitsCounted = exporter
    .getMetrics()
    .at(-1)
    ?.scopeMetrics.flatMap((scope) => scope.metrics)
    .find((metric) => metric.descriptor.name === 'secretkit.cache.hits')
    ?.dataPoints.reduce((sum, point) => sum + (point.value as number), 0);
  if (hitsCounted !== instrumentedReads) {
    throw new Error(`secretkit.cache.hits counted ${hitsCounted} of ${instrumentedReads} instrumented reads`);
  }

  const plain = median(opsPerRound[PLAIN]);
  const instrumented = median(opsPerRound[INSTRUMENTED]);
  return {
    name: 'hit-path-instrumented',
    title: 'Hit path with instrumentSecretkit()',
    tables: [
      {
        headers: ['ratio', 'value', 'budget'],
        rows: [['no subscribers ÷ instrumented (ops/s)', ratio(plain / instrumented), '≤ 2×']],
      },
      opsTable(opsPerRound),
    ],
    budgets: [
      {
        line: 'Hit path with instrumentSecretkit(): at most 2× slower than with no subscribers',
        pass: plain <= 2 * instrumented,
        detail: `${fmt(plain)} vs ${fmt(instrumented)} ops/s = ${ratio(plain / instrumented)} slower`,
      },
    ],
    notes: [
      `${ROUNDS_NOTE} The instrumentation is enabled in the instrumented task's beforeAll and disabled in its afterAll, so the other task runs with no subscriber on any secretkit channel (checked).`,
      `Memory provider; only the first read reaches it. The SDK is @opentelemetry/sdk-metrics 3 with a cumulative reader: each instrumented hit publishes one \`secretkit:cache\` message and adds 1 to \`secretkit.cache.hits\` (${fmt(hitsCounted)} counted, all of them). The no-subscriber line is the hit-path benchmark's contender; its budget lines are there.`,
    ],
  };
}
