// Dark (default) or light theme, persisted in localStorage and applied to <html data-theme> so
// the CSS variables and the charts follow it.
import { useSyncExternalStore } from 'react';

export type Theme = 'dark' | 'light';

const STORAGE_KEY = 'tickscope.theme';
const listeners = new Set<() => void>();

function readSaved(): Theme {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

let theme: Theme = readSaved();
applyToDocument(theme);

function applyToDocument(next: Theme): void {
  document.documentElement.dataset.theme = next;
  document.querySelector('meta[name="color-scheme"]')?.setAttribute('content', next);
}

export function getTheme(): Theme {
  return theme;
}

export function setTheme(next: Theme): void {
  if (next === theme) return;
  theme = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not persisted in private mode; the switch still applies to this page.
  }
  applyToDocument(next);
  listeners.forEach((listener) => {
    listener();
  });
}

export function subscribeTheme(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useTheme(): Theme {
  return useSyncExternalStore(subscribeTheme, getTheme);
}
