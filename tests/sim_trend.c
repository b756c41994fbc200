/*
 * Trend detection under simulation (NPS, 24 monthly periods):
 * - false alarms: no change, 150 responses a month, NPS 30: how often the
 *   default event detection raises any event (the bar: at most 5%), and
 *   how often each detector alone flags anything;
 * - power: a sustained 10-point drop from month 13 with 300 responses a
 *   month: how often a SHIFT event starts within 3 periods of it (months
 *   10 to 16; the bar: at least 80%; also reported: months 13 to 15 only);
 *   a one-month 20-point dip at month 13:
 *   how often a DIP event is reported there and no SHIFT (the bar: 80%).
 * Not part of the default run: `meson test --benchmark -C build sim_trend`
 * or build/tests/sim_trend [series]. Exits 1 when a bar is missed by more
 * than two Monte Carlo standard errors.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "xpi_internal.h"

#define PERIODS 24
#define START 12 /* 0-based period where the change starts */

/* NPS 30: 20% detractors, 30% passives, 50% promoters; a 10-point drop
 * moves 5 points of promoters to passives and 5 of passives to
 * detractors; the 20-point dip twice that. */
static void shares(double drop, double *p)
{
    double low = 0.20 + drop / 200.0, high = 0.50 - drop / 200.0, mid = 1.0 - low - high;
    int i;
    for (i = 0; i < 7; i++)
        p[i] = low / 7.0;
    p[7] = p[8] = mid / 2.0;
    p[9] = p[10] = high / 2.0;
}

static xpi_table *draw_series(xpi_rng *r, double n, int kind, xpi_tally **t, xpi_query *q)
{
    size_t i, j;
    xpi_table *s = NULL;
    for (i = 0; i < PERIODS; i++) {
        double p[11], cond[11], counts[11];
        double drop = kind == 1 && i >= START ? 10.0 : kind == 2 && i == START ? 20.0 : 0.0;
        shares(drop, p);
        xpi_rng_multinomial_prepare(p, 11, cond);
        xpi_rng_multinomial(r, n, cond, 11, counts);
        xpi_tally_reset(t[i]);
        for (j = 0; j < 11; j++)
            if (counts[j] > 0)
                xpi_tally_add_n(t[i], (int32_t)j, (uint64_t)counts[j]);
    }
    if (xpi_series_from_tallies((const xpi_tally *const *)t, PERIODS, q, &s) != XPI_OK)
        exit(2);
    return s;
}

/* 1 when the events include kind starting in rows [from, to), and none of
 * kind `unless` anywhere. */
static int has_event(const xpi_table *s, const xpi_query *q, int32_t kind, int64_t from,
                     int64_t to, int32_t unless)
{
    xpi_table *e;
    size_t rows = 0, i;
    int found = 0, spoiled = 0;
    if (xpi_series_events(s, q, NULL, NULL, &e) != XPI_OK)
        exit(2);
    xpi_table_rows(e, &rows);
    for (i = 0; i < rows; i++) {
        xpi_event ev;
        xpi_table_event(e, i, &ev);
        found |= ev.kind == kind && (int64_t)ev.row >= from && (int64_t)ev.row < to;
        spoiled |= ev.kind == unless;
    }
    xpi_table_free(e);
    return found && !spoiled;
}

static double figure(const xpi_table *t, int32_t key)
{
    double v = 0.0;
    xpi_table_figure(t, key, &v);
    return v;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 2000, run, failed = 0;
    xpi_tally *t[PERIODS];
    xpi_query *q;
    xpi_rng r;
    double fa_changes = 0, fa_shewhart = 0, fa_ewma = 0, fa_cusum = 0, fa_mk = 0;
    double shift_found = 0, dip_changes = 0, dip_shewhart = 0;
    double ev_any = 0, ev_shift = 0, ev_shift_after = 0, ev_dip = 0;
    size_t i;

    for (i = 0; i < PERIODS; i++)
        if (xpi_tally_new(&t[i], XPI_METRIC_NPS, NULL) != XPI_OK)
            return 2;
    if (xpi_query_new(&q, NULL) != XPI_OK)
        return 2;
    xpi_rng_seed(&r, 20261123);
    for (run = 0; run < runs; run++) {
        xpi_table *s = draw_series(&r, 150.0, 0, t, q), *c;
        double est[PERIODS];
        xpi_trend_test mk;
        int32_t chart;
        xpi_series_events(s, q, NULL, NULL, &c);
        ev_any += figure(c, XPI_TABLE_SIGNALS) > 0;
        xpi_table_free(c);
        xpi_series_changes(s, q, &c);
        fa_changes += figure(c, XPI_TABLE_SIGNALS) > 0;
        xpi_table_free(c);
        for (chart = XPI_CHART_SHEWHART; chart <= XPI_CHART_CUSUM; chart++) {
            xpi_series_chart(s, chart, q, &c);
            if (figure(c, XPI_TABLE_SIGNALS) > 0)
                *(chart == 1 ? &fa_shewhart : chart == 2 ? &fa_ewma : &fa_cusum) += 1;
            xpi_table_free(c);
        }
        for (i = 0; i < PERIODS; i++)
            xpi_table_get(s, i, XPI_COL_ESTIMATE, &est[i]);
        xpi_mann_kendall(est, PERIODS, XPI_MK_ORIGINAL, 0, NULL, &mk);
        fa_mk += mk.p_value < 0.05;
        xpi_table_free(s);

        s = draw_series(&r, 300.0, 1, t, q);
        ev_shift += has_event(s, q, XPI_EVENT_SHIFT, START - 3, START + 4, -1);
        ev_shift_after += has_event(s, q, XPI_EVENT_SHIFT, START, START + 3, -1);
        xpi_series_changes(s, q, &c);
        {
            size_t rows = 0, k;
            xpi_table_rows(c, &rows);
            for (k = 0; k < rows; k++) {
                const char *label;
                long at;
                xpi_table_label(c, k, 0, &label, NULL);
                at = strtol(label, NULL, 10) - 1;
                if (at >= START && at < START + 3) {
                    shift_found += 1;
                    break;
                }
            }
        }
        xpi_table_free(c);
        xpi_table_free(s);

        s = draw_series(&r, 300.0, 2, t, q);
        ev_dip += has_event(s, q, XPI_EVENT_DIP, START, START + 1, XPI_EVENT_SHIFT);
        xpi_series_changes(s, q, &c);
        dip_changes += figure(c, XPI_TABLE_SIGNALS) > 0;
        xpi_table_free(c);
        xpi_series_chart(s, XPI_CHART_SHEWHART, q, &c);
        {
            double sig = 0.0;
            xpi_table_get(c, START, XPI_COL_CHART_SIGNAL, &sig);
            dip_shewhart += sig < 0.0;
        }
        xpi_table_free(c);
        xpi_table_free(s);
    }
    printf("NPS 30, %d periods, %d series each\n", PERIODS, runs);
    printf("events (defaults): any event without change %.2f%% (bar <= 5%%)\n",
           100.0 * ev_any / runs);
    printf("  10-point shift from month %d: a SHIFT starting within 3 periods of it (months "
           "%d-%d) %.2f%% (bar >= 80%%); starting in months %d-%d %.2f%%\n",
           START + 1, START - 2, START + 4, 100.0 * ev_shift / runs, START + 1, START + 3,
           100.0 * ev_shift_after / runs);
    printf("  20-point dip in month %d: a DIP there and no SHIFT %.2f%% (bar >= 80%%)\n",
           START + 1, 100.0 * ev_dip / runs);
    printf("false alarms (150 a month, no change): change points %.2f%%, Shewhart %.2f%%, "
           "EWMA %.2f%%, CUSUM %.2f%%, Mann-Kendall %.2f%%\n",
           100.0 * fa_changes / runs, 100.0 * fa_shewhart / runs, 100.0 * fa_ewma / runs,
           100.0 * fa_cusum / runs, 100.0 * fa_mk / runs);
    printf("10-point shift at month %d (300 a month): change found within 3 periods in %.2f%%\n",
           START + 1, 100.0 * shift_found / runs);
    printf("20-point one-month dip at month %d (300 a month): change points %.2f%%, Shewhart "
           "flags the month %.2f%%\n",
           START + 1, 100.0 * dip_changes / runs, 100.0 * dip_shewhart / runs);
    if (ev_any / runs > 0.05 + 2.0 * sqrt(0.05 * 0.95 / runs) ||
        ev_shift / runs < 0.80 - 2.0 * sqrt(0.8 * 0.2 / runs) ||
        ev_dip / runs < 0.80 - 2.0 * sqrt(0.8 * 0.2 / runs))
        failed = 1;
    for (i = 0; i < PERIODS; i++)
        xpi_tally_free(t[i]);
    xpi_query_free(q);
    return failed;
}
