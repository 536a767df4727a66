// The logging surface the store needs: a subset of pino's, so the CLI can pass its logger as is.

export interface StoreLogger {
  error(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  info(details: object, message?: string): void;
}

const ignore = (): void => {};

/** Used when no logger is injected; failed flushes still reject the `flush()` that asked for them. */
export const silentLogger: StoreLogger = { error: ignore, warn: ignore, info: ignore };
