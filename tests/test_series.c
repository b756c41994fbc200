/*
 * Series by calendar period: rows, labels and period starts (with a UTC
 * offset), gaps kept, each period's figures equal to xpi_tally_estimate of
 * its responses, the change equal to xpi_tally_compare against the
 * previous period, rolling windows equal to the merged periods, the query
 * range, series from tallies, bad input, out of memory.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "failing_alloc.h"
#include "table_read.h"
#include "xpi.h"

#define DAY INT64_C(86400)
#define JAN INT64_C(1767225600) /* 2026-01-01T00:00:00Z, a Thursday */
#define FEB INT64_C(1769904000)
#define MAR INT64_C(1772323200)
#define APR INT64_C(1775001600)

static const char *const names[1] = {"channel"};

static void add_n(xpi_cube *c, int64_t t, const char *channel, int score, int n)
{
    int i;
    for (i = 0; i < n; i++)
        CHECK_STATUS(xpi_cube_add(c, t, &channel, score, 1.0), XPI_OK);
}

/* January and March hold responses, February none. */
static xpi_cube *months(const xpi_allocator *a, int32_t utc_offset)
{
    xpi_cube *c = NULL;
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 1, names, a), XPI_OK);
    CHECK_STATUS(xpi_cube_set_time(c, 86400, utc_offset), XPI_OK);
    add_n(c, JAN + 5 * DAY, "email", 10, 30);
    add_n(c, JAN + 9 * DAY, "chat", 3, 10);
    add_n(c, MAR + 2 * DAY, "email", 9, 20);
    add_n(c, MAR + 20 * DAY, "email", 5, 25);
    return c;
}

static void check_label(const xpi_table *t, size_t row, const char *want)
{
    const char *label = NULL;
    CHECK_STATUS(xpi_table_label(t, row, 0, &label, NULL), XPI_OK);
    CHECK(label != NULL && strcmp(label, want) == 0);
    if (label != NULL && strcmp(label, want) != 0)
        fprintf(stderr, "row %zu: label %s, want %s\n", row, label, want);
}

/* The period's own tally, through a query on its time range. */
static xpi_tally *tally_between(const xpi_cube *c, int64_t from, int64_t to)
{
    xpi_query *q = NULL;
    xpi_tally *t = NULL;
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_query_set_time(q, from, to), XPI_OK);
    CHECK_STATUS(xpi_cube_tally(c, q, &t), XPI_OK);
    xpi_query_free(q);
    return t;
}

static void test_monthly(void)
{
    xpi_cube *c = months(NULL, 0);
    xpi_query *q = NULL;
    xpi_table *t = NULL;
    xpi_tally *jan, *mar, *both;
    xpi_estimate e;
    xpi_comparison cmp;
    size_t rows = 0;

    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_WINDOW, 2), XPI_OK);
    CHECK_STATUS(xpi_cube_series(c, q, XPI_PERIOD_MONTH, &t), XPI_OK);
    CHECK_STATUS(xpi_table_rows(t, &rows), XPI_OK);
    CHECK(rows == 3);
    check_label(t, 0, "2026-01");
    check_label(t, 1, "2026-02");
    check_label(t, 2, "2026-03");
    CHECK_NEAR(col(t, 0, XPI_COL_PERIOD_START), (double)JAN, 0);
    CHECK_NEAR(col(t, 1, XPI_COL_PERIOD_START), (double)FEB, 0);
    CHECK_NEAR(col(t, 2, XPI_COL_PERIOD_START), (double)MAR, 0);
    /* The gap: kept, empty. */
    CHECK_NEAR(col(t, 1, XPI_COL_N), 0, 0);
    CHECK(isnan(col(t, 1, XPI_COL_ESTIMATE)) && isnan(col(t, 1, XPI_COL_LOWER)));
    /* Each period is its own tally's estimate. */
    jan = tally_between(c, JAN, FEB);
    mar = tally_between(c, MAR, APR);
    both = tally_between(c, JAN, APR);
    CHECK_STATUS(xpi_tally_estimate(jan, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &e), XPI_OK);
    CHECK_NEAR(col(t, 0, XPI_COL_N), 40, 0);
    CHECK_NEAR(col(t, 0, XPI_COL_ESTIMATE), e.value, 1e-12);
    CHECK_NEAR(col(t, 0, XPI_COL_LOWER), e.lower, 1e-12);
    CHECK_NEAR(col(t, 0, XPI_COL_UPPER), e.upper, 1e-12);
    CHECK_NEAR(col(t, 0, XPI_COL_SE), e.se, 1e-12);
    /* March follows an empty month: no change reported. */
    CHECK(isnan(col(t, 2, XPI_COL_DIFF)) && isnan(col(t, 2, XPI_COL_P)));
    /* Rolling over two months: February's window is January's data,
     * March's is March's. */
    CHECK(isnan(col(t, 0, XPI_COL_ROLLING)));
    CHECK_NEAR(col(t, 1, XPI_COL_ROLLING), e.value, 1e-12);
    CHECK_NEAR(col(t, 1, XPI_COL_ROLLING_LOWER), e.lower, 1e-12);
    CHECK_NEAR(col(t, 1, XPI_COL_ROLLING_N), 40, 0);
    CHECK_STATUS(xpi_tally_estimate(mar, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &e), XPI_OK);
    CHECK_NEAR(col(t, 2, XPI_COL_ROLLING), e.value, 1e-12);
    CHECK_NEAR(col(t, 2, XPI_COL_ESTIMATE), e.value, 1e-12);
    /* The whole series. */
    CHECK_STATUS(xpi_tally_estimate(both, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &e), XPI_OK);
    CHECK_NEAR(fig(t, XPI_TABLE_N), 85, 0);
    CHECK_NEAR(fig(t, XPI_TABLE_ESTIMATE), e.value, 1e-12);
    CHECK_NEAR(fig(t, XPI_TABLE_LOWER), e.lower, 1e-12);
    xpi_table_free(t);

    /* Quarterly: one row; weekly from the query's range with leading and
     * trailing empty weeks; the change against the previous period. */
    CHECK_STATUS(xpi_cube_series(c, q, XPI_PERIOD_QUARTER, &t), XPI_OK);
    CHECK_STATUS(xpi_table_rows(t, &rows), XPI_OK);
    CHECK(rows == 1);
    check_label(t, 0, "2026-Q1");
    xpi_table_free(t);
    CHECK_STATUS(xpi_query_set_time(q, JAN - 10 * DAY, JAN + 20 * DAY), XPI_OK);
    CHECK_STATUS(xpi_cube_series(c, q, XPI_PERIOD_WEEK, &t), XPI_OK);
    CHECK_STATUS(xpi_table_rows(t, &rows), XPI_OK);
    /* 2025-12-22 (W52) .. 2026-01-20 (W04): W52, W01, W02, W03, W04. */
    CHECK(rows == 5);
    check_label(t, 0, "2025-W52");
    check_label(t, 1, "2026-W01");
    check_label(t, 4, "2026-W04");
    CHECK_NEAR(col(t, 1, XPI_COL_PERIOD_START), (double)(JAN - 3 * DAY), 0);
    /* Responses on Jan 6 (W02) and Jan 10 (W02). */
    CHECK_NEAR(col(t, 2, XPI_COL_N), 40, 0);
    CHECK_NEAR(col(t, 0, XPI_COL_N) + col(t, 1, XPI_COL_N) + col(t, 3, XPI_COL_N), 0, 0);
    xpi_table_free(t);

    CHECK_STATUS(xpi_query_reset(q), XPI_OK);
    CHECK_STATUS(xpi_cube_series(c, q, XPI_PERIOD_DAY, &t), XPI_OK);
    CHECK_STATUS(xpi_table_rows(t, &rows), XPI_OK);
    CHECK(rows == (size_t)((MAR + 20 * DAY - (JAN + 5 * DAY)) / DAY + 1));
    /* Jan 6 to Jan 10 are consecutive data days only with the gap between:
     * day 4 of the series (Jan 10) follows an empty day. */
    CHECK(isnan(col(t, 4, XPI_COL_DIFF)));
    xpi_table_free(t);
    xpi_tally_free(jan);
    xpi_tally_free(mar);
    xpi_tally_free(both);

    /* Consecutive data: the change is xpi_tally_compare's. */
    add_n(c, FEB + 3 * DAY, "chat", 8, 15);
    CHECK_STATUS(xpi_cube_series(c, q, XPI_PERIOD_MONTH, &t), XPI_OK);
    jan = tally_between(c, JAN, FEB);
    mar = tally_between(c, FEB, MAR);
    CHECK_STATUS(xpi_tally_compare(mar, jan, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &cmp), XPI_OK);
    CHECK_NEAR(col(t, 1, XPI_COL_DIFF), cmp.difference, 1e-12);
    CHECK_NEAR(col(t, 1, XPI_COL_DIFF_LOWER), cmp.lower, 1e-12);
    CHECK_NEAR(col(t, 1, XPI_COL_DIFF_UPPER), cmp.upper, 1e-12);
    CHECK_NEAR(col(t, 1, XPI_COL_P), cmp.p_value, 1e-12);
    xpi_table_free(t);
    xpi_tally_free(jan);
    xpi_tally_free(mar);
    xpi_query_free(q);
    xpi_cube_free(c);
}

/* With a UTC offset, periods are local: a response at 23:30 UTC on Jan 31
 * belongs to February at UTC+1, and February starts at 23:00 UTC. */
static void test_offset(void)
{
    xpi_cube *c = NULL;
    xpi_query *q = NULL;
    xpi_table *t = NULL;
    size_t rows = 0;
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 1, names, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_set_time(c, 3600, 3600), XPI_OK);
    add_n(c, FEB - 1800, "email", 10, 1);
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_series(c, q, XPI_PERIOD_MONTH, &t), XPI_OK);
    CHECK_STATUS(xpi_table_rows(t, &rows), XPI_OK);
    CHECK(rows == 1);
    check_label(t, 0, "2026-02");
    CHECK_NEAR(col(t, 0, XPI_COL_PERIOD_START), (double)(FEB - 3600), 0);
    xpi_table_free(t);
    xpi_query_free(q);
    xpi_cube_free(c);
}

static void test_from_tallies(void)
{
    xpi_tally *a = NULL, *b = NULL, *csat = NULL;
    const xpi_tally *list[4];
    xpi_query *q = NULL;
    xpi_table *t = NULL;
    xpi_estimate e;
    const char *label;
    size_t rows = 0;

    CHECK_STATUS(xpi_tally_new(&a, XPI_METRIC_NPS, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_new(&b, XPI_METRIC_NPS, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_new(&csat, XPI_METRIC_CSAT, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(a, 10, 20), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(a, 2, 5), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(b, 8, 7), XPI_OK);
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    list[0] = a;
    list[1] = NULL;
    list[2] = b;
    list[3] = a;
    CHECK_STATUS(xpi_series_from_tallies(list, 4, q, &t), XPI_OK);
    CHECK_STATUS(xpi_table_rows(t, &rows), XPI_OK);
    CHECK(rows == 4);
    CHECK_STATUS(xpi_table_label(t, 3, 0, &label, NULL), XPI_OK);
    CHECK(strcmp(label, "4") == 0);
    CHECK(isnan(col(t, 0, XPI_COL_PERIOD_START)));
    CHECK_STATUS(xpi_tally_estimate(a, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &e), XPI_OK);
    CHECK_NEAR(col(t, 3, XPI_COL_ESTIMATE), e.value, 1e-12);
    CHECK_NEAR(col(t, 1, XPI_COL_N), 0, 0);
    CHECK(!isnan(col(t, 3, XPI_COL_P)));
    /* Window 3 at row 3: b and a merged. */
    CHECK_NEAR(col(t, 3, XPI_COL_ROLLING_N), 32, 0);
    CHECK_STATUS(xpi_table_get(t, 0, XPI_COL_REST, &e.value), XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_table_figure(t, XPI_TABLE_CHI2, &e.value), XPI_ERR_NOT_APPLICABLE);
    xpi_table_free(t);

    t = (xpi_table *)&rows;
    list[1] = csat;
    CHECK_STATUS(xpi_series_from_tallies(list, 4, q, &t), XPI_ERR_SCALE_MISMATCH);
    list[0] = list[1] = list[2] = list[3] = NULL;
    CHECK_STATUS(xpi_series_from_tallies(list, 4, q, &t), XPI_ERR_NOT_ENOUGH_DATA);
    list[0] = b;
    xpi_tally_reset(b);
    CHECK_STATUS(xpi_series_from_tallies(list, 1, q, &t), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_series_from_tallies(NULL, 1, q, &t), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_series_from_tallies(list, 1, NULL, &t), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK(t == (xpi_table *)&rows);
    xpi_query_free(q);
    xpi_tally_free(a);
    xpi_tally_free(b);
    xpi_tally_free(csat);
}

static void test_bad_input(void)
{
    xpi_cube *c = months(NULL, 0);
    xpi_query *q = NULL;
    xpi_table *t = (xpi_table *)&c;
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_series(c, q, 0, &t), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_series(c, q, 6, &t), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_series(NULL, q, XPI_PERIOD_DAY, &t), XPI_ERR_INVALID_ARG);
    { /* A NULL query is the default one. */
        xpi_table *d = NULL;
        size_t rows = 0;
        CHECK_STATUS(xpi_cube_series(c, NULL, XPI_PERIOD_MONTH, &d), XPI_OK);
        CHECK_STATUS(xpi_table_rows(d, &rows), XPI_OK);
        CHECK(rows > 0);
        xpi_table_free(d);
    }
    CHECK_STATUS(xpi_cube_series(c, q, XPI_PERIOD_DAY, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_WINDOW, 0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_WINDOW, 2.5), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_query_set_param(q, XPI_QUERY_METHOD, XPI_CI_T), XPI_OK);
    CHECK_STATUS(xpi_cube_series(c, q, XPI_PERIOD_DAY, &t), XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_query_reset(q), XPI_OK);
    /* Every period empty. */
    CHECK_STATUS(xpi_query_set_time(q, APR, APR + 30 * DAY), XPI_OK);
    CHECK_STATUS(xpi_cube_series(c, q, XPI_PERIOD_DAY, &t), XPI_ERR_NOT_ENOUGH_DATA);
    /* Too many periods. */
    CHECK_STATUS(xpi_query_set_time(q, XPI_TIME_MIN, XPI_TIME_MAX), XPI_OK);
    CHECK_STATUS(xpi_cube_series(c, q, XPI_PERIOD_DAY, &t), XPI_ERR_OVERFLOW);
    CHECK(t == (xpi_table *)&c);
    /* The longest range is fine by years. */
    CHECK_STATUS(xpi_cube_series(c, q, XPI_PERIOD_YEAR, &t), XPI_OK);
    xpi_table_free(t);
    xpi_query_free(q);
    xpi_cube_free(c);
}

static void test_out_of_memory(void)
{
    long k;
    int done = 0;
    for (k = 0; k < 100 && !done; k++) {
        failing f;
        xpi_allocator a = failing_allocator(&f, -1);
        xpi_cube *c = months(&a, 0);
        xpi_query *q = NULL;
        xpi_table *t = (xpi_table *)&f;
        int status;
        CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
        f.fail_at = k;
        f.requests = 0;
        status = xpi_cube_series(c, q, XPI_PERIOD_WEEK, &t);
        f.fail_at = -1;
        if (status == XPI_OK) {
            done = 1;
            xpi_table_free(t);
        } else {
            CHECK_STATUS(status, XPI_ERR_NO_MEMORY);
            CHECK(t == (xpi_table *)&f);
        }
        xpi_query_free(q);
        xpi_cube_free(c);
        CHECK(f.live == 0);
    }
    CHECK(done);
}

int main(void)
{
    test_monthly();
    test_offset();
    test_from_tallies();
    test_bad_input();
    test_out_of_memory();
    return check_exit();
}
