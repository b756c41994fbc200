/*
 * Benchmark: the Mann-Kendall test, Sen's slope with its interval, and
 * change points, on long series (a drifting series with noise, and one of integer scores with
 * many ties). Wall-clock, best of three.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "xpi.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Change points over a long series: 10,000 periods of 200 NPS responses
 * whose level changes every 250 periods, and the same without changes. */
static void bench_changes(void)
{
    enum { PERIODS = 10000 };
    static xpi_tally *t[PERIODS];
    xpi_query *q;
    xpi_table *s, *c;
    uint32_t x = 88172645u;
    size_t i, rows = 0;
    int kind;
    for (kind = 0; kind < 2; kind++) {
        double best = 1e30, penalty = 0.0;
        int r;
        for (i = 0; i < PERIODS; i++) {
            int j, shift = kind == 0 && (i / 250) % 2 ? 2 : 0; /* NPS up about 25 */
            if (t[i] == NULL && xpi_tally_new(&t[i], XPI_METRIC_NPS, NULL) != XPI_OK)
                exit(1);
            xpi_tally_reset(t[i]);
            for (j = 0; j < 200; j++) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                xpi_tally_add(t[i], (int32_t)(x % 11u) + shift > 10 ? 10 : (int32_t)(x % 11u) + shift,
                              1.0);
            }
        }
        if (xpi_query_new(&q, NULL) != XPI_OK ||
            xpi_series_from_tallies((const xpi_tally *const *)t, PERIODS, q, &s) != XPI_OK)
            exit(1);
        for (r = 0; r < 3; r++) {
            double t0 = now();
            if (xpi_series_changes(s, q, &c) != XPI_OK)
                exit(1);
            if (now() - t0 < best)
                best = now() - t0;
            xpi_table_rows(c, &rows);
            xpi_table_figure(c, XPI_TABLE_PENALTY, &penalty);
            xpi_table_free(c);
        }
        printf("change points, %d periods %-22s %9.3f ms (%zu changes, penalty %.2f)\n",
               PERIODS, kind == 0 ? "(a change every 250):" : "(no change):", best * 1e3, rows,
               penalty);
        xpi_table_free(s);
        xpi_query_free(q);
    }
    for (i = 0; i < PERIODS; i++)
        xpi_tally_free(t[i]);
}

int main(void)
{
    static const size_t sizes[] = {1000, 100000, 1000000};
    size_t s, i;
    for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        double *v = malloc(n * sizeof *v);
        int kind;
        uint32_t x = 2463534242u;
        if (v == NULL)
            return 1;
        for (kind = 0; kind < 2; kind++) {
            double best = 1e30, best_mk = 1e30;
            int r;
            xpi_trend_test t;
            xpi_slope sl;
            for (i = 0; i < n; i++) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                v[i] = kind == 0 ? 1e-6 * (double)i + (double)x / 4294967296.0
                                 : (double)(x % 11u) + (double)(i * 3 / n);
            }
            for (r = 0; r < 3; r++) {
                double t0 = now();
                if (xpi_mann_kendall(v, n, XPI_MK_ORIGINAL, 0, NULL, &t) != XPI_OK)
                    return 1;
                if (now() - t0 < best_mk)
                    best_mk = now() - t0;
                t0 = now();
                if (xpi_sen_slope(v, n, 0, 0.95, NULL, &sl) != XPI_OK)
                    return 1;
                if (now() - t0 < best)
                    best = now() - t0;
            }
            printf("n = %8zu %-12s Mann-Kendall %9.3f ms (S %.0f, z %.2f); Sen's slope with "
                   "interval %9.3f ms (%.3g [%.3g, %.3g])\n",
                   n, kind == 0 ? "continuous" : "ties (0-10)", best_mk * 1e3, t.s, t.z,
                   best * 1e3, sl.slope, sl.lower, sl.upper);
        }
        free(v);
    }
    bench_changes();
    return 0;
}
