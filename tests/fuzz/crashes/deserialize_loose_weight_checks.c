/*
 * Reproducer (found by fuzz_tally_deserialize after 36,000 runs): a
 * serialized weighted tally whose weight sums no responses could have
 * given is accepted once a point's count reaches 2^50, and its mean then
 * comes out infinite (xpi_tally_estimate documents a value in the
 * statistic's range, here [1, 7]; the interval is [7, 7]).
 *
 * A weighted point is checked (lib/tally_io.c point_valid, as
 * docs/methods.md "Serialized tally" says) against Cauchy-Schwarz and
 * the minimum weight "to within a relative 1e-12 + 4 count DBL_EPSILON".
 * From count = 1 / (4 DBL_EPSILON), 2^50, that tolerance exceeds 1 and
 * all three inequalities hold for any positive finite sums: here a CES
 * point with count 2^60, sum of weights 1e308 and sum of squared weights
 * 1. Live tallies cannot hold that (each weight's square must be finite,
 * so sum w <= count * 1.34e154 and sum w^2 >= (sum w)^2 / count); the
 * mean then overflows (1e308 * 3 / 1e308).
 *
 *   cc -Iinclude tests/fuzz/crashes/deserialize_loose_weight_checks.c \
 *       build/lib/libxpi.a -lm && ./a.out      # exit 1 while the bug is there
 */
#include <stdio.h>
#include <string.h>

#include "xpi.h"

static void put_u64(unsigned char *p, uint64_t v)
{
    int i;
    for (i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put_f64(unsigned char *p, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    put_u64(p, bits);
}

static uint32_t crc32(const unsigned char *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    int k;
    while (n--) {
        crc ^= *p++;
        for (k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

int main(void)
{
    unsigned char buf[32 + 7 * 24 + 4];
    xpi_tally *t = NULL;
    xpi_estimate e;
    size_t n = 0;
    uint32_t crc;
    int status, i;

    /* A weighted CES tally: one response of weight 2 at score 1, then
     * score 3 (offset 32 + 2 * 24) rewritten as count 2^60, sums 1e308
     * and 1. */
    if (xpi_tally_new(&t, XPI_METRIC_CES, NULL) != XPI_OK || xpi_tally_add(t, 1, 2.0) != XPI_OK ||
        xpi_tally_serialize(t, buf, sizeof buf, &n) != XPI_OK || n != sizeof buf)
        return 2;
    xpi_tally_free(t);
    put_u64(buf + 32 + 2 * 24, UINT64_C(1) << 60);
    put_f64(buf + 32 + 2 * 24 + 8, 1e308);
    put_f64(buf + 32 + 2 * 24 + 16, 1.0);
    crc = crc32(buf, n - 4);
    for (i = 0; i < 4; i++)
        buf[n - 4 + i] = (unsigned char)(crc >> (8 * i));

    status = xpi_tally_deserialize(&t, buf, n, NULL);
    printf("deserialize: %s\n", xpi_strerror(status));
    if (status != XPI_OK)
        return 0; /* rejected: fixed */
    status = xpi_tally_estimate(t, XPI_STAT_MEAN, XPI_CI_DEFAULT, 0.95, &e);
    printf("mean: status %d, value %g, interval [%g, %g]\n", status, e.value, e.lower, e.upper);
    xpi_tally_free(t);
    return 1;
}
