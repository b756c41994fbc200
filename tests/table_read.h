/*
 * Reading segment tables in tests: a column or a figure, checked to be
 * readable (NaN when the call fails, so the failure shows twice).
 */
#ifndef XPI_TEST_TABLE_READ_H
#define XPI_TEST_TABLE_READ_H

#include <math.h>

#include "check.h"
#include "xpi.h"

static inline double col(const xpi_table *t, size_t row, int32_t column)
{
    double v = (double)NAN;
    CHECK_STATUS(xpi_table_get(t, row, column, &v), XPI_OK);
    return v;
}

static inline double fig(const xpi_table *t, int32_t key)
{
    double v = (double)NAN;
    CHECK_STATUS(xpi_table_figure(t, key, &v), XPI_OK);
    return v;
}

#endif
