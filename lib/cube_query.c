/*
 * Running a query on a cube: resolving its filters against the cube's
 * dimensions, selecting cells, and summing the selected cells into a tally.
 * O(cells) per query.
 */
#include <stdint.h>
#include <string.h>

#include "xpi_internal.h"

/* ceil(a / b) for b > 0, exact for every a in range. */
static int64_t ceil_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return q + (a % b > 0);
}

int xpi_query_select(const xpi_cube *c, const xpi_query *q, xpi_selection *sel)
{
    size_t f, d;
    sel->empty = 0;
    for (d = 0; d < c->ndims; d++)
        sel->id[d] = -1;
    /* Bucket b starts at b grain - offset (UTC); it is selected when that
     * start lies in [from, to). */
    sel->first_bucket = ceil_div(q->from + c->utc_offset, c->grain);
    /* A bucket that starts before XPI_TIME_MIN (day buckets with a UTC
     * offset) counts as starting there, the earliest time it can hold:
     * otherwise no range could select it. */
    if (q->from == XPI_TIME_MIN)
        sel->first_bucket = xpi_floor_div(q->from + c->utc_offset, c->grain);
    sel->last_bucket = ceil_div(q->to + c->utc_offset, c->grain) - 1;
    if (!q->time_set) { /* every bucket: a response at either end of time too */
        sel->first_bucket = INT64_MIN;
        sel->last_bucket = INT64_MAX;
    }
    for (f = 0; f < q->nfilters; f++) {
        uint32_t id;
        for (d = 0; d < c->ndims; d++)
            if (strcmp(c->dim_names[d], q->filter_dim[f]) == 0)
                break;
        if (d == c->ndims)
            return XPI_ERR_INVALID_ARG;
        if (xpi_dict_find(&c->dicts[d], q->filter_value[f], strlen(q->filter_value[f]), &id))
            sel->id[d] = id;
        else
            sel->empty = 1;
    }
    return XPI_OK;
}

int xpi_cell_selected(const xpi_cube *c, const xpi_selection *sel, uint32_t i)
{
    const uint32_t *key = c->keys + (size_t)i * c->key_words;
    int64_t bucket = xpi_cell_bucket(c, i);
    size_t d;
    if (sel->empty || bucket < sel->first_bucket || bucket > sel->last_bucket)
        return 0;
    for (d = 0; d < c->ndims; d++)
        if (sel->id[d] >= 0 && key[2 + d] != (uint32_t)sel->id[d])
            return 0;
    return 1;
}

int xpi_query_analysis(const xpi_scale *scale, const xpi_query *q, int32_t *stat,
                       int32_t *method)
{
    *stat = q->stat == XPI_STAT_DEFAULT ? scale->default_stat : q->stat;
    *method = q->method;
    if (*method == XPI_CI_BOOTSTRAP || *method == XPI_CI_BAYES ||
        !xpi_method_applies(*stat, *method))
        return XPI_ERR_NOT_APPLICABLE;
    return XPI_OK;
}

int xpi_cube_tally(const xpi_cube *c, const xpi_query *q, xpi_tally **out)
{
    xpi_selection sel;
    xpi_tally *t;
    uint32_t i;
    int status;

    q = xpi_query_or_defaults(q);
    if (c == NULL || out == NULL)
        return XPI_ERR_INVALID_ARG;
    status = xpi_query_select(c, q, &sel);
    if (status == XPI_OK)
        status = xpi_tally_create(&t, &c->scale, &c->alloc);
    if (status != XPI_OK)
        return status;
    for (i = 0; i < c->cell_count && status == XPI_OK; i++)
        if (xpi_cell_selected(c, &sel, i))
            status = xpi_tally_accumulate(t, c->cells[i]); /* weight sums may overflow */
    if (status != XPI_OK) {
        xpi_tally_free(t);
        return status;
    }
    *out = t;
    return XPI_OK;
}
