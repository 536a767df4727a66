// One fake Binance market (spot or USD-M futures): its limits, symbol tapes, open WebSocket
// connections, trade delivery with injectable faults (gaps, duplicates, reordering, stalls) and
// the counters tests assert on.
import type { FakeConnection } from './fake-ws.js';
import type { FakeRestState } from './fake-rest.js';
import { createRestState } from './fake-rest.js';
import type { FakeMarketKind, FakeTrade } from './tape.js';
import { TradeTape } from './tape.js';

export interface FakeMarketConfig {
  maxStreamsPerConnection: number;
  /** Messages a client may send per second and connection (pings, pongs and control included). */
  maxIncomingPerSecond: number;
  maxConnectionAttempts: number;
  connectionAttemptWindowMs: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  /** The "24 h" close, compressible to seconds. */
  maxLifetimeMs: number;
  weightLimit: number;
  weightWindowMs: number;
  /** Retry-After sent with 429s; null = seconds left in the weight window (as Binance). */
  retryAfterSeconds: number | null;
  /** Requests sent during a 429 back-off before the IP is banned with 418. */
  banAfterViolations: number;
  banSeconds: number;
  /** Server clock minus local clock, ms (for clock-skew tests). */
  clockOffsetMs: number;
  /** Event time `E` minus trade time `T`, ms. */
  eventDelayMs: number;
  /** Synthetic klines start here (epoch ms). */
  listedAt: number;
  /** Futures: every n-th trade id is an INSURANCE_FUND print (0 = never). */
  nonMarketEvery: number;
  seed: number;
}

export const SPOT_DEFAULTS: FakeMarketConfig = {
  maxStreamsPerConnection: 1024,
  maxIncomingPerSecond: 5,
  maxConnectionAttempts: 300,
  connectionAttemptWindowMs: 300_000,
  pingIntervalMs: 20_000,
  pongTimeoutMs: 60_000,
  maxLifetimeMs: 86_400_000,
  weightLimit: 6000,
  weightWindowMs: 60_000,
  retryAfterSeconds: null,
  banAfterViolations: 3,
  banSeconds: 120,
  clockOffsetMs: 0,
  eventDelayMs: 1,
  listedAt: Date.UTC(2017, 7, 17),
  nonMarketEvery: 0,
  seed: 1,
};

export const FUTURES_DEFAULTS: FakeMarketConfig = {
  ...SPOT_DEFAULTS,
  maxIncomingPerSecond: 10,
  pingIntervalMs: 180_000,
  pongTimeoutMs: 600_000,
  weightLimit: 2400,
  listedAt: Date.UTC(2019, 8, 8),
};

export interface FakeMarketCounters {
  connectionAttempts: number;
  connectionsAccepted: number;
  /** Upgrades refused because of the connection-attempt limit. */
  connectionsRejected: number;
  /** Connections closed for sending more than maxIncomingPerSecond. */
  rateViolations: number;
  pongTimeouts: number;
  lifetimeCloses: number;
  controlMessages: number;
  pongsReceived: number;
  tradesGenerated: number;
  tradeFramesSent: number;
  /** Trades kept off the WebSocket by dropNextTrades (REST still has them). */
  tradesWithheld: number;
}

interface SymbolFaults {
  drop: number;
  duplicate: number;
  reorder: number;
  held: FakeTrade | null;
  copies: FakeTrade[];
}

const SYMBOL_PATTERN = /^[A-Z0-9]{2,30}$/;

export class FakeMarket {
  readonly config: FakeMarketConfig;
  readonly tapes = new Map<string, TradeTape>();
  readonly connections = new Set<FakeConnection>();
  readonly rest: FakeRestState;
  readonly counters: FakeMarketCounters = {
    connectionAttempts: 0,
    connectionsAccepted: 0,
    connectionsRejected: 0,
    rateViolations: 0,
    pongTimeouts: 0,
    lifetimeCloses: 0,
    controlMessages: 0,
    pongsReceived: 0,
    tradesGenerated: 0,
    tradeFramesSent: 0,
    tradesWithheld: 0,
  };
  /** Kline open times left out of REST answers, per `SYMBOL|intervalMs`. */
  readonly omittedKlines = new Map<string, Set<number>>();
  private readonly attempts: number[] = [];
  private readonly faults = new Map<string, SymbolFaults>();
  private readonly rates = new Map<string, { perSecond: number; carry: number }>();
  private rateTimer: NodeJS.Timeout | null = null;
  private nextConnectionId = 1;

  constructor(
    readonly kind: FakeMarketKind,
    config: Partial<FakeMarketConfig> = {},
    symbols: readonly string[] = ['BTCUSDT', 'ETHUSDT'],
  ) {
    this.config = { ...(kind === 'spot' ? SPOT_DEFAULTS : FUTURES_DEFAULTS), ...config };
    this.rest = createRestState();
    for (const symbol of symbols) this.tape(symbol);
  }

  /** Server clock, epoch ms. */
  now(): number {
    return Date.now() + this.config.clockOffsetMs;
  }

  configure(config: Partial<FakeMarketConfig>): void {
    Object.assign(this.config, config);
    for (const tape of this.tapes.values()) tape.nonMarketEvery = this.config.nonMarketEvery;
  }

  isValidSymbol(symbol: string): boolean {
    return SYMBOL_PATTERN.test(symbol);
  }

  /** The tape of a symbol; unknown symbols are listed on first use, as a new listing. */
  tape(symbol: string): TradeTape {
    let tape = this.tapes.get(symbol);
    if (tape === undefined) {
      tape = new TradeTape({
        symbol,
        kind: this.kind,
        seed: this.config.seed,
        nonMarketEvery: this.config.nonMarketEvery,
      });
      this.tapes.set(symbol, tape);
    }
    return tape;
  }

  /**
   * Generates `count` trades now, then delivers them to subscribed connections. `beforeDelivery`
   * runs in between: benchmarks stamp the time the trades leave there, after their generation.
   */
  emitTrades(symbol: string, count = 1, beforeDelivery?: () => void): FakeTrade[] {
    const tape = this.tape(symbol);
    const out: FakeTrade[] = [];
    for (let i = 0; i < count; i++) {
      out.push(tape.append(this.now()));
      this.counters.tradesGenerated++;
    }
    beforeDelivery?.();
    for (const trade of out) this.deliver(symbol, trade);
    return out;
  }

  /** Generates trades continuously (0 stops); used by demos and long-running tests. */
  setTradeRate(symbol: string, perSecond: number): void {
    if (perSecond <= 0) this.rates.delete(symbol);
    else this.rates.set(symbol, { perSecond, carry: 0 });
    if (this.rates.size > 0 && this.rateTimer === null) {
      let last = Date.now();
      this.rateTimer = setInterval(() => {
        const now = Date.now();
        const elapsed = (now - last) / 1000;
        last = now;
        for (const [name, rate] of this.rates) {
          rate.carry += rate.perSecond * elapsed;
          const due = Math.floor(rate.carry);
          rate.carry -= due;
          if (due > 0) this.emitTrades(name, due);
        }
      }, 10);
    } else if (this.rates.size === 0 && this.rateTimer !== null) {
      clearInterval(this.rateTimer);
      this.rateTimer = null;
    }
  }

  /** The next `count` trades of `symbol` reach no WebSocket (a gap only REST can fill). */
  dropNextTrades(symbol: string, count: number): void {
    this.faultsOf(symbol).drop += count;
  }

  /** The next `count` trades are each sent again right after the trade that follows them. */
  duplicateNextTrades(symbol: string, count: number): void {
    this.faultsOf(symbol).duplicate += count;
  }

  /** The next `count` trades are each held back and sent after their successor. */
  reorderNextTrades(symbol: string, count: number): void {
    this.faultsOf(symbol).reorder += count;
  }

  /** Open connections stop receiving data but stay open, pings included. */
  stallConnections(): number {
    for (const connection of this.connections) connection.stalled = true;
    return this.connections.size;
  }

  /** Closes every connection: abruptly (no close frame) unless `graceful`. */
  dropConnections(options: { graceful?: boolean } = {}): number {
    const count = this.connections.size;
    for (const connection of [...this.connections]) {
      if (options.graceful) connection.close(1001, 'going away');
      else connection.terminate();
    }
    return count;
  }

  /** Sends `serverShutdown` to every connection and closes them after `closeAfterMs` (null: never). */
  sendServerShutdown(options: { closeAfterMs?: number | null } = {}): number {
    const closeAfterMs = options.closeAfterMs === undefined ? 500 : options.closeAfterMs;
    for (const connection of this.connections) connection.sendServerShutdown(closeAfterMs);
    return this.connections.size;
  }

  /** Sends frames that are not valid stream messages to every connection. */
  sendGarbage(
    frames: ReadonlyArray<string | Buffer> = [
      'not json at all',
      '{"stream":"btcusdt@trade","data":{"e":"trade","s":"BTC',
      Buffer.from([0xde, 0xad, 0xbe, 0xef]),
    ],
  ): void {
    for (const connection of this.connections) for (const frame of frames) connection.sendRaw(frame);
  }

  /** REST klines leave out this bucket, so clients see a hole in the rows. */
  omitKline(symbol: string, intervalMs: number, openTime: number): void {
    const key = `${symbol}|${intervalMs}`;
    let set = this.omittedKlines.get(key);
    if (set === undefined) this.omittedKlines.set(key, (set = new Set()));
    set.add(openTime);
  }

  /** Records an upgrade attempt; false when over the connection-attempt limit. */
  admitConnectionAttempt(): boolean {
    const now = Date.now();
    this.counters.connectionAttempts++;
    while (this.attempts.length > 0 && this.attempts[0] <= now - this.config.connectionAttemptWindowMs)
      this.attempts.shift();
    if (this.attempts.length >= this.config.maxConnectionAttempts) {
      this.counters.connectionsRejected++;
      return false;
    }
    this.attempts.push(now);
    return true;
  }

  nextId(): number {
    return this.nextConnectionId++;
  }

  /** The `@trade` payload of a trade as this market sends it (spot or USD-M field set). */
  tradeFrame(trade: FakeTrade, symbol: string, microseconds: boolean): string {
    const scale = microseconds ? 1000 : 1;
    const eventTime = (Math.max(trade.time, this.now()) + this.config.eventDelayMs) * scale;
    const time = trade.time * scale;
    if (this.kind === 'spot') {
      return (
        `{"e":"trade","E":${eventTime},"s":"${symbol}","t":${trade.id},"p":"${trade.price}",` +
        `"q":"${trade.qty}","T":${time},"m":${trade.isBuyerMaker},"M":true}`
      );
    }
    return (
      `{"e":"trade","E":${eventTime},"T":${time},"s":"${symbol}","t":${trade.id},"p":"${trade.price}",` +
      `"q":"${trade.qty}","X":"${trade.type}","m":${trade.isBuyerMaker}}`
    );
  }

  close(): void {
    if (this.rateTimer !== null) clearInterval(this.rateTimer);
    this.rateTimer = null;
    this.rates.clear();
    for (const connection of [...this.connections]) connection.terminate();
  }

  private faultsOf(symbol: string): SymbolFaults {
    let faults = this.faults.get(symbol);
    if (faults === undefined) {
      faults = { drop: 0, duplicate: 0, reorder: 0, held: null, copies: [] };
      this.faults.set(symbol, faults);
    }
    return faults;
  }

  private deliver(symbol: string, trade: FakeTrade): void {
    const faults = this.faults.get(symbol);
    if (faults === undefined) {
      this.broadcast(symbol, trade);
      return;
    }
    if (faults.drop > 0) {
      faults.drop--;
      this.counters.tradesWithheld++;
      return;
    }
    if (faults.reorder > 0 && faults.held === null) {
      faults.reorder--;
      faults.held = trade;
      return;
    }
    this.broadcast(symbol, trade);
    if (faults.held !== null) {
      this.broadcast(symbol, faults.held);
      faults.held = null;
    }
    for (const copy of faults.copies.splice(0)) this.broadcast(symbol, copy);
    if (faults.duplicate > 0) {
      faults.duplicate--;
      faults.copies.push(trade);
    }
  }

  private broadcast(symbol: string, trade: FakeTrade): void {
    const stream = `${symbol.toLowerCase()}@trade`;
    for (const connection of this.connections) {
      if (connection.stalled || !connection.streams.has(stream)) continue;
      connection.sendData(stream, this.tradeFrame(trade, symbol, connection.microseconds));
      this.counters.tradeFramesSent++;
    }
  }
}
