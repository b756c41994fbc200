/*
 * Trend tests on arrays: xpi_mann_kendall and xpi_sen_slope against
 * tests/ref/mann_kendall_vectors.tsv (S from the O(n^2) sum, the REFERENCE
 * variance, scipy's norm and theilslopes; tests/ref/gen_mann_kendall.py),
 * the Hamed-Rao and seasonal variants against
 * tests/ref/mk_variants_vectors.tsv (pymannkendall's formulas;
 * tests/ref/gen_mk_variants.py), xpi_wls_slope against
 * tests/ref/wls_vectors.tsv (statsmodels' WLS; tests/ref/gen_wls.py), the
 * seasonal Kendall slope against tests/ref/seasonal_sen_vectors.tsv (brute
 * force over the within-season slopes; tests/ref/gen_seasonal_sen.py), bad
 * input, and out-of-memory.
 *
 * Usage: test_trend mann_kendall_vectors.tsv mk_variants_vectors.tsv wls_vectors.tsv
 *                   seasonal_sen_vectors.tsv
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "failing_alloc.h"
#include "tsv.h"
#include "xpi.h"

#define MAX_VALUES 10000
#define TOL 1e-9

static int near(double got, double want)
{
    return fabs(got - want) <= TOL || fabs(got - want) <= TOL * fabs(want);
}

#define CHECK_REF(name, got, want)                                                      \
    do {                                                                                \
        double g_ = (got), w_ = (want);                                                 \
        check_count++;                                                                  \
        if (!near(g_, w_)) {                                                            \
            check_failures++;                                                           \
            fprintf(stderr, "%s: %s = %.17g, want %.17g\n", name, #got, g_, w_);        \
        }                                                                               \
    } while (0)

static size_t parse_values(char *field, double *v)
{
    size_t n = 0;
    char *p = field;
    while (*p != '\0' && n < MAX_VALUES) {
        v[n++] = strncmp(p, "nan", 3) == 0 ? (double)NAN : strtod(p, &p);
        if (strncmp(p, "nan", 3) == 0)
            p += 3;
        if (*p == ',')
            p++;
    }
    return n;
}

static double values[MAX_VALUES], ses[MAX_VALUES];

static void mk_row(char **f, void *ctx)
{
    xpi_trend_test r;
    xpi_slope sl;
    size_t n = parse_values(f[12], values);
    (void)ctx;
    CHECK_STATUS(xpi_mann_kendall(values, n, XPI_MK_ORIGINAL, 0, NULL, &r), XPI_OK);
    CHECK_STATUS(xpi_sen_slope(values, n, 0, atof(f[1]), NULL, &sl), XPI_OK);
    CHECK_REF(f[0], r.n, atof(f[2]));
    CHECK_REF(f[0], r.s, atof(f[3]));
    CHECK_REF(f[0], r.var_s, atof(f[4]));
    CHECK_REF(f[0], r.z, atof(f[5]));
    CHECK_REF(f[0], r.p_value, atof(f[6]));
    CHECK_REF(f[0], r.tau, atof(f[7]));
    CHECK_REF(f[0], sl.n, atof(f[2]));
    CHECK_REF(f[0], sl.slope, atof(f[8]));
    CHECK_REF(f[0], sl.lower, atof(f[9]));
    CHECK_REF(f[0], sl.upper, atof(f[10]));
    CHECK_REF(f[0], sl.intercept, atof(f[11]));
}

static void seasonal_sen_row(char **f, void *ctx)
{
    xpi_slope sl;
    size_t n = parse_values(f[8], values);
    (void)ctx;
    CHECK_STATUS(xpi_sen_slope(values, n, (size_t)atoi(f[1]), atof(f[2]), NULL, &sl), XPI_OK);
    CHECK_REF(f[0], sl.n, atof(f[3]));
    CHECK_REF(f[0], sl.slope, atof(f[4]));
    CHECK_REF(f[0], sl.lower, atof(f[5]));
    CHECK_REF(f[0], sl.upper, atof(f[6]));
    CHECK_REF(f[0], sl.intercept, atof(f[7]));
}

static void test_bad_input(void)
{
    double v[4] = {1.0, 2.0, (double)NAN, 4.0};
    double one[3] = {(double)NAN, 5.0, (double)NAN};
    double inf[3] = {1.0, (double)INFINITY, 2.0};
    xpi_trend_test r, before;
    xpi_slope sl, sl_before;
    memset(&r, 0x7f, sizeof r);
    memset(&sl, 0x7f, sizeof sl);
    before = r;
    sl_before = sl;
    CHECK_STATUS(xpi_mann_kendall(NULL, 4, XPI_MK_ORIGINAL, 0, NULL, &r), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_mann_kendall(v, 4, XPI_MK_ORIGINAL, 0, NULL, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_mann_kendall(inf, 3, XPI_MK_ORIGINAL, 0, NULL, &r), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_mann_kendall(one, 3, XPI_MK_ORIGINAL, 0, NULL, &r), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_mann_kendall(v, 0, XPI_MK_ORIGINAL, 0, NULL, &r), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_sen_slope(NULL, 4, 0, 0.95, NULL, &sl), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_sen_slope(v, 4, 0, 0.95, NULL, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_sen_slope(v, 4, 0, 1.0, NULL, &sl), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_sen_slope(v, 4, 0, (double)NAN, NULL, &sl), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_sen_slope(inf, 3, 0, 0.95, NULL, &sl), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_sen_slope(one, 3, 0, 0.95, NULL, &sl), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_sen_slope(v, 4, 1, 0.95, NULL, &sl), XPI_ERR_INVALID_ARG);
    /* Seasons of one value each: no pair within a season. */
    CHECK_STATUS(xpi_sen_slope(v, 4, 4, 0.95, NULL, &sl), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_sen_slope(v, 4, 1000, 0.95, NULL, &sl), XPI_ERR_NOT_ENOUGH_DATA);
    /* A step that would wrap past SIZE_MAX (found in review: it re-read
     * earlier values and overflowed the points). */
    CHECK_STATUS(xpi_sen_slope(v, 4, SIZE_MAX, 0.95, NULL, &sl), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_mann_kendall(v, 4, XPI_MK_SEASONAL, SIZE_MAX, NULL, &r),
                 XPI_ERR_NOT_ENOUGH_DATA);
    /* Differences of values beyond DBL_MAX / 2 are not finite. */
    {
        double huge[3] = {1.0, 1e308, -1e308};
        CHECK_STATUS(xpi_sen_slope(huge, 3, 0, 0.95, NULL, &sl), XPI_ERR_INVALID_ARG);
    }
    CHECK(memcmp(&r, &before, sizeof r) == 0);
    CHECK(memcmp(&sl, &sl_before, sizeof sl) == 0);
}

static void test_out_of_memory(void)
{
    double v[5000];
    int fn;
    size_t i;
    for (i = 0; i < 5000; i++)
        v[i] = (double)((i * 37) % 11) + (double)i / 1000.0;
    for (fn = 0; fn < 2; fn++) {
        long k;
        int done = 0;
        for (k = 0; k < 10 && !done; k++) {
            failing f;
            xpi_allocator a = failing_allocator(&f, k);
            xpi_trend_test r;
            xpi_slope sl;
            int status = fn == 0 ? xpi_mann_kendall(v, 5000, XPI_MK_HAMED_RAO, 0, &a, &r)
                                 : xpi_sen_slope(v, 5000, 0, 0.95, &a, &sl);
            CHECK(status == XPI_OK || status == XPI_ERR_NO_MEMORY);
            done = status == XPI_OK;
            CHECK(f.live == 0);
        }
        CHECK(done);
    }
}

static void variant_row(char **f, void *ctx)
{
    xpi_trend_test r;
    size_t n = parse_values(f[9], values);
    (void)ctx;
    CHECK_STATUS(xpi_mann_kendall(values, n, atoi(f[1]), (size_t)atoi(f[2]), NULL, &r), XPI_OK);
    CHECK_REF(f[0], r.n, atof(f[3]));
    CHECK_REF(f[0], r.s, atof(f[4]));
    CHECK_REF(f[0], r.var_s, atof(f[5]));
    CHECK_REF(f[0], r.z, atof(f[6]));
    CHECK_REF(f[0], r.p_value, atof(f[7]));
    CHECK_REF(f[0], r.tau, atof(f[8]));
}

/* Variant and seasons must agree. */
static void test_variant_args(void)
{
    xpi_trend_test r;
    double v[4] = {1.0, 2.0, 3.0, 4.0};
    CHECK_STATUS(xpi_mann_kendall(v, 4, XPI_MK_SEASONAL, 1, NULL, &r), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_mann_kendall(v, 4, XPI_MK_ORIGINAL, 12, NULL, &r), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_mann_kendall(v, 4, 3, 0, NULL, &r), XPI_ERR_INVALID_ARG);
}

static void wls_row(char **f, void *ctx)
{
    xpi_regression r;
    size_t n = parse_values(f[11], values);
    (void)ctx;
    CHECK(parse_values(f[12], ses) == n);
    CHECK_STATUS(xpi_wls_slope(values, ses, n, atof(f[1]), &r), XPI_OK);
    CHECK_REF(f[0], r.n, atof(f[2]));
    CHECK_REF(f[0], r.slope, atof(f[3]));
    CHECK_REF(f[0], r.se, atof(f[4]));
    CHECK_REF(f[0], r.lower, atof(f[5]));
    CHECK_REF(f[0], r.upper, atof(f[6]));
    CHECK_REF(f[0], r.statistic, atof(f[7]));
    CHECK_REF(f[0], r.df, atof(f[8]));
    CHECK_REF(f[0], r.p_value, atof(f[9]));
    CHECK_REF(f[0], r.intercept, atof(f[10]));
}

static void test_wls_bad_input(void)
{
    double v[4] = {1.0, 2.0, (double)NAN, 4.0}, se[4] = {1.0, 1.0, 0.0, 1.0};
    double bad_se[4] = {1.0, -1.0, 1.0, 1.0}, perfect[3] = {1.0, 2.0, 3.0};
    xpi_regression r, before;
    memset(&r, 0x7f, sizeof r);
    before = r;
    CHECK_STATUS(xpi_wls_slope(NULL, se, 4, 0.95, &r), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_wls_slope(v, NULL, 4, 0.95, &r), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_wls_slope(v, se, 4, 0.0, &r), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_wls_slope(v, bad_se, 4, 0.95, &r), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_wls_slope(v, se, 2, 0.95, &r), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK(memcmp(&r, &before, sizeof r) == 0);
    /* The gap's zero standard error is not used; a perfect line has SE 0. */
    CHECK_STATUS(xpi_wls_slope(v, se, 4, 0.95, &r), XPI_OK);
    CHECK_STATUS(xpi_wls_slope(perfect, se, 3, 0.95, &r), XPI_ERR_INVALID_ARG);
    se[2] = 1.0;
    CHECK_STATUS(xpi_wls_slope(perfect, se, 3, 0.95, &r), XPI_OK);
    CHECK(fabs(r.slope - 1.0) < 1e-15 && r.p_value < 1e-300);
    /* One standard error 1e200 times smaller than the others: the others
     * weigh nothing in double range, one point is left in effect. */
    {
        double lone[3] = {1e-200, 1.0, 1.0}, vals[3] = {1.0, 2.0, 4.0};
        CHECK_STATUS(xpi_wls_slope(vals, lone, 3, 0.95, &r), XPI_ERR_NOT_ENOUGH_DATA);
    }
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: test_trend mann_kendall_vectors.tsv mk_variants_vectors.tsv "
                        "wls_vectors.tsv seasonal_sen_vectors.tsv\n");
        return 1;
    }
    CHECK(tsv_rows(argv[1], 13, mk_row, NULL) == 35);
    CHECK(tsv_rows(argv[4], 9, seasonal_sen_row, NULL) == 6);
    CHECK(tsv_rows(argv[2], 10, variant_row, NULL) == 6);
    test_variant_args();
    CHECK(tsv_rows(argv[3], 13, wls_row, NULL) == 5);
    test_wls_bad_input();
    test_bad_input();
    test_out_of_memory();
    return check_exit();
}
