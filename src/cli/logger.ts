// The process logger: pino records on stderr (command output on stdout stays clean), as JSON for
// machines or as readable, collapsed lines for a person at a terminal.
import { pino, type Logger } from 'pino';
import type { LogFormat } from './config.js';
import { type LogOutput, PrettyLogStream } from './pretty-log.js';

export function createLogger(level = 'info', format: LogFormat = 'json', output: LogOutput = process.stderr): Logger {
  const pretty = format === 'pretty' || (format === 'auto' && output.isTTY === true);
  const options = { level, base: { app: 'tickscope' } };
  if (!pretty) return pino(options, output === process.stderr ? pino.destination(2) : output);
  return pino(options, new PrettyLogStream(output, level === 'debug' || level === 'trace'));
}
