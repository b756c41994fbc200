/*
 * Benchmark: bulk add of unweighted and weighted scores (responses per
 * second), single adds, and estimate cost against the number of responses
 * (it must not grow with n). Run with `meson test --benchmark -C build`
 * or directly; timings are wall-clock, so run on an idle machine.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "xpi.h"

#define N ((size_t)10 * 1000 * 1000)
#define ROUNDS 10

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A fixed pseudo-random NPS-like mix (xorshift), not all one score. */
static void fill(int32_t *scores, double *weights, size_t n)
{
    uint32_t x = 2463534242u;
    size_t i;
    for (i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        scores[i] = (int32_t)(x % 11u);
        weights[i] = 0.5 + (double)(x >> 24) / 256.0;
    }
}

static double estimate_seconds(const xpi_tally *t, int reps)
{
    xpi_estimate e;
    double t0 = now();
    int i;
    for (i = 0; i < reps; i++)
        if (xpi_tally_estimate(t, XPI_STAT_NET, XPI_CI_SCORE, 0.95, &e) != XPI_OK)
            return -1.0;
    return (now() - t0) / reps;
}

int main(void)
{
    int32_t *scores = malloc(N * sizeof *scores);
    double *weights = malloc(N * sizeof *weights);
    xpi_tally *t = NULL, *big = NULL;
    double t0, secs, best = 1e300;
    int r;
    size_t i;

    if (scores == NULL || weights == NULL || xpi_tally_new(&t, XPI_METRIC_NPS, NULL) != XPI_OK)
        return 1;
    fill(scores, weights, N);

    for (r = 0; r < ROUNDS; r++) {
        t0 = now();
        if (xpi_tally_add_array(t, scores, NULL, N) != XPI_OK)
            return 1;
        secs = now() - t0;
        if (secs < best)
            best = secs;
    }
    printf("add_array unweighted: %.3g responses/s (%.3f ns/response, best of %d x %zu)\n",
           (double)N / best, best / (double)N * 1e9, ROUNDS, N);

    best = 1e300;
    for (r = 0; r < 3; r++) {
        t0 = now();
        if (xpi_tally_add_array(t, scores, weights, N) != XPI_OK)
            return 1;
        secs = now() - t0;
        if (secs < best)
            best = secs;
    }
    printf("add_array weighted:   %.3g responses/s (%.3f ns/response)\n", (double)N / best,
           best / (double)N * 1e9);

    t0 = now();
    for (i = 0; i < N; i++)
        if (xpi_tally_add(t, scores[i], 1.0) != XPI_OK)
            return 1;
    secs = now() - t0;
    printf("add one at a time:    %.3g responses/s (%.3f ns/response)\n", (double)N / secs,
           secs / (double)N * 1e9);

    /* Estimates: 100 responses against ~10^12. */
    if (xpi_tally_new(&big, XPI_METRIC_NPS, NULL) != XPI_OK)
        return 1;
    if (xpi_tally_add_array(big, scores, NULL, 100) != XPI_OK)
        return 1;
    printf("estimate (score), n = 100:    %.3f us\n", estimate_seconds(big, 20000) * 1e6);
    for (r = 0; r <= 10; r++)
        if (xpi_tally_add_n(big, r, (uint64_t)1e11) != XPI_OK)
            return 1;
    printf("estimate (score), n = 1.1e12: %.3f us\n", estimate_seconds(big, 20000) * 1e6);

    xpi_tally_free(t);
    xpi_tally_free(big);
    free(scores);
    free(weights);
    return 0;
}
