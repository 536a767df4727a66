// What the soak prints from its samples: RSS growth per 10 minutes after the warm-up, as the
// least-squares slope over every later sample (one sample of a GC or checkpoint peak moves a
// slope far less than it moves a first-to-last difference).

export interface RssSample {
  /** Seconds since the app was up. */
  atS: number;
  rss: number;
}

export interface RssTrend {
  /** Samples the slope was fitted on. */
  samples: number;
  /** RSS on the fitted line at the start of the window, bytes. */
  startRss: number;
  /** Slope, bytes per 10 minutes. */
  bytesPer10Min: number;
  /** The slope as a share of `startRss`, percent per 10 minutes. */
  percentPer10Min: number;
}

/** The RSS trend over the samples taken at or after `fromS`; null with fewer than 3 of them. */
export function rssTrend(samples: readonly RssSample[], fromS: number): RssTrend | null {
  const window = samples.filter((s) => s.atS >= fromS);
  if (window.length < 3) return null;
  const n = window.length;
  const meanT = window.reduce((sum, s) => sum + s.atS, 0) / n;
  const meanRss = window.reduce((sum, s) => sum + s.rss, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const s of window) {
    covariance += (s.atS - meanT) * (s.rss - meanRss);
    variance += (s.atS - meanT) ** 2;
  }
  const perSecond = covariance / variance;
  const startRss = meanRss + perSecond * (window[0].atS - meanT);
  const bytesPer10Min = perSecond * 600;
  return { samples: n, startRss, bytesPer10Min, percentPer10Min: (bytesPer10Min / startRss) * 100 };
}

export const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;
