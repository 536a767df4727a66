// Alert engine benchmarks, each against a baseline measured in the same run:
// (a) latency from the trade that closes a bar (leaving the fake Binance server) to the alert it
//     triggers arriving at a /ws client, at 5,000 trades/s over four instruments with a grid of
//     crossing rules around the price (several fire on most 1s closes), against the same trade →
//     closed 1s bar update on the same socket. Printed with it: how often a bare thread loses its
//     CPU on this machine, and the CPU time the hypervisor took during the run;
// (b) ingestion throughput (pipeline → DuckDB on its worker → live symbol and pair analytics →
//     alert engine) with 10,000 rules loaded against the same run with none: the ingesting
//     thread's CPU time (what bounds it), wall time and process CPU time, for rules placed in the
//     tails of their series (fire now and then), a busy set and a stress set that fire thousands
//     of times. The cases run in rounds, back to back, and the drop is the median of the rounds'
//     drops. Two figures that the machine's changing speed cannot blur: the alert work timed inside
//     each run as a share of it, and the engine alone, replaying the same analytics updates.
//     Target: less than 10 % slower.
import { readFileSync } from 'node:fs';
import { AlertEngine, type AlertBus } from '../src/alerts/alert-engine.js';
import { ALL_METRIC_NAMES, PAIR_METRICS, SYMBOL_METRICS } from '../src/alerts/metrics.js';
import { OPERATORS, type AlertRule } from '../src/alerts/rule.js';
import { MemoryAlertStore } from '../src/alerts/memory-alert-store.js';
import { AnalyticsService, type AnalyticsUpdate } from '../src/analytics/live/analytics-service.js';
import { toMetricUpdate } from '../src/analytics/live/metric-updates.js';
import { MemoryBus } from '../src/bus/memory-bus.js';
import { TIMEFRAMES, type MetricUpdate, type Tick } from '../src/domain/index.js';
import { IngestPipeline } from '../src/ingest/ingest-pipeline.js';
import { openStore } from '../src/store/index.js';
import {
  describeMachineNoise,
  median,
  percentile,
  printComparison,
  schedulingGaps,
  stolenMs,
  warmUpPastNextMinute,
  type Measurement,
} from './lib.js';
import { startAppOn, startClient, startExchange } from './threads/index.js';

const RATE = 5_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];
const TICK_MS = 2;
const THROUGHPUT_TICKS = Number(process.env.BENCH_TICKS ?? 1_000_000);
const RULES = 10_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const YIELD = process.env.BENCH_YIELD !== '0';

async function latency(): Promise<void> {
  const probeSeconds = 10;
  const gaps = schedulingGaps(probeSeconds * 1000);
  const exchange = await startExchange({ symbols: SYMBOLS, warmupTrades: 10 });
  const app = await startAppOn(exchange, SYMBOLS);
  const alerts = app.ctx.alerts!;
  await new Promise((r) => setTimeout(r, 1_000));

  // A grid of crossing rules 0.10 apart around each price: the fake's walk moves ~0.6 per second.
  let rules = 0;
  for (const symbol of SYMBOLS) {
    const price = exchange.prices[symbol];
    for (let k = -50; k <= 50; k++) {
      for (const operator of ['crosses_above', 'crosses_below'] as const) {
        await alerts.createRule({
          name: `${symbol} ${operator} ${k}`,
          target: { instrument: `binance:${symbol}` },
          timeframe: '1s',
          metric: 'price',
          operator,
          threshold: Math.round((price + k * 0.1) * 100) / 100,
          band: 0.05,
          cooldownSec: 0,
        });
        rules++;
      }
    }
  }

  const client = await startClient({
    url: `${app.url.replace('http', 'ws')}/ws`,
    channels: ['alerts', ...SYMBOLS.map((s) => `bars:binance:${s}:1s`)],
  });
  await new Promise((r) => setTimeout(r, 200));
  // A warm-up at the same rate first (not measured): the first closes of a process compile the
  // code paths that every later close runs, and the first close of each timeframe builds and
  // warms its engines.
  const warmUpSeconds = warmUpPastNextMinute();
  await exchange.run(RATE, warmUpSeconds, TICK_MS);
  const stolenBefore = stolenMs();
  const trades = await exchange.run(RATE, SECONDS, TICK_MS);
  const stolenAfter = stolenMs();
  await new Promise((r) => setTimeout(r, 500));
  const received = await client.finish();

  /** First trade of each instrument's second, when it left the server: the trade that closes the previous bar. */
  const firstInBucket = new Map<string, number>();
  // The first second of the measured run also holds warm-up trades: its bar is not measured.
  const measuredFrom = Math.floor(trades[0].time / 1000) * 1000 + 1000;
  for (const trade of trades) {
    const bucket = Math.floor(trade.time / 1000) * 1000;
    const key = `binance:${trade.symbol}|${bucket}`;
    if (bucket >= measuredFrom && !firstInBucket.has(key)) firstInBucket.set(key, trade.sentAt);
  }
  const closedBars = new Set<string>();
  const alertLatencies: number[] = [];
  const barLatencies: number[] = [];
  for (const { at, message } of received) {
    const data = message.data as { target?: { instrument: string }; barStart: number; start: number; closed?: boolean };
    if (message.channel === 'alerts' && message.type === 'event') {
      const sent =
        data.barStart >= measuredFrom
          ? firstInBucket.get(`${data.target!.instrument}|${data.barStart + 1000}`)
          : undefined;
      if (sent !== undefined) alertLatencies.push(at - sent);
    } else if (message.channel?.startsWith('bars:') && data.closed) {
      const instrument = message.channel.slice(5, message.channel.lastIndexOf(':'));
      // Only a bar's first closed update is the one its closing trade caused (the kline repair
      // of the first live bar sends it again).
      if (closedBars.has(`${instrument}|${data.start}`)) continue;
      closedBars.add(`${instrument}|${data.start}`);
      const sent = data.start >= measuredFrom ? firstInBucket.get(`${instrument}|${data.start + 1000}`) : undefined;
      if (sent !== undefined) barLatencies.push(at - sent);
    }
  }

  const alert = [...alertLatencies].sort((a, b) => a - b);
  const bar = [...barLatencies].sort((a, b) => a - b);
  console.log(
    `\n## closing trade leaving the server → update at a /ws client, ${RATE} trades/s over ` +
      `${SYMBOLS.length} instruments for ${SECONDS} s after ${warmUpSeconds} s of warm-up, past the app's ` +
      `first 1m close, ${rules} rules (server and client on their own threads)`,
  );
  console.log(
    `${'path'.padEnd(44)} ${'samples'.padStart(8)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ` +
      `${'max'.padStart(9)} ${'p99 vs baseline'.padStart(16)}`,
  );
  for (const [label, values] of [
    ['baseline: closed 1s bar on /ws', bar],
    ['alert event on /ws (alerts channel)', alert],
  ] as const) {
    const ratio = values === bar ? 'baseline' : `${(percentile(alert, 99) / percentile(bar, 99)).toFixed(2)}x`;
    console.log(
      `${label.padEnd(44)} ${String(values.length).padStart(8)} ` +
        `${`${percentile(values, 50).toFixed(2)} ms`.padStart(9)} ` +
        `${`${percentile(values, 99).toFixed(2)} ms`.padStart(9)} ` +
        `${`${values[values.length - 1].toFixed(2)} ms`.padStart(9)} ${ratio.padStart(16)}`,
    );
  }
  console.log(describeMachineNoise(gaps, probeSeconds, { before: stolenBefore, after: stolenAfter }, SECONDS));
  console.log('goal: alert p99 < 5 ms');
  await app.stop();
  await exchange.close();
}

/**
 * Trades kept in columns and turned into `Tick` objects a batch at a time, as a socket's frames
 * are parsed: a million ticks alive as objects for the whole bench would be marked by every major
 * GC of every measured run, a cost (and a noise) that a live process does not have.
 */
export interface TickTape {
  length: number;
  batch(from: number, to: number): Tick[];
}

/** Two instruments' trades, ~1,400 trades/s of market time, on a slow random walk. */
export function generateTicks(count: number): TickTape {
  const t0 = Date.UTC(2024, 7, 8, 0, 0, 0);
  const isBtcAt = new Uint8Array(count);
  const idAt = new Float64Array(count);
  const priceAt = new Float64Array(count);
  let btc = 61_800;
  let eth = 2_680;
  const ids = [3_735_683_259, 1_520_538_925];
  for (let i = 0; i < count; i++) {
    const isBtc = (i * 2654435761) % 7 < 4;
    const wobble = ((i * 48271) % 2147483647) / 2147483647 - 0.5;
    if (isBtc) btc = Math.max(1, btc + wobble * 2);
    else eth = Math.max(1, eth + wobble * 0.2);
    isBtcAt[i] = isBtc ? 1 : 0;
    idAt[i] = ids[isBtc ? 0 : 1]++;
    priceAt[i] = Math.round((isBtc ? btc : eth) * 100) / 100;
  }
  return {
    length: count,
    batch(from, to) {
      const ticks: Tick[] = [];
      for (let i = from; i < Math.min(to, count); i++) {
        ticks.push({
          instrument: isBtcAt[i] === 1 ? 'binance:BTCUSDT' : 'binance:ETHUSDT',
          id: idAt[i],
          ts: t0 + Math.floor(i * 0.7),
          price: priceAt[i],
          qty: 0.01 + (i % 50) / 100,
          buyerMaker: ((i * 48271) % 2147483647) / 2147483647 < 0.5,
        });
      }
      return ticks;
    },
  };
}

/** Mean, standard deviation and count of each series' values of each metric, from a run without rules. */
export type SeriesStats = Map<string, { mean: number; sd: number; n: number }>;

/** Fewer values than this are no distribution to place a threshold in (a 1h series has one). */
const MIN_VALUES = 30;

const statsKey = (target: string, timeframe: string, metric: string) => `${target}|${timeframe}|${metric}`;

export function seriesStats(updates: readonly MetricUpdate[]): SeriesStats {
  const sums = new Map<string, { n: number; sum: number; sumSq: number }>();
  const add = (key: string, value: number | null) => {
    if (value === null || !Number.isFinite(value)) return;
    const s = sums.get(key) ?? { n: 0, sum: 0, sumSq: 0 };
    s.n++;
    s.sum += value;
    s.sumSq += value * value;
    sums.set(key, s);
  };
  for (const { target, timeframe, values } of updates) {
    const key = 'instrument' in target ? target.instrument : `${target.pair.x}/${target.pair.y}`;
    for (const [metric, value] of Object.entries(values)) add(statsKey(key, timeframe, metric), value);
  }
  const stats: SeriesStats = new Map();
  for (const [key, { n, sum, sumSq }] of sums) {
    const mean = sum / n;
    stats.set(key, { mean, sd: Math.sqrt(Math.max(0, sumSq / n - mean * mean)), n });
  }
  return stats;
}

/**
 * `count` rules over every series of the two instruments and their pair, each threshold placed
 * from its own series' distribution (mean, sd). 'tails' puts it 2–4 sd out on the side its
 * operator watches, as "tell me when this gets unusual" rules are; 'uniform' anywhere within
 * ±`reach` sd of the mean, which fires far more often (reach 1 is the stress case). A series too
 * short for a distribution (the slow timeframes of a run) takes its sd from the same metric's 1s
 * series: with its own, a single value has sd 0 and every threshold would sit on that value.
 */
export function benchRules(count: number, stats: SeriesStats, placement: 'tails' | 'uniform', reach = 2): AlertRule[] {
  const rules: AlertRule[] = [];
  let seed = 1;
  const uniform = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let i = 0; i < count; i++) {
    const pair = i % 5 === 0;
    const metric = (pair ? PAIR_METRICS : SYMBOL_METRICS)[i % (pair ? PAIR_METRICS.length : SYMBOL_METRICS.length)]
      .name;
    const instrument = i % 2 === 0 ? 'binance:BTCUSDT' : 'binance:ETHUSDT';
    const timeframe = pair ? '1s' : TIMEFRAMES[i % TIMEFRAMES.length];
    const target = pair ? 'binance:BTCUSDT/binance:ETHUSDT' : instrument;
    const own = stats.get(statsKey(target, timeframe, metric));
    const mean = own?.mean ?? 0;
    const sd = own !== undefined && own.n >= MIN_VALUES ? own.sd : (stats.get(statsKey(target, '1s', metric))?.sd ?? 1);
    const operator = OPERATORS[i % OPERATORS.length];
    const below = operator === '<' || operator === '<=' || operator === 'crosses_below';
    const out = sd * (2 + 2 * uniform());
    const threshold =
      placement === 'uniform'
        ? mean + (uniform() - 0.5) * 2 * reach * sd
        : operator === 'abs_gt'
          ? Math.abs(mean) + out
          : mean + (below ? -out : out);
    rules.push({
      id: `bench-${i}`,
      name: `bench ${i}`,
      target: pair ? { pair: { x: 'binance:BTCUSDT', y: 'binance:ETHUSDT' } } : { instrument },
      timeframe,
      metric,
      operator,
      threshold,
      band: null,
      cooldownSec: 60,
      severity: 'low',
      expiresAt: null,
      channels: ['ws'],
      webhookUrl: null,
      enabled: true,
      createdAt: i,
      updatedAt: i,
      expiredAt: null,
    });
  }
  if (!rules.every((r) => ALL_METRIC_NAMES.includes(r.metric))) throw new Error('bench rule with an unknown metric');
  return rules;
}

/**
 * CPU time of the calling thread (Linux), ns precision: the ingestion thread's own work, without the store worker's.
 */
function threadCpuMs(): number {
  return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6;
}

export async function ingestOnce(
  ticks: TickTape,
  rules: AlertRule[],
  updates?: AnalyticsUpdate[],
): Promise<{ ms: number; cpuMs: number; threadMs: number; alertMs: number; events: number }> {
  // As `start` runs it: DuckDB on its worker thread.
  const store = await openStore({ path: ':memory:', thread: 'worker' });
  const bus = new MemoryBus();
  const pipeline = new IngestPipeline({ store, bus });
  const analytics = new AnalyticsService({ store, bus, openBars: pipeline, clockIntervalMs: 0 });
  await analytics.start([
    { x: 'binance:BTCUSDT', y: 'binance:ETHUSDT', timeframe: '1s', params: { lookback: 120, window: 30 } },
  ]);
  await store.saveAlertRules(rules.map((rule) => ({ id: rule.id, rule, state: {} })));
  // The alert work on the ingesting thread, timed where it runs: the engine's handler of the metric
  // topic (evaluation and firing) and the hand-over of fired events to the store worker. Measured
  // inside the run, its share of the run is free of the machine's speed changing between runs.
  let alertMs = 0;
  const timedBus: AlertBus = {
    publish: (topic, message) => bus.publish(topic, message),
    subscribe: (topic, handler) =>
      bus.subscribe(topic, (message) => {
        const t = performance.now();
        handler(message);
        alertMs += performance.now() - t;
      }),
  };
  // The bars are from 2024: let them fire as if they were live.
  const alerts = new AlertEngine({
    store,
    bus: timedBus,
    resolveInstrument: (id) => id,
    staleAfterMs: process.env.NOFIRE ? 0 : Number.POSITIVE_INFINITY,
  });
  await alerts.start();
  let events = 0;
  alerts.onEvent(() => events++);
  const insertAlertEvents = store.insertAlertEvents.bind(store);
  store.insertAlertEvents = (events) => {
    const t = performance.now();
    const written = insertAlertEvents(events);
    alertMs += performance.now() - t;
    return written;
  };
  if (updates) analytics.onUpdate((u) => updates.push(u));

  const cpu0 = process.cpuUsage();
  const thread0 = threadCpuMs();
  alertMs = 0;
  const t0 = performance.now();
  // Batches as a socket delivers them, with the event loop free in between for timers (store
  // hand-overs, alert history flushes), as it is in a live process.
  for (let i = 0; i < ticks.length; i += 1000) {
    pipeline.ingest(ticks.batch(i, i + 1000));
    if (YIELD) await new Promise((resolve) => setImmediate(resolve));
  }
  const tIngest = performance.now();
  await pipeline.finish();
  const tFinish = performance.now();
  analytics.advanceClock(Number.MAX_SAFE_INTEGER / 2);
  await analytics.jobs.idle();
  // The symbol engines warm up from the store first and then emit every bar they held back.
  const warming = () =>
    ['binance:BTCUSDT', 'binance:ETHUSDT'].some((i) => TIMEFRAMES.some((tf) => analytics.symbol(i, tf)?.isWarming));
  while (warming()) await new Promise((resolve) => setImmediate(resolve));
  const tWarm = performance.now();
  await alerts.history.flush();
  const ms = performance.now() - t0;
  if (process.env.PHASES)
    console.log(
      `thread ${(threadCpuMs() - thread0).toFixed(0)} phases: ingest ${(tIngest - t0).toFixed(0)} finish ` +
        `${(tFinish - tIngest).toFixed(0)} analytics ${(tWarm - tFinish).toFixed(0)} history ` +
        `${(t0 + ms - tWarm).toFixed(0)} events ${events}`,
    );
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const threadMs = threadCpuMs() - thread0;

  analytics.stop();
  await alerts.stop();
  await store.close();
  return { ms, cpuMs, threadMs, alertMs, events };
}

async function throughput(): Promise<void> {
  const ticks = generateTicks(THROUGHPUT_TICKS);
  // A run without rules gives each series' distribution (for the thresholds) and the analytics
  // updates that the engine alone is timed on below.
  const updates: AnalyticsUpdate[] = [];
  await ingestOnce(ticks, [], updates);
  const stats = seriesStats(updates.map(toMetricUpdate));
  const cases = [
    { label: 'no alert rules', rules: [] as AlertRule[] },
    { label: `${RULES.toLocaleString('en-US')} rules, 2–4 sd out`, rules: benchRules(RULES, stats, 'tails') },
    {
      label: `${RULES.toLocaleString('en-US')} rules, within ±2 sd (busy)`,
      rules: benchRules(RULES, stats, 'uniform', 2),
    },
    {
      label: `${RULES.toLocaleString('en-US')} rules, within ±1 sd (stress)`,
      rules: benchRules(RULES, stats, 'uniform', 1),
    },
  ].map((c) => ({
    ...c,
    ms: Infinity,
    cpuMs: Infinity,
    threadMs: Infinity,
    events: 0,
    rounds: [] as Array<{ ms: number; cpuMs: number; threadMs: number; alertMs: number }>,
  }));
  await ingestOnce(ticks, cases[1].rules); // warm-up
  for (let run = 0; run < RUNS; run++) {
    // Rotate the order so that no case always runs on a warmer (or busier) process.
    for (let k = 0; k < cases.length; k++) {
      const c = cases[(run + k) % cases.length];
      const result = await ingestOnce(ticks, c.rules);
      c.ms = Math.min(c.ms, result.ms);
      c.cpuMs = Math.min(c.cpuMs, result.cpuMs);
      c.threadMs = Math.min(c.threadMs, result.threadMs);
      c.events = result.events;
      c.rounds.push(result);
    }
  }
  const row = (label: string, ms: number): Measurement => ({
    label,
    ops: ticks.length,
    bestMs: ms,
    opsPerSec: (ticks.length / ms) * 1000,
  });
  const title =
    `ingestion with live analytics, ${ticks.length.toLocaleString('en-US')} trades of 2 instruments ` +
    `(best of ${RUNS})`;
  const label = (c: (typeof cases)[number]) => (c.rules.length === 0 ? c.label : `${c.label}: ${c.events} events`);
  const [none, ...loaded] = cases;
  printComparison(
    `${title}: wall time`,
    row(label(none), none.ms),
    loaded.map((c) => row(label(c), c.ms)),
  );
  // The ingesting thread's CPU time is what bounds its throughput (the store writes on its own
  // worker), and it is the figure least stretched by other processes on a shared machine.
  printComparison(
    `${title}: CPU time of the ingesting thread`,
    row(label(none), none.threadMs),
    loaded.map((c) => row(label(c), c.threadMs)),
  );
  printComparison(
    `${title}: process CPU time (all threads)`,
    row(label(none), none.cpuMs),
    loaded.map((c) => row(label(c), c.cpuMs)),
  );
  // The drop: each round runs every case back to back, so a round's ratio compares runs made
  // under the same load of the machine; the median of the rounds is what is reported, and every
  // round is listed, so the spread shows. (Best-of figures compare runs that may be minutes apart.)
  console.log(`\nthroughput drop with rules loaded, median of ${RUNS} rounds (each round's drop in brackets)`);
  for (const c of loaded) {
    const drops = (field: 'threadMs' | 'ms' | 'cpuMs') =>
      c.rounds.map((r, i) => (1 - none.rounds[i][field] / r[field]) * 100);
    const show = (field: 'threadMs' | 'ms' | 'cpuMs') => {
      const d = drops(field);
      return `${median(d).toFixed(1)} % [${d.map((x) => x.toFixed(0)).join(' ')}]`;
    };
    console.log(`${c.label}: ingesting thread ${show('threadMs')}, wall ${show('ms')}, process CPU ${show('cpuMs')}`);
  }
  console.log(
    '\nalert work timed inside each run (engine listener and event hand-over to the store), share of the ' +
      `ingesting thread's time, median of ${RUNS} runs`,
  );
  for (const c of loaded) {
    const shares = c.rounds.map((r) => (r.alertMs / r.threadMs) * 100);
    console.log(`${c.label}: ${median(shares).toFixed(1)} % [${shares.map((x) => x.toFixed(1)).join(' ')}]`);
  }
  console.log('target: < 10 % with 10,000 rules loaded');

  // The alert engine's own work on the ingestion path, free of the machine's noise: the analytics
  // updates of a run replayed into engines with the rules loaded (events kept in memory). Each is
  // turned into a metric update inside the timed loop, as the app does on the ingestion path.
  for (const c of loaded) {
    let bestMs = Infinity;
    let events = 0;
    for (let run = 0; run < RUNS; run++) {
      const store = new MemoryAlertStore();
      await store.saveAlertRules(c.rules.map((rule) => ({ id: rule.id, rule, state: {} })));
      const engine = new AlertEngine({
        store,
        bus: new MemoryBus(),
        resolveInstrument: (id) => id,
        staleAfterMs: Number.POSITIVE_INFINITY,
      });
      await engine.start();
      engine.onEvent(() => events++);
      events = 0;
      const t0 = performance.now();
      for (const update of updates) engine.onMetricUpdate(toMetricUpdate(update));
      bestMs = Math.min(bestMs, performance.now() - t0);
      await engine.stop();
    }
    console.log(
      `alert engine alone, ${c.label}: ${bestMs.toFixed(1)} ms for ${updates.length} analytics updates ` +
        `(${events} events) = ${((bestMs / none.threadMs) * 100).toFixed(1)} % of the ingesting thread's ` +
        'time without rules',
    );
  }
}

// BENCH_PART=latency or BENCH_PART=throughput runs one part.
if (process.env.BENCH_PART === undefined || process.env.BENCH_PART === 'latency') await latency();
if (process.env.BENCH_PART === undefined || process.env.BENCH_PART === 'throughput') await throughput();
