"""Times a loop of statsmodels `coint` over every pair of the closes written by
bench/analytics.bench.ts, so the pair scanner's figure has a same-run baseline.

Usage: python3 analytics_scan_reference.py CLOSES.json
CLOSES: a list of equally long close series. For every pair i < j the loop runs
coint(closes[j], closes[i]) (y = the later series, x = the earlier, as the scanner does).
Prints one JSON object: wall time (ms) of the loop, the pair count, the p-values in loop order
and library versions. Exit code 3 when statsmodels cannot be imported.
"""
import json
import sys
import time

try:
    import numpy as np
    import statsmodels
    from statsmodels.tsa.stattools import coint
except Exception as error:  # pragma: no cover - reported to the caller
    print(json.dumps({"error": f"statsmodels unavailable: {error}"}))
    sys.exit(3)


def main():
    with open(sys.argv[1], encoding="utf8") as handle:
        closes = [np.asarray(c, dtype=float) for c in json.load(handle)]
    coint(closes[1], closes[0])  # warm-up, like bench/lib.ts `measure`
    pvalues = []
    start = time.perf_counter()
    for i in range(len(closes)):
        for j in range(i + 1, len(closes)):
            pvalues.append(coint(closes[j], closes[i])[1])
    elapsed = (time.perf_counter() - start) * 1000.0
    print(json.dumps({
        "bestMs": elapsed,
        "pairs": len(pvalues),
        "pvalues": pvalues,
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "statsmodels": statsmodels.__version__},
    }))


if __name__ == "__main__":
    main()
