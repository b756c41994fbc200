/*
 * A seeded pseudo-random generator and the samplers the resampling methods
 * need. Every stream is a pure function of its seed, so results are
 * reproducible bit for bit on one platform, and there is no global state.
 *
 *  - xoshiro256** 1.0 (Blackman & Vigna 2018), seeded by splitmix64 (Steele,
 *    Lea & Flood 2014) as its authors recommend.
 *  - Binomial: inversion by sequential search when n min(p, 1 - p) < 10;
 *    otherwise BTRD, transformed rejection with decomposition (Hormann 1993,
 *    "The generation of binomial random variates", J. Statist. Comput.
 *    Simul. 46), O(1) expected time for any n.
 *  - Gamma: Marsaglia & Tsang (2000), "A simple method for generating gamma
 *    variables", ACM TOMS 26(3); shapes below 1 use the boost
 *    Gamma(a) = Gamma(a + 1) U^(1/a) from the same paper.
 */
#include <math.h>

#include "xpi_internal.h"

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

void xpi_rng_seed(xpi_rng *r, uint64_t seed)
{
    int i;
    for (i = 0; i < 4; i++)
        r->s[i] = splitmix64(&seed);
}

uint64_t xpi_rng_next(xpi_rng *r)
{
    uint64_t result = rotl(r->s[1] * 5, 7) * 9;
    uint64_t t = r->s[1] << 17;
    r->s[2] ^= r->s[0];
    r->s[3] ^= r->s[1];
    r->s[1] ^= r->s[2];
    r->s[0] ^= r->s[3];
    r->s[2] ^= t;
    r->s[3] = rotl(r->s[3], 45);
    return result;
}

/* Uniform on (0, 1): the top 52 bits, offset by half a step so that 0 (and
 * log(0)) never occurs; with 52 bits the largest value, 1 - 2^-53, is
 * exact (with 53 it would round to 1). */
double xpi_rng_uniform(xpi_rng *r)
{
    return ((double)(xpi_rng_next(r) >> 12) + 0.5) * (1.0 / 4503599627370496.0);
}

/* Standard normal by the polar method (Marsaglia & Bray 1964); the second
 * variate is dropped to keep the state a plain 256 bits. */
static double normal(xpi_rng *r)
{
    for (;;) {
        double u = 2.0 * xpi_rng_uniform(r) - 1.0, v = 2.0 * xpi_rng_uniform(r) - 1.0;
        double s = u * u + v * v;
        if (s < 1.0 && s > 0.0)
            return u * sqrt(-2.0 * log(s) / s);
    }
}

double xpi_rng_gamma(xpi_rng *r, double shape)
{
    double d, c;
    if (shape < 1.0) {
        double g = xpi_rng_gamma(r, shape + 1.0);
        return g * pow(xpi_rng_uniform(r), 1.0 / shape);
    }
    d = shape - 1.0 / 3.0;
    c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v, u;
        do {
            x = normal(r);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        u = xpi_rng_uniform(r);
        if (u < 1.0 - 0.0331 * (x * x) * (x * x))
            return d * v;
        if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
            return d * v;
    }
}

/* Sequential search from 0 for small means: f(x+1) = f(x) (n - x) / (x + 1)
 * p / q, starting at f(0) = q^n >= e^-10 or so. q^n is formed as
 * exp(n log1p(-p)): pow(1 - p, n) would carry the rounding of 1 - p to the
 * power n (all of it for n near 1e16). The search stops where the pmf
 * underflows, so it can never walk on towards n. */
static double binomial_inversion(xpi_rng *r, double n, double p)
{
    double q = 1.0 - p, s = p / q, a = (n + 1.0) * s, f = exp(n * log1p(-p));
    double u = xpi_rng_uniform(r), x = 0.0;
    while (u > f && x < n && f > 0.0) {
        u -= f;
        x += 1.0;
        f *= a / x - s;
    }
    return x;
}

/* The Stirling remainder log(k!) - [(k + 1/2) log(k + 1) - (k + 1) +
 * log(sqrt(2 pi))], tabulated below 10. */
static double stirling_tail(double k)
{
    static const double table[10] = {
        0.08106146679532726, 0.04134069595540929, 0.02767792568499834,
        0.02079067210376509, 0.01664469118982119, 0.01387612882307075,
        0.01189670994589177, 0.01041126526197209, 0.009255462182712733,
        0.008330563433362871,
    };
    double k1;
    if (k < 10.0)
        return table[(int)k];
    k1 = 1.0 / ((k + 1.0) * (k + 1.0));
    return (1.0 / 12.0 - (1.0 / 360.0 - 1.0 / 1260.0 * k1) * k1) / (k + 1.0);
}

/* BTRD (Hormann 1993), for n p q-scale means: p <= 1/2 and n p >= 10. */
static double binomial_btrd(xpi_rng *r, double n, double p)
{
    double q = 1.0 - p, spq = sqrt(n * p * q);
    double b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * p, c = n * p + 0.5;
    double alpha = (2.83 + 5.1 / b) * spq, vr = 0.92 - 4.2 / b, urvr = 0.86 * vr;
    double m = floor((n + 1.0) * p), rr = p / q, nr = (n + 1.0) * rr, npq = n * p * q;

    for (;;) {
        double u, v, us, k, km;
        v = xpi_rng_uniform(r);
        if (v <= urvr) {
            u = v / vr - 0.43;
            return floor((2.0 * a / (0.5 - fabs(u)) + b) * u + c);
        }
        if (v >= vr) {
            u = xpi_rng_uniform(r) - 0.5;
        } else {
            u = v / vr - 0.93;
            u = (u < 0.0 ? -0.5 : 0.5) - u;
            v = xpi_rng_uniform(r) * vr;
        }
        us = 0.5 - fabs(u);
        k = floor((2.0 * a / us + b) * u + c);
        if (k < 0.0 || k > n)
            continue;
        v = v * alpha / (a / (us * us) + b);
        km = fabs(k - m);
        if (km <= 15.0) {
            /* The ratio f(k) / f(m) by the recursion of the pmf. */
            double f = 1.0, i;
            if (m < k) {
                for (i = m + 1.0; i <= k; i += 1.0)
                    f *= nr / i - rr;
            } else if (m > k) {
                for (i = k + 1.0; i <= m; i += 1.0)
                    v *= nr / i - rr;
            }
            if (v <= f)
                return k;
            continue;
        }
        {
            /* Squeeze, then the exact test on log f(k) / f(m). */
            double rho = (km / npq) * (((km / 3.0 + 0.625) * km + 1.0 / 6.0) / npq + 0.5);
            double t = -km * km / (2.0 * npq), nm, nk, h;
            v = log(v);
            if (v < t - rho)
                return k;
            if (v > t + rho)
                continue;
            nm = n - m + 1.0;
            h = (m + 0.5) * log((m + 1.0) / (rr * nm)) + stirling_tail(m) +
                stirling_tail(n - m);
            nk = n - k + 1.0;
            /* log(nm / nk) as log1p: for n past 2^53 nm and nk round
             * to the same double. */
            if (v <= h + (n + 1.0) * log1p((k - m) / nk) + (k + 0.5) * log(nk * rr / (k + 1.0)) -
                         stirling_tail(k) - stirling_tail(n - k))
                return k;
        }
    }
}

double xpi_rng_binomial(xpi_rng *r, double n, double p)
{
    double x;
    int flip = p > 0.5;
    if (n <= 0.0 || p <= 0.0)
        return 0.0;
    if (p >= 1.0)
        return n;
    if (flip)
        p = 1.0 - p;
    x = n * p < 10.0 ? binomial_inversion(r, n, p) : binomial_btrd(r, n, p);
    return flip ? n - x : x;
}

void xpi_rng_multinomial_prepare(const double *prob, size_t k, double *cond)
{
    double left = 0.0;
    size_t i = k;
    /* Suffix sums from the end: each holds exactly the mass still to be
     * placed, however small next to the categories before it. */
    while (i-- > 0) {
        left += prob[i];
        cond[i] = left > 0.0 ? fmin(1.0, prob[i] / left) : 0.0;
    }
}

void xpi_rng_multinomial(xpi_rng *r, double n, const double *cond, size_t k, double *out)
{
    size_t i;
    for (i = 0; i < k; i++) {
        out[i] = n > 0.0 ? xpi_rng_binomial(r, n, cond[i]) : 0.0;
        n -= out[i];
    }
}
