// Cold start: time to import @secretkit/core (and @secretkit/aws, before its first call) in a fresh
// process over a bare `node -e 0` (median of 20, interleaved), whether the AWS adapter's import
// loads the AWS SDK, and the min+gzip size of core's ESM bundle with its dependencies (esbuild):
// tree-shaken to what an app that reads secrets imports, and core's whole entry.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { type BenchResult, fmt } from './shared/report.ts';
import { median } from './shared/stats.ts';
import { wallTimeTable } from './shared/wall-time-table.ts';

const RUNS = 20;
const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const CORE_IMPORT_BUDGET_MS = 15;
const APP_BUNDLE_BUDGET_BYTES = 15_000; // 15 KB (decimal) min+gzip
const ENTRY_BUNDLE_BUDGET_BYTES = 20_000; // 20 KB (decimal) min+gzip
/** What an app that reads secrets imports from core: the client and its error check. */
const APP_IMPORTS = ['createSecretsClient', 'isSecretsError', 'SecretsError'];

const SCRIPTS: Record<string, string> = {
  'bare node -e 0': '0',
  "import('@secretkit/core')": "import('@secretkit/core')",
  "import('@secretkit/aws') + awsSecretsManager()":
    "import('@secretkit/aws').then((m) => m.awsSecretsManager({ region: 'us-east-1' }))",
};

function timeRun(script: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['-e', script], { cwd: BENCH_DIR, stdio: 'inherit' });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`node -e ${JSON.stringify(script)} exited ${result.status}`);
  return elapsed;
}

/** AWS SDK / Smithy modules loaded by importing the adapter and building a provider (no call). */
function sdkModulesLoadedByAdapterImport(): string[] {
  const probe = `
    const { registerHooks } = require('node:module');
    const seen = [];
    registerHooks({ resolve(specifier, context, next) {
      const result = next(specifier, context);
      if (/[\\\\/]@(aws-sdk|smithy)[\\\\/]/.test(result.url)) seen.push(result.url);
      return result;
    } });
    import('@secretkit/aws').then((m) => {
      m.awsSecretsManager({ region: 'us-east-1' });
      setImmediate(() => console.log(JSON.stringify(seen)));
    });`;
  const result = spawnSync(process.execPath, ['-e', probe], { cwd: BENCH_DIR, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`adapter import probe failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim());
}

/** Sizes of esbuild's bundle of `entry` (an ES module's source) with everything it imports. */
async function bundleSize(entry: string): Promise<{ minified: number; gzipped: number }> {
  const output = await build({
    stdin: { contents: entry, resolveDir: BENCH_DIR, sourcefile: 'bundle-entry.js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    write: false,
    logLevel: 'silent',
  });
  const code = output.outputFiles[0].contents;
  return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
}

export async function coldStart(): Promise<BenchResult> {
  const labels = Object.keys(SCRIPTS);
  const times: Record<string, number[]> = Object.fromEntries(labels.map((l) => [l, []]));
  for (const label of labels) timeRun(SCRIPTS[label]); // warm the file cache
  for (let run = 0; run < RUNS; run++) for (const label of labels) times[label].push(timeRun(SCRIPTS[label]));
  const med = Object.fromEntries(labels.map((l) => [l, median(times[l])]));
  const bare = med[labels[0]];
  const coreOver = med[labels[1]] - bare;
  const awsOver = med[labels[2]] - bare;
  const sdkModules = sdkModulesLoadedByAdapterImport();
  // Core's ESM entry (dist) by path; core's package.json says sideEffects: false, so esbuild drops
  // what the named exports do not reach.
  const coreEntry = JSON.stringify(fileURLToPath(import.meta.resolve('@secretkit/core')));
  const app = await bundleSize(`export { ${APP_IMPORTS.join(', ')} } from ${coreEntry};`);
  const whole = await bundleSize(`export * from ${coreEntry};`);
  return {
    name: 'cold-start',
    title: 'Cold start',
    tables: [
      {
        headers: ['measure', 'value', 'budget'],
        rows: [
          ['core import over bare node (ms)', fmt(coreOver), `≤ ${CORE_IMPORT_BUDGET_MS}`],
          ['aws adapter import + construct over bare node (ms)', fmt(awsOver), ''],
          ['AWS SDK modules loaded by the adapter import', String(sdkModules.length), '0'],
          [
            'core bundle for an app that reads secrets, min+gzip (bytes)',
            fmt(app.gzipped),
            `≤ ${fmt(APP_BUNDLE_BUDGET_BYTES)}`,
          ],
          ['core bundle for an app that reads secrets, minified (bytes)', fmt(app.minified), ''],
          [
            "core's whole entry bundled, min+gzip (bytes)",
            fmt(whole.gzipped),
            `≤ ${fmt(ENTRY_BUNDLE_BUDGET_BYTES)}`,
          ],
          ["core's whole entry bundled, minified (bytes)", fmt(whole.minified), ''],
        ],
      },
      wallTimeTable(
        RUNS,
        labels.map((l) => [`node -e "${SCRIPTS[l]}"`, times[l]]),
      ),
    ],
    budgets: [
      {
        line: `Cold start: core import at most ${CORE_IMPORT_BUDGET_MS} ms over bare Node`,
        pass: coreOver <= CORE_IMPORT_BUDGET_MS,
        detail: `${fmt(coreOver)} ms (median ${fmt(med[labels[1]])} vs ${fmt(bare)} ms)`,
      },
      {
        line: 'Cold start: what an app that reads secrets pays for core, at most 15 KB min+gzip',
        pass: app.gzipped <= APP_BUNDLE_BUDGET_BYTES,
        detail: `${fmt(app.gzipped)} bytes (esbuild --bundle --minify, ESM, tree-shaken to ${APP_IMPORTS.join(', ')})`,
      },
      {
        line: "Cold start: core's whole entry (refs, change sources, diagnostics included), at most 20 KB min+gzip",
        pass: whole.gzipped <= ENTRY_BUNDLE_BUDGET_BYTES,
        detail: `${fmt(whole.gzipped)} bytes (esbuild --bundle --minify, ESM, every export of the entry)`,
      },
      {
        line: "Cold start: the AWS adapter's import does not load the AWS SDK",
        pass: sdkModules.length === 0,
        detail:
          sdkModules.length === 0
            ? 'no @aws-sdk/@smithy module resolved'
            : `${sdkModules.length} modules, e.g. ${sdkModules[0]}`,
      },
    ],
    notes: [
      `Each figure is the wall time of spawning \`node -e <script>\` from bench/ (so packages resolve to the built dist via workspace links), ${RUNS} runs per script, scripts interleaved, median.`,
      'The SDK check runs the adapter import and `awsSecretsManager({ region })` in a fresh process with a module.registerHooks resolve hook recording every @aws-sdk/* or @smithy/* module.',
      `Bundles: esbuild (bundle, minify, ESM, platform node, target node22; gzip level 9) of two one-line entries over core's ESM entry (packages/core/dist/index.js, where @secretkit/core resolves from bench/), with its dependencies. An app that reads secrets: \`export { ${APP_IMPORTS.join(', ')} } from <core dist/index.js>\`, tree-shaken (core's package.json says sideEffects: false); budget 15 KB = 15,000 bytes. The whole entry: \`export * from <core dist/index.js>\`, secret-ref parsing, change sources and diagnostics included; budget 20 KB = 20,000 bytes.`,
    ],
  };
}
