// Single-instrument analytics on one timeframe, one closed bar at a time: returns, annualised
// close-to-close and Yang-Zhang volatility, price and volume z-scores over `window` bars,
// MACD 12/26/9, RSI 14 (Wilder) and Bollinger 20/2. `peek` gives the open bar's provisional
// values through the estimators' exact `replace` of the last bar, so peeking any number of
// times and then closing the bar leaves the same state as closing it directly.
import type { Bar, Timeframe } from '../../domain/index.js';
import { Bollinger, Macd, Rsi } from '../../stats/indicators/index.js';
import { periodsPerYear } from '../../stats/returns/index.js';
import { referenceLog } from '../../stats/returns/reference-log.js';
import { RollingStd, RollingZScore, type StreamingEstimator } from '../../stats/rolling/index.js';
import { RollingRangeVolatility } from '../../stats/volatility/index.js';
import type { SymbolParams } from '../params.js';

export interface SymbolPoint {
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** close / previous close − 1. */
  return: number | null;
  logReturn: number | null;
  /** Annualised sample std of the last `window` log returns. */
  volatility: number | null;
  /** Annualised Yang-Zhang volatility over the last `window` bars. */
  yangZhang: number | null;
  /** (close − mean) / std (ddof 1) of the last `window` closes. */
  zscore: number | null;
  volumeZscore: number | null;
  macd: number | null;
  macdSignal: number | null;
  macdHistogram: number | null;
  rsi: number | null;
  bollingerMiddle: number | null;
  bollingerUpper: number | null;
  bollingerLower: number | null;
}

/** The fields of a bar the engine reads. */
export type SymbolBar = Pick<Bar, 'start' | 'open' | 'high' | 'low' | 'close' | 'volume'>;

export class SymbolEngine {
  private readonly closeZ: RollingZScore;
  private readonly volumeZ: RollingZScore;
  private readonly volatility: RollingStd;
  private readonly yangZhang: RollingRangeVolatility;
  private readonly macd = new Macd();
  private readonly rsi = new Rsi();
  private readonly bollinger = new Bollinger({ window: 20, k: 2 });
  private readonly annualise: number;
  private previousClose = Number.NaN;
  /** The close before the newest added bar: what `amendLast` takes its return from. */
  private closeBeforeLast = Number.NaN;
  /** Start of the open bar whose values were pushed by `peek` and not yet closed. */
  private provisionalStart: number | null = null;
  latest: SymbolPoint | null = null;

  constructor(
    readonly timeframe: Timeframe,
    readonly params: SymbolParams,
  ) {
    this.closeZ = new RollingZScore(params.window, { ddof: 1 });
    this.volumeZ = new RollingZScore(params.window, { ddof: 1 });
    this.volatility = new RollingStd(params.window, { ddof: 1 });
    const perYear = periodsPerYear(timeframe);
    this.yangZhang = new RollingRangeVolatility('yangZhang', { window: params.window, periodsPerYear: perYear });
    this.annualise = Math.sqrt(perYear);
  }

  /** A closed bar (after the previous one); replaces a peeked open bar. */
  add(bar: SymbolBar): SymbolPoint {
    const point = this.step(bar, this.provisionalStart !== null);
    this.provisionalStart = null;
    this.closeBeforeLast = this.previousClose;
    this.previousClose = bar.close;
    this.latest = point;
    return point;
  }

  /**
   * True when `amendLast` can take a new version of the bar starting at `start`: it is the newest
   * added bar and no open bar has been peeked at since (a peek occupies the estimators' last slot).
   */
  canAmendLast(start: number): boolean {
    return this.latest !== null && this.latest.start === start && this.provisionalStart === null;
  }

  /**
   * A new version of the newest added bar (a late trade amended it), through the estimators' exact
   * `replace`: the same state as if that version had been added in the first place, in O(1),
   * where rebuilding the engine from its kept bars took ~600 steps per late trade (issue #15).
   */
  amendLast(bar: SymbolBar): SymbolPoint {
    if (!this.canAmendLast(bar.start)) {
      throw new Error(
        `amendLast needs the newest added bar (start ${this.latest?.start ?? 'none'}) with no peek since; ` +
          `got start ${bar.start}`,
      );
    }
    this.previousClose = this.closeBeforeLast;
    const point = this.step(bar, true);
    this.previousClose = bar.close;
    this.latest = point;
    return point;
  }

  /** Provisional values of the open bar; nothing is committed. */
  peek(bar: SymbolBar): SymbolPoint {
    const point = this.step(bar, this.provisionalStart !== null);
    this.provisionalStart = bar.start;
    return point;
  }

  private step(bar: SymbolBar, replace: boolean): SymbolPoint {
    const feed = <A extends unknown[], O>(estimator: StreamingEstimator<A, O>, ...args: A): O | null =>
      replace ? estimator.replace(...args) : estimator.add(...args);
    const previous = this.previousClose;
    const hasPrevious = previous === previous;
    const logReturn = hasPrevious ? referenceLog(bar.close) - referenceLog(previous) : null;
    const std = feed(this.volatility, logReturn);
    const macd = feed(this.macd, bar.close);
    const bands = feed(this.bollinger, bar.close);
    return {
      start: bar.start,
      open: bar.open,
      high: bar.high,
      low: bar.low,
      close: bar.close,
      volume: bar.volume,
      return: hasPrevious ? bar.close / previous - 1 : null,
      logReturn,
      volatility: std === null ? null : std * this.annualise,
      yangZhang: feed(this.yangZhang, bar),
      zscore: feed(this.closeZ, bar.close),
      volumeZscore: feed(this.volumeZ, bar.volume),
      macd: macd?.macd ?? null,
      macdSignal: macd?.signal ?? null,
      macdHistogram: macd?.histogram ?? null,
      rsi: feed(this.rsi, bar.close),
      bollingerMiddle: bands?.middle ?? null,
      bollingerUpper: bands?.upper ?? null,
      bollingerLower: bands?.lower ?? null,
    };
  }
}
