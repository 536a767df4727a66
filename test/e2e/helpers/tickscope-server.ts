// Starts the real Tickscope server as a child process on a free port and waits until its health
// endpoint answers; keeps its output so a failed start explains itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { repoPath, repoRoot } from './repo.js';

export interface RunningServer {
  baseUrl: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface StartOptions {
  port?: number;
  /** Replaces `--source sim`, e.g. `['--source', 'binance', '--binance-ws-url', …]`. */
  source?: string[];
  /** DuckDB file to open instead of a fresh in-memory store. */
  db?: string;
  args?: string[];
  timeoutMs?: number;
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  // No simulated history unless a test asks for it: the views start from the live stream, as the
  // tests' expectations were written for.
  const source = options.source ?? ['--source', 'sim', '--sim-history', '0'];
  const args = [
    repoPath('bin/tickscope.js'),
    'start',
    ...source,
    '--port',
    String(port),
    '--db',
    options.db ?? ':memory:',
    '--log-level',
    'warn',
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const server: RunningServer = { baseUrl, port, output: () => output, stop: () => stopChild(child) };
  try {
    await waitForHealth(baseUrl, child, options.timeoutMs ?? 60_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output.slice(-4000)}`);
  }
  return server;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`tickscope exited with code ${child.exitCode} before becoming healthy`);
    try {
      const response = await fetch(`${baseUrl}/api/v1/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`tickscope did not answer ${baseUrl}/api/v1/health within ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
