// The fake Binance server on its own thread, emitting trades at a steady rate: an exchange is
// another machine, so its work (and its heap's garbage collection) must not run on the event
// loop of the process being measured. Each trade is stamped with CLOCK_MONOTONIC as it leaves.
import { parentPort, workerData } from 'node:worker_threads';
import { FakeBinance } from '../../test/fakes/binance/fake-binance.js';
import { emitAtRate, monotonicMs } from '../lib.js';

export interface ExchangeOptions {
  symbols: string[];
  /** Trades emitted per symbol before the run, so that each has a price. */
  warmupTrades: number;
}

export interface SentTrade {
  symbol: string;
  id: number;
  /** Exchange trade time, epoch ms. */
  time: number;
  /** When it left the server, monotonic ms. */
  sentAt: number;
}

export type ExchangeRequest = { type: 'run'; rate: number; seconds: number; tickMs: number } | { type: 'close' };

export type ExchangeReport =
  | { type: 'ready'; spotWs: string; spotRest: string; prices: Record<string, number> }
  | { type: 'done'; trades: SentTrade[] }
  | { type: 'closed' };

const { symbols, warmupTrades } = workerData as ExchangeOptions;
const port = parentPort!;
const fake = await FakeBinance.start();
const prices: Record<string, number> = {};
for (const symbol of symbols) prices[symbol] = Number(fake.spot.emitTrades(symbol, warmupTrades).at(-1)!.price);
port.postMessage({
  type: 'ready',
  spotWs: fake.urls.spotWs,
  spotRest: fake.urls.spotRest,
  prices,
} satisfies ExchangeReport);

port.on('message', async (request: ExchangeRequest) => {
  if (request.type === 'close') {
    await fake.close();
    port.postMessage({ type: 'closed' } satisfies ExchangeReport);
    return;
  }
  const trades: SentTrade[] = [];
  await emitAtRate(request.rate, request.seconds, request.tickMs, (due) => {
    symbols.forEach((symbol, i) => {
      const count = Math.floor(due / symbols.length) + (i < due % symbols.length ? 1 : 0);
      // Stamped after the trades are generated and before they are sent: a trade's latency
      // includes the sending of the trades ahead of it.
      let sentAt = 0;
      const sent = fake.spot.emitTrades(symbol, count, () => (sentAt = monotonicMs()));
      for (const trade of sent) trades.push({ symbol, id: trade.id, time: trade.time, sentAt });
    });
  });
  port.postMessage({ type: 'done', trades } satisfies ExchangeReport);
});
