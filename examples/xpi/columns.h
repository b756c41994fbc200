/*
 * Names for the library's table columns and figures (XPI_COL_*,
 * XPI_TABLE_*), as the JSON and CSV outputs spell them. Every column a
 * table has is written, so the outputs carry every number the API gives.
 */
#ifndef XPI_TOOL_COLUMNS_H
#define XPI_TOOL_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

#include <xpi.h>

typedef struct column_name {
    int32_t key;
    const char *name;
} column_name;

extern const column_name table_columns[];   /* terminated by a NULL name */
extern const column_name table_figures[];

/* The columns t has (those xpi_table_get reads on its first row), in key
 * order, written to keys (at most `capacity`); returns how many. */
size_t columns_of(const xpi_table *t, int32_t *keys, size_t capacity);
const char *column_label(int32_t key);

#endif
