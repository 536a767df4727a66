// `tickscope sessions`: the session report of one instrument and profile from the stored 1m bars,
// as a table for a terminal, the full JSON of GET /api/v1/sessions, or the rows as CSV.
import { existsSync } from 'node:fs';
import {
  loadSessionStatistics,
  SESSION_DEFINITIONS_VERSION,
  SessionProfiles,
  SessionRangeError,
} from '../../analytics/sessions/index.js';
import { type InstrumentId, normalizeInstrumentId } from '../../domain/index.js';
import { toCsv } from '../../server/export/table-export.js';
import { SESSION_COLUMNS } from '../../server/routes/session-columns.js';
import { openStore } from '../../store/index.js';
import { ConfigError, configuredSessionProfiles, DEFAULTS, parseLogLevel } from '../config.js';
import { createLogger } from '../logger.js';
import { ProgressBar } from '../progress-bar.js';
import { parseDate } from './backfill.js';
import { formatSessionReport } from './sessions-table.js';

export const SESSIONS_FORMATS = ['table', 'json', 'csv'] as const;
export type SessionsFormat = (typeof SESSIONS_FORMATS)[number];

export interface SessionsOptions {
  instrument: InstrumentId;
  profile: string;
  from?: number;
  to?: number;
  weekdays?: number[];
  format: SessionsFormat;
  db: string;
  config?: string;
  logLevel?: string;
  progress?: boolean;
}

export function parseSessionsFlags(flags: Record<string, string | undefined>): SessionsOptions {
  if (!flags.instrument) throw new ConfigError('--instrument is required, e.g. --instrument binance:BTCUSDT');
  let instrument: InstrumentId;
  try {
    instrument = normalizeInstrumentId(flags.instrument);
  } catch (error) {
    throw new ConfigError(`--instrument: ${(error as Error).message}`);
  }
  const format = (flags.format ?? 'table') as SessionsFormat;
  if (!SESSIONS_FORMATS.includes(format))
    throw new ConfigError(`--format must be one of ${SESSIONS_FORMATS.join(', ')}, got "${flags.format}"`);
  let weekdays: number[] | undefined;
  if (flags.weekday !== undefined) {
    if (!/^[1-7](,[1-7])*$/.test(flags.weekday))
      throw new ConfigError(`--weekday must list ISO weekdays 1 (Monday) to 7, e.g. 1,2,3, got "${flags.weekday}"`);
    weekdays = [...new Set(flags.weekday.split(',').map(Number))].sort();
  }
  return {
    instrument,
    profile: flags.profile ?? 'utc',
    from: flags.from === undefined ? undefined : parseDate(flags.from, '--from'),
    to: flags.to === undefined ? undefined : parseDate(flags.to, '--to'),
    weekdays,
    format,
    db: flags.db ?? process.env.TICKSCOPE_DB ?? DEFAULTS.db,
    config: flags.config,
    logLevel: flags.logLevel === undefined ? undefined : parseLogLevel(flags.logLevel, '--log-level'),
  };
}

/** The text the command prints. */
export async function sessionsReport(options: SessionsOptions): Promise<string> {
  const profiles = new SessionProfiles(configuredSessionProfiles(options.config));
  // Opening a missing file would create an empty database; say where the bars were looked for instead.
  if (options.db !== ':memory:' && !existsSync(options.db)) {
    throw new ConfigError(`--db: ${options.db} does not exist; give the database tickscope start or backfill writes`);
  }
  const progress = new ProgressBar(options.progress);
  const store = await openStore({ path: options.db, logger: createLogger(options.logLevel ?? 'warn') });
  try {
    // Profiles created over the API are kept in the database.
    await profiles.load(store);
    const profile = profiles.get(options.profile);
    if (!profile) {
      throw new ConfigError(`--profile must be one of ${profiles.names().join(', ')}, got "${options.profile}"`);
    }
    progress.update(0.1, `reading ${options.instrument} 1m bars`, true);
    const stats = await loadSessionStatistics(store, {
      instrument: options.instrument,
      definition: profile,
      from: options.from,
      to: options.to,
      asOf: Date.now(),
      weekdays: options.weekdays,
    }).catch((error: unknown) => {
      if (error instanceof SessionRangeError) throw new ConfigError(`--${error.field}: ${error.message}`);
      throw error;
    });
    progress.done(`${stats.bars} bars, ${stats.sessions.length} sessions`);
    if (stats.bars === 0) {
      throw new ConfigError(
        `no stored 1m bars of ${options.instrument} in ${options.db} for this range: ` +
          'backfill or import them first (tickscope backfill --instruments … --from …)',
      );
    }
    if (options.format === 'csv') return toCsv(SESSION_COLUMNS, stats.sessions);
    if (options.format === 'json') {
      const { bars: _bars, ...rest } = stats;
      const body = {
        instrument: options.instrument,
        profile,
        definitionsVersion: SESSION_DEFINITIONS_VERSION,
        ...rest,
      };
      return `${JSON.stringify(body, null, 2)}\n`;
    }
    return formatSessionReport(options.instrument, profile, stats);
  } finally {
    await store.close();
  }
}
