// The analytics WebSocket channels, for the gateway: `analytics:<instrument>:<timeframe>` (a
// symbol engine's point on each bar close) and `pair:<x>/<y>:<timeframe>` (a live pair's point on
// each aligned close, and its tests when they are done). Messages are
// `{channel, type: 'point' | 'tests', data}` (AnalyticsMessage in ws-schemas.ts), keyed for
// latest-value coalescing by bucket start (points) or 'tests'.
import type { AnalyticsUpdate } from '../analytics/live/analytics-service.js';
import { pairId } from '../analytics/params.js';
import { isTimeframe, type InstrumentId, type Timeframe } from '../domain/index.js';
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

export function updateChannel(update: AnalyticsUpdate): string {
  return update.kind === 'symbol' ? `analytics:${update.instrument}:${update.timeframe}` : `pair:${update.id}`;
}

/** A point is keyed by its bucket start, so that a newer state of the same close replaces it; tests by 'tests'. */
function queued(message: AnalyticsMessage): QueuedMessage {
  const key = message.type === 'tests' ? 'tests' : String(message.data.start);
  return { key, message: encodeServerMessage(message) };
}

export function updateMessage(update: AnalyticsUpdate, channel = updateChannel(update)): QueuedMessage {
  if (update.kind === 'symbol') return queued({ channel, type: 'point', data: update.point });
  const { event } = update;
  if (event.type === 'point') return queued({ channel, type: 'point', data: event.point });
  return queued({ channel, type: 'tests', data: event.tests });
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
