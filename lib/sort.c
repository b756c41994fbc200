/*
 * Sorting an index array by a caller's order. Heap sort: no scratch
 * memory, no recursion, O(n log n) in the worst case, and no global state
 * (qsort's comparator would need the data in a global). Not stable: a
 * caller that needs a deterministic order breaks ties itself.
 */
#include <math.h>

#include "xpi_internal.h"

/* idx[root..end) as a max-heap under less. */
static void sift_down(size_t *idx, size_t root, size_t end, xpi_less_fn less, const void *ctx)
{
    size_t child;
    while ((child = 2 * root + 1) < end) {
        size_t t;
        if (child + 1 < end && less(ctx, idx[child], idx[child + 1]))
            child++;
        if (!less(ctx, idx[root], idx[child]))
            return;
        t = idx[root];
        idx[root] = idx[child];
        idx[child] = t;
        root = child;
    }
}

void xpi_sort_indices(size_t *idx, size_t n, xpi_less_fn less, const void *ctx)
{
    size_t i, end;
    if (n < 2)
        return;
    for (i = n / 2; i-- > 0;)
        sift_down(idx, i, n, less, ctx);
    for (end = n - 1; end > 0; end--) {
        size_t t = idx[0];
        idx[0] = idx[end];
        idx[end] = t;
        sift_down(idx, 0, end, less, ctx);
    }
}

static void swap_values(double *v, size_t a, size_t b)
{
    double t = v[a];
    v[a] = v[b];
    v[b] = t;
}

/* v[root..end) as a max-heap. */
static void sift_values(double *v, size_t root, size_t end)
{
    size_t child;
    while ((child = 2 * root + 1) < end) {
        if (child + 1 < end && v[child] < v[child + 1])
            child++;
        if (!(v[root] < v[child]))
            return;
        swap_values(v, root, child);
        root = child;
    }
}

void xpi_sort_values(double *v, size_t n)
{
    size_t i, end;
    if (n < 2)
        return;
    for (i = n / 2; i-- > 0;)
        sift_values(v, i, n);
    for (end = n - 1; end > 0; end--) {
        swap_values(v, 0, end);
        sift_values(v, 0, end);
    }
}

/* Hoare's partition of v[lo..hi] (hi > lo) around the median of three:
 * afterwards v[lo..*j] <= pivot <= v[*i..hi] and everything between equals
 * the pivot. */
static void partition(double *v, size_t lo, size_t hi, size_t *i_out, size_t *j_out)
{
    size_t mid = lo + (hi - lo) / 2, i = lo, j = hi;
    double pivot;
    if (v[mid] < v[lo])
        swap_values(v, mid, lo);
    if (v[hi] < v[lo])
        swap_values(v, hi, lo);
    if (v[hi] < v[mid])
        swap_values(v, hi, mid);
    pivot = v[mid];
    while (i <= j) {
        while (v[i] < pivot)
            i++;
        while (pivot < v[j])
            j--;
        if (i <= j) {
            swap_values(v, i, j);
            i++;
            if (j == 0)
                break;
            j--;
        }
    }
    *i_out = i;
    *j_out = j;
}

/* Recursion only into the side holding fewer positions, so the depth is
 * at most log2 of their number. */
static void select_range(double *v, size_t lo, size_t hi, const size_t *pos, size_t count)
{
    while (count > 0 && lo < hi) {
        size_t i, j, left = 0, right = count;
        partition(v, lo, hi, &i, &j);
        while (left < count && pos[left] <= j)
            left++;
        while (right > left && pos[right - 1] >= i)
            right--;
        /* pos[left..right) fall between j and i: on pivot copies, settled. */
        if (left < count - right) {
            if (left > 0)
                select_range(v, lo, j, pos, left);
            pos += right;
            count -= right;
            lo = i;
        } else {
            if (count - right > 0)
                select_range(v, i, hi, pos + right, count - right);
            count = left;
            hi = j;
        }
    }
}

#define FILTER_MIN 65536 /* below this, selection partitions the whole array */
#define SUBSAMPLE 4096    /* values drawn to place each window (32 KB of stack) */
#define WINDOW_SD 4.0     /* standard deviations of a subsample rank */
#define SELECT_MAX 8

/* Large arrays: a sorted subsample places a window of values around each
 * wanted rank (Floyd & Rivest 1975), windows that meet made one; a single
 * sequential pass gathers the values inside windows at the front of v and
 * counts, per window, those below it and inside it; the wanted ranks are
 * then selected among the few gathered, where window w's values follow
 * those of the windows below it. Should a rank fall outside its window
 * (rare), all are selected from the whole array. */
static void select_filtered(double *v, size_t n, const size_t *pos, size_t count, double *out)
{
    double sub[SUBSAMPLE], lo[SELECT_MAX], hi[SELECT_MAX], below[SELECT_MAX];
    double inside[SELECT_MAX], preceding = 0.0;
    /* local is zeroed only because gcc -O3 cannot see that the windows'
     * pass fills it whenever it is read. */
    size_t window_of[SELECT_MAX], local[SELECT_MAX] = { 0 }, windows = 0, i, j, w, m = 0;
    size_t step = n / SUBSAMPLE;
    for (i = 0; i < SUBSAMPLE; i++) /* n is far above SUBSAMPLE: a stride */
        sub[i] = v[i * step + (i * 7919u) % step];
    xpi_sort_values(sub, SUBSAMPLE);
    for (i = 0; i < count; i++) {
        double q = ((double)pos[i] + 0.5) / (double)n, r = q * SUBSAMPLE;
        double h = WINDOW_SD * sqrt(r * (1.0 - q)) + 2.0;
        double a = r - h >= 0.0 ? sub[(size_t)(r - h)] : -HUGE_VAL;
        double b = ceil(r + h) < SUBSAMPLE ? sub[(size_t)ceil(r + h)] : HUGE_VAL;
        if (windows > 0 && a <= hi[windows - 1]) {
            hi[windows - 1] = b > hi[windows - 1] ? b : hi[windows - 1];
        } else {
            lo[windows] = a;
            hi[windows++] = b;
        }
        window_of[i] = windows - 1;
    }
    for (w = 0; w < windows; w++)
        below[w] = inside[w] = 0.0;
    for (j = 0; j < n; j++) { /* branch-free: v[0..m) holds the windows' */
        double x = v[j];
        size_t in = 0;
        for (w = 0; w < windows; w++) {
            size_t here = (x >= lo[w]) & (x <= hi[w]);
            below[w] += x < lo[w];
            inside[w] += (double)here;
            in |= here;
        }
        v[j] = v[m];
        v[m] = x;
        m += in;
    }
    for (w = 0, i = 0; w < windows; w++) {
        for (; i < count && window_of[i] == w; i++) {
            double p = (double)pos[i];
            if (p < below[w] || p >= below[w] + inside[w])
                break;
            local[i] = (size_t)(p - below[w] + preceding);
        }
        preceding += inside[w];
    }
    if (i < count) { /* a window missed: select from everything */
        select_range(v, 0, n - 1, pos, count);
        for (i = 0; i < count; i++)
            out[i] = v[pos[i]];
        return;
    }
    select_range(v, 0, m - 1, local, count);
    for (i = 0; i < count; i++)
        out[i] = v[local[i]];
}

void xpi_order_statistics(double *v, size_t n, const size_t *pos, size_t count, double *out)
{
    size_t i;
    if (n >= FILTER_MIN && count <= SELECT_MAX) {
        select_filtered(v, n, pos, count, out);
        return;
    }
    if (n > 1)
        select_range(v, 0, n - 1, pos, count);
    for (i = 0; i < count; i++)
        out[i] = v[pos[i]];
}
