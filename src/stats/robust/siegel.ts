// Siegel's repeated-medians line fit, as scipy.stats.siegelslopes (scipy 1.10): for every point
// j the median of the slopes to all points with a different x, then the median of those.
// Intercept 'hierarchical' (default) = median(y − slope·x); 'separate' = median over j of the
// median over i of (y_i·x_j − y_j·x_i)/(x_j − x_i). Siegel, "Robust regression using repeated
// medians", Biometrika 69 (1982). O(n²) time, O(n) memory.

import { checkLineInputs } from './robust-inputs.js';
import { median, medianInPlace } from './select.js';

export interface SiegelOptions {
  method?: 'hierarchical' | 'separate';
}

export interface SiegelResult {
  slope: number;
  intercept: number;
}

export function siegelSlopes(x: ArrayLike<number>, y: ArrayLike<number>, options: SiegelOptions = {}): SiegelResult {
  checkLineInputs(x, y);
  const method = options.method ?? 'hierarchical';
  if (method !== 'hierarchical' && method !== 'separate') {
    throw new Error(`method must be 'hierarchical' or 'separate', got ${String(method)}`);
  }
  const n = x.length;
  const separate = method === 'separate';
  const pointSlopes = new Float64Array(n);
  const pointIntercepts = new Float64Array(separate ? n : 0);
  const slopes = new Float64Array(n);
  const intercepts = new Float64Array(separate ? n : 0);
  for (let j = 0; j < n; j++) {
    const xj = x[j];
    const yj = y[j];
    let count = 0;
    for (let i = 0; i < n; i++) {
      const dx = xj - x[i];
      if (dx === 0) continue;
      slopes[count] = (yj - y[i]) / dx;
      if (separate) intercepts[count] = (y[i] * xj - yj * x[i]) / dx;
      count++;
    }
    pointSlopes[j] = medianInPlace(slopes, count);
    if (separate) pointIntercepts[j] = medianInPlace(intercepts, count);
  }
  const slope = medianInPlace(pointSlopes);
  if (separate) return { slope, intercept: medianInPlace(pointIntercepts) };
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) residual[i] = y[i] - slope * x[i];
  return { slope, intercept: median(residual) };
}
