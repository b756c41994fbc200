/*
 * Regularized incomplete beta ratio I_x(a, b), its complement, and the
 * inverse.
 *
 * Regions, after the usual reflection I_x(a, b) = 1 - I_y(b, a) that puts x
 * below (a + 1) / (a + b + 2) (so the ratio computed directly is not close
 * to 1 and its complement follows by subtraction):
 *  - min(a, b) >= 100 and |w| <= 0.3 (w: Temme's variable, about the
 *    relative distance of x from the mean): Temme's uniform asymptotic
 *    expansion (specfun.c). This is where the continued fraction needs
 *    O(sqrt(min(a, b))) terms and amplifies rounding by its own size;
 *  - a < 1: the power series in x (DiDonato & Morris 1992, BPSER), with the
 *    complement rearranged so that 1 - x^a / (a B(a, b)) is an expm1
 *    (as their APSER / BGRAT complements do);
 *  - a >= 20 b, a >= 20, x > 1/2 (and x not so far out that the result
 *    underflows anyway): an expansion in incomplete gamma ratios for a much
 *    larger than b (DiDonato & Morris's BGRAT; Temme 1996, sec. 11.3.3.1),
 *    derived below. Here the continued fraction would cancel: its partial
 *    denominators are 1 - x (a + b) / a + O(1/a), and it loses a * eps
 *    (1e-8 at a = 1e9, b = 5);
 *  - otherwise: the continued fraction of Numerical Recipes (Press et al.,
 *    3rd ed., 6.4.5; from Abramowitz & Stegun 26.5.8 by its even/odd
 *    contraction) by the modified Lentz method.
 * The prefactor x^a y^b / B(a, b) is written in Loader's (2000) saddle-point
 * form, sqrt(a b / (2 pi (a + b))) exp(delta(a + b) - delta(a) - delta(b)
 * - a bd0(D / a) - b bd0(-D / b)), where D = x (a + b) - a = b - y (a + b)
 * is formed with a fused multiply-add from whichever of x, y is smaller, so
 * it stays exact to rounding even for a + b ~ 1e9 (binomial n).
 */
#include "specfun.h"

#include <float.h>
#include <math.h>


/* ---------------------------------------------------------------------- */
/* Prefactor                                                               */
/* ---------------------------------------------------------------------- */

/* D = x N - a (= b - y N), N = a + b, exact up to one rounding of D. */
static double deviation(double a, double b, double x, double y)
{
    double N = a + b;
    double t = N - a;
    double err = (a - (N - t)) + (b - t); /* a + b = N + err exactly */
    if (x <= y)
        return fma(x, N, -a) + x * err;
    return -(fma(y, N, -b) + y * err);
}

/* c log(c / M) + M - c for M = c + D > 0: the saddle-point deviance of
 * Loader's "bd0". Near M = c it is -c log1pmx(D / c), cancellation-free;
 * far away M itself (passed in, computed as x N) is accurate where c + D
 * would not be. */
static double bd0(double c, double D, double M)
{
    if (D > -0.5 * c && D < 2.0 * c)
        return -c * xpi_sf_log1pmx(D / c);
    double r = M / c;
    double l = (r > DBL_MIN && r < DBL_MAX) ? log(r) : log(M) - log(c);
    return D - c * l;
}

/* a bd0 + b bd0: the exponent of the prefactor, >= 0. */
static double deviance(double a, double b, double x, double y, double D)
{
    double N = a + b;
    return bd0(a, D, x * N) + bd0(b, -D, y * N);
}

double xpi_sf_beta_prefactor(double a, double b, double x, double y)
{
    if (x <= 0.0 || y <= 0.0)
        return 0.0;
    double N = a + b;
    double D = deviation(a, b, x, y);
    double e = xpi_sf_stirlerr(N) - xpi_sf_stirlerr(a) - xpi_sf_stirlerr(b)
               - deviance(a, b, x, y, D);
    return exp(e) * XPI_SF_INV_SQRT_2PI * sqrt(a * (b / N));
}

/* ---------------------------------------------------------------------- */
/* Expansions                                                              */
/* ---------------------------------------------------------------------- */

/* Continued fraction of NR 6.4.5 for I_x(a, b) / (x^a y^b / (a B(a, b))):
 * 1 / (1 + d1 / (1 + d2 / (1 + ...))), d_{2m+1} = -(a + m)(a + b + m) x /
 * ((a + 2m)(a + 2m + 1)), d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
 * The first denominator 1 - (a + b) x / (a + 1) is written with y, as
 * (1 - b + (a + b) y) / (a + 1), which does not cancel for x near 1. */
static double beta_cf(double a, double b, double x, double y)
{
    double N = a + b;
    double first = (x <= y) ? 1.0 - N * x / (a + 1.0) : (1.0 - b + N * y) / (a + 1.0);
    if (fabs(first) < XPI_SF_CF_TINY)
        first = XPI_SF_CF_TINY;
    double C = 1.0, D = 1.0 / first, f = D;
    for (int m = 1; m < XPI_SF_CF_MAX_ITER; m++) {
        /* Products of ratios: the plain products overflow for a > 1e154. */
        double even = (m * (b - m) / (a + 2.0 * m - 1.0)) * (x / (a + 2.0 * m));
        double odd = -((a + m) / (a + 2.0 * m)) * ((N + m) / (a + 2.0 * m + 1.0)) * x;
        f *= xpi_sf_lentz_step(&C, &D, even, 1.0);
        double delta = xpi_sf_lentz_step(&C, &D, odd, 1.0);
        f *= delta;
        if (fabs(delta - 1.0) < XPI_SF_CF_EPS)
            break;
    }
    return f;
}

/* Small a: I_x = x^a / (a B(a, b)) (1 + a S), S = sum_{n>=1} (1 - b)_n x^n /
 * (n! (a + n)) (A&S 26.5.4 integrated termwise), and the complement as
 * -expm1(log(x^a / (a B))) - x^a / (a B) a S rather than 1 - I. Below the
 * switch point b x < 2, where the series' alternating terms stay below
 * e^(b x) and the two complement terms cancel by at most a factor ~30
 * (the gamma-like limit, a E1(b x) against a (log(b x) + gamma)). */
static void small_a_series(double a, double b, double x, double *lower, double *upper)
{
    double s = 0.0, term = 1.0;
    for (int n = 1; n < 2000; n++) {
        term *= (n - b) * x / n;
        double t = term / (a + n);
        s += t;
        if (fabs(t) <= 1e-17 * fabs(s))
            break;
    }
    /* log(x^a / (a B(a, b))) = a log x - log Gamma(1 + a) + log(Gamma(a + b)
     * / Gamma(b)), all O(a) for small a. */
    double l = a * log(x) - xpi_sf_lgamma1p(a) + xpi_sf_lgamma_ratio(b, a);
    double xa = exp(l);
    *lower = xa * (1.0 + a * s);
    *upper = -expm1(l) - xa * a * s;
}

/* B_2j / (2j (2j)!): log(sinh(t/2) / (t/2)) = sum_j coef_j t^(2j), j >= 1. */
static const double lsinh_coef[] = {
    0.041666666666666666667,   -0.00034722222222222222222, 5.5114638447971781305e-6,
    -1.0333994708994708995e-7, 2.0876756987868098979e-9,   -4.403491782239577654e-11,
    9.5589546647747705949e-13, -2.1185501852016142918e-14, 4.7700344757099136467e-16,
    -1.0874343492790309365e-17, 2.5040921947091952342e-19, -5.8143602857552180586e-21,
    1.3595027075497951814e-22, -3.1976847953705524466e-24, 7.5598415077922768677e-26,
    -1.7952470840225632641e-27, 4.2799190459260732408e-29, -1.0238874835181417162e-30,
};
#define LSINH_TERMS ((int)(sizeof lsinh_coef / sizeof lsinh_coef[0]))
#define LARGE_A_TERMS 48

/*
 * a >> b, x not small. Substituting x' = e^-t in the integral,
 *   I_x(a, b) = (1 / B(a, b)) int_l^inf e^(-a t) (1 - e^-t)^(b-1) dt,
 * l = -log x, and (1 - e^-t)^(b-1) = t^(b-1) e^(-(b-1) t / 2)
 * exp((b - 1) log(sinh(t/2) / (t/2))). With T = a + (b - 1)/2 and
 * exp((b - 1) log(sinh(t/2)/(t/2))) = sum_k c_k t^(2k), termwise
 * integration gives
 *   I_x(a, b) = Gamma(a + b) / (Gamma(a) T^b)
 *               sum_k c_k (b)_2k T^(-2k) Q(b + 2k, T l),
 * (DiDonato & Morris 1992, BGRAT; Temme 1996, 11.3.3.1). For large T l the
 * terms fall like (l / 2 pi)^2k, for small T l like ((b + 2k) / 2 pi T)^2;
 * the neglected part of the integral beyond t = 2 pi is O(e^(-2 pi T)).
 * Since c_k ~ ((b - 1) / 24)^k / k!, both behaviours amount to terms like
 * (b v^2 / 24)^k / k!, v = max(l, (b + 1) / T); the caller keeps
 * b v^2 <= 100, where 48 terms reach 1e-19 (and beyond which the ratio is
 * hundreds of standard deviations out and underflows anyway).
 * The Q(b + 2k, z) follow from Q(b, z) by the positive recurrence
 * Q(s + 1, z) = Q(s, z) + z^s e^-z / Gamma(s + 1).
 */
static double large_a_expansion(double a, double b, double l)
{
    double T = a + 0.5 * (b - 1.0);
    double z = T * l;

    /* c_k: exponential of the power series (b - 1) lsinh in t^2 (the
     * lsinh coefficients past the table are below 1e-31 and dropped). */
    double c[LARGE_A_TERMS + 1];
    c[0] = 1.0;
    for (int n = 1; n <= LARGE_A_TERMS; n++) {
        double s = 0.0;
        for (int j = 1; j <= n && j <= LSINH_TERMS; j++)
            s += j * (b - 1.0) * lsinh_coef[j - 1] * c[n - j];
        c[n] = s / n;
    }

    double P, Q;
    xpi_sf_inc_gamma(b, z, &P, &Q);
    double pf = xpi_sf_gamma_prefactor(b, z); /* z^b e^-z / Gamma(b + 1) */
    double s = b;                             /* current order b + 2k */
    double poch = 1.0;                        /* (b)_2k / T^2k */
    double sum = Q;
    for (int k = 1; k <= LARGE_A_TERMS; k++) {
        /* Q(s + 2) = Q(s) + z^s e^-z / Gamma(s + 1) + z^(s+1) e^-z / Gamma(s + 2) */
        Q += pf * (1.0 + z / (s + 1.0));
        pf *= z * z / ((s + 1.0) * (s + 2.0));
        poch *= (s / T) * ((s + 1.0) / T);
        s += 2.0;
        double term = c[k] * poch * Q;
        sum += term;
        if (fabs(term) <= 1e-17 * sum)
            break;
    }

    /* log(Gamma(a + b) / (Gamma(a) T^b)) = (a - 1/2) log1p(b / a)
     * + b log1p((b + 1) / (2 T)) - b + delta(a + b) - delta(a); written with
     * log1pmx so that the O(b) parts cancel exactly, leaving O(b^2 / a). */
    double r = b / a, u = (b + 1.0) / (2.0 * T);
    double lg = (a - 0.5) * xpi_sf_log1pmx(r) - 0.5 * r + b * xpi_sf_log1pmx(u) + b * u
                + xpi_sf_stirlerr(a + b) - xpi_sf_stirlerr(a);
    return exp(lg) * sum;
}

/* Temme's expansion (see specfun.c) when min(a, b) >= 100 and |w| <= 0.3;
 * returns 0 outside that region. The expansion is written for the smaller
 * parameter p as "a" so that nu = p / q <= 1. */
static int uniform(double a, double b, double x, double y, double *lower, double *upper)
{
    double p = fmin(a, b), q = fmax(a, b);
    if (p < 100.0)
        return 0;
    double D = deviation(a, b, x, y);
    if (fabs(D) > 0.5 * p) /* |u| = |D| / p; w ~ u sqrt(1 + nu) */
        return 0;
    double S = deviance(a, b, x, y, D);
    double nu = p / q, P = p * (1.0 + nu);
    double w = sqrt(2.0 * S / P);
    if (w > 0.3)
        return 0;
    /* Orient so that w measures the deviation of the p-variable: for a <= b
     * that is x (D > 0 means x above the mean); otherwise y, which moves
     * the other way. */
    int above = (a <= b) ? (D > 0.0) : (D < 0.0);
    if (!above)
        w = -w;
    double G = xpi_sf_uniform_series(nu, w, P);
    double E = xpi_sf_stirlerr(a + b) - xpi_sf_stirlerr(a) - xpi_sf_stirlerr(b);
    double R = exp(E - S) * XPI_SF_INV_SQRT_2PI / sqrt(P) * G;
    double zs = sqrt(2.0 * S); /* |w| sqrt(P) */
    double z = above ? zs : -zs;
    double lo = xpi_sf_norm_sf(-z) - R; /* ratio of the p-variable */
    double up = xpi_sf_norm_sf(z) + R;
    if (a <= b) {
        *lower = lo;
        *upper = up;
    } else {
        *lower = up;
        *upper = lo;
    }
    return 1;
}

/* x is at or below the switch point (a + 1) / (a + b + 2). */
static void lower_side(double a, double b, double x, double y, double *lower, double *upper)
{
    if (a < 1.0) {
        small_a_series(a, b, x, lower, upper);
        return;
    }
    double l = (y < x) ? -log1p(-y) : -log(x); /* -log x */
    double v = fmax(l, (b + 1.0) / a);
    if (x > 0.5 && a >= 20.0 && a >= 20.0 * b && b * v * v <= 100.0) {
        *lower = large_a_expansion(a, b, l);
    } else {
        double pf = xpi_sf_beta_prefactor(a, b, x, y);
        *lower = pf > 0.0 ? pf / a * beta_cf(a, b, x, y) : 0.0;
    }
    *upper = 1.0 - *lower;
}

void xpi_sf_inc_beta(double a, double b, double x, double y, double *lower, double *upper)
{
    if (x <= 0.0) {
        *lower = 0.0;
        *upper = 1.0;
        return;
    }
    if (y <= 0.0) {
        *lower = 1.0;
        *upper = 0.0;
        return;
    }
    if (!(a + b <= DBL_MAX)) {
        /* Overflowing a + b: a point mass at the mean, whose spread (below
         * 1e-154) is far beneath the resolution of x. */
        double below = x < 1.0 / (1.0 + b / a);
        *lower = 1.0 - below;
        *upper = below;
        return;
    }
    if (uniform(a, b, x, y, lower, upper))
        return;
    if (x <= (a + 1.0) / (a + b + 2.0))
        lower_side(a, b, x, y, lower, upper);
    else
        lower_side(b, a, y, x, upper, lower);
}

/* ---------------------------------------------------------------------- */
/* Inverse                                                                 */
/* ---------------------------------------------------------------------- */

/*
 * Solves in whichever of x, y is at most 1/2 at the root (decided by the
 * value at 1/2), so the answer carries full relative precision, and on
 * whichever tail is smaller, so the residual log(tail / target) is the
 * relative backward error. Newton's method in log v (v = x or y), where the
 * tails near 0 are close to straight lines (I ~ v^a / (a B)), with a
 * bracket and bisection fallback. Starting value: the normal approximation
 * of Abramowitz & Stegun 26.5.22 (via Cran, Martin & Thomas, AS 109) when
 * both parameters are at least 1, else the leading term of the lower tail.
 */
void xpi_sf_inc_beta_inv(double a, double b, double p, double q, double *x, double *y)
{
    if (p <= 0.0) {
        *x = 0.0;
        *y = 1.0;
        return;
    }
    if (q <= 0.0) {
        *x = 1.0;
        *y = 0.0;
        return;
    }
    double Ih, Jh;
    xpi_sf_inc_beta(a, b, 0.5, 0.5, &Ih, &Jh);
    int flip = p > Ih; /* root above 1/2: solve for y with I_y(b, a) = q */
    double al = flip ? b : a, be = flip ? a : b;
    double pl = flip ? q : p, pu = flip ? p : q; /* lower / upper targets in v */
    const int use_lower = pl <= pu;
    const double target = use_lower ? pl : pu;
    const double log_target = log(target);
    /* log(alpha B(alpha, beta)) */
    const double log_aB = xpi_sf_lgamma1p(al) - xpi_sf_lgamma_ratio(be, al);

    double v;
    if (al >= 1.0 && be >= 1.0) {
        double zp = use_lower ? -xpi_sf_norm_ppf(pl) : xpi_sf_norm_ppf(pu);
        double lam = (zp * zp - 3.0) / 6.0;
        double s = 1.0 / (2.0 * al - 1.0), t = 1.0 / (2.0 * be - 1.0);
        double h = 2.0 / (s + t);
        double w = zp * sqrt(h + lam) / h - (t - s) * (lam + 5.0 / 6.0 - 2.0 / (3.0 * h));
        v = al / (al + be * exp(2.0 * w));
    } else {
        double lp = use_lower ? log_target : log1p(-pu);
        v = exp((lp + log_aB) / al);
    }
    if (!(v > 0.0) || v > 0.5)
        v = (v > 0.5) ? 0.5 : DBL_MIN;

    double lo = 0.0, hi = 0.5;
    for (int iter = 0; iter < 200; iter++) {
        double I, J;
        xpi_sf_inc_beta(al, be, v, 1.0 - v, &I, &J);
        double tail = use_lower ? I : J;
        if (tail == target)
            break;
        if ((tail < target) == use_lower)
            lo = v;
        else
            hi = v;
        /* v times the density */
        double dens = xpi_sf_beta_prefactor(al, be, v, 1.0 - v) / (1.0 - v);
        double vn;
        if (tail > 0.0 && dens > 0.0) {
            double r = log(tail) - log_target;
            if (fabs(r) <= 2.0 * DBL_EPSILON)
                break;
            double slope = (use_lower ? dens : -dens) / tail;
            vn = v * exp(-r / slope);
        } else {
            vn = XPI_SF_NAN;
        }
        if (!(vn > lo && vn < hi)) {
            if (fabs(vn - v) <= 1e-12 * v)
                break; /* a tiny step against the bracket is evaluation noise */
            if (lo > 0.0 && hi > 4.0 * lo)
                vn = sqrt(lo * hi);
            else if (lo > 0.0)
                vn = 0.5 * (lo + hi);
            else
                vn = hi * 1e-3; /* no lower bound yet: walk down geometrically */
        }
        int done = fabs(vn - v) <= 0.5 * DBL_EPSILON * v;
        v = vn;
        if (done)
            break;
    }
    if (flip) {
        *y = v;
        *x = 1.0 - v;
    } else {
        *x = v;
        *y = 1.0 - v;
    }
}
