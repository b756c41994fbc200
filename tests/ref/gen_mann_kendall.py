#!/usr/bin/python3
"""Independent reference values for xpi_mann_kendall.

Run (from the repository root, Debian python with numpy and scipy):
  /usr/bin/python3 tests/ref/gen_mann_kendall.py > tests/ref/mann_kendall_vectors.tsv
Deterministic (numpy seed below); nothing here uses libxpi. Per series (time index =
position; NaN = a gap, dropped with its index kept):
  S: the O(n^2) double sum of sign(y_j - y_i) (numpy);
  var S: [n(n-1)(2n+5) - sum t(t-1)(2t+5)] / 18 over tie groups (../shared/REFERENCE.md);
  z = (S - sign S) / sqrt(var S), p = 2 scipy norm.sf(|z|), tau = S / (n(n-1)/2);
  slope, intercept, interval: scipy.stats.theilslopes(y, t, alpha=confidence)
  (method 'separate': intercept = median(y) - slope median(t)).
Columns: name, confidence, n, S, var S, z, p, tau, slope, lower, upper, intercept, values.
"""

import numpy as np
from scipy import stats


def reference(values, confidence):
    v = np.asarray(values, dtype=float)
    keep = ~np.isnan(v)
    t = np.arange(len(v), dtype=float)[keep]
    y = v[keep]
    n = len(y)
    s = 0.0
    for i in range(n - 1):
        s += np.sign(y[i + 1:] - y[i]).sum()
    _, counts = np.unique(y, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - sum(c * (c - 1) * (2 * c + 5) for c in counts)) / 18.0
    z = 0.0 if s == 0 or var <= 0 else (s - np.sign(s)) / np.sqrt(var)
    p = min(1.0, 2 * stats.norm.sf(abs(z)))
    tau = s / (n * (n - 1) / 2)
    res = stats.theilslopes(y, t, alpha=confidence)
    return [n, s, var, z, p, tau, res[0], res[2], res[3], res[1]]


def main():
    rng = np.random.default_rng(20261123)
    cases = [
        ("two_points", 0.95, [1.0, 3.0]),
        ("three_flat", 0.95, [2.0, 2.0, 2.0]),
        ("ten_with_ties", 0.95, [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]),
        ("nps_monthly_24", 0.90, list(np.round(30 + 0.4 * np.arange(24)
                                                + rng.normal(0, 4, 24), 1))),
        ("gaps", 0.95, [10, np.nan, 12, 11, np.nan, np.nan, 15, 14, 18, np.nan, 17, 20]),
        ("random_500", 0.95, list(rng.normal(0, 1, 500))),
        ("integers_1500", 0.99, list(rng.integers(0, 11, 1500).astype(float)
                                     + np.floor(np.arange(1500) / 500))),
        ("drift_6000", 0.95, list(0.001 * np.arange(6000) + rng.normal(0, 1, 6000))),
        ("falling_ties_7000", 0.80, list(np.round(-0.002 * np.arange(7000)
                                                  + rng.normal(0, 2, 7000)))),
        # Integer scores: the median slope is exactly 0, shared by millions of pairs.
        ("csat_flat_5000", 0.95, list(rng.integers(1, 6, 5000).astype(float))),
        ("csat_rising_3000", 0.90, list(np.clip(np.round(3 + 0.0005 * np.arange(3000)
                                                         + rng.normal(0, 1, 3000)), 1, 5))),
    ]
    # Random series: sizes, tie levels (rounding), drifts, gaps and confidences.
    for i in range(24):
        n = int(rng.integers(30, 1200))
        decimals = int(rng.integers(0, 3))
        drift = float(rng.normal(0, 0.002))
        v = np.round(drift * np.arange(n) + rng.normal(0, 1, n) * 3, decimals)
        v[rng.random(n) < (0.1 if i % 3 == 0 else 0.0)] = np.nan
        conf = [0.80, 0.90, 0.95, 0.99][i % 4]
        cases.append((f"random_{i}_n{n}_d{decimals}", conf, list(v)))
    print("# name\tconfidence\tn\tS\tvar_S\tz\tp\ttau\tslope\tlower\tupper\tintercept\tvalues")
    for name, conf, values in cases:
        ref = reference(values, conf)
        print("\t".join([name, repr(conf)] + [repr(float(x)) for x in ref]
                        + [",".join("nan" if np.isnan(x) else repr(float(x)) for x in values)]))


if __name__ == "__main__":
    main()
