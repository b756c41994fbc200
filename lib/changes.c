/*
 * Change points of a series as a table: one row per change, with the
 * levels of the segments it separates and the evidence for it.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "xpi_internal.h"

typedef struct scratch {
    double *prefix, *cost, *sums;
    size_t *last, *cand, *dominated, *changes, *pos;
} scratch;

/* The pooled estimate of positions [a, b), on the statistic's scale. */
static double level(const xpi_table *s, const size_t *pos, size_t a, size_t b, xpi_tally *pool)
{
    xpi_moments m;
    size_t i;
    xpi_tally_reset(pool);
    for (i = a; i < b; i++)
        xpi_tally_accumulate(pool, s->periods[pos[i]]); /* fits: a series holds it */
    xpi_moments_compute(pool, s->stat, &m);
    return m.mean;
}

static int fill(xpi_table *t, const xpi_table *s, const scratch *w, size_t n, size_t k,
                size_t count, double penalty, xpi_tally *pool)
{
    double unit = xpi_stat_unit(s->stat);
    size_t c;
    uint64_t total = 0;
    for (c = 0; c < n; c++)
        total += s->periods[w->pos[c]]->total_n;
    for (c = 0; c < count; c++) {
        size_t from = c == 0 ? 0 : w->changes[c - 1], at = w->changes[c];
        size_t to = c + 1 < count ? w->changes[c + 1] : n, row = w->pos[at];
        double before = level(s, w->pos, from, at, pool), after = level(s, w->pos, at, to, pool);
        xpi_table_add_label(t, c, s->labels[row], s->ids[row]);
        xpi_table_set(t, c, XPI_COL_PERIOD_START,
            xpi_table_value(s, row, XPI_COL_PERIOD_START));
        xpi_table_set(t, c, XPI_COL_LEVEL_BEFORE, unit * before);
        xpi_table_set(t, c, XPI_COL_LEVEL_AFTER, unit * after);
        xpi_table_set(t, c, XPI_COL_DIFF, unit * (after - before));
        xpi_table_set(t, c, XPI_COL_EVIDENCE,
            xpi_change_cost(w->prefix, k, from, to) - xpi_change_cost(w->prefix, k, from, at) -
                xpi_change_cost(w->prefix, k, at, to));
    }
    xpi_table_set_figure(t, XPI_TABLE_N, (double)total);
    xpi_table_set_figure(t, XPI_TABLE_SIGNALS, (double)count);
    xpi_table_set_figure(t, XPI_TABLE_PENALTY, penalty);
    return XPI_OK;
}

int xpi_series_changes(const xpi_table *series, const xpi_query *q, xpi_table **out)
{
    const xpi_allocator *a;
    const xpi_scale *scale;
    scratch w;
    size_t k, n = 0, i, j, count = 0, bytes = 0;
    double penalty, counts[XPI_SCALE_MAX_POINTS];
    xpi_table *t = NULL;
    xpi_tally *pool = NULL;
    int status;

    q = xpi_query_or_defaults(q);
    if (series == NULL || out == NULL || series->kind != XPI_TABLE_KIND_SERIES)
        return XPI_ERR_INVALID_ARG;
    a = &series->alloc;
    scale = &series->periods[0]->scale;
    k = xpi_change_categories(scale, series->stat);
    for (i = 0; i < series->rows; i++)
        n += series->periods[i]->total_n > 0;
    penalty = q->penalty > 0.0 ? q->penalty
                               : xpi_change_penalty(n, k - 1, q->false_alarm);
    memset(&w, 0, sizeof w);
    /* n periods of k categories: wraps only where size_t is narrow. */
    if (n + 2 > SIZE_MAX / sizeof(double) / k)
        return XPI_ERR_NO_MEMORY;
    w.prefix = xpi_alloc(a, (n + 1) * k * sizeof *w.prefix);
    w.cost = xpi_alloc(a, (n + 1) * sizeof *w.cost);
    w.last = xpi_alloc(a, (n + 1) * sizeof *w.last);
    w.cand = xpi_alloc(a, (n + 2) * sizeof *w.cand);
    w.sums = xpi_alloc(a, (n + 2) * sizeof *w.sums);
    w.dominated = xpi_alloc(a, (n + 2) * sizeof *w.dominated);
    w.changes = xpi_alloc(a, (n + 1) * sizeof *w.changes);
    w.pos = xpi_alloc(a, (n + 1) * sizeof *w.pos);
    status = w.prefix && w.cost && w.last && w.cand && w.sums && w.dominated && w.changes && w.pos
                 ? XPI_OK
                 : XPI_ERR_NO_MEMORY;
    if (status == XPI_OK) {
        /* The periods with data, as positions, and their cumulative counts. */
        memset(w.prefix, 0, k * sizeof *w.prefix);
        for (i = 0, n = 0; i < series->rows; i++) {
            if (series->periods[i]->total_n == 0)
                continue;
            xpi_change_counts(series->periods[i], series->stat, counts);
            for (j = 0; j < k; j++)
                w.prefix[(n + 1) * k + j] = w.prefix[n * k + j] + counts[j];
            w.pos[n++] = i;
        }
        /* Fewer than two minimum segments of data: no change is possible. */
        if (n >= 2 * q->min_segment)
            status = xpi_change_pelt(w.prefix, k, n, penalty, q->min_segment, w.cost, w.last,
                                     w.cand, w.sums, w.dominated, w.changes, &count);
    }
    for (i = 0; status == XPI_OK && i < count; i++)
        bytes += strlen(series->labels[w.pos[w.changes[i]]]) + 1;
    if (status == XPI_OK)
        status = xpi_tally_create(&pool, scale, a);
    if (status == XPI_OK)
        status = xpi_table_alloc(&t, a, XPI_TABLE_KIND_CHANGES, count, 1, bytes);
    if (status == XPI_OK)
        status = fill(t, series, &w, n, k, count, penalty, pool);
    xpi_tally_free(pool);
    xpi_dealloc(a, w.prefix);
    xpi_dealloc(a, w.cost);
    xpi_dealloc(a, w.last);
    xpi_dealloc(a, w.cand);
    xpi_dealloc(a, w.sums);
    xpi_dealloc(a, w.dominated);
    xpi_dealloc(a, w.changes);
    xpi_dealloc(a, w.pos);
    if (status != XPI_OK) {
        xpi_table_free(t);
        return status;
    }
    *out = t;
    return XPI_OK;
}
