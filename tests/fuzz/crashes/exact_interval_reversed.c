/*
 * Reproducer (found by fuzz_tally_deserialize on its seed nps_huge_counts):
 * the Clopper-Pearson and Jeffreys intervals of a share near 0 out of a
 * very large number of responses come out reversed, upper end 0 below the
 * lower end, and exclude the estimate itself.
 *
 * 1 detractor and 2^57 promoters: BOTTOM is 6.9e-16 percent, but the
 * Clopper-Pearson interval is [1.76e-17, 0] (Jeffreys [7.5e-17, 0]).
 * lib/estimate_prop.c beta_interval() takes the upper end as
 * 1 - xpi_beta_ppf(alpha / 2, m - x, x + 1); that quantile is within
 * 1e-16 of 1, so the difference keeps no relative precision: from about
 * 2^50 responses the upper end is a multiple of 2^-53 (2^55 and 2^56
 * promoters give the same 1.11e-14), and from 2^57 on it cancels to 0,
 * below the lower end and the estimate. xpi_tally_estimate documents an
 * interval "never outside the statistic's range" with lower <= upper.
 * Weighted data cannot reach it (n_eff <= n); it needs more than ~1e15
 * responses in one tally (xpi_tally_add_n, merges, or a deserialized
 * buffer such as tests/fuzz/corpus/fuzz_tally_deserialize/nps_huge_counts).
 *
 *   cc -Iinclude tests/fuzz/crashes/exact_interval_reversed.c build/lib/libxpi.a -lm
 *   ./a.out    # exit 1 and "reversed" while the bug is there
 */
#include <stdio.h>

#include "xpi.h"

int main(void)
{
    static const int32_t methods[2] = {XPI_CI_CLOPPER_PEARSON, XPI_CI_JEFFREYS};
    xpi_tally *t = NULL;
    xpi_estimate e;
    int i, bad = 0;

    if (xpi_tally_new(&t, XPI_METRIC_NPS, NULL) != XPI_OK ||
        xpi_tally_add_n(t, 0, 1) != XPI_OK ||
        xpi_tally_add_n(t, 10, UINT64_C(1) << 57) != XPI_OK)
        return 2;
    for (i = 0; i < 2; i++) {
        if (xpi_tally_estimate(t, XPI_STAT_BOTTOM, methods[i], 0.95, &e) != XPI_OK)
            return 2;
        printf("method %d: value %.17g, interval [%.17g, %.17g]%s\n", (int)methods[i], e.value,
               e.lower, e.upper, e.lower > e.upper ? "  reversed" : "");
        bad |= e.lower > e.upper || e.value > e.upper;
    }
    xpi_tally_free(t);
    return bad;
}
