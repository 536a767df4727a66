import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { ParquetWriter, toCsv, type Column } from './table-export.js';

interface Row {
  start: number;
  value: number | null;
  label: string | null;
  flag: boolean;
}

const columns: Column<Row>[] = [
  { name: 'start', kind: 'bigint', value: (r) => r.start },
  { name: 'value', kind: 'double', value: (r) => r.value },
  { name: 'label', kind: 'text', value: (r) => r.label },
  { name: 'flag', kind: 'boolean', value: (r) => r.flag },
];
const rows: Row[] = [
  { start: 1_704_110_400_000, value: 0.1 + 0.2, label: 'short_spread', flag: true },
  { start: 1_704_110_401_000, value: null, label: 'a "quoted", label', flag: false },
];

const writer = new ParquetWriter();
afterAll(() => writer.close());

describe('table export', () => {
  it('writes CSV with a header row, empty cells for nulls and round-trip numbers', () => {
    expect(toCsv(columns, rows)).toBe(
      'start,value,label,flag\n1704110400000,0.30000000000000004,short_spread,true\n1704110401000,,"a ' +
        '""quoted"", label",false\n',
    );
  });

  it('writes Parquet that DuckDB reads back with the same values and types', async () => {
    const { path, cleanup } = await writer.write(columns, rows);
    expect(readFileSync(path).subarray(0, 4).toString()).toBe('PAR1');
    const reader = await DuckDBInstance.create(':memory:');
    const connection = await reader.connect();
    const result = await connection.runAndReadAll(`SELECT * FROM read_parquet('${path}') ORDER BY start`);
    expect(result.getRowObjectsJS()).toEqual([
      { start: 1_704_110_400_000n, value: 0.30000000000000004, label: 'short_spread', flag: true },
      { start: 1_704_110_401_000n, value: null, label: 'a "quoted", label', flag: false },
    ]);
    connection.closeSync();
    reader.closeSync();
    await cleanup();
  });
});
