/* The tally: presets, custom scales, adds (atomic), merge, clone, reset. */
#include <float.h>
#include <stdint.h>

#include "check.h"
#include "snapshot.h"
#include "xpi.h"

static uint64_t count_of(const xpi_tally *t, int32_t score)
{
    uint64_t c = UINT64_MAX;
    CHECK_STATUS(xpi_tally_count(t, score, &c), XPI_OK);
    return c;
}

static uint64_t total_of(const xpi_tally *t)
{
    uint64_t n = UINT64_MAX;
    CHECK_STATUS(xpi_tally_total(t, &n), XPI_OK);
    return n;
}

static void test_presets(void)
{
    static const struct {
        int32_t metric, min, max, low_max, high_min, stat;
    } want[] = {
        { XPI_METRIC_NPS, 0, 10, 6, 9, XPI_STAT_NET },
        { XPI_METRIC_CSAT, 1, 5, 2, 4, XPI_STAT_TOP },
        { XPI_METRIC_CES, 1, 7, 3, 5, XPI_STAT_MEAN },
    };
    size_t i;
    for (i = 0; i < sizeof want / sizeof want[0]; i++) {
        xpi_tally *t = NULL;
        int32_t metric, min, max, low_max, high_min, stat;
        CHECK_STATUS(xpi_tally_new(&t, want[i].metric, NULL), XPI_OK);
        CHECK_STATUS(xpi_tally_scale(t, &metric, &min, &max, &low_max, &high_min, &stat),
                     XPI_OK);
        CHECK(metric == want[i].metric && min == want[i].min && max == want[i].max);
        CHECK(low_max == want[i].low_max && high_min == want[i].high_min);
        CHECK(stat == want[i].stat);
        CHECK(total_of(t) == 0);
        CHECK_STATUS(xpi_tally_scale(t, NULL, NULL, NULL, NULL, NULL, NULL), XPI_OK);
        xpi_tally_free(t);
    }
}

static void test_bad_creation(void)
{
    xpi_tally *t = (xpi_tally *)&t; /* must stay untouched on failure */
    xpi_tally *const sentinel = t;
    xpi_allocator no_free = { NULL, NULL, NULL, NULL };

    CHECK_STATUS(xpi_tally_new(NULL, XPI_METRIC_NPS, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_new(&t, 0, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_new(&t, 4, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, &no_free), XPI_ERR_INVALID_ARG);
    /* min <= low_max < high_min <= max */
    CHECK_STATUS(xpi_tally_new_scale(&t, 5, 1, 2, 4, XPI_STAT_TOP, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_new_scale(&t, 1, 5, 0, 4, XPI_STAT_TOP, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_new_scale(&t, 1, 5, 3, 3, XPI_STAT_TOP, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_new_scale(&t, 1, 5, 2, 6, XPI_STAT_TOP, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_new_scale(&t, 1, 5, 2, 4, XPI_STAT_DEFAULT, NULL),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_new_scale(&t, 1, 5, 2, 4, 5, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_new_scale(&t, 0, XPI_SCALE_MAX_POINTS, 1, 2, XPI_STAT_MEAN, NULL),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_new_scale(&t, INT32_MIN, INT32_MAX, 0, 1, XPI_STAT_MEAN, NULL),
                 XPI_ERR_INVALID_ARG);
    CHECK(t == sentinel);
}

static void test_custom_scale(void)
{
    xpi_tally *t = NULL;
    int32_t metric = -1;
    /* The widest scale allowed, at the very top of int32_t. */
    CHECK_STATUS(xpi_tally_new_scale(&t, INT32_MAX - (XPI_SCALE_MAX_POINTS - 1), INT32_MAX,
                                     INT32_MAX - 1, INT32_MAX, XPI_STAT_MEAN, NULL),
                 XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, INT32_MAX, 1.0), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, INT32_MAX - (XPI_SCALE_MAX_POINTS - 1), 1.0), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, INT32_MAX - XPI_SCALE_MAX_POINTS, 1.0), XPI_ERR_SCORE_RANGE);
    CHECK_STATUS(xpi_tally_add(t, INT32_MIN, 1.0), XPI_ERR_SCORE_RANGE);
    CHECK(count_of(t, INT32_MAX) == 1);
    CHECK_STATUS(xpi_tally_scale(t, &metric, NULL, NULL, NULL, NULL, NULL), XPI_OK);
    CHECK(metric == XPI_METRIC_CUSTOM);
    xpi_tally_free(t);

    /* Negative scores, a two-point scale. */
    CHECK_STATUS(xpi_tally_new_scale(&t, -1, 0, -1, 0, XPI_STAT_TOP, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, -1, 3), XPI_OK);
    CHECK(count_of(t, -1) == 3 && count_of(t, 0) == 0);
    xpi_tally_free(t);
}

static void test_add(void)
{
    xpi_tally *t = NULL;
    double w = -1.0, w2 = -1.0;
    uint64_t c = 42;
    snapshot before;

    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 10, 1.0), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 10, 2.5), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 0, 7), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 5, 0), XPI_OK);
    CHECK(count_of(t, 10) == 2 && count_of(t, 0) == 7 && count_of(t, 5) == 0);
    CHECK(total_of(t) == 9);
    CHECK_STATUS(xpi_tally_weights(t, 10, &w, &w2), XPI_OK);
    CHECK(w == 3.5 && w2 == 7.25);
    CHECK_STATUS(xpi_tally_weights(t, 0, &w, NULL), XPI_OK);
    CHECK(w == 7.0);
    CHECK_STATUS(xpi_tally_weights(t, 0, NULL, &w2), XPI_OK);
    CHECK(w2 == 7.0);

    snapshot_take(t, &before);
    CHECK_STATUS(xpi_tally_add(t, 11, 1.0), XPI_ERR_SCORE_RANGE);
    CHECK_STATUS(xpi_tally_add(t, -1, 1.0), XPI_ERR_SCORE_RANGE);
    CHECK_STATUS(xpi_tally_add(t, 5, 0.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_add(t, 5, -1.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_add(t, 5, (double)NAN), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_add(t, 5, (double)INFINITY), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_add(NULL, 5, 1.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_add_n(t, 11, 1), XPI_ERR_SCORE_RANGE);
    CHECK_STATUS(xpi_tally_add_n(NULL, 1, 1), XPI_ERR_INVALID_ARG);
    CHECK(snapshot_same(t, &before));

    CHECK_STATUS(xpi_tally_count(t, 11, &c), XPI_ERR_SCORE_RANGE);
    CHECK_STATUS(xpi_tally_count(t, 1, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_count(NULL, 1, &c), XPI_ERR_INVALID_ARG);
    CHECK(c == 42);
    CHECK_STATUS(xpi_tally_weights(t, -1, &w, &w2), XPI_ERR_SCORE_RANGE);
    CHECK_STATUS(xpi_tally_weights(NULL, 1, &w, &w2), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_total(NULL, &c), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_total(t, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_scale(NULL, NULL, NULL, NULL, NULL, NULL, NULL),
                 XPI_ERR_INVALID_ARG);
    xpi_tally_free(t);
}

static void test_add_array(void)
{
    static const int32_t scores[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 9, 0 };
    static const double weights[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 0.5, 1, 1, 1 };
    const size_t n = sizeof scores / sizeof scores[0];
    int32_t bad_scores[sizeof scores / sizeof scores[0]];
    double bad_weights[sizeof scores / sizeof scores[0]];
    xpi_tally *t = NULL;
    snapshot before;
    double w, w2;
    size_t i;

    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_array(t, scores, NULL, n), XPI_OK);
    CHECK(count_of(t, 10) == 3 && count_of(t, 0) == 2 && count_of(t, 9) == 2);
    CHECK(total_of(t) == n);
    CHECK_STATUS(xpi_tally_weights(t, 10, &w, &w2), XPI_OK);
    CHECK(w == 3.0 && w2 == 3.0);
    CHECK_STATUS(xpi_tally_add_array(t, scores, weights, n), XPI_OK);
    CHECK(count_of(t, 10) == 6 && total_of(t) == 2 * n);
    CHECK_STATUS(xpi_tally_weights(t, 10, &w, &w2), XPI_OK);
    CHECK(w == 6.5 && w2 == 3.0 + 4.0 + 0.25 + 1.0);

    /* Atomic: one bad element anywhere, nothing added. */
    snapshot_take(t, &before);
    for (i = 0; i < n; i++) {
        size_t j;
        for (j = 0; j < n; j++) {
            bad_scores[j] = scores[j];
            bad_weights[j] = weights[j];
        }
        bad_scores[i] = 11;
        CHECK_STATUS(xpi_tally_add_array(t, bad_scores, NULL, n), XPI_ERR_SCORE_RANGE);
        CHECK_STATUS(xpi_tally_add_array(t, bad_scores, weights, n), XPI_ERR_SCORE_RANGE);
        bad_scores[i] = INT32_MIN;
        CHECK_STATUS(xpi_tally_add_array(t, bad_scores, NULL, n), XPI_ERR_SCORE_RANGE);
        bad_weights[i] = i % 2 ? (double)NAN : -0.0;
        CHECK_STATUS(xpi_tally_add_array(t, scores, bad_weights, n), XPI_ERR_INVALID_ARG);
        CHECK(snapshot_same(t, &before));
    }
    CHECK_STATUS(xpi_tally_add_array(t, NULL, NULL, 3), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_add_array(NULL, scores, NULL, 3), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_add_array(t, NULL, NULL, 0), XPI_OK);
    CHECK(snapshot_same(t, &before));
    xpi_tally_free(t);
}

/* A long array exercises the lanes of the unweighted fast path; the counts
 * are known by construction. */
static void test_add_array_long(void)
{
    enum { N = 100003 };
    static int32_t scores[N];
    xpi_tally *t = NULL;
    int32_t s;
    size_t i;

    for (i = 0; i < N; i++)
        scores[i] = (int32_t)(i % 11);
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_array(t, scores, NULL, N), XPI_OK);
    for (s = 0; s <= 10; s++)
        CHECK(count_of(t, s) == N / 11 + ((size_t)s < N % 11 ? 1 : 0));
    xpi_tally_free(t);

    /* A wide custom scale takes the direct path. */
    CHECK_STATUS(xpi_tally_new_scale(&t, 0, 1000, 10, 990, XPI_STAT_MEAN, NULL), XPI_OK);
    for (i = 0; i < N; i++)
        scores[i] = (int32_t)(i % 1001);
    CHECK_STATUS(xpi_tally_add_array(t, scores, NULL, N), XPI_OK);
    CHECK(count_of(t, 0) == N / 1001 + 1 && count_of(t, 1000) == N / 1001);
    CHECK(total_of(t) == N);
    xpi_tally_free(t);
}

static void test_overflow(void)
{
    xpi_tally *t = NULL;
    snapshot before;
    static const int32_t two[] = { 1, 2 };
    static const double huge[] = { DBL_MAX / 2, DBL_MAX / 2 };

    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CSAT, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 1, UINT64_MAX - 1), XPI_OK);
    snapshot_take(t, &before);
    CHECK_STATUS(xpi_tally_add_n(t, 2, 2), XPI_ERR_OVERFLOW);
    CHECK_STATUS(xpi_tally_add_array(t, two, NULL, 2), XPI_ERR_OVERFLOW);
    CHECK_STATUS(xpi_tally_merge(t, t), XPI_ERR_OVERFLOW);
    CHECK(snapshot_same(t, &before));
    CHECK_STATUS(xpi_tally_add_n(t, 2, 1), XPI_OK);
    CHECK(total_of(t) == UINT64_MAX);
    snapshot_take(t, &before);
    CHECK_STATUS(xpi_tally_add(t, 3, 1.0), XPI_ERR_OVERFLOW);
    CHECK(snapshot_same(t, &before));
    xpi_tally_free(t);

    /* Weight sums: squares of large weights overflow first. */
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CSAT, NULL), XPI_OK);
    snapshot_take(t, &before);
    CHECK_STATUS(xpi_tally_add(t, 3, 1e200), XPI_ERR_OVERFLOW);
    CHECK_STATUS(xpi_tally_add_array(t, two, huge, 2), XPI_ERR_OVERFLOW);
    CHECK(snapshot_same(t, &before));
    CHECK_STATUS(xpi_tally_add(t, 3, 1e150), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 4, 1e154), XPI_OK);
    snapshot_take(t, &before);
    /* 1e308 + 1e308 overflows the squared-weight sum of score 4. */
    CHECK_STATUS(xpi_tally_merge(t, t), XPI_ERR_OVERFLOW);
    /* The limit is on the totals over all scores, which every estimate
     * sums: score 5 alone could hold 1e154^2, the total cannot. */
    CHECK_STATUS(xpi_tally_add(t, 5, 1e154), XPI_ERR_OVERFLOW);
    CHECK(snapshot_same(t, &before));
    xpi_tally_free(t);
}

static void test_merge(void)
{
    xpi_tally *a = NULL, *b = NULL, *c = NULL, *nps = NULL;
    snapshot before;
    double w;

    CHECK_STATUS(xpi_tally_new(&a, XPI_METRIC_CSAT, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_new(&b, XPI_METRIC_CSAT, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_new(&nps, XPI_METRIC_NPS, NULL), XPI_OK);
    /* Same bounds and bands as CSAT but another headline statistic. */
    CHECK_STATUS(xpi_tally_new_scale(&c, 1, 5, 2, 4, XPI_STAT_MEAN, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(a, 5, 10), XPI_OK);
    CHECK_STATUS(xpi_tally_add(b, 5, 2.0), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(b, 1, 4), XPI_OK);
    CHECK_STATUS(xpi_tally_merge(a, b), XPI_OK);
    CHECK(count_of(a, 5) == 11 && count_of(a, 1) == 4 && total_of(a) == 15);
    CHECK_STATUS(xpi_tally_weights(a, 5, &w, NULL), XPI_OK);
    CHECK(w == 12.0);
    CHECK(total_of(b) == 5); /* src untouched */

    snapshot_take(a, &before);
    CHECK_STATUS(xpi_tally_merge(a, nps), XPI_ERR_SCALE_MISMATCH);
    CHECK_STATUS(xpi_tally_merge(a, c), XPI_ERR_SCALE_MISMATCH);
    CHECK_STATUS(xpi_tally_merge(a, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_merge(NULL, a), XPI_ERR_INVALID_ARG);
    CHECK(snapshot_same(a, &before));

    CHECK_STATUS(xpi_tally_merge(a, a), XPI_OK);
    CHECK(count_of(a, 5) == 22 && total_of(a) == 30);
    xpi_tally_free(a);
    xpi_tally_free(b);
    xpi_tally_free(c);
    xpi_tally_free(nps);
}

static void test_clone_reset(void)
{
    xpi_tally *a = NULL, *b = NULL;
    xpi_tally *sentinel = (xpi_tally *)&b;
    snapshot sa;

    CHECK_STATUS(xpi_tally_new(&a, XPI_METRIC_CES, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add(a, 7, 0.25), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(a, 2, 9), XPI_OK);
    CHECK_STATUS(xpi_tally_clone(&b, a), XPI_OK);
    snapshot_take(a, &sa);
    CHECK(snapshot_same(b, &sa));
    CHECK_STATUS(xpi_tally_add_n(b, 3, 1), XPI_OK);
    CHECK(snapshot_same(a, &sa)); /* independent copies */
    CHECK_STATUS(xpi_tally_reset(b), XPI_OK);
    CHECK(total_of(b) == 0 && count_of(b, 2) == 0);
    CHECK_STATUS(xpi_tally_reset(NULL), XPI_ERR_INVALID_ARG);
    xpi_tally_free(b);
    b = sentinel;
    CHECK_STATUS(xpi_tally_clone(NULL, a), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_clone(&b, NULL), XPI_ERR_INVALID_ARG);
    CHECK(b == sentinel);
    xpi_tally_free(a);
}

/* The serialized flags field (docs/methods.md): bit 0 marks a weighted tally. */
/* The flag as serialized, and as xpi_tally_weighting reads it: the two
 * must agree. */
static int weighted_flag(const xpi_tally *t)
{
    snapshot s;
    int32_t flag = -1;
    uint64_t n = 0;
    snapshot_take(t, &s);
    CHECK_STATUS(xpi_tally_weighting(t, &flag, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_total(t, &n), XPI_OK);
    CHECK(flag == ((s.bytes[6] & 1) && n > 1)); /* one response is never weighted */
    return s.bytes[6] & 1;
}

/* Kish's n_eff = (sum w)^2 / sum w^2, by hand. */
static void test_weighting(void)
{
    xpi_tally *t = NULL;
    int32_t weighted = -1;
    double n_eff = -1.0;
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CSAT, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_weighting(t, &weighted, &n_eff), XPI_OK);
    CHECK(weighted == 0 && n_eff == 0.0);
    CHECK_STATUS(xpi_tally_add_n(t, 4, 7), XPI_OK);
    CHECK_STATUS(xpi_tally_weighting(t, &weighted, &n_eff), XPI_OK);
    CHECK(weighted == 0 && n_eff == 7.0);
    CHECK_STATUS(xpi_tally_reset(t), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 5, 1.0), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 2, 1.0), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 4, 2.0), XPI_OK);
    CHECK_STATUS(xpi_tally_weighting(t, &weighted, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_weighting(t, NULL, &n_eff), XPI_OK);
    CHECK(weighted == 1 && fabs(n_eff - 16.0 / 6.0) < 1e-15);
    CHECK_STATUS(xpi_tally_weighting(NULL, &weighted, &n_eff), XPI_ERR_INVALID_ARG);
    xpi_tally_free(t);
}

/* Weights below XPI_WEIGHT_MIN would square to subnormals; the limit is
 * inclusive and a tally of minimal weights round-trips. */
static void test_weight_limits(void)
{
    static const int32_t two[] = { 1, 5 };
    static const double tiny[] = { 1.0, XPI_WEIGHT_MIN / 2 };
    static const double smallest[] = { XPI_WEIGHT_MIN, XPI_WEIGHT_MIN };
    xpi_tally *t = NULL, *back = NULL;
    snapshot before;
    double w = 0.0, w2 = 0.0;

    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CSAT, NULL), XPI_OK);
    snapshot_take(t, &before);
    CHECK_STATUS(xpi_tally_add(t, 5, XPI_WEIGHT_MIN * 0.999), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_add(t, 5, 1e-200), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_add(t, 5, DBL_MIN), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_add_array(t, two, tiny, 2), XPI_ERR_INVALID_ARG);
    CHECK(snapshot_same(t, &before));
    CHECK_STATUS(xpi_tally_add(t, 5, XPI_WEIGHT_MIN), XPI_OK);
    CHECK_STATUS(xpi_tally_add_array(t, two, smallest, 2), XPI_OK);
    CHECK_STATUS(xpi_tally_weights(t, 5, &w, &w2), XPI_OK);
    CHECK(w == 2.0 * XPI_WEIGHT_MIN && w2 > 0.0 && w2 >= DBL_MIN);
    snapshot_take(t, &before);
    CHECK_STATUS(xpi_tally_deserialize(&back, before.bytes, before.length, NULL), XPI_OK);
    CHECK(back != NULL && snapshot_same(back, &before));
    xpi_tally_free(back);
    xpi_tally_free(t);
}

/* A tally is weighted from the first weight that is not exactly 1, through
 * every path; an unweighted tally's weight sums equal its counts exactly,
 * even past 2^53 where accumulating 1s would stall. */
static void test_weighted_flag(void)
{
    static const int32_t scores[] = { 1, 2, 3 };
    static const double ones[] = { 1.0, 1.0, 1.0 };
    static const double mixed[] = { 1.0, 0.5, 1.0 };
    const uint64_t big = (uint64_t)1 << 53;
    xpi_tally *a = NULL, *b = NULL, *c = NULL;
    double w = 0.0, w2 = 0.0;
    int i;

    CHECK_STATUS(xpi_tally_new(&a, XPI_METRIC_CES, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add(a, 1, 1.0), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(a, 2, 5), XPI_OK);
    CHECK_STATUS(xpi_tally_add_array(a, scores, ones, 3), XPI_OK);
    CHECK_STATUS(xpi_tally_add_array(a, scores, NULL, 3), XPI_OK);
    CHECK(weighted_flag(a) == 0);
    CHECK_STATUS(xpi_tally_clone(&b, a), XPI_OK);
    CHECK_STATUS(xpi_tally_add_array(b, scores, mixed, 3), XPI_OK);
    CHECK(weighted_flag(b) == 1);
    CHECK_STATUS(xpi_tally_merge(a, a), XPI_OK);
    CHECK(weighted_flag(a) == 0);
    CHECK_STATUS(xpi_tally_merge(a, b), XPI_OK);
    CHECK(weighted_flag(a) == 1);
    CHECK_STATUS(xpi_tally_clone(&c, a), XPI_OK);
    CHECK(weighted_flag(c) == 1);
    CHECK_STATUS(xpi_tally_reset(c), XPI_OK);
    CHECK(weighted_flag(c) == 0);
    CHECK_STATUS(xpi_tally_add(c, 7, 2.0), XPI_OK);
    CHECK(weighted_flag(c) == 1);
    xpi_tally_free(a);
    xpi_tally_free(b);
    xpi_tally_free(c);

    CHECK_STATUS(xpi_tally_new(&a, XPI_METRIC_CES, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(a, 4, big), XPI_OK);
    for (i = 0; i < 3; i++)
        CHECK_STATUS(xpi_tally_add(a, 4, 1.0), XPI_OK);
    CHECK_STATUS(xpi_tally_add_array(a, scores, NULL, 3), XPI_OK);
    CHECK_STATUS(xpi_tally_weights(a, 4, &w, &w2), XPI_OK);
    CHECK(w == (double)(big + 3) && w2 == w);
    CHECK(weighted_flag(a) == 0);
    CHECK_STATUS(xpi_tally_merge(a, a), XPI_OK);
    CHECK_STATUS(xpi_tally_weights(a, 4, &w, &w2), XPI_OK);
    CHECK(w == (double)(2 * (big + 3)) && w2 == w);
    xpi_tally_free(a);
}

int main(void)
{
    test_presets();
    test_bad_creation();
    test_custom_scale();
    test_add();
    test_add_array();
    test_add_array_long();
    test_overflow();
    test_merge();
    test_clone_reset();
    test_weight_limits();
    test_weighted_flag();
    test_weighting();
    return check_exit();
}
