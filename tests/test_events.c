/*
 * Events on series built from exact counts: a flat series raises none; a
 * step is one SHIFT at its period; a one-period dip is a DIP, not shifts;
 * a jump in the newest period is a SPIKE; a steady gentle rise is a TREND
 * with Sen's slope; the callback sees what the table holds; bad input;
 * out of memory.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "failing_alloc.h"
#include "xpi.h"

#define PERIODS 24

/* One period: detractors (score 3), passives (8), promoters (10). */
static xpi_tally *period(uint64_t d, uint64_t p, uint64_t pr, const xpi_allocator *a)
{
    xpi_tally *t = NULL;
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, a), XPI_OK);
    if (d > 0)
        CHECK_STATUS(xpi_tally_add_n(t, 3, d), XPI_OK);
    if (p > 0)
        CHECK_STATUS(xpi_tally_add_n(t, 8, p), XPI_OK);
    if (pr > 0)
        CHECK_STATUS(xpi_tally_add_n(t, 10, pr), XPI_OK);
    return t;
}

typedef struct seen {
    xpi_event items[16];
    size_t count;
    size_t stop_after; /* the callback asks to stop after this many (0: never) */
} seen;

static int collect(const xpi_event *e, void *user_data)
{
    seen *s = user_data;
    if (s->count < 16)
        s->items[s->count++] = *e;
    return s->stop_after != 0 && s->count >= s->stop_after;
}

/* The events of a series of PERIODS periods made by make(t). */
static xpi_table *events_of(xpi_tally *(*make)(size_t), seen *cb)
{
    xpi_tally *t[PERIODS];
    xpi_query *q = NULL;
    xpi_table *s = NULL, *e = NULL;
    size_t i;
    for (i = 0; i < PERIODS; i++)
        t[i] = make(i);
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_series_from_tallies((const xpi_tally *const *)t, PERIODS, q, &s), XPI_OK);
    cb->count = 0;
    CHECK_STATUS(xpi_series_events(s, q, collect, cb, &e), XPI_OK);
    for (i = 0; i < PERIODS; i++)
        xpi_tally_free(t[i]);
    xpi_table_free(s);
    xpi_query_free(q);
    return e;
}

static xpi_tally *flat(size_t t)
{
    (void)t;
    return period(60, 90, 150, NULL); /* NPS 30 */
}

static xpi_tally *step(size_t t)
{
    return t < 12 ? period(60, 90, 150, NULL) : period(90, 90, 120, NULL); /* 30 -> 10 */
}

static xpi_tally *dip(size_t t)
{
    return t == 12 ? period(100, 90, 110, NULL) : period(60, 90, 150, NULL); /* -> 3.3 */
}

static xpi_tally *late_spike(size_t t)
{
    return t == PERIODS - 1 ? period(30, 60, 210, NULL) : period(60, 90, 150, NULL); /* 60 */
}

static xpi_tally *rise(size_t t)
{
    /* NPS (80 + t) / 400: +0.25 a period, 6 points in all: too gentle for
     * a step between any two halves, plain to a trend test. */
    return period(80, 160 - t, 160 + t, NULL);
}

static xpi_tally *two_dips(size_t t)
{
    return t == 6 || t == 18 ? period(100, 90, 110, NULL) : period(60, 90, 150, NULL);
}

/* A callback that asks to stop gets no more events; the table has them all. */
static void test_callback_stops(void)
{
    seen cb;
    xpi_table *e;
    size_t rows = 0;
    memset(&cb, 0, sizeof cb);
    e = events_of(two_dips, &cb);
    CHECK_STATUS(xpi_table_rows(e, &rows), XPI_OK);
    CHECK(rows == 2 && cb.count == 2);
    xpi_table_free(e);
    memset(&cb, 0, sizeof cb);
    cb.stop_after = 1;
    e = events_of(two_dips, &cb);
    CHECK_STATUS(xpi_table_rows(e, &rows), XPI_OK);
    CHECK(rows == 2 && cb.count == 1);
    xpi_table_free(e);
}

static void check_one(const xpi_table *e, const seen *cb, int32_t kind, int32_t direction,
                      size_t row)
{
    size_t rows = 99;
    xpi_event ev;
    CHECK_STATUS(xpi_table_rows(e, &rows), XPI_OK);
    CHECK(rows == 1);
    CHECK(cb->count == rows);
    if (rows != 1)
        return;
    CHECK_STATUS(xpi_table_event(e, 0, &ev), XPI_OK);
    CHECK(ev.kind == kind && ev.direction == direction && ev.row == row);
    CHECK(memcmp(&ev, &cb->items[0], sizeof ev) == 0);
    CHECK(isnan(ev.period_start));
}

static void test_kinds(void)
{
    seen cb;
    xpi_table *e;
    xpi_event ev;
    double v;
    size_t rows = 99;

    memset(&cb, 0, sizeof cb);
    e = events_of(flat, &cb);
    CHECK_STATUS(xpi_table_rows(e, &rows), XPI_OK);
    CHECK(rows == 0 && cb.count == 0);
    xpi_table_free(e);

    e = events_of(step, &cb);
    check_one(e, &cb, XPI_EVENT_SHIFT, -1, 12);
    CHECK_STATUS(xpi_table_event(e, 0, &ev), XPI_OK);
    CHECK_NEAR(ev.magnitude, -20.0, 1e-12);
    CHECK(ev.evidence > 50.0 && isnan(ev.p_value));
    CHECK_STATUS(xpi_table_get(e, 0, XPI_COL_MAGNITUDE, &v), XPI_OK);
    CHECK_NEAR(v, -20.0, 1e-12);
    xpi_table_free(e);

    e = events_of(dip, &cb);
    check_one(e, &cb, XPI_EVENT_DIP, -1, 12);
    CHECK_STATUS(xpi_table_event(e, 0, &ev), XPI_OK);
    CHECK_NEAR(ev.magnitude, 100.0 * 10.0 / 300.0 - 30.0, 1e-9);
    CHECK(ev.p_value < 1e-6);
    xpi_table_free(e);

    e = events_of(late_spike, &cb);
    check_one(e, &cb, XPI_EVENT_SPIKE, 1, PERIODS - 1);
    xpi_table_free(e);

    e = events_of(rise, &cb);
    check_one(e, &cb, XPI_EVENT_TREND, 1, 0);
    CHECK_STATUS(xpi_table_event(e, 0, &ev), XPI_OK);
    CHECK_NEAR(ev.magnitude, 0.25, 1e-12);
    xpi_table_free(e);
}

static void test_bad_input(void)
{
    xpi_tally *t = period(1, 1, 1, NULL);
    const xpi_tally *list[1];
    xpi_query *q = NULL;
    xpi_table *s = NULL, *e = (xpi_table *)&t, *c = NULL;
    xpi_event ev;
    list[0] = t;
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_series_from_tallies(list, 1, q, &s), XPI_OK);
    CHECK_STATUS(xpi_series_events(NULL, q, NULL, NULL, &e), XPI_ERR_INVALID_ARG);
    { /* A NULL query is the default one. */
        xpi_table *d = NULL;
        CHECK_STATUS(xpi_series_events(s, NULL, NULL, NULL, &d), XPI_OK);
        xpi_table_free(d);
    }
    CHECK_STATUS(xpi_series_events(s, q, NULL, NULL, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_series_chart(s, XPI_CHART_SHEWHART, q, &c), XPI_OK);
    CHECK_STATUS(xpi_series_events(c, q, NULL, NULL, &e), XPI_ERR_INVALID_ARG);
    CHECK(e == (xpi_table *)&t);
    CHECK_STATUS(xpi_table_event(c, 0, &ev), XPI_ERR_INVALID_ARG);
    /* One period: nothing to say. Columns are probed whatever the rows. */
    CHECK_STATUS(xpi_series_events(s, q, NULL, NULL, &e), XPI_OK);
    {
        double v = 0.0;
        int32_t kind = 0;
        size_t keys = 9;
        CHECK_STATUS(xpi_table_kind(e, &kind, &keys), XPI_OK);
        CHECK(kind == XPI_TABLE_KIND_EVENTS && keys == 1);
        CHECK_STATUS(xpi_table_get(e, 0, XPI_COL_ESTIMATE, &v), XPI_ERR_NOT_APPLICABLE);
        CHECK_STATUS(xpi_table_get(e, 0, XPI_COL_EVENT_ROW, &v), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_table_kind(s, &kind, &keys), XPI_OK);
        CHECK(kind == XPI_TABLE_KIND_SERIES && keys == 1);
        CHECK_STATUS(xpi_table_kind(NULL, &kind, &keys), XPI_ERR_INVALID_ARG);
    }
    CHECK_STATUS(xpi_table_event(e, 0, &ev), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_table_event(e, 0, NULL), XPI_ERR_INVALID_ARG);
    xpi_table_free(e);
    xpi_table_free(c);
    xpi_table_free(s);
    xpi_query_free(q);
    xpi_tally_free(t);
}

static void test_out_of_memory(void)
{
    long k;
    int done = 0;
    for (k = 0; k < 200 && !done; k++) {
        failing f;
        xpi_allocator a = failing_allocator(&f, -1);
        xpi_tally *t[PERIODS];
        xpi_query *q = NULL;
        xpi_table *s = NULL, *e = (xpi_table *)&f;
        size_t i;
        int status;
        for (i = 0; i < PERIODS; i++)
            t[i] = i == 12 ? period(100, 90, 110, &a) : period(60, 90, 150, &a);
        CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
        CHECK_STATUS(xpi_series_from_tallies((const xpi_tally *const *)t, PERIODS, q, &s),
                     XPI_OK);
        f.fail_at = k;
        f.requests = 0;
        status = xpi_series_events(s, q, NULL, NULL, &e);
        f.fail_at = -1;
        if (status == XPI_OK) {
            done = 1;
            xpi_table_free(e);
        } else {
            CHECK_STATUS(status, XPI_ERR_NO_MEMORY);
            CHECK(e == (xpi_table *)&f);
        }
        xpi_table_free(s);
        xpi_query_free(q);
        for (i = 0; i < PERIODS; i++)
            xpi_tally_free(t[i]);
        CHECK(f.live == 0);
    }
    CHECK(done);
}

int main(void)
{
    test_callback_stops();
    test_kinds();
    test_bad_input();
    test_out_of_memory();
    return check_exit();
}
