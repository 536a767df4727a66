import { describe, expect, it } from 'vitest';
import { guessMapping } from './csv-preview.ts';
import { draftKey, draftProblems, draftRequest, type ImportDraft } from './import-draft.ts';

const file = new File(['Date,Open,High,Low,Close,Qty\n'], 'prices.csv', { lastModified: 1 });

function draft(patch: Partial<ImportDraft> = {}): ImportDraft {
  return {
    file,
    instrument: 'csv:PRICES',
    timeframe: '',
    timeFormat: '',
    delimiter: ',',
    onDuplicate: 'error',
    mapping: { ...guessMapping(['Date', 'Open', 'High', 'Low', 'Close', 'Qty']), volume: 'Qty' },
    ...patch,
  };
}

describe('import draft', () => {
  it('is ready when a file, a valid instrument and every required column are there', () => {
    expect(draftProblems(draft())).toEqual([]);
  });

  it('says what is missing: the file, a valid instrument, a column, a column used twice', () => {
    const mapping = { ...guessMapping(['Date', 'Open', 'High', 'Low', 'Close']), high: 'Open' };
    expect(draftProblems(draft({ file: null, instrument: 'prices', mapping }))).toEqual([
      'Choose a CSV file.',
      'Instrument "prices" is not venue:SYMBOL (symbol of 2-30 letters or digits).',
      'Choose the column for volume.',
      'Column Open is mapped to more than one field.',
    ]);
  });

  it('sends the explicit mapping and only the options that differ from the defaults', () => {
    const request = draftRequest({ ...draft(), file }, true);
    expect(request).toEqual({
      file,
      instrument: 'csv:PRICES',
      timeframe: undefined,
      map: 'time=Date,open=Open,high=High,low=Low,close=Close,volume=Qty',
      timeFormat: undefined,
      delimiter: ',',
      onDuplicate: undefined,
      dryRun: true,
    });
    expect(draftRequest({ ...draft({ onDuplicate: 'last', timeframe: '1h' }), file }, false)).toMatchObject({
      onDuplicate: 'last',
      timeframe: '1h',
      dryRun: false,
    });
  });

  it('changes its key with any setting, the mapping or the file, and only then', () => {
    const base = draftKey(draft());
    expect(draftKey(draft())).toBe(base);
    expect(draftKey(draft({ instrument: 'csv:OTHER' }))).not.toBe(base);
    expect(draftKey(draft({ mapping: { ...draft().mapping!, close: 'Open' } }))).not.toBe(base);
    expect(draftKey(draft({ file: new File(['x'], 'prices.csv', { lastModified: 2 }) }))).not.toBe(base);
  });
});
