/*
 * Intervals for one proportion p = x / m (Brown, Cai & DasGupta 2001 review
 * the methods). x need not be an integer: weighted data pass the weighted
 * share times the Kish effective size.
 */
#include <math.h>

#include "specfun.h"
#include "xpi_internal.h"

/* Wilson (1927): inverts the score test; (center +/- half) / (1 + z^2/m).
 * Each end is computed where it has no cancellation: the lower end as
 * p^2 / (center + half) (the same value; the direct form leaves a stray
 * 1e-15 at x = 0), the upper end directly for p <= 1/2 and otherwise as
 * the mirrored share's lower end, 1 - lower(1 - p), which is exactly 1 at
 * x = m. */
static double wilson_end(double p, double m, double z, int upper)
{
    double z2 = z * z;
    double center = p + z2 / (2.0 * m);
    double half = z * sqrt(p * (1.0 - p) / m + z2 / (4.0 * m * m));
    if (upper)
        return (center + half) / (1.0 + z2 / m);
    /* p = 0 with z = 0 (confidence below 1e-16) would be 0 / 0. */
    return p > 0.0 ? p * p / (center + half) : 0.0;
}

static void wilson(double x, double m, double z, xpi_interval *out)
{
    double p = x / m;
    out->lower = wilson_end(p, m, z, 0);
    out->upper = p <= 0.5 ? wilson_end(p, m, z, 1) : 1.0 - wilson_end((m - x) / m, m, z, 0);
}

/* Agresti & Coull (1998): Wald around (x + z^2/2) / (m + z^2). Both the
 * centre and its complement are formed from the counts, and each end on
 * the side where it is small, so that neither cancels: at x = m with m
 * beyond 1e16 the centre rounds to the double below 1 and the upper end,
 * formed directly, stayed below the estimate 1. */
static void agresti_coull(double x, double m, double z, xpi_interval *out)
{
    double mt = m + z * z;
    double pt = (x + z * z / 2.0) / mt, qt = (m - x + z * z / 2.0) / mt;
    double half = z * sqrt(pt * qt / mt);
    out->lower = pt <= 0.5 ? pt - half : 1.0 - (qt + half);
    out->upper = pt <= 0.5 ? pt + half : 1.0 - (qt - half);
}

/* Beta-quantile intervals: Clopper & Pearson (1934) uses Beta(x, m-x+1) and
 * Beta(x+1, m-x); Jeffreys (Brown et al. 2001) Beta(x+1/2, m-x+1/2) on both
 * sides. The inverse gives each end and its complement with their own
 * relative accuracy (1 - (a quantile near 1) cancelled to 0 for shares
 * below 1e-16). The ends are 0 at x = 0 and 1 at x = m (Brown et al.'s
 * boundary convention). */
static void beta_interval(double x, double m, double alpha, double lo_a, double lo_b,
                          double up_a, double up_b, xpi_interval *out)
{
    double rest;
    if (x <= 0.0)
        out->lower = 0.0;
    else
        xpi_sf_inc_beta_inv(lo_a, lo_b, alpha / 2.0, 1.0 - alpha / 2.0, &out->lower, &rest);
    if (x >= m)
        out->upper = 1.0;
    else
        xpi_sf_inc_beta_inv(up_a, up_b, 1.0 - alpha / 2.0, alpha / 2.0, &out->upper, &rest);
}

int xpi_prop_interval(int32_t method, double x, double m, double share, double z, double alpha,
                      xpi_interval *out)
{
    switch (method) {
    case XPI_CI_ADJUSTED_WALD:
        agresti_coull(x, m, z, out);
        break;
    case XPI_CI_DEFAULT:
    case XPI_CI_SCORE:
        wilson(x, m, z, out);
        break;
    case XPI_CI_CLOPPER_PEARSON:
        beta_interval(x, m, alpha, x, m - x + 1.0, x + 1.0, m - x, out);
        break;
    case XPI_CI_JEFFREYS:
        beta_interval(x, m, alpha, x + 0.5, m - x + 0.5, x + 0.5, m - x + 0.5, out);
        break;
    default:
        return XPI_ERR_NOT_APPLICABLE;
    }
    /* The ends never pass the reported share. Weighted data re-derive it
     * as x / m, which rounds differently, and their fractional x below
     * about 1/2 puts Jeffreys' quantile beyond it; there the end is the
     * share itself, which keeps the interval continuous as x goes to 0. */
    out->lower = out->lower < share ? out->lower : share;
    out->upper = out->upper > share ? out->upper : share;
    return XPI_OK;
}
