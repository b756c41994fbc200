/*
 * Exact coverage of the NPS intervals by full trinomial enumeration: for a
 * true promoter share p and detractor share d, the coverage of a method at
 * n responses is the sum of the multinomial probabilities of every outcome
 * (D, A, P) whose interval contains 100 (p - d).
 *
 * usage: test_nps_coverage N_MIN N_MAX interior|full [every]
 *        test_nps_coverage --reference FILE
 *   interior: shares p, d, 1 - p - d each in {0.05, 0.10, ..., 0.90};
 *             checks that the default interval's coverage stays >= 93.5%.
 *   full:     p, d in {0, 0.05, ..., 1} with p + d <= 1, including the
 *             boundary where a band is empty; prints only (a measurement).
 *   --reference FILE: compares the coverage at every (n, p, d) row of
 *             tests/ref/nps_coverage_reference.tsv, computed independently
 *             by tests/ref/gen_estimate.py, for all four methods.
 *   n runs over N_MIN..N_MAX: every n up to 30, then every 10th, or every n
 *   with "every". Prints the minimum coverage per n and where it occurs for
 *   Wald, adjusted Wald, Tango's score interval and the default (Tango with
 *   the m / (m - 1) variance correction), then each method's mean coverage
 *   over every (n, p, d) visited.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "xpi.h"

#ifndef GRID
#define GRID 20 /* shares in steps of 1/GRID */
#endif
#define MIN_COVERAGE 0.935

enum { WALD, ADJUSTED, SCORE, DEFAULT, METHODS };
static const int32_t method_ids[METHODS] = { XPI_CI_WALD, XPI_CI_ADJUSTED_WALD, XPI_CI_SCORE,
                                             XPI_CI_DEFAULT };
static const char *const method_names[METHODS] = { "wald", "adjusted", "score", "default" };

typedef struct outcome {
    int d, a, p;
    double lower[METHODS], upper[METHODS]; /* fractions */
} outcome;

/* All outcomes of n responses with their intervals. */
static outcome *enumerate(int n, size_t *count)
{
    size_t k = 0;
    outcome *all = malloc(sizeof *all * (size_t)(n + 1) * (size_t)(n + 2) / 2);
    int d, p, m;
    if (all == NULL)
        return NULL;
    for (d = 0; d <= n; d++) {
        for (p = 0; d + p <= n; p++) {
            xpi_tally *t = NULL;
            outcome *o = &all[k++];
            o->d = d;
            o->p = p;
            o->a = n - d - p;
            CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), XPI_OK);
            CHECK_STATUS(xpi_tally_add_n(t, 0, (uint64_t)d), XPI_OK);
            CHECK_STATUS(xpi_tally_add_n(t, 7, (uint64_t)o->a), XPI_OK);
            CHECK_STATUS(xpi_tally_add_n(t, 10, (uint64_t)p), XPI_OK);
            for (m = 0; m < METHODS; m++) {
                xpi_estimate e;
                CHECK_STATUS(xpi_tally_estimate(t, XPI_STAT_NET, method_ids[m], 0.95, &e),
                             XPI_OK);
                o->lower[m] = e.lower / 100.0;
                o->upper[m] = e.upper / 100.0;
            }
            xpi_tally_free(t);
        }
    }
    *count = k;
    return all;
}

static double xlogy(int x, double y)
{
    return x == 0 ? 0.0 : x * log(y);
}

static double *log_factorials(int n_max)
{
    double *log_fact = malloc(sizeof *log_fact * (size_t)(n_max + 1));
    int n;
    if (log_fact == NULL)
        return NULL;
    log_fact[0] = 0.0;
    for (n = 1; n <= n_max; n++)
        log_fact[n] = log_fact[n - 1] + log((double)n);
    return log_fact;
}

/* Exact coverage of every method at true shares p = ip / GRID and
 * d = id / GRID, from the n-response outcomes. */
static void coverage(const outcome *all, size_t count, int n, const double *log_fact, int ip,
                     int id, double cover[METHODS])
{
    double p = (double)ip / GRID, d = (double)id / GRID, a = 1.0 - p - d, truth = p - d;
    size_t k;
    int m;
    for (m = 0; m < METHODS; m++)
        cover[m] = 0.0;
    for (k = 0; k < count; k++) {
        const outcome *o = &all[k];
        double prob;
        if ((o->p > 0 && ip == 0) || (o->d > 0 && id == 0) || (o->a > 0 && ip + id == GRID))
            continue;
        prob = exp(log_fact[n] - log_fact[o->d] - log_fact[o->a] - log_fact[o->p] +
                   xlogy(o->p, p) + xlogy(o->d, d) + xlogy(o->a, a));
        for (m = 0; m < METHODS; m++)
            if (o->lower[m] <= truth + 1e-12 && truth - 1e-12 <= o->upper[m])
                cover[m] += prob;
    }
}

/* Compares with the per-share coverage that tests/ref/gen_estimate.py
 * computed independently (mpmath intervals; tests/ref/nps_coverage_reference.tsv,
 * rows "n p d score default adjusted_wald wald", printed to 6 decimals). */
static int check_reference(const char *path)
{
    static const int column_of[METHODS] = { 3, 2, 0, 1 }; /* method -> TSV column */
    FILE *f = fopen(path, "r");
    char line[512];
    int in_detail = 0, have_n = 0, rows = 0;
    outcome *all = NULL;
    size_t count = 0;
    double *log_fact = log_factorials(1000);

    if (f == NULL || log_fact == NULL) {
        fprintf(stderr, "cannot read %s\n", path);
        return 2;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        int n, m;
        double p, d, ref[METHODS], cover[METHODS];
        if (strncmp(line, "n\tp\td\tscore\tdefault\tadjusted_wald\twald", 38) == 0) {
            in_detail = 1;
            continue;
        }
        if (!in_detail || sscanf(line, "%d %lf %lf %lf %lf %lf %lf", &n, &p, &d, &ref[0],
                                 &ref[1], &ref[2], &ref[3]) != 7)
            continue;
        if (n < 1 || n > 1000)
            continue;
        if (n != have_n) {
            free(all);
            all = enumerate(n, &count);
            have_n = n;
            if (all == NULL)
                break;
        }
        coverage(all, count, n, log_fact, (int)lround(p * GRID), (int)lround(d * GRID), cover);
        for (m = 0; m < METHODS; m++) {
            double want = ref[column_of[m]];
            check_count++;
            if (fabs(cover[m] - want) > 1e-6) {
                check_failures++;
                fprintf(stderr, "n = %d, p = %.2f, d = %.2f, %s: coverage %.6f, reference %.6f\n",
                        n, p, d, method_names[m], cover[m], want);
            }
        }
        rows++;
    }
    fclose(f);
    free(all);
    free(log_fact);
    printf("reference: %d share points compared\n", rows);
    CHECK(rows >= 1000);
    return check_exit();
}

int main(int argc, char **argv)
{
    int n_min, n_max, interior, every, n, edge, m;
    double *log_fact;
    double worst_default = 1.0, cover_sum[METHODS] = { 0 };
    long cover_points = 0;

    if (argc == 3 && strcmp(argv[1], "--reference") == 0)
        return check_reference(argv[2]);
    if (argc < 4 || (strcmp(argv[3], "interior") != 0 && strcmp(argv[3], "full") != 0)) {
        fprintf(stderr, "usage: %s N_MIN N_MAX interior|full [every]\n"
                        "       %s --reference FILE\n", argv[0], argv[0]);
        return 2;
    }
    n_min = atoi(argv[1]);
    n_max = atoi(argv[2]);
    interior = strcmp(argv[3], "interior") == 0;
    every = argc > 4 && strcmp(argv[4], "every") == 0;
    edge = interior ? 1 : 0;
    if (n_min < 1 || n_max < n_min)
        return 2;
    log_fact = log_factorials(n_max);
    if (log_fact == NULL)
        return 2;

    printf("%5s  %-28s %-28s %-28s %-28s\n", "n", "wald min (p,d)", "adjusted min (p,d)",
           "score min (p,d)", "default min (p,d)");
    for (n = n_min; n <= n_max; n += (every || n < 30) ? 1 : 10) {
        size_t count;
        outcome *all = enumerate(n, &count);
        double worst[METHODS] = { 2, 2, 2, 2 };
        int worst_at[METHODS][2] = { { 0, 0 } };
        int ip, id;
        if (all == NULL)
            return 2;
        /* The interior grid keeps every share >= 1/GRID, the passives'
         * too (ip + id <= GRID - 1). */
        for (ip = edge; ip <= GRID - edge; ip++) {
            for (id = edge; ip + id <= GRID - edge; id++) {
                double cover[METHODS];
                coverage(all, count, n, log_fact, ip, id, cover);
                cover_points++;
                for (m = 0; m < METHODS; m++) {
                    cover_sum[m] += cover[m];
                    if (cover[m] < worst[m]) {
                        worst[m] = cover[m];
                        worst_at[m][0] = ip;
                        worst_at[m][1] = id;
                    }
                }
            }
        }
        printf("%5d", n);
        for (m = 0; m < METHODS; m++)
            printf("  %-8s %.4f (%.2f,%.2f)   ", method_names[m], worst[m],
                   (double)worst_at[m][0] / GRID, (double)worst_at[m][1] / GRID);
        printf("\n");
        check_count += interior;
        if (interior && worst[DEFAULT] < MIN_COVERAGE) {
            check_failures++;
            fprintf(stderr, "n = %d: default coverage %.4f below %.3f\n", n, worst[DEFAULT],
                    MIN_COVERAGE);
        }
        if (worst[DEFAULT] < worst_default)
            worst_default = worst[DEFAULT];
        free(all);
    }
    printf("lowest default coverage over n = %d..%d, %s grid: %.4f\n", n_min, n_max, argv[3],
           worst_default);
    printf("mean coverage:");
    for (m = 0; m < METHODS; m++)
        printf(" %s %.4f", method_names[m], cover_sum[m] / (double)cover_points);
    printf("\n");
    free(log_fact);
    return check_exit();
}
