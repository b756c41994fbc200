/*
 * Shared helpers of the libFuzzer targets in tests/fuzz: a checked
 * assertion that aborts with a message (libFuzzer then saves the input),
 * the serialized formats' CRC-32 (so a target can repair the checksum of
 * a mutated buffer and reach the field checks behind it), a reader that
 * turns the fuzzer's bytes into choices, and table readers.
 *
 * Everything is static: each target is one translation unit.
 */
#ifndef XPI_FUZZ_COMMON_H
#define XPI_FUZZ_COMMON_H

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xpi.h"

/* NAN and INFINITY are floats: as doubles without -Wdouble-promotion noise. */
#define FUZZ_NAN ((double)NAN)
#define FUZZ_INF ((double)INFINITY)

/* A disagreement: print where and why, then abort() so that libFuzzer
 * records the input as a crash. */
#define FUZZ_CHECK(cond, ...)                                                     \
    do {                                                                          \
        if (!(cond)) {                                                            \
            fprintf(stderr, "\n%s:%d: check failed: %s\n  ", __FILE__, __LINE__,  \
                    #cond);                                                       \
            fprintf(stderr, __VA_ARGS__);                                         \
            fprintf(stderr, "\n");                                                \
            abort();                                                              \
        }                                                                         \
    } while (0)

/* Known library bugs, each reported with a reproducer in crashes/: the
 * targets step around them (narrowly) so that fuzzing can go on past
 * them. Build with -DFUZZ_NO_KNOWN_BUGS to make them fail again, e.g. to
 * check a fix. */
#ifdef FUZZ_NO_KNOWN_BUGS
#define FUZZ_KNOWN_BUG(cond) 0
#else
#define FUZZ_KNOWN_BUG(cond) (cond)
#endif

/* A count read back as a double (table columns are doubles): exact below
 * 2^53, within rounding above. */
static inline int fuzz_same_count(double n, uint64_t total)
{
    if (total < (UINT64_C(1) << 53))
        return n == (double)total;
    return fabs(n - (double)total) <= 1e-12 * (double)total;
}

/* ---- the formats' byte order and checksum ---------------------------------- */

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32), bit by bit: written
 * here independently of lib/bytes.c. */
static inline uint32_t fuzz_crc32(const unsigned char *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        crc ^= p[i];
        for (k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

static inline uint16_t fuzz_get_u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t fuzz_get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

static inline uint64_t fuzz_get_u64(const unsigned char *p)
{
    return (uint64_t)fuzz_get_u32(p) | ((uint64_t)fuzz_get_u32(p + 4) << 32);
}

static inline void fuzz_put_u32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v & 0xffu);
    p[1] = (unsigned char)((v >> 8) & 0xffu);
    p[2] = (unsigned char)((v >> 16) & 0xffu);
    p[3] = (unsigned char)(v >> 24);
}

/* A copy of buf whose last four bytes are the CRC-32 of the rest (the
 * envelope both formats share); NULL when buf is too short or memory
 * runs out. */
static inline unsigned char *fuzz_fix_crc(const unsigned char *buf, size_t size)
{
    unsigned char *copy;
    if (size < 4)
        return NULL;
    copy = malloc(size);
    if (copy == NULL)
        return NULL;
    memcpy(copy, buf, size);
    fuzz_put_u32(copy + size - 4, fuzz_crc32(copy, size - 4));
    return copy;
}

/* ---- choices from the fuzzer's bytes ------------------------------------- */

typedef struct fuzz_reader {
    const unsigned char *p;
    size_t left;
} fuzz_reader;

static inline int fuzz_more(const fuzz_reader *r)
{
    return r->left > 0;
}

static inline unsigned fuzz_u8(fuzz_reader *r)
{
    if (r->left == 0)
        return 0;
    r->left--;
    return *r->p++;
}

static inline uint32_t fuzz_u32(fuzz_reader *r)
{
    uint32_t v = 0;
    int i;
    for (i = 0; i < 4; i++)
        v |= (uint32_t)fuzz_u8(r) << (8 * i);
    return v;
}

static inline uint64_t fuzz_u64(fuzz_reader *r)
{
    uint64_t lo = fuzz_u32(r);
    return lo | ((uint64_t)fuzz_u32(r) << 32);
}

/* A choice in [0, n), n >= 1. */
static inline unsigned fuzz_pick(fuzz_reader *r, unsigned n)
{
    return n <= 256 ? fuzz_u8(r) % n : fuzz_u32(r) % n;
}

/* ---- estimates and tables ------------------------------------------------ */

/* The range of a statistic (XPI_STAT_* other than DEFAULT) on a scale. */
static inline void fuzz_stat_range(int32_t stat, int32_t min, int32_t max, double *lo, double *hi)
{
    switch (stat) {
    case XPI_STAT_NET:
        *lo = -100.0;
        *hi = 100.0;
        break;
    case XPI_STAT_TOP:
    case XPI_STAT_BOTTOM:
        *lo = 0.0;
        *hi = 100.0;
        break;
    default:
        *lo = (double)min;
        *hi = (double)max;
        break;
    }
}

/* The documented promises of a successful estimate: value and interval
 * inside the statistic's range, lower <= upper, n the tally's total. */
static inline void fuzz_check_estimate(const xpi_estimate *e, int32_t stat, int32_t min, int32_t max,
                                uint64_t total, const char *what)
{
    double lo, hi, slack;
    fuzz_stat_range(stat, min, max, &lo, &hi);
    slack = 1e-9 * (hi - lo + fabs(lo) + fabs(hi));
    FUZZ_CHECK(e->value >= lo - slack && e->value <= hi + slack, "%s: value %.17g outside [%g, %g]",
               what, e->value, lo, hi);
    FUZZ_CHECK(!isnan(e->lower) && !isnan(e->upper), "%s: interval [%g, %g] has NaN", what,
               e->lower, e->upper);
    FUZZ_CHECK(e->lower >= lo && e->upper <= hi, "%s: interval [%.17g, %.17g] outside [%g, %g]",
               what, e->lower, e->upper, lo, hi);
    FUZZ_CHECK(e->lower <= e->upper, "%s: interval [%.17g, %.17g] reversed", what, e->lower,
               e->upper);
    FUZZ_CHECK(!(e->se < 0.0), "%s: negative se %g", what, e->se);
    FUZZ_CHECK(fuzz_same_count(e->n, total), "%s: n %.17g, total %llu", what, e->n,
               (unsigned long long)total);
    FUZZ_CHECK(e->n_eff >= 0.0 && e->n_eff <= e->n * (1.0 + 1e-9),
               "%s: n_eff %.17g with n %.17g", what, e->n_eff, e->n);
}

/* Reads every column, figure and label of a table (each must either give
 * a value or a status of the documented kinds), sorts it by a column and
 * reads the labels again. Returns the sum of column N over the rows
 * (NaN when the table has no N column). */
static inline double fuzz_walk_table(xpi_table *t, int32_t sort_column, int32_t descending)
{
    size_t rows = 0, keys = 0, i, k;
    int32_t kind = 0, col;
    double v, n_sum = 0.0;
    int has_n = 0, status;

    FUZZ_CHECK(xpi_table_rows(t, &rows) == XPI_OK, "table rows");
    FUZZ_CHECK(xpi_table_kind(t, &kind, &keys) == XPI_OK, "table kind");
    FUZZ_CHECK(kind >= XPI_TABLE_KIND_BREAKDOWN && kind <= XPI_TABLE_KIND_EVENTS, "kind %d",
               (int)kind);
    FUZZ_CHECK(keys == 1 || keys == 2, "keys %zu", keys);
    for (col = 0; col <= 50; col++) {
        status = xpi_table_figure(t, col, &v);
        FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_INVALID_ARG ||
                       status == XPI_ERR_NOT_APPLICABLE,
                   "figure %d: status %d", (int)col, status);
    }
    for (i = 0; i < rows; i++) {
        for (k = 0; k < keys; k++) {
            const char *label = NULL;
            uint32_t id = 0;
            FUZZ_CHECK(xpi_table_label(t, i, k, &label, &id) == XPI_OK && label != NULL,
                       "label %zu/%zu", i, k);
            (void)strlen(label);
        }
        FUZZ_CHECK(xpi_table_label(t, i, keys, NULL, NULL) == XPI_ERR_INVALID_ARG,
                   "label key out of range");
        for (col = 0; col <= 50; col++) {
            status = xpi_table_get(t, i, col, &v);
            FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_INVALID_ARG ||
                           status == XPI_ERR_NOT_APPLICABLE,
                       "column %d: status %d", (int)col, status);
            if (status == XPI_OK && (col == XPI_COL_P || col == XPI_COL_P_ADJ) && !isnan(v))
                FUZZ_CHECK(v >= 0.0 && v <= 1.0, "row %zu: p-value column %d is %.17g", i,
                           (int)col, v);
            if (status == XPI_OK && col == XPI_COL_N) {
                has_n = 1;
                n_sum += v;
            }
        }
        if (kind == XPI_TABLE_KIND_EVENTS) {
            xpi_event e;
            FUZZ_CHECK(xpi_table_event(t, i, &e) == XPI_OK, "event %zu", i);
            FUZZ_CHECK(e.kind >= XPI_EVENT_SPIKE && e.kind <= XPI_EVENT_TREND, "event kind %d",
                       (int)e.kind);
        }
    }
    FUZZ_CHECK(xpi_table_get(t, rows, XPI_COL_N, &v) == XPI_ERR_INVALID_ARG ||
                   xpi_table_get(t, rows, XPI_COL_N, &v) == XPI_ERR_NOT_APPLICABLE,
               "row out of range");
    status = xpi_table_sort(t, sort_column, descending);
    FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_INVALID_ARG ||
                   status == XPI_ERR_NOT_APPLICABLE,
               "sort: status %d", status);
    for (i = 0; i < rows; i++)
        FUZZ_CHECK(xpi_table_label(t, i, 0, NULL, NULL) == XPI_OK, "label after sort");
    return has_n ? n_sum : FUZZ_NAN;
}

#endif
