/*
 * Serialized cube: portable, versioned, checksummed, like the tally's
 * format (docs/methods.md, "Serialized cube"). All integers little-endian.
 *
 *   magic "XPIC", u16 version (1), u16 flags (0)
 *   scale: i32 metric, min, max, low_max, high_min, default_stat
 *   i32 grain, i32 utc offset, u32 dimensions D, u32 cells C
 *   per dimension: u16 name length, name; u32 value count V (the missing
 *     value included); values 1..V-1: u16 length, bytes (no NUL)
 *   per cell: i64 bucket, D x u32 value ids, u16 flags (bit 0: weighted),
 *     per score point: u64 count, f64 sum of weights, f64 sum of squares
 *   u32 CRC-32 of everything before it
 *
 * Reading checks the checksum first, then every field through a bounds-
 * checked cursor, and builds the cube with the same checks its adds make;
 * anything inconsistent is XPI_ERR_MALFORMED and nothing is returned.
 */
#include <string.h>

#include "xpi_internal.h"

#define FORMAT_VERSION 1
#define FIXED_BYTES 48
#define CRC_BYTES 4
#define FLAG_WEIGHTED 1u

#define MAGIC "XPIC"

static size_t cell_bytes(const xpi_cube *c)
{
    return 8 + 4 * c->ndims + 2 + xpi_scale_points(&c->scale) * XPI_POINT_BYTES;
}

static size_t serialized_bytes(const xpi_cube *c)
{
    size_t bytes = FIXED_BYTES + CRC_BYTES, d;
    uint32_t j;
    for (d = 0; d < c->ndims; d++) {
        bytes += 2 + strlen(c->dim_names[d]) + 4;
        for (j = 1; j < c->dicts[d].count; j++)
            bytes += 2 + c->dicts[d].length[j];
    }
    return bytes + c->cell_count * cell_bytes(c);
}

int xpi_cube_serialize(const xpi_cube *c, void *buf, size_t capacity, size_t *length)
{
    unsigned char *p = buf;
    size_t need, d;
    uint32_t i, j;

    if (c == NULL || length == NULL)
        return XPI_ERR_INVALID_ARG;
    need = serialized_bytes(c);
    *length = need;
    if (buf == NULL)
        return XPI_OK;
    if (capacity < need)
        return XPI_ERR_BUFFER_TOO_SMALL;

    xpi_envelope_write(p, MAGIC, FORMAT_VERSION, 0);
    xpi_scale_write(p + 8, &c->scale);
    xpi_put_u32(p + 32, (uint32_t)c->grain);
    xpi_put_u32(p + 36, (uint32_t)c->utc_offset);
    xpi_put_u32(p + 40, (uint32_t)c->ndims);
    xpi_put_u32(p + 44, c->cell_count);
    p += FIXED_BYTES;
    for (d = 0; d < c->ndims; d++) {
        size_t len = strlen(c->dim_names[d]);
        xpi_put_u16(p, (uint16_t)len);
        memcpy(p + 2, c->dim_names[d], len);
        p += 2 + len;
        xpi_put_u32(p, c->dicts[d].count);
        p += 4;
        for (j = 1; j < c->dicts[d].count; j++) {
            len = c->dicts[d].length[j];
            xpi_put_u16(p, (uint16_t)len);
            memcpy(p + 2, xpi_dict_label(&c->dicts[d], j), len);
            p += 2 + len;
        }
    }
    for (i = 0; i < c->cell_count; i++) {
        const uint32_t *key = c->keys + (size_t)i * c->key_words;
        xpi_put_u32(p, key[0]);
        xpi_put_u32(p + 4, key[1]);
        p += 8;
        for (d = 0; d < c->ndims; d++, p += 4)
            xpi_put_u32(p, key[2 + d]);
        xpi_put_u16(p, c->cells[i]->weighted ? FLAG_WEIGHTED : 0);
        xpi_points_write(c->cells[i], p + 2);
        p += 2 + c->cells[i]->points * XPI_POINT_BYTES;
    }
    xpi_crc_write(buf, need);
    return XPI_OK;
}

/* A bounds-checked reader: every take fails once the bytes run out. */
typedef struct cursor {
    const unsigned char *p;
    size_t left;
} cursor;

static const unsigned char *take(cursor *r, size_t n)
{
    const unsigned char *p = r->p;
    if (n > r->left)
        return NULL;
    r->p += n;
    r->left -= n;
    return p;
}

/* The fixed header: envelope, scale and time layout. */
static int parse_header(const unsigned char *p, size_t length, xpi_scale *scale,
                        int32_t *grain, int32_t *offset, uint32_t *ndims, uint32_t *cells)
{
    int status = xpi_envelope_check(p, length, MAGIC, FIXED_BYTES + CRC_BYTES, FORMAT_VERSION, 0);
    if (status == XPI_OK)
        status = xpi_scale_read(p + 8, scale);
    if (status != XPI_OK)
        return status;
    *grain = xpi_get_i32(p + 32);
    *offset = xpi_get_i32(p + 36);
    *ndims = xpi_get_u32(p + 40);
    *cells = xpi_get_u32(p + 44);
    if (*ndims > XPI_CUBE_MAX_DIMS)
        return XPI_ERR_MALFORMED;
    return XPI_OK;
}

/* The dimension names, NUL-terminated into names[d]; value_left[d] is what
 * remains of the buffer where dimension d's values start. */
static int read_names(cursor *r, uint32_t ndims, char names[][XPI_VALUE_MAX_BYTES + 1],
                      size_t *value_left)
{
    uint32_t d, j;
    /* Names come before each dimension's values; remember where each
     * dimension's values start and skip them for now. */
    for (d = 0; d < ndims; d++) {
        const unsigned char *q = take(r, 2), *name;
        uint32_t count;
        size_t len;
        if (q == NULL || (len = xpi_get_u16(q)) > XPI_VALUE_MAX_BYTES ||
            (name = take(r, len)) == NULL || (q = take(r, 4)) == NULL)
            return XPI_ERR_MALFORMED;
        memcpy(names[d], name, len);
        names[d][len] = '\0';
        if (strlen(names[d]) != len)
            return XPI_ERR_MALFORMED;
        count = xpi_get_u32(q);
        value_left[d] = r->left;
        if (count == 0)
            return XPI_ERR_MALFORMED;
        for (j = 1; j < count; j++) {
            if ((q = take(r, 2)) == NULL || take(r, xpi_get_u16(q)) == NULL)
                return XPI_ERR_MALFORMED;
        }
    }
    return XPI_OK;
}

int xpi_cube_deserialize(xpi_cube **out, const void *buf, size_t length,
                         const xpi_allocator *alloc)
{
    char names[XPI_CUBE_MAX_DIMS][XPI_VALUE_MAX_BYTES + 1];
    const char *name_ptrs[XPI_CUBE_MAX_DIMS];
    size_t value_left[XPI_CUBE_MAX_DIMS];
    const unsigned char *p = buf;
    xpi_allocator a;
    xpi_scale scale;
    int32_t grain, offset;
    uint32_t ndims, cells, d, i;
    xpi_cube *c;
    cursor r;
    int status;

    if (out == NULL || buf == NULL || xpi_alloc_init(&a, alloc) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    status = parse_header(p, length, &scale, &grain, &offset, &ndims, &cells);
    if (status != XPI_OK)
        return status;
    r.p = p + FIXED_BYTES;
    r.left = length - FIXED_BYTES - CRC_BYTES;
    status = read_names(&r, ndims, names, value_left);
    if (status != XPI_OK)
        return status;
    /* Cells are fixed-size: their count must fill the rest exactly. */
    if (r.left != (size_t)cells * (8 + 4 * ndims + 2 + xpi_scale_points(&scale) * XPI_POINT_BYTES))
        return XPI_ERR_MALFORMED;

    for (d = 0; d < ndims; d++)
        name_ptrs[d] = names[d];
    status = xpi_cube_create(&c, &scale, ndims, name_ptrs, &a);
    if (status == XPI_ERR_INVALID_ARG)
        return XPI_ERR_MALFORMED; /* bad or duplicate names */
    if (status != XPI_OK)
        return status;
    if (xpi_cube_set_time(c, grain, offset) != XPI_OK) {
        xpi_cube_free(c);
        return XPI_ERR_MALFORMED;
    }
    /* Values, dimension by dimension, from where read_names left them. */
    for (d = 0; d < ndims && status == XPI_OK; d++) {
        cursor v;
        uint32_t j, count;
        v.p = p + (length - CRC_BYTES) - value_left[d];
        v.left = value_left[d];
        count = xpi_get_u32(v.p - 4);
        for (j = 1; j < count && status == XPI_OK; j++) {
            const unsigned char *q = take(&v, 2);
            size_t len = xpi_get_u16(q);
            status = xpi_cube_intern_loaded(c, d, (const char *)take(&v, len), len);
        }
    }
    for (i = 0; i < cells && status == XPI_OK; i++) {
        uint32_t ids[XPI_CUBE_MAX_DIMS];
        const unsigned char *q = take(&r, 8);
        int64_t bucket = xpi_get_i64(q);
        uint16_t flags;
        for (d = 0; d < ndims; d++)
            ids[d] = xpi_get_u32(take(&r, 4));
        flags = xpi_get_u16(take(&r, 2));
        q = take(&r, xpi_scale_points(&scale) * XPI_POINT_BYTES);
        if ((flags & ~FLAG_WEIGHTED) != 0 ||
            xpi_points_check(q, xpi_scale_points(&scale), flags & FLAG_WEIGHTED) != XPI_OK)
            status = XPI_ERR_MALFORMED;
        else
            status = xpi_cube_load_cell(c, bucket, ids, q, flags & FLAG_WEIGHTED);
    }
    if (status != XPI_OK) {
        xpi_cube_free(c);
        return status;
    }
    *out = c;
    return XPI_OK;
}
