// What the store holds of each instrument and timeframe, computed in SQL: first and last bar,
// count, and the gaps as runs of missing buckets, found with one `lag` window over the bar starts
// (a year of 1m bars is 525,600 rows: one sorted pass, no bucket series generated). Also the
// ranges the exchange has no klines for (kline_no_data, migration 4), which the daily sync
// records so it never asks for them again, and which coverage subtracts from what is fillable.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { TIMEFRAME_MS, TIMEFRAMES, type InstrumentId, type Timeframe } from '../../domain/index.js';
import type { BarCoverage, BarCoverageDetail, BarGap, NoKlineDataRange, TimeRange } from '../store.js';

interface CoverageFilter {
  instrument?: InstrumentId;
  timeframe?: Timeframe;
}

const SIZES = TIMEFRAMES.map((tf) => `('${tf}', ${TIMEFRAME_MS[tf]})`).join(', ');

/**
 * The common table expressions: `b` the bar starts with the previous one, `g` the gaps, `gs` the
 * gaps with how many of their buckets lie in no-data ranges (which never overlap each other, so
 * the sum of overlaps is exact).
 */
function coverageCtes(filter: CoverageFilter): { sql: string; params: Record<string, DuckDBValue> } {
  const conditions: string[] = [];
  const params: Record<string, DuckDBValue> = {};
  if (filter.instrument !== undefined) {
    conditions.push('instrument = $instrument');
    params.instrument = filter.instrument;
  }
  if (filter.timeframe !== undefined) {
    conditions.push('timeframe = $timeframe');
    params.timeframe = filter.timeframe;
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const sql = `WITH sizes(timeframe, size) AS (VALUES ${SIZES}),
    b AS (
      SELECT instrument, timeframe, epoch_ms(start) AS s, size,
        lag(epoch_ms(start)) OVER (PARTITION BY instrument, timeframe ORDER BY start) AS prev
      FROM (SELECT instrument, timeframe, start FROM bars ${where}) JOIN sizes USING (timeframe)
    ),
    g AS (SELECT instrument, timeframe, prev + size AS f, s AS t, size FROM b WHERE s - prev > size),
    nd AS (SELECT instrument, timeframe, epoch_ms(from_ts) AS f, epoch_ms(to_ts) AS t FROM kline_no_data ${where}),
    gs AS (
      SELECT g.instrument, g.timeframe, g.f, g.t, (g.t - g.f) // g.size AS missing,
        -- least/greatest skip NULLs, so a gap without a no-data range must be told apart.
        coalesce(sum(CASE WHEN nd.f IS NULL THEN 0 ELSE least(g.t, nd.t) - greatest(g.f, nd.f) END), 0) // g.size
          AS no_data
      FROM g LEFT JOIN nd
        ON nd.instrument = g.instrument AND nd.timeframe = g.timeframe AND nd.f < g.t AND nd.t > g.f
      GROUP BY g.instrument, g.timeframe, g.f, g.t, g.size
    )`;
  return { sql, params };
}

export async function readBarCoverage(connection: DuckDBConnection, filter: CoverageFilter): Promise<BarCoverage[]> {
  const { sql, params } = coverageCtes(filter);
  const result = await connection.runAndReadAll(
    `${sql},
    agg AS (
      SELECT instrument, timeframe, min(s) AS first, max(s) AS last, count(*) AS n, any_value(size) AS size
      FROM b GROUP BY instrument, timeframe
    ),
    gap_totals AS (
      SELECT instrument, timeframe, count(*) AS gaps, sum(missing) AS missing, sum(no_data) AS no_data
      FROM gs GROUP BY instrument, timeframe
    )
    SELECT a.instrument, a.timeframe, a.first::DOUBLE, a.last::DOUBLE, a.n::DOUBLE,
      ((a.last - a.first) // a.size + 1)::DOUBLE, coalesce(t.gaps, 0)::DOUBLE, coalesce(t.missing, 0)::DOUBLE,
      coalesce(t.no_data, 0)::DOUBLE
    FROM agg a LEFT JOIN gap_totals t USING (instrument, timeframe)
    ORDER BY a.instrument, a.size`,
    params,
  );
  return result.getRows().map(([instrument, timeframe, first, last, count, expected, gaps, missing, noData]) => ({
    instrument: instrument as string,
    timeframe: timeframe as Timeframe,
    first: first as number,
    last: last as number,
    count: count as number,
    expected: expected as number,
    gapCount: gaps as number,
    missingBars: missing as number,
    noDataBars: noData as number,
  }));
}

export async function readBarCoverageDetail(
  connection: DuckDBConnection,
  instrument: InstrumentId,
  timeframe: Timeframe,
  maxGaps: number,
): Promise<BarCoverageDetail> {
  if (!Number.isInteger(maxGaps) || maxGaps < 0)
    throw new RangeError(`maxGaps must be a non-negative integer, got ${maxGaps}`);
  const [summary] = await readBarCoverage(connection, { instrument, timeframe });
  const empty: BarCoverage = {
    instrument,
    timeframe,
    first: null,
    last: null,
    count: 0,
    expected: 0,
    gapCount: 0,
    missingBars: 0,
    noDataBars: 0,
  };
  if (summary === undefined || summary.gapCount === 0 || maxGaps === 0) return { ...(summary ?? empty), gaps: [] };
  const { sql, params } = coverageCtes({ instrument, timeframe });
  const result = await connection.runAndReadAll(
    `${sql}
    SELECT f::DOUBLE, t::DOUBLE, missing::DOUBLE, no_data::DOUBLE FROM gs ORDER BY missing DESC, f LIMIT ${maxGaps}`,
    params,
  );
  const gaps: BarGap[] = result.getRows().map(([from, to, missingBars, noDataBars]) => ({
    from: from as number,
    to: to as number,
    missingBars: missingBars as number,
    noDataBars: noDataBars as number,
  }));
  gaps.sort((a, b) => a.from - b.from);
  return { ...summary, gaps };
}

export async function readBarGaps(
  connection: DuckDBConnection,
  instrument: InstrumentId,
  timeframe: Timeframe,
): Promise<TimeRange[]> {
  const { sql, params } = coverageCtes({ instrument, timeframe });
  const result = await connection.runAndReadAll(`${sql} SELECT f::DOUBLE, t::DOUBLE FROM g ORDER BY f`, params);
  return result.getRows().map(([from, to]) => ({ from: from as number, to: to as number }));
}

function checkRange(range: NoKlineDataRange, index: number): void {
  for (const field of ['from', 'to'] as const) {
    if (!Number.isSafeInteger(range[field]))
      throw new RangeError(`no-data range ${index}: ${field} must be an integer epoch ms, got ${range[field]}`);
  }
  if (range.from >= range.to)
    throw new RangeError(`no-data range ${index}: from (${range.from}) must be before to (${range.to})`);
}

/** One INSERT of the whole batch (a JSON array unpacked by DuckDB): all ranges are recorded, or none. */
export async function insertNoKlineData(
  connection: DuckDBConnection,
  ranges: readonly NoKlineDataRange[],
): Promise<void> {
  ranges.forEach(checkRange);
  if (ranges.length === 0) return;
  const batch = JSON.stringify(
    ranges.map(({ instrument, timeframe, from, to }) => ({ instrument, timeframe, from, to })),
  );
  await connection.run(
    `INSERT OR REPLACE INTO kline_no_data (instrument, timeframe, from_ts, to_ts)
    SELECT r->>'instrument', r->>'timeframe', make_timestamp((r->>'from')::BIGINT * 1000),
      make_timestamp((r->>'to')::BIGINT * 1000)
    FROM (SELECT unnest(json_extract($batch::JSON, '$[*]')) AS r)`,
    { batch },
  );
}

export async function readNoKlineData(
  connection: DuckDBConnection,
  instrument: InstrumentId,
  timeframe: Timeframe,
): Promise<TimeRange[]> {
  const result = await connection.runAndReadAll(
    `SELECT epoch_ms(from_ts)::DOUBLE, epoch_ms(to_ts)::DOUBLE FROM kline_no_data
    WHERE instrument = $instrument AND timeframe = $timeframe ORDER BY from_ts`,
    { instrument, timeframe },
  );
  return result.getRows().map(([from, to]) => ({ from: from as number, to: to as number }));
}
