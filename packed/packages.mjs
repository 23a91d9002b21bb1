// What a user can install: the publishable packages under packages/ and the entries of their
// exports maps, discovered each run (no list is kept here), plus the extras a consumer installs.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..');

/** @returns {{ dir: string, folder: string, name: string, manifest: any }[]} non-private packages, by folder name */
export function publishablePackages(root = repoRoot) {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .sort()
    .filter((folder) => existsSync(join(packagesDir, folder, 'package.json')))
    .map((folder) => {
      const dir = join(packagesDir, folder);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { dir, folder, name: manifest.name, manifest };
    })
    .filter((pkg) => pkg.manifest.private !== true);
}

/**
 * The code entries of an exports map: one per subpath, with the file each condition leads to.
 * `./package.json` and other non-code subpaths are left out. `esm`/`cjs` are undefined when that
 * side is not exported (an ESM-only entry has no `cjs`).
 * @returns {{ specifier: string, subpath: string, esm?: string, cjs?: string }[]}
 */
export function entriesOf(manifest) {
  const exportsMap = manifest.exports ?? { '.': manifest.main };
  const map = typeof exportsMap === 'string' || isConditions(exportsMap) ? { '.': exportsMap } : exportsMap;
  const entries = [];
  for (const [subpath, target] of Object.entries(map)) {
    if (subpath.includes('*'))
      throw new Error(`${manifest.name}: pattern export "${subpath}" is not covered`);
    const esm = resolveTarget(target, ['import', 'node', 'default']);
    const cjs = resolveTarget(target, ['require', 'node', 'default']);
    const file = esm ?? cjs;
    if (!file || !/\.(c|m)?js$/.test(file)) continue;
    const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
    entries.push({ specifier, subpath, esm, cjs });
  }
  return entries;
}

function isConditions(value) {
  return value !== null && typeof value === 'object' && Object.keys(value).every((k) => !k.startsWith('.'));
}

/** Node's condition matching for one side: the first listed condition present wins, `types` never. */
function resolveTarget(target, conditions) {
  if (typeof target === 'string') return target;
  if (target === null || typeof target !== 'object') return undefined;
  for (const [condition, next] of Object.entries(target)) {
    if (condition === 'types') continue;
    if (conditions.includes(condition)) {
      const found = resolveTarget(next, conditions);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Everything outside @secretkit a consumer installs: each package's peers (optional ones too, so
 * every entry can be imported), plus what a user's test and typecheck need. Versions are the ones
 * this repository tests with (a devDependency of the package or of the root), else the peer range.
 */
export function consumerExtras(packages, root = repoRoot) {
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const extras = {};
  const pin = (name, range, manifest) => {
    if (name.startsWith('@secretkit/')) return;
    const tested = manifest?.devDependencies?.[name] ?? rootManifest.devDependencies?.[name];
    extras[name] = tested && !tested.startsWith('workspace:') ? tested : range;
  };
  for (const { manifest } of packages) {
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) pin(name, range, manifest);
  }
  // A user's project: node types for the typecheck, msw for the fakes, vitest to run tests.
  for (const name of ['@types/node', 'msw', 'vitest']) pin(name, rootManifest.devDependencies[name]);
  return Object.fromEntries(Object.entries(extras).sort(([a], [b]) => a.localeCompare(b)));
}
