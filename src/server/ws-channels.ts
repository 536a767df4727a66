// The channel names of /ws and what each one means: `bars:<instrument>:<timeframe>`, the analytics
// channels (analytics-ws.ts), `alerts`, `imports` (CSV upload progress) and `status`. A name that
// is not one throws an error saying what was expected, which the gateway sends back as the
// channel's refusal.
import type { InstrumentId, Timeframe } from '../domain/index.js';
import { isTimeframe } from '../domain/index.js';
import { parseAnalyticsChannel, type AnalyticsChannel } from './analytics-ws.js';
import type { ServerContext } from './context.js';
import { resolveInstrument } from './routes/market-data.js';

export type Channel =
  | { kind: 'bars'; name: string; instrument: InstrumentId; timeframe: Timeframe }
  | { kind: 'status'; name: 'status' }
  | { kind: 'alerts'; name: 'alerts' }
  | { kind: 'imports'; name: 'imports' }
  | AnalyticsChannel;

/** The channel a name stands for, under its canonical name (`bars:AAA:1s` → `bars:sim:AAA:1s`). */
export function parseChannel(ctx: ServerContext, name: string): Channel {
  if (name === 'status') return { kind: 'status', name };
  if (name === 'imports') return { kind: 'imports', name };
  if (name === 'alerts') {
    if (!ctx.alerts) throw new Error('alerts are not running in this process');
    return { kind: 'alerts', name };
  }
  const analytics = parseAnalyticsChannel(ctx, name);
  if (analytics) return analytics;
  const match = /^bars:(.+):([^:]+)$/.exec(name);
  if (!match) {
    throw new Error(
      `unknown channel "${name}": expected bars:<instrument>:<timeframe>, ` +
        'analytics:<instrument>:<timeframe>, pair:<x>/<y>:<timeframe>, alerts, imports or status',
    );
  }
  if (!isTimeframe(match[2])) throw new Error(`unknown timeframe "${match[2]}" in channel "${name}"`);
  const instrument = resolveInstrument(ctx, match[1]);
  return { kind: 'bars', name: `bars:${instrument}:${match[2]}`, instrument, timeframe: match[2] };
}
