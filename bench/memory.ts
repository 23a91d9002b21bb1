// Memory: heap per cached entry for 10,000 small secrets (gc between samples), for secretkit's
// cache, Powertools' cache, and a bare Map<string, string> holding the same strings (the floor).
import { createSecretsClient, type SecretProvider } from '@secretkit/core';
import { CountingSecretsProvider } from './shared/aws-fake.ts';
import { type BenchResult, fmt, ratio } from './shared/report.ts';
import { fullGc, median } from './shared/stats.ts';

const ENTRIES = 10_000;
const SAMPLES = 3;
const KIB = 1024;

/** Heap bytes per entry that `fill` keeps alive, measured with full GCs around it. */
type Fill = (names: string[], values: string[], lookup: Map<string, string>) => Promise<unknown>;

async function perEntry(fill: Fill): Promise<number> {
  // Names and values exist before the baseline: what is measured is the cache's own overhead.
  // Flat strings (not ropes): V8 flattens ropes lazily and frees their parts at a later GC, which
  // would be subtracted from the figure.
  const flat = (text: string) => Buffer.from(text, 'utf8').toString('utf8');
  const names = Array.from({ length: ENTRIES }, (_, i) =>
    flat(`app/service-${String(i).padStart(5, '0')}/db-password`),
  );
  const values = Array.from({ length: ENTRIES }, (_, i) =>
    flat(`pw-${i.toString(16).padStart(8, '0')}-0123456789abcdef`),
  );
  const lookup = new Map(names.map((name, i) => [name, values[i]]));
  fullGc();
  const before = process.memoryUsage().heapUsed;
  const kept = await fill(names, values, lookup);
  fullGc();
  const after = process.memoryUsage().heapUsed;
  // Keep the inputs alive past the second sample, or their collection is subtracted from the figure.
  if (!kept || lookup.size + names.length + values.length === 0) throw new Error('nothing kept');
  return (after - before) / ENTRIES;
}

/** A provider that answers the pre-made strings, with no log or store of its own. */
function fixedProvider(byName: Map<string, string>): SecretProvider {
  return {
    name: 'bench',
    getSecret: async (request) => ({ name: request.name, value: byName.get(request.name)!, version: '1' }),
  };
}

export async function memory(): Promise<BenchResult> {
  const contenders: Record<string, Fill> = {
    'floor: Map<string, string>': async (names, values) => {
      const map = new Map<string, string>();
      for (let i = 0; i < names.length; i++) map.set(names[i], values[i]);
      return map;
    },
    'secretkit cache': async (names, _values, lookup) => {
      const provider = fixedProvider(lookup);
      const client = createSecretsClient({ provider, cache: { maxEntries: ENTRIES } });
      for (const name of names) await client.get(name);
      return client;
    },
    'Powertools cache': async (names, values) => {
      const provider = new CountingSecretsProvider();
      for (let i = 0; i < names.length; i++) {
        provider.value = values[i];
        await provider.get(names[i]);
      }
      return provider;
    },
  };
  const labels = Object.keys(contenders);
  const samples: Record<string, number[]> = Object.fromEntries(labels.map((l) => [l, []]));
  for (let s = 0; s < SAMPLES; s++)
    for (const label of labels) samples[label].push(await perEntry(contenders[label]));
  const bytes = Object.fromEntries(labels.map((l) => [l, median(samples[l])]));
  const ours = bytes['secretkit cache'];
  return {
    name: 'memory',
    title: `Memory (${fmt(ENTRIES)} small secrets cached)`,
    tables: [
      {
        headers: ['ratio', 'value', 'budget'],
        rows: [
          ['secretkit bytes/entry ÷ 1 KiB', ratio(ours / KIB), '≤ 1×'],
          ['secretkit ÷ Powertools (bytes/entry)', ratio(ours / bytes['Powertools cache']), ''],
          ['secretkit ÷ bare Map (bytes/entry)', ratio(ours / bytes['floor: Map<string, string>']), ''],
        ],
      },
      {
        headers: [
          'contender',
          'median heap bytes/entry',
          ...Array.from({ length: SAMPLES }, (_, i) => `sample ${i + 1}`),
        ],
        rows: labels.map((l) => [l, fmt(bytes[l]), ...samples[l].map((v) => fmt(v))]),
      },
    ],
    budgets: [
      {
        line: 'Memory: at most 1 KiB of heap per cached small entry',
        pass: ours <= KIB,
        detail: `${fmt(ours)} bytes/entry`,
      },
    ],
    notes: [
      `Heap used (process.memoryUsage().heapUsed) after four gc() calls, before and after caching ${fmt(ENTRIES)} entries, divided by ${fmt(ENTRIES)}; median of ${SAMPLES} samples, contenders interleaved.`,
      'Names (~35 chars) and values (~28 chars) are allocated before the baseline and shared by every contender, so the figure is the per-entry overhead of the cache, not the strings. secretkit reads through a minimal provider that keeps no log; its cache holds maxEntries 10,000.',
      'Known artefact, not yet explained: the bare-Map floor measures slightly negative (about −26 bytes/entry, stable across samples), so some memory allocated before the baseline is freed during the measurement; every contender is likely understated by about that much, and the Map ratio is not meaningful.',
    ],
  };
}
