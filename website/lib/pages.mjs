// Copies docs/*.md (as guide/) and every package README (as packages/<folder>.md) into the site's
// source folder, with links rewritten for the site: a link to another page stays inside the site
// (and so is checked by VitePress's dead-link check), a link to any other repository file goes to
// GitHub. Docs-test markers (`ts partial`, `ts-preamble` comments) are taken out.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const GITHUB = 'https://github.com/secretkit/secretkit';

/** The order of the guide in the sidebar; any other doc follows, by file name. */
const GUIDE_ORDER = [
  'getting-started',
  'choosing-a-provider',
  'inject',
  'references',
  'rotation',
  'rotation-without-polling',
  'leases',
  'testing',
  'observability',
  'writing-an-adapter',
  'coming-from',
  'architecture',
];

/** @returns {{ guide: { text: string, link: string }[], packages: { text: string, link: string }[] }} */
export function gatherPages(srcDir) {
  const docs = readdirSync(join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.slice(0, -3))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const guide = docs.map((name) => {
    const text = readFileSync(join(repoRoot, 'docs', `${name}.md`), 'utf8');
    write(srcDir, `guide/${name}.md`, forSite(text, `docs/${name}.md`, `guide/${name}.md`));
    return { text: titleOf(text, name), link: `/guide/${name}` };
  });
  const packages = readdirSync(join(repoRoot, 'packages'))
    .filter((folder) => existsSync(join(repoRoot, 'packages', folder, 'README.md')))
    .filter(
      (folder) =>
        JSON.parse(readFileSync(join(repoRoot, 'packages', folder, 'package.json'), 'utf8')).private !== true,
    )
    .sort()
    .map((folder) => {
      const text = readFileSync(join(repoRoot, 'packages', folder, 'README.md'), 'utf8');
      write(
        srcDir,
        `packages/${folder}.md`,
        forSite(text, `packages/${folder}/README.md`, `packages/${folder}.md`),
      );
      return { text: `@secretkit/${folder}`, link: `/packages/${folder}` };
    });
  const home = readFileSync(join(import.meta.dirname, '..', 'pages', 'index.md'), 'utf8');
  write(srcDir, 'index.md', home);
  return { guide, packages };
}

function rank(name) {
  const at = GUIDE_ORDER.indexOf(name);
  return at === -1 ? GUIDE_ORDER.length : at;
}

function titleOf(markdown, fallback) {
  return /^#\s+(.+)$/m.exec(markdown)?.[1].replaceAll('`', '') ?? fallback;
}

function write(srcDir, path, text) {
  mkdirSync(dirname(join(srcDir, path)), { recursive: true });
  writeFileSync(join(srcDir, path), text);
}

/** Where a repository file is shown on the site (a site path), or undefined when it is not. */
function sitePathOf(repoPath) {
  const doc = /^docs\/([\w-]+)\.md$/.exec(repoPath);
  if (doc && existsSync(join(repoRoot, repoPath))) return `guide/${doc[1]}.md`;
  const pkg = /^packages\/([\w-]+)(?:\/README\.md)?\/?$/.exec(repoPath);
  if (pkg && existsSync(join(repoRoot, 'packages', pkg[1], 'README.md'))) return `packages/${pkg[1]}.md`;
  if (repoPath === 'README.md' || repoPath === '') return 'index.md';
  return undefined;
}

/**
 * Rewrites one Markdown file for the site. `repoPath`: where it lives in the repository;
 * `sitePath`: where it lands in the site.
 */
export function forSite(markdown, repoPath, sitePath) {
  const withoutMarkers = markdown
    .replace(/^(\s*)<!--\s*ts-preamble\s*\n[\s\S]*?-->\n?/gm, '')
    .replace(/^(\s*(?:`{3,}|~{3,})\s*(?:ts|typescript|mts))(?:\s+(?:partial|run))+\s*$/gm, '$1');
  return withoutMarkers.replace(/(\]\()([^)\s]+)(\))/g, (whole, open, target, close) => {
    const rewritten = rewriteLink(target, repoPath, sitePath);
    return rewritten === undefined ? whole : `${open}${rewritten}${close}`;
  });
}

function rewriteLink(target, repoPath, sitePath) {
  if (target.startsWith('#') || target.startsWith('mailto:')) return undefined;
  const [path, hash = ''] = target.split('#');
  const anchor = hash ? `#${hash}` : '';
  let repoTarget;
  const onGithub = new RegExp(`^${GITHUB}/(?:blob|tree)/main/(.*)$`).exec(path);
  if (onGithub) repoTarget = onGithub[1];
  else if (path === `${GITHUB}` || path === `${GITHUB}#readme`) repoTarget = 'README.md';
  else if (/^[a-z]+:/.test(path))
    return undefined; // another site
  else repoTarget = posix.normalize(posix.join(posix.dirname(repoPath), path)).replace(/\/$/, '');
  const site = sitePathOf(repoTarget);
  if (site) return `${posix.relative(posix.dirname(sitePath), site) || posix.basename(site)}${anchor}`;
  if (onGithub) return undefined; // stays on GitHub as written
  const local = join(repoRoot, repoTarget);
  // A missing file stays a relative link, so the dead-link check reports it.
  if (!existsSync(local)) return `${path}${anchor}`;
  const kind = statSync(local).isDirectory() ? 'tree' : 'blob';
  return `${GITHUB}/${kind}/main/${relative(repoRoot, local)}${anchor}`;
}
