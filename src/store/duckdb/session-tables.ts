// SQL of the session rows (migration 6). The rows are JSON documents of src/analytics/sessions; this
// module knows the key, the definitions they were computed with and the checksum of each session's
// 1m bars, which is taken by DuckDB in the statement that writes the row, so that a later change to
// any of those bars (late trade, gap fill, kline repair, backfill, import) shows as a different one.
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SessionRowsQuery, SessionRowsSummary, SessionRowsWrite, StoredSession } from '../store.js';

// Count and xor of a hash per bar: order-free, so the checksum needs no sort, and any changed field
// of the bars a session reads (start, open, high, low, close) or an added or removed bar changes it.
// A batch travels as one JSON array (as the alert rows do), one statement whatever its size.
const SESSIONS_OF_BATCH = `s AS (
    SELECT (r->>'start')::DOUBLE AS start, (r->>'end')::DOUBLE AS "end", r
    FROM (SELECT unnest(json_extract($batch::JSON, '$[*]')) AS r)
  ),
  c AS (
    SELECT s.start, count(b.start) AS bars,
      count(b.start)::VARCHAR || ':' ||
        coalesce(bit_xor(hash(epoch_ms(b.start), b.open, b.high, b.low, b.close)) FILTER (WHERE b.start IS NOT NULL),
          0)::VARCHAR AS checksum
    FROM s LEFT JOIN bars b ON b.instrument = $instrument AND b.timeframe = '1m'
      AND b.start >= make_timestamp((s.start * 1000)::BIGINT) AND b.start < make_timestamp((s."end" * 1000)::BIGINT)
    GROUP BY s.start
  )`;

const WRITE_SESSIONS = `INSERT OR REPLACE INTO session_rows
    (instrument, profile, start, "end", date, definitions_version, definition, skip_reason, row, bar_checksum,
      computed_at)
  WITH ${SESSIONS_OF_BATCH}
  SELECT $instrument, $profile, s.start, s."end", s.r->>'date', (s.r->>'definitionsVersion')::INTEGER,
    s.r->>'definition', s.r->>'skipReason', CASE WHEN json_type(s.r->'row') = 'NULL' THEN NULL ELSE s.r->'row' END,
    c.checksum, current_timestamp
  FROM s JOIN c ON c.start = s.start`;

const STALE_SESSIONS = `WITH ${SESSIONS_OF_BATCH}
  SELECT c.start FROM c
  LEFT JOIN session_rows r ON r.instrument = $instrument AND r.profile = $profile AND r.start = c.start
  WHERE (r.start IS NULL AND c.bars > 0) OR (r.start IS NOT NULL AND r.bar_checksum <> c.checksum)
  ORDER BY c.start`;

function checkSessions(sessions: ReadonlyArray<{ start: number; end: number }>): void {
  sessions.forEach(({ start, end }, i) => {
    if (!Number.isFinite(start) || !Number.isFinite(end) || !(start < end)) {
      throw new RangeError(`sessions[${i}] must have finite start < end (epoch ms), got start ${start}, end ${end}`);
    }
  });
}

export async function writeSessionRows(connection: DuckDBConnection, write: SessionRowsWrite): Promise<void> {
  checkSessions(write.sessions);
  if (write.sessions.length === 0) return;
  await connection.run(WRITE_SESSIONS, {
    batch: JSON.stringify(write.sessions),
    instrument: write.instrument,
    profile: write.profile,
  });
}

export async function readSessionRows(connection: DuckDBConnection, query: SessionRowsQuery): Promise<StoredSession[]> {
  const bounds: string[] = [];
  const params: Record<string, string | number> = { instrument: query.instrument, profile: query.profile };
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value === undefined) continue;
    if (!Number.isFinite(value)) throw new RangeError(`${field} must be a finite epoch ms, got ${value}`);
    bounds.push(field === 'from' ? 'start >= $from' : 'start < $to');
    params[field] = value;
  }
  const where = ['instrument = $instrument', 'profile = $profile', ...bounds].join(' AND ');
  const result = await connection.runAndReadAll(
    `SELECT start, "end", date, definitions_version, definition, skip_reason, row::VARCHAR
     FROM session_rows WHERE ${where} ORDER BY start`,
    params,
  );
  return result.getRows().map(([start, end, date, version, definition, skipReason, row]) => ({
    start: start as number,
    end: end as number,
    date: date as string,
    definitionsVersion: version as number,
    definition: definition as string,
    skipReason: skipReason as string | null,
    row: row === null ? null : JSON.parse(row as string),
  }));
}

export async function staleSessions(
  connection: DuckDBConnection,
  query: { instrument: string; profile: string; sessions: ReadonlyArray<{ start: number; end: number }> },
): Promise<number[]> {
  checkSessions(query.sessions);
  if (query.sessions.length === 0) return [];
  const result = await connection.runAndReadAll(STALE_SESSIONS, {
    batch: JSON.stringify(query.sessions.map(({ start, end }) => ({ start, end }))),
    instrument: query.instrument,
    profile: query.profile,
  });
  return result.getRows().map(([start]) => start as number);
}

export async function sessionRowSummary(connection: DuckDBConnection): Promise<SessionRowsSummary[]> {
  const result = await connection.runAndReadAll(
    `SELECT instrument, profile, definitions_version, definition, count(*)::DOUBLE FROM session_rows
     GROUP BY ALL ORDER BY instrument, profile, definitions_version`,
  );
  return result.getRows().map(([instrument, profile, definitionsVersion, definition, sessions]) => ({
    instrument: instrument as string,
    profile: profile as string,
    definitionsVersion: definitionsVersion as number,
    definition: definition as string,
    sessions: sessions as number,
  }));
}

export async function deleteSessionRows(connection: DuckDBConnection, profile: string): Promise<number> {
  const result = await connection.run('DELETE FROM session_rows WHERE profile = $profile', { profile });
  return result.rowsChanged;
}
