/*
 * Mann-Kendall trend test in O(n log n), and the series conventions the
 * trend functions share (index = period, NaN = a gap).
 *
 * S = sum_{i<j} sign(y_j - y_i) = N - T - 2 D with N = n(n-1)/2 pairs, T
 * the pairs tied in y and D the discordant pairs (j after i but y_j <
 * y_i): D is the inversion count of y, found by merge sort (Knight 1966).
 * Formulas and sources: docs/methods.md, "Mann-Kendall and Sen's slope".
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "merge_both_ends.h"
#include "xpi_internal.h"

int xpi_series_count(const double *values, size_t count, size_t *n)
{
    size_t i, k = 0;
    for (i = 0; i < count; i++) {
        if (isinf(values[i]))
            return XPI_ERR_INVALID_ARG;
        k += !isnan(values[i]);
    }
    *n = k;
    return k < 2 ? XPI_ERR_NOT_ENOUGH_DATA : XPI_OK;
}

void xpi_series_points(const double *values, size_t count, double *t, double *y)
{
    size_t i, k = 0;
    for (i = 0; i < count; i++) {
        if (!isnan(values[i])) {
            if (t != NULL)
                t[k] = (double)i;
            y[k++] = values[i];
        }
    }
}

#define VALUE_BEFORE(x, y, ctx) ((void)(ctx), *(x) < *(y))
XPI_MERGE_BOTH_ENDS(merge_equal_runs, double, const void *, VALUE_BEFORE)

/* The same for runs of any lengths, one-ended (the last run of a level). */
static double merge_runs(const double *src, double *dst, size_t mid, size_t hi)
{
    size_t a = 0, b = mid, k = 0, count = 0;
    while (a < mid && b < hi) {
        size_t take_b = src[b] < src[a];
        dst[k++] = take_b ? src[b] : src[a];
        count += take_b * (mid - a);
        b += take_b;
        a += 1 - take_b;
    }
    while (a < mid)
        dst[k++] = src[a++];
    while (b < hi)
        dst[k++] = src[b++];
    return (double)count;
}

/* Sorts u[0..n) ascending (stable) and returns its inversions: the pairs
 * a < b with u[b] < u[a]. Bottom-up merge sort on the values themselves,
 * so that every pass is sequential. tmp holds n values. */
double xpi_count_inversions(double *u, double *tmp, size_t n)
{
    double inv = 0.0, *src = u, *dst = tmp;
    size_t width;
    for (width = 1; width < n; width *= 2) {
        size_t lo;
        for (lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? width : n - lo;
            size_t len = lo + 2 * width < n ? 2 * width : n - lo;
            inv += len == 2 * width ? merge_equal_runs(src + lo, dst + lo, width, NULL)
                                    : merge_runs(src + lo, dst + lo, mid, len);
        }
        src = dst;
        dst = src == u ? tmp : u;
    }
    if (src != u)
        memcpy(u, src, n * sizeof *u);
    return inv;
}

double xpi_tie_term(const double *sorted, size_t n, double *tied_pairs)
{
    double sum = 0.0, pairs = 0.0;
    size_t i = 0;
    while (i < n) {
        size_t j = i + 1;
        double t;
        while (j < n && sorted[j] == sorted[i])
            j++;
        t = (double)(j - i);
        sum += t * (t - 1.0) * (2.0 * t + 5.0);
        pairs += t * (t - 1.0) / 2.0;
        i = j;
    }
    if (tied_pairs != NULL)
        *tied_pairs = pairs;
    return sum;
}

/* S and its tie-corrected variance of y[0..n) (n >= 2, no NaN); sorts y.
 * tmp holds n values. */
static void mk_score(double *y, double *tmp, size_t k, double *s, double *var, double *pairs)
{
    double n = (double)k, ties, d = xpi_count_inversions(y, tmp, k);
    *pairs = n * (n - 1.0) / 2.0;
    *var = (n * (n - 1.0) * (2.0 * n + 5.0) - xpi_tie_term(y, k, &ties)) / 18.0;
    *s = *pairs - ties - 2.0 * d;
}

/* Seasonal Mann-Kendall (Hirsch, Slack & Smith 1982): the sum of each
 * season's S and variance (values[s], values[s + seasons], ...). */
static int mk_seasonal(const double *values, size_t count, size_t seasons, double *y,
                       double *s, double *var, double *pairs, double *used)
{
    size_t season, i;
    *s = *var = *pairs = *used = 0.0;
    for (season = 0; season < seasons && season < count; season++) {
        size_t k = 0;
        double si, vi, pi;
        for (i = season; i < count; i = count - i > seasons ? i + seasons : count)
            if (!isnan(values[i]))
                y[k++] = values[i];
        if (k < 2)
            continue;
        mk_score(y, y + count, k, &si, &vi, &pi);
        *s += si;
        *var += vi;
        *pairs += pi;
        *used += (double)k;
    }
    return *pairs > 0.0 ? XPI_OK : XPI_ERR_NOT_ENOUGH_DATA;
}

int xpi_mann_kendall(const double *values, size_t count, int32_t variant, size_t seasons,
                     const xpi_allocator *alloc, xpi_trend_test *out)
{
    return xpi_mk_test(values, count, variant, seasons, 0, alloc, out);
}

int xpi_mk_test(const double *values, size_t count, int32_t variant, size_t seasons,
                int inflate_only, const xpi_allocator *alloc, xpi_trend_test *out)
{
    xpi_allocator a;
    xpi_trend_test r;
    double *y, pairs, factor = 1.0;
    size_t k;
    int status;

    if (values == NULL || out == NULL || xpi_alloc_init(&a, alloc) != XPI_OK ||
        variant < XPI_MK_ORIGINAL || variant > XPI_MK_SEASONAL ||
        (variant == XPI_MK_SEASONAL ? seasons < 2 : seasons != 0))
        return XPI_ERR_INVALID_ARG;
    status = xpi_series_count(values, count, &k);
    if (status != XPI_OK)
        return status;
    if (count > SIZE_MAX / (2 * sizeof *y))
        return XPI_ERR_NO_MEMORY;
    y = xpi_alloc(&a, 2 * count * sizeof *y);
    if (y == NULL)
        return XPI_ERR_NO_MEMORY;
    if (variant == XPI_MK_SEASONAL) {
        status = mk_seasonal(values, count, seasons, y, &r.s, &r.var_s, &pairs, &r.n);
    } else {
        xpi_series_points(values, count, NULL, y);
        mk_score(y, y + k, k, &r.s, &r.var_s, &pairs);
        r.n = (double)k;
        if (variant == XPI_MK_HAMED_RAO)
            status = xpi_hamed_rao_factor(values, count, &a, &factor);
        r.var_s *= inflate_only && factor < 1.0 ? 1.0 : factor;
    }
    xpi_dealloc(&a, y);
    if (status != XPI_OK)
        return status;
    r.tau = r.s / pairs;
    r.z = r.var_s > 0.0 && r.s != 0.0 ? (r.s - (r.s > 0.0 ? 1.0 : -1.0)) / sqrt(r.var_s) : 0.0;
    r.p_value = fmin(1.0, 2.0 * xpi_norm_sf(fabs(r.z)));
    *out = r;
    return XPI_OK;
}
