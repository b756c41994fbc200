#!/usr/bin/python3
"""Independent reference vectors for libxpi's interval estimates.

Writes
  tests/ref/estimate_vectors.tsv         (read by tests/test_estimate_ref.c)
  tests/ref/nps_coverage_reference.tsv   (exact coverage of the NPS intervals)

Run from anywhere with the Debian python (it has scipy, statsmodels, mpmath):
  /usr/bin/python3 tests/ref/gen_estimate.py
It calls `Rscript tests/ref/gen_estimate_weighted.R` (R with the survey package:
apt-get install -y r-cran-survey) for the weighted rows. Output is
deterministic for given package versions (they are recorded in the header).

Nothing here uses libxpi. Sources of truth:
  proportions  statsmodels.stats.proportion.proportion_confint (normal,
               agresti_coull, wilson, beta, jeffreys), cross-checked against
               closed forms / Beta quantiles evaluated with mpmath;
  means        mean +/- t s/sqrt(n) and mean +/- z s/sqrt(n), quantiles from
               mpmath (Beta-quantile inversion); scipy.stats.t.interval is only
               a cross-check (to 1e-7): scipy 1.10.1's t.ppf is off by up to
               ~4e-9 relative (df=39, p=0.975), too coarse for 1e-9 vectors;
  NPS          Wald and adjusted Wald (Rocks 2016) evaluated with mpmath,
               Tango's (1998) score interval solved with mpmath (50 digits),
               and libxpi's default: the same with z scaled by sqrt(n/(n-1));
               checked against the worked table in shared/REFERENCE.md;
  weighted     R survey: svymean(~y, svydesign(ids=~1, weights=~w)) for the
               estimate and linearization SE, Kish n_eff, Wald and t intervals;
               the n_eff-based methods (libxpi's documented convention: counts
               = weighted share * n_eff) via statsmodels / the mpmath NPS code.

Conventions applied on top of the sources (as libxpi documents them):
  * every interval is clipped to the statistic's range;
  * Jeffreys: lower end 0 at x = 0, upper end 1 at x = n (REFERENCE.md);
    statsmodels 0.13 returns the raw Beta quantiles there instead
    (e.g. x=0, n=10, 95%: lower 4.789e-05); the row's source column records
    the raw statsmodels value whenever it was replaced;
  * Tango: upper end +1 when P = n, lower end -1 when D = n.
"""

import math
import os
import subprocess
import sys
import tempfile
from fractions import Fraction

import mpmath
import numpy as np
import scipy
import statsmodels
from scipy import stats
from scipy.special import gammaln, xlogy
from statsmodels.stats.proportion import proportion_confint

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_VECTORS = os.path.join(HERE, "estimate_vectors.tsv")
OUT_COVERAGE = os.path.join(HERE, "nps_coverage_reference.tsv")
R_SCRIPT = os.path.join(HERE, "gen_estimate_weighted.R")

CONFS = ["0.80", "0.90", "0.95", "0.99"]

# scale name -> (min, max, low_max, high_min)
PRESETS = {"nps": (0, 10, 6, 9), "csat": (1, 5, 2, 4), "ces": (1, 7, 3, 5)}

mpmath.mp.dps = 50


def fmt(x):
    """Shortest round-trip repr of a double (strtod gives back the same double)."""
    if isinstance(x, str):
        return x
    x = float(x)
    if x == 0.0:
        return "0"  # also maps -0.0 to 0
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def scale_bounds(scale):
    if scale in PRESETS:
        return PRESETS[scale]
    parts = scale.split(":")
    assert parts[0] == "custom"
    return tuple(int(v) for v in parts[1:5])


def data_str(entries):
    """entries: list of (score, count) or (score, count, weight)."""
    out = []
    for e in entries:
        if e[1] == 0:
            continue
        if len(e) == 2:
            out.append("%d:%d" % (e[0], e[1]))
        else:
            out.append("%d:%d@%s" % (e[0], e[1], repr(float(e[2]))))
    return ",".join(out) if out else "-"


class Rows:
    def __init__(self):
        self.rows = []
        self.ids = set()

    def add(self, rid, scale, data, stat, method, conf, status=0, value=None, lower=None,
            upper=None, se=None, n=None, n_eff=None, source=""):
        assert rid not in self.ids, rid
        self.ids.add(rid)
        if status == 0:
            lo_r, hi_r = stat_range(scale, stat)
            assert lo_r <= float(value) <= hi_r, (rid, value)
            # clip the interval (libxpi clips every interval to the range)
            lower = min(max(float(lower), lo_r), hi_r)
            upper = min(max(float(upper), lo_r), hi_r)
            assert lower <= upper, (rid, lower, upper)
            nums = [fmt(value), fmt(lower), fmt(upper), fmt(se), fmt(n), fmt(n_eff)]
        else:
            nums = ["-"] * 6
        assert "\t" not in source
        self.rows.append([rid, scale, data, stat, method, conf, str(status)] + nums
                         + [source if source else "-"])


def stat_range(scale, stat):
    lo, hi, _, _ = scale_bounds(scale)
    if stat == "default":
        stat = default_stat(scale)
    if stat == "net":
        return (-100.0, 100.0)
    if stat in ("top", "bottom"):
        return (0.0, 100.0)
    return (float(lo), float(hi))


def default_stat(scale):
    if scale == "nps":
        return "net"
    if scale == "csat":
        return "top"
    if scale == "ces":
        return "mean"
    return scale.split(":")[5]


# --------------------------------------------------------------------------
# Proportions
# --------------------------------------------------------------------------

SM_METHOD = {"wald": "normal", "adjusted_wald": "agresti_coull", "score": "wilson",
             "clopper_pearson": "beta", "jeffreys": "jeffreys"}
PROP_METHODS = ["wald", "adjusted_wald", "score", "clopper_pearson", "jeffreys"]

XCHECK = {"max_abs_prop_vs_mpmath": 0.0, "max_rel_scipy_t_interval": 0.0,
          "max_rel_R_t_interval": 0.0}


def mp_ibeta(x, a, b):
    """Regularized incomplete beta I_x(a, b) with mpmath: continued fraction
    (Lentz), fast for large a, b where mpmath.betainc's series is slow."""
    x, a, b = mpmath.mpf(x), mpmath.mpf(a), mpmath.mpf(b)
    if x <= 0:
        return mpmath.mpf(0)
    if x >= 1:
        return mpmath.mpf(1)
    if x > (a + 1) / (a + b + 2):
        return 1 - mp_ibeta(1 - x, b, a)
    lbt = (mpmath.loggamma(a + b) - mpmath.loggamma(a) - mpmath.loggamma(b)
           + a * mpmath.log(x) + b * mpmath.log1p(-x))
    tiny = mpmath.mpf(10) ** -300
    eps = mpmath.mpf(10) ** (-(mpmath.mp.dps - 3))

    def fix(v):
        return tiny if abs(v) < tiny else v

    c, d = mpmath.mpf(1), fix(1 - (a + b) * x / (a + 1))
    d = 1 / d
    h = d
    for m in range(1, 1000000):
        m2 = 2 * m
        aa = m * (b - m) * x / ((a - 1 + m2) * (a + m2))
        d = 1 / fix(1 + aa * d)
        c = fix(1 + aa / c)
        h *= d * c
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1 + m2))
        d = 1 / fix(1 + aa * d)
        c = fix(1 + aa / c)
        de = d * c
        h *= de
        if abs(de - 1) < eps:
            return mpmath.exp(lbt) * h / a
    raise RuntimeError("incomplete beta continued fraction did not converge")


def mp_beta_ppf(q, a, b):
    """Beta(a, b) quantile: safeguarded Newton on mp_ibeta (40 digits)."""
    q, a, b = mpmath.mpf(q), mpmath.mpf(a), mpmath.mpf(b)
    x = mpmath.mpf(float(stats.beta.ppf(float(q), float(a), float(b))))
    if not (0 < x < 1):
        x = mpmath.mpf("0.5")
    lo, hi = mpmath.mpf(0), mpmath.mpf(1)
    lbeta = mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)
    for _ in range(2000):
        f = mp_ibeta(x, a, b) - q
        if f > 0:
            hi = x
        else:
            lo = x
        dens = mpmath.exp((a - 1) * mpmath.log(x) + (b - 1) * mpmath.log1p(-x) - lbeta)
        nx = x - f / dens if dens > 0 else (lo + hi) / 2
        if not (lo < nx < hi):
            nx = (lo + hi) / 2
        if abs(nx - x) <= mpmath.mpf(10) ** (-(mpmath.mp.dps - 8)) * x:
            return nx
        x = nx
    raise RuntimeError("beta ppf did not converge")


def mp_t_ppf(p, df):
    """Student t quantile for p > 1/2 with mpmath:
    P(T > t) = I_{df/(df+t^2)}(df/2, 1/2) / 2, so with y = t^2/(df+t^2),
    y = Beta(1/2, df/2) quantile at 2p - 1 and t = sqrt(df y / (1 - y))."""
    p, df = mpmath.mpf(p), mpmath.mpf(df)
    assert p > mpmath.mpf(0.5)
    y = mp_beta_ppf(2 * p - 1, mpmath.mpf(0.5), df / 2)
    return mpmath.sqrt(df * y / (1 - y))


def mp_prop_interval(x, n, conf, method):
    """Independent high-precision version of the five proportion intervals
    (statsmodels conventions), used only to cross-check statsmodels."""
    x = mpmath.mpf(x)
    n = mpmath.mpf(n)
    conf = mpmath.mpf(conf)
    z = mpmath.sqrt(2) * mpmath.erfinv(conf)
    p = x / n
    alpha = 1 - conf
    if method == "wald":
        h = z * mpmath.sqrt(p * (1 - p) / n)
        return p - h, p + h
    if method == "adjusted_wald":
        nc = n + z * z
        pc = (x + z * z / 2) / nc
        h = z * mpmath.sqrt(pc * (1 - pc) / nc)
        return pc - h, pc + h
    if method == "score":
        den = 1 + z * z / n
        c = (p + z * z / (2 * n)) / den
        h = z * mpmath.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
        return c - h, c + h
    if method == "clopper_pearson":
        lo = 0 if x == 0 else mp_beta_ppf(alpha / 2, x, n - x + 1)
        hi = 1 if x == n else mp_beta_ppf(1 - alpha / 2, x + 1, n - x)
        return lo, hi
    if method == "jeffreys":
        lo = 0 if x == 0 else mp_beta_ppf(alpha / 2, x + mpmath.mpf(0.5), n - x + mpmath.mpf(0.5))
        hi = 1 if x == n else mp_beta_ppf(1 - alpha / 2, x + mpmath.mpf(0.5),
                                          n - x + mpmath.mpf(0.5))
        return lo, hi
    raise ValueError(method)


def prop_interval(x, n, conf, method, xcheck=True):
    """statsmodels interval in proportion units, with libxpi's end conventions.
    Returns (lower, upper, note)."""
    lo, hi = proportion_confint(x, n, alpha=1 - float(conf), method=SM_METHOD[method])
    lo, hi = float(lo), float(hi)
    note = ""
    if method == "jeffreys":
        if x == 0:
            note += "statsmodels jeffreys lower %s set to 0 (REFERENCE.md);" % repr(lo)
            lo = 0.0
        if x == n:
            note += "statsmodels jeffreys upper %s set to 1 (REFERENCE.md);" % repr(hi)
            hi = 1.0
    if xcheck:
        with mpmath.workdps(40):
            mlo, mhi = mp_prop_interval(x, n, conf, method)
        for a, b in ((lo, mlo), (hi, mhi)):
            b = min(max(float(b), 0.0), 1.0)
            a = min(max(a, 0.0), 1.0)
            d = abs(a - b)
            XCHECK["max_abs_prop_vs_mpmath"] = max(XCHECK["max_abs_prop_vs_mpmath"], d)
            assert d <= 1e-13 or d <= 1e-11 * abs(b), (x, n, conf, method, a, b)
    return lo, hi, note


def prop_grid_x(n):
    xs = {0, 1, 2, n // 10, n // 3, n // 2, (81 * n) // 100, n - 2, n - 1, n}
    return sorted(v for v in xs if 0 <= v <= n)


PROP_N = [1, 2, 3, 4, 5, 7, 10, 13, 20, 30, 50, 100, 200, 500, 1000, 2500, 5000]


def gen_proportions(rows):
    for n in PROP_N:
        for x in prop_grid_x(n):
            p = x / n
            value = 100.0 * p
            se = 100.0 * math.sqrt(p * (1.0 - p) / n)
            data = data_str([(5, x), (1, n - x)])
            for conf in CONFS:
                for m in PROP_METHODS:
                    lo, hi, note = prop_interval(x, n, conf, m)
                    rows.add("prop/%s/x%d/n%d/c%s" % (m, x, n, conf), "csat", data, "top", m,
                             conf, 0, value, 100 * lo, 100 * hi, se, n, n,
                             "statsmodels proportion_confint(%d,%d,method=%s);%s"
                             % (x, n, SM_METHOD[m], note))
    # Other bands and scales: same intervals, data spread over band members.
    band_cases = [(0, 10), (3, 10), (10, 10), (1, 7), (37, 50), (81, 100), (499, 1000)]
    for x, n in band_cases:
        p = x / n
        value = 100.0 * p
        se = 100.0 * math.sqrt(p * (1.0 - p) / n)
        conf = "0.95"
        variants = [
            ("csat", "bottom", [(1, x // 2), (2, x - x // 2), (3, (n - x) // 3),
                                (4, (n - x) // 3), (5, n - x - 2 * ((n - x) // 3))]),
            ("ces", "top", [(5, x // 3), (6, x // 3), (7, x - 2 * (x // 3)), (1, (n - x) // 2),
                            (4, n - x - (n - x) // 2)]),
            ("ces", "bottom", [(1, x // 2), (3, x - x // 2), (4, (n - x) // 2),
                               (7, n - x - (n - x) // 2)]),
            ("nps", "top", [(9, x // 2), (10, x - x // 2), (0, (n - x) // 3), (6, (n - x) // 3),
                            (8, n - x - 2 * ((n - x) // 3))]),
            ("nps", "bottom", [(0, x // 2), (6, x - x // 2), (7, (n - x) // 2),
                               (10, n - x - (n - x) // 2)]),
            ("custom:-2:2:-1:1:top", "top", [(1, x // 2), (2, x - x // 2), (0, n - x)]),
        ]
        for scale, stat, entries in variants:
            assert sum(e[1] for e in entries) == n
            for m in PROP_METHODS:
                lo, hi, note = prop_interval(x, n, conf, m)
                rows.add("propband/%s/%s/%s/x%d/n%d" % (scale, stat, m, x, n), scale,
                         data_str(entries), stat, m, conf, 0, value, 100 * lo, 100 * hi, se,
                         n, n, "statsmodels proportion_confint(%d,%d,method=%s);%s"
                         % (x, n, SM_METHOD[m], note))


# --------------------------------------------------------------------------
# Means
# --------------------------------------------------------------------------

MEAN_CASES = [
    # (name, scale, {score: count})
    ("ref_ces100", "ces", {7: 20, 6: 30, 5: 20, 4: 15, 3: 8, 2: 4, 1: 3}),
    ("ces_n2_ends", "ces", {1: 1, 7: 1}),
    ("ces_n2_mid", "ces", {4: 1, 5: 1}),
    ("ces_n3", "ces", {2: 1, 5: 1, 7: 1}),
    ("ces_const", "ces", {6: 12}),
    ("ces_uniform", "ces", {s: 10 for s in range(1, 8)}),
    ("ces_skew_n5000", "ces", {1: 50, 2: 100, 3: 250, 4: 600, 5: 1200, 6: 1800, 7: 1000}),
    ("ces_top_heavy", "ces", {7: 29, 6: 1}),
    ("csat_n7", "csat", {1: 1, 3: 2, 4: 3, 5: 1}),
    ("csat_n250", "csat", {1: 12, 2: 18, 3: 40, 4: 90, 5: 90}),
    ("csat_const1", "csat", {1: 4}),
    ("csat_n2", "csat", {1: 1, 5: 1}),
    ("csat_bimodal", "csat", {1: 33, 5: 67}),
    ("c15_n1000", "custom:1:5:2:4:mean", {1: 100, 2: 150, 3: 200, 4: 300, 5: 250}),
    ("cneg_n40", "custom:-3:3:-1:1:mean", {-3: 2, -2: 5, -1: 8, 0: 10, 1: 7, 2: 5, 3: 3}),
    ("c1000_n9", "custom:0:1000:299:700:mean", {0: 1, 17: 2, 250: 1, 500: 3, 999: 1, 1000: 1}),
    ("nps_mean_n30", "nps", {0: 2, 3: 1, 5: 2, 6: 3, 7: 5, 8: 6, 9: 6, 10: 5}),
]


def mean_stats(counts):
    n = sum(counts.values())
    tot = sum(Fraction(s) * c for s, c in counts.items())
    mean = tot / n
    ss = sum(c * (Fraction(s) - mean) ** 2 for s, c in counts.items())
    var = ss / (n - 1) if n > 1 else None
    return n, mean, var


def mean_intervals(counts, conf):
    """Unweighted mean, its SE s/sqrt(n) and the t and z intervals, evaluated
    with mpmath; the t interval is cross-checked against scipy.stats.t.interval."""
    n, mean, var = mean_stats(counts)
    m = mpmath.mpf(mean.numerator) / mean.denominator
    se = mpmath.sqrt(mpmath.mpf(var.numerator) / var.denominator / n)
    p = (1 + mpmath.mpf(conf)) / 2
    tq = mp_t_ppf(p, n - 1)
    zq = mp_z(conf)
    t_iv = (m - tq * se, m + tq * se)
    if se > 0:
        slo, shi = stats.t.interval(float(conf), n - 1, loc=float(m), scale=float(se))
        for a, b in ((slo, t_iv[0]), (shi, t_iv[1])):
            rel = abs(a - float(b)) / max(abs(float(b)), 1e-300)
            XCHECK["max_rel_scipy_t_interval"] = max(XCHECK["max_rel_scipy_t_interval"], rel)
            assert rel < 1e-7, (counts, conf, a, b)
    return n, m, se, t_iv, (m - zq * se, m + zq * se), tq, zq


def gen_means(rows):
    for name, scale, counts in MEAN_CASES:
        data = data_str(sorted(counts.items()))
        for conf in CONFS:
            n, m, se, (tlo, thi), (zlo, zhi), tq, zq = mean_intervals(counts, conf)
            rows.add("mean/%s/t/c%s" % (name, conf), scale, data, "mean", "t", conf, 0,
                     m, tlo, thi, se, n, n,
                     "mean +/- t(df=%d) s/sqrt(n), t=%s (mpmath; scipy.stats.t.interval agrees "
                     "to 1e-7)" % (n - 1, mpmath.nstr(tq, 17)))
            rows.add("mean/%s/wald/c%s" % (name, conf), scale, data, "mean", "wald", conf, 0,
                     m, zlo, zhi, se, n, n,
                     "mean +/- z s/sqrt(n), z=%s (mpmath)" % mpmath.nstr(zq, 17))


# --------------------------------------------------------------------------
# NPS: Wald, adjusted Wald, Tango score
# --------------------------------------------------------------------------

def mp_z(conf):
    return mpmath.sqrt(2) * mpmath.erfinv(mpmath.mpf(conf))


def tango_T(delta, D, P, n):
    """Tango's score statistic for Delta = p - d (REFERENCE.md)."""
    A = 2 * n
    B = -D - P + (2 * n - P + D) * delta
    C = -D * delta * (1 - delta)
    disc = B * B - 4 * A * C
    if disc < 0:
        disc = disc * 0
    r = mpmath.sqrt(disc)
    if B > 0:  # stable form of (r - B) / 2A
        q = (-2 * C) / (r + B) if (r + B) != 0 else B * 0
    else:
        q = (r - B) / (2 * A)
    v = n * (2 * q + delta * (1 - delta))
    num = P - D - n * delta
    if v <= 0:
        if num == 0:
            return num * 0
        return mpmath.inf if num > 0 else -mpmath.inf
    return num / mpmath.sqrt(v)


def _root(f, a, b, sa, tol, fa=None, fb=None, maxit=400):
    """Root of f in (a, b) where sign(f) = sa just right of a and -sa just left
    of b. f is never evaluated at a or b; fa / fb may give finite values known
    there (None = unknown or infinite). Bisection until both ends have finite
    values, then Anderson-Bjorck regula falsi with a bisection safeguard."""
    last = None
    it = 0
    while it < maxit and (b - a) > tol:
        it += 1
        if fa is None or fb is None:
            c = (a + b) / 2
        else:
            c = b - fb * (b - a) / (fb - fa)
            w = b - a
            if not (a + w / 64 < c < b - w / 64):
                c = (a + b) / 2
        fc = f(c)
        if fc == 0:
            return c
        same_as_a = (fc > 0) == (sa > 0)
        if not mpmath.isfinite(fc):
            fc = None
        if same_as_a:
            # c replaces a
            if last == "a" and fc is not None and fa is not None and fb is not None:
                m = 1 - fc / fa
                fb = fb * (m if m > 0 else mpmath.mpf(0.5))
            a, fa, last = c, fc, "a"
        else:
            if last == "b" and fc is not None and fa is not None and fb is not None:
                m = 1 - fc / fb
                fa = fa * (m if m > 0 else mpmath.mpf(0.5))
            b, fb, last = c, fc, "b"
    return (a + b) / 2


def tango_interval(D, P, n, conf, tol=None, var_factor=1):
    """Tango (1998) score interval for p - d, proportion units, mpmath numbers:
    {Delta : |T(Delta)| <= z sqrt(var_factor)}."""
    D = mpmath.mpf(D)
    P = mpmath.mpf(P)
    n = mpmath.mpf(n)
    z = mp_z(conf) * mpmath.sqrt(mpmath.mpf(var_factor))
    if tol is None:
        tol = mpmath.mpf(10) ** (-(mpmath.mp.dps - 12))
    est = (P - D) / n
    one = mpmath.mpf(1)
    if D == n:
        lower = -one
    else:
        lower = _root(lambda t: tango_T(t, D, P, n) - z, -one, est, +1, tol, fb=-z)
    if P == n:
        upper = one
    else:
        upper = _root(lambda t: tango_T(t, D, P, n) + z, est, one, +1, tol, fa=z)
    return lower, upper


def nps_default_interval(D, P, n, conf, tol=None):
    """libxpi's documented default for net scores: Tango with the restricted
    variance scaled by n / (n - 1) (Miettinen & Nurminen 1985); the whole
    range [-1, 1] when n <= 1."""
    n = mpmath.mpf(n)
    if n <= 1:
        return -mpmath.mpf(1), mpmath.mpf(1)
    return tango_interval(D, P, n, conf, tol, var_factor=n / (n - 1))


def nps_wald(D, P, n, conf):
    D, P, n = mpmath.mpf(D), mpmath.mpf(P), mpmath.mpf(n)
    p, d = P / n, D / n
    se = mpmath.sqrt((p + d - (p - d) ** 2) / n)
    z = mp_z(conf)
    return p - d - z * se, p - d + z * se, se


def nps_adjusted_wald(D, P, n, conf):
    D, P, n = mpmath.mpf(D), mpmath.mpf(P), mpmath.mpf(n)
    n2 = n + 3
    p, d = (P + mpmath.mpf(0.75)) / n2, (D + mpmath.mpf(0.75)) / n2
    h = mp_z(conf) * mpmath.sqrt((p + d - (p - d) ** 2) / n2)
    return p - d - h, p - d + h


REF_NPS_TABLE = [
    # D, A, P, Wald, adjusted Wald, score (95%, points, REFERENCE.md)
    (30, 30, 40, (-6.3, 26.3), (-6.3, 25.7), (-6.4, 25.8)),
    (20, 40, 40, (5.3, 34.7), (5.0, 33.9), (4.9, 34.1)),
    (10, 20, 70, (47.0, 73.0), (45.3, 71.2), (45.2, 71.3)),
    (1, 4, 15, (45.6, 94.4), (35.3, 86.4), (35.3, 86.8)),
    (0, 2, 8, (55.2, 104.8), (29.3, 93.8), (30.0, 94.3)),
    (100, 400, 500, (35.9, 44.1), (35.8, 44.0), (35.8, 44.0)),
]


def check_reference_nps_table():
    for D, A, P, wald, aw, score in REF_NPS_TABLE:
        n = D + A + P
        got = {"wald": nps_wald(D, P, n, "0.95")[:2], "aw": nps_adjusted_wald(D, P, n, "0.95"),
               "score": tango_interval(D, P, n, "0.95")}
        for key, exp in (("wald", wald), ("aw", aw), ("score", score)):
            for g, e in zip(got[key], exp):
                g = 100 * float(g)
                assert abs(g - e) <= 0.05 + 1e-9, ("REFERENCE.md NPS table", D, A, P, key, g, e)


NPS_CASES = [
    # (D, A, P)
    (30, 30, 40), (20, 40, 40), (10, 20, 70), (1, 4, 15), (0, 2, 8), (100, 400, 500),
    (1, 0, 0), (0, 1, 0), (0, 0, 1),
    (0, 0, 2), (2, 0, 0), (1, 0, 1), (1, 1, 1), (2, 0, 1), (0, 1, 1), (1, 1, 0),
    (0, 0, 10), (10, 0, 0), (0, 5, 0), (0, 0, 100), (100, 0, 0), (0, 100, 0),
    (0, 0, 2000), (2000, 0, 0), (0, 2000, 0),
    (0, 9, 1), (9, 0, 1), (1, 0, 9), (0, 1, 9), (1, 9, 0), (9, 1, 0),
    (0, 19, 1), (1, 1, 18), (5, 0, 5), (3, 4, 3), (7, 2, 1),
    (12, 25, 13), (5, 15, 30), (40, 10, 0), (0, 10, 40),
    (150, 300, 550), (1000, 0, 1000), (500, 700, 800), (1, 1998, 1), (1999, 0, 1),
    (0, 1, 1999), (333, 333, 334), (2, 30, 1968),
]


def nps_entries(D, A, P):
    """Spread each band over several scores (only the band matters for net)."""
    return [(0, D - D // 2 - D // 3), (3, D // 3), (6, D // 2), (7, A // 2), (8, A - A // 2),
            (9, P // 3), (10, P - P // 3)]


def gen_nps(rows):
    for D, A, P in NPS_CASES:
        n = D + A + P
        data = data_str(nps_entries(D, A, P))
        value = 100.0 * float(Fraction(P - D, n))
        for conf in CONFS:
            wl, wu, se = nps_wald(D, P, n, conf)
            se = 100 * se
            tag = "D%d/A%d/P%d/c%s" % (D, A, P, conf)
            rows.add("nps/wald/" + tag, "nps", data, "net", "wald", conf, 0, value,
                     100 * wl, 100 * wu, se, n, n,
                     "mpmath: NPS +/- z sqrt((p+d-(p-d)^2)/n)")
            al, au = nps_adjusted_wald(D, P, n, conf)
            note = "mpmath: Rocks 2016 n+3, 0.75 added to P and D, raw point estimate"
            if (P == n and au < 1) or (D == n and al > -1):
                note += ("; NOTE all responses in one band but the formula's interval does "
                         "not reach the range end (xpi.h says degenerate ADJUSTED_WALD "
                         "intervals reach it): formula value kept")
            rows.add("nps/adjusted_wald/" + tag, "nps", data, "net", "adjusted_wald", conf, 0,
                     value, 100 * al, 100 * au, se, n, n, note)
            tl, tu = tango_interval(D, P, n, conf)
            rows.add("nps/score/" + tag, "nps", data, "net", "score", conf, 0, value,
                     100 * tl, 100 * tu, se, n, n,
                     "mpmath 50-digit root of Tango T(Delta)=+/-z")
            tl, tu = nps_default_interval(D, P, n, conf)
            rows.add("nps/default/" + tag, "nps", data, "net", "default", conf, 0, value,
                     100 * tl, 100 * tu, se, n, n,
                     "mpmath 50-digit root of Tango T(Delta)=+/-z sqrt(n/(n-1))")
    # NET on other scales (generic bands), 95%
    for scale, entries in [
        ("csat", [(1, 3), (2, 4), (3, 5), (4, 6), (5, 12)]),
        ("ces", [(1, 2), (3, 1), (4, 7), (5, 3), (7, 17)]),
        ("custom:1:10:4:7:net", [(1, 1), (4, 2), (5, 3), (6, 1), (7, 4), (10, 9)]),
        ("custom:-5:5:-3:3:mean", [(-5, 6), (-3, 1), (0, 2), (5, 1)]),
    ]:
        lo_b, hi_b = scale_bounds(scale)[2], scale_bounds(scale)[3]
        D = sum(c for s, c in entries if s <= lo_b)
        P = sum(c for s, c in entries if s >= hi_b)
        n = sum(c for s, c in entries)
        value = 100.0 * float(Fraction(P - D, n))
        conf = "0.95"
        wl, wu, se = nps_wald(D, P, n, conf)
        al, au = nps_adjusted_wald(D, P, n, conf)
        tl, tu = tango_interval(D, P, n, conf)
        for m, (lo, hi) in (("wald", (wl, wu)), ("adjusted_wald", (al, au)),
                            ("score", (tl, tu))):
            rows.add("net/%s/%s/D%d/P%d/n%d" % (scale, m, D, P, n), scale, data_str(entries),
                     "net", m, conf, 0, value, 100 * lo, 100 * hi, 100 * se, n, n,
                     "as nps/* with low/high bands of the scale")


# --------------------------------------------------------------------------
# Weighted data (R survey) and unweighted-by-convention data (all weights 1)
# --------------------------------------------------------------------------

class Lcg:
    """Tiny deterministic generator (independent of numpy's stream stability)."""

    def __init__(self, seed):
        self.s = seed

    def next(self, k):
        self.s = (self.s * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        return (self.s >> 33) % k


def weighted_datasets():
    """name -> (scale, list of (score, weight)) in response order."""
    ds = {}
    # REFERENCE.md: 30 detractors, 30 passives, 40 promoters in that order,
    # weights cycling 1, 1, 2, 0.5.
    cyc = [1.0, 1.0, 2.0, 0.5]
    resp = []
    for i in range(100):
        s = 3 if i < 30 else (7 if i < 60 else 10)
        resp.append((s, cyc[i % 4]))
    ds["ref_cycle"] = ("nps", resp)

    g = Lcg(12345)
    resp = []
    for i in range(37):
        resp.append((g.next(11), cyc[i % 4]))
    ds["nps_n37_cycle"] = ("nps", resp)

    g = Lcg(777)
    wset = [0.5, 1.0, 1.5, 2.0, 3.0]
    ds["csat_n50"] = ("csat", [(1 + g.next(5), wset[g.next(5)]) for _ in range(50)])

    g = Lcg(4242)
    wset = [0.25, 0.5, 1.0, 2.0, 4.0]
    probs = [1, 1, 2, 3, 5, 6, 4]  # skewed to the top of 1..7
    cum = [sum(probs[:k + 1]) for k in range(7)]
    resp = []
    for _ in range(200):
        u = g.next(cum[-1])
        s = 1 + next(k for k in range(7) if u < cum[k])
        resp.append((s, wset[g.next(5)]))
    ds["ces_n200"] = ("ces", resp)

    # small, very unequal weights (n_eff well below n)
    ds["nps_n6_extreme"] = ("nps", [(10, 0.01), (9, 10.0), (0, 1.0), (5, 0.7), (8, 2.5),
                                    (10, 1.3)])
    # n = 3
    ds["nps_n3"] = ("nps", [(10, 1.0), (0, 2.0), (7, 0.5)])
    # degenerate: every response a promoter / every response satisfied
    ds["nps_allprom"] = ("nps", [(9 + (i % 2), cyc[i % 4]) for i in range(12)])
    ds["csat_alltop"] = ("csat", [(4 + (i % 2), [0.3, 1.2, 2.0][i % 3]) for i in range(9)])
    # no detractors, a few passives (score interval with P_eff < n_eff, D_eff = 0)
    ds["nps_nodet"] = ("nps", [(10, 2.0)] * 7 + [(8, 0.5)] * 3 + [(9, 1.0)] * 5)
    # custom scale with negative scores
    g = Lcg(99)
    ds["cneg_n60"] = ("custom:-3:3:-1:1:mean",
                      [(-3 + g.next(7), [0.4, 0.8, 1.6][g.next(3)]) for _ in range(60)])
    return ds


def group_responses(resp):
    """Run-length groups of (score, weight) for the data column, order kept."""
    out = []
    for s, w in resp:
        if out and out[-1][0] == s and out[-1][2] == w:
            out[-1][1] += 1
        else:
            out.append([s, 1, w])
    return [tuple(e) for e in out]


def py_weighted(scale, resp, stat):
    """Independent mpmath version of value / linearization SE / n_eff."""
    _, _, lo_b, hi_b = scale_bounds(scale)

    def y(s):
        if stat == "net":
            return 100 * ((s >= hi_b) - (s <= lo_b))
        if stat == "top":
            return 100 * (s >= hi_b)
        if stat == "bottom":
            return 100 * (s <= lo_b)
        return s

    W = mpmath.fsum(mpmath.mpf(w) for _, w in resp)
    W2 = mpmath.fsum(mpmath.mpf(w) ** 2 for _, w in resp)
    v = mpmath.fsum(mpmath.mpf(w) * y(s) for s, w in resp) / W
    n = len(resp)
    ss = mpmath.fsum(mpmath.mpf(w) ** 2 * (y(s) - v) ** 2 for s, w in resp)
    se = mpmath.sqrt(mpmath.mpf(n) / (n - 1) * ss) / W
    return v, se, W * W / W2


def run_r(ds):
    with tempfile.TemporaryDirectory() as td:
        path = os.path.join(td, "responses.tsv")
        with open(path, "w") as f:
            f.write("dataset\tlow_max\thigh_min\tscore\tweight\n")
            for name, (scale, resp) in ds.items():
                _, _, lo_b, hi_b = scale_bounds(scale)
                for s, w in resp:
                    f.write("%s\t%d\t%d\t%d\t%r\n" % (name, lo_b, hi_b, s, w))
        out = subprocess.run(["Rscript", R_SCRIPT, path], check=True, capture_output=True,
                             text=True).stdout
    res = {}
    rversion = None
    for line in out.splitlines()[1:]:
        f = line.split("\t")
        if f[0] == "#R":
            rversion = "%s, survey %s" % (f[1], f[3])
            continue
        key = (f[0], f[1], f[2], f[3])
        res[key] = dict(value=float(f[4]), se=float(f[5]), lower=float(f[6]),
                        upper=float(f[7]), n=int(f[8]), n_eff=float(f[9]))
    return res, rversion


def close(a, b, rel=1e-12, ab=1e-12):
    return abs(a - b) <= ab or abs(a - b) <= rel * abs(b)


def gen_weighted(rows):
    ds = weighted_datasets()
    res, rversion = run_r(ds)
    # REFERENCE.md's example
    r = res[("ref_cycle", "net", "wald", "0.95")]
    assert abs(r["value"] / 100 - 0.102222) < 5e-7, r
    assert abs(r["se"] / 100 - 0.0921764) < 5e-8, r
    assert abs(r["n_eff"] - 81.0) < 0.05, r
    assert abs(r["value"] / 100 - 0.1022222) < 5e-8 and abs(r["se"] / 100 - 0.09217637) < 5e-9
    for name, (scale, resp) in ds.items():
        data = data_str(group_responses(resp))
        n = len(resp)
        for stat in ("net", "top", "bottom", "mean"):
            pv, pse, pneff = py_weighted(scale, resp, stat)
            for conf in CONFS:
                rr = res[(name, stat, "wald", conf)]
                assert rr["n"] == n
                assert close(rr["value"], float(pv)) and close(rr["se"], float(pse)) \
                    and close(rr["n_eff"], float(pneff)), (name, stat, rr, pv, pse, pneff)
                value, se, neff = rr["value"], rr["se"], rr["n_eff"]
                src = "R survey svymean+qnorm (%s)" % rversion
                rows.add("w/%s/%s/wald/c%s" % (name, stat, conf), scale, data, stat, "wald",
                         conf, 0, value, rr["lower"], rr["upper"], se, n, neff, src)
                if stat == "mean":
                    rt = res[(name, stat, "t", conf)]
                    tq = mp_t_ppf((1 + mpmath.mpf(conf)) / 2, pneff - 1)
                    for a, b in ((rt["lower"], pv - tq * pse), (rt["upper"], pv + tq * pse)):
                        rel = abs(a - float(b)) / abs(float(b))
                        XCHECK["max_rel_R_t_interval"] = max(XCHECK["max_rel_R_t_interval"], rel)
                        assert rel < 1e-11, (name, conf, a, b)
                    rows.add("w/%s/%s/t/c%s" % (name, stat, conf), scale, data, stat, "t",
                             conf, 0, value, rt["lower"], rt["upper"], se, n, neff,
                             "R survey svymean + qt(df=n_eff-1) (%s)" % rversion)
                    continue
                if stat in ("top", "bottom"):
                    share = pv / 100
                    x_eff = float(share * pneff)
                    for m in ("adjusted_wald", "score", "clopper_pearson", "jeffreys"):
                        lo, hi, note = prop_interval(x_eff, float(pneff), conf, m)
                        rows.add("w/%s/%s/%s/c%s" % (name, stat, m, conf), scale, data, stat, m,
                                 conf, 0, value, 100 * lo, 100 * hi, se, n, neff,
                                 "statsmodels %s with count=share*n_eff=%r nobs=n_eff; value,se "
                                 "from R survey;%s" % (SM_METHOD[m], x_eff, note))
                else:  # net
                    _, _, lo_b, hi_b = scale_bounds(scale)
                    W = mpmath.fsum(mpmath.mpf(w) for _, w in resp)
                    pshare = mpmath.fsum(mpmath.mpf(w) for s, w in resp if s >= hi_b) / W
                    dshare = mpmath.fsum(mpmath.mpf(w) for s, w in resp if s <= lo_b) / W
                    P_eff, D_eff = pshare * pneff, dshare * pneff
                    if pshare == 1:
                        P_eff = pneff
                    if dshare == 1:
                        D_eff = pneff
                    al, au = nps_adjusted_wald(D_eff, P_eff, pneff, conf)
                    note = ""
                    if (pshare == 1 and au < 1) or (dshare == 1 and al > -1):
                        note = ("; NOTE all weight in one band but the formula's interval "
                                "does not reach the range end: formula value kept")
                    rows.add("w/%s/net/adjusted_wald/c%s" % (name, conf), scale, data, "net",
                             "adjusted_wald", conf, 0, value, 100 * al, 100 * au, se, n, neff,
                             "mpmath Rocks adjusted Wald with n_eff, P=p_w*n_eff, "
                             "D=d_w*n_eff; value,se from R survey" + note)
                    tl, tu = tango_interval(D_eff, P_eff, pneff, conf)
                    rows.add("w/%s/net/score/c%s" % (name, conf), scale, data, "net", "score",
                             conf, 0, value, 100 * tl, 100 * tu, se, n, neff,
                             "mpmath Tango with n_eff, P=p_w*n_eff, D=d_w*n_eff; "
                             "value,se from R survey")
                    tl, tu = nps_default_interval(D_eff, P_eff, pneff, conf)
                    rows.add("w/%s/net/default/c%s" % (name, conf), scale, data, "net",
                             "default", conf, 0, value, 100 * tl, 100 * tu, se, n, neff,
                             "mpmath Tango with n_eff and variance factor "
                             "n_eff/(n_eff-1); value,se from R survey")
    # All weights exactly 1, added one response at a time with xpi_tally_add:
    # unweighted by convention, classic formulas (population variance).
    for name, scale, counts in [("nps_w1", "nps", {0: 3, 6: 2, 7: 4, 9: 5, 10: 6}),
                                ("csat_w1", "csat", {1: 2, 2: 1, 3: 3, 4: 5, 5: 4})]:
        data = data_str([(s, c, 1.0) for s, c in sorted(counts.items())])
        _, _, lo_b, hi_b = scale_bounds(scale)
        n = sum(counts.values())
        P = sum(c for s, c in counts.items() if s >= hi_b)
        D = sum(c for s, c in counts.items() if s <= lo_b)
        for conf in CONFS:
            wl, wu, se = nps_wald(D, P, n, conf)
            tl, tu = tango_interval(D, P, n, conf)
            value = 100.0 * float(Fraction(P - D, n))
            src = "weights all 1 => unweighted classic formulas (mpmath)"
            rows.add("w1/%s/net/wald/c%s" % (name, conf), scale, data, "net", "wald", conf, 0,
                     value, 100 * wl, 100 * wu, 100 * se, n, n, src)
            rows.add("w1/%s/net/score/c%s" % (name, conf), scale, data, "net", "score", conf, 0,
                     value, 100 * tl, 100 * tu, 100 * se, n, n, src)
            tl, tu = nps_default_interval(D, P, n, conf)
            rows.add("w1/%s/net/default/c%s" % (name, conf), scale, data, "net", "default",
                     conf, 0, value, 100 * tl, 100 * tu, 100 * se, n, n, src)
            p = P / n
            lo, hi, _ = prop_interval(P, n, conf, "wald")
            rows.add("w1/%s/top/wald/c%s" % (name, conf), scale, data, "top", "wald", conf, 0,
                     100 * p, 100 * lo, 100 * hi, 100 * math.sqrt(p * (1 - p) / n), n, n,
                     "weights all 1 => unweighted; statsmodels normal")
            _, mean, se_m, (tlo, thi), _, _, _ = mean_intervals(counts, conf)
            rows.add("w1/%s/mean/t/c%s" % (name, conf), scale, data, "mean", "t", conf, 0,
                     mean, tlo, thi, se_m, n, n,
                     "weights all 1 => unweighted; mean +/- t s/sqrt(n) (mpmath)")
    return rversion


# --------------------------------------------------------------------------
# Defaults and documented error statuses
# --------------------------------------------------------------------------

def gen_defaults_and_errors(rows):
    conf = "0.95"
    # DEFAULT stat / method resolve to the headline statistic and its default method
    D, A, P = 20, 40, 40
    n = 100
    se = 100 * nps_wald(D, P, n, conf)[2]
    data = data_str(nps_entries(D, A, P))
    for st, m in (("default", "default"), ("net", "default"), ("default", "score")):
        if m == "score":
            tl, tu = tango_interval(D, P, n, conf)
            src = "DEFAULT stat -> net; SCORE (Tango)"
        else:
            tl, tu = nps_default_interval(D, P, n, conf)
            src = "DEFAULT -> net, Tango with variance factor n/(n-1)"
        rows.add("default/nps/%s/%s" % (st, m), "nps", data, st, m, conf, 0, 20.0,
                 100 * tl, 100 * tu, se, n, n, src)
    # a single response: the default net interval is the whole range
    rows.add("default/nps/n1", "nps", "10:1", "net", "default", conf, 0, 100.0, -100.0, 100.0,
             0.0, 1, 1, "DEFAULT net with n = 1: variance factor n/(n-1) infinite -> [-1, 1]")
    lo, hi, _ = prop_interval(81, 100, conf, "score")
    for st, m in (("default", "default"), ("top", "default"), ("default", "score")):
        rows.add("default/csat/%s/%s" % (st, m), "csat", "1:19,5:81", st, m, conf, 0, 81.0,
                 100 * lo, 100 * hi, 100 * math.sqrt(0.81 * 0.19 / 100), 100, 100,
                 "DEFAULT -> top, SCORE (Wilson)")
    counts = {7: 20, 6: 30, 5: 20, 4: 15, 3: 8, 2: 4, 1: 3}
    nn, mean, se_m, (tlo, thi), _, _, _ = mean_intervals(counts, conf)
    for st, m in (("default", "default"), ("mean", "default"), ("default", "t")):
        rows.add("default/ces/%s/%s" % (st, m), "ces", data_str(sorted(counts.items())), st, m,
                 conf, 0, mean, tlo, thi, se_m, nn, nn, "DEFAULT -> mean, T")
    entries = [(1, 1), (4, 2), (5, 3), (6, 1), (7, 4), (10, 9)]
    D, P, n = 3, 13, 20
    tl, tu = nps_default_interval(D, P, n, conf)
    se = 100 * nps_wald(D, P, n, conf)[2]
    rows.add("default/custom_net", "custom:1:10:4:7:net", data_str(entries), "default",
             "default", conf, 0, 50.0, 100 * tl, 100 * tu, se, n, n,
             "custom default_stat net -> Tango with variance factor n/(n-1)")
    entries = [(-3, 2), (-2, 5), (-1, 8), (0, 10), (1, 7), (2, 5), (3, 3)]
    nn, mean, se_m, (tlo, thi), _, _, _ = mean_intervals(dict(entries), conf)
    rows.add("default/custom_mean", "custom:-3:3:-1:1:mean", data_str(entries), "default",
             "default", conf, 0, mean, tlo, thi, se_m, nn, nn,
             "custom default_stat mean -> T")

    ERR_INVALID, ERR_NED, ERR_NA = -1, -4, -5
    errs = [
        ("empty_nps", "nps", "-", "net", "score", conf, ERR_NED),
        ("empty_nps_wald", "nps", "-", "net", "wald", conf, ERR_NED),
        ("empty_csat", "csat", "-", "top", "score", conf, ERR_NED),
        ("empty_ces_mean", "ces", "-", "mean", "t", conf, ERR_NED),
        ("mean_t_n1", "ces", "4:1", "mean", "t", conf, ERR_NED),
        ("mean_t_n1_weighted", "ces", "4:1@2.5", "mean", "t", conf, ERR_NED),
        ("net_cp", "nps", "0:1,10:2", "net", "clopper_pearson", conf, ERR_NA),
        ("net_jeffreys", "nps", "0:1,10:2", "net", "jeffreys", conf, ERR_NA),
        ("net_t", "nps", "0:1,10:2", "net", "t", conf, ERR_NA),
        ("top_t", "csat", "1:1,5:2", "top", "t", conf, ERR_NA),
        ("bottom_t", "csat", "1:1,5:2", "bottom", "t", conf, ERR_NA),
        ("mean_score", "ces", "1:1,7:2", "mean", "score", conf, ERR_NA),
        ("mean_aw", "ces", "1:1,7:2", "mean", "adjusted_wald", conf, ERR_NA),
        ("mean_cp", "ces", "1:1,7:2", "mean", "clopper_pearson", conf, ERR_NA),
        ("mean_jeffreys", "ces", "1:1,7:2", "mean", "jeffreys", conf, ERR_NA),
        ("conf_0", "nps", "0:1,10:2", "net", "wald", "0", ERR_INVALID),
        ("conf_1", "nps", "0:1,10:2", "net", "wald", "1", ERR_INVALID),
        ("conf_neg", "csat", "1:1,5:2", "top", "score", "-0.5", ERR_INVALID),
        ("conf_gt1", "csat", "1:1,5:2", "top", "score", "1.5", ERR_INVALID),
        ("conf_nan", "ces", "1:1,7:2", "mean", "t", "nan", ERR_INVALID),
        ("stat_unknown", "nps", "0:1,10:2", "99", "wald", conf, ERR_INVALID),
        ("stat_negative", "nps", "0:1,10:2", "-1", "wald", conf, ERR_INVALID),
        ("method_unknown", "nps", "0:1,10:2", "net", "99", conf, ERR_INVALID),
        ("method_negative", "csat", "1:1,5:2", "top", "-1", conf, ERR_INVALID),
    ]
    for rid, scale, data, st, m, cf, status in errs:
        rows.add("err/" + rid, scale, data, st, m, cf, status,
                 source="documented status in xpi.h (xpi_tally_estimate)")


# --------------------------------------------------------------------------
# Exact coverage of the NPS intervals (trinomial enumeration)
# --------------------------------------------------------------------------

COVERAGE_METHODS = ("score", "default", "adjusted_wald", "wald")


def coverage_table():
    """Exact coverage at nominal 95% of this file's Tango score, default
    (Tango with variance factor n/(n-1)), adjusted-Wald and Wald intervals.
    Returns (summary rows, detail rows)."""
    saved = mpmath.mp.dps
    mpmath.mp.dps = 30
    conf = "0.95"
    grid = [(kp, kd) for kp in range(1, 19) for kd in range(1, 19) if kp + kd <= 19]
    edges = [(0, kd) for kd in range(1, 20)] + [(kp, 0) for kp in range(1, 20)] + [(0, 0)]
    shares = grid + edges
    summary, detail = [], []
    for n in (10, 20, 32, 50, 100):
        outcomes = [(D, P) for D in range(n + 1) for P in range(n + 1 - D)]
        cache = {}
        for D, P in outcomes:
            if (P, D) in cache:  # mirror: (D, P) -> -(interval of (P, D))
                s = cache[(P, D)]
                cache[(D, P)] = {k: (-v[1], -v[0]) for k, v in s.items()}
                continue
            tl, tu = tango_interval(D, P, n, conf, tol=mpmath.mpf(10) ** -20)
            cl, cu = nps_default_interval(D, P, n, conf, tol=mpmath.mpf(10) ** -20)
            al, au = nps_adjusted_wald(D, P, n, conf)
            wl, wu, _ = nps_wald(D, P, n, conf)
            cache[(D, P)] = {"score": (float(tl), float(tu)),
                             "default": (float(cl), float(cu)),
                             "adjusted_wald": (float(al), float(au)),
                             "wald": (float(wl), float(wu))}
        Ds = np.array([o[0] for o in outcomes], dtype=float)
        Ps = np.array([o[1] for o in outcomes], dtype=float)
        As = n - Ds - Ps
        logc = gammaln(n + 1) - gammaln(Ds + 1) - gammaln(Ps + 1) - gammaln(As + 1)
        ivals = {m: np.array([cache[o][m] for o in outcomes]) for m in COVERAGE_METHODS}
        subsets = ("interior", "edges", "all")
        mins = {(m, s): (2.0, None) for m in ivals for s in subsets}
        sums = {(m, s): 0.0 for m in ivals for s in subsets}
        for kp, kd in shares:
            subset = "edges" if kp == 0 or kd == 0 else "interior"
            p, d = kp / 20, kd / 20
            a = (20 - kp - kd) / 20
            pmf = np.exp(logc + xlogy(Ps, p) + xlogy(Ds, d) + xlogy(As, a))
            delta = (kp - kd) / 20
            row = [n, p, d]
            for m in COVERAGE_METHODS:
                iv = ivals[m]
                cov = float(np.sum(pmf[(iv[:, 0] <= delta) & (delta <= iv[:, 1])]))
                row.append(cov)
                for s in (subset, "all"):
                    sums[(m, s)] += cov
                    if cov < mins[(m, s)][0]:
                        mins[(m, s)] = (cov, (p, d))
            detail.append(row)
        sizes = {"interior": len(grid), "edges": len(edges), "all": len(shares)}
        for s in subsets:
            for m in COVERAGE_METHODS:
                summary.append([n, m, s, mins[(m, s)][0], mins[(m, s)][1][0],
                                mins[(m, s)][1][1], sums[(m, s)] / sizes[s]])
    mpmath.mp.dps = saved
    return summary, detail, len(grid), len(edges)


def main():
    check_reference_nps_table()
    # REFERENCE.md proportion table (81/100, 95%)
    ref81 = {"wald": (0.733110, 0.886890), "score": (0.722212, 0.874852),
             "adjusted_wald": (0.721386, 0.875678), "clopper_pearson": (0.719302, 0.881557),
             "jeffreys": (0.724903, 0.877460)}
    for m, (elo, ehi) in ref81.items():
        lo, hi, _ = prop_interval(81, 100, "0.95", m)
        assert abs(lo - elo) < 6e-7 and abs(hi - ehi) < 6e-7, (m, lo, hi)
    # REFERENCE.md CES example
    n, mean, var = mean_stats({7: 20, 6: 30, 5: 20, 4: 15, 3: 8, 2: 4, 1: 3})
    lo, hi = stats.t.interval(0.95, n - 1, loc=float(mean), scale=math.sqrt(float(var) / n))
    assert float(mean) == 5.15 and abs(lo - 4.841863) < 6e-7 and abs(hi - 5.458137) < 6e-7

    rows = Rows()
    gen_proportions(rows)
    gen_means(rows)
    gen_nps(rows)
    rversion = gen_weighted(rows)
    gen_defaults_and_errors(rows)

    counts = {}
    for r in rows.rows:
        k = r[0].split("/")[0]
        counts[k] = counts.get(k, 0) + 1
    header = [
        "# libxpi interval-estimate reference vectors (tests/test_estimate_ref.c reads this).",
        "# Generated by: /usr/bin/python3 tests/ref/gen_estimate.py  (calls Rscript "
        "tests/ref/gen_estimate_weighted.R). Do not edit by hand.",
        "# Versions: Python %s, numpy %s, scipy %s, statsmodels %s, mpmath %s; %s."
        % (sys.version.split()[0], np.__version__, scipy.__version__, statsmodels.__version__,
           mpmath.__version__, rversion),
        "# Independent of libxpi. Truth: statsmodels proportion_confint (proportions; "
        "cross-checked with mpmath, max abs diff %.1e in proportion units), mpmath t/normal "
        "quantiles (means; scipy %s stats.t.interval differs by up to %.1e relative, see "
        "below), "
        "mpmath (NPS Wald, adjusted Wald, Tango score; checked against "
        "shared/REFERENCE.md), R survey svymean (weighted value, linearization SE, Wald, t)."
        % (XCHECK["max_abs_prop_vs_mpmath"], scipy.__version__,
           XCHECK["max_rel_scipy_t_interval"]),
        "# Note: scipy %s stats.t.ppf is inaccurate at the 1e-9 level (df=39, p=0.975: "
        "%r; mpmath and R qt: 2.0226909200367611), so the t quantiles of unweighted rows come "
        "from mpmath (Beta-quantile inversion, 40 digits); the R survey t rows agree with "
        "mpmath to %.1e relative." % (scipy.__version__, float(stats.t.ppf(0.975, 39)),
                                      XCHECK["max_rel_R_t_interval"]),
        "# Units: net in points, top/bottom in percent, mean in scale units. Intervals are "
        "clipped to the statistic's range. Jeffreys ends are 0 at x=0 and 1 at x=n "
        "(REFERENCE.md; statsmodels differs, see source column).",
        "# Weighted rows: value/se = weighted estimate and linearization SE; non-Wald methods "
        "use n_eff (Kish) and counts = weighted share * n_eff (xpi.h convention).",
        "# Columns: id; scale = nps|csat|ces|custom:MIN:MAX:LOW_MAX:HIGH_MIN:DEFAULT_STAT; "
        "data = comma list of SCORE:COUNT (xpi_tally_add_n) or SCORE:COUNT@WEIGHT (COUNT calls "
        "of xpi_tally_add), '-' = empty; stat = net|top|bottom|mean|default or an integer; "
        "method = wald|adjusted_wald|score|clopper_pearson|jeffreys|t|default or an integer; "
        "conf; status (0 or XPI_ERR_*); value lower upper se n n_eff ('-' when status != 0); "
        "source.",
        "# Row counts: " + ", ".join("%s %d" % (k, v) for k, v in counts.items())
        + "; total %d." % len(rows.rows),
    ]
    cols = ["id", "scale", "data", "stat", "method", "conf", "status", "value", "lower", "upper",
            "se", "n", "n_eff", "source"]
    with open(OUT_VECTORS, "w") as f:
        f.write("\n".join(header) + "\n")
        f.write("\t".join(cols) + "\n")
        for r in rows.rows:
            f.write("\t".join(r) + "\n")

    summary, detail, ngrid, nedge = coverage_table()
    with open(OUT_COVERAGE, "w") as f:
        f.write("# Exact coverage (full trinomial enumeration) at nominal 95%% of the NPS "
                "intervals computed independently in tests/ref/gen_estimate.py (not libxpi):\n"
                "# score = Tango (1998) solved with mpmath, default = Tango with the variance "
                "factor n/(n-1), adjusted_wald = Rocks (2016) n+3 / 0.75, wald = plain Wald.\n"
                "# Shares: p (promoters), d (detractors) in {0.05, ..., 0.90} with p + d <= 0.95"
                " (%d points) plus the edges p = 0 or d = 0 (%d points incl. p = d = 0).\n"
                "# Generated by: /usr/bin/python3 tests/ref/gen_estimate.py; Python %s, numpy %s,"
                " scipy %s, mpmath %s.\n"
                % (ngrid, nedge, sys.version.split()[0], np.__version__, scipy.__version__,
                   mpmath.__version__))
        f.write("# Summary: minimum coverage over the shares (interior grid, edges p = 0 or "
                "d = 0, all), where it occurs, and the mean over those shares.\n")
        f.write("n\tmethod\tshares\tmin_coverage\tat_p\tat_d\tmean_coverage\n")
        for r in summary:
            f.write("%d\t%s\t%s\t%.6f\t%.2f\t%.2f\t%.6f\n" % tuple(r))
        f.write("\n# Detail: coverage per share point.\n")
        f.write("n\tp\td\t" + "\t".join(COVERAGE_METHODS) + "\n")
        for r in detail:
            f.write("%d\t%.2f\t%.2f\t%.6f\t%.6f\t%.6f\t%.6f\n" % tuple(r))
    print("wrote %s (%d rows) and %s" % (OUT_VECTORS, len(rows.rows), OUT_COVERAGE))


if __name__ == "__main__":
    main()
