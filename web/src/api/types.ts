// Wire types of the Tickscope server (REST /api/v1 and WebSocket /ws), mirrored by hand from the
// server contract; the dashboard talks to the server only through these shapes.

export const TIMEFRAMES = ['1s', '1m', '5m', '15m', '1h', '4h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export const TIMEFRAME_MS: Readonly<Record<Timeframe, number>> = {
  '1s': 1_000,
  '1m': 60_000,
  '5m': 300_000,
  '15m': 900_000,
  '1h': 3_600_000,
  '4h': 14_400_000,
  '1d': 86_400_000,
};

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

/** `venue:SYMBOL`, e.g. `binance:BTCUSDT` or `sim:AAA`. */
export type InstrumentId = string;

export type SourceKind = 'sim' | 'binance' | 'binance-futures' | 'none' | 'replay';

export interface StreamHealth {
  instrument: InstrumentId;
  connected: boolean;
  lastTradeId: number | null;
  lastTradeTs: number | null;
  /** Receive time minus exchange trade time of the last trade, ms. */
  feedLagMs: number | null;
  /** Receive time minus exchange event time, ms (Binance only). */
  eventLagMs?: number | null;
  /** Local clock minus exchange clock, ms (Binance only). */
  clockSkewMs?: number | null;
  /** Trades held back behind a gap being filled. */
  heldTrades?: number;
  openGaps?: number;
}

export interface GapSummary {
  detected: number;
  filled: number;
  open: number;
  /** Trade ids of open gaps not recovered yet. */
  missingTrades: number;
}

export interface StoreStats {
  pendingTicks: number;
  pendingBars: number;
  flushes: number;
  writtenTicks: number;
  writtenBars: number;
  /** Database file size; null for an in-memory store. */
  fileBytes: number | null;
}

export interface Health {
  status: 'ok' | string;
  uptimeSec: number;
  /** Epoch ms. */
  startedAt: number;
  source: { kind: SourceKind | string; simulated: boolean };
  ingest: {
    messages: number;
    ticks: number;
    ticksPerSec: number;
    duplicates: number;
    lateTicks: number;
    skipped?: number;
    errors: number;
  };
  store: Partial<StoreStats>;
  streams: StreamHealth[];
  gaps?: GapSummary;
}

/** A trade-id gap found in a live stream and how it was filled. */
export interface Gap {
  instrument: InstrumentId;
  fromId: number;
  toId: number;
  fromTs: number | null;
  toTs: number | null;
  filled: boolean;
  filledCount: number;
  skippedCount: number;
  method: string | null;
  detectedAt: number;
  filledAt: number | null;
  error: string | null;
}

export interface Instrument {
  id: InstrumentId;
  venue: string;
  symbol: string;
  live: boolean;
  lastPrice: number | null;
  lastTs: number | null;
  storedTicks?: number;
}

/** OHLCV bar labelled by its bucket start (epoch ms UTC); `closed` is false while still open. */
export interface Bar {
  instrument: InstrumentId;
  timeframe: Timeframe;
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  quoteVolume: number;
  trades: number;
  buyVolume: number;
  vwap: number;
  closed: boolean;
  /** On /ws: a closed bar sent again with corrected contents (late trade, gap fill, exchange kline). */
  amended?: boolean;
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export type ServerMessage =
  | { channel: string; type?: string; data: unknown }
  | { op: 'subscribed' | 'unsubscribed'; channels: string[] }
  | { op: 'error'; error: { code: string; message: string; details?: unknown } };

export type ClientMessage = { op: 'subscribe' | 'unsubscribe'; channels: string[] };

export function barsChannel(instrument: InstrumentId, timeframe: Timeframe): string {
  return `bars:${instrument}:${timeframe}`;
}

export const STATUS_CHANNEL = 'status';
