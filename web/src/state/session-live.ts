// Keeps the open session of the Sessions view current. The `sessions:` channel pushes it on each
// 1m close; against a server without that channel the view watches the 1m bars instead and, when
// one closes, asks for the open session alone (a one-session request, not the whole range).
import type { ProvisionalSession, SessionPush, SessionStatistics } from '../api/sessions-api.ts';

/** Tells from the updates of a `bars:…:1m` channel when a bar has closed or a closed bar changed. */
export class BarCloseWatch {
  private newestStart: number | null = null;

  /** True when this update means a bar is final that was not before (or a final one was amended). */
  seen(update: { start: number; amended: boolean }): boolean {
    if (update.amended) return true;
    const previous = this.newestStart;
    if (previous === null || update.start > previous) this.newestStart = update.start;
    return previous !== null && update.start > previous;
  }
}

export type LiveStep = { kind: 'provisional'; provisional: ProvisionalSession | null } | { kind: 'reload' };

/** What a push of the channel does to the shown statistics. */
export function stepFromPush(push: SessionPush): LiveStep {
  // A final row changes the rows and the report, which only the server computes.
  return push.provisional ? { kind: 'provisional', provisional: push.row } : { kind: 'reload' };
}

/**
 * What the answer for the open session alone (sessions starting at the open one's start) does:
 * while it is still open it replaces the provisional session; once it has closed (it comes back as
 * a row or as skipped) the range needs reloading for its new row and report.
 */
export function stepFromOpenSession(shown: SessionStatistics, open: SessionStatistics): LiveStep {
  const known = new Set(shown.sessions.map((row) => row.date));
  const closed = open.sessions.some((row) => !known.has(row.date)) || open.skipped.length > shown.skipped.length;
  if (closed) return { kind: 'reload' };
  return { kind: 'provisional', provisional: open.provisional };
}

/** Where the open session starts: the provisional one, or the end of the last row. */
export function openSessionStart(shown: SessionStatistics): number | null {
  return shown.provisional?.start ?? shown.sessions.at(-1)?.end ?? null;
}
