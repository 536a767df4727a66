// `tickscope replay FILE…`: recorded Binance stream messages through the live pipeline
// (parse → bars → store), as fast as possible or paced at N× the recorded speed. A replay is a bulk job:
// trades go to the store's bulk import in columns (ReplayBulkWriter), committed every few seconds.
import { stat } from 'node:fs/promises';
import { MemoryBus } from '../../bus/memory-bus.js';
import { VENUES, type Venue } from '../../domain/index.js';
import { IngestPipeline } from '../../ingest/ingest-pipeline.js';
import { ReplayBulkWriter } from '../../ingest/replay-bulk-writer.js';
import { replayFrameBatches } from '../../sources/replay/replay-frames.js';
import { openStore } from '../../store/index.js';
import { CliError } from '../cli-error.js';
import { ConfigError, parseLogLevel } from '../config.js';
import { createLogger } from '../logger.js';
import { ProgressBar } from '../progress-bar.js';

export interface ReplayOptions {
  venue: Venue;
  /** 'max' or a multiple of the recorded speed. */
  speed: 'max' | number;
  db: string;
  progress?: boolean;
  /** Unreadable lines are counted either way; without this the command fails on them. */
  allowErrors?: boolean;
  logLevel?: string;
}

/** An unreadable line, as the person who has to look at the file needs it. */
export interface UnreadableLine {
  file: string;
  line: number;
  reason: string;
  text: string;
}

export interface ReplaySummary {
  messages: number;
  ticks: number;
  /** Bars stored or amended whose contents changed (0 when the files were already replayed). */
  bars: number;
  duplicates: number;
  skipped: number;
  errors: number;
  /** The first few unreadable lines (up to MAX_EXAMPLES). */
  unreadable: UnreadableLine[];
  seconds: number;
  ticksPerSec: number;
}

/**
 * How often the replay's imports commit. Paced replays as often as the live writer flushes, so that what
 * has been replayed is stored as it would have been live; at full speed every 2 s, as each commit (a
 * transaction per instrument) costs some milliseconds and a kill loses at most those seconds of work.
 */
const PACED_COMMIT_MS = 250;
const MAX_SPEED_COMMIT_MS = 2_000;
/**
 * Ticks moved into the table at once, a quarter of an import's: replay parses slower than a dump
 * import, and what is pending when it ends (up to this many per instrument) is moved while it waits.
 */
const REPLAY_MOVE_ROWS = 122_880;
const MAX_EXAMPLES = 5;
const EXAMPLE_CHARS = 80;

/** The failure of a replay that met unreadable lines: the count, where, and the first few as they were. */
export function unreadableLinesError(summary: Pick<ReplaySummary, 'errors' | 'messages' | 'unreadable'>): CliError {
  const files = [...new Set(summary.unreadable.map((bad) => bad.file))];
  const first = summary.unreadable[0];
  const where = first ? ` in ${files.join(', ')} (first at line ${first.line})` : '';
  const details = summary.unreadable.map((bad) => {
    const text = bad.text.length > EXAMPLE_CHARS ? `${bad.text.slice(0, EXAMPLE_CHARS)}…` : bad.text;
    return `${bad.file}:${bad.line}: ${bad.reason}: ${JSON.stringify(text)}`;
  });
  return new CliError(
    `${summary.errors} of ${summary.messages} lines could not be read${where}; ` +
      'the readable ones were stored, --allow-errors accepts the rest',
    details,
  );
}

export function parseReplayFlags(flags: {
  venue?: string;
  speed?: string;
  db?: string;
  allowErrors?: boolean;
  logLevel?: string;
}): ReplayOptions {
  const venue = flags.venue ?? 'binance';
  if (venue !== 'binance' && venue !== 'binance-futures') {
    throw new ConfigError(
      `--venue must be binance or binance-futures, got "${venue}" (known venues: ${VENUES.join(', ')})`,
    );
  }
  const speedText = flags.speed ?? 'max';
  const speed = speedText === 'max' ? 'max' : Number(speedText);
  if (speed !== 'max' && !(Number.isFinite(speed) && speed > 0)) {
    throw new ConfigError(
      `--speed must be "max" or a positive number (e.g. 10 for ten times real time), got "${speedText}"`,
    );
  }
  return {
    venue,
    speed,
    db: flags.db ?? './data/tickscope.duckdb',
    allowErrors: flags.allowErrors === true,
    logLevel: flags.logLevel === undefined ? undefined : parseLogLevel(flags.logLevel, '--log-level'),
  };
}

export async function replayFiles(files: readonly string[], options: ReplayOptions): Promise<ReplaySummary> {
  const logger = createLogger(options.logLevel ?? 'warn');
  for (const file of files)
    await stat(file).catch(() => Promise.reject(new ConfigError(`cannot read ${file}: no such file`)));
  const totalBytes = (await Promise.all(files.map((f) => stat(f)))).reduce((s, st) => s + st.size, 0);

  const store = await openStore({ path: options.db, logger });
  const bus = new MemoryBus();
  const pipeline = new IngestPipeline({ store, bus, logger });

  const started = performance.now();
  const progress = files.map(() => ({ bytesRead: 0 }));
  const bar = new ProgressBar(options.progress ?? process.stderr.isTTY === true);
  const draw = (final = false) => {
    if (!bar.enabled) return;
    const done = progress.reduce((s, p) => s + p.bytesRead, 0);
    const label = `${pipeline.counters.ticks} ticks`;
    if (final) bar.done(label);
    else bar.update(totalBytes > 0 ? done / totalBytes : 1, label);
  };

  const writer = new ReplayBulkWriter(pipeline, (instrument) =>
    store.beginTickImport(instrument, { batchRows: REPLAY_MOVE_ROWS }),
  );
  const commitEveryMs = options.speed === 'max' ? MAX_SPEED_COMMIT_MS : PACED_COMMIT_MS;
  let committedAt = performance.now();
  const commitWhenDue = async () => {
    if (performance.now() - committedAt < commitEveryMs) return;
    await writer.commit();
    committedAt = performance.now();
  };
  let firstTradeTs: number | undefined;
  const resumed = new Set<string>();
  const unreadable: UnreadableLine[] = [];
  try {
    for await (const frames of replayFrameBatches(files, options.venue, progress)) {
      for (const { frame, file, line, text } of frames) {
        pipeline.counters.messages++;
        if (frame.kind === 'trade') {
          const tick = frame.tick;
          if (!resumed.has(tick.instrument)) {
            // Continue after what the store already holds, so replaying a file twice adds nothing. The
            // bars the resume repairs are written before this instrument's import begins, which would
            // otherwise write the same bars in a transaction of its own and conflict.
            resumed.add(tick.instrument);
            await pipeline.resume([tick.instrument]);
            await store.flush();
          }
          if (options.speed !== 'max') {
            firstTradeTs ??= tick.ts;
            const due = (tick.ts - firstTradeTs) / options.speed - (performance.now() - started);
            if (due > 1) {
              await writer.feed();
              await commitWhenDue();
              await new Promise((r) => setTimeout(r, due));
            }
          }
          const full = writer.add(
            tick.instrument,
            tick.id,
            tick.ts,
            tick.price,
            tick.qty,
            tick.buyerMaker,
            tick.receivedAt ?? Number.NaN,
          );
          if (full) {
            await writer.feed();
            await commitWhenDue();
          }
        } else if (frame.kind === 'excluded-trade') {
          await writer.skipTradeId(frame.instrument, frame.id);
          pipeline.counters.skipped++;
        } else if (frame.kind === 'other') {
          pipeline.counters.skipped++;
        } else {
          pipeline.counters.errors++;
          if (unreadable.length < MAX_EXAMPLES) unreadable.push({ file, line, reason: frame.reason, text: text ?? '' });
        }
      }
      draw();
    }
    await writer.commit();
  } catch (error) {
    await writer.abort();
    await store.close().catch(() => {});
    throw error;
  }
  // The bars still open close last, through the store's own writes: a kill before this leaves their
  // ticks stored without them, which the next run's resume repairs.
  await pipeline.finish();
  await store.close();
  draw(true);

  const seconds = (performance.now() - started) / 1000;
  const c = pipeline.counters;
  return {
    messages: c.messages,
    ticks: c.ticks,
    bars: pipeline.changedBars,
    duplicates: c.duplicates,
    skipped: c.skipped,
    errors: c.errors,
    unreadable,
    seconds: Math.round(seconds * 1000) / 1000,
    ticksPerSec: Math.round(c.ticks / seconds),
  };
}
