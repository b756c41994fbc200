/*
 * xpi_tally_estimate: resolves the statistic and method, summarizes the
 * tally once, and hands the interval to the statistic's family.
 * Formulas and sources: docs/methods.md.
 */
#include <math.h>

#include "xpi_internal.h"

/* Mean: t interval (Student 1908) with n - 1 degrees of freedom, or n_eff - 1
 * for weighted data; WALD uses the normal quantile instead. */
static void mean_interval(const xpi_scale *scale, const xpi_summary *s, int32_t method,
                          double alpha, double z, xpi_estimate *out)
{
    double se = sqrt(s->var);
    double q = method == XPI_CI_WALD ? z : -xpi_t_ppf(alpha / 2.0, s->df);
    /* se = 0 (all responses on one score) is a zero-width interval even
     * when a tiny df makes q infinite. */
    double half = se > 0.0 ? q * se : 0.0;
    out->value = s->value;
    out->se = se;
    out->lower = xpi_clip(s->value - half, scale->min, scale->max);
    out->upper = xpi_clip(s->value + half, scale->min, scale->max);
}

/* Net and proportions: computed on the fraction scale, reported in points or
 * percent. WALD is centred on the reported value itself: the families'
 * formulas re-derive it from band sums, which rounds differently when
 * weighted. */
static int share_interval(const xpi_summary *s, int32_t stat, int32_t method, double alpha,
                          double z, xpi_estimate *out)
{
    double se = sqrt(s->var);
    double lo_end = stat == XPI_STAT_NET ? -1.0 : 0.0;
    xpi_interval ci;
    int status = XPI_OK;
    if (method == XPI_CI_WALD) {
        ci.lower = s->value - z * se;
        ci.upper = s->value + z * se;
    } else if (stat == XPI_STAT_NET) {
        status = xpi_net_interval(method, s->high, s->low, s->size, z, &ci);
    } else {
        status = xpi_prop_interval(method, s->x, s->size, s->value, z, alpha, &ci);
    }
    if (status != XPI_OK)
        return status;
    out->value = 100.0 * s->value;
    out->se = 100.0 * se;
    out->lower = 100.0 * xpi_clip(ci.lower, lo_end, 1.0);
    out->upper = 100.0 * xpi_clip(ci.upper, lo_end, 1.0);
    return XPI_OK;
}

int xpi_summary_estimate(const xpi_scale *scale, const xpi_summary *s, int32_t stat,
                         int32_t method, double alpha, double z, xpi_estimate *out)
{
    out->n = s->m.n;
    out->n_eff = s->m.n_eff;
    if (stat == XPI_STAT_MEAN) {
        mean_interval(scale, s, method, alpha, z, out);
        return XPI_OK;
    }
    return share_interval(s, stat, method, alpha, z, out);
}

int xpi_tally_estimate(const xpi_tally *t, int32_t stat, int32_t method, double confidence,
                       xpi_estimate *out)
{
    xpi_summary s;
    xpi_estimate e;
    double alpha, z;
    int status;

    if (t == NULL || out == NULL || !(confidence > 0.0 && confidence < 1.0))
        return XPI_ERR_INVALID_ARG;
    if (xpi_stat_resolve(t, stat, &stat) != XPI_OK || method < XPI_CI_DEFAULT ||
        method > XPI_CI_BAYES)
        return XPI_ERR_INVALID_ARG;
    if (!xpi_method_applies(stat, method))
        return XPI_ERR_NOT_APPLICABLE;
    if (method == XPI_CI_BOOTSTRAP)
        return xpi_tally_bootstrap(t, stat, XPI_BOOT_BCA, XPI_BOOTSTRAP_REPLICATES,
                                   XPI_DEFAULT_SEED, confidence, out);
    if (method == XPI_CI_BAYES)
        return xpi_tally_bayes(t, stat, stat == XPI_STAT_MEAN ? XPI_BAYES_SCALE : XPI_BAYES_BANDS,
                               0.5, XPI_BAYES_DRAWS, XPI_DEFAULT_SEED, confidence, out);
    status = xpi_summarize(t, stat, &s);
    if (status != XPI_OK)
        return status;

    alpha = 1.0 - confidence;
    /* The lower-tail quantile keeps full precision for any confidence. */
    z = -xpi_norm_ppf(alpha / 2.0);
    status = xpi_summary_estimate(&t->scale, &s, stat, method, alpha, z, &e);
    if (status != XPI_OK)
        return status;
    *out = e;
    return XPI_OK;
}
