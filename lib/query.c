/*
 * Queries: which part of a cube to look at (a time range, fixed values of
 * some dimensions) and how to analyse it (statistic, interval method,
 * confidence, adjustment, minimum n), set by key so that new options never
 * change the ABI (the pattern of zstd's ZSTD_CCtx_setParameter). Filters
 * name dimensions and values by string and are resolved against a cube
 * only when the query runs, so one query serves any cube of the layout.
 */
#include <math.h>
#include <string.h>

#include "xpi_internal.h"

/* Everything selected, the default parameters: a new or reset query, and
 * the query of a call given NULL. Constant: no global mutable state. */
static const xpi_query defaults = {
    {NULL, NULL, NULL, NULL}, /* alloc: a query's own */
    XPI_TIME_MIN, XPI_TIME_MAX, 0, 0, {{0}}, {{0}},
    XPI_STAT_DEFAULT, XPI_CI_DEFAULT, XPI_ADJUST_BH,
    0.95, 30.0, /* confidence, min_n */
    3,          /* window */
    3.0, 0.2, 0.5, 5.0, /* sigma, lambda, cusum_k, cusum_h */
    0, 2,       /* baseline, min_segment */
    0.05, 0.0,  /* false_alarm, penalty */
};

const xpi_query *xpi_query_or_defaults(const xpi_query *q)
{
    return q != NULL ? q : &defaults;
}

static void set_defaults(xpi_query *q)
{
    xpi_allocator a = q->alloc;
    *q = defaults;
    q->alloc = a;
}

int xpi_query_new(xpi_query **out, const xpi_allocator *alloc)
{
    xpi_allocator a;
    xpi_query *q;
    if (out == NULL || xpi_alloc_init(&a, alloc) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    q = xpi_alloc(&a, sizeof *q);
    if (q == NULL)
        return XPI_ERR_NO_MEMORY;
    q->alloc = a;
    set_defaults(q);
    *out = q;
    return XPI_OK;
}

void xpi_query_free(xpi_query *q)
{
    if (q != NULL) {
        xpi_allocator a = q->alloc;
        xpi_dealloc(&a, q);
    }
}

int xpi_query_reset(xpi_query *q)
{
    if (q == NULL)
        return XPI_ERR_INVALID_ARG;
    set_defaults(q);
    return XPI_OK;
}

int xpi_query_set_time(xpi_query *q, int64_t from, int64_t to)
{
    if (q == NULL || from < XPI_TIME_MIN || to > XPI_TIME_MAX + 1 || from >= to)
        return XPI_ERR_INVALID_ARG;
    q->from = from;
    q->to = to;
    q->time_set = 1;
    return XPI_OK;
}

/* Copies s (NULL is "") into dst of XPI_VALUE_MAX_BYTES + 1 bytes; 0 when
 * it is too long. */
static int copy_value(char *dst, const char *s)
{
    const char *v = s != NULL ? s : "";
    const char *nul = memchr(v, '\0', XPI_VALUE_MAX_BYTES + 1);
    if (nul == NULL)
        return 0;
    memcpy(dst, v, (size_t)(nul - v) + 1);
    return 1;
}

int xpi_query_set_filter(xpi_query *q, const char *dim, const char *value)
{
    char name[XPI_VALUE_MAX_BYTES + 1], val[XPI_VALUE_MAX_BYTES + 1];
    size_t i;
    if (q == NULL || dim == NULL || dim[0] == '\0' || !copy_value(name, dim) ||
        !copy_value(val, value))
        return XPI_ERR_INVALID_ARG;
    for (i = 0; i < q->nfilters; i++)
        if (strcmp(q->filter_dim[i], name) == 0)
            break;
    if (i == XPI_CUBE_MAX_DIMS)
        return XPI_ERR_INVALID_ARG;
    memcpy(q->filter_dim[i], name, sizeof name);
    memcpy(q->filter_value[i], val, sizeof val);
    if (i == q->nfilters)
        q->nfilters++;
    return XPI_OK;
}

int xpi_query_clear_filter(xpi_query *q, const char *dim)
{
    size_t i;
    if (q == NULL || dim == NULL)
        return XPI_ERR_INVALID_ARG;
    for (i = 0; i < q->nfilters; i++) {
        if (strcmp(q->filter_dim[i], dim) == 0) {
            /* The last filter takes its place: filters have no order. */
            q->nfilters--;
            memcpy(q->filter_dim[i], q->filter_dim[q->nfilters], sizeof q->filter_dim[i]);
            memcpy(q->filter_value[i], q->filter_value[q->nfilters], sizeof q->filter_value[i]);
            break;
        }
    }
    return XPI_OK;
}

int xpi_query_set_param(xpi_query *q, int32_t key, double value)
{
    if (q == NULL || !isfinite(value))
        return XPI_ERR_INVALID_ARG;
    switch (key) {
    case XPI_QUERY_STAT:
        if (value != floor(value) || value < XPI_STAT_DEFAULT || value > XPI_STAT_MEAN)
            return XPI_ERR_INVALID_ARG;
        q->stat = (int32_t)value;
        return XPI_OK;
    case XPI_QUERY_METHOD:
        if (value != floor(value) || value < XPI_CI_DEFAULT || value > XPI_CI_BAYES)
            return XPI_ERR_INVALID_ARG;
        q->method = (int32_t)value;
        return XPI_OK;
    case XPI_QUERY_CONFIDENCE:
        if (!(value > 0.0 && value < 1.0))
            return XPI_ERR_INVALID_ARG;
        q->confidence = value;
        return XPI_OK;
    case XPI_QUERY_ADJUST:
        if (value != floor(value) || value < XPI_ADJUST_NONE || value > XPI_ADJUST_BY)
            return XPI_ERR_INVALID_ARG;
        q->adjust = (int32_t)value;
        return XPI_OK;
    case XPI_QUERY_MIN_N:
        if (value < 0.0)
            return XPI_ERR_INVALID_ARG;
        q->min_n = value;
        return XPI_OK;
    case XPI_QUERY_WINDOW:
        if (value != floor(value) || value < 1.0 || value > XPI_SERIES_MAX_PERIODS)
            return XPI_ERR_INVALID_ARG;
        q->window = (size_t)value;
        return XPI_OK;
    case XPI_QUERY_SIGMA:
        if (!(value > 0.0))
            return XPI_ERR_INVALID_ARG;
        q->sigma = value;
        return XPI_OK;
    case XPI_QUERY_LAMBDA:
        if (!(value > 0.0 && value <= 1.0))
            return XPI_ERR_INVALID_ARG;
        q->lambda = value;
        return XPI_OK;
    case XPI_QUERY_CUSUM_K:
        if (value < 0.0)
            return XPI_ERR_INVALID_ARG;
        q->cusum_k = value;
        return XPI_OK;
    case XPI_QUERY_CUSUM_H:
        if (!(value > 0.0))
            return XPI_ERR_INVALID_ARG;
        q->cusum_h = value;
        return XPI_OK;
    case XPI_QUERY_BASELINE:
        if (value != floor(value) || value < 0.0 || value > XPI_SERIES_MAX_PERIODS)
            return XPI_ERR_INVALID_ARG;
        q->baseline = (size_t)value;
        return XPI_OK;
    case XPI_QUERY_MIN_SEGMENT:
        if (value != floor(value) || value < 1.0 || value > XPI_SERIES_MAX_PERIODS)
            return XPI_ERR_INVALID_ARG;
        q->min_segment = (size_t)value;
        return XPI_OK;
    case XPI_QUERY_FALSE_ALARM:
        if (!(value >= 0.01 && value <= 0.10))
            return XPI_ERR_INVALID_ARG;
        q->false_alarm = value;
        return XPI_OK;
    case XPI_QUERY_PENALTY:
        if (value < 0.0)
            return XPI_ERR_INVALID_ARG;
        q->penalty = value;
        return XPI_OK;
    default:
        return XPI_ERR_INVALID_ARG;
    }
}

int xpi_query_get_param(const xpi_query *q, int32_t key, double *value)
{
    if (q == NULL || value == NULL)
        return XPI_ERR_INVALID_ARG;
    switch (key) {
    case XPI_QUERY_STAT: *value = q->stat; return XPI_OK;
    case XPI_QUERY_METHOD: *value = q->method; return XPI_OK;
    case XPI_QUERY_CONFIDENCE: *value = q->confidence; return XPI_OK;
    case XPI_QUERY_ADJUST: *value = q->adjust; return XPI_OK;
    case XPI_QUERY_MIN_N: *value = q->min_n; return XPI_OK;
    case XPI_QUERY_WINDOW: *value = (double)q->window; return XPI_OK;
    case XPI_QUERY_SIGMA: *value = q->sigma; return XPI_OK;
    case XPI_QUERY_LAMBDA: *value = q->lambda; return XPI_OK;
    case XPI_QUERY_CUSUM_K: *value = q->cusum_k; return XPI_OK;
    case XPI_QUERY_CUSUM_H: *value = q->cusum_h; return XPI_OK;
    case XPI_QUERY_BASELINE: *value = (double)q->baseline; return XPI_OK;
    case XPI_QUERY_MIN_SEGMENT: *value = (double)q->min_segment; return XPI_OK;
    case XPI_QUERY_FALSE_ALARM: *value = q->false_alarm; return XPI_OK;
    case XPI_QUERY_PENALTY: *value = q->penalty; return XPI_OK;
    default: return XPI_ERR_INVALID_ARG;
    }
}
