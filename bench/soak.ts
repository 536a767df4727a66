// `npm run soak`: the app as a user runs it (built, a process of its own, a database file) under a
// steady trade rate with /ws clients subscribed to bars and analytics, its RSS and heap sampled as
// it runs. Two figures: RSS growth per 10 minutes after the warm-up (a long run must not creep),
// and with `--instruments N`, the RSS of N live instruments from the fake Binance, against the
// baseline of the same database and clients served with `--source none` right after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Worker } from 'node:worker_threads';
import { spawnWorker } from '../src/store/worker/spawn-worker.js';
import { describeMachineNoise, median, schedulingGaps, stolenMs } from './lib.js';
import { startAppProcess, type MemorySample } from './soak/app-process.js';
import type { FakeExchangeOptions } from './soak/fake-exchange-thread.js';
import { mb, rssTrend, type RssSample } from './soak/memory-trend.js';
import { connectClients } from './soak/ws-clients.js';

const USAGE = `npm run soak -- [options]
  --minutes <n>          length of the run (default 30)
  --rate <n>             trades per second over all instruments (default 3000; 2000 with --instruments)
  --clients <n>          /ws clients subscribed to bars and analytics (default 5)
  --instruments <n>      stream n instruments from the fake Binance instead of the simulator's three
  --source <sim|fake-binance>  the simulator (default) or the fake Binance (3 instruments unless
                         --instruments; 'binance' is the same)
  --warmup-minutes <n>   samples before this are left out of the figures (default 10, or a third of a shorter run)
  --baseline-minutes <n> with --instruments: then the same database and clients with --source none
                         (default 5, or the run's length if shorter), whose RSS is the baseline
  --sample-seconds <n>   how often RSS and heap are sampled (default 10)
  --db-memory-limit <s>  passed to the app, e.g. 256MB
  --db-threads <n>       passed to the app`;

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rate: { type: 'string' },
    clients: { type: 'string', default: '5' },
    instruments: { type: 'string' },
    source: { type: 'string' },
    'warmup-minutes': { type: 'string' },
    'baseline-minutes': { type: 'string' },
    'sample-seconds': { type: 'string', default: '10' },
    'db-memory-limit': { type: 'string' },
    'db-threads': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

function positiveNumber(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} must be a positive number, got "${text}"\n\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

const minutes = positiveNumber('minutes', values.minutes);
const instrumentCount = values.instruments === undefined ? null : positiveNumber('instruments', values.instruments);
const sourceFlag = values.source ?? (instrumentCount === null ? 'sim' : 'fake-binance');
const source = sourceFlag === 'fake-binance' ? 'binance' : sourceFlag;
if (source !== 'sim' && source !== 'binance') {
  console.error(`--source must be sim or fake-binance, got "${sourceFlag}"`);
  process.exit(2);
}
if (source === 'sim' && instrumentCount !== null) {
  console.error('--instruments needs --source fake-binance: the simulator trades its three instruments');
  process.exit(2);
}
const rate = positiveNumber('rate', values.rate ?? (instrumentCount === null ? '3000' : '2000'));
const clientCount = Math.round(positiveNumber('clients', values.clients));
const sampleSeconds = positiveNumber('sample-seconds', values['sample-seconds']);
const warmupMinutes =
  values['warmup-minutes'] === undefined
    ? Math.min(10, minutes / 3)
    : positiveNumber('warmup-minutes', values['warmup-minutes']);

/** The fake's symbols: the four it prices like the real ones, then made-up ones. */
function fakeSymbols(count: number): string[] {
  const known = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];
  const made = Array.from(
    { length: Math.max(0, count - known.length) },
    (_, i) => `X${String(i + 1).padStart(3, '0')}USDT`,
  );
  return [...known, ...made].slice(0, count);
}

/** Bars of every instrument on 1s and analytics on 1m, and the default pair; at most 200 (the per-client limit). */
function channelsFor(instruments: readonly string[], pair: string): string[] {
  const channels = ['status', pair];
  for (const id of instruments) channels.push(`bars:${id}:1s`, `bars:${id}:1m`);
  for (const id of instruments) channels.push(`analytics:${id}:1s`, `analytics:${id}:1m`);
  return channels.slice(0, 200);
}

const PROBE_SECONDS = 5;
const gaps = schedulingGaps(PROBE_SECONDS * 1000);
const dir = mkdtempSync(join(tmpdir(), 'tickscope-soak-'));
let exchange: Worker | null = null;
const dbArgs = ['--db', join(dir, 'soak.duckdb'), '--port', '0', '--log-level', 'info'];
if (values['db-memory-limit'] !== undefined) dbArgs.push('--db-memory-limit', values['db-memory-limit']);
if (values['db-threads'] !== undefined) dbArgs.push('--db-threads', values['db-threads']);
const appArgs = [...dbArgs];
let instruments: string[];
let pair: string;
if (source === 'sim') {
  instruments = ['sim:AAA', 'sim:BBB', 'sim:CCC'];
  pair = 'pair:sim:AAA/sim:BBB:1s';
  appArgs.push('--source', 'sim', '--sim-rate', String(rate));
} else {
  const symbols = fakeSymbols(instrumentCount ?? 3);
  exchange = spawnWorker(new URL('./soak/fake-exchange-thread.ts', import.meta.url), {
    workerData: { symbols, rate } satisfies FakeExchangeOptions,
  });
  const urls = await new Promise<{ spotWs: string; spotRest: string }>((resolve, reject) => {
    exchange!.once('message', resolve);
    exchange!.once('error', reject);
  });
  instruments = symbols.map((s) => `binance:${s}`);
  pair = 'pair:binance:BTCUSDT/binance:ETHUSDT:1m';
  appArgs.push('--source', 'binance', '--instruments', instruments.join(','));
  appArgs.push('--binance-ws-url', urls.spotWs, '--binance-rest-url', urls.spotRest);
}
const baselineMinutes =
  instrumentCount === null
    ? 0
    : values['baseline-minutes'] === undefined
      ? Math.min(5, minutes)
      : positiveNumber('baseline-minutes', values['baseline-minutes']);

console.log(
  `## soak: ${source === 'sim' ? 'simulator' : 'fake Binance'}, ${instruments.length} instruments, ` +
    `${rate} trades/s in total, ${clientCount} /ws clients, ${minutes} min ` +
    `(warm-up ${warmupMinutes.toFixed(1)} min), sampled every ${sampleSeconds} s`,
);

interface Phase {
  rss: RssSample[];
  cpu: Array<{ atS: number; cpuMs: number }>;
  heapUsed: number[];
  errors: string[];
  /** How the app stopped on SIGTERM. */
  stop: string;
}

/**
 * Starts the app with `args`, waits until it streams, connects the clients and samples for
 * `phaseMinutes`; times count from when the clients are connected.
 */
async function runPhase(args: readonly string[], phaseMinutes: number, fromS: number): Promise<Phase> {
  const app = await startAppProcess(args);
  await app.streaming;
  const clients = await connectClients(
    `${app.url.replace('http', 'ws')}/ws`,
    clientCount,
    channelsFor(instruments, pair),
  );
  const upAt = performance.now();
  const phase: Phase = { rss: [], cpu: [], heapUsed: [], errors: [], stop: '' };
  const endAt = upAt + phaseMinutes * 60_000;
  while (performance.now() < endAt) {
    await new Promise((resolve) => setTimeout(resolve, Math.min(sampleSeconds * 1000, endAt - performance.now())));
    const sample: MemorySample = await app.sample();
    const atS = (performance.now() - upAt) / 1000;
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = sample.memory;
    const cpuMs = (sample.cpu.user + sample.cpu.system) / 1000;
    const previous = phase.cpu.at(-1);
    const cpuShare = previous === undefined ? null : (cpuMs - previous.cpuMs) / ((atS - previous.atS) * 10);
    phase.rss.push({ atS, rss });
    phase.cpu.push({ atS, cpuMs });
    if (atS >= fromS) phase.heapUsed.push(heapUsed);
    console.log(
      `t=${atS.toFixed(0).padStart(5)} s  rss ${mb(rss).padStart(7)}  ` +
        `heap ${mb(heapUsed).padStart(6)} of ${mb(heapTotal).padStart(6)}  ` +
        `external ${mb(external).padStart(6)} (array buffers ${mb(arrayBuffers)})  ` +
        `cpu ${cpuShare === null ? '   -' : `${cpuShare.toFixed(0).padStart(3)}%`}  /ws messages ${clients.messages()}`,
    );
  }
  phase.errors = clients.errors();
  clients.close();
  const stopped = await app.stop();
  phase.stop = stopped.exitedOnItsOwn
    ? `exited with code ${stopped.code} ${(stopped.ms / 1000).toFixed(1)} s after SIGTERM`
    : `HUNG: not exited ${(stopped.ms / 1000).toFixed(0)} s after SIGTERM, killed`;
  console.log(`app ${phase.stop}`);
  return phase;
}

/** Median and max RSS, median heap and CPU share over the samples at or after `fromS`. */
function summary(phase: Phase, fromS: number): { rss: number; line: string } | null {
  const rssAfter = phase.rss.filter((s) => s.atS >= fromS).map((s) => s.rss);
  if (rssAfter.length === 0) return null;
  const cpuAfter = phase.cpu.filter((s) => s.atS >= fromS);
  const cpuShare =
    cpuAfter.length < 2
      ? null
      : (cpuAfter.at(-1)!.cpuMs - cpuAfter[0].cpuMs) / ((cpuAfter.at(-1)!.atS - cpuAfter[0].atS) * 10);
  const rss = median(rssAfter);
  return {
    rss,
    line:
      `${rssAfter.length} samples: RSS median ${mb(rss)}, max ${mb(Math.max(...rssAfter))}; ` +
      `heap used median ${mb(median(phase.heapUsed))}; ` +
      `app CPU ${cpuShare === null ? '-' : `${cpuShare.toFixed(0)}% of one core`}`,
  };
}

const stolenBefore = stolenMs();
const startedAt = performance.now();
const fromS = warmupMinutes * 60;
const live = await runPhase(appArgs, minutes, fromS);
if (exchange !== null) {
  exchange.postMessage('close');
  await new Promise((resolve) => exchange!.once('message', resolve));
  await exchange.terminate();
}
// The baseline: the same database, history and clients with no source, so what the live
// instruments cost is the difference. Its first third is its warm-up.
let baseline: Phase | null = null;
if (baselineMinutes > 0) {
  console.log(`\n## baseline: the same database and clients with --source none, ${baselineMinutes} min`);
  baseline = await runPhase([...dbArgs, '--source', 'none'], baselineMinutes, (baselineMinutes * 60) / 3);
}
const stolenAfter = stolenMs();
rmSync(dir, { recursive: true, force: true });

console.log('');
if (live.errors.length > 0) console.log(`/ws errors received: ${live.errors.join('\n  ')}`);
const liveSummary = summary(live, fromS);
if (liveSummary === null) {
  console.log('no samples after the warm-up: run longer than --warmup-minutes');
} else {
  console.log(`after warm-up, ${liveSummary.line}`);
  if (instrumentCount !== null) {
    const base = baseline === null ? null : summary(baseline, (baselineMinutes * 60) / 3);
    console.log(
      `${instrumentCount} live instruments: RSS ${mb(liveSummary.rss)} after warm-up — ` +
        `target < 300 MB: ${liveSummary.rss < 300 * 2 ** 20 ? 'met' : 'NOT met'}` +
        (base === null
          ? ''
          : `; baseline (--source none, same history and clients) ${mb(base.rss)}, ` +
            `live costs ${mb(liveSummary.rss - base.rss)} more (${(liveSummary.rss / base.rss).toFixed(2)}x)`),
    );
    if (base !== null) console.log(`baseline, ${base.line}`);
  }
  console.log(`shutdown of the live run: the app ${live.stop}`);
  const trend = rssTrend(live.rss, fromS);
  if (trend === null) console.log('RSS growth: too few samples after the warm-up for a trend');
  else
    console.log(
      `RSS growth after warm-up: ${trend.bytesPer10Min >= 0 ? '+' : '-'}${mb(Math.abs(trend.bytesPer10Min))} ` +
        `per 10 min (${trend.percentPer10Min.toFixed(1)} % of ${mb(trend.startRss)}), ` +
        `least squares over ${trend.samples} samples — ` +
        `target < 5 % per 10 min: ${trend.percentPer10Min < 5 ? 'met' : 'NOT met'}`,
    );
}
console.log(
  describeMachineNoise(
    gaps,
    PROBE_SECONDS,
    { before: stolenBefore, after: stolenAfter },
    Math.round((performance.now() - startedAt) / 1000),
  ),
);
