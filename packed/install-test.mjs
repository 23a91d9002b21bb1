#!/usr/bin/env node
// The packed-install test: what a user installs from the registry works. Packs every publishable
// package, installs the tarballs with plain npm into a project outside the repo, then checks each
// entry of each exports map (ESM import, CJS require, strict tsc with node16 and bundler, .mts and
// .cts), the imports the built code makes against what package.json declares, the peers each
// README tells users to install, and runs user-style tests of the /testing fakes with vitest.
// Run after the build: `node packed/install-test.mjs`. Exits 1 on any problem.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanGenerated, prepareConsumer } from './consumer-project.mjs';
import { peersNeededToImport, undeclaredImports } from './dist-imports.mjs';
import { installedPackages } from './markdown.mjs';
import { entriesOf } from './packages.mjs';
import { runEntries } from './runtime-entries.mjs';
import { declaredValueExports, typecheck } from './typecheck.mjs';
import { runUserTests } from './user-tests.mjs';

const started = performance.now();
const problems = [];
const step = (label, fn) => {
  const t0 = performance.now();
  const found = fn();
  problems.push(...found.map((p) => `${label}: ${p}`));
  console.log(
    `[packed] ${found.length === 0 ? 'ok  ' : 'FAIL'} ${label} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  );
  for (const p of found) console.log(`         ${p.replaceAll('\n', '\n         ')}`);
};

const { dir, packages } = prepareConsumer();
cleanGenerated(dir);
const nodeModules = join(dir, 'node_modules');
const installed = (name) => JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8'));
const entries = packages.flatMap((pkg) => entriesOf(installed(pkg.name)).map((e) => ({ ...e, pkg })));
const slug = (specifier) => specifier.replace('@secretkit/', '').replaceAll('/', '--');
const resolveEntry = (specifier) => {
  const name = specifier.split('/').slice(0, 2).join('/');
  const entry = entriesOf(installed(name)).find((e) => e.specifier === specifier);
  return entry?.esm && join(nodeModules, name, entry.esm);
};
console.log(
  `[packed] ${packages.length} packages, ${entries.length} entries: ${entries.map((e) => e.specifier).join(', ')}`,
);

step('package.json declares every import of the shipped code', () =>
  packages.flatMap((pkg) => undeclaredImports(join(nodeModules, pkg.name))),
);

step('every tarball carries README.md, LICENSE and each file package.json lists', () =>
  packages.flatMap((pkg) => {
    const root = join(nodeModules, pkg.name);
    const wanted = new Set(['README.md', 'LICENSE', ...(installed(pkg.name).files ?? [])]);
    return [...wanted]
      .filter((file) => !/[*?]/.test(file) && !existsSync(join(root, file)))
      .map(
        (file) =>
          `${pkg.name}: the tarball has no ${file}${file === 'LICENSE' || file === 'README.md' ? '' : ' (listed in "files")'}`,
      );
  }),
);

step('README install lines name the peers an entry cannot be imported without', () =>
  entries.flatMap((entry) => {
    const readmeFile = join(nodeModules, entry.pkg.name, 'README.md');
    const readme = existsSync(readmeFile) ? readFileSync(readmeFile, 'utf8') : '';
    const named = installedPackages(readme);
    return [...peersNeededToImport(nodeModules, entry.specifier, resolveEntry).values()]
      .filter((need) => need.optional && !named.has(need.peer))
      .map(
        (need) =>
          `importing ${entry.specifier} needs ${need.peer} (an optional peer of ${need.via}), which no install command of ${entry.pkg.name}'s README names`,
      );
  }),
);

// One consumer file per entry and module format, importing the whole namespace.
const typesDir = join(dir, 'types');
mkdirSync(typesDir, { recursive: true });
const esmFiles = new Map();
const cjsFiles = new Map();
for (const entry of entries) {
  const base = join(typesDir, slug(entry.specifier));
  const body = `import * as entry from '${entry.specifier}';\nexport const loaded: typeof entry = entry;\n`;
  writeFileSync(`${base}.mts`, body);
  esmFiles.set(entry.specifier, `${base}.mts`);
  if (entry.cjs) {
    // `import = require` is how a CommonJS TypeScript file imports under both node16 and preserve.
    writeFileSync(
      `${base}.cts`,
      `import entry = require('${entry.specifier}');\nconst loaded: typeof entry = entry;\nexport = loaded;\n`,
    );
    cjsFiles.set(entry.specifier, `${base}.cts`);
  }
}
const allFiles = [...esmFiles.values(), ...cjsFiles.values()];
let node16Program;
for (const resolution of ['node16', 'bundler']) {
  step(`tsc --strict, ${resolution} resolution, .mts and .cts consumers`, () => {
    const { errors, program } = typecheck(dir, allFiles, resolution);
    if (resolution === 'node16') node16Program = program;
    return errors;
  });
}
const esmNames = declaredValueExports(node16Program, [...esmFiles.values()]);
const cjsNames = declaredValueExports(node16Program, [...cjsFiles.values()]);

step('import and require of every entry give every value its types declare', () =>
  runEntries(
    dir,
    entries.map((entry) => ({
      specifier: entry.specifier,
      esmNames: esmNames.get(esmFiles.get(entry.specifier)),
      cjsNames: entry.cjs ? cjsNames.get(cjsFiles.get(entry.specifier)) : undefined,
      esmOnly: !entry.cjs,
    })),
  ),
);

step('user tests of the packed packages (vitest in the consumer project)', () => {
  cpSync(join(import.meta.dirname, 'user-tests'), join(dir, 'user-tests'), { recursive: true });
  return runUserTests(dir, entries);
});

const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`[packed] ${problems.length === 0 ? 'passed' : `${problems.length} problem(s)`} in ${seconds} s`);
process.exit(problems.length === 0 ? 0 : 1);
