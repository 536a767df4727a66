// The layering rules applied to one import: which rule of the module table it breaks, in words
// that name the file, the import and the rule, so that a failing test says what to change.
import type { ImportRef } from './import-graph.js';
import { moduleOf, ruleFor, TEST_SUPPORT, type ModuleRule } from './module-rules.js';

const isTestFile = (path: string) => /\.test\.tsx?$/.test(path);

/** What a module may import, as the module table of docs/architecture.md writes it. */
export function allowedList(rule: ModuleRule): string {
  const names = (modules: readonly string[]) => modules.map((m) => `\`${m}\``).join(', ');
  const code = rule.mayImport.length === 0 ? 'nothing' : names(rule.mayImport);
  const types = rule.mayImportTypesFrom?.length ? `; types only from ${names(rule.mayImportTypesFrom)}` : '';
  return `${code}${types}`;
}

/** Null when `ref`, an import of `file`, is allowed; otherwise why it is not. */
export function checkImport(file: string, ref: ImportRef, target: string | null): string | null {
  const at = `${file}:${ref.line} imports '${ref.specifier}'`;
  const rule = ruleFor(file);
  if (rule === undefined) {
    return (
      `${at}, but ${moduleOf(file)} is not in the module table ` +
      '(test/architecture/module-rules.ts and docs/architecture.md): add it with the modules it may import'
    );
  }
  if (target === null) {
    const builtin = ref.specifier.startsWith('node:');
    if (builtin && rule.pure && !isTestFile(file)) {
      return `${at}: ${rule.module} is pure (no I/O, no clocks) and may not import Node built-ins`;
    }
    return null;
  }
  const targetModule = moduleOf(target);
  if (targetModule === rule.module) return null;
  if (isTestFile(file) && (target === TEST_SUPPORT || target.startsWith(`${TEST_SUPPORT}/`))) return null;
  if (rule.mayImport.includes(targetModule)) return null;
  if (rule.mayImportTypesFrom?.includes(targetModule)) {
    if (ref.typeOnly) return null;
    return (
      `${at}: ${rule.module} may import only types from ${targetModule}; write \`import type\` ` +
      "(a value or `import { type X }` loads the server's code into the bundle)"
    );
  }
  return `${at}: ${rule.module} may not import ${targetModule} (${rule.module} may import ${allowedList(rule)})`;
}
