#!/usr/bin/python3
"""Reference values for xpi_sen_slope with seasons: the seasonal Kendall slope estimator
(Hirsch, Slack & Smith 1982) and its interval (Gilbert 1987, section 17.6), by brute force
with numpy and scipy's norm; nothing here uses libxpi.

Run (from the repository root):
  /usr/bin/python3 tests/ref/gen_seasonal_sen.py > tests/ref/seasonal_sen_vectors.tsv
Deterministic (numpy seed below). For period p, season s is x[s::p] with its NaN dropped
(each value keeps its position in the series as its time); seasons with fewer than two
values are left out. The slopes are (x_j - x_i) / (t_j - t_i) over the pairs i < j of a
season (per period); slope = their median. Var S = sum over seasons of
[m(m-1)(2m+5) - sum t(t-1)(2t+5)] / 18 (ties within the season); with N the number of
slopes and C = norm.ppf(1 - (1 - confidence) / 2) sqrt(Var S), the interval is the sorted
slopes at 0-based ranks max(round((N - C) / 2) - 1, 0) and min(round((N + C) / 2), N - 1)
(round half to even: scipy theilslopes's rounding). intercept = median(values used) - slope
median(times used). n = the values used.
Columns: name, seasons, confidence, n, slope, lower, upper, intercept, values.
"""

import numpy as np
from scipy import stats


def seasonal_sen(x, period, confidence):
    x = np.asarray(x, float)
    slopes, var, ys, ts = [], 0.0, [], []
    for s in range(period):
        t = np.arange(s, len(x), period)
        y = x[s::period]
        keep = ~np.isnan(y)
        t, y = t[keep], y[keep]
        m = len(y)
        if m < 2:
            continue
        for i in range(m - 1):
            slopes.extend((y[i + 1:] - y[i]) / (t[i + 1:] - t[i]))
        _, c = np.unique(y, return_counts=True)
        var += (m * (m - 1) * (2 * m + 5) - (c * (c - 1) * (2 * c + 5)).sum()) / 18.0
        ys.extend(y)
        ts.extend(t)
    slopes = np.sort(np.array(slopes))
    N = len(slopes)
    slope = float(np.median(slopes))
    c = stats.norm.ppf(1 - (1 - confidence) / 2) * np.sqrt(var)
    lo = max(int(np.round((N - c) / 2)) - 1, 0)
    hi = min(int(np.round((N + c) / 2)), N - 1)
    intercept = float(np.median(ys) - slope * np.median(ts))
    return [len(ys), slope, slopes[lo], slopes[hi], intercept]


def main():
    rng = np.random.default_rng(20261123)
    months = np.arange(120)
    cases = [
        ("quarterly_small", 4, 0.95, [10, 20, 30, 40, 12, 21, 33, 41, 13, 23, 35, 44]),
        ("monthly_season_trend", 12, 0.95,
         list(np.round(30 + 8 * np.sin(2 * np.pi * months / 12) + 0.05 * months
                       + rng.normal(0, 2, 120), 1))),
        ("monthly_ties", 12, 0.90,
         list(np.round(3 + np.sin(2 * np.pi * months / 12) + rng.normal(0, 1, 120)))),
        ("weekly_gaps", 7, 0.99,
         [np.nan if rng.random() < 0.15 else float(v)
          for v in np.round(rng.normal(0, 1, 300) + 0.01 * np.arange(300), 2)]),
        ("one_season_short", 5, 0.95, [1.0, 2.0, 3.0, 4.0, 5.0, 3.0, np.nan, 5.0, 7.0, 9.0, 5.0]),
        ("long_monthly", 12, 0.95, list(rng.normal(0, 1, 2400) + 0.0005 * np.arange(2400))),
    ]
    print("# name\tseasons\tconfidence\tn\tslope\tlower\tupper\tintercept\tvalues")
    for name, period, conf, values in cases:
        ref = seasonal_sen(values, period, conf)
        print("\t".join([name, str(period), repr(conf)] + [repr(float(v)) for v in ref]
                        + [",".join("nan" if np.isnan(v) else repr(float(v)) for v in values)]))


if __name__ == "__main__":
    main()
