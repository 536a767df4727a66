// The columns of session rows as a table (CSV and Parquet downloads, `tickscope sessions --format csv`),
// in the order of the row's fields.
import type { SessionRow } from '../../analytics/sessions/index.js';
import type { Column } from '../export/table-export.js';

const ROW_FIELDS: readonly (keyof SessionRow)[] = [
  'date',
  'weekday',
  'start',
  'end',
  'coverage',
  'open',
  'high',
  'low',
  'close',
  'ibHigh',
  'ibLow',
  'ibRange',
  'breakUp',
  'breakDown',
  'breakUpMinute',
  'breakDownMinute',
  'firstBreak',
  'falseBreakUp',
  'falseBreakDown',
  'extUp',
  'extDown',
  'rangeRatio',
  'dayType',
  'highMinute',
  'lowMinute',
];
const KIND: Partial<Record<keyof SessionRow, Column<SessionRow>['kind']>> = {
  date: 'text',
  firstBreak: 'text',
  dayType: 'text',
  weekday: 'bigint',
  start: 'bigint',
  end: 'bigint',
  breakUp: 'boolean',
  breakDown: 'boolean',
  falseBreakUp: 'boolean',
  falseBreakDown: 'boolean',
  breakUpMinute: 'bigint',
  breakDownMinute: 'bigint',
  highMinute: 'bigint',
  lowMinute: 'bigint',
};
export const SESSION_COLUMNS: Column<SessionRow>[] = ROW_FIELDS.map((name) => ({
  name,
  kind: KIND[name] ?? 'double',
  value: (row) => row[name],
}));
