// SQL for the range reads of the Store contract: `from` inclusive, `to` exclusive, rows always
// ascending; with a `limit`, ticks give the earliest rows and bars without `from` the latest.
import type { DuckDBValue } from '@duckdb/node-api';
import { TIMEFRAME_MS } from '../../domain/index.js';
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

/**
 * The bars the stored ticks of a range aggregate to, as the bar builder makes them (see
 * src/bars/bar-state.ts): open and close are the first and last trade by (ts, id). Sums are
 * compensated (fsum), so they may differ from the builder's running sums in the last bits.
 * Ordered aggregates (`sum(qty ORDER BY ts, id)`) would match those bit for bit, but sort every
 * bucket once per aggregate: a day of 5 M ticks took 32 s instead of 1.6 s.
 * `from`/`to` are widened to bucket starts so that no bucket is cut.
 */
export function barsFromTicksQuery(query: BarQuery): SqlQuery {
  const sizeMs = TIMEFRAME_MS[query.timeframe];
  const aligned = {
    from: query.from === undefined ? undefined : Math.floor(checkTime('from', query.from) / sizeMs) * sizeMs,
    to: query.to === undefined ? undefined : Math.ceil(checkTime('to', query.to) / sizeMs) * sizeMs,
  };
  const { where, params } = rangeFilter('ts', aligned, { instrument: query.instrument });
  params.sizeUs = sizeMs * 1000;
  const limit = limitClause(query.limit);
  const sql = `SELECT epoch_us(bucket)::DOUBLE / 1000, open, high, low, close, volume, quote_volume, trades::DOUBLE,
      buy_volume, CASE WHEN volume > 0 THEN quote_volume / volume ELSE close END
    FROM (
      SELECT make_timestamp(epoch_us(ts) // $sizeUs * $sizeUs) AS bucket,
        arg_min(price, (ts, id)) AS open, max(price) AS high, min(price) AS low, arg_max(price, (ts, id)) AS close,
        fsum(qty) AS volume, fsum(price * qty) AS quote_volume, count(*) AS trades,
        coalesce(fsum(qty) FILTER (WHERE NOT buyer_maker), 0) AS buy_volume
      FROM ticks WHERE ${where}
      GROUP BY bucket
    ) ORDER BY bucket${limit}`;
  return { sql, params };
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
