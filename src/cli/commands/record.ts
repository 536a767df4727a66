// `tickscope record`: raw Binance stream frames with their receive times, gzip'd JSON Lines in
// the format `tickscope replay` reads (`<receive time ns> <frame>` per line). Trades the stream
// missed and the gap filler fetched over REST are written too, as the frames the stream would
// have carried, so a recording replays into every trade the exchange made.
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createGzip } from 'node:zlib';
import { normalizeInstrumentId, type InstrumentId } from '../../domain/index.js';
import { BinanceLiveSource } from '../../sources/binance/binance-live-source.js';
import { binanceEndpoints } from '../../sources/binance/endpoints.js';
import type { Logger } from '../../domain/logger.js';
import { formatTradeFrame, parseTradeFrame } from '../../sources/binance/trade-message.js';
import { CliError } from '../cli-error.js';
import { ConfigError, parseLogLevel } from '../config.js';
import { createLogger } from '../logger.js';
import { wallClockNs } from '../wall-clock-ns.js';

export interface RecordOptions {
  out: string;
  venue: 'binance' | 'binance-futures';
  instruments: InstrumentId[];
  wsUrl?: string;
  restUrl?: string;
  /** Stop after this many seconds; run until interrupted when absent. */
  durationSec?: number;
  logLevel?: string;
}

export interface RecordSummary {
  messages: number;
  /** Of those, trades fetched over REST to fill gaps in the stream. */
  recovered: number;
  bytes: number;
  seconds: number;
}

export function parseRecordFlags(
  flags: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv = process.env,
): RecordOptions {
  if (!flags.out) throw new ConfigError('--out is required, e.g. --out capture.jsonl.gz');
  const venue = flags.venue ?? 'binance';
  if (venue !== 'binance' && venue !== 'binance-futures')
    throw new ConfigError(`--venue must be binance or binance-futures, got "${venue}"`);
  const list = (flags.instruments ?? env.TICKSCOPE_INSTRUMENTS ?? `${venue}:BTCUSDT,${venue}:ETHUSDT`)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  let instruments: InstrumentId[];
  try {
    instruments = list.map((id) => normalizeInstrumentId(id, venue));
  } catch (error) {
    throw new ConfigError(`--instruments: ${(error as Error).message}`);
  }
  const other = instruments.find((id) => !id.startsWith(`${venue}:`));
  if (other) throw new ConfigError(`--instruments: ${other} is not on venue ${venue}`);
  const durationSec = flags.duration === undefined ? undefined : Number(flags.duration);
  if (durationSec !== undefined && !(durationSec > 0))
    throw new ConfigError(`--duration must be a positive number of seconds, got "${flags.duration}"`);
  const futures = venue === 'binance-futures';
  return {
    out: flags.out,
    logLevel: flags.logLevel === undefined ? undefined : parseLogLevel(flags.logLevel, '--log-level'),
    venue,
    instruments,
    durationSec,
    wsUrl: futures
      ? (flags.binanceFuturesWsUrl ?? env.TICKSCOPE_BINANCE_FUTURES_WS_URL)
      : (flags.binanceWsUrl ?? env.TICKSCOPE_BINANCE_WS_URL),
    restUrl: futures
      ? (flags.binanceFuturesRestUrl ?? env.TICKSCOPE_BINANCE_FUTURES_REST_URL)
      : (flags.binanceRestUrl ?? env.TICKSCOPE_BINANCE_REST_URL),
  };
}

/** The source's logger, remembering the last problem it reported (why nothing could be recorded). */
function problemNotingLogger(level: string): { logger: Logger; lastProblem: () => string | undefined } {
  const base = createLogger(level);
  let lastProblem: string | undefined;
  const warn: Logger['warn'] = (details, message) => {
    if ('err' in details) lastProblem = String(details.err);
    base.warn(details, message);
  };
  return {
    logger: { debug: base.debug.bind(base), info: base.info.bind(base), error: base.error.bind(base), warn },
    lastProblem: () => lastProblem,
  };
}

/**
 * Records until `stop` resolves (or the duration passes). A recording with no message fails: the empty
 * file is removed and the error says whether the host could not be reached or sent nothing.
 */
export async function record(
  options: RecordOptions,
  stop: Promise<void> = new Promise(() => {}),
): Promise<RecordSummary> {
  await mkdir(dirname(options.out), { recursive: true });
  const gzip = createGzip();
  const file = createWriteStream(options.out);
  gzip.pipe(file);
  const summary: RecordSummary = { messages: 0, recovered: 0, bytes: 0, seconds: 0 };
  const started = performance.now();
  const receivedNs = wallClockNs();
  // A frame can still arrive while the source stops; once the gzip stream is ending it is not written.
  let ended = false;
  const write = (frame: string) => {
    if (ended) return;
    const line = `${receivedNs()} ${frame}\n`;
    summary.messages++;
    summary.bytes += line.length;
    gzip.write(line);
  };
  const { logger, lastProblem } = problemNotingLogger(options.logLevel ?? 'warn');
  /** Trade ids the socket delivered that the source has not passed on yet, per instrument. */
  const streamed = new Map<string, Set<number>>();
  const source = new BinanceLiveSource({
    venue: options.venue,
    instruments: options.instruments,
    endpoints: { wsUrl: options.wsUrl, restUrl: options.restUrl },
    logger,
    // Recording keeps what the socket delivered; replay re-sequences and de-duplicates it.
    onRawMessage: (frame) => {
      write(frame);
      const parsed = parseTradeFrame(frame, options.venue);
      if (parsed.kind !== 'trade') return;
      const ids = streamed.get(parsed.tick.instrument) ?? new Set<number>();
      streamed.set(parsed.tick.instrument, ids);
      ids.add(parsed.tick.id);
    },
  });
  // The source passes on every trade once, in id order: the ones no frame carried came over REST.
  await source.start((ticks) => {
    for (const tick of ticks) {
      const ids = streamed.get(tick.instrument);
      if (ids?.delete(tick.id)) continue;
      write(formatTradeFrame(tick));
      summary.recovered++;
    }
    // Duplicate frames of trades already passed on are dropped by the source: forget their ids.
    for (const [instrument, ids] of streamed) {
      if (ids.size <= 1_000) continue;
      const last = ticks.findLast((t) => t.instrument === instrument)?.id;
      if (last !== undefined) for (const id of ids) if (id <= last) ids.delete(id);
    }
  });
  const timeout =
    options.durationSec === undefined
      ? undefined
      : new Promise<void>((r) => setTimeout(r, options.durationSec! * 1000));
  await Promise.race(timeout ? [stop, timeout] : [stop]);
  const connected = source.streams().some((stream) => stream.connected);
  await source.stop();
  ended = true;
  await new Promise<void>((resolve, reject) => {
    file.once('finish', resolve);
    file.once('error', reject);
    gzip.end();
  });
  summary.seconds = Math.round((performance.now() - started) / 100) / 10;
  if (summary.messages === 0) {
    await rm(options.out, { force: true });
    const host = new URL(binanceEndpoints(options.venue, { wsUrl: options.wsUrl }).wsUrl).host;
    const problem = lastProblem();
    throw new CliError(
      connected || problem === undefined
        ? `no data recorded: ${host} sent no message in ${summary.seconds} s (no file written)`
        : `no data recorded: ${host} could not be reached (${problem}); no file written`,
    );
  }
  return summary;
}
