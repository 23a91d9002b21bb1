import { mergeConfig } from 'vitest/config';
import { packageProject } from '../../vitest.shared.js';

// The cli tests run real processes (the built bin, children, watch intervals of 1 s and the 2 s
// restart debounce): a test may take several seconds; every wait inside is bounded on its own.
export default mergeConfig(packageProject('cli'), { test: { testTimeout: 30_000, hookTimeout: 30_000 } });
