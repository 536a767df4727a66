// The module table of docs/architecture.md as data: which folder may import which. The layering
// test holds every import under src/ and web/src/ to it, so the direction of a dependency is a
// decision made here, in review, and not one made silently in a file deep in a folder.

export interface ModuleRule {
  /** A folder (every file under it) or one file, from the repository root. */
  module: string;
  owns: string;
  /** Modules whose code (values and types) this one may import; its own files are always allowed. */
  mayImport: readonly string[];
  /** Modules this one may import types from (`import type` / `export type`), and nothing else. */
  mayImportTypesFrom?: readonly string[];
  /** No Node built-ins (`node:fs`, `node:worker_threads`, …): pure code, no I/O, no clocks. */
  pure?: boolean;
}

/** Where the layering rules do not reach: what tests, fixtures and benches may use. */
export const TEST_SUPPORT = 'test';

const LIBRARY = ['src/domain', 'src/stats'];
/** Every module of the engine below the server. */
const ENGINE = [
  'src/domain',
  'src/stats',
  'src/sources',
  'src/bars',
  'src/ingest',
  'src/analytics',
  'src/alerts',
  'src/backtest',
  'src/store',
  'src/bus',
  'src/import',
];

export const MODULE_RULES: readonly ModuleRule[] = [
  { module: 'src/domain', owns: 'types and time-bucket math', mayImport: [], pure: true },
  { module: 'src/stats', owns: 'pure numerical functions, the public library', mayImport: ['src/domain'], pure: true },
  { module: 'src/sources', owns: 'everything that yields ticks or bars', mayImport: ['src/domain'] },
  { module: 'src/bars', owns: 'bar builders', mayImport: ['src/domain'] },
  {
    module: 'src/ingest',
    owns: 'the ingest pipeline, kline history and repair, gap records, the live watchlist',
    mayImport: ['src/domain', 'src/bars', 'src/bus', 'src/store', 'src/sources'],
  },
  { module: 'src/analytics', owns: 'live and on-demand analytics engines', mayImport: LIBRARY },
  { module: 'src/alerts', owns: 'rules, evaluator, notifiers, history', mayImport: ['src/domain'] },
  { module: 'src/backtest', owns: 'strategies, fills, performance', mayImport: LIBRARY },
  { module: 'src/store', owns: 'the Store interface and its implementations', mayImport: ['src/domain'] },
  { module: 'src/bus', owns: 'the Bus interface, its topics and implementations', mayImport: ['src/domain'] },
  { module: 'src/import', owns: 'history files read into the store', mayImport: ['src/domain', 'src/store'] },
  { module: 'src/server', owns: 'REST, WebSocket gateway, OpenAPI', mayImport: ENGINE },
  { module: 'src/cli', owns: 'commands and the composition root', mayImport: [...ENGINE, 'src/server'] },
  { module: 'src/index.ts', owns: "the package's public entry: the library", mayImport: LIBRARY },
  {
    module: 'web/src',
    owns: 'the dashboard; talks to the server only over REST and WS',
    mayImport: [],
    mayImportTypesFrom: ['src/server'],
  },
];

/** The rule of the module that holds `path` (repository-relative, '/'-separated), or undefined. */
export function ruleFor(path: string): ModuleRule | undefined {
  return MODULE_RULES.find((rule) => path === rule.module || path.startsWith(`${rule.module}/`));
}

/** The module a repository path belongs to: a rule's module, else its first two path segments. */
export function moduleOf(path: string): string {
  return ruleFor(path)?.module ?? path.split('/').slice(0, 2).join('/');
}
