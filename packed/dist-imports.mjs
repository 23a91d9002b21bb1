// Reads the built files of installed packages for the modules they import, to find imports no
// dependency or peer declares, and the peers a user must install to import an entry at all.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const builtins = new Set(builtinModules);
// A module specifier has no quote, space or newline: that keeps a `from "` inside a string literal
// from pairing with a quote lines away.
const STATIC_IMPORT = /^\s*(?:import|export)\s+(?:[^'"]*?\sfrom\s*)?['"]([^'"\s]+)['"]/gm;
const ANY_IMPORT =
  /(?:\bfrom\s*['"]([^'"\s]+)['"]|\b(?:import|require)\s*\(\s*['"]([^'"\s]+)['"]\s*[,)]|^\s*import\s*['"]([^'"\s]+)['"])/gm;

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
export function packageNameOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function isBuiltin(specifier) {
  return specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(specifier.split('/')[0]);
}

/** Specifiers in a built file: `all` (static, dynamic, require) or only top-level static imports. */
export function importsIn(code, { staticOnly = false } = {}) {
  const pattern = staticOnly ? STATIC_IMPORT : ANY_IMPORT;
  return [...code.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3]);
}

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : /\.(c|m)?js$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/**
 * Every bare import in a package's shipped code that its package.json does not declare (as a
 * dependency or a peer). Such an import works in the monorepo and breaks for a user.
 * @returns {string[]} problems, one a line
 */
export function undeclaredImports(packageDir) {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const problems = [];
  const shipped = filesUnder(packageDir).filter(
    (f) => !f.slice(packageDir.length).includes('/node_modules/'),
  );
  if (shipped.length === 0) return [`${manifest.name}: the tarball has no JavaScript to check`];
  for (const file of shipped) {
    for (const specifier of new Set(importsIn(readFileSync(file, 'utf8')))) {
      if (specifier.startsWith('.') || isBuiltin(specifier)) continue;
      if (!declared.has(packageNameOf(specifier))) {
        problems.push(
          `${manifest.name}: ${file.slice(packageDir.length + 1)} imports "${specifier}", which package.json does not declare`,
        );
      }
    }
  }
  return problems;
}

/**
 * The peers a user must install to import `specifier` at all: third-party modules reached through
 * top-level static imports only (a lazy `import()` is not needed until used), following the
 * package's own chunks and other @secretkit packages, that the importing package declares as a peer.
 * @returns {Map<string, { peer: string, optional: boolean, via: string }>}
 */
export function peersNeededToImport(nodeModules, specifier, resolveEntry) {
  const needed = new Map();
  const seen = new Set();
  const visit = (file, owner) => {
    if (seen.has(file) || !existsSync(file)) return; // a missing file is the runtime check's to report
    seen.add(file);
    for (const imported of importsIn(readFileSync(file, 'utf8'), { staticOnly: true })) {
      if (imported.startsWith('.')) {
        visit(resolve(dirname(file), imported), owner);
        continue;
      }
      if (isBuiltin(imported)) continue;
      const name = packageNameOf(imported);
      if (name.startsWith('@secretkit/')) {
        const next = resolveEntry(imported);
        if (next) visit(next, readManifest(nodeModules, name));
        continue;
      }
      if (owner.peerDependencies?.[name] && !needed.has(name)) {
        const optional = owner.peerDependenciesMeta?.[name]?.optional === true;
        needed.set(name, { peer: name, optional, via: owner.name });
      }
    }
  };
  const first = resolveEntry(specifier);
  if (first) visit(first, readManifest(nodeModules, packageNameOf(specifier)));
  return needed;
}

function readManifest(nodeModules, name) {
  return JSON.parse(readFileSync(join(nodeModules, name, 'package.json'), 'utf8'));
}
