// Runs packed/user-tests/*.test.mts in the consumer project with the vitest a user installs: the
// /testing fakes and the conformance suite, used as a user's own tests use them (the conformance
// one is its README's example, see readme-tests.mjs). Every `/testing` entry and the conformance
// package must be used by one of them; the tests typecheck strictly too.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeReadmeTests } from './readme-tests.mjs';
import { typecheck } from './typecheck.mjs';

const mustBeUsed = (specifier) => specifier.endsWith('/testing') || specifier === '@secretkit/conformance';

/** @returns {string[]} problems */
export function runUserTests(dir, entries) {
  const testsDir = join(dir, 'user-tests');
  const problems = writeReadmeTests(testsDir);
  const files = readdirSync(testsDir)
    .filter((f) => f.endsWith('.test.mts'))
    .map((f) => join(testsDir, f));
  const sources = files.map((f) => readFileSync(f, 'utf8')).join('\n');
  problems.push(
    ...entries
      .filter((e) => mustBeUsed(e.specifier) && !sources.includes(`'${e.specifier}'`))
      .map(
        (e) => `no test in packed/user-tests imports ${e.specifier}: add one, as a user of it would write it`,
      ),
  );
  problems.push(...typecheck(dir, files, 'node16').errors);
  const result = spawnSync(
    process.execPath,
    [join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', dir, 'user-tests', '--reporter=dot'],
    {
      cwd: dir,
      encoding: 'utf8',
      env: {
        ...process.env,
        CI: 'true',
        NO_COLOR: '1',
        AWS_EC2_METADATA_DISABLED: 'true',
        METADATA_SERVER_DETECTION: 'none',
      },
    },
  );
  const output = `${result.stdout}${result.stderr}`;
  const summary = output.match(/Tests\s+.*$/m)?.[0]?.trim();
  console.log(`[packed]      vitest: ${summary ?? 'no summary'}`);
  if (result.status !== 0) problems.push(`vitest exited ${result.status}:\n${output.slice(-6000)}`);
  return problems;
}
