#!/usr/bin/env node
// Root task runner behind `npm run demo`, `npm test` and friends. It makes a fresh clone ready by
// itself — pinned pnpm and, on Node older than 22, a pinned Node 22, both installed from the npm
// registry into git-ignored folders under tools/ — then runs `pnpm install --frozen-lockfile` and
// the task. Plain Node (>= 20) with no dependencies: it must run before anything is installed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { entriesOf } from '../packed/packages.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const MIN_NODE_MAJOR = 22;

/** Installs tools/<folder> from its committed lockfile unless the same lockfile is installed. */
function ensureTool(folder) {
  const dir = join(root, 'tools', folder);
  const lock = readFileSync(join(dir, 'package-lock.json'));
  const want = createHash('sha256').update(lock).digest('hex');
  const stamp = join(dir, 'node_modules', '.installed-lock-sha256');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
    console.error(`[secretkit] installing ${folder} into tools/${folder}/node_modules (first run only)`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      stdio: 'inherit',
    });
    if (result.status !== 0) fail(`could not install tools/${folder} (npm ci exited ${result.status})`);
    writeFileSync(stamp, want);
  }
  return join(dir, 'node_modules', '.bin');
}

function fail(message) {
  console.error(`[secretkit] ${message}`);
  process.exit(1);
}

const nodeMajor = Number(process.versions.node.split('.')[0]);
const binDirs = [];
if (nodeMajor < MIN_NODE_MAJOR) binDirs.push(ensureTool('node22'));
binDirs.push(ensureTool('pnpm'), join(root, 'node_modules', '.bin'));

const env = {
  ...process.env,
  PATH: [...binDirs, process.env.PATH ?? ''].join(delimiter),
  // Tests and examples never probe cloud metadata addresses (DESIGN §7, layer 3).
  AWS_EC2_METADATA_DISABLED: 'true',
  METADATA_SERVER_DETECTION: 'none',
};
delete env.npm_config_user_agent; // let pnpm see itself, not the npm that started us

/** Runs a command with the prepared PATH; returns true when it exits 0. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit', ...options });
  if (result.error) console.error(`[secretkit] ${command}: ${result.error.message}`);
  return result.status === 0;
}

function pnpmInstall() {
  if (!run('pnpm', ['install', '--frozen-lockfile', '--reporter=append-only'])) {
    fail('pnpm install --frozen-lockfile failed');
  }
}

/** Runs a command like run() and prints how long it took. */
function timed(command, args) {
  const started = performance.now();
  const ok = run(command, args);
  console.log(`[secretkit] ${args.join(' ')}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return ok;
}

/**
 * attw checks CommonJS resolution too; an entry exported for `import` only (ESM-only: the fakes,
 * the conformance suite) is left to the packed-install test, which checks what it does export.
 */
function attwProfile(pkg) {
  const manifest = JSON.parse(readFileSync(join(root, pkg, 'package.json'), 'utf8'));
  const entries = entriesOf(manifest);
  const esmOnly = entries.filter((entry) => entry.cjs === undefined).map((entry) => entry.subpath);
  if (esmOnly.length === 0) return [];
  if (esmOnly.length === entries.length) return ['--profile', 'esm-only'];
  return ['--exclude-entrypoints', ...esmOnly];
}

function publishablePackages() {
  return readdirSync(join(root, 'packages'))
    .filter((name) => existsSync(join(root, 'packages', name, 'package.json')))
    .map((name) => join('packages', name));
}

function demo() {
  pnpmInstall();
  const built = run(
    'pnpm',
    ['--filter', '@secretkit/core', '--filter', '@secretkit/memory', '--silent', 'build'],
    {
      stdio: ['inherit', 'ignore', 'inherit'],
    },
  );
  if (!built) fail('build failed');
  return run('node', [join('examples', 'quickstart', 'index.ts')]);
}

function test() {
  pnpmInstall();
  const checks = [];
  const check = (label, ok) => {
    checks.push({ label, ok });
    console.log(`\n[secretkit] ${ok ? 'ok  ' : 'FAIL'} ${label}\n`);
  };
  check('build', run('pnpm', ['-r', '--filter', './packages/*', 'build']));
  check('typecheck', run('tsc', ['-p', 'tsconfig.json']));
  // The benchmarks import the built packages, so they are checked after the build, on their own.
  check('typecheck bench', run('tsc', ['-p', join('bench', 'tsconfig.json')]));
  check('lint', run('biome', ['check', '.']));

  const outDir = join(root, '.test-output');
  mkdirSync(outDir, { recursive: true });
  const reportFile = join(outDir, 'vitest.json');
  const vitestOk = run('vitest', [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
  ]);
  let report = { numPassedTests: 0, numFailedTests: 0 };
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8'));
  } catch {
    console.error('[secretkit] vitest wrote no JSON report');
  }
  // A vitest failure outside any test (a broken setup file, an unhandled error) still counts.
  const vitestFailedOutsideTests = !vitestOk && report.numFailedTests === 0;
  if (vitestFailedOutsideTests) check('vitest (errors outside tests)', false);

  for (const pkg of publishablePackages()) {
    check(`publint ${pkg}`, run('publint', [pkg, '--strict', '--pack', 'pnpm']));
    check(`attw ${pkg}`, run('attw', ['--pack', pkg, '--format', 'table-flipped', ...attwProfile(pkg)]));
  }

  // What users install (CONTRIBUTING.md): the tarballs installed with plain npm outside the repo,
  // the docs' code compiled against them, and the docs site.
  check(
    'packed install: every entry imports, requires and typechecks as a user gets it',
    timed('node', [join('packed', 'install-test.mjs')]),
  );
  check(
    'docs: every TypeScript block compiles against the packed packages',
    timed('node', [join('packed', 'docs-test.mjs')]),
  );
  check('docs site builds with no dead link', timed('node', [join('website', 'build.mjs')]));

  const failedChecks = checks.filter((c) => !c.ok);
  for (const c of failedChecks) console.log(`[secretkit] failed: ${c.label}`);
  const passed = report.numPassedTests + checks.length - failedChecks.length;
  const failed = report.numFailedTests + failedChecks.length;
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0;
}

/** `npm run docs`: build the packages, then the docs site (website/build.mjs) into website/dist. */
function docs() {
  pnpmInstall();
  if (
    !run('pnpm', ['-r', '--filter', './packages/*', 'build'], { stdio: ['inherit', 'ignore', 'inherit'] })
  ) {
    fail('build failed');
  }
  return run('node', [join('website', 'build.mjs')]);
}

/** `npm run bench`: build the packages, then the benchmarks (bench/run.ts writes bench/RESULTS.md). */
function bench() {
  pnpmInstall();
  if (
    !run('pnpm', ['-r', '--filter', './packages/*', '--silent', 'build'], {
      stdio: ['inherit', 'ignore', 'inherit'],
    })
  ) {
    fail('build failed');
  }
  return run('node', ['--expose-gc', join('bench', 'run.ts'), ...rest], { cwd: root });
}

const [task, ...rest] = process.argv.slice(2);
const tasks = {
  demo,
  test,
  docs,
  bench,
  /** `node scripts/run.mjs pnpm <args>`: any pnpm command with the bootstrapped toolchain. */
  pnpm: () => {
    pnpmInstall();
    return run('pnpm', rest);
  },
};
if (!tasks[task]) fail(`unknown task "${task}"; expected one of: ${Object.keys(tasks).join(', ')}`);
process.exit(tasks[task]() ? 0 : 1);
