// Range arithmetic of the daily sync, on half-open [from, to) epoch-ms ranges kept sorted and
// disjoint: what is missing and may still be had (gaps minus the ranges the exchange has no data
// for), how the missing pieces are packed into kline requests (many small holes, e.g. quiet 1s
// buckets, share one request instead of one each), and which buckets to record as having no data
// once a request has been answered.
import type { TimeRange } from '../../store/store.js';

/** The parts of `ranges` outside every range of `removed` (both sorted and disjoint). */
export function subtractRanges(ranges: readonly TimeRange[], removed: readonly TimeRange[]): TimeRange[] {
  const out: TimeRange[] = [];
  let r = 0;
  for (const range of ranges) {
    let from = range.from;
    while (r < removed.length && removed[r].to <= from) r++;
    for (let i = r; i < removed.length && removed[i].from < range.to; i++) {
      if (removed[i].from > from) out.push({ from, to: removed[i].from });
      from = Math.max(from, removed[i].to);
    }
    if (from < range.to) out.push({ from, to: range.to });
  }
  return out;
}

/** The parts of `ranges` before `end`. */
export function clipRanges(ranges: readonly TimeRange[], end: number): TimeRange[] {
  return ranges.filter((r) => r.from < end).map((r) => ({ from: r.from, to: Math.min(r.to, end) }));
}

export interface RequestWindow extends TimeRange {
  /** The missing pieces the window was opened for; buckets between them are stored or known empty. */
  pieces: TimeRange[];
}

/**
 * Packs sorted missing pieces into windows spanning at most `maxSpanMs` (one page of klines); a
 * piece longer than that gets a window of its own, which the kline reader pages through.
 */
export function requestWindows(pieces: readonly TimeRange[], maxSpanMs: number): RequestWindow[] {
  const windows: RequestWindow[] = [];
  let current: RequestWindow | null = null;
  for (const piece of pieces) {
    if (current !== null && piece.to - current.from <= maxSpanMs) {
      current.to = piece.to;
      current.pieces.push(piece);
      continue;
    }
    current = { from: piece.from, to: piece.to, pieces: [piece] };
    windows.push(current);
  }
  return windows;
}

/**
 * The buckets of a window's pieces that the exchange answered without a bar, as ranges to record.
 * Neighbouring runs are joined across stored bars (a recorded range means "the buckets here that
 * have no bar have no data", so covering a stored bar is harmless and keeps the table small) but
 * never across a range already recorded, so that recorded ranges stay disjoint.
 */
export function unfilledRanges(
  window: RequestWindow,
  filled: ReadonlySet<number>,
  sizeMs: number,
  recorded: readonly TimeRange[],
): TimeRange[] {
  const runs: TimeRange[] = [];
  for (const piece of window.pieces) {
    for (let bucket = piece.from; bucket < piece.to; bucket += sizeMs) {
      if (filled.has(bucket)) continue;
      const last = runs[runs.length - 1];
      if (last !== undefined && last.to === bucket) last.to = bucket + sizeMs;
      else runs.push({ from: bucket, to: bucket + sizeMs });
    }
  }
  const joined: TimeRange[] = [];
  for (const run of runs) {
    const last = joined[joined.length - 1];
    const between = last === undefined ? [] : recorded.filter((r) => r.from < run.from && r.to > last.to);
    if (last !== undefined && between.length === 0) last.to = run.to;
    else joined.push({ ...run });
  }
  return joined;
}
