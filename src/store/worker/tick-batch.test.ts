import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tick } from '../../domain/index.js';
import { TickBatchBuilder, unpackTicks } from './tick-batch.js';

const tickArbitrary = fc.record(
  {
    instrument: fc.constantFrom('binance:BTCUSDT', 'binance:ETHUSDT', 'sim:AAA'),
    id: fc.maxSafeNat(),
    ts: fc.double({ min: 0, max: 4e12, noNaN: true }),
    price: fc.double({ min: 1e-8, max: 1e7, noNaN: true }),
    qty: fc.double({ min: 0, max: 1e6, noNaN: true }),
    buyerMaker: fc.boolean(),
    receivedAt: fc.double({ min: 0, max: 4e12, noNaN: true }),
  },
  { requiredKeys: ['instrument', 'id', 'ts', 'price', 'qty', 'buyerMaker'] },
);

describe('TickBatchBuilder', () => {
  it('hands over ticks as columns that unpack to equal ticks, batch after batch', () => {
    fc.assert(
      fc.property(
        fc.array(tickArbitrary, { maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        (ticks: Tick[], capacity) => {
          const builder = new TickBatchBuilder(capacity);
          const out: Tick[] = [];
          for (const tick of ticks) {
            builder.push(tick);
            if (builder.isFull) out.push(...unpackTicks(builder.take()!.batch));
          }
          const rest = builder.take();
          if (rest !== null) out.push(...unpackTicks(rest.batch));
          expect(out).toEqual(ticks);
          expect(builder.take()).toBeNull();
        },
      ),
    );
  });

  it('hands over a buffer of its own per batch: the next batch does not overwrite the last', () => {
    const builder = new TickBatchBuilder(4);
    builder.push({ instrument: 'sim:AAA', id: 1, ts: 1, price: 1, qty: 1, buyerMaker: true });
    const { batch, transfer } = builder.take()!;
    expect(transfer).toEqual([batch.rows.buffer]);
    builder.push({ instrument: 'sim:BBB', id: 2, ts: 2, price: 2, qty: 2, buyerMaker: false });
    expect(unpackTicks(batch)).toEqual([{ instrument: 'sim:AAA', id: 1, ts: 1, price: 1, qty: 1, buyerMaker: true }]);
    expect(unpackTicks(builder.take()!.batch)).toEqual([
      { instrument: 'sim:BBB', id: 2, ts: 2, price: 2, qty: 2, buyerMaker: false },
    ]);
  });
});
