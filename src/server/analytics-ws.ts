// The analytics WebSocket channels, for the gateway: `analytics:<instrument>:<timeframe>` (a
// symbol engine's point on each bar close) and `pair:<x>/<y>:<timeframe>` (a live pair's point on
// each aligned close, and its tests when they are done). Messages are
// `{channel, type: 'point' | 'tests', data}` (AnalyticsMessage in ws-schemas.ts), keyed for
// latest-value coalescing by bucket start (points) or 'tests'. Live points come from the bus's
// `metric` topic; the snapshot sent on subscribe is read from the analytics engines of this process.
import { pairId } from '../analytics/params.js';
import { isTimeframe, type InstrumentId, type MetricMessage, type Timeframe } from '../domain/index.js';
import type { ServerContext } from './context.js';
import { resolveInstrument } from './routes/market-data.js';
import { encodeServerMessage, type AnalyticsMessage } from './ws-schemas.js';

export type AnalyticsChannel =
  | { kind: 'analytics'; name: string; instrument: InstrumentId; timeframe: Timeframe }
  | { kind: 'pair'; name: string; pairId: string };

export interface QueuedMessage {
  /** Coalescing key within the channel. */
  key: string;
  message: string;
}

/** Parses an analytics channel name; null when `name` is not one; throws when it is one but wrong. */
export function parseAnalyticsChannel(ctx: ServerContext, name: string): AnalyticsChannel | null {
  if (name.startsWith('analytics:')) {
    const match = /^analytics:(.+):([^:]+)$/.exec(name);
    if (!match) throw new Error(`malformed channel "${name}": expected analytics:<instrument>:<timeframe>`);
    if (!isTimeframe(match[2])) throw new Error(`unknown timeframe "${match[2]}" in channel "${name}"`);
    const instrument = resolveInstrument(ctx, match[1]);
    return { kind: 'analytics', name: `analytics:${instrument}:${match[2]}`, instrument, timeframe: match[2] };
  }
  if (name.startsWith('pair:')) {
    const match = /^pair:(.+)\/(.+):([^:]+)$/.exec(name);
    if (!match) throw new Error(`malformed channel "${name}": expected pair:<x>/<y>:<timeframe>`);
    if (!isTimeframe(match[3])) throw new Error(`unknown timeframe "${match[3]}" in channel "${name}"`);
    const id = pairId({
      x: resolveInstrument(ctx, match[1]),
      y: resolveInstrument(ctx, match[2]),
      timeframe: match[3],
    });
    if (ctx.analytics?.pairById(id) === undefined) {
      throw new Error(`pair ${id} is not live: start it with POST /api/v1/pairs`);
    }
    return { kind: 'pair', name: `pair:${id}`, pairId: id };
  }
  return null;
}

/** The channel a metric message is shown on. */
export function metricChannel({ update }: MetricMessage): string {
  const { target, timeframe } = update;
  return 'instrument' in target
    ? `analytics:${target.instrument}:${timeframe}`
    : `pair:${pairId({ x: target.pair.x, y: target.pair.y, timeframe })}`;
}

/** A point is keyed by its bucket start, so that a newer state of the same close replaces it; tests by 'tests'. */
function queued(message: AnalyticsMessage): QueuedMessage {
  const key = message.type === 'tests' ? 'tests' : String(message.data.start);
  return { key, message: encodeServerMessage(message) };
}

/**
 * The channel message of a metric message. Its `result` is the analytics' own point or tests,
 * carried by the bus as plain JSON; the cast restores the type the analytics published it with
 * (test/server/ws-wire-schemas.test.ts holds every message sent to its schema).
 */
export function metricChannelMessage(message: MetricMessage, channel = metricChannel(message)): QueuedMessage {
  const { update, result } = message;
  return queued({ channel, type: update.source, data: result } as AnalyticsMessage);
}

/** The newest state of a channel, sent on subscribe. */
export function channelSnapshot(ctx: ServerContext, channel: AnalyticsChannel): QueuedMessage[] {
  if (channel.kind === 'analytics') {
    const point = ctx.analytics?.symbol(channel.instrument, channel.timeframe)?.latest;
    return point ? [queued({ channel: channel.name, type: 'point', data: point })] : [];
  }
  const pair = ctx.analytics?.pairById(channel.pairId);
  const out: QueuedMessage[] = [];
  if (pair?.latest) out.push(queued({ channel: channel.name, type: 'point', data: pair.latest }));
  if (pair?.latestTests) out.push(queued({ channel: channel.name, type: 'tests', data: pair.latestTests }));
  return out;
}
