import { afterEach, describe, expect, it, vi } from 'vitest';
import { barsExportUrl, fetchSync, importProblems, importUrl } from './data-api.ts';
import { ApiError } from './http.ts';

describe('data api addresses', () => {
  it('sends the mapping, the options and dryRun as query parameters, leaving out the empty ones', () => {
    const url = new URL(
      importUrl({
        instrument: 'csv:MYDATA',
        map: 'time=Date,close=Adj Close',
        timeFormat: '',
        delimiter: ';',
        onDuplicate: 'last',
        dryRun: true,
      }),
      'http://localhost',
    );
    expect(url.pathname).toBe('/api/v1/imports');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      instrument: 'csv:MYDATA',
      map: 'time=Date,close=Adj Close',
      delimiter: ';',
      onDuplicate: 'last',
      dryRun: 'true',
    });
  });

  it('exports bars of a range as CSV with UTC times, Parquet without a zone', () => {
    const request = {
      instrument: 'csv:MYDATA',
      timeframe: '1m' as const,
      from: Date.UTC(2024, 0, 2),
      to: Date.UTC(2024, 0, 3),
      format: 'csv' as const,
    };
    const csv = new URL(barsExportUrl(request), 'http://localhost');
    expect(Object.fromEntries(csv.searchParams)).toEqual({
      instrument: 'csv:MYDATA',
      timeframe: '1m',
      from: String(Date.UTC(2024, 0, 2)),
      to: String(Date.UTC(2024, 0, 3)),
      format: 'csv',
      tz: 'UTC',
    });
    const parquet = new URL(barsExportUrl({ ...request, format: 'parquet' }), 'http://localhost');
    expect(parquet.searchParams.has('tz')).toBe(false);
  });

  it("reads the refused rows from the server's error details", () => {
    const problems = [{ line: 1043, column: 'high', value: '12,5', message: 'is not a number' }];
    expect(importProblems(new ApiError(422, 'invalid_csv', 'bad rows', { problems }))).toEqual(problems);
    expect(importProblems(new ApiError(400, 'bad_request', 'no file'))).toEqual([]);
    expect(importProblems(new Error('boom'))).toEqual([]);
  });
});

describe('sync state', () => {
  afterEach(() => vi.unstubAllGlobals());

  function answer(status: number, body: unknown) {
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status }));
  }

  it('says why a server without a Binance source has no sync, instead of failing', async () => {
    const message = 'the daily sync needs a Binance source; the running source is sim';
    answer(409, { error: { code: 'not_supported', message } });
    expect(await fetchSync()).toEqual({ unavailable: message });
  });

  it('still fails on other errors', async () => {
    answer(500, { error: { code: 'internal', message: 'store closed' } });
    await expect(fetchSync()).rejects.toThrow('store closed');
  });
});
