// The gap strip of a stored range: where along [first, end) the store has bars and where it has
// none, as fractions of the strip's width. A one-minute gap in a year of 1m bars is far narrower
// than a pixel, so every gap is drawn at least `minWidth` wide: a trader must see that it is there.

export interface CoverageGap {
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  missingBars?: number;
  noDataBars?: number;
}

export interface StripSegment {
  /** Left edge as a fraction of the strip, 0…1. */
  x: number;
  width: number;
  gap: CoverageGap;
}

/**
 * The gaps inside [from, to) as segments of a strip; gaps outside are dropped, partial ones cut
 * at the edges, and segments that would overlap once widened are merged into one.
 */
export function gapSegments(from: number, to: number, gaps: readonly CoverageGap[], minWidth = 0.004): StripSegment[] {
  const span = to - from;
  if (!(span > 0)) return [];
  const segments: StripSegment[] = [];
  const sorted = [...gaps].sort((a, b) => a.from - b.from);
  for (const gap of sorted) {
    const start = Math.max(gap.from, from);
    const end = Math.min(gap.to, to);
    if (end <= start) continue;
    const width = Math.max((end - start) / span, minWidth);
    const x = Math.min((start - from) / span, 1 - width);
    const last = segments.at(-1);
    if (last && x <= last.x + last.width) {
      const right = Math.max(last.x + last.width, x + width);
      last.width = right - last.x;
      last.gap = { ...mergedCounts(last.gap, gap), from: last.gap.from, to: Math.max(last.gap.to, end) };
    } else {
      segments.push({ x, width, gap: { ...gap, from: start, to: end } });
    }
  }
  return segments;
}

function mergedCounts(a: CoverageGap, b: CoverageGap): Pick<CoverageGap, 'missingBars' | 'noDataBars'> {
  if (a.missingBars === undefined || b.missingBars === undefined) return {};
  return { missingBars: a.missingBars + b.missingBars, noDataBars: (a.noDataBars ?? 0) + (b.noDataBars ?? 0) };
}

/** The share of [from, to) the gaps leave covered, 0…1. */
export function coveredShare(from: number, to: number, gaps: readonly CoverageGap[]): number {
  const span = to - from;
  if (!(span > 0)) return 0;
  let missing = 0;
  let reach = from;
  for (const gap of [...gaps].sort((a, b) => a.from - b.from)) {
    const start = Math.max(gap.from, reach);
    const end = Math.min(gap.to, to);
    if (end > start) missing += end - start;
    reach = Math.max(reach, end);
  }
  return 1 - missing / span;
}
