/*
 * Control charts of a series: Shewhart with per-period limits, EWMA with
 * the exact variance for varying period sizes, and the two-sided tabular
 * CUSUM. Formulas and sources: docs/methods.md, "Control charts".
 */
#include <math.h>
#include <string.h>

#include "xpi_internal.h"

typedef struct chart_ctx {
    int32_t chart, stat;
    double unit, sigma, lambda, k, h;
    size_t baseline;
} chart_ctx;

/* A baseline: the pooled estimate and the variance of one response. */
typedef struct baseline {
    double center, unit_var;
} baseline;

static int pool(const xpi_table *s, size_t from, size_t to, int32_t stat, xpi_tally *scratch,
                baseline *out)
{
    xpi_summary sum;
    size_t i;
    int status = XPI_OK;
    xpi_tally_reset(scratch);
    for (i = from; i < to && status == XPI_OK; i++)
        if (s->periods[i]->total_n > 0)
            status = xpi_tally_accumulate(scratch, s->periods[i]);
    if (status != XPI_OK)
        return status;
    if (xpi_summarize(scratch, stat, &sum) != XPI_OK) {
        out->center = out->unit_var = (double)NAN;
        return XPI_OK;
    }
    out->center = sum.value;
    out->unit_var = sum.var * sum.size;
    return XPI_OK;
}

/* The charts' running state. */
typedef struct state {
    double ewma, ewma_var, pos, neg;
    int started;
} state;

/* One period with data: y its estimate, size its n (or n_eff). */
static int chart_row(xpi_table *t, size_t row, const chart_ctx *k, const baseline *b, double y,
                     double size, state *st)
{
    double se = sqrt(b->unit_var / size), u = k->unit;
    int signal = 0;
    xpi_table_set(t, row, XPI_COL_CHART_CENTER, u * b->center);
    if (k->chart == XPI_CHART_SHEWHART) {
        double lo = b->center - k->sigma * se, hi = b->center + k->sigma * se;
        xpi_table_set(t, row, XPI_COL_CHART_STATISTIC, u * y);
        xpi_table_set(t, row, XPI_COL_CHART_LOWER, u * lo);
        xpi_table_set(t, row, XPI_COL_CHART_UPPER, u * hi);
        signal = y > hi ? 1 : y < lo ? -1 : 0;
    } else if (k->chart == XPI_CHART_EWMA) {
        double l = k->lambda, half;
        if (!st->started) {
            st->ewma = b->center;
            st->ewma_var = 0.0;
            st->started = 1;
        }
        st->ewma = l * y + (1.0 - l) * st->ewma;
        st->ewma_var = l * l * b->unit_var / size + (1.0 - l) * (1.0 - l) * st->ewma_var;
        half = k->sigma * sqrt(st->ewma_var);
        xpi_table_set(t, row, XPI_COL_CHART_STATISTIC, u * st->ewma);
        xpi_table_set(t, row, XPI_COL_CHART_LOWER, u * (b->center - half));
        xpi_table_set(t, row, XPI_COL_CHART_UPPER, u * (b->center + half));
        signal = st->ewma > b->center + half ? 1 : st->ewma < b->center - half ? -1 : 0;
    } else {
        double z = (y - b->center) / se; /* se > 0: the caller checks V */
        st->pos = fmax(0.0, st->pos + z - k->k);
        st->neg = fmax(0.0, st->neg - z - k->k);
        xpi_table_set(t, row, XPI_COL_CHART_STATISTIC, st->pos);
        xpi_table_set(t, row, XPI_COL_CHART_STATISTIC2, st->neg);
        xpi_table_set(t, row, XPI_COL_CHART_UPPER, k->h);
        signal = st->pos > k->h ? 1 : st->neg > k->h ? -1 : 0;
    }
    xpi_table_set(t, row, XPI_COL_CHART_SIGNAL, signal);
    return signal != 0;
}

static int fill(xpi_table *t, const xpi_table *s, const chart_ctx *k, xpi_tally *scratch)
{
    baseline all = {(double)NAN, (double)NAN};
    state st = {0.0, 0.0, 0.0, 0.0, 0};
    size_t i, signals = 0;
    int status = XPI_OK;
    uint64_t n = 0;

    if (k->baseline == 0)
        status = pool(s, 0, s->rows, k->stat, scratch, &all);
    for (i = 0; i < s->rows && status == XPI_OK; i++) {
        const xpi_tally *p = s->periods[i];
        xpi_summary sum;
        baseline b = all;
        xpi_table_set(t, i, XPI_COL_PERIOD_START,
            xpi_table_value(s, i, XPI_COL_PERIOD_START));
        xpi_table_set(t, i, XPI_COL_N, (double)p->total_n);
        n += p->total_n;
        if (p->total_n == 0)
            continue;
        xpi_summarize_any(p, k->stat, &sum);
        xpi_table_set(t, i, XPI_COL_N_EFF, sum.m.n_eff);
        xpi_table_set(t, i, XPI_COL_ESTIMATE, k->unit * sum.m.mean);
        if (k->baseline > 0)
            status = pool(s, i > k->baseline ? i - k->baseline : 0, i, k->stat, scratch, &b);
        /* A baseline without variance (every response alike) has no
         * limits to speak of: the period is not charted. */
        if (status == XPI_OK && !isnan(b.center) && b.unit_var > 0.0)
            signals += (size_t)chart_row(t, i, k, &b, sum.m.mean,
                                         sum.m.weighted ? sum.m.n_eff : sum.m.n, &st);
    }
    xpi_table_set_figure(t, XPI_TABLE_N, (double)n);
    xpi_table_set_figure(t, XPI_TABLE_ESTIMATE, k->unit * all.center);
    xpi_table_set_figure(t, XPI_TABLE_SIGNALS, (double)signals);
    return status;
}

int xpi_series_chart(const xpi_table *series, int32_t chart, const xpi_query *q,
                     xpi_table **out)
{
    chart_ctx k;
    xpi_table *t = NULL;
    xpi_tally *scratch = NULL;
    size_t i, bytes = 0;
    int status;

    q = xpi_query_or_defaults(q);
    if (series == NULL || out == NULL || series->kind != XPI_TABLE_KIND_SERIES ||
        chart < XPI_CHART_SHEWHART || chart > XPI_CHART_CUSUM)
        return XPI_ERR_INVALID_ARG;
    k.chart = chart;
    k.stat = series->stat;
    k.unit = xpi_stat_unit(series->stat);
    k.sigma = q->sigma;
    k.lambda = q->lambda;
    k.k = q->cusum_k;
    k.h = q->cusum_h;
    k.baseline = q->baseline;
    for (i = 0; i < series->rows; i++)
        bytes += strlen(series->labels[i]) + 1;
    status = xpi_table_alloc(&t, &series->alloc, XPI_TABLE_KIND_CHART, series->rows, 1, bytes);
    if (status == XPI_OK)
        status = xpi_tally_create(&scratch, &series->periods[0]->scale, &series->alloc);
    if (status == XPI_OK) {
        for (i = 0; i < series->rows; i++)
            xpi_table_add_label(t, i, series->labels[i], series->ids[i]);
        status = fill(t, series, &k, scratch);
    }
    xpi_tally_free(scratch);
    if (status != XPI_OK) {
        xpi_table_free(t);
        return status;
    }
    *out = t;
    return XPI_OK;
}
