// Versioned schema of the embedded store. Migrations are append-only: never edit one that has
// shipped, add the next version instead. Each runs in its own transaction together with its
// row in schema_migrations, so a crash leaves the schema at a known version.
import type { DuckDBConnection } from '@duckdb/node-api';

export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'create ticks, bars and settings',
    statements: [
      // No primary key on ticks: an ART index makes appends ~10x slower, and duplicates are
      // already dropped by the per-instrument trade-id high-water mark before writing.
      // ts and received_at are TIMESTAMP (µs): as fast to append as DOUBLE epoch-ms (the value
      // is converted from DOUBLE inside DuckDB during the staging copy) and ~40% smaller on disk.
      `CREATE TABLE ticks (
        instrument VARCHAR NOT NULL,
        id BIGINT NOT NULL,
        ts TIMESTAMP NOT NULL,
        price DOUBLE NOT NULL,
        qty DOUBLE NOT NULL,
        buyer_maker BOOLEAN NOT NULL,
        received_at TIMESTAMP
      )`,
      `CREATE TABLE bars (
        instrument VARCHAR NOT NULL,
        timeframe VARCHAR NOT NULL,
        start TIMESTAMP NOT NULL,
        open DOUBLE NOT NULL,
        high DOUBLE NOT NULL,
        low DOUBLE NOT NULL,
        close DOUBLE NOT NULL,
        volume DOUBLE NOT NULL,
        quote_volume DOUBLE NOT NULL,
        trades BIGINT NOT NULL,
        buy_volume DOUBLE NOT NULL,
        vwap DOUBLE NOT NULL,
        PRIMARY KEY (instrument, timeframe, start)
      )`,
      `CREATE TABLE settings (
        key VARCHAR PRIMARY KEY,
        value JSON NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: 'create alert rules and events',
    statements: [
      // Rules and events are JSON documents owned by src/alerts; the columns beside them are the
      // ones queries filter on. Rules are few (thousands) and read whole at start.
      `CREATE TABLE alert_rules (
        id VARCHAR PRIMARY KEY,
        rule JSON NOT NULL,
        state JSON NOT NULL,
        saved_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
      )`,
      `CREATE TABLE alert_events (
        id VARCHAR PRIMARY KEY,
        rule_id VARCHAR NOT NULL,
        severity VARCHAR NOT NULL,
        fired_at TIMESTAMP NOT NULL,
        webhook_status VARCHAR,
        event JSON NOT NULL
      )`,
    ],
  },
  {
    version: 3,
    name: 'summarise ticks and bars per instrument',
    statements: [
      // Kept current by every flush, in the flush's transaction, so that listing the instruments
      // (at every start, and by the API) and finding an instrument's last trade id read one
      // small row each instead of scanning every stored tick and bar.
      `CREATE TABLE instrument_summary (
        instrument VARCHAR PRIMARY KEY,
        ticks BIGINT NOT NULL,
        first_ts TIMESTAMP,
        last_ts TIMESTAMP,
        last_trade_id BIGINT,
        has_bars BOOLEAN NOT NULL
      )`,
      `INSERT INTO instrument_summary
        SELECT coalesce(t.instrument, b.instrument), coalesce(t.ticks, 0), t.first_ts, t.last_ts, t.last_trade_id,
          b.instrument IS NOT NULL
        FROM (
          SELECT instrument, count(*) AS ticks, min(ts) AS first_ts, max(ts) AS last_ts, max(id) AS last_trade_id
          FROM ticks GROUP BY instrument
        ) t
        FULL OUTER JOIN (SELECT DISTINCT instrument FROM bars) b ON b.instrument = t.instrument`,
    ],
  },
  {
    version: 4,
    name: 'record kline ranges the exchange has no data for',
    statements: [
      // Written by the daily sync (src/ingest/sync): bucket ranges it asked Binance for whose
      // buckets without a stored bar had no kline with trades (before a listing, during a
      // maintenance or delisting, or no trade at all), so that no later sync asks for them again.
      // Ranges of one instrument and timeframe never overlap (the sync only marks buckets it asked
      // for, and never asks for marked ones), so coverage can sum their overlap with a gap.
      `CREATE TABLE kline_no_data (
        instrument VARCHAR NOT NULL,
        timeframe VARCHAR NOT NULL,
        from_ts TIMESTAMP NOT NULL,
        to_ts TIMESTAMP NOT NULL,
        marked_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (instrument, timeframe, from_ts)
      )`,
    ],
  },
  {
    version: 5,
    name: 'store instrument metadata',
    statements: [
      // What the exchange says about an instrument (or what was inferred from its prices), one row
      // per instrument, replaced whenever it is fetched again.
      `CREATE TABLE instrument_meta (
        instrument VARCHAR PRIMARY KEY,
        tick_size DOUBLE,
        step_size DOUBLE,
        base_asset VARCHAR,
        quote_asset VARCHAR,
        status VARCHAR,
        price_decimals INTEGER NOT NULL,
        source VARCHAR NOT NULL,
        updated_at TIMESTAMP NOT NULL
      )`,
    ],
  },
  {
    version: 6,
    name: 'create session rows',
    statements: [
      // Per-session statistics (src/analytics/sessions) as JSON documents, one per (instrument,
      // profile, session start), with the definitions they were computed with and a checksum of the
      // session's 1m bars at that time: a row whose bars no longer give the same checksum is stale.
      `CREATE TABLE session_rows (
        instrument VARCHAR NOT NULL,
        profile VARCHAR NOT NULL,
        start DOUBLE NOT NULL,
        "end" DOUBLE NOT NULL,
        date VARCHAR NOT NULL,
        definitions_version INTEGER NOT NULL,
        definition VARCHAR NOT NULL,
        skip_reason VARCHAR,
        row JSON,
        bar_checksum VARCHAR NOT NULL,
        computed_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
        PRIMARY KEY (instrument, profile, start)
      )`,
    ],
  },
];

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/** Applies every migration newer than the database's version; returns the versions applied. */
export async function applyMigrations(
  connection: DuckDBConnection,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  await connection.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp
  )`);
  const reader = await connection.runAndReadAll('SELECT max(version) FROM schema_migrations');
  const current = (reader.getColumns()[0][0] as number | null) ?? 0;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new MigrationError(
      `database schema is at version ${current} but this tickscope knows versions up to ${latest}; upgrade ` +
        'tickscope to open it',
    );
  }
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements) await connection.run(statement);
      await connection.run('INSERT INTO schema_migrations (version, name) VALUES ($version, $name)', {
        version: migration.version,
        name: migration.name,
      });
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => {});
      throw new MigrationError(`migration ${migration.version} "${migration.name}" failed: ${String(error)}`, {
        cause: error,
      });
    }
    applied.push(migration.version);
  }
  return applied;
}
