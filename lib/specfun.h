/*
 * Internal special functions behind the distributions in dist.c.
 *
 * Nothing here is exported: the library is built with hidden visibility and
 * these names carry no XPI_API. All functions are pure (no state, no errno).
 *
 * Files: specfun.c (log-gamma family, normal distribution, the uniform
 * asymptotic expansion shared by the gamma and beta ratios), specfun_gamma.c
 * (incomplete gamma ratios and their inverse), specfun_beta.c (incomplete
 * beta ratios and their inverse). Methods and sources are cited where they
 * are used and summarized in docs/methods.md ("Distributions").
 */
#ifndef XPI_SPECFUN_H
#define XPI_SPECFUN_H

#include <math.h>

/* INFINITY and NAN are float constants in C99; these spare every use an
 * explicit conversion (-Wdouble-promotion). */
#define XPI_SF_INF ((double)INFINITY)
#define XPI_SF_NAN ((double)NAN)

/* ln(sqrt(2 pi)) and 1/sqrt(2 pi). */
#define XPI_SF_LN_SQRT_2PI 0.91893853320467274178
#define XPI_SF_INV_SQRT_2PI 0.39894228040143267794

/* ---- Continued fractions ------------------------------------------------ */

/* The modified Lentz method (Lentz 1976; Thompson & Barnett 1986) evaluates
 * f = b0 + a1 / (b1 + a2 / (b2 + ...)) from the front: start with
 * f = C = b0 (XPI_SF_CF_TINY if b0 is 0) and D = 0, then for each term
 * multiply f by xpi_sf_lentz_step(&C, &D, a_k, b_k) until that factor is
 * within XPI_SF_CF_EPS of 1. TINY stands in for a zero denominator. */
#define XPI_SF_CF_TINY 1e-300
#define XPI_SF_CF_EPS 1e-16
#define XPI_SF_CF_MAX_ITER 10000

static inline double xpi_sf_lentz_step(double *C, double *D, double a, double b)
{
    double d = b + a * *D, c = b + a / *C;
    if (fabs(d) < XPI_SF_CF_TINY)
        d = XPI_SF_CF_TINY;
    if (fabs(c) < XPI_SF_CF_TINY)
        c = XPI_SF_CF_TINY;
    *D = 1.0 / d;
    *C = c;
    return c * *D;
}

/* ---- Log-gamma family (specfun.c) ------------------------------------- */

/* log Gamma(x) for x > 0. */
double xpi_sf_lgamma(double x);

/* log Gamma(1 + x) for x > -1, with full relative accuracy near x = 0. */
double xpi_sf_lgamma1p(double x);

/* The Stirling error delta(x) = log Gamma(x) - (x - 1/2) log x + x
 * - log sqrt(2 pi) for x > 0 (Loader's "stirlerr"; ~ 1/(12 x) for large x).
 * Accurate in absolute terms, which is what exponents need. */
double xpi_sf_stirlerr(double x);

/* log(1 + x) - x for x > -1, without cancellation near 0. */
double xpi_sf_log1pmx(double x);

/* log Gamma(b + a) - log Gamma(b) for a, b > 0, accurate (relative to a)
 * when a is small and b large. */
double xpi_sf_lgamma_ratio(double b, double a);

/* ---- Standard normal (specfun.c) -------------------------------------- */

/* Upper tail P(Z > x), full relative accuracy down to underflow. */
double xpi_sf_norm_sf(double x);

/* Quantile: the z with P(Z <= z) = p, for 0 < p < 1. */
double xpi_sf_norm_ppf(double p);

/* exp(-x^2 / 2) with the rounding error of x^2 kept out of the exponent. */
double xpi_sf_exp_halfsq(double x);

/* ---- Uniform asymptotic expansion (specfun.c) ------------------------- */

/* The remainder series G(w) = sum_k g_k(w) P^-k of Temme's uniform
 * expansion for the integral sqrt(P / 2 pi) int e^(-P t^2 / 2) h(t) dt whose
 * variable t is defined by
 *     -t^2 (1 + nu) / 2 = log(1 + u) + log(1 - nu u) / nu,   sign t = sign u
 * (nu = 0 reads log(1 + u) - u: the gamma case). 0 <= nu <= 1. The gamma and
 * beta ratios near their centres are
 *     lower = Phi(-w sqrt P) - E exp(-S) / sqrt(2 pi P) * G,
 *     upper = Phi(+w sqrt P) + E exp(-S) / sqrt(2 pi P) * G,
 * with S = P w^2 / 2 and E a ratio of Stirling corrections; see the callers.
 * Valid for |w| <= 0.3 and P >= 100. */
double xpi_sf_uniform_series(double nu, double w, double P);

/* ---- Incomplete gamma (specfun_gamma.c) ------------------------------- */

/* The regularized incomplete gamma ratios P(a, x) (lower) and Q(a, x)
 * (upper) for a > 0, x >= 0, each with full relative accuracy. */
void xpi_sf_inc_gamma(double a, double x, double *lower, double *upper);

/* x^a e^-x / Gamma(a + 1), for a > 0, x >= 0 (the density of the gamma
 * distribution times x / a). */
double xpi_sf_gamma_prefactor(double a, double x);

/* The x >= 0 with P(a, x) = p, Q(a, x) = q, where p + q = 1 (both given so
 * that the smaller keeps its relative accuracy). */
double xpi_sf_inc_gamma_inv(double a, double p, double q);

/* ---- Incomplete beta (specfun_beta.c) --------------------------------- */

/* The regularized incomplete beta ratio I_x(a, b) (lower) and its
 * complement (upper) for a, b > 0 and x + y = 1, 0 <= x <= 1. Both x and y
 * are taken so that the smaller of them carries its own relative accuracy
 * (callers such as the t distribution compute y directly). */
void xpi_sf_inc_beta(double a, double b, double x, double y, double *lower, double *upper);

/* x^a y^b / B(a, b) for x + y = 1, in the same careful form. */
double xpi_sf_beta_prefactor(double a, double b, double x, double y);

/* Solves I_x(a, b) = p (and 1 - I_x = q; p + q = 1) for x and y = 1 - x,
 * each returned with its own relative accuracy. */
void xpi_sf_inc_beta_inv(double a, double b, double p, double q, double *x, double *y);

#endif /* XPI_SPECFUN_H */
