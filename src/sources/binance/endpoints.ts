// Binance spot and USD-M futures as configuration of the same ingestion code: base URLs, REST
// path prefix, documented limits and maximum page sizes (docs/binance-protocol.md: Limits, USD-M
// futures, REST). Every URL can be overridden so that Binance US, testnets and local test servers
// work.
import type { Timeframe } from '../../domain/index.js';

export type BinanceVenue = 'binance' | 'binance-futures';

export interface BinanceLimits {
  /** Streams one WebSocket connection may carry. */
  streamsPerConnection: number;
  /** Messages the client may send per second and connection, pongs and pings included. */
  incomingMessagesPerSecond: number;
  /** Connection attempts allowed per window and IP. */
  connectionAttempts: number;
  connectionAttemptWindowMs: number;
  /** The server closes every connection after this long. */
  connectionLifetimeMs: number;
  /** Interval of the server's ping frames (informational; pongs are sent on every ping). */
  pingIntervalMs: number;
  /** REST request weight per window (`X-MBX-USED-WEIGHT-1M`). */
  restWeightLimit: number;
  restWeightWindowMs: number;
}

export interface BinancePageLimits {
  klines: number;
  historicalTrades: number;
  aggTrades: number;
  trades: number;
}

export interface BinanceEndpoints {
  venue: BinanceVenue;
  /** WebSocket base including any path prefix, without a trailing slash (futures: `…/market`). */
  wsUrl: string;
  /** REST origin without a trailing slash. */
  restUrl: string;
  /** `/api/v3` on spot, `/fapi/v1` on USD-M futures. */
  restPrefix: string;
  limits: BinanceLimits;
  pageLimits: BinancePageLimits;
  /** Timeframes the venue serves as klines (USD-M has no 1s). */
  klineTimeframes: readonly Timeframe[];
}

export interface BinanceEndpointOverrides {
  wsUrl?: string;
  restUrl?: string;
  limits?: Partial<BinanceLimits>;
  pageLimits?: Partial<BinancePageLimits>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const DEFAULTS: Readonly<Record<BinanceVenue, BinanceEndpoints>> = {
  binance: {
    venue: 'binance',
    wsUrl: 'wss://stream.binance.com:9443',
    restUrl: 'https://api.binance.com',
    restPrefix: '/api/v3',
    limits: {
      streamsPerConnection: 1024,
      incomingMessagesPerSecond: 5,
      connectionAttempts: 300,
      connectionAttemptWindowMs: 5 * MINUTE,
      connectionLifetimeMs: 24 * HOUR,
      pingIntervalMs: 20_000,
      restWeightLimit: 6000,
      restWeightWindowMs: MINUTE,
    },
    pageLimits: { klines: 1000, historicalTrades: 1000, aggTrades: 1000, trades: 1000 },
    klineTimeframes: ['1s', '1m', '5m', '15m', '1h', '4h', '1d'],
  },
  'binance-futures': {
    venue: 'binance-futures',
    // Trades and klines are "regular" streams, served under /market since the 2026 URL split.
    wsUrl: 'wss://fstream.binance.com/market',
    restUrl: 'https://fapi.binance.com',
    restPrefix: '/fapi/v1',
    limits: {
      streamsPerConnection: 1024,
      incomingMessagesPerSecond: 10,
      connectionAttempts: 300,
      connectionAttemptWindowMs: 5 * MINUTE,
      connectionLifetimeMs: 24 * HOUR,
      pingIntervalMs: 3 * MINUTE,
      restWeightLimit: 2400,
      restWeightWindowMs: MINUTE,
    },
    // Kline pages are kept at 1000 (weight 5) rather than 1500 (weight 10): same weight per row.
    pageLimits: { klines: 1000, historicalTrades: 500, aggTrades: 1000, trades: 1000 },
    klineTimeframes: ['1m', '5m', '15m', '1h', '4h', '1d'],
  },
};

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * A futures WebSocket override given as a bare origin (`ws://127.0.0.1:9000`) gets the `/market`
 * prefix the real endpoint needs; one with a path (`…/market`, `…/public`) is kept as given.
 */
function futuresWsUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.pathname === '' || parsed.pathname === '/') return `${trimSlash(url)}/market`;
  return trimSlash(url);
}

/**
 * Where to go when the WebSocket base answers 404: the legacy un-prefixed futures URL (retired
 * on Binance in 2026, still served by older test servers and mirrors).
 */
export function legacyWsUrl(endpoints: BinanceEndpoints): string | null {
  if (endpoints.venue !== 'binance-futures') return null;
  const parsed = new URL(endpoints.wsUrl);
  if (!/^\/(market|public)$/.test(parsed.pathname)) return null;
  return endpoints.wsUrl.slice(0, -parsed.pathname.length);
}

function assertUrl(value: string, field: string, protocols: readonly string[]): void {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new TypeError(`${field}: "${value}" is not a URL; expected e.g. ${protocols[0]}//127.0.0.1:9000`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new TypeError(`${field}: "${value}" must use ${protocols.join(' or ')}`);
  }
}

/** Endpoints of a venue: the real Binance ones unless overridden. */
export function binanceEndpoints(venue: BinanceVenue, overrides: BinanceEndpointOverrides = {}): BinanceEndpoints {
  const base = DEFAULTS[venue];
  let wsUrl = base.wsUrl;
  if (overrides.wsUrl !== undefined) {
    assertUrl(overrides.wsUrl, 'wsUrl', ['ws:', 'wss:']);
    wsUrl = venue === 'binance-futures' ? futuresWsUrl(overrides.wsUrl) : trimSlash(overrides.wsUrl);
  }
  let restUrl = base.restUrl;
  if (overrides.restUrl !== undefined) {
    assertUrl(overrides.restUrl, 'restUrl', ['http:', 'https:']);
    restUrl = trimSlash(overrides.restUrl);
  }
  return {
    ...base,
    wsUrl,
    restUrl,
    limits: { ...base.limits, ...overrides.limits },
    pageLimits: { ...base.pageLimits, ...overrides.pageLimits },
  };
}

/** `btcusdt@trade`: stream names use lower-case symbols. */
export function tradeStreamName(symbol: string): string {
  return `${symbol.toLowerCase()}@trade`;
}

/** Upper-case symbol of a stream name such as `btcusdt@trade`. */
export function symbolOfStream(stream: string): string {
  const at = stream.indexOf('@');
  return (at === -1 ? stream : stream.slice(0, at)).toUpperCase();
}

/** Combined-stream URL carrying `streams` from the start (`/stream?streams=a/b`). */
export function combinedStreamUrl(endpoints: BinanceEndpoints, streams: readonly string[]): string {
  const query = streams.length > 0 ? `?streams=${streams.join('/')}` : '';
  return `${endpoints.wsUrl}/stream${query}`;
}
