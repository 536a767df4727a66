// The channel names of /ws and what each one means: `bars:<instrument>:<timeframe>`, the analytics
// channels (analytics-ws.ts), `sessions:<instrument>:<profile>`, `alerts`, `imports` (CSV upload
// progress) and `status`. A name that
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
  | { kind: 'sessions'; name: string; instrument: InstrumentId; profile: string }
  | AnalyticsChannel;

/** The channel a name stands for, under its canonical name (`bars:AAA:1s` → `bars:sim:AAA:1s`). */
export function parseChannel(ctx: ServerContext, name: string): Channel {
  if (name === 'status') return { kind: 'status', name };
  if (name === 'imports') return { kind: 'imports', name };
  if (name === 'alerts') {
    if (!ctx.alerts) throw new Error('alerts are not running in this process');
    return { kind: 'alerts', name };
  }
  const session = /^sessions:(.+):([^:]+)$/.exec(name);
  if (session) {
    if (!ctx.sessions) throw new Error('session statistics are not kept current in this process');
    const profiles = ctx.sessionProfiles?.names() ?? [];
    if (!profiles.includes(session[2])) {
      throw new Error(`unknown profile "${session[2]}" in channel "${name}": expected one of ${profiles.join(', ')}`);
    }
    const instrument = resolveInstrument(ctx, session[1]);
    return { kind: 'sessions', name: `sessions:${instrument}:${session[2]}`, instrument, profile: session[2] };
  }
  const analytics = parseAnalyticsChannel(ctx, name);
  if (analytics) return analytics;
  const match = /^bars:(.+):([^:]+)$/.exec(name);
  if (!match) {
    throw new Error(
      `unknown channel "${name}": expected bars:<instrument>:<timeframe>, ` +
        'analytics:<instrument>:<timeframe>, pair:<x>/<y>:<timeframe>, sessions:<instrument>:<profile>, ' +
        'alerts, imports or status',
    );
  }
  if (!isTimeframe(match[2])) throw new Error(`unknown timeframe "${match[2]}" in channel "${name}"`);
  const instrument = resolveInstrument(ctx, match[1]);
  return { kind: 'bars', name: `bars:${instrument}:${match[2]}`, instrument, timeframe: match[2] };
}
