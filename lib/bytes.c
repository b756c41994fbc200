/*
 * Portable byte order for the serialized formats: little-endian integers,
 * IEEE-754 binary64 bit patterns, and the CRC-32 that guards them,
 * independent of the host's byte order and struct padding.
 */
#include <string.h>

#include "xpi_internal.h"

/* CRC-32, polynomial 0xEDB88320, four bits at a time: a 16-entry table
 * keeps it small and is fast enough for buffers of a few kilobytes. */
uint32_t xpi_crc32_update(uint32_t crc, const unsigned char *p, size_t n)
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

void xpi_put_u16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)(v & 0xffu);
    p[1] = (unsigned char)(v >> 8);
}

void xpi_put_u32(unsigned char *p, uint32_t v)
{
    int i;
    for (i = 0; i < 4; i++)
        p[i] = (unsigned char)((v >> (8 * i)) & 0xffu);
}

void xpi_put_u64(unsigned char *p, uint64_t v)
{
    int i;
    for (i = 0; i < 8; i++)
        p[i] = (unsigned char)((v >> (8 * i)) & 0xffu);
}

void xpi_put_f64(unsigned char *p, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    xpi_put_u64(p, bits);
}

uint16_t xpi_get_u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

uint32_t xpi_get_u32(const unsigned char *p)
{
    uint32_t v = 0;
    int i;
    for (i = 3; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

uint64_t xpi_get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    int i;
    for (i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

double xpi_get_f64(const unsigned char *p)
{
    uint64_t bits = xpi_get_u64(p);
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

int64_t xpi_u64_to_i64(uint64_t u)
{
    int64_t v;
    memcpy(&v, &u, sizeof v); /* two's complement on every target */
    return v;
}

int64_t xpi_get_i64(const unsigned char *p)
{
    return xpi_u64_to_i64(xpi_get_u64(p));
}

int32_t xpi_get_i32(const unsigned char *p)
{
    uint32_t u = xpi_get_u32(p);
    int32_t v;
    memcpy(&v, &u, sizeof v); /* two's complement on every target */
    return v;
}

int xpi_envelope_check(const unsigned char *p, size_t length, const char *magic,
                       size_t min_length, uint16_t version, uint16_t flag_mask)
{
    /* The version is checked before the CRC on purpose: a newer format may
     * checksum differently, and its reader deserves
     * XPI_ERR_UNSUPPORTED_VERSION rather than XPI_ERR_MALFORMED. */
    if (length < min_length || memcmp(p, magic, 4) != 0)
        return XPI_ERR_MALFORMED;
    if (xpi_get_u16(p + 4) > version)
        return XPI_ERR_UNSUPPORTED_VERSION;
    if (xpi_get_u16(p + 4) != version || (xpi_get_u16(p + 6) & ~flag_mask) != 0)
        return XPI_ERR_MALFORMED;
    if (xpi_get_u32(p + length - 4) != xpi_crc32_update(0, p, length - 4))
        return XPI_ERR_MALFORMED;
    return XPI_OK;
}

void xpi_envelope_write(unsigned char *p, const char *magic, uint16_t version, uint16_t flags)
{
    memcpy(p, magic, 4);
    xpi_put_u16(p + 4, version);
    xpi_put_u16(p + 6, flags);
}

void xpi_crc_write(unsigned char *p, size_t length)
{
    xpi_put_u32(p + length - 4, xpi_crc32_update(0, p, length - 4));
}

void xpi_scale_write(unsigned char *p, const xpi_scale *s)
{
    xpi_put_u32(p, (uint32_t)s->metric);
    xpi_put_u32(p + 4, (uint32_t)s->min);
    xpi_put_u32(p + 8, (uint32_t)s->max);
    xpi_put_u32(p + 12, (uint32_t)s->low_max);
    xpi_put_u32(p + 16, (uint32_t)s->high_min);
    xpi_put_u32(p + 20, (uint32_t)s->default_stat);
}

int xpi_scale_read(const unsigned char *p, xpi_scale *s)
{
    s->metric = xpi_get_i32(p);
    s->min = xpi_get_i32(p + 4);
    s->max = xpi_get_i32(p + 8);
    s->low_max = xpi_get_i32(p + 12);
    s->high_min = xpi_get_i32(p + 16);
    s->default_stat = xpi_get_i32(p + 20);
    return xpi_scale_check(s) == XPI_OK ? XPI_OK : XPI_ERR_MALFORMED;
}
