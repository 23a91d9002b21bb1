// README examples that are whole user tests: written into the consumer project's user-tests folder
// so they run with packed/user-tests, as the README gives them (no hand-kept copy to drift).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fencedBlocks } from './markdown.mjs';
import { repoRoot } from './packages.mjs';

/** Each example: the README, the first line that names its block, the test file it becomes. */
const README_TESTS = [
  {
    readme: 'packages/conformance/README.md',
    firstLine: '// test/conformance.test.ts',
    file: 'conformance-readme.test.mts',
  },
];

/** @returns {string[]} problems (an example its README no longer has) */
export function writeReadmeTests(testsDir) {
  const problems = [];
  for (const { readme, firstLine, file } of README_TESTS) {
    const block = fencedBlocks(readFileSync(join(repoRoot, readme), 'utf8')).find((b) =>
      b.code.startsWith(`${firstLine}\n`),
    );
    if (block) writeFileSync(join(testsDir, file), block.code);
    else problems.push(`${readme} has no block starting "${firstLine}": packed/readme-tests.mjs runs it`);
  }
  return problems;
}
