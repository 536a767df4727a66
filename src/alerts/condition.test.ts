import { describe, expect, it } from 'vitest';
import { compileCondition, transition } from './condition.js';
import type { Operator } from './rule.js';

/** The indices of `values` at which a rule with this operator fires (no cooldown). */
function firings(operator: Operator, threshold: number, band: number, values: number[]): number[] {
  const condition = compileCondition(operator, threshold, band);
  let latched: boolean | null = null;
  const fired: number[] = [];
  values.forEach((value, i) => {
    const change = transition(condition, latched, value);
    if (change === 'fire') fired.push(i);
    if (change !== null) latched = change === 'fire' || change === 'latch';
  });
  return fired;
}

describe('operators with hysteresis', () => {
  it.each<[Operator, number, number[], number[]]>([
    // level operators fire on the first value when it already meets the condition
    ['>', 10, [11, 12, 9.5, 11, 8.9, 10.5], [0, 5]],
    ['>=', 10, [9, 10, 9.5, 10, 8.9, 10], [1, 5]],
    ['<', 10, [9, 8, 10.5, 9, 11.1, 9.9], [0, 5]],
    ['<=', 10, [11, 10, 10.5, 10, 11.1, 10], [1, 5]],
    ['abs_gt', 10, [-11, 9.5, -10.5, 8.9, 10.5], [0, 4]],
    // crossings need a value on the other side first
    ['crosses_above', 10, [11, 12, 9.5, 11, 8.9, 10.5], [5]],
    ['crosses_below', 10, [9, 8, 10.5, 9, 11.1, 9.9], [5]],
    ['crosses_above', 10, [9, 11, 9.5, 11], [1]],
  ])('%s %d with band 1 over %j fires at %j', (operator, threshold, values, expected) => {
    expect(firings(operator, threshold, 1, values)).toEqual(expected);
  });

  it('re-arms a crossing exactly at threshold − band, not inside the band', () => {
    expect(firings('crosses_above', 2, 0.2, [1, 2.1, 1.81, 2.5, 1.8, 2.01])).toEqual([1, 5]);
  });

  it('counts a first value at the threshold as below it for crosses_above (previous ≤ threshold < value)', () => {
    expect(firings('crosses_above', 2, 0.2, [2, 2.0001])).toEqual([1]);
    expect(firings('crosses_above', 2, 0.2, [2.0001, 3])).toEqual([]);
  });

  it('re-arms as soon as the condition is false when the band is 0', () => {
    expect(firings('crosses_above', 0, 0, [-1, 1, 0, 1, -1, 1])).toEqual([1, 3, 5]);
  });
});
