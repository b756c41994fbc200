/*
 * Tables: the rows of a breakdown, crosstab, decomposition or series with
 * their labels, numeric columns and table-wide figures, read by key so
 * that new columns never change the ABI. Built once by the analyses;
 * only the presentation order changes afterwards (xpi_table_sort).
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "xpi_internal.h"

/* Bit k - 1 for column (or figure) key k. */
#define BIT(k) ((uint64_t)1 << ((k) - 1))
#define RANGE(a, b) ((BIT(b) << 1) - BIT(a)) /* keys a..b */

/* The columns each kind of table has. */
static uint64_t kind_columns(int32_t kind)
{
    switch (kind) {
    case XPI_TABLE_KIND_BREAKDOWN:
        return RANGE(XPI_COL_N, XPI_COL_INSUFFICIENT);
    case XPI_TABLE_KIND_DECOMPOSE:
        return RANGE(XPI_COL_N_A, XPI_COL_MIX_EFFECT);
    case XPI_TABLE_KIND_SERIES:
        return BIT(XPI_COL_N) | BIT(XPI_COL_N_EFF) | RANGE(XPI_COL_ESTIMATE, XPI_COL_UPPER) |
               RANGE(XPI_COL_DIFF, XPI_COL_P) | RANGE(XPI_COL_PERIOD_START, XPI_COL_ROLLING_N);
    case XPI_TABLE_KIND_CHART:
        return BIT(XPI_COL_N) | BIT(XPI_COL_N_EFF) | BIT(XPI_COL_ESTIMATE) |
               BIT(XPI_COL_PERIOD_START) | RANGE(XPI_COL_CHART_CENTER, XPI_COL_CHART_SIGNAL);
    case XPI_TABLE_KIND_CHANGES:
        return BIT(XPI_COL_DIFF) | BIT(XPI_COL_PERIOD_START) |
               RANGE(XPI_COL_LEVEL_BEFORE, XPI_COL_EVIDENCE);
    default: /* events */
        return BIT(XPI_COL_P) | BIT(XPI_COL_PERIOD_START) | BIT(XPI_COL_EVIDENCE) |
               RANGE(XPI_COL_EVENT_KIND, XPI_COL_EVENT_ROW);
    }
}

static uint64_t kind_figures(int32_t kind)
{
    switch (kind) {
    case XPI_TABLE_KIND_BREAKDOWN:
        return RANGE(XPI_TABLE_N, XPI_TABLE_SIGNIFICANT);
    case XPI_TABLE_KIND_DECOMPOSE:
        return RANGE(XPI_TABLE_ESTIMATE_A, XPI_TABLE_AGAINST_MAJORITY);
    case XPI_TABLE_KIND_SERIES:
        return RANGE(XPI_TABLE_N, XPI_TABLE_UPPER);
    case XPI_TABLE_KIND_CHART:
        return BIT(XPI_TABLE_N) | BIT(XPI_TABLE_ESTIMATE) | BIT(XPI_TABLE_SIGNALS);
    case XPI_TABLE_KIND_CHANGES:
        return BIT(XPI_TABLE_N) | BIT(XPI_TABLE_SIGNALS) | BIT(XPI_TABLE_PENALTY);
    default:
        return BIT(XPI_TABLE_SIGNALS);
    }
}

/* The status of a request for key k among max keys, of which the kind
 * has those in mask. */
static int key_status(int32_t k, int32_t max, uint64_t mask)
{
    if (k < 1 || k > max)
        return XPI_ERR_INVALID_ARG;
    return mask & BIT(k) ? XPI_OK : XPI_ERR_NOT_APPLICABLE;
}

int xpi_table_alloc(xpi_table **out, const xpi_allocator *a, int32_t kind, size_t rows,
                    size_t nkeys, size_t label_bytes)
{
    size_t labels = rows * nkeys, i;
    xpi_table *t;

    /* Labels are at most XPI_VALUE_MAX_BYTES + 1 bytes each; the bound
     * keeps every size below from wrapping. */
    uint64_t mask = kind_columns(kind);
    size_t ncols = 0;
    int32_t k;

    if (rows > SIZE_MAX / (XPI_COL_MAX * sizeof(double) + 2 * (XPI_VALUE_MAX_BYTES + 16)) ||
        label_bytes > SIZE_MAX / 2)
        return XPI_ERR_NO_MEMORY;
    t = xpi_alloc(a, sizeof *t);
    if (t == NULL)
        return XPI_ERR_NO_MEMORY;
    memset(t, 0, sizeof *t);
    t->alloc = *a;
    t->kind = kind;
    t->rows = rows;
    t->nkeys = nkeys;
    /* Only the kind's columns are stored: a breakdown row takes 20 doubles,
     * not one per column key of every kind. */
    for (k = 1; k <= XPI_COL_MAX; k++)
        t->slot[k] = (unsigned char)(mask & BIT(k) ? ncols++ : 0);
    t->ncols = ncols;
    t->cells = xpi_alloc(a, (rows * ncols + 1) * sizeof *t->cells);
    t->ids = xpi_alloc(a, (labels + 1) * sizeof *t->ids);
    t->labels = xpi_alloc(a, (labels + 1) * sizeof *t->labels);
    t->arena = xpi_alloc(a, label_bytes + 1);
    t->order = xpi_alloc(a, (rows + 1) * sizeof *t->order);
    if (t->cells == NULL || t->ids == NULL || t->labels == NULL || t->arena == NULL ||
        t->order == NULL) {
        xpi_table_free(t);
        return XPI_ERR_NO_MEMORY;
    }
    for (i = 0; i < rows * ncols; i++)
        t->cells[i] = (double)NAN;
    for (i = 0; i < XPI_FIGURE_MAX; i++)
        t->figures[i] = (double)NAN;
    for (i = 0; i < rows; i++)
        t->order[i] = i;
    *out = t;
    return XPI_OK;
}

void xpi_table_add_label(xpi_table *t, size_t at, const char *label, uint32_t id)
{
    size_t len = strlen(label) + 1;
    memcpy(t->arena + t->arena_used, label, len);
    t->labels[at] = t->arena + t->arena_used;
    t->ids[at] = id;
    t->arena_used += len;
}

int xpi_table_create(xpi_table **out, const xpi_cube *c, int32_t kind, const xpi_segments *s)
{
    size_t labels = s->count * s->nkeys, bytes = 0, i;
    xpi_table *t;
    int status;
    for (i = 0; i < labels; i++)
        bytes += strlen(xpi_dict_label(&c->dicts[s->dims[i % s->nkeys]], s->ids[i])) + 1;
    status = xpi_table_alloc(&t, &c->alloc, kind, s->count, s->nkeys, bytes);
    if (status != XPI_OK)
        return status;
    for (i = 0; i < labels; i++)
        xpi_table_add_label(t, i, xpi_dict_label(&c->dicts[s->dims[i % s->nkeys]], s->ids[i]),
                            s->ids[i]);
    *out = t;
    return XPI_OK;
}

double *xpi_table_cell(xpi_table *t, size_t row, int32_t column)
{
    return t->cells + row * t->ncols + t->slot[column];
}

void xpi_table_set(xpi_table *t, size_t row, int32_t column, double value)
{
    *xpi_table_cell(t, row, column) = value;
}

double xpi_table_value(const xpi_table *t, size_t row, int32_t column)
{
    return t->cells[row * t->ncols + t->slot[column]];
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
        xpi_dealloc(&a, t->periods);
        xpi_dealloc(&a, t->period_block);
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

int xpi_table_kind(const xpi_table *t, int32_t *kind, size_t *keys)
{
    if (t == NULL)
        return XPI_ERR_INVALID_ARG;
    if (kind != NULL)
        *kind = t->kind;
    if (keys != NULL)
        *keys = t->nkeys;
    return XPI_OK;
}

int xpi_table_get(const xpi_table *t, size_t row, int32_t column, double *value)
{
    int status;
    if (t == NULL || value == NULL)
        return XPI_ERR_INVALID_ARG;
    /* The column first: whether a kind has one does not hang on its rows. */
    status = key_status(column, XPI_COL_MAX, kind_columns(t->kind));
    if (status == XPI_OK && row >= t->rows)
        status = XPI_ERR_INVALID_ARG;
    if (status == XPI_OK)
        *value = xpi_table_value(t, t->order[row], column);
    return status;
}

int xpi_table_figure(const xpi_table *t, int32_t key, double *value)
{
    int status;
    if (t == NULL || value == NULL)
        return XPI_ERR_INVALID_ARG;
    status = key_status(key, XPI_FIGURE_MAX, kind_figures(t->kind));
    if (status == XPI_OK)
        *value = t->figures[key - 1];
    return status;
}

/* Sorting by one column of the stored rows. */
typedef struct sort_ctx {
    const xpi_table *table;
    int32_t column;
    int descending;
} sort_ctx;

/* NaN last either way; ties by stored row, which is value-id order, so
 * the result does not depend on earlier sorts. */
static int row_less(const void *ctx, size_t a, size_t b)
{
    const sort_ctx *s = ctx;
    double va = xpi_table_value(s->table, a, s->column);
    double vb = xpi_table_value(s->table, b, s->column);
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
    status = key_status(column, XPI_COL_MAX, kind_columns(t->kind));
    if (status != XPI_OK)
        return status;
    ctx.table = t;
    ctx.column = column;
    ctx.descending = descending != 0;
    xpi_sort_indices(t->order, t->rows, row_less, &ctx);
    return XPI_OK;
}
