#!/usr/bin/python3
"""Reference values for xpi_mann_kendall's Hamed-Rao and seasonal variants, following
pymannkendall's hamed_rao_modification_test and seasonal_test (their formulas, written
here with numpy, scipy's rankdata / theilslopes / norm); nothing here uses libxpi.

Run (from the repository root):
  /usr/bin/python3 tests/ref/gen_mk_variants.py > tests/ref/mk_variants_vectors.tsv
Hamed-Rao (no gaps): S and the tie-corrected Var S; the series detrended with Sen's slope
(scipy theilslopes on positions 1..n), ranked (average ties); the rank autocorrelations by
pymannkendall's __acf (np.correlate, divisor n); lags 1..n-1 whose |rho| exceeds
norm.ppf(0.975)/sqrt(n) add (n-i)(n-i-1)(n-i-2) rho_i; Var S times
1 + 2/(n(n-1)(n-2)) sum. Seasonal (period p): S, Var S and n(n-1)/2 summed over the p
subseries x[s::p] with their NaN dropped; tau = S / the summed pairs.
Columns: name, variant, seasons, n, S, var_S, z, p, tau, values.
"""

import numpy as np
from scipy import stats


def score(y):
    n = len(y)
    s = sum(np.sign(y[i + 1:] - y[i]).sum() for i in range(n - 1))
    _, c = np.unique(y, return_counts=True)
    var = (n * (n - 1) * (2 * n + 5) - (c * (c - 1) * (2 * c + 5)).sum()) / 18.0
    return float(s), float(var), n * (n - 1) / 2.0


def z_p(s, var):
    z = 0.0 if s == 0 or var <= 0 else (s - np.sign(s)) / np.sqrt(var)
    return z, min(1.0, 2 * stats.norm.sf(abs(z)))


def hamed_rao(x):
    x = np.asarray(x, float)
    n = len(x)
    s, var, pairs = score(x)
    slope = stats.theilslopes(x, np.arange(1, n + 1))[0]
    ranks = stats.rankdata(x - np.arange(1, n + 1) * slope)
    y = ranks - ranks.mean()
    acov = np.correlate(y, y, "full")[n - 1:] / n
    acf = acov / acov[0]
    band = stats.norm.ppf(0.975) / np.sqrt(n)
    sni = 0.0
    for i in range(1, n):
        if not (-band <= acf[i] <= band):
            sni += (n - i) * (n - i - 1) * (n - i - 2) * acf[i]
    var *= 1 + 2 / (n * (n - 1) * (n - 2)) * sni
    z, p = z_p(s, var)
    return [n, s, var, z, p, s / pairs]


def seasonal(x, period):
    x = np.asarray(x, float)
    s = var = pairs = used = 0.0
    for k in range(period):
        sub = x[k::period]
        sub = sub[~np.isnan(sub)]
        if len(sub) < 2:
            continue
        si, vi, pi = score(sub)
        s, var, pairs, used = s + si, var + vi, pairs + pi, used + len(sub)
    z, p = z_p(s, var)
    return [used, s, var, z, p, s / pairs]


def main():
    rng = np.random.default_rng(20261123)
    t = np.arange(60)
    ar = np.zeros(120)
    for i in range(1, 120):
        ar[i] = 0.7 * ar[i - 1] + rng.normal()
    cases = [
        ("ar1_no_trend", 1, 0, list(np.round(ar, 3))),
        ("ar1_drift", 1, 0, list(np.round(ar + 0.02 * np.arange(120), 3))),
        ("hr_ties", 1, 0, list(rng.integers(0, 6, 80).astype(float))),
        ("hr_short", 1, 0, [3.0, 1.0, 4.0, 1.0, 5.0]),
        ("monthly_seasonal", 2, 12, list(np.round(30 + 10 * np.sin(2 * np.pi * t / 12)
                                                  + 0.1 * t + rng.normal(0, 2, 60), 2))),
    ]
    gaps = list(np.round(30 + 10 * np.sin(2 * np.pi * t[:50] / 12) + rng.normal(0, 2, 50), 1))
    for i in (2, 14, 26, 7):
        gaps[i] = np.nan
    cases.append(("seasonal_gaps_quarters", 2, 4, gaps))
    print("# name\tvariant\tseasons\tn\tS\tvar_S\tz\tp\ttau\tvalues")
    for name, variant, seasons, values in cases:
        ref = hamed_rao(values) if variant == 1 else seasonal(values, seasons)
        print("\t".join([name, str(variant), str(seasons)] + [repr(float(r)) for r in ref]
                        + [",".join("nan" if np.isnan(v) else repr(float(v))
                                    for v in values)]))


if __name__ == "__main__":
    main()
