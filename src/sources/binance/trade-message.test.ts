import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTradeFrame, parseTradeFrame, splitRecordedLine } from './trade-message.js';

const spot =
  '{"stream":"btcusdt@trade","data":{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":3735683259,' +
  '"p":"61837.63000000","q":"0.02000000","T":1723161255342,"m":true,"M":true}}';
const futures =
  '{"stream":"btcusdt@trade","data":{"e":"trade","E":1723161256299,"T":1723161256298,"s":"BTCUSDT",' +
  '"t":5266583935,"p":"61800.20","q":"0.014","X":"MARKET","m":false}}';

describe('parseTradeFrame', () => {
  it('reads a real spot combined-stream trade frame', () => {
    expect(parseTradeFrame(spot, 'binance')).toEqual({
      kind: 'trade',
      eventTime: 1723161255343,
      tick: {
        instrument: 'binance:BTCUSDT',
        id: 3735683259,
        ts: 1723161255342,
        price: 61837.63,
        qty: 0.02,
        buyerMaker: true,
      },
    });
  });

  it('reads a USD-M trade frame and keeps non-MARKET prints out of bars', () => {
    const parsed = parseTradeFrame(futures, 'binance-futures', 5);
    expect(parsed).toMatchObject({
      kind: 'trade',
      tick: { instrument: 'binance-futures:BTCUSDT', price: 61800.2, buyerMaker: false, receivedAt: 5 },
    });
    expect(parseTradeFrame(futures.replace('MARKET', 'INSURANCE_FUND'), 'binance-futures')).toEqual({
      kind: 'excluded-trade',
      instrument: 'binance-futures:BTCUSDT',
      id: 5266583935,
      tradeType: 'INSURANCE_FUND',
    });
  });

  it('reads raw (unwrapped) frames, reordered keys and microsecond timestamps through the same rules', () => {
    const raw =
      '{"m":false,"q":"1.5","p":"100.25","t":7,"s":"ETHUSDT","T":1723161255342123,"E":1723161255343000,"e":"trade"}';
    expect(parseTradeFrame(raw, 'binance')).toMatchObject({
      kind: 'trade',
      tick: { id: 7, ts: 1723161255342.123, price: 100.25, qty: 1.5 },
    });
  });

  it('skips non-trade streams and reports garbage without throwing', () => {
    expect(parseTradeFrame('{"stream":"btcusdt@bookTicker","data":{"u":1,"s":"BTCUSDT"}}', 'binance')).toEqual({
      kind: 'other',
      stream: 'btcusdt@bookTicker',
    });
    expect(parseTradeFrame('{"stream":"btcusdt@trade","data":{"e":"trade","s":"BTC', 'binance')).toMatchObject({
      kind: 'error',
    });
    expect(parseTradeFrame(spot.replace('"61837.63000000"', '"abc"'), 'binance')).toEqual({
      kind: 'error',
      reason: 'field "p": price must be a positive decimal string',
    });
    expect(parseTradeFrame(spot.replace('"t":3735683259', '"t":"x"'), 'binance')).toEqual({
      kind: 'error',
      reason: 'trade field "t" must be a number',
    });
  });
});

describe('fast path equals JSON.parse', () => {
  it('gives exactly Number(string) for any decimal price and quantity string', () => {
    const decimal = fc
      .tuple(
        fc.bigInt({ min: 0n, max: 99_999_999_999n }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 0, max: 6 }),
      )
      .map(([units, decimals, zeros]) => {
        const digits = units.toString().padStart(decimals + 1, '0');
        const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
        return decimals === 0 ? text : text + '0'.repeat(zeros);
      });
    fc.assert(
      fc.property(decimal, decimal, fc.integer({ min: 0, max: 2 ** 40 }), fc.boolean(), (p, q, id, m) => {
        const frame =
          `{"stream":"btcusdt@trade","data":{"e":"trade","E":1723161255343,"s":"BTCUSDT","t":${id},"p":"${p}",` +
          `"q":"${q}","T":1723161255342,"m":${m},"M":true}}`;
        const parsed = parseTradeFrame(frame, 'binance');
        if (Number(p) <= 0) return parsed.kind === 'error';
        const data = JSON.parse(frame).data;
        return (
          parsed.kind === 'trade' &&
          Object.is(parsed.tick.price, Number(data.p)) &&
          Object.is(parsed.tick.qty, Number(data.q)) &&
          parsed.tick.id === data.t &&
          parsed.tick.buyerMaker === data.m
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('splitRecordedLine', () => {
  it('takes a nanosecond receive timestamp prefix off a recorded line', () => {
    expect(splitRecordedLine(`1723161254087896568 ${spot}`)).toEqual({ receivedAt: 1723161254087.8965, frame: spot });
    expect(splitRecordedLine(spot)).toEqual({ receivedAt: undefined, frame: spot });
  });
});

describe('formatTradeFrame', () => {
  it('writes a frame that parses back to the same tick, spot and USD-M', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('binance', 'binance-futures'),
        fc.record({
          id: fc.maxSafeNat(),
          ts: fc.integer({ min: 1_500_000_000_000, max: 4_000_000_000_000 }),
          price: fc.double({ min: 1e-8, max: 1e7, noNaN: true }),
          qty: fc.double({ min: 1e-8, max: 1e6, noNaN: true }),
          buyerMaker: fc.boolean(),
        }),
        (venue, fields) => {
          const tick = { instrument: `${venue}:BTCUSDT`, ...fields };
          const parsed = parseTradeFrame(formatTradeFrame(tick), venue);
          expect(parsed).toEqual({ kind: 'trade', tick, eventTime: tick.ts });
        },
      ),
    );
  });
});
