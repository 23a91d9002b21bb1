import { readFileSync, writeFileSync } from 'node:fs';
import { defineConfig, type Options } from 'tsup';
import { packageBuild } from '../../tsup.config.base.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const define = { __SECRETKIT_CLI_VERSION__: JSON.stringify(version) };
const base = packageBuild({ index: 'src/index.ts' });

// The bin is built for start-up time, most of a short `secretkit run` (bench/cli-start.ts): one
// CommonJS file (require is cheaper than ESM module jobs), @secretkit/refs and @secretkit/file
// inside, each command's code evaluated only when it runs. @secretkit/core and the other adapters
// stay external and are required as CommonJS too (dynamic imports become require), so the process
// holds exactly one core, shared by every adapter.
const bin: Options = {
  ...base,
  entry: { bin: 'src/bin.ts' },
  format: ['cjs'],
  dts: false,
  clean: ['bin.*'],
  noExternal: ['@secretkit/refs', '@secretkit/file'],
  esbuildOptions(options) {
    options.supported = { ...options.supported, 'dynamic-import': false };
  },
  define,
  // dist/bin.js as before, for scripts that run that path: an ES module that loads the bin.
  async onSuccess() {
    writeFileSync(new URL('./dist/bin.js', import.meta.url), "#!/usr/bin/env node\nimport './bin.cjs';\n", {
      mode: 0o755,
    });
  },
};

export default defineConfig([{ ...base, clean: ['index.*'], define }, bin]);
