// The one logging surface of library code: the four pino methods it calls, in pino's
// (details, message) form, so that the CLI passes its pino logger (or a child) as is and tests
// pass a recorder. Library code never prints; it reports here.

export interface Logger {
  debug(details: object, message?: string): void;
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
}

const ignore = (): void => {};

/** For callers that give no logger: nothing is written (failures still reach the caller as errors). */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
