/*
 * Breakdowns under the null: 20 segments drawn from one NPS distribution,
 * so no segment truly differs from the rest. With BH adjustment at alpha
 * 0.05 a breakdown should flag at least one segment in at most 5% of runs
 * (under the complete null BH's false discovery rate is its family-wise
 * error rate). Also reported: the same without adjustment, and the raw
 * per-segment rejection rate of the segment-versus-rest test (calibrated:
 * near 5%). Two layouts: equal segments of 100 responses, and unequal
 * ones of 30 to 600. Not part of the default run:
 * `meson test --benchmark -C build sim_breakdown`, or
 * build/tests/sim_breakdown [replicates]. Exits 1 when the BH rate of
 * either layout exceeds 5% by more than its Monte Carlo error (2 se).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "xpi_internal.h"

#define SEGMENTS 20
#define ALPHA 0.05

static const double nps_even[11] = {.03, .02, .03, .04, .05, .08, .10, .15, .15, .15, .20};

/* One run: a cube of SEGMENTS segments, sizes[s] responses each. */
static xpi_cube *draw(xpi_rng *r, const double *sizes)
{
    static const char *const names[1] = {"segment"};
    double cond[11], counts[11];
    xpi_cube *c;
    uint32_t s, id;
    size_t i;
    char label[16];
    if (xpi_cube_new(&c, XPI_METRIC_NPS, 1, names, NULL) != XPI_OK)
        exit(2);
    xpi_rng_multinomial_prepare(nps_even, 11, cond);
    for (s = 0; s < SEGMENTS; s++) {
        sprintf(label, "s%02u", (unsigned)s);
        xpi_cube_intern(c, 0, label, &id);
        xpi_rng_multinomial(r, sizes[s], cond, 11, counts);
        for (i = 0; i < 11; i++) {
            double k;
            for (k = 0; k < counts[i]; k++)
                if (xpi_cube_add_ids(c, 0, &id, (int32_t)i, 1.0) != XPI_OK)
                    exit(2);
        }
    }
    return c;
}

typedef struct rates {
    double any_bh, any_raw, per_segment;
} rates;

static rates simulate(xpi_rng *r, const double *sizes, int replicates)
{
    xpi_query *q;
    rates out = {0.0, 0.0, 0.0};
    int run;
    if (xpi_query_new(&q, NULL) != XPI_OK)
        exit(2);
    xpi_query_set_param(q, XPI_QUERY_MIN_N, 0);
    for (run = 0; run < replicates; run++) {
        xpi_cube *c = draw(r, sizes);
        xpi_table *t;
        size_t rows, i;
        int bh = 0, raw = 0;
        if (xpi_cube_breakdown(c, 0, q, &t) != XPI_OK)
            exit(2);
        xpi_table_rows(t, &rows);
        for (i = 0; i < rows; i++) {
            double p, sig;
            xpi_table_get(t, i, XPI_COL_P, &p);
            xpi_table_get(t, i, XPI_COL_SIGNIFICANT, &sig);
            bh |= sig != 0.0;
            raw |= p < ALPHA;
            out.per_segment += p < ALPHA;
        }
        out.any_bh += bh;
        out.any_raw += raw;
        xpi_table_free(t);
        xpi_cube_free(c);
    }
    xpi_query_free(q);
    out.any_bh /= replicates;
    out.any_raw /= replicates;
    out.per_segment /= (double)replicates * SEGMENTS;
    return out;
}

int main(int argc, char **argv)
{
    int replicates = argc > 1 ? atoi(argv[1]) : 20000, layout, failed = 0;
    double equal[SEGMENTS], unequal[SEGMENTS];
    xpi_rng r;
    int s;
    for (s = 0; s < SEGMENTS; s++) {
        equal[s] = 100.0;
        unequal[s] = 30.0 + 570.0 * s / (SEGMENTS - 1);
    }
    xpi_rng_seed(&r, 20261123);
    printf("%d segments, no true difference, %d runs per layout, alpha %.2f\n", SEGMENTS,
           replicates, ALPHA);
    printf("%-22s %12s %12s %14s\n", "layout", "any BH", "any raw", "per segment");
    for (layout = 0; layout < 2; layout++) {
        rates x = simulate(&r, layout == 0 ? equal : unequal, replicates);
        double se = sqrt(ALPHA * (1.0 - ALPHA) / replicates);
        printf("%-22s %11.2f%% %11.2f%% %13.2f%%\n",
               layout == 0 ? "20 x 100" : "20 x 30..600", 100.0 * x.any_bh, 100.0 * x.any_raw,
               100.0 * x.per_segment);
        if (x.any_bh > ALPHA + 2.0 * se)
            failed = 1;
    }
    return failed;
}
