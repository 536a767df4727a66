import { describe, expect, it } from 'vitest';
import { detectLayout, type DumpRowError, parseAggTradeRow, parseTradeRow, type AggTradeRow } from './dump-rows.js';
import { TradeColumns, tradeBytesParser } from './trade-columns.js';

const blank = (): AggTradeRow => ({
  id: 0,
  ts: 0,
  price: 0,
  qty: 0,
  buyerMaker: false,
  firstTradeId: 0,
  lastTradeId: 0,
});

function parse(kind: 'trades' | 'aggTrades', text: string) {
  const firstLine = text.split('\n')[0];
  const layout = detectLayout(kind, firstLine);
  const out = new TradeColumns(2);
  const errors: DumpRowError[] = [];
  const rows = tradeBytesParser(kind, layout).parse(Buffer.from(text, 'latin1'), 1, out, (e) => errors.push(e));
  const parsed = Array.from({ length: out.length }, (_, i) => ({
    id: out.id[i],
    ts: out.ts[i],
    price: out.price[i],
    qty: out.qty[i],
    buyerMaker: out.buyerMaker[i] === 1,
    firstTradeId: out.first[i],
    lastTradeId: out.last[i],
    line: out.line[i],
  }));
  return { rows, parsed, errors, layout };
}

describe('trade rows read from bytes', () => {
  it('gives exactly the values of the string parser (decimals, µs and ms, both spellings of a boolean)', () => {
    const lines = [
      '4000000001,94000.12345678,0.00012000,11.28001481,1735689600123456,True,True',
      '4000000002,0.00000001,12345.6789,1,1735689600999,false,True',
      '4000000003,1e2,0.1,10,1735689601000000,False,True',
      '4000000004,3.3,0,0, 1735689601000000,true,True',
      '9007199254740993,1.1,1,1,1735689601000000,True,True',
    ];
    const { rows, parsed, errors, layout } = parse('trades', `${lines.join('\r\n')}\r\n\n`);
    expect(rows).toBe(5);
    expect(errors.map((e) => e.message)).toEqual([
      'line 5, column id: "9007199254740993" is not a non-negative integer',
    ]);
    const expected = lines.slice(0, 4).map((text, i) => {
      const row = blank();
      parseTradeRow(text, i + 1, layout, row);
      return { ...row, firstTradeId: row.id, lastTradeId: row.id, line: i + 1 };
    });
    expect(parsed).toEqual(expected);
  });

  it('reads aggTrades with a header, and reports a bad row as the string parser words it', () => {
    const header = 'agg_trade_id,price,quantity,first_trade_id,last_trade_id,transact_time,is_buyer_maker';
    const good = '26129,0.01633102,4.70443515,27781,27783,1498793709153,true';
    const bad = '26130,12;5,1,27784,27784,1498793709154,false';
    const backwards = '26131,1.5,1,27790,27785,1498793709155,false';
    const { rows, parsed, errors, layout } = parse('aggTrades', [header, good, bad, backwards].join('\n'));
    expect(layout.hasHeader).toBe(true);
    expect(rows).toBe(3);
    expect(parsed).toEqual([{ ...parseAggTradeRow(good, 2, layout, blank()), line: 2 }]);
    expect(errors.map((e) => e.message)).toEqual([
      'line 3, column price: "12;5" is not a number',
      'line 4, column last_trade_id: "27785" is below first_trade_id (27790)',
    ]);
  });

  it('refuses a row with a column too many or too few, naming its line', () => {
    const { errors, parsed } = parse('trades', '1,2,3,4,5,True,True\n2,2,3,4,5,True\n3,2,3,4,5,True,True,9\n');
    expect(parsed.map((row) => row.id)).toEqual([1]);
    expect(errors.map((e) => [e.line, e.message.replace(/^.*" has /, '')])).toEqual([
      [2, "6 columns, the file's first row has 7"],
      [3, "8 columns, the file's first row has 7"],
    ]);
  });
});
