/*
 * Fuzz target: xpi_cube_deserialize.
 *
 * As fuzz_tally_deserialize: each input is tried as it is and with its
 * checksum repaired. A cube that is accepted must
 *  - serialize back to exactly the same bytes;
 *  - agree with itself: xpi_cube_stats' responses, the tally of the whole
 *    cube (NULL query: everything, default parameters), the per-score
 *    counts summed over the serialized cells, the rows of a breakdown by
 *    each dimension, a crosstab and a series all count the same
 *    responses;
 *  - survive a control chart, change points and events of that series,
 *    and a merge with itself (XPI_OK or XPI_ERR_OVERFLOW);
 *  - deserialize through an allocator failing at a request chosen from
 *    the input with XPI_ERR_NO_MEMORY and no leak.
 * The series' period is the finest whose row count stays small for the
 * cells' time span (read from the bytes), so that one input never asks
 * for a million periods.
 */
#include "fuzz_common.h"
#include "../failing_alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Series limits for one input: rows, and rows times score points. */
#define MAX_PERIOD_ROWS 2000
#define MAX_PERIOD_POINTS 200000
#define MAX_EVENT_ROWS 300

/* What the serialized cube says, read from its (accepted) bytes. */
typedef struct layout {
    int32_t min, max, grain, offset;
    uint32_t ndims, cells;
    size_t points;
    int64_t first_bucket, last_bucket;
    uint64_t *counts; /* per score point, summed over the selected cells */
    uint64_t selected; /* responses a NULL query selects */
    uint64_t all;      /* responses in the cells */
} layout;

static int read_layout(const unsigned char *p, size_t size, layout *l)
{
    size_t at = 48, d, i, j;
    l->min = (int32_t)fuzz_get_u32(p + 12);
    l->max = (int32_t)fuzz_get_u32(p + 16);
    l->grain = (int32_t)fuzz_get_u32(p + 32);
    l->offset = (int32_t)fuzz_get_u32(p + 36);
    l->ndims = fuzz_get_u32(p + 40);
    l->cells = fuzz_get_u32(p + 44);
    l->points = (size_t)((int64_t)l->max - (int64_t)l->min + 1);
    for (d = 0; d < l->ndims; d++) {
        uint32_t count;
        at += 2 + fuzz_get_u16(p + at);
        count = fuzz_get_u32(p + at);
        at += 4;
        for (j = 1; j < count; j++)
            at += 2 + fuzz_get_u16(p + at);
    }
    l->counts = calloc(l->points, sizeof *l->counts);
    if (l->counts == NULL)
        return 0;
    l->first_bucket = INT64_MAX;
    l->last_bucket = INT64_MIN;
    l->selected = l->all = 0;
    for (i = 0; i < l->cells; i++) {
        int64_t b = (int64_t)fuzz_get_u64(p + at);
        /* A NULL query selects every bucket (it once missed those at the
         * ends of time: crashes/default_query_misses_edge_buckets.c, fixed). */
        int selected = 1;
        if (b < l->first_bucket)
            l->first_bucket = b;
        if (b > l->last_bucket)
            l->last_bucket = b;
        at += 8 + 4 * (size_t)l->ndims + 2;
        for (j = 0; j < l->points; j++, at += 24) {
            l->all += fuzz_get_u64(p + at);
            if (selected) {
                l->counts[j] += fuzz_get_u64(p + at);
                l->selected += fuzz_get_u64(p + at);
            }
        }
    }
    FUZZ_CHECK(at + 4 == size, "layout: cells end at %zu of %zu", at + 4, size);
    return 1;
}

/* The finest calendar period whose series stays small, or 0 for none. */
static int32_t pick_period(const layout *l)
{
    static const double days_per[5] = {1.0, 7.0, 28.0, 90.0, 365.0};
    double days;
    int k;
    if (l->cells == 0)
        return XPI_PERIOD_YEAR;
    days = ((double)l->last_bucket - (double)l->first_bucket) * l->grain / 86400.0 + 2.0;
    for (k = 0; k < 5; k++) {
        double rows = days / days_per[k] + 2.0;
        if (rows <= MAX_PERIOD_ROWS && rows * (double)l->points <= MAX_PERIOD_POINTS)
            return XPI_PERIOD_DAY + k;
    }
    return 0;
}

static void check_series(const xpi_cube *c, const layout *l, uint64_t total, unsigned seed)
{
    xpi_table *series = NULL, *derived = NULL;
    int32_t period = pick_period(l);
    size_t rows = 0;
    double n;
    int status;

    if (period == 0)
        return;
    status = xpi_cube_series(c, NULL, period, &series);
    if (total == 0) {
        FUZZ_CHECK(status == XPI_ERR_NOT_ENOUGH_DATA, "series of an empty cube: %d", status);
        return;
    }
    FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_OVERFLOW, "series (period %d): status %d",
               (int)period, status);
    if (status != XPI_OK)
        return;
    n = fuzz_walk_table(series, XPI_COL_PERIOD_START, 0);
    FUZZ_CHECK(fuzz_same_count(n, total), "series: rows count %.17g of %llu", n,
               (unsigned long long)total);
    xpi_table_rows(series, &rows);
    /* Sorted back to time order above (ascending period start). */
    status = xpi_series_chart(series, XPI_CHART_SHEWHART + (int32_t)(seed % 3), NULL, &derived);
    FUZZ_CHECK(status == XPI_OK, "chart: status %d", status);
    fuzz_walk_table(derived, XPI_COL_CHART_SIGNAL, 1);
    xpi_table_free(derived);
    derived = NULL;
    if (rows <= MAX_EVENT_ROWS) {
        status = xpi_series_changes(series, NULL, &derived);
        FUZZ_CHECK(status == XPI_OK, "changes: status %d", status);
        fuzz_walk_table(derived, XPI_COL_EVIDENCE, 1);
        xpi_table_free(derived);
        derived = NULL;
        status = xpi_series_events(series, NULL, NULL, NULL, &derived);
        FUZZ_CHECK(status == XPI_OK, "events: status %d", status);
        fuzz_walk_table(derived, XPI_COL_MAGNITUDE, 1);
        xpi_table_free(derived);
    }
    xpi_table_free(series);
}

static void check_cube(const xpi_cube *c, const unsigned char *buf, size_t size, unsigned seed)
{
    xpi_tally *all = NULL;
    xpi_table *table = NULL;
    layout l;
    uint64_t responses = 0, cells = 0, bytes = 0, total = 0, count;
    size_t ndims = 0, d, i;
    int status;

    FUZZ_CHECK(read_layout(buf, size, &l), "layout");
    FUZZ_CHECK(xpi_cube_dims(c, &ndims) == XPI_OK && ndims == l.ndims, "dims %zu of %u", ndims,
               (unsigned)l.ndims);
    FUZZ_CHECK(xpi_cube_stats(c, &responses, &cells, &bytes) == XPI_OK, "stats");
    FUZZ_CHECK(cells == l.cells, "stats: %llu cells of %u", (unsigned long long)cells,
               (unsigned)l.cells);
    for (d = 0; d < ndims; d++) {
        const char *name = NULL, *value = NULL;
        uint32_t values = 0;
        FUZZ_CHECK(xpi_cube_dim_name(c, d, &name) == XPI_OK && name[0] != '\0', "dim name");
        FUZZ_CHECK(xpi_cube_value_count(c, d, &values) == XPI_OK && values >= 1, "values");
        FUZZ_CHECK(xpi_cube_value(c, d, 0, &value) == XPI_OK && value[0] == '\0', "missing");
        FUZZ_CHECK(xpi_cube_value(c, d, values, &value) == XPI_ERR_INVALID_ARG, "id too big");
    }

    FUZZ_CHECK(l.all == responses, "cells hold %llu responses, stats %llu",
               (unsigned long long)l.all, (unsigned long long)responses);
    status = xpi_cube_tally(c, NULL, &all);
    FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_OVERFLOW, "cube tally: status %d", status);
    if (status == XPI_OK) {
        FUZZ_CHECK(xpi_tally_total(all, &total) == XPI_OK && total == l.selected,
                   "cube tally: %llu responses, cells hold %llu", (unsigned long long)total,
                   (unsigned long long)l.selected);
        for (i = 0; i < l.points; i++) {
            int32_t score = (int32_t)((int64_t)l.min + (int64_t)i);
            FUZZ_CHECK(xpi_tally_count(all, score, &count) == XPI_OK && count == l.counts[i],
                       "cube tally: score %d count %llu, cells hold %llu", (int)score,
                       (unsigned long long)count, (unsigned long long)l.counts[i]);
        }
        xpi_tally_free(all);
    }

    for (d = 0; d < ndims; d++) {
        double n;
        status = xpi_cube_breakdown(c, d, NULL, &table);
        if (l.selected == 0) {
            FUZZ_CHECK(status == XPI_ERR_NOT_ENOUGH_DATA, "breakdown of nothing: %d", status);
            continue;
        }
        FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_OVERFLOW, "breakdown %zu: status %d",
                   d, status);
        if (status != XPI_OK)
            continue;
        n = fuzz_walk_table(table, 1 + (int32_t)(seed % 20), (int32_t)(seed & 1));
        FUZZ_CHECK(fuzz_same_count(n, l.selected), "breakdown %zu: rows count %.17g of %llu", d,
                   n, (unsigned long long)l.selected);
        xpi_table_free(table);
        table = NULL;
    }
    if (ndims >= 2 && l.selected > 0) {
        size_t a = seed % ndims, b = (a + 1 + (seed / 7) % (ndims - 1)) % ndims;
        status = xpi_cube_crosstab(c, a, b, NULL, &table);
        FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_OVERFLOW, "crosstab: status %d", status);
        if (status == XPI_OK) {
            double n = fuzz_walk_table(table, XPI_COL_P_ADJ, 0);
            FUZZ_CHECK(fuzz_same_count(n, l.selected), "crosstab: rows count %.17g of %llu", n,
                       (unsigned long long)l.selected);
            xpi_table_free(table);
        }
    }
    check_series(c, &l, l.selected, seed);
    free(l.counts);
}

static void one(const unsigned char *buf, size_t size, unsigned seed)
{
    static xpi_cube *const sentinel = (xpi_cube *)(uintptr_t)0x5eed;
    xpi_cube *c = sentinel;
    unsigned char *again;
    size_t length = 0;
    failing f;
    xpi_allocator a;
    long requests;
    int status;

    status = xpi_cube_deserialize(&c, buf, size, NULL);
    if (buf == NULL) {
        FUZZ_CHECK(status == XPI_ERR_INVALID_ARG && c == sentinel, "NULL buffer: status %d",
                   status);
        return;
    }
    if (status != XPI_OK) {
        FUZZ_CHECK(status == XPI_ERR_MALFORMED || status == XPI_ERR_UNSUPPORTED_VERSION,
                   "deserialize: status %d", status);
        FUZZ_CHECK(c == sentinel, "deserialize failed but wrote *out");
        return;
    }
    FUZZ_CHECK(c != NULL && c != sentinel, "deserialize: no cube");

    FUZZ_CHECK(xpi_cube_serialize(c, NULL, 0, &length) == XPI_OK, "serialize size");
    FUZZ_CHECK(length == size, "round trip: %zu bytes from %zu", length, size);
    again = malloc(size + 1);
    FUZZ_CHECK(again != NULL, "malloc");
    memset(again, 0x5a, size + 1);
    FUZZ_CHECK(xpi_cube_serialize(c, again, size - 1, &length) == XPI_ERR_BUFFER_TOO_SMALL &&
                   length == size,
               "serialize into a short buffer");
    FUZZ_CHECK(again[0] == 0x5a && again[size - 2] == 0x5a, "short buffer written");
    FUZZ_CHECK(xpi_cube_serialize(c, again, size + 1, &length) == XPI_OK && length == size,
               "serialize");
    FUZZ_CHECK(memcmp(again, buf, size) == 0, "round trip: bytes differ");
    FUZZ_CHECK(again[size] == 0x5a, "serialize wrote past its length");
    free(again);

    check_cube(c, buf, size, seed);

    /* Merged with itself: every cell doubles, or nothing changes. */
    {
        uint64_t before = 0, after = 0;
        xpi_cube_stats(c, &before, NULL, NULL);
        status = xpi_cube_merge(c, c);
        FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_OVERFLOW, "self merge: status %d",
                   status);
        xpi_cube_stats(c, &after, NULL, NULL);
        FUZZ_CHECK(after == (status == XPI_OK ? 2 * before : before),
                   "self merge: %llu responses from %llu", (unsigned long long)after,
                   (unsigned long long)before);
        if (status != XPI_OK) {
            /* Unchanged: the same bytes again. */
            again = malloc(size);
            FUZZ_CHECK(again != NULL, "malloc");
            FUZZ_CHECK(xpi_cube_serialize(c, again, size, &length) == XPI_OK && length == size &&
                           memcmp(again, buf, size) == 0,
                       "a failed self merge changed the cube");
            free(again);
        }
    }
    xpi_cube_free(c);

    /* Count the requests of a successful load, then fail one of them. */
    a = failing_allocator(&f, -1);
    FUZZ_CHECK(xpi_cube_deserialize(&c, buf, size, &a) == XPI_OK, "counting allocator");
    xpi_cube_free(c);
    FUZZ_CHECK(f.live == 0, "counting allocator: %ld blocks leaked", f.live);
    requests = f.requests;
    a = failing_allocator(&f, (long)(seed % (unsigned)requests));
    c = sentinel;
    status = xpi_cube_deserialize(&c, buf, size, &a);
    FUZZ_CHECK(status == XPI_ERR_NO_MEMORY, "failing request %ld of %ld: status %d", f.fail_at,
               requests, status);
    FUZZ_CHECK(c == sentinel, "failing allocator: *out written");
    FUZZ_CHECK(f.live == 0, "failing allocator: %ld blocks leaked", f.live);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *fixed;
    unsigned seed = size > 8 ? (unsigned)data[size / 2] * 31u + data[size / 3] : (unsigned)size;

    one(data, size, seed);
    fixed = fuzz_fix_crc(data, size);
    if (fixed != NULL) {
        if (memcmp(fixed, data, size) != 0)
            one(fixed, size, seed);
        free(fixed);
    }
    return 0;
}
