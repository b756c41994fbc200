/*
 * Sen's slope (the Theil-Sen estimator) with Sen's (1968) interval,
 * without listing the n(n-1)/2 pairwise slopes. The number of slopes
 * below s is the inversion count of u = y - s t (slope_ij < s exactly when
 * u_j < u_i), so the k-th smallest slope is found by bracketing it with a
 * sample of pair slopes, narrowing the bracket with counting passes, and
 * listing the few pairs left inside (the inversions of u at the upper end,
 * in the order of u at the lower end) to pick the k-th among them.
 * Formulas and sources: docs/methods.md, "Mann-Kendall and Sen's slope".
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xpi_internal.h"

/* A selection ends by listing the pairs left in its bracket once they are
 * at most max(4n, LIST_MIN): listing costs a pass and a pick among them,
 * cheaper than more counting passes. */
#define LIST_MIN 4096
#define SAMPLE_SEED 0x5e17c0de

typedef struct points {
    size_t n;
    double *t, *y;   /* period index (increasing), value */
    double *u, *tmp; /* keys being merged */
    size_t *idx, *idx_tmp;
} points;

/* The number of pair slopes below s: the inversions of u = y - s t
 * (slope_ij < s exactly when u_j < u_i). */
static double count_below(points *p, double s)
{
    size_t i;
    if (s == -HUGE_VAL)
        return 0.0;
    if (s == HUGE_VAL)
        return (double)p->n * (double)(p->n - 1) / 2.0;
    for (i = 0; i < p->n; i++)
        p->u[i] = p->y[i] - s * p->t[i];
    return xpi_count_inversions(p->u, p->tmp, p->n);
}

/* Sorts idx[lo..hi) by key[idx] (stable), appending the slope of every
 * inverted pair to out (at most cap; *listed counts them). */
static void merge_list(const points *p, const double *key, size_t *idx, size_t *tmp,
                       size_t lo, size_t hi, double *out, size_t cap, size_t *listed)
{
    size_t mid, a, b, k;
    if (hi - lo < 2)
        return;
    mid = lo + (hi - lo) / 2;
    merge_list(p, key, idx, tmp, lo, mid, out, cap, listed);
    merge_list(p, key, idx, tmp, mid, hi, out, cap, listed);
    for (a = lo, b = mid, k = lo; a < mid || b < hi; k++) {
        if (b == hi || (a < mid && !(key[idx[b]] < key[idx[a]]))) {
            tmp[k] = idx[a++];
        } else {
            size_t x;
            for (x = a; out != NULL && x < mid && *listed < cap; x++) {
                size_t i = idx[x] < idx[b] ? idx[x] : idx[b];
                size_t j = idx[x] < idx[b] ? idx[b] : idx[x];
                out[(*listed)++] = (p->y[j] - p->y[i]) / (p->t[j] - p->t[i]);
            }
            tmp[k] = idx[b++];
        }
    }
    memcpy(idx + lo, tmp + lo, (hi - lo) * sizeof *idx);
}

/* Lists the slopes in [lo, hi): the inversions of u at hi in the order of
 * u at lo. */
static size_t list_band(points *p, double lo, double hi, double *out, size_t cap)
{
    size_t i, listed = 0;
    for (i = 0; i < p->n; i++) {
        p->u[i] = lo == -HUGE_VAL ? p->t[i] : p->y[i] - lo * p->t[i];
        p->idx[i] = i;
    }
    merge_list(p, p->u, p->idx, p->idx_tmp, 0, p->n, NULL, 0, NULL);
    for (i = 0; i < p->n; i++)
        p->tmp[i] = hi == HUGE_VAL ? -p->t[i] : p->y[i] - hi * p->t[i];
    merge_list(p, p->tmp, p->idx, p->idx_tmp, 0, p->n, out, cap, &listed);
    return listed;
}

static void swap(double *v, size_t a, size_t b)
{
    double t = v[a];
    v[a] = v[b];
    v[b] = t;
}

/* The k-th smallest of v[0..n) (Hoare's quickselect, median-of-three). */
static double quickselect(double *v, size_t n, size_t k)
{
    size_t lo = 0, hi = n - 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2, i, j;
        double pivot;
        if (v[mid] < v[lo])
            swap(v, mid, lo);
        if (v[hi] < v[lo])
            swap(v, hi, lo);
        if (v[hi] < v[mid])
            swap(v, hi, mid);
        pivot = v[mid];
        i = lo;
        j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (pivot < v[j])
                j--;
            if (i <= j) {
                swap(v, i, j);
                i++;
                if (j == 0)
                    break;
                j--;
            }
        }
        if (k <= j)
            hi = j;
        else if (k >= i)
            lo = i;
        else
            return v[k];
    }
    return v[k];
}

static int double_less(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A sorted sample of m pair slopes (fixed seed, so results repeat). */
static void sample_slopes(const points *p, double *sample, size_t m)
{
    xpi_rng r;
    size_t i;
    xpi_rng_seed(&r, SAMPLE_SEED);
    for (i = 0; i < m; i++) {
        size_t x = (size_t)(xpi_rng_uniform(&r) * (double)p->n);
        size_t y = (size_t)(xpi_rng_uniform(&r) * (double)(p->n - 1));
        if (y >= x)
            y++;
        if (x > y) {
            size_t t = x;
            x = y;
            y = t;
        }
        sample[i] = (p->y[y] - p->y[x]) / (p->t[y] - p->t[x]);
    }
    qsort(sample, m, sizeof *sample, double_less);
}

/* The k-th smallest pair slope (0-based), and in *next the (k+1)-th when
 * next is not NULL (the two middle slopes of an even count share one
 * search). The bracket [lo, hi) holds them while c_lo = count_below(lo)
 * <= k and c_hi = count_below(hi) > k2. */
static double select_slope(points *p, double k, double *next, const double *sample, size_t m,
                           double *scratch, size_t cap)
{
    double N = (double)p->n * (double)(p->n - 1) / 2.0, k2 = next != NULL ? k + 1.0 : k;
    double lo = -HUGE_VAL, hi = HUGE_VAL, c_lo = 0.0, c_hi = N, first;
    size_t listed, at, i;
    int round;

    if (m > 0) { /* the sample quantiles three standard deviations around k's */
        double q = k / N, sd = sqrt((double)m * q * (1.0 - q)) + 2.0;
        double a = floor(q * (double)m - 3.0 * sd), b = ceil(q * (double)m + 3.0 * sd);
        double c;
        if (a >= 0.0 && (c = count_below(p, sample[(size_t)a])) <= k) {
            lo = sample[(size_t)a];
            c_lo = c;
        }
        if (b < (double)m && (c = count_below(p, sample[(size_t)b])) > k2) {
            hi = sample[(size_t)b];
            c_hi = c;
        }
    }
    /* Narrow: counts are nearly linear in s over a narrow bracket, so two
     * counts just either side of the interpolated point usually close it
     * to about cap / 2 pairs in one round; halving otherwise. A count
     * between k and k2 moves neither end. */
    for (round = 0; c_hi - c_lo > (double)cap && round < 100; round++) {
        double probe[2], c;
        int j, np = 2;
        if (isinf(lo) || isinf(hi)) {
            /* Out of the sample's range: step outward geometrically. */
            probe[0] = isinf(lo) ? (isinf(hi) ? 0.0 : hi - fabs(hi) - 1.0) : lo + fabs(lo) + 1.0;
            np = 1;
        } else if (round % 3 == 2) { /* interpolation not closing in: halve */
            probe[0] = lo + (hi - lo) / 2.0;
            np = 1;
        } else {
            double mid = lo + (hi - lo) * ((k - c_lo + 0.5) / (c_hi - c_lo));
            double d = (hi - lo) * ((double)cap / 4.0 / (c_hi - c_lo));
            probe[0] = mid - d;
            probe[1] = mid + d;
        }
        for (j = 0; j < np; j++) {
            if (!(probe[j] > lo && probe[j] < hi))
                continue;
            c = count_below(p, probe[j]);
            if (c <= k) {
                lo = probe[j];
                c_lo = c;
            } else if (c > k2) {
                hi = probe[j];
                c_hi = c;
            }
        }
        if (!(lo + (hi - lo) / 2.0 > lo && lo + (hi - lo) / 2.0 < hi))
            break; /* lo and hi are adjacent doubles */
    }
    if (c_hi - c_lo > (double)cap || (listed = list_band(p, lo, hi, scratch, cap)) == 0) {
        /* A band of slopes equal to within rounding: lo is their value. */
        if (next != NULL)
            *next = lo;
        return lo;
    }
    at = (size_t)(k - c_lo);
    at = at < listed ? at : listed - 1;
    first = quickselect(scratch, listed, at);
    if (next != NULL) {
        /* Everything after position at is >= first: the next is their least. */
        double least = at + 1 < listed ? scratch[at + 1] : first;
        for (i = at + 2; i < listed; i++)
            least = scratch[i] < least ? scratch[i] : least;
        *next = least;
    }
    return first;
}

static double median_sorted(const double *v, size_t n)
{
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

/* Sen's slope, its interval (Sen 1968, eq. 2.6; the ranks as scipy's
 * theilslopes rounds them) and the intercept median(y) - slope median(t). */
static void sen_slope(points *p, const double *sorted_y, double confidence, double *sample,
                      size_t m, double *scratch, size_t cap, xpi_slope *out)
{
    double n = (double)p->n, N = n * (n - 1.0) / 2.0;
    double z = -xpi_norm_ppf((1.0 - confidence) / 2.0), sigma, rl, ru;
    double mid = floor((N - 1.0) / 2.0);
    /* t has no ties, so only y's enter the variance. */
    double var = (n * (n - 1.0) * (2.0 * n + 5.0) - xpi_tie_term(sorted_y, p->n, NULL)) / 18.0;
    double median_t;

    if (fmod(N, 2.0) == 0.0) {
        double upper_middle;
        out->slope = select_slope(p, mid, &upper_middle, sample, m, scratch, cap);
        out->slope = (out->slope + upper_middle) / 2.0;
    } else {
        out->slope = select_slope(p, mid, NULL, sample, m, scratch, cap);
    }
    sigma = sqrt(var > 0.0 ? var : 0.0);
    ru = fmin(nearbyint((N + z * sigma) / 2.0), N - 1.0);
    rl = fmax(nearbyint((N - z * sigma) / 2.0) - 1.0, 0.0);
    out->lower = select_slope(p, rl, NULL, sample, m, scratch, cap);
    out->upper = select_slope(p, ru, NULL, sample, m, scratch, cap);
    median_t = p->n % 2 ? p->t[p->n / 2] : (p->t[p->n / 2 - 1] + p->t[p->n / 2]) / 2.0;
    out->intercept = median_sorted(sorted_y, p->n) - out->slope * median_t;
}

int xpi_sen_slope(const double *values, size_t count, double confidence,
                  const xpi_allocator *alloc, xpi_slope *out)
{
    xpi_allocator a;
    xpi_slope r;
    points p;
    size_t n, cap, m;
    double *block, *sorted, *scratch, *sample;
    size_t *idx;
    int status;

    if (values == NULL || out == NULL || !(confidence > 0.0 && confidence < 1.0) ||
        xpi_alloc_init(&a, alloc) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    status = xpi_series_count(values, count, &n);
    if (status != XPI_OK)
        return status;
    cap = 4 * n > LIST_MIN ? 4 * n : LIST_MIN;
    if (n > SIZE_MAX / 16 / sizeof(double) - cap)
        return XPI_ERR_NO_MEMORY;
    block = xpi_alloc(&a, (6 * n + cap) * sizeof *block);
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
    sample = scratch + cap;
    p.idx = idx;
    p.idx_tmp = idx + n;
    xpi_series_points(values, count, p.t, p.y);
    memcpy(sorted, p.y, n * sizeof *sorted);
    xpi_count_inversions(sorted, p.tmp, n);
    /* A sample of n pair slopes brackets each order statistic, unless the
     * pairs are few enough to list at once. */
    m = (double)n * (double)(n - 1) / 2.0 > (double)cap ? n : 0;
    if (m > 0)
        sample_slopes(&p, sample, m);
    r.n = (double)n;
    sen_slope(&p, sorted, confidence, sample, m, scratch, cap, &r);
    xpi_dealloc(&a, block);
    xpi_dealloc(&a, idx);
    *out = r;
    return XPI_OK;
}
