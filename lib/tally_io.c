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
#define CRC_BYTES 4
#define FLAG_WEIGHTED 1u

#define MAGIC "XPIT"

static size_t serialized_bytes(size_t points)
{
    return HEADER_BYTES + points * XPI_POINT_BYTES + CRC_BYTES;
}

int xpi_tally_serialize(const xpi_tally *t, void *buf, size_t capacity, size_t *length)
{
    unsigned char *p = buf;
    size_t need;

    if (t == NULL || length == NULL)
        return XPI_ERR_INVALID_ARG;
    need = serialized_bytes(t->points);
    *length = need;
    if (buf == NULL)
        return XPI_OK;
    if (capacity < need)
        return XPI_ERR_BUFFER_TOO_SMALL;

    xpi_envelope_write(p, MAGIC, FORMAT_VERSION, t->weighted ? FLAG_WEIGHTED : 0);
    xpi_scale_write(p + 8, &t->scale);
    xpi_points_write(t, p + HEADER_BYTES);
    xpi_crc_write(p, need);
    return XPI_OK;
}

/* A point's three fields are consistent with how tallies build them. An
 * empty point has (positive) zero sums. An unweighted point's sums both
 * equal its count as a double, exactly (see add_cell in tally.c). A
 * weighted point's weights average at least XPI_WEIGHT_MIN and its sums
 * obey Cauchy-Schwarz, (sum w)^2 / count <=
 * sum w^2 <= (sum w)^2, up to the rounding of summing count positive terms
 * (relative error below count * DBL_EPSILON in any order of summation).
 * That bound stops growing at ROUNDING_TERMS_MAX terms: from 2^50 it would
 * pass 1 and accept any positive sums (an infinite mean followed), while a
 * live point reaches such counts only through add_n and merges, a handful
 * of additions, never a trillion single ones. */
#define ROUNDING_TERMS_MAX 1099511627776.0 /* 2^40 */
static int point_valid(uint64_t count, double w, double w2, int weighted)
{
    double c = (double)count, tol;

    if (count == 0)
        return w == 0.0 && w2 == 0.0 && !signbit(w) && !signbit(w2);
    if (!weighted)
        return w == c && w2 == c;
    if (!(isfinite(w) && isfinite(w2) && w > 0.0 && w2 > 0.0))
        return 0;
    tol = 1e-12 + 4.0 * DBL_EPSILON * (c < ROUNDING_TERMS_MAX ? c : ROUNDING_TERMS_MAX);
    return w >= c * XPI_WEIGHT_MIN * (1.0 - tol) && w2 >= w * (w / c) * (1.0 - tol) &&
           w2 / w <= w * (1.0 + tol);
}

static int parse_scale(const unsigned char *p, size_t length, xpi_scale *scale)
{
    int status = xpi_envelope_check(p, length, MAGIC, HEADER_BYTES + CRC_BYTES, FORMAT_VERSION,
                                    FLAG_WEIGHTED);
    if (status == XPI_OK)
        status = xpi_scale_read(p + 8, scale);
    if (status == XPI_OK && length != serialized_bytes(xpi_scale_points(scale)))
        status = XPI_ERR_MALFORMED;
    return status;
}

void xpi_points_write(const xpi_tally *t, unsigned char *p)
{
    size_t i;
    for (i = 0; i < t->points; i++, p += XPI_POINT_BYTES) {
        xpi_put_u64(p, t->count[i]);
        xpi_put_f64(p + 8, t->sum_w[i]);
        xpi_put_f64(p + 16, t->sum_w2[i]);
    }
}

int xpi_points_check(const unsigned char *p, size_t points, int weighted)
{
    uint64_t total = 0;
    double total_w = 0.0, total_w2 = 0.0;
    size_t i;
    for (i = 0; i < points; i++, p += XPI_POINT_BYTES) {
        uint64_t c = xpi_get_u64(p);
        if (!point_valid(c, xpi_get_f64(p + 8), xpi_get_f64(p + 16), weighted) ||
            c > UINT64_MAX - total)
            return XPI_ERR_MALFORMED;
        total += c;
        total_w += xpi_get_f64(p + 8);
        total_w2 += xpi_get_f64(p + 16);
    }
    /* The totals a live tally keeps must fit too, or it could never
     * accept another response. */
    return isfinite(total_w) && isfinite(total_w2) ? XPI_OK : XPI_ERR_MALFORMED;
}

void xpi_points_load(xpi_tally *t, const unsigned char *p, int weighted)
{
    size_t i;
    for (i = 0; i < t->points; i++, p += XPI_POINT_BYTES) {
        t->count[i] = xpi_get_u64(p);
        t->sum_w[i] = xpi_get_f64(p + 8);
        t->sum_w2[i] = xpi_get_f64(p + 16);
        t->total_n += t->count[i];
        t->total_w += t->sum_w[i];
        t->total_w2 += t->sum_w2[i];
    }
    t->weighted = weighted;
}

int xpi_tally_deserialize(xpi_tally **out, const void *buf, size_t length,
                          const xpi_allocator *alloc)
{
    const unsigned char *p = buf;
    xpi_allocator a;
    xpi_scale scale;
    xpi_tally *t;
    int status, weighted;

    if (out == NULL || buf == NULL || xpi_alloc_init(&a, alloc) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    status = parse_scale(p, length, &scale);
    if (status != XPI_OK)
        return status;
    weighted = (xpi_get_u16(p + 6) & FLAG_WEIGHTED) != 0;
    /* Check every point before allocating, so a bad buffer costs nothing. */
    status = xpi_points_check(p + HEADER_BYTES, xpi_scale_points(&scale), weighted);
    if (status == XPI_OK)
        status = xpi_tally_create(&t, &scale, &a);
    if (status != XPI_OK)
        return status;
    xpi_points_load(t, p + HEADER_BYTES, weighted);
    *out = t;
    return XPI_OK;
}
