/*
 * Calibrates the change-point penalty to false-alarm rates by simulation:
 * for T periods and df + 1 categories, draws series without any change
 * (every period n responses from one multinomial), finds for each the
 * smallest penalty at which the optimal segmentation (minimum segment 2)
 * has no change, and prints the 90%, 95% and 99% quantiles: penalties
 * with false-alarm rates 10%, 5% and 1%. Its output is
 * lib/changepoint_table.c's table; rerun after changing the cost:
 *   build/tools/calibrate_changes [df ...] > table.txt   (minutes per df)
 * Uses the library's own samplers and PELT, through the static library.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "xpi_internal.h"

#define SIMS 2000       /* series per T up to 240 */
#define SIMS_LONG 500   /* beyond: each costs O(T^2) per penalty tried */
#define N_PER_PERIOD 500.0
#define MIN_SEG 2

static const size_t periods[] = {4,  6,  8,   10,  12,  15,  18,  24,  30,
                                 36, 48, 60,  90,  120, 180, 240, 365, 730};
static const size_t dfs[] = {1, 2, 4, 6, 10};

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The smallest penalty with no change, by bisection (the number of
 * changes of the optimum does not increase with the penalty). */
static double required_penalty(const double *prefix, size_t k, size_t n, double *cost,
                               size_t *last, size_t *cand, double *sums, size_t *dominated,
                               size_t *changes)
{
    double lo = 0.0, hi = 1.0;
    size_t count;
    int i;
    for (;;) {
        xpi_change_pelt(prefix, k, n, hi, MIN_SEG, cost, last, cand, sums, dominated, changes, &count);
        if (count == 0)
            break;
        lo = hi;
        hi *= 2.0;
    }
    for (i = 0; i < 30 && hi - lo > 1e-4 * hi; i++) {
        double mid = (lo + hi) / 2.0;
        xpi_change_pelt(prefix, k, n, mid, MIN_SEG, cost, last, cand, sums, dominated, changes, &count);
        if (count == 0)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

int main(int argc, char **argv)
{
    xpi_rng r;
    size_t a, b;
    int arg;
    xpi_rng_seed(&r, 20261123);
    printf("/* T, df, penalty at false-alarm rates 10%%, 5%%, 1%% (%d series each, %d beyond "
           "T = 240; n = %g per period; minimum segment %d) */\n",
           SIMS, SIMS_LONG, N_PER_PERIOD, MIN_SEG);
    for (b = 0; b < sizeof dfs / sizeof dfs[0]; b++) {
        size_t k = dfs[b] + 1;
        /* Optional arguments: only these df (to run in parallel). */
        for (arg = 1; arg < argc && (size_t)atoi(argv[arg]) != dfs[b]; arg++)
            ;
        if (argc > 1 && arg == argc)
            continue;
        xpi_rng_seed(&r, 20261123 + dfs[b]);
        double prob[16], cond[16];
        size_t j;
        for (j = 0; j < k; j++)
            prob[j] = 1.0 / (double)k;
        xpi_rng_multinomial_prepare(prob, k, cond);
        for (a = 0; a < sizeof periods / sizeof periods[0]; a++) {
            size_t n = periods[a], s, t, sims = n > 240 ? SIMS_LONG : SIMS;
            double *prefix = calloc((n + 1) * k, sizeof *prefix), *cost = calloc(n + 1, sizeof *cost);
            double *sums = calloc(n + 2, sizeof *sums);
            double *req = calloc(SIMS, sizeof *req), counts[16];
            size_t *last = calloc(n + 1, sizeof *last), *cand = calloc(n + 2, sizeof *cand);
            size_t *changes = calloc(n + 1, sizeof *changes);
            size_t *dominated = calloc(n + 2, sizeof *dominated);
            if (!prefix || !cost || !sums || !req || !last || !cand || !changes || !dominated)
                return 1;
            for (s = 0; s < sims; s++) {
                for (t = 0; t < n; t++) {
                    xpi_rng_multinomial(&r, N_PER_PERIOD, cond, k, counts);
                    for (j = 0; j < k; j++)
                        prefix[(t + 1) * k + j] = prefix[t * k + j] + counts[j];
                }
                req[s] = required_penalty(prefix, k, n, cost, last, cand, sums, dominated, changes);
            }
            qsort(req, sims, sizeof *req, by_value);
            printf("    {%zu, %zu, %.4f, %.4f, %.4f},\n", n, dfs[b],
                   req[(size_t)(0.90 * (double)sims)], req[(size_t)(0.95 * (double)sims)],
                   req[(size_t)(0.99 * (double)sims)]);
            fflush(stdout);
            free(prefix);
            free(cost);
            free(sums);
            free(req);
            free(last);
            free(cand);
            free(changes);
            free(dominated);
        }
    }
    return 0;
}
