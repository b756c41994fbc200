/*
 * xpi_p_adjust: p-value adjustments for multiple comparisons.
 *
 *   Holm, S. (1979). A simple sequentially rejective multiple test
 *     procedure. Scandinavian Journal of Statistics 6(2), 65-70.
 *   Hochberg, Y. (1988). A sharper Bonferroni procedure for multiple tests
 *     of significance. Biometrika 75(4), 800-802.
 *   Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery
 *     rate. Journal of the Royal Statistical Society B 57(1), 289-300.
 *   Benjamini, Y. & Yekutieli, D. (2001). The control of the false discovery
 *     rate in multiple testing under dependency. Annals of Statistics 29(4),
 *     1165-1188.
 *
 * The reference is statsmodels' multipletests (methods 'bonferroni', 'holm',
 * 'simes-hochberg', 'fdr_bh', 'fdr_by'; tests/ref/gen_padjust.py). Each
 * value is computed with the same operations in the same order as there, so
 * the results agree to the last bit or nearly: e.g. BH divides p by the
 * ecdf factor j/m instead of multiplying by m/j.
 */
#include <stdint.h>

#include "xpi_internal.h"

/* Tied p-values get the same adjusted value whatever their order (each
 * accumulation below absorbs the later ties), so any order of ties will do. */
static int p_less(const void *ctx, size_t a, size_t b)
{
    const double *p = ctx;
    return p[a] < p[b];
}

/* sum 1/(first + i) for i < n in numpy's pairwise order (np.sum, which
 * statsmodels uses for BY's c(m)): blocks below 8 are summed in a line, up
 * to 128 in eight interleaved partial sums, larger ones split in halves
 * rounded to multiples of 8. */
static double pairwise_harmonic(size_t first, size_t n)
{
    double r[8], res = 0.0;
    size_t i, j;
    if (n < 8) {
        for (i = 0; i < n; i++)
            res += 1.0 / (double)(first + i);
        return res;
    }
    if (n <= 128) {
        for (j = 0; j < 8; j++)
            r[j] = 1.0 / (double)(first + j);
        for (i = 8; i < n - n % 8; i += 8)
            for (j = 0; j < 8; j++)
                r[j] += 1.0 / (double)(first + i + j);
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++)
            res += 1.0 / (double)(first + i);
        return res;
    }
    i = n / 2;
    i -= i % 8;
    return pairwise_harmonic(first, i) + pairwise_harmonic(first + i, n - i);
}

/* c(m) = sum_{i=1..m} 1/i. numpy's reduction hands the pairwise sum 8192
 * elements at a time (its buffer size) and adds the blocks in a line. */
static double harmonic(size_t m)
{
    double c = 0.0;
    size_t first;
    for (first = 0; first < m; first += 8192)
        c += pairwise_harmonic(first + 1, m - first < 8192 ? m - first : 8192);
    return c;
}

static double clip1(double v)
{
    return v > 1.0 ? 1.0 : v;
}

/* Step-down (Holm): running maximum from the smallest p upwards. Each
 * p[idx[k]] is read just before adjusted[idx[k]] is written and never
 * again, which is what lets adjusted be p itself. */
static void step_down(const double *p, const size_t *idx, size_t n, double *adjusted)
{
    double run = 0.0;
    size_t k;
    for (k = 0; k < n; k++) {
        double v = p[idx[k]] * (double)(n - k);
        if (k == 0 || v > run)
            run = v;
        adjusted[idx[k]] = clip1(run);
    }
}

/* Step-up (Hochberg, BH, BY): running minimum from the largest p down;
 * aliasing as in step_down. cm is 1 except for BY (x / 1 is exact, so BH
 * is unaffected). */
static void step_up(const double *p, const size_t *idx, size_t n, int32_t method, double cm,
                    double *adjusted)
{
    double m = (double)n, run = 0.0;
    size_t k = n;
    while (k-- > 0) {
        double v;
        if (method == XPI_ADJUST_HOCHBERG)
            v = (double)(n - k) * p[idx[k]];
        else
            v = p[idx[k]] / ((double)(k + 1) / m / cm);
        if (k == n - 1 || v < run)
            run = v;
        adjusted[idx[k]] = clip1(run);
    }
}

int xpi_p_adjust_with(const xpi_allocator *a, const double *p, size_t n, int32_t method,
                      double *adjusted)
{
    size_t *idx, i;

    if (p == NULL || adjusted == NULL || n == 0 || method < XPI_ADJUST_BONFERRONI ||
        method > XPI_ADJUST_BY)
        return XPI_ERR_INVALID_ARG;
    for (i = 0; i < n; i++)
        if (!(p[i] >= 0.0 && p[i] <= 1.0))
            return XPI_ERR_INVALID_ARG;

    if (method == XPI_ADJUST_BONFERRONI) {
        for (i = 0; i < n; i++)
            adjusted[i] = clip1(p[i] * (double)n);
        return XPI_OK;
    }

    /* An index array that cannot be sized cannot be allocated either. */
    if (n > SIZE_MAX / sizeof *idx)
        return XPI_ERR_NO_MEMORY;
    idx = xpi_alloc(a, n * sizeof *idx);
    if (idx == NULL)
        return XPI_ERR_NO_MEMORY;
    for (i = 0; i < n; i++)
        idx[i] = i;
    xpi_sort_indices(idx, n, p_less, p);

    if (method == XPI_ADJUST_HOLM)
        step_down(p, idx, n, adjusted);
    else
        step_up(p, idx, n, method, method == XPI_ADJUST_BY ? harmonic(n) : 1.0, adjusted);
    xpi_dealloc(a, idx);
    return XPI_OK;
}

int xpi_p_adjust(const double *p, size_t n, int32_t method, double *adjusted,
                 const xpi_allocator *alloc)
{
    xpi_allocator a;
    if (xpi_alloc_init(&a, alloc) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    return xpi_p_adjust_with(&a, p, n, method, adjusted);
}
