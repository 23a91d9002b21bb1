// Shared tsup settings: every package builds to ESM + CJS + d.ts for Node 22.
import type { Options } from 'tsup';

export function packageBuild(entry: Record<string, string> = { index: 'src/index.ts' }): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    target: 'node22',
    platform: 'node',
    sourcemap: false,
    splitting: false,
    treeshake: true,
  };
}
