/*
 * Series: the selected responses by calendar period, as a table with a
 * row per period (gaps kept), each period's estimate, its change against
 * the previous period, and a rolling window. From a cube (the periods
 * from the cells' time buckets) or from a caller's tallies.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xpi_internal.h"

#define SECONDS_PER_DAY 86400
#define LABEL_BYTES 24

/* What every row needs. */
typedef struct series_ctx {
    const xpi_scale *scale;
    int32_t stat, method;
    double confidence, alpha, z, unit;
    size_t window;
} series_ctx;

static int has_data(const xpi_tally *t)
{
    return t != NULL && t->total_n > 0;
}

/* A row's estimate columns from a summary, under prefix columns (the
 * period's own, or the rolling window's). */
static void put_estimate(xpi_table *t, size_t row, const series_ctx *k, const xpi_summary *s,
                         int full, int32_t value_col, int32_t se_col, int32_t lower_col,
                         int32_t upper_col)
{
    xpi_estimate e;
    xpi_table_set(t, row, value_col, k->unit * s->m.mean);
    if (full && xpi_summary_estimate(k->scale, s, k->stat, k->method, k->alpha, k->z, &e) ==
                    XPI_OK) {
        if (se_col != 0)
            xpi_table_set(t, row, se_col, e.se);
        xpi_table_set(t, row, lower_col, e.lower);
        xpi_table_set(t, row, upper_col, e.upper);
    }
}

/* The window of k->window periods ending at row i, summed into rolling. */
static int put_rolling(xpi_table *t, size_t i, const series_ctx *k,
                       const xpi_tally *const *periods, xpi_tally *rolling)
{
    xpi_summary s;
    size_t j;
    int full, status = XPI_OK;
    if (i + 1 < k->window)
        return XPI_OK;
    xpi_tally_reset(rolling);
    for (j = i + 1 - k->window; j <= i && status == XPI_OK; j++)
        if (has_data(periods[j]))
            status = xpi_tally_accumulate(rolling, periods[j]);
    if (status != XPI_OK)
        return status;
    xpi_table_set(t, i, XPI_COL_ROLLING_N, (double)rolling->total_n);
    if (rolling->total_n == 0)
        return XPI_OK;
    full = xpi_summarize_any(rolling, k->stat, &s);
    put_estimate(t, i, k, &s, full, XPI_COL_ROLLING, 0, XPI_COL_ROLLING_LOWER,
                 XPI_COL_ROLLING_UPPER);
    return XPI_OK;
}

/* Every row and the table's figures; rolling and all are empty scratch
 * tallies of the scale. */
static int fill_rows(xpi_table *t, const series_ctx *k, const xpi_tally *const *periods,
                     size_t count, xpi_tally *rolling, xpi_tally *all)
{
    xpi_summary prev, cur;
    xpi_comparison cmp;
    int prev_full = 0, status = XPI_OK;
    size_t i;

    for (i = 0; i < count && status == XPI_OK; i++) {
        int full;
        xpi_table_set(t, i, XPI_COL_N, 0.0);
        xpi_table_set(t, i, XPI_COL_N_EFF, 0.0);
        if (has_data(periods[i])) {
            full = xpi_summarize_any(periods[i], k->stat, &cur);
            xpi_table_set(t, i, XPI_COL_N, cur.m.n);
            xpi_table_set(t, i, XPI_COL_N_EFF, cur.m.n_eff);
            put_estimate(t, i, k, &cur, full, XPI_COL_ESTIMATE, XPI_COL_SE, XPI_COL_LOWER,
                         XPI_COL_UPPER);
            if (full && prev_full) {
                xpi_compare_interval(k->scale, k->stat, k->method, k->alpha, k->z, &cur, &prev,
                                     NULL, &cmp);
                xpi_compare_test(k->stat, k->method, 0, &cur, &prev, &cmp);
                xpi_table_set(t, i, XPI_COL_DIFF, k->unit * cmp.difference);
                xpi_table_set(t, i, XPI_COL_DIFF_LOWER, k->unit * cmp.lower);
                xpi_table_set(t, i, XPI_COL_DIFF_UPPER, k->unit * cmp.upper);
                xpi_table_set(t, i, XPI_COL_STATISTIC, cmp.statistic);
                xpi_table_set(t, i, XPI_COL_P, cmp.p_value);
            }
            status = xpi_tally_accumulate(all, periods[i]);
            prev = cur;
            prev_full = full;
        } else {
            prev_full = 0; /* the change is against the previous period only */
        }
        if (status == XPI_OK)
            status = put_rolling(t, i, k, periods, rolling);
    }
    if (status == XPI_OK) {
        xpi_summary s;
        int full = xpi_summarize_any(all, k->stat, &s);
        xpi_estimate e;
        xpi_table_set_figure(t, XPI_TABLE_N, (double)all->total_n);
        xpi_table_set_figure(t, XPI_TABLE_ESTIMATE, k->unit * s.m.mean);
        if (full && xpi_summary_estimate(k->scale, &s, k->stat, k->method, k->alpha, k->z, &e) ==
                        XPI_OK) {
            xpi_table_set_figure(t, XPI_TABLE_LOWER, e.lower);
            xpi_table_set_figure(t, XPI_TABLE_UPPER, e.upper);
        }
    }
    return status;
}

static int setup(series_ctx *k, const xpi_scale *scale, const xpi_query *q)
{
    int status = xpi_query_analysis(scale, q, &k->stat, &k->method);
    k->scale = scale;
    k->confidence = q->confidence;
    k->alpha = 1.0 - q->confidence;
    k->z = -xpi_norm_ppf(k->alpha / 2.0);
    k->unit = xpi_stat_unit(k->stat);
    k->window = q->window;
    return status;
}

/* A copy of every period's responses in the table, for the charts and
 * detectors that run on the series later. */
static int keep_periods(xpi_table *t, const series_ctx *k, const xpi_allocator *a,
                        const xpi_tally *const *periods, size_t count)
{
    size_t bytes = xpi_tally_footprint(k->scale), i;
    t->stat = k->stat;
    if (count >= SIZE_MAX / bytes)
        return XPI_ERR_NO_MEMORY;
    t->periods = xpi_alloc(a, (count + 1) * sizeof *t->periods);
    t->period_block = xpi_alloc(a, (count + 1) * bytes);
    if (t->periods == NULL || t->period_block == NULL)
        return XPI_ERR_NO_MEMORY;
    for (i = 0; i < count; i++) {
        t->periods[i] = xpi_tally_place(t->period_block + i * bytes, k->scale, a);
        if (has_data(periods[i]))
            xpi_tally_accumulate(t->periods[i], periods[i]); /* fits: the source holds it */
    }
    return XPI_OK;
}

/* Builds the table over periods[0..count): scratch tallies, rows,
 * figures. Labels come from label_of (cube series) or are 1, 2, ... */
static int build(const series_ctx *k, const xpi_allocator *a, const xpi_tally *const *periods,
                 size_t count, int64_t first, int32_t period, int32_t utc_offset,
                 xpi_table **out)
{
    xpi_tally *rolling = NULL, *all = NULL;
    xpi_table *t = NULL;
    char label[LABEL_BYTES];
    size_t i;
    int status = xpi_tally_create(&rolling, k->scale, a);
    if (status == XPI_OK)
        status = xpi_tally_create(&all, k->scale, a);
    if (status == XPI_OK)
        status = xpi_table_alloc(&t, a, XPI_TABLE_KIND_SERIES, count, 1, count * LABEL_BYTES);
    if (status == XPI_OK) {
        for (i = 0; i < count; i++) {
            if (period != 0) {
                int64_t index = first + (int64_t)i;
                xpi_period_label(index, period, label, sizeof label);
                xpi_table_set(t, i, XPI_COL_PERIOD_START,
                    (double)(xpi_period_first_day(index, period) * SECONDS_PER_DAY -
                             utc_offset));
            } else {
                snprintf(label, sizeof label, "%lu", (unsigned long)(i + 1));
            }
            xpi_table_add_label(t, i, label, (uint32_t)i);
        }
        status = fill_rows(t, k, periods, count, rolling, all);
    }
    if (status == XPI_OK)
        status = keep_periods(t, k, a, periods, count);
    if (status == XPI_OK && all->total_n == 0)
        status = XPI_ERR_NOT_ENOUGH_DATA;
    xpi_tally_free(rolling);
    xpi_tally_free(all);
    if (status != XPI_OK) {
        xpi_table_free(t);
        return status;
    }
    *out = t;
    return XPI_OK;
}

/* The period of cell i. */
static int64_t cell_period(const xpi_cube *c, uint32_t i, int32_t period)
{
    return xpi_period_of_day(xpi_floor_div(xpi_cell_bucket(c, i) * c->grain, SECONDS_PER_DAY),
                             period);
}

/* The periods to report: the query's time range when it sets one, else
 * the selected data's. */
static int period_range(const xpi_cube *c, const xpi_query *q, const xpi_selection *sel,
                        int32_t period, int64_t *first, int64_t *last)
{
    uint32_t i;
    int any = 0;
    for (i = 0; i < c->cell_count; i++) {
        if (xpi_cell_selected(c, sel, i)) {
            int64_t p = cell_period(c, i, period);
            if (!any || p < *first)
                *first = p;
            if (!any || p > *last)
                *last = p;
            any = 1;
        }
    }
    if (!any)
        return XPI_ERR_NOT_ENOUGH_DATA;
    if (q->time_set) {
        *first = xpi_period_of_day(xpi_floor_div(q->from + c->utc_offset, SECONDS_PER_DAY), period);
        *last = xpi_period_of_day(xpi_floor_div(q->to - 1 + c->utc_offset, SECONDS_PER_DAY), period);
    }
    if (*last - *first >= XPI_SERIES_MAX_PERIODS)
        return XPI_ERR_OVERFLOW;
    return XPI_OK;
}

int xpi_cube_series(const xpi_cube *c, const xpi_query *q, int32_t period, xpi_table **out)
{
    series_ctx k;
    xpi_selection sel;
    int64_t first = 0, last = 0;
    size_t count = 0, i;
    xpi_tally **periods = NULL;
    unsigned char *block = NULL;
    int status;

    q = xpi_query_or_defaults(q);
    if (c == NULL || out == NULL || period < XPI_PERIOD_DAY ||
        period > XPI_PERIOD_YEAR)
        return XPI_ERR_INVALID_ARG;
    status = xpi_query_select(c, q, &sel);
    if (status == XPI_OK)
        status = setup(&k, &c->scale, q);
    if (status == XPI_OK)
        status = period_range(c, q, &sel, period, &first, &last);
    if (status == XPI_OK) {
        count = (size_t)(last - first + 1);
        /* At most XPI_SERIES_MAX_PERIODS: the sizes below can only wrap
         * where size_t is narrow. */
        if (count > SIZE_MAX / c->cell_bytes)
            return XPI_ERR_NO_MEMORY;
        periods = xpi_alloc(&c->alloc, count * sizeof *periods);
        block = xpi_alloc(&c->alloc, count * c->cell_bytes);
        if (periods == NULL || block == NULL)
            status = XPI_ERR_NO_MEMORY;
    }
    if (status == XPI_OK) {
        uint32_t j;
        for (i = 0; i < count; i++)
            periods[i] = xpi_tally_place(block + i * c->cell_bytes, &c->scale, &c->alloc);
        for (j = 0; j < c->cell_count && status == XPI_OK; j++) {
            int64_t p;
            if (!xpi_cell_selected(c, &sel, j))
                continue;
            p = cell_period(c, j, period);
            if (p >= first && p <= last)
                status = xpi_tally_accumulate(periods[p - first], c->cells[j]);
        }
    }
    if (status == XPI_OK)
        status = build(&k, &c->alloc, (const xpi_tally *const *)periods, count, first, period,
                       c->utc_offset, out);
    xpi_dealloc(&c->alloc, periods);
    xpi_dealloc(&c->alloc, block);
    return status;
}

int xpi_series_from_tallies(const xpi_tally *const *tallies, size_t count, const xpi_query *q,
                            xpi_table **out)
{
    const xpi_tally *model = NULL;
    series_ctx k;
    size_t i;
    int status;

    q = xpi_query_or_defaults(q);
    if (tallies == NULL || out == NULL)
        return XPI_ERR_INVALID_ARG;
    for (i = 0; i < count; i++) {
        if (tallies[i] == NULL)
            continue;
        if (model == NULL)
            model = tallies[i];
        else if (!xpi_scale_equal(&model->scale, &tallies[i]->scale))
            return XPI_ERR_SCALE_MISMATCH;
    }
    if (model == NULL)
        return XPI_ERR_NOT_ENOUGH_DATA;
    if (count > XPI_SERIES_MAX_PERIODS)
        return XPI_ERR_OVERFLOW;
    status = setup(&k, &model->scale, q);
    if (status != XPI_OK)
        return status;
    return build(&k, &model->alloc, tallies, count, 0, 0, 0, out);
}
