// Every import of a TypeScript source, read with the compiler's parser so that nothing written
// in a comment or a string is taken for one: static `import` and `export … from`, dynamic
// `import()`, `import('x').T` in a type, and worker entries (`new URL('./worker.ts',
// import.meta.url)`), each marked type-only when the emitted JavaScript does not load it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import ts from 'typescript';

export type ImportKind = 'static' | 'export-from' | 'dynamic' | 'type-position' | 'worker';

export interface ImportRef {
  specifier: string;
  kind: ImportKind;
  /** True when nothing of it is loaded at run time (`import type`, `export type`, a type position). */
  typeOnly: boolean;
  line: number;
}

export function readImports(fileName: string, source: string): ImportRef[] {
  const kind = fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false, kind);
  const refs: ImportRef[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, kind: ImportKind, typeOnly: boolean) => {
    if (specifier === undefined || !ts.isStringLiteralLike(specifier)) return;
    const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
    refs.push({ specifier: specifier.text, kind, typeOnly, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      // `import { type A }` still loads the module under verbatimModuleSyntax; only `import type` is erased.
      add(node, node.moduleSpecifier, 'static', node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, 'export-from', node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(node, argument.literal, 'type-position', true);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node, node.arguments[0], 'dynamic', false);
    } else if (ts.isNewExpression(node) && isWorkerUrl(node, file)) {
      add(node, node.arguments![0], 'worker', false);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return refs;
}

/** `new URL('./x.ts', import.meta.url)`: a module the code loads by path, in a worker. */
function isWorkerUrl(node: ts.NewExpression, file: ts.SourceFile): boolean {
  const [target, base] = node.arguments ?? [];
  return (
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'URL' &&
    target !== undefined &&
    ts.isStringLiteralLike(target) &&
    /^\.\.?\/.*\.(ts|tsx|js|mjs)$/.test(target.text) &&
    base !== undefined &&
    base.getText(file) === 'import.meta.url'
  );
}

/** Where a relative specifier points, repository-relative and '/'-separated; null for a package. */
export function resolveSpecifier(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  return posix.normalize(posix.join(posix.dirname(fromFile), specifier));
}

/** TypeScript sources under `dir` (repository-relative), '/'-separated, sorted. */
export function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (absolute: string) => {
    for (const entry of readdirSync(absolute, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'dist') continue;
      const path = join(absolute, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
    }
  };
  walk(join(root, dir));
  return out.map((path) => relative(root, path).split('\\').join('/')).sort();
}

export function readFileImports(root: string, file: string): ImportRef[] {
  return readImports(file, readFileSync(join(root, file), 'utf8'));
}
