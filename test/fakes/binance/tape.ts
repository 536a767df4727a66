// The trade tape of one fake symbol: a deterministic generator with sequential ids, the history
// REST serves (trades, historicalTrades, aggTrades, klines) and the exact decimal strings the
// real payloads carry.
import { seededRandom } from '../../../src/domain/seeded-random.js';
import { hashSeed, uniformAt } from './prng.js';

export type FakeMarketKind = 'spot' | 'futures';
export type FakeTradeType = 'MARKET' | 'INSURANCE_FUND' | 'ADL';

export interface FakeTrade {
  id: number;
  price: string;
  qty: string;
  quoteQty: string;
  /** Trade time, epoch ms (server clock). */
  time: number;
  isBuyerMaker: boolean;
  type: FakeTradeType;
  /** Numeric copies for bar building in tests. */
  priceValue: number;
  qtyValue: number;
}

export interface FakeAggTrade {
  a: number;
  p: string;
  q: string;
  f: number;
  l: number;
  T: number;
  m: boolean;
}

/** One kline row exactly as REST returns it (12 columns). */
export type FakeKlineRow = [
  number,
  string,
  string,
  string,
  string,
  string,
  number,
  string,
  number,
  string,
  string,
  string,
];

interface Scale {
  priceDecimals: number;
  qtyDecimals: number;
  /** Digits after the point in the strings (spot pads to 8). */
  shownDecimals: number | null;
}

const SCALES: Record<FakeMarketKind, Scale> = {
  spot: { priceDecimals: 2, qtyDecimals: 5, shownDecimals: 8 },
  futures: { priceDecimals: 2, qtyDecimals: 3, shownDecimals: null },
};

const KNOWN_PRICES: Record<string, number> = { BTCUSDT: 61_800, ETHUSDT: 2_680, SOLUSDT: 150, BNBUSDT: 520 };

/** `units` scaled by 10^-scale as a decimal string, padded to `shown` decimals when given. */
export function formatScaled(units: bigint, scale: number, shown: number | null = null): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  let fraction = digits.slice(digits.length - scale);
  if (shown !== null) fraction = fraction.padEnd(shown, '0');
  return `${negative ? '-' : ''}${whole}${fraction.length > 0 ? `.${fraction}` : ''}`;
}

function trimZeros(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/0+$/, '').replace(/\.$/, '') : decimal;
}

export interface TapeOptions {
  symbol: string;
  kind: FakeMarketKind;
  seed?: number;
  startId?: number;
  startPrice?: number;
  /** Futures only: every n-th trade is an INSURANCE_FUND print (0 = never). */
  nonMarketEvery?: number;
}

export class TradeTape {
  readonly symbol: string;
  readonly kind: FakeMarketKind;
  readonly startId: number;
  readonly trades: FakeTrade[] = [];
  readonly aggs: FakeAggTrade[] = [];
  nonMarketEvery: number;
  private readonly random: () => number;
  private readonly scale: Scale;
  private priceTicks: number;
  /** Level the synthetic (pre-tape) klines oscillate around; fixed so they never change. */
  private readonly basePrice: number;
  private readonly firstAggId: number;

  constructor(options: TapeOptions) {
    this.symbol = options.symbol;
    this.kind = options.kind;
    const seed = hashSeed(`${options.kind}:${options.symbol}:${options.seed ?? 1}`);
    this.random = seededRandom(seed);
    this.scale = SCALES[options.kind];
    this.startId = options.startId ?? 1_000_000 + (seed % 9_000_000);
    this.firstAggId = Math.floor(this.startId / 3);
    const price = options.startPrice ?? KNOWN_PRICES[options.symbol] ?? 1 + (seed % 1000);
    this.priceTicks = Math.round(price * 10 ** this.scale.priceDecimals);
    this.basePrice = price;
    this.nonMarketEvery = options.nonMarketEvery ?? 0;
  }

  get lastId(): number {
    return this.startId + this.trades.length - 1;
  }

  get firstTradeTime(): number | null {
    return this.trades.length > 0 ? this.trades[0].time : null;
  }

  /** Appends the next trade at `time` (never earlier than the previous trade). */
  append(time: number): FakeTrade {
    const { priceDecimals, qtyDecimals, shownDecimals } = this.scale;
    const step = Math.round((this.random() - 0.5) * 4);
    this.priceTicks = Math.max(1, this.priceTicks + step);
    const qtyUnits = 1 + Math.floor(this.random() ** 3 * 10 ** qtyDecimals);
    const isBuyerMaker = this.random() < 0.5;
    const previous = this.trades.at(-1);
    const id = this.startId + this.trades.length;
    const type: FakeTradeType =
      this.kind === 'futures' && this.nonMarketEvery > 0 && id % this.nonMarketEvery === 0
        ? 'INSURANCE_FUND'
        : 'MARKET';
    const trade: FakeTrade = {
      id,
      price: formatScaled(BigInt(this.priceTicks), priceDecimals, shownDecimals),
      qty: formatScaled(BigInt(qtyUnits), qtyDecimals, shownDecimals),
      quoteQty: trimZeros(formatScaled(BigInt(this.priceTicks) * BigInt(qtyUnits), priceDecimals + qtyDecimals)),
      time: Math.max(time, previous?.time ?? time),
      isBuyerMaker,
      type,
      priceValue: this.priceTicks / 10 ** priceDecimals,
      qtyValue: qtyUnits / 10 ** qtyDecimals,
    };
    this.trades.push(trade);
    if (type === 'MARKET') this.aggregate(trade, previous);
    return trade;
  }

  /** Same time, price and taker side as the previous market trade: merged into its aggTrade. */
  private aggregate(trade: FakeTrade, previous: FakeTrade | undefined): void {
    const last = this.aggs.at(-1);
    if (
      last !== undefined &&
      previous !== undefined &&
      last.l === trade.id - 1 &&
      last.T === trade.time &&
      last.p === trade.price &&
      last.m === trade.isBuyerMaker
    ) {
      last.l = trade.id;
      const units = (q: string) => BigInt(q.replace('.', ''));
      last.q = formatScaled(units(last.q) + units(trade.qty), this.scale.shownDecimals ?? this.scale.qtyDecimals);
      return;
    }
    this.aggs.push({
      a: this.firstAggId + this.aggs.length,
      p: trade.price,
      q: trade.qty,
      f: trade.id,
      l: trade.id,
      T: trade.time,
      m: trade.isBuyerMaker,
    });
  }

  trade(id: number): FakeTrade | undefined {
    return this.trades[id - this.startId];
  }

  /** Trades with id ≥ fromId, oldest first (futures REST serves market trades only). */
  tradesFrom(fromId: number, limit: number, marketOnly: boolean): FakeTrade[] {
    const out: FakeTrade[] = [];
    for (let i = Math.max(0, fromId - this.startId); i < this.trades.length && out.length < limit; i++) {
      const trade = this.trades[i];
      if (!marketOnly || trade.type === 'MARKET') out.push(trade);
    }
    return out;
  }

  recentTrades(limit: number, marketOnly: boolean): FakeTrade[] {
    const out: FakeTrade[] = [];
    for (let i = this.trades.length - 1; i >= 0 && out.length < limit; i--) {
      const trade = this.trades[i];
      if (!marketOnly || trade.type === 'MARKET') out.push(trade);
    }
    return out.reverse();
  }

  /** aggTrades by `fromId`, or by the time-window rule (docs/binance-protocol.md#paging-by-time), oldest first. */
  aggTrades(query: { fromId?: number; startTime?: number; endTime?: number; limit: number }): FakeAggTrade[] {
    const { fromId, startTime, endTime, limit } = query;
    if (fromId !== undefined) {
      const start = Math.max(0, fromId - this.firstAggId);
      return this.aggs.slice(start, start + limit).filter((agg) => endTime === undefined || agg.T <= endTime);
    }
    const inWindow = (agg: FakeAggTrade) =>
      (startTime === undefined || agg.T >= startTime) && (endTime === undefined || agg.T <= endTime);
    if (startTime !== undefined) return this.aggs.filter(inWindow).slice(0, limit);
    return this.aggs.filter(inWindow).slice(-limit);
  }

  /**
   * Kline rows for buckets of `intervalMs` from `startTime` up to `endTime` (both inclusive of
   * bucket open times), at most `limit`, never past the bucket holding `now`. Buckets before the
   * first generated trade are synthetic (deterministic, contiguous: each open is the previous
   * close); later ones are aggregated from the tape.
   */
  klines(
    intervalMs: number,
    query: {
      startTime?: number;
      endTime?: number;
      limit: number;
      now: number;
      listedAt: number;
      omitted?: ReadonlySet<number>;
    },
  ): FakeKlineRow[] {
    const { limit, now, listedAt, omitted } = query;
    const first = Math.ceil(listedAt / intervalMs) * intervalMs;
    const lastOpen = Math.floor(Math.min(query.endTime ?? now, now) / intervalMs) * intervalMs;
    let from: number;
    if (query.startTime !== undefined) from = Math.max(first, Math.ceil(query.startTime / intervalMs) * intervalMs);
    else from = Math.max(first, lastOpen - (limit - 1) * intervalMs);
    const rows: FakeKlineRow[] = [];
    for (let open = from; open <= lastOpen && rows.length < limit; open += intervalMs) {
      if (omitted?.has(open)) continue;
      rows.push(this.kline(open, intervalMs));
    }
    return rows;
  }

  private kline(open: number, intervalMs: number): FakeKlineRow {
    const tapeStart = this.firstTradeTime;
    if (tapeStart === null || open + intervalMs <= Math.floor(tapeStart / intervalMs) * intervalMs) {
      return this.syntheticKline(open, intervalMs);
    }
    return this.tapeKline(open, intervalMs);
  }

  private syntheticPrice(time: number): number {
    const base = this.basePrice;
    const day = 86_400_000;
    const drift =
      0.05 * Math.sin((2 * Math.PI * time) / (7 * day)) + 0.01 * Math.sin((2 * Math.PI * time) / (9 * 3_600_000));
    return base * Math.exp(drift + 0.002 * (uniformAt(this.symbol, 'p', Math.floor(time / 1000)) - 0.5));
  }

  private syntheticKline(open: number, intervalMs: number): FakeKlineRow {
    const { priceDecimals, qtyDecimals, shownDecimals } = this.scale;
    const toPrice = (value: number) =>
      formatScaled(BigInt(Math.round(value * 10 ** priceDecimals)), priceDecimals, shownDecimals);
    const toQty = (value: number) =>
      formatScaled(BigInt(Math.round(value * 10 ** qtyDecimals)), qtyDecimals, shownDecimals);
    const o = this.syntheticPrice(open);
    const c = this.syntheticPrice(open + intervalMs);
    const u = uniformAt(this.symbol, 'k', intervalMs, open);
    const h = Math.max(o, c) * (1 + 0.001 * u);
    const l = Math.min(o, c) * (1 - 0.001 * (1 - u));
    const volume = 1 + 10 * u;
    const takerBuy = volume * uniformAt(this.symbol, 'b', intervalMs, open);
    const mid = (o + c) / 2;
    return [
      open,
      toPrice(o),
      toPrice(h),
      toPrice(l),
      toPrice(c),
      toQty(volume),
      open + intervalMs - 1,
      (volume * mid).toFixed(8),
      1 + Math.floor(500 * u),
      toQty(takerBuy),
      (takerBuy * mid).toFixed(8),
      '0',
    ];
  }

  private tapeKline(open: number, intervalMs: number): FakeKlineRow {
    const end = open + intervalMs;
    let lo = 0;
    let hi = this.trades.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.trades[mid].time < open) lo = mid + 1;
      else hi = mid;
    }
    const inBar: FakeTrade[] = [];
    for (let i = lo; i < this.trades.length && this.trades[i].time < end; i++) {
      if (this.trades[i].type === 'MARKET') inBar.push(this.trades[i]);
    }
    const { priceDecimals, qtyDecimals, shownDecimals } = this.scale;
    const fromUnits = (value: bigint, scale: number) => formatScaled(value, scale, shownDecimals);
    if (inBar.length === 0) {
      const before = lo > 0 ? this.trades[lo - 1].price : this.trades[0].price;
      const zero = fromUnits(0n, qtyDecimals);
      return [open, before, before, before, before, zero, end - 1, '0', 0, zero, '0', '0'];
    }
    const priceUnits = (trade: FakeTrade) => Math.round(trade.priceValue * 10 ** priceDecimals);
    const qtyUnits = (trade: FakeTrade) => BigInt(Math.round(trade.qtyValue * 10 ** qtyDecimals));
    let high = inBar[0];
    let low = inBar[0];
    let volume = 0n;
    let quote = 0n;
    let buyVolume = 0n;
    let buyQuote = 0n;
    for (const trade of inBar) {
      if (priceUnits(trade) > priceUnits(high)) high = trade;
      if (priceUnits(trade) < priceUnits(low)) low = trade;
      const q = qtyUnits(trade);
      const pq = BigInt(priceUnits(trade)) * q;
      volume += q;
      quote += pq;
      if (!trade.isBuyerMaker) {
        buyVolume += q;
        buyQuote += pq;
      }
    }
    const quoteScale = priceDecimals + qtyDecimals;
    return [
      open,
      inBar[0].price,
      high.price,
      low.price,
      inBar.at(-1)!.price,
      fromUnits(volume, qtyDecimals),
      end - 1,
      trimZeros(formatScaled(quote, quoteScale)),
      inBar.length,
      fromUnits(buyVolume, qtyDecimals),
      trimZeros(formatScaled(buyQuote, quoteScale)),
      '0',
    ];
  }
}
