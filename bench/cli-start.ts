// CLI start: the time from starting `secretkit run` with 10 file:// refs to its child's start, as a
// ratio to a whole bare `node -e 0` (median of 20, interleaved). The child reports its own start
// (performance.timeOrigin), so the child's own boot is not counted; no network is involved.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BenchResult, fmt, ratio } from './shared/report.ts';
import { median } from './shared/stats.ts';
import { wallTimeTable } from './shared/wall-time-table.ts';

const RUNS = 20;
const REFS = 10;
const BUDGET_RATIO = 2.5;
const BIN = fileURLToPath(new URL('../packages/cli/dist/bin.cjs', import.meta.url));
const CHILD = 'process.stdout.write(String(performance.timeOrigin))';

function bareNode(): number {
  const started = performance.timeOrigin + performance.now();
  const result = spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node -e 0 exited ${result.status}`);
  return performance.timeOrigin + performance.now() - started;
}

/** [ms to the child's start, ms for the whole run]. */
function secretkitRun(envFlags: string[]): [number, number] {
  const started = performance.timeOrigin + performance.now();
  const result = spawnSync(process.execPath, [BIN, 'run', ...envFlags, '--', process.execPath, '-e', CHILD], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
  const ended = performance.timeOrigin + performance.now();
  if (result.status !== 0) throw new Error(`secretkit run exited ${result.status}: ${result.stderr}`);
  const childStart = Number(result.stdout);
  if (!Number.isFinite(childStart)) throw new Error(`the child reported no start time: ${result.stdout}`);
  return [childStart - started, ended - started];
}

export async function cliStart(): Promise<BenchResult> {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build @secretkit/cli first`);
  const dir = mkdtempSync(join(tmpdir(), 'secretkit-bench-cli-'));
  try {
    const envFlags: string[] = [];
    for (let i = 0; i < REFS; i++) {
      const file = join(dir, `secret-${i}`);
      writeFileSync(file, `value-${i}-${'x'.repeat(24)}`);
      envFlags.push('--env', `SECRET_${i}=file://${file}`);
    }
    bareNode();
    secretkitRun(envFlags); // warm the file cache
    const bare: number[] = [];
    const toChild: number[] = [];
    const whole: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      bare.push(bareNode());
      const [child, total] = secretkitRun(envFlags);
      toChild.push(child);
      whole.push(total);
    }
    const bareMs = median(bare);
    const toChildMs = median(toChild);
    const measured = toChildMs / bareMs;
    return {
      name: 'cli-start',
      title: 'CLI start',
      tables: [
        {
          headers: ['measure', 'value', 'budget'],
          rows: [
            [
              'secretkit run (10 refs) to child start ÷ bare node -e 0',
              ratio(measured),
              `≤ ${BUDGET_RATIO}×`,
            ],
          ],
        },
        wallTimeTable(RUNS, [
          ['bare node -e 0 (whole run)', bare],
          ['secretkit run, 10 file:// refs: to the child’s start', toChild],
          ['secretkit run, 10 file:// refs: whole run', whole],
        ]),
      ],
      budgets: [
        {
          line: `CLI start: secretkit run with ${REFS} refs reaches its child within ${BUDGET_RATIO}× a bare node -e 0`,
          pass: measured <= BUDGET_RATIO,
          detail: `${ratio(measured)} (median ${fmt(toChildMs)} ms vs ${fmt(bareMs)} ms)`,
        },
      ],
      notes: [
        `Each secretkit run: \`node packages/cli/dist/bin.cjs run --env SECRET_i=file://… (×${REFS}) -- node -e <print performance.timeOrigin>\`, masking on (stdout is a pipe); the child's timeOrigin is when its process began, so the figure is secretkit's start, its reads and the spawn, not the child's boot.`,
        `The baseline is the whole wall time of \`node -e 0\`, ${RUNS} runs interleaved with secretkit's; medians. One warm-up run first (the file cache).`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
