// Tables served as files: CSV (header row, empty cells for nulls, numbers in shortest round-trip
// form) or Parquet, written by DuckDB `COPY … TO … (FORMAT parquet)` from a private in-memory
// instance (never the store's database) and streamed back with a filename.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBAppender } from '@duckdb/node-api';
import type { FastifyReply } from 'fastify';
import { withLocalTime } from './local-time.js';

export const EXPORT_FORMATS = ['json', 'csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ColumnKind = 'double' | 'bigint' | 'text' | 'boolean';

export interface Column<Row> {
  name: string;
  kind: ColumnKind;
  value: (row: Row) => number | string | boolean | null | undefined;
}

const SQL_TYPES: Record<ColumnKind, string> = {
  double: 'DOUBLE',
  bigint: 'BIGINT',
  text: 'VARCHAR',
  boolean: 'BOOLEAN',
};

function csvCell(value: number | string | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => csvCell(c.name)).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(','));
  return `${lines.join('\n')}\n`;
}

function appendCell(
  appender: DuckDBAppender,
  kind: ColumnKind,
  value: number | string | boolean | null | undefined,
): void {
  if (value === null || value === undefined) {
    appender.appendNull();
    return;
  }
  switch (kind) {
    case 'double':
      appender.appendDouble(Number(value));
      return;
    case 'bigint':
      appender.appendBigInt(BigInt(Math.round(Number(value))));
      return;
    case 'boolean':
      appender.appendBoolean(Boolean(value));
      return;
    case 'text':
      appender.appendVarchar(String(value));
      return;
  }
}

/** Writes Parquet files through one lazily opened in-memory DuckDB instance. */
export class ParquetWriter {
  private instance: Promise<DuckDBInstance> | undefined;
  private tables = 0;

  /** Writes the table to a temporary file; `cleanup` removes it. */
  async write<Row>(
    columns: readonly Column<Row>[],
    rows: readonly Row[],
  ): Promise<{ path: string; cleanup: () => Promise<void> }> {
    this.instance ??= DuckDBInstance.create(':memory:');
    const connection = await (await this.instance).connect();
    const dir = await mkdtemp(join(tmpdir(), 'tickscope-export-'));
    const cleanup = () => rm(dir, { recursive: true, force: true });
    const table = `export_${++this.tables}`;
    try {
      const definition = columns.map((c) => `"${c.name.replace(/"/g, '""')}" ${SQL_TYPES[c.kind]}`).join(', ');
      await connection.run(`CREATE TABLE ${table} (${definition})`);
      const appender = await connection.createAppender(table);
      for (const row of rows) {
        for (const column of columns) appendCell(appender, column.kind, column.value(row));
        appender.endRow();
      }
      appender.closeSync();
      const path = join(dir, 'table.parquet');
      await connection.run(`COPY ${table} TO '${path.replace(/'/g, "''")}' (FORMAT parquet)`);
      return { path, cleanup };
    } catch (error) {
      await cleanup();
      throw error;
    } finally {
      await connection.run(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
      connection.closeSync();
    }
  }

  async close(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    if (instance) (await instance).closeSync();
  }
}

/**
 * Sends the table as a CSV or Parquet download named `<basename>.<ext>`. With `localTime`, a `time`
 * column shows its epoch-ms column as ISO 8601 in the zone (see local-time.ts).
 */
export async function sendTable<Row>(
  reply: FastifyReply,
  writer: ParquetWriter,
  format: 'csv' | 'parquet',
  basename: string,
  tableColumns: readonly Column<Row>[],
  rows: readonly Row[],
  localTime?: { tz: string | undefined; epochColumn: string },
): Promise<FastifyReply> {
  const columns =
    localTime === undefined ? tableColumns : withLocalTime(tableColumns, localTime.epochColumn, localTime.tz);
  const safe = basename.replace(/[^A-Za-z0-9._-]+/g, '_');
  if (format === 'csv') {
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${safe}.csv"`)
      .send(toCsv(columns, rows));
  }
  const { path, cleanup } = await writer.write(columns, rows);
  const stream = createReadStream(path);
  stream.on('close', () => void cleanup());
  return reply
    .type('application/vnd.apache.parquet')
    .header('content-disposition', `attachment; filename="${safe}.parquet"`)
    .send(stream);
}
