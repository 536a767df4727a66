// The app under soak: the built `tickscope start` in a process of its own, as a user runs it, so
// that its RSS is the app's alone. A preloaded probe answers memory samples over IPC.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface MemorySample {
  memory: NodeJS.MemoryUsage;
  cpu: NodeJS.CpuUsage;
}

export interface AppProcess {
  url: string;
  pid: number;
  /** Settles once the app logs that its source streams (after the kline history of every instrument). */
  streaming: Promise<void>;
  sample(): Promise<MemorySample>;
  /**
   * SIGTERM, then waits for the exit; after STOP_TIMEOUT_MS the app is killed and the result says
   * so, since a soak that waited for ever would hide the hang (issue #15: 17 min after SIGTERM).
   */
  stop(): Promise<StopResult>;
}

export interface StopResult {
  /** From SIGTERM to the exit, ms. */
  ms: number;
  /** False when the app had not exited within STOP_TIMEOUT_MS and was killed. */
  exitedOnItsOwn: boolean;
  code: number | null;
}

const BIN = fileURLToPath(new URL('../../bin/tickscope.js', import.meta.url));
const PROBE = new URL('./memory-probe.mjs', import.meta.url).href;
const STARTUP_TIMEOUT_MS = 180_000;
/** The app retries a failing final flush for 10 s; anything much longer than that is a hang. */
const STOP_TIMEOUT_MS = 60_000;

/** Starts `tickscope start <args>` (which must include `--port 0`) and resolves once it listens. */
export async function startAppProcess(args: readonly string[]): Promise<AppProcess> {
  const child = fork(BIN, ['start', ...args], {
    execArgv: ['--import', PROBE],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let streamingStarted: () => void = () => {};
  const streaming = new Promise<void>((resolve) => {
    streamingStarted = resolve;
  });
  const url = await listeningUrl(child, () => streamingStarted());
  let pending: { resolve(sample: MemorySample): void; reject(error: Error): void } | null = null;
  child.on('message', (message) => {
    pending?.resolve(message as MemorySample);
    pending = null;
  });
  child.on('exit', (code, signal) => {
    pending?.reject(new Error(`the app exited (code ${code}, signal ${signal}) during the soak`));
    pending = null;
  });
  return {
    url,
    pid: child.pid!,
    streaming,
    sample: () =>
      new Promise((resolve, reject) => {
        if (child.exitCode !== null) return reject(new Error(`the app exited (code ${child.exitCode})`));
        pending = { resolve, reject };
        child.send('sample');
      }),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null)
          return resolve({ ms: 0, exitedOnItsOwn: true, code: child.exitCode });
        const sentAt = performance.now();
        let killed = false;
        const timer = setTimeout(() => {
          killed = true;
          child.kill('SIGKILL');
        }, STOP_TIMEOUT_MS);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve({ ms: performance.now() - sentAt, exitedOnItsOwn: !killed, code });
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Reads the app's JSON log (pino, on stderr) until 'tickscope is up at <url>'. Later lines at error
 * level are passed on, and 'streaming from …' is reported; the log must be read all along, or a
 * full pipe would stall the app.
 */
function listeningUrl(child: ChildProcess, onStreaming: () => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let up = false;
    const early: string[] = [];
    const timer = setTimeout(() => fail(new Error('the app did not start listening in time')), STARTUP_TIMEOUT_MS);
    const fail = (error: Error) => {
      if (up) return;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}; its last log lines:\n${early.slice(-30).join('\n')}`));
    };
    child.once('exit', (code) => fail(new Error(`the app exited with code ${code} before it was up`)));
    child.stdout!.resume();
    child.stderr!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
        let entry: { level?: number; msg?: string; url?: string };
        try {
          entry = JSON.parse(line);
        } catch {
          entry = {};
        }
        if (up) {
          if ((entry.level ?? 0) >= 50) process.stderr.write(`app: ${line}\n`);
          if (entry.msg?.startsWith('streaming from ')) onStreaming();
        } else if (early.push(line) > 100) early.shift();
        if (!up && entry.msg?.startsWith('tickscope is up') && entry.url !== undefined) {
          up = true;
          early.length = 0;
          clearTimeout(timer);
          resolve(entry.url);
        }
      }
    });
  });
}
