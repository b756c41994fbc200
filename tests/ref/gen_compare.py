#!/usr/bin/python3
"""Independent reference values for xpi_tally_compare and xpi_tally_test_value.

Run (from the repository root, Debian python with scipy, statsmodels, mpmath):
  /usr/bin/python3 tests/ref/gen_compare.py > tests/ref/compare_vectors.tsv
Deterministic (numpy seed below); nothing here uses libxpi. Row counts and cross-check
figures go to stderr. Source of each expected value ("ge." = tests/ref/gen_estimate.py):

compare, difference = a - b; se = the plug-in (unpooled Wald) se for every method.
  net   wald, adjusted_wald: closed forms of shared/REFERENCE.md, p = 2 scipy norm.sf.
        score, default: MOVER/Newcombe hybrid of the groups' Tango intervals
        (ge.tango_interval, mpmath; default: z * sqrt(n/(n-1))); p by test inversion
        (scipy.optimize.brentq on z, then a 50-digit secant polish): the z at which the
        hybrid's end nearest 0 is 0, p = 2 norm.sf(z) (mpmath erfc), statistic
        sign(difference) z.
  top/bottom  statistic, p: statsmodels proportions_ztest (pooled) for every method;
        interval: statsmodels confint_proportions_2indep (wald, agresti-caffo, newcomb
        for score and default), or MOVER on ge.prop_interval (statsmodels
        proportion_confint beta / jeffreys; Jeffreys ends 0 at x=0, 1 at x=n).
  mean  scipy.stats.ttest_ind(equal_var=False) statistic and p; Welch-Satterthwaite df;
        wald: the same z with scipy norm p and quantile, df nan.
test_value, difference = value - target; interval = the one-group interval, clipped to
  the statistic's range as xpi_tally_estimate clips it, minus the target.
  net   z closed forms (wald, adjusted_wald); ge.tango_T(target/100) (score), times
        sqrt((n-1)/n) (default); intervals ge.nps_wald, ge.nps_adjusted_wald, Tango.
  top/bottom  statsmodels proportions_ztest(x, n, value=p0) (wald), with prop_var=p0
        (score, default); Agresti-Coull z (adjusted_wald, formula); scipy binom tails
        (clopper_pearson) and beta tails (jeffreys), statistic nan; intervals
        ge.prop_interval (statsmodels proportion_confint, checked there with mpmath).
  mean  scipy.stats.ttest_1samp (t, default; df n-1); normal z (wald).
t quantiles come from ge.mp_t_ppf (mpmath), not scipy 1.10's t.ppf (off by up to ~1e-9
relative, see gen_estimate.py); scipy's t p-values are checked against mpmath.
"""

import math
import os
import sys

import mpmath
import numpy as np
import scipy
import statsmodels
from scipy import optimize, stats
from statsmodels.stats.proportion import confint_proportions_2indep, proportions_ztest

# gen_estimate.py keeps its work under `if __name__ == "__main__"`: importing it only
# defines functions (and sets mpmath.mp.dps = 50).
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_estimate as ge  # noqa: E402

SEED = 20240611
SCALES = {"nps": (0, 10, 6, 9), "csat": (1, 5, 2, 4), "ces": (1, 7, 3, 5)}  # min max low high
CONFS = (0.8, 0.9, 0.95, 0.99)
PROP_METHODS = ("wald", "adjusted_wald", "score", "default", "clopper_pearson", "jeffreys")
METHODS = {"net": ("wald", "adjusted_wald", "score", "default"), "top": PROP_METHODS,
           "bottom": PROP_METHODS, "mean": ("t", "default", "wald")}
COLUMNS = ("name metric stat method confidence target a b difference lower upper se "
           "statistic df p_value")
NAN = float("nan")
XCHECK = {"t_ppf": 0.0, "t_pvalue": 0.0, "binom_beta_tail": 0.0, "newcomb_vs_mover": 0.0,
          "welch_stat": 0.0, "inversion_polish": 0.0, "clipped_test_value_rows": 0}
Z95 = ge.mp_z("0.95")


def zq(conf):
    return float(stats.norm.ppf(1 - (1 - conf) / 2))


def p2(z):
    return float(2 * stats.norm.sf(abs(z)))


def rel(a, b):
    return abs(float(a) - float(b)) / max(abs(float(b)), 1e-300)


def tq(conf, df):
    """t quantile at 1 - (1-conf)/2 from mpmath, compared with scipy."""
    q = float(ge.mp_t_ppf((1 + mpmath.mpf(conf)) / 2, mpmath.mpf(df)))
    XCHECK["t_ppf"] = max(XCHECK["t_ppf"], rel(stats.t.ppf(1 - (1 - conf) / 2, df), q))
    return q


def check_t_pvalue(t, df, p):
    """scipy's two-sided t p-value against I_{df/(df+t^2)}(df/2, 1/2) in mpmath."""
    t, df = mpmath.mpf(t), mpmath.mpf(df)
    mp = ge.mp_ibeta(df / (df + t * t), df / 2, mpmath.mpf(0.5))
    XCHECK["t_pvalue"] = max(XCHECK["t_pvalue"], rel(p, mp))
    assert rel(p, mp) < 1e-10, (t, df, p, mp)


def summary(metric, counts):
    """n, low-band count, high-band count, raw responses (numpy.repeat)."""
    lo, hi, low_max, high_min = SCALES[metric]
    scores, c = np.arange(lo, hi + 1), np.asarray(counts)
    assert len(c) == len(scores) and c.min() >= 0
    return (int(c.sum()), int(c[scores <= low_max].sum()), int(c[scores >= high_min].sum()),
            np.repeat(scores, c).astype(float))


def band_x(metric, counts, stat):
    n, low, high, _ = summary(metric, counts)
    return (high if stat == "top" else low), n


def stat_range(metric, stat):
    return {"net": (-100.0, 100.0), "top": (0.0, 100.0), "bottom": (0.0, 100.0)}.get(
        stat, (float(SCALES[metric][0]), float(SCALES[metric][1])))


def nps_var(p, d):
    """Variance of one response's y in {-1, 0, 1} (REFERENCE.md)."""
    return p + d - (p - d) ** 2


def mover(ea, la, ua, eb, lb, ub):
    """Newcombe / MOVER interval of ea - eb from the two groups' intervals."""
    d = ea - eb
    return (d - ((ea - la) ** 2 + (ub - eb) ** 2) ** 0.5,
            d + ((ua - ea) ** 2 + (eb - lb) ** 2) ** 0.5)


def tango(D, P, n, z, corrected):
    """Tango interval {Delta: |T| <= z}, or <= z sqrt(n/(n-1)) when corrected (libxpi's
    default); z reaches ge.tango_interval through its var_factor argument."""
    vf = (mpmath.mpf(z) / Z95) ** 2 * (mpmath.mpf(n) / (n - 1) if corrected else 1)
    return ge.tango_interval(D, P, n, "0.95", var_factor=vf)


def compare_net(metric, a, b, method, conf):
    (na, Da, Pa, _), (nb, Db, Pb, _) = summary(metric, a), summary(metric, b)
    se = 100 * math.sqrt(nps_var(Pa / na, Da / na) / na + nps_var(Pb / nb, Db / nb) / nb)
    diff = 100 * ((Pa - Da) / na - (Pb - Db) / nb)
    if method == "wald":
        h = zq(conf) * se
        return diff, diff - h, diff + h, se, diff / se, NAN, p2(diff / se)
    if method == "adjusted_wald":
        pa, da, pb, db = (Pa + .75) / (na + 3), (Da + .75) / (na + 3), (Pb + .75) / (nb + 3), \
            (Db + .75) / (nb + 3)
        sa = 100 * math.sqrt(nps_var(pa, da) / (na + 3) + nps_var(pb, db) / (nb + 3))
        A = 100 * ((pa - da) - (pb - db))
        h = zq(conf) * sa
        return diff, A - h, A + h, se, A / sa, NAN, p2(A / sa)
    corr = method == "default"
    ea, eb = mpmath.mpf(Pa - Da) / na, mpmath.mpf(Pb - Db) / nb

    def hybrid(z):
        return mover(ea, *tango(Da, Pa, na, z, corr), eb, *tango(Db, Pb, nb, z, corr))

    lo, hi = hybrid(ge.mp_z(conf))
    statistic, p = invert(lambda z: hybrid(z)[0 if ea > eb else 1], ea - eb)
    return diff, 100 * float(lo), 100 * float(hi), se, statistic, NAN, p


def invert(end, d):
    """Test inversion: the z at which end(z), the hybrid end nearest 0, is 0."""
    if d == 0:
        return 0.0, 1.0
    s = 1 if d > 0 else -1

    def g(z):  # positive for small z, negative for large z
        return s * float(end(z))

    zhi = 2.0
    assert g(1e-9) > 0
    while g(zhi) > 0:
        zhi *= 2
        assert zhi < 64, "p-value below the double range"
    zf = optimize.brentq(g, 1e-9, zhi, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=200)
    # polish at 50 digits (secant) so that p = erfc(z/sqrt2) is right to the last bit
    z0, z1 = mpmath.mpf(zf), mpmath.mpf(zf) * (1 + mpmath.mpf(10) ** -9)
    f0, f1 = end(z0), end(z1)
    for _ in range(20):
        if f1 == f0:
            break
        z0, f0, z1 = z1, f1, z1 - f1 * (z1 - z0) / (f1 - f0)
        f1 = end(z1)
        if abs(z1 - z0) < mpmath.mpf(10) ** -30 * z1:
            break
    XCHECK["inversion_polish"] = max(XCHECK["inversion_polish"], rel(zf, z1))
    assert rel(zf, z1) < 1e-13 and abs(f1) < 1e-25, (zf, z1, f1)
    return s * float(z1), float(mpmath.erfc(z1 / mpmath.sqrt(2)))


def compare_prop(metric, a, b, stat, method, conf):
    (xa, na), (xb, nb) = band_x(metric, a, stat), band_x(metric, b, stat)
    pa, pb = xa / na, xb / nb
    zs, p = proportions_ztest(np.array([xa, xb]), np.array([na, nb]))
    se = 100 * math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    if method in ("clopper_pearson", "jeffreys"):
        lo, hi = mover(pa, *ge.prop_interval(xa, na, conf, method)[:2],
                       pb, *ge.prop_interval(xb, nb, conf, method)[:2])
    else:
        sm = {"wald": "wald", "adjusted_wald": "agresti-caffo"}.get(method, "newcomb")
        lo, hi = confint_proportions_2indep(xa, na, xb, nb, method=sm, compare="diff",
                                            alpha=1 - conf)
        if sm == "newcomb":  # statsmodels against MOVER on (ge's) Wilson intervals
            own = mover(pa, *ge.prop_interval(xa, na, conf, "score")[:2],
                        pb, *ge.prop_interval(xb, nb, conf, "score")[:2])
            d = max(abs(own[0] - lo), abs(own[1] - hi))
            XCHECK["newcomb_vs_mover"] = max(XCHECK["newcomb_vs_mover"], d)
            assert d < 1e-14, (own, lo, hi)
    return 100 * (pa - pb), 100 * float(lo), 100 * float(hi), se, float(zs), NAN, float(p)


def compare_mean(metric, a, b, method, conf):
    ra, rb = summary(metric, a)[3], summary(metric, b)[3]
    va, vb = ra.var(ddof=1) / len(ra), rb.var(ddof=1) / len(rb)
    se, diff = math.sqrt(va + vb), ra.mean() - rb.mean()
    res = stats.ttest_ind(ra, rb, equal_var=False)
    XCHECK["welch_stat"] = max(XCHECK["welch_stat"], rel(res.statistic, diff / se))
    if method == "wald":
        h = zq(conf) * se
        return diff, diff - h, diff + h, se, diff / se, NAN, p2(diff / se)
    df = (va + vb) ** 2 / (va ** 2 / (len(ra) - 1) + vb ** 2 / (len(rb) - 1))
    check_t_pvalue(res.statistic, df, res.pvalue)
    h = tq(conf, df) * se
    return diff, diff - h, diff + h, se, float(res.statistic), df, float(res.pvalue)


def test_net(metric, c, method, T, conf):
    n, D, P, _ = summary(metric, c)
    p, d = P / n, D / n
    se = 100 * math.sqrt(nps_var(p, d) / n)
    diff = 100 * (p - d) - T
    if method == "wald":
        z = diff / se
        lo, hi = ge.nps_wald(D, P, n, conf)[:2]
    elif method == "adjusted_wald":
        pp, dd = (P + 0.75) / (n + 3), (D + 0.75) / (n + 3)
        z = (100 * (pp - dd) - T) / (100 * math.sqrt(nps_var(pp, dd) / (n + 3)))
        lo, hi = ge.nps_adjusted_wald(D, P, n, conf)
    else:
        z = float(ge.tango_T(mpmath.mpf(T) / 100, mpmath.mpf(D), mpmath.mpf(P), mpmath.mpf(n)))
        if method == "default":
            z *= math.sqrt((n - 1) / n)
        lo, hi = tango(D, P, n, ge.mp_z(conf), method == "default")
    return diff, 100 * float(lo), 100 * float(hi), se, z, NAN, p2(z)


def test_prop(metric, c, stat, method, T, conf):
    x, n = band_x(metric, c, stat)
    p, p0, half = x / n, T / 100, mpmath.mpf(0.5)
    se = 100 * math.sqrt(p * (1 - p) / n)
    if method == "wald":
        z, pv = proportions_ztest(x, n, value=p0)
    elif method in ("score", "default"):
        z, pv = proportions_ztest(x, n, value=p0, prop_var=p0)
    elif method == "adjusted_wald":
        zc = zq(conf)
        nt = n + zc * zc
        pt = (x + zc * zc / 2) / nt
        z = (pt - p0) / math.sqrt(pt * (1 - pt) / nt)
        pv = p2(z)
    else:  # exact tails; mpmath checks: P(X<=x) = I_{1-p0}(n-x, x+1), P(X>=x) = I_p0(x, n-x+1)
        z = NAN
        if method == "clopper_pearson":
            tails = stats.binom.cdf(x, n, p0), stats.binom.sf(x - 1, n, p0)
            mp = (ge.mp_ibeta(1 - p0, n - x, x + 1) if x < n else 1,
                  ge.mp_ibeta(p0, x, n - x + 1) if x > 0 else 1)
        else:
            tails = stats.beta.cdf(p0, x + .5, n - x + .5), stats.beta.sf(p0, x + .5, n - x + .5)
            mp = (ge.mp_ibeta(p0, x + half, n - x + half),
                  ge.mp_ibeta(1 - p0, n - x + half, x + half))
        for s, m in zip(tails, mp):
            XCHECK["binom_beta_tail"] = max(XCHECK["binom_beta_tail"], rel(s, m))
        pv = min(1.0, 2 * min(float(tails[0]), float(tails[1])))
    lo, hi = ge.prop_interval(x, n, conf, "score" if method == "default" else method)[:2]
    return 100 * p - T, 100 * lo, 100 * hi, se, float(z), NAN, float(pv)


def test_mean(metric, c, method, T, conf):
    r = summary(metric, c)[3]
    n, m, se = len(r), r.mean(), r.std(ddof=1) / math.sqrt(len(r))
    if method == "wald":
        h = zq(conf) * se
        return m - T, m - h, m + h, se, (m - T) / se, NAN, p2((m - T) / se)
    res = stats.ttest_1samp(r, T)
    check_t_pvalue(res.statistic, n - 1, res.pvalue)
    h = tq(conf, n - 1) * se
    return m - T, m - h, m + h, se, float(res.statistic), float(n - 1), float(res.pvalue)


def compute(metric, stat, method, conf, T, a, b):
    if T is None:
        if stat in ("top", "bottom"):
            return compare_prop(metric, a, b, stat, method, conf)
        return (compare_net if stat == "net" else compare_mean)(metric, a, b, method, conf)
    if stat in ("top", "bottom"):
        r = test_prop(metric, a, stat, method, T, conf)
    else:
        r = (test_net if stat == "net" else test_mean)(metric, a, method, T, conf)
    lo_r, hi_r = stat_range(metric, stat)  # xpi_tally_estimate clips; then subtract T
    XCHECK["clipped_test_value_rows"] += r[1] < lo_r or r[2] > hi_r
    return (r[0], min(max(r[1], lo_r), hi_r) - T, min(max(r[2], lo_r), hi_r) - T) + r[3:]


def valid(metric, stat, c):
    """Non-degenerate for the stat, responses spread over several score points."""
    n, low, high, raw = summary(metric, c)
    if np.count_nonzero(c) < min(4, n) or len(set(raw)) < 2:
        return False
    if stat == "net":
        return 0 < low and 0 < high and low + high < n
    return stat == "mean" or 0 < band_x(metric, c, stat)[0] < n


def draw(rng, metric, stat, n, base=None):
    """Counts per score point from tilted Dirichlet shares, or near group a's shares
    (base; keeps large-n p-values moderate), resampled until valid."""
    k = SCALES[metric][1] - SCALES[metric][0] + 1
    while True:
        if base is None:
            w = rng.dirichlet(np.full(k, 0.9)) * np.exp(rng.uniform(-1, 2.5) * np.arange(k) / k)
        else:
            w = 0.92 * base / base.sum() + 0.08 * rng.dirichlet(np.ones(k))
        c = rng.multinomial(n, w / w.sum())
        if valid(metric, stat, c):
            return c


def nps_counts(D, A, P):
    c = np.zeros(11, dtype=int)
    for s, k in ge.nps_entries(D, A, P):  # bands spread over several scores
        c[s] += k
    return c


STAT_METRICS = {"net": ("nps",) * 8 + ("csat", "ces") * 2, "top": ("csat", "ces", "nps"),
                "bottom": ("csat", "ces", "nps"), "mean": ("ces", "ces", "csat", "nps")}
TARGETS = {"net": (-50, 70), "top": (20, 95), "bottom": (20, 95), "ces": (3, 6),
           "csat": (2, 4.5), "nps": (5, 9)}  # mean targets by metric
PAIRS = "SS SS SM MS MM MM ML LM LL LL SL MM".split()
SINGLES = "S S S M M M M L L L S M".split()
SIZES = {"S": (5, 21), "M": (50, 301), "L": (1000, 5001)}  # numpy integers(lo, hi)
EDGE_METHODS = ("score", "default", "clopper_pearson", "jeffreys")
# one group with x = 0 or x = n: (metric, stat, a, b) and (metric, stat, counts, target)
EDGE_COMPARE = [("csat", "top", [2, 3, 4, 0, 0], [1, 1, 2, 4, 3]),
                ("csat", "top", [0, 0, 0, 6, 9], [2, 3, 5, 20, 10]),
                ("ces", "top", [1, 2, 3, 4, 0, 0, 0], [3, 2, 4, 5, 6, 8, 2]),
                ("csat", "bottom", [0, 0, 3, 5, 4], [2, 2, 3, 4, 1])]
EDGE_TEST = [("csat", "top", [2, 3, 4, 0, 0], 30.0), ("csat", "top", [0, 0, 0, 6, 9], 80.0),
             ("ces", "bottom", [0, 0, 0, 4, 5, 6, 5], 20.0),
             ("csat", "bottom", [3, 4, 0, 0, 0], 85.0)]
# small n whose one-group interval leaves the range (clipped before subtracting target)
CLIP_TEST = [("nps", "net", [0, 0, 0, 0, 0, 1, 0, 1, 0, 3, 5], 50.0, 0.95),
             ("ces", "mean", [0, 0, 0, 0, 1, 1, 3], 6.0, 0.99),
             ("csat", "top", [0, 1, 0, 3, 4], 60.0, 0.9)]


def build_cases():
    """(name, metric, stat, method, conf, target or None, a, b or None)."""
    rng = np.random.default_rng(SEED)
    cases = []

    def add(tag, metric, stat, methods, conf, T, a, b):
        kind = "cmp" if T is None else "tv"
        for m in methods:
            cases.append(("%s/%s/%s/%s" % (kind, stat, m, tag), metric, stat, m, conf, T,
                          np.asarray(a), None if b is None else np.asarray(b)))

    # published examples: REFERENCE.md two-sample NPS (Wald) and Newcombe 56/70 vs 48/80
    add("ref_nps_30.30.40_vs_20.30.50", "nps", "net", METHODS["net"], 0.95, None,
        nps_counts(30, 30, 40), nps_counts(20, 30, 50))
    add("ref_newcombe_56of70_vs_48of80", "csat", "top", PROP_METHODS, 0.95, None,
        [4, 4, 6, 26, 30], [10, 12, 10, 20, 28])
    # equal nets (0.2) from different distributions and sizes: score p = 1 exactly
    add("equal_net_nps", "nps", "net", METHODS["net"], 0.9, None, nps_counts(12, 16, 22),
        nps_counts(30, 60, 60))
    for stat in ("net", "top", "bottom", "mean"):
        mets = STAT_METRICS[stat]
        for i, pair in enumerate(PAIRS):
            metric, conf = mets[i % len(mets)], CONFS[i % 4]
            na, nb = (int(rng.integers(*SIZES[k])) for k in pair)
            a = draw(rng, metric, stat, na)
            b = draw(rng, metric, stat, nb, a if "L" in pair else None)
            add("%s_%02d_n%d_n%d" % (metric, i, na, nb), metric, stat, METHODS[stat], conf,
                None, a, b)
        for i, cls in enumerate(SINGLES):
            metric, conf = mets[(i + 1) % len(mets)], CONFS[(i + 2) % 4]
            n = int(rng.integers(*SIZES[cls]))
            lo_t, hi_t = TARGETS[metric if stat == "mean" else stat]
            while True:  # an estimate inside the target range
                c = draw(rng, metric, stat, n)
                r = compute(metric, stat, "wald", 0.95, 0.0, c, None)
                if lo_t <= r[0] <= hi_t:
                    break
            # small n: anywhere in the range; otherwise within 4 se of the estimate
            T = rng.uniform(lo_t, hi_t) if cls == "S" else r[0] + rng.uniform(-4, 4) * r[3]
            T = float(round(min(max(T, lo_t), hi_t), 1))
            add("%s_%02d_n%d_T%s" % (metric, i, n, T), metric, stat, METHODS[stat], conf, T,
                c, None)
    for i, (metric, stat, a, b) in enumerate(EDGE_COMPARE):
        add("edge_%s_%d" % (metric, i), metric, stat, EDGE_METHODS, CONFS[i % 4], None, a, b)
    for i, (metric, stat, c, T) in enumerate(EDGE_TEST):
        add("edge_%s_%d_T%s" % (metric, i, T), metric, stat, EDGE_METHODS, CONFS[(i + 1) % 4],
            T, c, None)
    for i, (metric, stat, c, T, conf) in enumerate(CLIP_TEST):
        add("clip_%s_%d_T%s" % (metric, i, T), metric, stat, METHODS[stat], conf, T, c, None)
    return cases


def self_check(rows):
    by = {r[0]: r for r in rows}
    # REFERENCE.md "Two independent NPS values" (Wald); here a - b = -20
    d, lo, hi, se, z, df, p = by["cmp/net/wald/ref_nps_30.30.40_vs_20.30.50"][8:]
    assert d == -20 and abs(se - 11.4018) < 5e-5 and abs(abs(z) - 1.7541) < 5e-5, (se, z)
    assert abs(p - 0.0794) < 5e-5 and abs(lo + 42.3) < 0.05 and abs(hi - 2.3) < 0.05, (p, lo, hi)
    # REFERENCE.md Newcombe: 56/70 vs 48/80 -> 0.200, [0.052431, 0.333873]
    d, lo, hi = by["cmp/top/score/ref_newcombe_56of70_vs_48of80"][8:11]
    assert abs(d - 20) < 1e-12 and abs(lo - 5.2431) < 5e-5 and abs(hi - 33.3873) < 5e-5, (lo, hi)
    assert by["cmp/net/score/equal_net_nps"][14] == 1.0
    # tango() (z through var_factor) is ge's score and default interval
    for u, v in zip(tango(30, 40, 100, ge.mp_z(0.9), True) + tango(3, 5, 12, ge.mp_z(0.8), False),
                    ge.nps_default_interval(30, 40, 100, 0.9) + ge.tango_interval(3, 5, 12, 0.8)):
        assert abs(u - v) < 1e-30, (u, v)
    for r in rows:
        conf, (d, lo, hi, se, z, _, p) = r[4], r[8:]
        assert lo <= hi and se >= 0 and 0 <= p <= 1, r
        if r[0].startswith("cmp/net/score") or r[0].startswith("cmp/net/default"):
            # statistic = sign(difference) norm.isf(p/2), as specified
            assert abs(z - math.copysign(stats.norm.isf(p / 2), d)) < 1e-9 * max(1, abs(z)), r
        # each test inverts its interval (all but the pooled two-proportion z test)
        if (r[5] is not None or r[2] in ("net", "mean")) and abs(p - (1 - conf)) > 1e-9:
            assert (p < 1 - conf) == (lo > 0 or hi < 0), ("test/interval duality", r)


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, np.ndarray):
        return ",".join(str(int(k)) for k in v)
    return v if isinstance(v, str) else "%.17g" % (float(v) + 0.0)  # -0.0 -> 0


def main():
    rows, counts, cases = [], {}, build_cases()
    XCHECK["clipped_test_value_rows"] = 0  # build_cases' own target picking does not count
    for name, metric, stat, method, conf, T, a, b in cases:
        r = compute(metric, stat, method, conf, T, a, b)
        assert all(math.isfinite(v) for i, v in enumerate(r) if i not in (4, 5)), (name, r)
        if T is None:  # compare intervals are not clipped: check that none would need it
            span = stat_range(metric, stat)[1] - stat_range(metric, stat)[0]
            assert -span <= r[1] and r[2] <= span, (name, r)
        rows.append([name, metric, stat, method, conf, T, a, b] + [float(v) for v in r])
        key = "%s %s %s" % (stat, method, "compare" if T is None else "test_value")
        counts[key] = counts.get(key, 0) + 1
    assert len({r[0] for r in rows}) == len(rows) and XCHECK["clipped_test_value_rows"] > 0
    self_check(rows)
    print("# generated by tests/ref/gen_compare.py (do not edit); tab-separated columns: "
          + COLUMNS)
    print("# Python %s, numpy %s, scipy %s, statsmodels %s, mpmath %s. Units: net points, "
          "top/bottom percent, mean scale units. a, b: counts per score point from the scale's "
          "min. target '-': xpi_tally_compare(a, b), else xpi_tally_test_value(a, target). "
          "confidence and target printed with repr, outputs with %%.17g."
          % (sys.version.split()[0], np.__version__, scipy.__version__,
             statsmodels.__version__, mpmath.__version__))
    for r in rows:
        vals = r[:4] + [repr(r[4]), "-" if r[5] is None else repr(r[5])] + r[6:]
        print("\t".join(fmt(v) for v in vals))
    for k in sorted(counts):
        print("%-40s %d" % (k, counts[k]), file=sys.stderr)
    print("rows %d; cross-checks (max relative; newcomb absolute): %s" % (len(rows), ", ".join(
        "%s %.2g" % kv for kv in XCHECK.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
