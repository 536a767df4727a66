// The alert toasts on screen: newest first, at most a few at once, each leaving after a time that
// grows with its severity (critical ones stay until dismissed).
import type { AlertEvent, Severity } from '../api/alert-types.ts';

export const MAX_TOASTS = 4;

export const TOAST_LIFETIME_MS: Readonly<Record<Severity, number | null>> = {
  critical: null,
  high: 20_000,
  medium: 10_000,
  low: 6_000,
};

export interface Toast {
  event: AlertEvent;
  shownAt: number;
}

export function pushToast(toasts: readonly Toast[], event: AlertEvent, now: number): Toast[] {
  if (toasts.some((toast) => toast.event.id === event.id)) return [...toasts];
  return [{ event, shownAt: now }, ...toasts].slice(0, MAX_TOASTS);
}

export function expireToasts(toasts: readonly Toast[], now: number): Toast[] {
  return toasts.filter((toast) => {
    const lifetime = TOAST_LIFETIME_MS[toast.event.severity];
    return lifetime === null || now - toast.shownAt < lifetime;
  });
}
