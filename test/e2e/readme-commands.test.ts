// README.md as pasted: every shell command and curl of its ```sh blocks runs against a simulator server and
// the fake Binance, exits 0 (servers: answer health, then stop on SIGTERM) and prints what README says it
// prints. What is substituted: `npx tickscope` and `npm start --` run the built CLI, ports 8000 and 9000
// become free ones, `record --duration 10` records 3 s, and curl fails on an HTTP error (`--fail-with-body`).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, freePort, projectRoot, waitFor } from './process.js';
import { readmeCommands, type ReadmeCommand } from './readme/readme-commands.js';

const cli = `node ${join(projectRoot, 'bin/tickscope.js')}`;
const tsx = `node ${join(projectRoot, 'node_modules/tsx/dist/cli.mjs')}`;
const cwd = mkdtempSync(join(tmpdir(), 'tickscope-readme-'));
const running: Shell[] = [];
let simPort = 0;
let fakePort = 0;

interface Shell {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs `bash -c` in its own process group, so that stopping it stops every process it started. */
function shell(command: string, env: NodeJS.ProcessEnv = {}): Shell {
  const child = spawn('bash', ['-c', command], {
    cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_PATH: join(projectRoot, 'node_modules'), TICKSCOPE_LOG_LEVEL: 'warn', ...env },
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited };
}

async function stop(process_: Shell): Promise<void> {
  if (process_.child.exitCode !== null || process_.child.signalCode !== null) return;
  process.kill(-process_.child.pid!, 'SIGTERM');
  const killer = setTimeout(() => process.kill(-process_.child.pid!, 'SIGKILL'), 3_000);
  await process_.exited;
  clearTimeout(killer);
}

async function json(url: string): Promise<any> {
  const response = await fetch(url);
  return response.ok ? response.json() : undefined;
}

/** The README command as it runs here. */
function adapt(text: string, port: number): string {
  return text
    .replace(/\bnpx tickscope\b/g, cli)
    .replace(/\bnpm start --/g, `${cli} start`)
    .replace(
      /\bnpm run fake-binance\b/g,
      `${tsx} ${join(projectRoot, 'test/fakes/binance/main.ts')} --port ${fakePort}`,
    )
    .replace(/127\.0\.0\.1:9000\b/g, `127.0.0.1:${fakePort}`)
    .replace(/\b(localhost|127\.0\.0\.1):8000\b/g, `127.0.0.1:${simPort}`)
    .replace(/--port 8000\b/g, `--port ${port}`)
    .replace(/--duration 10\b/, '--duration 3')
    .replace(/\bcurl -s\b/g, 'curl -s --fail-with-body');
}

/** What README says a curl answers: the fields of its JSON (a row of an array), or a CSV header. */
const CURL_EXPECTATIONS: Array<[RegExp, (body: string) => void]> = [
  [/\/sessions\/profiles/, (body) => expect(body).toMatch(/"name":"utc"/)],
  [/-si \S+\/sessions\/report\?/, (body) => expect(body).toMatch(/^etag: "?[^\s]+/im)],
  [/\/sessions\/report\?/, (body) => expect(JSON.parse(body)).toMatchObject({ instrument: 'sim:AAA', report: {} })],
  [/format=csv/, (body) => expect(body.split('\n')[0]).toMatch(/^start,/)],
  [/-X DELETE/, (body) => expect(body).toBe('')],
  [/\/health\b/, (body) => expect(JSON.parse(body)).toMatchObject({ status: 'ok', source: { kind: 'sim' } })],
  [/\/bars\?/, (body) => expect(firstRow(body)).toHaveProperty('close')],
  [/\/ticks\?/, (body) => expect(Object.keys(firstRow(body))).toEqual(expect.arrayContaining(['id', 'ts', 'price']))],
  [/\/pairs\/analytics\?/, (body) => expect(JSON.parse(body)).toHaveProperty('latest')],
  [/\/correlation\?/, (body) => expect(body).toMatch(/sim:CCC/)],
  [/-X POST \S+\/pairs /, (body) => expect(JSON.parse(body)).toMatchObject({ x: 'sim:AAA', y: 'sim:CCC' })],
  [/-X POST \S+\/alerts /, (body) => expect(JSON.parse(body)).toHaveProperty('id')],
  [/\/alerts(\/events)?\b/, (body) => expect(Array.isArray(JSON.parse(body))).toBe(true)],
  [
    /\/coverage\?/,
    (body) =>
      expect(JSON.parse(body)).toMatchObject({ instrument: 'sim:AAA', timeframe: '1m', gaps: expect.any(Array) }),
  ],
  [
    /\/coverage\b/,
    (body) => expect(Object.keys(firstRow(body))).toEqual(expect.arrayContaining(['first', 'expected'])),
  ],
];

function firstRow(body: string): Record<string, unknown> {
  const rows = JSON.parse(body);
  expect(Array.isArray(rows) && rows.length > 0).toBe(true);
  return rows[0];
}

async function runServer(command: ReadmeCommand, adapted: string): Promise<void> {
  if (/fake-binance/.test(command.text)) {
    const fake = shell(adapted);
    running.push(fake);
    await waitFor(`the fake Binance (${fake.output()})`, 30_000, async () =>
      (await fetch(`http://127.0.0.1:${fakePort}/api/v3/time`)).ok ? true : undefined,
    );
    return;
  }
  if (/require\('ws'\)/.test(command.text)) {
    const client = shell(adapted);
    try {
      await waitFor('the WebSocket subscription', 15_000, async () =>
        client.output().includes('"op":"subscribed"') && client.output().includes('"channel":"bars:sim:AAA:1s"')
          ? true
          : undefined,
      );
    } finally {
      await stop(client);
    }
    return;
  }
  const port = await freePort();
  const server = shell(adapt(command.text, port), { TICKSCOPE_PORT: String(port) });
  try {
    const source = /--source (\S+)/.exec(command.text)?.[1] ?? 'auto';
    const health = await waitFor(`health of README.md:${command.line}`, 30_000, async () => {
      if (server.child.exitCode !== null) throw new Error(`exited: ${server.output()}`);
      return json(`http://127.0.0.1:${port}/api/v1/health`);
    });
    expect(health.source.kind, server.output()).toBe(source);
  } finally {
    await stop(server);
  }
}

async function runCommand(command: ReadmeCommand, adapted: string): Promise<void> {
  const run = shell(adapted);
  const code = await run.exited;
  const output = run.output();
  expect(code, `README.md:${command.line} ${command.text}\n${output}`).toBe(0);
  if (/\btickscope backfill\b/.test(command.text)) expect(output).toMatch(/\d+ bars stored|nothing to download/);
  else if (/\btickscope record\b/.test(command.text)) expect(output).toMatch(/messages +[1-9]/);
  else if (/\btickscope replay\b/.test(command.text)) expect(output).toMatch(/ticks +[1-9]\d*\n[\s\S]*errors +0\n/);
  else if (/^curl /.test(command.text)) {
    const check = CURL_EXPECTATIONS.find(([pattern]) => pattern.test(command.text));
    expect(check, `no expectation for ${command.text}`).toBeDefined();
    check![1](output);
  }
}

const isServer = (text: string) => /\btickscope start\b|\bnpm start\b|fake-binance|require\('ws'\)/.test(text);

beforeAll(async () => {
  ensureBuilt();
  simPort = await freePort();
  fakePort = await freePort();
  // The simulator the curls talk to, as README's examples assume, on a database of its own.
  const sim = shell(`${cli} start --source sim --port ${simPort} --db ${join(cwd, 'sim.duckdb')}`);
  running.push(sim);
  await waitFor('the simulator', 30_000, () => json(`http://127.0.0.1:${simPort}/api/v1/health`));
}, 120_000);

afterAll(async () => {
  // Together, so that a server slow to close cannot outlast the hook and be left behind.
  await Promise.all(running.map(stop));
  rmSync(cwd, { recursive: true, force: true });
}, 60_000);

describe('README.md commands', () => {
  const { commands, skipped } = readmeCommands(readFileSync(join(projectRoot, 'README.md'), 'utf8'));

  it('skips only a few blocks, each with a reason', () => {
    expect(skipped.length).toBeLessThanOrEqual(3);
    for (const block of skipped) expect(block.reason.length, `README.md:${block.line}`).toBeGreaterThan(10);
  });

  it('run as pasted against the simulator and the fake Binance', async () => {
    expect(commands.length).toBeGreaterThan(15);
    // The curls read bars and a 20-return correlation of the simulator: let it trade that long first.
    const warm = () =>
      waitFor('21 one-second bars of sim:CCC', 40_000, async () => {
        const bars = await json(`http://127.0.0.1:${simPort}/api/v1/bars?instrument=sim:CCC&timeframe=1s&limit=22`);
        return bars?.length >= 22 ? true : undefined;
      });
    for (const command of commands) {
      const adapted = adapt(command.text, 0);
      if (isServer(command.text)) await runServer(command, adapted);
      else {
        if (/^curl /.test(command.text)) await warm();
        await runCommand(command, adapted);
      }
    }
  }, 180_000);
});
