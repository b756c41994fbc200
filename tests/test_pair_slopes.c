/*
 * The machinery behind Sen's slope against brute force (every pairwise
 * slope formed and sorted by the C library's qsort):
 * - band passes (lib/pair_slopes.c) count the slopes below lo and in
 *   [lo, hi) exactly and list the band, whatever slope the points were
 *   left sorted at by the previous pass, with groups and ties;
 * - a sampled listing keeps about the share asked for;
 * - xpi_order_statistics agrees with a full sort, small arrays and large
 *   (the filtered path), with duplicates;
 * - xpi_sen_slope on random series (sizes, ties, gaps, seasons, values
 *   near 1e305 and subnormal) picks the same order statistics as the
 *   sorted list of every slope (to 1e-12: where y_j - y_i rounds, the
 *   search orders by the exact difference, the C library by the rounded
 *   one, a unit in the last place apart).
 *
 * Usage: test_pair_slopes [sen]   (sen: the xpi_sen_slope part only, for
 * the build whose search starts by bisection)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "xpi.h"
#include "xpi_internal.h"

static uint64_t state = 88172645463325252u;

static uint64_t next_random(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static double uniform(void)
{
    return ((double)(next_random() >> 11) + 0.5) / 9007199254740992.0;
}

static int double_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Every within-group slope of the points (group g: start[g]..start[g+1]). */
static size_t all_slopes(const double *t, const double *y, const size_t *start, size_t groups,
                         double *out)
{
    size_t g, i, j, m = 0;
    for (g = 0; g < groups; g++)
        for (i = start[g]; i < start[g + 1]; i++)
            for (j = i + 1; j < start[g + 1]; j++)
                out[m++] = (y[j] - y[i]) / (t[j] - t[i]);
    qsort(out, m, sizeof *out, double_cmp);
    return m;
}

static size_t count_below(const double *sorted, size_t m, double s)
{
    size_t lo = 0, hi = m;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sorted[mid] < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* A bracket end: an infinity, a value halfway between two distinct slopes
 * (no slope within rounding of it), or, with integer values, a slope in
 * halves (exact in the keys, so pairs tied at it are classed exactly). */
static double bracket_end(const double *sorted, size_t m, int integer)
{
    double r = uniform();
    size_t i = (size_t)(uniform() * (double)m);
    if (r < 0.1)
        return -HUGE_VAL;
    if (r < 0.2)
        return HUGE_VAL;
    if (integer && r < 0.5)
        return floor(sorted[i] * 2.0) / 2.0;
    while (i + 1 < m && sorted[i + 1] == sorted[i])
        i++;
    return i + 1 < m ? (sorted[i] + sorted[i + 1]) / 2.0 : sorted[m - 1] + 1.0;
}

static void test_band_passes(void)
{
    enum { N_MAX = 700, PAIRS_MAX = N_MAX * (N_MAX - 1) / 2 };
    static double t[N_MAX], y[N_MAX], sorted[PAIRS_MAX], listed[PAIRS_MAX];
    static xpi_keyed_point v[N_MAX], tmp[N_MAX];
    int round;
    for (round = 0; round < 60; round++) {
        size_t n = 1 + (size_t)(uniform() * (N_MAX - 1)), groups = 1 + (size_t)(uniform() * 4);
        size_t start[6], g, i, m;
        int integer = round % 2 == 0, pass;
        xpi_pairs p;
        xpi_slope_list l;
        for (g = 0; g <= groups; g++)
            start[g] = n * g / groups;
        for (i = 0; i < n; i++) {
            t[i] = (double)i * 3.0 + (double)(next_random() % 3); /* uneven times */
            y[i] = integer ? (double)(next_random() % 7) : uniform() * 100.0 - 50.0;
        }
        m = all_slopes(t, y, start, groups, sorted);
        p.groups = groups;
        p.start = start;
        p.v = v;
        p.tmp = tmp;
        xpi_pairs_init(&p, t, y);
        l.out = listed;
        l.cap = PAIRS_MAX;
        xpi_rng_seed(&l.rng, 7);
        for (pass = 0; pass < 8 && m > 0; pass++) {
            double lo = bracket_end(sorted, m, integer), hi = bracket_end(sorted, m, integer);
            double below, band, want_below, want_band;
            size_t k;
            if (hi < lo) {
                double x = lo;
                lo = hi;
                hi = x;
            }
            if (lo == HUGE_VAL || hi == -HUGE_VAL || lo == hi)
                continue;
            want_below = lo == -HUGE_VAL ? 0.0 : (double)count_below(sorted, m, lo);
            want_band = (hi == HUGE_VAL ? (double)m : (double)count_below(sorted, m, hi)) - want_below;
            xpi_slope_list_start(&l, 1.0);
            xpi_pairs_band(&p, lo, hi, &l, &below, &band);
            CHECK(below == want_below);
            CHECK(band == want_band);
            CHECK(!l.full && (double)l.listed == want_band);
            qsort(listed, l.listed, sizeof *listed, double_cmp);
            for (k = 0; k < l.listed && (double)k < want_band; k++)
                CHECK(listed[k] == sorted[(size_t)want_below + k]);
            /* The points are left sorted at hi, ties by time, in each group. */
            for (g = 0; g < groups; g++)
                for (k = start[g] + 1; k < start[g + 1]; k++)
                    CHECK(v[k - 1].key < v[k].key ||
                          (v[k - 1].key == v[k].key && v[k - 1].t < v[k].t));
        }
        /* A sampled listing of everything keeps about the share asked. */
        if (m > 2000) {
            double below, band, keep = 0.05, sd = sqrt((double)m * keep * (1 - keep));
            xpi_slope_list_start(&l, keep);
            xpi_pairs_band(&p, -HUGE_VAL, HUGE_VAL, &l, &below, &band);
            CHECK(band == (double)m);
            CHECK(fabs((double)l.listed - (double)m * keep) < 6.0 * sd + 2.0);
        }
    }
}

static void test_order_statistics(void)
{
    static const size_t sizes[] = {1, 2, 3, 17, 1000, 65535, 65536, 200000, 1000000};
    size_t s;
    for (s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s], i, pos[8], count = 0;
        double *v = malloc(n * sizeof *v), *sorted = malloc(n * sizeof *v), out[8];
        int kind;
        for (kind = 0; kind < 3 && v != NULL && sorted != NULL; kind++) {
            for (i = 0; i < n; i++) /* continuous, heavy ties, or already sorted */
                v[i] = kind == 0 ? uniform() : kind == 1 ? (double)(next_random() % 5)
                                                         : (double)i;
            memcpy(sorted, v, n * sizeof *v);
            qsort(sorted, n, sizeof *v, double_cmp);
            count = 0;
            pos[count++] = 0;
            if (n > 2) {
                pos[count++] = n / 3;
                pos[count++] = n / 3 + 1;
                pos[count++] = (n - 1) / 2;
                pos[count++] = n / 2;
                pos[count++] = n - 2;
            }
            pos[count++] = n - 1;
            for (i = 1; i < count; i++) /* ascending, no repeats */
                if (pos[i] <= pos[i - 1])
                    pos[i] = pos[i - 1] + 1;
            while (count > 0 && pos[count - 1] >= n)
                count--;
            xpi_order_statistics(v, n, pos, count, out);
            for (i = 0; i < count; i++)
                CHECK(out[i] == sorted[pos[i]]);
        }
        free(v);
        free(sorted);
    }
}

static const double z_of[4][2] = {
    {0.80, 1.2815515655446004}, {0.90, 1.6448536269514722},
    {0.95, 1.959963984540054},  {0.99, 2.5758293035489004}};

static int close_to(double got, double want)
{
    return fabs(got - want) <= 1e-12 * fabs(want) + 1e-15;
}

/* xpi_sen_slope against the sorted list of every within-season slope. */
static void test_sen_brute_force(void)
{
    enum { N_MAX = 1300 };
    static double values[N_MAX], t[N_MAX], y[N_MAX], sorted[N_MAX * (N_MAX - 1) / 2];
    static double work[N_MAX];
    static const size_t season_choices[] = {0, 0, 0, 2, 4, 7, 12};
    int round;
    for (round = 0; round < 60; round++) {
        size_t count = 2 + (size_t)(uniform() * (N_MAX - 2)), i, g, n = 0, m, groups;
        size_t seasons = season_choices[next_random() % 7], start[N_MAX + 1];
        double scale = round % 3 == 0 ? 1.0 : round % 3 == 1 ? 10.0 : 1e6;
        /* Huge values (scaled down inside), subnormal ones (scaled up). */
        double magnitude = round % 10 == 7 ? 1e305 : round % 10 == 9 ? 1e-320 : 1.0;
        double drift = (uniform() - 0.5) * 0.02, gaps = round % 4 == 0 ? 0.1 : 0.0;
        double conf = z_of[round % 4][0], z = z_of[round % 4][1], var = 0.0, N, sigma, mid;
        xpi_slope got;
        int status;
        for (i = 0; i < count; i++)
            values[i] = uniform() < gaps ? (double)NAN
                                         : floor((uniform() * 5.0 + drift * (double)i) * scale) /
                                               scale * magnitude;
        groups = seasons == 0 ? 1 : (seasons < count ? seasons : count);
        start[0] = 0;
        for (g = 0; g < groups; g++) {
            size_t first = n, step = seasons == 0 ? 1 : seasons;
            for (i = g; i < count; i += step)
                if (!isnan(values[i])) {
                    t[n] = (double)i;
                    y[n++] = values[i];
                }
            if (n - first < 2)
                n = first;
            start[g + 1] = n;
        }
        status = xpi_sen_slope(values, count, seasons, conf, NULL, &got);
        m = all_slopes(t, y, start, groups, sorted);
        if (m == 0) {
            CHECK_STATUS(status, XPI_ERR_NOT_ENOUGH_DATA);
            continue;
        }
        CHECK_STATUS(status, XPI_OK);
        for (g = 0; g < groups; g++) { /* tie-corrected Var S, season by season */
            size_t a = start[g], b = start[g + 1], j;
            double k = (double)(b - a), ties = 0.0;
            memcpy(work, y + a, (b - a) * sizeof *work);
            qsort(work, b - a, sizeof *work, double_cmp);
            for (i = 0; i < b - a; i = j) {
                double run;
                for (j = i + 1; j < b - a && work[j] == work[i]; j++)
                    ;
                run = (double)(j - i);
                ties += run * (run - 1.0) * (2.0 * run + 5.0);
            }
            var += (k * (k - 1.0) * (2.0 * k + 5.0) - ties) / 18.0;
        }
        N = (double)m;
        sigma = sqrt(var);
        mid = floor((N - 1.0) / 2.0);
        CHECK(got.n == (double)n);
        CHECK(close_to(got.slope, fmod(N, 2.0) == 0.0
                                      ? (sorted[(size_t)mid] + sorted[(size_t)mid + 1]) / 2.0
                                      : sorted[(size_t)mid]));
        CHECK(close_to(got.lower, sorted[(size_t)fmax(nearbyint((N - z * sigma) / 2.0) - 1.0, 0.0)]));
        CHECK(close_to(got.upper, sorted[(size_t)fmin(nearbyint((N + z * sigma) / 2.0), N - 1.0)]));
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "sen") == 0) {
        test_sen_brute_force();
        return check_exit();
    }
    test_band_passes();
    test_order_statistics();
    test_sen_brute_force();
    return check_exit();
}
