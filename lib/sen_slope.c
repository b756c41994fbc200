/*
 * Sen's slope (the Theil-Sen estimator) with Sen's (1968) interval, and
 * the seasonal Kendall slope (Hirsch, Slack & Smith 1982) with its
 * interval (Gilbert 1987, 17.6): order statistics of the pairwise slopes,
 * found without forming the n(n-1)/2 of them (lib/pair_slopes.c).
 *
 * The search passes over a band of slopes [lo, hi): each pass counts the
 * band exactly and lists it when it fits, or else draws a uniform sample
 * of it. The sample's order statistics a few standard deviations either
 * side of each wanted rank bracket a band about sqrt(sample size) times
 * narrower, whose exact counts the next pass gives. Ranks whose brackets
 * overlap share the pass; a rank a bracket missed (rare) is searched for
 * again in what is left. A band that closes on one value (ties) ends
 * there. Formulas and sources: docs/methods.md, "Mann-Kendall and Sen's
 * slope".
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "xpi_internal.h"

#define LIST_MIN 4096  /* the smallest list, in slopes (at least 4n) */
#define FILL 0.9       /* a sample is drawn to fill this share of the list */
#define FIRST_SAMPLE 0.9 /* the share of the list a sample of all pairs fills */
#define MARGIN 2.5     /* sample standard deviations either side of a rank */
#ifndef DEPTH_MAX /* a test build sets 0 to run the fallback */
#define DEPTH_MAX 64 /* not reached: each pass narrows a band ~1000-fold */
#endif
#define SAMPLE_SEED 0x5e17c0de
#define RANKS_MAX 4    /* the interval's ends and the two middle slopes */

/* The slopes in [lo, hi), with c_lo of them below lo and c_hi below hi. */
typedef struct bracket {
    double lo, hi, c_lo, c_hi;
} bracket;

typedef struct search {
    xpi_pairs pairs;
    xpi_slope_list list;
} search;

static void resolve(search *s, const bracket *outer, double lo, double hi, double estimate,
                    const double *k, double *ans, size_t count, int depth);

/* A value strictly inside (lo, hi), which holds more than one double
 * (slopes are small: the values are scaled to below 1 in size). */
static double split(double lo, double hi)
{
    double mid = lo == -HUGE_VAL ? (hi == HUGE_VAL ? 0.0 : hi - fabs(hi) - 1.0)
                 : hi == HUGE_VAL ? lo + fabs(lo) + 1.0
                                  : lo / 2.0 + hi / 2.0;
    return mid > lo && mid < hi ? mid : nextafter(lo, hi);
}

/* The slow and sure way, should the sampled search ever fail to close in:
 * halve the bracket of each rank by value, counting exactly, until its
 * slopes fit the list. */
static void bisect(search *s, const bracket *outer, const double *k, double *ans, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++) {
        bracket b = *outer;
        for (;;) {
            double below, band, mid;
            if (!(nextafter(b.lo, HUGE_VAL) < b.hi)) {
                ans[i] = b.lo;
                break;
            }
            if (b.c_hi - b.c_lo <= (double)s->list.cap) {
                size_t pos = (size_t)(k[i] - b.c_lo);
                xpi_slope_list_start(&s->list, 1.0);
                xpi_pairs_band(&s->pairs, b.lo, b.hi, &s->list, &below, &band);
                xpi_order_statistics(s->list.out, s->list.listed, &pos, 1, ans + i);
                break;
            }
            mid = split(b.lo, b.hi);
            xpi_pairs_band(&s->pairs, b.lo, mid, NULL, &below, &band);
            if (k[i] < below + band) {
                b.hi = mid;
                b.c_hi = below + band;
            } else {
                b.lo = mid;
                b.c_lo = below + band;
            }
        }
    }
}

static void sort_positions(size_t *pos, size_t *count)
{
    size_t i, j, kept = 0;
    for (i = 1; i < *count; i++)
        for (j = i; j > 0 && pos[j] < pos[j - 1]; j--) {
            size_t t = pos[j];
            pos[j] = pos[j - 1];
            pos[j - 1] = t;
        }
    for (i = 0; i < *count; i++)
        if (kept == 0 || pos[i] != pos[kept - 1])
            pos[kept++] = pos[i];
    *count = kept;
}

/* The value found at position x of the sample. */
static double value_at(const size_t *pos, const double *at, size_t np, double x)
{
    size_t i = 0;
    while (i + 1 < np && (double)pos[i] != x)
        i++;
    return at[i];
}

/* The list holds a sample of cur's slopes, each kept with probability p:
 * brackets each rank by the sample's order statistics around it. */
static void narrow(search *s, const bracket *cur, const double *k, double *ans, size_t count,
                   int depth)
{
    const xpi_slope_list *l = &s->list;
    double p = l->keep, m = (double)l->listed;
    double from[RANKS_MAX], to[RANKS_MAX], lo[RANKS_MAX], hi[RANKS_MAX], at[2 * RANKS_MAX];
    size_t pos[2 * RANKS_MAX], np = 0, i, g;

    for (i = 0; i < count; i++) {
        double j = k[i] - cur->c_lo; /* the band's slopes below the wanted one */
        double sd = sqrt((j + 1.0) * p * (1.0 - p)) + 1.0;
        /* Sample positions; -1 and m stand for the band's own ends. */
        from[i] = fmin(floor(j * p - MARGIN * sd), m - 1.0);
        to[i] = fmin(ceil((j + 1.0) * p + MARGIN * sd), m);
        if (from[i] >= 0.0)
            pos[np++] = (size_t)from[i];
        if (to[i] < m)
            pos[np++] = (size_t)to[i];
    }
    sort_positions(pos, &np);
    xpi_order_statistics(l->out, l->listed, pos, np, at);
    for (i = 0; i < count; i++) {
        lo[i] = from[i] >= 0.0 ? fmax(value_at(pos, at, np, from[i]), cur->lo) : cur->lo;
        hi[i] = to[i] < m ? fmin(nextafter(value_at(pos, at, np, to[i]), HUGE_VAL), cur->hi)
                          : cur->hi;
    }
    /* Ranks whose brackets overlap share a pass; from the top down, as the
     * pass just made left the points sorted at the top. */
    for (i = count; i > 0; i = g) {
        double a, b = fmin(to[i - 1], m);
        for (g = i - 1; g > 0 && hi[g - 1] > lo[g]; g--)
            ;
        a = fmax(from[g], 0.0);
        resolve(s, cur, lo[g], hi[i - 1], (b - a + 1.0) / p, k + g, ans + g, i - g, depth + 1);
    }
}

/* The ranks all lie in cur, whose slopes the list holds (all, a sample,
 * or too many). */
static void resolve_inside(search *s, const bracket *cur, const double *k, double *ans,
                           size_t count, int depth)
{
    xpi_slope_list *l = &s->list;
    size_t i, pos[RANKS_MAX];
    if (!(nextafter(cur->lo, HUGE_VAL) < cur->hi)) {
        /* One double wide: the slopes in it are lo, to rounding. */
        for (i = 0; i < count; i++)
            ans[i] = cur->lo;
    } else if (l->full) {
        /* More than the guess: again, the count now known. */
        resolve(s, cur, cur->lo, cur->hi, cur->c_hi - cur->c_lo, k, ans, count, depth + 1);
    } else if (l->keep >= 1.0) {
        for (i = 0; i < count; i++)
            pos[i] = (size_t)(k[i] - cur->c_lo);
        xpi_order_statistics(l->out, l->listed, pos, count, ans);
    } else {
        narrow(s, cur, k, ans, count, depth);
    }
}

/* Finds ans[i], the k[i]-th smallest slope (0-based; k ascending), all
 * known to lie in outer. [lo, hi) within outer is a guess at a bracket
 * holding about estimate slopes: one pass counts it exactly and lists or
 * samples it; a rank it missed is looked for in the rest of outer. */
static void resolve(search *s, const bracket *outer, double lo, double hi, double estimate,
                    const double *k, double *ans, size_t count, int depth)
{
    xpi_slope_list *l = &s->list;
    bracket cur;
    double band;
    size_t first = 0, last = count;

    if (depth >= DEPTH_MAX || !(lo < hi)) { /* not expected */
        bisect(s, outer, k, ans, count);
        return;
    }
    xpi_slope_list_start(l, estimate <= (double)l->cap ? 1.0 : FILL * (double)l->cap / estimate);
    if (lo == -HUGE_VAL && hi == HUGE_VAL && l->keep < 1.0) {
        /* A sample of all the pairs needs no pass; being drawn at random
         * from memory, it is kept smaller. */
        xpi_slope_list_start(l, FIRST_SAMPLE * (double)l->cap / estimate);
        xpi_pairs_sample(&s->pairs, l);
        cur.c_lo = 0.0;
        band = outer->c_hi;
    } else {
        xpi_pairs_band(&s->pairs, lo, hi, l, &cur.c_lo, &band);
    }
    cur.lo = lo;
    cur.hi = hi;
    cur.c_hi = cur.c_lo + band;
    while (first < count && k[first] < cur.c_lo)
        first++;
    while (last > first && k[last - 1] >= cur.c_hi)
        last--;
    if (first < last)
        resolve_inside(s, &cur, k + first, ans + first, last - first, depth);
    if (first > 0) {
        bracket below;
        below.lo = outer->lo;
        below.hi = lo;
        below.c_lo = outer->c_lo;
        below.c_hi = cur.c_lo;
        resolve(s, &below, below.lo, below.hi, below.c_hi - below.c_lo, k, ans, first, depth + 1);
    }
    if (last < count) {
        bracket above;
        above.lo = hi;
        above.hi = outer->hi;
        above.c_lo = cur.c_hi;
        above.c_hi = outer->c_hi;
        resolve(s, &above, above.lo, above.hi, above.c_hi - above.c_lo, k + last, ans + last,
                count - last, depth + 1);
    }
}

/* The ranks' slopes out of the pairs (N of them). */
static void find_ranks(search *s, double N, const double *ranks, double *values, size_t count)
{
    double k[RANKS_MAX], ans[RANKS_MAX];
    size_t i, j, unique = 0;
    bracket all;
    for (i = 0; i < count; i++) {
        for (j = unique; j > 0 && k[j - 1] > ranks[i]; j--)
            k[j] = k[j - 1];
        if (j > 0 && k[j - 1] == ranks[i]) {
            memmove(k + j, k + j + 1, (unique - j) * sizeof *k);
            continue;
        }
        k[j] = ranks[i];
        unique++;
    }
    all.lo = -HUGE_VAL;
    all.hi = HUGE_VAL;
    all.c_lo = 0.0;
    all.c_hi = N;
    resolve(s, &all, all.lo, all.hi, N, k, ans, unique, 0);
    for (i = 0; i < count; i++)
        for (j = 0; j < unique; j++)
            if (k[j] == ranks[i])
                values[i] = ans[j];
}

/* The median of v[0..n) (reorders v). */
static double median(double *v, size_t n)
{
    size_t pos[2];
    double at[2];
    pos[0] = (n - 1) / 2;
    pos[1] = n / 2;
    xpi_order_statistics(v, n, pos, pos[0] == pos[1] ? 1 : 2, at);
    return (at[0] + at[pos[0] == pos[1] ? 0 : 1]) / 2.0;
}

/* Lays out the points season by season (one group without seasons),
 * dropping seasons with fewer than two; returns the points kept. */
static size_t group_points(const double *values, size_t count, size_t seasons, size_t groups,
                           double *t, double *y, size_t *start)
{
    size_t g, i, k = 0;
    start[0] = 0;
    for (g = 0; g < groups; g++) {
        size_t step = seasons == 0 ? 1 : seasons;
        for (i = g; i < count; i = count - i > step ? i + step : count) { /* no wrap */
            if (!isnan(values[i])) {
                t[k] = (double)i;
                y[k++] = values[i];
            }
        }
        if (k - start[g] < 2)
            k = start[g];
        start[g + 1] = k;
    }
    return k;
}

/* Whether every difference of two values is finite: no value beyond
 * DBL_MAX / 2 in size (a slope of two such is infinite or meaningless). */
static int differences_finite(const double *values, size_t count)
{
    size_t i;
    for (i = 0; i < count; i++)
        if (fabs(values[i]) > DBL_MAX / 2.0)
            return 0;
    return 1;
}

/* Scales y[0..n) by a power of two where keys y - s t would leave the
 * range of doubles, and returns the exponent that undoes it (exact: the
 * slopes and their order scale with the values). Large values (|s t| up to
 * 2 |y| n) are brought below 2^1016 / n; tiny ones (all below 2^-500, where
 * the keys' rounding bound would underflow) up to about 1. */
static int power_of_two_scale(double *y, size_t n)
{
    double largest = 0.0, room = ldexp(1.0, 1016) / (double)n;
    size_t i;
    int exponent = 0, target;
    for (i = 0; i < n; i++)
        largest = fabs(y[i]) > largest ? fabs(y[i]) : largest;
    if (largest == 0.0 || (largest < room && largest >= ldexp(1.0, -500)))
        return 0;
    frexp(largest, &exponent);
    frexp(room, &target);
    exponent = largest >= room ? exponent - (target - 1) : exponent;
    for (i = 0; i < n; i++)
        y[i] = ldexp(y[i], -exponent);
    return exponent;
}

/* Sen's slope and its interval over the n grouped points (t, y): the
 * variance of S (summed over groups, tie-corrected; t has no ties within
 * a group) sets the interval's ranks, rounded as scipy's theilslopes
 * rounds them; the intercept is median(y) - slope median(t). work holds
 * 2n values; t, y and work may lie in the search's list, which the
 * search then reuses. */
static void sen_slope(search *s, size_t n, const double *t, const double *y, double confidence,
                      double *work, xpi_slope *out)
{
    const xpi_pairs *p = &s->pairs;
    double z = -xpi_norm_ppf((1.0 - confidence) / 2.0), N = 0.0, var = 0.0, sigma;
    double ranks[RANKS_MAX], values[RANKS_MAX], mid, median_t, median_y;
    size_t g;

    for (g = 0; g < p->groups; g++) {
        size_t m = p->start[g + 1] - p->start[g];
        double dm = (double)m;
        memcpy(work, y + p->start[g], m * sizeof *work);
        xpi_count_inversions(work, work + n, m);
        var += (dm * (dm - 1.0) * (2.0 * dm + 5.0) - xpi_tie_term(work, m, NULL)) / 18.0;
        N += dm * (dm - 1.0) / 2.0;
    }
    memcpy(work, y, n * sizeof *work);
    median_y = median(work, n);
    memcpy(work, t, n * sizeof *work);
    median_t = median(work, n);
    sigma = sqrt(var > 0.0 ? var : 0.0);
    mid = floor((N - 1.0) / 2.0);
    ranks[0] = fmax(nearbyint((N - z * sigma) / 2.0) - 1.0, 0.0);
    ranks[1] = fmin(nearbyint((N + z * sigma) / 2.0), N - 1.0);
    ranks[2] = mid;
    ranks[3] = fmod(N, 2.0) == 0.0 ? mid + 1.0 : mid;
    find_ranks(s, N, ranks, values, RANKS_MAX);
    out->n = (double)n;
    out->lower = values[0];
    out->upper = values[1];
    out->slope = (values[2] + values[3]) / 2.0;
    out->intercept = median_y - out->slope * median_t;
}

int xpi_sen_slope(const double *values, size_t count, size_t seasons, double confidence,
                  const xpi_allocator *alloc, xpi_slope *out)
{
    xpi_allocator a;
    xpi_slope r;
    search s;
    size_t n, cap, groups, *start;
    double *list;
    xpi_keyed_point *keyed, *work;
    int status, scale;

    if (values == NULL || out == NULL || seasons == 1 || !(confidence > 0.0 && confidence < 1.0) ||
        xpi_alloc_init(&a, alloc) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    status = xpi_series_count(values, count, &n);
    if (status != XPI_OK)
        return status;
    if (!differences_finite(values, count))
        return XPI_ERR_INVALID_ARG;
    groups = seasons == 0 ? 1 : seasons < count ? seasons : count;
    cap = 4 * n > LIST_MIN ? 4 * n : LIST_MIN;
    if (n > SIZE_MAX / 8 / sizeof *keyed || groups > SIZE_MAX / sizeof *start - 1)
        return XPI_ERR_NO_MEMORY;
    /* The points (t, y) and the work of the preliminaries share the list. */
    list = xpi_alloc(&a, cap * sizeof *list);
    keyed = xpi_alloc(&a, n * sizeof *keyed);
    work = xpi_alloc(&a, n * sizeof *work);
    start = xpi_alloc(&a, (groups + 1) * sizeof *start);
    if (list == NULL || keyed == NULL || work == NULL || start == NULL) {
        status = XPI_ERR_NO_MEMORY;
    } else {
        double *t = list, *y = list + n, *rest = list + 2 * n;
        n = group_points(values, count, seasons, groups, t, y, start);
        scale = power_of_two_scale(y, n);
        if (n < 2) {
            status = XPI_ERR_NOT_ENOUGH_DATA; /* no season with two values */
        } else {
            s.pairs.groups = groups;
            s.pairs.start = start;
            s.pairs.v = keyed;
            s.pairs.tmp = work;
            xpi_pairs_init(&s.pairs, t, y);
            s.list.out = list;
            s.list.cap = cap;
            xpi_rng_seed(&s.list.rng, SAMPLE_SEED);
            sen_slope(&s, n, t, y, confidence, rest, &r);
            r.slope = ldexp(r.slope, scale);
            r.lower = ldexp(r.lower, scale);
            r.upper = ldexp(r.upper, scale);
            r.intercept = ldexp(r.intercept, scale);
            status = XPI_OK;
        }
    }
    xpi_dealloc(&a, list);
    xpi_dealloc(&a, keyed);
    xpi_dealloc(&a, work);
    xpi_dealloc(&a, start);
    if (status == XPI_OK)
        *out = r;
    return status;
}
