/*
 * Events: one call runs the detectors on a series and says what happened,
 * in words an application can route to a person. SHIFT: a change point
 * (a sustained new level). SPIKE or DIP: one period that differs from the
 * rest of its segment, with the segments taken from the change points so
 * that a shift is not read as a run of spikes. TREND: a monotone drift
 * (Mann-Kendall with Hamed and Rao's correction) in a series without
 * shifts. The false-alarm rate of the whole call is split between the
 * detectors (30% to change points, 50% to the periods, Bonferroni over
 * them, 15% to the trend; 5% kept in hand for the change points, whose
 * calibration is asymptotic), so that a series without any change
 * raises at least one event with probability at most
 * XPI_QUERY_FALSE_ALARM. Formulas: docs/methods.md, "Events".
 */
#include <math.h>
#include <string.h>

#include "xpi_internal.h"

#define MAX_EVENTS_PER_ROW 2 /* a row can start a shift and be a spike */
/* The split of the false-alarm rate between the detectors. */
#define SHIFT_SHARE 0.3
#define SPIKE_SHARE 0.5
#define TREND_SHARE 0.15
/* Isolated blips, set aside before the change points: stand out at
 * p < ISOLATED_P from both the NEIGHBOURS periods before and after. Only
 * the segmentation uses this; events come from the tests with the
 * false-alarm budget. */
#define NEIGHBOURS 3
#define ISOLATED_P 0.01

typedef struct event_list {
    xpi_event *items;
    size_t count;
} event_list;

static void push(event_list *l, int32_t kind, double diff, int64_t row, double start,
                 double magnitude, double evidence, double p)
{
    xpi_event *e = &l->items[l->count++];
    e->kind = kind;
    e->direction = diff > 0.0 ? 1 : diff < 0.0 ? -1 : 0;
    e->row = row;
    e->period_start = start;
    e->magnitude = magnitude;
    e->evidence = evidence;
    e->p_value = p;
}

static double start_of(const xpi_table *s, size_t row)
{
    return xpi_table_value(s, row, XPI_COL_PERIOD_START);
}

/* SHIFT events from the change points; bounds[] gets each segment's first
 * row (and rows as the end). */
static int shifts(const xpi_table *s, const xpi_query *q, double alpha, event_list *l,
                  size_t *bounds, size_t *nbounds)
{
    xpi_query cq = *q;
    xpi_table *c = NULL;
    size_t i;
    int status;
    cq.false_alarm = alpha;
    status = xpi_series_changes(s, &cq, &c);
    if (status != XPI_OK)
        return status;
    bounds[0] = 0;
    for (i = 0; i < c->rows; i++) {
        size_t row = c->ids[i];
        double d = xpi_table_value(c, i, XPI_COL_DIFF);
        push(l, XPI_EVENT_SHIFT, d, (int64_t)row, start_of(s, row), d,
             xpi_table_value(c, i, XPI_COL_EVIDENCE), (double)NAN);
        bounds[i + 1] = row;
    }
    bounds[c->rows + 1] = s->rows;
    *nbounds = c->rows + 2;
    xpi_table_free(c);
    return XPI_OK;
}

/* SPIKE and DIP events: each period against the rest of its segment (the
 * pooled z test; Welch for means), flagged below alpha / (periods with
 * data). */
static int spikes(const xpi_table *s, double alpha, const size_t *bounds, size_t nbounds,
                  event_list *l)
{
    double unit = xpi_stat_unit(s->stat), used = 0.0;
    xpi_tally *segment = NULL, *rest = NULL;
    size_t b, i;
    int status = xpi_tally_create(&segment, &s->periods[0]->scale, &s->alloc);
    if (status == XPI_OK)
        status = xpi_tally_create(&rest, &s->periods[0]->scale, &s->alloc);
    for (i = 0; i < s->rows; i++)
        used += s->periods[i]->total_n > 0;
    for (b = 0; status == XPI_OK && b + 1 < nbounds; b++) {
        xpi_tally_reset(segment);
        for (i = bounds[b]; i < bounds[b + 1]; i++)
            xpi_tally_accumulate(segment, s->periods[i]); /* fits: the series holds it */
        for (i = bounds[b]; i < bounds[b + 1]; i++) {
            xpi_summary sp, sr;
            xpi_comparison cmp;
            if (s->periods[i]->total_n == 0 || s->periods[i]->total_n == segment->total_n)
                continue;
            xpi_tally_subtract(rest, segment, s->periods[i]);
            if (!xpi_summarize_any(s->periods[i], s->stat, &sp) ||
                !xpi_summarize_any(rest, s->stat, &sr))
                continue;
            cmp.difference = sp.value - sr.value;
            xpi_compare_test(s->stat, XPI_CI_DEFAULT, 1, &sp, &sr, &cmp);
            if (cmp.p_value < alpha / used)
                push(l, cmp.difference > 0.0 ? XPI_EVENT_SPIKE : XPI_EVENT_DIP, cmp.difference,
                     (int64_t)i, start_of(s, i), unit * cmp.difference, cmp.statistic,
                     cmp.p_value);
        }
    }
    xpi_tally_free(segment);
    xpi_tally_free(rest);
    return status;
}

/* A TREND event: Mann-Kendall (Hamed-Rao) on the period estimates, the
 * size by Sen's slope per period. */
static int trend(const xpi_table *s, double alpha, event_list *l)
{
    double *est = xpi_alloc(&s->alloc, (s->rows + 1) * sizeof *est);
    xpi_trend_test mk;
    xpi_slope sl;
    size_t i, first = s->rows;
    int status;
    if (est == NULL)
        return XPI_ERR_NO_MEMORY;
    for (i = 0; i < s->rows; i++) {
        est[i] = xpi_table_value(s, i, XPI_COL_ESTIMATE);
        if (!isnan(est[i]) && first == s->rows)
            first = i;
    }
    status = xpi_mk_test(est, s->rows, XPI_MK_HAMED_RAO, 0, 1, &s->alloc, &mk);
    if (status == XPI_OK && mk.p_value < alpha) {
        status = xpi_sen_slope(est, s->rows, 0, 0.95, &s->alloc, &sl);
        if (status == XPI_OK)
            push(l, XPI_EVENT_TREND, mk.s, (int64_t)first, start_of(s, first), sl.slope, mk.z,
                 mk.p_value);
    }
    xpi_dealloc(&s->alloc, est);
    /* Too few periods for a trend test is no trend, not an error. */
    return status == XPI_ERR_NOT_ENOUGH_DATA ? XPI_OK : status;
}

/* Time order; at one row, a shift before what happens in its period. */
static int event_less(const void *ctx, size_t a, size_t b)
{
    const xpi_event *e = ctx;
    if (e[a].row != e[b].row)
        return e[a].row < e[b].row;
    if (e[a].kind != e[b].kind)
        return e[a].kind == XPI_EVENT_SHIFT;
    return a < b;
}

static int to_table(const xpi_table *s, const event_list *l, xpi_table **out)
{
    size_t *order = xpi_alloc(&s->alloc, (l->count + 1) * sizeof *order), i, bytes = 0;
    xpi_table *t = NULL;
    int status;
    if (order == NULL)
        return XPI_ERR_NO_MEMORY;
    for (i = 0; i < l->count; i++) {
        order[i] = i;
        bytes += strlen(s->labels[l->items[i].row]) + 1;
    }
    xpi_sort_indices(order, l->count, event_less, l->items);
    status = xpi_table_alloc(&t, &s->alloc, XPI_TABLE_KIND_EVENTS, l->count, 1, bytes);
    for (i = 0; status == XPI_OK && i < l->count; i++) {
        const xpi_event *e = &l->items[order[i]];
        size_t row = (size_t)e->row;
        xpi_table_add_label(t, i, s->labels[row], s->ids[row]);
        xpi_table_set(t, i, XPI_COL_EVENT_KIND, e->kind);
        xpi_table_set(t, i, XPI_COL_EVENT_DIRECTION, e->direction);
        xpi_table_set(t, i, XPI_COL_EVENT_ROW, (double)e->row);
        xpi_table_set(t, i, XPI_COL_PERIOD_START, e->period_start);
        xpi_table_set(t, i, XPI_COL_MAGNITUDE, e->magnitude);
        xpi_table_set(t, i, XPI_COL_EVIDENCE, e->evidence);
        xpi_table_set(t, i, XPI_COL_P, e->p_value);
    }
    xpi_dealloc(&s->alloc, order);
    if (status != XPI_OK) {
        xpi_table_free(t);
        return status;
    }
    xpi_table_set_figure(t, XPI_TABLE_SIGNALS, (double)l->count);
    *out = t;
    return XPI_OK;
}

int xpi_table_event(const xpi_table *t, size_t row, xpi_event *out)
{
    size_t at;
    if (t == NULL || out == NULL || t->kind != XPI_TABLE_KIND_EVENTS || row >= t->rows)
        return XPI_ERR_INVALID_ARG;
    at = t->order[row];
    out->kind = (int32_t)xpi_table_value(t, at, XPI_COL_EVENT_KIND);
    out->direction = (int32_t)xpi_table_value(t, at, XPI_COL_EVENT_DIRECTION);
    out->row = (size_t)xpi_table_value(t, at, XPI_COL_EVENT_ROW);
    out->period_start = xpi_table_value(t, at, XPI_COL_PERIOD_START);
    out->magnitude = xpi_table_value(t, at, XPI_COL_MAGNITUDE);
    out->evidence = xpi_table_value(t, at, XPI_COL_EVIDENCE);
    out->p_value = xpi_table_value(t, at, XPI_COL_P);
    return XPI_OK;
}

/* 1 when period i stands out from its neighbourhoods, the pooled
 * NEIGHBOURS periods with data before it and after it, in the same
 * direction (p < ISOLATED_P against each). A shift differs from one side
 * only; an isolated spike or dip from both. The first and the last
 * periods have one side, and are judged by it: a jump in the newest period
 * cannot yet be told from the start of a shift, and is reported as a
 * spike until the next periods say otherwise. */
static int isolated(const xpi_table *s, size_t i, xpi_tally *left, xpi_tally *right)
{
    xpi_tally *side[2];
    xpi_summary sp, ss;
    size_t j, got, k;
    int sign = 0, sides = 0;
    xpi_tally_reset(left);
    xpi_tally_reset(right);
    for (j = i, got = 0; j-- > 0 && got < NEIGHBOURS;)
        if (s->periods[j]->total_n > 0) {
            xpi_tally_accumulate(left, s->periods[j]); /* fits: the series holds it */
            got++;
        }
    for (j = i + 1, got = 0; j < s->rows && got < NEIGHBOURS; j++)
        if (s->periods[j]->total_n > 0) {
            xpi_tally_accumulate(right, s->periods[j]);
            got++;
        }
    if (!xpi_summarize_any(s->periods[i], s->stat, &sp))
        return 0;
    side[0] = left;
    side[1] = right;
    for (k = 0; k < 2; k++) {
        xpi_comparison c;
        int dir;
        if (side[k]->total_n == 0)
            continue;
        if (!xpi_summarize_any(side[k], s->stat, &ss))
            return 0;
        c.difference = sp.value - ss.value;
        xpi_compare_test(s->stat, XPI_CI_DEFAULT, 1, &sp, &ss, &c);
        dir = c.difference > 0.0 ? 1 : -1;
        if (!(c.p_value < ISOLATED_P) || (sign != 0 && dir != sign))
            return 0;
        sign = dir;
        sides++;
    }
    return sides > 0;
}

/* The periods for the change points: the series' own, with isolated
 * spikes and dips emptied (a one-period blip would otherwise pull a short
 * segment around itself). */
static int without_blips(const xpi_table *s, xpi_tally **periods, xpi_tally *empty)
{
    xpi_tally *left = NULL, *right = NULL;
    size_t i;
    int status = xpi_tally_create(&left, &s->periods[0]->scale, &s->alloc);
    if (status == XPI_OK)
        status = xpi_tally_create(&right, &s->periods[0]->scale, &s->alloc);
    for (i = 0; status == XPI_OK && i < s->rows; i++)
        periods[i] = s->periods[i]->total_n > 0 && isolated(s, i, left, right) ? empty
                                                                                : s->periods[i];
    xpi_tally_free(left);
    xpi_tally_free(right);
    return status;
}

int xpi_series_events(const xpi_table *series, const xpi_query *q, xpi_event_fn callback,
                      void *user_data, xpi_table **out)
{
    const xpi_allocator *a;
    event_list l;
    size_t *bounds, nbounds = 0, i;
    xpi_tally **periods = NULL, *empty = NULL;
    xpi_table view, *t = NULL;
    double alpha;
    int status;

    q = xpi_query_or_defaults(q);
    if (series == NULL || out == NULL || series->kind != XPI_TABLE_KIND_SERIES)
        return XPI_ERR_INVALID_ARG;
    a = &series->alloc;
    alpha = q->false_alarm;
    l.count = 0;
    l.items = xpi_alloc(a, (MAX_EVENTS_PER_ROW * series->rows + 2) * sizeof *l.items);
    bounds = xpi_alloc(a, (series->rows + 2) * sizeof *bounds);
    periods = xpi_alloc(a, (series->rows + 1) * sizeof *periods);
    status = l.items != NULL && bounds != NULL && periods != NULL ? XPI_OK : XPI_ERR_NO_MEMORY;
    if (status == XPI_OK)
        status = xpi_tally_create(&empty, &series->periods[0]->scale, a);
    /* Change points on the series without its isolated blips, then each
     * period judged against the rest of its segment. */
    if (status == XPI_OK)
        status = without_blips(series, periods, empty);
    if (status == XPI_OK) {
        view = *series;
        view.periods = periods;
        status = shifts(&view, q, SHIFT_SHARE * alpha, &l, bounds, &nbounds);
    }
    if (status == XPI_OK)
        status = spikes(series, SPIKE_SHARE * alpha, bounds, nbounds, &l);
    if (status == XPI_OK && nbounds == 2)
        status = trend(series, TREND_SHARE * alpha, &l);
    if (status == XPI_OK)
        status = to_table(series, &l, &t);
    xpi_dealloc(a, l.items);
    xpi_dealloc(a, bounds);
    xpi_dealloc(a, periods);
    xpi_tally_free(empty);
    if (status != XPI_OK)
        return status;
    if (callback != NULL)
        for (i = 0; i < t->rows; i++) {
            xpi_event e;
            xpi_table_event(t, i, &e);
            if (callback(&e, user_data) != 0)
                break; /* the caller asked to stop */
        }
    *out = t;
    return XPI_OK;
}
