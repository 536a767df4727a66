// Binance market-data REST client (spot `/api/v3`, USD-M `/fapi/v1`). It keeps the IP's request
// weight from `X-MBX-USED-WEIGHT-1M`, slows down before the limit instead of hitting it, honours
// `Retry-After` on 429/418 for every request it sends, and retries network errors and 5xx with
// capped exponential backoff and jitter. Payloads are mapped to typed rows with numbers.
import { AbortedError, backoffDelay, sleep, type BackoffPolicy } from './backoff.js';
import type { BinanceEndpoints } from './endpoints.js';
import { silentLogger, type Logger } from '../../domain/logger.js';
import {
  mapAggTradeRow,
  mapKlineRow,
  mapRestTrade,
  type RestAggTrade,
  type RestKline,
  type RestTrade,
} from './mappers.js';

export type { RestAggTrade, RestKline, RestTrade } from './mappers.js';

export type RestEndpointName =
  | 'klines'
  | 'trades'
  | 'historicalTrades'
  | 'aggTrades'
  | 'exchangeInfo'
  | 'ping'
  | 'time';

/** Request weight of one call (docs/binance-protocol.md#request-weights). */
export function requestWeight(endpoints: BinanceEndpoints, name: RestEndpointName, limit = 500): number {
  const spot = endpoints.venue === 'binance';
  switch (name) {
    case 'klines':
      if (spot) return 2;
      return limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
    case 'trades':
      return spot ? 25 : 5;
    case 'historicalTrades':
      return spot ? 25 : 20;
    case 'aggTrades':
      return spot ? 4 : 20;
    case 'exchangeInfo':
      return spot ? 20 : 1;
    default:
      return 1;
  }
}

/** A Binance error answer: HTTP status plus Binance's `code`/`msg` when the body had them. */
export class BinanceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number | null,
    readonly path: string,
    message: string,
  ) {
    super(`Binance ${path} answered ${status}${code !== null ? ` (code ${code})` : ''}: ${message}`);
    this.name = 'BinanceApiError';
  }
}

/** 429 or 418 with a wait longer than the client is allowed to sleep (or too many of them). */
export class BinanceRateLimitError extends BinanceApiError {
  constructor(
    status: number,
    path: string,
    readonly retryAfterMs: number,
  ) {
    super(
      status,
      -1003,
      path,
      `${status === 418 ? 'IP banned' : 'rate limited'}, retry after ${Math.ceil(retryAfterMs / 1000)} s`,
    );
    this.name = 'BinanceRateLimitError';
  }
}

/** The innermost message of a `cause` chain: fetch's `fetch failed` hides `getaddrinfo ENOTFOUND api.binance.com`. */
export function innermostMessage(error: unknown): string {
  let current = error;
  for (let depth = 0; depth < 10 && current instanceof Error && current.cause !== undefined; depth++)
    current = current.cause;
  return current instanceof Error ? current.message : String(current);
}

/** Every attempt of a request failed before an answer: names the host, so a person can check it. */
export class BinanceNetworkError extends Error {
  readonly host: string;
  constructor(
    readonly path: string,
    override readonly cause: unknown,
    url = '',
    attempts = 1,
  ) {
    const host = URL.canParse(url) ? new URL(url).host : '';
    super(
      `cannot reach Binance at ${host || 'its REST host'} ` +
        `(${path}, ${attempts} attempt${attempts === 1 ? '' : 's'}): ${innermostMessage(cause)}`,
    );
    this.name = 'BinanceNetworkError';
    this.host = host;
  }
}

export interface RestClientOptions {
  endpoints: BinanceEndpoints;
  fetch?: typeof fetch;
  logger?: Logger;
  /** Share of the weight limit the client uses before waiting for the next window (default 0.8). */
  slowdownAt?: number;
  /** Retries of network errors, timeouts and 5xx (default 5). */
  maxRetries?: number;
  /** 429/418 answers tolerated per call before giving up (default 10). */
  maxRateLimitRetries?: number;
  /** Longest Retry-After the client sleeps through; longer ones throw BinanceRateLimitError (default 5 min). */
  maxRetryAfterMs?: number;
  backoff?: BackoffPolicy;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  random?: () => number;
  now?: () => number;
}

export interface RestClientStats {
  requests: number;
  retries: number;
  rateLimited: number;
  banned: number;
  usedWeight: number;
  weightLimit: number;
}

export interface ClockSkew {
  /** Local clock minus Binance clock, ms (positive: the local clock is ahead). */
  skewMs: number;
  roundTripMs: number;
}

type Params = Record<string, string | number | undefined>;

export class BinanceRestClient {
  readonly endpoints: BinanceEndpoints;
  private readonly fetch: typeof fetch;
  private readonly logger: Logger;
  private readonly slowdownAt: number;
  private readonly maxRetries: number;
  private readonly maxRateLimitRetries: number;
  private readonly maxRetryAfterMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly timeoutMs: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly abort = new AbortController();
  private usedWeight = 0;
  private usedWeightWindow = 0;
  private reservedWeight = 0;
  private blockedUntil = 0;
  private readonly counts = { requests: 0, retries: 0, rateLimited: 0, banned: 0 };

  constructor(options: RestClientOptions) {
    this.endpoints = options.endpoints;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.logger = options.logger ?? silentLogger;
    this.slowdownAt = options.slowdownAt ?? 0.8;
    this.maxRetries = options.maxRetries ?? 5;
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 10;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 300_000;
    this.backoff = options.backoff ?? { initialMs: 250, maxMs: 10_000 };
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** Oldest-first klines; `interval` is a Binance interval such as `1m`. */
  async klines(query: {
    symbol: string;
    interval: string;
    startTime?: number;
    endTime?: number;
    limit?: number;
  }): Promise<RestKline[]> {
    const rows = await this.get<unknown[]>('klines', { ...query }, query.limit);
    return rows.map(mapKlineRow);
  }

  /** The most recent trades. */
  async recentTrades(symbol: string, limit?: number): Promise<RestTrade[]> {
    return (await this.get<unknown[]>('trades', { symbol, limit }, limit)).map(mapRestTrade);
  }

  /** Trades from `fromId` (inclusive) onwards, oldest first; without fromId the most recent. */
  async historicalTrades(symbol: string, query: { fromId?: number; limit?: number } = {}): Promise<RestTrade[]> {
    return (await this.get<unknown[]>('historicalTrades', { symbol, ...query }, query.limit)).map(mapRestTrade);
  }

  async aggTrades(
    symbol: string,
    query: { fromId?: number; startTime?: number; endTime?: number; limit?: number } = {},
  ): Promise<RestAggTrade[]> {
    return (await this.get<unknown[]>('aggTrades', { symbol, ...query }, query.limit)).map(mapAggTradeRow);
  }

  async exchangeInfo(symbols?: readonly string[]): Promise<ExchangeInfo> {
    const params: Params =
      symbols === undefined ? {} : symbols.length === 1 ? { symbol: symbols[0] } : { symbols: JSON.stringify(symbols) };
    return this.get<ExchangeInfo>('exchangeInfo', params);
  }

  async ping(): Promise<void> {
    await this.get('ping', {});
  }

  async serverTime(): Promise<number> {
    const body = await this.get<{ serverTime: number }>('time', {});
    return body.serverTime;
  }

  /** Local minus Binance clock, from the midpoint of one `/time` round trip. */
  async measureClockSkew(): Promise<ClockSkew> {
    const sentAt = this.now();
    const serverTime = await this.serverTime();
    const receivedAt = this.now();
    return { skewMs: (sentAt + receivedAt) / 2 - serverTime, roundTripMs: receivedAt - sentAt };
  }

  stats(): RestClientStats {
    return { ...this.counts, usedWeight: this.currentWeight(), weightLimit: this.endpoints.limits.restWeightLimit };
  }

  /** Aborts waits and requests in flight; later calls fail with AbortedError. */
  close(): void {
    this.abort.abort();
  }

  private currentWeight(): number {
    return this.usedWeightWindow === this.windowStart(this.now()) ? this.usedWeight : 0;
  }

  private windowStart(now: number): number {
    const windowMs = this.endpoints.limits.restWeightWindowMs;
    return Math.floor(now / windowMs) * windowMs;
  }

  /** Waits out bans and 429s, and the rest of the window when the next call would pass the soft limit. */
  private async waitForBudget(weight: number): Promise<void> {
    const { restWeightLimit, restWeightWindowMs } = this.endpoints.limits;
    const soft = restWeightLimit * this.slowdownAt;
    for (;;) {
      const now = this.now();
      if (now < this.blockedUntil) {
        await sleep(this.blockedUntil - now, this.abort.signal);
        continue;
      }
      const used = this.currentWeight() + this.reservedWeight;
      if (used > 0 && used + weight > soft) {
        const untilNextWindow = this.windowStart(now) + restWeightWindowMs - now + 50;
        this.logger.debug(
          { used, weight, limit: restWeightLimit, waitMs: untilNextWindow },
          'binance rest: near the weight limit, waiting',
        );
        await sleep(untilNextWindow, this.abort.signal);
        continue;
      }
      return;
    }
  }

  private noteWeight(headers: Headers): void {
    const header = headers.get('x-mbx-used-weight-1m') ?? headers.get('x-mbx-used-weight');
    if (header === null) return;
    const value = Number(header);
    if (!Number.isFinite(value)) return;
    const window = this.windowStart(this.now());
    // Responses can arrive out of order; within a window the count only grows.
    this.usedWeight = this.usedWeightWindow === window ? Math.max(this.usedWeight, value) : value;
    this.usedWeightWindow = window;
  }

  private retryAfterMs(headers: Headers, status: number): number {
    const seconds = Number(headers.get('retry-after'));
    if (Number.isFinite(seconds) && seconds >= 0 && headers.get('retry-after') !== null) return seconds * 1000;
    return status === 418 ? 120_000 : this.endpoints.limits.restWeightWindowMs;
  }

  private url(name: RestEndpointName, params: Params): string {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
    const query = search.toString();
    return `${this.endpoints.restUrl}${this.endpoints.restPrefix}/${name}${query ? `?${query}` : ''}`;
  }

  private async get<T>(name: RestEndpointName, params: Params, limit?: number): Promise<T> {
    const weight = requestWeight(this.endpoints, name, limit);
    const path = `${this.endpoints.restPrefix}/${name}`;
    const url = this.url(name, params);
    let failures = 0;
    let rateLimits = 0;
    for (;;) {
      await this.waitForBudget(weight);
      if (this.abort.signal.aborted) throw new AbortedError();
      this.reservedWeight += weight;
      this.counts.requests++;
      let response: Response;
      let text: string;
      try {
        response = await this.fetch(url, {
          signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.timeoutMs)]),
        });
        text = await response.text();
      } catch (error) {
        if (this.abort.signal.aborted) throw new AbortedError();
        if (++failures > this.maxRetries) throw new BinanceNetworkError(path, error, url, failures);
        await this.retryAfterFailure(path, failures, error);
        continue;
      } finally {
        this.reservedWeight -= weight;
      }
      this.noteWeight(response.headers);
      if (response.ok) return parseJson<T>(text, path);
      const body = parseErrorBody(text);
      if (response.status === 429 || response.status === 418) {
        const waitMs = this.retryAfterMs(response.headers, response.status);
        this.blockedUntil = Math.max(this.blockedUntil, this.now() + waitMs);
        if (response.status === 418) this.counts.banned++;
        else this.counts.rateLimited++;
        this.logger.warn(
          { path, status: response.status, retryAfterMs: waitMs },
          'binance rest: rate limited, honouring Retry-After',
        );
        if (waitMs > this.maxRetryAfterMs || ++rateLimits > this.maxRateLimitRetries) {
          throw new BinanceRateLimitError(response.status, path, waitMs);
        }
        continue;
      }
      if (response.status >= 500 || response.status === 408) {
        const error = new BinanceApiError(response.status, body.code, path, body.msg);
        if (++failures > this.maxRetries) throw error;
        await this.retryAfterFailure(path, failures, error);
        continue;
      }
      throw new BinanceApiError(response.status, body.code, path, body.msg);
    }
  }

  private async retryAfterFailure(path: string, failures: number, error: unknown): Promise<void> {
    this.counts.retries++;
    const delay = backoffDelay(failures - 1, this.backoff, this.random);
    this.logger.warn(
      { path, attempt: failures, delayMs: Math.round(delay), err: (error as Error)?.message },
      'binance rest: request failed, retrying',
    );
    await sleep(delay, this.abort.signal);
  }
}

export interface ExchangeInfoSymbol {
  symbol: string;
  status: string;
  baseAsset: string;
  quoteAsset: string;
  filters: Array<Record<string, unknown> & { filterType: string }>;
}

export interface ExchangeInfo {
  timezone: string;
  serverTime: number;
  rateLimits: Array<{ rateLimitType: string; interval: string; intervalNum: number; limit: number }>;
  symbols: ExchangeInfoSymbol[];
}

function parseJson<T>(text: string, path: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new BinanceApiError(200, null, path, `body is not JSON: ${text.slice(0, 80)}`);
  }
}

function parseErrorBody(text: string): { code: number | null; msg: string } {
  try {
    const body = JSON.parse(text) as { code?: unknown; msg?: unknown };
    return {
      code: typeof body.code === 'number' ? body.code : null,
      msg: typeof body.msg === 'string' ? body.msg : text.slice(0, 200),
    };
  } catch {
    return { code: null, msg: text.slice(0, 200) };
  }
}
