/*
 * Hamed & Rao's (1998) correction of the Mann-Kendall variance for
 * autocorrelation: the series is detrended with Sen's slope, ranked, and
 * the significant autocorrelations rho_i of the ranks (|rho_i| beyond
 * z(0.975) / sqrt(n)) scale Var S by
 *   1 + 2 / (n (n-1) (n-2)) sum_i (n-i)(n-i-1)(n-i-2) rho_i,
 * as pymannkendall's hamed_rao_modification_test computes it. The
 * autocorrelations of all lags come from one FFT, O(n log n).
 */
#include <math.h>
#include <string.h>

#include "xpi_internal.h"

#define BAND_Z 1.959963984540054 /* z(0.975) */

/* In-place radix-2 FFT of (re, im)[0..m), m a power of two; inverse
 * without the 1/m. */
static void fft(double *re, double *im, size_t m, int inverse)
{
    size_t i, j, len;
    for (i = 1, j = 0; i < m; i++) { /* bit-reversal permutation */
        size_t bit = m >> 1;
        for (; j & bit; bit >>= 1)
            j ^= bit;
        j ^= bit;
        if (i < j) {
            double t = re[i];
            re[i] = re[j];
            re[j] = t;
            t = im[i];
            im[i] = im[j];
            im[j] = t;
        }
    }
    for (len = 2; len <= m; len <<= 1) {
        double angle = (inverse ? 2.0 : -2.0) * 3.14159265358979323846 / (double)len;
        double wr = cos(angle), wi = sin(angle);
        for (i = 0; i < m; i += len) {
            double cr = 1.0, ci = 0.0;
            for (j = 0; j < len / 2; j++) {
                size_t a = i + j, b = i + j + len / 2;
                double xr = re[b] * cr - im[b] * ci, xi = re[b] * ci + im[b] * cr, t;
                re[b] = re[a] - xr;
                im[b] = im[a] - xi;
                re[a] += xr;
                im[a] += xi;
                t = cr * wr - ci * wi;
                ci = cr * wi + ci * wr;
                cr = t;
            }
        }
    }
}

/* Sorting by detrended value, for the ranks. */
static int value_less(const void *ctx, size_t a, size_t b)
{
    const double *v = ctx;
    return v[a] < v[b] || (v[a] == v[b] && a < b);
}

/* Average ranks (1-based) of v[0..n) into rank, ties sharing their mean. */
static void average_ranks(const double *v, size_t n, size_t *idx, double *rank)
{
    size_t i = 0, j;
    for (j = 0; j < n; j++)
        idx[j] = j;
    xpi_sort_indices(idx, n, value_less, v);
    while (i < n) {
        double mean;
        for (j = i + 1; j < n && v[idx[j]] == v[idx[i]]; j++)
            ;
        mean = ((double)i + (double)j + 1.0) / 2.0;
        for (; i < j; i++)
            rank[idx[i]] = mean;
    }
}

int xpi_hamed_rao_factor(const double *values, size_t count, const xpi_allocator *a,
                         double *factor)
{
    xpi_slope sl;
    size_t n, m = 1, i, k;
    double *t, *y, *re, *im, mean = 0.0, band, sni = 0.0, nn;
    size_t *idx;
    int status;

    *factor = 1.0;
    status = xpi_series_count(values, count, &n);
    if (status != XPI_OK || n < 3)
        return status;
    status = xpi_sen_slope(values, count, 0, 0.95, a, &sl);
    if (status != XPI_OK)
        return status;
    while (m < 2 * n)
        m <<= 1;
    t = xpi_alloc(a, (2 * n + 2 * m) * sizeof *t);
    idx = xpi_alloc(a, n * sizeof *idx);
    if (t == NULL || idx == NULL) {
        xpi_dealloc(a, t);
        xpi_dealloc(a, idx);
        return XPI_ERR_NO_MEMORY;
    }
    y = t + n;
    re = y + n;
    im = re + m;
    xpi_series_points(values, count, t, y);
    for (i = 0; i < n; i++)
        y[i] -= sl.slope * t[i];
    average_ranks(y, n, idx, re);
    for (i = 0; i < n; i++)
        mean += re[i];
    mean /= (double)n;
    for (i = 0; i < m; i++) {
        re[i] = i < n ? re[i] - mean : 0.0;
        im[i] = 0.0;
    }
    /* Autocovariances: the inverse transform of the power spectrum, with
     * zero padding to 2n so that the lags do not wrap. */
    fft(re, im, m, 0);
    for (i = 0; i < m; i++) {
        re[i] = re[i] * re[i] + im[i] * im[i];
        im[i] = 0.0;
    }
    fft(re, im, m, 1);
    nn = (double)n;
    band = BAND_Z / sqrt(nn);
    for (k = 1; k + 2 < n; k++) {
        double rho = re[k] / re[0], dk = (double)k;
        if (rho > band || rho < -band)
            sni += (nn - dk) * (nn - dk - 1.0) * (nn - dk - 2.0) * rho;
    }
    if (re[0] > 0.0)
        *factor = 1.0 + 2.0 / (nn * (nn - 1.0) * (nn - 2.0)) * sni;
    xpi_dealloc(a, t);
    xpi_dealloc(a, idx);
    return XPI_OK;
}
