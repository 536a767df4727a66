import { describe, expect, it } from 'vitest';
import type { ImportRecord } from '../api/data-types.ts';
import { barsWrittenText, importOutcome } from './import-outcome.ts';

const base: ImportRecord = {
  id: 'imp-1',
  fileName: 'bars.csv',
  instrument: 'csv:MYDATA',
  state: 'done',
  dryRun: false,
  bytes: 2048,
  rows: 30,
  startedAt: Date.UTC(2024, 2, 4),
  finishedAt: Date.UTC(2024, 2, 4, 0, 0, 1),
  timeframe: '1m',
  duplicates: 0,
  barsWritten: { '5m': 6, '1m': 30, '15m': 2 },
  first: Date.UTC(2024, 2, 4, 10),
  last: Date.UTC(2024, 2, 4, 10, 29),
  delimiter: ',',
  columns: { time: 'Date', close: 'Close' },
  error: null,
};

describe('import outcome', () => {
  it("counts the file's own timeframe and how many coarser ones it fed, whatever the key order", () => {
    expect(barsWrittenText(base)).toBe('30 1m bars (+ 2 coarser timeframes)');
    expect(barsWrittenText({ timeframe: '1d', barsWritten: { '1d': 1_250 } })).toBe('1,250 1d bars');
    expect(barsWrittenText({ timeframe: null, barsWritten: {} })).toBe('no bars');
  });

  it('tells a check from an import: a valid check would write, an import stored', () => {
    expect(importOutcome(base)).toEqual({
      kind: 'Import',
      state: 'stored',
      tone: 'ok',
      detail: '30 1m bars (+ 2 coarser timeframes)',
    });
    expect(importOutcome({ ...base, dryRun: true })).toMatchObject({
      kind: 'Check',
      state: 'valid',
      detail: 'would write 30 1m bars (+ 2 coarser timeframes)',
    });
  });

  it("shows a refused file by the server's message, and a running one by the rows read", () => {
    const message = 'line 12, column High: "x12" is not a number; nothing was stored';
    const failed = {
      ...base,
      state: 'failed' as const,
      barsWritten: {},
      error: { code: 'invalid_csv', message, problems: [], problemCount: 1 },
    };
    expect(importOutcome(failed)).toEqual({
      kind: 'Import',
      state: 'failed, nothing stored',
      tone: 'bad',
      detail: message,
    });
    expect(importOutcome({ ...failed, dryRun: true }).state).toBe('refused');
    expect(importOutcome({ ...base, state: 'validating', rows: 12_000, finishedAt: null })).toEqual({
      kind: 'Import',
      state: 'reading',
      tone: 'warn',
      detail: '12,000 rows read',
    });
    expect(importOutcome({ ...base, state: 'writing' }).state).toBe('storing');
  });
});
