// What the dashboard's pages show, read the way a person would: by role and accessible name.
import type { Locator, Page } from 'playwright-core';

export function stat(scope: Page | Locator, name: string): Locator {
  return scope.getByRole('group', { name, exact: true }).locator('.stat-value').first();
}

/** The number a stat shows, without arrows, signs, separators or units; NaN when it shows none. */
export function numberIn(text: string | null): number {
  const cleaned = (text ?? '')
    .replace(/[▲▼■\s,%]/g, '')
    .replace('−', '-')
    .replace(/\/s$/, '');
  return cleaned === '' || cleaned === '—' ? Number.NaN : Number(cleaned);
}

export async function lastPrice(scope: Page | Locator): Promise<string> {
  return (await stat(scope, 'Last price').textContent())?.replace(/[▲▼■\s]/g, '') ?? '';
}

export async function barsLoaded(scope: Page | Locator): Promise<number> {
  const text = (await scope.getByLabel('Bars loaded').first().textContent()) ?? '';
  const digits = /Bars\s*([0-9,]+)/.exec(text)?.[1]?.replace(/,/g, '');
  return digits ? Number(digits) : 0;
}

export function searchParams(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

export function pathname(page: Page): string {
  return new URL(page.url()).pathname;
}

export interface InstrumentJson {
  id: string;
}

export async function instrumentIds(baseUrl: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/api/v1/instruments`);
  return ((await response.json()) as InstrumentJson[]).map((instrument) => instrument.id);
}
