import { afterEach, describe, expect, it } from 'vitest';
import { symbolUpdate, T0, testAlertBus } from '../../test/alerts/fixtures.js';
import { normalizeInstrumentId } from '../domain/index.js';
import { AlertEngine } from './alert-engine.js';
import type { AlertEvent } from './alert-event.js';
import { MemoryAlertStore } from './memory-alert-store.js';

let clock = T0;
let engine: AlertEngine;
let bus: ReturnType<typeof testAlertBus>;
afterEach(async () => {
  await engine.stop();
});

async function start(store = new MemoryAlertStore(), retention?: { maxEvents: number }) {
  clock = T0;
  bus = testAlertBus();
  engine = new AlertEngine({
    store,
    bus: bus.bus,
    now: () => clock,
    resolveInstrument: (id) => normalizeInstrumentId(id, 'sim'),
    retention,
  });
  await engine.start();
  const events: AlertEvent[] = [];
  engine.onEvent((e) => events.push(e));
  return { store, events };
}

/** A close of sim:AAA on 1s bars, arriving on the bus's metric topic, the clock just after it. */
function close(second: number, price: number) {
  clock = T0 + (second + 1) * 1000;
  bus.deliver(symbolUpdate('sim:AAA', '1s', T0 + second * 1000, { price }));
}

const rule = {
  name: 'AAA above 100',
  target: { instrument: 'AAA' },
  timeframe: '1s',
  metric: 'price',
  operator: 'crosses_above',
  threshold: 100,
  band: 1,
  cooldownSec: 0,
};

describe('AlertEngine', () => {
  it('evaluates the metric topic and publishes rule changes, events and deletions on the alert topic', async () => {
    await start();
    expect(bus.subscribers).toBe(1);
    const { id } = await engine.createRule(rule);
    close(0, 99);
    close(1, 101);
    await engine.deleteRule(id);
    expect(bus.published.map((m) => m.type)).toEqual(['rule', 'event', 'rule_deleted']);
    expect(bus.published[1].data).toMatchObject({ ruleId: id, value: 101, barStart: T0 + 1000 });
    expect(bus.published[2].data).toEqual({ id });
    await engine.stop();
    expect(bus.subscribers).toBe(0);
  });

  it('stops firing a disabled rule and fires again once it is enabled', async () => {
    const { events } = await start();
    const { id } = await engine.createRule(rule);
    close(0, 99);
    close(1, 101);
    await engine.updateRule(id, { enabled: false });
    close(2, 98);
    close(3, 101);
    expect(engine.getRule(id)!.state.lastBarStart).toBe(T0 + 1000); // not evaluated while disabled
    await engine.updateRule(id, { enabled: true });
    close(4, 98);
    close(5, 101);
    expect(events.map((e) => (e.barStart - T0) / 1000)).toEqual([1, 5]);
  });

  it('shows a level rule armed (not latched) once its series has a value that does not fire it', async () => {
    await start();
    const level = await engine.createRule({ ...rule, operator: '>' });
    const crossing = await engine.createRule(rule);
    expect([level.state.latched, crossing.state.latched]).toEqual([null, null]);
    close(0, 99);
    expect(engine.getRule(level.id)!.state).toMatchObject({ latched: false, lastValue: 99, lastBarStart: T0 });
    expect(engine.getRule(crossing.id)!.state).toMatchObject({ latched: false, lastValue: 99, lastBarStart: T0 });
    close(1, 101);
    expect(engine.getRule(level.id)!.state).toMatchObject({ latched: true, fireCount: 1 });
  });

  it('starts a changed condition from a fresh state but keeps the counts', async () => {
    const { events } = await start();
    const { id } = await engine.createRule(rule);
    close(0, 99);
    close(1, 101);
    const changed = await engine.updateRule(id, { threshold: 200 });
    expect(changed!.state).toMatchObject({ latched: null, lastValue: null, fireCount: 1 });
    const renamed = await engine.updateRule(id, { name: 'renamed' });
    expect(renamed!.state.fireCount).toBe(1);
    close(2, 150);
    close(3, 201);
    expect(events.map((e) => [e.threshold, e.ruleName])).toEqual([
      [100, 'AAA above 100'],
      [200, 'renamed'],
    ]);
  });

  it('deletes a rule from the index and the store, keeping its events', async () => {
    const { store, events } = await start();
    const { id } = await engine.createRule(rule);
    close(0, 99);
    close(1, 101);
    expect(await engine.deleteRule(id)).toBe(true);
    expect(await engine.deleteRule(id)).toBe(false);
    close(2, 98);
    close(3, 101);
    expect(events).toHaveLength(1);
    expect(store.rules.size).toBe(0);
    expect((await engine.queryEvents({ limit: 10 })).map((e) => e.ruleId)).toEqual([id]);
  });

  it('marks an expired rule, persists it and lists it as expired', async () => {
    const { store } = await start();
    const { id } = await engine.createRule({ ...rule, expiresAt: T0 + 2_500 });
    close(0, 99);
    close(2, 101); // the clock is past the expiry
    expect(engine.getRule(id)).toMatchObject({ status: 'expired', expiredAt: T0 + 3_000, state: { fireCount: 0 } });
    await engine.flushStates();
    expect((store.rules.get(id)!.rule as { expiredAt: number }).expiredAt).toBe(T0 + 3_000);
  });

  it('keeps events within the retention', async () => {
    await start(new MemoryAlertStore(), { maxEvents: 2 });
    await engine.createRule({ ...rule, band: 0 });
    for (let s = 0; s < 10; s += 2) {
      close(s, 99);
      close(s + 1, 101);
    }
    expect(await engine.history.prune()).toBe(3);
    expect((await engine.queryEvents({ limit: 10 })).map((e) => (e.barStart - T0) / 1000)).toEqual([9, 7]);
  });
});
