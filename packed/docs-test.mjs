#!/usr/bin/env node
// The compiled-docs test: every TypeScript block of the root README, docs/ and each package README
// typechecks strictly against the packed packages (installed as a user installs them), blocks
// marked `run` run, and the package READMEs and the root README's package table match what is
// shipped. Markers: see CONTRIBUTING.md. Run after the build: `node packed/docs-test.mjs`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { prepareConsumer } from './consumer-project.mjs';
import { docBlocks, preambleProblems } from './doc-blocks.mjs';
import { repoRoot } from './packages.mjs';
import { ts, typecheck } from './typecheck.mjs';

const started = performance.now();
const problems = [];
const { dir, packages } = prepareConsumer();

const sources = [
  join(repoRoot, 'README.md'),
  ...readdirSync(join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join(repoRoot, 'docs', f)),
  ...packages.map((pkg) => join(pkg.dir, 'README.md')).filter((f) => existsSync(f)),
];

// 1. Every block, as files in one folder per Markdown file (an ES module package).
const blocksDir = join(dir, 'doc-blocks');
rmSync(blocksDir, { recursive: true, force: true });
const written = []; // { path, source, block }
const counts = { module: 0, partial: 0, syntax: 0, run: 0 };
for (const source of sources) {
  const folder = join(blocksDir, relative(repoRoot, source).replace(/\.md$/, '').replaceAll('/', '--'));
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), '{ "type": "module" }\n');
  let blocks;
  const markdown = readFileSync(source, 'utf8');
  problems.push(...preambleProblems(markdown).map((p) => `${relative(repoRoot, source)}: ${p}`));
  try {
    blocks = docBlocks(markdown);
  } catch (error) {
    problems.push(`${relative(repoRoot, source)}: ${error.message}`);
    continue;
  }
  for (const block of blocks) {
    const path = join(folder, block.file);
    if (written.some((w) => w.path === path)) {
      problems.push(`${relative(repoRoot, source)}:${block.line}: a second block named ${block.file}`);
      continue;
    }
    writeFileSync(path, block.code);
    written.push({ path, source, block });
    // `instanceof` is false for an error from another copy of core (its CJS build beside the ESM one).
    if (/instanceof\s+SecretsError\b/.test(block.code)) {
      problems.push(
        `${relative(repoRoot, source)}:${block.line}: teaches \`instanceof SecretsError\`; use isSecretsError(error)`,
      );
    }
    counts[block.mode]++;
    if (block.run) counts.run++;
  }
}

const where = (path, line) => {
  const w = written.find((x) => x.path === path);
  if (!w) return `${relative(dir, path)}:${line}`;
  return `${relative(repoRoot, w.source)}:${w.block.line + line - w.block.offset}`;
};

// 2. Typecheck the modules and the fragments with a preamble; parse the other fragments.
const checked = written.filter((w) => w.block.mode !== 'syntax').map((w) => w.path);
const { program, errors } = typecheck(dir, checked, 'node16', { noUnusedLocals: false });
const failedFiles = new Set();
if (errors.length > 0) {
  for (const d of ts.getPreEmitDiagnostics(program)) {
    if (!d.file || !checked.includes(d.file.fileName)) continue;
    failedFiles.add(d.file.fileName);
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    problems.push(
      `${where(d.file.fileName, line + 1)} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    );
  }
  for (const e of errors.filter((e) => !e.startsWith('doc-blocks/'))) problems.push(e);
}
for (const w of written.filter((x) => x.block.mode === 'syntax')) {
  const file = ts.createSourceFile(w.path, w.block.code, ts.ScriptTarget.Latest, true);
  for (const d of file.parseDiagnostics ?? []) {
    const { line } = file.getLineAndCharacterOfPosition(d.start);
    problems.push(
      `${where(w.path, line + 1)} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    );
  }
}

// 3. Run the blocks marked `run` that typechecked.
for (const w of written.filter((x) => x.block.run && !failedFiles.has(x.path))) {
  const result = spawnSync(process.execPath, ['--no-warnings', w.path], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', METADATA_SERVER_DETECTION: 'none' },
  });
  if (result.status !== 0) {
    problems.push(
      `${where(w.path, 1)}: the block marked run exited ${result.status}: ${result.stderr.slice(0, 1500)}`,
    );
  }
}

// 4. The root README's package table lists exactly the publishable packages.
const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const listed = new Map(
  [...readme.matchAll(/^\|\s*\[`(@secretkit\/[\w-]+)`\]\(([^)]+)\)/gm)].map((m) => [m[1], m[2]]),
);
for (const pkg of packages) {
  const link = listed.get(pkg.name);
  if (!link) problems.push(`README.md: the package table has no row for ${pkg.name}`);
  else if (link.replace(/\/$/, '') !== `packages/${pkg.folder}`) {
    problems.push(`README.md: ${pkg.name} links to ${link}, not packages/${pkg.folder}`);
  }
}
for (const name of listed.keys()) {
  if (!packages.some((pkg) => pkg.name === name))
    problems.push(`README.md: the package table lists ${name}, which packages/ does not hold`);
}

// 5. A package README is read on the registry too: no relative links, no documents users lack.
for (const pkg of packages) {
  const file = join(pkg.dir, 'README.md');
  if (!existsSync(file)) continue; // the packed-install test reports a missing README
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.forEach((text, i) => {
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (!/^(https?:|mailto:|#)/.test(m[1])) {
        problems.push(
          `packages/${pkg.folder}/README.md:${i + 1}: relative link ${m[1]} (broken on the registry: use an absolute URL)`,
        );
      }
    }
    if (/DESIGN(\.md| §)|toolchain notes|shared\/reference/.test(text)) {
      problems.push(
        `packages/${pkg.folder}/README.md:${i + 1}: cites a document users do not have: ${text.trim().slice(0, 80)}`,
      );
    }
  });
}

const seconds = ((performance.now() - started) / 1000).toFixed(1);
for (const p of problems) console.log(`[docs] ${p}`);
console.log(
  `[docs] ${sources.length} files, ${written.length} TypeScript blocks: ${counts.module} modules, ` +
    `${counts.partial} fragments with a preamble, ${counts.syntax} fragments only parsed, ${counts.run} run; ` +
    `${problems.length} problem(s) in ${seconds} s`,
);
process.exit(problems.length === 0 ? 0 : 1);
