/*
 * The merge step of the sorts that count inversions, written once for
 * both element types (lib/trend_mk.c: values; lib/pair_slopes.c: keyed
 * points).
 *
 * XPI_MERGE_BOTH_ENDS(name, type, context, before) defines
 *   static double name(const type *src, type *dst, size_t w, context ctx)
 * which merges the sorted runs src[0..w) and src[w..2w) into dst, stably
 * by before(x, y, ctx) (x strictly before y), and returns the cross
 * inversions. The merge runs from both ends at once: the front takes the
 * smaller head, the back the larger tail, w steps each: two independent
 * chains of comparisons where a one-ended merge has one (with equal runs
 * neither end overruns; Knuth 5.2.4, ex. 8). The inversions follow from
 * where the right run's elements land: the one at right index j placed at
 * position q passes w + j - q left elements. Branch-free: on random data
 * each comparison is a coin flip that no branch predictor learns.
 */
#ifndef XPI_MERGE_BOTH_ENDS_H
#define XPI_MERGE_BOTH_ENDS_H

#include <stddef.h>
#include <stdint.h>

#define XPI_MERGE_BOTH_ENDS(name, type, context, before)                                    \
    static double name(const type *src, type *dst, size_t w, context ctx)                  \
    {                                                                                       \
        const type *a = src, *b = src + w, *a_end = src + w - 1, *b_end = src + 2 * w - 1; \
        size_t k;                                                                           \
        uint64_t placed = 0; /* the right elements' positions, summed (~w^2) */            \
        for (k = 0; k < w; k++) {                                                           \
            size_t take_b = (size_t)before(b, a, ctx);                                      \
            size_t take_a = (size_t)before(b_end, a_end, ctx);                              \
            const type *front = take_b ? b : a, *back = take_a ? a_end : b_end;             \
            dst[k] = *front;                                                                \
            dst[2 * w - 1 - k] = *back;                                                     \
            placed += ((uint64_t)k & (0 - (uint64_t)take_b)) +                              \
                      ((uint64_t)(2 * w - 1 - k) & ((uint64_t)take_a - 1));                 \
            b += take_b;                                                                    \
            a += 1 - take_b;                                                                \
            a_end -= take_a;                                                                \
            b_end -= 1 - take_a;                                                            \
        }                                                                                   \
        return (double)w * (double)w + (double)w * (double)(w - 1) / 2.0 - (double)placed;  \
    }

#endif
