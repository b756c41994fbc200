#!/usr/bin/python3
"""Reference values for xpi_series_chart, from the formulas of qcc (Scrucca 2004) as
written in ../shared/REFERENCE.md, in numpy; nothing here uses libxpi.

Run (from the repository root):
  /usr/bin/python3 tests/ref/gen_charts.py > tests/ref/chart_vectors.tsv
Each case is a series of periods given by their score counts (an empty period is a gap),
a statistic, a chart and its parameters. Per period t with data: y_t its estimate, n_t
its responses. Baseline: all periods (pooled counts), or the `baseline` periods before t.
center = the pooled estimate; V = the pooled variance of one response (nets and shares:
ddof 0; means: ddof 1).
  Shewhart: center +- L sqrt(V / n_t).
  EWMA: z_t = lambda y_t + (1 - lambda) z_{t-1}, z_0 = center; v_t = lambda^2 V / n_t +
        (1 - lambda)^2 v_{t-1}, v_0 = 0; limits center +- L sqrt(v_t). With constant n
        this equals qcc's sigma^2/n lambda/(2-lambda) (1 - (1-lambda)^(2t)), checked below.
  CUSUM: z_t = (y_t - center) / sqrt(V / n_t); C+ = max(0, C+ + z - k), C- = max(0, C- - z
        - k); signal when C+ > h (+1) or C- > h (-1).
Gaps are skipped (the recursions carry over). Columns: case, chart, stat, L, lambda, k, h,
baseline, period counts (';' between periods, ',' between scores), then per period:
center, lower, upper, statistic, statistic2, signal ('|' between periods).
"""

import numpy as np

SCALES = {"nps": (0, 10, 6, 9), "csat": (1, 5, 2, 4), "ces": (1, 7, 3, 5)}


def values(stat, scale):
    lo, hi, low_max, high_min = scale
    s = np.arange(lo, hi + 1)
    if stat == "net":
        return (s >= high_min).astype(float) - (s <= low_max).astype(float)
    if stat == "top":
        return (s >= high_min).astype(float)
    return s.astype(float)


def summary(counts, y, stat):
    n = counts.sum()
    mean = (counts * y).sum() / n
    var = (counts * (y - mean) ** 2).sum() / n
    if stat == "mean":
        var = var * n / (n - 1)
    return mean, var, n


def chart(periods, stat, scale, kind, L, lam, k, h, baseline):
    y = values(stat, scale)
    out = []
    z = None
    v = 0.0
    pos = neg = 0.0
    for t, c in enumerate(periods):
        if c.sum() == 0:
            out.append([np.nan] * 6)
            continue
        if baseline == 0:
            pooled = sum(periods)
        else:
            pooled = sum(periods[max(0, t - baseline):t]) if t > 0 else np.zeros_like(c)
        if pooled.sum() < (2 if stat == "mean" else 1):
            out.append([np.nan] * 6)
            continue
        center, V, _ = summary(pooled, y, stat)
        yt, _, nt = summary(c, y, stat) if c.sum() > 1 or stat != "mean" else \
            ((c * y).sum() / c.sum(), 0.0, c.sum())
        se = np.sqrt(V / nt)
        if kind == "shewhart":
            lo, hi = center - L * se, center + L * se
            out.append([center, lo, hi, yt, np.nan, 1 if yt > hi else -1 if yt < lo else 0])
        elif kind == "ewma":
            if z is None:
                z = center
            z = lam * yt + (1 - lam) * z
            v = lam * lam * V / nt + (1 - lam) ** 2 * v
            half = L * np.sqrt(v)
            out.append([center, center - half, center + half, z, np.nan,
                        1 if z > center + half else -1 if z < center - half else 0])
        else:
            zt = (yt - center) / se
            pos = max(0.0, pos + zt - k)
            neg = max(0.0, neg - zt - k)
            out.append([center, np.nan, h, pos, neg, 1 if pos > h else -1 if neg > h else 0])
    return out


def check_qcc_ewma():
    """The recursion equals qcc's closed form when n is constant."""
    lam, V, n = 0.2, 0.5, 100
    v = 0.0
    for t in range(1, 30):
        v = lam * lam * V / n + (1 - lam) ** 2 * v
        closed = V / n * lam / (2 - lam) * (1 - (1 - lam) ** (2 * t))
        assert abs(v - closed) <= 1e-15 * closed, (t, v, closed)


def fmt(x):
    return "nan" if np.isnan(x) else repr(float(x))


def main():
    check_qcc_ewma()
    rng = np.random.default_rng(20261123)
    cases = []
    # NPS monthly with a shift at period 14, variable n, a gap at period 7.
    nps = []
    for t in range(24):
        n = int(rng.integers(80, 220))
        p = [.03, .02, .03, .04, .05, .08, .10, .15, .15, .15, .20]
        if t >= 14:
            p = [.05, .04, .04, .05, .06, .09, .10, .15, .14, .13, .15]
        nps.append(np.zeros(11, dtype=np.int64) if t == 7 else rng.multinomial(n, p))
    csat = [rng.multinomial(int(rng.integers(40, 90)), [.05, .07, .13, .35, .40])
            for _ in range(18)]
    csat[5] = rng.multinomial(60, [.20, .15, .15, .30, .20])  # a dip
    ces = [rng.multinomial(int(rng.integers(20, 50)), [.03, .05, .08, .14, .25, .25, .20])
           for _ in range(15)]
    for kind in ("shewhart", "ewma", "cusum"):
        cases.append(("nps_" + kind, kind, "net", "nps", nps, 3.0, 0.2, 0.5, 5.0, 0))
        cases.append(("csat_" + kind, kind, "top", "csat", csat, 3.0, 0.2, 0.5, 5.0, 0))
        cases.append(("ces_" + kind, kind, "mean", "ces", ces, 3.0, 0.2, 0.5, 5.0, 0))
        cases.append(("nps_trailing_" + kind, kind, "net", "nps", nps, 2.5, 0.3, 0.25, 4.0, 6))
    print("# case\tchart\tstat\tL\tlambda\tk\th\tbaseline\tcounts\texpected")
    for name, kind, stat, scale, periods, L, lam, k, h, base in cases:
        out = chart(periods, stat, SCALES[scale], kind, L, lam, k, h, base)
        unit = 1.0 if stat == "mean" else 100.0
        rows = []
        for r in out:
            vals = [unit * r[0], unit * r[1], (r[2] if kind == "cusum" else unit * r[2]),
                    (r[3] if kind == "cusum" else unit * r[3]), r[4], r[5]]
            rows.append(",".join(fmt(float(x)) for x in vals))
        print("\t".join([name, kind, stat, repr(L), repr(lam), repr(k), repr(h), str(base),
                         ";".join(",".join(str(int(x)) for x in c) for c in periods),
                         "|".join(rows)]))


if __name__ == "__main__":
    main()
