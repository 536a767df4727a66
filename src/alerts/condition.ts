// When a rule fires: each operator is a condition with hysteresis (a Schmitt trigger). The rule
// *latches* when the condition becomes true and fires then (unless the cooldown holds it back);
// it stays latched, silent, until the value moves back past the threshold by the band, which
// re-arms it. Level operators (>, <, >=, <=, abs_gt) fire on the first value too; crossings need
// a value on the other side first, so the first value only sets the state (armed when the
// condition is false, latched when it already holds).
import type { Operator } from './rule.js';

/** A compiled condition: plain numbers, so the evaluator's loop makes no calls through closures. */
export interface Condition {
  readonly op: OperatorCode;
  readonly threshold: number;
  readonly band: number;
  /** A first value that meets the condition fires (level operators) or only latches (crossings). */
  readonly firesOnFirst: boolean;
}

const CODES = {
  '>': 0,
  '>=': 1,
  '<': 2,
  '<=': 3,
  crosses_above: 4,
  crosses_below: 5,
  abs_gt: 6,
} as const satisfies Record<Operator, number>;
type OperatorCode = (typeof CODES)[Operator];

export function compileCondition(operator: Operator, threshold: number, band: number): Condition {
  return { op: CODES[operator], threshold, band, firesOnFirst: isLevelOperator(operator) };
}

/** A level operator holds or not on one value; a crossing needs the value before it too. */
export function isLevelOperator(operator: Operator): boolean {
  return operator !== 'crosses_above' && operator !== 'crosses_below';
}

/** The condition holds for this value. */
export function triggered(c: Condition, v: number): boolean {
  switch (c.op) {
    case 0:
    case 4:
      return v > c.threshold;
    case 1:
      return v >= c.threshold;
    case 2:
    case 5:
      return v < c.threshold;
    case 3:
      return v <= c.threshold;
    case 6:
      return Math.abs(v) > c.threshold;
  }
}

/** The value has moved back past the threshold by the band: the rule may fire again. */
export function rearmed(c: Condition, v: number): boolean {
  switch (c.op) {
    case 0:
    case 4:
      return v <= c.threshold - c.band;
    case 1:
      return v < c.threshold - c.band;
    case 2:
    case 5:
      return v >= c.threshold + c.band;
    case 3:
      return v > c.threshold + c.band;
    case 6:
      return Math.abs(v) <= c.threshold - c.band;
  }
}

/**
 * What a new value does to a rule in state `latched` (null before its first value): 'fire' (the
 * condition became true; the caller applies the cooldown), 'latch' (a crossing's first value
 * already past the threshold), 'rearm' (back past the band, or a first value that does not meet
 * the condition), or null (nothing changes).
 */
export function transition(
  condition: Condition,
  latched: boolean | null,
  value: number,
): 'fire' | 'latch' | 'rearm' | null {
  if (latched === false) return triggered(condition, value) ? 'fire' : null;
  if (latched === true) return rearmed(condition, value) ? 'rearm' : null;
  if (!triggered(condition, value)) return 'rearm';
  return condition.firesOnFirst ? 'fire' : 'latch';
}

/** Where a rule in a given state changes state next: see TriggerHeap. */
export interface NextTrigger {
  /** The change comes when the value rises to the level (else when it falls to it). */
  rising: boolean;
  /** The level applies to |value| (abs_gt). */
  abs: boolean;
  level: number;
  inclusive: boolean;
}

/**
 * The level that changes an armed (`latched` false: fires) or latched (true: re-arms) rule: the
 * same boundaries as triggered() and rearmed(), stated as a level and a direction.
 */
export function nextTrigger(c: Condition, latched: boolean): NextTrigger {
  const { threshold: t, band } = c;
  switch (c.op) {
    case 0:
    case 4:
      return latched
        ? { rising: false, abs: false, level: t - band, inclusive: true }
        : { rising: true, abs: false, level: t, inclusive: false };
    case 1:
      return latched
        ? { rising: false, abs: false, level: t - band, inclusive: false }
        : { rising: true, abs: false, level: t, inclusive: true };
    case 2:
    case 5:
      return latched
        ? { rising: true, abs: false, level: t + band, inclusive: true }
        : { rising: false, abs: false, level: t, inclusive: false };
    case 3:
      return latched
        ? { rising: true, abs: false, level: t + band, inclusive: false }
        : { rising: false, abs: false, level: t, inclusive: true };
    case 6:
      return latched
        ? { rising: false, abs: true, level: t - band, inclusive: true }
        : { rising: true, abs: true, level: t, inclusive: false };
  }
}
