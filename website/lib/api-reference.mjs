// The API reference: TypeDoc (with typedoc-plugin-markdown) over the declarations each package
// ships, one module per entry of its exports map (`@secretkit/aws`, `@secretkit/aws/testing`, …),
// discovered from packages/ at every build.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Application } from 'typedoc';
import { repoRoot } from './pages.mjs';

/** @returns {Promise<{ specifier: string, link: string, summary: string }[]>} */
export async function generateApiReference(srcDir) {
  // The wrappers live outside the repository: nothing generated for the site is linted or committed.
  const entriesDir = mkdtempSync(join(tmpdir(), 'secretkit-api-'));
  const modules = [];
  for (const folder of readdirSync(join(repoRoot, 'packages')).sort()) {
    const manifestPath = join(repoRoot, 'packages', folder, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private === true) continue;
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      const types = typesOf(target);
      if (!types) continue;
      const declarations = join(repoRoot, 'packages', folder, types);
      if (!existsSync(declarations)) {
        const problem = `${manifest.name}: ${types} is missing: build the packages first`;
        // For a local preview while a package is half-written; the build in `npm test` never sets it.
        if (process.env.SECRETKIT_SITE_SKIP_MISSING !== '1') throw new Error(problem);
        console.warn(`[website] skipped: ${problem}`);
        continue;
      }
      const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
      const slug = specifier.replace('@secretkit/', '').replaceAll('/', '-');
      const summary =
        subpath === '.' ? manifest.description : `The \`${subpath}\` entry of ${manifest.name}.`;
      const wrapper = join(entriesDir, `${slug}.d.ts`);
      const from = declarations.replace(/\.d\.ts$/, '.js');
      writeFileSync(wrapper, `/**\n * ${summary}\n * @module ${specifier}\n */\nexport * from '${from}';\n`);
      modules.push({ specifier, slug, wrapper, summary });
    }
  }
  writeFileSync(
    join(entriesDir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'node16',
        moduleResolution: 'node16',
        target: 'es2023',
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: ['node'],
        typeRoots: [join(repoRoot, 'node_modules', '@types')],
      },
      files: modules.map((m) => m.wrapper),
    }),
  );
  const app = await Application.bootstrapWithPlugins({
    entryPoints: modules.map((m) => m.wrapper),
    tsconfig: join(entriesDir, 'tsconfig.json'),
    plugin: ['typedoc-plugin-markdown'],
    out: join(srcDir, 'api'),
    name: 'API reference',
    readme: 'none',
    skipErrorChecking: true,
    excludeExternals: true,
    excludePrivate: true,
    excludeInternal: true,
    disableSources: true,
    hidePageHeader: true,
    hideBreadcrumbs: true,
    entryFileName: 'index',
    outputFileStrategy: 'modules',
    logLevel: 'Error', // TSDoc style warnings belong to the packages' own lint, not to the site build
    validation: { notExported: false, invalidLink: true, rewrittenLink: true },
  });
  const project = await app.convert();
  if (!project) throw new Error('TypeDoc could not convert the packages');
  await app.generateOutputs(project);
  rmSync(entriesDir, { recursive: true, force: true });
  if (app.logger.hasErrors()) throw new Error('TypeDoc reported errors');
  return modules.map(({ specifier, summary }) => ({ specifier, summary, link: `/api/${specifier}` }));
}

/** The `types` file of an export target's `import` side (or of its only side). */
function typesOf(target) {
  if (typeof target !== 'object' || target === null) return undefined;
  if (typeof target.types === 'string') return target.types;
  for (const key of ['import', 'default', 'require']) {
    const found = typesOf(target[key]);
    if (found) return found;
  }
  return undefined;
}
