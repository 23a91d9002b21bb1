// Turns the TypeScript blocks of one Markdown file into files a typecheck can take, following the
// markers described in CONTRIBUTING.md ("Code in the docs"):
//   ```ts            a complete module, compiled as is
//   ```ts partial    a deliberate fragment: compiled after the file's `<!-- ts-preamble … -->`
//                    comment above it (which declares what the fragment assumes), or, with no
//                    preamble above it, only parsed
//   ```ts run        a complete module that is also run with Node
// A block whose first line is a `// name.ts` comment is written as name.ts, so later blocks of the
// same file can import it (`import { secrets } from './secrets.js'`).
import { fencedBlocks } from './markdown.mjs';
import { ts } from './typecheck.mjs';

const TS_LANGS = new Set(['ts', 'typescript', 'mts']);
const PREAMBLE = /<!--\s*ts-preamble\s*\n([\s\S]*?)-->/g;

/**
 * @returns {{ file: string, code: string, line: number, offset: number, mode: 'module'|'partial'|'syntax', run: boolean }[]}
 *   `line`: the fence's line in the Markdown; `offset`: lines put before the block's first line
 */
export function docBlocks(markdown) {
  const preambles = [...markdown.matchAll(PREAMBLE)].map((m) => ({
    line: markdown.slice(0, m.index).split('\n').length,
    code: m[1],
  }));
  const blocks = [];
  for (const block of fencedBlocks(markdown)) {
    if (!TS_LANGS.has(block.lang)) continue;
    const unknown = block.words.filter((w) => !['partial', 'run'].includes(w));
    if (unknown.length > 0)
      throw new Error(`line ${block.line}: unknown marker "${unknown.join(' ')}" (expected partial or run)`);
    const partial = block.words.includes('partial');
    const run = block.words.includes('run');
    if (partial && run) throw new Error(`line ${block.line}: a partial block cannot be run`);
    const named = /^\/\/ ([\w.-]+)\.ts\b/.exec(block.code)?.[1];
    const file = named ? `${named}.ts` : `block-L${block.line}.ts`;
    if (!partial) {
      blocks.push({ file, code: block.code, line: block.line, offset: 0, mode: 'module', run });
      continue;
    }
    const preamble = preambles.filter((p) => p.line < block.line).at(-1);
    if (!preamble) {
      blocks.push({ file, code: block.code, line: block.line, offset: 0, mode: 'syntax', run: false });
      continue;
    }
    // The fragment inside a block scope, so its names may shadow the preamble's; its imports are
    // lifted out (blanked in place, so line numbers hold) and top-level `await` still works.
    const { imports, body } = liftImports(block.code);
    const head = `${preamble.code}\n${imports}\n{\n`;
    blocks.push({
      file,
      code: `${head}${body}}\nexport {};\n`,
      line: block.line,
      offset: head.split('\n').length - 1,
      mode: 'partial',
      run: false,
    });
  }
  return blocks;
}

/** Splits a fragment into its import declarations and the rest, the rest keeping its line count. */
function liftImports(code) {
  const source = ts.createSourceFile('fragment.ts', code, ts.ScriptTarget.Latest, true);
  let body = code;
  const imports = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    const text = code.slice(statement.getStart(source), statement.getEnd());
    imports.push(text.replaceAll('\n', ' '));
    body = body.replace(text, text.replace(/[^\n]/g, ' '));
  }
  return { imports: imports.join(' '), body };
}

/** Value imports of a piece of code: `module → names` (`*` for a namespace, `default`). */
function valueImports(code) {
  const source = ts.createSourceFile('imports.ts', code, ts.ScriptTarget.Latest, true);
  const found = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
    const module = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if (clause?.name) found.push({ module, name: 'default' });
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) found.push({ module, name: '*' });
    for (const element of bindings && ts.isNamedImports(bindings) ? bindings.elements : []) {
      if (!element.isTypeOnly) found.push({ module, name: (element.propertyName ?? element.name).text });
    }
  }
  return found;
}

/**
 * A preamble may import a value only when a complete block of the same file imports it too: the
 * reader sees every import a fragment relies on (so a page cannot use `vi` while its test file's
 * import line leaves it out). Type-only imports and `node:` modules are free.
 * @returns {string[]} problems
 */
export function preambleProblems(markdown) {
  const shown = new Set(
    fencedBlocks(markdown)
      .filter((b) => TS_LANGS.has(b.lang) && !b.words.includes('partial'))
      .flatMap((b) => valueImports(b.code).map((i) => `${i.module}\0${i.name}`)),
  );
  const problems = [];
  for (const m of markdown.matchAll(PREAMBLE)) {
    const line = markdown.slice(0, m.index).split('\n').length;
    for (const { module, name } of valueImports(m[1])) {
      if (module.startsWith('node:') || shown.has(`${module}\0${name}`)) continue;
      problems.push(
        `line ${line}: the ts-preamble imports ${name} from '${module}', which no complete block of this file imports (import it with \`import type\`, or show the import)`,
      );
    }
  }
  return problems;
}
