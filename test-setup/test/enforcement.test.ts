// End-to-end proof that a violation nobody took fails its test: a nested `vitest run` of the
// fixtures/*.fixture.ts files (through fixtures/vitest.fixture.config.ts, which loads the same setup
// file) must exit non-zero, fail exactly the tests that swallowed a refused connection or an
// unhandled msw request, fail the file whose afterAll hook reached out, and pass the rest.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

interface JsonReport {
  testResults: Array<{
    name: string;
    status: string;
    message: string;
    assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] }>;
  }>;
}

function runNestedVitest(args: string[]): Promise<{ code: number | null; output: string }> {
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

it('a test or hook that swallows a refused connection or an unhandled msw request fails', {
  timeout: 60_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'network-guard-nested-'));
  try {
    const reportFile = join(dir, 'report.json');
    const { code, output } = await runNestedVitest([
      '--config',
      'test-setup/fixtures/vitest.fixture.config.ts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${reportFile}`,
    ]);

    expect(code, output).not.toBe(0);
    expect(output).toContain('test network guard: this test tried to reach 1 non-loopback address(es)');
    expect(output).toContain('connect 169.254.169.254:80 via net.Socket#connect');
    expect(output).toContain('unhandled-request unhandled.example.test:443');

    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as JsonReport;
    const file = (name: string) => {
      const found = report.testResults.find((result) => result.name.endsWith(`/fixtures/${name}`));
      if (!found) throw new Error(`${name} did not run:\n${output}`);
      return found;
    };

    const reachesOut = file('reaches-out.fixture.ts');
    expect(reachesOut.assertionResults.map(({ fullName, status }) => [fullName, status])).toEqual([
      ['FAILS: swallows a refused metadata probe and otherwise passes', 'failed'],
      ['PASSES: takes the violation it provokes on purpose', 'passed'],
      ['with an msw fake FAILS: swallows an unhandled request and otherwise passes', 'failed'],
      ['with an msw fake PASSES: only makes handled requests', 'passed'],
    ]);
    for (const { status, failureMessages } of reachesOut.assertionResults) {
      if (status === 'failed')
        expect(failureMessages.join('\n')).toMatch(/^Error: test network guard: this test/);
    }

    const leaksInAfterAll = file('leaks-in-after-all.fixture.ts');
    expect(leaksInAfterAll.assertionResults.map(({ status }) => status)).toEqual(['passed']);
    expect(leaksInAfterAll.status).toBe('failed');
    expect(leaksInAfterAll.message).toContain('test network guard: a hook of this file tried to reach');
    expect(leaksInAfterAll.message).toContain('connect metadata.google.internal:443');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
