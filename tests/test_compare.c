/*
 * Comparisons: ../shared/REFERENCE.md's two-sample examples, the vectors of
 * tests/ref/gen_compare.py (statsmodels, scipy and independent formulas),
 * degenerate groups, weights, and the statuses of bad requests.
 *
 * usage: test_compare tests/ref/compare_vectors.tsv
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixtures.h"
#include "snapshot.h"
#include "tsv.h"
#include "xpi.h"

#define MAX_POINTS 11
#define TOL_REL 1e-10

static xpi_tally *csat(uint64_t satisfied, uint64_t n)
{
    xpi_tally *t = NULL;
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CSAT, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 5, satisfied), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 1, n - satisfied), XPI_OK);
    return t;
}

static xpi_comparison compare(const xpi_tally *a, const xpi_tally *b, int32_t stat,
                              int32_t method, double conf)
{
    xpi_comparison c;
    memset(&c, 0, sizeof c);
    CHECK_STATUS(xpi_tally_compare(a, b, stat, method, conf, &c), XPI_OK);
    return c;
}

/* REFERENCE.md "Two independent NPS values": A = 30/30/40, B = 20/30/50
 * (D/A/P): B - A = 20 points, SE 0.114018, z 1.7541, p 0.0794, 95% Wald
 * interval [-2.3, 42.3]; here a - b, so every sign flips. */
static void test_reference_nps(void)
{
    xpi_tally *a = nps(30, 30, 40), *b = nps(20, 30, 50);
    xpi_comparison c = compare(a, b, XPI_STAT_NET, XPI_CI_WALD, 0.95);
    CHECK_NEAR(c.difference, -20.0, 1e-12);
    CHECK_NEAR(c.se, 11.4018, 5e-5);
    CHECK_NEAR(c.statistic, -1.7541, 5e-5);
    CHECK_NEAR(c.p_value, 0.0794, 5e-5);
    CHECK_NEAR(c.lower, -42.3, 0.05);
    CHECK_NEAR(c.upper, 2.3, 0.05);
    CHECK(isnan(c.df));
    /* Swapping the groups mirrors everything. */
    c = compare(b, a, XPI_STAT_NET, XPI_CI_WALD, 0.95);
    CHECK_NEAR(c.difference, 20.0, 1e-12);
    CHECK_NEAR(c.lower, -2.3, 0.05);
    CHECK_NEAR(c.upper, 42.3, 0.05);
    xpi_tally_free(a);
    xpi_tally_free(b);
}

/* REFERENCE.md "Proportions": Newcombe hybrid score interval (statsmodels
 * confint_proportions_2indep method 'newcomb'), 56/70 vs 48/80: 0.200,
 * [0.052431, 0.333873]. */
static void test_reference_newcombe(void)
{
    xpi_tally *a = csat(56, 70), *b = csat(48, 80);
    xpi_comparison c = compare(a, b, XPI_STAT_TOP, XPI_CI_SCORE, 0.95);
    CHECK_NEAR(c.difference, 20.0, 1e-12);
    CHECK_NEAR(c.lower, 5.2431, 5e-5);
    CHECK_NEAR(c.upper, 33.3873, 5e-5);
    c = compare(a, b, XPI_STAT_TOP, XPI_CI_DEFAULT, 0.95);
    CHECK_NEAR(c.lower, 5.2431, 5e-5);
    xpi_tally_free(a);
    xpi_tally_free(b);
}

/* ---- vectors ------------------------------------------------------------ */

typedef struct vector {
    char name[64], metric[8], stat[8], method[20];
    double confidence, target;
    int has_b;
    uint64_t a[MAX_POINTS], b[MAX_POINTS];
    double want[7]; /* difference lower upper se statistic df p_value */
} vector;

static xpi_tally *build(int32_t metric, const uint64_t *counts)
{
    xpi_tally *t = NULL;
    int32_t min = 0, max = 0, s;
    CHECK_STATUS(xpi_tally_new(&t, metric, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_scale(t, NULL, &min, &max, NULL, NULL, NULL), XPI_OK);
    for (s = min; s <= max; s++)
        CHECK_STATUS(xpi_tally_add_n(t, s, counts[s - min]), XPI_OK);
    return t;
}

/* Relative to the larger magnitude, absolute near 0; NaN only for NaN;
 * infinities must match exactly. */
static int close_enough(double got, double want)
{
    if (isnan(want) || isnan(got))
        return isnan(want) && isnan(got);
    if (isinf(want) || isinf(got))
        return got == want;
    return fabs(got - want) <= TOL_REL * fmax(1.0, fabs(want));
}

static void check_vector(const vector *v, int32_t metric, int32_t stat, int32_t method)
{
    static const char *const fields[7] = { "difference", "lower", "upper", "se",
                                           "statistic",  "df",    "p_value" };
    xpi_tally *a = build(metric, v->a), *b = v->has_b ? build(metric, v->b) : NULL;
    xpi_comparison c;
    double got[7];
    int status, i;

    memset(&c, 0, sizeof c);
    status = v->has_b ? xpi_tally_compare(a, b, stat, method, v->confidence, &c)
                      : xpi_tally_test_value(a, stat, method, v->target, v->confidence, &c);
    CHECK_STATUS(status, XPI_OK);
    got[0] = c.difference;
    got[1] = c.lower;
    got[2] = c.upper;
    got[3] = c.se;
    got[4] = c.statistic;
    got[5] = c.df;
    got[6] = c.p_value;
    for (i = 0; i < 7; i++) {
        check_count++;
        if (!close_enough(got[i], v->want[i])) {
            check_failures++;
            fprintf(stderr, "%s: %s = %.17g, want %.17g\n", v->name, fields[i], got[i],
                    v->want[i]);
        }
    }
    xpi_tally_free(a);
    xpi_tally_free(b);
}

static int read_vector(FILE *f, vector *v)
{
    static char line[4096];
    while (fgets(line, sizeof line, f) != NULL) {
        char *field[15];
        int n;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        if (split_tabs(line, field, 15) != 15) {
            fprintf(stderr, "malformed vector line\n");
            return -1;
        }
        snprintf(v->name, sizeof v->name, "%.63s", field[0]);
        snprintf(v->metric, sizeof v->metric, "%.7s", field[1]);
        snprintf(v->stat, sizeof v->stat, "%.7s", field[2]);
        snprintf(v->method, sizeof v->method, "%.19s", field[3]);
        v->confidence = strtod(field[4], NULL);
        v->target = strcmp(field[5], "-") == 0 ? (double)NAN : strtod(field[5], NULL);
        v->has_b = strcmp(field[7], "-") != 0;
        {
            size_t points = strcmp(v->metric, "nps") == 0 ? 11 : strcmp(v->metric, "csat") == 0 ? 5 : 7;
            char *rest_a = NULL, *rest_b = NULL;
            if (!parse_counts(field[6], v->a, points, &rest_a) || *rest_a != '\0' ||
                (v->has_b && (!parse_counts(field[7], v->b, points, &rest_b) ||
                              *rest_b != '\0'))) {
                fprintf(stderr, "%s: bad counts\n", v->name);
                return -1;
            }
        }
        for (n = 0; n < 7; n++)
            v->want[n] = strtod(field[8 + n], NULL);
        return 1;
    }
    return 0;
}

static void test_vectors(const char *path)
{
    static const char *const metric_names[] = { "nps", "csat", "ces" };
    static const int32_t metric_ids[] = { XPI_METRIC_NPS, XPI_METRIC_CSAT, XPI_METRIC_CES };
    static const char *const stat_names[] = { "net", "top", "bottom", "mean" };
    static const int32_t stat_ids[] = { XPI_STAT_NET, XPI_STAT_TOP, XPI_STAT_BOTTOM,
                                        XPI_STAT_MEAN };
    static const char *const method_names[] = { "default", "wald", "adjusted_wald", "score",
                                                "clopper_pearson", "jeffreys", "t" };
    static const int32_t method_ids[] = { XPI_CI_DEFAULT, XPI_CI_WALD, XPI_CI_ADJUSTED_WALD,
                                          XPI_CI_SCORE, XPI_CI_CLOPPER_PEARSON,
                                          XPI_CI_JEFFREYS, XPI_CI_T };
    static vector v;
    FILE *f = fopen(path, "r");
    int rows = 0, got;

    CHECK(f != NULL);
    if (f == NULL)
        return;
    while ((got = read_vector(f, &v)) == 1) {
        int32_t metric, stat, method;
        if (!lookup(v.metric, metric_names, metric_ids, 3, &metric) ||
            !lookup(v.stat, stat_names, stat_ids, 4, &stat) ||
            !lookup(v.method, method_names, method_ids, 7, &method)) {
            fprintf(stderr, "%s: unknown name\n", v.name);
            got = -1;
            break;
        }
        check_vector(&v, metric, stat, method);
        rows++;
    }
    CHECK(got == 0);
    CHECK(rows >= 100);
    printf("compare vectors: %d rows\n", rows);
    fclose(f);
}

/* ---- degenerate data, weights, bad input --------------------------------- */

static void test_degenerate(void)
{
    xpi_tally *all_p = nps(0, 0, 20), *all_p2 = nps(0, 0, 30), *all_d = nps(20, 0, 0);
    xpi_tally *one = nps(0, 0, 1);
    xpi_comparison c;

    /* Both groups all promoters: no difference, zero SE, z = 0, p = 1. */
    c = compare(all_p, all_p2, XPI_STAT_NET, XPI_CI_WALD, 0.95);
    CHECK(c.difference == 0.0 && c.se == 0.0 && c.statistic == 0.0 && c.p_value == 1.0);
    c = compare(all_p, all_p2, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95);
    CHECK(c.statistic == 0.0 && c.p_value == 1.0 && c.lower < 0.0 && c.upper > 0.0);
    /* All promoters against all detractors: Wald's SE is 0 and z infinite;
     * the score hybrid still gives a finite test. */
    c = compare(all_p, all_d, XPI_STAT_NET, XPI_CI_WALD, 0.95);
    CHECK(c.difference == 200.0 && isinf(c.statistic) && c.p_value == 0.0);
    c = compare(all_p, all_d, XPI_STAT_NET, XPI_CI_SCORE, 0.95);
    CHECK(c.upper == 200.0 && c.lower > 100.0 && c.p_value < 1e-10 && c.p_value > 0.0);
    CHECK(isfinite(c.statistic) && c.statistic > 6.0);
    /* One response against twenty: the default interval of a single
     * response is the whole range, so nothing is ever significant. */
    c = compare(one, all_d, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95);
    CHECK(c.p_value > 0.05 && c.lower <= 0.0);
    xpi_tally_free(all_p);
    xpi_tally_free(all_p2);
    xpi_tally_free(all_d);
    xpi_tally_free(one);
}

/* Equal weights of 2 change no estimate: the comparison equals the
 * unweighted one up to the linearization variance's n / (n - 1). */
static void test_equal_weights(void)
{
    xpi_tally *a = nps(30, 30, 40), *b = nps(20, 30, 50), *wa = NULL;
    xpi_comparison plain, weighted;
    int i;
    CHECK_STATUS(xpi_tally_new(&wa, XPI_METRIC_NPS, NULL), XPI_OK);
    for (i = 0; i < 100; i++)
        CHECK_STATUS(xpi_tally_add(wa, i < 30 ? 0 : i < 60 ? 7 : 10, 2.0), XPI_OK);
    plain = compare(a, b, XPI_STAT_NET, XPI_CI_SCORE, 0.95);
    weighted = compare(wa, b, XPI_STAT_NET, XPI_CI_SCORE, 0.95);
    CHECK_NEAR(weighted.difference, plain.difference, 1e-12);
    CHECK_NEAR(weighted.lower, plain.lower, 1e-9);
    CHECK_NEAR(weighted.p_value, plain.p_value, 1e-9);
    plain = compare(a, b, XPI_STAT_MEAN, XPI_CI_T, 0.95);
    weighted = compare(wa, b, XPI_STAT_MEAN, XPI_CI_T, 0.95);
    CHECK_NEAR(weighted.difference, plain.difference, 1e-12);
    CHECK_NEAR(weighted.se, plain.se, 1e-12);
    CHECK_NEAR(weighted.df, plain.df, 1e-9);
    xpi_tally_free(a);
    xpi_tally_free(b);
    xpi_tally_free(wa);
}

static void test_bad_requests(void)
{
    xpi_tally *a = nps(3, 4, 5), *b = nps(5, 4, 3), *empty = nps(0, 0, 0), *c = NULL;
    xpi_tally *one = nps(0, 0, 1);
    xpi_comparison out, before;
    static const double bad_conf[] = { 0.0, 1.0, -0.5, 1.5 };
    static const double bad_target[] = { -100.5, 100.5 };
    snapshot sa, sb;
    size_t i;

    CHECK_STATUS(xpi_tally_new(&c, XPI_METRIC_CSAT, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(c, 5, 10), XPI_OK);
    memset(&before, 0x5a, sizeof before);
    out = before;
    snapshot_take(a, &sa);
    snapshot_take(b, &sb);
    for (i = 0; i < sizeof bad_conf / sizeof bad_conf[0]; i++) {
        CHECK_STATUS(xpi_tally_compare(a, b, XPI_STAT_NET, XPI_CI_WALD, bad_conf[i], &out),
                     XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_tally_test_value(a, XPI_STAT_NET, XPI_CI_WALD, 0.0, bad_conf[i], &out),
                     XPI_ERR_INVALID_ARG);
    }
    CHECK_STATUS(xpi_tally_compare(a, b, XPI_STAT_NET, XPI_CI_WALD, (double)NAN, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_compare(NULL, b, XPI_STAT_NET, XPI_CI_WALD, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_compare(a, NULL, XPI_STAT_NET, XPI_CI_WALD, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_compare(a, b, XPI_STAT_NET, XPI_CI_WALD, 0.95, NULL),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_compare(a, b, 9, XPI_CI_WALD, 0.95, &out), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_compare(a, b, XPI_STAT_NET, 42, 0.95, &out), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_compare(a, c, XPI_STAT_NET, XPI_CI_WALD, 0.95, &out),
                 XPI_ERR_SCALE_MISMATCH);
    CHECK_STATUS(xpi_tally_compare(a, b, XPI_STAT_NET, XPI_CI_T, 0.95, &out),
                 XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_tally_compare(a, b, XPI_STAT_MEAN, XPI_CI_SCORE, 0.95, &out),
                 XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_tally_compare(a, empty, XPI_STAT_NET, XPI_CI_WALD, 0.95, &out),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_compare(empty, a, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &out),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_compare(a, one, XPI_STAT_MEAN, XPI_CI_T, 0.95, &out),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_test_value(a, XPI_STAT_NET, XPI_CI_WALD, (double)NAN, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_test_value(a, XPI_STAT_NET, XPI_CI_WALD, (double)INFINITY, 0.95,
                                      &out),
                 XPI_ERR_INVALID_ARG);
    for (i = 0; i < sizeof bad_target / sizeof bad_target[0]; i++)
        CHECK_STATUS(xpi_tally_test_value(a, XPI_STAT_NET, XPI_CI_SCORE, bad_target[i], 0.95,
                                          &out),
                     XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_test_value(a, XPI_STAT_TOP, XPI_CI_WALD, -1.0, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_test_value(a, XPI_STAT_MEAN, XPI_CI_T, 10.5, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_test_value(empty, XPI_STAT_NET, XPI_CI_WALD, 0.0, 0.95, &out),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_test_value(NULL, XPI_STAT_NET, XPI_CI_WALD, 0.0, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_test_value(a, XPI_STAT_NET, XPI_CI_WALD, 0.0, 0.95, NULL),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_test_value(a, XPI_STAT_NET, XPI_CI_JEFFREYS, 0.0, 0.95, &out),
                 XPI_ERR_NOT_APPLICABLE);
    CHECK(memcmp(&out, &before, sizeof out) == 0);
    CHECK(snapshot_same(a, &sa) && snapshot_same(b, &sb));
    xpi_tally_free(a);
    xpi_tally_free(b);
    xpi_tally_free(c);
    xpi_tally_free(empty);
    xpi_tally_free(one);
}

/* Inputs an independent review broke: each used to give a wrong answer
 * with status OK. */
static void test_review_regressions(void)
{
    xpi_tally *t = NULL, *u = NULL;
    xpi_comparison c;
    int k;

    /* Target -100 with weighted counts: the restricted variance at the end
     * of the range is 0, the observed net is above it, so p = 0. */
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), XPI_OK);
    for (k = 0; k < 7; k++)
        CHECK_STATUS(xpi_tally_add(t, 0, 1.0 + 0.1 * k), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 10, 1e-5), XPI_OK);
    CHECK_STATUS(xpi_tally_test_value(t, XPI_STAT_NET, XPI_CI_SCORE, -100.0, 0.95, &c), XPI_OK);
    CHECK(c.statistic == HUGE_VAL && c.p_value == 0.0 && c.lower > 0.0);
    CHECK_STATUS(xpi_tally_test_value(t, XPI_STAT_NET, XPI_CI_DEFAULT, -100.0, 0.95, &c),
                 XPI_OK);
    CHECK(c.statistic == HUGE_VAL && c.p_value == 0.0);
    xpi_tally_free(t);

    /* Welch's df from variances far from 1: about 18, not NaN. Each group:
     * ten responses at one score with weight 1e150 and one a point higher
     * with weight 1. */
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CES, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_new(&u, XPI_METRIC_CES, NULL), XPI_OK);
    for (k = 0; k < 10; k++) {
        CHECK_STATUS(xpi_tally_add(t, 1, 1e150), XPI_OK);
        CHECK_STATUS(xpi_tally_add(u, 2, 1e150), XPI_OK);
    }
    CHECK_STATUS(xpi_tally_add(t, 2, 1.0), XPI_OK);
    CHECK_STATUS(xpi_tally_add(u, 3, 1.0), XPI_OK);
    CHECK_STATUS(xpi_tally_compare(t, u, XPI_STAT_MEAN, XPI_CI_T, 0.95, &c), XPI_OK);
    CHECK(isfinite(c.df) && c.df > 17.0 && c.df < 19.0);
    CHECK(!isnan(c.lower) && !isnan(c.upper) && c.p_value < 1e-10);
    xpi_tally_free(t);
    xpi_tally_free(u);

    /* Jeffreys at x = 0 against 0: the interval [0, u] holds the target,
     * so the test must not reject. */
    t = csat(0, 10);
    CHECK_STATUS(xpi_tally_test_value(t, XPI_STAT_TOP, XPI_CI_JEFFREYS, 0.0, 0.95, &c), XPI_OK);
    CHECK(c.lower <= 0.0 && c.p_value == 1.0);
    CHECK_STATUS(xpi_tally_test_value(t, XPI_STAT_TOP, XPI_CI_JEFFREYS, 0.001, 0.95, &c),
                 XPI_OK);
    CHECK(c.p_value == 1.0);
    xpi_tally_free(t);

    /* Wilson's upper end at x / n = 3 / 2^62: mpmath gives 1.9128e-16
     * percent; the mirrored form used to cancel to 0. */
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CSAT, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 5, 3), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 1, (uint64_t)1 << 62), XPI_OK);
    {
        xpi_estimate e;
        CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_TOP, XPI_CI_SCORE, 0.95, &e), XPI_OK);
        CHECK(e.lower <= e.value && e.value <= e.upper);
        CHECK_NEAR(e.upper / 1.9127902587214475e-16, 1.0, 1e-9);
    }
    xpi_tally_free(t);

    /* A bad target is an invalid argument even where the method does not
     * apply. */
    t = nps(1, 2, 3);
    CHECK_STATUS(xpi_tally_test_value(t, XPI_STAT_MEAN, XPI_CI_SCORE, (double)NAN, 0.95, &c),
                 XPI_ERR_INVALID_ARG);
    xpi_tally_free(t);
}

int main(int argc, char **argv)
{
    test_reference_nps();
    test_reference_newcombe();
    test_degenerate();
    test_equal_weights();
    test_bad_requests();
    test_review_regressions();
    CHECK(argc > 1); /* usage: test_compare VECTORS */
    if (argc > 1)
        test_vectors(argv[1]);
    return check_exit();
}
