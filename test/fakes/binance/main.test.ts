// The fake Binance's command line: --help prints the flags, and a wrong flag is one line naming it
// (plus the usage) with exit code 2, not a parseArgs stack trace.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

function fakeBinance(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'test/fakes/binance/main.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('npm run fake-binance', () => {
  it('prints its usage for --help and exits 0 without listening', () => {
    const run = fakeBinance('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^usage: npm run fake-binance -- \[options\]/);
    for (const flag of ['--port', '--symbols', '--rate', '--lifetime-ms', '--disconnect-every-ms']) {
      expect(run.stdout).toContain(flag);
    }
  });

  it('names an unknown flag in one line and exits 2', () => {
    const run = fakeBinance('--prot', '9001');
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^fake-binance: Unknown option '--prot'/);
    expect(run.stderr).toContain('usage:');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('names a flag whose value is not a number and exits 2', () => {
    const run = fakeBinance('--rate', 'fast');
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      'fake-binance: --rate must be a non-negative number, got "fast" (--help lists the flags)',
    );
  });

  it('says which port is in use and exits 1', async () => {
    const holder = createServer();
    await new Promise<void>((listening) => holder.listen(0, '127.0.0.1', listening));
    const { port } = holder.address() as { port: number };
    try {
      const run = fakeBinance('--port', String(port));
      expect(run.status).toBe(1);
      expect(run.stderr.trim()).toBe(
        `fake-binance: port ${port} is in use; choose another with --port <n> (0 picks a free one)`,
      );
    } finally {
      holder.close();
    }
  });
});
