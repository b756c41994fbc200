/*
 * Benchmark: breakdowns over 10,000 segments (agents). The cost has two
 * parts: grouping the selected cells (O(cells)) and the statistics of each
 * segment (O(segments)); the runs below vary the cells per segment (days
 * of data) and the interval method. Also: a crosstab and a decomposition
 * at the same scale. Wall-clock, best of several rounds.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "xpi.h"

#define AGENTS 10000
#define DAY 86400
#define T0 INT64_C(1767225600)
#define ROUNDS 7

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* per_agent_day responses for every agent on each of days days; agent
 * quality varies so that the table has real differences. */
static xpi_cube *make_cube(int days, int per_agent_day)
{
    static const char *const names[] = {"agent", "channel"};
    xpi_cube *c;
    uint32_t agent_ids[AGENTS], channel_ids[4], x = 2463534242u;
    int d, a, k;
    char name[32];
    if (xpi_cube_new(&c, XPI_METRIC_NPS, 2, names, NULL) != XPI_OK)
        exit(1);
    for (a = 0; a < AGENTS; a++) {
        sprintf(name, "agent-%05d", a);
        xpi_cube_intern(c, 0, name, &agent_ids[a]);
    }
    for (k = 0; k < 4; k++) {
        sprintf(name, "channel-%d", k);
        xpi_cube_intern(c, 1, name, &channel_ids[k]);
    }
    for (d = 0; d < days; d++)
        for (a = 0; a < AGENTS; a++)
            for (k = 0; k < per_agent_day; k++) {
                uint32_t ids[2];
                int32_t score;
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                score = (int32_t)(x % 11u);
                if (a % 50 == 0 && score > 6 && x % 3u == 0)
                    score -= 4; /* a few harsher agents */
                ids[0] = agent_ids[a];
                ids[1] = channel_ids[(x >> 8) % 4u];
                if (xpi_cube_add_ids(c, T0 + d * DAY + (int64_t)(x % DAY), ids, score, 1.0) !=
                    XPI_OK)
                    exit(1);
            }
    return c;
}

static double best_breakdown(const xpi_cube *c, const xpi_query *q, size_t *rows)
{
    double best = 1e30;
    int r;
    for (r = 0; r < ROUNDS; r++) {
        xpi_table *t;
        double t0 = now(), dt;
        if (xpi_cube_breakdown(c, 0, q, &t) != XPI_OK)
            exit(1);
        dt = now() - t0;
        xpi_table_rows(t, rows);
        xpi_table_free(t);
        if (dt < best)
            best = dt;
    }
    return best;
}

int main(int argc, char **argv)
{
    static int days[] = {1, 7, 30};
    static const int32_t methods[] = {XPI_CI_DEFAULT, XPI_CI_WALD};
    static const char *const method_names[] = {"default (Tango)", "wald"};
    xpi_query *q;
    size_t i, m, ndays = sizeof days / sizeof days[0];

    if (argc > 1) { /* one run: bench_breakdown DAYS */
        days[0] = atoi(argv[1]);
        ndays = 1;
    }
    if (xpi_query_new(&q, NULL) != XPI_OK)
        return 1;
    printf("breakdown by agent, %d agents, NPS, best of %d\n", AGENTS, ROUNDS);
    printf("%6s %9s %11s %18s %10s %12s\n", "days", "cells", "responses", "method", "ms",
           "us/segment");
    for (i = 0; i < ndays; i++) {
        uint64_t n, cells;
        xpi_cube *c = make_cube(days[i], 3);
        xpi_cube_stats(c, &n, &cells, NULL);
        for (m = 0; m < 2; m++) {
            size_t rows = 0;
            double dt;
            xpi_query_set_param(q, XPI_QUERY_METHOD, methods[m]);
            dt = best_breakdown(c, q, &rows);
            printf("%6d %9llu %11llu %18s %10.3f %12.3f\n", days[i], (unsigned long long)cells,
                   (unsigned long long)n, method_names[m], dt * 1e3, dt * 1e6 / (double)rows);
        }
        if (days[i] == 30) {
            xpi_query *a, *b;
            xpi_table *t;
            double t0, best = 1e30;
            int r;
            xpi_query_new(&a, NULL);
            xpi_query_new(&b, NULL);
            xpi_query_set_time(a, T0, T0 + 15 * DAY);
            xpi_query_set_time(b, T0 + 15 * DAY, T0 + 30 * DAY);
            for (r = 0; r < ROUNDS; r++) {
                t0 = now();
                if (xpi_cube_decompose(c, 0, a, b, &t) != XPI_OK)
                    return 1;
                if (now() - t0 < best)
                    best = now() - t0;
                xpi_table_free(t);
            }
            printf("decomposition by agent, two halves of 30 days: %.3f ms\n", best * 1e3);
            best = 1e30;
            xpi_query_set_param(q, XPI_QUERY_METHOD, XPI_CI_DEFAULT);
            for (r = 0; r < ROUNDS; r++) {
                t0 = now();
                if (xpi_cube_crosstab(c, 0, 1, q, &t) != XPI_OK)
                    return 1;
                if (now() - t0 < best)
                    best = now() - t0;
                xpi_table_free(t);
            }
            printf("crosstab agent x channel (40,000 cells of the table), 30 days: %.3f ms\n",
                   best * 1e3);
            xpi_query_free(a);
            xpi_query_free(b);
        }
        xpi_cube_free(c);
    }
    xpi_query_free(q);
    return 0;
}
