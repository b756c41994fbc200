/*
 * Control charts against tests/ref/chart_vectors.tsv (qcc's formulas in
 * numpy, tests/ref/gen_charts.py): Shewhart, EWMA and CUSUM on NPS, CSAT
 * top-box and CES mean series with variable n and a gap, with the
 * all-period and a trailing baseline; then bad input.
 *
 * Usage: test_charts chart_vectors.tsv
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "periods.h"
#include "table_read.h"
#include "tsv.h"
#include "xpi.h"

#define MAX_PERIODS 64
#define TOL 1e-9

static int near(double got, double want)
{
    if (isnan(want))
        return isnan(got);
    return fabs(got - want) <= TOL || fabs(got - want) <= TOL * fabs(want);
}

static int32_t code(const char *name, const char *const *names, const int32_t *codes, int n)
{
    int i;
    for (i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return codes[i];
    return -1;
}

static void check_case(char **f)
{
    static const char *const charts[] = {"shewhart", "ewma", "cusum"};
    static const int32_t chart_codes[] = {XPI_CHART_SHEWHART, XPI_CHART_EWMA, XPI_CHART_CUSUM};
    static const char *const stats[] = {"net", "top", "mean"};
    static const int32_t stat_codes[] = {XPI_STAT_NET, XPI_STAT_TOP, XPI_STAT_MEAN};
    static const int32_t metrics[] = {XPI_METRIC_NPS, XPI_METRIC_CSAT, XPI_METRIC_CES};
    static const int32_t indices[] = {0, 1, 2};
    static const int32_t cols[] = {XPI_COL_CHART_CENTER, XPI_COL_CHART_LOWER,
                                   XPI_COL_CHART_UPPER, XPI_COL_CHART_STATISTIC,
                                   XPI_COL_CHART_STATISTIC2, XPI_COL_CHART_SIGNAL};
    xpi_tally *periods[MAX_PERIODS];
    int32_t stat = code(f[2], stats, stat_codes, 3), chart = code(f[1], charts, chart_codes, 3);
    int32_t metric = metrics[code(f[2], stats, indices, 3)];
    size_t n = parse_periods(f[8], metric, periods, MAX_PERIODS), i, rows = 0;
    xpi_query *q = NULL;
    xpi_table *series = NULL, *t = NULL;
    char *row = f[9];

    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_STAT, stat), XPI_OK);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_SIGMA, atof(f[3])), XPI_OK);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_LAMBDA, atof(f[4])), XPI_OK);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_CUSUM_K, atof(f[5])), XPI_OK);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_CUSUM_H, atof(f[6])), XPI_OK);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_BASELINE, atof(f[7])), XPI_OK);
    CHECK_STATUS(xpi_series_from_tallies((const xpi_tally *const *)periods, n, q, &series),
                 XPI_OK);
    CHECK_STATUS(xpi_series_chart(series, chart, q, &t), XPI_OK);
    if (t != NULL)
        xpi_table_rows(t, &rows);
    CHECK(rows == n);
    for (i = 0; i < n && i < rows; i++) {
        size_t c;
        for (c = 0; c < 6; c++) {
            double want = strncmp(row, "nan", 3) == 0 ? (double)NAN : strtod(row, NULL);
            double got = col(t, i, cols[c]);
            check_count++;
            if (!near(got, want)) {
                check_failures++;
                fprintf(stderr, "%s period %zu column %d: %.17g, want %.17g\n", f[0], i + 1,
                        (int)cols[c], got, want);
            }
            row += strcspn(row, ",|");
            if (*row != '\0')
                row++;
        }
    }
    xpi_table_free(t);
    xpi_table_free(series);
    xpi_query_free(q);
    for (i = 0; i < n; i++)
        xpi_tally_free(periods[i]);
}

static void test_bad_input(void)
{
    xpi_tally *a = NULL;
    const xpi_tally *list[1];
    xpi_query *q = NULL;
    xpi_table *series = NULL, *t = (xpi_table *)&a, *other = NULL;
    xpi_cube *c = NULL;
    static const char *const names[1] = {"x"};
    const char *v = "a";

    CHECK_STATUS(xpi_tally_new(&a, XPI_METRIC_NPS, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(a, 9, 10), XPI_OK);
    list[0] = a;
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_series_from_tallies(list, 1, q, &series), XPI_OK);
    CHECK_STATUS(xpi_series_chart(series, 0, q, &t), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_series_chart(series, 4, q, &t), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_series_chart(NULL, XPI_CHART_EWMA, q, &t), XPI_ERR_INVALID_ARG);
    { /* A NULL query is the default one. */
        xpi_table *d = NULL;
        CHECK_STATUS(xpi_series_chart(series, XPI_CHART_EWMA, NULL, &d), XPI_OK);
        xpi_table_free(d);
    }
    CHECK_STATUS(xpi_series_chart(series, XPI_CHART_EWMA, q, NULL), XPI_ERR_INVALID_ARG);
    /* A breakdown is not a series. */
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 1, names, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, 0, &v, 9, 1.0), XPI_OK);
    CHECK_STATUS(xpi_cube_breakdown(c, 0, q, &other), XPI_OK);
    CHECK_STATUS(xpi_series_chart(other, XPI_CHART_EWMA, q, &t), XPI_ERR_INVALID_ARG);
    CHECK(t == (xpi_table *)&a);
    /* Parameters out of range are refused where they are set. */
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_LAMBDA, 0.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_LAMBDA, 1.5), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_LAMBDA, (double)NAN), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_LAMBDA, 1.0), XPI_OK);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_SIGMA, 0.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_CUSUM_H, -1.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_CUSUM_K, -0.1), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_CUSUM_H, (double)INFINITY), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_BASELINE, -1.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_BASELINE, 1.5), XPI_ERR_INVALID_ARG);
    /* One period, every response alike: no variance, so nothing charted. */
    CHECK_STATUS(xpi_series_chart(series, XPI_CHART_SHEWHART, q, &t), XPI_OK);
    CHECK(isnan(col(t, 0, XPI_COL_CHART_SIGNAL)));
    CHECK_NEAR(fig(t, XPI_TABLE_SIGNALS), 0, 0);
    xpi_table_free(t);
    xpi_table_free(other);
    xpi_table_free(series);
    xpi_cube_free(c);
    xpi_query_free(q);
    xpi_tally_free(a);
}

/* A trailing baseline of one period whose responses are all alike, then a
 * jump, then periods like the first: the CUSUM must not stay stuck on an
 * infinite deviation; periods after a baseline without variance are not
 * charted, the others are. */
static void test_zero_variance_baseline(void)
{
    xpi_tally *p[8];
    xpi_query *q = NULL;
    xpi_table *s = NULL, *t = NULL;
    size_t i;
    for (i = 0; i < 8; i++) {
        CHECK_STATUS(xpi_tally_new(&p[i], XPI_METRIC_NPS, NULL), XPI_OK);
        CHECK_STATUS(xpi_tally_add_n(p[i], 10, 5), XPI_OK);
        if (i == 1)
            CHECK_STATUS(xpi_tally_add_n(p[i], 2, 5), XPI_OK); /* NPS 0: with variance */
    }
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_BASELINE, 1), XPI_OK);
    CHECK_STATUS(xpi_series_from_tallies((const xpi_tally *const *)p, 8, q, &s), XPI_OK);
    CHECK_STATUS(xpi_series_chart(s, XPI_CHART_CUSUM, q, &t), XPI_OK);
    CHECK(isnan(col(t, 0, XPI_COL_CHART_SIGNAL))); /* no baseline yet */
    CHECK(isnan(col(t, 1, XPI_COL_CHART_SIGNAL))); /* baseline without variance */
    CHECK(!isnan(col(t, 2, XPI_COL_CHART_SIGNAL))); /* baseline: period 2 */
    for (i = 3; i < 8; i++)
        CHECK(isnan(col(t, i, XPI_COL_CHART_SIGNAL)));
    CHECK(isfinite(col(t, 2, XPI_COL_CHART_STATISTIC)) &&
          isfinite(col(t, 2, XPI_COL_CHART_STATISTIC2)));
    xpi_table_free(t);
    xpi_table_free(s);
    xpi_query_free(q);
    for (i = 0; i < 8; i++)
        xpi_tally_free(p[i]);
}

int main(int argc, char **argv)
{
    static char line[1 << 16];
    char *f[12];
    int cases = 0;
    FILE *in;
    if (argc != 2 || (in = fopen(argv[1], "r")) == NULL) {
        fprintf(stderr, "usage: test_charts chart_vectors.tsv\n");
        return 1;
    }
    while (fgets(line, sizeof line, in) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || split_tabs(line, f, 12) != 10)
            continue;
        check_case(f);
        cases++;
    }
    fclose(in);
    CHECK(cases == 12);
    test_bad_input();
    test_zero_variance_baseline();
    return check_exit();
}
