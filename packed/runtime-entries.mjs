// Loads every entry in the consumer project as a user's code would — `import` from an ES module,
// `require` from a CommonJS one — and checks each value the entry's types declare is there.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const esmRunner = `
const plan = JSON.parse(process.argv[2]);
const problems = [];
for (const { specifier, names } of plan) {
  try {
    const ns = await import(specifier);
    const missing = names.filter((name) => ns[name] === undefined);
    if (missing.length > 0) problems.push(\`import('\${specifier}') lacks \${missing.join(', ')}\`);
  } catch (error) {
    problems.push(\`import('\${specifier}') threw \${error.code ?? error.name}: \${error.message.split('\\n')[0]}\`);
  }
}
console.log(JSON.stringify(problems));
`;

const cjsRunner = esmRunner
  .replace('await import(specifier)', 'require(specifier)')
  .replaceAll("import('", "require('")
  .replace(/^/, '(async () => {')
  .concat('})();');

/**
 * @param {{ specifier: string, esmNames?: string[], cjsNames?: string[], esmOnly: boolean }[]} entries
 * @returns {string[]} problems
 */
export function runEntries(dir, entries) {
  const problems = [];
  for (const entry of entries) {
    if (entry.esmNames === undefined) problems.push(`${entry.specifier}: no types resolved for import`);
    if (!entry.esmOnly && entry.cjsNames === undefined)
      problems.push(`${entry.specifier}: no types resolved for require`);
  }
  const sides = [
    ['runtime-esm.mjs', esmRunner, entries.map((e) => ({ specifier: e.specifier, names: e.esmNames ?? [] }))],
    [
      'runtime-cjs.cjs',
      cjsRunner,
      entries.filter((e) => !e.esmOnly).map((e) => ({ specifier: e.specifier, names: e.cjsNames ?? [] })),
    ],
  ];
  for (const [file, source, plan] of sides) {
    writeFileSync(join(dir, file), source);
    const result = spawnSync(process.execPath, [file, JSON.stringify(plan)], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', METADATA_SERVER_DETECTION: 'none' },
    });
    try {
      problems.push(...JSON.parse(result.stdout.trim().split('\n').at(-1)));
    } catch {
      problems.push(`${file} crashed (exit ${result.status}): ${result.stderr.slice(0, 2000)}`);
    }
  }
  return problems;
}
