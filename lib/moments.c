/*
 * Weighted and unweighted moments of a per-response value y over a tally,
 * from per-score sums alone. Every estimate and, later, every test uses
 * these, so the weighting rules live in one place:
 *
 *  - Data are weighted when some score point's weight sums differ from its
 *    count, i.e. some weight is not exactly 1. Unweighted data keep the
 *    classic formulas.
 *  - Kish (1965) effective size n_eff = (sum w)^2 / sum w^2.
 *  - Linearization (Taylor) variance of the weighted mean, one stratum,
 *    with replacement (Kish 1965; R survey's svymean):
 *      V = n / (n - 1) * sum_i w_i^2 (y_i - ybar_w)^2 / (sum w)^2,
 *    and sum_i w_i^2 (y_i - ybar_w)^2 = sum_s W2_s (y_s - ybar_w)^2 needs
 *    only the per-score sums of squared weights W2_s.
 */
#include "xpi_internal.h"

static int is_weighted(const xpi_tally *t)
{
    size_t i;
    for (i = 0; i < t->points; i++) {
        double c = (double)t->count[i];
        if (t->sum_w[i] != c || t->sum_w2[i] != c)
            return 1;
    }
    return 0;
}

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
    double n = 0.0, w = 0.0, w2 = 0.0, wy = 0.0, wlow = 0.0, whigh = 0.0;
    double ss_count = 0.0, ss_w2 = 0.0;
    size_t i;

    for (i = 0; i < t->points; i++) {
        int32_t score = (int32_t)((int64_t)t->scale.min + (int64_t)i);
        n += (double)t->count[i];
        w += t->sum_w[i];
        w2 += t->sum_w2[i];
        wy += t->sum_w[i] * xpi_stat_value(&t->scale, stat, score);
        if (score <= t->scale.low_max)
            wlow += t->sum_w[i];
        if (score >= t->scale.high_min)
            whigh += t->sum_w[i];
    }
    m->n = n;
    m->sum_w = w;
    m->weighted = n > 1.0 && is_weighted(t);
    if (n == 0.0) {
        m->n_eff = 0.0;
        m->mean = m->var_pop = m->var_lin = m->low_w = m->high_w = 0.0;
        return;
    }
    m->mean = wy / w;
    m->low_w = wlow;
    m->high_w = whigh;
    /* Second pass around the mean: no cancellation. */
    for (i = 0; i < t->points; i++) {
        int32_t score = (int32_t)((int64_t)t->scale.min + (int64_t)i);
        double dy = xpi_stat_value(&t->scale, stat, score) - m->mean;
        ss_count += (double)t->count[i] * dy * dy;
        ss_w2 += t->sum_w2[i] * dy * dy;
    }
    m->var_pop = ss_count / n;
    if (m->weighted) {
        m->n_eff = w * w / w2;
        m->var_lin = n / (n - 1.0) * ss_w2 / (w * w);
    } else {
        m->n_eff = n;
        m->var_lin = 0.0;
    }
}
