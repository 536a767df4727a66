import { pino, type Logger } from 'pino';

/** Structured JSON logs on stderr, so that command output on stdout stays clean. */
export function createLogger(level = 'info'): Logger {
  return pino({ level, base: { app: 'tickscope' } }, pino.destination(2));
}
