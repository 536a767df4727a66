// When a rule fires: each operator is a condition with hysteresis (a Schmitt trigger). The rule
// *latches* when the condition becomes true and fires then (unless the cooldown holds it back);
// it stays latched, silent, until the value moves back past the threshold by the band, which
// re-arms it. Level operators (>, <, >=, <=, abs_gt) fire on the first value too; crossings need
// a value on the other side first, so the first value only sets the state (armed when the
// condition is false, latched when it already holds).
import type { Operator } from './rule.js';

export interface Condition {
  /** The condition holds for this value. */
  triggered(value: number): boolean;
  /** The value has moved back past the threshold by the band: the rule may fire again. */
  rearmed(value: number): boolean;
  /** A first value that meets the condition fires (level operators) or only latches (crossings). */
  firesOnFirst: boolean;
}

export function compileCondition(operator: Operator, threshold: number, band: number): Condition {
  const t = threshold;
  switch (operator) {
    case '>':
      return { triggered: (v) => v > t, rearmed: (v) => v <= t - band, firesOnFirst: true };
    case '>=':
      return { triggered: (v) => v >= t, rearmed: (v) => v < t - band, firesOnFirst: true };
    case '<':
      return { triggered: (v) => v < t, rearmed: (v) => v >= t + band, firesOnFirst: true };
    case '<=':
      return { triggered: (v) => v <= t, rearmed: (v) => v > t + band, firesOnFirst: true };
    case 'crosses_above':
      return { triggered: (v) => v > t, rearmed: (v) => v <= t - band, firesOnFirst: false };
    case 'crosses_below':
      return { triggered: (v) => v < t, rearmed: (v) => v >= t + band, firesOnFirst: false };
    case 'abs_gt':
      return { triggered: (v) => Math.abs(v) > t, rearmed: (v) => Math.abs(v) <= t - band, firesOnFirst: true };
  }
}

/**
 * What a new value does to a rule in state `latched` (null before its first value): 'fire' (the
 * condition became true; the caller applies the cooldown), 'latch' (a crossing's first value
 * already past the threshold), 'rearm' (back past the band, or a first value that does not meet
 * the condition), or null (nothing changes).
 */
export function transition(condition: Condition, latched: boolean | null, value: number): 'fire' | 'latch' | 'rearm' | null {
  if (latched === null) {
    if (!condition.triggered(value)) return 'rearm';
    return condition.firesOnFirst ? 'fire' : 'latch';
  }
  if (!latched) return condition.triggered(value) ? 'fire' : null;
  return condition.rearmed(value) ? 'rearm' : null;
}
