// The fake Binance of the soak benchmark, on a thread of its own (an exchange is another
// machine): lists the symbols and trades them at a steady total rate, shared equally.
import { parentPort, workerData } from 'node:worker_threads';
import { FakeBinance } from '../../test/fakes/binance/fake-binance.js';

export interface FakeExchangeOptions {
  symbols: string[];
  /** Trades per second over all symbols. */
  rate: number;
}

const { symbols, rate } = workerData as FakeExchangeOptions;
const fake = await FakeBinance.start({ symbols });
for (const symbol of symbols) fake.spot.setTradeRate(symbol, rate / symbols.length);
parentPort!.postMessage({ spotWs: fake.urls.spotWs, spotRest: fake.urls.spotRest });
parentPort!.on('message', async () => {
  await fake.close();
  parentPort!.postMessage('closed');
});
