// Session rows from one year of 1m bars (525,600) for the built-in profiles, and the report from
// a year of rows, against a baseline measured in the same run: one bare pass over the same bars
// that only groups them by UTC day and keeps each day's high and low, the least any per-session
// computation must do. The issue's other yardstick, a vectorised pandas computation, needs
// python3 with pandas, which the development machine does not have.
// Last, the report of a year answered from the SessionReportCache (lookup and the JSON the route
// sends), p99 over many requests, against computing the same report from the year's rows in memory.
import {
  buildSessionReport,
  BUILT_IN_PROFILES,
  computeSessionRows,
  SessionReportCache,
  type SessionBar,
} from '../src/analytics/sessions/index.js';
import { seededGaussian } from '../src/domain/seeded-random.js';
import { measure, monotonicMs, percentile, printComparison } from './lib.js';

const MINUTES = 525_600;
const RUNS = 7;
const DAY_MS = 86_400_000;

function yearOfBars(): SessionBar[] {
  const noise = seededGaussian(20240101);
  const bars: SessionBar[] = [];
  const t0 = Date.parse('2023-01-01T00:00:00Z');
  let price = 30_000;
  for (let i = 0; i < MINUTES; i++) {
    const open = price;
    price *= Math.exp(0.0008 * noise());
    const wick = Math.abs(noise()) * 0.0004 * open;
    bars.push({
      start: t0 + i * 60_000,
      open,
      high: Math.max(open, price) + wick,
      low: Math.min(open, price) - wick,
      close: price,
    });
  }
  return bars;
}

function dailyHighLow(bars: readonly SessionBar[]): number {
  let checksum = 0;
  let day = -1;
  let high = Number.NEGATIVE_INFINITY;
  let low = Number.POSITIVE_INFINITY;
  for (const bar of bars) {
    const d = Math.floor(bar.start / DAY_MS);
    if (d !== day) {
      checksum += high - low;
      day = d;
      high = bar.high;
      low = bar.low;
    }
    if (bar.high > high) high = bar.high;
    if (bar.low < low) low = bar.low;
  }
  return checksum;
}

const bars = yearOfBars();
const baseline = await measure('baseline: daily high/low, one pass', MINUTES, () => dailyHighLow(bars), RUNS);
const rows = [];
for (const profile of BUILT_IN_PROFILES) {
  rows.push(
    await measure(
      `session rows, profile ${profile.name} (${profile.tz})`,
      MINUTES,
      () => computeSessionRows(bars, profile),
      RUNS,
    ),
  );
}
printComparison(`session rows from ${MINUTES.toLocaleString('en')} 1m bars (rate in bars/s)`, baseline, rows);

const yearOfRows = computeSessionRows(bars, BUILT_IN_PROFILES[0]).sessions;
const reportBaseline = await measure(
  `baseline: copy ${yearOfRows.length} rows`,
  yearOfRows.length,
  () => yearOfRows.map((row) => ({ ...row })),
  200,
);
const report = await measure(
  `report from ${yearOfRows.length} rows (all + 7 weekdays)`,
  yearOfRows.length,
  () => buildSessionReport(yearOfRows, BUILT_IN_PROFILES[0].extensionLevels),
  200,
);
printComparison('session report from a year of rows (rate in rows/s)', reportBaseline, [report]);

const REQUESTS = 5_000;
function p99Ms(answer: () => string): number {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = monotonicMs();
    answer();
    times.push(monotonicMs() - t0);
  }
  return percentile(
    times.sort((a, b) => a - b),
    99,
  );
}
const levels = BUILT_IN_PROFILES[0].extensionLevels;
const cache = new SessionReportCache(1);
cache.put('bench:AAA', 'utc', yearOfRows, levels);
const computedP99 = p99Ms(() => JSON.stringify(buildSessionReport(yearOfRows, levels)));
const cachedP99 = p99Ms(() => JSON.stringify(cache.get('bench:AAA', 'utc', 'all')?.report));
console.log(`\n## report of ${yearOfRows.length} sessions per request, p99 over ${REQUESTS} requests`);
console.log(
  `${'baseline: computed from the rows in memory'.padEnd(48)} ${`${computedP99.toFixed(3)} ms`.padStart(10)}`,
);
console.log(
  `${'from the cache (lookup + JSON)'.padEnd(48)} ${`${cachedP99.toFixed(3)} ms`.padStart(10)} ` +
    `${`${(computedP99 / cachedP99).toFixed(1)}x faster`.padStart(14)}`,
);
