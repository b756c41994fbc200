/*
 * Queries on a cube: the selected responses summed into a tally equal a
 * tally built directly from the same responses (whole cube, filters, time
 * ranges with and without a UTC offset, merged shards), and the query
 * object's parameters and bad arguments.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "snapshot.h"
#include "xpi.h"

#define DAY 86400
#define N 3000

static const char *const dims[2] = { "region", "channel" };
static const char *const regions[4] = { "EU", "US", "APAC", NULL };
static const char *const channels[3] = { "chat", "email", "phone" };

typedef struct response {
    int64_t time;
    int region, channel;
    int32_t score;
    double weight;
} response;

static response data[N];

static void make_data(void)
{
    uint32_t x = 12345u;
    int i;
    for (i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        data[i].time = (int64_t)((x >> 8) % (10u * DAY)) - 2 * DAY;
        data[i].region = (int)((x >> 4) % 4u);
        data[i].channel = (int)((x >> 12) % 3u);
        data[i].score = (int32_t)((x >> 16) % 11u);
        /* Weights of 1 and 2 keep every sum exact, in any order. */
        data[i].weight = (x >> 20) % 3u == 0 ? 2.0 : 1.0;
    }
}

static xpi_cube *build(int from, int to, int32_t utc_offset)
{
    xpi_cube *c = NULL;
    int i;
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 2, dims, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_set_time(c, DAY, utc_offset), XPI_OK);
    for (i = from; i < to; i++) {
        const char *v[2];
        v[0] = regions[data[i].region];
        v[1] = channels[data[i].channel];
        CHECK_STATUS(xpi_cube_add(c, data[i].time, v, data[i].score, data[i].weight), XPI_OK);
    }
    return c;
}

/* The responses with region r (-1: any), channel ch (-1: any) and local
 * day start in [from, to), straight into a tally. */
static xpi_tally *expected(int r, int ch, int64_t from, int64_t to, int32_t utc_offset)
{
    xpi_tally *t = NULL;
    int i;
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), XPI_OK);
    for (i = 0; i < N; i++) {
        int64_t local = data[i].time + utc_offset;
        int64_t day = local >= 0 ? local / DAY : -((-local + DAY - 1) / DAY);
        int64_t start = day * DAY - utc_offset;
        if ((r >= 0 && data[i].region != r) || (ch >= 0 && data[i].channel != ch) ||
            start < from || start >= to)
            continue;
        CHECK_STATUS(xpi_tally_add(t, data[i].score, data[i].weight), XPI_OK);
    }
    return t;
}

static void check_query(const xpi_cube *c, const xpi_query *q, xpi_tally *want,
                        const char *what)
{
    xpi_tally *got = NULL;
    snapshot s;
    check_count++;
    if (xpi_cube_tally(c, q, &got) != XPI_OK) {
        check_failures++;
        fprintf(stderr, "%s: query failed\n", what);
    } else {
        snapshot_take(want, &s);
        if (!snapshot_same(got, &s)) {
            check_failures++;
            fprintf(stderr, "%s: tally differs\n", what);
        }
    }
    xpi_tally_free(got);
    xpi_tally_free(want);
}

static void test_selections(int32_t utc_offset)
{
    xpi_cube *c = build(0, N, utc_offset);
    xpi_query *q = NULL;
    const int64_t all_from = XPI_TIME_MIN, all_to = XPI_TIME_MAX + 1;
    int r, ch;

    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    check_query(c, q, expected(-1, -1, all_from, all_to, utc_offset), "everything");
    for (r = 0; r < 4; r++) {
        CHECK_STATUS(xpi_query_set_filter(q, "region", regions[r]), XPI_OK);
        check_query(c, q, expected(r, -1, all_from, all_to, utc_offset), "one region");
        for (ch = 0; ch < 3; ch++) {
            CHECK_STATUS(xpi_query_set_filter(q, "channel", channels[ch]), XPI_OK);
            check_query(c, q, expected(r, ch, all_from, all_to, utc_offset), "region, channel");
        }
        CHECK_STATUS(xpi_query_reset(q), XPI_OK);
    }
    /* Days -1 to 3 (local), then one day, then a range holding no bucket
     * start. */
    CHECK_STATUS(xpi_query_set_time(q, -DAY - utc_offset, 3 * DAY - utc_offset), XPI_OK);
    check_query(c, q, expected(-1, -1, -DAY - utc_offset, 3 * DAY - utc_offset, utc_offset),
                "days -1..2");
    CHECK_STATUS(xpi_query_set_filter(q, "region", "US"), XPI_OK);
    CHECK_STATUS(xpi_query_set_time(q, 5 * DAY - utc_offset, 6 * DAY - utc_offset), XPI_OK);
    check_query(c, q, expected(1, -1, 5 * DAY - utc_offset, 6 * DAY - utc_offset, utc_offset),
                "US on day 5");
    CHECK_STATUS(xpi_query_set_time(q, 1 - utc_offset, DAY - utc_offset), XPI_OK);
    check_query(c, q, expected(1, -1, 1 - utc_offset, DAY - utc_offset, utc_offset),
                "no bucket start");
    xpi_query_free(q);
    xpi_cube_free(c);
}

/* Shards merged hold exactly what one cube of all responses holds. */
static void test_merged_shards(void)
{
    xpi_cube *all = build(0, N, 0), *a = build(0, N / 3, 0), *b = build(N / 3, N, 0);
    xpi_query *q = NULL;
    xpi_tally *want = NULL;
    int r;
    CHECK_STATUS(xpi_cube_merge(b, a), XPI_OK);
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    for (r = 0; r < 4; r++) {
        CHECK_STATUS(xpi_query_set_filter(q, "region", regions[r]), XPI_OK);
        CHECK_STATUS(xpi_cube_tally(all, q, &want), XPI_OK);
        check_query(b, q, want, "merged shard region");
    }
    xpi_query_free(q);
    xpi_cube_free(all);
    xpi_cube_free(a);
    xpi_cube_free(b);
}

static void test_query_object(void)
{
    xpi_query *q = NULL;
    xpi_cube *c = build(0, 10, 0);
    xpi_tally *t = NULL, *sentinel = (xpi_tally *)&c;
    double v = -1.0;
    char long_value[XPI_VALUE_MAX_BYTES + 2];
    uint64_t n = 9;
    int i;

    memset(long_value, 'x', sizeof long_value - 1);
    long_value[sizeof long_value - 1] = '\0';
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_query_get_param(q, XPI_QUERY_CONFIDENCE, &v), XPI_OK);
    CHECK(v == 0.95);
    CHECK_STATUS(xpi_query_get_param(q, XPI_QUERY_ADJUST, &v), XPI_OK);
    CHECK(v == XPI_ADJUST_BH);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_CONFIDENCE, 0.9), XPI_OK);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_METHOD, XPI_CI_WALD), XPI_OK);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_MIN_N, 50), XPI_OK);
    CHECK_STATUS(xpi_query_get_param(q, XPI_QUERY_MIN_N, &v), XPI_OK);
    CHECK(v == 50.0);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_CONFIDENCE, 1.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_CONFIDENCE, (double)NAN),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_STAT, 1.5), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_STAT, 9), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_ADJUST, 6), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_MIN_N, -1), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, 99, 1), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_get_param(q, XPI_QUERY_CONFIDENCE, &v), XPI_OK);
    CHECK(v == 0.9);
    CHECK_STATUS(xpi_query_set_time(q, 10, 10), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_time(q, XPI_TIME_MIN - 1, 10), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_filter(q, "", "EU"), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_filter(q, NULL, "EU"), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_filter(q, "region", long_value), XPI_ERR_INVALID_ARG);
    for (i = 0; i < XPI_CUBE_MAX_DIMS; i++) {
        char name[16];
        sprintf(name, "d%d", i);
        CHECK_STATUS(xpi_query_set_filter(q, name, "x"), XPI_OK);
    }
    CHECK_STATUS(xpi_query_set_filter(q, "one too many", "x"), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_reset(q), XPI_OK);

    /* A dimension the cube lacks is an error; a value it lacks selects
     * nothing. */
    t = sentinel;
    CHECK_STATUS(xpi_query_set_filter(q, "agent", "ann"), XPI_OK);
    CHECK_STATUS(xpi_cube_tally(c, q, &t), XPI_ERR_INVALID_ARG);
    CHECK(t == sentinel);
    CHECK_STATUS(xpi_query_reset(q), XPI_OK);
    CHECK_STATUS(xpi_query_set_filter(q, "region", "Mars"), XPI_OK);
    CHECK_STATUS(xpi_cube_tally(c, q, &t), XPI_OK);
    CHECK_STATUS(xpi_tally_total(t, &n), XPI_OK);
    CHECK(n == 0);
    xpi_tally_free(t);
    { /* Clearing that filter selects everything again; the other stays. */
        uint64_t all = 0, responses = 1;
        CHECK_STATUS(xpi_query_clear_filter(q, "nowhere"), XPI_OK); /* none: no-op */
        CHECK_STATUS(xpi_query_clear_filter(q, "region"), XPI_OK);
        CHECK_STATUS(xpi_cube_tally(c, q, &t), XPI_OK);
        CHECK_STATUS(xpi_tally_total(t, &all), XPI_OK);
        CHECK_STATUS(xpi_cube_stats(c, &responses, NULL, NULL), XPI_OK);
        CHECK(all == responses);
        xpi_tally_free(t);
        CHECK_STATUS(xpi_query_clear_filter(NULL, "region"), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_query_clear_filter(q, NULL), XPI_ERR_INVALID_ARG);
    }
    { /* The cube's scale and time buckets read back. */
        int32_t metric = 0, lo = -1, hi = -1, low_max = -1, high_min = -1, stat = -1;
        int32_t grain = 0, offset = 1;
        CHECK_STATUS(xpi_cube_scale(c, &metric, &lo, &hi, &low_max, &high_min, &stat), XPI_OK);
        CHECK(metric == XPI_METRIC_NPS && lo == 0 && hi == 10 && low_max == 6 &&
              high_min == 9 && stat == XPI_STAT_NET);
        CHECK_STATUS(xpi_cube_scale(c, NULL, NULL, NULL, NULL, NULL, NULL), XPI_OK);
        CHECK_STATUS(xpi_cube_scale(NULL, &metric, NULL, NULL, NULL, NULL, NULL),
                     XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_cube_time(c, &grain, &offset), XPI_OK);
        CHECK(grain == 86400 && offset == 0);
        CHECK_STATUS(xpi_cube_time(NULL, &grain, &offset), XPI_ERR_INVALID_ARG);
    }
    CHECK_STATUS(xpi_cube_tally(NULL, q, &t), XPI_ERR_INVALID_ARG);
    { /* A NULL query is the default one: everything. */
        uint64_t all = 0, responses = 1;
        CHECK_STATUS(xpi_cube_tally(c, NULL, &t), XPI_OK);
        CHECK_STATUS(xpi_tally_total(t, &all), XPI_OK);
        CHECK_STATUS(xpi_cube_stats(c, &responses, NULL, NULL), XPI_OK);
        CHECK(all == responses && all > 0);
        xpi_tally_free(t);
    }
    CHECK_STATUS(xpi_cube_tally(c, q, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_new(NULL, NULL), XPI_ERR_INVALID_ARG);
    xpi_query_free(NULL);
    xpi_query_free(q);
    xpi_cube_free(c);
}

int main(void)
{
    make_data();
    test_selections(0);
    test_selections(-5 * 3600);
    test_selections(9 * 3600 + 1800);
    test_merged_shards();
    test_query_object();
    return check_exit();
}
