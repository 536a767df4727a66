// The published package works from both module systems: its exports map sends `import` to the ES
// build and `require` to the CommonJS build, each with its own types. The library is built into a
// temp package with the repository's tsconfigs, linked into a CommonJS and an ES module project the
// way npm installs it, and used there by plain JavaScript and by TypeScript compiled against its types.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adf } from '../src/index.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'tickscope-packaging-'));
const pkg = join(work, 'tickscope');

// A seeded AR(1) series (an LCG drives the noise): every consumer computes its ADF statistic, which
// must equal the one computed here from the sources.
let seed = 7;
const noise = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296 - 0.5;
const series: number[] = [0];
for (let i = 1; i < 200; i++) series.push(0.8 * series[i - 1] + noise());
const usage = `console.log(JSON.stringify({ adfstat: adf(${JSON.stringify(series)}).adfstat }));`;
const expected = { adfstat: adf(series).adfstat };

// Runs a Node script and, when it fails, shows what it printed (tsc reports its errors on stdout).
async function runNode(cwd: string, args: string[]): Promise<string> {
  try {
    return (await run(process.execPath, args, { cwd })).stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`node ${args.join(' ')} failed in ${cwd}:\n${stdout}${stderr}`);
  }
}

async function node(cwd: string, file: string): Promise<unknown> {
  return JSON.parse(await runNode(cwd, [file]));
}

function consumerProject(name: string, packageJson: Record<string, unknown>): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, ...packageJson }));
  symlinkSync(pkg, join(dir, 'node_modules', 'tickscope'), 'dir');
  return dir;
}

// Compiles index.ts with the settings `tsc --init` gives a Node project (module nodenext reads the
// project's "type" to decide between require and import) and returns the emitted JavaScript.
async function compileTypeScript(dir: string): Promise<string> {
  const compilerOptions = {
    module: 'nodenext',
    target: 'es2022',
    lib: ['es2022'],
    strict: true,
    outDir: 'out',
    types: [],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['index.ts'] }));
  writeFileSync(
    join(dir, 'index.ts'),
    `import { adf, type AdfResult } from 'tickscope';\n` +
      `declare const console: { log(text: string): void };\n` +
      `const result: AdfResult = adf(${JSON.stringify(series)});\n` +
      `const stat: number = result.adfstat;\n` +
      `console.log(JSON.stringify({ adfstat: stat }));\n`,
  );
  await runNode(dir, [tsc, '-p', dir]);
  return readFileSync(join(dir, 'out', 'index.js'), 'utf8');
}

beforeAll(async () => {
  mkdirSync(pkg);
  cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
  // The ES build of the library entry alone, with the options of tsconfig.build.json (whose
  // `types: ["node"]` is looked up from the config's folder, hence typeRoots).
  const esmConfig = join(work, 'tsconfig.esm.json');
  const esmOptions = { typeRoots: [join(root, 'node_modules/@types')] };
  const entry = join(root, 'src/index.ts');
  const extendsBuild = { extends: join(root, 'tsconfig.build.json'), compilerOptions: esmOptions };
  writeFileSync(esmConfig, JSON.stringify({ ...extendsBuild, files: [entry], include: [] }));
  // One after the other: the machine's cores are shared, and a failed build must not race the cleanup.
  await runNode(root, [tsc, '-p', esmConfig, '--outDir', join(pkg, 'dist')]);
  await runNode(root, [tsc, '-p', 'tsconfig.cjs.json', '--outDir', join(pkg, 'dist/cjs')]);
  await runNode(root, ['scripts/mark-commonjs.mjs', join(pkg, 'dist/cjs')]);
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the tickscope package', () => {
  it('loads with require() in a CommonJS project', async () => {
    const dir = consumerProject('cjs-app', {});
    writeFileSync(join(dir, 'main.js'), `const { adf } = require('tickscope');\n${usage}\n`);
    expect(await node(dir, 'main.js')).toEqual(expected);
  });

  it('loads with import in an ES module project', async () => {
    const dir = consumerProject('esm-app', { type: 'module' });
    writeFileSync(join(dir, 'main.js'), `import { adf } from 'tickscope';\n${usage}\n`);
    expect(await node(dir, 'main.js')).toEqual(expected);
  });

  it('compiles a TypeScript CommonJS project against its types and runs it', { timeout: 120_000 }, async () => {
    const dir = consumerProject('ts-cjs-app', { type: 'commonjs' });
    const emitted = await compileTypeScript(dir);
    expect(emitted).toContain('require("tickscope")');
    expect(await node(dir, 'out/index.js')).toEqual(expected);
  });

  it('compiles a TypeScript ES module project against its types and runs it', { timeout: 120_000 }, async () => {
    const dir = consumerProject('ts-esm-app', { type: 'module' });
    const emitted = await compileTypeScript(dir);
    expect(emitted).toContain("from 'tickscope'");
    expect(await node(dir, 'out/index.js')).toEqual(expected);
  });
});
