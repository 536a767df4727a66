// The module table holds: every import under src/ and web/src/ goes in a direction that
// test/architecture/module-rules.ts (the table of docs/architecture.md) allows.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readFileImports, readImports, resolveSpecifier, sourceFiles } from './import-graph.js';
import { allowedList, checkImport } from './layering.js';
import { MODULE_RULES } from './module-rules.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function violationsOf(file: string, source: string): string[] {
  return readImports(file, source).flatMap(
    (ref) => checkImport(file, ref, resolveSpecifier(file, ref.specifier)) ?? [],
  );
}

describe('layering', () => {
  it('every import under src/ and web/src/ follows the module table', () => {
    const files = [...sourceFiles(root, 'src'), ...sourceFiles(root, 'web/src')];
    expect(files.length).toBeGreaterThan(300);
    const violations = files.flatMap((file) =>
      readFileImports(root, file).flatMap((ref) => checkImport(file, ref, resolveSpecifier(file, ref.specifier)) ?? []),
    );
    expect(violations, violations.join('\n')).toEqual([]);
  });

  it('names the file, the import and the rule when the statistics import the store', () => {
    const [message] = violationsOf(
      'src/stats/rolling/rolling-mean.ts',
      "import { openStore } from '../../store/index.js';",
    );
    expect(message).toBe(
      "src/stats/rolling/rolling-mean.ts:1 imports '../../store/index.js': " +
        'src/stats may not import src/store (src/stats may import `src/domain`)',
    );
  });

  it('finds re-exports, dynamic imports, import types and worker entries', () => {
    const source = [
      "export { openStore } from '../store/index.js';",
      "const lazy = () => import('../server/app.js');",
      "type App = import('../cli/main.js').Main;",
      "const worker = new URL('../ingest/pipeline-worker.ts', import.meta.url);",
    ].join('\n');
    expect(violationsOf('src/bus/x.ts', source).map((m) => m.split(':')[1])).toEqual([
      "1 imports '../store/index.js'",
      "2 imports '../server/app.js'",
      "3 imports '../cli/main.js'",
      "4 imports '../ingest/pipeline-worker.ts'",
    ]);
  });

  it('lets the dashboard import only types from the server', () => {
    const file = 'web/src/api/types.ts';
    expect(violationsOf(file, "import type { Bar } from '../../../src/server/schemas.ts';")).toEqual([]);
    expect(violationsOf(file, "export type { Bar } from '../../../src/server/schemas.ts';")).toEqual([]);
    expect(violationsOf(file, "import { type Bar } from '../../../src/server/schemas.ts';")[0]).toMatch(
      /web\/src may import only types from src\/server; write `import type`/,
    );
    expect(violationsOf(file, "import type { Bar } from '../../../src/domain/bar.ts';")[0]).toMatch(
      /web\/src may not import src\/domain/,
    );
  });

  it('keeps the statistics and the domain free of Node built-ins', () => {
    expect(violationsOf('src/stats/x.ts', "import { readFileSync } from 'node:fs';")[0]).toMatch(/src\/stats is pure/);
    expect(violationsOf('src/stats/x.test.ts', "import { readFileSync } from 'node:fs';")).toEqual([]);
  });

  it('rejects a folder the table does not know', () => {
    expect(violationsOf('src/research/notebook.ts', "import { ols } from '../stats/index.js';")[0]).toMatch(
      /src\/research is not in the module table/,
    );
  });

  it('docs/architecture.md states the same table', () => {
    const doc = readFileSync(`${root}/docs/architecture.md`, 'utf8');
    const rows = new Map(
      [...doc.matchAll(/^\|\s*`([^`]+)`\s*\|[^|]*\|\s*(.*?)\s*\|$/gm)].map(([, module, allowed]) => [
        module,
        allowed.trim(),
      ]),
    );
    for (const rule of MODULE_RULES) expect(rows.get(rule.module), rule.module).toBe(allowedList(rule));
  });
});
