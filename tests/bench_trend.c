/*
 * Benchmark: the Mann-Kendall test, and Sen's slope with its interval, on
 * long series (a drifting series with noise, and one of integer scores with
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
                if (xpi_sen_slope(v, n, 0.95, NULL, &sl) != XPI_OK)
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
    return 0;
}
