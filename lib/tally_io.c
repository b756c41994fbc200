/*
 * Serialized tally: a portable, versioned little-endian layout with a
 * CRC-32, independent of the host's byte order and struct padding.
 *
 *   offset  size  field
 *   0       4     magic "XPIT"
 *   4       2     format version (1)
 *   6       2     flags: bit 0 set when the tally is weighted; the other
 *                 bits are reserved and must be 0
 *   8       4     metric        (int32)
 *   12      4     min           (int32)
 *   16      4     max           (int32)
 *   20      4     low_max       (int32)
 *   24      4     high_min      (int32)
 *   28      4     default_stat  (int32)
 *   32      24*P  per score point: count (uint64), sum of weights, sum of
 *                 squared weights (IEEE-754 binary64 bit patterns)
 *   32+24P  4     CRC-32 (IEEE 802.3, reflected) of all preceding bytes
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "xpi_internal.h"

#define FORMAT_VERSION 1
#define HEADER_BYTES 32
#define POINT_BYTES 24
#define CRC_BYTES 4
#define FLAG_WEIGHTED 1u

static const unsigned char magic[4] = { 'X', 'P', 'I', 'T' };

/* CRC-32, polynomial 0xEDB88320, four bits at a time: a 16-entry table
 * keeps it small and is fast enough for buffers of a few kilobytes. */
static uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
    static const uint32_t nibble[16] = {
        0x00000000u, 0x1db71064u, 0x3b6e20c8u, 0x26d930acu, 0x76dc4190u, 0x6b6b51f4u,
        0x4db26158u, 0x5005713cu, 0xedb88320u, 0xf00f9344u, 0xd6d6a3e8u, 0xcb61b38cu,
        0x9b64c2b0u, 0x86d3d2d4u, 0xa00ae278u, 0xbdbdf21cu,
    };
    crc = ~crc;
    while (n--) {
        crc ^= *p++;
        crc = (crc >> 4) ^ nibble[crc & 15u];
        crc = (crc >> 4) ^ nibble[crc & 15u];
    }
    return ~crc;
}

static void put_u16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)(v & 0xffu);
    p[1] = (unsigned char)(v >> 8);
}

static void put_u32(unsigned char *p, uint32_t v)
{
    int i;
    for (i = 0; i < 4; i++)
        p[i] = (unsigned char)((v >> (8 * i)) & 0xffu);
}

static void put_u64(unsigned char *p, uint64_t v)
{
    int i;
    for (i = 0; i < 8; i++)
        p[i] = (unsigned char)((v >> (8 * i)) & 0xffu);
}

static void put_f64(unsigned char *p, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put_u64(p, bits);
}

static uint16_t get_u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t get_u32(const unsigned char *p)
{
    uint32_t v = 0;
    int i;
    for (i = 3; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    int i;
    for (i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static double get_f64(const unsigned char *p)
{
    uint64_t bits = get_u64(p);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

static int32_t get_i32(const unsigned char *p)
{
    uint32_t u = get_u32(p);
    int32_t v;
    memcpy(&v, &u, sizeof v); /* two's complement on every target */
    return v;
}

static size_t serialized_bytes(size_t points)
{
    return HEADER_BYTES + points * POINT_BYTES + CRC_BYTES;
}

int xpi_tally_serialize(const xpi_tally *t, void *buf, size_t capacity, size_t *length)
{
    unsigned char *p = buf;
    size_t need, i;

    if (t == NULL || length == NULL)
        return XPI_ERR_INVALID_ARG;
    need = serialized_bytes(t->points);
    *length = need;
    if (buf == NULL)
        return XPI_OK;
    if (capacity < need)
        return XPI_ERR_BUFFER_TOO_SMALL;

    memcpy(p, magic, sizeof magic);
    put_u16(p + 4, FORMAT_VERSION);
    put_u16(p + 6, t->weighted ? FLAG_WEIGHTED : 0);
    put_u32(p + 8, (uint32_t)t->scale.metric);
    put_u32(p + 12, (uint32_t)t->scale.min);
    put_u32(p + 16, (uint32_t)t->scale.max);
    put_u32(p + 20, (uint32_t)t->scale.low_max);
    put_u32(p + 24, (uint32_t)t->scale.high_min);
    put_u32(p + 28, (uint32_t)t->scale.default_stat);
    for (i = 0; i < t->points; i++) {
        unsigned char *q = p + HEADER_BYTES + i * POINT_BYTES;
        put_u64(q, t->count[i]);
        put_f64(q + 8, t->sum_w[i]);
        put_f64(q + 16, t->sum_w2[i]);
    }
    put_u32(p + need - CRC_BYTES, crc32_update(0, p, need - CRC_BYTES));
    return XPI_OK;
}

/* A point's three fields are consistent with how tallies build them. An
 * empty point has (positive) zero sums. An unweighted point's sums both
 * equal its count as a double, exactly (see add_cell in tally.c). A
 * weighted point's weights average at least XPI_WEIGHT_MIN and its sums
 * obey Cauchy-Schwarz, (sum w)^2 / count <=
 * sum w^2 <= (sum w)^2, up to the rounding of summing count positive terms
 * (relative error below count * DBL_EPSILON in any order of summation). */
static int point_valid(uint64_t count, double w, double w2, int weighted)
{
    double c = (double)count, tol;

    if (count == 0)
        return w == 0.0 && w2 == 0.0 && !signbit(w) && !signbit(w2);
    if (!weighted)
        return w == c && w2 == c;
    if (!(isfinite(w) && isfinite(w2) && w > 0.0 && w2 > 0.0))
        return 0;
    tol = 1e-12 + 4.0 * DBL_EPSILON * c;
    return w >= c * XPI_WEIGHT_MIN * (1.0 - tol) && w2 >= w * (w / c) * (1.0 - tol) &&
           w2 / w <= w * (1.0 + tol);
}

/* The version is checked before the CRC on purpose: a newer format may
 * checksum differently, and its reader deserves XPI_ERR_UNSUPPORTED_VERSION
 * rather than XPI_ERR_MALFORMED. */
static int parse_scale(const unsigned char *p, size_t length, xpi_scale *scale)
{
    if (length < HEADER_BYTES + CRC_BYTES || memcmp(p, magic, sizeof magic) != 0)
        return XPI_ERR_MALFORMED;
    if (get_u16(p + 4) > FORMAT_VERSION)
        return XPI_ERR_UNSUPPORTED_VERSION;
    if (get_u16(p + 4) != FORMAT_VERSION || (get_u16(p + 6) & ~FLAG_WEIGHTED) != 0)
        return XPI_ERR_MALFORMED;
    if (get_u32(p + length - CRC_BYTES) != crc32_update(0, p, length - CRC_BYTES))
        return XPI_ERR_MALFORMED;
    scale->metric = get_i32(p + 8);
    scale->min = get_i32(p + 12);
    scale->max = get_i32(p + 16);
    scale->low_max = get_i32(p + 20);
    scale->high_min = get_i32(p + 24);
    scale->default_stat = get_i32(p + 28);
    if (xpi_scale_check(scale) != XPI_OK)
        return XPI_ERR_MALFORMED;
    if (length != serialized_bytes(xpi_scale_points(scale)))
        return XPI_ERR_MALFORMED;
    return XPI_OK;
}

int xpi_tally_deserialize(xpi_tally **out, const void *buf, size_t length,
                          const xpi_allocator *alloc)
{
    const unsigned char *p = buf;
    xpi_allocator a;
    xpi_scale scale;
    xpi_tally *t;
    uint64_t total = 0;
    double total_w = 0.0, total_w2 = 0.0;
    size_t i, points;
    int status, weighted;

    if (out == NULL || buf == NULL || xpi_alloc_init(&a, alloc) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    status = parse_scale(p, length, &scale);
    if (status != XPI_OK)
        return status;
    weighted = (get_u16(p + 6) & FLAG_WEIGHTED) != 0;

    /* Check every point before allocating, so a bad buffer costs nothing. */
    points = xpi_scale_points(&scale);
    for (i = 0; i < points; i++) {
        const unsigned char *q = p + HEADER_BYTES + i * POINT_BYTES;
        uint64_t c = get_u64(q);
        if (!point_valid(c, get_f64(q + 8), get_f64(q + 16), weighted) ||
            c > UINT64_MAX - total)
            return XPI_ERR_MALFORMED;
        total += c;
        total_w += get_f64(q + 8);
        total_w2 += get_f64(q + 16);
    }
    /* The totals a live tally keeps must fit too, or it could never
     * accept another response. */
    if (!isfinite(total_w) || !isfinite(total_w2))
        return XPI_ERR_MALFORMED;

    status = xpi_tally_create(&t, &scale, &a);
    if (status != XPI_OK)
        return status;
    for (i = 0; i < points; i++) {
        const unsigned char *q = p + HEADER_BYTES + i * POINT_BYTES;
        t->count[i] = get_u64(q);
        t->sum_w[i] = get_f64(q + 8);
        t->sum_w2[i] = get_f64(q + 16);
    }
    t->total_n = total;
    t->total_w = total_w;
    t->total_w2 = total_w2;
    t->weighted = weighted;
    *out = t;
    return XPI_OK;
}
