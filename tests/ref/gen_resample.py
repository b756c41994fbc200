#!/usr/bin/env python3
"""Writes tests/ref/resample_vectors.tsv: independent Monte Carlo (and, where
one exists, exact) references for xpi_tally_bootstrap, xpi_tally_bayes and
xpi_tally_prob_greater, with a tolerance per row derived from the Monte Carlo
error of both the reference and the C side.

    /usr/bin/python3 tests/ref/gen_resample.py > tests/ref/resample_vectors.tsv

(about half a minute; numpy and scipy (written against numpy 1.24, scipy
1.10); the output is a pure function of SEED for given numpy and scipy
versions).

References (nothing here calls libxpi):
  boot rows:  scipy.stats.bootstrap on the raw responses (np.repeat of the
              scores), vectorized statistic, n_resamples = R_BOOT, method
              'percentile' and 'BCa' (scipy counts ties with the estimate
              half in z0, as libxpi documents); the statistic is net
              (100 (share high - share low)), top (100 share high) or the
              mean score. One row per tally and statistic, cycling
              through (percentile, 0.95), (BCa, 0.9), (percentile, 0.9),
              (BCa, 0.95); the headline statistic of four small or skewed
              tallies (BOTH_METHODS) gets a second row with the other
              method. One bootstrap distribution per tally and statistic
              serves all its rows (scipy's bootstrap_result); the BCa
              levels recomputed here (z0 with ties half, jackknife
              acceleration from the counts) are asserted to reproduce
              scipy's endpoints, and they give the tolerance.
  bayes rows: Dirichlet(counts + 1/2) over the bands (low, middle, high) or
              the score points, R_BAYES numpy draws, equal-tailed type-7
              quantiles; two statistics per tally, plus net and top over
              the score points for two tallies. top over the bands is exact: the high band's share
              is Beta(x + 1/2, n - x + 1) (each of the three bands gets 1/2),
              so those rows use scipy.stats.beta.ppf ("exact" in the ref
              column).
  prob rows:  P(stat_a > stat_b) from R_BAYES paired Dirichlet draws; top
              over the bands exactly: the integral of f_a(t) F_b(t) dt of the
              two Betas (scipy.integrate.quad).

Tolerances. The C side draws its own random stream with the number of
replicates / draws in the row's draws column, which the test must pass. For
a quantile q of a distribution with sparsity s(q) = dQ/dq (1 / density), the
Monte Carlo standard error of an empirical quantile from R draws is
sqrt(q (1 - q) / R) s(q); s(q) is estimated from the reference's own
replicate distribution as the largest of the spacings
(Q(q + h) - Q(q - h)) / 2h for h = 0.005, 0.01, 0.02 (conservative: the
largest) or, for exact Beta rows, 1 / pdf. BCa levels depend on z0, itself
estimated from the replicates (share below the estimate, ties half): its
error sqrt(p0 (1 - p0) / R) / phi(z0) moves the level by
phi(f) (1 + 1 / (1 - a w)^2) per unit of z0 (f the level's normal
argument, w = z0 + z), which moves the endpoint by that times s(level); the
two errors are added (an upper bound whatever their correlation). The row's
tolerance is K_SE = 5 times sqrt(SE_reference^2 + SE_C^2) (SE_reference 0
for exact rows), plus, for the bootstrap, one lattice step (100 / n points
or percent, 1 / n scale units): the bootstrap distribution of these
statistics lives on that lattice, and an endpoint whose quantile falls on
a jump may legitimately land one step apart. The tolerance is the larger
of the two endpoints'. Nothing here depends on the C code's output.

Columns (tab separated): kind metric stat method confidence draws counts
expected1 expected2 tolerance ref
  kind boot: method percentile | bca; expected1, expected2 = lower, upper.
  kind bayes: method bands | scale; expected1, expected2 = lower, upper.
  kind prob: method bands | scale; confidence '-'; counts 'a|b';
             expected1 = P(stat_a > stat_b), expected2 '-'.
Units: points (net), percent (top), scale units (mean). counts are per score
point from the scale's minimum. ref: scipy_bootstrap, dirichlet_mc, exact,
paired_mc.
"""
import sys
import warnings

import numpy as np
from scipy import integrate, stats
from scipy.special import ndtr, ndtri

SEED = 20240611
R_BOOT = 100000      # reference bootstrap replicates
R_BOOT_C = 100000    # replicates the C test passes
R_BAYES = 1000000    # reference posterior draws
R_BAYES_C = 200000   # draws the C test passes
K_SE = 5.0
SPACINGS = (0.005, 0.01, 0.02)

# min, max, low_max, high_min
SCALES = {"nps": (0, 10, 6, 9), "csat": (1, 5, 2, 4), "ces": (1, 7, 3, 5)}
UNIT = {"net": 100.0, "top": 100.0, "mean": 1.0}

TALLIES = [
    ("nps", [1, 0, 1, 0, 1, 1, 2, 3, 4, 3, 4]),               # n = 20
    ("nps", [8, 5, 4, 3, 2, 1, 2, 2, 1, 1, 1]),               # n = 30, 83% detractors
    ("nps", [2, 1, 1, 2, 2, 3, 4, 8, 10, 12, 15]),            # n = 60
    ("nps", [1, 0, 0, 0, 1, 0, 2, 3, 3, 20, 70]),             # n = 100, 90% promoters
    ("nps", [10, 5, 8, 10, 12, 20, 35, 60, 70, 80, 90]),      # n = 400
    ("nps", [3, 2, 2, 2, 3, 3, 5, 12, 18, 100, 350]),         # n = 500, 90% promoters
    ("nps", [60, 30, 40, 50, 70, 110, 140, 300, 350, 400, 450]),  # n = 2000
    ("csat", [2, 1, 4, 7, 6]),                                # n = 20
    ("csat", [15, 10, 8, 5, 2]),                              # n = 40, low
    ("csat", [10, 12, 28, 50, 50]),                           # n = 150
    ("csat", [15, 25, 40, 320, 600]),                         # n = 1000, 92% top
    ("ces", [1, 2, 3, 5, 6, 5, 3]),                           # n = 25
    ("ces", [10, 15, 25, 50, 80, 70, 50]),                    # n = 300
    ("ces", [20, 30, 60, 190, 400, 700, 600]),                # n = 2000, skewed high
]

# Tallies whose headline statistic gets both bootstrap methods.
BOTH_METHODS = (0, 3, 10, 13)
HEADLINE = {"nps": "net", "csat": "top", "ces": "mean"}

# Bayes rows over the score points for statistics other than the mean.
SCALE_EXTRA = [(0, "net"), (9, "top")]

PAIRS = [
    ("nps", "net", "bands", [10, 5, 8, 10, 12, 20, 35, 60, 70, 80, 90],
     [6, 4, 5, 6, 8, 10, 16, 30, 30, 30, 35]),
    ("nps", "net", "bands", [2, 1, 1, 2, 2, 3, 4, 8, 10, 12, 15],
     [2, 1, 1, 2, 2, 3, 4, 8, 10, 12, 15]),
    ("nps", "top", "bands", [1, 0, 0, 0, 1, 0, 2, 3, 3, 20, 70],
     [3, 2, 2, 2, 3, 3, 5, 12, 18, 100, 350]),
    ("nps", "mean", "scale", [1, 0, 1, 0, 1, 1, 2, 3, 4, 3, 4],
     [2, 1, 1, 2, 2, 3, 4, 8, 10, 12, 15]),
    ("csat", "top", "bands", [2, 1, 4, 7, 6], [1, 2, 3, 8, 11]),
    ("csat", "mean", "scale", [15, 25, 40, 320, 600], [10, 20, 35, 300, 560]),
    ("ces", "mean", "scale", [10, 15, 25, 50, 80, 70, 50], [12, 20, 30, 60, 70, 55, 40]),
    ("ces", "top", "bands", [1, 2, 3, 5, 6, 5, 3], [2, 3, 4, 5, 4, 2, 1]),
]


def values(metric, stat):
    """The per-response value of each score point."""
    lo, hi, low_max, high_min = SCALES[metric]
    s = np.arange(lo, hi + 1)
    if stat == "net":
        return np.where(s >= high_min, 1.0, np.where(s <= low_max, -1.0, 0.0))
    if stat == "top":
        return np.where(s >= high_min, 1.0, 0.0)
    return s.astype(float)


def band_counts(metric, counts):
    lo, hi, low_max, high_min = SCALES[metric]
    s = np.arange(lo, hi + 1)
    c = np.asarray(counts)
    return np.array([c[s <= low_max].sum(), c[(s > low_max) & (s < high_min)].sum(),
                     c[s >= high_min].sum()])


def q7(x, q):
    """Type-7 quantile of sorted x (numpy's default)."""
    h = (len(x) - 1) * q
    i = int(np.floor(h))
    if i + 1 >= len(x):
        return x[-1]
    return x[i] + (h - i) * (x[i + 1] - x[i])


def sparsity(x, q):
    """dQ/dq at q from sorted draws x: the largest of several spacings."""
    best = 0.0
    for h in SPACINGS:
        a, b = max(q - h, 0.0), min(q + h, 1.0)
        best = max(best, (q7(x, b) - q7(x, a)) / (b - a))
    return best


def quantile_se(q, s, r):
    return np.sqrt(q * (1.0 - q) / r) * s


def fmt(x):
    return "%.17g" % x


def counts_field(counts):
    return ",".join(str(int(c)) for c in counts)


# ---- bootstrap -------------------------------------------------------------

def bca_levels(x_sorted, theta_hat, a_hat, alpha):
    """z0 (ties half), the BCa levels and the pieces of their MC error."""
    r = len(x_sorted)
    below = np.searchsorted(x_sorted, theta_hat, side="left")
    upto = np.searchsorted(x_sorted, theta_hat, side="right")
    p0 = (below + upto) / (2.0 * r)
    z0 = ndtri(p0)
    out = []
    for z in (ndtri(alpha), -ndtri(alpha)):
        w = z0 + z
        d = 1.0 - a_hat * w
        assert d > 0.0, "BCa denominator <= 0: choose another tally"
        f = z0 + w / d
        out.append((ndtr(f), stats.norm.pdf(f) * (1.0 + 1.0 / d ** 2)))
    return p0, z0, out


def jackknife_a(metric, stat, counts):
    """BCa acceleration from the jackknife over the responses."""
    y = values(metric, stat)
    c = np.asarray(counts, float)
    n, s = c.sum(), (c * y).sum()
    loo = (s - y) / (n - 1.0)
    m = c > 0
    mean = (c[m] * loo[m]).sum() / n
    d = mean - loo[m]
    s2, s3 = (c[m] * d * d).sum(), (c[m] * d ** 3).sum()
    return s3 / (6.0 * s2 ** 1.5) if s2 > 0 else 0.0


def boot_rows(rng, index):
    """One row per tally and statistic, cycling through the four method and
    confidence pairs; the headline statistic of the small and skewed
    tallies in BOTH_METHODS gets both methods."""
    rows = []
    cycle = [("percentile", 0.95), ("bca", 0.9), ("percentile", 0.9), ("bca", 0.95)]
    k = 0
    for ti, (metric, counts) in enumerate(TALLIES):
        lo = SCALES[metric][0]
        data = np.repeat(np.arange(lo, lo + len(counts)), counts)
        n = len(data)
        for stat in ("net", "top", "mean"):
            table = values(metric, stat)
            unit = UNIT[stat]

            def statistic(x, axis=-1, table=table, unit=unit):
                return np.mean(table[x - lo], axis=axis) * unit

            with warnings.catch_warnings():
                warnings.simplefilter("error")
                res = stats.bootstrap((data,), statistic, n_resamples=R_BOOT, batch=1000,
                                      vectorized=True, method="percentile",
                                      confidence_level=0.95, random_state=rng)
            dist = np.sort(res.bootstrap_distribution)
            theta_hat = statistic(data)
            a_hat = jackknife_a(metric, stat, counts)
            step = unit / n
            todo = [cycle[k % 4]]
            if ti in BOTH_METHODS and stat == HEADLINE[metric]:
                todo.append(cycle[(k + 1) % 4])
            k += 1
            for method, conf in todo:
                alpha = (1.0 - conf) / 2.0
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    got = stats.bootstrap((data,), statistic, n_resamples=0, batch=1000,
                                          vectorized=True,
                                          method="BCa" if method == "bca" else "percentile",
                                          confidence_level=conf, bootstrap_result=res,
                                          random_state=rng).confidence_interval
                ends = (got.low, got.high)
                tol = 0.0
                if method == "percentile":
                    levels = [(alpha, None), (1.0 - alpha, None)]
                    p0 = None
                else:
                    p0, z0, lv = bca_levels(dist, theta_hat, a_hat, alpha)
                    levels = lv
                for (q, dlevel_dz0), end in zip(levels, ends):
                    # The levels here reproduce scipy's endpoints exactly.
                    assert abs(q7(dist, q) - end) <= 1e-9 * max(1.0, abs(end)), (q7(dist, q), end)
                    s = sparsity(dist, q)
                    se = []
                    for r in (R_BOOT, R_BOOT_C):
                        e = quantile_se(q, s, r)
                        if dlevel_dz0 is not None:
                            se_z0 = np.sqrt(p0 * (1.0 - p0) / r) / stats.norm.pdf(z0)
                            e += dlevel_dz0 * se_z0 * s
                        se.append(e)
                    tol = max(tol, step + K_SE * np.hypot(se[0], se[1]))
                rows.append(["boot", metric, stat, method, fmt(conf), str(R_BOOT_C),
                             counts_field(counts), fmt(ends[0]), fmt(ends[1]), fmt(tol),
                             "scipy_bootstrap"])
            print("boot %d/%d %s n=%d %s" % (index[0], len(TALLIES) * 3, metric, n, stat),
                  file=sys.stderr)
            index[0] += 1
    return rows


# ---- Bayes -----------------------------------------------------------------

def posterior_draws(rng, metric, stat, cats, counts, r):
    y = values(metric, stat)
    if cats == "bands":
        alpha = band_counts(metric, counts) + 0.5
        yb = np.array([y[0], 0.0 if stat != "mean" else np.nan, y[-1]])
        g = rng.dirichlet(alpha, size=r)
        return g @ yb * UNIT[stat]
    alpha = np.asarray(counts, float) + 0.5
    g = rng.dirichlet(alpha, size=r)
    return g @ y * UNIT[stat]


def bayes_row(rng, metric, stat, cats, counts, conf):
    alpha = (1.0 - conf) / 2.0
    qs = (alpha, 1.0 - alpha)
    x = np.sort(posterior_draws(rng, metric, stat, cats, counts, R_BAYES))
    if stat == "top" and cats == "bands":
        b = band_counts(metric, counts)
        n, xh = b.sum(), b[2]
        dist = stats.beta(xh + 0.5, n - xh + 1.0)
        ends = [100.0 * dist.ppf(q) for q in qs]
        tol = 0.0
        for q, end in zip(qs, ends):
            s = 100.0 / dist.pdf(end / 100.0)
            se_c = quantile_se(q, s, R_BAYES_C)
            # The Monte Carlo draws agree with the exact quantile.
            assert abs(q7(x, q) - end) <= K_SE * quantile_se(q, s, R_BAYES), (q7(x, q), end)
            tol = max(tol, K_SE * se_c)
        ref = "exact"
    else:
        ends = [q7(x, q) for q in qs]
        tol = 0.0
        for q in qs:
            s = sparsity(x, q)
            tol = max(tol, K_SE * np.hypot(quantile_se(q, s, R_BAYES),
                                           quantile_se(q, s, R_BAYES_C)))
        ref = "dirichlet_mc"
    return ["bayes", metric, stat, cats, fmt(conf), str(R_BAYES_C), counts_field(counts),
            fmt(ends[0]), fmt(ends[1]), fmt(tol), ref]


def bayes_rows(rng):
    rows = []
    k = 0
    pairs = [("net", "top"), ("top", "mean"), ("mean", "net")]
    for ti, (metric, counts) in enumerate(TALLIES):
        for stat in pairs[ti % 3]:
            cats = "scale" if stat == "mean" else "bands"
            rows.append(bayes_row(rng, metric, stat, cats, counts, (0.95, 0.9)[k % 2]))
            k += 1
    for i, stat in SCALE_EXTRA:
        metric, counts = TALLIES[i]
        rows.append(bayes_row(rng, metric, stat, "scale", counts, 0.95))
    return rows


# ---- P(a > b) --------------------------------------------------------------

def prob_rows(rng):
    rows = []
    for metric, stat, cats, a, b in PAIRS:
        ta = posterior_draws(rng, metric, stat, cats, a, R_BAYES)
        tb = posterior_draws(rng, metric, stat, cats, b, R_BAYES)
        mc = np.mean(ta > tb) + 0.5 * np.mean(ta == tb)
        if stat == "top" and cats == "bands":
            ba, bb = band_counts(metric, a), band_counts(metric, b)
            fa = stats.beta(ba[2] + 0.5, ba.sum() - ba[2] + 1.0)
            fb = stats.beta(bb[2] + 0.5, bb.sum() - bb[2] + 1.0)
            p, err = integrate.quad(lambda t: fa.pdf(t) * fb.cdf(t), 0.0, 1.0,
                                    points=sorted({fa.mean(), fb.mean()}), limit=500,
                                    epsabs=1e-13, epsrel=1e-12)
            assert err < 1e-9
            se_ref = 0.0
            pc = min(max(p, 1.0 / R_BAYES_C), 1.0 - 1.0 / R_BAYES_C)
            assert abs(mc - p) <= K_SE * np.sqrt(pc * (1.0 - pc) / R_BAYES), (mc, p)
            ref = "exact"
        else:
            p = mc
            pc = min(max(p, 1.0 / R_BAYES_C), 1.0 - 1.0 / R_BAYES_C)
            se_ref = np.sqrt(pc * (1.0 - pc) / R_BAYES)
            ref = "paired_mc"
        se_c = np.sqrt(pc * (1.0 - pc) / R_BAYES_C)
        tol = K_SE * np.hypot(se_ref, se_c)
        rows.append(["prob", metric, stat, cats, "-", str(R_BAYES_C),
                     counts_field(a) + "|" + counts_field(b), fmt(p), "-", fmt(tol), ref])
    return rows


def main():
    rng = np.random.default_rng(SEED)
    out = sys.stdout
    out.write("# kind\tmetric\tstat\tmethod\tconfidence\tdraws\tcounts\texpected1\texpected2"
              "\ttolerance\tref (generated by tests/ref/gen_resample.py, seed %d)\n" % SEED)
    index = [1]
    rows = boot_rows(rng, index)
    out.write("# boot: scipy.stats.bootstrap, %d resamples of the raw responses; C side "
              "draws = replicates. tolerance = one lattice step (100/n points or percent, "
              "1/n scale units: the endpoint may fall on either side of a jump) + %g * "
              "sqrt(SE_ref^2 + SE_C^2), SE = sqrt(q(1-q)/R) * s(q) with s(q) = dQ/dq the "
              "largest replicate spacing over h = 0.005, 0.01, 0.02; BCa adds the error "
              "of z0 (sqrt(p0(1-p0)/R) / phi(z0)) carried through the level to the "
              "endpoint; the larger endpoint tolerance.\n" % (R_BOOT, K_SE))
    for r in rows:
        out.write("\t".join(r) + "\n")
    rows = bayes_rows(rng)
    out.write("# bayes: Dirichlet(counts + 1/2) over the bands (net, top) or the score "
              "points; ref exact = Beta(x + 1/2, n - x + 1) quantiles (top over the bands), "
              "tolerance %g * SE_C; ref dirichlet_mc = %d numpy draws, tolerance %g * "
              "sqrt(SE_ref^2 + SE_C^2), SE = sqrt(q(1-q)/R) * s(q) (s from the draws' "
              "spacings, or 1/pdf when exact); C side draws = %d.\n"
              % (K_SE, R_BAYES, K_SE, R_BAYES_C))
    for r in rows:
        out.write("\t".join(r) + "\n")
    rows = prob_rows(rng)
    out.write("# prob: P(stat_a > stat_b) under independent Dirichlet(counts + 1/2) "
              "posteriors; ref exact = quad of f_a(t) F_b(t) for two Betas (top over the "
              "bands), tolerance %g * sqrt(p(1-p)/R_C); ref paired_mc = %d paired draws, "
              "tolerance %g * sqrt(p(1-p)/R_ref + p(1-p)/R_C); C side draws = %d.\n"
              % (K_SE, R_BAYES, K_SE, R_BAYES_C))
    for r in rows:
        out.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
