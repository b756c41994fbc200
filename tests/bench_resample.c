/*
 * Benchmark: the cost of resampling and of the comparisons, which must not
 * grow with the number of responses. 10,000 bootstrap replicates of a tally
 * of a million NPS responses (the bar: well under a second), Bayesian
 * draws over bands and over the scale, the posterior probability of
 * superiority, and a comparison whose p-value comes from test inversion.
 * Run with `meson test --benchmark -C build` or directly; wall-clock
 * timings, best of a few rounds.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>

#include "xpi.h"

#define ROUNDS 5

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static xpi_tally *nps(uint64_t total, uint64_t seed_shift)
{
    static const double share[11] = { .03, .02, .03, .04, .05, .08, .10, .15, .15, .15, .20 };
    xpi_tally *t = NULL;
    int32_t s;
    if (xpi_tally_new(&t, XPI_METRIC_NPS, NULL) != XPI_OK)
        return NULL;
    for (s = 0; s <= 10; s++)
        xpi_tally_add_n(t, s, (uint64_t)(share[s] * (double)total) + seed_shift * (uint64_t)s);
    return t;
}

typedef int (*job)(const xpi_tally *a, const xpi_tally *b);

static int boot_percentile(const xpi_tally *a, const xpi_tally *b)
{
    xpi_estimate e;
    (void)b;
    return xpi_tally_bootstrap(a, XPI_STAT_NET, XPI_BOOT_PERCENTILE, 10000, 1, 0.95, &e);
}

static int boot_bca(const xpi_tally *a, const xpi_tally *b)
{
    xpi_estimate e;
    (void)b;
    return xpi_tally_bootstrap(a, XPI_STAT_NET, XPI_BOOT_BCA, 10000, 1, 0.95, &e);
}

static int bayes_bands(const xpi_tally *a, const xpi_tally *b)
{
    xpi_estimate e;
    (void)b;
    return xpi_tally_bayes(a, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 10000, 1, 0.95, &e);
}

static int bayes_scale(const xpi_tally *a, const xpi_tally *b)
{
    xpi_estimate e;
    (void)b;
    return xpi_tally_bayes(a, XPI_STAT_MEAN, XPI_BAYES_SCALE, 0.5, 10000, 1, 0.95, &e);
}

static int prob_greater(const xpi_tally *a, const xpi_tally *b)
{
    double p;
    return xpi_tally_prob_greater(a, b, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 10000, 1, &p);
}

static int compare_default(const xpi_tally *a, const xpi_tally *b)
{
    xpi_comparison c;
    return xpi_tally_compare(a, b, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &c);
}

static void time_job(const char *name, job f, const xpi_tally *a, const xpi_tally *b)
{
    double best = 1e300;
    int r;
    for (r = 0; r < ROUNDS; r++) {
        double t0 = now();
        if (f(a, b) != XPI_OK) {
            printf("%-44s failed\n", name);
            return;
        }
        if (now() - t0 < best)
            best = now() - t0;
    }
    printf("%-44s %10.3f ms\n", name, best * 1e3);
}

int main(void)
{
    static const double sizes[] = { 1e3, 1e6, 1e9 };
    size_t i;
    for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        xpi_tally *a = nps((uint64_t)sizes[i], 0), *b = nps((uint64_t)sizes[i], 1);
        uint64_t n = 0;
        xpi_tally_total(a, &n);
        printf("n = %llu responses\n", (unsigned long long)n);
        time_job("  bootstrap percentile, 10000 replicates", boot_percentile, a, b);
        time_job("  bootstrap BCa, 10000 replicates", boot_bca, a, b);
        time_job("  Bayes net over bands, 10000 draws", bayes_bands, a, b);
        time_job("  Bayes mean over 11 points, 10000 draws", bayes_scale, a, b);
        time_job("  P(a > b), 10000 paired draws", prob_greater, a, b);
        time_job("  compare net, default (test inversion)", compare_default, a, b);
        xpi_tally_free(a);
        xpi_tally_free(b);
    }
    return 0;
}
