// The alert REST API and the `alerts` WebSocket channel against a running server: rule CRUD,
// validation errors that name the field and the allowed values, the metric catalog, and an
// event fired by live trades reaching a /ws client and the history.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tick } from '../../src/domain/index.js';
import { ALERT_APP } from './fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { connectClient } from '../support/ws-client.js';

let t: TestApp<'alerts'>;
beforeEach(async () => {
  t = await createTestApp({
    ...ALERT_APP,
    alerts: { webhook: { allowPrivate: false } },
  });
});
afterEach(async () => {
  await t.close();
});

const rule = {
  name: 'BTC above 100',
  target: { instrument: 'BTCUSDT' },
  timeframe: '1s',
  metric: 'price',
  operator: '>',
  threshold: 100,
};

/** Trades of binance:BTCUSDT at `prices`, one per second, ending in the current second. */
function trades(prices: number[], firstId = 1): Tick[] {
  const start = Math.floor(Date.now() / 1000) * 1000 - (prices.length - 1) * 1000;
  return prices.map((price, i) => ({
    instrument: 'binance:BTCUSDT',
    id: firstId + i,
    ts: start + i * 1000 + 100,
    price,
    qty: 1,
    buyerMaker: false,
  }));
}

describe('alert rules API', () => {
  it('creates, reads, disables, re-enables and deletes a rule', async () => {
    const created = await t.request('POST', '/api/v1/alerts', rule);
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/api/v1/alerts/${created.body.id}`);
    expect(created.body).toMatchObject({
      name: 'BTC above 100',
      target: { instrument: 'binance:BTCUSDT' },
      band: 0.1,
      bandAuto: true,
      cooldownSec: 60,
      severity: 'medium',
      channels: ['ws'],
      webhookUrl: null,
      enabled: true,
      status: 'active',
      expiresAt: null,
      state: { latched: null, fireCount: 0 },
    });
    const id = created.body.id;
    expect((await t.request('GET', '/api/v1/alerts')).body.map((r: { id: string }) => r.id)).toEqual([id]);

    const disabled = await t.request('PATCH', `/api/v1/alerts/${id}`, { enabled: false });
    expect(disabled.body).toMatchObject({ enabled: false, status: 'disabled', name: rule.name });
    const changed = await t.request('PATCH', `/api/v1/alerts/${id}`, {
      enabled: true,
      band: 0.5,
      severity: 'critical',
    });
    expect(changed.body).toMatchObject({ status: 'active', band: 0.5, bandAuto: false, severity: 'critical' });
    // A JSON null means "back to the default", never 0.
    const reset = await t.request('PATCH', `/api/v1/alerts/${id}`, { band: null });
    expect(reset.body).toMatchObject({ band: 0.1, bandAuto: true });

    expect((await t.request('DELETE', `/api/v1/alerts/${id}`)).status).toBe(204);
    expect((await t.request('GET', `/api/v1/alerts/${id}`)).status).toBe(404);
    expect((await t.request('PATCH', `/api/v1/alerts/${id}`, { enabled: true })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/alerts/${id}`)).status).toBe(404);
  });

  it.each([
    [
      'an unknown metric',
      { ...rule, metric: 'sharpe' },
      'metric',
      expect.arrayContaining(['price', 'zscore', 'adf_pvalue']),
    ],
    [
      'a pair metric on an instrument',
      { ...rule, metric: 'half_life' },
      'metric',
      expect.arrayContaining(['price', 'rsi', 'macd_histogram']),
    ],
    [
      'an unknown operator',
      { ...rule, operator: '==' },
      'operator',
      ['>', '<', '>=', '<=', 'crosses_above', 'crosses_below', 'abs_gt'],
    ],
    ['an unknown severity', { ...rule, severity: 'urgent' }, 'severity', ['critical', 'high', 'medium', 'low']],
    ['an unknown timeframe', { ...rule, timeframe: '2m' }, 'timeframe', ['1s', '1m', '5m', '15m', '1h', '4h', '1d']],
    ['an unknown channel', { ...rule, channels: ['ws', 'email'] }, 'channels.1', ['ws', 'webhook']],
  ])('answers 400 naming the field and the allowed values for %s', async (_case, body, field, allowed) => {
    const res = await t.request('POST', '/api/v1/alerts', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toMatch(/bad_request|invalid_rule/);
    expect(res.body.error.details[0]).toMatchObject({ field, allowed });
  });

  it.each([
    ['a missing threshold', (({ threshold: _t, ...r }) => r)(rule), 'threshold', /threshold/],
    ['an unknown field', { ...rule, colour: 'red' }, 'colour', /colour is not an allowed field/],
    [
      'a pair that is not live',
      { ...rule, target: { pair: { x: 'BTCUSDT', y: 'ETHUSDT' } }, metric: 'zscore' },
      'target.pair',
      /not live; start it with POST \/api\/v1\/pairs/,
    ],
    [
      'a webhook without URL',
      { ...rule, channels: ['ws', 'webhook'] },
      'webhookUrl',
      /required when channels include "webhook"/,
    ],
    [
      'a loopback webhook',
      { ...rule, channels: ['ws', 'webhook'], webhookUrl: 'http://127.0.0.1:9/hook' },
      'webhookUrl',
      /127\.0\.0\.1.*--alerts-allow-private-webhooks/,
    ],
    [
      'a link-local webhook',
      { ...rule, channels: ['ws', 'webhook'], webhookUrl: 'http://[fe80::1]/hook' },
      'webhookUrl',
      /private, loopback or link-local/,
    ],
    [
      'a non-http webhook',
      { ...rule, channels: ['ws', 'webhook'], webhookUrl: 'file:///etc/passwd' },
      'webhookUrl',
      /scheme "file" is not allowed/,
    ],
    ['an expiry in the past', { ...rule, expiresAt: 1_000 }, 'expiresAt', /in the future/],
  ])('answers 400 for %s', async (_case, body, field, message) => {
    const res = await t.request('POST', '/api/v1/alerts', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    if (field !== '') expect(res.body.error.details[0].field).toBe(field);
  });

  it('serves the metric catalog the rule form is built from', async () => {
    const res = await t.request('GET', '/api/v1/alerts/metrics');
    expect(res.status).toBe(200);
    const names = (kind: 'instrument' | 'pair') => res.body.metrics[kind].map((m: { name: string }) => m.name);
    expect(names('instrument')).toEqual(
      expect.arrayContaining(['price', 'return', 'volatility', 'volume', 'zscore', 'macd', 'rsi']),
    );
    expect(names('pair')).toEqual(
      expect.arrayContaining([
        'zscore',
        'spread',
        'hedge_ratio',
        'correlation',
        'adf_pvalue',
        'eg_pvalue',
        'half_life',
      ]),
    );
    expect(res.body.metrics.pair.find((m: { name: string }) => m.name === 'adf_pvalue').source).toBe('tests');
    expect(res.body.operators.map((o: { name: string }) => o.name)).toEqual([
      '>',
      '<',
      '>=',
      '<=',
      'crosses_above',
      'crosses_below',
      'abs_gt',
    ]);
    expect(res.body.defaults).toEqual({ cooldownSec: 60, severity: 'medium', channels: ['ws'], enabled: true });
    expect(res.body.webhooks).toEqual({ allowPrivateTargets: false });
  });

  it('validates the event query', async () => {
    expect((await t.request('GET', '/api/v1/alerts/events?severity=urgent')).body.error.details[0]).toMatchObject({
      allowed: ['critical', 'high', 'medium', 'low'],
    });
    expect((await t.request('GET', '/api/v1/alerts/events?from=2000&to=1000')).status).toBe(400);
    expect((await t.request('GET', '/api/v1/alerts/events?limit=0')).status).toBe(400);
    const infinite = await t.request('GET', '/api/v1/alerts/events?limit=Infinity&from=yesterday');
    expect(infinite.status).toBe(400);
    expect(infinite.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(['from', 'limit']);
    expect((await t.request('GET', '/api/v1/alerts/events/nope')).status).toBe(404);
  });
});

describe('alerts from live trades', () => {
  it('pushes an event to a /ws subscriber when a bar close meets the rule, and keeps it in the history', async () => {
    const client = await connectClient(t.wsUrl, ['alerts']);
    const created = (await t.request('POST', '/api/v1/alerts', { ...rule, severity: 'high', band: 1 })).body;
    await client.next((m) => m.type === 'rule' && m.data.id === created.id);

    t.pipeline.ingest(trades([99, 99.5, 101, 102]));
    const pushed = await client.next((m) => m.type === 'event');
    expect(pushed.channel).toBe('alerts');
    expect(pushed.data).toMatchObject({
      ruleId: created.id,
      ruleName: 'BTC above 100',
      severity: 'high',
      target: { instrument: 'binance:BTCUSDT' },
      timeframe: '1s',
      metric: 'price',
      operator: '>',
      threshold: 100,
      band: 1,
      value: 101,
      previousValue: 99.5,
      delivery: { ws: { subscribers: 1 }, webhook: null },
    });

    const history = await t.request('GET', `/api/v1/alerts/events?ruleId=${created.id}&severity=high,critical`);
    expect(history.body).toEqual([pushed.data]);
    expect((await t.request('GET', '/api/v1/alerts/events?severity=low')).body).toEqual([]);
    const isoRange = `from=1970-01-01T00:00:00Z&to=${encodeURIComponent('2999-01-01T00:00:00+02:00')}`;
    expect((await t.request('GET', `/api/v1/alerts/events?ruleId=${created.id}&${isoRange}`)).body).toEqual([
      pushed.data,
    ]);
    expect((await t.request('GET', '/api/v1/alerts/events?from=2999-01-01')).body).toEqual([]);
    expect((await t.request('GET', `/api/v1/alerts/events/${pushed.data.id}`)).body).toEqual(pushed.data);
    expect((await t.request('GET', `/api/v1/alerts/${created.id}`)).body.state).toMatchObject({
      latched: true,
      fireCount: 1,
      lastFiredBarStart: pushed.data.barStart,
    });
    client.socket.close();
  });

  it('subscribes a connection to alerts once, however often it asks, and unsubscribes it', async () => {
    const client = await connectClient(t.wsUrl, ['alerts', 'alerts']);
    expect(client.messages.find((m) => m.op === 'subscribed').channels).toEqual(['alerts', 'alerts']);
    expect(t.alertFeed.size).toBe(1);
    client.socket.send(JSON.stringify({ op: 'unsubscribe', channels: ['alerts'] }));
    await client.next((m) => m.op === 'unsubscribed');
    expect(t.alertFeed.size).toBe(0);
    client.socket.close();
  });
});
