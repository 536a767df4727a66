import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations, MIGRATIONS, MigrationError, type Migration } from './migrations.js';
import { openStore } from './open-store.js';

let dir: string;
let instance: DuckDBInstance | null;

async function connect(path = ':memory:'): Promise<DuckDBConnection> {
  instance = await DuckDBInstance.create(path);
  return instance.connect();
}

async function rows(connection: DuckDBConnection, sql: string): Promise<unknown[][]> {
  return (await connection.runAndReadAll(sql)).getRowsJS();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tickscope-migrations-'));
  instance = null;
});

afterEach(() => {
  instance?.closeSync();
  rmSync(dir, { recursive: true, force: true });
});

const LATEST = MIGRATIONS[MIGRATIONS.length - 1].version;
const VERSIONS = MIGRATIONS.map((m) => m.version);
const extra: Migration = { version: LATEST + 1, name: 'add extra', statements: ['CREATE TABLE extra (id INTEGER)'] };

describe('applyMigrations', () => {
  it('applies each migration once and records it, leaving a reopened file as it was', async () => {
    const path = join(dir, 'm.duckdb');
    const store = await openStore({ path });
    store.appendTicks([{ instrument: 'sim:AAA', id: 1, ts: 1, price: 1, qty: 1, buyerMaker: true }]);
    await store.close();
    await (await openStore({ path })).close();

    const connection = await connect(path);
    const recorded = await rows(connection, 'SELECT version, name FROM schema_migrations ORDER BY version');
    expect(recorded).toEqual(MIGRATIONS.map((m) => [m.version, m.name]));
    expect(await rows(connection, 'SELECT count(*)::INTEGER FROM ticks')).toEqual([[1]]);
    expect(await applyMigrations(connection)).toEqual([]);
  });

  it('applies only the migrations newer than the database', async () => {
    const connection = await connect();
    expect(await applyMigrations(connection)).toEqual(VERSIONS);
    expect(await applyMigrations(connection, [...MIGRATIONS, extra])).toEqual([LATEST + 1]);
    expect(await rows(connection, 'SELECT count(*)::INTEGER FROM extra')).toEqual([[0]]);
  });

  it('rolls back a failing migration entirely and names it', async () => {
    const connection = await connect();
    await applyMigrations(connection);
    const broken: Migration = {
      version: LATEST + 1,
      name: 'half done',
      statements: ['CREATE TABLE half (id INTEGER)', 'SELECT * FROM nowhere'],
    };
    await expect(applyMigrations(connection, [...MIGRATIONS, broken])).rejects.toThrow(
      `migration ${LATEST + 1} "half done" failed`,
    );
    expect(await rows(connection, "SELECT count(*)::INTEGER FROM duckdb_tables() WHERE table_name = 'half'")).toEqual([
      [0],
    ]);
    expect(await rows(connection, 'SELECT max(version) FROM schema_migrations')).toEqual([[LATEST]]);
  });

  it('refuses a database written by a newer schema', async () => {
    const connection = await connect();
    await applyMigrations(connection, [...MIGRATIONS, extra]);
    await expect(applyMigrations(connection)).rejects.toThrow(MigrationError);
    await expect(applyMigrations(connection)).rejects.toThrow(
      `version ${LATEST + 1} but this tickscope knows versions up to ${LATEST}`,
    );
  });

  it('fills the instrument summary (3) from the ticks and bars a version-2 database holds', async () => {
    const connection = await connect();
    await applyMigrations(
      connection,
      MIGRATIONS.filter((m) => m.version <= 2),
    );
    await connection.run(`INSERT INTO ticks VALUES
      ('binance:BTCUSDT', 7, make_timestamp(1000000), 1, 1, true, NULL),
      ('binance:BTCUSDT', 9, make_timestamp(3000500), 1, 1, false, NULL),
      ('binance:ETHUSDT', 4, make_timestamp(2000000), 1, 1, true, NULL)`);
    await connection.run(
      `INSERT INTO bars VALUES ('sim:AAA', '1m', make_timestamp(0), 1, 1, 1, 1, 1, 1, 1, 1, 1), ` +
        `('binance:ETHUSDT', '1m', make_timestamp(0), 1, 1, 1, 1, 1, 1, 1, 1, 1)`,
    );
    expect(await applyMigrations(connection)).toEqual(VERSIONS.filter((v) => v > 2));
    expect(
      await rows(
        connection,
        'SELECT instrument, ticks::INTEGER, epoch_us(first_ts)::INTEGER, epoch_us(last_ts)::INTEGER, ' +
          'last_trade_id::INTEGER, has_bars FROM instrument_summary ORDER BY instrument',
      ),
    ).toEqual([
      ['binance:BTCUSDT', 2, 1000000, 3000500, 9, false],
      ['binance:ETHUSDT', 1, 2000000, 2000000, 4, true],
      ['sim:AAA', 0, null, null, null, true],
    ]);
  });
});
