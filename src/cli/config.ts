// Start-up configuration: flags > environment (TICKSCOPE_*) > tickscope.config.json > defaults.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseSessionProfiles } from '../analytics/sessions/session-profiles.js';
import type { SessionProfile } from '../analytics/sessions/session-definition.js';
import { normalizeInstrumentId, type InstrumentId } from '../domain/index.js';
import { LIVE_SOURCE_CHOICES, type LiveSourceChoice } from '../ingest/live-source.js';
import { DEFAULT_SYNC_CRON, SyncCron } from '../ingest/sync/sync-schedule.js';
import { SIM_INSTRUMENTS } from '../sources/sim/sim-market.js';
import {
  DEFAULT_DB_MEMORY_LIMIT,
  DEFAULT_DB_THREADS,
  DEFAULT_MAX_PENDING_ROWS,
  parseMemoryLimit,
  parseThreads,
} from '../store/index.js';

export interface StartConfig {
  source: LiveSourceChoice;
  instruments: InstrumentId[];
  db: string;
  /** DuckDB's memory limit, e.g. `256MB`. */
  dbMemoryLimit: string;
  /** DuckDB's threads. */
  dbThreads: number;
  /** Unwritten rows held in memory while store writes fail; beyond them ingestion pauses. */
  storeMaxPendingRows: number;
  host: string;
  port: number;
  simRate: number;
  seed: number;
  logLevel: string;
  binanceWsUrl?: string;
  binanceRestUrl?: string;
  binanceFuturesWsUrl?: string;
  binanceFuturesRestUrl?: string;
  /** True when the instruments came from a flag, the environment or the file (not the default). */
  instrumentsGiven?: boolean;
  /** Let alert webhooks reach loopback, private and link-local addresses (a receiver on this host or LAN). */
  alertsAllowPrivateWebhooks?: boolean;
  /** Alert events older than this many days are deleted. */
  alertsRetentionDays?: number;
  /** At most this many alert events are kept (the newest). */
  alertsMaxEvents?: number;
  /** Bytes the server may hold for one WebSocket client before closing it as not reading. */
  wsMaxBufferedBytes?: number;
  /** The largest CSV file `POST /api/v1/imports` accepts, bytes. */
  importMaxBytes?: number;
  /** Log lines as JSON, as readable (collapsed) lines, or `auto`: readable when stderr is a terminal. */
  logFormat?: LogFormat;
  /** Simulated history generated when the simulator starts on a store without its trades; 0 for none. */
  simHistoryMs?: number;
  /** Session profiles of the config file (`sessionProfiles`), beside and over the built-in ones. */
  sessionProfiles?: SessionProfile[];
  /** The daily kline sync of a Binance source: at start and on `syncCron`; false with `--no-sync`. */
  sync?: boolean;
  /** When the daily sync runs: a cron expression read in UTC. */
  syncCron?: string;
}

export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** The longest simulated history: a week at the history's rate is about 3 million trades. */
export const MAX_SIM_HISTORY_MS = 7 * 86_400_000;

export const DEFAULTS: StartConfig = {
  source: 'auto',
  instruments: ['binance:BTCUSDT', 'binance:ETHUSDT'],
  db: './data/tickscope.duckdb',
  dbMemoryLimit: DEFAULT_DB_MEMORY_LIMIT,
  dbThreads: DEFAULT_DB_THREADS,
  storeMaxPendingRows: DEFAULT_MAX_PENDING_ROWS,
  host: '127.0.0.1',
  port: 8000,
  simRate: 50,
  seed: 1,
  logLevel: 'info',
  alertsAllowPrivateWebhooks: false,
  alertsRetentionDays: 30,
  alertsMaxEvents: 100_000,
  wsMaxBufferedBytes: 4 * 1024 * 1024,
  importMaxBytes: 2 * 1024 ** 3,
  logFormat: 'auto',
  simHistoryMs: 24 * 3_600_000,
  sync: true,
  syncCron: DEFAULT_SYNC_CRON,
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** A pino level, or a message naming `field`, the value and the levels there are. */
export function parseLogLevel(value: unknown, field: string): string {
  const level = String(value).trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    throw new ConfigError(`${field} must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(value)}`);
  return level;
}

type RawConfig = Partial<Record<keyof StartConfig, unknown>>;

const ENV_KEYS: Record<keyof StartConfig, string> = {
  source: 'TICKSCOPE_SOURCE',
  instruments: 'TICKSCOPE_INSTRUMENTS',
  db: 'TICKSCOPE_DB',
  dbMemoryLimit: 'TICKSCOPE_DB_MEMORY_LIMIT',
  dbThreads: 'TICKSCOPE_DB_THREADS',
  storeMaxPendingRows: 'TICKSCOPE_STORE_MAX_PENDING_ROWS',
  host: 'TICKSCOPE_HOST',
  port: 'TICKSCOPE_PORT',
  simRate: 'TICKSCOPE_SIM_RATE',
  seed: 'TICKSCOPE_SEED',
  logLevel: 'TICKSCOPE_LOG_LEVEL',
  binanceWsUrl: 'TICKSCOPE_BINANCE_WS_URL',
  binanceRestUrl: 'TICKSCOPE_BINANCE_REST_URL',
  binanceFuturesWsUrl: 'TICKSCOPE_BINANCE_FUTURES_WS_URL',
  binanceFuturesRestUrl: 'TICKSCOPE_BINANCE_FUTURES_REST_URL',
  instrumentsGiven: '',
  alertsAllowPrivateWebhooks: 'TICKSCOPE_ALERTS_ALLOW_PRIVATE_WEBHOOKS',
  alertsRetentionDays: 'TICKSCOPE_ALERTS_RETENTION_DAYS',
  alertsMaxEvents: 'TICKSCOPE_ALERTS_MAX_EVENTS',
  wsMaxBufferedBytes: 'TICKSCOPE_WS_MAX_BUFFERED_BYTES',
  importMaxBytes: 'TICKSCOPE_IMPORT_MAX_BYTES',
  logFormat: 'TICKSCOPE_LOG_FORMAT',
  simHistoryMs: 'TICKSCOPE_SIM_HISTORY',
  sessionProfiles: '',
  sync: 'TICKSCOPE_SYNC',
  syncCron: 'TICKSCOPE_SYNC_CRON',
};

function url(value: unknown, field: string, protocols: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(String(value));
  } catch {
    throw new ConfigError(`${field} must be a URL such as ${protocols[0]}//host:port, got ${JSON.stringify(value)}`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${field} must use ${protocols.join(' or ')}, got ${JSON.stringify(value)}`);
  }
  return String(value).replace(/\/+$/, '');
}

function readConfigFile(path: string | undefined): RawConfig {
  const file = resolve(path ?? 'tickscope.config.json');
  if (!existsSync(file)) {
    if (path !== undefined) throw new ConfigError(`config file ${file} does not exist`);
    return {};
  }
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('top level must be an object');
    return parsed as RawConfig;
  } catch (error) {
    throw new ConfigError(`config file ${file}: ${(error as Error).message}`);
  }
}

/** The configuration file's `sessionProfiles` (none when the file or the key is absent). */
export function configuredSessionProfiles(configPath?: string): SessionProfile[] {
  const raw = readConfigFile(configPath).sessionProfiles;
  const where = `"sessionProfiles" in ${resolve(configPath ?? 'tickscope.config.json')}`;
  return raw === undefined ? [] : configured(() => parseSessionProfiles(raw, where));
}

function fromEnv(env: NodeJS.ProcessEnv): RawConfig {
  const raw: RawConfig = {};
  for (const [key, name] of Object.entries(ENV_KEYS) as Array<[keyof StartConfig, string]>) {
    if (name !== '' && env[name] !== undefined && env[name] !== '') raw[key] = env[name];
  }
  return raw;
}

function number(value: unknown, field: string, min: number, max: number, integer: boolean): number {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new ConfigError(
      `${field} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** A value checked by its owner's parser, whose error becomes a ConfigError. */
function configured<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
}

function boolean(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(text)) return true;
  if (['false', '0', 'no', 'off'].includes(text)) return false;
  throw new ConfigError(`${field} must be true or false, got ${JSON.stringify(value)}`);
}

const DURATION_UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration such as 24h, 90m, 2d or 0; a bare number is milliseconds. */
export function duration(value: unknown, field: string, maxMs: number): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(String(value).trim());
  const ms = match ? Number(match[1]) * DURATION_UNIT_MS[match[2] ?? 'ms'] : Number.NaN;
  if (!(ms >= 0 && ms <= maxMs)) {
    throw new ConfigError(
      `${field} must be a duration such as 24h, 90m, 2d or 0, at most ${maxMs / 86_400_000}d, ` +
        `got ${JSON.stringify(value)}`,
    );
  }
  return Math.round(ms);
}

function syncCron(value: unknown, field: string): string {
  const expression = String(value).trim();
  try {
    return new SyncCron(expression).expression;
  } catch (error) {
    throw new ConfigError(`${field}: ${(error as Error).message}`);
  }
}

function choice<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  const text = String(value).trim();
  if (!(allowed as readonly string[]).includes(text))
    throw new ConfigError(`${field} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return text as T;
}

function instrumentList(value: unknown, field: string): InstrumentId[] {
  const items = Array.isArray(value) ? value.map(String) : String(value).split(',');
  const ids = items.map((s) => s.trim()).filter((s) => s.length > 0);
  if (ids.length === 0) throw new ConfigError(`${field} must list at least one instrument, e.g. binance:BTCUSDT`);
  try {
    return [...new Set(ids.map((id) => normalizeInstrumentId(id)))];
  } catch (error) {
    throw new ConfigError(`${field}: ${(error as Error).message}`);
  }
}

/** Merges the layers and validates every value, naming the field and what is allowed. */
export function resolveStartConfig(
  flags: RawConfig & { config?: string },
  env: NodeJS.ProcessEnv = process.env,
): StartConfig {
  const { config: configPath, ...flagValues } = flags;
  const fileValues = readConfigFile(configPath);
  const envValues = fromEnv(env);
  const merged: RawConfig = { ...fileValues, ...envValues };
  for (const [key, value] of Object.entries(flagValues))
    if (value !== undefined) merged[key as keyof StartConfig] = value;
  // A bad value is named where it was given: the flag, the environment variable or the file's key.
  const field = (key: keyof StartConfig): string => {
    if (flagValues[key] !== undefined) return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (envValues[key] !== undefined) return ENV_KEYS[key];
    return `"${key}" in ${resolve(configPath ?? 'tickscope.config.json')}`;
  };

  const source = String(merged.source ?? DEFAULTS.source);
  if (!(LIVE_SOURCE_CHOICES as readonly string[]).includes(source)) {
    throw new ConfigError(`${field('source')} must be one of ${LIVE_SOURCE_CHOICES.join(', ')}, got "${source}"`);
  }
  const config: StartConfig = {
    source: source as LiveSourceChoice,
    instruments:
      merged.instruments === undefined
        ? DEFAULTS.instruments
        : instrumentList(merged.instruments, field('instruments')),
    db: String(merged.db ?? DEFAULTS.db),
    dbMemoryLimit:
      merged.dbMemoryLimit === undefined
        ? DEFAULTS.dbMemoryLimit
        : configured(() => parseMemoryLimit(merged.dbMemoryLimit, 'db-memory-limit')),
    dbThreads:
      merged.dbThreads === undefined
        ? DEFAULTS.dbThreads
        : configured(() => parseThreads(merged.dbThreads, 'db-threads')),
    storeMaxPendingRows:
      merged.storeMaxPendingRows === undefined
        ? DEFAULTS.storeMaxPendingRows
        : number(merged.storeMaxPendingRows, field('storeMaxPendingRows'), 1_000, 100_000_000, true),
    host: String(merged.host ?? DEFAULTS.host),
    port: merged.port === undefined ? DEFAULTS.port : number(merged.port, field('port'), 0, 65535, true),
    simRate:
      merged.simRate === undefined
        ? DEFAULTS.simRate
        : number(merged.simRate, field('simRate'), 0.001, 1_000_000, false),
    seed: merged.seed === undefined ? DEFAULTS.seed : number(merged.seed, field('seed'), 0, 2 ** 32 - 1, true),
    logLevel: merged.logLevel === undefined ? DEFAULTS.logLevel : parseLogLevel(merged.logLevel, field('logLevel')),
    binanceWsUrl: url(merged.binanceWsUrl, field('binanceWsUrl'), ['ws:', 'wss:']),
    binanceRestUrl: url(merged.binanceRestUrl, field('binanceRestUrl'), ['http:', 'https:']),
    binanceFuturesWsUrl: url(merged.binanceFuturesWsUrl, field('binanceFuturesWsUrl'), ['ws:', 'wss:']),
    binanceFuturesRestUrl: url(merged.binanceFuturesRestUrl, field('binanceFuturesRestUrl'), ['http:', 'https:']),
    instrumentsGiven: merged.instruments !== undefined,
    alertsAllowPrivateWebhooks:
      merged.alertsAllowPrivateWebhooks === undefined
        ? DEFAULTS.alertsAllowPrivateWebhooks
        : boolean(merged.alertsAllowPrivateWebhooks, field('alertsAllowPrivateWebhooks')),
    alertsRetentionDays:
      merged.alertsRetentionDays === undefined
        ? DEFAULTS.alertsRetentionDays
        : number(merged.alertsRetentionDays, field('alertsRetentionDays'), 0.001, 36_500, false),
    alertsMaxEvents:
      merged.alertsMaxEvents === undefined
        ? DEFAULTS.alertsMaxEvents
        : number(merged.alertsMaxEvents, field('alertsMaxEvents'), 1, 100_000_000, true),
    wsMaxBufferedBytes:
      merged.wsMaxBufferedBytes === undefined
        ? DEFAULTS.wsMaxBufferedBytes
        : number(merged.wsMaxBufferedBytes, field('wsMaxBufferedBytes'), 64 * 1024, 1024 ** 3, true),
    importMaxBytes:
      merged.importMaxBytes === undefined
        ? DEFAULTS.importMaxBytes
        : number(merged.importMaxBytes, field('importMaxBytes'), 1024, 1024 ** 4, true),
    logFormat:
      merged.logFormat === undefined ? DEFAULTS.logFormat : choice(merged.logFormat, field('logFormat'), LOG_FORMATS),
    simHistoryMs:
      merged.simHistoryMs === undefined
        ? DEFAULTS.simHistoryMs
        : duration(
            merged.simHistoryMs,
            field('simHistoryMs').replace('--sim-history-ms', '--sim-history'),
            MAX_SIM_HISTORY_MS,
          ),
    sync: merged.sync === undefined ? DEFAULTS.sync : boolean(merged.sync, field('sync')),
    syncCron: merged.syncCron === undefined ? DEFAULTS.syncCron : syncCron(merged.syncCron, field('syncCron')),
  };
  if (merged.sessionProfiles !== undefined) {
    config.sessionProfiles = configured(() => parseSessionProfiles(merged.sessionProfiles, field('sessionProfiles')));
  }
  if (config.source === 'sim' && config.instrumentsGiven) refuseUnsimulated(config.instruments, field('instruments'));
  return config;
}

/**
 * The simulator always trades its three instruments; a list that names others (a typo such as
 * sim:XXX, or a Binance symbol on the command line) would otherwise be streamed as AAA, BBB and
 * CCC without a word. Binance ids from the environment or the config file are left alone: they
 * are the user's standing watch list, and `--source sim` is a one-off demo over it.
 */
function refuseUnsimulated(instruments: readonly InstrumentId[], field: string): void {
  const simulated: readonly string[] = SIM_INSTRUMENTS.map((spec) => `sim:${spec.symbol}`);
  const givenOnCommandLine = field.startsWith('--');
  const unknown = instruments.filter((id) => !simulated.includes(id) && (id.startsWith('sim:') || givenOnCommandLine));
  const simOnly = instruments.every((id) => id.startsWith('sim:'));
  const missing = simOnly ? simulated.filter((id) => !(instruments as readonly string[]).includes(id)) : [];
  if (unknown.length === 0 && missing.length === 0) return;
  throw new ConfigError(
    `${field}: --source sim trades exactly ${simulated.join(', ')}` +
      (unknown.length > 0
        ? `; it cannot stream ${unknown.join(', ')}`
        : `; it cannot leave out ${missing.join(', ')}`) +
      `. Drop ${field} with the simulator, or use --source binance for Binance symbols.`,
  );
}
