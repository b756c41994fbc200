/*
 * Mann-Kendall trend test and Sen's slope of a series, in O(n log n).
 *
 * S = sum_{i<j} sign(y_j - y_i) = N - T - 2 D with N = n(n-1)/2 pairs, T
 * the pairs tied in y and D the discordant pairs (j after i but y_j <
 * y_i): D is the inversion count of y, found by merge sort (Knight 1966).
 *
 * Sen's slope is the median of the N pairwise slopes (y_j - y_i)/(t_j -
 * t_i). The number of slopes below s is the inversion count of
 * u = y - s t (slope < s exactly when u_j < u_i), so the k-th smallest
 * slope is found without listing all N: a sample of pair slopes brackets
 * it, interpolation on the counts narrows the bracket, and the few pairs
 * left inside are listed (the inversions of u at the upper end, in the
 * order of u at the lower end) and the k-th picked among them.
 * Formulas and sources: docs/methods.md, "Mann-Kendall and Sen's slope".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xpi_internal.h"

/* Pairs listed at the end of a selection: below this the listing is
 * cheaper than another counting pass. */
#define LIST_MIN 4096
#define SAMPLE_SEED 0x5e17c0de

typedef struct points {
    size_t n;
    double *t, *y; /* period index, value; t increasing */
    double *u, *tmp;
    size_t *idx, *idx_tmp;
} points;

/* Inversions of key[idx[lo..hi)] (pairs a < b with key[idx[b]] <
 * key[idx[a]]), sorting idx by key, stable. When out is not NULL, every
 * inversion's slope is appended to it (at most cap; *listed counts). */
static double merge_count(const points *p, const double *key, size_t *idx, size_t *tmp,
                          size_t lo, size_t hi, double *out, size_t cap, size_t *listed)
{
    size_t mid, a, b, k;
    double inv;
    if (hi - lo < 2)
        return 0.0;
    mid = lo + (hi - lo) / 2;
    inv = merge_count(p, key, idx, tmp, lo, mid, out, cap, listed) +
          merge_count(p, key, idx, tmp, mid, hi, out, cap, listed);
    for (a = lo, b = mid, k = lo; a < mid || b < hi; k++) {
        if (b == hi || (a < mid && !(key[idx[b]] < key[idx[a]]))) {
            tmp[k] = idx[a++];
        } else {
            size_t x;
            inv += (double)(mid - a);
            if (out != NULL)
                for (x = a; x < mid && *listed < cap; x++) {
                    size_t i = idx[x] < idx[b] ? idx[x] : idx[b];
                    size_t j = idx[x] < idx[b] ? idx[b] : idx[x];
                    out[(*listed)++] = (p->y[j] - p->y[i]) / (p->t[j] - p->t[i]);
                }
            tmp[k] = idx[b++];
        }
    }
    memcpy(idx + lo, tmp + lo, (hi - lo) * sizeof *idx);
    return inv;
}

/* The number of pair slopes below s (s = -inf: 0; +inf: all). */
static double count_below(points *p, double s)
{
    size_t i;
    if (s == -HUGE_VAL)
        return 0.0;
    for (i = 0; i < p->n; i++) {
        p->u[i] = s == HUGE_VAL ? -p->t[i] : p->y[i] - s * p->t[i];
        p->idx[i] = i;
    }
    return merge_count(p, p->u, p->idx, p->idx_tmp, 0, p->n, NULL, 0, NULL);
}

static int double_less(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Lists the slopes in [lo, hi): the inversions of u at hi in the order of
 * u at lo. */
static size_t list_band(points *p, double lo, double hi, double *out, size_t cap)
{
    size_t i, listed = 0;
    for (i = 0; i < p->n; i++)
        p->u[i] = lo == -HUGE_VAL ? p->t[i] : p->y[i] - lo * p->t[i];
    for (i = 0; i < p->n; i++)
        p->idx[i] = i;
    /* Order by u at lo (stable), then count at hi along that order. */
    merge_count(p, p->u, p->idx, p->idx_tmp, 0, p->n, NULL, 0, NULL);
    for (i = 0; i < p->n; i++)
        p->tmp[i] = hi == HUGE_VAL ? -p->t[i] : p->y[i] - hi * p->t[i];
    merge_count(p, p->tmp, p->idx, p->idx_tmp, 0, p->n, out, cap, &listed);
    return listed;
}

/* The k-th smallest pair slope (0-based), or NaN when scratch runs out. */
static double select_slope(points *p, double k, double *scratch, size_t cap)
{
    double N = (double)p->n * (double)(p->n - 1) / 2.0, lo = -HUGE_VAL, hi = HUGE_VAL;
    double c_lo = 0.0, c_hi = N;
    xpi_rng r;
    size_t m = cap < 64 * p->n ? cap : 64 * p->n, i, listed;
    int round;

    /* Bracket from a sample of pair slopes: the sample quantiles three
     * standard deviations around k's. */
    xpi_rng_seed(&r, SAMPLE_SEED);
    if (N > (double)LIST_MIN) {
        double q = k / N, sd = sqrt((double)m * q * (1.0 - q)) + 2.0;
        double a = floor(q * (double)m - 3.0 * sd), b = ceil(q * (double)m + 3.0 * sd);
        for (i = 0; i < m; i++) {
            size_t x = (size_t)(xpi_rng_uniform(&r) * (double)p->n);
            size_t y = (size_t)(xpi_rng_uniform(&r) * (double)(p->n - 1));
            if (y >= x)
                y++;
            scratch[i] = x < y ? (p->y[y] - p->y[x]) / (p->t[y] - p->t[x])
                               : (p->y[x] - p->y[y]) / (p->t[x] - p->t[y]);
        }
        qsort(scratch, m, sizeof *scratch, double_less);
        if (a >= 0.0) {
            double c = count_below(p, scratch[(size_t)a]);
            if (c <= k) {
                lo = scratch[(size_t)a];
                c_lo = c;
            }
        }
        if (b < (double)m) {
            double c = count_below(p, scratch[(size_t)b]);
            if (c > k) {
                hi = scratch[(size_t)b];
                c_hi = c;
            }
        }
    }
    /* Narrow by interpolating k between the counts at the ends. */
    for (round = 0; c_hi - c_lo > (double)cap && round < 200; round++) {
        double s, c;
        if (isinf(lo) || isinf(hi))
            s = isinf(lo) && isinf(hi) ? 0.0 : isinf(lo) ? hi - fabs(hi) - 1.0 : lo + fabs(lo) + 1.0;
        else
            s = lo + (hi - lo) * ((k - c_lo + 0.5) / (c_hi - c_lo));
        if (!(s > lo && s < hi) || round % 4 == 3)
            s = isinf(lo) || isinf(hi) ? s : lo + (hi - lo) / 2.0;
        if (!(s > lo && s < hi))
            break; /* lo and hi are adjacent doubles */
        c = count_below(p, s);
        if (c <= k) {
            lo = s;
            c_lo = c;
        } else {
            hi = s;
            c_hi = c;
        }
    }
    if (c_hi - c_lo > (double)cap)
        return lo; /* a band of slopes equal to rounding: lo is the value */
    listed = list_band(p, lo, hi, scratch, cap);
    if (listed == 0)
        return lo;
    qsort(scratch, listed, sizeof *scratch, double_less);
    i = (size_t)(k - c_lo);
    return scratch[i < listed ? i : listed - 1];
}

/* Sum of t(t-1)(2t+5) over the runs of equal values in sorted y. */
static double tie_term(const double *sorted, size_t n)
{
    double sum = 0.0;
    size_t i = 0;
    while (i < n) {
        size_t j = i + 1;
        while (j < n && sorted[j] == sorted[i])
            j++;
        if (j - i > 1) {
            double t = (double)(j - i);
            sum += t * (t - 1.0) * (2.0 * t + 5.0);
        }
        i = j;
    }
    return sum;
}

/* Pairs tied in sorted y. */
static double tied_pairs(const double *sorted, size_t n)
{
    double sum = 0.0;
    size_t i = 0;
    while (i < n) {
        size_t j = i + 1;
        while (j < n && sorted[j] == sorted[i])
            j++;
        sum += (double)(j - i) * (double)(j - i - 1) / 2.0;
        i = j;
    }
    return sum;
}

static double median_sorted(const double *v, size_t n)
{
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

static void mk_test(points *p, double *sorted, xpi_trend_test *out)
{
    double n = (double)p->n, N = n * (n - 1.0) / 2.0, d, ties, var;
    size_t i;
    for (i = 0; i < p->n; i++)
        p->idx[i] = i;
    d = merge_count(p, p->y, p->idx, p->idx_tmp, 0, p->n, NULL, 0, NULL);
    for (i = 0; i < p->n; i++)
        sorted[i] = p->y[p->idx[i]];
    ties = tied_pairs(sorted, p->n);
    out->n = n;
    out->s = N - ties - 2.0 * d;
    var = (n * (n - 1.0) * (2.0 * n + 5.0) - tie_term(sorted, p->n)) / 18.0;
    out->var_s = var;
    out->tau = out->s / N;
    if (var > 0.0 && out->s != 0.0)
        out->z = (out->s - (out->s > 0.0 ? 1.0 : -1.0)) / sqrt(var);
    else
        out->z = 0.0;
    out->p_value = fmin(1.0, 2.0 * xpi_norm_sf(fabs(out->z)));
}

/* Sen's slope, its interval (Sen 1968, eq. 2.6; the ranks as scipy's
 * theilslopes rounds them) and the intercept median(y) - slope median(t). */
static void sen_slope(points *p, const double *sorted_y, double confidence, double *scratch,
                      size_t cap, xpi_trend_test *out)
{
    double n = (double)p->n, N = n * (n - 1.0) / 2.0;
    double z = -xpi_norm_ppf((1.0 - confidence) / 2.0), sigma, rl, ru;
    double mid = floor((N - 1.0) / 2.0);
    /* t has no ties, so only y's enter the variance. */
    double var = (n * (n - 1.0) * (2.0 * n + 5.0) - tie_term(sorted_y, p->n)) / 18.0;
    double median_t;

    out->slope = select_slope(p, mid, scratch, cap);
    if (fmod(N, 2.0) == 0.0)
        out->slope = (out->slope + select_slope(p, mid + 1.0, scratch, cap)) / 2.0;
    sigma = sqrt(var > 0.0 ? var : 0.0);
    ru = fmin(nearbyint((N + z * sigma) / 2.0), N - 1.0);
    rl = fmax(nearbyint((N - z * sigma) / 2.0) - 1.0, 0.0);
    out->slope_lower = select_slope(p, rl, scratch, cap);
    out->slope_upper = select_slope(p, ru, scratch, cap);
    median_t = p->n % 2 ? p->t[p->n / 2] : (p->t[p->n / 2 - 1] + p->t[p->n / 2]) / 2.0;
    out->intercept = median_sorted(sorted_y, p->n) - out->slope * median_t;
}

int xpi_mann_kendall(const double *values, size_t count, double confidence,
                     const xpi_allocator *alloc, xpi_trend_test *out)
{
    xpi_allocator a;
    xpi_trend_test r;
    points p;
    size_t i, n = 0, cap;
    double *block, *sorted, *scratch;
    size_t *idx;

    if (values == NULL || out == NULL || !(confidence > 0.0 && confidence < 1.0) ||
        xpi_alloc_init(&a, alloc) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    for (i = 0; i < count; i++) {
        if (isinf(values[i]))
            return XPI_ERR_INVALID_ARG;
        n += !isnan(values[i]);
    }
    if (n < 2)
        return XPI_ERR_NOT_ENOUGH_DATA;
    cap = 4 * n > LIST_MIN ? 4 * n : LIST_MIN;
    if (n > SIZE_MAX / 8 / sizeof(double) - cap)
        return XPI_ERR_NO_MEMORY;
    block = xpi_alloc(&a, (5 * n + cap) * sizeof *block);
    idx = xpi_alloc(&a, 2 * n * sizeof *idx);
    if (block == NULL || idx == NULL) {
        xpi_dealloc(&a, block);
        xpi_dealloc(&a, idx);
        return XPI_ERR_NO_MEMORY;
    }
    p.n = n;
    p.t = block;
    p.y = block + n;
    p.u = block + 2 * n;
    p.tmp = block + 3 * n;
    sorted = block + 4 * n;
    scratch = block + 5 * n;
    p.idx = idx;
    p.idx_tmp = idx + n;
    for (i = 0, n = 0; i < count; i++) {
        if (!isnan(values[i])) {
            p.t[n] = (double)i;
            p.y[n++] = values[i];
        }
    }
    mk_test(&p, sorted, &r);
    sen_slope(&p, sorted, confidence, scratch, cap, &r);
    xpi_dealloc(&a, block);
    xpi_dealloc(&a, idx);
    *out = r;
    return XPI_OK;
}
