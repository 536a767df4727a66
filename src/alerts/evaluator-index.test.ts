// The indexed evaluator against the plain definition: every rule stepped on every value, in the
// order the rules were added. Values and thresholds share a coarse grid so that values land
// exactly on thresholds and bands, where > and >= (and the heaps' ties) differ.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRule, symbolUpdate, T0 } from '../../test/alerts/fixtures.js';
import { compileCondition, transition } from './condition.js';
import { AlertEvaluator } from './evaluator.js';
import { EMPTY_RUNTIME_STATE, OPERATORS, type AlertRule, type RuleRuntimeState } from './rule.js';

const grid = (lo: number, hi: number) => fc.integer({ min: lo * 2, max: hi * 2 }).map((n) => n / 2);

const ruleSpec = fc.record({
  operator: fc.constantFrom(...OPERATORS),
  threshold: grid(-6, 6),
  band: fc.constantFrom(0, 0.5, 1, 2),
  cooldownSec: fc.constantFrom(0, 0, 2, 5),
});

/** Rules added before value `at` (0: before the first), some removed again some values later. */
const scenario = fc.record({
  rules: fc.array(
    fc
      .record({
        spec: ruleSpec,
        at: fc.nat(30),
        lifetime: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
      })
      .map(({ spec, at, lifetime }) => ({
        spec,
        at,
        removeAt: lifetime === undefined ? undefined : at + lifetime,
      })),
    { minLength: 1, maxLength: 40 },
  ),
  values: fc.array(grid(-8, 8), { minLength: 1, maxLength: 40 }),
});

type Fired = [string, number];

function reference(rules: Array<{ rule: AlertRule; at: number; removeAt?: number }>, values: number[]): Fired[] {
  const fired: Fired[] = [];
  const states = new Map<string, RuleRuntimeState>();
  values.forEach((value, i) => {
    const barStart = T0 + i * 1000;
    for (const { rule, at, removeAt } of rules) {
      if (at > i || (removeAt !== undefined && removeAt <= i)) continue;
      let state = states.get(rule.id);
      if (state === undefined) states.set(rule.id, (state = { ...EMPTY_RUNTIME_STATE }));
      const change = transition(compileCondition(rule.operator, rule.threshold, rule.band!), state.latched, value);
      if (change === null) continue;
      if (change !== 'fire') {
        state.latched = change === 'latch';
        continue;
      }
      state.latched = true;
      if (state.lastFiredBarStart !== null && barStart - state.lastFiredBarStart < rule.cooldownSec * 1000) continue;
      state.lastFiredBarStart = barStart;
      fired.push([rule.id, barStart]);
    }
  });
  return fired;
}

describe('AlertEvaluator index', () => {
  it('fires exactly what stepping every rule on every value fires, in the same order', () => {
    fc.assert(
      fc.property(scenario, ({ rules: specs, values }) => {
        const rules = specs.map(({ spec, at, removeAt }) => ({ rule: makeRule({ ...spec }), at, removeAt }));
        const fired: Fired[] = [];
        const evaluator = new AlertEvaluator(
          {
            fire: (entry, _value, _previous, barStart) => fired.push([entry.rule.id, barStart]),
            stateChanged: () => {},
            expired: () => {},
          },
          { now: () => T0, staleAfterMs: Number.POSITIVE_INFINITY },
        );
        values.forEach((price, i) => {
          // Rules added at one index keep the order of the list (the reference's order).
          for (const { rule, at } of rules) if (at === i) evaluator.add(rule, { ...EMPTY_RUNTIME_STATE });
          for (const { rule, removeAt } of rules) if (removeAt === i) evaluator.remove(rule.id);
          evaluator.onUpdate(symbolUpdate('sim:AAA', '1s', T0 + i * 1000, { price }));
        });
        // The reference steps rules in list order; the evaluator in order of addition.
        const order = [...rules].sort((a, b) => a.at - b.at || rules.indexOf(a) - rules.indexOf(b));
        expect(fired).toEqual(reference(order, values));
      }),
      { numRuns: 500 },
    );
  });

  it('visits only the rules a value moves: a grid of 20,000 rules costs what the crossed ones cost', () => {
    let stepped = 0;
    const evaluator = new AlertEvaluator(
      { fire: () => {}, stateChanged: () => stepped++, expired: () => {} },
      { now: () => T0, staleAfterMs: Number.POSITIVE_INFINITY },
    );
    for (let k = 0; k < 10_000; k++) {
      for (const operator of ['crosses_above', 'crosses_below'] as const)
        evaluator.add(makeRule({ operator, threshold: k, band: 0.5 }), { ...EMPTY_RUNTIME_STATE });
    }
    evaluator.onUpdate(symbolUpdate('sim:AAA', '1s', T0, { price: 5_000.25 }));
    expect(stepped).toBe(20_000); // the first value sets every state
    stepped = 0;
    evaluator.onUpdate(symbolUpdate('sim:AAA', '1s', T0 + 1000, { price: 5_003.25 }));
    // crosses_above 5001..5003 fire; crosses_below 5001 and 5002 re-arm (latched at 5000.25 < k, back at ≥ k + 0.5)
    expect(stepped).toBe(5);
  });

  it('places level rules when they are added: a first value steps only those it fires', () => {
    let stepped = 0;
    const fired: string[] = [];
    const evaluator = new AlertEvaluator(
      { fire: (entry) => fired.push(entry.rule.id), stateChanged: () => stepped++, expired: () => {} },
      { now: () => T0, staleAfterMs: Number.POSITIVE_INFINITY },
    );
    const rules = Array.from({ length: 10_000 }, (_, k) =>
      makeRule({ operator: k % 2 === 0 ? '>' : '<=', threshold: k, band: 0.5 }),
    );
    for (const rule of rules) evaluator.add(rule, { ...EMPTY_RUNTIME_STATE });
    evaluator.onUpdate(symbolUpdate('sim:AAA', '1s', T0, { price: 5_000.25 }));
    // > 0..5000 and <= 5001..9999 hold on the first value and fire; the others wait, untouched.
    const holding = rules.filter((_, k) => (k % 2 === 0 ? 5_000.25 > k : 5_000.25 <= k));
    expect(fired).toEqual(holding.map((r) => r.id));
    expect(stepped).toBe(holding.length);
  });
});
