// The logger the Binance modules write to: any pino logger (or child); silent unless given.
import { pino, type Logger } from 'pino';

export type BinanceLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export const silentLogger: BinanceLogger = pino({ level: 'silent' });
