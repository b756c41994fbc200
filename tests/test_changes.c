/*
 * Change points against tests/ref/changes_vectors.tsv (optimal
 * partitioning by the plain dynamic program, tests/ref/gen_changes.py)
 * with explicit penalties and minimum segments; the calibrated penalty's
 * shape; bad input.
 *
 * Usage: test_changes changes_vectors.tsv
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
    return fabs(got - want) <= TOL || fabs(got - want) <= TOL * fabs(want);
}

static xpi_table *series_of(xpi_tally **periods, size_t n, int32_t stat, xpi_query *q)
{
    xpi_table *s = NULL;
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_STAT, stat), XPI_OK);
    CHECK_STATUS(xpi_series_from_tallies((const xpi_tally *const *)periods, n, q, &s), XPI_OK);
    return s;
}

static void check_case(char **f)
{
    int mean = strcmp(f[1], "mean") == 0;
    xpi_tally *periods[MAX_PERIODS];
    int32_t metric = mean ? XPI_METRIC_CES : XPI_METRIC_NPS;
    size_t n = parse_periods(f[4], metric, periods, MAX_PERIODS), i, rows = 0;
    size_t want_rows = strcmp(f[5], "-") == 0 ? 0 : 1;
    xpi_query *q = NULL;
    xpi_table *s, *t = NULL;
    char *p;

    for (p = f[5]; *p != '\0'; p++)
        want_rows += *p == '|';
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    s = series_of(periods, n, mean ? XPI_STAT_MEAN : XPI_STAT_NET, q);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_PENALTY, atof(f[2])), XPI_OK);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_MIN_SEGMENT, atof(f[3])), XPI_OK);
    CHECK_STATUS(xpi_series_changes(s, q, &t), XPI_OK);
    if (t != NULL)
        xpi_table_rows(t, &rows);
    CHECK(rows == want_rows);
    if (rows != want_rows)
        fprintf(stderr, "%s: %zu changes, want %zu\n", f[0], rows, want_rows);
    CHECK_NEAR(fig(t, XPI_TABLE_PENALTY), atof(f[2]), 0);
    CHECK_NEAR(fig(t, XPI_TABLE_SIGNALS), (double)want_rows, 0);
    p = f[5];
    for (i = 0; i < rows && i < want_rows; i++) {
        const char *label;
        char want_label[32];
        long index = strtol(p, &p, 10);
        double before = strtod(p + 1, &p), after = strtod(p + 1, &p), ev = strtod(p + 1, &p);
        snprintf(want_label, sizeof want_label, "%ld", index + 1);
        CHECK_STATUS(xpi_table_label(t, i, 0, &label, NULL), XPI_OK);
        CHECK(strcmp(label, want_label) == 0);
        CHECK(near(col(t, i, XPI_COL_LEVEL_BEFORE), before));
        CHECK(near(col(t, i, XPI_COL_LEVEL_AFTER), after));
        CHECK(near(col(t, i, XPI_COL_DIFF), after - before));
        CHECK(near(col(t, i, XPI_COL_EVIDENCE), ev));
        if (*p == '|')
            p++;
    }
    xpi_table_free(t);
    xpi_table_free(s);
    xpi_query_free(q);
    for (i = 0; i < n; i++)
        xpi_tally_free(periods[i]);
}

/* The calibrated penalty: larger for longer series and fewer false
 * alarms; the same for any scale of the same categories. */
static void test_calibrated(void)
{
    xpi_tally *periods[MAX_PERIODS];
    xpi_query *q = NULL;
    double pen[3];
    size_t lengths[3] = {12, 24, 60}, i, j;
    for (i = 0; i < MAX_PERIODS; i++) {
        CHECK_STATUS(xpi_tally_new(&periods[i], XPI_METRIC_NPS, NULL), XPI_OK);
        CHECK_STATUS(xpi_tally_add_n(periods[i], (int32_t)(i % 11), 50), XPI_OK);
        CHECK_STATUS(xpi_tally_add_n(periods[i], 9, 100), XPI_OK);
    }
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    for (j = 0; j < 3; j++) {
        xpi_table *s = series_of(periods, lengths[j], XPI_STAT_NET, q), *t = NULL;
        CHECK_STATUS(xpi_series_changes(s, q, &t), XPI_OK);
        pen[j] = fig(t, XPI_TABLE_PENALTY);
        xpi_table_free(t);
        xpi_table_free(s);
    }
    CHECK(pen[0] > 2.0 && pen[0] < pen[1] && pen[1] < pen[2] && pen[2] < 40.0);
    {
        xpi_table *s = series_of(periods, 24, XPI_STAT_NET, q), *t = NULL;
        double strict;
        CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_FALSE_ALARM, 0.01), XPI_OK);
        CHECK_STATUS(xpi_series_changes(s, q, &t), XPI_OK);
        strict = fig(t, XPI_TABLE_PENALTY);
        CHECK(strict > pen[1]);
        xpi_table_free(t);
        xpi_table_free(s);
    }
    xpi_query_free(q);
    for (i = 0; i < MAX_PERIODS; i++)
        xpi_tally_free(periods[i]);
}

static void test_bad_input(void)
{
    xpi_tally *a = NULL;
    const xpi_tally *list[1];
    xpi_query *q = NULL;
    xpi_table *s = NULL, *t = (xpi_table *)&a, *chart = NULL;
    CHECK_STATUS(xpi_tally_new(&a, XPI_METRIC_NPS, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(a, 9, 10), XPI_OK);
    list[0] = a;
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_series_from_tallies(list, 1, q, &s), XPI_OK);
    CHECK_STATUS(xpi_series_changes(NULL, q, &t), XPI_ERR_INVALID_ARG);
    { /* A NULL query is the default one. */
        xpi_table *d = NULL;
        CHECK_STATUS(xpi_series_changes(s, NULL, &d), XPI_OK);
        xpi_table_free(d);
    }
    CHECK_STATUS(xpi_series_changes(s, q, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_series_chart(s, XPI_CHART_EWMA, q, &chart), XPI_OK);
    CHECK_STATUS(xpi_series_changes(chart, q, &t), XPI_ERR_INVALID_ARG);
    CHECK(t == (xpi_table *)&a);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_MIN_SEGMENT, 0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_MIN_SEGMENT, -2), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_FALSE_ALARM, 0.2), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_FALSE_ALARM, (double)NAN), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_PENALTY, -1.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_PENALTY, (double)NAN), XPI_ERR_INVALID_ARG);
    /* One period: no change possible, an empty table. */
    CHECK_STATUS(xpi_series_changes(s, q, &t), XPI_OK);
    {
        size_t rows = 99;
        CHECK_STATUS(xpi_table_rows(t, &rows), XPI_OK);
        CHECK(rows == 0);
    }
    xpi_table_free(t);
    xpi_table_free(chart);
    xpi_table_free(s);
    xpi_query_free(q);
    xpi_tally_free(a);
}

int main(int argc, char **argv)
{
    static char line[1 << 16];
    char *f[8];
    int cases = 0;
    FILE *in;
    if (argc != 2 || (in = fopen(argv[1], "r")) == NULL) {
        fprintf(stderr, "usage: test_changes changes_vectors.tsv\n");
        return 1;
    }
    while (fgets(line, sizeof line, in) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || split_tabs(line, f, 8) != 6)
            continue;
        check_case(f);
        cases++;
    }
    fclose(in);
    CHECK(cases == 6);
    test_calibrated();
    test_bad_input();
    return check_exit();
}
