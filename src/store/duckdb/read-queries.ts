// SQL for the range reads of the Store contract: `from` inclusive, `to` exclusive, rows always
// ascending; with a `limit`, ticks give the earliest rows and bars without `from` the latest.
import type { DuckDBValue } from '@duckdb/node-api';
import type { BarQuery, TickQuery } from '../store.js';
import { BAR_SELECT, TICK_SELECT, timestampParam } from './row-mapping.js';

export interface SqlQuery {
  sql: string;
  params: Record<string, DuckDBValue>;
}

export function tickRangeQuery(query: TickQuery): SqlQuery {
  const { where, params } = rangeFilter('ts', query, { instrument: query.instrument });
  const limit = limitClause(query.limit);
  return { sql: `SELECT ${TICK_SELECT} FROM ticks WHERE ${where} ORDER BY ts, id${limit}`, params };
}

export function barRangeQuery(query: BarQuery): SqlQuery {
  const { where, params } = rangeFilter('start', query, { instrument: query.instrument, timeframe: query.timeframe });
  const filter = `FROM bars WHERE ${where} AND timeframe = $timeframe`;
  const limit = limitClause(query.limit);
  if (query.from === undefined && limit !== '') {
    // The latest bars: take them newest first, then put them back in ascending order.
    return { sql: `SELECT ${BAR_SELECT} FROM (SELECT * ${filter} ORDER BY start DESC${limit}) ORDER BY start`, params };
  }
  return { sql: `SELECT ${BAR_SELECT} ${filter} ORDER BY start${limit}`, params };
}

function rangeFilter(
  column: string,
  query: { from?: number; to?: number },
  params: Record<string, DuckDBValue>,
): { where: string; params: Record<string, DuckDBValue> } {
  const conditions = ['instrument = $instrument'];
  if (query.from !== undefined) {
    conditions.push(`${column} >= $from`);
    params.from = timestampParam(checkTime('from', query.from));
  }
  if (query.to !== undefined) {
    conditions.push(`${column} < $to`);
    params.to = timestampParam(checkTime('to', query.to));
  }
  return { where: conditions.join(' AND '), params };
}

function checkTime(field: string, value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${field} must be a finite epoch-ms number, got ${value}`);
  return value;
}

function limitClause(limit: number | undefined): string {
  if (limit === undefined) return '';
  if (!Number.isInteger(limit) || limit < 0) {
    throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
  }
  return ` LIMIT ${limit}`;
}
