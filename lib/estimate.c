/*
 * xpi_tally_estimate: resolves the statistic and method, computes the
 * moments once, and hands the interval to the statistic's family.
 * Formulas and sources: docs/methods.md.
 */
#include <math.h>

#include "xpi_internal.h"

static int method_applies(int32_t stat, int32_t method)
{
    switch (method) {
    case XPI_CI_DEFAULT:
    case XPI_CI_WALD:
        return 1;
    case XPI_CI_ADJUSTED_WALD:
    case XPI_CI_SCORE:
        return stat != XPI_STAT_MEAN;
    case XPI_CI_CLOPPER_PEARSON:
    case XPI_CI_JEFFREYS:
        return stat == XPI_STAT_TOP || stat == XPI_STAT_BOTTOM;
    case XPI_CI_T:
        return stat == XPI_STAT_MEAN;
    default:
        return 0;
    }
}

static double clip(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* Mean: t interval (Student 1908) with n - 1 degrees of freedom, or n_eff - 1
 * for weighted data; WALD uses the normal quantile instead. */
static int mean_estimate(const xpi_tally *t, const xpi_moments *m, int32_t method,
                         double alpha, double z, xpi_estimate *out)
{
    double var, df, q, se, half;
    if (m->n < 2.0)
        return XPI_ERR_NOT_ENOUGH_DATA;
    var = m->weighted ? m->var_lin : m->var_pop / (m->n - 1.0);
    df = m->weighted ? m->n_eff - 1.0 : m->n - 1.0;
    if (!(df > 0.0))
        return XPI_ERR_NOT_ENOUGH_DATA;
    se = sqrt(var);
    q = method == XPI_CI_WALD ? z : -xpi_t_ppf(alpha / 2.0, df);
    /* se = 0 (all responses on one score) is a zero-width interval even
     * when a tiny df makes q infinite. */
    half = se > 0.0 ? q * se : 0.0;
    out->value = m->mean;
    out->se = se;
    out->lower = clip(m->mean - half, t->scale.min, t->scale.max);
    out->upper = clip(m->mean + half, t->scale.min, t->scale.max);
    return XPI_OK;
}

/* Net and proportions: computed on the fraction scale, reported in points or
 * percent. */
static int share_estimate(const xpi_moments *m, int32_t stat, int32_t method, double alpha,
                          double z, xpi_estimate *out)
{
    double size = m->weighted ? m->n_eff : m->n;
    double se = sqrt(m->weighted ? m->var_lin : m->var_pop / m->n);
    double lo_end = stat == XPI_STAT_NET ? -1.0 : 0.0;
    xpi_interval ci;
    int status;

    if (stat == XPI_STAT_NET) {
        status = xpi_net_interval(method, m->high_w / m->sum_w, m->low_w / m->sum_w, size, z,
                                  se, &ci);
    } else {
        double band_w = stat == XPI_STAT_TOP ? m->high_w : m->low_w;
        /* Unweighted band sums are exact counts: keep them exact. */
        double x = m->weighted ? band_w / m->sum_w * size : band_w;
        status = xpi_prop_interval(method, x, size, z, alpha, se, &ci);
    }
    if (status != XPI_OK)
        return status;
    out->value = 100.0 * m->mean;
    out->se = 100.0 * se;
    out->lower = 100.0 * clip(ci.lower, lo_end, 1.0);
    out->upper = 100.0 * clip(ci.upper, lo_end, 1.0);
    return XPI_OK;
}

int xpi_tally_estimate(const xpi_tally *t, int32_t stat, int32_t method, double confidence,
                       xpi_estimate *out)
{
    xpi_moments m;
    xpi_estimate e;
    double alpha, z;
    int status;

    if (t == NULL || out == NULL || !(confidence > 0.0 && confidence < 1.0))
        return XPI_ERR_INVALID_ARG;
    if (stat == XPI_STAT_DEFAULT)
        stat = t->scale.default_stat;
    if (stat < XPI_STAT_NET || stat > XPI_STAT_MEAN || method < XPI_CI_DEFAULT ||
        method > XPI_CI_T)
        return XPI_ERR_INVALID_ARG;
    if (!method_applies(stat, method))
        return XPI_ERR_NOT_APPLICABLE;

    xpi_moments_compute(t, stat, &m);
    if (m.n == 0.0)
        return XPI_ERR_NOT_ENOUGH_DATA;
    alpha = 1.0 - confidence;
    /* The lower-tail quantile keeps full precision for any confidence. */
    z = -xpi_norm_ppf(alpha / 2.0);

    e.n = m.n;
    e.n_eff = m.n_eff;
    status = stat == XPI_STAT_MEAN ? mean_estimate(t, &m, method, alpha, z, &e)
                                   : share_estimate(&m, stat, method, alpha, z, &e);
    if (status != XPI_OK)
        return status;
    *out = e;
    return XPI_OK;
}
