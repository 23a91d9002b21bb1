import { defineConfig } from 'tsup';
import { packageBuild } from '../../tsup.config.base.js';

// Splitting: the adapter entry shares core's chunks, so an adapter's SecretsError is the same class
// an app imports (one copy per format, not one per entry).
export default defineConfig({
  ...packageBuild({ index: 'src/index.ts', adapter: 'src/adapter/index.ts' }),
  splitting: true,
});
