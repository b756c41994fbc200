/*
 * Adding responses in bulk. Every response is checked before any is
 * added, so bad input anywhere leaves the cube untouched; then each is
 * added whole, so running out of memory (or into the overflow limits)
 * part-way leaves exactly a prefix of the batch, whose length the caller
 * is told and can resume from.
 */
#include <string.h>

#include "xpi_internal.h"

static double weight_at(const double *weights, size_t i)
{
    return weights != NULL ? weights[i] : 1.0;
}

static int check_values(const xpi_cube *c, const char *const *values)
{
    size_t d;
    for (d = 0; d < c->ndims; d++)
        if (values[d] != NULL && memchr(values[d], '\0', XPI_VALUE_MAX_BYTES + 1) == NULL)
            return XPI_ERR_INVALID_ARG;
    return XPI_OK;
}

static int check_ids(const xpi_cube *c, const uint32_t *ids)
{
    size_t d;
    for (d = 0; d < c->ndims; d++)
        if (ids[d] >= c->dicts[d].count)
            return XPI_ERR_INVALID_ARG;
    return XPI_OK;
}

/* The first status of bad input in the batch, or XPI_OK. keys is values
 * (strings) or ids, one row of ndims per response. */
/* Response i's row of keys; NULL without dimensions (keys may be NULL then,
 * and arithmetic on a NULL pointer is undefined). */
static const void *key_row(const xpi_cube *c, const void *keys, int by_id, size_t i)
{
    if (c->ndims == 0)
        return NULL;
    return by_id ? (const void *)((const uint32_t *)keys + i * c->ndims)
                 : (const void *)((const char *const *)keys + i * c->ndims);
}

static int check_batch(const xpi_cube *c, size_t count, const int64_t *times,
                       const void *keys, int by_id, const int32_t *scores,
                       const double *weights)
{
    size_t i;
    for (i = 0; i < count; i++) {
        int status = xpi_cube_check_input(c, times[i], scores[i], weight_at(weights, i));
        if (status == XPI_OK && c->ndims > 0)
            status = by_id ? check_ids(c, key_row(c, keys, by_id, i))
                           : check_values(c, key_row(c, keys, by_id, i));
        if (status != XPI_OK)
            return status;
    }
    return XPI_OK;
}

static int add_batch(xpi_cube *c, size_t count, const int64_t *times, const void *keys,
                     int by_id, const int32_t *scores, const double *weights, size_t *added)
{
    size_t i = 0;
    int status;

    if (added != NULL)
        *added = 0;
    if (c == NULL)
        return XPI_ERR_INVALID_ARG;
    if (count == 0)
        return XPI_OK;
    if (times == NULL || scores == NULL || (c->ndims > 0 && keys == NULL))
        return XPI_ERR_INVALID_ARG;
    status = check_batch(c, count, times, keys, by_id, scores, weights);
    for (; status == XPI_OK && i < count; i++) {
        const void *row = key_row(c, keys, by_id, i);
        if (by_id)
            status = xpi_cube_add_ids(c, times[i], row, scores[i], weight_at(weights, i));
        else
            status = xpi_cube_add(c, times[i], row, scores[i], weight_at(weights, i));
        if (status != XPI_OK)
            break;
    }
    if (added != NULL)
        *added = i;
    return status;
}

int xpi_cube_add_batch(xpi_cube *c, size_t count, const int64_t *times,
                       const char *const *values, const int32_t *scores, const double *weights,
                       size_t *added)
{
    return add_batch(c, count, times, values, 0, scores, weights, added);
}

int xpi_cube_add_ids_batch(xpi_cube *c, size_t count, const int64_t *times,
                           const uint32_t *ids, const int32_t *scores, const double *weights,
                           size_t *added)
{
    return add_batch(c, count, times, ids, 1, scores, weights, added);
}
