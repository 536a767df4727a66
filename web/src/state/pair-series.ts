// A pair's points in time order, merged from a full load and later increments (a poll from the
// last known close, or a WebSocket point). Says how each merge changed the series so the chart
// can apply the cheapest operation.
import type { PairPoint } from '../api/analytics-types.ts';

export type PairMerge = { kind: 'reset' } | { kind: 'tail'; changed: PairPoint[] } | { kind: 'none' };

export class PairSeries {
  private points: PairPoint[] = [];

  constructor(private readonly maxPoints = 20_000) {}

  reset(points: readonly PairPoint[]): PairMerge {
    this.points = points.slice(-this.maxPoints);
    return { kind: 'reset' };
  }

  /**
   * Merges points that overlap the tail (the newest close may be recomputed) or extend it. A
   * point older than the tail that differs means history changed (a late trade amended a bar):
   * the caller should redraw.
   */
  merge(incoming: readonly PairPoint[]): PairMerge {
    const changed: PairPoint[] = [];
    let reshaped = false;
    for (const point of incoming) {
      const last = this.points[this.points.length - 1];
      if (!last || point.start > last.start) {
        this.points.push(point);
        changed.push(point);
      } else if (point.start === last.start) {
        this.points[this.points.length - 1] = point;
        changed.push(point);
      } else {
        const index = this.indexOf(point.start);
        if (index >= 0 && !samePoint(this.points[index], point)) {
          this.points[index] = point;
          reshaped = true;
        }
      }
    }
    if (this.points.length > this.maxPoints * 1.1) {
      this.points = this.points.slice(-this.maxPoints);
      reshaped = true;
    }
    if (reshaped) return { kind: 'reset' };
    return changed.length > 0 ? { kind: 'tail', changed } : { kind: 'none' };
  }

  get all(): readonly PairPoint[] {
    return this.points;
  }

  get last(): PairPoint | undefined {
    return this.points[this.points.length - 1];
  }

  private indexOf(start: number): number {
    let low = 0;
    let high = this.points.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const value = this.points[mid].start;
      if (value === start) return mid;
      if (value < start) low = mid + 1;
      else high = mid - 1;
    }
    return -1;
  }
}

function samePoint(a: PairPoint, b: PairPoint): boolean {
  return a.x === b.x && a.y === b.y && a.spread === b.spread && a.zscore === b.zscore && a.hedgeRatio === b.hedgeRatio;
}
