/*
 * Tango's score statistic for a net score and the SCORE and DEFAULT net
 * intervals that invert it, against tests/ref/gen_tango.py (Tango's
 * formula in mpmath at 100 digits, never libxpi): xpi_net_tango_t through
 * the static library, the interval ends through xpi_tally_estimate. Most
 * rows are within 1e-3 of a net of -1 or 1, where the formula evaluated
 * in doubles cancels (report B4: nets within ~1e-6 of -100 or 100 had
 * noisy, non-nested intervals).
 *
 * Usage: test_tango tango_vectors.tsv
 *
 * Tolerance: T and the ends (in points) to 1e-12 relative (1e-12 absolute
 * near 0), infinities and zeros exactly. The largest errors are printed.
 * Also: T does not increase in delta beyond rounding (1e-15 relative) on
 * grids through -1, -1/2, 0, 1/2 and 1 (the root finder relies on one
 * sign change).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tsv.h"
#include "xpi.h"
#include "xpi_internal.h"

#define TOL 1e-12

static double max_err_t, max_err_end;

/* |got - want| relative to |want| (absolute below 1); 0 when both are the
 * same infinity or zero, infinite when only one is. */
static double rel_err(double got, double want)
{
    if (isinf(want) || want == 0.0)
        return got == want ? 0.0 : HUGE_VAL;
    return fabs(got - want) / fmax(fabs(want), 1.0);
}

/* t  id  high  low  m  delta  T */
static void check_t(char **f, void *ctx)
{
    double want = strtod(f[6], NULL), got, err;
    (void)ctx;
    got = xpi_net_tango_t(strtod(f[2], NULL), strtod(f[3], NULL), strtod(f[4], NULL),
                          strtod(f[5], NULL));
    err = rel_err(got, want);
    check_count++;
    if (!(err <= TOL)) {
        check_failures++;
        fprintf(stderr, "%s: T(%s, %s, %s, %s) = %.17g, want %s\n", f[1], f[2], f[3], f[4], f[5],
                got, f[6]);
    }
    if (err > max_err_t)
        max_err_t = err;
}

static void check_end(const char *id, const char *conf, const char *which, double got,
                      double want)
{
    double err = rel_err(got, want);
    check_count++;
    if (!(err <= TOL)) {
        check_failures++;
        fprintf(stderr, "%s at %s: %s end %.17g, want %.17g\n", id, conf, which, got, want);
    }
    if (err > max_err_end)
        max_err_end = err;
}

/* ci  id  promoters  passives  detractors  method  conf  lower  upper */
static void check_ci(char **f, void *ctx)
{
    xpi_tally *t;
    xpi_estimate e;
    int32_t method = strcmp(f[5], "SCORE") == 0 ? XPI_CI_SCORE : XPI_CI_DEFAULT;
    (void)ctx;
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 10, strtoull(f[2], NULL, 10)), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 8, strtoull(f[3], NULL, 10)), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 0, strtoull(f[4], NULL, 10)), XPI_OK);
    CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_NET, method, strtod(f[6], NULL), &e), XPI_OK);
    check_end(f[1], f[6], method == XPI_CI_SCORE ? "SCORE lower" : "DEFAULT lower", e.lower,
              strtod(f[7], NULL));
    check_end(f[1], f[6], method == XPI_CI_SCORE ? "SCORE upper" : "DEFAULT upper", e.upper,
              strtod(f[8], NULL));
    xpi_tally_free(t);
}

/* T at increasing deltas, counting rises beyond rounding (1e-15 relative)
 * and NaNs. */
static double prev_t;
static int rises;

static void step(double high, double low, double m, double delta)
{
    double tt;
    if (delta < -1.0 || delta > 1.0)
        return;
    tt = xpi_net_tango_t(high, low, m, delta);
    rises += isnan(tt) || tt > prev_t + 1e-15 * fabs(prev_t);
    prev_t = tt;
}

/* Through each of -1, -1/2, 0, 1/2, 1: 1e-3 .. 1e-13 below, the 129
 * doubles around it (+-64 units in the last place: less than 1e-13),
 * 1e-13 .. 1e-3 above; and a grid of 1/64 between. */
static void check_decreasing(double high, double low, double m)
{
    int i, k;
    prev_t = HUGE_VAL;
    rises = 0;
    for (i = -2; i <= 2; i++) {
        double c = i / 2.0, x = c;
        for (k = 3; k <= 13; k++)
            step(high, low, m, c - pow(10.0, -k));
        for (k = 0; k < 64; k++)
            x = nextafter(x, -2.0);
        for (k = 0; k <= 128; k++, x = nextafter(x, 2.0))
            step(high, low, m, x);
        for (k = 13; k >= 3; k--)
            step(high, low, m, c + pow(10.0, -k));
        for (k = 1; k < 32; k++)
            step(high, low, m, c + k / 64.0);
    }
    check_count++;
    if (rises) {
        check_failures++;
        fprintf(stderr, "T(%g, %g, %g, delta) rises %d times\n", high, low, m, rises);
    }
}

int main(int argc, char **argv)
{
    int rows_t, rows_ci;
    if (argc != 2) {
        fprintf(stderr, "usage: test_tango tango_vectors.tsv\n");
        return 2;
    }
    /* The two kinds of rows differ in their number of fields. */
    rows_t = tsv_rows(argv[1], 7, check_t, NULL);
    rows_ci = tsv_rows(argv[1], 9, check_ci, NULL);
    if (rows_t < 1000 || rows_ci < 60) {
        fprintf(stderr, "%s: %d T rows and %d interval rows, want >= 1000 and >= 60\n", argv[1],
                rows_t, rows_ci);
        return 1;
    }
    check_decreasing(0.0, 1.0, 139288917.0);
    check_decreasing(1.0, 0.0, 10.0);
    check_decreasing(0.0, 0.5, 10.0);
    check_decreasing(1e-8, 1.0 - 1e-8, 1e8);
    check_decreasing(0.27, 0.54, 1000.0);
    check_decreasing(0.0, 0.0, 1e19);
    printf("%d T rows: largest relative error %.3g; %d interval rows: largest relative error "
           "of an end %.3g\n",
           rows_t, max_err_t, rows_ci, max_err_end);
    return check_exit();
}
