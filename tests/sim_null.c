/*
 * Null rejection rates: for every test, draw many pairs of groups from the
 * same distribution (or one group whose true value is the target) and count
 * how often p < 0.05. A calibrated test rejects 5% of the time; the bar is
 * [4%, 6%] at n = 200 per group. Not part of the default test run (it takes
 * a while): `meson test --benchmark -C build sim_null`, or run
 * build/tests/sim_null [replicates] [n] directly. Exits 1 when a rate
 * leaves [4%, 6%].
 *
 * The groups are drawn with the library's own multinomial sampler (checked
 * against the exact binomial in test_rng.c), reached through the static
 * library.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>
#include <stdio.h>
#include "xpi_internal.h"

#define ALPHA 0.05
#define LOW 0.04
#define HIGH 0.06

/* Typical shapes: NPS with 35% detractors / 30% passives / 35% promoters,
 * and a skewed one with 60% promoters; CSAT with 75% satisfied; CES. */
static const double nps_even[11] = { .03, .02, .03, .04, .05, .08, .10, .15, .15, .15, .20 };
static const double nps_skewed[11] = { .01, .01, .01, .01, .02, .02, .02, .10, .20, .30, .30 };
static const double csat_shape[5] = { .05, .07, .13, .35, .40 };
static const double ces_shape[7] = { .03, .05, .08, .14, .25, .25, .20 };

typedef struct population {
    const char *name;
    int32_t metric;
    const double *prob;
    size_t points;
} population;

static void draw(xpi_rng *r, const population *pop, double n, xpi_tally *t)
{
    double counts[11], cond[11];
    size_t i;
    int32_t min = 0;
    xpi_tally_reset(t);
    xpi_tally_scale(t, NULL, &min, NULL, NULL, NULL, NULL);
    xpi_rng_multinomial_prepare(pop->prob, pop->points, cond);
    xpi_rng_multinomial(r, n, cond, pop->points, counts);
    for (i = 0; i < pop->points; i++)
        xpi_tally_add_n(t, min + (int32_t)i, (uint64_t)counts[i]);
}

/* The true value of a statistic, in its units, from the shape. */
static double truth(const population *pop, const xpi_tally *t, int32_t stat)
{
    int32_t min = 0, low_max = 0, high_min = 0;
    double v = 0.0;
    size_t i;
    xpi_tally_scale(t, NULL, &min, NULL, &low_max, &high_min, NULL);
    for (i = 0; i < pop->points; i++) {
        int32_t s = min + (int32_t)i;
        double p = pop->prob[i];
        if (stat == XPI_STAT_MEAN)
            v += p * s;
        else if (stat == XPI_STAT_NET)
            v += p * (s >= high_min ? 100.0 : s <= low_max ? -100.0 : 0.0);
        else
            v += p * (s >= high_min ? 100.0 : 0.0);
    }
    return v;
}

typedef struct test_case {
    const char *name;
    int kind; /* 0 compare, 1 test_value, 2 chi2 bands, 3 chi2 scale, 4 mann-whitney */
    int32_t stat, method;
    const population *pop;
} test_case;

static int run(const test_case *c, int replicates, double n, xpi_rng *r, double *rate)
{
    xpi_tally *a = NULL, *b = NULL;
    int i, rejected = 0, done = 0;
    xpi_tally_new(&a, c->pop->metric, NULL);
    xpi_tally_new(&b, c->pop->metric, NULL);
    for (i = 0; i < replicates; i++) {
        double p = 1.0;
        int status;
        draw(r, c->pop, n, a);
        draw(r, c->pop, n, b);
        if (c->kind == 0) {
            xpi_comparison out;
            status = xpi_tally_compare(a, b, c->stat, c->method, 1.0 - ALPHA, &out);
            p = out.p_value;
        } else if (c->kind == 1) {
            xpi_comparison out;
            status = xpi_tally_test_value(a, c->stat, c->method, truth(c->pop, a, c->stat),
                                          1.0 - ALPHA, &out);
            p = out.p_value;
        } else if (c->kind == 4) {
            xpi_rank_test out;
            status = xpi_tally_mann_whitney(a, b, &out);
            p = out.p_value;
        } else {
            const xpi_tally *pair[2];
            xpi_chi2_test out;
            pair[0] = a;
            pair[1] = b;
            status = xpi_tally_chi2(pair, 2, c->kind == 2 ? XPI_CHI2_BANDS : XPI_CHI2_SCALE,
                                    &out);
            p = out.p_value;
        }
        if (status != XPI_OK)
            continue;
        done++;
        rejected += p < ALPHA;
    }
    xpi_tally_free(a);
    xpi_tally_free(b);
    *rate = done > 0 ? (double)rejected / done : (double)NAN;
    return done;
}

int main(int argc, char **argv)
{
    static const population nps_e = { "NPS 35/30/35", XPI_METRIC_NPS, nps_even, 11 };
    static const population nps_s = { "NPS 10/30/60", XPI_METRIC_NPS, nps_skewed, 11 };
    static const population csat = { "CSAT 75% top", XPI_METRIC_CSAT, csat_shape, 5 };
    static const population ces = { "CES", XPI_METRIC_CES, ces_shape, 7 };
    const test_case cases[] = {
        { "compare net wald", 0, XPI_STAT_NET, XPI_CI_WALD, &nps_e },
        { "compare net adjusted wald", 0, XPI_STAT_NET, XPI_CI_ADJUSTED_WALD, &nps_e },
        { "compare net score hybrid", 0, XPI_STAT_NET, XPI_CI_SCORE, &nps_e },
        { "compare net default hybrid", 0, XPI_STAT_NET, XPI_CI_DEFAULT, &nps_e },
        { "compare net wald", 0, XPI_STAT_NET, XPI_CI_WALD, &nps_s },
        { "compare net default hybrid", 0, XPI_STAT_NET, XPI_CI_DEFAULT, &nps_s },
        { "compare top pooled z", 0, XPI_STAT_TOP, XPI_CI_DEFAULT, &csat },
        { "compare bottom pooled z", 0, XPI_STAT_BOTTOM, XPI_CI_DEFAULT, &csat },
        { "compare mean welch t", 0, XPI_STAT_MEAN, XPI_CI_T, &ces },
        { "compare mean z", 0, XPI_STAT_MEAN, XPI_CI_WALD, &ces },
        { "target net wald", 1, XPI_STAT_NET, XPI_CI_WALD, &nps_e },
        { "target net adjusted wald", 1, XPI_STAT_NET, XPI_CI_ADJUSTED_WALD, &nps_e },
        { "target net score (Tango)", 1, XPI_STAT_NET, XPI_CI_SCORE, &nps_e },
        { "target net default", 1, XPI_STAT_NET, XPI_CI_DEFAULT, &nps_e },
        { "target net default", 1, XPI_STAT_NET, XPI_CI_DEFAULT, &nps_s },
        { "target top wald", 1, XPI_STAT_TOP, XPI_CI_WALD, &csat },
        { "target top adjusted", 1, XPI_STAT_TOP, XPI_CI_ADJUSTED_WALD, &csat },
        { "target top score (Wilson)", 1, XPI_STAT_TOP, XPI_CI_SCORE, &csat },
        { "target top exact binomial", 1, XPI_STAT_TOP, XPI_CI_CLOPPER_PEARSON, &csat },
        { "target top Jeffreys", 1, XPI_STAT_TOP, XPI_CI_JEFFREYS, &csat },
        { "target mean t", 1, XPI_STAT_MEAN, XPI_CI_T, &ces },
        { "chi-square bands", 2, 0, 0, &nps_e },
        { "chi-square scale", 3, 0, 0, &nps_e },
        { "chi-square scale", 3, 0, 0, &ces },
        { "mann-whitney", 4, 0, 0, &nps_e },
        { "mann-whitney", 4, 0, 0, &ces },
    };
    int replicates = argc > 1 ? atoi(argv[1]) : 20000;
    double n = argc > 2 ? atof(argv[2]) : 200.0;
    size_t i;
    int outside = 0;
    xpi_rng r;

    xpi_rng_seed(&r, 20261123);
    printf("null rejection rates at alpha %.2f, n = %.0f per group, %d replicates "
           "(Monte Carlo SE %.2f%%)\n",
           ALPHA, n, replicates, 100.0 * sqrt(ALPHA * (1 - ALPHA) / replicates));
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double rate = 0.0;
        int done = run(&cases[i], replicates, n, &r, &rate);
        int ok = rate >= LOW && rate <= HIGH;
        outside += !ok;
        printf("%-28s %-13s %6.2f%%  (%d runs)%s\n", cases[i].name, cases[i].pop->name,
               100.0 * rate, done, ok ? "" : "  OUTSIDE [4%, 6%]");
    }
    printf("%d of %zu tests outside [4%%, 6%%]\n", outside,
           sizeof cases / sizeof cases[0]);
    return outside ? 1 : 0;
}
