// The Binance live source against the fake Binance, under the tick-source contract: each
// `trade()` has the exchange print ten trades per symbol, whether a source listens or not.
import { runTickSourceContract } from '../../src/sources/contract/tick-source-contract.js';
import { BinanceLiveSource } from '../../src/sources/binance/binance-live-source.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import { testSourceOptions } from './helpers.js';

runTickSourceContract({
  name: 'BinanceLiveSource on the fake Binance',
  contiguousIds: true,
  async fixture() {
    const fake = await FakeBinance.start();
    return {
      create: (resumeFrom) =>
        new BinanceLiveSource(testSourceOptions(fake, { instruments: ['BTCUSDT', 'ETHUSDT'], resumeFrom })),
      trade: () => {
        fake.spot.emitTrades('BTCUSDT', 10);
        fake.spot.emitTrades('ETHUSDT', 10);
      },
      close: () => fake.close(),
    };
  },
});
