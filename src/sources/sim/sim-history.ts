// A seeded history of the simulated market, generated at start so that every timeframe has bars
// at once, and ending where the live stream goes on: same price path, next trade ids. Most of it
// is generated at a low rate (1m and slower bars need only a few trades per minute, and a day at
// the live rate would be millions of rows to store); the last minutes are generated at the live
// rate, so that the 1s views (560 aligned closes for the default pair, 600 bars for the symbol
// indicators) are as dense at start as they will be live.
import type { InstrumentId, Tick } from '../../domain/index.js';
import type { LatentModel } from './latent-path.js';
import { requireTradeRate, SIM_INSTRUMENTS, SimMarket } from './sim-market.js';

export const SIM_HISTORY_DEFAULTS = {
  /** How far back the history reaches from its end. */
  spanMs: 24 * 3_600_000,
  /** Trades per second, all instruments together, before the dense tail. */
  rate: 5,
  /** Trades per second in the dense tail: the simulator's live default. */
  liveRate: 50,
  /** The most recent part generated at `liveRate`. */
  denseTailMs: 15 * 60_000,
  /** Time covered by one yielded batch. */
  batchMs: 10 * 60_000,
} as const;

export interface SimHistoryOptions extends Partial<LatentModel> {
  seed?: number;
  /** Epoch ms of the first possible trade; default `to` − 24 h. */
  from?: number;
  /** Epoch ms the history ends before (exclusive); default now. */
  to?: number;
  /** Trades per second before the dense tail. */
  rate?: number;
  /** Trades per second in the dense tail (pass the live rate, so that live continues at it). */
  liveRate?: number;
  denseTailMs?: number;
  batchMs?: number;
  /** Instruments to yield (default all); the others are generated but not yielded, so the path is the same. */
  instruments?: readonly InstrumentId[];
  /** Last stored trade id per symbol; the history's ids continue after it. */
  lastTradeIds?: Readonly<Record<string, number>>;
}

export interface SimulatedHistory extends Iterable<Tick[]> {
  readonly from: number;
  readonly to: number;
  /**
   * The market at the end of the history, to hand to the live `SimSource`: it goes on with the
   * same path, the next ids and the live rate. Only once every batch has been taken.
   */
  continuation(): SimMarket;
}

/** The simulated trades between `from` and `to`, in time order, as batches of `batchMs`. */
export function simulatedHistory(options: SimHistoryOptions = {}): SimulatedHistory {
  const to = options.to ?? Date.now();
  const from = options.from ?? to - SIM_HISTORY_DEFAULTS.spanMs;
  if (!Number.isFinite(to)) throw new RangeError(`sim history to must be epoch ms, got ${to}`);
  if (!(Number.isFinite(from) && from <= to))
    throw new RangeError(`sim history from must be epoch ms at or before to (${to}), got ${from}`);
  const rate = options.rate ?? SIM_HISTORY_DEFAULTS.rate;
  const liveRate = options.liveRate ?? SIM_HISTORY_DEFAULTS.liveRate;
  const denseTailMs = options.denseTailMs ?? SIM_HISTORY_DEFAULTS.denseTailMs;
  const batchMs = options.batchMs ?? SIM_HISTORY_DEFAULTS.batchMs;
  if (!(denseTailMs >= 0)) throw new RangeError(`sim history denseTailMs must be >= 0 ms, got ${denseTailMs}`);
  if (!(batchMs > 0)) throw new RangeError(`sim history batchMs must be > 0 ms, got ${batchMs}`);
  const wanted = wantedInstruments(options.instruments);

  // Checked now rather than after the caller has stored most of the history.
  requireTradeRate('liveRate', liveRate);

  const market = new SimMarket({
    seed: options.seed,
    annualVolatility: options.annualVolatility,
    spreadHalfLifeSec: options.spreadHalfLifeSec,
    spreadStd: options.spreadStd,
    lastTradeIds: options.lastTradeIds,
    startTs: from,
    tradesPerSecond: rate,
  });
  const denseFrom = Math.max(from, to - denseTailMs);
  let started = false;
  let done = false;

  function* batches(): Generator<Tick[]> {
    if (started) throw new Error('a simulated history can be iterated only once');
    started = true;
    for (let start = from; start < to; ) {
      if (start === denseFrom) market.tradesPerSecond = liveRate;
      // Batches stop at the switch to the live rate, so the switch happens at exactly denseFrom.
      const end = Math.min(start + batchMs, start < denseFrom ? denseFrom : to);
      const ticks = market.generateUntil(end);
      const batch = wanted === null ? ticks : ticks.filter((t) => wanted.has(t.instrument));
      if (batch.length > 0) yield batch;
      start = end;
    }
    if (denseFrom === to) market.tradesPerSecond = liveRate;
    done = true;
  }

  return {
    from,
    to,
    [Symbol.iterator]: batches,
    continuation() {
      if (!done) throw new Error('take every batch of the simulated history before continuing it live');
      return market;
    },
  };
}

function wantedInstruments(instruments: readonly InstrumentId[] | undefined): Set<InstrumentId> | null {
  if (instruments === undefined) return null;
  const known = SIM_INSTRUMENTS.map((s) => `sim:${s.symbol}`);
  for (const instrument of instruments) {
    if (!known.includes(instrument))
      throw new RangeError(`sim history instrument ${instrument} is not simulated; known: ${known.join(', ')}`);
  }
  return new Set(instruments);
}
