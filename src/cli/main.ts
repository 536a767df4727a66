#!/usr/bin/env node
// The `tickscope` command line.
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, DEFAULTS, SOURCE_KINDS } from './config.js';
import { parseReplayFlags, replayFiles } from './commands/replay.js';
import { startCommand } from './commands/start.js';

const program = new Command();
program
  .name('tickscope')
  .description('Real-time market analytics for crypto statistical arbitrage: live trades, exact bars, pairs statistics.')
  .showHelpAfterError();

program
  .command('start')
  .description('run everything in one process: live source, bars, store, REST/WebSocket API and dashboard')
  .option('--source <kind>', `where trades come from: ${SOURCE_KINDS.join('|')} (default ${DEFAULTS.source})`)
  .option('--instruments <list>', `comma-separated venue:SYMBOL ids (default ${DEFAULTS.instruments.join(',')})`)
  .option('--db <path>', `DuckDB file, or :memory: (default ${DEFAULTS.db})`)
  .option('--host <host>', `bind address (default ${DEFAULTS.host})`)
  .option('--port <port>', `bind port (default ${DEFAULTS.port})`)
  .option('--sim-rate <n>', `simulator trades per second across instruments (default ${DEFAULTS.simRate})`)
  .option('--seed <n>', `simulator seed (default ${DEFAULTS.seed})`)
  .option('--log-level <level>', 'pino log level: trace|debug|info|warn|error (default info)')
  .option('--config <file>', 'configuration file (default ./tickscope.config.json when present)')
  .option('--binance-ws-url <url>', 'Binance spot WebSocket base (default wss://stream.binance.com:9443)')
  .option('--binance-rest-url <url>', 'Binance spot REST base (default https://api.binance.com)')
  .option('--binance-futures-ws-url <url>', 'Binance USD-M WebSocket base (default wss://fstream.binance.com/market)')
  .option('--binance-futures-rest-url <url>', 'Binance USD-M REST base (default https://fapi.binance.com)')
  .addHelpText(
    'after',
    '\nEnvironment: TICKSCOPE_SOURCE, TICKSCOPE_INSTRUMENTS, TICKSCOPE_DB, TICKSCOPE_HOST, TICKSCOPE_PORT, TICKSCOPE_SIM_RATE, TICKSCOPE_SEED,\nTICKSCOPE_LOG_LEVEL, TICKSCOPE_BINANCE_WS_URL, TICKSCOPE_BINANCE_REST_URL, TICKSCOPE_BINANCE_FUTURES_WS_URL, TICKSCOPE_BINANCE_FUTURES_REST_URL.\nPrecedence: flags > environment > config file > defaults.',
  )
  .action(async (opts) => {
    await startCommand({
      source: opts.source,
      instruments: opts.instruments,
      db: opts.db,
      host: opts.host,
      port: opts.port,
      simRate: opts.simRate,
      seed: opts.seed,
      logLevel: opts.logLevel,
      config: opts.config,
      binanceWsUrl: opts.binanceWsUrl,
      binanceRestUrl: opts.binanceRestUrl,
      binanceFuturesWsUrl: opts.binanceFuturesWsUrl,
      binanceFuturesRestUrl: opts.binanceFuturesRestUrl,
    });
  });

program
  .command('replay')
  .description('run recorded Binance stream messages (JSON Lines, gzip or plain) through the pipeline into the store')
  .argument('<files...>', 'recorded files; a line may start with a receive timestamp and a space')
  .option('--venue <venue>', 'venue of the recording: binance|binance-futures', 'binance')
  .option('--speed <speed>', 'max, or N times the recorded speed', 'max')
  .option('--db <path>', 'DuckDB file, or :memory:', DEFAULTS.db)
  .action(async (files: string[], opts) => {
    const summary = await replayFiles(files, parseReplayFlags(opts));
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
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof InvalidArgumentError) {
    console.error(`tickscope: ${error.message}`);
    process.exit(2);
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
