/*
 * Reproducer (found by fuzz_api): a NULL query (documented: "selecting
 * everything with the default parameters"; xpi_query_new and
 * xpi_query_reset likewise "everything") misses responses at the ends of
 * the time range, and some of them no query can select at all.
 *
 * The default query is the time range [XPI_TIME_MIN, XPI_TIME_MAX)
 * (lib/query.c `defaults`), and a bucket is selected when its start lies
 * in the range (lib/cube_query.c xpi_query_select). But
 *  1. a bucket holding times from XPI_TIME_MIN on may start before it:
 *     day buckets with any UTC offset that is not a multiple of a day
 *     (local midnight of 0001-01-01 is XPI_TIME_MIN - offset, or the
 *     previous local day with a negative offset). Such responses are
 *     counted by xpi_cube_stats and serialized, yet absent from
 *     xpi_cube_tally, breakdowns, series, decompositions under any query,
 *     since xpi_query_set_time refuses from < XPI_TIME_MIN;
 *  2. the last second: with grain 1 (or an offset that puts a bucket
 *     start on XPI_TIME_MAX, e.g. grain 60, offset +1 s) the bucket of
 *     XPI_TIME_MAX starts at XPI_TIME_MAX, outside [.., XPI_TIME_MAX); an
 *     explicit range to XPI_TIME_MAX + 1 does select it.
 *
 *   cc -Iinclude tests/fuzz/crashes/default_query_misses_edge_buckets.c \
 *       build/lib/libxpi.a -lm && ./a.out     # exit 1 while the bug is there
 */
#include <stdio.h>

#include "xpi.h"

/* One response at time in a cube with this grain and offset: 1 when the
 * NULL-query tally misses it. */
static int misses(int32_t grain, int32_t offset, int64_t time)
{
    xpi_cube *c = NULL;
    xpi_tally *all = NULL, *widest = NULL;
    xpi_query *q = NULL;
    uint64_t responses = 0, n_all = 0, n_widest = 0;

    if (xpi_cube_new(&c, XPI_METRIC_NPS, 0, NULL, NULL) != XPI_OK ||
        xpi_cube_set_time(c, grain, offset) != XPI_OK ||
        xpi_cube_add(c, time, NULL, 10, 1.0) != XPI_OK || xpi_query_new(&q, NULL) != XPI_OK ||
        xpi_query_set_time(q, XPI_TIME_MIN, XPI_TIME_MAX + 1) != XPI_OK ||
        xpi_cube_tally(c, NULL, &all) != XPI_OK || xpi_cube_tally(c, q, &widest) != XPI_OK)
        return 2;
    xpi_cube_stats(c, &responses, NULL, NULL);
    xpi_tally_total(all, &n_all);
    xpi_tally_total(widest, &n_widest);
    printf("grain %5d s, offset %+6d s, time %lld: stats %llu, NULL query %llu, "
           "[XPI_TIME_MIN, XPI_TIME_MAX + 1) %llu\n",
           (int)grain, (int)offset, (long long)time, (unsigned long long)responses,
           (unsigned long long)n_all, (unsigned long long)n_widest);
    xpi_tally_free(all);
    xpi_tally_free(widest);
    xpi_query_free(q);
    xpi_cube_free(c);
    return n_all != responses;
}

int main(void)
{
    int bad = 0;
    bad |= misses(86400, -18000, XPI_TIME_MIN); /* 1: UTC-5, the first second */
    bad |= misses(86400, 3600, XPI_TIME_MIN);   /* 1: UTC+1 */
    bad |= misses(1, 0, XPI_TIME_MAX);          /* 2: the last second */
    bad |= misses(60, 1, XPI_TIME_MAX);         /* 2 */
    return bad;
}
