#!/usr/bin/env node
// The `tickscope` command line.
import { Command } from 'commander';
import { LIVE_SOURCE_CHOICES } from '../ingest/live-source.js';
import { reportFailure, wantsStackTraces } from './cli-error.js';
import { DEFAULTS } from './config.js';
import { backfill, parseBackfillFlags } from './commands/backfill.js';
import { exportData } from './commands/export.js';
import { parseExportFlags } from './commands/export-flags.js';
import { runImportCommand } from './commands/import-csv.js';
import { parseRecordFlags, record } from './commands/record.js';
import { parseReplayFlags, replayFiles, unreadableLinesError } from './commands/replay.js';
import { parseSessionsFlags, SESSIONS_FORMATS, sessionsReport } from './commands/sessions.js';
import { startCommand } from './commands/start.js';

const program = new Command();
program
  .name('tickscope')
  .description(
    'Real-time market analytics for crypto statistical arbitrage: live trades, exact bars, pairs statistics.',
  )
  .showHelpAfterError();

const TIMEFRAMES_HELP = '1s, 1m, 5m, 15m, 1h, 4h, 1d';
const LOG_LEVEL_HELP = 'trace|debug|info|warn|error (default warn; debug also prints stack traces of failures)';
// The failure printer needs the command's level, which only commander knows once it has parsed.
let stackTraces = wantsStackTraces(undefined);
program.hook('preAction', (_program, command) => {
  stackTraces = wantsStackTraces(command.opts().logLevel);
});

program
  .command('start')
  .description('run everything in one process: live source, bars, store, REST/WebSocket API and dashboard')
  .option('--source <kind>', `where trades come from: ${LIVE_SOURCE_CHOICES.join('|')} (default ${DEFAULTS.source})`)
  .option('--instruments <list>', `comma-separated venue:SYMBOL ids (default ${DEFAULTS.instruments.join(',')})`)
  .option('--db <path>', `DuckDB file, or :memory: (default ${DEFAULTS.db})`)
  .option(
    '--db-memory-limit <size>',
    `memory DuckDB may use for its caches, e.g. 256MB or 1GB (default ${DEFAULTS.dbMemoryLimit})`,
  )
  .option('--db-threads <n>', `threads DuckDB may use (default ${DEFAULTS.dbThreads})`)
  .option(
    '--store-max-pending-rows <n>',
    `unwritten rows kept in memory while store writes fail; beyond them ingestion pauses ` +
      `(default ${DEFAULTS.storeMaxPendingRows})`,
  )
  .option('--host <host>', `bind address (default ${DEFAULTS.host})`)
  .option('--port <port>', `bind port (default ${DEFAULTS.port})`)
  .option('--sim-rate <n>', `simulator trades per second across instruments (default ${DEFAULTS.simRate})`)
  .option('--seed <n>', `simulator seed (default ${DEFAULTS.seed})`)
  .option('--log-level <level>', 'pino log level: trace|debug|info|warn|error (default info)')
  .option(
    '--log-format <format>',
    'log lines: auto (readable on a terminal, JSON otherwise)|json|pretty (default auto)',
  )
  .option(
    '--sim-history <duration>',
    'simulated history written when the simulator starts on an empty store: 24h, 90m, 0 for none (default 24h)',
  )
  .option(
    '--sync-cron <expr>',
    `when the daily kline sync of a Binance source runs: cron, UTC (default "${DEFAULTS.syncCron}")`,
  )
  .option('--no-sync', 'no kline sync at start nor on the schedule (POST /api/v1/sync still runs one)')
  .option('--config <file>', 'configuration file (default ./tickscope.config.json when present)')
  .option('--binance-ws-url <url>', 'Binance spot WebSocket base (default wss://stream.binance.com:9443)')
  .option('--binance-rest-url <url>', 'Binance spot REST base (default https://api.binance.com)')
  .option('--binance-futures-ws-url <url>', 'Binance USD-M WebSocket base (default wss://fstream.binance.com/market)')
  .option('--binance-futures-rest-url <url>', 'Binance USD-M REST base (default https://fapi.binance.com)')
  .option(
    '--alerts-allow-private-webhooks',
    'let alert webhooks reach loopback, private and link-local addresses (refused by default)',
  )
  .option(
    '--alerts-retention-days <days>',
    `delete alert events older than this (default ${DEFAULTS.alertsRetentionDays})`,
  )
  .option('--alerts-max-events <n>', `keep at most this many alert events (default ${DEFAULTS.alertsMaxEvents})`)
  .option(
    '--ws-max-buffered-bytes <n>',
    `bytes held for one WebSocket client before it is closed as not reading (default ${DEFAULTS.wsMaxBufferedBytes})`,
  )
  .option(
    '--import-max-bytes <n>',
    `the largest CSV file POST /api/v1/imports accepts, bytes (default ${DEFAULTS.importMaxBytes})`,
  )
  .addHelpText(
    'after',
    '\nEnvironment: TICKSCOPE_SOURCE, TICKSCOPE_INSTRUMENTS, TICKSCOPE_DB, TICKSCOPE_DB_MEMORY_LIMIT, ' +
      'TICKSCOPE_DB_THREADS,\nTICKSCOPE_HOST, TICKSCOPE_PORT, TICKSCOPE_SIM_RATE, TICKSCOPE_SEED, ' +
      'TICKSCOPE_LOG_LEVEL, TICKSCOPE_BINANCE_WS_URL,\nTICKSCOPE_BINANCE_REST_URL, ' +
      'TICKSCOPE_BINANCE_FUTURES_WS_URL, TICKSCOPE_BINANCE_FUTURES_REST_URL,' +
      '\nTICKSCOPE_ALERTS_ALLOW_PRIVATE_WEBHOOKS, TICKSCOPE_ALERTS_RETENTION_DAYS, ' +
      'TICKSCOPE_ALERTS_MAX_EVENTS,\nTICKSCOPE_WS_MAX_BUFFERED_BYTES, TICKSCOPE_LOG_FORMAT, TICKSCOPE_SIM_HISTORY, ' +
      'TICKSCOPE_IMPORT_MAX_BYTES, TICKSCOPE_SYNC,\nTICKSCOPE_SYNC_CRON.' +
      '\nPrecedence: flags > environment > config file > defaults.',
  )
  .action(async (opts) => {
    await startCommand({
      source: opts.source,
      instruments: opts.instruments,
      db: opts.db,
      dbMemoryLimit: opts.dbMemoryLimit,
      dbThreads: opts.dbThreads,
      storeMaxPendingRows: opts.storeMaxPendingRows,
      host: opts.host,
      port: opts.port,
      simRate: opts.simRate,
      seed: opts.seed,
      logLevel: opts.logLevel,
      logFormat: opts.logFormat,
      simHistoryMs: opts.simHistory,
      config: opts.config,
      binanceWsUrl: opts.binanceWsUrl,
      binanceRestUrl: opts.binanceRestUrl,
      binanceFuturesWsUrl: opts.binanceFuturesWsUrl,
      binanceFuturesRestUrl: opts.binanceFuturesRestUrl,
      alertsAllowPrivateWebhooks: opts.alertsAllowPrivateWebhooks,
      alertsRetentionDays: opts.alertsRetentionDays,
      alertsMaxEvents: opts.alertsMaxEvents,
      wsMaxBufferedBytes: opts.wsMaxBufferedBytes,
      importMaxBytes: opts.importMaxBytes,
      syncCron: opts.syncCron,
      // Commander sets `sync` to true unless --no-sync is given: only the flag's false is a flag value.
      sync: opts.sync === false ? false : undefined,
    });
  });

program
  .command('replay')
  .description('run recorded Binance stream messages (JSON Lines, gzip or plain) through the pipeline into the store')
  .argument('<files...>', 'recorded files; a line may start with a receive timestamp and a space')
  .option('--venue <venue>', 'venue of the recording: binance|binance-futures', 'binance')
  .option('--speed <speed>', 'max, or N times the recorded speed', 'max')
  .option('--db <path>', 'DuckDB file, or :memory:', DEFAULTS.db)
  .option('--allow-errors', 'accept unreadable lines (still counted) instead of failing')
  .option('--log-level <level>', LOG_LEVEL_HELP)
  .action(async (files: string[], opts) => {
    const options = parseReplayFlags(opts);
    const summary = await replayFiles(files, options);
    console.log(
      [
        `messages   ${summary.messages}`,
        `ticks      ${summary.ticks}`,
        `bars       ${summary.bars}`,
        `duplicates ${summary.duplicates}`,
        `skipped    ${summary.skipped} (non-trade messages)`,
        `errors     ${summary.errors}`,
        `seconds    ${summary.seconds}`,
        `ticks/s    ${summary.ticksPerSec}`,
      ].join('\n'),
    );
    if (summary.errors > 0 && !options.allowErrors) throw unreadableLinesError(summary);
  });

program
  .command('import')
  .description('import history files: Binance dumps (trades, aggTrades, klines; .zip or .csv, spot or USD-M)')
  .argument('<files...>', 'files such as BTCUSDT-trades-2024-08-01.zip or AVAXUSDT-1m-2023-02.csv')
  .option('--venue <venue>', 'binance|binance-futures (default: from the download path or the columns, else binance)')
  .option('--symbol <symbol>', 'symbol, when the file name does not start with it (e.g. BTCUSDT)')
  .option('--kind <kind>', 'trades|aggTrades|klines, when the file name does not say')
  .option('--interval <tf>', `kline interval when the file name does not say: ${TIMEFRAMES_HELP}`)
  .option('--instrument <id>', 'OHLCV CSV upload: the instrument to store the bars as, e.g. csv:MYDATA')
  .option('--timeframe <tf>', `OHLCV CSV: the bars' timeframe (default: from the rows' spacing): ${TIMEFRAMES_HELP}`)
  .option('--map <fields>', 'OHLCV CSV: columns by field, e.g. "time=Date,close=Adj Close"')
  .option('--time-format <format>', 'OHLCV CSV: e.g. "DD/MM/YYYY HH:mm" or epoch-s|epoch-ms|epoch-us')
  .option('--delimiter <char>', 'OHLCV CSV: , or ; (default: detected from the header)')
  .option('--on-duplicate <policy>', 'OHLCV CSV: a repeated time is an error (default), or keep first|last')
  .option('--dry-run', 'OHLCV CSV: validate the whole file and store nothing')
  .option('--db <path>', 'DuckDB file', DEFAULTS.db)
  .option('--log-level <level>', LOG_LEVEL_HELP)
  .action(async (files: string[], opts) => {
    console.log(await runImportCommand(files, opts));
  });

program
  .command('backfill')
  .description('download bars from Binance REST klines into the store: only what is missing, resumable, idempotent')
  .requiredOption('--instruments <list>', 'comma-separated ids, e.g. binance:BTCUSDT,binance-futures:ETHUSDT')
  .option('--timeframe <tf>', 'bar timeframe: 1s (spot only), 1m, 5m, 15m, 1h, 4h, 1d', '1m')
  .requiredOption('--from <date>', 'first bucket: 2024-01-01, 2024-01-01T12:00:00Z or epoch ms')
  .option('--to <date>', 'end, exclusive (default now)')
  .option('--db <path>', 'DuckDB file', DEFAULTS.db)
  .option('--binance-rest-url <url>', 'Binance spot REST base (default https://api.binance.com)')
  .option('--binance-futures-rest-url <url>', 'Binance USD-M REST base (default https://fapi.binance.com)')
  .option('--log-level <level>', LOG_LEVEL_HELP)
  .action(async (opts) => {
    const results = await backfill(parseBackfillFlags(opts));
    for (const r of results) {
      console.log(
        `${r.instrument.padEnd(28)} ${String(r.bars).padStart(8)} bars  ${String(r.pages).padStart(5)} ` +
          `requests  ${r.emptyBuckets} empty buckets`,
      );
      for (const d of r.discontinuities) {
        console.log(
          `  missing ${d.missingBars} bar(s) from ${new Date(d.expectedStart).toISOString()} (next row at ` +
            `${new Date(d.actualStart).toISOString()})`,
        );
      }
    }
    const total = results.reduce((s, r) => s + r.bars, 0);
    console.log(total === 0 ? 'nothing to download: the store already has this range' : `${total} bars stored`);
  });

program
  .command('export')
  .description('write stored ticks, bars, alert events or gaps of a range to a CSV, Parquet or JSON file')
  .option('--instrument <id>', 'venue:SYMBOL, e.g. binance:BTCUSDT (required for ticks and bars)')
  .option('--timeframe <tf>', 'bars of this timeframe: 1s, 1m, 5m, 15m, 1h, 4h, 1d')
  .option('--ticks', 'trades instead of bars (same as --table ticks)')
  .option('--table <table>', 'ticks|bars|alerts|gaps (default: bars with --timeframe)')
  .option('--from <date>', 'inclusive start: 2024-01-01, 2024-01-01T12:00:00Z or epoch ms (default: all)')
  .option('--to <date>', 'exclusive end (default: all)')
  .option('--format <format>', 'csv|parquet|json (default: from the --out extension, else csv)')
  .requiredOption('--out <file>', 'file to write; it appears only once complete')
  .option('--tz <zone>', 'IANA zone, e.g. Europe/Berlin: adds a `time` column with local ISO 8601 times')
  .option('--db <path>', `DuckDB file (default ${DEFAULTS.db}, or TICKSCOPE_DB)`)
  .option('--server <url>', 'read through a running tickscope start, e.g. http://127.0.0.1:8000 (its file is locked)')
  .option('--log-level <level>', LOG_LEVEL_HELP)
  .action(async (opts) => {
    const summary = await exportData(parseExportFlags(opts));
    const rows = summary.rows === null ? '' : `${summary.rows} rows, `;
    console.log(`${rows}${(summary.bytes / 1e6).toFixed(1)} MB written to ${summary.out}`);
  });

program
  .command('record')
  .description('record raw Binance stream messages with receive timestamps (gzip JSON Lines, as replay reads)')
  .requiredOption('--out <file>', 'output file, e.g. capture.jsonl.gz')
  .option('--venue <venue>', 'binance|binance-futures', 'binance')
  .option('--instruments <list>', 'comma-separated ids (default BTCUSDT,ETHUSDT on the venue)')
  .option('--duration <seconds>', 'stop after this many seconds (default: until Ctrl-C)')
  .option('--binance-ws-url <url>', 'Binance spot WebSocket base')
  .option('--binance-rest-url <url>', 'Binance spot REST base')
  .option('--binance-futures-ws-url <url>', 'Binance USD-M WebSocket base')
  .option('--binance-futures-rest-url <url>', 'Binance USD-M REST base')
  .option('--log-level <level>', LOG_LEVEL_HELP)
  .action(async (opts) => {
    const interrupted = new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    const summary = await record(parseRecordFlags(opts), interrupted);
    console.log(
      `messages  ${summary.messages}\nrecovered ${summary.recovered} (trades the stream missed, fetched ` +
        `over REST)\nbytes     ${summary.bytes}\nseconds   ${summary.seconds}\nfile      ${opts.out}`,
    );
  });

program
  .command('sessions')
  .description('session statistics (Initial Balance breaks, extensions, timing) of one instrument from stored 1m bars')
  .requiredOption('--instrument <id>', 'instrument id, e.g. binance:BTCUSDT')
  .option('--profile <name>', 'session profile: utc, ny, london or one of the config file (default utc)')
  .option(
    '--from <date>',
    'sessions starting at or after: 2024-01-01, 2024-01-01T12:00:00Z or epoch ms (default a year ago)',
  )
  .option('--to <date>', 'sessions starting before (default now; the open session is shown as provisional)')
  .option('--weekday <list>', 'count only these ISO weekdays in the report, e.g. 1,2,3 (1 = Monday)')
  .option('--format <format>', `${SESSIONS_FORMATS.join('|')}: the report, the full JSON, or the rows (default table)`)
  .option('--db <path>', `DuckDB file (default TICKSCOPE_DB or ${DEFAULTS.db})`)
  .option('--config <file>', 'configuration file with sessionProfiles (default ./tickscope.config.json when present)')
  .option('--log-level <level>', LOG_LEVEL_HELP)
  .action(async (opts) => {
    process.stdout.write(await sessionsReport(parseSessionsFlags(opts)));
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.exitCode = reportFailure(error, { debug: stackTraces });
  // A failed start can leave a socket or the store's worker open; the message is out, so leave now.
  process.exit();
});
