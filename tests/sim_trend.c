/*
 * Trend detection under simulation (NPS, 24 monthly periods):
 * - false alarms: no change, 150 responses a month, NPS 30: how often each
 *   detector flags anything (change points at the calibrated 5%; Shewhart,
 *   EWMA and CUSUM at their defaults; Mann-Kendall at 5%);
 * - power: a sustained 10-point drop from month 13 with 300 responses a
 *   month: how often change points find a change within 3 periods of it;
 *   and a one-month 20-point dip at month 13: how often change points put
 *   changes around it and how often Shewhart flags it.
 * Not part of the default run: `meson test --benchmark -C build sim_trend`
 * or build/tests/sim_trend [series]. Exits 1 when the change points' false
 * alarms exceed 5% by more than two Monte Carlo standard errors.
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
    printf("false alarms (150 a month, no change): change points %.2f%%, Shewhart %.2f%%, "
           "EWMA %.2f%%, CUSUM %.2f%%, Mann-Kendall %.2f%%\n",
           100.0 * fa_changes / runs, 100.0 * fa_shewhart / runs, 100.0 * fa_ewma / runs,
           100.0 * fa_cusum / runs, 100.0 * fa_mk / runs);
    printf("10-point shift at month %d (300 a month): change found within 3 periods in %.2f%%\n",
           START + 1, 100.0 * shift_found / runs);
    printf("20-point one-month dip at month %d (300 a month): change points %.2f%%, Shewhart "
           "flags the month %.2f%%\n",
           START + 1, 100.0 * dip_changes / runs, 100.0 * dip_shewhart / runs);
    if (fa_changes / runs > 0.05 + 2.0 * sqrt(0.05 * 0.95 / runs))
        failed = 1;
    for (i = 0; i < PERIODS; i++)
        xpi_tally_free(t[i]);
    xpi_query_free(q);
    return failed;
}
