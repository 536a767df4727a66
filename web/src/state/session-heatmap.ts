// The "when" of a session report as weekday × hour-of-session grids: for the high, the low or the
// first break, how many sessions of each weekday had it in each hour.
import type { SessionReport } from '../api/sessions-api.ts';

export const HEATMAP_KINDS = ['highHourHist', 'lowHourHist', 'firstBreakHourHist'] as const;
export type HeatmapKind = (typeof HEATMAP_KINDS)[number];

export const HEATMAP_TITLES: Readonly<Record<HeatmapKind, string>> = {
  highHourHist: 'Hour of the session high',
  lowHourHist: 'Hour of the session low',
  firstBreakHourHist: 'Hour of the first IB break',
};

export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

export interface HeatmapRow {
  weekday: number;
  name: string;
  counts: number[];
  total: number;
}

export interface HourHeatmap {
  /** 24, or 25 when a 25-hour (DST) session is in the report. */
  hours: number;
  /** Monday first; a weekday without a session has zero counts. */
  rows: HeatmapRow[];
  /** The largest count of a cell, for the colour scale. */
  max: number;
}

export function hourHeatmap(report: SessionReport, kind: HeatmapKind): HourHeatmap {
  const hours = report.all[kind].length || 24;
  let max = 0;
  const rows = WEEKDAY_NAMES.map((name, index) => {
    const weekday = index + 1;
    const source = report.byWeekday[String(weekday)]?.[kind] ?? [];
    const counts = Array.from({ length: hours }, (_, hour) => source[hour] ?? 0);
    for (const count of counts) max = Math.max(max, count);
    return { weekday, name, counts, total: counts.reduce((sum, count) => sum + count, 0) };
  });
  return { hours, rows, max };
}

/** Opacity of a cell: empty cells stay clear, the fullest is nearly solid. */
export function heatOpacity(count: number, max: number): number {
  return count <= 0 || max <= 0 ? 0 : 0.12 + 0.78 * (count / max);
}
