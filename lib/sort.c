/*
 * Sorting an index array by a caller's order. Heap sort: no scratch
 * memory, no recursion, O(n log n) in the worst case, and no global state
 * (qsort's comparator would need the data in a global). Not stable: a
 * caller that needs a deterministic order breaks ties itself.
 */
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
