// Webhook delivery: each event is POSTed as JSON with an `Idempotency-Key` header (the event id,
// the same on every attempt, so a receiver can drop repeats), a per-attempt timeout and retries
// with capped exponential backoff. Redirects are not followed (a 3xx is a failed delivery) and
// non-public addresses are refused at connect time unless allowed. Every attempt's outcome is
// written onto the event and reported through `onUpdate`.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AlertEvent, WebhookDelivery } from '../alert-event.js';
import {
  checkWebhookTarget,
  guardedLookup,
  parseWebhookUrl,
  WebhookTargetError,
  type Lookup,
} from './webhook-target.js';
import type { Logger } from '../../domain/logger.js';

export interface WebhookOptions {
  /** Allow loopback, private and link-local targets (tests, a receiver on the same host). Default false. */
  allowPrivate?: boolean;
  /** Per attempt, connect to end of response headers. Default 5 s. */
  timeoutMs?: number;
  /** Attempts in all, the first included. Default 6. */
  maxAttempts?: number;
  /** Delay before the second attempt; doubles per attempt up to `backoffCapMs`. Default 1 s. */
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Randomise each delay between half and all of it, so that many retries do not arrive together. Default true. */
  jitter?: boolean;
  /** Deliveries in flight at once. Default 4. */
  concurrency?: number;
  lookup?: Lookup;
  now?: () => number;
}

interface Outcome {
  delivered: boolean;
  retry: boolean;
  statusCode: number | null;
  error: string | null;
  retryAfterMs?: number;
}

const USER_AGENT = 'tickscope-alerts/1';

/** Delivery outcomes, for health: a run of failed attempts lasts until a delivery succeeds. */
export interface WebhookDeliveryStats {
  delivered: number;
  /** Events given up after their last attempt. */
  failed: number;
  /** Failed attempts since the last delivery (0 while deliveries succeed). */
  failingAttempts: number;
  /** Epoch ms of the first failed attempt of the current run; null when not failing. */
  failingSince: number | null;
  lastError: string | null;
}

/** The JSON a receiver gets: the event without its delivery bookkeeping, plus a one-line `text` (Slack-compatible). */
export function webhookPayload(event: AlertEvent): string {
  const { delivery: _delivery, ...rest } = event;
  const target =
    'instrument' in event.target ? event.target.instrument : `${event.target.pair.x}/${event.target.pair.y}`;
  const text =
    `[${event.severity.toUpperCase()}] ${event.ruleName}: ${target} ${event.timeframe} ${event.metric} ` +
    `${event.operator} ${event.threshold} (value ${event.value}) at ` +
    `${new Date(event.barStart).toISOString()}`;
  return JSON.stringify({ type: 'alert', ...rest, text });
}

export class WebhookNotifier {
  private readonly ready: AlertEvent[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<{ abort(): void }>();
  private active = 0;
  private stopped = false;
  private readonly options: Required<Omit<WebhookOptions, 'lookup'>> & { lookup?: Lookup };
  private readonly idleWaiters: Array<() => void> = [];
  private readonly deliveryStats: WebhookDeliveryStats = {
    delivered: 0,
    failed: 0,
    failingAttempts: 0,
    failingSince: null,
    lastError: null,
  };

  constructor(
    options: WebhookOptions,
    private readonly onUpdate: (event: AlertEvent) => void,
    private readonly logger?: Logger,
  ) {
    this.options = {
      allowPrivate: options.allowPrivate ?? false,
      timeoutMs: options.timeoutMs ?? 5_000,
      maxAttempts: options.maxAttempts ?? 6,
      backoffBaseMs: options.backoffBaseMs ?? 1_000,
      backoffCapMs: options.backoffCapMs ?? 60_000,
      jitter: options.jitter ?? true,
      concurrency: options.concurrency ?? 4,
      now: options.now ?? Date.now,
      lookup: options.lookup,
    };
  }

  get allowPrivate(): boolean {
    return this.options.allowPrivate;
  }

  /** Checks a URL for a rule: a malformed or non-public target is refused up front. */
  async checkUrl(text: string): Promise<void> {
    await checkWebhookTarget(parseWebhookUrl(text), {
      allowPrivate: this.options.allowPrivate,
      lookup: this.options.lookup,
    });
  }

  /** Delivers an event whose `delivery.webhook` is pending (at its `nextAttemptAt`, or now). */
  enqueue(event: AlertEvent): void {
    const webhook = event.delivery.webhook;
    if (this.stopped || webhook === null || webhook.status !== 'pending') return;
    const delay = (webhook.nextAttemptAt ?? 0) - this.options.now();
    if (delay > 0) this.later(event, delay);
    else {
      this.ready.push(event);
      this.pump();
    }
  }

  stats(): WebhookDeliveryStats {
    return { ...this.deliveryStats };
  }

  /** Resolves once nothing is queued, scheduled or in flight. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops retrying and aborts requests in flight; their events stay pending (and are resumed after a restart). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const request of this.inFlight) request.abort();
    this.ready.length = 0;
    this.settle();
  }

  /** Delay before attempt `attempt + 1` after `attempt` failures. */
  backoffMs(attempt: number): number {
    const full = Math.min(this.options.backoffCapMs, this.options.backoffBaseMs * 2 ** (attempt - 1));
    return this.options.jitter ? full * (0.5 + Math.random() / 2) : full;
  }

  private isIdle(): boolean {
    return this.ready.length === 0 && this.timers.size === 0 && this.active === 0;
  }

  private settle(): void {
    if (!this.isIdle() && !this.stopped) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private later(event: AlertEvent, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.ready.push(event);
      this.pump();
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  private pump(): void {
    while (!this.stopped && this.active < this.options.concurrency && this.ready.length > 0) {
      const event = this.ready.shift()!;
      this.active++;
      this.attempt(event).finally(() => {
        this.active--;
        this.pump();
        this.settle();
      });
    }
  }

  private async attempt(event: AlertEvent): Promise<void> {
    const webhook = event.delivery.webhook as WebhookDelivery;
    const outcome = await this.post(webhook.url, event);
    if (this.stopped && !outcome.delivered && outcome.retry) return; // aborted by stop(): stays pending
    webhook.attempts++;
    webhook.lastStatusCode = outcome.statusCode;
    webhook.lastError = outcome.error;
    const now = this.options.now();
    this.count(outcome, now);
    if (outcome.delivered) {
      webhook.status = 'delivered';
      webhook.deliveredAt = now;
      webhook.nextAttemptAt = null;
    } else if (outcome.retry && webhook.attempts < this.options.maxAttempts) {
      const delay = Math.min(
        this.options.backoffCapMs,
        Math.max(outcome.retryAfterMs ?? 0, this.backoffMs(webhook.attempts)),
      );
      webhook.nextAttemptAt = now + delay;
      this.later(event, delay);
    } else {
      webhook.status = 'failed';
      webhook.nextAttemptAt = null;
      this.deliveryStats.failed++;
      this.logger?.warn(
        { eventId: event.id, ruleId: event.ruleId, attempts: webhook.attempts, error: webhook.lastError },
        'alert webhook delivery failed',
      );
    }
    this.onUpdate(event);
  }

  private count(outcome: Outcome, now: number): void {
    const stats = this.deliveryStats;
    if (outcome.delivered) {
      stats.delivered++;
      stats.failingAttempts = 0;
      stats.failingSince = null;
      return;
    }
    stats.failingAttempts++;
    stats.failingSince ??= now;
    stats.lastError = outcome.error ?? (outcome.statusCode === null ? 'no response' : `HTTP ${outcome.statusCode}`);
  }

  private async post(urlText: string, event: AlertEvent): Promise<Outcome> {
    let url: URL;
    try {
      url = parseWebhookUrl(urlText);
      await checkWebhookTarget(url, { allowPrivate: this.options.allowPrivate, lookup: this.literalOnlyLookup() });
    } catch (error) {
      return {
        delivered: false,
        retry: !(error instanceof WebhookTargetError && error.permanent),
        statusCode: null,
        error: (error as Error).message,
      };
    }
    const body = Buffer.from(webhookPayload(event));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      const finish = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        this.inFlight.delete(handle);
        resolve(outcome);
      };
      const request = send(
        url,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            'idempotency-key': event.id,
            'user-agent': USER_AGENT,
          },
          lookup: guardedLookup(this.options.allowPrivate, this.options.lookup) as never,
          agent: false,
        },
        (response) => {
          response.resume(); // the body is not needed; drain it so the socket closes cleanly
          response.on('error', () => {});
          finish(classify(response));
        },
      );
      const handle = { abort: () => request.destroy(new Error('delivery stopped: the server is shutting down')) };
      this.inFlight.add(handle);
      const deadline = setTimeout(
        () => request.destroy(new Error(`no response within ${this.options.timeoutMs} ms`)),
        this.options.timeoutMs,
      );
      request.on('error', (error) => {
        const refused = error instanceof WebhookTargetError && error.permanent;
        finish({ delivered: false, retry: !refused, statusCode: null, error: error.message });
      });
      request.end(body);
    });
  }

  /** Names are resolved by the guarded lookup at connect time; the pre-check only looks at literal addresses. */
  private literalOnlyLookup(): Lookup {
    return (_hostname, _options, callback) => callback(null, []);
  }
}

function classify(response: IncomingMessage): Outcome {
  const status = response.statusCode ?? 0;
  if (status >= 200 && status < 300) return { delivered: true, retry: false, statusCode: status, error: null };
  if (status >= 300 && status < 400) {
    const location = response.headers.location;
    return {
      delivered: false,
      retry: false,
      statusCode: status,
      error: `HTTP ${status}: redirect${location ? ` to ${location}` : ''} not followed`,
    };
  }
  const retry = status === 408 || status === 425 || status === 429 || status >= 500;
  const retryAfter = Number(response.headers['retry-after']);
  return {
    delivered: false,
    retry,
    statusCode: status,
    error: `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`,
    retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined,
  };
}
