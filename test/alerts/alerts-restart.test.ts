// Rules, their evaluator state, events and pending webhook deliveries survive a restart on the
// same DuckDB file; a rule whose expiry passed while the server was down comes back expired.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/alert-event.js';
import { ALERT_APP, symbolUpdate } from './fixtures.js';
import { createTestApp } from '../support/test-app.js';

const dir = mkdtempSync(join(tmpdir(), 'tickscope-alerts-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps rules, state, events and pending webhooks across a restart', async () => {
  const path = join(dir, 'alerts.duckdb');
  let failing = true;
  const keys: string[] = [];
  const receiver: Server = createServer((req, res) => {
    keys.push(String(req.headers['idempotency-key']));
    req.resume();
    res.statusCode = failing ? 500 : 200;
    res.end();
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  const minute = Math.floor(Date.now() / 60_000) * 60_000;

  const first = await createTestApp({
    ...ALERT_APP,
    path,
    alerts: { webhook: { allowPrivate: true, backoffBaseMs: 400, jitter: false } },
  });
  const body = { target: { instrument: 'BTCUSDT' }, timeframe: '1m', metric: 'price', operator: '>', threshold: 100 };
  const kept = (
    await first.request('POST', '/api/v1/alerts', {
      ...body,
      name: 'kept',
      channels: ['ws', 'webhook'],
      webhookUrl: hook,
    })
  ).body;
  const paused = (await first.request('POST', '/api/v1/alerts', { ...body, name: 'paused', enabled: false })).body;
  const expiring = (
    await first.request('POST', '/api/v1/alerts', {
      ...body,
      name: 'expiring',
      threshold: 1e9,
      expiresAt: Date.now() + 300,
    })
  ).body;
  // Close once the first attempt's failure is recorded (an attempt still in flight at close is
  // aborted and not counted), before the retry 400 ms later.
  const attemptsSeen: number[] = [];
  first.alertFeed.subscribe({
    readyState: 1,
    bufferedAmount: 0,
    send: (data: string, done?: () => void) => {
      const message = JSON.parse(data) as { type: string; data: AlertEvent };
      if (message.type === 'update' && message.data.delivery.webhook !== null)
        attemptsSeen.push(message.data.delivery.webhook.attempts);
      done?.();
    },
    close: () => {},
  });
  const fired = new Promise<AlertEvent>((resolve) => first.alerts.onEvent(resolve));
  first.alerts.onMetricUpdate(symbolUpdate('binance:BTCUSDT', '1m', minute - 120_000, { price: 101 }));
  const event = await fired;
  while (!attemptsSeen.includes(1)) await new Promise((r) => setTimeout(r, 10));
  expect(keys).toEqual([event.id]);
  await first.close();
  failing = false;
  await new Promise((r) => setTimeout(r, 500)); // past the expiry and the retry time

  const second = await createTestApp({
    ...ALERT_APP,
    path,
    alerts: { webhook: { allowPrivate: true, backoffBaseMs: 400, jitter: false } },
  });
  try {
    const rules = (await second.request('GET', '/api/v1/alerts')).body;
    expect(rules.map((r: { name: string; status: string }) => [r.name, r.status])).toEqual([
      ['kept', 'active'],
      ['paused', 'disabled'],
      ['expiring', 'expired'],
    ]);
    expect(rules[0]).toMatchObject({
      id: kept.id,
      webhookUrl: hook,
      state: { latched: true, fireCount: 1, lastValue: 101, lastFiredBarStart: minute - 120_000 },
    });
    expect(rules[1].id).toBe(paused.id);
    expect(rules[2]).toMatchObject({ id: expiring.id, expiredAt: expect.any(Number) });

    // The delivery left pending is resumed: the receiver gets the same idempotency key again.
    await second.alerts.webhooks.idle();
    expect(keys).toEqual([event.id, event.id]);
    const stored = (await second.request('GET', '/api/v1/alerts/events')).body as AlertEvent[];
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      id: event.id,
      ruleId: kept.id,
      value: 101,
      delivery: { webhook: { status: 'delivered', attempts: 2 } },
    });

    // Still latched: the same condition on a later bar does not fire again, and the old bar is not re-evaluated.
    const again: AlertEvent[] = [];
    second.alerts.onEvent((e) => again.push(e));
    second.alerts.onMetricUpdate(symbolUpdate('binance:BTCUSDT', '1m', minute - 120_000, { price: 50 }));
    second.alerts.onMetricUpdate(symbolUpdate('binance:BTCUSDT', '1m', minute - 60_000, { price: 102 }));
    expect(again).toEqual([]);
  } finally {
    await second.close();
    await new Promise((r) => receiver.close(r));
  }
});
