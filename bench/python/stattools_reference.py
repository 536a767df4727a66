"""Times statsmodels' adfuller (autolag='AIC') and coint on the inputs written by
bench/stats-tests.bench.ts, so the TypeScript figures have a same-run baseline.

Usage: python3 stattools_reference.py INPUT.json REPEATS
Prints one JSON object: best wall time (ms) of each call, its statistic, and library versions.
Exit code 3 when statsmodels cannot be imported.
"""
import json
import sys
import time

try:
    import numpy as np
    import statsmodels
    from statsmodels.tsa.stattools import adfuller, coint
except Exception as error:  # pragma: no cover - reported to the caller
    print(json.dumps({"error": f"statsmodels unavailable: {error}"}))
    sys.exit(3)


def best_ms(fn, repeats):
    fn()  # warm-up, like bench/lib.ts `measure`
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000.0


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf8") as handle:
        data = json.load(handle)
    x = np.asarray(data["adfX"], dtype=float)
    y = np.asarray(data["cointY"], dtype=float)
    cx = np.asarray(data["cointX"], dtype=float)
    adf_stat = adfuller(x, autolag="AIC")[0]
    coint_stat = coint(y, cx)[0]
    print(json.dumps({
        "adfuller": {"bestMs": best_ms(lambda: adfuller(x, autolag="AIC"), repeats), "stat": adf_stat},
        "coint": {"bestMs": best_ms(lambda: coint(y, cx), repeats), "stat": coint_stat},
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "statsmodels": statsmodels.__version__},
    }))


if __name__ == "__main__":
    main()
