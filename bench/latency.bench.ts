// Latency from a trade leaving the (fake) Binance server to its bar update arriving at a /ws
// client, at 5,000 trades/s, through the whole running app (WebSocket ingest → sequencer →
// pipeline → gateway). The fake exchange and both clients run on their own threads, as they are
// other machines and processes: their work and their garbage collection stay off the event loop
// being measured. Every time is CLOCK_MONOTONIC, the same clock in every thread.
// Measured: a closed 1s bar on /ws, from the trade that closes it (the first trade of the next
// second) leaving the server. Baseline: the same trades read straight off the server's stream by
// a bare WebSocket client in the same run, from each trade leaving the server.
import { pino } from 'pino';
import { startApp } from '../src/cli/commands/start.js';
import { DEFAULTS } from '../src/cli/config.js';
import { percentile } from './lib.js';
import { startClient, startExchange } from './threads/index.js';

const RATE = 5_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const TICK_MS = 2;

const exchange = await startExchange({ symbols: ['BTCUSDT'], warmupTrades: 10 });
const app = await startApp(
  {
    ...DEFAULTS,
    source: 'binance',
    db: ':memory:',
    port: 0,
    logLevel: 'silent',
    instruments: ['binance:BTCUSDT'],
    instrumentsGiven: true,
    binanceWsUrl: exchange.urls.spotWs,
    binanceRestUrl: exchange.urls.spotRest,
  },
  { logger: pino({ level: 'silent' }) },
);
await new Promise((r) => setTimeout(r, 1_000));

const client = await startClient({ url: `${app.url.replace('http', 'ws')}/ws`, channels: ['bars:binance:BTCUSDT:1s'] });
const raw = await startClient({ url: `${exchange.urls.spotWs}/stream?streams=btcusdt@trade` });
await new Promise((r) => setTimeout(r, 200));
const trades = await exchange.run(RATE, SECONDS, TICK_MS);
await new Promise((r) => setTimeout(r, 500));
const [bars, frames] = await Promise.all([client.finish(), raw.finish()]);

const sentAt = new Map<number, number>();
/** When the first trade of each second left the server: the trade that closes the previous bar. */
const firstInBucket = new Map<number, number>();
for (const trade of trades) {
  sentAt.set(trade.id, trade.sentAt);
  const bucket = Math.floor(trade.time / 1000) * 1000;
  if (!firstInBucket.has(bucket)) firstInBucket.set(bucket, trade.sentAt);
}

// Only closed bars arrive: the client thread skips open-bar updates. The first closed bar of the
// run is sent again once the app has checked it against the exchange's kline (REST): only the
// first closed update of each bar is the one the closing trade caused.
const barLatencies: number[] = [];
const closedStarts = new Set<number>();
for (const { at, message } of bars) {
  const data = message.data as { start: number; closed?: boolean } | undefined;
  if (message.channel === undefined || data?.closed !== true || closedStarts.has(data.start)) continue;
  closedStarts.add(data.start);
  const sent = firstInBucket.get(data.start + 1000);
  if (sent !== undefined) barLatencies.push(at - sent);
}
const rawLatencies: number[] = [];
for (const { at, message } of frames) {
  const id = (message.data as { t?: number } | undefined)?.t;
  const sent = id === undefined ? undefined : sentAt.get(id);
  if (sent !== undefined) rawLatencies.push(at - sent);
}

const bar = [...barLatencies].sort((a, b) => a - b);
const base = [...rawLatencies].sort((a, b) => a - b);
console.log(`\n## trade leaving the server → update at a client, ${RATE} trades/s for ${SECONDS} s (server and clients on their own threads)`);
console.log(`${'path'.padEnd(44)} ${'samples'.padStart(8)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'p99 vs baseline'.padStart(16)}`);
for (const [label, values] of [
  ['baseline: raw trade frame, bare client', base],
  ['tickscope: closed 1s bar on /ws', bar],
] as const) {
  const ratio = values === base ? 'baseline' : `${(percentile(bar, 99) / percentile(base, 99)).toFixed(2)}x`;
  console.log(
    `${label.padEnd(44)} ${String(values.length).padStart(8)} ${`${percentile(values, 50).toFixed(2)} ms`.padStart(9)} ${`${percentile(values, 99).toFixed(2)} ms`.padStart(9)} ${ratio.padStart(16)}`,
  );
}
console.log('goal: tickscope p99 < 5 ms');
await app.stop();
await exchange.close();
