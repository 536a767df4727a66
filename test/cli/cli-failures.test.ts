// Failures as a person meets them at the terminal: `tickscope` run as a child process prints one line that
// names the cause (and, for a file, the lines that were wrong), no stack trace, and exits non-zero.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { record } from '../../src/cli/commands/record.js';
import { binanceEndpoints } from '../../src/sources/binance/endpoints.js';
import { BinanceRestClient } from '../../src/sources/binance/rest-client.js';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'tickscope-cli-failures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tickscope(args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const child = spawn(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'src/cli/main.ts', ...args], {
      cwd: root,
      env: { ...process.env, TICKSCOPE_LOG_LEVEL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** A port nothing listens on (fetch refuses to dial some low ports such as 1). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** stderr without the JSON log lines the command wrote before it failed. */
const messages = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('{'))
    .join('\n');

describe('tickscope failures', () => {
  it('names the port in use and how to choose another, without a stack trace', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as { port: number };
    try {
      const result = await tickscope(['start', '--source', 'none', '--db', ':memory:', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(messages(result.stderr)).toBe(
        `tickscope: port ${port} on 127.0.0.1 is in use; choose another with --port or TICKSCOPE_PORT`,
      );
    } finally {
      blocker.close();
    }
  });

  it('fails a replay of unreadable lines with the file and the first bad lines, unless --allow-errors', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, `${Array.from({ length: 8 }, (_, i) => `line ${i + 1} is prose`).join('\n')}\n`);
    const failed = await tickscope(['replay', file, '--db', ':memory:']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/errors +8/);
    const lines = messages(failed.stderr).split('\n');
    expect(lines[0]).toBe(
      `tickscope: 8 of 8 lines could not be read in ${file} (first at line 1); ` +
        'the readable ones were stored, --allow-errors accepts the rest',
    );
    expect(lines.slice(1)).toHaveLength(5);
    expect(lines[1]).toMatch(new RegExp(`^  ${file}:1: not JSON: .*"line 1 is prose"$`));
    expect(lines[5]).toMatch(new RegExp(`^  ${file}:5: `));
    expect(failed.stderr).not.toMatch(/\n\s+at /);

    const accepted = await tickscope(['replay', file, '--db', ':memory:', '--allow-errors']);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toMatch(/errors +8/);
  });

  it('shows the stack trace of an unforeseen failure at --log-level debug', async () => {
    const file = join(dir, 'truncated.jsonl.gz');
    const gz = gzipSync(Buffer.from('{"stream":"btcusdt@depth"}\n'.repeat(1_000)));
    writeFileSync(file, gz.subarray(0, gz.length - 30));
    const debug = await tickscope(['replay', file, '--db', ':memory:', '--log-level', 'debug']);
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain(`tickscope: cannot read ${file}: unexpected end of file`);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});

describe('Binance unreachable', () => {
  it('a REST call names the host and the cause', async () => {
    const port = await closedPort();
    const client = new BinanceRestClient({
      endpoints: binanceEndpoints('binance', { restUrl: `http://127.0.0.1:${port}` }),
      maxRetries: 1,
      backoff: { initialMs: 1, maxMs: 1 },
    });
    try {
      await expect(client.serverTime()).rejects.toThrow(
        new RegExp(
          `^cannot reach Binance at 127\\.0\\.0\\.1:${port} \\(/api/v3/time, 2 attempts\\): connect ECONNREFUSED`,
        ),
      );
    } finally {
      client.close();
    }
  });

  it('record fails with the host that could not be reached and leaves no file', async () => {
    const out = join(dir, 'nothing.jsonl.gz');
    const port = await closedPort();
    await expect(
      record({
        out,
        venue: 'binance',
        instruments: ['binance:BTCUSDT'],
        wsUrl: `ws://127.0.0.1:${port}`,
        restUrl: `http://127.0.0.1:${port}`,
        durationSec: 2,
        logLevel: 'silent',
      }),
    ).rejects.toThrow(
      new RegExp(`^no data recorded: 127\\.0\\.0\\.1:${port} could not be reached \\(.+\\); no file written$`),
    );
    expect(existsSync(out)).toBe(false);
  });
});
