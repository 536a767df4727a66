// TypeBox schemas shared by the routes and the OpenAPI document. With ws-schemas.ts and the
// route schemas they are the one definition of the wire format: the server is typed from them and
// the dashboard imports their types (wire-types.ts).
import { Type } from 'typebox';
import { TIMEFRAMES } from '../domain/index.js';

export const TimeframeSchema = Type.Enum([...TIMEFRAMES], {
  description: `bar timeframe, one of ${TIMEFRAMES.join(', ')}`,
});

export const InstrumentParam = Type.String({
  minLength: 2,
  maxLength: 64,
  description: 'instrument id `venue:SYMBOL` (e.g. binance:BTCUSDT, sim:AAA) or a bare symbol on the default venue',
});

export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Unknown(),
  }),
});

export const BarSchema = Type.Object({
  instrument: Type.String(),
  timeframe: TimeframeSchema,
  start: Type.Number({ description: 'bucket start, epoch ms UTC' }),
  open: Type.Number(),
  high: Type.Number(),
  low: Type.Number(),
  close: Type.Number(),
  volume: Type.Number(),
  quoteVolume: Type.Number(),
  trades: Type.Integer(),
  buyVolume: Type.Number({ description: 'volume where the taker bought' }),
  vwap: Type.Number(),
  closed: Type.Boolean({ description: 'false while the bucket can still receive ticks' }),
});

export const TickSchema = Type.Object({
  id: Type.Number({ description: 'exchange trade id' }),
  ts: Type.Number({ description: 'exchange trade time, epoch ms UTC' }),
  price: Type.Number(),
  qty: Type.Number(),
  buyerMaker: Type.Boolean({ description: 'true: the buyer was the maker, i.e. the taker sold' }),
});

export const IngestCountersSchema = Type.Object({
  messages: Type.Number(),
  ticks: Type.Number(),
  ticksPerSec: Type.Number(),
  duplicates: Type.Number(),
  lateTicks: Type.Number(),
  skipped: Type.Number(),
  errors: Type.Number(),
  refusedTicks: Type.Number({
    description: 'trades refused because the store buffer of unwritten rows was full (its writes failing)',
  }),
  pausedSince: Type.Union([Type.Number(), Type.Null()], {
    description: 'epoch ms ingestion paused for a full store buffer; null while it takes trades',
  }),
});

export const StreamStatusSchema = Type.Object({
  instrument: Type.String(),
  connected: Type.Boolean(),
  lastTradeId: Type.Union([Type.Number(), Type.Null()]),
  lastTradeTs: Type.Union([Type.Number(), Type.Null()]),
  feedLagMs: Type.Union([Type.Number(), Type.Null()], {
    description: 'receive time minus exchange trade time of the last trade, ms',
  }),
  eventLagMs: Type.Optional(
    Type.Union([Type.Number(), Type.Null()], { description: 'receive time minus exchange event time, ms' }),
  ),
  clockSkewMs: Type.Optional(
    Type.Union([Type.Number(), Type.Null()], { description: 'local clock minus exchange clock, ms' }),
  ),
  heldTrades: Type.Optional(Type.Number({ description: 'trades held back behind a gap being filled' })),
  openGaps: Type.Optional(Type.Number()),
  lastMessageAt: Type.Optional(
    Type.Union([Type.Number(), Type.Null()], {
      description: 'local epoch ms the last message of the stream arrived (any message, not only a trade)',
    }),
  ),
  expectedGapMs: Type.Optional(
    Type.Union([Type.Number(), Type.Null()], { description: 'mean gap between the stream messages as observed, ms' }),
  ),
});

export const GapSummarySchema = Type.Object({
  detected: Type.Number(),
  filled: Type.Number(),
  open: Type.Number(),
  missingTrades: Type.Number({ description: 'trade ids of open gaps not recovered yet' }),
});

export const GapSchema = Type.Object({
  instrument: Type.String(),
  fromId: Type.Number(),
  toId: Type.Number(),
  fromTs: Type.Union([Type.Number(), Type.Null()]),
  toTs: Type.Union([Type.Number(), Type.Null()]),
  filled: Type.Boolean(),
  filledCount: Type.Number(),
  skippedCount: Type.Number(),
  method: Type.Union([Type.String(), Type.Null()]),
  detectedAt: Type.Number(),
  filledAt: Type.Union([Type.Number(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
});

export const SimHistoryProgressSchema = Type.Object({
  from: Type.Number({ description: 'epoch ms the simulated history starts at' }),
  to: Type.Number({ description: 'epoch ms the simulated history ends before; live trades go on from there' }),
  reachedTs: Type.Number({ description: 'epoch ms the trades written so far have reached' }),
  ticks: Type.Number({ description: 'simulated trades written so far' }),
  done: Type.Boolean(),
});

export const SourceHealthSchema = Type.Object({
  kind: Type.String({ description: 'the live source, or the one being connected to' }),
  simulated: Type.Boolean(),
  state: Type.Union([
    Type.Literal('connecting'),
    Type.Literal('live'),
    Type.Literal('simulated'),
    Type.Literal('none'),
  ]),
  since: Type.Number({ description: 'epoch ms the state was entered' }),
  fallbackInMs: Type.Union([Type.Number(), Type.Null()], {
    description: 'while connecting under --source auto: ms until the simulator takes over',
  }),
  history: Type.Union([SimHistoryProgressSchema, Type.Null()], {
    description: 'the simulated history written at start, null when none was',
  }),
});

export const HealthReasonSchema = Type.Object({
  code: Type.String({
    description:
      'store_write_failing, ingestion_paused, store_behind, feed_silent, feed_disconnected, gaps_open, webhook_failing',
  }),
  severity: Type.Union([Type.Literal('degraded'), Type.Literal('failing')]),
  message: Type.String(),
  since: Type.Optional(Type.Number({ description: 'epoch ms the condition began' })),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

/** The daily sync in the health document: when it runs next and how its last run went. */
export const SyncHealthSchema = Type.Object({
  schedule: Type.Union([Type.String(), Type.Null()]),
  nextRunAt: Type.Union([Type.Number(), Type.Null()]),
  running: Type.Boolean(),
  lastRun: Type.Union(
    [
      Type.Object({
        id: Type.Integer(),
        trigger: Type.String(),
        startedAt: Type.Number(),
        finishedAt: Type.Number(),
        barsWritten: Type.Integer(),
        emptyRanges: Type.Integer(),
        errors: Type.Integer({ description: 'instrument and timeframe pairs that failed' }),
        firstError: Type.Union([Type.String(), Type.Null()]),
      }),
      Type.Null(),
    ],
    { description: 'the newest finished run; null before the first' },
  ),
});

export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('failing')], {
    description: 'failing when any reason is failing, degraded when any reason is degraded, ok with no reasons',
  }),
  reasons: Type.Array(HealthReasonSchema),
  uptimeSec: Type.Number(),
  startedAt: Type.Number(),
  source: SourceHealthSchema,
  ingest: IngestCountersSchema,
  store: Type.Object({
    pendingTicks: Type.Number(),
    pendingBars: Type.Number(),
    flushes: Type.Number(),
    writtenTicks: Type.Number(),
    writtenBars: Type.Number(),
    fileBytes: Type.Union([Type.Number(), Type.Null()]),
    maxPendingRows: Type.Number({ description: 'unwritten rows at which ingestion pauses (--store-max-pending-rows)' }),
    oldestPendingAt: Type.Union([Type.Number(), Type.Null()], {
      description: 'epoch ms the oldest unwritten row was buffered (at most); null when nothing waits',
    }),
    failedFlushes: Type.Number(),
    failingSince: Type.Union([Type.Number(), Type.Null()], {
      description: 'epoch ms the current run of failed flushes started; null while writes succeed',
    }),
    lastError: Type.Union([Type.String(), Type.Null()]),
    reopens: Type.Number({ description: 'times the database was reopened after DuckDB invalidated it' }),
  }),
  streams: Type.Array(StreamStatusSchema),
  gaps: GapSummarySchema,
  sync: Type.Union([SyncHealthSchema, Type.Null()], {
    description: 'the daily kline sync of a Binance source; null for other sources',
  }),
  sessions: Type.Optional(
    Type.Object(
      {
        state: Type.Enum(['idle', 'working']),
        jobs: Type.Integer({ description: '(instrument, profile) jobs waiting or running' }),
        current: Type.Union([
          Type.Object({
            instrument: Type.String(),
            profile: Type.String(),
            reason: Type.Enum(['version', 'check', 'stale', 'close'], {
              description:
                'version: rows of older definitions; check: bars changed since stored; stale: an ' +
                'amended bar; close: the session that just closed',
            }),
            done: Type.Integer(),
            total: Type.Integer({ description: 'sessions of this job' }),
          }),
          Type.Null(),
        ]),
        recomputedSessions: Type.Integer({ description: 'sessions computed again since start' }),
        appendedSessions: Type.Integer({ description: 'sessions computed on their close since start' }),
        lastError: Type.Union([Type.String(), Type.Null()]),
      },
      { description: 'the background work keeping the stored session rows current; absent without it' },
    ),
  ),
});

/** The answer to starting or stopping an instrument's live stream. */
export const InstrumentStreamingSchema = Type.Object({ id: Type.String(), live: Type.Boolean() });

export const InstrumentSchema = Type.Object({
  id: Type.String(),
  venue: Type.String(),
  symbol: Type.String(),
  live: Type.Boolean({ description: 'receiving live trades now' }),
  lastPrice: Type.Union([Type.Number(), Type.Null()]),
  lastTs: Type.Union([Type.Number(), Type.Null()]),
  storedTicks: Type.Number(),
  tickSize: Type.Union([Type.Number(), Type.Null()], { description: "the exchange's smallest price step" }),
  stepSize: Type.Union([Type.Number(), Type.Null()], { description: "the exchange's smallest quantity step" }),
  baseAsset: Type.Union([Type.String(), Type.Null()]),
  quoteAsset: Type.Union([Type.String(), Type.Null()]),
  status: Type.Union([Type.String(), Type.Null()], {
    description: "the exchange's status: TRADING, HALT, BREAK, END_OF_DAY, …; null when unknown",
  }),
  trading: Type.Boolean({ description: 'false when the exchange says the instrument is not trading' }),
  priceDecimals: Type.Union([Type.Integer(), Type.Null()], {
    description: 'decimals to show prices with: of the tick size, else the most the stored prices carry (max 8)',
  }),
  metaSource: Type.Union([Type.Literal('exchange'), Type.Literal('inferred'), Type.Null()], {
    description: "exchange: from the exchange's instrument list; inferred: from stored prices; null: no data yet",
  }),
});
