// Starting the exchange and client threads of the latency benches, and the app between them.
import type { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import { startApp, type RunningApp } from '../../src/cli/commands/start.js';
import { DEFAULTS } from '../../src/cli/config.js';
import { spawnWorker } from '../../src/store/worker/spawn-worker.js';
import type { ClientOptions, ReceivedMessage } from './client-thread.js';
import type { ExchangeOptions, ExchangeReport, ExchangeRequest, SentTrade } from './exchange-thread.js';

export type { ReceivedMessage, SentTrade };

function next<T>(worker: Worker): Promise<T> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
}

export async function startExchange(options: ExchangeOptions) {
  const worker = spawnWorker(new URL('./exchange-thread.ts', import.meta.url), { workerData: options });
  const ready = await next<ExchangeReport & { type: 'ready' }>(worker);
  return {
    urls: { spotWs: ready.spotWs, spotRest: ready.spotRest },
    prices: ready.prices,
    async run(rate: number, seconds: number, tickMs: number): Promise<SentTrade[]> {
      const done = next<ExchangeReport & { type: 'done' }>(worker);
      worker.postMessage({ type: 'run', rate, seconds, tickMs } satisfies ExchangeRequest);
      return (await done).trades;
    },
    async close(): Promise<void> {
      const closed = next(worker);
      worker.postMessage({ type: 'close' } satisfies ExchangeRequest);
      await closed;
      await worker.terminate();
    },
  };
}

export async function startClient(options: ClientOptions) {
  const worker = spawnWorker(new URL('./client-thread.ts', import.meta.url), { workerData: options });
  await next(worker);
  return {
    async finish(): Promise<ReceivedMessage[]> {
      const report = next<ReceivedMessage[]>(worker);
      worker.postMessage('report');
      const received = await report;
      await worker.terminate();
      return received;
    },
  };
}

/**
 * The whole app as `start --source binance` runs it (in memory, silent), streaming `symbols` from the exchange thread.
 */
export function startAppOn(
  exchange: { urls: { spotWs: string; spotRest: string } },
  symbols: readonly string[],
): Promise<RunningApp> {
  return startApp(
    {
      ...DEFAULTS,
      source: 'binance',
      db: ':memory:',
      port: 0,
      logLevel: 'silent',
      instruments: symbols.map((s) => `binance:${s}`),
      instrumentsGiven: true,
      binanceWsUrl: exchange.urls.spotWs,
      binanceRestUrl: exchange.urls.spotRest,
    },
    { logger: pino({ level: 'silent' }) },
  );
}
