import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertEvent } from '../alert-event.js';
import { WebhookNotifier } from './webhook-notifier.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ port: number; hits: () => number }> {
  let hits = 0;
  server = createServer((req, res) => {
    hits++;
    handler!(req, res);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, hits: () => hits };
}

function pendingEvent(url: string): AlertEvent {
  return {
    id: 'evt-1',
    ruleId: 'rule-1',
    ruleName: 'test',
    severity: 'low',
    target: { instrument: 'sim:AAA' },
    timeframe: '1s',
    metric: 'price',
    operator: '>',
    threshold: 1,
    band: 0.1,
    value: 2,
    previousValue: null,
    barStart: 0,
    firedAt: 0,
    delivery: {
      ws: { subscribers: 0, pushedAt: 0 },
      webhook: {
        status: 'pending',
        url,
        attempts: 0,
        lastError: null,
        lastStatusCode: null,
        deliveredAt: null,
        nextAttemptAt: null,
      },
    },
  };
}

describe('WebhookNotifier', () => {
  it('refuses a name that resolves to loopback at connect time, without calling it or retrying', async () => {
    const target = await listen((_req, res) => res.end('ok'));
    const updates: AlertEvent[] = [];
    const notifier = new WebhookNotifier({ allowPrivate: false, backoffBaseMs: 1 }, (e) =>
      updates.push(structuredClone(e)),
    );
    notifier.enqueue(pendingEvent(`http://localhost:${target.port}/hook`));
    await notifier.idle();
    expect(target.hits()).toBe(0);
    expect(updates).toHaveLength(1);
    expect(updates[0].delivery.webhook).toMatchObject({ status: 'failed', attempts: 1, lastStatusCode: null });
    expect(updates[0].delivery.webhook!.lastError).toMatch(
      /localhost resolves to (127\.0\.0\.1|::1).*--alerts-allow-private-webhooks/,
    );
  });

  it('times out a receiver that does not answer, and retries with capped exponential backoff', async () => {
    await listen(() => {}); // never answers
    const port = (server!.address() as AddressInfo).port;
    const updates: AlertEvent[] = [];
    const notifier = new WebhookNotifier(
      { allowPrivate: true, timeoutMs: 50, maxAttempts: 2, backoffBaseMs: 10, jitter: false },
      (e) => updates.push(structuredClone(e)),
    );
    notifier.enqueue(pendingEvent(`http://127.0.0.1:${port}/slow`));
    await notifier.idle();
    expect(
      updates.map((u) => [u.delivery.webhook!.status, u.delivery.webhook!.attempts, u.delivery.webhook!.lastError]),
    ).toEqual([
      ['pending', 1, 'no response within 50 ms'],
      ['failed', 2, 'no response within 50 ms'],
    ]);
    server!.closeAllConnections();
  });

  it('counts a run of failed attempts for health until a delivery succeeds', async () => {
    let answer = 500;
    const target = await listen((_req, res) => {
      res.statusCode = answer;
      res.end();
    });
    let now = 1_000;
    const notifier = new WebhookNotifier(
      { allowPrivate: true, maxAttempts: 2, backoffBaseMs: 1, jitter: false, now: () => now },
      () => {},
    );
    const url = `http://127.0.0.1:${target.port}/hook`;
    notifier.enqueue(pendingEvent(url));
    await notifier.idle();
    expect(notifier.stats()).toEqual({
      delivered: 0,
      failed: 1,
      failingAttempts: 2,
      failingSince: 1_000,
      lastError: expect.stringContaining('500'),
    });
    answer = 200;
    now = 2_000;
    notifier.enqueue({ ...pendingEvent(url), id: 'evt-2' });
    await notifier.idle();
    expect(notifier.stats()).toMatchObject({ delivered: 1, failed: 1, failingAttempts: 0, failingSince: null });
  });

  it('doubles the delay per attempt up to the cap', () => {
    const notifier = new WebhookNotifier({ backoffBaseMs: 1_000, backoffCapMs: 5_000, jitter: false }, () => {});
    expect([1, 2, 3, 4, 5].map((attempt) => notifier.backoffMs(attempt))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000]);
    const jittered = new WebhookNotifier({ backoffBaseMs: 1_000, backoffCapMs: 5_000 }, () => {});
    for (let i = 0; i < 50; i++) expect(jittered.backoffMs(3)).toSatisfy((ms: number) => ms >= 2_000 && ms <= 4_000);
  });
});
