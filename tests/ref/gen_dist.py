#!/usr/bin/python3
"""Generate tests/ref/dist_vectors.tsv, the reference vectors for the
distribution functions of libxpi (xpi_{norm,t,chi2,beta,gamma,binom}_{cdf,sf,ppf}).

Usage (from the repository root; needs Debian's python3-mpmath, which the
pyenv python3 lacks, hence the explicit interpreter):

    /usr/bin/python3 tests/ref/gen_dist.py            # writes tests/ref/dist_vectors.tsv
    /usr/bin/python3 tests/ref/gen_dist.py -o FILE    # writes FILE instead
    /usr/bin/python3 tests/ref/gen_dist.py --verify   # self-checks, writes nothing
    /usr/bin/python3 tests/ref/gen_dist.py --scipy    # compares the TSV with scipy

The truth comes from mpmath only, at mp.dps = 60 (with extra guard digits
where a computation cancels):
  * normal: mpmath.erfc;
  * regularized incomplete gamma P, Q (gamma, chi-square): power series for
    x < a + 1, Legendre continued fraction for Q otherwise (the other tail as
    1 - that one, which never cancels badly: the directly computed tail is the
    one below ~1/2);
  * regularized incomplete beta I_x(a, b) (beta, t, binomial): the classical
    continued fraction (modified Lentz) on the side where it converges,
    x < (a + 1) / (a + b + 2), with the complement otherwise.  x and 1 - x are
    carried separately so neither cancels.
  mpmath's own gammainc/betainc do not converge for the largest parameters
  here (e.g. betainc(1e5, 1e5, ...), the binomial with n = 1e9), so these are
  written out in mpmath arithmetic; --verify checks them against mpmath's
  gammainc, betainc, erfc and hyp2f1 (wherever those converge), exact
  rational sums for the binomial, and a regeneration at higher precision.
  * quantiles: safeguarded Newton iteration on log F(x) = log p (p <= 1/2) or
    log S(x) = log(1 - p) (p > 1/2), in a transformed variable (sinh, exp or
    logistic), to ~1e-50; the binomial quantile is the exact integer, found by
    walking the pmf from a normal-approximation start.

Arguments are doubles chosen on grids; they are written with repr() (the
shortest string that reads back as the same double) and the truth is
computed at that exact double.  Values are rounded to the nearest double and
written with repr().  The output is deterministic.

Row format (tab separated, '#' starts a comment line):
    func  a1  a2  a3  expected  density
  func is e.g. norm_sf; unused arguments and densities are '-'.
  cdf/sf rows: a1 = x (or k), a2 = df | shape | a | n, a3 = b | p.
  ppf rows:    a1 = probability, a2, a3 as above; expected = the true
               quantile x*; density = f(x*) for the backward-error check
               (|x - x*| f(x*) / min(p, 1 - p)); density '-' means the
               expected value must be matched exactly (binomial quantiles,
               support ends).

Rows dropped: a point whose smaller tail is below 1e-300 but not exactly 0
(both its cdf and sf rows go); a quantile that is not a finite normal double,
that rounds to an end of the support, or whose density is not a finite double
>= 1e-300, or that is so ill-conditioned that one ulp of x* is worth more than
1e-6 of backward error; a binomial quantile row for which cdf(k*) or
cdf(k* - 1) lies within max(1e-9 min(q, 1 - q), 2^-54 q) of q (a double
implementation could not decide it).  Support-end rows (x at the ends,
k < 0, k >= n, p = 0 or 1, ppf(0), ppf(1)) are kept.
"""

import argparse
import math
import os
import sys

import mpmath
from mpmath import mp, mpf

DPS = 60          # working precision of the truth (decimal digits)
GUARD = 40        # extra digits for prefactors that cancel (a log x - x - lgamma a)
TINY = 1e-300     # smaller values are dropped (not a meaningful relative check)
DBL_MIN = 2.2250738585072014e-308

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, 'dist_vectors.tsv')

INF = float('inf')


# --------------------------------------------------------------------------
# Conversions
# --------------------------------------------------------------------------

def to_double(v):
    """Nearest double to the mpf v (round to nearest even)."""
    if v == 0:
        return 0.0
    if mpmath.isinf(v):
        return INF if v > 0 else -INF
    s = mpmath.nstr(v, 40, strip_zeros=False, min_fixed=1, max_fixed=0)
    return float(s)   # Python's float() of a decimal string is correctly rounded


def fmt(x):
    """repr() of a double: shortest round-trip; 'inf', '-inf'."""
    x = float(x)
    if x == 0.0:
        return '0.0' if math.copysign(1.0, x) > 0 else '-0.0'
    return repr(x)


def ulp(x):
    return math.ulp(x)


# --------------------------------------------------------------------------
# Special functions in mpmath arithmetic
# --------------------------------------------------------------------------

def _eps():
    return mpf(2) ** (-(mp.prec + 8))


def norm_cdf_sf(x):
    x = mpf(x)
    if mpmath.isinf(x):
        return (mpf(0), mpf(1)) if x < 0 else (mpf(1), mpf(0))
    r2 = mpmath.sqrt(2)
    return mpmath.erfc(-x / r2) / 2, mpmath.erfc(x / r2) / 2


def norm_pdf(x):
    x = mpf(x)
    return mpmath.exp(-x * x / 2) / mpmath.sqrt(2 * mpmath.pi)


def gamma_PQ(a, x):
    """Regularized incomplete gamma (P(a, x), Q(a, x)), a > 0."""
    a = mpf(a)
    x = mpf(x)
    if x <= 0:
        return mpf(0), mpf(1)
    if mpmath.isinf(x):
        return mpf(1), mpf(0)
    eps = _eps()
    with mpmath.extradps(GUARD):
        lpre = a * mpmath.log(x) - x - mpmath.loggamma(a)
        pre = mpmath.exp(lpre)
    if x < a + 1:
        # P = x^a e^-x / Gamma(a+1) * sum_n x^n / ((a+1)...(a+n))
        term = 1 / a
        s = term
        n = 0
        while True:
            n += 1
            term = term * x / (a + n)
            s += term
            if term < s * eps:
                break
            if n > 10 ** 7:
                raise RuntimeError('gamma series did not converge')
        P = pre * s
        return P, 1 - P
    # Q by the Legendre continued fraction (modified Lentz)
    tiny = mpf(2) ** (-(mp.prec * 4))
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    i = 0
    while True:
        i += 1
        an = -i * (i - a)
        b += 2
        d = an * d + b
        if abs(d) < tiny:
            d = tiny
        c = b + an / c
        if abs(c) < tiny:
            c = tiny
        d = 1 / d
        de = d * c
        h *= de
        if abs(de - 1) < eps:
            break
        if i > 10 ** 7:
            raise RuntimeError('gamma continued fraction did not converge')
    Q = pre * h
    return 1 - Q, Q


def gamma_pdf(x, a):
    a = mpf(a)
    x = mpf(x)
    with mpmath.extradps(GUARD):
        return mpmath.exp((a - 1) * mpmath.log(x) - x - mpmath.loggamma(a))


def _betacf(a, b, x):
    """Continued fraction of I_x(a, b) (Numerical Recipes' betacf), to be
    multiplied by x^a (1-x)^b / (a B(a, b)).  For x < (a+1)/(a+b+2)."""
    eps = _eps()
    tiny = mpf(2) ** (-(mp.prec * 4))
    qab = a + b
    qap = a + 1
    qam = a - 1
    c = mpf(1)
    d = 1 - qab * x / qap
    if abs(d) < tiny:
        d = tiny
    d = 1 / d
    h = d
    m = 0
    while True:
        m += 1
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1 + aa * d
        if abs(d) < tiny:
            d = tiny
        c = 1 + aa / c
        if abs(c) < tiny:
            c = tiny
        d = 1 / d
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1 + aa * d
        if abs(d) < tiny:
            d = tiny
        c = 1 + aa / c
        if abs(c) < tiny:
            c = tiny
        d = 1 / d
        de = d * c
        h *= de
        if abs(de - 1) < eps:
            return h
        if m > 10 ** 7:
            raise RuntimeError('beta continued fraction did not converge')


def beta_I(a, b, x, y):
    """(I_x(a, b), 1 - I_x(a, b)) with y = 1 - x given separately."""
    a = mpf(a)
    b = mpf(b)
    x = mpf(x)
    y = mpf(y)
    if x <= 0:
        return mpf(0), mpf(1)
    if y <= 0:
        return mpf(1), mpf(0)
    with mpmath.extradps(GUARD):
        lpre = (a * mpmath.log(x) + b * mpmath.log(y)
                - (mpmath.loggamma(a) + mpmath.loggamma(b) - mpmath.loggamma(a + b)))
        pre = mpmath.exp(lpre)
    if x < (a + 1) / (a + b + 2):
        I = pre * _betacf(a, b, x) / a
        return I, 1 - I
    J = pre * _betacf(b, a, y) / b
    return 1 - J, J


def beta_pdf(a, b, x, y):
    a = mpf(a)
    b = mpf(b)
    with mpmath.extradps(GUARD):
        return mpmath.exp((a - 1) * mpmath.log(x) + (b - 1) * mpmath.log(y)
                          - (mpmath.loggamma(a) + mpmath.loggamma(b)
                             - mpmath.loggamma(a + b)))


def t_cdf_sf(x, df):
    x = mpf(x)
    if df == INF:
        return norm_cdf_sf(x)
    df = mpf(df)
    if mpmath.isinf(x):
        return (mpf(0), mpf(1)) if x < 0 else (mpf(1), mpf(0))
    x2 = x * x
    z = df / (df + x2)
    w = x2 / (df + x2)
    # P(T < -|x|) = I_z(df/2, 1/2) / 2
    tail = beta_I(df / 2, mpf(1) / 2, z, w)[0] / 2
    if x < 0:
        return tail, 1 - tail
    return 1 - tail, tail


def t_pdf(x, df):
    x = mpf(x)
    if df == INF:
        return norm_pdf(x)
    df = mpf(df)
    with mpmath.extradps(GUARD):
        return mpmath.exp(mpmath.loggamma((df + 1) / 2) - mpmath.loggamma(df / 2)
                          - mpmath.log(df * mpmath.pi) / 2
                          - (df + 1) / 2 * mpmath.log1p(x * x / df))


def chi2_cdf_sf(x, df):
    x = mpf(x)
    if x <= 0:
        return mpf(0), mpf(1)
    return gamma_PQ(mpf(df) / 2, x / 2)


def chi2_pdf(x, df):
    return gamma_pdf(mpf(x) / 2, mpf(df) / 2) / 2


def binom_cdf_sf(k, n, p):
    """(P(X <= floor(k)), P(X > floor(k))) for X ~ Binomial(n, p)."""
    k = math.floor(k)
    n = int(n)
    p = mpf(p)
    if k < 0:
        return mpf(0), mpf(1)
    if k >= n:
        return mpf(1), mpf(0)
    if p == 0:
        return mpf(1), mpf(0)
    if p == 1:
        return mpf(0), mpf(1)
    # P(X <= k) = I_{1-p}(n - k, k + 1)
    return beta_I(n - k, k + 1, 1 - p, p)


def binom_pmf(k, n, p):
    p = mpf(p)
    with mpmath.extradps(GUARD):
        return mpmath.exp(mpmath.loggamma(n + 1) - mpmath.loggamma(k + 1)
                          - mpmath.loggamma(n - k + 1)
                          + k * mpmath.log(p) + (n - k) * mpmath.log(1 - p))


# --------------------------------------------------------------------------
# Quantiles
# --------------------------------------------------------------------------

def solve_quantile(p, cdfsf, pdf, kind, u0=0):
    """Return (x*, f(x*)) with F(x*) = p for 0 < p < 1.

    kind: 'real' (x = sinh u), 'pos' (x = exp u), 'unit' (x = 1/(1+e^-u)).
    cdfsf(x, y) -> (F, S) and pdf(x, y) -> f, where y = 1 - x for 'unit'."""
    p = mpf(p)
    q = 1 - p
    lower = p <= mpf(1) / 2
    target = mpmath.log(p) if lower else mpmath.log(q)

    def xy(u):
        if kind == 'real':
            return mpmath.sinh(u), None, mpmath.cosh(u)
        if kind == 'pos':
            x = mpmath.exp(u)
            return x, None, x
        x = 1 / (1 + mpmath.exp(-u))
        y = 1 / (1 + mpmath.exp(u))
        return x, y, x * y

    def L(u):
        x, y, dxdu = xy(u)
        F, S = cdfsf(x, y)
        if lower:
            return mpmath.log(F) - target, pdf(x, y) * dxdu / F
        return target - mpmath.log(S), pdf(x, y) * dxdu / S

    u = mpf(u0)
    g, dg = L(u)
    if g == 0:
        x = xy(u)
        return x[0], pdf(x[0], x[1])
    # bracket
    step = mpf(1)
    if g < 0:
        lo, glo = u, g
        while True:
            hi = lo + step
            ghi, dhi = L(hi)
            if ghi >= 0:
                break
            lo, glo = hi, ghi
            step *= 2
    else:
        hi, ghi = u, g
        while True:
            lo = hi - step
            glo, dlo = L(lo)
            if glo <= 0:
                break
            hi, ghi = lo, glo
            step *= 2
    # safeguarded Newton
    u = hi if abs(ghi) < abs(glo) else lo
    g, dg = L(u)
    tol = mpf(2) ** (-(mp.prec - 12))
    for _ in range(2000):
        if g == 0:
            break
        if g < 0:
            lo = u
        else:
            hi = u
        un = u - g / dg if dg > 0 else None
        if un is None or not (lo < un < hi):
            un = (lo + hi) / 2
        du = abs(un - u)
        u = un
        g, dg = L(u)
        if du <= tol * max(1, abs(u)) or hi - lo <= tol * max(1, abs(u)):
            break
    else:
        raise RuntimeError('quantile iteration did not converge')
    if abs(g) > mpf(10) ** (-(mp.dps - 15)):
        raise RuntimeError('quantile residual too large: %s' % mpmath.nstr(g, 5))
    x, y, _ = xy(u)
    return x, pdf(x, y)


def binom_ppf(q, n, p):
    """Exact smallest integer k in [0, n] with P(X <= k) >= q; also returns
    (cdf(k), cdf(k - 1)) (None for k = 0)."""
    n = int(n)
    q = mpf(q)
    pm_ = mpf(p)
    if q == 0:
        return 0, None, None
    if pm_ == 0:
        return 0, mpf(1), None
    if pm_ == 1:
        return n, mpf(1), mpf(0)
    if q == 1:
        return n, mpf(1), None
    # normal-approximation start
    mu = n * p
    sd = math.sqrt(n * p * (1 - p))
    z = float(solve_quantile(q, lambda x, y: norm_cdf_sf(x), lambda x, y: norm_pdf(x),
                             'real')[0])
    k = int(min(max(math.floor(mu + z * sd), 0), n))

    # cdf(k - 1) = cdf(k) - pmf(k) cancels in the far lower tail, where the
    # cdf falls by orders of magnitude per step: track a bound on the absolute
    # error and recompute directly once it exceeds 1e-30 relative.
    ulp = mpf(2) ** (-(mp.prec - 4))
    err = [None]

    def below(k, c, pm):
        prev = c - pm
        e = err[0] + (abs(c) + abs(pm)) * ulp
        if prev <= 0 or e > prev * mpf(10) ** -30:
            prev = binom_cdf_sf(k - 1, n, p)[0]
            e = prev * ulp * 4
        err[0] = e
        return prev

    c, _ = binom_cdf_sf(k, n, p)
    if k >= n:
        c = mpf(1)
    err[0] = c * ulp * 4
    pm = binom_pmf(k, n, p)
    r = pm_ / (1 - pm_)
    if c < q:
        while c < q and k < n:
            pm = pm * (n - k) / (k + 1) * r
            k += 1
            c += pm
    else:
        while k > 0:
            e0 = err[0]
            prev = below(k, c, pm)
            if prev < q:
                err[0] = e0
                break
            c = prev
            pm = pm * k / ((n - k + 1) * r)
            k -= 1
    return k, c, (below(k, c, pm) if k > 0 else None)


# --------------------------------------------------------------------------
# Grids
# --------------------------------------------------------------------------

def sig(v, digits=6):
    """Round a double to a few significant digits (for readable grids)."""
    return float('%.*g' % (digits, v))


NORM_X = sorted(set(
    [s * v for v in [38, 37.5, 37, 36, 35, 30, 25, 20, 15, 10, 8, 6, 5, 4, 3, 2.5,
                     2, 1.5, 1, 0.75, 0.5, 0.25, 0.1, 1e-3, 1e-10,
                     1.2345678901234567, 0.6744897501960817, 1.959963984540054,
                     7.123456789, 26.5]
     for s in (-1, 1)] + [0.0]))

T_DF = [0.1, 0.5, 1, 2, 3, 5, 10, 30, 100, 1e3, 1e6]
T_X = sorted(set([s * v for v in [1e-10, 0.1, 0.5, 1, 2, 3, 5, 10, 37, 100, 1e4,
                                  1e10, 1e50, 1e300]
                  for s in (-1, 1)] + [0.0]))

CHI2_DF = [0.1, 0.5, 1, 2, 3, 5, 10, 30, 100, 1e3, 1e4, 1e5]
CHI2_X = [1e-300, 1e-100, 1e-10, 1e-5, 0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 100, 300,
          1000, 1300]
CHI2_Z = [-30, -10, -5, -2, -1, 0, 1, 2, 5, 10, 30, 60]

GAMMA_SHAPE = [1e-3, 0.01, 0.1, 0.5, 1, 2, 5, 10, 100, 1e3, 1e4, 1e5, 1e6]
GAMMA_X = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 1e-3, 0.1, 0.5, 1, 2, 5, 10, 30, 100,
           300, 700]
GAMMA_Z = [-37, -35, -30, -20, -10, -5, -2, -1, 0, 1, 2, 5, 10, 20, 30, 35, 40, 60]

BETA_AB = [1e-3, 0.1, 0.5, 1, 2, 10, 100, 1e3, 1e5]
BETA_X = [1e-300, 1e-20, 1e-5, 0.01, 0.1, 0.5, 0.9, 0.99, 1 - 1e-5, 1 - 1e-10]
BETA_Z = [-30, -10, -3, 0, 3, 10]
BETA_PPF_AB = [1e-3, 0.5, 2, 100, 1e5]

BINOM_N = [1, 10, 100, 1e4, 1e6, 1e9]
BINOM_P = [1e-6, 0.01, 0.3, 0.5, 0.99]
BINOM_Z = [-40, -35, -30, -20, -10, -5, -3, -2, -1, 0, 1, 2, 3, 5, 10, 20, 30, 35, 40]

PPF_P = [0.0, 1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9,
         0.99, 1 - 1e-5, 1 - 1e-10, 1 - 2.0 ** -52, 1.0]


# --------------------------------------------------------------------------
# Row generation
# --------------------------------------------------------------------------

class Rows:
    def __init__(self):
        self.rows = []
        self.dropped = {}

    def drop(self, func, why):
        key = (func, why)
        self.dropped[key] = self.dropped.get(key, 0) + 1

    def add(self, func, args, expected, density=None):
        a = [fmt(v) if v is not None else '-' for v in args]
        a += ['-'] * (3 - len(a))
        d = '-' if density is None else fmt(density)
        self.rows.append('\t'.join([func] + a + [fmt(expected), d]))

    def pair(self, fam, args, cdf, sf, edge=False):
        """Add the cdf and sf rows of one point, or drop both if the smaller
        tail is below TINY (and not exactly 0)."""
        small = min(cdf, sf)
        if 0 < small < TINY and not edge:
            self.drop(fam + '_cdf/sf', 'tail < 1e-300')
            return
        self.add(fam + '_cdf', args, to_double(cdf))
        self.add(fam + '_sf', args, to_double(sf))

    def ppf(self, fam, p, params, x, f):
        func = fam + '_ppf'
        xd = to_double(x)
        fd = to_double(f)
        m = min(p, 1 - p)
        if not math.isfinite(xd):
            return self.drop(func, 'x* overflows')
        if xd != 0 and abs(xd) < DBL_MIN:
            return self.drop(func, 'x* underflows')
        if xd == 0 and x != 0:
            return self.drop(func, 'x* underflows')
        if fam == 'beta' and xd == 1.0:
            return self.drop(func, 'x* rounds to 1')
        if not (math.isfinite(fd) and fd >= TINY):
            return self.drop(func, 'density not representable')
        if ulp(xd) * fd / m > 1e-6:
            return self.drop(func, 'ill-conditioned')
        self.add(func, [p] + list(params), xd, fd)


def gen_norm(R):
    for x in NORM_X:
        c, s = norm_cdf_sf(x)
        R.pair('norm', [x], c, s)
    for x in (-INF, INF):
        c, s = norm_cdf_sf(x)
        R.pair('norm', [x], c, s, edge=True)
    for p in PPF_P:
        if p == 0:
            R.add('norm_ppf', [p], -INF)
        elif p == 1:
            R.add('norm_ppf', [p], INF)
        elif p == 0.5:
            R.add('norm_ppf', [p], 0.0, to_double(norm_pdf(0)))
        else:
            x, f = solve_quantile(p, lambda x, y: norm_cdf_sf(x),
                                  lambda x, y: norm_pdf(x), 'real')
            R.ppf('norm', p, [], x, f)


def gen_t(R):
    for df in T_DF + [INF]:
        xs = T_X if df != INF else [-30, -5, -1.5, 0.0, 0.5, 2, 10]
        for x in xs:
            c, s = t_cdf_sf(x, df)
            R.pair('t', [x, df], c, s)
        for x in (-INF, INF):
            c, s = t_cdf_sf(x, df)
            R.pair('t', [x, df], c, s, edge=True)
        for p in PPF_P:
            if p == 0:
                R.add('t_ppf', [p, df], -INF)
            elif p == 1:
                R.add('t_ppf', [p, df], INF)
            elif p == 0.5:
                R.add('t_ppf', [p, df], 0.0, to_double(t_pdf(0, df)))
            else:
                x, f = solve_quantile(p, lambda x, y, df=df: t_cdf_sf(x, df),
                                      lambda x, y, df=df: t_pdf(x, df), 'real')
                R.ppf('t', p, [df], x, f)


def gen_chi2(R):
    for df in CHI2_DF:
        xs = set(CHI2_X)
        for z in CHI2_Z:
            v = sig(df + z * math.sqrt(2 * df))
            if v > 0:
                xs.add(v)
        for x in sorted(xs):
            c, s = chi2_cdf_sf(x, df)
            R.pair('chi2', [x, df], c, s)
        for x in (-1.0, 0.0, INF):
            c, s = chi2_cdf_sf(x, df)
            R.pair('chi2', [x, df], c, s, edge=True)
        for p in PPF_P:
            if p == 0:
                R.add('chi2_ppf', [p, df], 0.0)
            elif p == 1:
                R.add('chi2_ppf', [p, df], INF)
            else:
                x, f = solve_quantile(p, lambda x, y, df=df: chi2_cdf_sf(x, df),
                                      lambda x, y, df=df: chi2_pdf(x, df), 'pos',
                                      u0=math.log(df))
                R.ppf('chi2', p, [df], x, f)


def gen_gamma(R):
    for a in GAMMA_SHAPE:
        xs = set(GAMMA_X)
        for z in GAMMA_Z:
            v = sig(a + z * math.sqrt(a))
            if v > 0:
                xs.add(v)
        for x in sorted(xs):
            c, s = gamma_PQ(a, x)
            R.pair('gamma', [x, a], c, s)
        for x in (-1.0, 0.0, INF):
            c, s = gamma_PQ(a, x)
            R.pair('gamma', [x, a], c, s, edge=True)
        for p in PPF_P:
            if p == 0:
                R.add('gamma_ppf', [p, a], 0.0)
            elif p == 1:
                R.add('gamma_ppf', [p, a], INF)
            else:
                x, f = solve_quantile(p, lambda x, y, a=a: gamma_PQ(a, x),
                                      lambda x, y, a=a: gamma_pdf(x, a), 'pos',
                                      u0=math.log(a))
                R.ppf('gamma', p, [a], x, f)


def gen_beta(R):
    for a in BETA_AB:
        for b in BETA_AB:
            xs = set(BETA_X)
            mean = a / (a + b)
            sd = math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
            if sd < 0.05:
                for z in BETA_Z:
                    v = mean + z * sd
                    if 0 < v < 1:
                        xs.add(v)
            for x in sorted(xs):
                c, s = beta_I(a, b, x, 1 - mpf(x))
                R.pair('beta', [x, a, b], c, s)
            if a in (0.5, 100) and b in (2, 1e3):
                for x in (-0.5, 0.0, 1.0, 1.5):
                    c, s = beta_I(a, b, x, 1 - mpf(x))
                    R.pair('beta', [x, a, b], c, s, edge=True)
    for a in BETA_PPF_AB:
        for b in BETA_PPF_AB:
            u0 = math.log(a / b)
            for p in PPF_P:
                if p == 0:
                    R.add('beta_ppf', [p, a, b], 0.0)
                elif p == 1:
                    R.add('beta_ppf', [p, a, b], 1.0)
                else:
                    x, f = solve_quantile(
                        p, lambda x, y, a=a, b=b: beta_I(a, b, x, y),
                        lambda x, y, a=a, b=b: beta_pdf(a, b, x, y), 'unit', u0=u0)
                    R.ppf('beta', p, [a, b], x, f)


def gen_binom(R):
    for n in BINOM_N:
        ni = int(n)
        for p in BINOM_P:
            mu = n * p
            sd = math.sqrt(n * p * (1 - p))
            ks = {-1.0, 0.0, 1.0, 2.0, n - 2, n - 1, n, n + 1}
            for z in BINOM_Z:
                ks.add(float(min(max(math.floor(mu + z * sd), 0), ni)))
            ks.add(math.floor(mu) + 0.5)
            for k in sorted(ks):
                if k < -1 or k > n + 1:
                    continue
                c, s = binom_cdf_sf(k, ni, p)
                R.pair('binom', [k, n, p], c, s, edge=(k < 0 or k >= n))
            for q in PPF_P:
                k, ck, ck1 = binom_ppf(q, ni, p)
                if 0 < q < 1:
                    margin = max(1e-9 * min(q, 1 - q), 2.0 ** -54 * q)
                    if ck - q < margin or (ck1 is not None and q - ck1 < margin):
                        R.drop('binom_ppf', 'ambiguous')
                        continue
                R.add('binom_ppf', [q, n, p], float(k))
    # degenerate cases: n = 0, p = 0, p = 1
    for (n, p) in [(0.0, 0.3), (10.0, 0.0), (10.0, 1.0)]:
        for k in (-1.0, 0.0, 3.0, 10.0):
            c, s = binom_cdf_sf(k, int(n), p)
            R.pair('binom', [k, n, p], c, s, edge=True)
        for q in (0.0, 0.5, 1.0):
            if p == 1.0 and q == 0.0:
                continue   # support is {n}; ppf(0) = 0 or n is a matter of definition
            k, _, _ = binom_ppf(q, int(n), p)
            R.add('binom_ppf', [q, n, p], float(k))


def generate(dps=DPS, progress=False):
    mp.dps = dps
    R = Rows()
    for name, g in [('norm', gen_norm), ('t', gen_t), ('chi2', gen_chi2),
                    ('gamma', gen_gamma), ('beta', gen_beta), ('binom', gen_binom)]:
        if progress:
            print('  %s ...' % name, file=sys.stderr, flush=True)
        g(R)
    return R


def header(nrows):
    return [
        '# libxpi distribution reference vectors (%d rows)' % nrows,
        '# generated by: /usr/bin/python3 tests/ref/gen_dist.py  (do not edit by hand)',
        '# truth: mpmath %s at mp.dps = %d (mpmath arithmetic only; see gen_dist.py)'
        % (mpmath.__version__, DPS),
        '# columns: func  a1  a2  a3  expected  density   (tab separated, "-" = unused)',
        '#   cdf/sf: a1 = x or k, a2 = df | shape | a | n, a3 = b | p; expected = value',
        '#   ppf:    a1 = probability; expected = true quantile x*; density = f(x*)',
        '#           (backward error |x - x*| f(x*) / min(p, 1 - p)); density "-" = exact',
        '#   numbers are repr() of doubles; the truth is the exact value at those doubles,',
        '#   rounded to the nearest double',
    ]


# --------------------------------------------------------------------------
# Self-checks
# --------------------------------------------------------------------------

def rel(a, b):
    a = mpf(a)
    b = mpf(b)
    if a == b:
        return mpf(0)
    return abs(a - b) / max(abs(a), abs(b))


def verify():
    ok = True

    def check(what, own, ref, tol=mpf(10) ** -40):
        nonlocal ok
        r = rel(own, ref)
        if r > tol:
            ok = False
            print('MISMATCH %s: own %s ref %s rel %s' % (
                what, mpmath.nstr(own, 25), mpmath.nstr(ref, 25), mpmath.nstr(r, 3)))
        return r

    mp.dps = DPS
    worst = {}

    count = {}

    def note(k, r):
        worst[k] = max(worst.get(k, mpf(0)), r)
        count[k] = count.get(k, 0) + 1

    print('incomplete gamma vs mpmath.gammainc ...')
    for a in GAMMA_SHAPE + [d / 2 for d in CHI2_DF]:
        for x in GAMMA_X + [sig(a + z * math.sqrt(a)) for z in GAMMA_Z]:
            if x <= 0:
                continue
            P, Q = gamma_PQ(a, x)
            for which, own, args in (('P', P, (0, mpf(x))), ('Q', Q, (mpf(x), mpmath.inf))):
                if own < mpf(10) ** -300 and own != 0:
                    continue
                try:
                    with mpmath.workdps(DPS + 20):
                        ref = mpmath.gammainc(mpf(a), *args, regularized=True)
                except mpmath.libmp.NoConvergence:
                    continue
                note('gamma', check('gamma %s(%r, %r)' % (which, a, x), own, ref))

    print('incomplete beta vs mpmath.betainc (a, b <= 1e3) ...')
    for a in BETA_AB:
        for b in BETA_AB:
            if a > 1e3 or b > 1e3:
                continue
            for x in BETA_X:
                I, J = beta_I(a, b, x, 1 - mpf(x))
                try:
                    with mpmath.workdps(DPS + 20):
                        refI = mpmath.betainc(mpf(a), mpf(b), 0, mpf(x), regularized=True)
                        refJ = mpmath.betainc(mpf(a), mpf(b), mpf(x), 1, regularized=True)
                except mpmath.libmp.NoConvergence:
                    continue
                # mpmath's betainc computes the complement by subtraction:
                # compare only the well-conditioned one of each pair.
                if I < mpf(10) ** -300 and I != 0:
                    continue
                if I <= J:
                    note('beta', check('betainc I(%r,%r,%r)' % (a, b, x), I, refI))
                else:
                    if J > mpf(10) ** -20:
                        note('beta', check('betainc J(%r,%r,%r)' % (a, b, x), J, refJ))

    print('t vs closed forms (df = 1, 2) and hyp2f1 (df <= 1e3) ...')
    for x in T_X:
        if abs(x) > 1e10:
            continue
        X = mpf(x)
        c, s = t_cdf_sf(x, 1)
        note('t', check('t1 %r' % x, c if x < 0 else s,
                        (mpmath.pi / 2 - mpmath.atan(abs(X))) / mpmath.pi))
        c, s = t_cdf_sf(x, 2)
        ref = (1 - abs(X) / mpmath.sqrt(2 + X * X)) / 2
        if x != 0 and abs(x) < 1e4:
            note('t', check('t2 %r' % x, c if x < 0 else s, ref))
        for df in (0.5, 3, 30, 1e3):
            if abs(x) > 100:
                continue
            D = mpf(df)
            with mpmath.workdps(DPS + 30):
                ref = (mpf(1) / 2 + X * mpmath.gamma((D + 1) / 2)
                       / (mpmath.sqrt(mpmath.pi * D) * mpmath.gamma(D / 2))
                       * mpmath.hyp2f1(mpf(1) / 2, (D + 1) / 2, mpf(3) / 2, -X * X / D))
            c, s = t_cdf_sf(x, df)
            if c > mpf(10) ** -25:
                note('t', check('t hyp2f1 %r %r' % (x, df), c, ref, mpf(10) ** -35))

    print('binomial vs exact rational sums (n <= 100) and pmf sums (n <= 1e6) ...')
    from fractions import Fraction
    for n in BINOM_N:
        if n > 1e6:
            continue
        ni = int(n)
        for p in BINOM_P:
            mu = n * p
            sd = math.sqrt(n * p * (1 - p))
            ks = sorted({float(min(max(math.floor(mu + z * sd), 0), ni - 1)) for z in BINOM_Z}
                        | {0.0, n - 1})
            for k in ks:
                k = int(k)
                c, s = binom_cdf_sf(k, ni, p)
                if ni <= 100:
                    P = Fraction(p)
                    cf = sum(Fraction(math.comb(ni, j)) * P ** j * (1 - P) ** (ni - j)
                             for j in range(0, k + 1))
                    ref = mpf(cf.numerator) / mpf(cf.denominator)
                    with mpmath.workdps(DPS + 20):
                        refs = mpf((1 - cf).numerator) / mpf((1 - cf).denominator)
                    note('binom', check('binom cdf %d %d %r' % (k, ni, p), c, ref))
                    if s > mpf(10) ** -300:
                        note('binom', check('binom sf %d %d %r' % (k, ni, p), s, refs))
                else:
                    # sum the smaller tail term by term, from k outwards
                    lowside = c <= s
                    with mpmath.workdps(DPS + 10):
                        pm = binom_pmf(k + (0 if lowside else 1), ni, p)
                        tot = mpf(0)
                        j = k if lowside else k + 1
                        r = mpf(p) / (1 - mpf(p))
                        while pm > tot * mpf(10) ** -(DPS + 5) and 0 <= j <= ni:
                            tot += pm
                            if lowside:
                                pm = pm * j / ((ni - j + 1) * r)
                                j -= 1
                            else:
                                pm = pm * (ni - j) / (j + 1) * r
                                j += 1
                            if pm == 0:
                                break
                    own = c if lowside else s
                    if own > mpf(10) ** -300:
                        note('binom', check('binom tail %d %d %r' % (k, ni, p), own, tot))

    print('binomial quantiles vs bisection on exact sums (n <= 100) ...')
    for n in (1, 10, 100):
        for p in BINOM_P:
            P = Fraction(p)
            cum = []
            acc = Fraction(0)
            for j in range(n + 1):
                acc += Fraction(math.comb(n, j)) * P ** j * (1 - P) ** (n - j)
                cum.append(acc)
            for q in PPF_P:
                Q = Fraction(q)
                kref = next(j for j in range(n + 1) if cum[j] >= Q)
                k, _, _ = binom_ppf(q, n, p)
                if k != kref:
                    ok = False
                    print('MISMATCH binom_ppf(%r, %d, %r): %d vs %d' % (q, n, p, k, kref))

    for k in sorted(worst):
        print('  %-6s %4d comparisons, worst relative difference %s'
              % (k, count[k], mpmath.nstr(worst[k], 3)))

    print('regenerating at mp.dps = %d and comparing with mp.dps = %d ...' % (DPS + 40, DPS))
    lo = generate(DPS).rows
    hi = generate(DPS + 40).rows
    mp.dps = DPS
    if lo != hi:
        ok = False
        diff = [(a, b) for a, b in zip(lo, hi) if a != b]
        print('MISMATCH: %d rows differ (of %d / %d)' % (len(diff), len(lo), len(hi)))
        for a, b in diff[:20]:
            print('   ', a, '\n   ', b)
    else:
        print('  all %d rows identical' % len(lo))
    print('verify: %s' % ('OK' if ok else 'FAILED'))
    return 0 if ok else 1


def scipy_check(path):
    """Compare the TSV with scipy.stats in regions where scipy is accurate."""
    import numpy as np
    from scipy import stats
    dist = {
        'norm': lambda a: stats.norm(),
        't': lambda a: stats.t(a[1]),
        'chi2': lambda a: stats.chi2(a[1]),
        'gamma': lambda a: stats.gamma(a[1]),
        'beta': lambda a: stats.beta(a[1], a[2]),
        'binom': lambda a: stats.binom(int(a[1]), a[2]),
    }
    n = bad = 0
    worst = {}
    with open(path) as fh:
        for line in fh:
            if line.startswith('#') or not line.strip():
                continue
            f = line.rstrip('\n').split('\t')
            func = f[0]
            fam, kind = func.rsplit('_', 1)
            args = [float(v) if v != '-' else None for v in f[1:4]]
            exp = float(f[4])
            # central region, moderate parameters only
            if fam in ('t', 'chi2') and not (0.5 <= args[1] <= 1e3 and math.isfinite(args[1])):
                continue
            if fam == 'gamma' and not (0.5 <= args[1] <= 1e4):
                continue
            if fam == 'beta' and not (0.5 <= args[1] <= 1e3 and 0.5 <= args[2] <= 1e3):
                continue
            if fam == 'binom' and not (args[1] <= 1e6 and 0.01 <= args[2] <= 0.99):
                continue
            d = dist[fam](args)
            if kind in ('cdf', 'sf'):
                if not (1e-8 <= exp <= 1 - 1e-8) or not math.isfinite(args[0]):
                    continue
                got = float(getattr(d, kind)(args[0]))
                tol = 1e-9
            else:
                p = args[0]
                if not (1e-8 <= p <= 1 - 1e-8):
                    continue
                if fam == 'binom':
                    got = float(d.ppf(p))
                    tol = 0
                else:
                    # backward error through scipy's cdf/sf: scipy's own
                    # quantiles are less accurate (e.g. t.ppf in scipy 1.10 uses
                    # cdflib's stdtrit, good to ~1e-9 only)
                    # (plus what rounding x* to a double costs: 1 ulp)
                    got = float(d.cdf(exp)) if p <= 0.5 else float(d.sf(exp))
                    tol = 1e-9 + math.ulp(exp) * float(f[5]) / min(p, 1 - p)
                    exp = p if p <= 0.5 else 1 - p
            r = 0.0 if got == exp else abs(got - exp) / max(abs(exp), 1e-300)
            n += 1
            key = func
            worst[key] = max(worst.get(key, 0.0), r)
            if r > tol:
                bad += 1
                print('DISAGREE %s %s: scipy %r, tsv %r, rel %.3g' % (
                    func, ' '.join(f[1:4]), got, exp, r))
    for k in sorted(worst):
        print('  %-10s worst relative difference %.3g' % (k, worst[k]))
    import scipy
    print('scipy %s: %d rows compared, %d disagreements (tolerance 1e-9; ppf as '
          '|F(x*) - p| / min(p, 1-p) with scipy F, binom_ppf exact)'
          % (scipy.__version__, n, bad))
    return 0 if bad == 0 else 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('-o', '--output', default=DEFAULT_OUT)
    ap.add_argument('--verify', action='store_true',
                    help='cross-check the truth functions; writes nothing')
    ap.add_argument('--scipy', action='store_true',
                    help='compare the existing TSV with scipy.stats (central region)')
    ap.add_argument('-q', '--quiet', action='store_true')
    opt = ap.parse_args()
    if opt.verify:
        return verify()
    if opt.scipy:
        return scipy_check(opt.output)
    R = generate(DPS, progress=not opt.quiet)
    lines = header(len(R.rows)) + R.rows
    with open(opt.output, 'w', newline='\n') as fh:
        fh.write('\n'.join(lines) + '\n')
    if not opt.quiet:
        counts = {}
        for r in R.rows:
            fn = r.split('\t', 1)[0]
            counts[fn] = counts.get(fn, 0) + 1
        for fn in sorted(counts):
            print('  %-10s %5d rows' % (fn, counts[fn]), file=sys.stderr)
        for (fn, why), c in sorted(R.dropped.items()):
            print('  dropped %-14s %-26s %5d' % (fn, why, c), file=sys.stderr)
        print('wrote %d rows to %s' % (len(R.rows), opt.output), file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main())
