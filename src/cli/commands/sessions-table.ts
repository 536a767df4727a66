// The session report as text for a terminal: the profile and range, the break probabilities and
// extension hit rates overall, one line per weekday (the "weekday chop" picture) and the hour
// histograms of the high, the low and the first break.
import type { SessionProfile, SessionReportGroup, SessionStatistics } from '../../analytics/sessions/index.js';

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function percent(p: number | null): string {
  return p === null ? '—' : `${(p * 100).toFixed(1)}%`;
}

function ratio(r: number | null): string {
  return r === null ? '—' : r.toFixed(2);
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function groupCells(label: string, g: SessionReportGroup): string[] {
  return [
    label,
    String(g.n),
    percent(g.pBreakUp),
    percent(g.pBreakDown),
    percent(g.pBoth),
    percent(g.pInside),
    percent(g.pFalseBreakUp),
    percent(g.pFalseBreakDown),
    ratio(g.meanRangeRatio),
    ratio(g.medianRangeRatio),
  ];
}

/** The hour with the most sessions of a histogram, and its share, e.g. `h1 (82%)`. */
function busiestHour(hist: readonly number[]): string {
  const total = hist.reduce((s, c) => s + c, 0);
  if (total === 0) return '—';
  const hour = hist.indexOf(Math.max(...hist));
  return `h${hour} (${percent(hist[hour] / total)})`;
}

export function formatSessionReport(instrument: string, profile: SessionProfile, stats: SessionStatistics): string {
  const { report } = stats;
  const lines = [
    `${instrument}  profile ${profile.name}: ${profile.tz} ${profile.sessionStart}, IB ${profile.ibMinutes} min, ` +
      `min coverage ${profile.minCoverage}`,
    `sessions ${stats.sessions.length} evaluated, ${stats.skipped.length} skipped ` +
      `(${stats.skipped.filter((s) => s.reason === 'ib_incomplete').length} IB incomplete, ` +
      `${stats.skipped.filter((s) => s.reason === 'coverage').length} coverage), ` +
      `${new Date(stats.from).toISOString().slice(0, 16)}Z to ${new Date(stats.to).toISOString().slice(0, 16)}Z`,
    '',
  ];
  const header = ['', 'n', 'up', 'down', 'both', 'inside', 'false up', 'false dn', 'mean RR', 'median RR'];
  const rows = [groupCells('all', report.all)];
  for (const [weekday, group] of Object.entries(report.byWeekday))
    rows.push(groupCells(WEEKDAYS[Number(weekday)], group));
  lines.push(...table(header, rows), '');

  // From the profile: object keys would put the integer levels ('1', '2') before '0.5'.
  const levels = profile.extensionLevels.map(String);
  lines.push(
    ...table(
      ['extension', ...levels.map((l) => `${l} IB`)],
      [
        ['up', ...levels.map((l) => percent(report.all.pExtUp[l]))],
        ['down', ...levels.map((l) => percent(report.all.pExtDown[l]))],
      ],
    ),
    '',
  );
  const hours = report.all.highHourHist.length;
  lines.push(
    ...table(
      ['hour of session', ...Array.from({ length: hours }, (_, h) => String(h)), 'busiest'],
      [
        ['high', ...report.all.highHourHist.map(String), busiestHour(report.all.highHourHist)],
        ['low', ...report.all.lowHourHist.map(String), busiestHour(report.all.lowHourHist)],
        ['first break', ...report.all.firstBreakHourHist.map(String), busiestHour(report.all.firstBreakHourHist)],
      ],
    ),
  );
  if (stats.provisional) {
    const p = stats.provisional;
    lines.push(
      '',
      `open session ${p.date} (provisional, ${Math.floor(p.elapsedMinutes)} min in): IB ${p.ibLow}–${p.ibHigh}` +
        `${p.ibBars < profile.ibMinutes ? ` so far (${p.ibBars}/${profile.ibMinutes} min)` : ''}, ` +
        `first break ${p.firstBreak}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
