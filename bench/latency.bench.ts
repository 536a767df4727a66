// Latency from a trade leaving the (fake) Binance server to its bar update arriving at a /ws
// client, at 5,000 trades/s, through the whole running app (WebSocket ingest → sequencer →
// pipeline → gateway). The fake exchange and both clients run on their own threads, as they are
// other machines and processes: their work and their garbage collection stay off the event loop
// being measured. Every time is CLOCK_MONOTONIC, the same clock in every thread.
// Measured: every update of the open 1s bar on /ws, from the newest trade in it leaving the
// server; and each closed 1s bar, from the trade that closes it (the first trade of the next
// second). Baseline: the same trades read straight off the server's stream by
// a bare WebSocket client in the same run, from each trade leaving the server. Printed with them:
// how often a bare thread loses its CPU on this machine, and the CPU time the hypervisor took
// during the run.
import { describeMachineNoise, percentile, schedulingGaps, stolenMs, warmUpPastNextMinute } from './lib.js';
import { startAppOn, startClient, startExchange } from './threads/index.js';

const RATE = 5_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const TICK_MS = 2;
/** Four instruments sharing the rate: four closed bars a second to measure instead of one. */
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'BNBUSDT'];

const PROBE_SECONDS = 10;
const gaps = schedulingGaps(PROBE_SECONDS * 1000);
const exchange = await startExchange({ symbols: SYMBOLS, warmupTrades: 10 });
const app = await startAppOn(exchange, SYMBOLS);
await new Promise((r) => setTimeout(r, 1_000));

const client = await startClient({
  url: `${app.url.replace('http', 'ws')}/ws`,
  channels: SYMBOLS.map((s) => `bars:binance:${s}:1s`),
  openBars: true,
});
const raw = await startClient({
  url: `${exchange.urls.spotWs}/stream?streams=${SYMBOLS.map((s) => `${s.toLowerCase()}@trade`).join('/')}`,
});
await new Promise((r) => setTimeout(r, 200));
// A warm-up at the same rate first (its trades are not measured): the first closes of a process
// compile the code paths that every later close runs, and the first close of each timeframe
// builds and warms its engines.
const warmUpSeconds = warmUpPastNextMinute();
await exchange.run(RATE, warmUpSeconds, TICK_MS);
const stolenBefore = stolenMs();
const trades = await exchange.run(RATE, SECONDS, TICK_MS);
const stolenAfter = stolenMs();
await new Promise((r) => setTimeout(r, 500));
const [bars, frames] = await Promise.all([client.finish(), raw.finish()]);

/** `${symbol}|${id}` → when the trade left the server. */
const sentAt = new Map<string, number>();
/**
 * `${instrument}|${bucket}` → trade ids of that second in order, and when the first left the server (it closes the
 * previous bar).
 */
const idsByBucket = new Map<string, number[]>();
const firstInBucket = new Map<string, number>();
/** The first second of the measured run also holds warm-up trades: its bar is not measured. */
const measuredFrom = Math.floor(trades[0].time / 1000) * 1000 + 1000;
for (const trade of trades) {
  sentAt.set(`${trade.symbol}|${trade.id}`, trade.sentAt);
  const bucket = Math.floor(trade.time / 1000) * 1000;
  if (bucket < measuredFrom) continue;
  const key = `binance:${trade.symbol}|${bucket}`;
  if (!firstInBucket.has(key)) firstInBucket.set(key, trade.sentAt);
  if (!idsByBucket.has(key)) idsByBucket.set(key, []);
  idsByBucket.get(key)!.push(trade.id);
}

// The first closed bar of the run is sent again once the app has checked it against the
// exchange's kline (REST): only the first closed update of each bar is the one the closing trade
// caused.
const updateLatencies: number[] = [];
const closedLatencies: number[] = [];
const closedStarts = new Set<string>();
for (const { at, message } of bars) {
  const data = message.data as { instrument: string; start: number; trades: number; closed?: boolean } | undefined;
  if (message.channel === undefined || data === undefined) continue;
  if (data.closed !== true) {
    // An open bar's update: `trades` says which trade of its second is the newest in it.
    const id = idsByBucket.get(`${data.instrument}|${data.start}`)?.[data.trades - 1];
    const sent = id === undefined ? undefined : sentAt.get(`${data.instrument.slice('binance:'.length)}|${id}`);
    if (sent !== undefined) updateLatencies.push(at - sent);
    continue;
  }
  const bar = `${data.instrument}|${data.start}`;
  if (closedStarts.has(bar)) continue;
  closedStarts.add(bar);
  const sent = data.start >= measuredFrom ? firstInBucket.get(`${data.instrument}|${data.start + 1000}`) : undefined;
  if (sent !== undefined) closedLatencies.push(at - sent);
}
const rawLatencies: number[] = [];
for (const { at, message } of frames) {
  const data = message.data as { s?: string; t?: number } | undefined;
  const sent = data?.t === undefined ? undefined : sentAt.get(`${data.s}|${data.t}`);
  if (sent !== undefined) rawLatencies.push(at - sent);
}

const update = [...updateLatencies].sort((a, b) => a - b);
const closed = [...closedLatencies].sort((a, b) => a - b);
const base = [...rawLatencies].sort((a, b) => a - b);
console.log(
  `\n## trade leaving the server → update at a client, ${RATE} trades/s over ${SYMBOLS.length} ` +
    `instruments for ${SECONDS} s after ${warmUpSeconds} s of warm-up, past the app's first 1m close ` +
    '(server and clients on their own threads)',
);
console.log(
  `${'path'.padEnd(44)} ${'samples'.padStart(8)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ` +
    `${'p99 vs baseline'.padStart(16)}`,
);
for (const [label, values] of [
  ['baseline: raw trade frame, bare client', base],
  ['tickscope: 1s bar update on /ws', update],
  ['tickscope: closed 1s bar on /ws', closed],
] as const) {
  // A path with no samples (an overloaded machine can starve a client for the whole run) is
  // reported as such instead of crashing the run on undefined.toFixed.
  if (values.length === 0) {
    console.log(`${label.padEnd(44)} ${'0'.padStart(8)} no samples: the client received none in ${SECONDS} s`);
    continue;
  }
  const ratio = values === base ? 'baseline' : `${(percentile(values, 99) / percentile(base, 99)).toFixed(2)}x`;
  console.log(
    `${label.padEnd(44)} ${String(values.length).padStart(8)} ` +
      `${`${percentile(values, 50).toFixed(2)} ms`.padStart(9)} ` +
      `${`${percentile(values, 99).toFixed(2)} ms`.padStart(9)} ${ratio.padStart(16)}`,
  );
}
console.log(describeMachineNoise(gaps, PROBE_SECONDS, { before: stolenBefore, after: stolenAfter }, SECONDS));
console.log('goal: tickscope p99 < 5 ms');
await app.stop();
await exchange.close();
