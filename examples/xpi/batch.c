/*
 * Day-ordered batches (see batch.h).
 */
#include "batch.h"

#include <stdlib.h>

/* A batch whose days span more than this is added in file order: the
 * counting sort's table stays small, and so spread a batch gains little. */
#define DAY_SPAN (4u * BATCH_ROWS)

int batch_init(batch *b, xpi_cube *cube, size_t ndims)
{
    b->cube = cube;
    b->ndims = ndims;
    b->count = 0;
    b->rows = malloc(BATCH_ROWS * sizeof *b->rows);
    b->order = malloc(BATCH_ROWS * sizeof *b->order);
    b->starts = malloc((DAY_SPAN + 1) * sizeof *b->starts);
    if (b->rows == NULL || b->order == NULL || b->starts == NULL) {
        batch_free(b);
        return XPI_ERR_NO_MEMORY;
    }
    return XPI_OK;
}

void batch_free(batch *b)
{
    free(b->rows);
    free(b->order);
    free(b->starts);
    b->rows = NULL;
    b->order = b->starts = NULL;
}

static int64_t day_of(int64_t time)
{
    return time >= 0 ? time / 86400 : -((-time + 86399) / 86400);
}

/* b->order: the rows by day (stable), or in file order when the days
 * spread too far. */
static void order_by_day(batch *b)
{
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    size_t i;
    uint32_t d, sum = 0;
    for (i = 0; i < b->count; i++) {
        int64_t day = day_of(b->rows[i].time);
        lo = day < lo ? day : lo;
        hi = day > hi ? day : hi;
    }
    if (hi - lo >= (int64_t)DAY_SPAN || hi == lo) {
        for (i = 0; i < b->count; i++)
            b->order[i] = (uint32_t)i;
        return;
    }
    for (d = 0; d <= (uint32_t)(hi - lo); d++)
        b->starts[d] = 0;
    for (i = 0; i < b->count; i++)
        b->starts[day_of(b->rows[i].time) - lo]++;
    for (d = 0; d <= (uint32_t)(hi - lo); d++) {
        uint32_t n = b->starts[d];
        b->starts[d] = sum;
        sum += n;
    }
    for (i = 0; i < b->count; i++)
        b->order[b->starts[day_of(b->rows[i].time) - lo]++] = (uint32_t)i;
}

int batch_flush(batch *b, unsigned long long *failed_line)
{
    size_t i;
    if (b->count == 0)
        return XPI_OK;
    order_by_day(b);
    for (i = 0; i < b->count; i++) {
        const pending *p = &b->rows[b->order[i]];
        int status = xpi_cube_add_ids(b->cube, p->time, p->ids, p->score, p->weight);
        if (status != XPI_OK) {
            *failed_line = p->line;
            return status;
        }
    }
    b->count = 0;
    return XPI_OK;
}

int batch_add(batch *b, int64_t time, const char *const *values, int32_t score, double weight,
              unsigned long long line, unsigned long long *failed_line)
{
    pending *p = &b->rows[b->count];
    size_t d;
    for (d = 0; d < b->ndims; d++) {
        int status = xpi_cube_intern(b->cube, d, values[d], &p->ids[d]);
        if (status != XPI_OK) {
            *failed_line = line;
            return status;
        }
    }
    p->time = time;
    p->score = score;
    p->weight = weight;
    p->line = line;
    if (++b->count == BATCH_ROWS)
        return batch_flush(b, failed_line);
    return XPI_OK;
}
