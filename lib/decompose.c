/*
 * Mix/rate decomposition of a change in the overall estimate between two
 * selections (Kitagawa 1955; Das Gupta 1993, symmetric two-factor form).
 * Every statistic here is a weighted mean of per-response values y, so the
 * overall estimate is sum_i W_i r_i over segments (W: share of weight, r:
 * segment estimate), and
 *   R_b - R_a = sum_i [ (W_a + W_b)/2 (r_b - r_a) + (r_a + r_b)/2 (W_b - W_a) ]
 * holds exactly, term by term. Formulas and conventions: docs/methods.md.
 */
#include <math.h>

#include "xpi_internal.h"

/* Neumaier's compensated sum, so that thousands of small parts add up to
 * the total to within a few units in the last place. */
typedef struct sum {
    double s, c;
} sum;

static void sum_add(sum *acc, double x)
{
    double t = acc->s + x;
    if (fabs(acc->s) >= fabs(x))
        acc->c += (acc->s - t) + x;
    else
        acc->c += (x - t) + acc->s;
    acc->s = t;
}

static double sum_value(const sum *acc)
{
    return acc->s + acc->c;
}

/* One segment in one selection. */
typedef struct side {
    double n, share, rate; /* rate NaN when absent */
} side;

static void side_of(const xpi_tally *t, int32_t stat, double total_w, side *out)
{
    xpi_moments m;
    xpi_moments_compute(t, stat, &m);
    out->n = m.n;
    out->share = t->total_n > 0 ? m.weight / total_w : 0.0;
    out->rate = t->total_n > 0 ? m.mean : (double)NAN;
}

static void fill(xpi_table *t, const xpi_segments *s, int32_t stat, const xpi_moments *ma,
                 const xpi_moments *mb)
{
    double unit = xpi_stat_unit(stat), mid = (ma->mean + mb->mean) / 2.0;
    sum rate_total = {0.0, 0.0}, mix_total = {0.0, 0.0};
    size_t i, up = 0, down = 0;
    double change = mb->mean - ma->mean;

    for (i = 0; i < s->count; i++) {
        side a, b;
        double ra, rb, rate, mix;
        side_of(s->tallies[i], stat, ma->weight, &a);
        side_of(s->tallies[s->count + i], stat, mb->weight, &b);
        /* A segment absent from one selection takes the estimate it has
         * in the other: no rate change, all mix. */
        ra = isnan(a.rate) ? b.rate : a.rate;
        rb = isnan(b.rate) ? a.rate : b.rate;
        rate = (a.share + b.share) / 2.0 * (rb - ra);
        mix = ((ra + rb) / 2.0 - mid) * (b.share - a.share);
        sum_add(&rate_total, rate);
        sum_add(&mix_total, mix);
        if (!isnan(a.rate) && !isnan(b.rate)) {
            up += b.rate > a.rate;
            down += b.rate < a.rate;
        }
        xpi_table_set(t, i, XPI_COL_N_A, a.n);
        xpi_table_set(t, i, XPI_COL_N_B, b.n);
        xpi_table_set(t, i, XPI_COL_SHARE_A, 100.0 * a.share);
        xpi_table_set(t, i, XPI_COL_SHARE_B, 100.0 * b.share);
        xpi_table_set(t, i, XPI_COL_ESTIMATE_A, unit * a.rate);
        xpi_table_set(t, i, XPI_COL_ESTIMATE_B, unit * b.rate);
        xpi_table_set(t, i, XPI_COL_RATE_EFFECT, unit * rate);
        xpi_table_set(t, i, XPI_COL_MIX_EFFECT, unit * mix);
    }
    xpi_table_set_figure(t, XPI_TABLE_ESTIMATE_A, unit * ma->mean);
    xpi_table_set_figure(t, XPI_TABLE_ESTIMATE_B, unit * mb->mean);
    xpi_table_set_figure(t, XPI_TABLE_CHANGE, unit * change);
    xpi_table_set_figure(t, XPI_TABLE_RATE_EFFECT, unit * sum_value(&rate_total));
    xpi_table_set_figure(t, XPI_TABLE_MIX_EFFECT, unit * sum_value(&mix_total));
    xpi_table_set_figure(t, XPI_TABLE_SEGMENTS_UP, (double)up);
    xpi_table_set_figure(t, XPI_TABLE_SEGMENTS_DOWN, (double)down);
    xpi_table_set_figure(t, XPI_TABLE_AGAINST_MAJORITY,
                         (change > 0.0 && down > up) || (change < 0.0 && up > down));
}

int xpi_cube_decompose(const xpi_cube *c, size_t dim, const xpi_query *a, const xpi_query *b,
                       xpi_table **out)
{
    xpi_selection sel[2];
    xpi_segments s;
    xpi_tally *ta = NULL, *tb = NULL;
    xpi_table *t = NULL;
    xpi_moments ma, mb;
    int32_t stat, method;
    int status;

    a = xpi_query_or_defaults(a);
    b = xpi_query_or_defaults(b);
    if (c == NULL || out == NULL || dim >= c->ndims)
        return XPI_ERR_INVALID_ARG;
    status = xpi_query_select(c, a, &sel[0]);
    if (status == XPI_OK)
        status = xpi_query_select(c, b, &sel[1]);
    if (status == XPI_OK)
        status = xpi_query_analysis(&c->scale, a, &stat, &method);
    if (status == XPI_OK)
        status = xpi_segments_group(c, &dim, 1, sel, 2, &s);
    if (status != XPI_OK)
        return status;
    status = xpi_segments_total(c, &s, 0, &ta);
    if (status == XPI_OK)
        status = xpi_segments_total(c, &s, 1, &tb);
    if (status == XPI_OK && (ta->total_n == 0 || tb->total_n == 0))
        status = XPI_ERR_NOT_ENOUGH_DATA;
    if (status == XPI_OK)
        status = xpi_table_create(&t, c, XPI_TABLE_KIND_DECOMPOSE, &s);
    if (status == XPI_OK) {
        xpi_moments_compute(ta, stat, &ma);
        xpi_moments_compute(tb, stat, &mb);
        fill(t, &s, stat, &ma, &mb);
        *out = t;
    }
    xpi_tally_free(ta);
    xpi_tally_free(tb);
    xpi_segments_free(c, &s);
    return status;
}
