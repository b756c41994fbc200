#!/usr/bin/python3
"""Generate tests/ref/tango_vectors.tsv, the reference vectors for Tango's
(1998) score statistic of a net score (xpi_net_tango_t) and the SCORE and
DEFAULT net intervals that invert it (xpi_tally_estimate), from mpmath.

Usage (from the repository root):

    /usr/bin/python3 tests/ref/gen_tango.py > tests/ref/tango_vectors.tsv

T is evaluated exactly as Tango writes it (docs/methods.md), with the
high and low counts P, D, the total m and the null difference delta:
    A = 2m, B = -D - P + (2m - P + D) delta, C = -D delta (1 - delta),
    q = (sqrt(B^2 - 4AC) - B) / (2A),
    T = (P - D - m delta) / sqrt(m (2q + delta (1 - delta))).
A, B, C and the discriminant are exact rationals (the inputs are doubles,
hence rationals); the square root and the rest run at 100 digits and again
at 140, and the two must agree to 1e-40 relative.  Near delta = +-1 the
formula cancels by up to ~35 digits, which is why it is not evaluated in
doubles here, and why the library rewrites it (lib/estimate_net.c).

Rows (tab separated, '#' starts a comment line, numbers '%.17g' or
'%.20g'):
    t   id  high  low  m  delta  T
        xpi_net_tango_t(high, low, m, delta) = T.  high and low are the
        doubles P / m and D / m; T is that of those exact doubles (with
        P = high m).  inf and -inf where T is infinite (delta = -1, 1);
        0 where it is 0 / 0 (all responses in the middle band, delta = 0,
        the estimate itself; and delta = -1 with all responses low).
        Rows where p - d - delta cancels by more than 1e3 (delta at the
        estimate; see cancels()) are left out.
    ci  id  high_n  mid_n  low_n  method  conf  lower  upper
        an NPS tally of high_n promoters, mid_n passives and low_n
        detractors (xpi_tally_add_n); xpi_tally_estimate(XPI_STAT_NET,
        method, conf) ends in points: the roots of T(delta) = +-z
        (mpmath findroot), z the normal quantile of conf (times
        sqrt(m / (m - 1)) for DEFAULT); -100 when all responses are
        detractors and 100 when all are promoters.
"""

import sys
from fractions import Fraction as Q

import mpmath as mp

DPS = 100


def to_mp(x):
    return mp.mpf(x.numerator) / x.denominator


def tango_t(P, D, m, delta):
    """T for rational P, D, m, delta (Fractions), at the current precision."""
    num = P - D - m * delta
    if delta <= -1 or delta >= 1:
        return mp.inf if num > 0 else -mp.inf if num < 0 else mp.mpf(0)
    A = 2 * m
    B = -D - P + (2 * m - P + D) * delta
    C = -D * delta * (1 - delta)
    q = (mp.sqrt(to_mp(B * B - 4 * A * C)) - to_mp(B)) / to_mp(2 * A)
    var = to_mp(m) * (2 * q + to_mp(delta * (1 - delta)))
    if var == 0:  # all responses in the middle band and delta = 0: 0 / 0
        assert num == 0 and P == 0 and D == 0 and delta == 0
        return mp.mpf(0)
    return to_mp(num) / mp.sqrt(var)


def tango_t_checked(P, D, m, delta):
    """T at two precisions; they must agree (the formula loses digits near
    delta = +-1 and at a double root, never 40 of 100)."""
    with mp.workdps(DPS + 40):
        hi = tango_t(P, D, m, delta)
    with mp.workdps(DPS):
        lo = tango_t(P, D, m, delta)
        if mp.isinf(hi) or hi == 0:
            assert lo == hi, (P, D, m, delta)
        else:
            assert abs(lo - hi) <= mp.mpf(10) ** -40 * abs(hi), (P, D, m, delta, lo, hi)
        return +hi


def g17(x):
    return '%.17g' % x


def g20(x):
    if mp.isinf(x):
        return 'inf' if x > 0 else '-inf'
    return mp.nstr(x, 20, min_fixed=-5, max_fixed=5, strip_zeros=False)


# (name, P, D, m): counts, or fractional counts as weighted data pass them
# (shares times the effective size).
DATA = [
    ('all_low_2', 0, 2, 2), ('all_low_3', 0, 3, 3), ('all_low_10', 0, 10, 10),
    ('all_low_1e8', 0, 10**8, 10**8), ('all_low_139288917', 0, 139288917, 139288917),
    ('all_low_1e15', 0, 10**15, 10**15), ('all_low_1e19', 0, 10**19, 10**19),
    ('all_high_3', 3, 0, 3), ('all_high_1e15', 10**15, 0, 10**15),
    ('all_mid_10', 0, 0, 10), ('all_mid_1e19', 0, 0, 10**19),
    ('one_high_1e8', 1, 10**8 - 1, 10**8), ('one_mid_1e8', 0, 10**8 - 1, 10**8),
    ('one_low_1e15', 10**15 - 1, 1, 10**15), ('seven_high_1e15', 7, 10**15 - 7, 10**15),
    ('p0_half_10', 0, 5, 10), ('p0_d03_1000', 0, 300, 1000), ('d0_p04_1000', 400, 0, 1000),
    ('p_plus_d_10', 4, 6, 10), ('p_plus_d_1e8', 3 * 10**7, 7 * 10**7, 10**8),
    ('small_2', 1, 1, 2), ('small_3', 1, 2, 3), ('small_0_1_2', 0, 1, 2),
    ('small_10', 3, 5, 10), ('small_10b', 2, 7, 10),
    ('mid_1000', 270, 540, 1000), ('mid_1e19', 10**18, 5 * 10**18, 10**19),
    ('frac_a', Q('2.7'), Q('5.3'), Q('9.6')), ('frac_b', Q('0.35'), Q('8.9'), Q('9.25')),
    ('frac_c', Q('123.456'), Q('4567.89'), Q('4800.5')),
    ('frac_near_low', Q('0.0007'), Q('9.9991'), Q('10')),
    ('frac_near_high', Q('99.99999'), Q('0.000004'), Q('100.000001')),
]


def deltas(p, d):
    """Null differences: within 1e-15..1e-3 of -1 and 1, the ends
    themselves, 0.01 from the estimate, the middle (around the switch of forms at -1/2 and 1/2 in
    lib/estimate_net.c), near 0, and where Tango's discriminant vanishes
    (a double root: -d / (2 - d) when p = 0, p / (2 - p) when d = 0)."""
    out = [-1.0, 1.0]
    for k in (3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 15):
        out += [-1.0 + 10.0**-k, 1.0 - 10.0**-k]
    out += [-0.75, -0.5000000000000001, -0.5, -0.49999999999999994, -1.0 / 3, -0.2, -1e-9,
            0.0, 1e-9, 0.2, 1.0 / 3, 0.49999999999999994, 0.5, 0.5000000000000001, 0.75]
    out += [x for x in (p - d - 0.01, p - d + 0.01) if -1 < x < 1]
    if p == 0:
        out.append(-d / (2 - d))
    if d == 0:
        out.append(p / (2 - p))
    return list(dict.fromkeys(out))


def cancels(p, d, delta):
    """Whether p - d - delta cancels by more than 1e3, in terms of the
    distances from the nearer end where delta is within 1/2 of -1 or 1
    (p - d - delta = p + (1 - d) - (1 + delta)): delta is then so close to
    the estimate that no evaluation in doubles, given the inputs rounded
    to doubles, gets T to 1e-12 relative."""
    num = p - d - delta
    if delta <= Q(-1, 2):
        scale = p + abs(1 - d) + (1 + delta)
    elif delta >= Q(1, 2):
        scale = d + abs(1 - p) + (1 - delta)
    else:
        scale = p + d + abs(delta)
    return num != 0 and scale > 1000 * abs(num)


def t_rows():
    rows, skipped = [], 0
    for name, P, D, m in DATA:
        mf = float(m)  # m as the library holds it (n_eff when weighted)
        high, low = float(Q(P) / Q(m)), float(Q(D) / Q(m))
        for delta in deltas(high, low):
            if cancels(Q(high), Q(low), Q(delta)):
                skipped += 1
                continue
            T = tango_t_checked(Q(high) * Q(mf), Q(low) * Q(mf), Q(mf), Q(delta))
            rows.append(['t', name, g17(high), g17(low), g17(mf), g17(delta), g20(T)])
    return rows, skipped


def z_of(conf):
    """The two-sided normal quantile of the double conf."""
    return mp.sqrt(2) * mp.erfinv(mp.mpf(conf))


def interval(H, L, n, z):
    """{delta : |T(delta)| <= z} for counts H, L of n (as fractions of 1)."""
    P, D, m = Q(H), Q(L), Q(n)
    est = (P - D) / m

    def T(x):  # x an mpf in (-1, 1), exactly as a rational
        return tango_t(P, D, m, to_q(x))

    def end(target, a, b):
        # T decreases; T(a) - target > 0 > T(b) - target.  Bisect to a
        # tight bracket, then polish with findroot's bracketing solver.
        f = lambda x: T(x) - target
        for _ in range(120):
            c = (a + b) / 2
            if f(c) > 0:
                a = c
            else:
                b = c
        root = mp.findroot(f, (a, b), solver='anderson')
        assert a <= root <= b, (H, L, n, target)
        return root

    lo = mp.mpf(-1) if L == n else end(z, mp.mpf(-1) + mp.mpf(10) ** -(DPS - 10), to_mp(est))
    hi = mp.mpf(1) if H == n else end(-z, to_mp(est), mp.mpf(1) - mp.mpf(10) ** -(DPS - 10))
    return lo, hi


def to_q(x):
    """An mpf as the exact rational it is."""
    sign, man, exp, _ = mp.mpf(x)._mpf_
    v = Q(man) * 2**exp if exp >= 0 else Q(man, 2**-exp)
    return -v if sign else v


TALLIES = [  # (name, promoters, passives, detractors)
    ('all_low_139288917', 0, 0, 139288917),
    ('all_low_10', 0, 0, 10), ('all_low_2', 0, 0, 2),
    ('all_low_1e15', 0, 0, 10**15), ('all_high_1e8', 10**8, 0, 0),
    ('one_high_1e8', 1, 0, 10**8 - 1), ('one_mid_1e15', 0, 1, 10**15 - 1),
    ('three_high_1e19', 3, 0, 10**19 - 3),
    ('p0_half_10', 0, 5, 5), ('small_3', 1, 1, 1), ('mixed_1000', 270, 190, 540),
    ('mostly_high_1e12', 10**12 - 5, 3, 2),
]


def ci_rows():
    rows = []
    for name, H, M, L in TALLIES:
        n = H + M + L
        for method in ('SCORE', 'DEFAULT'):
            for conf in (0.8, 0.9, 0.95):
                z = z_of(conf)
                if method == 'DEFAULT':
                    z *= mp.sqrt(mp.mpf(n) / (n - 1))
                lo, hi = interval(H, L, n, z)
                if (H, M) == (0, 0):  # closed form: T = -sqrt(m e / (2 - e)), e = 1 + delta
                    e = 2 * z * z / (n + z * z)
                    assert abs(hi - (e - 1)) <= mp.mpf(10) ** -60, (name, hi, e - 1)
                rows.append(['ci', name, str(H), str(M), str(L), method, g17(conf),
                             g20(100 * lo), g20(100 * hi)])
    return rows


def main():
    mp.mp.dps = DPS
    t, skipped = t_rows()
    ci = ci_rows()
    out = sys.stdout
    out.write('# Tango score statistic and net interval reference vectors: mpmath %s, %d digits\n'
              % (mp.__version__, DPS))
    out.write('# written by tests/ref/gen_tango.py (%d t rows; %d left out where p - d - delta '
              'cancels); columns:\n' % (len(t), skipped))
    out.write('# t id high low m delta T\n')
    out.write('# ci id promoters passives detractors method conf lower upper (points)\n')
    for r in t + ci:
        out.write('\t'.join(r) + '\n')


if __name__ == '__main__':
    main()
