// Everything at once, as the acceptance run does it: steady trading while connections drop, stall
// and shut down, frames arrive garbled, duplicated and out of order, and REST answers 429s.
import { afterEach, describe, expect, it } from 'vitest';
import type { BinanceLiveSource } from '../../src/sources/binance/binance-live-source.js';
import { FakeBinance } from '../fakes/binance/fake-binance.js';
import type { FakeMarket } from '../fakes/binance/fake-market.js';
import { expectExactTrades, pause, startSource, waitForAll } from './helpers.js';

let fake: FakeBinance;
let source: BinanceLiveSource | undefined;

afterEach(async () => {
  fake?.spot.setTradeRate('BTCUSDT', 0);
  fake?.spot.setTradeRate('ETHUSDT', 0);
  await source?.stop();
  source = undefined;
  await fake?.close();
});

const FAULTS: Array<(market: FakeMarket) => void> = [
  (m) => m.dropConnections(),
  (m) => m.sendGarbage(),
  (m) => m.duplicateNextTrades('BTCUSDT', 5),
  (m) => m.reorderNextTrades('ETHUSDT', 4),
  (m) => m.dropNextTrades('BTCUSDT', 25),
  (m) => m.rest.failures.push({ status: 429, remaining: 2, retryAfterSeconds: 0.2 }),
  (m) => m.stallConnections(),
  (m) => m.sendServerShutdown({ closeAfterMs: 150 }),
  (m) => m.dropConnections({ graceful: true }),
  (m) => m.dropNextTrades('ETHUSDT', 10),
];

describe('chaos', () => {
  it('delivers exactly the server trades of every instrument through every kind of fault', async () => {
    fake = await FakeBinance.start({ spot: { maxLifetimeMs: 1_200 } });
    const started = await startSource(fake, {
      instruments: ['BTCUSDT', 'ETHUSDT'],
      connection: { rotateAfterMs: 700, stale: { minMs: 250, maxMs: 2_000, multiplier: 30 } },
    });
    source = started.source;
    await source.whenConnected(5_000);
    fake.spot.setTradeRate('BTCUSDT', 400);
    fake.spot.setTradeRate('ETHUSDT', 150);
    for (const fault of [...FAULTS, ...FAULTS]) {
      await pause(150);
      fault(fake.spot);
    }
    await pause(300);
    fake.spot.setTradeRate('BTCUSDT', 0);
    fake.spot.setTradeRate('ETHUSDT', 0);
    await waitForAll(started.collector, fake.spot, 'binance:BTCUSDT', 20_000);
    await waitForAll(started.collector, fake.spot, 'binance:ETHUSDT', 20_000);
    expectExactTrades(started.collector, fake.spot, 'binance:BTCUSDT');
    expectExactTrades(started.collector, fake.spot, 'binance:ETHUSDT');
    const counters = source.counters();
    expect(counters.garbage).toBeGreaterThan(0);
    expect(counters.duplicates).toBeGreaterThan(0);
    expect(counters.reconnects + counters.rotations).toBeGreaterThan(4);
    expect(fake.spot.rest.count429).toBeGreaterThan(0);
    expect(fake.spot.rest.violations).toBe(0);
    expect(fake.spot.counters.rateViolations).toBe(0);
    expect(source.gaps().every((gap) => gap.filled)).toBe(true);
  });
});
