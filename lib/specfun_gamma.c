/*
 * Regularized incomplete gamma ratios P(a, x), Q(a, x) and their inverse.
 *
 * Regions (each chosen so that its expansion converges in a bounded number
 * of terms and the ratio it produces directly is the smaller one or close
 * to 1/2, so the other follows as 1 - it without cancellation):
 *  - a >= 100 and |w| <= 0.3, where w ~ (x - a) / a is Temme's variable:
 *    his uniform asymptotic expansion (specfun.c). Near x = a the series and
 *    continued fractions need O(sqrt a) terms, and just beyond their
 *    switch-over the fractions' values grow like sqrt(a) / |z|, amplifying
 *    rounding; the expansion has neither problem in the whole band;
 *  - a < 1 and x <= 1.1: the power series for P and, for Q, the series
 *    rearranged so that 1 - x^a / Gamma(a + 1) is computed by expm1
 *    (DiDonato & Morris 1986, their "Q for small a");
 *  - x < a: the continued fraction for P that is the b -> infinity limit
 *    of the incomplete beta one (Numerical Recipes 6.4, modified Lentz);
 *  - otherwise: Legendre's continued fraction for Q (A&S 6.5.31).
 * The prefactor x^a e^-x / Gamma(a + 1) is formed in saddle-point form,
 * exp(-a (d - log1p d) - delta(a)) / sqrt(2 pi a) with d = (x - a) / a and
 * delta the Stirling error (Loader 2000, "Fast and accurate computation of
 * binomial probabilities"), so no large log-gammas cancel.
 *
 * References: DiDonato & Morris (1986), ACM TOMS 12, 377-393; Temme (1979),
 * SIAM J. Math. Anal. 10, 757-766; Wilson & Hilferty (1931), PNAS 17,
 * 684-688 (starting value of the inverse).
 */
#include "specfun.h"

#include <float.h>
#include <math.h>

double xpi_sf_gamma_prefactor(double a, double x)
{
    if (x <= 0.0 || isinf(x))
        return 0.0;
    if (a < 1.0) /* every term is O(|log x| + x): no cancellation to avoid */
        return exp(a * log(x) - x - xpi_sf_lgamma1p(a));
    double d = (x - a) / a, e;
    if (d >= -0.5)
        e = a * xpi_sf_log1pmx(d);
    else /* log1p(d) would lose the digits of x / a; x / a itself is exact enough */
        e = a * log(x / a) + (a - x);
    return exp(e - xpi_sf_stirlerr(a)) * XPI_SF_INV_SQRT_2PI / sqrt(a);
}

/* P(a, x) / prefactor as the continued fraction
 * 1 / (1 + d1 / (1 + d2 / (1 + ...))), d_{2m+1} = -(a + m) x / ((a + 2m)
 * (a + 2m + 1)), d_{2m} = m x / ((a + 2m - 1)(a + 2m)): the limit of the
 * incomplete beta fraction (NR 6.4.5) for b -> infinity with x -> x / b.
 * Converges fast for x well below a. */
static double lower_cf(double a, double x)
{
    double f = 1.0, C = 1.0, D = 0.0;
    for (int n = 1; n < XPI_SF_CF_MAX_ITER; n++) {
        int m = n / 2;
        double an;
        if (n % 2 == 1) /* ratios first: the products overflow for a > 1e154 */
            an = -((a + m) / (a + 2.0 * m)) * (x / (a + 2.0 * m + 1.0));
        else
            an = (m / (a + 2.0 * m - 1.0)) * (x / (a + 2.0 * m));
        double delta = xpi_sf_lentz_step(&C, &D, an, 1.0);
        f *= delta;
        if (fabs(delta - 1.0) < XPI_SF_CF_EPS)
            break;
    }
    return 1.0 / f;
}

/* Legendre's continued fraction for Gamma(a, x) e^x x^-a (A&S 6.5.31) in
 * its even form x + 1 - a - 1 (1 - a) / (x + 3 - a - 2 (2 - a) / ...),
 * returned as its reciprocal. Converges fast for x well above a. */
static double upper_cf(double a, double x)
{
    double f = x + 1.0 - a;
    if (f == 0.0)
        f = XPI_SF_CF_TINY;
    double C = f, D = 0.0;
    for (int m = 1; m < XPI_SF_CF_MAX_ITER; m++) {
        double delta = xpi_sf_lentz_step(&C, &D, -m * (m - a), x + 2.0 * m + 1.0 - a);
        f *= delta;
        if (fabs(delta - 1.0) < XPI_SF_CF_EPS)
            break;
    }
    return 1.0 / f;
}

/* Small a, x <= 1.1. With S = sum_{n>=1} (-x)^n / (n! (a + n)),
 * P = x^a / Gamma(a + 1) (1 + a S) and
 * Q = -expm1(a log x - log Gamma(1 + a)) - x^a / Gamma(a + 1) a S
 * (DiDonato & Morris 1986): no 1 - P. For small a, Q ~ a E1(x) while the
 * two terms are about -a (log x + gamma) and a (E1(x) + gamma + log x), so
 * above x = e^-gamma they cancel partly, by at most a factor 5 at x = 1.1. */
static void small_a(double a, double x, double *lower, double *upper)
{
    double s = 0.0, term = 1.0;
    for (int n = 1; n < 200; n++) {
        term *= -x / n;
        double t = term / (a + n);
        s += t;
        if (fabs(t) <= 1e-17 * fabs(s))
            break;
    }
    double lg = a * log(x) - xpi_sf_lgamma1p(a);
    double xa = exp(lg); /* x^a / Gamma(a + 1) */
    *lower = xa * (1.0 + a * s);
    *upper = -expm1(lg) - xa * a * s;
}

/* Temme's expansion when it applies (see the file comment); returns 0 if
 * the point is outside its region. */
static int uniform(double a, double x, double *lower, double *upper)
{
    if (a < 100.0)
        return 0;
    double d = (x - a) / a;
    if (fabs(d) > 0.5)
        return 0;
    double S = -a * xpi_sf_log1pmx(d); /* a w^2 / 2 */
    double w = sqrt(2.0 * S / a);
    if (w > 0.3)
        return 0;
    if (d < 0.0)
        w = -w;
    double G = xpi_sf_uniform_series(0.0, w, a);
    double R = exp(-S - xpi_sf_stirlerr(a)) * XPI_SF_INV_SQRT_2PI / sqrt(a) * G;
    double z = d < 0.0 ? -sqrt(2.0 * S) : sqrt(2.0 * S); /* w sqrt(a) */
    *upper = xpi_sf_norm_sf(z) + R;
    *lower = xpi_sf_norm_sf(-z) - R;
    return 1;
}

void xpi_sf_inc_gamma(double a, double x, double *lower, double *upper)
{
    if (x <= 0.0) {
        *lower = 0.0;
        *upper = 1.0;
        return;
    }
    if (isinf(x)) {
        *lower = 1.0;
        *upper = 0.0;
        return;
    }
    if (uniform(a, x, lower, upper))
        return;
    if (a < 1.0 && x <= 1.1) {
        small_a(a, x, lower, upper);
        return;
    }
    /* Outside the uniform band a vanishing prefactor means a vanishing
     * tail (the fractions are O(1 / |d|) there). */
    double f = xpi_sf_gamma_prefactor(a, x);
    if (x < a) {
        *lower = f > 0.0 ? f * lower_cf(a, x) : 0.0;
        *upper = 1.0 - *lower;
    } else {
        *upper = f > 0.0 ? a * f * upper_cf(a, x) : 0.0;
        *lower = 1.0 - *upper;
    }
}

/* ---------------------------------------------------------------------- */
/* Inverse                                                                 */
/* ---------------------------------------------------------------------- */

/*
 * Newton's method on log(tail) as a function of log x, where tail is the
 * smaller of P and Q at the target: in these coordinates both tails are
 * close to straight lines (P ~ x^a / Gamma(a + 1) near 0, log Q ~ -x far
 * out), so a few steps suffice, and the residual log(tail / target) is the
 * relative backward error itself. A bracket [lo, hi] is kept and a step
 * leaving it is replaced by bisection (geometric when the bracket spans
 * decades). Starting values: Wilson & Hilferty's (1931) cube-root normal
 * approximation for a >= 1; for small a the leading terms of the tails,
 * P ~ x^a / Gamma(a + 1) and Q ~ x^(a-1) e^-x / Gamma(a). Since
 * P(a, x) <= x^a / Gamma(a + 1), the first of these is also a lower bound.
 */
double xpi_sf_inc_gamma_inv(double a, double p, double q)
{
    if (p <= 0.0)
        return 0.0;
    if (q <= 0.0)
        return XPI_SF_INF;
    const int use_lower = p <= q;
    const double target = use_lower ? p : q;
    const double log_target = log(target);

    /* P(a, x) <= x^a / Gamma(a + 1) gives x >= x_min for the root. */
    double lo = exp((log(p) + xpi_sf_lgamma1p(a)) / a);
    double hi = XPI_SF_INF;
    /* So far down, e^-x = 1 and P = x^a / Gamma(a + 1) to working
     * precision: the bound is the root (possibly subnormal or 0). */
    if (use_lower && lo < 1e-200)
        return lo;
    double x;
    double z = use_lower ? xpi_sf_norm_ppf(p) : -xpi_sf_norm_ppf(q);
    double c = 1.0 - 1.0 / (9.0 * a) + z / (3.0 * sqrt(a));
    if (a >= 1.0 && c > 0.1) {
        x = a * c * c * c;
    } else if (use_lower) {
        x = lo;
    } else {
        /* Q ~ x^(a-1) e^-x / Gamma(a): one fixed-point step from -log q. */
        double t = -log_target - xpi_sf_lgamma(a);
        if (t < 1.0)
            t = 1.0;
        x = t + (a - 1.0) * log(t);
        if (!(x > 0.0))
            x = t;
    }
    if (x < lo)
        x = lo;
    if (!(lo > 0.0))
        lo = 0.0;

    for (int iter = 0; iter < 100; iter++) {
        double P, Q;
        xpi_sf_inc_gamma(a, x, &P, &Q);
        double tail = use_lower ? P : Q;
        if (tail == target)
            return x;
        /* Is the root above x? */
        if ((tail < target) == use_lower)
            lo = x;
        else
            hi = x;
        double dens = a * xpi_sf_gamma_prefactor(a, x); /* x * density */
        double xn;
        if (tail > 0.0 && dens > 0.0) {
            double r = log(tail) - log_target;
            if (fabs(r) <= 2.0 * DBL_EPSILON)
                return x;
            double slope = (use_lower ? dens : -dens) / tail; /* d log tail / d log x */
            xn = x * exp(-r / slope);
        } else {
            xn = XPI_SF_NAN;
        }
        if (!(xn > lo && xn < hi)) {
            /* A tiny step against the bracket is evaluation noise: the
             * root is found to the accuracy of P and Q themselves. */
            if (fabs(xn - x) <= 1e-12 * x)
                return x;
            if (hi == XPI_SF_INF)
                xn = 4.0 * x + 1.0;
            else if (lo > 0.0 && hi > 4.0 * lo)
                xn = sqrt(lo * hi);
            else
                xn = 0.5 * (lo + hi);
        }
        /* A step below half an ulp would change nothing. */
        if (fabs(xn - x) <= 0.5 * DBL_EPSILON * x)
            return xn;
        x = xn;
    }
    return x;
}
