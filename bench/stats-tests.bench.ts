// Statistical tests against their Python reference in the same run: ADF (autolag AIC) on 10,000
// points vs statsmodels `adfuller`, Engle-Granger on 2×10,000 points vs statsmodels `coint`.
// The Python side gets the very same inputs through a temporary JSON file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatRate, measure, printComparison, type Measurement } from './lib.js';
import { adf } from '../src/stats/unitroot/index.js';
import { engleGranger } from '../src/stats/cointegration/index.js';
import { seededGaussian } from '../src/domain/seeded-random.js';

const POINTS = 10_000;
const RUNS = 10;
// Debian's python3 with python3-statsmodels; overridable to point at another interpreter.
const PYTHON = process.env.TICKSCOPE_BENCH_PYTHON ?? '/usr/bin/python3';
const referenceScript = join(dirname(fileURLToPath(import.meta.url)), 'python', 'stattools_reference.py');

function inputs() {
  const noise = seededGaussian(20240611);
  const adfX: number[] = [30_000];
  const cointX: number[] = [2_000];
  const cointY: number[] = [];
  let spread = 0;
  for (let i = 1; i < POINTS; i++) {
    adfX.push(adfX[i - 1] * Math.exp(0.001 * noise()));
    cointX.push(cointX[i - 1] * Math.exp(0.001 * noise()));
  }
  for (let i = 0; i < POINTS; i++) {
    spread = 0.95 * spread + noise();
    cointY.push(15 * cointX[i] + 100 + 5 * spread);
  }
  // Round like the golden vectors so both sides parse exactly the same doubles.
  const round = (v: number) => Number(v.toPrecision(12));
  return { adfX: adfX.map(round), cointX: cointX.map(round), cointY: cointY.map(round) };
}

interface Reference {
  adfuller: { bestMs: number; stat: number };
  coint: { bestMs: number; stat: number };
  versions: Record<string, string>;
}

function runReference(data: ReturnType<typeof inputs>): Reference | string {
  if (!existsSync(PYTHON)) return `${PYTHON} does not exist`;
  const dir = mkdtempSync(join(tmpdir(), 'tickscope-stats-bench-'));
  try {
    const file = join(dir, 'inputs.json');
    writeFileSync(file, JSON.stringify(data));
    const result = spawnSync(PYTHON, [referenceScript, file, String(RUNS)], { encoding: 'utf8', timeout: 600_000 });
    if (result.error) return result.error.message;
    if (result.status !== 0) return (result.stdout || result.stderr || `exit code ${result.status}`).trim();
    return JSON.parse(result.stdout) as Reference;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function baseline(label: string, bestMs: number): Measurement {
  return { label, ops: 1, bestMs, opsPerSec: 1000 / bestMs };
}

const data = inputs();
const ours = {
  adf: await measure(`tickscope adf (AIC, ${POINTS} points)`, 1, () => adf(data.adfX, { autolag: 'AIC' }), RUNS),
  coint: await measure(
    `tickscope engleGranger (2×${POINTS} points)`,
    1,
    () => engleGranger(data.cointY, data.cointX),
    RUNS,
  ),
};
const adfResult = adf(data.adfX, { autolag: 'AIC' });
const egResult = engleGranger(data.cointY, data.cointX);

const reference = runReference(data);
if (typeof reference === 'string') {
  console.log(`python3 with statsmodels not found: skipping the reference rows (${reference})`);
  for (const row of [ours.adf, ours.coint]) {
    console.log(
      `${row.label.padEnd(48)} ${`${row.bestMs.toFixed(1)} ms`.padStart(10)} ${formatRate(row.opsPerSec).padStart(12)}`,
    );
  }
} else {
  const versions = Object.entries(reference.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  printComparison(
    `ADF, autolag AIC, ${POINTS} points (baseline: ${versions})`,
    baseline('statsmodels adfuller (python)', reference.adfuller.bestMs),
    [ours.adf],
  );
  console.log(`same statistic: tickscope ${adfResult.adfstat} vs statsmodels ${reference.adfuller.stat}`);
  printComparison(
    `Engle-Granger, 2×${POINTS} points (baseline: ${versions})`,
    baseline('statsmodels coint (python)', reference.coint.bestMs),
    [ours.coint],
  );
  console.log(`same statistic: tickscope ${egResult.tstat} vs statsmodels ${reference.coint.stat}`);
}
