/*
 * Reproducer (found by fuzz_api): in breakdowns and decompositions, a
 * segment holding exactly one response counts with weight 1 whatever its
 * weight, while the selection's total uses the weights. The SHARE column
 * ("percent of the selection's weight") is then wrong and the shares do
 * not add up to 100; a decomposition's rate and mix effects no longer add
 * up to the change of the overall estimates, as documented.
 *
 * January: x one promoter of weight 3, y one detractor of weight 1. The
 * breakdown gives x 25 %, y 25 % (want 75 % and 25 %); the decomposition
 * from January to February (x one promoter, y two detractors, weight 1)
 * has rows adding up to -37.5 for a change of -83.3.
 *
 * Cause: xpi_moments_compute (lib/moments.c) treats a tally with one
 * response as unweighted ("One weighted response is no different from an
 * unweighted one") and then reports sum_w = the count, 1; breakdown.c:35
 * and decompose.c:45 divide that by the selection's weight sum.
 *
 *   cc -Iinclude tests/fuzz/crashes/segment_share_single_weighted_response.c \
 *       build/lib/libxpi.a -lm && ./a.out      # exit 1 while the bug is there
 */
#include <math.h>
#include <stdio.h>

#include "xpi.h"

int main(void)
{
    static const char *const dims[1] = {"seg"};
    const char *x[1] = {"x"}, *y[1] = {"y"};
    const int64_t jan = INT64_C(1767225600), feb = INT64_C(1769904000),
                  mar = INT64_C(1772323200);
    xpi_cube *c = NULL;
    xpi_query *qa = NULL, *qb = NULL;
    xpi_table *t = NULL;
    double share_sum = 0.0, effects = 0.0, change = 0.0, v;
    size_t rows = 0, i;
    int bad;

    if (xpi_cube_new(&c, XPI_METRIC_NPS, 1, dims, NULL) != XPI_OK ||
        xpi_cube_add(c, jan, x, 10, 3.0) != XPI_OK || xpi_cube_add(c, jan, y, 0, 1.0) != XPI_OK ||
        xpi_cube_add(c, feb, x, 10, 1.0) != XPI_OK || xpi_cube_add(c, feb, y, 0, 1.0) != XPI_OK ||
        xpi_cube_add(c, feb + 60, y, 0, 1.0) != XPI_OK || xpi_query_new(&qa, NULL) != XPI_OK ||
        xpi_query_new(&qb, NULL) != XPI_OK || xpi_query_set_time(qa, jan, feb) != XPI_OK ||
        xpi_query_set_time(qb, feb, mar) != XPI_OK)
        return 2;

    if (xpi_cube_breakdown(c, 0, qa, &t) != XPI_OK)
        return 2;
    xpi_table_rows(t, &rows);
    for (i = 0; i < rows; i++) {
        const char *label = "";
        xpi_table_label(t, i, 0, &label, NULL);
        xpi_table_get(t, i, XPI_COL_SHARE, &v);
        printf("January, segment %s: share %g %%\n", label, v);
        share_sum += v;
    }
    xpi_table_free(t);

    if (xpi_cube_decompose(c, 0, qa, qb, &t) != XPI_OK)
        return 2;
    xpi_table_rows(t, &rows);
    for (i = 0; i < rows; i++) {
        xpi_table_get(t, i, XPI_COL_RATE_EFFECT, &v);
        effects += v;
        xpi_table_get(t, i, XPI_COL_MIX_EFFECT, &v);
        effects += v;
    }
    xpi_table_figure(t, XPI_TABLE_CHANGE, &change);
    xpi_table_free(t);
    printf("shares add up to %g %%; effects add up to %g, change %g\n", share_sum, effects,
           change);
    bad = fabs(share_sum - 100.0) > 1e-9 || fabs(effects - change) > 1e-9;
    xpi_query_free(qa);
    xpi_query_free(qb);
    xpi_cube_free(c);
    return bad;
}
