// Packs every publishable package with `pnpm pack` and installs the tarballs with plain npm into a
// project outside the repository (no workspace links, no parent node_modules to fall back on).
// The npm install is skipped when the tarballs and the project's package.json are unchanged.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { consumerExtras, publishablePackages } from './packages.mjs';

/** The consumer project; outside the repository so Node and tsc cannot find the workspace's modules. */
export const consumerDir = process.env.SECRETKIT_PACKED_DIR ?? join(tmpdir(), 'secretkit-packed', 'consumer');

/** Runs a command; throws with its output when it fails. */
export function sh(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

function refuseParentModules(dir) {
  for (let at = dirname(dir); at !== parse(at).root; at = dirname(at)) {
    if (existsSync(join(at, 'node_modules'))) {
      throw new Error(`${at} has a node_modules folder: the consumer project at ${dir} would see it`);
    }
  }
}

/**
 * Packs, then installs unless the same tarballs are installed already.
 * @returns {{ dir: string, packages: ReturnType<typeof publishablePackages>, installed: boolean }}
 */
export function prepareConsumer({ log = console.log } = {}) {
  refuseParentModules(consumerDir);
  const packages = publishablePackages();
  const tarballDir = join(consumerDir, 'tarballs');
  rmSync(tarballDir, { recursive: true, force: true });
  mkdirSync(tarballDir, { recursive: true });
  const hash = createHash('sha256');
  const dependencies = {};
  for (const pkg of packages) {
    sh('pnpm', ['pack', '--pack-destination', tarballDir], { cwd: pkg.dir });
    const file = `${pkg.name.replace('@', '').replace('/', '-')}-${pkg.manifest.version}.tgz`;
    if (!existsSync(join(tarballDir, file))) throw new Error(`pnpm pack wrote no ${file} for ${pkg.name}`);
    hash.update(file).update(readFileSync(join(tarballDir, file)));
    dependencies[pkg.name] = `file:./tarballs/${file}`;
  }
  const manifest = {
    name: 'secretkit-packed-consumer',
    private: true,
    description: 'A user project: the packed @secretkit tarballs installed with plain npm.',
    dependencies,
    devDependencies: consumerExtras(packages),
    // Every @secretkit/* dependency between the packages resolves to its tarball, never a registry.
    overrides: Object.fromEntries(packages.map((pkg) => [pkg.name, `$${pkg.name}`])),
  };
  const manifestText = `${JSON.stringify(manifest, null, 2)}\n`;
  hash.update(manifestText);
  const key = hash.digest('hex');
  const stamp = join(consumerDir, 'node_modules', '.secretkit-tarballs-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === key) {
    log(`[packed] ${packages.length} tarballs unchanged: reusing the install in ${consumerDir}`);
    return { dir: consumerDir, packages, installed: false };
  }
  writeFileSync(join(consumerDir, 'package.json'), manifestText);
  // A changed tarball keeps its file: path, so npm would keep the old copy: drop ours and the lock.
  rmSync(join(consumerDir, 'node_modules', '@secretkit'), { recursive: true, force: true });
  rmSync(join(consumerDir, 'package-lock.json'), { force: true });
  log(`[packed] npm install of ${packages.length} tarballs into ${consumerDir}`);
  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: consumerDir });
  writeFileSync(stamp, key);
  return { dir: consumerDir, packages, installed: true };
}

/** Removes generated consumer files of an earlier run (everything but the install). */
export function cleanGenerated(
  dir,
  keep = ['node_modules', 'tarballs', 'package.json', 'package-lock.json'],
) {
  for (const entry of readdirSync(dir)) {
    if (!keep.includes(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
  }
}
