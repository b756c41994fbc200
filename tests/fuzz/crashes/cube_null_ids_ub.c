/*
 * Reproducer (found by fuzz_api under UBSan): undefined behaviour when a
 * cube without dimensions gets its responses by ids with a NULL ids
 * array, which the documentation allows (xpi_cube_add: "values NULL with
 * ndims > 0" is the error; xpi_cube_add_ids and the batches: "as
 * xpi_cube_add"; the batches: "NULL arrays with count > 0" are errors
 * only where the array is needed).
 *
 *  1. xpi_cube_add_ids(c, time, NULL, ...) with ndims 0: make_key()
 *     (lib/cube.c:29) calls memcpy(key + 2, ids, 0) with ids NULL; a
 *     NULL argument to memcpy is undefined even for 0 bytes (C11 7.24.1p2).
 *  2. xpi_cube_add_batch / xpi_cube_add_ids_batch with keys NULL and
 *     ndims 0: add_batch() (lib/cube_batch.c:70 and :73) forms
 *     `(const char *const *)keys + i * c->ndims`, pointer arithmetic on
 *     NULL (undefined, even with offset 0), then (ids batch) reaches 1.
 *
 * Harmless with today's compilers in practice, but the optimizer may
 * assume the pointer non-NULL after memcpy. Build with UBSan to see it:
 *
 *   clang -fsanitize=undefined -fno-sanitize-recover=all -Iinclude -Ilib \
 *       tests/fuzz/crashes/cube_null_ids_ub.c $(ls lib/[a-z]*.c) -lm && ./a.out
 *   (exit 1 with "null pointer passed as argument 2" at lib/cube.c:29;
 *   comment out call 1 to see lib/cube_batch.c:73, then call 2 for :70)
 */
#include <stdio.h>

#include "xpi.h"

int main(void)
{
    const int64_t jan = INT64_C(1767225600);
    int64_t times[2] = {jan, jan + 86400};
    int32_t scores[2] = {9, 3};
    size_t added = 0;
    xpi_cube *c = NULL;
    int s1, s2, s3;

    if (xpi_cube_new(&c, XPI_METRIC_NPS, 0, NULL, NULL) != XPI_OK)
        return 2;
    s1 = xpi_cube_add_ids(c, jan, NULL, 10, 1.0);                          /* 1. */
    s2 = xpi_cube_add_batch(c, 2, times, NULL, scores, NULL, &added);      /* 2. */
    s3 = xpi_cube_add_ids_batch(c, 2, times, NULL, scores, NULL, &added);  /* 2. and 1. */
    printf("statuses %d %d %d (all XPI_OK as documented)\n", s1, s2, s3);
    xpi_cube_free(c);
    return 0;
}
