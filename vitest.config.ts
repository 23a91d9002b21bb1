// Root vitest config: vitest 4+ no longer reads vitest.workspace.ts by itself, so import its list.
import { defineConfig } from 'vitest/config';
import projects from './vitest.workspace.js';

export default defineConfig({ test: { projects } });
