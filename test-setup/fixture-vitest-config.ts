// The config of a nested run over a folder of *.fixture.ts files (nested-vitest.ts runs it): the
// same project settings as every package (packageProject: aliases, the network guard, the test
// env), running only the fixtures, which the root run never collects (projects include
// test/**/*.test.ts only).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { packageProject } from '../vitest.shared.js';

/** A config named `name` over the fixtures in `fixturesDir` (pass `new URL('.', import.meta.url)`). */
export function fixtureVitestConfig(name: string, fixturesDir: URL) {
  const project = packageProject(name);
  return defineConfig({
    ...project,
    root: fileURLToPath(fixturesDir),
    // Keep vite's cache where the root run keeps it, not in a node_modules/ under the fixtures.
    cacheDir: fileURLToPath(new URL(`../node_modules/.vite/${name}`, import.meta.url)),
    test: { ...project.test, include: ['*.fixture.ts'] },
  });
}
