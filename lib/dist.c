/*
 * Public distribution functions (declared in xpi.h): argument checking,
 * support ends, and the mapping of each distribution onto the special
 * functions of specfun.h. Methods and sources: docs/methods.md
 * ("Distributions") and the comments in specfun*.c.
 */
#include "xpi.h"

#include <math.h>

#include "specfun.h"

/* Beyond this many degrees of freedom the t and normal tails agree to
 * within 1e-13 even at |t| = 38, where both underflow. */
#define T_NORMAL_DF 1e25

static int is_prob(double p)
{
    return p >= 0.0 && p <= 1.0; /* false for NaN */
}

static int is_positive_finite(double v)
{
    return v > 0.0 && v < XPI_SF_INF; /* false for NaN */
}

/* ---- Normal ------------------------------------------------------------ */

double xpi_norm_cdf(double x)
{
    return xpi_sf_norm_sf(-x);
}

double xpi_norm_sf(double x)
{
    return xpi_sf_norm_sf(x);
}

double xpi_norm_ppf(double p)
{
    if (!is_prob(p))
        return XPI_SF_NAN;
    if (p == 0.0)
        return -XPI_SF_INF;
    if (p == 1.0)
        return XPI_SF_INF;
    return xpi_sf_norm_ppf(p);
}

/* ---- Student t --------------------------------------------------------- */

/* P(T > |t|) = I_x(df/2, 1/2) / 2 with x = df / (df + t^2), y = t^2 /
 * (df + t^2) (A&S 26.7.1), both formed directly so that the smaller keeps
 * its relative accuracy and t^2 never overflows. */
static double t_tail(double t, double df)
{
    t = fabs(t);
    if (t == 0.0)
        return 0.5;
    if (t == XPI_SF_INF)
        return 0.0;
    double x, y;
    if (t < sqrt(df)) {
        double s = t * t / df;
        x = 1.0 / (1.0 + s);
        y = s / (1.0 + s);
    } else {
        double r = df / t / t;
        if (r < 1e-280) {
            /* x = r (1 + O(r)) may underflow while the tail does not (df
             * small, |t| huge). There I_x(a, 1/2) = x^a / (a B(a, 1/2))
             * (1 + O(x)): evaluate it in logs. */
            double a = 0.5 * df;
            double log_x = log(df) - 2.0 * log(t);
            double log_aB = xpi_sf_lgamma1p(a) - xpi_sf_lgamma_ratio(0.5, a);
            return 0.5 * exp(a * log_x - log_aB);
        }
        x = r / (1.0 + r);
        y = 1.0 / (1.0 + r);
    }
    double I, J;
    xpi_sf_inc_beta(0.5 * df, 0.5, x, y, &I, &J);
    return 0.5 * I;
}

static int t_bad(double x, double df)
{
    return isnan(x) || !(df > 0.0); /* df NaN or <= 0 */
}

double xpi_t_cdf(double x, double df)
{
    if (t_bad(x, df))
        return XPI_SF_NAN;
    if (df > T_NORMAL_DF)
        return xpi_sf_norm_sf(-x);
    double tail = t_tail(x, df);
    return x <= 0.0 ? tail : 1.0 - tail;
}

double xpi_t_sf(double x, double df)
{
    if (t_bad(x, df))
        return XPI_SF_NAN;
    if (df > T_NORMAL_DF)
        return xpi_sf_norm_sf(x);
    double tail = t_tail(x, df);
    return x >= 0.0 ? tail : 1.0 - tail;
}

double xpi_t_ppf(double p, double df)
{
    if (t_bad(p, df) || !is_prob(p))
        return XPI_SF_NAN;
    if (p == 0.0)
        return -XPI_SF_INF;
    if (p == 1.0)
        return XPI_SF_INF;
    if (p == 0.5)
        return 0.0;
    if (df > T_NORMAL_DF)
        return xpi_sf_norm_ppf(p);
    /* The tail beyond |t| is tail = I_x(df/2, 1/2) / 2: invert the beta for
     * (x, y) with I_x = 2 tail and recover t^2 = df y / x. 1 - p is exact
     * for p >= 1/2 and 1 - 2 tail is exact for tail >= 1/4. */
    double tail = p < 0.5 ? p : 1.0 - p;
    double a = 0.5 * df, t;
    /* Far out (small df, tiny tail) x underflows although t does not. There
     * I_x(a, 1/2) = x^a / (a B(a, 1/2)) (1 + O(x)) and t^2 = df (1 - x) / x,
     * so log x follows in closed form, exact to working precision. */
    double log_x = (log(2.0 * tail) + xpi_sf_lgamma1p(a) - xpi_sf_lgamma_ratio(0.5, a)) / a;
    if (log_x < -650.0) {
        t = exp(0.5 * (log(df) - log_x));
    } else {
        double x, y;
        xpi_sf_inc_beta_inv(a, 0.5, 2.0 * tail, 1.0 - 2.0 * tail, &x, &y);
        t = sqrt(df) * sqrt(y) / sqrt(x);
    }
    return p < 0.5 ? -t : t;
}

/* ---- Gamma and chi-square ---------------------------------------------- */

double xpi_gamma_cdf(double x, double shape)
{
    if (isnan(x) || !is_positive_finite(shape))
        return XPI_SF_NAN;
    double P, Q;
    xpi_sf_inc_gamma(shape, x, &P, &Q);
    return P;
}

double xpi_gamma_sf(double x, double shape)
{
    if (isnan(x) || !is_positive_finite(shape))
        return XPI_SF_NAN;
    double P, Q;
    xpi_sf_inc_gamma(shape, x, &P, &Q);
    return Q;
}

double xpi_gamma_ppf(double p, double shape)
{
    if (!is_prob(p) || !is_positive_finite(shape))
        return XPI_SF_NAN;
    /* 1 - p is exact when p >= 1/2, the only case where it is the smaller. */
    return xpi_sf_inc_gamma_inv(shape, p, 1.0 - p);
}

/* df / 2, except that the smallest subnormal df stays positive. */
static double chi2_shape(double df)
{
    double shape = 0.5 * df;
    return (shape == 0.0 && df > 0.0) ? df : shape;
}

double xpi_chi2_cdf(double x, double df)
{
    return xpi_gamma_cdf(0.5 * x, chi2_shape(df));
}

double xpi_chi2_sf(double x, double df)
{
    return xpi_gamma_sf(0.5 * x, chi2_shape(df));
}

double xpi_chi2_ppf(double p, double df)
{
    return 2.0 * xpi_gamma_ppf(p, chi2_shape(df));
}

/* ---- Beta -------------------------------------------------------------- */

static int beta_bad(double a, double b)
{
    return !is_positive_finite(a) || !is_positive_finite(b);
}

double xpi_beta_cdf(double x, double a, double b)
{
    if (isnan(x) || beta_bad(a, b))
        return XPI_SF_NAN;
    if (x <= 0.0)
        return 0.0;
    if (x >= 1.0)
        return 1.0;
    double I, J;
    xpi_sf_inc_beta(a, b, x, 1.0 - x, &I, &J);
    return I;
}

double xpi_beta_sf(double x, double a, double b)
{
    if (isnan(x) || beta_bad(a, b))
        return XPI_SF_NAN;
    if (x <= 0.0)
        return 1.0;
    if (x >= 1.0)
        return 0.0;
    double I, J;
    xpi_sf_inc_beta(a, b, x, 1.0 - x, &I, &J);
    return J;
}

double xpi_beta_ppf(double p, double a, double b)
{
    if (!is_prob(p) || beta_bad(a, b))
        return XPI_SF_NAN;
    double x, y;
    xpi_sf_inc_beta_inv(a, b, p, 1.0 - p, &x, &y);
    return x;
}

/* ---- Binomial ---------------------------------------------------------- */

static int binom_bad(double n, double p)
{
    return !(n >= 0.0 && n < 9007199254740992.0 && n == floor(n)) || !is_prob(p);
}

/* P(X <= k) and P(X > k) for integer 0 <= k < n and 0 < p < 1, as the beta
 * ratios P(X > k) = I_p(k + 1, n - k) (A&S 26.5.24). Both p and 1 - p are
 * exact where they are the smaller. */
static void binom_tails(double k, double n, double p, double *cdf, double *sf)
{
    xpi_sf_inc_beta(k + 1.0, n - k, p, 1.0 - p, sf, cdf);
}

double xpi_binom_cdf(double k, double n, double p)
{
    if (isnan(k) || binom_bad(n, p))
        return XPI_SF_NAN;
    k = floor(k);
    if (k < 0.0)
        return 0.0;
    if (k >= n || p == 0.0)
        return 1.0;
    if (p == 1.0)
        return 0.0;
    double cdf, sf;
    binom_tails(k, n, p, &cdf, &sf);
    return cdf;
}

double xpi_binom_sf(double k, double n, double p)
{
    if (isnan(k) || binom_bad(n, p))
        return XPI_SF_NAN;
    k = floor(k);
    if (k < 0.0)
        return 1.0;
    if (k >= n || p == 0.0)
        return 0.0;
    if (p == 1.0)
        return 1.0;
    double cdf, sf;
    binom_tails(k, n, p, &cdf, &sf);
    return sf;
}

/* cdf(k) >= q, judged on the smaller side: for q > 1/2 as sf(k) <= 1 - q
 * (1 - q exact there), which keeps upper quantiles exact when the cdf
 * rounds to 1. */
static int binom_reaches(double k, double n, double p, double q)
{
    if (k >= n)
        return 1;
    double cdf, sf;
    binom_tails(k, n, p, &cdf, &sf);
    return q <= 0.5 ? cdf >= q : sf <= 1.0 - q;
}

double xpi_binom_ppf(double q, double n, double p)
{
    if (!is_prob(q) || binom_bad(n, p))
        return XPI_SF_NAN;
    if (q == 0.0 || p == 0.0 || n == 0.0)
        return 0.0;
    if (q == 1.0 || p == 1.0)
        return n;

    /* Start from the Cornish-Fisher normal approximation with skewness
     * correction, then gallop and bisect on the integers: a handful of
     * evaluations when the start is close, O(log n) when it is not. */
    double mu = n * p, sd = sqrt(n * p * (1.0 - p));
    double z = q < 0.5 ? xpi_sf_norm_ppf(q) : -xpi_sf_norm_ppf(1.0 - q);
    double k = floor(mu + sd * z + (z * z - 1.0) * (1.0 - 2.0 * p) / 6.0 - 0.5);
    if (!(k >= 0.0))
        k = 0.0;
    if (k > n)
        k = n;

    /* Invariant after galloping: reaches(hi) and not reaches(lo), lo < hi
     * (lo = -1 stands for "below the support"). */
    double lo, hi, step = 1.0;
    if (binom_reaches(k, n, p, q)) {
        hi = k;
        lo = k - step;
        while (lo >= 0.0 && binom_reaches(lo, n, p, q)) {
            hi = lo;
            step *= 2.0;
            lo = hi - step;
        }
        if (lo < 0.0)
            lo = -1.0;
    } else {
        lo = k;
        hi = k + step;
        while (hi < n && !binom_reaches(hi, n, p, q)) {
            lo = hi;
            step *= 2.0;
            hi = lo + step;
        }
        if (hi > n)
            hi = n;
    }
    while (hi - lo > 1.0) {
        double mid = floor(lo + 0.5 * (hi - lo));
        if (mid >= 0.0 && binom_reaches(mid, n, p, q))
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}
