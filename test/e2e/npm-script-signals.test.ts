// `npm run fake-binance` and `npm start` hand their process over to the server (`exec` in the
// script), so stopping them by the PID a supervisor or a shell script holds stops the server and
// frees its port. Without it npm forwarded SIGTERM to its `sh -c` child, which died and left the
// server (and tsx's child node) orphaned, still listening.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureFreshBuild, repoRoot } from './helpers/repo.js';
import { freePort } from './helpers/tickscope-server.js';

// Process groups of the npm runs: each is started detached, as the leader of its own group.
const spawned: number[] = [];

afterEach(() => {
  // A failed test must not leave its server (or an orphan of it) behind for the next one.
  for (const pid of spawned.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function until(what: string, timeoutMs: number, condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Runs `npm <args>` until it listens on `port`, sends SIGTERM to npm's PID, and says whether the port came free. */
async function portFreedAfterSigterm(args: string[], port: number, startTimeoutMs: number): Promise<boolean> {
  const npm = spawn('npm', args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  npm.stdout.on('data', (chunk) => (output += chunk));
  npm.stderr.on('data', (chunk) => (output += chunk));
  spawned.push(npm.pid!);
  const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
  await until(
    `npm ${args.join(' ')} to listen on ${port}\n${output}`,
    startTimeoutMs,
    async () => !(await canListen(port)),
  );
  npm.kill('SIGTERM');
  await exited;
  try {
    await until(`port ${port} to come free`, 10_000, () => canListen(port));
    return true;
  } catch {
    return false;
  }
}

describe('npm scripts that run a server', () => {
  it('npm run fake-binance stops, and frees its port, on SIGTERM to the npm process', async () => {
    const port = await freePort();
    expect(await portFreedAfterSigterm(['run', 'fake-binance', '--', '--port', String(port)], port, 30_000)).toBe(true);
  }, 60_000);

  it('npm start stops, and frees its port, on SIGTERM to the npm process', async () => {
    ensureFreshBuild();
    const port = await freePort();
    const args = ['start', '--', '--source', 'sim', '--db', ':memory:', '--port', String(port)];
    expect(await portFreedAfterSigterm(args, port, 60_000)).toBe(true);
  }, 300_000);
});
