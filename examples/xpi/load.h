/*
 * Reads the input CSV into cubes, one per score column, in one streaming
 * pass: the --by columns are the cubes' dimensions, the --time column
 * their time (day buckets at --utc-offset), --weight the weights. Rows are
 * filtered by --where, and bad ones are skipped and counted by reason (or,
 * with --strict, stop the load naming the line).
 */
#ifndef XPI_TOOL_LOAD_H
#define XPI_TOOL_LOAD_H

#include <stdint.h>

#include <xpi.h>

#include "options.h"

/* Why a row (all metrics) or a cell (one metric) was not used. */
enum row_skip { SKIP_FIELDS, SKIP_TIME, SKIP_WEIGHT, SKIP_VALUE, ROW_SKIPS };
enum cell_skip { SKIP_NO_ANSWER, SKIP_SCORE, SKIP_OFF_SCALE, CELL_SKIPS };

typedef struct metric_input {
    char *column;             /* the header's name (owned) */
    size_t index;             /* its column */
    int32_t metric;           /* XPI_METRIC_*, XPI_METRIC_CUSTOM for --scale */
    int32_t min, max;         /* its scale */
    xpi_cube *cube;
    uint64_t used;            /* responses added */
    uint64_t skipped[CELL_SKIPS];
} metric_input;

typedef struct dataset {
    metric_input metrics[MAX_SCORES];
    size_t nmetrics;
    uint64_t rows;            /* data rows read (after the header) */
    uint64_t filtered;        /* rows --where left out */
    uint64_t skipped[ROW_SKIPS];
} dataset;

/* Loads o->file. Returns 0, or an exit code after printing the reason to
 * stderr (EXIT_INPUT, EXIT_INTERNAL). On failure d holds nothing. */
int dataset_load(const options *o, dataset *d);
void dataset_free(dataset *d);

/* What was read: "Rows: 400 read, 396 used, 3 left out by --where, 1
 * skipped (1 bad date)." and, after a column's name, "361 responses; 39 no
 * answer." (plain text: escape it for markup). */
void rows_sentence(const dataset *d, char *buf, size_t size);
void column_sentence(const metric_input *m, char *buf, size_t size);

/* Text for the skip reasons ("not a whole number", ...). */
const char *row_skip_reason(enum row_skip r);
const char *cell_skip_reason(enum cell_skip r);

#endif
