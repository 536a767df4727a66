// Every topic's messages, as the running stages publish them, survive JSON unchanged: what the
// in-memory bus hands over as objects is exactly what another transport (NATS JetStream) would
// carry as text. A Float64Array, an undefined field, a NaN or a class instance in a message would
// fail here.
import { afterEach, expect, it } from 'vitest';
import type { BusTopics, Topic } from '../../src/bus/bus.js';
import { TOPIC_VERSIONS } from '../../src/bus/bus.js';
import { ALERT_APP } from '../alerts/fixtures.js';
import { simTicks } from '../analytics/sim-fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp<'alerts'>;
afterEach(async () => {
  await t.close();
});

it('round-trips every message of every topic through JSON', async () => {
  // The simulated bars are from 2024: let them fire as if they were live.
  t = await createTestApp({ ...ALERT_APP, alerts: { staleAfterMs: Number.POSITIVE_INFINITY } });
  const seen: { [K in Topic]: BusTopics[K][] } = { tick: [], bar: [], metric: [], alert: [] };
  for (const topic of Object.keys(TOPIC_VERSIONS) as Topic[]) {
    t.bus.subscribe(topic, (message) => (seen[topic] as unknown[]).push(message));
  }
  await t.analytics.registry.add({ x: 'sim:AAA', y: 'sim:BBB', timeframe: '1s', params: { lookback: 60, window: 20 } });
  const created = await t.request('POST', '/api/v1/alerts', {
    name: 'AAA turns up',
    target: { instrument: 'sim:AAA' },
    timeframe: '1s',
    metric: 'return',
    operator: 'crosses_above',
    threshold: 0,
    band: 0,
    cooldownSec: 0,
  });
  expect(created.status).toBe(201);

  t.pipeline.ingest(simTicks(90, 20));
  await t.pipeline.finish();
  t.analytics.advanceClock(Number.MAX_SAFE_INTEGER / 2);
  await t.analytics.jobs.idle();
  // A symbol engine warms up from the store first, then publishes every close it held back.
  while (t.analytics.symbol('sim:AAA', '1s')?.isWarming !== false) await new Promise((r) => setTimeout(r, 5));
  await t.request('DELETE', `/api/v1/alerts/${created.body.id}`);

  expect(seen.metric.some((m) => m.update.source === 'tests')).toBe(true);
  expect(new Set(seen.alert.map((m) => m.type))).toEqual(new Set(['rule', 'event', 'rule_deleted']));
  for (const topic of Object.keys(seen) as Topic[]) {
    expect(seen[topic].length, topic).toBeGreaterThan(0);
    for (const message of seen[topic]) expect(JSON.parse(JSON.stringify(message)), topic).toStrictEqual(message);
  }
});
