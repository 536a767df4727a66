// Fills trade-id gaps over REST (docs/binance-protocol.md#filling-a-gap): exact trades from
// `historicalTrades` paged by `fromId`; where that endpoint is refused (data-api hosts, futures
// beyond 3 months) the `aggTrades` rows covering the ids, split into one tick per trade id. Ids
// REST does not serve as trades (USD-M insurance-fund/ADL prints) are reported as skipped so the
// sequence moves on.
import type { InstrumentId, Tick } from '../../domain/index.js';
import { sleep } from './backoff.js';
import type { FillMethod } from './gap-log.js';
import { silentLogger, type Logger } from '../../domain/logger.js';
import { aggTradeToTicks, restTradeToTick, type RestAggTrade } from './mappers.js';
import { BinanceApiError, BinanceRateLimitError, type BinanceRestClient } from './rest-client.js';

export interface MissingRange {
  fromId: number;
  /** null: everything after fromId (catch-up after a restart). */
  toId: number | null;
  /** Exchange time of the trade before fromId, if known (locates aggTrades). */
  fromTs: number | null;
}

export interface FillTarget {
  readonly instrument: InstrumentId;
  readonly symbol: string;
  /** The lowest range still missing, or null when nothing is. */
  nextMissing(): MissingRange | null;
  /** Recovered trades, oldest first. */
  deliver(ticks: Tick[], method: FillMethod): void;
  /** Ids REST does not have as trades. */
  skip(fromId: number, toId: number): void;
}

/**
 * complete: nothing missing; caught-up: open-ended fill reached the newest trade; stalled: REST does not have the ids
 * (yet).
 */
export type FillOutcome = 'complete' | 'caught-up' | 'stalled';

export interface GapFillerOptions {
  client: BinanceRestClient;
  logger?: Logger;
  /** 'auto' (default): historicalTrades, switching to aggTrades for good once it is refused. */
  method?: 'auto' | 'historicalTrades' | 'aggTrades';
  /** REST lags the live stream slightly: how often to re-ask for ids it does not have yet. */
  lagRetries?: number;
  lagRetryMs?: number;
  /** How far back to search aggTrades for an id when its time is unknown (default 30 days). */
  aggSearchWindowMs?: number;
  signal?: AbortSignal;
  now?: () => number;
}

/** 4xx answers other than rate limits mean "not from this endpoint", not "try again". */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof BinanceApiError &&
    !(error instanceof BinanceRateLimitError) &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408
  );
}

export class GapFiller {
  private useAggTrades: boolean;
  private readonly logger: Logger;
  private readonly now: () => number;

  constructor(private readonly options: GapFillerOptions) {
    this.useAggTrades = options.method === 'aggTrades';
    this.logger = options.logger ?? silentLogger;
    this.now = options.now ?? Date.now;
  }

  get method(): FillMethod {
    return this.useAggTrades ? 'aggTrades' : 'historicalTrades';
  }

  /** Fetches until nothing is missing, the newest trade is reached, or REST has no more. */
  async fill(target: FillTarget): Promise<FillOutcome> {
    let lagRetries = 0;
    let aggCursor: { nextAggId: number; expectedId: number } | null = null;
    for (;;) {
      const want = target.nextMissing();
      if (want === null) return 'complete';
      let progressed: boolean;
      let exhausted: boolean;
      try {
        if (this.useAggTrades) {
          if (aggCursor !== null && aggCursor.expectedId !== want.fromId) aggCursor = null;
          const step = await this.aggTradesPage(target, want, aggCursor);
          aggCursor = step.cursor;
          ({ progressed, exhausted } = step);
        } else {
          ({ progressed, exhausted } = await this.historicalTradesPage(target, want));
        }
      } catch (error) {
        if (!this.useAggTrades && this.options.method !== 'historicalTrades' && isRefusal(error)) {
          this.logger.warn(
            { instrument: target.instrument, err: (error as Error).message },
            'binance gaps: historicalTrades refused, filling from aggTrades',
          );
          this.useAggTrades = true;
          continue;
        }
        throw error;
      }
      if (want.toId === null && exhausted) return 'caught-up';
      if (progressed) {
        lagRetries = 0;
        continue;
      }
      if (!exhausted) continue;
      if (++lagRetries > (this.options.lagRetries ?? 10)) return 'stalled';
      await sleep(this.options.lagRetryMs ?? 200, this.options.signal);
    }
  }

  /** One historicalTrades page from the lowest missing id. */
  private async historicalTradesPage(
    target: FillTarget,
    want: MissingRange,
  ): Promise<{ progressed: boolean; exhausted: boolean }> {
    const { client } = this.options;
    const limit = client.endpoints.pageLimits.historicalTrades;
    const page = await client.historicalTrades(target.symbol, { fromId: want.fromId, limit });
    const receivedAt = this.now();
    let expected = want.fromId;
    let batch: Tick[] = [];
    for (const trade of page) {
      if (trade.id < expected) continue;
      if (want.toId !== null && trade.id > want.toId) break;
      if (trade.id > expected) {
        if (batch.length > 0) target.deliver(batch, 'historicalTrades');
        batch = [];
        target.skip(expected, trade.id - 1);
      }
      batch.push(restTradeToTick(trade, target.instrument, receivedAt));
      expected = trade.id + 1;
    }
    if (batch.length > 0) target.deliver(batch, 'historicalTrades');
    return { progressed: expected > want.fromId, exhausted: page.length < limit };
  }

  /** One aggTrades page: located by time (or searched) first, then paged by aggregate id. */
  private async aggTradesPage(
    target: FillTarget,
    want: MissingRange,
    cursor: { nextAggId: number; expectedId: number } | null,
  ): Promise<{ progressed: boolean; exhausted: boolean; cursor: { nextAggId: number; expectedId: number } | null }> {
    const { client } = this.options;
    const limit = client.endpoints.pageLimits.aggTrades;
    let rows: RestAggTrade[];
    if (cursor !== null) rows = await client.aggTrades(target.symbol, { fromId: cursor.nextAggId, limit });
    else {
      const startTime = want.fromTs ?? (await this.searchTimeOf(target.symbol, want.fromId));
      if (startTime === null) return { progressed: false, exhausted: true, cursor: null };
      rows = await client.aggTrades(target.symbol, { startTime: Math.floor(startTime), limit });
    }
    const receivedAt = this.now();
    let expected = want.fromId;
    let batch: Tick[] = [];
    for (const row of rows) {
      if (row.lastTradeId < expected) continue;
      if (want.toId !== null && row.firstTradeId > want.toId) break;
      if (row.firstTradeId > expected) {
        if (batch.length > 0) target.deliver(batch, 'aggTrades');
        batch = [];
        target.skip(expected, row.firstTradeId - 1);
      }
      batch.push(
        ...aggTradeToTicks(row, target.instrument, expected, want.toId ?? Number.MAX_SAFE_INTEGER, receivedAt),
      );
      expected = row.lastTradeId + 1;
    }
    if (batch.length > 0) target.deliver(batch, 'aggTrades');
    const last = rows.at(-1);
    const next = last === undefined ? cursor : { nextAggId: last.aggId + 1, expectedId: expected };
    return { progressed: expected > want.fromId, exhausted: rows.length < limit, cursor: next };
  }

  /** Finds a time at or before trade `tradeId` by bisecting aggTrades over time (ids are time-ordered). */
  private async searchTimeOf(symbol: string, tradeId: number): Promise<number | null> {
    const { client } = this.options;
    let hi = this.now();
    let lo = hi - (this.options.aggSearchWindowMs ?? 30 * 86_400_000);
    const first = await client.aggTrades(symbol, { startTime: lo, limit: 1 });
    if (first.length === 0 || first[0].firstTradeId > tradeId) return first.length === 0 ? null : lo;
    // Invariant: the first aggregate at or after lo starts at or before tradeId.
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      const rows = await client.aggTrades(symbol, { startTime: mid, limit: 1 });
      if (rows.length > 0 && rows[0].firstTradeId <= tradeId) lo = mid;
      else hi = mid;
    }
    return lo;
  }
}
