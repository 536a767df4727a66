// Which slice of a long bar series the chart holds. lightweight-charts rebuilds its renderer items
// for every bar it holds on each update, so a chart given 100,000 bars spends ~100 ms per tick;
// the chart is instead given a window of a few thousand bars — always more than fit on screen —
// that slides along the full series as the user scrolls. While the window ends at the newest bar
// ("live"), ticks update the chart; otherwise they only land in the series until the user returns.

export interface BarWindow {
  /** First index in the full series, inclusive. */
  start: number;
  /** Last index, exclusive. */
  end: number;
}

export interface WindowPolicy {
  /** Bars held by the chart after a (re)window. */
  size: number;
  /** Bars added to the held range by one slide. */
  step: number;
  /** Live bars appended beyond `size` before the window is trimmed back to `size`. */
  slack: number;
}

export const DEFAULT_WINDOW_POLICY: WindowPolicy = { size: 6_000, step: 3_000, slack: 1_000 };

/**
 * A window for a chart `widthPx` wide: half again as many bars as fit at the narrowest bar
 * spacing (so zooming all the way out still shows only held bars), at least 1,500.
 */
export function windowPolicyFor(widthPx: number, minBarSpacing: number): WindowPolicy {
  const size = Math.max(1_500, Math.ceil(((widthPx || 1_500) / minBarSpacing) * 1.5));
  return { size, step: Math.ceil(size / 2), slack: Math.ceil(size / 6) };
}

export function liveWindow(length: number, policy = DEFAULT_WINDOW_POLICY): BarWindow {
  return { start: Math.max(0, length - policy.size), end: length };
}

export function isLive(window: BarWindow, length: number): boolean {
  return window.end >= length;
}

/** The window moved `step` bars into the past, or null when it already starts at the oldest bar. */
export function slideBack(window: BarWindow, length: number, policy = DEFAULT_WINDOW_POLICY): BarWindow | null {
  if (window.start <= 0) return null;
  const start = Math.max(0, window.start - policy.step);
  return { start, end: Math.min(length, start + policy.size) };
}

/** The window moved `step` bars towards the present, or null when it is live already. */
export function slideForward(window: BarWindow, length: number, policy = DEFAULT_WINDOW_POLICY): BarWindow | null {
  if (isLive(window, length)) return null;
  const end = Math.min(length, window.end + policy.step);
  return { start: Math.max(0, end - policy.size), end };
}

/** After `added` bars were appended at the end: a live window grows, and is trimmed once it has grown by `slack`. */
export function afterAppend(
  window: BarWindow,
  previousLength: number,
  length: number,
  policy = DEFAULT_WINDOW_POLICY,
): { window: BarWindow; trimmed: boolean } {
  if (window.end < previousLength) return { window, trimmed: false };
  const grown = { start: window.start, end: length };
  if (grown.end - grown.start <= policy.size + policy.slack) return { window: grown, trimmed: false };
  return { window: liveWindow(length, policy), trimmed: true };
}

/** Index of the first bar starting at or after `startMs` in ascending `bars`. */
export function lowerBoundByStart(bars: readonly { start: number }[], startMs: number): number {
  let low = 0;
  let high = bars.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (bars[mid].start < startMs) low = mid + 1;
    else high = mid;
  }
  return low;
}
