// How a command's failure reaches the person who ran it: one line on stderr that names the cause and what to
// do about it, optional indented detail lines (the first bad lines of a file), a non-zero exit code, and the
// stack trace only at `--log-level debug`. Every command throws; only main prints, through here.
import { InvalidArgumentError } from 'commander';
import { BinanceApiError, BinanceNetworkError, innermostMessage } from '../sources/binance/rest-client.js';
import { StoreFileError } from '../store/index.js';
import { ConfigError } from './config.js';

/** Exit code of a bad flag, environment variable or config value (as commander uses for usage errors). */
export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;

/** A failure the command already put in the user's words. */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    /** Shown under the message, indented: examples of what was wrong. */
    readonly details: readonly string[] = [],
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
  }
}

export interface FailureReport {
  message: string;
  details: readonly string[];
  exitCode: number;
}

interface SystemError extends Error {
  code?: string;
  syscall?: string;
  address?: string;
  port?: number;
}

function listenFailure(error: SystemError): string | undefined {
  if (error.syscall !== 'listen' && !/^listen /.test(error.message)) return undefined;
  const where = `port ${error.port} on ${error.address}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `${where} is in use; choose another with --port or TICKSCOPE_PORT`;
    case 'EACCES':
      return `${where} needs privileges this user lacks; choose one above 1023 with --port or TICKSCOPE_PORT`;
    case 'EADDRNOTAVAIL':
      return `${error.address} is not an address of this machine; choose another with --host or TICKSCOPE_HOST`;
    default:
      return undefined;
  }
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0]!.trim();
}

export function describeFailure(error: unknown): FailureReport {
  if (error instanceof CliError) return { message: error.message, details: error.details, exitCode: error.exitCode };
  if (error instanceof ConfigError || error instanceof InvalidArgumentError)
    return { message: firstLine(error.message), details: [], exitCode: EXIT_USAGE };
  // From the store's worker thread the error arrives rebuilt as a plain Error that keeps its name.
  const storeFile = error instanceof StoreFileError || (error instanceof Error && error.name === 'StoreFileError');
  if (storeFile || error instanceof BinanceNetworkError || error instanceof BinanceApiError)
    return { message: firstLine(error.message), details: [], exitCode: EXIT_FAILURE };
  if (error instanceof Error) {
    const listen = listenFailure(error as SystemError);
    if (listen !== undefined) return { message: listen, details: [], exitCode: EXIT_FAILURE };
    const own = firstLine(error.message);
    const root = firstLine(innermostMessage(error));
    const message = root !== own && root !== '' ? `${own}: ${root}` : own || error.name;
    // Not a failure we foresaw: say where the rest of the story is.
    return { message: `${message} (--log-level debug shows the stack trace)`, details: [], exitCode: EXIT_FAILURE };
  }
  return { message: String(error), details: [], exitCode: EXIT_FAILURE };
}

/** Prints the failure as `tickscope: <message>` (plus details, plus the stack when debugging); returns the code. */
export function reportFailure(
  error: unknown,
  options: { debug: boolean; write?: (text: string) => void } = { debug: false },
): number {
  const write = options.write ?? ((text: string) => process.stderr.write(text));
  const report = describeFailure(error);
  const lines = [`tickscope: ${report.message}`, ...report.details.map((line) => `  ${line}`)];
  if (options.debug && error instanceof Error && error.stack) lines.push(error.stack);
  write(`${lines.join('\n')}\n`);
  return report.exitCode;
}

const DEBUG_LEVELS = new Set(['debug', 'trace']);

/** Whether a command runs at a level that shows stack traces (flag first, then TICKSCOPE_LOG_LEVEL). */
export function wantsStackTraces(logLevel: unknown, env: NodeJS.ProcessEnv = process.env): boolean {
  const level = typeof logLevel === 'string' ? logLevel : env.TICKSCOPE_LOG_LEVEL;
  return level !== undefined && DEBUG_LEVELS.has(level.trim().toLowerCase());
}
