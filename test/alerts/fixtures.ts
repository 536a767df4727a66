// Metric updates built by hand for the alert tests, in the domain's shape (what the alert engine
// consumes); metrics not given are null, as while the analytics warm up.
import {
  PAIR_POINT_METRIC_NAMES,
  PAIR_TEST_METRIC_NAMES,
  SYMBOL_METRIC_NAMES,
  type AlertBusMessage,
  type MetricMessage,
  type MetricName,
  type MetricUpdate,
  type MetricValues,
  type PairPointMetricName,
  type PairTestMetricName,
  type SymbolMetricName,
  type Timeframe,
} from '../../src/domain/index.js';
import type { AlertBus } from '../../src/alerts/alert-engine.js';
import type { AlertRule } from '../../src/alerts/rule.js';
import type { TestAppOptions } from '../support/test-app.js';

/** The server of the alert tests: analytics and alerts, bare symbols on Binance, listening for WebSocket clients. */
export const ALERT_APP = { engines: 'alerts', venue: 'binance', listen: true } as const satisfies TestAppOptions;

export const T0 = Date.UTC(2024, 7, 8, 12, 0, 0);

/** The alert engine's side of a bus, in a test: metric messages delivered by hand, alert messages recorded. */
export function testAlertBus() {
  const metricHandlers = new Set<(message: MetricMessage) => void>();
  const published: AlertBusMessage[] = [];
  const bus: AlertBus = {
    subscribe: (_topic, handler) => {
      metricHandlers.add(handler);
      return () => metricHandlers.delete(handler);
    },
    publish: (_topic, message) => void published.push(message),
  };
  return {
    bus,
    published,
    get subscribers() {
      return metricHandlers.size;
    },
    deliver(update: MetricUpdate) {
      for (const handler of metricHandlers) handler({ update, result: {} });
    },
  };
}

function valuesOf<Name extends MetricName>(
  names: readonly Name[],
  given: Partial<MetricValues<Name>>,
): MetricValues<Name> {
  return { ...(Object.fromEntries(names.map((name) => [name, null])) as MetricValues<Name>), ...given };
}

/**
 * A symbol's metrics on the bar that starts at `start`; the bar is 100 (open, high, low, close) with volume 1 unless
 * given.
 */
export function symbolUpdate(
  instrument: string,
  timeframe: Timeframe,
  start: number,
  values: Partial<MetricValues<SymbolMetricName>>,
): MetricUpdate {
  const bar = { price: 100, open: 100, high: 100, low: 100, volume: 1 };
  return {
    target: { instrument },
    timeframe,
    source: 'point',
    barStart: start,
    values: valuesOf(SYMBOL_METRIC_NAMES, { ...bar, ...values }),
  };
}

export function pairUpdate(
  x: string,
  y: string,
  timeframe: Timeframe,
  start: number,
  values: Partial<MetricValues<PairPointMetricName>>,
): MetricUpdate {
  return {
    target: { pair: { x, y } },
    timeframe,
    source: 'point',
    barStart: start,
    values: valuesOf(PAIR_POINT_METRIC_NAMES, values),
  };
}

export function pairTestsUpdate(
  x: string,
  y: string,
  timeframe: Timeframe,
  start: number,
  values: Partial<MetricValues<PairTestMetricName>>,
): MetricUpdate {
  return {
    target: { pair: { x, y } },
    timeframe,
    source: 'tests',
    barStart: start,
    values: valuesOf(PAIR_TEST_METRIC_NAMES, values),
  };
}

let counter = 0;

/** A stored-shape rule with defaults; ids are unique per call. */
export function makeRule(overrides: Partial<AlertRule> = {}): AlertRule {
  counter++;
  return {
    id: `rule-${counter}`,
    name: `rule ${counter}`,
    target: { instrument: 'sim:AAA' },
    timeframe: '1s',
    metric: 'price',
    operator: '>',
    threshold: 100,
    band: 0,
    cooldownSec: 0,
    severity: 'medium',
    expiresAt: null,
    channels: ['ws'],
    webhookUrl: null,
    enabled: true,
    createdAt: T0,
    updatedAt: T0,
    expiredAt: null,
    ...overrides,
  };
}
