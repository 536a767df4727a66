// Latency from a trade leaving the (fake) Binance server to its bar update arriving at a /ws
// client, at 5,000 trades/s, through the whole running app (WebSocket ingest → sequencer →
// pipeline → gateway). Baseline: the same trades read straight off the server's stream by a
// bare WebSocket client in the same run.
import { pino } from 'pino';
import WebSocket from 'ws';
import { startApp } from '../src/cli/commands/start.js';
import { DEFAULTS } from '../src/cli/config.js';
import { FakeBinance } from '../test/fakes/binance/fake-binance.js';
import { emitAtRate, percentile } from './lib.js';

const RATE = 5_000;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TICK_MS = 2;

const fake = await FakeBinance.start();
const app = await startApp(
  { ...DEFAULTS, source: 'binance', db: ':memory:', port: 0, logLevel: 'silent', instruments: ['binance:BTCUSDT'], instrumentsGiven: true, binanceWsUrl: fake.urls.spotWs, binanceRestUrl: fake.urls.spotRest },
  { logger: pino({ level: 'silent' }) },
);
await new Promise((r) => setTimeout(r, 1_000));

const sentAt = new Map<number, number>();
const idsByBucket = new Map<number, number[]>();
const barLatencies: number[] = [];
const rawLatencies: number[] = [];

const client = new WebSocket(`${app.url.replace('http', 'ws')}/ws`);
await new Promise((r) => client.once('open', r));
client.send(JSON.stringify({ op: 'subscribe', channels: ['bars:binance:BTCUSDT:1s'] }));
client.on('message', (raw) => {
  const now = performance.now();
  const message = JSON.parse(raw.toString());
  if (message.channel === undefined) return;
  const id = idsByBucket.get(message.data.start)?.[message.data.trades - 1];
  const sent = id === undefined ? undefined : sentAt.get(id);
  if (sent !== undefined) barLatencies.push(now - sent);
});

const raw = new WebSocket(`${fake.urls.spotWs}/stream?streams=btcusdt@trade`);
raw.on('message', (data) => {
  const now = performance.now();
  const frame = JSON.parse(data.toString());
  const sent = frame.data?.t === undefined ? undefined : sentAt.get(frame.data.t);
  if (sent !== undefined) rawLatencies.push(now - sent);
});
await new Promise((r) => raw.once('open', r));

await emitAtRate(RATE, SECONDS, TICK_MS, (due, t0) => {
  for (const trade of fake.spot.emitTrades('BTCUSDT', due)) {
    sentAt.set(trade.id, t0);
    const bucket = Math.floor(trade.time / 1000) * 1000;
    if (!idsByBucket.has(bucket)) idsByBucket.set(bucket, []);
    idsByBucket.get(bucket)!.push(trade.id);
  }
});
await new Promise((r) => setTimeout(r, 500));

const bar = [...barLatencies].sort((a, b) => a - b);
const base = [...rawLatencies].sort((a, b) => a - b);
console.log(`\n## trade leaving the server → update at a client, ${RATE} trades/s for ${SECONDS} s`);
console.log(`${'path'.padEnd(44)} ${'samples'.padStart(8)} ${'p50'.padStart(9)} ${'p99'.padStart(9)} ${'p99 vs baseline'.padStart(16)}`);
for (const [label, values] of [
  ['baseline: raw trade frame, bare client', base],
  ['tickscope: 1s bar update on /ws', bar],
] as const) {
  const ratio = values === base ? 'baseline' : `${(percentile(bar, 99) / percentile(base, 99)).toFixed(2)}x`;
  console.log(
    `${label.padEnd(44)} ${String(values.length).padStart(8)} ${`${percentile(values, 50).toFixed(2)} ms`.padStart(9)} ${`${percentile(values, 99).toFixed(2)} ms`.padStart(9)} ${ratio.padStart(16)}`,
  );
}
console.log('goal: tickscope p99 < 5 ms');
client.close();
raw.close();
await app.stop();
await fake.close();
