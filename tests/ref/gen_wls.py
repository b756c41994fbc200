#!/usr/bin/python3
"""Reference values for xpi_wls_slope from statsmodels' WLS; nothing here uses libxpi.

Run (from the repository root, Debian python with numpy and statsmodels):
  /usr/bin/python3 tests/ref/gen_wls.py > tests/ref/wls_vectors.tsv
Per series: x = the period index (positions; NaN values dropped with their index kept),
statsmodels WLS(y, add_constant(x), weights=1/se^2).fit() (scale estimated): slope,
its bse, conf_int(1 - confidence), tvalues, df_resid, pvalues, intercept.
Columns: name, confidence, n, slope, se, lower, upper, t, df, p, intercept, values, ses.
"""

import numpy as np
import statsmodels.api as sm


def fit(values, ses, conf):
    v, s = np.asarray(values, float), np.asarray(ses, float)
    keep = ~np.isnan(v)
    x = np.arange(len(v), dtype=float)[keep]
    res = sm.WLS(v[keep], sm.add_constant(x), weights=1.0 / s[keep] ** 2).fit()
    lo, hi = res.conf_int(alpha=1 - conf)[1]
    return [keep.sum(), res.params[1], res.bse[1], lo, hi, res.tvalues[1], res.df_resid,
            res.pvalues[1], res.params[0]]


def main():
    rng = np.random.default_rng(20261123)
    cases = []
    # Monthly NPS with its standard errors (n from 60 to 400), a drift of 0.5 a month.
    n = rng.integers(60, 400, 24)
    se = 100 * np.sqrt(0.5 / n)
    y = 30 + 0.5 * np.arange(24) + rng.normal(0, 1, 24) * se
    cases.append(("nps_drift", 0.95, list(np.round(y, 3)), list(se)))
    yg = list(np.round(y, 3))
    for i in (3, 4, 17):
        yg[i] = np.nan
    cases.append(("nps_gaps", 0.90, yg, list(se)))
    cases.append(("three_points", 0.95, [1.0, 2.5, 2.0], [1.0, 0.5, 2.0]))
    cases.append(("flat_noise", 0.99, list(rng.normal(7.5, 0.2, 40)),
                  list(rng.uniform(0.1, 0.4, 40))))
    cases.append(("tiny_se", 0.95, [10.0, 11.0, 12.5, 13.0, 15.0],
                  [1e-150, 2e-150, 1e-150, 3e-150, 1e-150]))
    print("# name\tconfidence\tn\tslope\tse\tlower\tupper\tt\tdf\tp\tintercept\tvalues\tses")
    for name, conf, values, ses in cases:
        ref = fit(values, ses, conf)
        print("\t".join([name, repr(conf)] + [repr(float(r)) for r in ref]
                        + [",".join("nan" if np.isnan(x) else repr(float(x)) for x in values),
                           ",".join(repr(float(x)) for x in ses)]))


if __name__ == "__main__":
    main()
