/*
 * Weighted and unweighted moments of a per-response value y over a tally,
 * from per-score sums alone. Every estimate and, later, every test uses
 * these, so the weighting rules live in one place:
 *
 *  - Data are weighted when some weight added to the tally was not exactly
 *    1 (the tally keeps that flag). Unweighted data keep the classic
 *    formulas.
 *  - Kish (1965) effective size n_eff = (sum w)^2 / sum w^2, which lies
 *    in [1, n] by Cauchy-Schwarz; it is clamped there so that rounding
 *    (or a deserialized tally at the edge of consistency) cannot step out.
 *  - (sum w)^2 is never formed and W2_s is divided by sum w before it is
 *    multiplied: weights up to 1e154 have squared sums near DBL_MAX, so
 *    n_eff is w * (w / w2) and V sums (W2_s / w) (y_s - ybar_w)^2 / w.
 *  - Linearization (Taylor) variance of the weighted mean, one stratum,
 *    with replacement (Kish 1965; R survey's svymean):
 *      V = n / (n - 1) * sum_i w_i^2 (y_i - ybar_w)^2 / (sum w)^2,
 *    and sum_i w_i^2 (y_i - ybar_w)^2 = sum_s W2_s (y_s - ybar_w)^2 needs
 *    only the per-score sums of squared weights W2_s.
 */
#include <math.h>

#include "xpi_internal.h"

double xpi_stat_value(const xpi_scale *s, int32_t stat, int32_t score)
{
    switch (stat) {
    case XPI_STAT_NET:
        return score >= s->high_min ? 1.0 : score <= s->low_max ? -1.0 : 0.0;
    case XPI_STAT_TOP:
        return score >= s->high_min ? 1.0 : 0.0;
    case XPI_STAT_BOTTOM:
        return score <= s->low_max ? 1.0 : 0.0;
    default:
        return (double)score;
    }
}

void xpi_moments_compute(const xpi_tally *t, int32_t stat, xpi_moments *m)
{
    double n = 0.0, w = 0.0, w2 = 0.0, wy = 0.0, wlow = 0.0, whigh = 0.0, weight = 0.0;
    double ss_count = 0.0, ss_w = 0.0, ss_w2 = 0.0, y_lo = HUGE_VAL, y_hi = -HUGE_VAL;
    double cw_ref = 0.0, y_ref = 0.0, shift = 0.0;
    /* One weighted response is no different from an unweighted one. */
    int weighted = t->weighted && t->total_n > 1;
    size_t i;

    for (i = 0; i < t->points; i++) {
        int32_t score = (int32_t)((int64_t)t->scale.min + (int64_t)i);
        double c = (double)t->count[i];
        /* Unweighted data use the exact counts, never the weight sums. */
        double cw = weighted ? t->sum_w[i] : c, y = xpi_stat_value(&t->scale, stat, score);
        if (c > 0.0) {
            y_lo = y < y_lo ? y : y_lo;
            y_hi = y > y_hi ? y : y_hi;
        }
        if (cw > cw_ref) {
            cw_ref = cw;
            y_ref = y;
        }
        n += c;
        weight += t->weighted ? t->sum_w[i] : c;
        w += cw;
        w2 += weighted ? t->sum_w2[i] : c;
        wy += cw * y;
        if (score <= t->scale.low_max)
            wlow += cw;
        if (score >= t->scale.high_min)
            whigh += cw;
    }
    m->n = n;
    m->sum_w = w;
    m->weight = weight;
    m->weighted = weighted;
    if (n == 0.0) {
        m->n_eff = 0.0;
        m->mean = m->var_pop = m->var_w = m->var_lin = m->low_w = m->high_w = 0.0;
        return;
    }
    /* A weighted mean can round past the values it averages (sums near
     * 1e24, or one value): keep it among them, so that responses all on
     * one score give exactly that score and no spread. */
    m->mean = wy / w;
    m->mean = m->mean < y_lo ? y_lo : m->mean > y_hi ? y_hi : m->mean;
    m->low_w = wlow;
    m->high_w = whigh;
    /* Spread around the exact mean, y_ref + shift, with y_ref the value of
     * the heaviest point: its residual is -shift, tiny and accurate when
     * it dominates, where y - (the rounded mean) would be an ulp of noise
     * that the order of summation decides. Shares of w first: the sums
     * may be near the top of the range. */
    for (i = 0; i < t->points; i++) {
        int32_t score = (int32_t)((int64_t)t->scale.min + (int64_t)i);
        double cw = weighted ? t->sum_w[i] : (double)t->count[i];
        shift += cw / w * (xpi_stat_value(&t->scale, stat, score) - y_ref);
    }
    for (i = 0; i < t->points; i++) {
        int32_t score = (int32_t)((int64_t)t->scale.min + (int64_t)i);
        double dy = (xpi_stat_value(&t->scale, stat, score) - y_ref) - shift, dy2 = dy * dy;
        ss_count += (double)t->count[i] * dy2;
        if (weighted) {
            ss_w += t->sum_w[i] / w * dy2;
            ss_w2 += t->sum_w2[i] / w * dy2;
        }
    }
    m->var_pop = ss_count / n;
    m->var_w = weighted ? ss_w : m->var_pop;
    if (weighted) {
        double n_eff = w * (w / w2);
        m->n_eff = n_eff < 1.0 ? 1.0 : n_eff > n ? n : n_eff;
        m->var_lin = n / (n - 1.0) * (ss_w2 / w);
    } else {
        m->n_eff = n;
        m->var_lin = 0.0;
    }
}

int xpi_stat_resolve(const xpi_tally *t, int32_t stat, int32_t *resolved)
{
    if (stat == XPI_STAT_DEFAULT)
        stat = t->scale.default_stat;
    if (stat < XPI_STAT_NET || stat > XPI_STAT_MEAN)
        return XPI_ERR_INVALID_ARG;
    *resolved = stat;
    return XPI_OK;
}

int xpi_method_applies(int32_t stat, int32_t method)
{
    switch (method) {
    case XPI_CI_DEFAULT:
    case XPI_CI_WALD:
    case XPI_CI_BOOTSTRAP:
    case XPI_CI_BAYES:
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

double xpi_stat_unit(int32_t stat)
{
    return stat == XPI_STAT_MEAN ? 1.0 : 100.0;
}

int xpi_summarize(const xpi_tally *t, int32_t stat, xpi_summary *out)
{
    xpi_summary s;
    xpi_moments_compute(t, stat, &s.m);
    if (s.m.n == 0.0)
        return XPI_ERR_NOT_ENOUGH_DATA;
    s.size = s.m.weighted ? s.m.n_eff : s.m.n;
    s.value = s.m.mean;
    s.high = s.m.high_w / s.m.sum_w;
    s.low = s.m.low_w / s.m.sum_w;
    s.x = 0.0;
    s.df = s.size - 1.0;
    if (stat == XPI_STAT_MEAN) {
        if (!(s.df > 0.0))
            return XPI_ERR_NOT_ENOUGH_DATA;
        s.var = s.m.weighted ? s.m.var_lin : s.m.var_pop / (s.m.n - 1.0);
    } else {
        double band_w = stat == XPI_STAT_BOTTOM ? s.m.low_w : s.m.high_w;
        s.var = s.m.weighted ? s.m.var_lin : s.m.var_pop / s.m.n;
        /* Unweighted band sums are exact counts: keep them exact. */
        if (stat != XPI_STAT_NET)
            s.x = s.m.weighted ? band_w / s.m.sum_w * s.size : band_w;
    }
    *out = s;
    return XPI_OK;
}

int xpi_pair_status(const xpi_tally *a, const xpi_tally *b, int status)
{
    if (status == XPI_ERR_INVALID_ARG)
        return status;
    if (!xpi_scale_equal(&a->scale, &b->scale))
        return XPI_ERR_SCALE_MISMATCH;
    return status;
}

int xpi_summarize_any(const xpi_tally *t, int32_t stat, xpi_summary *out)
{
    if (xpi_summarize(t, stat, out) == XPI_OK)
        return 1;
    xpi_moments_compute(t, stat, &out->m);
    return 0;
}
