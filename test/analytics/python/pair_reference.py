"""Independent reference for the pair analytics definitions (issue #5), used by
test/analytics/capture-pair.test.ts on the same stored bars the API reads.

Usage: python3 pair_reference.py INPUT.json
INPUT: {"x": [[start, close], ...], "y": [[start, close], ...], "lookback": n, "window": w, "price": "raw"|"log"}
Prints JSON: aligned starts, carried flags, beta, alpha, spread, zscore, correlation (null = NaN),
and on the last close: ADF (regression c, autolag AIC) of y - beta*x over the lookback, statsmodels
coint(y, x) over the lookback, and the OU half-life of that spread.
Exit code 3 when pandas or statsmodels cannot be imported.
"""
import json
import math
import sys

try:
    import numpy as np
    import pandas as pd
    import statsmodels.api as sm
    from statsmodels.tsa.stattools import adfuller, coint
except Exception as error:  # pragma: no cover - reported to the caller
    print(json.dumps({"error": f"pandas/statsmodels unavailable: {error}"}))
    sys.exit(3)


def nullable(values):
    return [None if (v is None or (isinstance(v, float) and math.isnan(v))) else float(v) for v in values]


def main():
    with open(sys.argv[1], encoding="utf8") as handle:
        data = json.load(handle)
    lookback, window = data["lookback"], data["window"]
    x = pd.Series({s: c for s, c in data["x"]}, dtype=float, name="x")
    y = pd.Series({s: c for s, c in data["y"]}, dtype=float, name="y")
    raw = pd.concat([x, y], axis=1).sort_index()
    carried = raw.isna()
    df = raw.ffill().dropna()
    carried = carried.loc[df.index]
    f = np.log if data["price"] == "log" else (lambda v: v)
    X = f(df["x"].to_numpy())
    Y = f(df["y"].to_numpy())
    n = len(df)

    # Hedge regression of y on [1, x] over the last `lookback` closes, one statsmodels OLS per close.
    beta = np.full(n, np.nan)
    alpha = np.full(n, np.nan)
    for t in range(lookback - 1, n):
        fit = sm.OLS(Y[t + 1 - lookback : t + 1], sm.add_constant(X[t + 1 - lookback : t + 1])).fit()
        alpha[t], beta[t] = fit.params
    spread = pd.Series(Y - beta * X)
    zscore = (spread - spread.rolling(window).mean()) / spread.rolling(window).std(ddof=1)
    returns = df.pct_change()
    correlation = returns["x"].rolling(window).corr(returns["y"])

    latest = {}
    if n >= lookback and not math.isnan(beta[-1]):
        xs, ys = X[-lookback:], Y[-lookback:]
        resid = ys - beta[-1] * xs
        adf = adfuller(resid, regression="c", autolag="AIC")
        eg = coint(ys, xs, trend="c", autolag="aic")
        lagged = resid[:-1]
        change = np.diff(resid)
        hl_beta = sm.OLS(change, sm.add_constant(lagged)).fit().params[1]
        latest = {
            "adf": {"stat": adf[0], "pValue": adf[1], "usedLag": adf[2], "nobs": adf[3], "critical": adf[4]},
            "engleGranger": {"stat": eg[0], "pValue": eg[1], "critical": list(eg[2])},
            "halfLife": -math.log(2) / hl_beta,
        }
    print(json.dumps({
        "start": [int(s) for s in df.index],
        "carriedX": [bool(v) for v in carried["x"]],
        "carriedY": [bool(v) for v in carried["y"]],
        "hedgeRatio": nullable(beta),
        "intercept": nullable(alpha),
        "spread": nullable(spread),
        "zscore": nullable(zscore),
        "correlation": nullable(correlation),
        "latest": latest,
        "versions": {"pandas": pd.__version__, "statsmodels": sm.__version__ if hasattr(sm, "__version__") else "?"},
    }))


if __name__ == "__main__":
    main()
