/*
 * Breakdowns (one dimension) and crosstabs (two): per segment, the
 * estimate, the comparison with the rest of the selection, the adjusted
 * significance, the impact on the overall score, an empirical-Bayes
 * estimate for ranking with funnel limits, and a table-wide chi-square.
 * Formulas and sources: docs/methods.md, "Segments".
 */
#include <math.h>
#include <string.h>

#include "xpi_internal.h"

/* What every row needs: the request and the whole selection. */
typedef struct breakdown_ctx {
    int32_t stat, method;
    double confidence, alpha, z, unit, min_n;
    double range_lo, range_hi; /* the statistic's range, fraction scale */
    xpi_summary all;           /* the whole selection */
    double unit_var;           /* variance of one response in the selection */
} breakdown_ctx;

/* The segment's own figures and its comparison with the rest; rest is
 * scratch. */
static void fill_row(xpi_table *t, size_t row, const breakdown_ctx *k, const xpi_tally *all,
                     const xpi_tally *seg, xpi_tally *rest)
{
    xpi_summary ss, sr;
    xpi_estimate e;
    xpi_comparison cmp;
    xpi_interval own, *known = NULL;
    int seg_ok = xpi_summarize_any(seg, k->stat, &ss), rest_ok;

    xpi_table_set(t, row, XPI_COL_N, ss.m.n);
    xpi_table_set(t, row, XPI_COL_N_EFF, ss.m.n_eff);
    xpi_table_set(t, row, XPI_COL_SHARE, 100.0 * ss.m.weight / k->all.m.weight);
    xpi_table_set(t, row, XPI_COL_ESTIMATE, k->unit * ss.m.mean);
    xpi_table_set(t, row, XPI_COL_INSUFFICIENT, ss.m.n_eff < k->min_n);
    if (seg_ok && xpi_summary_estimate(&all->scale, &ss, k->stat, k->method, k->alpha, k->z,
                                       &e) == XPI_OK) {
        xpi_table_set(t, row, XPI_COL_SE, e.se);
        xpi_table_set(t, row, XPI_COL_LOWER, e.lower);
        xpi_table_set(t, row, XPI_COL_UPPER, e.upper);
        /* The difference's hybrid interval starts from this one. */
        own.lower = e.lower / k->unit;
        own.upper = e.upper / k->unit;
        known = k->stat == XPI_STAT_MEAN ? NULL : &own;
    }
    if (seg->total_n == all->total_n)
        return; /* no rest */
    xpi_tally_subtract(rest, all, seg);
    rest_ok = xpi_summarize_any(rest, k->stat, &sr);
    xpi_table_set(t, row, XPI_COL_REST, k->unit * sr.m.mean);
    xpi_table_set(t, row, XPI_COL_DIFF, k->unit * (ss.m.mean - sr.m.mean));
    xpi_table_set(t, row, XPI_COL_IMPACT, k->unit * (k->all.value - sr.m.mean));
    if (!seg_ok || !rest_ok)
        return; /* a mean from one response: no variance to test with */
    xpi_compare_interval(&all->scale, k->stat, k->method, k->alpha, k->z, &ss, &sr, known,
                         &cmp);
    xpi_compare_test(k->stat, k->method, 1, &ss, &sr, &cmp);
    xpi_table_set(t, row, XPI_COL_DIFF_LOWER, k->unit * cmp.lower);
    xpi_table_set(t, row, XPI_COL_DIFF_UPPER, k->unit * cmp.upper);
    xpi_table_set(t, row, XPI_COL_STATISTIC, cmp.statistic);
    xpi_table_set(t, row, XPI_COL_P, cmp.p_value);
}

/* Empirical Bayes toward the overall estimate: v_i = V / n_i is segment
 * i's sampling variance under "no difference", tau^2 the
 * DerSimonian-Laird moment estimate of the variance between segments
 * around the overall, and the funnel limits overall +- z sqrt(v_i). */
static void shrink(xpi_table *t, const breakdown_ctx *k)
{
    double V = k->unit_var, y0 = k->all.value, z = k->z;
    double q = 0.0, s1 = 0.0, s2 = 0.0, tau2 = 0.0, u = k->unit;
    size_t i, rows = t->rows;

    if (rows >= 2 && V > 0.0) {
        for (i = 0; i < rows; i++) {
            double w = xpi_table_value(t, i, XPI_COL_N_EFF) / V, d = xpi_table_value(t, i, XPI_COL_ESTIMATE) / u - y0;
            q += w * d * d;
            s1 += w;
            s2 += w * w;
        }
        tau2 = fmax(0.0, (q - (double)(rows - 1)) / (s1 - s2 / s1));
    }
    xpi_table_set_figure(t, XPI_TABLE_TAU2, rows >= 2 ? tau2 * u * u : (double)NAN);
    for (i = 0; i < rows; i++) {
        double y = xpi_table_value(t, i, XPI_COL_ESTIMATE) / u, v = V / xpi_table_value(t, i, XPI_COL_N_EFF);
        double b = tau2 + v > 0.0 ? tau2 / (tau2 + v) : 1.0;
        xpi_table_set(t, i, XPI_COL_SHRUNK, u * (y0 + b * (y - y0)));
        xpi_table_set(t, i, XPI_COL_FUNNEL_LOWER, u * xpi_clip(y0 - z * sqrt(v), k->range_lo, k->range_hi));
        xpi_table_set(t, i, XPI_COL_FUNNEL_UPPER, u * xpi_clip(y0 + z * sqrt(v), k->range_lo, k->range_hi));
    }
}

/* Adjusts the p-values of the rows with enough data and flags the
 * significant ones. */
static int adjust(xpi_table *t, const breakdown_ctx *k, int32_t method)
{
    double *p = xpi_alloc(&t->alloc, (t->rows + 1) * sizeof *p);
    size_t i, n = 0, flagged = 0;
    int status = XPI_OK;

    if (p == NULL)
        return XPI_ERR_NO_MEMORY;
    for (i = 0; i < t->rows; i++)
        if (xpi_table_value(t, i, XPI_COL_INSUFFICIENT) == 0.0 && !isnan(xpi_table_value(t, i, XPI_COL_P)))
            p[n++] = xpi_table_value(t, i, XPI_COL_P);
    if (n > 0 && method != XPI_ADJUST_NONE)
        status = xpi_p_adjust_with(&t->alloc, p, n, method, p);
    for (i = 0, n = 0; status == XPI_OK && i < t->rows; i++) {
        double diff = xpi_table_value(t, i, XPI_COL_DIFF);
        int sig = 0;
        if (xpi_table_value(t, i, XPI_COL_INSUFFICIENT) == 0.0 && !isnan(xpi_table_value(t, i, XPI_COL_P))) {
            xpi_table_set(t, i, XPI_COL_P_ADJ, p[n]);
            sig = p[n++] < k->alpha ? (diff > 0.0) - (diff < 0.0) : 0;
        }
        xpi_table_set(t, i, XPI_COL_SIGNIFICANT, sig);
        flagged += sig != 0;
    }
    xpi_dealloc(&t->alloc, p);
    xpi_table_set_figure(t, XPI_TABLE_TESTED, (double)n);
    xpi_table_set_figure(t, XPI_TABLE_SIGNIFICANT, (double)flagged);
    return status;
}

/* The overall figures and the chi-square of homogeneity. */
static int table_figures(xpi_table *t, const breakdown_ctx *k, const xpi_tally *all,
                         const xpi_segments *s)
{
    xpi_estimate e;
    xpi_chi2_test chi;
    int status;

    xpi_table_set_figure(t, XPI_TABLE_N, k->all.m.n);
    if (xpi_tally_estimate(all, k->stat, k->method, k->confidence, &e) == XPI_OK) {
        xpi_table_set_figure(t, XPI_TABLE_ESTIMATE, e.value);
        xpi_table_set_figure(t, XPI_TABLE_LOWER, e.lower);
        xpi_table_set_figure(t, XPI_TABLE_UPPER, e.upper);
    } else {
        xpi_table_set_figure(t, XPI_TABLE_ESTIMATE, k->unit * k->all.m.mean);
    }
    if (s->count < 2)
        return XPI_OK;
    status = xpi_tally_chi2((const xpi_tally *const *)s->tallies, s->count,
                            k->stat == XPI_STAT_MEAN ? XPI_CHI2_SCALE : XPI_CHI2_BANDS, &chi);
    if (status == XPI_ERR_NOT_ENOUGH_DATA)
        return XPI_OK;
    if (status != XPI_OK)
        return status;
    xpi_table_set_figure(t, XPI_TABLE_CHI2, chi.statistic);
    xpi_table_set_figure(t, XPI_TABLE_CHI2_DF, chi.df);
    xpi_table_set_figure(t, XPI_TABLE_CHI2_P, chi.p_value);
    xpi_table_set_figure(t, XPI_TABLE_CHI2_DOUBTFUL, chi.small_expected);
    return XPI_OK;
}

static void setup(breakdown_ctx *k, const xpi_cube *c, const xpi_query *q, const xpi_tally *all)
{
    k->confidence = q->confidence;
    k->alpha = 1.0 - q->confidence;
    k->z = -xpi_norm_ppf(k->alpha / 2.0);
    k->min_n = q->min_n;
    k->unit = xpi_stat_unit(k->stat);
    k->range_lo = k->stat == XPI_STAT_MEAN ? c->scale.min : k->stat == XPI_STAT_NET ? -1.0 : 0.0;
    k->range_hi = k->stat == XPI_STAT_MEAN ? c->scale.max : 1.0;
    if (xpi_summarize(all, k->stat, &k->all) != XPI_OK) {
        /* A mean from one response: no variance, no comparisons. */
        xpi_moments_compute(all, k->stat, &k->all.m);
        k->all.value = k->all.m.mean;
        k->all.var = k->all.size = 0.0;
    }
    k->unit_var = k->all.var * k->all.size;
}

static int build(const xpi_cube *c, const xpi_query *q, breakdown_ctx *kp, xpi_segments *s,
                 xpi_table **out)
{
    breakdown_ctx k = *kp;
    xpi_tally *all = NULL, *rest = NULL;
    xpi_table *t = NULL;
    size_t i;
    int status = xpi_segments_total(c, s, 0, &all);

    if (status == XPI_OK && all->total_n == 0)
        status = XPI_ERR_NOT_ENOUGH_DATA;
    if (status == XPI_OK)
        status = xpi_tally_create(&rest, &c->scale, &c->alloc);
    if (status == XPI_OK)
        status = xpi_table_create(&t, c, XPI_TABLE_KIND_BREAKDOWN, s);
    if (status == XPI_OK) {
        setup(&k, c, q, all);
        for (i = 0; i < s->count; i++)
            fill_row(t, i, &k, all, s->tallies[i], rest);
        shrink(t, &k);
        status = adjust(t, &k, q->adjust);
    }
    if (status == XPI_OK)
        status = table_figures(t, &k, all, s);
    xpi_tally_free(all);
    xpi_tally_free(rest);
    if (status != XPI_OK) {
        xpi_table_free(t);
        return status;
    }
    *out = t;
    return XPI_OK;
}

static int breakdown(const xpi_cube *c, const size_t *dims, size_t nkeys, const xpi_query *q,
                     xpi_table **out)
{
    xpi_selection sel;
    xpi_segments s;
    breakdown_ctx k;
    int status;

    q = xpi_query_or_defaults(q);
    if (c == NULL || out == NULL)
        return XPI_ERR_INVALID_ARG;
    if (dims[0] >= c->ndims || (nkeys == 2 && (dims[1] >= c->ndims || dims[0] == dims[1])))
        return XPI_ERR_INVALID_ARG;
    status = xpi_query_select(c, q, &sel);
    if (status == XPI_OK)
        status = xpi_query_analysis(&c->scale, q, &k.stat, &k.method);
    if (status == XPI_OK)
        status = xpi_segments_group(c, dims, nkeys, &sel, 1, &s);
    if (status != XPI_OK)
        return status;
    status = build(c, q, &k, &s, out);
    xpi_segments_free(c, &s);
    return status;
}

int xpi_cube_breakdown(const xpi_cube *c, size_t dim, const xpi_query *q, xpi_table **out)
{
    return breakdown(c, &dim, 1, q, out);
}

int xpi_cube_crosstab(const xpi_cube *c, size_t dim_a, size_t dim_b, const xpi_query *q,
                      xpi_table **out)
{
    size_t dims[2];
    dims[0] = dim_a;
    dims[1] = dim_b;
    return breakdown(c, dims, 2, q, out);
}
