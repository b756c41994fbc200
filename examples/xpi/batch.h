/*
 * Responses on their way into a cube, queued and added in batches ordered
 * by day. Rows of an export arrive in any order, and a cube keeps one cell
 * per day and segment: added in file order, each response of a file whose
 * days are shuffled touches a cell far in memory from the last one, and
 * reading such a file ran at half the speed of a sorted one. Within a
 * batch, ordered by day, the cells of one day are hot while their
 * responses go in.
 */
#ifndef XPI_TOOL_BATCH_H
#define XPI_TOOL_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include <xpi.h>

#include "options.h"

#define BATCH_ROWS 16384u

typedef struct pending {
    int64_t time;
    uint32_t ids[MAX_BY];
    int32_t score;
    double weight;
    unsigned long long line;
} pending;

typedef struct batch {
    xpi_cube *cube;
    size_t ndims;
    pending *rows;
    size_t count;
    uint32_t *order;  /* BATCH_ROWS indices */
    uint32_t *starts; /* per day of the batch: counting sort */
} batch;

/* 0, or XPI_ERR_NO_MEMORY. */
int batch_init(batch *b, xpi_cube *cube, size_t ndims);
void batch_free(batch *b);

/* Queues one response (its values are interned in the cube now; score and
 * weight must be valid for the cube), adding the batch when it is full.
 * XPI_OK, or the status of the first response that could not be added
 * (XPI_ERR_OVERFLOW, XPI_ERR_NO_MEMORY), whose line is then *failed_line. */
int batch_add(batch *b, int64_t time, const char *const *values, int32_t score, double weight,
              unsigned long long line, unsigned long long *failed_line);

/* Adds what is queued. Statuses as batch_add. */
int batch_flush(batch *b, unsigned long long *failed_line);

#endif
