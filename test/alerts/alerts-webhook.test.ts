// Webhook delivery against a local receiver: retries until it accepts, one event per idempotency
// key, the delivery recorded on the event (history and /ws updates), redirects not followed.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../src/alerts/alert-event.js';
import { ALERT_APP, symbolUpdate } from './fixtures.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { connectClient } from '../support/ws-client.js';

interface Received {
  path: string;
  key: string | undefined;
  contentType: string | undefined;
  body: any;
}

/** A receiver that answers with `respond(requestNumber)` and keeps the events it accepted, by idempotency key. */
async function startReceiver(respond: (n: number, req: IncomingMessage, res: ServerResponse) => void) {
  const received: Received[] = [];
  const accepted = new Map<string, any>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const entry = {
        path: req.url ?? '',
        key: req.headers['idempotency-key'] as string | undefined,
        contentType: req.headers['content-type'],
        body: JSON.parse(body),
      };
      received.push(entry);
      res.on('finish', () => {
        if (res.statusCode === 200 && entry.key !== undefined && !accepted.has(entry.key))
          accepted.set(entry.key, entry.body);
      });
      respond(received.length, req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { received, accepted, url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

let t: TestApp<'alerts'>;
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
beforeEach(async () => {
  t = await createTestApp(ALERT_APP);
});
afterEach(async () => {
  await t.close();
  await receiver?.close();
  receiver = undefined;
});

async function fireOnce(webhookUrl: string): Promise<AlertEvent> {
  const created = await t.request('POST', '/api/v1/alerts', {
    name: 'BTC above 100 (webhook)',
    target: { instrument: 'BTCUSDT' },
    timeframe: '1m',
    metric: 'price',
    operator: '>',
    threshold: 100,
    severity: 'critical',
    channels: ['ws', 'webhook'],
    webhookUrl,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const fired = new Promise<AlertEvent>((resolve) => t.alerts.onEvent(resolve));
  const start = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
  t.alerts.onMetricUpdate(symbolUpdate('binance:BTCUSDT', '1m', start, { price: 101 }));
  return fired;
}

describe('webhook delivery', () => {
  it('retries a receiver that fails twice, which then gets the event exactly once by idempotency key', async () => {
    receiver = await startReceiver((n, _req, res) => {
      res.statusCode = n <= 2 ? 500 : 200;
      res.end(n <= 2 ? 'try later' : 'ok');
    });
    const client = await connectClient(t.wsUrl, ['alerts']);
    const event = await fireOnce(`${receiver.url}/hook?token=abc`);
    expect(event.delivery.webhook).toMatchObject({ status: 'pending', attempts: 0 });

    const delivered = await client.next((m) => m.type === 'update' && m.data.delivery.webhook.status === 'delivered');
    await new Promise((r) => setTimeout(r, 200)); // no attempt after the success
    expect(receiver.received).toHaveLength(3);
    expect(receiver.received.map((r) => r.key)).toEqual([event.id, event.id, event.id]);
    expect(receiver.received.every((r) => r.path === '/hook?token=abc' && r.contentType === 'application/json')).toBe(
      true,
    );
    expect([...receiver.accepted.keys()]).toEqual([event.id]);
    expect(receiver.accepted.get(event.id)).toMatchObject({
      type: 'alert',
      id: event.id,
      ruleId: event.ruleId,
      severity: 'critical',
      metric: 'price',
      value: 101,
      text: expect.stringMatching(/^\[CRITICAL\] BTC above 100 \(webhook\): binance:BTCUSDT 1m price > 100/),
    });
    expect(receiver.accepted.get(event.id).delivery).toBeUndefined();

    const updates = client.messages
      .filter((m) => m.type === 'update' && m.data.id === event.id)
      .map((m) => m.data.delivery.webhook);
    expect(updates.map((w) => [w.status, w.attempts, w.lastError])).toEqual([
      ['pending', 1, 'HTTP 500 Internal Server Error'],
      ['pending', 2, 'HTTP 500 Internal Server Error'],
      ['delivered', 3, null],
    ]);
    const stored = (await t.request('GET', `/api/v1/alerts/events/${event.id}`)).body as AlertEvent;
    expect(stored.delivery.webhook).toEqual(delivered.data.delivery.webhook);
    expect(stored.delivery.webhook).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
      nextAttemptAt: null,
      deliveredAt: expect.any(Number),
    });
    client.socket.close();
  });

  it('does not follow a redirect: the delivery fails at once and the redirect target is never called', async () => {
    receiver = await startReceiver((_n, req, res) => {
      if (req.url === '/moved') {
        res.end('ok');
        return;
      }
      res.statusCode = 302;
      res.setHeader('location', '/moved');
      res.end();
    });
    const event = await fireOnce(`${receiver.url}/hook`);
    await t.alerts.webhooks.idle();
    expect(receiver.received.map((r) => r.path)).toEqual(['/hook']);
    const stored = (await t.request('GET', `/api/v1/alerts/events/${event.id}`)).body as AlertEvent;
    expect(stored.delivery.webhook).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatusCode: 302,
      lastError: 'HTTP 302: redirect to /moved not followed',
    });
  });

  it('gives up after the last attempt and records the failure', async () => {
    await t.close();
    t = await createTestApp({
      ...ALERT_APP,
      alerts: { webhook: { allowPrivate: true, maxAttempts: 3, backoffBaseMs: 10, jitter: false } },
    });
    receiver = await startReceiver((_n, _req, res) => {
      res.statusCode = 503;
      res.end();
    });
    const event = await fireOnce(`${receiver.url}/hook`);
    await t.alerts.webhooks.idle();
    expect(receiver.received).toHaveLength(3);
    const stored = (await t.request('GET', `/api/v1/alerts/events/${event.id}`)).body as AlertEvent;
    expect(stored.delivery.webhook).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastStatusCode: 503,
      deliveredAt: null,
    });
    expect((await t.request('GET', '/api/v1/alerts/events?limit=10')).body.map((e: AlertEvent) => e.id)).toEqual([
      event.id,
    ]);
  });
});
