#!/usr/bin/env node
// Builds the docs site (`npm run docs`): gathers docs/*.md and every package README into
// .generated/src, generates the API reference from the built packages' declarations (TypeDoc,
// markdown), then runs VitePress over it into website/dist. A dead link fails the build.
// Needs the packages built (dist/*.d.ts); `node scripts/run.mjs docs` builds them first.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vitepress';
import { generateApiReference } from './lib/api-reference.mjs';
import { gatherPages } from './lib/pages.mjs';

const websiteDir = import.meta.dirname;
const srcDir = join(websiteDir, '.generated', 'src');
const started = performance.now();

rmSync(join(websiteDir, '.generated'), { recursive: true, force: true });
mkdirSync(srcDir, { recursive: true });
const { guide, packages } = gatherPages(srcDir);
const api = await generateApiReference(srcDir);

// The config (.vitepress/config.mjs) reads the sidebar from here: nothing generated is committed.
process.env.SECRETKIT_SITE = JSON.stringify({ srcDir, guide, packages, api });
await build(websiteDir);
console.log(
  `[website] built ${guide.length} guides, ${packages.length} package pages and ${api.length} API modules in ${((performance.now() - started) / 1000).toFixed(1)} s: website/dist`,
);
