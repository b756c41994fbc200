/*
 * The internal generator and samplers (lib/rng.c), linked from the static
 * library: the xoshiro256** stream against an independent Python
 * implementation, and the binomial, gamma and multinomial samplers against
 * their exact distributions by chi-square goodness of fit. Seeds are fixed,
 * so every run is the same run; the p-value floor 1e-4 makes the checks
 * meaningful without being fragile.
 */
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "xpi_internal.h"

#define MAX_BINS 64
#define P_FLOOR 1e-4

/* The first outputs for seeds 0 and 12345, from a Python transcription of
 * splitmix64 seeding and xoshiro256** 1.0 (Blackman & Vigna's reference C):
 *   state = 4 successive splitmix64 outputs of the seed;
 *   out = rotl(s1 * 5, 7) * 9; t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2;
 *   s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45). */
static void test_stream(void)
{
    static const uint64_t want0[5] = {
        UINT64_C(0x99ec5f36cb75f2b4), UINT64_C(0xbf6e1f784956452a), UINT64_C(0x1a5f849d4933e6e0),
        UINT64_C(0x6aa594f1262d2d2c), UINT64_C(0xbba5ad4a1f842e59),
    };
    static const uint64_t want12345[5] = {
        UINT64_C(0xbe6a36374160d49b), UINT64_C(0x214aaa0637a688c6), UINT64_C(0xf69d16de9954d388),
        UINT64_C(0x0c60048c4e96e033), UINT64_C(0x8e2076aeed51c648),
    };
    xpi_rng a, b;
    int i;
    xpi_rng_seed(&a, 0);
    xpi_rng_seed(&b, 12345);
    for (i = 0; i < 5; i++) {
        CHECK(xpi_rng_next(&a) == want0[i]);
        CHECK(xpi_rng_next(&b) == want12345[i]);
    }
    for (i = 0; i < 100000; i++) {
        double u = xpi_rng_uniform(&a);
        if (!(u > 0.0 && u < 1.0)) {
            CHECK(u > 0.0 && u < 1.0);
            break;
        }
    }
}

/* Pearson's X^2 of observed against expected counts, pooling adjacent bins
 * until each expected count is at least 5; returns the p-value. */
static double gof_p(const double *observed, const double *expected, int bins)
{
    double x2 = 0.0, o = 0.0, e = 0.0;
    int i, used = 0;
    for (i = 0; i < bins; i++) {
        o += observed[i];
        e += expected[i];
        if (e >= 5.0 || i == bins - 1) {
            if (e > 0.0) {
                x2 += (o - e) * (o - e) / e;
                used++;
            }
            o = e = 0.0;
        }
    }
    return used > 1 ? xpi_chi2_sf(x2, used - 1) : 1.0;
}

/* Binomial(n, p) samples binned around the mean, against the exact pmf
 * from xpi_binom_cdf (tests/test_dist.c checks it against mpmath). */
static void check_binomial(xpi_rng *r, double n, double p, int draws)
{
    double observed[MAX_BINS] = { 0 }, expected[MAX_BINS] = { 0 };
    double mean = n * p, sd = sqrt(n * p * (1.0 - p)), width, lo, sum = 0.0, pv;
    int i;
    lo = floor(fmax(0.0, mean - 5.0 * sd));
    width = fmax(1.0, ceil((fmin(n, mean + 5.0 * sd) - lo + 1.0) / (MAX_BINS - 2)));
    /* bin 0: below lo; bin b: [lo + (b-1) width, lo + b width); last: the rest */
    for (i = 0; i < MAX_BINS; i++) {
        double a = i == 0 ? -1.0 : lo + (i - 1) * width - 1.0;
        double b = i == MAX_BINS - 1 ? n : lo + i * width - 1.0;
        if (i == 0)
            b = lo - 1.0;
        expected[i] = draws * ((b >= 0.0 ? xpi_binom_cdf(fmin(b, n), n, p) : 0.0) -
                               (a >= 0.0 ? xpi_binom_cdf(a, n, p) : 0.0));
        if (expected[i] < 0.0)
            expected[i] = 0.0;
    }
    for (i = 0; i < draws; i++) {
        double x = xpi_rng_binomial(r, n, p);
        int bin = x < lo ? 0 : (int)((x - lo) / width) + 1;
        if (x != floor(x) || x < 0.0 || x > n) {
            CHECK(x == floor(x) && x >= 0.0 && x <= n);
            return;
        }
        observed[bin < MAX_BINS ? bin : MAX_BINS - 1] += 1.0;
        sum += x;
    }
    pv = gof_p(observed, expected, MAX_BINS);
    CHECK(pv > P_FLOOR);
    CHECK_NEAR(sum / draws, mean, 5.0 * sd / sqrt((double)draws) + 1e-12);
    if (pv <= P_FLOOR)
        fprintf(stderr, "binomial n %g p %g: gof p %g\n", n, p, pv);
}

static void test_binomial(void)
{
    static const double cases[][2] = {
        { 1, 0.3 },    { 10, 0.5 },  { 30, 0.2 },      { 100, 0.05 },  { 100, 0.5 },
        { 101, 0.95 }, { 1000, 0.3 }, { 5000, 0.011 }, { 1e6, 0.4 },   { 1e9, 1e-7 },
        { 1e12, 0.25 }, { 40, 0.25 }, { 200, 0.0499 }, { 7, 1.0 },     { 7, 0.0 },
        /* Past 2^53: 1 - p rounds (to 1 below p = 1.1e-16), and the pmf
         * ratios of BTRD need log1p. */
        { 1e16, 2e-16 }, { 1e18, 1e-18 }, { 1e15, 5e-15 }, { 1e17, 1.2e-16 }, { 1e19, 1e-17 },
    };
    xpi_rng r;
    size_t i;
    xpi_rng_seed(&r, 20261123);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double n = cases[i][0], p = cases[i][1];
        if (p == 0.0 || p == 1.0) {
            CHECK(xpi_rng_binomial(&r, n, p) == n * p);
            continue;
        }
        check_binomial(&r, n, p, 200000);
    }
}

/* Gamma(shape) samples in 20 equal-probability bins from xpi_gamma_ppf. */
static void test_gamma(void)
{
    static const double shapes[] = { 0.05, 0.3, 1.0, 2.5, 50.0, 1e6, 3e12 };
    xpi_rng r;
    size_t s;
    xpi_rng_seed(&r, 7);
    for (s = 0; s < sizeof shapes / sizeof shapes[0]; s++) {
        double edges[19], observed[20] = { 0 }, expected[20], pv;
        int i, draws = 100000;
        for (i = 0; i < 19; i++)
            edges[i] = xpi_gamma_ppf((i + 1) / 20.0, shapes[s]);
        for (i = 0; i < 20; i++)
            expected[i] = draws / 20.0;
        for (i = 0; i < draws; i++) {
            double g = xpi_rng_gamma(&r, shapes[s]);
            int b = 0;
            while (b < 19 && g > edges[b])
                b++;
            observed[b] += 1.0;
        }
        pv = gof_p(observed, expected, 20);
        CHECK(pv > P_FLOOR);
        if (pv <= P_FLOOR)
            fprintf(stderr, "gamma shape %g: gof p %g\n", shapes[s], pv);
    }
}

/* Multinomial draws keep the total, leave empty categories empty, and have
 * the right marginal means. */
static void test_multinomial(void)
{
    static const double prob[6] = { 0.1, 0.0, 0.25, 0.05, 0.6, 0.0 };
    double cond[6], out[6], sums[6] = { 0 };
    xpi_rng r;
    int i, j, draws = 20000;
    const double n = 1000.0;
    xpi_rng_seed(&r, 99);
    xpi_rng_multinomial_prepare(prob, 6, cond);
    for (i = 0; i < draws; i++) {
        double total = 0.0;
        xpi_rng_multinomial(&r, n, cond, 6, out);
        for (j = 0; j < 6; j++) {
            total += out[j];
            sums[j] += out[j];
        }
        if (total != n || out[1] != 0.0 || out[5] != 0.0) {
            CHECK(total == n && out[1] == 0.0 && out[5] == 0.0);
            return;
        }
    }
    for (j = 0; j < 6; j++) {
        double sd = sqrt(n * prob[j] * (1.0 - prob[j]) / draws);
        CHECK_NEAR(sums[j] / draws, n * prob[j], 5.0 * sd + 1e-12);
    }
}

int main(void)
{
    test_stream();
    test_binomial();
    test_gamma();
    test_multinomial();
    return check_exit();
}
