// The fake Binance REST API (docs/binance-protocol.md#rest): spot `/api/v3/*` and USD-M
// `/fapi/v1/*` market-data endpoints with their request weights, the `X-MBX-USED-WEIGHT-1M` header,
// 429 + Retry-After when over the weight limit, 418 bans for clients that keep going, and
// injectable failures.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeMarket } from './fake-market.js';
import type { FakeTrade } from './tape.js';

export interface FakeRequestRecord {
  path: string;
  query: Record<string, string>;
  status: number;
  weight: number;
  at: number;
}

export interface InjectedFailure {
  /** HTTP status, or 'network' to destroy the socket without an answer. */
  status: number | 'network';
  remaining: number;
  retryAfterSeconds?: number;
  /** Only requests whose path ends with this (e.g. 'historicalTrades'). */
  pathSuffix?: string;
}

export interface FakeRestState {
  requests: FakeRequestRecord[];
  windowStart: number;
  usedWeight: number;
  /** Until when the last 429 asked the client to wait (local ms). */
  retryAfterUntil: number;
  violations: number;
  bannedUntil: number;
  failures: InjectedFailure[];
  count429: number;
  count418: number;
}

export function createRestState(): FakeRestState {
  return {
    requests: [],
    windowStart: 0,
    usedWeight: 0,
    retryAfterUntil: 0,
    violations: 0,
    bannedUntil: 0,
    failures: [],
    count429: 0,
    count418: 0,
  };
}

const INTERVAL_MS: Record<string, number> = {
  '1s': 1_000,
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '8h': 28_800_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
  '3d': 259_200_000,
  '1w': 604_800_000,
};

class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function intParam(query: Record<string, string>, name: string): number | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (!/^-?[0-9]{1,20}$/.test(value)) {
    throw new RestError(400, -1100, `Illegal characters found in parameter '${name}'; legal range is '^[0-9]{1,20}$'.`);
  }
  return Number(value);
}

function limitParam(query: Record<string, string>, fallback: number, max: number): number {
  const limit = intParam(query, 'limit') ?? fallback;
  if (limit < 1 || limit > max) throw new RestError(400, -1130, "Data sent for parameter 'limit' is not valid.");
  return limit;
}

function symbolParam(market: FakeMarket, query: Record<string, string>): string {
  const symbol = query.symbol;
  if (symbol === undefined || symbol === '') {
    throw new RestError(400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
  }
  if (!market.isValidSymbol(symbol)) throw new RestError(400, -1121, 'Invalid symbol.');
  return symbol;
}

interface Route {
  weight: (query: Record<string, string>) => number;
  handle: (market: FakeMarket, query: Record<string, string>) => unknown;
}

function tradeItem(market: FakeMarket, trade: FakeTrade): Record<string, unknown> {
  const base = {
    id: trade.id,
    price: trade.price,
    qty: trade.qty,
    quoteQty: trade.quoteQty,
    time: trade.time,
    isBuyerMaker: trade.isBuyerMaker,
  };
  return market.kind === 'spot' ? { ...base, isBestMatch: true } : { ...base, isRPITrade: false };
}

function routes(kind: 'spot' | 'futures'): Record<string, Route> {
  const spot = kind === 'spot';
  const klines: Route = {
    weight: (query) => {
      if (spot) return 2;
      const limit = Number(query.limit ?? 500);
      return limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
    },
    handle: (market, query) => {
      const symbol = symbolParam(market, query);
      const intervalMs = INTERVAL_MS[query.interval ?? ''];
      if (intervalMs === undefined || (!spot && query.interval === '1s'))
        throw new RestError(400, -1120, 'Invalid interval.');
      const limit = limitParam(query, 500, spot ? 1000 : 1500);
      return market.tape(symbol).klines(intervalMs, {
        startTime: intParam(query, 'startTime'),
        endTime: intParam(query, 'endTime'),
        limit,
        now: market.now(),
        listedAt: market.config.listedAt,
        omitted: market.omittedKlines.get(`${symbol}|${intervalMs}`),
      });
    },
  };
  return {
    ping: { weight: () => 1, handle: () => ({}) },
    time: { weight: () => 1, handle: (market) => ({ serverTime: market.now() }) },
    klines,
    uiKlines: klines,
    trades: {
      weight: () => (spot ? 25 : 5),
      handle: (market, query) => {
        const symbol = symbolParam(market, query);
        const limit = limitParam(query, 500, 1000);
        return market
          .tape(symbol)
          .recentTrades(limit, !spot)
          .map((trade) => tradeItem(market, trade));
      },
    },
    historicalTrades: {
      weight: () => (spot ? 25 : 20),
      handle: (market, query) => {
        const symbol = symbolParam(market, query);
        const limit = limitParam(query, spot ? 500 : 100, spot ? 1000 : 500);
        const tape = market.tape(symbol);
        const fromId = intParam(query, 'fromId');
        const trades = fromId === undefined ? tape.recentTrades(limit, !spot) : tape.tradesFrom(fromId, limit, !spot);
        return trades.map((trade) => tradeItem(market, trade));
      },
    },
    aggTrades: {
      weight: () => (spot ? 4 : 20),
      handle: (market, query) => {
        const symbol = symbolParam(market, query);
        const limit = limitParam(query, 500, 1000);
        const startTime = intParam(query, 'startTime');
        const endTime = intParam(query, 'endTime');
        if (!spot && startTime !== undefined && endTime !== undefined && endTime - startTime >= 3_600_000) {
          throw new RestError(400, -1127, 'More than 1 hours between startTime and endTime.');
        }
        const rows = market.tape(symbol).aggTrades({ fromId: intParam(query, 'fromId'), startTime, endTime, limit });
        return rows.map((row) => (spot ? { ...row, M: true } : row));
      },
    },
    exchangeInfo: {
      weight: () => (spot ? 20 : 1),
      handle: (market, query) => exchangeInfo(market, query),
    },
  };
}

function exchangeInfo(market: FakeMarket, query: Record<string, string>): unknown {
  let symbols = [...market.tapes.keys()];
  if (query.symbol !== undefined) symbols = [symbolParam(market, query)];
  else if (query.symbols !== undefined) {
    try {
      symbols = JSON.parse(query.symbols) as string[];
    } catch {
      throw new RestError(400, -1100, "Illegal characters found in parameter 'symbols'.");
    }
  }
  const spot = market.kind === 'spot';
  return {
    timezone: 'UTC',
    serverTime: market.now(),
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: market.config.weightLimit },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 300_000 },
    ],
    exchangeFilters: [],
    symbols: symbols.map((symbol) => {
      market.tape(symbol);
      const quoteAsset = symbol.endsWith('USDT') ? 'USDT' : symbol.slice(-3);
      return {
        symbol,
        status: 'TRADING',
        baseAsset: symbol.slice(0, symbol.length - quoteAsset.length),
        baseAssetPrecision: 8,
        quoteAsset,
        quotePrecision: 8,
        quoteAssetPrecision: 8,
        filters: [
          {
            filterType: 'PRICE_FILTER',
            minPrice: spot ? '0.01000000' : '0.10',
            maxPrice: spot ? '1000000.00000000' : '4529764',
            tickSize: spot ? '0.01000000' : '0.10',
          },
          {
            filterType: 'LOT_SIZE',
            minQty: spot ? '0.00001000' : '0.001',
            maxQty: spot ? '9000.00000000' : '1000',
            stepSize: spot ? '0.00001000' : '0.001',
          },
        ],
      };
    }),
  };
}

const ROUTES = { spot: routes('spot'), futures: routes('futures') };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Serves one REST request of `market`; `name` is the path after `/api/v3/` or `/fapi/v1/`. */
export function handleRest(
  market: FakeMarket,
  name: string,
  query: Record<string, string>,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const state = market.rest;
  const now = Date.now();
  const config = market.config;
  const windowStart = Math.floor(now / config.weightWindowMs) * config.weightWindowMs;
  if (windowStart !== state.windowStart) {
    state.windowStart = windowStart;
    state.usedWeight = 0;
  }
  const record: FakeRequestRecord = { path: req.url?.split('?')[0] ?? '', query, status: 200, weight: 0, at: now };
  state.requests.push(record);
  const headers = () => ({
    'X-MBX-USED-WEIGHT-1M': String(state.usedWeight),
    'X-MBX-USED-WEIGHT': String(state.usedWeight),
  });
  const answer = (status: number, body: unknown, extra: Record<string, string> = {}) => {
    record.status = status;
    send(res, status, body, { ...headers(), ...extra });
  };
  const ban = () => {
    state.count418++;
    const seconds = Math.ceil((state.bannedUntil - now) / 1000);
    answer(
      418,
      {
        code: -1003,
        msg:
          `Way too much request weight used; IP banned until ${state.bannedUntil}. Please use WebSocket ` +
          'Streams for live updates to avoid bans.',
      },
      { 'Retry-After': String(seconds) },
    );
  };
  if (now < state.bannedUntil) {
    ban();
    return;
  }

  const failure = state.failures.find(
    (f) => f.remaining > 0 && (f.pathSuffix === undefined || name.endsWith(f.pathSuffix)),
  );
  if (failure !== undefined) {
    failure.remaining--;
    if (failure.status === 'network') {
      record.status = 0;
      req.socket.destroy();
      return;
    }
    const extra: Record<string, string> = {};
    if (failure.status === 429 || failure.status === 418) {
      const seconds = failure.retryAfterSeconds ?? 1;
      extra['Retry-After'] = String(seconds);
      if (failure.status === 429) {
        state.count429++;
        state.retryAfterUntil = now + seconds * 1000;
      } else {
        state.count418++;
        state.bannedUntil = now + seconds * 1000;
      }
    }
    answer(
      failure.status,
      { code: failure.status === 429 || failure.status === 418 ? -1003 : -1000, msg: `injected ${failure.status}` },
      extra,
    );
    return;
  }

  const route = ROUTES[market.kind][name];
  if (route === undefined) {
    answer(404, { code: -1000, msg: `Unknown endpoint ${name}` });
    return;
  }
  const weight = route.weight(query);
  record.weight = weight;

  if (now < state.retryAfterUntil) {
    // Asked to wait and did not: repeat offenders get banned (docs/binance-protocol.md#rate-limits).
    state.violations++;
    if (state.violations >= config.banAfterViolations) {
      state.violations = 0;
      state.bannedUntil = now + config.banSeconds * 1000;
      ban();
      return;
    }
  }
  if (state.usedWeight + weight > config.weightLimit || now < state.retryAfterUntil) {
    const seconds =
      config.retryAfterSeconds ?? Math.max(1, Math.ceil((windowStart + config.weightWindowMs - now) / 1000));
    state.retryAfterUntil = Math.max(state.retryAfterUntil, now + seconds * 1000);
    state.count429++;
    answer(
      429,
      {
        code: -1003,
        msg:
          `Too much request weight used; current limit is ${config.weightLimit} request weight per 1 MINUTE. ` +
          'Please use WebSocket Streams for live updates to avoid polling the API.',
      },
      { 'Retry-After': String(seconds) },
    );
    return;
  }
  state.usedWeight += weight;
  try {
    answer(200, route.handle(market, query));
  } catch (error) {
    if (error instanceof RestError) {
      answer(error.status, { code: error.code, msg: error.message });
      return;
    }
    answer(500, { code: -1000, msg: (error as Error).message });
  }
}
