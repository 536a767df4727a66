// Schemas of every message on the WebSocket /ws, both ways. The gateway builds its frames through
// the encoders below, typed from these schemas, so it cannot send another shape without a compile
// error; test/server/ws-wire-schemas.test.ts checks the frames a running gateway sends against
// them, and the dashboard takes its types from them (wire-types.ts).
import { Type, type Static } from 'typebox';
import { AlertMessageSchema } from '../alerts/alert-schemas.js';
import { PairPointSchema, PairTestsRunSchema, SymbolPointSchema } from './routes/analytics-schemas.js';
import { ImportMessageSchema } from './imports/import-schemas.js';
import { ProvisionalSessionSchema, SessionRowSchema } from './routes/sessions-schemas.js';
import { BarSchema, HealthSchema } from './schemas.js';

const ChannelNames = Type.Array(Type.String());

/** What a client sends. */
export const ClientRequestSchema = Type.Object({
  op: Type.Enum(['subscribe', 'unsubscribe']),
  channels: ChannelNames,
});

/** The answer to a request: the channels it took, under their canonical names (`BTCUSDT` → `binance:BTCUSDT`). */
export const SubscriptionAckSchema = Type.Object({
  op: Type.Enum(['subscribed', 'unsubscribed']),
  channels: ChannelNames,
});

export const WS_ERROR_CODES = ['bad_request', 'bad_channel', 'too_many_channels'] as const;

/** At most this many refused channels are listed in one error; `count` says how many there were. */
export const MAX_LISTED_REFUSALS = 50;

export const RefusedChannelSchema = Type.Object({
  channel: Type.String({ description: 'the channel as sent, cut at 200 characters' }),
  reason: Type.String(),
});

/** A request that is not one: not JSON, or not `{op, channels: string[]}`. */
export const BadRequestErrorSchema = Type.Object({
  code: Type.Literal('bad_request'),
  message: Type.String(),
  details: Type.Union([Type.Null(), Type.Object({ op: Type.Unknown() })]),
});

/**
 * Channels of a request that were refused, all in one error per code (one request brings at most
 * one `bad_channel` error, one `too_many_channels` error and one ack of the channels it took).
 */
export const ChannelsRefusedErrorSchema = Type.Object({
  code: Type.Enum(['bad_channel', 'too_many_channels']),
  message: Type.String(),
  details: Type.Object({
    count: Type.Integer({ minimum: 1, description: 'how many channels of the request were refused for this reason' }),
    limit: Type.Optional(Type.Integer({ description: 'the limit that was reached (too_many_channels)' })),
    channels: Type.Array(RefusedChannelSchema, {
      maxItems: MAX_LISTED_REFUSALS,
      description: `the first ${MAX_LISTED_REFUSALS} refused channels, each with why`,
    }),
  }),
});

export const WsErrorSchema = Type.Object({
  op: Type.Literal('error'),
  error: Type.Union([BadRequestErrorSchema, ChannelsRefusedErrorSchema]),
});

/**
 * Close code of a connection the server will not hold more for: more bytes waiting for the client
 * than the server's bound (`--ws-max-buffered-bytes`), or, on `alerts`, more events unsent than
 * the alert feed queues. The client is not reading fast enough; it reconnects and reads what it
 * missed over REST. The close reason says which bound it was. Other codes: 1001 when the server
 * shuts down, 1009 for a request frame over 64 KiB.
 */
export { SLOW_CONSUMER_CLOSE_CODE } from '../alerts/delivery/alert-feed.js';

/** A bar on a `bars:` channel: the open bar on every burst of trades, each closed bar once, amended ones again. */
export const BarUpdateSchema = Type.Object({
  ...BarSchema.properties,
  amended: Type.Boolean({
    description: 'a closed bar sent again with corrected contents (late trade, gap fill, exchange kline)',
  }),
});

export const BarMessageSchema = Type.Object({
  channel: Type.String({ description: 'bars:<instrument>:<timeframe>' }),
  data: BarUpdateSchema,
});

/** The health document, once a second. */
export const StatusMessageSchema = Type.Object({
  channel: Type.Literal('status'),
  data: HealthSchema,
});

/** A symbol engine's point on an `analytics:<instrument>:<timeframe>` channel, on each bar close. */
export const SymbolPointMessageSchema = Type.Object({
  channel: Type.String({ description: 'analytics:<instrument>:<timeframe>' }),
  type: Type.Literal('point'),
  data: SymbolPointSchema,
});

/** A live pair's point on a `pair:<x>/<y>:<timeframe>` channel, on each aligned close. */
export const PairPointMessageSchema = Type.Object({
  channel: Type.String({ description: 'pair:<x>/<y>:<timeframe>' }),
  type: Type.Literal('point'),
  data: PairPointSchema,
});

/** A live pair's tests, when a run is done. */
export const PairTestsMessageSchema = Type.Object({
  channel: Type.String({ description: 'pair:<x>/<y>:<timeframe>' }),
  type: Type.Literal('tests'),
  data: PairTestsRunSchema,
});

export const AnalyticsMessageSchema = Type.Union([
  SymbolPointMessageSchema,
  PairPointMessageSchema,
  PairTestsMessageSchema,
]);

/**
 * A session on a `sessions:<instrument>:<profile>` channel: the open session (provisional, its IB
 * and breaks so far) on each 1m close, and the final row once when the session has closed.
 */
export const SessionMessageSchema = Type.Object({
  channel: Type.String({ description: 'sessions:<instrument>:<profile>' }),
  data: Type.Object({
    type: Type.Literal('session'),
    provisional: Type.Boolean({ description: 'true: the session still open, over its bars so far' }),
    row: Type.Union([ProvisionalSessionSchema, SessionRowSchema]),
  }),
});

export const ServerMessageSchema = Type.Union([
  SubscriptionAckSchema,
  WsErrorSchema,
  BarMessageSchema,
  StatusMessageSchema,
  AnalyticsMessageSchema,
  AlertMessageSchema,
  ImportMessageSchema,
  SessionMessageSchema,
]);

export type ClientRequest = Static<typeof ClientRequestSchema>;
export type SubscriptionAck = Static<typeof SubscriptionAckSchema>;
export type WsError = Static<typeof WsErrorSchema>;
export type RefusedChannel = Static<typeof RefusedChannelSchema>;
export type BarUpdate = Static<typeof BarUpdateSchema>;
export type BarMessage = Static<typeof BarMessageSchema>;
export type StatusMessage = Static<typeof StatusMessageSchema>;
export type AnalyticsMessage = Static<typeof AnalyticsMessageSchema>;
export type ImportMessage = Static<typeof ImportMessageSchema>;
export type SessionMessage = Static<typeof SessionMessageSchema>;
export type ServerMessage = Static<typeof ServerMessageSchema>;

/** The frame of a message to a client. */
export function encodeServerMessage(message: ServerMessage): string {
  return JSON.stringify(message);
}
