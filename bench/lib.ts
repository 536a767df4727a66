// Tiny benchmark harness: every figure is a rate measured in the same run as its baseline,
// and is printed as a ratio against it.
import { readFileSync } from 'node:fs';

export interface Measurement {
  label: string;
  /** Operations (ticks, points, calls) per run. */
  ops: number;
  /** Best wall time of the runs, ms. */
  bestMs: number;
  opsPerSec: number;
}

/** Runs `fn` `runs` times after one warm-up and keeps the best time. */
export async function measure(
  label: string,
  ops: number,
  fn: () => unknown | Promise<unknown>,
  runs = 3,
): Promise<Measurement> {
  await fn();
  let bestMs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    bestMs = Math.min(bestMs, performance.now() - t0);
  }
  return { label, ops, bestMs, opsPerSec: (ops / bestMs) * 1000 };
}

export function formatRate(opsPerSec: number): string {
  if (opsPerSec >= 1e6) return `${(opsPerSec / 1e6).toFixed(2)} M/s`;
  if (opsPerSec >= 1e3) return `${(opsPerSec / 1e3).toFixed(1)} k/s`;
  return `${opsPerSec.toFixed(1)} /s`;
}

/** Prints rows as a table with each row's rate and its ratio to the baseline row. */
export function printComparison(title: string, baseline: Measurement, rows: Measurement[]): void {
  console.log(`\n## ${title}`);
  console.log(`${'case'.padEnd(48)} ${'time'.padStart(10)} ${'rate'.padStart(12)} ${'vs baseline'.padStart(12)}`);
  for (const row of [baseline, ...rows]) {
    const ratio = row === baseline ? 'baseline' : `${(row.opsPerSec / baseline.opsPerSec).toFixed(2)}x`;
    console.log(
      `${row.label.padEnd(48)} ${`${row.bestMs.toFixed(1)} ms`.padStart(10)} ` +
        `${formatRate(row.opsPerSec).padStart(12)} ${ratio.padStart(12)}`,
    );
  }
}

/** Milliseconds on CLOCK_MONOTONIC, the same clock in every thread of the process. */
export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** The p-th percentile (0..100) of an ascending array, nearest rank below. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Seconds of warm-up at full rate that end 3 s past the next minute boundary (at least `min`): the
 * first close of each timeframe in a process creates that timeframe's engines and warms them
 * from stored history, once, so a latency run measures after the app's first 1s and 1m closes.
 */
export function warmUpPastNextMinute(min = 3): number {
  const toBoundary = (60_000 - (Date.now() % 60_000)) / 1000;
  return Math.max(min, Math.ceil(toBoundary) + 3);
}

/** The median of any array (not changed). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Calls `emit(count, sentAt)` every `tickMs` for `seconds` with the number of events due so far
 * at `perSecond`, so the rate holds however late the timer fires.
 */
export function emitAtRate(
  perSecond: number,
  seconds: number,
  tickMs: number,
  emit: (count: number, sentAt: number) => void,
): Promise<void> {
  const start = performance.now();
  const end = start + seconds * 1000;
  let emitted = 0;
  return new Promise<void>((done) => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (now > end) {
        clearInterval(timer);
        done();
        return;
      }
      const due = Math.floor(((now - start) * perSecond) / 1000) - emitted;
      if (due <= 0) return;
      emitted += due;
      emit(due, now);
    }, tickMs);
  });
}

/**
 * CPU time the hypervisor took from this machine's CPUs so far (the `steal` column of
 * /proc/stat), ms; null where the kernel does not report it.
 */
export function stolenMs(): number | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0].trim().split(/\s+/);
    return fields.length > 8 ? Number(fields[8]) * 10 : null; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}

/**
 * The noise floor of any latency measured on this machine: spins the calling thread for `ms`
 * with nothing else running and counts the times it lost its CPU for longer than each threshold.
 */
export function schedulingGaps(
  ms: number,
  thresholdsMs: readonly number[] = [1, 2, 4],
): { counts: number[]; maxMs: number } {
  const counts = thresholdsMs.map(() => 0);
  let maxMs = 0;
  const end = monotonicMs() + ms;
  for (let last = monotonicMs(); last < end; ) {
    const now = monotonicMs();
    const gap = now - last;
    last = now;
    if (gap < thresholdsMs[0]) continue;
    maxMs = Math.max(maxMs, gap);
    thresholdsMs.forEach((threshold, i) => {
      if (gap > threshold) counts[i]++;
    });
  }
  return { counts, maxMs };
}

/** One line on the machine's own stalls, printed with every latency figure measured on it. */
export function describeMachineNoise(
  gaps: { counts: number[]; maxMs: number },
  probeSeconds: number,
  stolen: { before: number | null; after: number | null },
  runSeconds: number,
): string {
  const [over1, over2, over4] = gaps.counts;
  const steal =
    stolen.before === null || stolen.after === null
      ? 'steal not reported'
      : `the hypervisor took ${stolen.after - stolen.before} ms of CPU from this machine during the ` +
        `${runSeconds} s measured`;
  return (
    `machine: a bare spinning thread, alone for ${probeSeconds} s before the run, lost its CPU for > 1 ` +
    `ms ${over1}x, > 2 ms ${over2}x, > 4 ms ${over4}x (longest ${gaps.maxMs.toFixed(1)} ms); ${steal}`
  );
}
