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

/* A group's counts in the units every test uses: response counts, or for
 * weighted groups the weighted shares times n_eff (the design-effect
 * scaling used throughout). */
typedef struct counts {
    const xpi_tally *t;
    double scale; /* n_eff / sum w when weighted, else 0 (use the counts) */
    double total;
} counts;

static void counts_init(counts *c, const xpi_tally *t)
{
    xpi_moments m;
    xpi_moments_compute(t, XPI_STAT_MEAN, &m);
    c->t = t;
    c->scale = m.weighted ? m.n_eff / m.sum_w : 0.0;
    c->total = m.weighted ? m.n_eff : m.n;
}

static double point_count(const counts *c, size_t i)
{
    return c->scale > 0.0 ? c->t->sum_w[i] * c->scale : (double)c->t->count[i];
}

static size_t category_total(const xpi_tally *t, int32_t categories)
{
    return categories == XPI_CHI2_BANDS ? BANDS : t->points;
}

/* The count of category j: a score point, or band j (0 low, 1 middle,
 * 2 high). */
static double category_count(const counts *c, int32_t categories, size_t j)
{
    const xpi_scale *s = &c->t->scale;
    double sum = 0.0;
    size_t i;
    if (categories == XPI_CHI2_SCALE)
        return point_count(c, j);
    for (i = 0; i < c->t->points; i++) {
        int32_t score = (int32_t)((int64_t)s->min + (int64_t)i);
        size_t band = score <= s->low_max ? 0 : score >= s->high_min ? 2 : 1;
        if (band == j)
            sum += point_count(c, i);
    }
    return sum;
}

int xpi_tally_chi2(const xpi_tally *const *tallies, size_t count, int32_t categories,
                   xpi_chi2_test *out)
{
    double grand = 0.0, x2 = 0.0, min_e = HUGE_VAL, small = 0.0, *column;
    size_t g, j, k, used = 0;
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
    for (g = 0; g < count; g++)
        if (tallies[g]->total_n == 0)
            return XPI_ERR_NOT_ENOUGH_DATA;

    k = category_total(tallies[0], categories);
    column = xpi_alloc(&tallies[0]->alloc, k * sizeof *column);
    if (column == NULL)
        return XPI_ERR_NO_MEMORY;
    for (j = 0; j < k; j++)
        column[j] = 0.0;
    for (g = 0; g < count; g++) {
        counts c;
        counts_init(&c, tallies[g]);
        for (j = 0; j < k; j++)
            column[j] += category_count(&c, categories, j);
    }
    for (j = 0; j < k; j++) {
        grand += column[j];
        used += column[j] > 0.0;
    }

    /* (O - E)^2 / E over the non-empty columns. */
    for (g = 0; used >= 2 && g < count; g++) {
        counts c;
        counts_init(&c, tallies[g]);
        for (j = 0; j < k; j++) {
            double e, d;
            if (column[j] == 0.0)
                continue;
            e = c.total * column[j] / grand;
            d = category_count(&c, categories, j) - e;
            x2 += d * d / e;
            min_e = fmin(min_e, e);
            small += e < 5.0;
        }
    }
    xpi_dealloc(&tallies[0]->alloc, column);
    if (used < 2)
        return XPI_ERR_NOT_ENOUGH_DATA;

    r.statistic = x2;
    r.df = (double)(count - 1) * (double)(used - 1);
    r.p_value = xpi_chi2_sf(x2, r.df);
    r.min_expected = min_e;
    r.small_share = small / ((double)count * (double)used);
    r.small_expected = min_e < 1.0 || r.small_share > 0.2;
    r.categories = (int32_t)used;
    *out = r;
    return XPI_OK;
}

/* Mann-Whitney from per-point counts, in sums whose terms never cancel
 * badly even for counts past 2^53:
 *   U - n_a n_b / 2 = sum_i a_i (below_b(i) - above_b(i)) / 2,
 *   (n + 1) - sum (t^3 - t) / (n (n - 1)) = sum_i t_i (n - t_i)(n + t_i) / (n (n - 1)),
 * with n - t_i the responses at other points, summed as below(i) + above(i)
 * over a forward and a backward pass. */
int xpi_tally_mann_whitney(const xpi_tally *a, const xpi_tally *b, xpi_rank_test *out)
{
    counts ca, cb;
    double n, below_b = 0.0, above_b = 0.0, below = 0.0, above = 0.0;
    double shift_fwd = 0.0, shift_back = 0.0, ties = 0.0, shift, var, dev;
    xpi_rank_test r;
    size_t i, k;

    if (a == NULL || b == NULL || out == NULL)
        return XPI_ERR_INVALID_ARG;
    if (!xpi_scale_equal(&a->scale, &b->scale))
        return XPI_ERR_SCALE_MISMATCH;
    if (a->total_n == 0 || b->total_n == 0)
        return XPI_ERR_NOT_ENOUGH_DATA;
    counts_init(&ca, a);
    counts_init(&cb, b);
    n = ca.total + cb.total;
    k = a->points;

    for (i = 0; i < k; i++) {
        double xa = point_count(&ca, i), xb = point_count(&cb, i), t = xa + xb;
        shift_fwd += xa * below_b;
        ties += t * below * (n + t);
        below_b += xb;
        below += t;
    }
    for (i = k; i-- > 0;) {
        double xa = point_count(&ca, i), xb = point_count(&cb, i), t = xa + xb;
        shift_back += xa * above_b;
        ties += t * above * (n + t);
        above_b += xb;
        above += t;
    }
    shift = (shift_fwd - shift_back) / 2.0;
    var = ca.total * cb.total / 12.0 * (ties / (n * (n - 1.0)));
    dev = fmax(0.0, fabs(shift) - 0.5);
    r.u = ca.total * cb.total / 2.0 + shift;
    r.auc = 0.5 + shift / (ca.total * cb.total);
    if (var > 0.0 && dev > 0.0) {
        r.statistic = (shift > 0.0 ? dev : -dev) / sqrt(var);
        r.p_value = fmin(1.0, 2.0 * xpi_norm_sf(fabs(r.statistic)));
    } else {
        r.statistic = 0.0;
        r.p_value = 1.0;
    }
    *out = r;
    return XPI_OK;
}
