/*
 * Change points of a series: the segmentation of its periods that
 * minimizes the sum over segments of the multinomial cost
 *   C(segment) = -2 sum_j N_j log(N_j / N)
 * (N_j the segment's responses in category j: the three bands, or every
 * score point for means) plus a penalty per change, found exactly by
 * optimal partitioning with PELT's pruning (Killick, Fearnhead & Eckley
 * 2012) and a minimum segment length. The penalty is calibrated to a
 * false-alarm rate (lib/changepoint_table.c). Formulas: docs/methods.md,
 * "Change points".
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "xpi_internal.h"

/* The categories of a period for a statistic: bands for nets and shares,
 * every score point for means. Effective counts: weighted periods count
 * their weight shares times n_eff. */
size_t xpi_change_categories(const xpi_scale *scale, int32_t stat)
{
    return stat == XPI_STAT_MEAN ? xpi_scale_points(scale) : 3;
}

void xpi_change_counts(const xpi_tally *t, int32_t stat, double *out)
{
    size_t i, k = xpi_change_categories(&t->scale, stat);
    double total_w = 0.0, n_eff;
    xpi_moments m;
    for (i = 0; i < k; i++)
        out[i] = 0.0;
    if (t->total_n == 0)
        return;
    xpi_moments_compute(t, stat, &m);
    for (i = 0; i < t->points; i++)
        total_w += m.weighted ? t->sum_w[i] : (double)t->count[i];
    n_eff = m.weighted ? m.n_eff : m.n;
    for (i = 0; i < t->points; i++) {
        int32_t score = t->scale.min + (int32_t)i;
        size_t j = stat == XPI_STAT_MEAN       ? i
                   : score <= t->scale.low_max ? 0
                   : score >= t->scale.high_min ? 2
                                                : 1;
        double c = m.weighted ? t->sum_w[i] / total_w * n_eff : (double)t->count[i];
        out[j] += c;
    }
}

/* -2 log-likelihood of the counts between prefix rows a and b. */
double xpi_change_cost(const double *prefix, size_t k, size_t a, size_t b)
{
    const double *pa = prefix + a * k, *pb = prefix + b * k;
    double sum = 0.0, total = 0.0;
    size_t j;
    for (j = 0; j < k; j++) {
        double c = pb[j] - pa[j];
        if (c > 0.0) {
            sum += c * log(c);
            total += c;
        }
    }
    return total > 0.0 ? 2.0 * (total * log(total) - sum) : 0.0;
}

int xpi_change_pelt(const double *prefix, size_t k, size_t n, double penalty, size_t min_seg,
                    double *cost, size_t *last, size_t *cand, double *sums, size_t *dominated,
                    size_t *changes, size_t *nchanges)
{
    size_t t, r, ncand = 0, count = 0, at;
    cost[0] = -penalty;
    for (t = 1; t <= n; t++) {
        cost[t] = HUGE_VAL;
        last[t] = 0;
    }
    cand[ncand] = 0;
    dominated[ncand++] = SIZE_MAX;
    for (t = min_seg; t <= n; t++) {
        size_t keep = 0, arg = 0;
        double best = HUGE_VAL;
        /* sums[r]: F(tau) + C(tau, t) of candidate r, computed once for
         * both the minimum and the pruning. */
        for (r = 0; r < ncand; r++) {
            size_t tau = cand[r];
            if (t - tau < min_seg) {
                sums[r] = -HUGE_VAL; /* too close to end a segment yet */
                continue;
            }
            sums[r] = cost[tau] + xpi_change_cost(prefix, k, tau, t);
            if (sums[r] + penalty < best) {
                best = sums[r] + penalty;
                arg = tau;
            }
        }
        cost[t] = best;
        last[t] = arg;
        /* PELT: once F(tau) + C(tau, t) > F(t), t beats tau as the last
         * change of every later end s (the cost satisfies C(a,b) + C(b,c)
         * <= C(a,c), so K = 0) - but only for s with s - t >= min_seg,
         * where t may end a segment. Until then tau stays a candidate;
         * dominated[] holds the step that first ruled it out. */
        for (r = 0; r < ncand; r++) {
            size_t d = dominated[r];
            if (d == SIZE_MAX && sums[r] > best)
                d = t;
            if (d == SIZE_MAX || t + 1 < d + min_seg) {
                cand[keep] = cand[r];
                dominated[keep++] = d;
            }
        }
        ncand = keep;
        if (t + min_seg <= n && isfinite(best)) {
            cand[ncand] = t;
            dominated[ncand++] = SIZE_MAX;
        }
    }
    for (at = n; at > 0 && last[at] > 0; at = last[at])
        changes[count++] = last[at];
    for (r = 0; r < count / 2; r++) { /* in time order */
        size_t tmp = changes[r];
        changes[r] = changes[count - 1 - r];
        changes[count - 1 - r] = tmp;
    }
    *nchanges = count;
    return isfinite(cost[n]) ? XPI_OK : XPI_ERR_NOT_ENOUGH_DATA;
}
