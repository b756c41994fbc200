#!/usr/bin/python3
"""Independent reference vectors for libxpi's planning functions
(xpi_unit_variance, xpi_plan_margin_n, xpi_plan_group_n, xpi_plan_power,
xpi_plan_mde).

Usage (from the repository root; Debian's python has scipy, statsmodels and
mpmath: apt-get install -y python3-scipy python3-statsmodels if missing):

    /usr/bin/python3 tests/ref/gen_plan.py > tests/ref/plan_vectors.tsv

Read by tests/test_plan.c (argv[1]). Output is deterministic for given
package versions (recorded in the header). Nothing here uses libxpi.

Formulas (written out here from the sources, not from libxpi's code):
  unit variance  net 10^4 (h + l - (h - l)^2), top 10^4 h (1 - h),
                 bottom 10^4 l (1 - l): exact rational arithmetic
                 (fractions.Fraction) on the double inputs, then rounded.
  margin n       ceil(z^2 Var deff / m^2), z = Phi^-1(1 - alpha/2),
                 alpha = 1 - confidence (Cochran 1977, Sampling Techniques,
                 3rd ed., ch. 4).
  group n        ceil((z_{1-alpha/2} + z_power)^2 (Var_a + Var_b) deff / delta^2)
                 (Lachin 1981, Controlled Clinical Trials 2 93-113; Chow, Shao
                 & Wang 2008, Sample Size Calculations in Clinical Research,
                 sec. 3.1, 3.2, 4.2); 1 when that is 0 (zero variance) or when
                 z_{1-alpha/2} + z_power <= 0.
  power          Phi(t - z) + Phi(-t - z), t = |delta| / SE,
                 SE = sqrt(deff (Var_a / n_a + Var_b / n_b)) (Var_b = 0: the
                 one-sample test, n_b ignored).
  mde            (z_{1-alpha/2} + z_power) SE (0 when that is <= 0).

How each value is obtained and checked:
  * The written value is the formula evaluated with mpmath at 50 digits on
    the exact double inputs (quantiles via mpmath.erfinv, checked by
    mpmath.ncdf), then rounded to the nearest double ('%.17g').
  * Cross-checks, asserted for every row (the script stops otherwise):
    - power: statsmodels.stats.power.NormalIndPower().power(effect_size,
      nobs1=n_a, alpha, ratio=n_b / n_a (0 for the one-sample test),
      alternative='two-sided') agrees to 1e-13 relative. statsmodels'
      statistic is effect_size * sqrt(nobs) with nobs = 1 / (1 / n_a + 1 / n_b)
      (nobs = n_a when ratio = 0), so our unequal-variance test maps onto it
      with effect_size = delta sqrt(1 / n_a + 1 / n_b) / SE, i.e.
      delta / sqrt(deff (Var_a + Var_b) / 2) for equal groups (delta / sigma
      / sqrt(deff) when the variances are equal too) and delta / sqrt(deff
      Var_a) for the one-sample test;
    - mde: the same direct formula with scipy.stats.norm quantiles agrees to
      1e-13, and statsmodels' one-sided power at level alpha / 2
      (alternative='larger') at the mde's effect size equals the requested
      power to 1e-12 (the mde is where the near tail alone reaches it);
    - group n: statsmodels' zt_ind_solve_power(effect_size, alpha=alpha / 2,
      power, ratio=1 (0 for one sample), alternative='larger') solves the
      same equation for a continuous n: it must agree with the formula to
      1e-6 relative + 1e-5 absolute (its root finder stops near there; a
      formula difference such as both tails or n - 1 moves n by 1e-3 or
      more), and the scipy double formula to 1e-13;
    - margin n: the scipy double formula agrees to 1e-13.
  * Sample sizes are exact integers. libxpi documents that a formula value
    within a relative 1e-11 above a whole number k gives k (rounding in
    doubles must not add a response); rows whose exact value lies within
    2e-11 of that decision (so that the plain ceil and the documented rule
    could differ) are dropped, and their count is recorded in the header:
    every row written is then plain ceil(x), and x < 1e11. Larger values
    (where libxpi documents floor(x), off by at most one) are written as
    BIG rows, compared to 1e-12 relative.
  * Status rows: OVERFLOW where the exact result exceeds DBL_MAX.

Row format (tab separated; '#' starts a comment line):
    kind  id  args...  status  expected
  unit    stat(NET|TOP|BOTTOM) high low                         -> variance
  margin  variance margin confidence design_effect              -> n
  group   var_a var_b difference alpha power design_effect      -> n
  power   var_a var_b difference n_a n_b alpha design_effect    -> power
  mde     var_a var_b n_a n_b alpha power design_effect         -> difference
  status: OK (expected exact for n rows below 1e11, else 1e-12 relative),
  BIG (an n row compared to 1e-12 relative), OVERFLOW (expected '-').
"""

import math
import sys
import warnings
from fractions import Fraction

import mpmath
import scipy
import statsmodels
from mpmath import mp, mpf
from scipy.stats import norm
from statsmodels.stats.power import NormalIndPower, zt_ind_solve_power

mp.dps = 50
DBL_MAX = sys.float_info.max
ROUND_SLACK = mpf("1e-11")   # libxpi's documented rounding slack
AMBIGUOUS = mpf("2e-11")     # drop rows this close to a rounding decision
BIG = 10 ** 11

rows = []
counts = {}
dropped = {"margin": 0, "group": 0}
worst = {"power_sm": 0.0, "mde_scipy": 0.0, "mde_sm": 0.0, "group_sm": 0.0,
         "n_scipy": 0.0}


def fmt(v):
    if isinstance(v, str):
        return v
    return "%.17g" % v


def emit(kind, args, status, expected):
    idx = counts.get(kind, 0)
    counts[kind] = idx + 1
    rows.append((kind, "%s/%d" % (kind, idx), [fmt(a) for a in args], status,
                 "-" if expected is None else fmt(expected)))


def rel(a, b):
    a, b = float(a), float(b)
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(b), 1e-300)


# ---- quantiles --------------------------------------------------------------

def mp_ppf(p):
    """Phi^-1(p) at 50 digits for a double p in (0, 1)."""
    p = mpf(p)
    # 2 p - 1 must keep p's digits: work with as many extra digits as p
    # has leading zeros (1e-300 needs 300 more), then return at 50.
    extra = int(-mp.log10(min(p, 1 - p))) + 10
    with mp.workdps(mp.dps + extra):
        z = mp.sqrt(2) * mp.erfinv(2 * p - 1)
    z = +z
    assert abs(mp.ncdf(z) - p) <= mpf(10) ** -40 * min(p, 1 - p), (p, z)
    return z


def mp_z_two_sided(alpha):
    # 1 - alpha / 2 in exact arithmetic: mpf(alpha) is the double exactly.
    return -mp_ppf(mpf(alpha) / 2)


def sp_z_two_sided(alpha):
    return norm.isf(alpha / 2.0)


# ---- whole responses ----------------------------------------------------------

def whole(x):
    """Plain ceil, at least 1 (x an mpf >= 0)."""
    k = int(mp.ceil(x))
    return max(k, 1)


def ambiguous(x):
    """True when x is within AMBIGUOUS (relative) of a whole number from
    above, where libxpi's documented rule (k for x <= k (1 + 1e-11)) and the
    plain ceil could part, or where double rounding could flip it."""
    if x < 1:
        return False
    k = mp.floor(x)
    return x - k <= AMBIGUOUS * x


def n_row(kind, args, x, x_scipy):
    """Emits an n row from the exact value x (mpf), or drops it. x_scipy is
    the double formula (None for the extremes, whose intermediates leave
    the double range by design)."""
    if x > DBL_MAX:
        emit(kind, args, "OVERFLOW", None)
        return
    if x >= BIG:
        emit(kind, args, "BIG", float(x))
        return
    if ambiguous(x):
        dropped[kind] += 1
        return
    if x_scipy is not None:
        worst["n_scipy"] = max(worst["n_scipy"], rel(x_scipy, x))
        assert rel(x_scipy, x) < 1e-13, (kind, args, x_scipy, x)
        assert whole(x) == max(1, math.ceil(x_scipy)), (kind, args)
    emit(kind, args, "OK", whole(x))


# ---- unit variance ------------------------------------------------------------

def unit_rows():
    shares = [0.0, 1e-10, 0.001, 0.05, 0.1, 0.2, 0.25, 1.0 / 3.0, 0.4, 0.45, 0.5,
              0.6, 2.0 / 3.0, 0.7, 0.9, 0.999, 1.0 - 1e-10, 1.0]
    for h in shares:
        for l in shares:
            H, L = Fraction(h), Fraction(l)
            if H + L <= 1:
                v = 10000 * (H + L - (H - L) ** 2)
                emit("unit", ["NET", h, l], "OK", float(v))
        emit("unit", ["TOP", h, 0.3], "OK", float(10000 * Fraction(h) * (1 - Fraction(h))))
        emit("unit", ["BOTTOM", 0.3, h], "OK", float(10000 * Fraction(h) * (1 - Fraction(h))))
    # Shares that sum to 1 only up to rounding (0.1 + 0.2 + 0.7 > 1 in binary).
    for h, l in [(0.7, 0.3), (0.2 + 0.1, 0.7), (1.0 - 0.45, 0.45), (0.6, 0.4)]:
        H, L = Fraction(h), Fraction(l)
        emit("unit", ["NET", h, l], "OK", float(10000 * (H + L - (H - L) ** 2)))


# ---- margin of error ------------------------------------------------------------

def margin_x(v, m, conf, deff):
    z = mp_z_two_sided(1 - mpf(conf))
    return z * z * mpf(v) * mpf(deff) / (mpf(m) * mpf(m))


def margin_x_scipy(v, m, conf, deff):
    z = sp_z_two_sided(1.0 - conf)
    return z * z * v * deff / (m * m)


def margin_rows():
    variances = [0.5, 2.25, 1600.0, 2500.0, 4400.0, 5600.0, 6100.0, 20000.0 / 3.0,
                 10000.0, 0.0]
    margins = [0.25, 1.0, 2.0, 3.0, 5.0, 10.0]
    confs = [0.8, 0.9, 0.95, 0.99, 0.999]
    deffs = [0.8, 1.0, 1.5, 3.0]
    for v in variances:
        for m in margins:
            for c in confs:
                for d in deffs:
                    args = [v, m, c, d]
                    n_row("margin", args, margin_x(*args), margin_x_scipy(*args))
    # Extremes: huge n, intermediates beyond the double range, overflow.
    extra = [
        [10000.0, 1e-4, 0.95, 1.0],          # 3.8e12: BIG
        [10000.0, 1e-140, 0.99, 2.0],        # 1.3e285: BIG
        [1e300, 1e-10, 0.95, 1.0],           # 3.8e320: OVERFLOW
        [1e300, 1e153, 0.95, 1e10],          # z^2 V deff = 3.8e310 > DBL_MAX, answer 38415
        [1e-300, 1e-155, 0.95, 1e-10],       # subnormal intermediates, answer 4
        [2500.0, 1e-300, 1e-300, 1.0],       # z ~ 1.25e-300: n = 1
        [2500.0, 5.0, 1.0 - 1e-15, 1.0],     # z = 7.9
        [2500.0, 5.0, 1e-12, 1.0],
    ]
    for args in extra:
        n_row("margin", args, margin_x(*args), None)


# ---- two groups -----------------------------------------------------------------

VAR_PAIRS = [(4400.0, 4400.0), (20000.0 / 3.0, 20000.0 / 3.0), (2500.0, 1600.0),
             (10000.0, 0.0), (0.5, 0.7), (2.25, 0.0)]


def zsum_mp(alpha, power):
    return mp_z_two_sided(alpha) + mp_ppf(power)


def group_x(va, vb, delta, alpha, power, deff):
    zs = zsum_mp(alpha, power)
    if zs <= 0:
        return mpf(0)
    return zs * zs * (mpf(va) + mpf(vb)) * mpf(deff) / (mpf(delta) ** 2)


def group_x_scipy(va, vb, delta, alpha, power, deff):
    zs = sp_z_two_sided(alpha) + norm.ppf(power)
    if zs <= 0:
        return 0.0
    return zs * zs * (va + vb) * deff / (delta * delta)


def group_check_statsmodels(va, vb, delta, alpha, power, deff, x):
    """zt_ind_solve_power on the near tail alone (one-sided at alpha / 2)."""
    if va + vb == 0 or x < 2 or x > 1e7:
        return
    one = vb == 0
    es = abs(delta) / math.sqrt(deff * (va if one else (va + vb) / 2.0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        n_sm = zt_ind_solve_power(effect_size=es, nobs1=None, alpha=alpha / 2.0,
                                  power=power, ratio=0.0 if one else 1.0,
                                  alternative="larger")
    n_sm = float(n_sm)
    worst["group_sm"] = max(worst["group_sm"], rel(n_sm, x))
    assert abs(n_sm - x) <= 1e-6 * x + 1e-5, (va, vb, delta, alpha, power, deff, n_sm, x)


def group_rows():
    diffs = [0.5, 1.0, 3.0, 5.0, 10.0, -10.0]
    alphas = [0.01, 0.05, 0.1, 0.2]
    powers = [0.5, 0.8, 0.9, 0.95, 0.99]
    deffs = [1.0, 1.25, 2.0]
    for va, vb in VAR_PAIRS:
        for dl in diffs:
            for a in alphas:
                for p in powers:
                    for d in deffs:
                        args = [va, vb, dl, a, p, d]
                        x = group_x(*args)
                        n_row("group", args, x, group_x_scipy(*args))
                        group_check_statsmodels(*args, float(x))
    extra = [
        [0.0, 0.0, 5.0, 0.05, 0.8, 1.0],       # zero variance: 1
        [4400.0, 4400.0, 10.0, 0.05, 0.01, 1.0],  # power <= alpha / 2: 1
        [4400.0, 4400.0, 10.0, 0.05, 0.025, 1.0],
        [4400.0, 4400.0, 1e-8, 0.05, 0.8, 1.0],   # 6.9e20: BIG
        [1e300, 1e300, 1e-10, 0.05, 0.8, 1.0],    # OVERFLOW
        [1e308, 1e308, 1e153, 0.05, 0.8, 1.5],    # Var_a + Var_b > DBL_MAX, answer 2355
        [1e-310, 1e-310, 1e-155, 1e-10, 0.999, 1.0],  # subnormal inputs, answer 179
        [4400.0, 4400.0, 10.0, 1e-300, 1.0 - 1e-16, 1.0],
    ]
    for args in extra:
        n_row("group", args, group_x(*args), None)


# ---- power ----------------------------------------------------------------------

def se_mp(va, vb, na, nb, deff):
    s = mpf(va) / mpf(na)
    if vb != 0:
        s += mpf(vb) / mpf(nb)
    return mp.sqrt(mpf(deff) * s)


def power_mp(va, vb, delta, na, nb, alpha, deff):
    if delta == 0:
        return mpf(alpha)
    se = se_mp(va, vb, na, nb, deff)
    if se == 0:
        return mpf(1)
    z = mp_z_two_sided(alpha)
    t = abs(mpf(delta)) / se
    return mp.ncdf(t - z) + mp.ncdf(-t - z)


def power_statsmodels(va, vb, delta, na, nb, alpha, deff):
    one = vb == 0
    se = math.sqrt(deff * (va / na + (0.0 if one else vb / nb)))
    if one:
        es, ratio = abs(delta) * math.sqrt(1.0 / na) / se, 0.0
    else:
        es, ratio = abs(delta) * math.sqrt(1.0 / na + 1.0 / nb) / se, nb / na
    return float(NormalIndPower().power(es, na, alpha, ratio=ratio,
                                        alternative="two-sided"))


def power_rows():
    diffs = [0.0, 2.0, 5.0, 10.0, -7.5]
    sizes = [(50.0, 50.0), (200.0, 300.0), (1000.0, 1000.0), (30.0, 5000.0), (10.5, 1.0)]
    alphas = [0.01, 0.05, 0.1]
    deffs = [1.0, 1.7]
    for va, vb in VAR_PAIRS:
        for dl in diffs:
            for na, nb in sizes:
                for a in alphas:
                    for d in deffs:
                        args = [va, vb, dl, na, nb, a, d]
                        p = power_mp(*args)
                        if dl != 0:
                            sm = power_statsmodels(*args)
                            worst["power_sm"] = max(worst["power_sm"], rel(sm, p))
                            assert rel(sm, p) < 1e-13, (args, sm, p)
                        emit("power", args, "OK", float(p))
    extra = [
        [10000.0, 0.0, 5.0, 400.0, 0.0, 0.05, 1.0],    # one sample, n_b = 0 ignored
        [0.0, 0.0, 5.0, 100.0, 100.0, 0.05, 1.0],      # no sampling error: 1
        [0.0, 0.0, 0.0, 100.0, 100.0, 0.05, 1.0],      # difference 0: alpha
        [4400.0, 4400.0, 0.0, 100.0, 100.0, 1e-300, 1.0],
        [4400.0, 4400.0, 1e-3, 100.0, 100.0, 0.05, 1.0],  # close to alpha
        [4400.0, 4400.0, 60.0, 100.0, 100.0, 0.05, 1.0],  # close to 1
        [4400.0, 4400.0, 10.0, 691.0, 691.0, 1e-6, 1.0],  # deep tail
        [1e300, 1e300, 2e155, 1e-10, 1e-10, 0.05, 1.0],   # Var / n > DBL_MAX, t ~ 1.4
        [1e-300, 1e-300, 3e-155, 1e10, 1e10, 0.05, 1.0],  # Var / n subnormal, t ~ 2.1
    ]
    for args in extra:
        emit("power", args, "OK", float(power_mp(*args)))


# ---- minimum detectable difference ------------------------------------------------

def mde_mp(va, vb, na, nb, alpha, power, deff):
    zs = zsum_mp(alpha, power)
    if zs <= 0:
        return mpf(0)
    return zs * se_mp(va, vb, na, nb, deff)


def mde_rows():
    sizes = [(50.0, 50.0), (200.0, 300.0), (1000.0, 1000.0), (30.0, 5000.0), (10.5, 1.0)]
    alphas = [0.01, 0.05, 0.1]
    powers = [0.5, 0.8, 0.9]
    deffs = [1.0, 1.7]
    for va, vb in VAR_PAIRS:
        for na, nb in sizes:
            for a in alphas:
                for p in powers:
                    for d in deffs:
                        args = [va, vb, na, nb, a, p, d]
                        m = mde_mp(*args)
                        # scipy, the same formula in doubles
                        one = vb == 0
                        se = math.sqrt(d * (va / na + (0.0 if one else vb / nb)))
                        sp = (sp_z_two_sided(a) + norm.ppf(p)) * se
                        worst["mde_scipy"] = max(worst["mde_scipy"], rel(sp, m))
                        assert rel(sp, m) < 1e-13, (args, sp, m)
                        # statsmodels: the near tail alone reaches the power
                        if one:
                            es, ratio = float(m) * math.sqrt(1.0 / na) / se, 0.0
                        else:
                            es, ratio = float(m) * math.sqrt(1.0 / na + 1.0 / nb) / se, nb / na
                        pw = float(NormalIndPower().power(es, na, a / 2.0, ratio=ratio,
                                                          alternative="larger"))
                        worst["mde_sm"] = max(worst["mde_sm"], rel(pw, p))
                        assert rel(pw, p) < 1e-12, (args, pw, p)
                        emit("mde", args, "OK", float(m))
    extra = [
        [0.0, 0.0, 100.0, 100.0, 0.05, 0.8, 1.0],        # no sampling error: 0
        [4400.0, 4400.0, 100.0, 100.0, 0.05, 0.01, 1.0],  # power <= alpha / 2: 0
        [10000.0, 0.0, 400.0, 0.0, 0.05, 0.8, 1.0],       # one sample, n_b = 0
        [1e300, 1e300, 1e-10, 1e-10, 0.05, 0.8, 1.0],     # Var / n > DBL_MAX, finite mde
        [1e308, 0.0, 1e-308, 1.0, 0.05, 0.8, 1.0],        # OVERFLOW
        [1e-300, 1e-300, 1e10, 1e10, 0.05, 0.8, 1.0],
        [4400.0, 4400.0, 691.0, 691.0, 1e-300, 1.0 - 1e-16, 1.0],
    ]
    for args in extra:
        m = mde_mp(*args)
        if m > DBL_MAX:
            emit("mde", args, "OVERFLOW", None)
        else:
            emit("mde", args, "OK", float(m))


def main():
    unit_rows()
    margin_rows()
    group_rows()
    power_rows()
    mde_rows()
    out = sys.stdout
    out.write("# libxpi planning reference vectors: tests/ref/gen_plan.py (see its docstring)\n")
    out.write("# python %s, scipy %s, statsmodels %s, mpmath %s\n" % (
        sys.version.split()[0], scipy.__version__, statsmodels.__version__,
        mpmath.__version__))
    out.write("# rows dropped as within %s of a rounding decision: margin %d, group %d\n" % (
        mpmath.nstr(AMBIGUOUS, 3), dropped["margin"], dropped["group"]))
    out.write("# largest cross-check differences (relative): " + ", ".join(
        "%s %.2g" % (k, v) for k, v in sorted(worst.items())) + "\n")
    out.write("# kind\tid\targs...\tstatus\texpected\n")
    for kind, rid, args, status, expected in rows:
        out.write("\t".join([kind, rid] + args + [status, expected]) + "\n")


if __name__ == "__main__":
    main()
