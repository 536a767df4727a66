import { describe, expect, it } from 'vitest';
import type { AlertEvent, Severity } from '../api/alert-types.ts';
import { expireToasts, MAX_TOASTS, pushToast } from './toast-queue.ts';

const event = (id: string, severity: Severity = 'medium') => ({ id, severity }) as AlertEvent;

describe('toast queue', () => {
  it('shows the newest first, once per event, and at most a few', () => {
    let toasts = pushToast([], event('a'), 0);
    toasts = pushToast(toasts, event('a'), 1);
    expect(toasts.map((t) => t.event.id)).toEqual(['a']);
    for (const id of ['b', 'c', 'd', 'e']) toasts = pushToast(toasts, event(id), 2);
    expect(toasts.map((t) => t.event.id)).toEqual(['e', 'd', 'c', 'b']);
    expect(toasts.length).toBe(MAX_TOASTS);
  });

  it('keeps critical toasts until dismissed and lets quieter ones go sooner', () => {
    const toasts = [event('c', 'critical'), event('h', 'high'), event('l', 'low')].map((e) => ({
      event: e,
      shownAt: 0,
    }));
    expect(expireToasts(toasts, 7_000).map((t) => t.event.id)).toEqual(['c', 'h']);
    expect(expireToasts(toasts, 60_000).map((t) => t.event.id)).toEqual(['c']);
  });
});
