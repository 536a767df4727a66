// The market-data and system wire types of the server (REST /api/v1 and WebSocket /ws), taken
// type-only from its schemas (src/server/wire-types.ts: nothing of the server reaches the bundle),
// and the few run-time values the dashboard needs beside them, checked against those types.
import type { InstrumentId, Timeframe } from '../../../src/server/wire-types.ts';

export type {
  ApiErrorBody,
  Bar,
  BarUpdate,
  ClientRequest,
  Gap,
  GapSummary,
  Health,
  HealthReason,
  Instrument,
  InstrumentId,
  InstrumentStreaming,
  ServerMessage,
  SourceHealth,
  StatusMessage,
  StreamHealth,
  Timeframe,
} from '../../../src/server/wire-types.ts';

export const TIMEFRAMES = ['1s', '1m', '5m', '15m', '1h', '4h', '1d'] as const satisfies readonly Timeframe[];

/** Every timeframe the server knows, and no other: a missing or unknown key fails the typecheck. */
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

export function barsChannel(instrument: InstrumentId, timeframe: Timeframe): string {
  return `bars:${instrument}:${timeframe}`;
}

export const STATUS_CHANNEL = 'status';
