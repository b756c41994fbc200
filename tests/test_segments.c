/*
 * Segment tables beyond the reference vectors (test_breakdown): bad input
 * and its statuses, getters and sorting, batch adds, a decomposition
 * worked by hand (Simpson's paradox), segments that appear or vanish,
 * weighted breakdowns, and out-of-memory at every allocation.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "failing_alloc.h"
#include "table_read.h"
#include "xpi.h"

#define DAY INT64_C(86400)

static const char *const names2[2] = {"region", "channel"};

/* n responses of one score in one segment and day. */
static void add_n(xpi_cube *c, int64_t day, const char *region, const char *channel, int score,
                  int n, double weight)
{
    const char *v[2];
    int i;
    v[0] = region;
    v[1] = channel;
    for (i = 0; i < n; i++)
        CHECK_STATUS(xpi_cube_add(c, day * DAY, v, score, weight), XPI_OK);
}

/* A cube's serialized bytes, to prove that a failed call changed nothing. */
typedef struct cube_bytes {
    unsigned char buf[1 << 16];
    size_t length;
} cube_bytes;

static void take(const xpi_cube *c, cube_bytes *b)
{
    CHECK_STATUS(xpi_cube_serialize(c, b->buf, sizeof b->buf, &b->length), XPI_OK);
}

static int unchanged(const xpi_cube *c, const cube_bytes *before)
{
    static cube_bytes now;
    take(c, &now);
    return now.length == before->length && memcmp(now.buf, before->buf, now.length) == 0;
}

static xpi_cube *small_cube(const xpi_allocator *a)
{
    xpi_cube *c = NULL;
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 2, names2, a), XPI_OK);
    add_n(c, 0, "north", "email", 3, 20, 1.0);
    add_n(c, 0, "north", "chat", 10, 15, 1.0);
    add_n(c, 1, "south", "email", 9, 40, 1.0);
    add_n(c, 1, "south", "phone", 7, 10, 1.0);
    add_n(c, 2, "", "chat", 0, 5, 1.0);
    return c;
}

static void test_bad_input(void)
{
    xpi_cube *c = small_cube(NULL);
    xpi_query *q = NULL, *other = NULL;
    xpi_table *t, *sentinel = (xpi_table *)&t;
    cube_bytes before;

    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_query_new(&other, NULL), XPI_OK);
    take(c, &before);
    t = sentinel;
    CHECK_STATUS(xpi_cube_breakdown(NULL, 0, q, &t), XPI_ERR_INVALID_ARG);
    { /* A NULL query is the default one. */
        xpi_table *d = NULL, *e = NULL;
        size_t rd = 0, re = 1;
        double vd = 0.0, ve = 1.0;
        CHECK_STATUS(xpi_cube_breakdown(c, 0, NULL, &d), XPI_OK);
        CHECK_STATUS(xpi_cube_breakdown(c, 0, q, &e), XPI_OK);
        CHECK_STATUS(xpi_table_rows(d, &rd), XPI_OK);
        CHECK_STATUS(xpi_table_rows(e, &re), XPI_OK);
        CHECK_STATUS(xpi_table_get(d, 0, XPI_COL_ESTIMATE, &vd), XPI_OK);
        CHECK_STATUS(xpi_table_get(e, 0, XPI_COL_ESTIMATE, &ve), XPI_OK);
        CHECK(rd == re && vd == ve);
        xpi_table_free(d);
        xpi_table_free(e);
        /* Both selections everything: no change to split. */
        CHECK_STATUS(xpi_cube_decompose(c, 0, q, NULL, &d), XPI_OK);
        CHECK_STATUS(xpi_table_figure(d, XPI_TABLE_CHANGE, &vd), XPI_OK);
        CHECK(vd == 0.0);
        xpi_table_free(d);
    }
    CHECK_STATUS(xpi_cube_breakdown(c, 0, q, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_breakdown(c, 2, q, &t), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_crosstab(c, 1, 1, q, &t), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_crosstab(c, 0, 5, q, &t), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_decompose(c, 3, q, other, &t), XPI_ERR_INVALID_ARG);
    /* A filter on a dimension the cube lacks. */
    CHECK_STATUS(xpi_query_set_filter(q, "product", "x"), XPI_OK);
    CHECK_STATUS(xpi_cube_breakdown(c, 0, q, &t), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_decompose(c, 0, other, q, &t), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_reset(q), XPI_OK);
    /* Methods that do not apply, and resampling. */
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_METHOD, XPI_CI_T), XPI_OK);
    CHECK_STATUS(xpi_cube_breakdown(c, 0, q, &t), XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_METHOD, XPI_CI_BOOTSTRAP), XPI_OK);
    CHECK_STATUS(xpi_cube_crosstab(c, 0, 1, q, &t), XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_query_reset(q), XPI_OK);
    /* Nothing selected: an unseen value, an empty time range. */
    CHECK_STATUS(xpi_query_set_filter(q, "region", "west"), XPI_OK);
    CHECK_STATUS(xpi_cube_breakdown(c, 1, q, &t), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_query_reset(q), XPI_OK);
    CHECK_STATUS(xpi_query_set_time(q, 10 * DAY, 20 * DAY), XPI_OK);
    CHECK_STATUS(xpi_cube_breakdown(c, 1, q, &t), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_cube_decompose(c, 0, other, q, &t), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK(t == sentinel);
    CHECK(unchanged(c, &before));

    /* Getters. */
    CHECK_STATUS(xpi_cube_breakdown(c, 0, other, &t), XPI_OK);
    {
        size_t rows = 0;
        double v;
        const char *label = NULL;
        uint32_t id = 99;
        CHECK_STATUS(xpi_table_rows(t, &rows), XPI_OK);
        CHECK(rows == 3);
        CHECK_STATUS(xpi_table_rows(NULL, &rows), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_table_get(t, 3, XPI_COL_N, &v), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_table_get(t, 0, 0, &v), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_table_get(t, 0, 1000, &v), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_table_get(t, 0, XPI_COL_ROLLING, &v), XPI_ERR_NOT_APPLICABLE);
        CHECK_STATUS(xpi_table_get(t, 0, XPI_COL_RATE_EFFECT, &v), XPI_ERR_NOT_APPLICABLE);
        CHECK_STATUS(xpi_table_get(t, 0, XPI_COL_N, NULL), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_table_figure(t, XPI_TABLE_CHANGE, &v), XPI_ERR_NOT_APPLICABLE);
        CHECK_STATUS(xpi_table_figure(t, 0, &v), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_table_label(t, 0, 1, &label, &id), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_table_sort(t, XPI_COL_RATE_EFFECT, 1), XPI_ERR_NOT_APPLICABLE);
        CHECK_STATUS(xpi_table_sort(t, 1000, 1), XPI_ERR_INVALID_ARG);
        /* Value-id order: the missing value (id 0) first. */
        CHECK_STATUS(xpi_table_label(t, 0, 0, &label, &id), XPI_OK);
        CHECK(strcmp(label, "") == 0 && id == XPI_MISSING);
        CHECK_STATUS(xpi_table_label(t, 2, 0, &label, NULL), XPI_OK);
        CHECK(strcmp(label, "south") == 0);
    }
    xpi_table_free(t);
    xpi_table_free(NULL);
    xpi_query_free(q);
    xpi_query_free(other);
    xpi_cube_free(c);
}

/* Hand-computed figures on the small cube. north: 20 detractors, 15
 * promoters (NPS -5/35 = -14.2857); south: 40 promoters, 10 passives
 * (80); missing: 5 detractors (-100). All: 55 promoters, 25 detractors
 * of 90 (33.3333). */
static void test_figures_and_sort(void)
{
    xpi_cube *c = small_cube(NULL);
    xpi_query *q = NULL;
    xpi_table *t = NULL;
    const char *label;
    size_t r;

    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_MIN_N, 10), XPI_OK);
    CHECK_STATUS(xpi_cube_breakdown(c, 0, q, &t), XPI_OK);
    CHECK_NEAR(fig(t, XPI_TABLE_N), 90, 0);
    CHECK_NEAR(fig(t, XPI_TABLE_ESTIMATE), 100.0 * 30.0 / 90.0, 1e-12);
    CHECK_NEAR(col(t, 1, XPI_COL_ESTIMATE), -500.0 / 35.0, 1e-12);
    CHECK_NEAR(col(t, 1, XPI_COL_SHARE), 3500.0 / 90.0, 1e-12);
    /* Rest of north: south + missing = 40 P, 5 D of 55. */
    CHECK_NEAR(col(t, 1, XPI_COL_REST), 3500.0 / 55.0, 1e-12);
    CHECK_NEAR(col(t, 1, XPI_COL_IMPACT), 3000.0 / 90.0 - 3500.0 / 55.0, 1e-12);
    CHECK_NEAR(col(t, 0, XPI_COL_INSUFFICIENT), 1, 0);
    CHECK(isnan(col(t, 0, XPI_COL_P_ADJ)));
    CHECK_NEAR(col(t, 0, XPI_COL_SIGNIFICANT), 0, 0);
    CHECK_NEAR(fig(t, XPI_TABLE_TESTED), 2, 0);
    /* Funnel limits never leave the scale. */
    for (r = 0; r < 3; r++)
        CHECK(col(t, r, XPI_COL_FUNNEL_LOWER) >= -100.0 &&
              col(t, r, XPI_COL_FUNNEL_UPPER) <= 100.0);
    /* Shrinkage lies between the estimate and the overall. */
    for (r = 0; r < 3; r++) {
        double y = col(t, r, XPI_COL_ESTIMATE), s = col(t, r, XPI_COL_SHRUNK);
        double o = fig(t, XPI_TABLE_ESTIMATE);
        CHECK((s - o) * (y - o) >= 0.0 && fabs(s - o) <= fabs(y - o) + 1e-12);
    }

    CHECK_STATUS(xpi_table_sort(t, XPI_COL_ESTIMATE, 1), XPI_OK);
    CHECK_STATUS(xpi_table_label(t, 0, 0, &label, NULL), XPI_OK);
    CHECK(strcmp(label, "south") == 0);
    CHECK_STATUS(xpi_table_label(t, 2, 0, &label, NULL), XPI_OK);
    CHECK(strcmp(label, "") == 0);
    CHECK_STATUS(xpi_table_sort(t, XPI_COL_N, 0), XPI_OK);
    CHECK_NEAR(col(t, 0, XPI_COL_N), 5, 0);
    CHECK_NEAR(col(t, 2, XPI_COL_N), 50, 0);
    /* NaN last either way: P_ADJ of the insufficient row. */
    CHECK_STATUS(xpi_table_sort(t, XPI_COL_P_ADJ, 0), XPI_OK);
    CHECK(isnan(col(t, 2, XPI_COL_P_ADJ)));
    CHECK_STATUS(xpi_table_sort(t, XPI_COL_P_ADJ, 1), XPI_OK);
    CHECK(isnan(col(t, 2, XPI_COL_P_ADJ)));
    xpi_table_free(t);

    /* One segment: no rest, no chi-square, no between-segment variance. */
    CHECK_STATUS(xpi_query_set_filter(q, "region", "south"), XPI_OK);
    CHECK_STATUS(xpi_cube_breakdown(c, 0, q, &t), XPI_OK);
    CHECK(isnan(col(t, 0, XPI_COL_REST)) && isnan(col(t, 0, XPI_COL_P)));
    CHECK(isnan(fig(t, XPI_TABLE_CHI2)) && isnan(fig(t, XPI_TABLE_TAU2)));
    CHECK_NEAR(col(t, 0, XPI_COL_SHRUNK), 80.0, 1e-12);
    xpi_table_free(t);
    xpi_query_free(q);
    xpi_cube_free(c);
}

/* Simpson's paradox by hand. Day 0: A has 45 promoters and 45 passives
 * (NPS 50), B 10 passives (0): overall 45. Day 1: A has 6 promoters and
 * 4 passives (60), B 9 promoters and 81 passives (10): overall 15. Both
 * segments rose, the total fell by 30:
 *   rate = 0.5 (60 - 50) + 0.5 (10 - 0) = 10,
 *   mix  = (55 - 30)(0.1 - 0.9) + (5 - 30)(0.9 - 0.1) = -20 - 20 = -40. */
static xpi_cube *simpson_cube(void)
{
    xpi_cube *c = NULL;
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 2, names2, NULL), XPI_OK);
    add_n(c, 0, "A", "x", 10, 45, 1.0);
    add_n(c, 0, "A", "x", 8, 45, 1.0);
    add_n(c, 0, "B", "x", 7, 10, 1.0);
    add_n(c, 1, "A", "x", 9, 6, 1.0);
    add_n(c, 1, "A", "x", 7, 4, 1.0);
    add_n(c, 1, "B", "x", 9, 9, 1.0);
    add_n(c, 1, "B", "x", 8, 81, 1.0);
    return c;
}

static void test_simpson(void)
{
    xpi_cube *c = simpson_cube();
    xpi_query *a = NULL, *b = NULL;
    xpi_table *t = NULL;
    double rate = 0.0, mix = 0.0, overall_b;
    size_t r;

    CHECK_STATUS(xpi_query_new(&a, NULL), XPI_OK);
    CHECK_STATUS(xpi_query_new(&b, NULL), XPI_OK);
    CHECK_STATUS(xpi_query_set_time(a, 0, DAY), XPI_OK);
    CHECK_STATUS(xpi_query_set_time(b, DAY, 2 * DAY), XPI_OK);
    CHECK_STATUS(xpi_cube_decompose(c, 0, a, b, &t), XPI_OK);
    CHECK_NEAR(fig(t, XPI_TABLE_CHANGE), -30.0, 1e-12);
    CHECK_NEAR(fig(t, XPI_TABLE_RATE_EFFECT), 10.0, 1e-12);
    CHECK_NEAR(fig(t, XPI_TABLE_MIX_EFFECT), -40.0, 1e-12);
    CHECK_NEAR(col(t, 0, XPI_COL_RATE_EFFECT), 5.0, 1e-12);
    CHECK_NEAR(col(t, 0, XPI_COL_MIX_EFFECT), -20.0, 1e-12);
    CHECK_NEAR(col(t, 1, XPI_COL_MIX_EFFECT), -20.0, 1e-12);
    CHECK_NEAR(fig(t, XPI_TABLE_SEGMENTS_UP), 2, 0);
    CHECK_NEAR(fig(t, XPI_TABLE_SEGMENTS_DOWN), 0, 0);
    CHECK_NEAR(fig(t, XPI_TABLE_AGAINST_MAJORITY), 1, 0);
    xpi_table_free(t);

    /* Segment C appears on day 1 with one detractor: no estimate on day
     * 0, no rate effect, all mix; the rows still add up. */
    add_n(c, 1, "C", "x", 0, 1, 1.0);
    CHECK_STATUS(xpi_cube_decompose(c, 0, a, b, &t), XPI_OK);
    overall_b = 100.0 * (15.0 - 1.0) / 101.0;
    CHECK_NEAR(fig(t, XPI_TABLE_ESTIMATE_A), 45.0, 1e-12);
    CHECK_NEAR(fig(t, XPI_TABLE_ESTIMATE_B), overall_b, 1e-12);
    CHECK_NEAR(fig(t, XPI_TABLE_CHANGE), overall_b - 45.0, 1e-12);
    for (r = 0; r < 3; r++) {
        rate += col(t, r, XPI_COL_RATE_EFFECT);
        mix += col(t, r, XPI_COL_MIX_EFFECT);
    }
    CHECK_NEAR(rate + mix, fig(t, XPI_TABLE_CHANGE), 1e-12);
    CHECK(isnan(col(t, 2, XPI_COL_ESTIMATE_A)));
    CHECK_NEAR(col(t, 2, XPI_COL_RATE_EFFECT), 0.0, 0);
    CHECK_NEAR(col(t, 2, XPI_COL_SHARE_A), 0.0, 0);
    CHECK_NEAR(col(t, 2, XPI_COL_N_B), 1.0, 0);
    xpi_table_free(t);
    xpi_query_free(a);
    xpi_query_free(b);
    xpi_cube_free(c);
}

/* Weighted cubes: each row is xpi_tally_estimate of the segment. */
static void test_weighted(void)
{
    xpi_cube *c = NULL;
    xpi_query *q = NULL;
    xpi_table *t = NULL;
    xpi_tally *seg = NULL;
    xpi_estimate e;
    int i;

    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 2, names2, NULL), XPI_OK);
    for (i = 0; i < 60; i++)
        add_n(c, i % 3, i % 2 ? "north" : "south", "email", i % 11, 1, 0.5 + (i % 7) * 0.25);
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_breakdown(c, 0, q, &t), XPI_OK);
    /* Row 0 is south, the first value seen. */
    CHECK_STATUS(xpi_query_set_filter(q, "region", "south"), XPI_OK);
    CHECK_STATUS(xpi_cube_tally(c, q, &seg), XPI_OK);
    CHECK_STATUS(xpi_tally_estimate(seg, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &e), XPI_OK);
    CHECK_NEAR(col(t, 0, XPI_COL_ESTIMATE), e.value, 1e-12);
    CHECK_NEAR(col(t, 0, XPI_COL_LOWER), e.lower, 1e-12);
    CHECK_NEAR(col(t, 0, XPI_COL_N_EFF), e.n_eff, 1e-12);
    CHECK(e.n_eff < 30.0);
    CHECK(!isnan(col(t, 0, XPI_COL_P)));
    xpi_tally_free(seg);
    xpi_table_free(t);
    xpi_query_free(q);
    xpi_cube_free(c);
}

static void test_batch(void)
{
    static const int64_t times[4] = {0, DAY, 2 * DAY, 3 * DAY};
    static const char *const values[8] = {"a", "x", NULL, "y", "b", "", "a", "y"};
    static const int32_t scores[4] = {10, 0, 7, 9};
    static const double weights[4] = {1.0, 2.0, 1.0, 0.5};
    int32_t bad_scores[4] = {10, 0, 11, 9};
    double bad_weights[4] = {1.0, (double)NAN, 1.0, 1.0};
    int64_t bad_times[4] = {0, XPI_TIME_MAX + 1, 0, 0};
    xpi_cube *c = NULL, *one = NULL;
    cube_bytes before, single;
    uint32_t ids[8];
    size_t added = 99, i;
    char long_value[300];

    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 2, names2, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_new(&one, XPI_METRIC_NPS, 2, names2, NULL), XPI_OK);
    add_n(c, 0, "a", "x", 5, 3, 1.0);
    add_n(one, 0, "a", "x", 5, 3, 1.0);
    take(c, &before);
    CHECK_STATUS(xpi_cube_add_batch(c, 4, times, values, bad_scores, NULL, &added),
                 XPI_ERR_SCORE_RANGE);
    CHECK(added == 0 && unchanged(c, &before));
    CHECK_STATUS(xpi_cube_add_batch(c, 4, times, values, scores, bad_weights, &added),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_add_batch(c, 4, bad_times, values, scores, NULL, &added),
                 XPI_ERR_INVALID_ARG);
    memset(long_value, 'v', sizeof long_value - 1);
    long_value[sizeof long_value - 1] = '\0';
    {
        const char *bad_values[8] = {"a", "x", NULL, "y", "b", long_value, "a", "y"};
        CHECK_STATUS(xpi_cube_add_batch(c, 4, times, bad_values, scores, NULL, &added),
                     XPI_ERR_INVALID_ARG);
    }
    CHECK_STATUS(xpi_cube_add_batch(c, 4, NULL, values, scores, NULL, &added),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_add_batch(NULL, 4, times, values, scores, NULL, &added),
                 XPI_ERR_INVALID_ARG);
    CHECK(unchanged(c, &before));
    CHECK_STATUS(xpi_cube_add_batch(c, 0, NULL, NULL, NULL, NULL, &added), XPI_OK);
    CHECK(added == 0);

    CHECK_STATUS(xpi_cube_add_batch(c, 4, times, values, scores, weights, &added), XPI_OK);
    CHECK(added == 4);
    for (i = 0; i < 4; i++)
        CHECK_STATUS(xpi_cube_add(one, times[i], values + 2 * i, scores[i], weights[i]), XPI_OK);
    take(one, &single);
    CHECK(unchanged(c, &single));

    /* By ids: an id the dimension has not issued rejects the batch. */
    for (i = 0; i < 8; i++)
        CHECK_STATUS(xpi_cube_intern(c, i % 2, values[i], &ids[i]), XPI_OK);
    take(c, &before);
    ids[7] = 77;
    CHECK_STATUS(xpi_cube_add_ids_batch(c, 4, times, ids, scores, NULL, &added),
                 XPI_ERR_INVALID_ARG);
    CHECK(added == 0 && unchanged(c, &before));
    CHECK_STATUS(xpi_cube_intern(c, 1, values[7], &ids[7]), XPI_OK);
    CHECK_STATUS(xpi_cube_add_ids_batch(c, 4, times, ids, scores, NULL, NULL), XPI_OK);
    for (i = 0; i < 4; i++)
        CHECK_STATUS(xpi_cube_add(one, times[i], values + 2 * i, scores[i], 1.0), XPI_OK);
    take(one, &single);
    CHECK(unchanged(c, &single));
    xpi_cube_free(c);
    xpi_cube_free(one);
}

/* The k-th allocation fails, for every k: XPI_ERR_NO_MEMORY, the output
 * untouched, the cube unchanged, nothing leaked. */
static void test_out_of_memory(void)
{
    int op;
    for (op = 0; op < 4; op++) {
        long k;
        int done = 0;
        for (k = 0; k < 500 && !done; k++) {
            failing f;
            xpi_allocator a = failing_allocator(&f, -1);
            xpi_cube *c = small_cube(&a);
            xpi_query *q = NULL, *b = NULL;
            xpi_table *t = NULL, *sentinel = (xpi_table *)&f;
            cube_bytes before;
            /* A batch of 40 new regions forces the cube to grow. */
            static char regions[40][8];
            const char *values[80];
            int64_t times[40];
            int32_t scores[40];
            size_t added = 0, i;
            int status;

            for (i = 0; i < 40; i++) {
                sprintf(regions[i], "r%u", (unsigned)i);
                values[2 * i] = regions[i];
                values[2 * i + 1] = "email";
                times[i] = (int64_t)i * DAY;
                scores[i] = (int32_t)(i % 11);
            }
            CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
            CHECK_STATUS(xpi_query_new(&b, NULL), XPI_OK);
            CHECK_STATUS(xpi_query_set_time(b, DAY, 3 * DAY), XPI_OK);
            take(c, &before);
            t = sentinel;
            f.fail_at = k;
            f.requests = 0;
            if (op == 0)
                status = xpi_cube_breakdown(c, 0, q, &t);
            else if (op == 1)
                status = xpi_cube_crosstab(c, 0, 1, q, &t);
            else if (op == 2)
                status = xpi_cube_decompose(c, 1, q, b, &t);
            else
                status = xpi_cube_add_batch(c, 40, times, values, scores, NULL, &added);
            f.fail_at = -1;
            if (status == XPI_OK) {
                done = 1;
                if (op < 3)
                    xpi_table_free(t);
            } else {
                CHECK_STATUS(status, XPI_ERR_NO_MEMORY);
                if (op < 3) {
                    CHECK(t == sentinel);
                    CHECK(unchanged(c, &before));
                } else {
                    /* A batch keeps exactly the responses it reports. */
                    uint64_t n = 0;
                    CHECK_STATUS(xpi_cube_stats(c, &n, NULL, NULL), XPI_OK);
                    CHECK(n == 90 + added && added < 40);
                }
            }
            xpi_query_free(q);
            xpi_query_free(b);
            xpi_cube_free(c);
            CHECK(f.live == 0);
        }
        CHECK(done);
        printf("segments op %d: %ld injected failure(s) before success\n", op, k - 1);
    }
}

int main(void)
{
    test_bad_input();
    test_figures_and_sort();
    test_simpson();
    test_weighted();
    test_batch();
    test_out_of_memory();
    return check_exit();
}
