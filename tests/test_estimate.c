/*
 * Estimates: the worked examples of ../shared/REFERENCE.md (sources named
 * per table), degenerate data, range and containment invariants, and the
 * statuses of bad requests. Grids against statsmodels, scipy, R survey and
 * an independent Tango solver are in test_estimate_ref.c.
 */
#include <math.h>
#include <string.h>

#include "check.h"
#include "fixtures.h"
#include "xpi.h"

static xpi_estimate estimate(const xpi_tally *t, int32_t stat, int32_t method, double conf)
{
    xpi_estimate e;
    memset(&e, 0, sizeof e);
    CHECK_STATUS(xpi_tally_estimate(t, stat, method, conf, &e), XPI_OK);
    return e;
}

/* REFERENCE.md "One-sample NPS intervals": worked 95% intervals, in points,
 * printed to 0.1 (Rocks 2016 and MeasuringU, reproduced in Python and with
 * Rocks' R code). "To the printed precision": within 0.05. */
static void test_reference_nps(void)
{
    static const struct {
        uint64_t d, a, p;
        double nps, wald[2], adj[2], score[2];
    } rows[] = {
        { 30, 30, 40, 10, { -6.3, 26.3 }, { -6.3, 25.7 }, { -6.4, 25.8 } },
        { 20, 40, 40, 20, { 5.3, 34.7 }, { 5.0, 33.9 }, { 4.9, 34.1 } },
        { 10, 20, 70, 60, { 47.0, 73.0 }, { 45.3, 71.2 }, { 45.2, 71.3 } },
        { 1, 4, 15, 70, { 45.6, 94.4 }, { 35.3, 86.4 }, { 35.3, 86.8 } },
        /* Wald's printed upper end 104.8 lies outside the range; libxpi
         * clips every interval to [-100, 100]. */
        { 0, 2, 8, 80, { 55.2, 104.8 }, { 29.3, 93.8 }, { 30.0, 94.3 } },
        { 100, 400, 500, 40, { 35.9, 44.1 }, { 35.8, 44.0 }, { 35.8, 44.0 } },
    };
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        xpi_tally *t = nps(rows[i].d, rows[i].a, rows[i].p);
        xpi_estimate w = estimate(t, XPI_STAT_NET, XPI_CI_WALD, 0.95);
        xpi_estimate a = estimate(t, XPI_STAT_NET, XPI_CI_ADJUSTED_WALD, 0.95);
        xpi_estimate s = estimate(t, XPI_STAT_NET, XPI_CI_SCORE, 0.95);
        xpi_estimate d = estimate(t, XPI_STAT_DEFAULT, XPI_CI_DEFAULT, 0.95);
        CHECK_NEAR(w.value, rows[i].nps, 1e-12);
        CHECK_NEAR(a.value, rows[i].nps, 1e-12); /* raw estimate, whatever the method */
        CHECK_NEAR(s.value, rows[i].nps, 1e-12);
        CHECK_NEAR(w.lower, rows[i].wald[0], 0.05);
        CHECK_NEAR(w.upper, rows[i].wald[1] > 100 ? 100 : rows[i].wald[1], 0.05);
        CHECK_NEAR(a.lower, rows[i].adj[0], 0.05);
        CHECK_NEAR(a.upper, rows[i].adj[1], 0.05);
        CHECK_NEAR(s.lower, rows[i].score[0], 0.05);
        CHECK_NEAR(s.upper, rows[i].score[1], 0.05);
        /* The default for net is Tango's interval at z sqrt(n / (n - 1)):
         * it contains the score interval, and the score interval at that z
         * is the same computation. */
        CHECK(d.value == s.value && d.lower <= s.lower && d.upper >= s.upper);
        {
            double m = (double)(rows[i].d + rows[i].a + rows[i].p);
            double level = 2.0 * xpi_norm_cdf(1.959963984540054 * sqrt(m / (m - 1.0))) - 1.0;
            xpi_estimate wide = estimate(t, XPI_STAT_NET, XPI_CI_SCORE, level);
            CHECK_NEAR(d.lower, wide.lower, 1e-9);
            CHECK_NEAR(d.upper, wide.upper, 1e-9);
        }
        CHECK(w.n == (double)(rows[i].d + rows[i].a + rows[i].p) && w.n_eff == w.n);
        xpi_tally_free(t);
    }
}

/* REFERENCE.md: margin of error example (Market Strategies): 20% D / 40% A /
 * 40% P, n = 500: NPS 20 +/- 6.6 points. */
static void test_reference_margin(void)
{
    xpi_tally *t = nps(100, 200, 200);
    xpi_estimate w = estimate(t, XPI_STAT_NET, XPI_CI_WALD, 0.95);
    CHECK_NEAR(w.value, 20.0, 1e-12);
    CHECK_NEAR((w.upper - w.lower) / 2.0, 6.6, 0.05);
    CHECK_NEAR(w.se * 1.959963984540054, 6.6, 0.05);
    xpi_tally_free(t);
}

/* REFERENCE.md "Proportions": statsmodels proportion_confint, 81/100, 95%. */
static void test_reference_proportion(void)
{
    static const struct {
        int32_t method;
        double lower, upper;
    } rows[] = {
        { XPI_CI_WALD, 0.733110, 0.886890 },
        { XPI_CI_SCORE, 0.722212, 0.874852 },
        { XPI_CI_ADJUSTED_WALD, 0.721386, 0.875678 },
        { XPI_CI_CLOPPER_PEARSON, 0.719302, 0.881557 },
        { XPI_CI_JEFFREYS, 0.724903, 0.877460 },
    };
    xpi_tally *t = NULL;
    size_t i;
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CSAT, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 5, 60), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 4, 21), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 3, 10), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 1, 9), XPI_OK);
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        xpi_estimate e = estimate(t, XPI_STAT_TOP, rows[i].method, 0.95);
        CHECK_NEAR(e.value, 81.0, 1e-12);
        CHECK_NEAR(e.lower, 100.0 * rows[i].lower, 5e-5);
        CHECK_NEAR(e.upper, 100.0 * rows[i].upper, 5e-5);
    }
    /* CSAT's headline is top-box with the Wilson interval. */
    {
        xpi_estimate d = estimate(t, XPI_STAT_DEFAULT, XPI_CI_DEFAULT, 0.95);
        CHECK_NEAR(d.lower, 72.2212, 5e-5);
        CHECK_NEAR(d.upper, 87.4852, 5e-5);
    }
    xpi_tally_free(t);
}

/* REFERENCE.md "Means": CES 7x20, 6x30, 5x20, 4x15, 3x8, 2x4, 1x3: mean
 * 5.15, 95% t interval [4.841863, 5.458137]. */
static void test_reference_mean(void)
{
    static const uint64_t counts[8] = { 0, 3, 4, 8, 15, 20, 30, 20 };
    xpi_tally *t = NULL;
    int32_t s;
    xpi_estimate e, d;
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CES, NULL), XPI_OK);
    for (s = 1; s <= 7; s++)
        CHECK_STATUS(xpi_tally_add_n(t, s, counts[s]), XPI_OK);
    e = estimate(t, XPI_STAT_MEAN, XPI_CI_T, 0.95);
    d = estimate(t, XPI_STAT_DEFAULT, XPI_CI_DEFAULT, 0.95);
    CHECK_NEAR(e.value, 5.15, 1e-12);
    CHECK_NEAR(e.lower, 4.841863, 5e-7);
    CHECK_NEAR(e.upper, 5.458137, 5e-7);
    CHECK(d.lower == e.lower && d.upper == e.upper);
    xpi_tally_free(t);
}

/* REFERENCE.md "Weights": 30 detractors, 30 passives, 40 promoters in that
 * order, weights cycling 1, 1, 2, 0.5: NPS_w = 0.102222, SE_lin = 0.0921764
 * (R survey: svymean gives 0.1022222 and SE 0.09217637), n_eff = 81.0,
 * Kish SE = 0.092117. */
static void test_reference_weights(void)
{
    static const double cycle[4] = { 1.0, 1.0, 2.0, 0.5 };
    xpi_tally *t = NULL;
    xpi_estimate e, top, bottom;
    double p, d, kish_se;
    int i;

    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), XPI_OK);
    for (i = 0; i < 100; i++) {
        int32_t score = i < 30 ? 0 : i < 60 ? 7 : 10;
        CHECK_STATUS(xpi_tally_add(t, score, cycle[i % 4]), XPI_OK);
    }
    e = estimate(t, XPI_STAT_NET, XPI_CI_WALD, 0.95);
    CHECK_NEAR(e.value, 10.2222, 5e-5);
    CHECK_NEAR(e.se, 9.21764, 5e-5);
    CHECK_NEAR(e.se, 9.217637, 5e-6);
    CHECK_NEAR(e.n_eff, 81.0, 0.05);
    CHECK(e.n == 100.0);
    CHECK_NEAR(e.lower, e.value - 1.959963984540054 * e.se, 1e-9);

    /* Kish SE: sqrt((p_w + d_w - (p_w - d_w)^2) / n_eff) from the weighted
     * band shares, which are the weighted top- and bottom-box estimates. */
    top = estimate(t, XPI_STAT_TOP, XPI_CI_WALD, 0.95);
    bottom = estimate(t, XPI_STAT_BOTTOM, XPI_CI_WALD, 0.95);
    p = top.value / 100.0;
    d = bottom.value / 100.0;
    kish_se = sqrt((p + d - (p - d) * (p - d)) / e.n_eff);
    CHECK_NEAR(kish_se, 0.092117, 5e-7);
    xpi_tally_free(t);
}

static void check_invariants(const xpi_tally *t, int32_t stat, int32_t method, double lo,
                             double hi, const char *what)
{
    xpi_estimate e;
    int status = xpi_tally_estimate(t, stat, method, 0.95, &e);
    int contains = method != XPI_CI_ADJUSTED_WALD;
    check_count++;
    if (status != XPI_OK || !(e.lower >= lo && e.upper <= hi && e.lower <= e.upper) ||
        (contains && !(e.lower <= e.value && e.value <= e.upper)) || !(e.se >= 0.0)) {
        check_failures++;
        fprintf(stderr, "%s stat %d method %d: status %d value %g [%g, %g] se %g\n", what,
                stat, method, status, e.value, e.lower, e.upper, e.se);
    }
}

/* Every interval stays in range and (but for the adjusted Wald, centered
 * elsewhere by design) contains the estimate, over all small samples. */
static void test_invariants(void)
{
    static const int32_t net_methods[] = { XPI_CI_WALD, XPI_CI_ADJUSTED_WALD, XPI_CI_SCORE };
    static const int32_t prop_methods[] = { XPI_CI_WALD, XPI_CI_ADJUSTED_WALD, XPI_CI_SCORE,
                                            XPI_CI_CLOPPER_PEARSON, XPI_CI_JEFFREYS };
    uint64_t n, d, p;
    size_t m;
    for (n = 1; n <= 25; n++) {
        for (d = 0; d <= n; d++) {
            for (p = 0; d + p <= n; p++) {
                xpi_tally *t = nps(d, n - d - p, p);
                for (m = 0; m < 3; m++)
                    check_invariants(t, XPI_STAT_NET, net_methods[m], -100, 100, "net");
                for (m = 0; m < 5; m++) {
                    check_invariants(t, XPI_STAT_TOP, prop_methods[m], 0, 100, "top");
                    check_invariants(t, XPI_STAT_BOTTOM, prop_methods[m], 0, 100, "bottom");
                }
                if (n >= 2) {
                    check_invariants(t, XPI_STAT_MEAN, XPI_CI_T, 0, 10, "mean");
                    check_invariants(t, XPI_STAT_MEAN, XPI_CI_WALD, 0, 10, "mean");
                }
                xpi_tally_free(t);
            }
        }
    }
}

static void test_degenerate(void)
{
    xpi_tally *t = nps(0, 0, 0);
    xpi_estimate e, before;
    memset(&before, 0x5a, sizeof before);
    e = before;

    /* n = 0 */
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &e),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_MEAN, XPI_CI_T, 0.95, &e),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK(memcmp(&e, &before, sizeof e) == 0);

    /* One promoter: Wald collapses, the score interval reaches 100. */
    CHECK_STATUS(xpi_tally_add(t, 10, 1.0), XPI_OK);
    e = estimate(t, XPI_STAT_NET, XPI_CI_WALD, 0.95);
    CHECK(e.value == 100.0 && e.lower == 100.0 && e.upper == 100.0 && e.se == 0.0);
    e = estimate(t, XPI_STAT_NET, XPI_CI_SCORE, 0.95);
    CHECK(e.value == 100.0 && e.upper == 100.0 && e.lower > -100.0 && e.lower < 100.0);
    /* The default's variance factor n / (n - 1) is infinite at n = 1. */
    e = estimate(t, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95);
    CHECK(e.value == 100.0 && e.lower == -100.0 && e.upper == 100.0);
    e = estimate(t, XPI_STAT_TOP, XPI_CI_CLOPPER_PEARSON, 0.95);
    /* Clopper-Pearson, x = n = 1: lower = (alpha/2)^(1/n) = 0.025. */
    CHECK_NEAR(e.lower, 2.5, 1e-10);
    CHECK(e.upper == 100.0);
    /* A mean needs two responses. */
    e = before;
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_MEAN, XPI_CI_T, 0.95, &e),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_MEAN, XPI_CI_WALD, 0.95, &e),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK(memcmp(&e, &before, sizeof e) == 0);

    /* All promoters, all detractors, all passives. */
    xpi_tally_free(t);
    t = nps(0, 0, 40);
    e = estimate(t, XPI_STAT_NET, XPI_CI_SCORE, 0.95);
    CHECK(e.value == 100.0 && e.upper == 100.0 && e.lower < 100.0);
    e = estimate(t, XPI_STAT_NET, XPI_CI_ADJUSTED_WALD, 0.95);
    CHECK(e.upper <= 100.0 && e.lower < 100.0);
    e = estimate(t, XPI_STAT_MEAN, XPI_CI_T, 0.95);
    CHECK(e.value == 10.0 && e.lower == 10.0 && e.upper == 10.0 && e.se == 0.0);
    xpi_tally_free(t);
    t = nps(40, 0, 0);
    e = estimate(t, XPI_STAT_NET, XPI_CI_SCORE, 0.95);
    CHECK(e.value == -100.0 && e.lower == -100.0 && e.upper > -100.0);
    xpi_tally_free(t);
    t = nps(0, 40, 0);
    e = estimate(t, XPI_STAT_NET, XPI_CI_SCORE, 0.95);
    CHECK(e.value == 0.0 && e.lower < 0.0 && e.upper > 0.0);
    CHECK_NEAR(e.lower, -e.upper, 1e-12);
    xpi_tally_free(t);
}

/* Weights that are all equal but not 1 change nothing in the estimate; the
 * variance becomes the linearization one. */
static void test_equal_weights(void)
{
    xpi_tally *t = NULL, *u = nps(30, 30, 40);
    xpi_estimate a, b;
    int i;
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), XPI_OK);
    for (i = 0; i < 100; i++)
        CHECK_STATUS(xpi_tally_add(t, i < 30 ? 3 : i < 60 ? 8 : 9, 2.0), XPI_OK);
    a = estimate(t, XPI_STAT_NET, XPI_CI_WALD, 0.95);
    b = estimate(u, XPI_STAT_NET, XPI_CI_WALD, 0.95);
    CHECK_NEAR(a.value, b.value, 1e-12);
    CHECK_NEAR(a.n_eff, 100.0, 1e-12);
    /* sum w^2 (y - m)^2 / (sum w)^2 * n/(n-1) = var_pop / (n - 1) */
    CHECK_NEAR(a.se, b.se * sqrt(100.0 / 99.0), 1e-12);
    a = estimate(t, XPI_STAT_NET, XPI_CI_SCORE, 0.95);
    b = estimate(u, XPI_STAT_NET, XPI_CI_SCORE, 0.95);
    CHECK_NEAR(a.lower, b.lower, 1e-9);
    CHECK_NEAR(a.upper, b.upper, 1e-9);
    xpi_tally_free(t);
    xpi_tally_free(u);
}

static void test_bad_requests(void)
{
    xpi_tally *t = nps(3, 4, 5);
    xpi_estimate e, before;
    static const double bad_conf[] = { 0.0, 1.0, -0.5, 1.5 };
    size_t i;
    memset(&before, 0x5a, sizeof before);
    e = before;
    for (i = 0; i < sizeof bad_conf / sizeof bad_conf[0]; i++)
        CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_NET, XPI_CI_WALD, bad_conf[i], &e),
                     XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_NET, XPI_CI_WALD, (double)NAN, &e),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_estimate(t, 5, XPI_CI_WALD, 0.95, &e), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_estimate(t, -1, XPI_CI_WALD, 0.95, &e), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_NET, 9, 0.95, &e), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_NET, -1, 0.95, &e), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_estimate(NULL, XPI_STAT_NET, XPI_CI_WALD, 0.95, &e),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_NET, XPI_CI_WALD, 0.95, NULL),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_NET, XPI_CI_CLOPPER_PEARSON, 0.95, &e),
                 XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_NET, XPI_CI_JEFFREYS, 0.95, &e),
                 XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_NET, XPI_CI_T, 0.95, &e),
                 XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_TOP, XPI_CI_T, 0.95, &e),
                 XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_MEAN, XPI_CI_SCORE, 0.95, &e),
                 XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_MEAN, XPI_CI_ADJUSTED_WALD, 0.95, &e),
                 XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_MEAN, XPI_CI_JEFFREYS, 0.95, &e),
                 XPI_ERR_NOT_APPLICABLE);
    CHECK(memcmp(&e, &before, sizeof e) == 0);
    xpi_tally_free(t);
}

/* Higher confidence, wider interval; the interval shrinks like 1/sqrt(n). */
static void test_confidence_and_n(void)
{
    xpi_tally *small = nps(20, 40, 40), *large = nps(2000, 4000, 4000);
    xpi_estimate a = estimate(small, XPI_STAT_NET, XPI_CI_SCORE, 0.80);
    xpi_estimate b = estimate(small, XPI_STAT_NET, XPI_CI_SCORE, 0.99);
    xpi_estimate c = estimate(large, XPI_STAT_NET, XPI_CI_WALD, 0.95);
    xpi_estimate d = estimate(small, XPI_STAT_NET, XPI_CI_WALD, 0.95);
    CHECK(b.lower < a.lower && b.upper > a.upper);
    CHECK_NEAR((c.upper - c.lower) * 10.0, d.upper - d.lower, 1e-9);
    xpi_tally_free(small);
    xpi_tally_free(large);
}

/* Extreme but valid weights never give NaN with status OK. */
static void test_extreme_weights(void)
{
    xpi_tally *t = NULL, *u = NULL;
    xpi_estimate e, before;
    memset(&before, 0x5a, sizeof before);

    /* One weight 1e20 times the other: n_eff - 1 = 2e-20 rounds to 0, so a
     * mean has no degrees of freedom; shares still have an interval. */
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CES, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 7, 1e20), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 1, 1.0), XPI_OK);
    e = before;
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_MEAN, XPI_CI_T, 0.95, &e),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK(memcmp(&e, &before, sizeof e) == 0);
    e = estimate(t, XPI_STAT_TOP, XPI_CI_SCORE, 0.95);
    CHECK(e.n_eff == 1.0 && e.lower >= 0.0 && e.upper == 100.0 && e.lower < e.upper);
    xpi_tally_free(t);

    /* One weight 1e10 times the other: df = 2e-10, the t quantile is
     * astronomically large and the interval the whole scale. */
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CES, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 7, 1e10), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 1, 1.0), XPI_OK);
    e = estimate(t, XPI_STAT_MEAN, XPI_CI_T, 0.95);
    CHECK_NEAR(e.n_eff, 1.0 + 2e-10, 1e-15);
    CHECK(e.lower == 1.0 && e.upper == 7.0);
    /* All on one score: zero width, whatever the degrees of freedom. */
    CHECK_STATUS(xpi_tally_reset(t), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 5, 1e10), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 5, 1.0), XPI_OK);
    e = estimate(t, XPI_STAT_MEAN, XPI_CI_T, 0.95);
    CHECK(e.value == 5.0 && e.lower == 5.0 && e.upper == 5.0 && e.se == 0.0);
    xpi_tally_free(t);

    /* Weights near the largest accepted: (sum w)^2 would overflow, the
     * estimate must equal the one of equal unit weights. */
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CES, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_new(&u, XPI_METRIC_CES, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 2, 9e153), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 6, 9e153), XPI_OK);
    CHECK_STATUS(xpi_tally_add(u, 2, 2.0), XPI_OK);
    CHECK_STATUS(xpi_tally_add(u, 6, 2.0), XPI_OK);
    e = estimate(t, XPI_STAT_MEAN, XPI_CI_T, 0.95);
    before = estimate(u, XPI_STAT_MEAN, XPI_CI_T, 0.95);
    CHECK_NEAR(e.n_eff, 2.0, 1e-15);
    CHECK_NEAR(e.value, 4.0, 1e-15);
    CHECK_NEAR(e.se, before.se, 1e-14);
    CHECK_NEAR(e.lower, before.lower, 1e-12);
    xpi_tally_free(t);
    xpi_tally_free(u);

    /* The smallest weights behave like any equal weights. */
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CES, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 2, XPI_WEIGHT_MIN), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 6, XPI_WEIGHT_MIN), XPI_OK);
    e = estimate(t, XPI_STAT_MEAN, XPI_CI_T, 0.95);
    CHECK_NEAR(e.n_eff, 2.0, 1e-15);
    CHECK_NEAR(e.se, before.se, 1e-14);
    xpi_tally_free(t);

    /* A single weighted response is a single response. */
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CSAT, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_new(&u, XPI_METRIC_CSAT, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 5, 3.0), XPI_OK);
    CHECK_STATUS(xpi_tally_add(u, 5, 1.0), XPI_OK);
    e = estimate(t, XPI_STAT_TOP, XPI_CI_SCORE, 0.95);
    before = estimate(u, XPI_STAT_TOP, XPI_CI_SCORE, 0.95);
    CHECK(e.value == 100.0 && e.n_eff == 1.0);
    CHECK(e.lower == before.lower && e.upper == before.upper);
    xpi_tally_free(t);
    xpi_tally_free(u);
}

/* A confidence so small that z = 0 (and alpha rounds to 1): the normal
 * based intervals shrink to the point, the beta-quantile ones to their
 * median-based limit; none is NaN. At x = 0 Clopper-Pearson's upper end is
 * 1 - 0.5^(1/n) = 6.697% for n = 10. */
static void test_tiny_confidence(void)
{
    xpi_tally *t = nps(0, 10, 0);
    static const int32_t point_methods[] = { XPI_CI_WALD, XPI_CI_ADJUSTED_WALD,
                                             XPI_CI_SCORE };
    xpi_estimate e;
    size_t i;
    for (i = 0; i < sizeof point_methods / sizeof point_methods[0]; i++) {
        e = estimate(t, XPI_STAT_TOP, point_methods[i], 1e-20);
        CHECK(e.lower == 0.0 && e.upper == 0.0);
    }
    e = estimate(t, XPI_STAT_TOP, XPI_CI_CLOPPER_PEARSON, 1e-20);
    CHECK(e.lower == 0.0);
    CHECK_NEAR(e.upper, 100.0 * (1.0 - pow(0.5, 0.1)), 1e-10);
    e = estimate(t, XPI_STAT_TOP, XPI_CI_JEFFREYS, 1e-20);
    CHECK(e.lower == 0.0 && e.upper > 0.0 && e.upper < 100.0);
    /* The score interval's root finder stops within 1e-15 of the point. */
    e = estimate(t, XPI_STAT_NET, XPI_CI_DEFAULT, 1e-20);
    CHECK_NEAR(e.lower, 0.0, 1e-12);
    CHECK_NEAR(e.upper, 0.0, 1e-12);
    xpi_tally_free(t);
}

int main(void)
{
    test_reference_nps();
    test_reference_margin();
    test_reference_proportion();
    test_reference_mean();
    test_reference_weights();
    test_invariants();
    test_degenerate();
    test_equal_weights();
    test_bad_requests();
    test_confidence_and_n();
    test_extreme_weights();
    test_tiny_confidence();
    return check_exit();
}
