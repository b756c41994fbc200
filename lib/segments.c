/*
 * Grouping a cube's selected cells into segments: the values of one
 * dimension (breakdowns, decompositions) or a pair of dimensions
 * (crosstabs). One pass finds the segments through a hash table on their
 * ids, a sort puts them in value-id order, and a second pass merges each
 * selected cell into its segment's tally. O(cells + segments log segments).
 */
#include <stdint.h>
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

/* At most this many segments: no more than the selected cells, nor than
 * the value combinations the dimensions have issued. */
static size_t segment_bound(const xpi_cube *c, const size_t *dims, size_t nkeys)
{
    size_t bound = c->dicts[dims[0]].count;
    if (nkeys == 2) {
        size_t other = c->dicts[dims[1]].count;
        bound = bound > SIZE_MAX / other ? SIZE_MAX : bound * other;
    }
    return bound < c->cell_count ? bound : c->cell_count;
}

/* Pass one: each cell's selections (a bit per selection, 0 when none
 * selects it), each selected cell's segment, and each segment's ids in
 * order of discovery. */
static int find_segments(const xpi_cube *c, const size_t *dims, size_t nkeys,
                         const xpi_selection *sel, size_t nsel, size_t bound,
                         unsigned char *selected, uint32_t *cell_seg, uint32_t *ids,
                         size_t *count)
{
    const xpi_allocator *a = &c->alloc;
    uint32_t *slots, mask, i;
    size_t cap = 16, n = 0, k;

    while (cap < 2 * bound)
        cap *= 2;
    slots = xpi_alloc(a, cap * sizeof *slots);
    if (slots == NULL)
        return XPI_ERR_NO_MEMORY;
    memset(slots, 0, cap * sizeof *slots);
    mask = (uint32_t)(cap - 1);
    for (i = 0; i < c->cell_count; i++) {
        uint32_t key[2] = {0, 0}, j;
        selected[i] = 0;
        for (k = 0; k < nsel; k++)
            selected[i] |= (unsigned char)(xpi_cell_selected(c, &sel[k], i) << k);
        if (selected[i] == 0)
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
 * renumbered. order, rank and scratch hold bound entries (scratch: bound
 * ids). */
static void sort_segments(const xpi_cube *c, const size_t *dims, size_t nkeys, size_t count,
                          size_t bound, uint32_t *ids, const unsigned char *selected,
                          uint32_t *cell_seg, size_t *order, uint32_t *rank, uint32_t *scratch)
{
    size_t r, i, values = c->dicts[dims[0]].count;
    if (nkeys == 1 && values <= bound) {
        /* One dimension whose ids all fit the scratch: a counting sort. */
        for (i = 0; i < values; i++)
            rank[i] = NONE;
        for (r = 0; r < count; r++)
            rank[ids[r]] = (uint32_t)r;
        for (i = 0, r = 0; i < values; i++)
            if (rank[i] != NONE)
                order[r++] = rank[i];
    } else {
        ids_ctx ctx;
        ctx.ids = ids;
        ctx.nkeys = nkeys;
        for (r = 0; r < count; r++)
            order[r] = r;
        xpi_sort_indices(order, count, ids_less, &ctx);
    }
    for (r = 0; r < count; r++) {
        rank[order[r]] = (uint32_t)r;
        memcpy(scratch + r * nkeys, ids + order[r] * nkeys, nkeys * sizeof *ids);
    }
    memcpy(ids, scratch, count * nkeys * sizeof *ids);
    for (i = 0; i < c->cell_count; i++)
        if (selected[i])
            cell_seg[i] = rank[cell_seg[i]];
}

/* Pass two: every selected cell into its segment's tally, once per
 * selection that selects it. */
static int fill_segments(const xpi_cube *c, const unsigned char *selected,
                         const uint32_t *cell_seg, xpi_segments *s)
{
    uint32_t i;
    size_t k, place;
    for (place = 0; place < s->count * s->nsel; place++)
        s->tallies[place] =
            xpi_tally_place(s->block + place * c->cell_bytes, &c->scale, &c->alloc);
    for (i = 0; i < c->cell_count; i++) {
        for (k = 0; k < s->nsel; k++) {
            if (selected[i] & (1u << k)) {
                int status = xpi_tally_accumulate(s->tallies[k * s->count + cell_seg[i]],
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
    size_t cells = (size_t)c->cell_count + 1, bound = segment_bound(c, dims, nkeys) + 1;
    size_t count = 0;
    xpi_segments s;
    unsigned char *selected = xpi_alloc(a, cells);
    uint32_t *cell_seg = xpi_alloc(a, cells * sizeof *cell_seg);
    uint32_t *ids = xpi_alloc(a, bound * nkeys * sizeof *ids);
    uint32_t *scratch = xpi_alloc(a, bound * (nkeys + 1) * sizeof *scratch);
    size_t *order = xpi_alloc(a, bound * sizeof *order);
    int status = XPI_ERR_NO_MEMORY;

    memset(&s, 0, sizeof s);
    if (selected != NULL && cell_seg != NULL && ids != NULL && scratch != NULL && order != NULL)
        status = find_segments(c, dims, nkeys, sel, nsel, bound, selected, cell_seg, ids,
                               &count);
    if (status == XPI_OK) {
        sort_segments(c, dims, nkeys, count, bound, ids, selected, cell_seg, order,
                      scratch + bound * nkeys, scratch);
        s.count = count;
        s.nkeys = nkeys;
        s.nsel = nsel;
        s.dims[0] = dims[0];
        s.dims[1] = nkeys == 2 ? dims[1] : dims[0];
        s.ids = ids;
        ids = NULL;
        s.tallies = xpi_alloc(a, (count * nsel + 1) * sizeof *s.tallies);
        s.block = xpi_alloc(a, (count * nsel + 1) * c->cell_bytes);
        status = s.tallies != NULL && s.block != NULL
                     ? fill_segments(c, selected, cell_seg, &s)
                     : XPI_ERR_NO_MEMORY;
    }
    xpi_dealloc(a, selected);
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
        status = xpi_tally_accumulate(t, s->tallies[selection * s->count + i]);
    if (status != XPI_OK) {
        xpi_tally_free(t);
        return status;
    }
    *out = t;
    return XPI_OK;
}
