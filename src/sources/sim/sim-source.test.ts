// The simulator as a TickSource, on a manual clock: each `trade()` lets half a second pass.
import { runTickSourceContract } from '../contract/tick-source-contract.js';
import { SimSource } from './sim-source.js';

runTickSourceContract({
  name: 'SimSource',
  contiguousIds: true,
  async fixture() {
    let clock = Date.UTC(2024, 0, 1, 12, 0, 0);
    return {
      create: (lastTradeIds) => new SimSource({ seed: 3, intervalMs: 5, now: () => clock, lastTradeIds }),
      trade: () => {
        clock += 500;
      },
      close: async () => {},
    };
  },
});
