// Server memory while a /ws client stops reading and floods bad subscribes, until the server
// closes it (issue #15: closed before the server's RSS grows 50 MB; it used to grow 240 MB in 15 s
// and never close the client). The server is `tickscope start --source sim --db :memory:` in a
// process of its own, run from the sources with its default bound (--ws-max-buffered-bytes, 4 MiB).
// Each flood comes from a fresh client that subscribed to a bar channel and then paused its socket:
// - the issue's: 60 KB requests naming 20,000 bad channels (refused whole, one error each);
// - the largest request taken channel by channel: 200 bad names (one error listing 50 of them).
// The client cannot see the close while it reads nothing, so the flood stops at the server's log
// line for it; then the client reads and gets the close frame. Baseline: the server's RSS drift
// over the same time just before each flood, with the client connected and sending nothing. RSS is
// read from /proc/<pid>/status every 20 ms.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const MB = 1024 * 1024;
const MAX_SECONDS = 120;

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
}

/** Peak RSS of `pid` while `during` runs. */
async function peakRssWhile<T>(
  pid: number,
  during: () => Promise<T>,
): Promise<{ result: T; start: number; peak: number }> {
  const start = rssBytes(pid);
  let peak = start;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 20);
  try {
    const result = await during();
    peak = Math.max(peak, rssBytes(pid));
    return { result, start, peak };
  } finally {
    clearInterval(sampler);
  }
}

interface Server {
  child: ChildProcess;
  url: string;
  /** How many clients the server has logged closing for not reading. */
  closures(): number;
}

async function startServer(): Promise<Server> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'start', '--source', 'sim', '--db', ':memory:', '--port', '0'],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  let closures = 0;
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      log = (log + text).slice(-10_000);
      closures += text.split('closed a /ws client that is not reading').length - 1;
      const match = /"url":"(http:\/\/[^"]+)"/.exec(log);
      if (match) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${log}`)));
  });
  return { child, url, closures: () => closures };
}

async function stopServer(server: Server): Promise<void> {
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
}

async function connect(url: string): Promise<WebSocket> {
  const socket = new WebSocket(`${url.replace('http', 'ws')}/ws`);
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ op: 'subscribe', channels: ['bars:sim:AAA:1s'] }));
  await new Promise((resolve) => socket.once('message', resolve));
  return socket;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Flood {
  frames: number;
  seconds: number;
  closedByServer: boolean;
}

/** Sends `frame` from a client that reads nothing, until the server logs closing it. */
async function flood(server: Server, socket: WebSocket, frame: string): Promise<Flood> {
  const closuresBefore = server.closures();
  const started = performance.now();
  let frames = 0;
  while (server.closures() === closuresBefore && performance.now() - started < MAX_SECONDS * 1000) {
    // The client's own send buffer is not what is measured: keep it small, without spinning.
    if (socket.bufferedAmount < MB) {
      socket.send(frame);
      frames++;
      await new Promise((resolve) => setImmediate(resolve));
    } else {
      await pause(1);
    }
  }
  return {
    frames,
    seconds: (performance.now() - started) / 1000,
    closedByServer: server.closures() > closuresBefore,
  };
}

const issueRequest = JSON.stringify({ op: 'subscribe', channels: Array(20_000).fill('') });
const largestTaken = JSON.stringify({
  op: 'subscribe',
  channels: Array.from({ length: 200 }, (_, i) => `bars:sim:AAA:${i}x`),
});
/** [label, request, whether the case starts a server of its own]. */
const cases: Array<[string, string, boolean]> = [
  ['20,000 bad channels per 60 KB request', issueRequest, true],
  ['the same again, on the same server', issueRequest, false],
  ['200 bad channels per request', largestTaken, true],
];

console.log('\n## server RSS while a /ws client that reads nothing floods bad subscribes (default 4 MiB bound)');
console.log(
  `${'case'.padEnd(40)} ${'frames'.padStart(7)} ${'sent'.padStart(9)} ${'time'.padStart(7)} ` +
    `${'RSS growth'.padStart(11)} ${'idle drift'.padStart(11)}  the client saw`,
);
let server: Server | undefined;
for (const [label, frame, fresh] of cases) {
  // The first flood on a server grows the JS heap to what the garbage of such requests needs; the
  // second case shows that this happens once, not once per client.
  if (fresh || !server) {
    if (server) await stopServer(server);
    server = await startServer();
    await pause(3_000);
  }
  const running = server;
  const pid = running.child.pid!;
  const socket = await connect(running.url);
  const transport = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  transport.pause();
  const closed = new Promise<string>((resolve) =>
    socket.on('close', (code, reason) => resolve(`${code} "${reason.toString()}"`)),
  );
  socket.on('error', () => {});
  const drift = await peakRssWhile(pid, () => pause(2_000));
  const { result, start, peak } = await peakRssWhile(pid, () => flood(running, socket, frame));
  transport.resume();
  const outcome = result.closedByServer
    ? await Promise.race([closed, pause(15_000).then(() => 'no close frame within 15 s')])
    : `not closed within ${MAX_SECONDS} s`;
  console.log(
    `${label.padEnd(40)} ${String(result.frames).padStart(7)} ` +
      `${`${((result.frames * frame.length) / MB).toFixed(1)} MB`.padStart(9)} ` +
      `${`${result.seconds.toFixed(1)} s`.padStart(7)} ${`${((peak - start) / MB).toFixed(1)} MB`.padStart(11)} ` +
      `${`${((drift.peak - drift.start) / MB).toFixed(1)} MB`.padStart(11)}  ${outcome}`,
  );
  socket.terminate();
}
if (server) await stopServer(server);
