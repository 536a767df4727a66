// Session statistics endpoints (GET /sessions, /sessions/profiles) and the live `sessions:` channel
// of the WebSocket. Wire types come type-only from the server's schemas.
import { getJson, query } from './http.ts';
import type {
  InstrumentId,
  ProvisionalSession,
  SessionProfile,
  SessionRow,
  SessionStatistics,
} from '../../../src/server/wire-types.ts';

export type {
  ProvisionalSession,
  SessionProfile,
  SessionReport,
  SessionReportGroup,
  SessionRow,
  SessionStatistics,
} from '../../../src/server/wire-types.ts';

export interface SessionsQuery {
  instrument: InstrumentId;
  profile: string;
  /** Epoch ms: sessions starting at or after. */
  from?: number;
  /** Epoch ms: sessions starting before; the server's default is now. */
  to?: number;
}

export function fetchSessionProfiles(signal?: AbortSignal): Promise<SessionProfile[]> {
  return getJson<SessionProfile[]>('/sessions/profiles', signal);
}

export function fetchSessions(q: SessionsQuery, signal?: AbortSignal): Promise<SessionStatistics> {
  return getJson<SessionStatistics>(`/sessions${query({ ...q })}`, signal);
}

export function sessionsChannel(instrument: InstrumentId, profile: string): string {
  return `sessions:${instrument}:${profile}`;
}

/** A push of the `sessions:` channel: the open session on each 1m close, the final row when it closes. */
export type SessionPush = { provisional: true; row: ProvisionalSession } | { provisional: false; row: SessionRow };

/**
 * Reads a `sessions:` channel message's data. The channel is newer than some servers, so its
 * messages are checked here rather than trusted to a schema the dashboard may not have.
 */
export function readSessionPush(data: unknown): SessionPush | null {
  if (typeof data !== 'object' || data === null) return null;
  const { type, provisional, row } = data as { type?: unknown; provisional?: unknown; row?: unknown };
  if (type !== 'session' || typeof provisional !== 'boolean' || typeof row !== 'object' || row === null) return null;
  const fields = row as Record<string, unknown>;
  if (typeof fields.date !== 'string' || typeof fields.start !== 'number' || typeof fields.ibHigh !== 'number') {
    return null;
  }
  return provisional
    ? { provisional: true, row: row as ProvisionalSession }
    : { provisional: false, row: row as SessionRow };
}
