// VitePress configuration of the docs site. website/build.mjs gathers the pages into
// .generated/src and hands the sidebar over in SECRETKIT_SITE; run the site with `npm run docs`.
import { join } from 'node:path';
import { defineConfig } from 'vitepress';

const site = JSON.parse(process.env.SECRETKIT_SITE ?? 'null');
if (!site)
  throw new Error('build the site with `npm run docs` (website/build.mjs), not with vitepress directly');

export default defineConfig({
  title: 'secretkit',
  description: 'One TypeScript API over the secret managers backend services already run.',
  srcDir: site.srcDir,
  outDir: join(import.meta.dirname, '..', 'dist'),
  cacheDir: join(import.meta.dirname, '..', 'node_modules', '.vitepress-cache'),
  cleanUrls: true,
  lastUpdated: false,
  ignoreDeadLinks: false, // the default, said out loud: a dead link fails the build
  markdown: {
    languageAlias: { hcl: 'ini' },
    // `{{ REF }}` templates appear in inline code: keep Vue from reading them as interpolations.
    config(md) {
      const render = md.renderer.rules.code_inline;
      md.renderer.rules.code_inline = (tokens, index, options, env, self) =>
        render(tokens, index, options, env, self).replace(/^<code/, '<code v-pre');
    },
  },
  themeConfig: {
    nav: [
      { text: 'Guide', link: '/guide/getting-started' },
      { text: 'Packages', link: site.packages[0]?.link ?? '/' },
      { text: 'API', link: '/api/' },
    ],
    sidebar: [
      { text: 'Guide', items: site.guide },
      { text: 'Packages', collapsed: false, items: site.packages },
      {
        text: 'API reference',
        collapsed: true,
        items: site.api.map((m) => ({ text: m.specifier, link: m.link })),
      },
    ],
    search: { provider: 'local' },
    socialLinks: [{ icon: 'github', link: 'https://github.com/secretkit/secretkit' }],
    outline: [2, 3],
  },
});
