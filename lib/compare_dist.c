/*
 * Tests on the whole distribution of scores: chi-square homogeneity across
 * any number of groups, and the Mann-Whitney U test of an ordinal shift
 * between two. Both work from per-category counts in O(groups x scale
 * points), never from responses. Formulas and sources: docs/methods.md.
 */
#include <math.h>
#include <string.h>

#include "xpi_internal.h"

#define BANDS 3

/* The group's count per category (score points, or low/middle/high
 * bands). Weighted groups contribute their weighted shares times n_eff,
 * the design-effect scaling used for every other test. Returns the number
 * of categories. */
static size_t category_counts(const xpi_tally *t, int32_t categories, double *out)
{
    xpi_moments m;
    size_t i, k = categories == XPI_CHI2_BANDS ? BANDS : t->points;
    double scale;

    xpi_moments_compute(t, XPI_STAT_MEAN, &m);
    scale = m.weighted ? m.n_eff / m.sum_w : 1.0;
    memset(out, 0, k * sizeof *out);
    for (i = 0; i < t->points; i++) {
        double c = m.weighted ? t->sum_w[i] * scale : (double)t->count[i];
        int32_t score = (int32_t)((int64_t)t->scale.min + (int64_t)i);
        size_t j = i;
        if (categories == XPI_CHI2_BANDS)
            j = score <= t->scale.low_max ? 0 : score >= t->scale.high_min ? 2 : 1;
        out[j] += c;
    }
    return k;
}

static double total(const double *v, size_t n)
{
    double s = 0.0;
    size_t i;
    for (i = 0; i < n; i++)
        s += v[i];
    return s;
}

int xpi_tally_chi2(const xpi_tally *const *tallies, size_t count, int32_t categories,
                   xpi_chi2_test *out)
{
    double column[XPI_SCALE_MAX_POINTS], row[XPI_SCALE_MAX_POINTS];
    double grand = 0.0, x2 = 0.0, min_e = HUGE_VAL, small = 0.0, cells;
    size_t g, j, k = 0, used = 0;
    xpi_chi2_test r;

    if (tallies == NULL || out == NULL || count < 2 ||
        (categories != XPI_CHI2_BANDS && categories != XPI_CHI2_SCALE))
        return XPI_ERR_INVALID_ARG;
    for (g = 0; g < count; g++)
        if (tallies[g] == NULL)
            return XPI_ERR_INVALID_ARG;
    for (g = 1; g < count; g++)
        if (!xpi_scale_equal(&tallies[0]->scale, &tallies[g]->scale))
            return XPI_ERR_SCALE_MISMATCH;

    /* First pass: column totals, and every group must have responses. */
    for (g = 0; g < count; g++) {
        k = category_counts(tallies[g], categories, row);
        if (total(row, k) == 0.0)
            return XPI_ERR_NOT_ENOUGH_DATA;
        for (j = 0; j < k; j++)
            column[j] = (g == 0 ? 0.0 : column[j]) + row[j];
    }
    for (j = 0; j < k; j++) {
        grand += column[j];
        used += column[j] > 0.0;
    }
    if (used < 2)
        return XPI_ERR_NOT_ENOUGH_DATA;

    /* Second pass: (O - E)^2 / E over the non-empty columns. */
    for (g = 0; g < count; g++) {
        double row_total;
        category_counts(tallies[g], categories, row);
        row_total = total(row, k);
        for (j = 0; j < k; j++) {
            double e, d;
            if (column[j] == 0.0)
                continue;
            e = row_total * column[j] / grand;
            d = row[j] - e;
            x2 += d * d / e;
            min_e = fmin(min_e, e);
            small += e < 5.0;
        }
    }
    cells = (double)count * (double)used;
    r.statistic = x2;
    r.df = (double)(count - 1) * (double)(used - 1);
    r.p_value = xpi_chi2_sf(x2, r.df);
    r.min_expected = min_e;
    r.small_share = small / cells;
    r.small_expected = min_e < 1.0 || r.small_share > 0.2;
    r.categories = (int32_t)used;
    *out = r;
    return XPI_OK;
}

int xpi_tally_mann_whitney(const xpi_tally *a, const xpi_tally *b, xpi_rank_test *out)
{
    double ca[XPI_SCALE_MAX_POINTS], cb[XPI_SCALE_MAX_POINTS];
    double na, nb, n, u = 0.0, below_b = 0.0, ties = 0.0, mu, var, dev;
    xpi_rank_test r;
    size_t i, k;

    if (a == NULL || b == NULL || out == NULL)
        return XPI_ERR_INVALID_ARG;
    if (!xpi_scale_equal(&a->scale, &b->scale))
        return XPI_ERR_SCALE_MISMATCH;
    k = category_counts(a, XPI_CHI2_SCALE, ca);
    category_counts(b, XPI_CHI2_SCALE, cb);
    na = total(ca, k);
    nb = total(cb, k);
    if (na == 0.0 || nb == 0.0)
        return XPI_ERR_NOT_ENOUGH_DATA;

    /* U counts, for each a-response, the b-responses below it plus half of
     * those tied with it; every tie group is one score point. */
    for (i = 0; i < k; i++) {
        double t = ca[i] + cb[i];
        u += ca[i] * (below_b + cb[i] / 2.0);
        below_b += cb[i];
        ties += t * t * t - t;
    }
    n = na + nb;
    mu = na * nb / 2.0;
    var = na * nb / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)));
    dev = fmax(0.0, fabs(u - mu) - 0.5);
    r.u = u;
    r.auc = u / (na * nb);
    if (var > 0.0 && dev > 0.0) {
        r.statistic = (u > mu ? dev : -dev) / sqrt(var);
        r.p_value = fmin(1.0, 2.0 * xpi_norm_sf(fabs(r.statistic)));
    } else {
        r.statistic = 0.0;
        r.p_value = 1.0;
    }
    *out = r;
    return XPI_OK;
}
