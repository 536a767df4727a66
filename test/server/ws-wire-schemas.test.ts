// What a running gateway sends on /ws against the schemas in src/server/ws-schemas.ts: every kind
// of message (acks, errors, bars, status, symbol and pair analytics, alert events, delivery
// updates, rules, deletions) must match its schema, and carry no field the schema does not
// declare — the dashboard's types come from these schemas, so a field outside them is one the
// dashboard cannot see and a schema that drifted from the gateway is one it is wrongly typed by.
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AlertEventMessageSchema,
  AlertRuleDeletedMessageSchema,
  AlertRuleMessageSchema,
} from '../../src/alerts/alert-schemas.js';
import { SimMarket } from '../../src/sources/sim/sim-market.js';
import {
  BarMessageSchema,
  PairPointMessageSchema,
  PairTestsMessageSchema,
  StatusMessageSchema,
  SubscriptionAckSchema,
  SymbolPointMessageSchema,
  WsErrorSchema,
} from '../../src/server/ws-schemas.js';
import { ALERT_APP } from '../alerts/fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { connectClient } from '../support/ws-client.js';

const PAIR_CHANNEL = 'pair:sim:AAA/sim:BBB:1s';

/** The schema a message claims by its `op`, `channel` and `type`, and a name for the report. */
function schemaOf(message: { op?: string; channel?: string; type?: string }): [string, TSchema] {
  if (message.op === 'subscribed' || message.op === 'unsubscribed') return ['ack', SubscriptionAckSchema];
  if (message.op === 'error') return ['error', WsErrorSchema];
  const { channel = '', type } = message;
  if (channel === 'status') return ['status', StatusMessageSchema];
  if (channel === 'alerts') {
    if (type === 'event' || type === 'update') return [`alert ${type}`, AlertEventMessageSchema];
    if (type === 'rule') return ['alert rule', AlertRuleMessageSchema];
    if (type === 'rule_deleted') return ['alert rule_deleted', AlertRuleDeletedMessageSchema];
  }
  if (channel.startsWith('bars:')) return ['bar', BarMessageSchema];
  if (channel.startsWith('analytics:') && type === 'point') return ['symbol point', SymbolPointMessageSchema];
  if (channel.startsWith('pair:') && type === 'point') return ['pair point', PairPointMessageSchema];
  if (channel.startsWith('pair:') && type === 'tests') return ['pair tests', PairTestsMessageSchema];
  throw new Error(`a message no schema describes: ${JSON.stringify(message).slice(0, 300)}`);
}

let t: TestApp<'alerts'>;
beforeEach(async () => {
  t = await createTestApp(ALERT_APP);
});
afterEach(async () => {
  await t.close();
});

describe('WebSocket messages against their schemas', () => {
  it('sends every kind of message exactly in the shape of its schema', async () => {
    await t.analytics.registry.add({
      x: 'sim:AAA',
      y: 'sim:BBB',
      timeframe: '1s',
      params: { lookback: 30, window: 10 },
    });
    const client = await connectClient(t.wsUrl, [
      'bars:sim:AAA:1s',
      'analytics:sim:AAA:1s',
      PAIR_CHANNEL,
      'status',
      'alerts',
    ]);
    client.socket.send('not json');
    client.socket.send(JSON.stringify({ op: 'listen', channels: ['status'] }));
    client.socket.send(JSON.stringify({ op: 'subscribe', channels: ['trades:sim:AAA', 'trades:sim:BBB'] }));
    await client.next((m) => m.op === 'error' && m.error.code === 'bad_channel');
    client.socket.send(JSON.stringify({ op: 'subscribe', channels: Array(201).fill('status') }));
    await client.next((m) => m.op === 'error' && m.error.code === 'too_many_channels');

    // A rule that fires on the first closes, with a webhook nobody listens on: its failed
    // deliveries come back as `update` messages.
    const rule = await t.request('POST', '/api/v1/alerts', {
      name: 'AAA trades',
      target: { instrument: 'sim:AAA' },
      timeframe: '1s',
      metric: 'price',
      operator: '>',
      threshold: 0,
      channels: ['ws', 'webhook'],
      webhookUrl: 'http://127.0.0.1:9/hook',
    });
    expect(rule.status).toBe(201);
    // The last minute of trades: the evaluator takes older bars for history and fires on none of them.
    const end = Math.floor(Date.now() / 1000) * 1000;
    const market = new SimMarket({
      seed: 7,
      tradesPerSecond: 20,
      startTs: end - 60_000,
      spreadHalfLifeSec: 30,
      spreadStd: 0.002,
    });
    t.pipeline.ingest(market.generateUntil(end));
    await t.analytics.jobs.idle();
    await client.next((m) => m.channel === PAIR_CHANNEL && m.type === 'tests');
    await client.next((m) => m.channel === 'alerts' && m.type === 'update');
    await client.next((m) => m.channel === 'status');
    expect((await t.request('DELETE', `/api/v1/alerts/${rule.body.id}`)).status).toBe(204);
    await client.next((m) => m.type === 'rule_deleted');
    client.socket.send(JSON.stringify({ op: 'unsubscribe', channels: ['status'] }));
    await client.next((m) => m.op === 'unsubscribed');

    const seen = new Set<string>();
    for (const message of client.messages) {
      const [kind, schema] = schemaOf(message);
      seen.add(kind);
      const where = `${kind}: ${JSON.stringify(message).slice(0, 300)}`;
      expect(
        Value.Errors(schema, message).map((e) => `${e.instancePath} ${e.message}`),
        where,
      ).toEqual([]);
      expect(Value.Clean(schema, structuredClone(message)), `undeclared fields in ${where}`).toEqual(message);
    }
    expect([...seen].sort()).toEqual([
      'ack',
      'alert event',
      'alert rule',
      'alert rule_deleted',
      'alert update',
      'bar',
      'error',
      'pair point',
      'pair tests',
      'status',
      'symbol point',
    ]);
    client.socket.close();
  });
});
