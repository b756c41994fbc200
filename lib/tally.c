/*
 * The tally: per-score counts and weight sums of one metric.
 *
 * Every mutating function validates everything first and only then writes,
 * so a failed call leaves the tally exactly as it was. The struct and its
 * three arrays are one allocation: creation and cloning either fully
 * succeed or fail with nothing to undo.
 */
#include <math.h>
#include <string.h>

#include "xpi_internal.h"

/* Bulk adds of unweighted scores count into small local histograms first;
 * wider scales count straight into the tally. */
#define LOCAL_HIST_POINTS 256
/* Interleaved histograms break the store-to-load dependency when the same
 * score repeats, which survey data does constantly. */
#define LOCAL_HIST_LANES 4
/* Flush before a uint32_t lane counter could wrap. */
#define LOCAL_HIST_CHUNK ((size_t)1 << 30)

/* The arrays start after the struct, rounded up to the alignment of
 * uint64_t and double (8 on every ABI the library targets). */
static size_t header_bytes(void)
{
    return (sizeof(xpi_tally) + sizeof(double) - 1) / sizeof(double) * sizeof(double);
}

static size_t tally_bytes(size_t points)
{
    return header_bytes() + points * (sizeof(uint64_t) + 2 * sizeof(double));
}

size_t xpi_tally_footprint(const xpi_scale *scale)
{
    return tally_bytes(xpi_scale_points(scale));
}

xpi_tally *xpi_tally_place(void *mem, const xpi_scale *scale, const xpi_allocator *alloc)
{
    size_t points = xpi_scale_points(scale);
    xpi_tally *t = mem;
    memset(t, 0, tally_bytes(points));
    t->alloc = *alloc;
    t->scale = *scale;
    t->points = points;
    t->count = (uint64_t *)(void *)((unsigned char *)t + header_bytes());
    t->sum_w = (double *)(void *)(t->count + points);
    t->sum_w2 = t->sum_w + points;
    return t;
}

int xpi_tally_create(xpi_tally **out, const xpi_scale *scale, const xpi_allocator *alloc)
{
    xpi_allocator a;
    xpi_tally *t;
    int status;

    if (out == NULL)
        return XPI_ERR_INVALID_ARG;
    status = xpi_alloc_init(&a, alloc);
    if (status != XPI_OK)
        return status;
    status = xpi_scale_check(scale);
    if (status != XPI_OK)
        return status;

    t = xpi_alloc(&a, tally_bytes(xpi_scale_points(scale)));
    if (t == NULL)
        return XPI_ERR_NO_MEMORY;
    *out = xpi_tally_place(t, scale, &a);
    return XPI_OK;
}

int xpi_tally_new(xpi_tally **out, int32_t metric, const xpi_allocator *alloc)
{
    xpi_scale scale;
    if (out == NULL || xpi_scale_preset(&scale, metric) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    return xpi_tally_create(out, &scale, alloc);
}

int xpi_tally_new_scale(xpi_tally **out, int32_t min, int32_t max, int32_t low_max,
                        int32_t high_min, int32_t default_stat, const xpi_allocator *alloc)
{
    xpi_scale scale;
    xpi_scale_custom(&scale, min, max, low_max, high_min, default_stat);
    return xpi_tally_create(out, &scale, alloc);
}

void xpi_tally_free(xpi_tally *t)
{
    if (t != NULL) {
        xpi_allocator a = t->alloc;
        xpi_dealloc(&a, t);
    }
}

int xpi_tally_clone(xpi_tally **out, const xpi_tally *t)
{
    xpi_tally *copy;
    int status;

    if (out == NULL || t == NULL)
        return XPI_ERR_INVALID_ARG;
    status = xpi_tally_create(&copy, &t->scale, &t->alloc);
    if (status != XPI_OK)
        return status;
    memcpy(copy->count, t->count, t->points * sizeof *t->count);
    memcpy(copy->sum_w, t->sum_w, t->points * sizeof *t->sum_w);
    memcpy(copy->sum_w2, t->sum_w2, t->points * sizeof *t->sum_w2);
    copy->total_n = t->total_n;
    copy->total_w = t->total_w;
    copy->total_w2 = t->total_w2;
    copy->weighted = t->weighted;
    *out = copy;
    return XPI_OK;
}

int xpi_tally_reset(xpi_tally *t)
{
    if (t == NULL)
        return XPI_ERR_INVALID_ARG;
    memset(t->count, 0, t->points * sizeof *t->count);
    memset(t->sum_w, 0, t->points * sizeof *t->sum_w);
    memset(t->sum_w2, 0, t->points * sizeof *t->sum_w2);
    t->total_n = 0;
    t->total_w = t->total_w2 = 0.0;
    t->weighted = 0;
    return XPI_OK;
}

/* Index of a score in the arrays, or -1 outside the scale. */
static long point_index(const xpi_tally *t, int32_t score)
{
    if (score < t->scale.min || score > t->scale.max)
        return -1;
    return (long)((int64_t)score - t->scale.min);
}

/* Adding `count` responses with weight sums `w` and `w2` (spread over any
 * points) is refused when a running total would overflow. */
static int check_room(const xpi_tally *t, uint64_t count, double w, double w2)
{
    if (count > UINT64_MAX - t->total_n)
        return XPI_ERR_OVERFLOW;
    if (!isfinite(w) || !isfinite(w2) || !isfinite(t->total_w + w) ||
        !isfinite(t->total_w2 + w2))
        return XPI_ERR_OVERFLOW;
    return XPI_OK;
}

/* After check_room accepted the same figures. */
static void add_totals(xpi_tally *t, uint64_t count, double w, double w2)
{
    t->total_n += count;
    t->total_w += w;
    t->total_w2 += w2;
}

/* Adds to one score point. An unweighted tally keeps each weight sum equal
 * to its count converted to double, exactly (accumulating would round away
 * from the count past 2^53), so its serialized form can be checked
 * exactly; a weighted tally accumulates. Set t->weighted first. */
static void add_cell(xpi_tally *t, size_t p, uint64_t count, double w, double w2)
{
    t->count[p] += count;
    if (t->weighted) {
        t->sum_w[p] += w;
        t->sum_w2[p] += w2;
    } else {
        t->sum_w[p] = t->sum_w2[p] = (double)t->count[p];
    }
}

/* Weights are finite and at least XPI_WEIGHT_MIN, so that squared weights
 * and their sums stay normal doubles (huge weights are caught by the
 * overflow check on the squared sums). */
int xpi_weight_valid(double w)
{
    return isfinite(w) && w >= XPI_WEIGHT_MIN;
}

int xpi_tally_add(xpi_tally *t, int32_t score, double weight)
{
    long i;
    int status;

    if (t == NULL || !xpi_weight_valid(weight))
        return XPI_ERR_INVALID_ARG;
    i = point_index(t, score);
    if (i < 0)
        return XPI_ERR_SCORE_RANGE;
    status = check_room(t, 1, weight, weight * weight);
    if (status != XPI_OK)
        return status;
    add_totals(t, 1, weight, weight * weight);
    t->weighted |= weight != 1.0;
    add_cell(t, (size_t)i, 1, weight, weight * weight);
    return XPI_OK;
}

int xpi_tally_add_n(xpi_tally *t, int32_t score, uint64_t count)
{
    long i;
    int status;

    if (t == NULL)
        return XPI_ERR_INVALID_ARG;
    i = point_index(t, score);
    if (i < 0)
        return XPI_ERR_SCORE_RANGE;
    status = check_room(t, count, (double)count, (double)count);
    if (status != XPI_OK)
        return status;
    add_totals(t, count, (double)count, (double)count);
    add_cell(t, (size_t)i, count, (double)count, (double)count);
    return XPI_OK;
}

/* Validation pass of a bulk add: every score in range, every weight valid,
 * the batch's weight sums for the overflow check, and whether any weight
 * differs from 1. */
static int check_batch(const xpi_tally *t, const int32_t *scores, const double *weights,
                       size_t n, double *w, double *w2, int *weighted)
{
    /* Unsigned wrap-around turns the two range comparisons into one. */
    uint32_t width = (uint32_t)(t->points - 1);
    uint32_t bad = 0;
    size_t i;

    *weighted = 0;
    for (i = 0; i < n; i++)
        bad |= ((uint32_t)scores[i] - (uint32_t)t->scale.min) > width;
    if (bad)
        return XPI_ERR_SCORE_RANGE;
    if (weights == NULL) {
        *w = *w2 = (double)n;
        return XPI_OK;
    }
    *w = *w2 = 0.0;
    for (i = 0; i < n; i++) {
        if (!xpi_weight_valid(weights[i]))
            return XPI_ERR_INVALID_ARG;
        *w += weights[i];
        *w2 += weights[i] * weights[i];
        *weighted |= weights[i] != 1.0;
    }
    return XPI_OK;
}

static void add_unweighted_narrow(xpi_tally *t, const int32_t *scores, size_t n)
{
    uint32_t lanes[LOCAL_HIST_LANES][LOCAL_HIST_POINTS];
    uint32_t base = (uint32_t)t->scale.min;

    while (n > 0) {
        size_t chunk = n < LOCAL_HIST_CHUNK ? n : LOCAL_HIST_CHUNK;
        size_t i = 0, p;

        memset(lanes, 0, sizeof lanes[0][0] * LOCAL_HIST_LANES * LOCAL_HIST_POINTS);
        for (; i + LOCAL_HIST_LANES <= chunk; i += LOCAL_HIST_LANES) {
            lanes[0][(uint32_t)scores[i] - base]++;
            lanes[1][(uint32_t)scores[i + 1] - base]++;
            lanes[2][(uint32_t)scores[i + 2] - base]++;
            lanes[3][(uint32_t)scores[i + 3] - base]++;
        }
        for (; i < chunk; i++)
            lanes[0][(uint32_t)scores[i] - base]++;
        for (p = 0; p < t->points; p++) {
            uint64_t c = (uint64_t)lanes[0][p] + lanes[1][p] + lanes[2][p] + lanes[3][p];
            add_cell(t, p, c, (double)c, (double)c);
        }
        scores += chunk;
        n -= chunk;
    }
}

int xpi_tally_add_array(xpi_tally *t, const int32_t *scores, const double *weights, size_t n)
{
    double w, w2;
    size_t i;
    int status, weighted;

    if (t == NULL)
        return XPI_ERR_INVALID_ARG;
    if (n == 0)
        return XPI_OK;
    if (scores == NULL)
        return XPI_ERR_INVALID_ARG;
    status = check_batch(t, scores, weights, n, &w, &w2, &weighted);
    if (status == XPI_OK)
        status = check_room(t, (uint64_t)n, w, w2);
    if (status != XPI_OK)
        return status;

    add_totals(t, (uint64_t)n, w, w2);
    t->weighted |= weighted;
    if (weights == NULL && t->points <= LOCAL_HIST_POINTS) {
        add_unweighted_narrow(t, scores, n);
        return XPI_OK;
    }
    for (i = 0; i < n; i++) {
        size_t p = (size_t)((int64_t)scores[i] - t->scale.min);
        double wi = weights ? weights[i] : 1.0;
        add_cell(t, p, 1, wi, wi * wi);
    }
    return XPI_OK;
}

int xpi_tally_merge_check(const xpi_tally *dst, const xpi_tally *src)
{
    if (!xpi_scale_equal(&dst->scale, &src->scale))
        return XPI_ERR_SCALE_MISMATCH;
    return check_room(dst, src->total_n, src->total_w, src->total_w2);
}

int xpi_tally_accumulate(xpi_tally *dst, const xpi_tally *src)
{
    size_t i;
    int status = check_room(dst, src->total_n, src->total_w, src->total_w2);
    if (status != XPI_OK)
        return status;
    add_totals(dst, src->total_n, src->total_w, src->total_w2);
    dst->weighted |= src->weighted;
    for (i = 0; i < dst->points; i++)
        add_cell(dst, i, src->count[i], src->sum_w[i], src->sum_w2[i]);
    return XPI_OK;
}

int xpi_tally_merge(xpi_tally *dst, const xpi_tally *src)
{
    if (dst == NULL || src == NULL)
        return XPI_ERR_INVALID_ARG;
    if (!xpi_scale_equal(&dst->scale, &src->scale))
        return XPI_ERR_SCALE_MISMATCH;
    return xpi_tally_accumulate(dst, src);
}

int xpi_tally_count(const xpi_tally *t, int32_t score, uint64_t *count)
{
    long i;
    if (t == NULL || count == NULL)
        return XPI_ERR_INVALID_ARG;
    i = point_index(t, score);
    if (i < 0)
        return XPI_ERR_SCORE_RANGE;
    *count = t->count[i];
    return XPI_OK;
}

int xpi_tally_weights(const xpi_tally *t, int32_t score, double *sum_w, double *sum_w2)
{
    long i;
    if (t == NULL)
        return XPI_ERR_INVALID_ARG;
    i = point_index(t, score);
    if (i < 0)
        return XPI_ERR_SCORE_RANGE;
    if (sum_w != NULL)
        *sum_w = t->sum_w[i];
    if (sum_w2 != NULL)
        *sum_w2 = t->sum_w2[i];
    return XPI_OK;
}

int xpi_tally_total(const xpi_tally *t, uint64_t *n)
{
    if (t == NULL || n == NULL)
        return XPI_ERR_INVALID_ARG;
    *n = t->total_n;
    return XPI_OK;
}

int xpi_tally_scale(const xpi_tally *t, int32_t *metric, int32_t *min, int32_t *max,
                    int32_t *low_max, int32_t *high_min, int32_t *default_stat)
{
    if (t == NULL)
        return XPI_ERR_INVALID_ARG;
    xpi_scale_describe(&t->scale, metric, min, max, low_max, high_min, default_stat);
    return XPI_OK;
}

int xpi_tally_weighting(const xpi_tally *t, int32_t *weighted, double *n_eff)
{
    xpi_moments m;
    if (t == NULL)
        return XPI_ERR_INVALID_ARG;
    xpi_moments_compute(t, t->scale.default_stat, &m);
    if (weighted != NULL)
        *weighted = m.weighted;
    if (n_eff != NULL)
        *n_eff = m.n_eff;
    return XPI_OK;
}

void xpi_tally_subtract(xpi_tally *dst, const xpi_tally *all, const xpi_tally *part)
{
    size_t i;
    dst->total_n = 0;
    dst->total_w = dst->total_w2 = 0.0;
    dst->weighted = all->weighted;
    for (i = 0; i < dst->points; i++) {
        uint64_t c = all->count[i] - part->count[i];
        double w = (double)c, w2 = (double)c;
        if (c == 0) {
            w = w2 = 0.0;
        } else if (all->weighted) {
            /* Rounding can leave the difference of sums just outside what
             * c weights can give; keep it inside: w >= c XPI_WEIGHT_MIN and
             * w^2 / c <= w2 <= w^2 (Cauchy-Schwarz). */
            w = fmax(all->sum_w[i] - part->sum_w[i], (double)c * XPI_WEIGHT_MIN);
            w2 = fmin(fmax(all->sum_w2[i] - part->sum_w2[i], w * (w / (double)c)), w * w);
        }
        dst->count[i] = c;
        dst->sum_w[i] = w;
        dst->sum_w2[i] = w2;
        add_totals(dst, c, w, w2);
    }
}
