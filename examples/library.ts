// The statistics library without the server: `npx tsx examples/library.ts`.
// In your own project: `import { … } from 'tickscope'`.
import { adf, engleGranger, halfLife, KalmanHedge, olsHedge, RollingZScore, theilSen } from '../src/index.js';

// A small seeded normal generator, so the example prints the same numbers every run.
let seed = 42;
const uniform = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());

// Two aligned close series, oldest first: y follows x through a mean-reverting (AR(1)) spread.
const x: number[] = [];
const y: number[] = [];
let price = 100;
let spread = 0;
for (let i = 0; i < 500; i++) {
  price *= Math.exp(0.01 * normal());
  spread = 0.9 * spread + 0.2 * normal();
  x.push(price);
  y.push(0.5 * price + 3 + spread);
}

const hedge = olsHedge(y, x); // y = alpha + beta·x + spread
console.log('hedge ratio', hedge.beta.toFixed(4), 'intercept', hedge.alpha.toFixed(3));

const unitRoot = adf(hedge.resid, { regression: 'c', autolag: 'AIC' });
console.log(
  'ADF',
  unitRoot.adfstat.toFixed(3),
  'p',
  unitRoot.pvalue.toExponential(2),
  '5% critical',
  unitRoot.critical['5%'].toFixed(3),
);

const eg = engleGranger(y, x);
console.log('Engle-Granger t', eg.tstat.toFixed(3), 'p', eg.pvalue.toExponential(2));
console.log('half-life (bars)', halfLife(hedge.resid).halflife.toFixed(2));

const z = new RollingZScore(60);
for (const s of hedge.resid) z.add(s);
console.log('spread z-score', z.value?.toFixed(3));

const kalman = new KalmanHedge({ delta: 1e-4, observationVariance: 1e-3 });
for (let i = 0; i < x.length; i++) kalman.add(x[i], y[i]);
console.log('Kalman hedge ratio', kalman.getResult().slope.toFixed(4));

const robust = theilSen(x, y);
console.log('Theil-Sen', robust.slope.toFixed(4), '95% CI', robust.lowSlope.toFixed(4), robust.highSlope.toFixed(4));
