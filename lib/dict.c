/*
 * A dictionary of one dimension's values: strings interned to dense ids
 * 0, 1, 2, ... in order of first appearance, id 0 being the missing value
 * (the empty string). Open addressing with linear probing over a power-of-
 * two table kept at most half full; the strings live NUL-terminated in one
 * growing arena.
 *
 * Growth is separate from insertion (reserve, then insert) so that a cube
 * can make room for everything an add needs before it changes anything:
 * reserving only grows capacity, and inserting after a reserve cannot fail.
 */
#include <string.h>

#include "xpi_internal.h"

#define MIN_IDS 16u

/* FNV-1a, 32 bits: short strings, few instructions, good enough spread for
 * linear probing with the table at most half full. */
static uint32_t hash_bytes(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

/* The slot holding the string, or the empty slot where it would go. */
static uint32_t probe(const xpi_dict *d, const char *s, size_t len, uint32_t h)
{
    uint32_t mask = d->slot_cap - 1, i = h & mask;
    for (;;) {
        uint32_t id1 = d->slots[i];
        if (id1 == 0)
            return i;
        if (d->length[id1 - 1] == len && memcmp(d->arena + d->offset[id1 - 1], s, len) == 0)
            return i;
        i = (i + 1) & mask;
    }
}

int xpi_dict_find(const xpi_dict *d, const char *s, size_t len, uint32_t *id)
{
    uint32_t slot = probe(d, s, len, hash_bytes(s, len));
    if (d->slots[slot] == 0)
        return 0;
    *id = d->slots[slot] - 1;
    return 1;
}

/* Rebuilds the slot table at twice the size. */
static int grow_slots(xpi_dict *d, const xpi_allocator *a, uint32_t new_cap)
{
    uint32_t *slots = xpi_alloc(a, (size_t)new_cap * sizeof *slots), i, *old = d->slots;
    if (slots == NULL)
        return XPI_ERR_NO_MEMORY;
    memset(slots, 0, (size_t)new_cap * sizeof *slots);
    d->slots = slots;
    d->slot_cap = new_cap;
    for (i = 0; i < d->count; i++)
        slots[probe(d, d->arena + d->offset[i], d->length[i],
                    hash_bytes(d->arena + d->offset[i], d->length[i]))] = i + 1;
    xpi_dealloc(a, old);
    return XPI_OK;
}

int xpi_dict_reserve(xpi_dict *d, const xpi_allocator *a, size_t extra_ids, size_t extra_bytes)
{
    size_t ids = (size_t)d->count + extra_ids, bytes = d->arena_len + extra_bytes;
    if (ids > XPI_DICT_MAX_IDS || bytes > UINT32_MAX)
        return XPI_ERR_OVERFLOW;
    if (ids > d->cap) {
        size_t cap = d->cap * 2 > ids ? d->cap * 2 : ids;
        uint32_t *offset, *length;
        if (cap > XPI_DICT_MAX_IDS)
            cap = XPI_DICT_MAX_IDS;
        offset = xpi_grow(a, d->offset, d->cap * sizeof *offset, cap * sizeof *offset);
        if (offset == NULL)
            return XPI_ERR_NO_MEMORY;
        d->offset = offset;
        length = xpi_grow(a, d->length, d->cap * sizeof *length, cap * sizeof *length);
        if (length == NULL)
            return XPI_ERR_NO_MEMORY;
        d->length = length;
        d->cap = (uint32_t)cap;
    }
    if (bytes > d->arena_cap) {
        size_t cap = d->arena_cap * 2 > bytes ? d->arena_cap * 2 : bytes;
        char *arena = xpi_grow(a, d->arena, d->arena_cap, cap);
        if (arena == NULL)
            return XPI_ERR_NO_MEMORY;
        d->arena = arena;
        d->arena_cap = cap;
    }
    while ((size_t)d->slot_cap < 2 * ids)
        if (grow_slots(d, a, d->slot_cap * 2) != XPI_OK)
            return XPI_ERR_NO_MEMORY;
    return XPI_OK;
}

uint32_t xpi_dict_insert(xpi_dict *d, const char *s, size_t len)
{
    uint32_t slot = probe(d, s, len, hash_bytes(s, len)), id = d->count;
    if (d->slots[slot] != 0)
        return d->slots[slot] - 1;
    memcpy(d->arena + d->arena_len, s, len);
    d->arena[d->arena_len + len] = '\0';
    d->offset[id] = (uint32_t)d->arena_len;
    d->length[id] = (uint32_t)len;
    d->arena_len += len + 1;
    d->slots[slot] = id + 1;
    d->count++;
    return id;
}

int xpi_dict_init(xpi_dict *d, const xpi_allocator *a)
{
    memset(d, 0, sizeof *d);
    d->slot_cap = 2 * MIN_IDS;
    d->slots = xpi_alloc(a, d->slot_cap * sizeof *d->slots);
    if (d->slots == NULL)
        return XPI_ERR_NO_MEMORY;
    memset(d->slots, 0, d->slot_cap * sizeof *d->slots);
    if (xpi_dict_reserve(d, a, MIN_IDS, 16 * MIN_IDS) != XPI_OK) {
        xpi_dict_free(d, a);
        return XPI_ERR_NO_MEMORY;
    }
    xpi_dict_insert(d, "", 0); /* id 0: the missing value */
    return XPI_OK;
}

void xpi_dict_free(xpi_dict *d, const xpi_allocator *a)
{
    xpi_dealloc(a, d->arena);
    xpi_dealloc(a, d->offset);
    xpi_dealloc(a, d->length);
    xpi_dealloc(a, d->slots);
    memset(d, 0, sizeof *d);
}

const char *xpi_dict_label(const xpi_dict *d, uint32_t id)
{
    return d->arena + d->offset[id];
}
