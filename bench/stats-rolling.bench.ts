// Rolling(60) z-score and rolling(60) correlation over 1,000,000 points, against pandas on the
// same inputs measured in the same run (bench/python/rolling_zscore_corr.py, Debian's
// /usr/bin/python3). Without python3/pandas the reference rows are skipped, loudly.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  RollingCorrelation,
  RollingZScore,
  rollingCorrelation,
  rollingCorrelationF64,
  rollingZScore,
  rollingZScoreF64,
} from '../src/stats/rolling/index.js';
import { measure, printComparison, type Measurement } from './lib.js';

const N = 1_000_000;
const WINDOW = 60;
const RUNS = 15;
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'python', 'rolling_zscore_corr.py');

/** Two correlated geometric random walks at BTC and ETH price levels (seeded). */
function prices(): { x: Float64Array; y: Float64Array } {
  let seed = 20240611;
  const uniform = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647;
  };
  const x = new Float64Array(N);
  const y = new Float64Array(N);
  let px = 60_000;
  let py = 3_000;
  for (let i = 0; i < N; i++) {
    const common = uniform() - 0.5;
    px *= Math.exp(0.002 * common);
    py *= Math.exp(0.0015 * common + 0.001 * (uniform() - 0.5));
    x[i] = px;
    y[i] = py;
  }
  return { x, y };
}

interface PandasTimes {
  zscoreMs: number;
  corrMs: number;
  zscoreSum: number;
  corrSum: number;
  versions: Record<string, string>;
}

/** Runs the pandas script on the same numbers; a string says why the reference is missing. */
function timePandas(x: Float64Array, y: Float64Array): PandasTimes | string {
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-bench-'));
  try {
    const xPath = join(dir, 'x.f64');
    const yPath = join(dir, 'y.f64');
    writeFileSync(xPath, new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
    writeFileSync(yPath, new Uint8Array(y.buffer, y.byteOffset, y.byteLength));
    const run = spawnSync(PYTHON, [SCRIPT, xPath, yPath, String(WINDOW), String(RUNS)], { encoding: 'utf8' });
    if (run.error) return `${PYTHON} could not be started (${run.error.message})`;
    if (run.status !== 0) return `${PYTHON} failed: ${(run.stderr || '').trim().split('\n').pop()}`;
    return JSON.parse(run.stdout) as PandasTimes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function nanSum(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) s += values[i];
  return s;
}

function pandasRow(label: string, ms: number): Measurement {
  return { label, ops: N, bestMs: ms, opsPerSec: (N / ms) * 1000 };
}

async function main(): Promise<void> {
  const { x, y } = prices();
  const xs = Array.from(x);
  const ys = Array.from(y);
  console.log(`rolling(${WINDOW}) over ${N.toLocaleString('en-US')} points, best of ${RUNS}`);

  // pandas is timed before and after our rows and the faster of the two kept, so a busy machine
  // during one of its runs does not flatter the ratios.
  const pandas = timePandas(x, y);
  if (typeof pandas === 'string') {
    console.log(`\n!! pandas reference rows SKIPPED: ${pandas}.`);
    console.log('!! Install with: apt-get update && apt-get install -y python3-pandas python3-scipy');
  } else {
    const v = pandas.versions;
    console.log(`pandas ${v.pandas}, numpy ${v.numpy}, python ${v.python}`);
  }

  const zTyped = await measure('tickscope rollingZScoreF64 (Float64Array)', N, () => rollingZScoreF64(x, WINDOW), RUNS);
  const zArray = await measure('tickscope rollingZScore (number|null[])', N, () => rollingZScore(xs, WINDOW), RUNS);
  const zStream = await measure(
    'tickscope RollingZScore.add (streaming)',
    N,
    () => {
      const z = new RollingZScore(WINDOW);
      for (let i = 0; i < N; i++) z.add(xs[i]);
    },
    RUNS,
  );
  const cTyped = await measure(
    'tickscope rollingCorrelationF64 (Float64Array)',
    N,
    () => rollingCorrelationF64(x, y, WINDOW),
    RUNS,
  );
  const cArray = await measure(
    'tickscope rollingCorrelation (number|null[])',
    N,
    () => rollingCorrelation(xs, ys, WINDOW),
    RUNS,
  );
  const cStream = await measure(
    'tickscope RollingCorrelation.add (streaming)',
    N,
    () => {
      const c = new RollingCorrelation(WINDOW);
      for (let i = 0; i < N; i++) c.add(xs[i], ys[i]);
    },
    RUNS,
  );

  if (typeof pandas !== 'string') {
    const after = timePandas(x, y);
    if (typeof after !== 'string') {
      pandas.zscoreMs = Math.min(pandas.zscoreMs, after.zscoreMs);
      pandas.corrMs = Math.min(pandas.corrMs, after.corrMs);
    }
  }

  if (typeof pandas === 'string') {
    printComparison(`rolling(${WINDOW}) z-score (no pandas reference)`, zTyped, [zArray, zStream]);
    printComparison(`rolling(${WINDOW}) correlation (no pandas reference)`, cTyped, [cArray, cStream]);
    return;
  }
  printComparison(`rolling(${WINDOW}) z-score vs pandas`, pandasRow('pandas (s - mean)/std', pandas.zscoreMs), [
    zTyped,
    zArray,
    zStream,
  ]);
  printComparison(`rolling(${WINDOW}) correlation vs pandas`, pandasRow('pandas a.rolling().corr(b)', pandas.corrMs), [
    cTyped,
    cArray,
    cStream,
  ]);

  // Same inputs, same answers: the sums of all values agree to round-off.
  const zDiff = Math.abs(nanSum(rollingZScoreF64(x, WINDOW)) - pandas.zscoreSum) / Math.abs(pandas.zscoreSum);
  const cDiff = Math.abs(nanSum(rollingCorrelationF64(x, y, WINDOW)) - pandas.corrSum) / Math.abs(pandas.corrSum);
  console.log(
    `\nchecksum vs pandas: z-score rel diff ${zDiff.toExponential(1)}, correlation rel diff ${cDiff.toExponential(1)}`,
  );
}

await main();
