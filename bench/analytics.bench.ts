// Live analytics benchmarks, each against a baseline measured in the same run:
// (a) trade → pair update at a /ws client, p50/p99, at 5,000 trades/s over 20 instruments with
//     10 live pairs on 1s bars (warmed up, so hedge ratios, z-scores and the heavy tests all run),
//     against trade → closed 1s bar update on the same socket;
// (b) the pair scanner on 50 instruments × 1,000 bars (1,225 pairs) against a loop of
//     statsmodels `coint` over the same pairs (python3 from TICKSCOPE_BENCH_PYTHON or
//     /usr/bin/python3; skipped, saying so, when it is missing).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { AlertFeed } from '../src/alerts/delivery/alert-feed.js';
import { AnalyticsService } from '../src/analytics/live/analytics-service.js';
import { scanPairs } from '../src/analytics/scan/pair-scanner.js';
import { MemoryBus } from '../src/bus/memory-bus.js';
import type { Tick } from '../src/domain/index.js';
import { IngestPipeline } from '../src/ingest/ingest-pipeline.js';
import { buildServer } from '../src/server/app.js';
import { openStore } from '../src/store/index.js';
import { gaussianFrom, seededOpenUniform } from '../src/domain/seeded-random.js';
import { measure, percentile, printComparison, type Measurement, monotonicMs } from './lib.js';

const RATE = 5_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const INSTRUMENTS = 20;
const PAIRS = 10;
const HISTORY_SECONDS = 700;
const PYTHON = process.env.TICKSCOPE_BENCH_PYTHON ?? '/usr/bin/python3';
const scanReference = join(dirname(fileURLToPath(import.meta.url)), 'python', 'analytics_scan_reference.py');

/** Seeded uniform and Gaussian draws from one stream: the same market every run. */
function random(seed: number) {
  const uniform = seededOpenUniform(seed);
  return { uniform, normal: gaussianFrom(uniform) };
}

/** The /ws client thread: subscribes, stamps the closed-bar and pair-point messages, reports at the end. */
const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = require(workerData.ws);
const now = () => Number(process.hrtime.bigint()) / 1e6;
const seen = [];
const socket = new WebSocket(workerData.url);
socket.on('open', () => {
  socket.send(JSON.stringify({ op: 'subscribe', channels: workerData.channels }));
  parentPort.postMessage('ready');
});
socket.on('message', (raw) => {
  const at = now();
  const text = raw.toString();
  if (text.endsWith('"closed":false}}')) return;
  const m = JSON.parse(text);
  if (m.channel === undefined) return;
  if (m.channel.startsWith('bars:')) {
    seen.push({ channel: m.channel, instrument: m.data.instrument, start: m.data.start, at });
  }
  else if (m.type === 'point') seen.push({ channel: m.channel, start: m.data.start, at });
});
parentPort.on('message', () => {
  socket.close();
  parentPort.postMessage(seen);
});
`;

/** 20 instruments in 10 cointegrated couples: x a random walk, y = 0.5·x + 10 + AR(1) noise. */
function market(seed: number) {
  const { uniform, normal } = random(seed);
  const ids = Array.from({ length: INSTRUMENTS }, (_, i) => `sim:P${String(i).padStart(2, '0')}`);
  const level = ids.map((_, i) => 100 + 10 * i);
  const noise = ids.map(() => 0);
  const nextId = ids.map(() => 1);
  return {
    ids,
    trade(ts: number): Tick {
      const i = Math.floor(uniform() * INSTRUMENTS);
      const leader = i - (i % 2);
      level[leader] *= Math.exp(0.0002 * normal());
      noise[i] = 0.98 * noise[i] + 0.02 * normal();
      const price = i % 2 === 0 ? level[leader] * (1 + 0.0001 * noise[i]) : 0.5 * level[leader] + 10 + noise[i];
      return {
        instrument: ids[i],
        id: nextId[i]++,
        ts,
        price: Math.round(price * 100) / 100,
        qty: 1,
        buyerMaker: uniform() < 0.5,
      };
    },
  };
}

async function pairLatency(): Promise<void> {
  const store = await openStore({ path: ':memory:' });
  const bus = new MemoryBus();
  const pipeline = new IngestPipeline({ store, bus });
  const analytics = new AnalyticsService({ store, bus, openBars: pipeline });
  await analytics.start([]);
  const sim = market(20240611);

  // History, so that the live pairs start warm (lookback 500 is full, the tests run every close).
  const historyStart = Date.now() - HISTORY_SECONDS * 1000;
  const history: Tick[] = [];
  for (let ms = 0; ms < (HISTORY_SECONDS - 3) * 1000; ms += 5) history.push(sim.trade(historyStart + ms));
  pipeline.ingest(history);
  await store.flush();
  for (let p = 0; p < PAIRS; p++) {
    await analytics.registry.add({ x: sim.ids[2 * p], y: sim.ids[2 * p + 1], timeframe: '1s' });
  }

  const app = await buildServer({
    store,
    bus,
    pipeline,
    source: null,
    sourceKind: 'sim',
    simulated: true,
    startedAt: Date.now(),
    defaultVenue: 'sim',
    alertFeed: new AlertFeed(),
    analytics,
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  pipeline.startClock();

  /** `${instrument}|${bucket}` → when the trade that closed that bucket's bar was ingested. */
  const closedBy = new Map<string, number>();
  const lastBucket = new Map<string, number>();
  const barLatencies: number[] = [];
  const pairLatencies: number[] = [];
  const pairLegs = new Map(analytics.livePairs().map((p) => [`pair:${p.id}`, [p.config.x, p.config.y]]));

  // The client runs on its own thread, so its parsing does not compete with the server's event
  // loop; both sides stamp times with the process-wide monotonic clock.
  const client = new Worker(CLIENT_SOURCE, {
    eval: true,
    workerData: {
      url: `${url.replace('http', 'ws')}/ws`,
      channels: [...sim.ids.map((id) => `bars:${id}:1s`), ...pairLegs.keys()],
      ws: createRequire(import.meta.url).resolve('ws'),
    },
  });
  await new Promise((r) => client.once('message', r));
  const received = new Promise<Array<{ channel: string; start: number; instrument?: string; at: number }>>((r) =>
    client.once('message', r),
  );

  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const start = performance.now();
  let emitted = 0;
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const t0 = performance.now();
      if (t0 - start > SECONDS * 1000) {
        clearInterval(timer);
        done();
        return;
      }
      const stamp = monotonicMs();
      const due = Math.floor(((t0 - start) * RATE) / 1000) - emitted;
      if (due <= 0) return;
      emitted += due;
      const wall = Date.now();
      const batch: Tick[] = [];
      for (let i = 0; i < due; i++) batch.push(sim.trade(wall));
      for (const tick of batch) {
        const bucket = Math.floor(tick.ts / 1000) * 1000;
        const previous = lastBucket.get(tick.instrument);
        if (previous !== undefined && bucket > previous) closedBy.set(`${tick.instrument}|${previous}`, stamp);
        lastBucket.set(tick.instrument, bucket);
      }
      pipeline.ingest(batch);
    }, 2);
  });
  await new Promise((r) => setTimeout(r, 500));
  loopDelay.disable();
  client.postMessage('report');
  for (const m of await received) {
    if (m.channel.startsWith('bars:')) {
      const at = closedBy.get(`${m.instrument}|${m.start}`);
      if (at !== undefined) barLatencies.push(m.at - at);
    } else {
      const [x, y] = pairLegs.get(m.channel)!;
      const ax = closedBy.get(`${x}|${m.start}`);
      const ay = closedBy.get(`${y}|${m.start}`);
      if (ax !== undefined && ay !== undefined) pairLatencies.push(m.at - Math.max(ax, ay));
    }
  }
  await client.terminate();
  const tests = analytics.jobs.runs;

  const bars = [...barLatencies].sort((a, b) => a - b);
  const pairs = [...pairLatencies].sort((a, b) => a - b);
  console.log(
    `\n## trade → update at a /ws client, ${RATE} trades/s over ${INSTRUMENTS} instruments, ${PAIRS} ` +
      `live pairs on 1s bars, ${SECONDS} s`,
  );
  console.log(
    `${'path'.padEnd(48)} ${'samples'.padStart(8)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ` +
      `${'p99 vs baseline'.padStart(16)}`,
  );
  for (const [label, values] of [
    ['baseline: closed 1s bar on the same socket', bars],
    ['pair point (β, spread, z, corr, signal)', pairs],
  ] as const) {
    const ratio = values === bars ? 'baseline' : `${(percentile(pairs, 99) / percentile(bars, 99)).toFixed(2)}x`;
    console.log(
      `${label.padEnd(48)} ${String(values.length).padStart(8)} ` +
        `${`${percentile(values, 50).toFixed(2)} ms`.padStart(9)} ` +
        `${`${percentile(values, 99).toFixed(2)} ms`.padStart(9)} ${ratio.padStart(16)}`,
    );
  }
  console.log(`heavy-test jobs run meanwhile (ADF + Engle-Granger + half-life, lookback 500): ${tests}`);
  const ms = (ns: number) => `${(ns / 1e6).toFixed(1)} ms`;
  console.log(
    `event-loop delay of this process meanwhile: p50 ${ms(loopDelay.percentile(50))}, p99 ` +
      `${ms(loopDelay.percentile(99))}, max ${ms(loopDelay.max)} (machine load average ` +
      `${loadavg()[0].toFixed(1)} on ${cpus().length} CPUs)`,
  );
  console.log('goal: pair point p99 < 5 ms');
  analytics.stop();
  await app.close();
  await pipeline.stop();
  await store.close();
}

/** 50 instruments × 1,000 closes: five cointegrated families around common random walks. */
function scanInputs() {
  const { normal } = random(7);
  const count = 50;
  const length = 1_000;
  const commons = Array.from({ length: 5 }, () => {
    let v = 100;
    return Array.from({ length }, () => (v += normal()));
  });
  const names = Array.from({ length: count }, (_, i) => `sim:S${String(i).padStart(2, '0')}`);
  const closes = names.map((_, i) => {
    const common = commons[i % 5];
    const weight = 0.5 + (i % 7) / 10;
    let ar = 0;
    let walk = 0;
    return Float64Array.from(common, (c) => {
      ar = 0.9 * ar + normal();
      walk += 0.3 * normal();
      // Every fifth instrument wanders off on its own (not cointegrated with its family).
      return Number((weight * c + 50 + ar + (i % 5 === 4 ? 5 * walk : 0)).toPrecision(12));
    });
  });
  return { names, closes };
}

interface ScanReference {
  bestMs: number;
  pairs: number;
  pvalues: number[];
  versions: Record<string, string>;
}

function runScanReference(closes: Float64Array[]): ScanReference | string {
  if (!existsSync(PYTHON)) return `${PYTHON} does not exist`;
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-scan-bench-'));
  try {
    const file = join(dir, 'closes.json');
    writeFileSync(file, JSON.stringify(closes.map((c) => Array.from(c))));
    // One BLAS thread makes statsmodels faster on these small problems: the baseline at its best.
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const result = spawnSync(PYTHON, [scanReference, file], { encoding: 'utf8', timeout: 1_800_000, env });
    if (result.error) return result.error.message;
    if (result.status !== 0) return (result.stdout || result.stderr || `exit code ${result.status}`).trim();
    return JSON.parse(result.stdout) as ScanReference;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function scannerSpeed(): Promise<void> {
  const { names, closes } = scanInputs();
  const pairs = (names.length * (names.length - 1)) / 2;
  const ours = await measure(`tickscope scanPairs (EG + half-life + corr)`, pairs, () => scanPairs(names, closes), 3);
  const oneThread = await measure(
    `  the same on one thread (workers: 0)`,
    pairs,
    () => scanPairs(names, closes, { workers: 0 }),
    3,
  );
  const rows = await scanPairs(names, closes);
  const reference = runScanReference(closes);
  if (typeof reference === 'string') {
    console.log(`\n## pair scanner, ${names.length} instruments × ${closes[0].length} bars (${pairs} pairs)`);
    console.log(`python3 with statsmodels not found: skipping the statsmodels coint baseline (${reference})`);
    for (const row of [ours, oneThread])
      console.log(`${row.label.padEnd(48)} ${`${row.bestMs.toFixed(1)} ms`.padStart(10)}`);
    return;
  }
  const baseline: Measurement = {
    label: 'statsmodels coint loop (python)',
    ops: pairs,
    bestMs: reference.bestMs,
    opsPerSec: (pairs / reference.bestMs) * 1000,
  };
  const versions = Object.entries(reference.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  printComparison(
    `pair scanner, ${names.length} instruments × ${closes[0].length} bars, ${pairs} pairs (baseline: ${versions})`,
    baseline,
    [ours, oneThread],
  );
  console.log(`worker threads: ${availableParallelism() - 1} beside this one (${availableParallelism()} CPUs)`);
  // Same p-values: the reference lists them for i < j in order.
  const byPair = new Map(rows.map((r) => [`${r.x}|${r.y}`, r.pValue]));
  let k = 0;
  let worst = 0;
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++)
      worst = Math.max(worst, Math.abs((byPair.get(`${names[i]}|${names[j]}`) ?? Number.NaN) - reference.pvalues[k++]));
  }
  console.log(
    `same p-values as statsmodels: largest difference ${worst.toExponential(2)} over ${reference.pairs} pairs`,
  );
  console.log('goal: at least 10x the statsmodels loop');
}

const parts = (process.env.BENCH_PARTS ?? 'latency,scan').split(',');
if (parts.includes('latency')) await pairLatency();
if (parts.includes('scan')) await scannerSpeed();
