import { describe, expect, it } from 'vitest';
import type { AlertEvent, AlertRule } from '../api/alert-types.ts';
import { countFiring, upsertById } from './use-alerts-data.ts';

describe('alerts data', () => {
  it('replaces an item by id, or adds it at the top or the end', () => {
    const list = [
      { id: 'a', v: 1 },
      { id: 'b', v: 1 },
    ];
    expect(upsertById(list, { id: 'b', v: 2 })).toEqual([
      { id: 'a', v: 1 },
      { id: 'b', v: 2 },
    ]);
    expect(upsertById(list, { id: 'c', v: 1 }, true).map((x) => x.id)).toEqual(['c', 'a', 'b']);
  });

  it('counts a firing on its rule once', () => {
    const rule = {
      id: 'r',
      state: {
        fireCount: 2,
        lastFiredAt: 1,
        lastFiredBarStart: 0,
        lastValue: 5,
        latched: false,
        lastBarStart: 0,
        suppressedCount: 0,
      },
    } as AlertRule;
    const event = { ruleId: 'r', firedAt: 10, barStart: 9, value: 7 } as AlertEvent;
    const fired = countFiring(rule, event);
    expect(fired.state).toMatchObject({ fireCount: 3, lastFiredAt: 10, lastValue: 7, latched: true });
    expect(countFiring(fired, event)).toBe(fired);
    expect(countFiring(rule, { ...event, ruleId: 'other' })).toBe(rule);
  });
});
