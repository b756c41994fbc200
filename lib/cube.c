/*
 * The cube: responses of one metric by segment dimensions and time, kept
 * as one tally per non-empty cell. A cell's key is its time bucket and one
 * value id per dimension; cells live in arrays indexed by a hash table
 * (open addressing, linear probing, at most half full), so memory grows
 * with the non-empty cells, never with the product of dimension sizes.
 *
 * Every add reserves all the room it may need (dictionary entries, cell
 * slots, the new cell's tally) before it changes anything, so a failed add
 * leaves the cube as it was; growing capacity is not a change anyone can
 * observe.
 */
#include <string.h>

#include "xpi_internal.h"

#define MIN_CELLS 16u
#define SECONDS_PER_DAY 86400
#define MAX_UTC_OFFSET (14 * 3600)


/* ---- keys and the cell table -------------------------------------------- */

static void make_key(const xpi_cube *c, int64_t bucket, const uint32_t *ids, uint32_t *key)
{
    uint64_t b = (uint64_t)bucket;
    key[0] = (uint32_t)(b & 0xffffffffu);
    key[1] = (uint32_t)(b >> 32);
    if (c->ndims > 0) /* ids may be NULL without dimensions (memcpy of NULL: UB) */
        memcpy(key + 2, ids, c->ndims * sizeof *ids);
}

/* A 64-bit multiply-xorshift mix of the key words (splitmix64's finalizer
 * per word): cheap, and it spreads consecutive buckets and ids. */
static uint32_t hash_key(const uint32_t *key, size_t words)
{
    uint64_t h = 0x9e3779b97f4a7c15u;
    size_t i;
    for (i = 0; i < words; i++) {
        h ^= key[i];
        h *= 0xbf58476d1ce4e5b9u;
        h ^= h >> 31;
    }
    return (uint32_t)(h ^ (h >> 32));
}

static int same_key(const uint32_t *a, const uint32_t *b, size_t words)
{
    size_t i;
    for (i = 0; i < words; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* The slot holding the key (hash h), or the empty slot where it would go. */
static uint32_t probe(const xpi_cube *c, const uint32_t *key, uint32_t h)
{
    uint32_t mask = c->slot_cap - 1, i = h & mask;
    for (;;) {
        uint64_t e = c->slots[i];
        uint32_t cell1 = (uint32_t)e;
        if (cell1 == 0 || ((uint32_t)(e >> 32) == h &&
                           same_key(c->keys + (size_t)(cell1 - 1) * c->key_words, key,
                                    c->key_words)))
            return i;
        i = (i + 1) & mask;
    }
}

/* Rebuilds the table at new_cap from the stored hashes: keys are distinct,
 * so each entry goes to the first free slot from its hash. */
static int grow_slots(xpi_cube *c, uint32_t new_cap)
{
    uint64_t *slots = xpi_alloc(&c->alloc, (size_t)new_cap * sizeof *slots), *old = c->slots;
    uint32_t i, mask = new_cap - 1;
    if (slots == NULL)
        return XPI_ERR_NO_MEMORY;
    memset(slots, 0, (size_t)new_cap * sizeof *slots);
    for (i = 0; i < c->slot_cap; i++) {
        uint32_t j;
        if ((uint32_t)old[i] == 0)
            continue;
        for (j = (uint32_t)(old[i] >> 32) & mask; slots[j] != 0; j = (j + 1) & mask)
            ;
        slots[j] = old[i];
    }
    c->slots = slots;
    c->slot_cap = new_cap;
    xpi_dealloc(&c->alloc, old);
    return XPI_OK;
}

/* Room for extra more cells. */
static int reserve_cells(xpi_cube *c, size_t extra)
{
    size_t need = (size_t)c->cell_count + extra;
    if (need >= UINT32_MAX / 2)
        return XPI_ERR_OVERFLOW;
    if (need > c->cell_cap) {
        size_t cap = c->cell_cap * 2 > need ? c->cell_cap * 2 : need;
        uint32_t *keys;
        xpi_tally **cells;
        keys = xpi_grow(&c->alloc, c->keys, c->cell_cap * c->key_words * sizeof *keys,
                        cap * c->key_words * sizeof *keys);
        if (keys == NULL)
            return XPI_ERR_NO_MEMORY;
        c->keys = keys;
        cells = xpi_grow(&c->alloc, c->cells, c->cell_cap * sizeof *cells, cap * sizeof *cells);
        if (cells == NULL)
            return XPI_ERR_NO_MEMORY;
        c->cells = cells;
        c->cell_cap = (uint32_t)cap;
    }
    while ((size_t)c->slot_cap < 2 * need)
        if (grow_slots(c, c->slot_cap * 2) != XPI_OK)
            return XPI_ERR_NO_MEMORY;
    return XPI_OK;
}

/* After the reserves and a successful new_cell: appends the cell, whose
 * tally is the next place of the slabs. */
static void insert_cell(xpi_cube *c, const uint32_t *key, uint32_t h, xpi_tally *t)
{
    uint32_t slot = probe(c, key, h);
    memcpy(c->keys + (size_t)c->cell_count * c->key_words, key, c->key_words * sizeof *key);
    c->cells[c->cell_count] = t;
    c->slots[slot] = ((uint64_t)h << 32) | (uint64_t)(c->cell_count + 1);
    c->cell_count++;
}

/* Places for extra more cell tallies: all of them or, out of memory, none
 * (a failed merge must not keep the slabs it did get; found by fault
 * injection). */
static int reserve_slabs(xpi_cube *c, size_t extra)
{
    size_t need = ((size_t)c->cell_count + extra + c->cells_per_slab - 1) / c->cells_per_slab;
    size_t had = c->slab_count;
    while (c->slab_count < need) {
        unsigned char *slab = NULL;
        if (c->slab_count == c->slab_cap) {
            size_t cap = c->slab_cap ? 2 * c->slab_cap : 16;
            unsigned char **slabs = xpi_grow(&c->alloc, c->slabs, c->slab_cap * sizeof *slabs,
                                             cap * sizeof *slabs);
            if (slabs == NULL)
                break;
            c->slabs = slabs;
            c->slab_cap = cap;
        }
        slab = xpi_alloc(&c->alloc, c->cells_per_slab * c->cell_bytes);
        if (slab == NULL)
            break;
        c->slabs[c->slab_count++] = slab;
    }
    if (c->slab_count >= need)
        return XPI_OK;
    while (c->slab_count > had)
        xpi_dealloc(&c->alloc, c->slabs[--c->slab_count]);
    return XPI_ERR_NO_MEMORY;
}

/* An empty tally at the next cell's place (after reserve_slabs). */
static xpi_tally *place_next(xpi_cube *c)
{
    size_t i = c->cell_count;
    return xpi_tally_place(c->slabs[i / c->cells_per_slab] +
                               (i % c->cells_per_slab) * c->cell_bytes,
                           &c->scale, &c->alloc);
}

/* ---- creation ------------------------------------------------------------- */

static int copy_names(xpi_cube *c, const char *const *names)
{
    size_t d, e;
    for (d = 0; d < c->ndims; d++) {
        size_t len;
        if (names[d] == NULL)
            return XPI_ERR_INVALID_ARG;
        len = strlen(names[d]);
        if (len == 0 || len > XPI_VALUE_MAX_BYTES)
            return XPI_ERR_INVALID_ARG;
        for (e = 0; e < d; e++)
            if (strcmp(names[e], names[d]) == 0)
                return XPI_ERR_INVALID_ARG;
        c->dim_names[d] = xpi_alloc(&c->alloc, len + 1);
        if (c->dim_names[d] == NULL)
            return XPI_ERR_NO_MEMORY;
        memcpy(c->dim_names[d], names[d], len + 1);
    }
    return XPI_OK;
}

static void *zeroed(const xpi_allocator *a, size_t bytes)
{
    void *p = xpi_alloc(a, bytes);
    if (p != NULL)
        memset(p, 0, bytes);
    return p;
}

int xpi_cube_create(xpi_cube **out, const xpi_scale *scale, size_t ndims,
                    const char *const *dim_names, const xpi_allocator *alloc)
{
    xpi_allocator a;
    xpi_cube *c;
    size_t d;
    int status;

    if (out == NULL || ndims > XPI_CUBE_MAX_DIMS || (ndims > 0 && dim_names == NULL))
        return XPI_ERR_INVALID_ARG;
    if (xpi_alloc_init(&a, alloc) != XPI_OK || xpi_scale_check(scale) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    c = xpi_alloc(&a, sizeof *c);
    if (c == NULL)
        return XPI_ERR_NO_MEMORY;
    memset(c, 0, sizeof *c);
    c->alloc = a;
    c->scale = *scale;
    c->ndims = ndims;
    c->grain = SECONDS_PER_DAY;
    c->key_words = 2 + ndims;
    /* Slabs of about 64 KiB, at least one cell. */
    c->cell_bytes = xpi_tally_footprint(scale);
    c->cells_per_slab = c->cell_bytes < 65536 ? 65536 / c->cell_bytes : 1;
    status = XPI_ERR_NO_MEMORY;
    /* Each block is zeroed as soon as it exists, so that xpi_cube_free can
     * undo a creation that fails at any point. */
    c->dim_names = zeroed(&a, (ndims + 1) * sizeof *c->dim_names);
    c->dicts = c->dim_names == NULL ? NULL : zeroed(&a, (ndims + 1) * sizeof *c->dicts);
    c->slots = c->dicts == NULL ? NULL : zeroed(&a, 2 * MIN_CELLS * sizeof *c->slots);
    if (c->slots != NULL) {
        c->slot_cap = 2 * MIN_CELLS;
        status = copy_names(c, dim_names);
        for (d = 0; status == XPI_OK && d < ndims; d++)
            status = xpi_dict_init(&c->dicts[d], &a);
        if (status == XPI_OK)
            status = reserve_cells(c, MIN_CELLS);
    }
    if (status != XPI_OK) {
        xpi_cube_free(c);
        return status;
    }
    *out = c;
    return XPI_OK;
}

int xpi_cube_new(xpi_cube **out, int32_t metric, size_t ndims, const char *const *dim_names,
                 const xpi_allocator *alloc)
{
    xpi_scale scale;
    if (xpi_scale_preset(&scale, metric) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    return xpi_cube_create(out, &scale, ndims, dim_names, alloc);
}

int xpi_cube_new_scale(xpi_cube **out, int32_t min, int32_t max, int32_t low_max,
                       int32_t high_min, int32_t default_stat, size_t ndims,
                       const char *const *dim_names, const xpi_allocator *alloc)
{
    xpi_scale scale;
    xpi_scale_custom(&scale, min, max, low_max, high_min, default_stat);
    return xpi_cube_create(out, &scale, ndims, dim_names, alloc);
}

void xpi_cube_free(xpi_cube *c)
{
    xpi_allocator a;
    size_t d, i;
    if (c == NULL)
        return;
    a = c->alloc;
    for (i = 0; i < c->slab_count; i++)
        xpi_dealloc(&a, c->slabs[i]);
    xpi_dealloc(&a, c->slabs);
    for (d = 0; d < c->ndims; d++) {
        if (c->dim_names != NULL)
            xpi_dealloc(&a, c->dim_names[d]);
        if (c->dicts != NULL && c->dicts[d].slots != NULL)
            xpi_dict_free(&c->dicts[d], &a);
    }
    xpi_dealloc(&a, c->dim_names);
    xpi_dealloc(&a, c->dicts);
    xpi_dealloc(&a, c->keys);
    xpi_dealloc(&a, c->cells);
    xpi_dealloc(&a, c->slots);
    xpi_dealloc(&a, c);
}

int xpi_cube_set_time(xpi_cube *c, int32_t grain_seconds, int32_t utc_offset_seconds)
{
    if (c == NULL || c->cell_count != 0 || grain_seconds <= 0 ||
        grain_seconds > SECONDS_PER_DAY || SECONDS_PER_DAY % grain_seconds != 0 ||
        utc_offset_seconds < -MAX_UTC_OFFSET || utc_offset_seconds > MAX_UTC_OFFSET)
        return XPI_ERR_INVALID_ARG;
    c->grain = grain_seconds;
    c->utc_offset = utc_offset_seconds;
    return XPI_OK;
}

/* ---- adding ------------------------------------------------------------- */

/* floor((time + offset) / grain), exact for every time in range. */
static int64_t bucket_of(const xpi_cube *c, int64_t time)
{
    return xpi_floor_div(time + c->utc_offset, c->grain);
}

int64_t xpi_cell_bucket(const xpi_cube *c, uint32_t i)
{
    const uint32_t *key = c->keys + (size_t)i * c->key_words;
    return xpi_u64_to_i64(((uint64_t)key[1] << 32) | key[0]);
}

int xpi_cube_check_input(const xpi_cube *c, int64_t time, int32_t score, double weight)
{
    if (time < XPI_TIME_MIN || time > XPI_TIME_MAX || !xpi_weight_valid(weight))
        return XPI_ERR_INVALID_ARG;
    if (score < c->scale.min || score > c->scale.max)
        return XPI_ERR_SCORE_RANGE;
    return XPI_OK;
}

static int check_response(const xpi_cube *c, int64_t time, int32_t score, double weight)
{
    int status = xpi_cube_check_input(c, time, score, weight);
    if (status != XPI_OK)
        return status;
    if (c->total_n == UINT64_MAX)
        return XPI_ERR_OVERFLOW;
    return XPI_OK;
}

/* Makes room for one more cell and builds its tally, holding the
 * response, in the current slab; insert_cell commits it. Nothing visible
 * changes on failure (an unused place in a slab is no change). */
static int new_cell(xpi_cube *c, int32_t score, double weight, xpi_tally **out)
{
    xpi_tally *t;
    int status = reserve_cells(c, 1);
    if (status == XPI_OK)
        status = reserve_slabs(c, 1);
    if (status != XPI_OK)
        return status;
    t = place_next(c);
    status = xpi_tally_add(t, score, weight);
    if (status != XPI_OK)
        return status;
    *out = t;
    return XPI_OK;
}

/* Adds one response to the cell of key, creating the cell if needed. */
static int add_to_cell(xpi_cube *c, const uint32_t *key, int32_t score, double weight)
{
    uint32_t h = hash_key(key, c->key_words);
    uint32_t cell1 = (uint32_t)c->slots[probe(c, key, h)];
    xpi_tally *t;
    int status;

    if (cell1 != 0) {
        status = xpi_tally_add(c->cells[cell1 - 1], score, weight);
    } else {
        status = new_cell(c, score, weight, &t);
        if (status == XPI_OK)
            insert_cell(c, key, h, t);
    }
    if (status == XPI_OK)
        c->total_n++;
    return status;
}

int xpi_cube_add(xpi_cube *c, int64_t time, const char *const *values, int32_t score,
                 double weight)
{
    uint32_t ids[XPI_CUBE_MAX_DIMS], key[2 + XPI_CUBE_MAX_DIMS];
    const char *v[XPI_CUBE_MAX_DIMS];
    size_t lens[XPI_CUBE_MAX_DIMS], d;
    int is_new[XPI_CUBE_MAX_DIMS], any_new = 0, status;
    xpi_tally *t;

    if (c == NULL || (c->ndims > 0 && values == NULL))
        return XPI_ERR_INVALID_ARG;
    status = check_response(c, time, score, weight);
    if (status != XPI_OK)
        return status;
    for (d = 0; d < c->ndims; d++) {
        const char *nul;
        v[d] = values[d] != NULL ? values[d] : "";
        nul = memchr(v[d], '\0', XPI_VALUE_MAX_BYTES + 1);
        if (nul == NULL)
            return XPI_ERR_INVALID_ARG; /* longer than XPI_VALUE_MAX_BYTES */
        lens[d] = (size_t)(nul - v[d]);
        is_new[d] = !xpi_dict_find(&c->dicts[d], v[d], lens[d], &ids[d]);
        any_new |= is_new[d];
    }
    if (!any_new) {
        make_key(c, bucket_of(c, time), ids, key);
        return add_to_cell(c, key, score, weight);
    }

    /* A new value means a new cell: reserve the values' room, build the
     * cell, and only then commit the values and the cell. */
    for (d = 0; d < c->ndims; d++) {
        if (is_new[d]) {
            status = xpi_dict_reserve(&c->dicts[d], &c->alloc, 1, lens[d] + 1);
            if (status != XPI_OK)
                return status;
        }
    }
    status = new_cell(c, score, weight, &t);
    if (status != XPI_OK)
        return status;
    for (d = 0; d < c->ndims; d++)
        if (is_new[d])
            ids[d] = xpi_dict_insert(&c->dicts[d], v[d], lens[d]);
    make_key(c, bucket_of(c, time), ids, key);
    insert_cell(c, key, hash_key(key, c->key_words), t);
    c->total_n++;
    return XPI_OK;
}

int xpi_cube_add_ids(xpi_cube *c, int64_t time, const uint32_t *ids, int32_t score,
                     double weight)
{
    uint32_t key[2 + XPI_CUBE_MAX_DIMS];
    size_t d;
    int status;
    if (c == NULL || (c->ndims > 0 && ids == NULL))
        return XPI_ERR_INVALID_ARG;
    status = check_response(c, time, score, weight);
    if (status != XPI_OK)
        return status;
    for (d = 0; d < c->ndims; d++)
        if (ids[d] >= c->dicts[d].count)
            return XPI_ERR_INVALID_ARG;
    make_key(c, bucket_of(c, time), ids, key);
    return add_to_cell(c, key, score, weight);
}

int xpi_cube_intern(xpi_cube *c, size_t dim, const char *value, uint32_t *id)
{
    const char *v = value != NULL ? value : "";
    const char *nul;
    size_t len;
    int status;
    if (c == NULL || id == NULL || dim >= c->ndims)
        return XPI_ERR_INVALID_ARG;
    nul = memchr(v, '\0', XPI_VALUE_MAX_BYTES + 1);
    if (nul == NULL)
        return XPI_ERR_INVALID_ARG;
    len = (size_t)(nul - v);
    if (xpi_dict_find(&c->dicts[dim], v, len, id))
        return XPI_OK;
    status = xpi_dict_reserve(&c->dicts[dim], &c->alloc, 1, len + 1);
    if (status != XPI_OK)
        return status;
    *id = xpi_dict_insert(&c->dicts[dim], v, len);
    return XPI_OK;
}

/* ---- reading ------------------------------------------------------------ */

int xpi_cube_dims(const xpi_cube *c, size_t *ndims)
{
    if (c == NULL || ndims == NULL)
        return XPI_ERR_INVALID_ARG;
    *ndims = c->ndims;
    return XPI_OK;
}

int xpi_cube_scale(const xpi_cube *c, int32_t *metric, int32_t *min, int32_t *max,
                   int32_t *low_max, int32_t *high_min, int32_t *default_stat)
{
    if (c == NULL)
        return XPI_ERR_INVALID_ARG;
    xpi_scale_describe(&c->scale, metric, min, max, low_max, high_min, default_stat);
    return XPI_OK;
}

int xpi_cube_time(const xpi_cube *c, int32_t *grain_seconds, int32_t *utc_offset_seconds)
{
    if (c == NULL)
        return XPI_ERR_INVALID_ARG;
    if (grain_seconds != NULL)
        *grain_seconds = c->grain;
    if (utc_offset_seconds != NULL)
        *utc_offset_seconds = c->utc_offset;
    return XPI_OK;
}

int xpi_cube_dim_name(const xpi_cube *c, size_t dim, const char **name)
{
    if (c == NULL || name == NULL || dim >= c->ndims)
        return XPI_ERR_INVALID_ARG;
    *name = c->dim_names[dim];
    return XPI_OK;
}

int xpi_cube_value_count(const xpi_cube *c, size_t dim, uint32_t *count)
{
    if (c == NULL || count == NULL || dim >= c->ndims)
        return XPI_ERR_INVALID_ARG;
    *count = c->dicts[dim].count;
    return XPI_OK;
}

int xpi_cube_value(const xpi_cube *c, size_t dim, uint32_t id, const char **value)
{
    if (c == NULL || value == NULL || dim >= c->ndims || id >= c->dicts[dim].count)
        return XPI_ERR_INVALID_ARG;
    *value = xpi_dict_label(&c->dicts[dim], id);
    return XPI_OK;
}

int xpi_cube_stats(const xpi_cube *c, uint64_t *responses, uint64_t *cells, uint64_t *bytes)
{
    uint64_t b;
    size_t d;
    if (c == NULL)
        return XPI_ERR_INVALID_ARG;
    if (responses != NULL)
        *responses = c->total_n;
    if (cells != NULL)
        *cells = c->cell_count;
    if (bytes != NULL) {
        b = sizeof *c + (uint64_t)c->cell_cap * (c->key_words * sizeof *c->keys + sizeof *c->cells)
            + (uint64_t)c->slot_cap * sizeof *c->slots;
        b += (uint64_t)c->slab_count * c->cells_per_slab * c->cell_bytes +
             (uint64_t)c->slab_cap * sizeof *c->slabs;
        for (d = 0; d < c->ndims; d++) {
            const xpi_dict *dict = &c->dicts[d];
            b += dict->arena_cap + (uint64_t)dict->cap * 2 * sizeof(uint32_t) +
                 (uint64_t)dict->slot_cap * sizeof(uint32_t) + strlen(c->dim_names[d]) + 1;
        }
        *bytes = b;
    }
    return XPI_OK;
}

/* ---- merging ------------------------------------------------------------- */

static int same_layout(const xpi_cube *a, const xpi_cube *b)
{
    size_t d;
    if (!xpi_scale_equal(&a->scale, &b->scale) || a->ndims != b->ndims ||
        a->grain != b->grain || a->utc_offset != b->utc_offset)
        return 0;
    for (d = 0; d < a->ndims; d++)
        if (strcmp(a->dim_names[d], b->dim_names[d]) != 0)
            return 0;
    return 1;
}

/* dst's id for each of src's values, per dimension; values dst lacks get
 * the ids they will receive, dst's count onward in src's order. Counts
 * the new values' ids and bytes per dimension. */
static void map_values(const xpi_cube *dst, const xpi_cube *src, uint32_t **map,
                       size_t *new_ids, size_t *new_bytes)
{
    size_t d;
    for (d = 0; d < src->ndims; d++) {
        const xpi_dict *from = &src->dicts[d], *to = &dst->dicts[d];
        uint32_t j, next = to->count;
        new_ids[d] = new_bytes[d] = 0;
        for (j = 0; j < from->count; j++) {
            if (!xpi_dict_find(to, xpi_dict_label(from, j), from->length[j], &map[d][j])) {
                map[d][j] = next++;
                new_ids[d]++;
                new_bytes[d] += from->length[j] + 1;
            }
        }
    }
}

/* src's cell i under dst's ids; 1 when the cell may already be in dst
 * (no dimension value is new to dst). */
static int mapped_key(const xpi_cube *dst, const xpi_cube *src, uint32_t *const *map,
                      uint32_t i, uint32_t *key)
{
    const uint32_t *from = src->keys + (size_t)i * src->key_words;
    size_t d;
    int known = 1;
    key[0] = from[0];
    key[1] = from[1];
    for (d = 0; d < src->ndims; d++) {
        key[2 + d] = map[d][from[2 + d]];
        known &= key[2 + d] < dst->dicts[d].count;
    }
    return known;
}

/* Checks every cell merge and reserves everything; nothing visible
 * changes. */
static int prepare_merge(xpi_cube *dst, const xpi_cube *src, uint32_t *const *map,
                         const size_t *new_ids, const size_t *new_bytes)
{
    uint32_t key[2 + XPI_CUBE_MAX_DIMS], i;
    size_t d, new_cells = 0;
    int status;
    for (i = 0; i < src->cell_count; i++) {
        uint32_t cell1 = 0;
        if (mapped_key(dst, src, map, i, key))
            cell1 = (uint32_t)dst->slots[probe(dst, key, hash_key(key, dst->key_words))];
        if (cell1 == 0) {
            new_cells++;
            continue;
        }
        status = xpi_tally_merge_check(dst->cells[cell1 - 1], src->cells[i]);
        if (status != XPI_OK)
            return status;
    }
    for (d = 0; d < dst->ndims; d++) {
        status = xpi_dict_reserve(&dst->dicts[d], &dst->alloc, new_ids[d], new_bytes[d]);
        if (status != XPI_OK)
            return status;
    }
    status = reserve_cells(dst, new_cells);
    return status == XPI_OK ? reserve_slabs(dst, new_cells) : status;
}

int xpi_cube_merge(xpi_cube *dst, const xpi_cube *src)
{
    size_t new_ids[XPI_CUBE_MAX_DIMS], new_bytes[XPI_CUBE_MAX_DIMS], d, values = 0;
    uint32_t *map[XPI_CUBE_MAX_DIMS], *ids, key[2 + XPI_CUBE_MAX_DIMS], i, cells;
    int status;

    if (dst == NULL || src == NULL)
        return XPI_ERR_INVALID_ARG;
    if (!same_layout(dst, src))
        return XPI_ERR_SCALE_MISMATCH;
    if (src->total_n > UINT64_MAX - dst->total_n)
        return XPI_ERR_OVERFLOW;
    for (d = 0; d < src->ndims; d++)
        values += src->dicts[d].count;
    ids = xpi_alloc(&dst->alloc, (values + 1) * sizeof *ids);
    if (ids == NULL)
        return XPI_ERR_NO_MEMORY;
    for (d = 0, values = 0; d < src->ndims; d++) {
        map[d] = ids + values;
        values += src->dicts[d].count;
    }
    map_values(dst, src, map, new_ids, new_bytes);
    status = prepare_merge(dst, src, map, new_ids, new_bytes);
    if (status != XPI_OK) {
        xpi_dealloc(&dst->alloc, ids);
        return status;
    }

    /* Commit: nothing below can fail. New values get exactly the ids the
     * map promised, as they are inserted in src's order. */
    for (d = 0; d < src->ndims; d++) {
        uint32_t j;
        for (j = 0; j < src->dicts[d].count; j++)
            if (map[d][j] >= dst->dicts[d].count)
                xpi_dict_insert(&dst->dicts[d], xpi_dict_label(&src->dicts[d], j),
                                src->dicts[d].length[j]);
    }
    cells = src->cell_count; /* src may be dst: its own cells only */
    for (i = 0; i < cells; i++) {
        uint32_t h, cell1;
        mapped_key(dst, src, map, i, key);
        h = hash_key(key, dst->key_words);
        cell1 = (uint32_t)dst->slots[probe(dst, key, h)];
        if (cell1 != 0) {
            xpi_tally_merge(dst->cells[cell1 - 1], src->cells[i]);
        } else {
            xpi_tally *t = place_next(dst);
            xpi_tally_merge(t, src->cells[i]);
            insert_cell(dst, key, h, t);
        }
    }
    dst->total_n += src->total_n;
    xpi_dealloc(&dst->alloc, ids);
    return XPI_OK;
}

/* ---- loading (cube_io.c) --------------------------------------------------- */

int xpi_cube_intern_loaded(xpi_cube *c, size_t dim, const char *value, size_t len)
{
    uint32_t id;
    int status;
    if (len == 0 || memchr(value, '\0', len) != NULL ||
        xpi_dict_find(&c->dicts[dim], value, len, &id))
        return XPI_ERR_MALFORMED;
    status = xpi_dict_reserve(&c->dicts[dim], &c->alloc, 1, len + 1);
    if (status == XPI_OK)
        xpi_dict_insert(&c->dicts[dim], value, len);
    return status;
}

int xpi_cube_load_cell(xpi_cube *c, int64_t bucket, const uint32_t *ids,
                       const unsigned char *points, int weighted)
{
    uint32_t key[2 + XPI_CUBE_MAX_DIMS], h;
    xpi_tally *t;
    size_t d;
    int status;
    for (d = 0; d < c->ndims; d++)
        if (ids[d] >= c->dicts[d].count)
            return XPI_ERR_MALFORMED;
    if (bucket < bucket_of(c, XPI_TIME_MIN) || bucket > bucket_of(c, XPI_TIME_MAX))
        return XPI_ERR_MALFORMED;
    make_key(c, bucket, ids, key);
    h = hash_key(key, c->key_words);
    if (c->slots[probe(c, key, h)] != 0)
        return XPI_ERR_MALFORMED; /* the same cell twice */
    status = reserve_cells(c, 1);
    if (status == XPI_OK)
        status = reserve_slabs(c, 1);
    if (status != XPI_OK)
        return status;
    t = place_next(c);
    xpi_points_load(t, points, weighted);
    if (t->total_n == 0 || t->total_n > UINT64_MAX - c->total_n)
        return XPI_ERR_MALFORMED; /* empty cells are never stored */
    c->total_n += t->total_n;
    insert_cell(c, key, h, t);
    return XPI_OK;
}
