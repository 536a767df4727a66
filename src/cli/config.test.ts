import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configuredSessionProfiles, DEFAULTS, resolveStartConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-config-'));
const file = join(dir, 'tickscope.config.json');
writeFileSync(file, JSON.stringify({ source: 'sim', port: 9001, db: 'from-file.duckdb', simRate: 10 }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('session profiles of the config file', () => {
  it('reads sessionProfiles for start and for the sessions command', () => {
    const tokyo = { name: 'tokyo', tz: 'Asia/Tokyo', sessionStart: '09:00', ibMinutes: 120, minCoverage: 0.9 };
    writeFileSync(join(dir, 'sessions.json'), JSON.stringify({ sessionProfiles: [tokyo] }));
    const config = resolveStartConfig({ config: join(dir, 'sessions.json') }, {});
    expect(config.sessionProfiles).toEqual([
      { ...tokyo, description: 'Asia/Tokyo sessions', extensionLevels: [0.5, 1, 1.5, 2, 3] },
    ]);
    expect(configuredSessionProfiles(join(dir, 'sessions.json'))).toEqual(config.sessionProfiles);
  });

  it('names the file, the profile and the field of a bad profile', () => {
    const bad = { sessionProfiles: [{ name: 'x', tz: 'UTC', sessionStart: '25:00', ibMinutes: 60 }] };
    writeFileSync(join(dir, 'bad-sessions.json'), JSON.stringify(bad));
    expect(() => resolveStartConfig({ config: join(dir, 'bad-sessions.json') }, {})).toThrow(
      /"sessionProfiles" in .*bad-sessions\.json\[0\]: sessionStart must be a local time HH:MM/,
    );
  });
});

describe('resolveStartConfig', () => {
  it('uses the defaults when nothing is given', () => {
    expect(resolveStartConfig({ config: undefined }, {})).toEqual({ ...DEFAULTS, instrumentsGiven: false });
  });

  it('takes the WebSocket send bound from a flag or TICKSCOPE_WS_MAX_BUFFERED_BYTES', () => {
    expect(resolveStartConfig({}, { TICKSCOPE_WS_MAX_BUFFERED_BYTES: '1048576' }).wsMaxBufferedBytes).toBe(1_048_576);
    expect(resolveStartConfig({ wsMaxBufferedBytes: '65536' }, {}).wsMaxBufferedBytes).toBe(65_536);
  });

  it('layers flags over environment over file over defaults', () => {
    const config = resolveStartConfig(
      { config: file, port: '9003' },
      { TICKSCOPE_PORT: '9002', TICKSCOPE_DB: ':memory:', TICKSCOPE_INSTRUMENTS: 'btcusdt, binance-futures:ethusdt' },
    );
    expect(config).toMatchObject({
      source: 'sim',
      port: 9003,
      db: ':memory:',
      simRate: 10,
      instruments: ['binance:BTCUSDT', 'binance-futures:ETHUSDT'],
      host: '127.0.0.1',
    });
  });

  it('bounds the unwritten rows from a flag or the environment, with a default', () => {
    expect(resolveStartConfig({}, {}).storeMaxPendingRows).toBe(500_000);
    expect(resolveStartConfig({}, { TICKSCOPE_STORE_MAX_PENDING_ROWS: '20000' }).storeMaxPendingRows).toBe(20_000);
    expect(resolveStartConfig({ storeMaxPendingRows: '30000' }, {}).storeMaxPendingRows).toBe(30_000);
  });

  it('takes DuckDB limits from a flag, the environment or the file, as DuckDB sizes', () => {
    writeFileSync(join(dir, 'limits.json'), JSON.stringify({ dbMemoryLimit: '1GB', dbThreads: 4 }));
    expect(resolveStartConfig({ config: join(dir, 'limits.json') }, {})).toMatchObject({
      dbMemoryLimit: '1GB',
      dbThreads: 4,
    });
    expect(
      resolveStartConfig(
        { config: join(dir, 'limits.json'), dbThreads: '1' },
        { TICKSCOPE_DB_MEMORY_LIMIT: '512mb', TICKSCOPE_DB_THREADS: '3' },
      ),
    ).toMatchObject({ dbMemoryLimit: '512MB', dbThreads: 1 });
  });

  it.each([
    [{ dbMemoryLimit: '256' }, /db-memory-limit must be a size such as 256MB or 1GB .*got "256"/],
    [{ dbThreads: '0' }, /db-threads must be an integer from 1 to 256, got "0"/],
    [{ source: 'kraken' }, /source must be one of auto, binance, binance-futures, sim, none/],
    [{ port: '80000' }, /port must be an integer in \[0, 65535\]/],
    [{ simRate: 'fast' }, /sim-rate must be a number/],
    [{ instruments: 'binance:BTC-USD' }, /instruments: invalid instrument "binance:BTC-USD"/],
    [{ instruments: 'ftx:BTCUSDT' }, /unknown venue "ftx"/],
    [{ config: '/nonexistent/tickscope.json' }, /does not exist/],
    [{ storeMaxPendingRows: '10' }, /--store-max-pending-rows must be an integer in \[1000, 100000000\], got "10"/],
    [{ wsMaxBufferedBytes: '1000' }, /--ws-max-buffered-bytes must be an integer in \[65536, 1073741824\], got "1000"/],
    [{ logLevel: 'loud' }, /--log-level must be one of trace, debug, info, warn, error, fatal, silent, got "loud"/],
    [{ source: 'sim', instruments: 'sim:AAA,sim:XXX' }, /--instruments: .*it cannot stream sim:XXX/],
    [{ source: 'sim', instruments: 'sim:AAA' }, /--instruments: .*it cannot leave out sim:BBB, sim:CCC/],
    [{ source: 'sim', instruments: 'binance:BTCUSDT' }, /--source sim trades exactly sim:AAA, sim:BBB, sim:CCC/],
  ])('rejects %j with a message naming the field', (flags, message) => {
    expect(() => resolveStartConfig(flags, {})).toThrow(message);
  });

  it('names a bad value where it was given: the flag, the environment variable or the file key', () => {
    expect(() => resolveStartConfig({ port: 'x' }, {})).toThrow(/^--port must be an integer/);
    expect(() => resolveStartConfig({}, { TICKSCOPE_SIM_RATE: 'fast' })).toThrow(
      /^TICKSCOPE_SIM_RATE must be a number/,
    );
    const bad = join(dir, 'bad.config.json');
    writeFileSync(bad, JSON.stringify({ port: -1 }));
    expect(() => resolveStartConfig({ config: bad }, {})).toThrow(`"port" in ${bad} must be an integer in [0, 65535]`);
  });

  it('reads the log format and the simulated history as flag, environment or file values', () => {
    expect(resolveStartConfig({ logFormat: 'json', simHistoryMs: '90m' }, {})).toMatchObject({
      logFormat: 'json',
      simHistoryMs: 90 * 60_000,
    });
    expect(resolveStartConfig({}, { TICKSCOPE_LOG_FORMAT: 'pretty', TICKSCOPE_SIM_HISTORY: '0' })).toMatchObject({
      logFormat: 'pretty',
      simHistoryMs: 0,
    });
    expect(() => resolveStartConfig({ logFormat: 'yaml' }, {})).toThrow(/log-format must be one of auto, json, pretty/);
    expect(() => resolveStartConfig({ simHistoryMs: '24 hours' }, {})).toThrow(/sim-history must be a duration/);
    expect(() => resolveStartConfig({ simHistoryMs: '30d' }, {})).toThrow(/at most 7d, got "30d"/);
  });

  it('reads the daily sync switch and its cron schedule, refusing an expression that is not cron', () => {
    expect(resolveStartConfig({}, {})).toMatchObject({ sync: true, syncCron: '5 0 * * *' });
    expect(resolveStartConfig({ sync: false, syncCron: '30 2 * * 1' }, {})).toMatchObject({
      sync: false,
      syncCron: '30 2 * * 1',
    });
    expect(resolveStartConfig({}, { TICKSCOPE_SYNC: 'off', TICKSCOPE_SYNC_CRON: '0 */6 * * *' })).toMatchObject({
      sync: false,
      syncCron: '0 */6 * * *',
    });
    expect(() => resolveStartConfig({ syncCron: '61 0 * * *' }, {})).toThrow(
      /^--sync-cron: sync cron must be a cron expression such as "5 0 \* \* \*".*got "61 0 \* \* \*"/,
    );
    expect(() => resolveStartConfig({}, { TICKSCOPE_SYNC_CRON: '0 0 30 2 *' })).toThrow(
      /TICKSCOPE_SYNC_CRON: sync cron "0 0 30 2 \*" never fires/,
    );
  });
});
