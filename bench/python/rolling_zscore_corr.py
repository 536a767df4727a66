"""Times pandas on the rolling z-score and rolling correlation the TypeScript bench measures.

Usage: rolling_zscore_corr.py <x.f64> <y.f64> <window> <runs>
The inputs are raw little-endian float64 files written by bench/stats-rolling.bench.ts, so both
sides see the same numbers. Prints one JSON object: best wall time per operation in ms
(time.perf_counter, best of <runs> after one warm-up), versions, and a checksum of each result
so the TypeScript side can confirm it computed the same thing.
"""
import json
import sys
import time

import numpy as np
import pandas as pd


def best_ms(fn, runs):
    fn()
    best = float("inf")
    result = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1e3, result


def main():
    x_path, y_path, window, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    s = pd.Series(np.fromfile(x_path, dtype="<f8"))
    a = s
    b = pd.Series(np.fromfile(y_path, dtype="<f8"))

    zscore_ms, z = best_ms(lambda: (s - s.rolling(window).mean()) / s.rolling(window).std(), runs)
    corr_ms, c = best_ms(lambda: a.rolling(window).corr(b), runs)

    print(json.dumps({
        "n": int(len(s)),
        "window": window,
        "zscoreMs": zscore_ms,
        "corrMs": corr_ms,
        "zscoreSum": float(np.nansum(z.to_numpy())),
        "corrSum": float(np.nansum(c.to_numpy())),
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "pandas": pd.__version__},
    }))


if __name__ == "__main__":
    main()
