/*
 * Segment tables: the rows of a breakdown, crosstab or decomposition with
 * their labels, numeric columns and table-wide figures, read by key so
 * that new columns never change the ABI. Built once by the analyses;
 * only the presentation order changes afterwards (xpi_table_sort).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "xpi_internal.h"

/* The columns each kind of table has. */
static int column_applies(int32_t kind, int32_t column)
{
    if (column < 1 || column > XPI_COL_MAX)
        return 0;
    return kind == XPI_TABLE_KIND_BREAKDOWN ? column <= XPI_COL_INSUFFICIENT
                                            : column >= XPI_COL_N_A;
}

static int figure_applies(int32_t kind, int32_t key)
{
    if (key < 1 || key > XPI_FIGURE_MAX)
        return 0;
    return kind == XPI_TABLE_KIND_BREAKDOWN ? key <= XPI_TABLE_SIGNIFICANT
                                            : key >= XPI_TABLE_ESTIMATE_A;
}

/* The status of a request for column or figure key. */
static int key_status(int known, int applies)
{
    return !known ? XPI_ERR_INVALID_ARG : applies ? XPI_OK : XPI_ERR_NOT_APPLICABLE;
}

int xpi_table_create(xpi_table **out, const xpi_cube *c, int32_t kind, const xpi_segments *s)
{
    const xpi_allocator *a = &c->alloc;
    size_t rows = s->count, labels = rows * s->nkeys, bytes = 0, i, k;
    xpi_table *t;
    char *p;

    /* Labels are at most XPI_VALUE_MAX_BYTES + 1 bytes each; the bound
     * keeps every size below from wrapping. */
    if (rows > SIZE_MAX / (XPI_COL_MAX * sizeof(double) + 2 * (XPI_VALUE_MAX_BYTES + 16)))
        return XPI_ERR_NO_MEMORY;
    for (i = 0; i < labels; i++)
        bytes += strlen(xpi_dict_label(&c->dicts[s->dims[i % s->nkeys]], s->ids[i])) + 1;
    t = xpi_alloc(a, sizeof *t);
    if (t == NULL)
        return XPI_ERR_NO_MEMORY;
    memset(t, 0, sizeof *t);
    t->alloc = *a;
    t->kind = kind;
    t->rows = rows;
    t->nkeys = s->nkeys;
    t->cells = xpi_alloc(a, (rows * XPI_COL_MAX + 1) * sizeof *t->cells);
    t->ids = xpi_alloc(a, (labels + 1) * sizeof *t->ids);
    t->labels = xpi_alloc(a, (labels + 1) * sizeof *t->labels);
    t->arena = xpi_alloc(a, bytes + 1);
    t->order = xpi_alloc(a, (rows + 1) * sizeof *t->order);
    if (t->cells == NULL || t->ids == NULL || t->labels == NULL || t->arena == NULL ||
        t->order == NULL) {
        xpi_table_free(t);
        return XPI_ERR_NO_MEMORY;
    }
    for (i = 0; i < rows * XPI_COL_MAX; i++)
        t->cells[i] = (double)NAN;
    for (k = 0; k < XPI_FIGURE_MAX; k++)
        t->figures[k] = (double)NAN;
    p = t->arena;
    for (i = 0; i < labels; i++) {
        const char *v = xpi_dict_label(&c->dicts[s->dims[i % s->nkeys]], s->ids[i]);
        size_t len = strlen(v) + 1;
        memcpy(p, v, len);
        t->labels[i] = p;
        t->ids[i] = s->ids[i];
        p += len;
    }
    for (i = 0; i < rows; i++)
        t->order[i] = i;
    *out = t;
    return XPI_OK;
}

double *xpi_table_cell(xpi_table *t, size_t row, int32_t column)
{
    return t->cells + row * XPI_COL_MAX + (size_t)(column - 1);
}

void xpi_table_set_figure(xpi_table *t, int32_t key, double value)
{
    t->figures[key - 1] = value;
}

void xpi_table_free(xpi_table *t)
{
    if (t != NULL) {
        xpi_allocator a = t->alloc;
        xpi_dealloc(&a, t->cells);
        xpi_dealloc(&a, t->ids);
        xpi_dealloc(&a, t->labels);
        xpi_dealloc(&a, t->arena);
        xpi_dealloc(&a, t->order);
        xpi_dealloc(&a, t);
    }
}

int xpi_table_rows(const xpi_table *t, size_t *rows)
{
    if (t == NULL || rows == NULL)
        return XPI_ERR_INVALID_ARG;
    *rows = t->rows;
    return XPI_OK;
}

int xpi_table_label(const xpi_table *t, size_t row, size_t key, const char **label,
                    uint32_t *id)
{
    size_t at;
    if (t == NULL || row >= t->rows || key >= t->nkeys)
        return XPI_ERR_INVALID_ARG;
    at = t->order[row] * t->nkeys + key;
    if (label != NULL)
        *label = t->labels[at];
    if (id != NULL)
        *id = t->ids[at];
    return XPI_OK;
}

int xpi_table_get(const xpi_table *t, size_t row, int32_t column, double *value)
{
    int status;
    if (t == NULL || value == NULL || row >= t->rows)
        return XPI_ERR_INVALID_ARG;
    status = key_status(column >= 1 && column <= XPI_COL_MAX, column_applies(t->kind, column));
    if (status == XPI_OK)
        *value = t->cells[t->order[row] * XPI_COL_MAX + (size_t)(column - 1)];
    return status;
}

int xpi_table_figure(const xpi_table *t, int32_t key, double *value)
{
    int status;
    if (t == NULL || value == NULL)
        return XPI_ERR_INVALID_ARG;
    status = key_status(key >= 1 && key <= XPI_FIGURE_MAX, figure_applies(t->kind, key));
    if (status == XPI_OK)
        *value = t->figures[key - 1];
    return status;
}

/* Sorting by one column: ctx is the column's values by stored row. */
typedef struct sort_ctx {
    const double *cells;
    size_t column;
    int descending;
} sort_ctx;

/* NaN last either way; ties by stored row, which is value-id order, so
 * the result does not depend on earlier sorts. */
static int row_less(const void *ctx, size_t a, size_t b)
{
    const sort_ctx *s = ctx;
    double va = s->cells[a * XPI_COL_MAX + s->column];
    double vb = s->cells[b * XPI_COL_MAX + s->column];
    int na = isnan(va) != 0, nb = isnan(vb) != 0;
    if (na || nb)
        return na == nb ? a < b : nb;
    if (va != vb)
        return s->descending ? va > vb : va < vb;
    return a < b;
}

int xpi_table_sort(xpi_table *t, int32_t column, int32_t descending)
{
    sort_ctx ctx;
    int status;
    if (t == NULL)
        return XPI_ERR_INVALID_ARG;
    status = key_status(column >= 1 && column <= XPI_COL_MAX, column_applies(t->kind, column));
    if (status != XPI_OK)
        return status;
    ctx.cells = t->cells;
    ctx.column = (size_t)(column - 1);
    ctx.descending = descending != 0;
    xpi_sort_indices(t->order, t->rows, row_less, &ctx);
    return XPI_OK;
}
