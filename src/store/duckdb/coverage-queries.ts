// What the store holds of each instrument and timeframe, computed in SQL: first and last bar,
// count, and the gaps as runs of missing buckets, found with one `lag` window over the bar starts
// (a year of 1m bars is 525,600 rows: one sorted pass, no series of buckets generated). Also the
// ranges the exchange has no klines for (kline_no_data, migration 4), which the daily sync
// records so it never asks for them again, and which coverage subtracts from what is fillable.
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { TIMEFRAME_MS, TIMEFRAMES, type InstrumentId, type Timeframe } from '../../domain/index.js';
import type { BarCoverage, BarCoverageDetail, NoKlineDataRange, TimeRange } from '../store.js';

const SIZE_ORDER = new Map(TIMEFRAMES.map((tf) => [tf, TIMEFRAME_MS[tf]]));

/**
 * First, last and count per instrument and timeframe: one GROUP BY, no window. Gaps are counted
 * only for one instrument and timeframe at a time (readBarCoverageDetail): over every stored
 * series the window's sort would cost a second on a few years of 1m bars.
 */
export async function readBarCoverage(
  connection: DuckDBConnection,
  filter: { instrument?: InstrumentId; timeframe?: Timeframe },
): Promise<BarCoverage[]> {
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
  const result = await connection.runAndReadAll(
    `SELECT instrument, timeframe, epoch_ms(min(start))::DOUBLE, epoch_ms(max(start))::DOUBLE, count(*)::DOUBLE
    FROM bars ${where} GROUP BY instrument, timeframe`,
    params,
  );
  const coverage = result.getRows().map(([instrument, timeframe, first, last, count]) => {
    const size = TIMEFRAME_MS[timeframe as Timeframe];
    const expected = Math.floor(((last as number) - (first as number)) / size) + 1;
    return {
      instrument: instrument as string,
      timeframe: timeframe as Timeframe,
      first: first as number,
      last: last as number,
      count: count as number,
      expected,
      missingBars: expected - (count as number),
    };
  });
  return coverage.sort(
    (a, b) =>
      a.instrument.localeCompare(b.instrument) ||
      (SIZE_ORDER.get(a.timeframe) ?? 0) - (SIZE_ORDER.get(b.timeframe) ?? 0),
  );
}

/**
 * The gaps of one instrument and timeframe (`g`: runs of missing buckets, epoch µs, found with one
 * `lag` over the bar starts) and, in `gs`, how many of each gap's buckets lie in recorded no-data
 * ranges (which never overlap each other, so the sum of overlaps is exact). A year of 1m bars
 * takes about 0.2 s on two threads (bench/coverage.bench.ts).
 */
function gapCtes(instrument: InstrumentId, timeframe: Timeframe): { sql: string; params: Record<string, DuckDBValue> } {
  const sizeUs = TIMEFRAME_MS[timeframe] * 1000;
  const sql = `WITH b AS (
      SELECT epoch_us(start) AS s, lag(epoch_us(start)) OVER (ORDER BY start) AS prev
      FROM bars WHERE instrument = $instrument AND timeframe = $timeframe
    ),
    g AS (SELECT prev + ${sizeUs} AS f, s AS t FROM b WHERE s - prev > ${sizeUs}),
    nd AS (
      SELECT epoch_us(from_ts) AS f, epoch_us(to_ts) AS t FROM kline_no_data
      WHERE instrument = $instrument AND timeframe = $timeframe
    ),
    gs AS (
      SELECT g.f, g.t, (g.t - g.f) // ${sizeUs} AS missing,
        -- least/greatest skip NULLs, so a gap without a no-data range must be told apart.
        coalesce(sum(CASE WHEN nd.f IS NULL THEN 0 ELSE least(g.t, nd.t) - greatest(g.f, nd.f) END), 0) // ${sizeUs}
          AS no_data
      FROM g LEFT JOIN nd ON nd.f < g.t AND nd.t > g.f
      GROUP BY g.f, g.t
    )`;
  return { sql, params: { instrument, timeframe } };
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
  const detail: BarCoverageDetail = {
    ...(summary ?? { instrument, timeframe, first: null, last: null, count: 0, expected: 0, missingBars: 0 }),
    gapCount: 0,
    noDataBars: 0,
    gaps: [],
  };
  if (summary === undefined || summary.missingBars === 0) return detail;
  const { sql, params } = gapCtes(instrument, timeframe);
  // The totals come with every row (window aggregates before the LIMIT); with maxGaps 0, one row.
  const result = await connection.runAndReadAll(
    `${sql}
    SELECT f::DOUBLE / 1000, t::DOUBLE / 1000, missing::DOUBLE, no_data::DOUBLE, count(*) OVER ()::DOUBLE,
      sum(no_data) OVER ()::DOUBLE
    FROM gs ORDER BY missing DESC, f LIMIT ${Math.max(1, maxGaps)}`,
    params,
  );
  const rows = result.getRows();
  detail.gapCount = (rows[0]?.[4] as number | undefined) ?? 0;
  detail.noDataBars = (rows[0]?.[5] as number | undefined) ?? 0;
  detail.gaps = rows
    .slice(0, maxGaps)
    .map(([from, to, missingBars, noDataBars]) => ({
      from: from as number,
      to: to as number,
      missingBars: missingBars as number,
      noDataBars: noDataBars as number,
    }))
    .sort((a, b) => a.from - b.from);
  return detail;
}

export async function readBarGaps(
  connection: DuckDBConnection,
  instrument: InstrumentId,
  timeframe: Timeframe,
): Promise<TimeRange[]> {
  const { sql, params } = gapCtes(instrument, timeframe);
  const result = await connection.runAndReadAll(
    `${sql} SELECT f::DOUBLE / 1000, t::DOUBLE / 1000 FROM g ORDER BY f`,
    params,
  );
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
