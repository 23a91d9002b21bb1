// Runs a nested `vitest run` over fixture tests and returns its exit code, output and JSON report:
// how our test tooling proves it fails what it must (the network guard, the conformance suite).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

export interface NestedReport {
  testResults: Array<{
    name: string;
    status: string;
    message: string;
    assertionResults: Array<{ title: string; fullName: string; status: string; failureMessages: string[] }>;
  }>;
}

export interface NestedRun {
  code: number | null;
  output: string;
  report: NestedReport;
  /** The results of one fixture file by its file name; throws when it did not run. */
  file(name: string): NestedReport['testResults'][number];
}

/** Runs vitest with `configPath` (relative to the repository root) and the default + JSON reporters. */
export async function runNestedVitest(configPath: string): Promise<NestedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'secretkit-nested-vitest-'));
  try {
    const reportFile = join(dir, 'report.json');
    const { code, output } = await spawnVitest([
      '--config',
      configPath,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reportFile}`,
    ]);
    let report: NestedReport;
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8')) as NestedReport;
    } catch {
      throw new Error(`the nested vitest run wrote no report:\n${output}`);
    }
    const file = (name: string) => {
      const found = report.testResults.find((result) => result.name.endsWith(`/fixtures/${name}`));
      if (!found) throw new Error(`${name} did not run:\n${output}`);
      return found;
    };
    return { code, output, report, file };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function spawnVitest(args: string[]): Promise<{ code: number | null; output: string }> {
  // The parent worker's VITEST_* variables would make the nested vitest believe it is a worker.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', ...args],
      {
        cwd: repoRoot,
        env: { ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}
