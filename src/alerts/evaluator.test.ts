import { describe, expect, it } from 'vitest';
import { makeRule, pairTestsUpdate, pairUpdate, symbolUpdate, T0 } from '../../test/alerts/fixtures.js';
import { AlertEvaluator, type RuleEntry } from './evaluator.js';
import { EMPTY_RUNTIME_STATE, type AlertRule } from './rule.js';

interface Fired {
  ruleId: string;
  value: number;
  previous: number | null;
  barStart: number;
}

function setup(options: { now?: () => number; staleAfterMs?: number } = {}) {
  const fired: Fired[] = [];
  const expired: string[] = [];
  let clock = T0;
  const evaluator = new AlertEvaluator(
    {
      fire: (entry: RuleEntry, value, previous, barStart) =>
        fired.push({ ruleId: entry.rule.id, value, previous, barStart }),
      stateChanged: () => {},
      expired: (entry) => expired.push(entry.rule.id),
    },
    { now: options.now ?? (() => clock), staleAfterMs: options.staleAfterMs ?? Number.POSITIVE_INFINITY },
  );
  const add = (rule: AlertRule) => {
    const state = { ...EMPTY_RUNTIME_STATE };
    evaluator.add(rule, state);
    return state;
  };
  /** Feeds sim:AAA 1s closes, one per second from T0. */
  const prices = (values: number[], from = 0) =>
    values.forEach((price, i) => {
      evaluator.onUpdate(symbolUpdate('sim:AAA', '1s', T0 + (from + i) * 1000, { price }));
    });
  return { evaluator, fired, expired, add, prices, setClock: (t: number) => (clock = t) };
}

describe('AlertEvaluator', () => {
  it('fires a crossing with the previous value and the bar start, and not again until re-armed', () => {
    const t = setup();
    const rule = makeRule({ operator: 'crosses_above', threshold: 100, band: 1 });
    t.add(rule);
    t.prices([99, 101, 99.5, 102, 98.9, 100.5]);
    expect(t.fired).toEqual([
      { ruleId: rule.id, value: 101, previous: 99, barStart: T0 + 1000 },
      { ruleId: rule.id, value: 100.5, previous: 98.9, barStart: T0 + 5000 },
    ]);
  });

  it('holds a firing back during the cooldown (bar time) and does not fire it late', () => {
    const t = setup();
    const rule = makeRule({ operator: 'crosses_above', threshold: 100, band: 0, cooldownSec: 3 });
    const state = t.add(rule);
    // crossings at seconds 1, 3 (2 s after: suppressed), 5 (4 s after the last firing: fires)
    t.prices([99, 101, 99, 101, 99, 101, 101]);
    expect(t.fired.map((f) => (f.barStart - T0) / 1000)).toEqual([1, 5]);
    expect(state.suppressedCount).toBe(1);
    expect(state.fireCount).toBe(2);
  });

  it('ignores a value for a bar at or before the last one (amended bars, replayed history)', () => {
    const t = setup();
    const rule = makeRule({ operator: '>', threshold: 100 });
    t.add(rule);
    t.prices([99, 99]);
    t.prices([101], 1); // bar 1 again, amended
    t.prices([101], 0);
    expect(t.fired).toEqual([]);
    t.prices([101], 2);
    expect(t.fired).toHaveLength(1);
  });

  it('skips null values without losing the previous value', () => {
    const t = setup();
    t.add(makeRule({ metric: 'rsi', operator: 'crosses_above', threshold: 70, band: 2 }));
    [65, null, 71].forEach((rsi, i) => {
      t.evaluator.onUpdate(symbolUpdate('sim:AAA', '1s', T0 + i * 1000, { rsi }));
    });
    expect(t.fired).toEqual([expect.objectContaining({ value: 71, previous: 65, barStart: T0 + 2000 })]);
  });

  it('stops at expiry, reports the rule once and drops it from the index', () => {
    const t = setup();
    const rule = makeRule({ operator: 'crosses_above', threshold: 100, band: 0, expiresAt: T0 + 10_000 });
    t.add(rule);
    t.prices([99, 101, 99]);
    t.setClock(T0 + 10_000);
    t.prices([101, 99, 101], 3);
    expect(t.fired).toHaveLength(1);
    expect(t.expired).toEqual([rule.id]);
    expect(t.evaluator.has(rule.id)).toBe(false);
  });

  it('still evaluates the other metrics of an update that expires the last rule on one of them', () => {
    const t = setup();
    const expiring = makeRule({ metric: 'price', operator: '>', threshold: 100, expiresAt: T0 + 10_000 });
    const volume = makeRule({ metric: 'volume', operator: '>', threshold: 5 });
    t.add(expiring);
    t.add(volume);
    t.setClock(T0 + 10_000);
    t.evaluator.onUpdate(symbolUpdate('sim:AAA', '1s', T0, { price: 101, volume: 6 }));
    expect(t.expired).toEqual([expiring.id]);
    expect(t.fired.map((f) => f.ruleId)).toEqual([volume.id]);
  });

  it('expires quiet rules on the sweep', () => {
    const t = setup();
    const rule = makeRule({ expiresAt: T0 + 5_000 });
    t.add(rule);
    t.evaluator.expireDue(T0 + 4_999);
    expect(t.expired).toEqual([]);
    t.evaluator.expireDue(T0 + 5_000);
    expect(t.expired).toEqual([rule.id]);
  });

  it('looks rules up by series and metric: other instruments, timeframes and metrics are not evaluated', () => {
    const t = setup();
    const target = makeRule({ operator: '>', threshold: 100, metric: 'price', timeframe: '1s' });
    t.add(target);
    for (let i = 0; i < 1000; i++) {
      t.add(makeRule({ target: { instrument: `sim:X${i}` }, operator: '>', threshold: 0 }));
      t.add(makeRule({ timeframe: '1m', operator: '>', threshold: 0 }));
      t.add(makeRule({ metric: 'volume', operator: '<', threshold: 0 }));
    }
    t.prices([101]);
    expect(t.fired.map((f) => f.ruleId)).toEqual([target.id]);
    expect(t.evaluator.size).toBe(3001);
  });

  it('removes a rule (disable, delete) without touching the others on its series', () => {
    const t = setup();
    const a = makeRule({ operator: '>', threshold: 100 });
    const b = makeRule({ operator: '>', threshold: 100 });
    t.add(a);
    t.add(b);
    t.evaluator.remove(a.id);
    t.prices([101]);
    expect(t.fired.map((f) => f.ruleId)).toEqual([b.id]);
  });

  it('evaluates pair point metrics and pair test metrics from their own messages', () => {
    const t = setup();
    const target = { pair: { x: 'sim:AAA', y: 'sim:BBB' } };
    const z = makeRule({ target, metric: 'zscore', operator: 'abs_gt', threshold: 2, band: 0.5 });
    const p = makeRule({ target, metric: 'adf_pvalue', operator: '<', threshold: 0.05, band: 0.01 });
    t.add(z);
    t.add(p);
    t.evaluator.onUpdate(pairUpdate('sim:AAA', 'sim:BBB', '1s', T0, { zscore: -2.5 }));
    t.evaluator.onUpdate(pairTestsUpdate('sim:AAA', 'sim:BBB', '1s', T0, { adf_stat: -4, adf_pvalue: 0.01 }));
    // the other orientation: not this pair
    t.evaluator.onUpdate(pairUpdate('sim:BBB', 'sim:AAA', '1s', T0 + 1000, { zscore: 5 }));
    expect(t.fired.map((f) => [f.ruleId, f.value])).toEqual([
      [z.id, -2.5],
      [p.id, 0.01],
    ]);
  });

  it('lets history (bars that closed long ago) set the state without firing', () => {
    let now = T0 + 3_600_000;
    const t = setup({ now: () => now, staleAfterMs: 120_000 });
    const rule = makeRule({ operator: 'crosses_above', threshold: 100, band: 0 });
    const state = t.add(rule);
    t.prices([99, 101]); // an hour old: latches silently
    expect(t.fired).toEqual([]);
    expect(state.latched).toBe(true);
    now = T0 + 4_000;
    t.prices([99, 101], 2);
    expect(t.fired.map((f) => f.barStart)).toEqual([T0 + 3000]);
  });
});
