import { describe, expect, it } from 'vitest';
import { parseExportFlags } from './export-flags.js';

const env = {};

describe('export flags', () => {
  it('takes bars from --timeframe, the format from the file name and the venue from a bare symbol', () => {
    expect(
      parseExportFlags({ instrument: 'BTCUSDT', timeframe: '1h', from: '2024-01-01', out: 'btc.parquet' }, env),
    ).toMatchObject({
      table: 'bars',
      instrument: 'binance:BTCUSDT',
      timeframe: '1h',
      from: Date.UTC(2024, 0, 1),
      to: undefined,
      format: 'parquet',
      db: './data/tickscope.duckdb',
    });
  });

  it('reads ticks with --ticks, csv by default, the database from TICKSCOPE_DB', () => {
    expect(
      parseExportFlags({ instrument: 'binance-futures:ETHUSDT', ticks: true, out: 'eth' }, { TICKSCOPE_DB: '/d.db' }),
    ).toMatchObject({ table: 'ticks', format: 'csv', db: '/d.db' });
  });

  it.each([
    [{ out: 'x.csv' }, 'say what to export: --timeframe 1m (bars), --ticks, or --table ticks|bars|alerts|gaps'],
    [{ table: 'orders', out: 'x.csv' }, '--table "orders" is not one of ticks, bars, alerts, gaps'],
    [{ ticks: true, table: 'bars', out: 'x.csv' }, '--ticks contradicts --table bars'],
    [{ ticks: true, out: 'x.csv' }, '--instrument is required for ticks, e.g. --instrument binance:BTCUSDT'],
    [{ ticks: true, instrument: 'BTCUSDT' }, '--out is required'],
    [{ table: 'bars', instrument: 'BTCUSDT', out: 'x.csv' }, '--timeframe is required for bars'],
    [{ timeframe: '2m', instrument: 'BTCUSDT', out: 'x.csv' }, '--timeframe: '],
    [{ table: 'gaps', out: 'x.csv', format: 'xlsx' }, '--format "xlsx" is not one of csv, parquet, json'],
    [{ table: 'gaps', out: 'x.csv', tz: 'Berlin' }, '--tz "Berlin" is not an IANA time zone'],
    [{ table: 'gaps', out: 'x.csv', from: '2024-02-01', to: '2024-01-01' }, '--from (2024-02-01T00:00:00.000Z)'],
    [{ table: 'gaps', out: 'x.csv', server: 'localhost:8000' }, '--server "localhost:8000" is not an http(s) URL'],
  ])('refuses %j', (flags, message) => {
    expect(() => parseExportFlags(flags, env)).toThrow(message);
  });
});
