import { describe, expect, it } from 'vitest';
import {
  columnsUsedTwice,
  guessMapping,
  keptMapping,
  instrumentFromFileName,
  mappingParam,
  missingFields,
  parseCsvPreview,
  splitCsvLine,
} from './csv-preview.ts';

describe('csv preview', () => {
  it('reads the header and the first rows, leaving out the unfinished last line of a slice', () => {
    const preview = parseCsvPreview('Date,Open,Close\n2024-01-02,1.5,1.6\n2024-01-03,1.6,1.7\n2024-01-0', 8);
    expect(preview.delimiter).toBe(',');
    expect(preview.header).toEqual(['Date', 'Open', 'Close']);
    expect(preview.rows).toEqual([
      ['2024-01-02', '1.5', '1.6'],
      ['2024-01-03', '1.6', '1.7'],
    ]);
  });

  it('takes ; as the delimiter when it splits the header further, with decimal commas in the rows', () => {
    const preview = parseCsvPreview('time;open;close\r\n1704153600;12,5;13,0\r\n');
    expect(preview.delimiter).toBe(';');
    expect(preview.rows).toEqual([['1704153600', '12,5', '13,0']]);
  });

  it('takes a tab as the delimiter of a tab-separated header', () => {
    expect(parseCsvPreview('time\topen\tclose\n1\t2\t3\n')).toEqual({
      delimiter: '\t',
      header: ['time', 'open', 'close'],
      rows: [['1', '2', '3']],
    });
  });

  it('stops at maxRows and skips blank lines and a byte-order mark', () => {
    const text = `\uFEFFtime,close\n\n${Array.from({ length: 20 }, (_, i) => `${i},${i}`).join('\n')}\n`;
    const preview = parseCsvPreview(text, 3);
    expect(preview.header).toEqual(['time', 'close']);
    expect(preview.rows.map((row) => row[0])).toEqual(['0', '1', '2']);
  });

  it('keeps delimiters and doubled quotes inside quoted cells', () => {
    expect(splitCsvLine('"a,b", "say ""hi""" ,c', ',')).toEqual(['a,b', 'say "hi"', 'c']);
  });

  it("finds columns by the server's names, ignoring case, and leaves the others unmapped", () => {
    const mapping = guessMapping(['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Qty']);
    expect(mapping).toMatchObject({ time: 'Date', open: 'Open', close: 'Close', volume: null, trades: null });
    expect(missingFields(mapping)).toEqual(['volume']);
    expect(guessMapping(['open_time', 'volume']).time).toBe('open_time');
  });

  it('writes every mapped field into the map parameter, in field order', () => {
    const mapping = { ...guessMapping(['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Qty']) };
    mapping.close = 'Adj Close';
    mapping.volume = 'Qty';
    expect(mappingParam(mapping)).toBe('time=Date,open=Open,high=High,low=Low,close=Adj Close,volume=Qty');
    expect(missingFields(mapping)).toEqual([]);
  });

  it('keeps the mapping for a next file that has all its columns, and only then', () => {
    const mapping = { ...guessMapping(['Date', 'Close', 'Qty']), volume: 'Qty' };
    expect(keptMapping(mapping, ['Date', 'Close', 'Qty', 'Extra'])).toBe(mapping);
    expect(keptMapping(mapping, ['Date', 'Close', 'Volume'])).toBeNull();
    expect(keptMapping(null, ['Date'])).toBeNull();
  });

  it('names a column mapped to two fields', () => {
    const mapping = guessMapping(['time', 'open', 'high', 'low', 'close', 'volume']);
    mapping.high = 'open';
    expect(columnsUsedTwice(mapping)).toEqual(['open']);
  });

  it('proposes an instrument id from the file name that the server accepts', () => {
    expect(instrumentFromFileName('btc-daily 2024.csv')).toBe('csv:BTCDAILY2024');
    expect(instrumentFromFileName('x.csv')).toBe('csv:UPLOAD');
    expect(instrumentFromFileName(`${'a'.repeat(40)}.csv`)).toBe(`csv:${'A'.repeat(30)}`);
  });
});
