import { describe, expect, it } from 'vitest';
import { previewCsv } from './ohlcv-csv-preview.js';

const CSV = [
  'Date;Open;High;Low;Close;Adj Close;Volume',
  '2024-01-02;10;12;9;11;10,5;1000',
  '2024-01-03;11;13;10;12;11,5;1500',
  '2024-01-04;12;12,5;11;11;11;900',
  '2024-01-05;12;12',
].join('\n');

describe('previewCsv', () => {
  it('shows delimiter, columns, first rows, timeframe and problems before anything is stored', () => {
    const preview = previewCsv(CSV, { instrument: 'csv:MYDATA' });
    expect(preview.delimiter).toBe(';');
    expect(preview.header).toEqual(['Date', 'Open', 'High', 'Low', 'Close', 'Adj Close', 'Volume']);
    expect(preview.columns).toMatchObject({ time: 'Date', close: 'Close', quote_volume: null });
    // The last line has no line break: it may be cut, so it is left out.
    expect(preview.rowsRead).toBe(3);
    expect(preview.rows[0]).toEqual({ line: 2, fields: ['2024-01-02', '10', '12', '9', '11', '10,5', '1000'] });
    expect(preview.bars.map((b) => b.close)).toEqual([11, 12]);
    expect(preview.timeframe).toBe('1d');
    expect(preview.problems).toEqual([{ line: 4, column: 'High', value: '12,5', message: 'is not a number' }]);
  });

  it('follows a mapping, and names a mapped column the header does not have', () => {
    const mapped = previewCsv(CSV, { instrument: 'csv:MYDATA', map: 'close=Adj Close' });
    expect(mapped.columns.close).toBe('Adj Close');
    expect(mapped.problems.map((p) => [p.line, p.column])).toEqual([
      [2, 'Adj Close'],
      [3, 'Adj Close'],
      [4, 'High'],
    ]);
    const wrong = previewCsv(CSV, { instrument: 'csv:MYDATA', map: 'close=Adjusted' });
    expect(wrong.problems[0]).toMatchObject({
      line: 1,
      column: 'Adjusted',
      message: expect.stringMatching(/no such column/),
    });
  });
});
