/*
 * Grouping a cube's selected cells into segments: the values of one
 * dimension (breakdowns, decompositions) or a pair of dimensions
 * (crosstabs). One pass finds the segments through a hash table on their
 * ids, a sort puts them in value-id order, and a second pass merges each
 * selected cell into its segment's tally. O(cells + segments log segments).
 */
#include <string.h>

#include "xpi_internal.h"

#define NONE UINT32_MAX

static uint32_t segment_hash(const uint32_t *ids, size_t nkeys)
{
    uint64_t x = ids[0];
    if (nkeys == 2)
        x = (x << 32) | ids[1];
    x *= 0x9e3779b97f4a7c15u;
    return (uint32_t)(x >> 32);
}

/* The segment ids of cell i. */
static void cell_ids(const xpi_cube *c, uint32_t i, const size_t *dims, size_t nkeys,
                     uint32_t *ids)
{
    const uint32_t *key = c->keys + (size_t)i * c->key_words;
    size_t k;
    for (k = 0; k < nkeys; k++)
        ids[k] = key[2 + dims[k]];
}

typedef struct ids_ctx {
    const uint32_t *ids;
    size_t nkeys;
} ids_ctx;

/* Value-id order: first key, then second. */
static int ids_less(const void *ctx, size_t a, size_t b)
{
    const ids_ctx *s = ctx;
    const uint32_t *x = s->ids + a * s->nkeys, *y = s->ids + b * s->nkeys;
    if (x[0] != y[0])
        return x[0] < y[0];
    return s->nkeys == 2 && x[1] < y[1];
}

static int selected_by_any(const xpi_cube *c, const xpi_selection *sel, size_t nsel, uint32_t i)
{
    size_t s;
    for (s = 0; s < nsel; s++)
        if (xpi_cell_selected(c, &sel[s], i))
            return 1;
    return 0;
}

/* Pass one: each selected cell's segment (cell_seg; NONE for the others)
 * and each segment's ids in order of discovery. */
static int find_segments(const xpi_cube *c, const size_t *dims, size_t nkeys,
                         const xpi_selection *sel, size_t nsel, uint32_t *cell_seg,
                         uint32_t *ids, size_t *count)
{
    const xpi_allocator *a = &c->alloc;
    uint32_t *slots, mask, cap = 16, i;
    size_t n = 0;

    while (cap < 2 * (size_t)c->cell_count)
        cap *= 2;
    slots = xpi_alloc(a, (size_t)cap * sizeof *slots);
    if (slots == NULL)
        return XPI_ERR_NO_MEMORY;
    memset(slots, 0, (size_t)cap * sizeof *slots);
    mask = cap - 1;
    for (i = 0; i < c->cell_count; i++) {
        uint32_t key[2] = {0, 0}, j;
        cell_seg[i] = NONE;
        if (!selected_by_any(c, sel, nsel, i))
            continue;
        cell_ids(c, i, dims, nkeys, key);
        for (j = segment_hash(key, nkeys) & mask; slots[j] != 0; j = (j + 1) & mask) {
            const uint32_t *have = ids + (size_t)(slots[j] - 1) * nkeys;
            if (have[0] == key[0] && (nkeys == 1 || have[1] == key[1]))
                break;
        }
        if (slots[j] == 0) {
            memcpy(ids + n * nkeys, key, nkeys * sizeof *key);
            slots[j] = (uint32_t)++n;
        }
        cell_seg[i] = slots[j] - 1;
    }
    xpi_dealloc(a, slots);
    *count = n;
    return XPI_OK;
}

/* Puts the segments in value-id order: ids sorted in place, cell_seg
 * renumbered. order is scratch of count entries. */
static void sort_segments(const xpi_cube *c, size_t nkeys, size_t count, uint32_t *ids,
                          uint32_t *cell_seg, size_t *order, uint32_t *rank, uint32_t *scratch)
{
    ids_ctx ctx;
    size_t r, i;
    ctx.ids = ids;
    ctx.nkeys = nkeys;
    for (r = 0; r < count; r++)
        order[r] = r;
    xpi_sort_indices(order, count, ids_less, &ctx);
    for (r = 0; r < count; r++) {
        rank[order[r]] = (uint32_t)r;
        memcpy(scratch + r * nkeys, ids + order[r] * nkeys, nkeys * sizeof *ids);
    }
    memcpy(ids, scratch, count * nkeys * sizeof *ids);
    for (i = 0; i < c->cell_count; i++)
        if (cell_seg[i] != NONE)
            cell_seg[i] = rank[cell_seg[i]];
}

/* Pass two: every selected cell into its segment's tally, once per
 * selection that selects it. */
static int fill_segments(const xpi_cube *c, const xpi_selection *sel, const uint32_t *cell_seg,
                         xpi_segments *s)
{
    uint32_t i;
    size_t k, place;
    for (k = 0; k < s->nsel; k++)
        for (place = 0; place < s->count; place++) {
            size_t at = k * s->count + place;
            s->tallies[at] =
                xpi_tally_place(s->block + at * c->cell_bytes, &c->scale, &c->alloc);
        }
    for (i = 0; i < c->cell_count; i++) {
        if (cell_seg[i] == NONE)
            continue;
        for (k = 0; k < s->nsel; k++) {
            if (xpi_cell_selected(c, &sel[k], i)) {
                int status = xpi_tally_merge(s->tallies[k * s->count + cell_seg[i]],
                                             c->cells[i]);
                if (status != XPI_OK)
                    return status;
            }
        }
    }
    return XPI_OK;
}

int xpi_segments_group(const xpi_cube *c, const size_t *dims, size_t nkeys,
                       const xpi_selection *sel, size_t nsel, xpi_segments *out)
{
    const xpi_allocator *a = &c->alloc;
    size_t cells = (size_t)c->cell_count + 1, count = 0;
    xpi_segments s;
    uint32_t *cell_seg = xpi_alloc(a, cells * sizeof *cell_seg);
    uint32_t *ids = xpi_alloc(a, cells * nkeys * sizeof *ids);
    uint32_t *scratch = xpi_alloc(a, cells * (nkeys + 1) * sizeof *scratch);
    size_t *order = xpi_alloc(a, cells * sizeof *order);
    int status = XPI_ERR_NO_MEMORY;

    memset(&s, 0, sizeof s);
    if (cell_seg != NULL && ids != NULL && scratch != NULL && order != NULL)
        status = find_segments(c, dims, nkeys, sel, nsel, cell_seg, ids, &count);
    if (status == XPI_OK) {
        sort_segments(c, nkeys, count, ids, cell_seg, order, scratch + cells * nkeys, scratch);
        s.count = count;
        s.nkeys = nkeys;
        s.nsel = nsel;
        s.dims[0] = dims[0];
        s.dims[1] = nkeys == 2 ? dims[1] : dims[0];
        s.ids = ids;
        ids = NULL;
        s.tallies = xpi_alloc(a, (count * nsel + 1) * sizeof *s.tallies);
        s.block = xpi_alloc(a, (count * nsel + 1) * c->cell_bytes);
        status = s.tallies != NULL && s.block != NULL ? fill_segments(c, sel, cell_seg, &s)
                                                      : XPI_ERR_NO_MEMORY;
    }
    xpi_dealloc(a, cell_seg);
    xpi_dealloc(a, ids);
    xpi_dealloc(a, scratch);
    xpi_dealloc(a, order);
    if (status != XPI_OK) {
        xpi_segments_free(c, &s);
        return status;
    }
    *out = s;
    return XPI_OK;
}

void xpi_segments_free(const xpi_cube *c, xpi_segments *s)
{
    xpi_dealloc(&c->alloc, s->ids);
    xpi_dealloc(&c->alloc, s->tallies);
    xpi_dealloc(&c->alloc, s->block);
    memset(s, 0, sizeof *s);
}

int xpi_segments_total(const xpi_cube *c, const xpi_segments *s, size_t selection,
                       xpi_tally **out)
{
    xpi_tally *t;
    size_t i;
    int status = xpi_tally_create(&t, &c->scale, &c->alloc);
    if (status != XPI_OK)
        return status;
    for (i = 0; i < s->count && status == XPI_OK; i++)
        status = xpi_tally_merge(t, s->tallies[selection * s->count + i]);
    if (status != XPI_OK) {
        xpi_tally_free(t);
        return status;
    }
    *out = t;
    return XPI_OK;
}
