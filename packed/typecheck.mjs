// Strict TypeScript over a user's files in the consumer project, through the repository's own
// typescript: the `node16` and `bundler` resolutions, ESM (.mts) and CommonJS (.cts) consumers.
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { repoRoot } from './packages.mjs';

const ts = createRequire(join(repoRoot, 'package.json'))('typescript');

const strict = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: false,
  noEmit: true,
  skipLibCheck: false, // a broken .d.ts we ship (an import it cannot resolve) must fail
  target: ts.ScriptTarget.ES2023,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  types: ['node'],
  isolatedModules: true,
  verbatimModuleSyntax: false,
};

/** The compiler settings a user's project would have, by resolution mode. */
export const RESOLUTIONS = {
  node16: { ...strict, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16 },
  bundler: { ...strict, module: ts.ModuleKind.Preserve, moduleResolution: ts.ModuleResolutionKind.Bundler },
};

/**
 * Typechecks `files` (absolute paths) in `dir` with one resolution. Library errors in other
 * people's packages (outside node_modules/@secretkit) are not ours and are not reported.
 * @returns {{ errors: string[], program: import('typescript').Program }}
 */
export function typecheck(dir, files, resolution, extra = {}) {
  const options = { ...RESOLUTIONS[resolution], ...extra, typeRoots: [join(dir, 'node_modules', '@types')] };
  const host = ts.createCompilerHost(options);
  const program = ts.createProgram({ rootNames: files, options, host });
  const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => {
    const file = d.file?.fileName ?? '';
    return !file.includes('/node_modules/') || file.includes('/node_modules/@secretkit/');
  });
  const errors = diagnostics.map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file) return `TS${d.code}: ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${relative(dir, d.file.fileName)}:${line + 1}:${character + 1} TS${d.code}: ${text}`;
  });
  return { errors, program };
}

/**
 * The value (not type-only) exports the types declare for each module specifier a file imports
 * with `import * as ns from '<specifier>'` or `import ns = require('<specifier>')`.
 * @returns {Map<string, string[]>} file path → sorted names
 */
export function declaredValueExports(program, files) {
  const checker = program.getTypeChecker();
  const byFile = new Map();
  for (const file of files) {
    const source = program.getSourceFile(file);
    const declaration = source?.statements.find(
      (s) => ts.isImportDeclaration(s) || ts.isImportEqualsDeclaration(s),
    );
    const specifierNode =
      declaration && (declaration.moduleSpecifier ?? declaration.moduleReference?.expression);
    const moduleSymbol = specifierNode && checker.getSymbolAtLocation(specifierNode);
    if (!moduleSymbol) {
      byFile.set(file, undefined);
      continue;
    }
    const names = checker
      .getExportsOfModule(moduleSymbol)
      .filter((symbol) => {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        return (target.flags & ts.SymbolFlags.Value) !== 0 && !isTypeOnlyExport(symbol);
      })
      .map((symbol) => symbol.getName())
      .filter((name) => name !== 'default' && name !== '__esModule')
      .sort();
    byFile.set(file, names);
  }
  return byFile;
}

function isTypeOnlyExport(symbol) {
  return (symbol.declarations ?? []).some(
    (d) =>
      (ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly)) ||
      ts.isTypeOnlyImportDeclaration?.(d),
  );
}

export { ts };
