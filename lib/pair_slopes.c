/*
 * The pairwise slopes (y_j - y_i) / (t_j - t_i) of points, i < j within
 * a group, counted and listed without forming them all. For a slope s let
 * u = y - s t: the pair's slope is below s exactly when u_j < u_i, so the
 * slopes below s are the inversions of u (in time order), and the slopes
 * in [lo, hi) are the inversions of u at hi in the order of u at lo. One
 * band pass is two stable merge sorts: by u at lo (counting the slopes
 * below lo) and then by u at hi (counting, and listing, the band).
 *
 * A listing keeps each pair of the band with a set probability, skipping
 * over the others by random gaps, so the same pass draws a uniform sample
 * of a band far too large to list, in time proportional to the sample. Formulas and sources: docs/methods.md, "Mann-Kendall and Sen's
 * slope".
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "merge_both_ends.h"
#include "xpi_internal.h"

#define CACHE_BLOCK 8192 /* points (192 KB, and as much work space) */

/* The order of a sort at slope s. A pair is below s when its slope, as
 * the C library divides it, is below s: when its exact slope lies below
 * s_minus, halfway between s and the double under it. Keys u = y - s t in
 * doubles decide all but the pairs whose keys lie within rounding (bound)
 * of each other; those are decided by the exact u at s_minus, to ~2^-104
 * relative. Without that, pairs tied at a slope that is not a double
 * (1/3 with whole-number scores) would fall either side of it at random
 * and be counted on one side, found on the other. Exact ties go by time,
 * so that the order is the same whatever order the points were in (a
 * pair with slope s keeps its time order: it is not below s). */
typedef struct slope_order {
    double s, s_lo; /* s_minus = s + s_lo; s infinite: keys t or -t */
    double bound;
} slope_order;

/* a + b = sum + the returned error, exactly (Knuth's TwoSum). */
static double two_sum_error(double a, double b, double sum)
{
    double z = sum - a;
    return (a - (sum - z)) + (b - z);
}

/* u(x) - u(y) at s_minus, to ~2^-104 relative; its sign is exact but for
 * differences that small. */
static double exact_difference(const xpi_keyed_point *x, const xpi_keyed_point *y,
                               const slope_order *o)
{
    double dy = x->y - y->y, dy_error = two_sum_error(x->y, -y->y, dy);
    double dt = x->t - y->t; /* times are whole numbers: exact */
    double p = o->s * dt, p_error = fma(o->s, dt, -p);
    double h = dy - p, h_error = two_sum_error(dy, -p, h);
    return h + (h_error + dy_error - p_error - o->s_lo * dt);
}

/* before() for keys within rounding of each other; kept out of line so
 * that the common case stays small enough to inline. */
static int before_close(const xpi_keyed_point *x, const xpi_keyed_point *y,
                        const slope_order *o, double d)
{
    if (o->bound > 0.0)
        d = exact_difference(x, y, o);
    return (d < 0.0) | ((d == 0.0) & (x->t < y->t));
}

static inline int before(const xpi_keyed_point *x, const xpi_keyed_point *y,
                         const slope_order *o)
{
    double d = x->key - y->key;
    if (fabs(d) <= o->bound) /* rare but for ties: a branch */
        return before_close(x, y, o, d);
    return d < 0.0;
}

/* Pairs to pass over before the next one kept: 2 (1/keep - 1) U rounded
 * at random (floor(x + U')), whose mean 1/keep - 1 keeps every pair with
 * probability keep (a renewal process with mean step 1/keep). Jittered
 * rather than geometric gaps spread the sample more evenly over the band
 * and cost no logarithm. */
static size_t next_gap(xpi_slope_list *l)
{
    double gap;
    if (l->keep >= 1.0)
        return 0;
    gap = floor(xpi_rng_uniform(&l->rng) * l->span + xpi_rng_uniform(&l->rng));
    return gap < 1e18 ? (size_t)gap : (size_t)1e18;
}

void xpi_slope_list_start(xpi_slope_list *l, double keep)
{
    l->listed = 0;
    l->full = 0;
    l->keep = keep;
    l->span = keep < 1.0 ? 2.0 * (1.0 / keep - 1.0) : 0.0;
    l->gap = next_gap(l);
}

/* The pair's slope as the C library divides it, the earlier point first
 * (0 / 3, not -0 / -3 = -0). */
static void list_slope(xpi_slope_list *l, const xpi_keyed_point *a, const xpi_keyed_point *b)
{
    const xpi_keyed_point *first = a->t < b->t ? a : b, *second = a->t < b->t ? b : a;
    if (l->listed == l->cap)
        l->full = 1; /* no room: the list is no longer complete, nor uniform */
    else
        l->out[l->listed++] = (second->y - first->y) / (second->t - first->t);
}

/* Lists the pairs (left[x], right) kept, x < count, starting at offset
 * x (< count); returns the gap left after them. */
static size_t list_pairs(xpi_slope_list *l, const xpi_keyed_point *left, size_t count,
                         const xpi_keyed_point *right, size_t x)
{
    while (x < count) {
        list_slope(l, left + x, right);
        x += 1 + next_gap(l);
    }
    return x - count;
}

/* Merges the sorted runs left[0..m) (a copy) and v[m..len) back into
 * v[0..len) and returns the cross inversions, listing the inverted pairs
 * kept when list is not NULL. Writing never overtakes the right run's
 * reading. The merge itself is branch-free; listing is the rare branch (a
 * list keeps few pairs, or the band is a small share of them). */
static double merge_back(const xpi_keyed_point *left, size_t m, xpi_keyed_point *v, size_t len,
                         const slope_order *o, xpi_slope_list *list)
{
    size_t a = 0, b = m, k = 0, gap = list != NULL ? list->gap : SIZE_MAX;
    uint64_t inv = 0; /* up to m (len - m) */
    while (a < m && b < len) {
        size_t take_b = before(v + b, left + a, o), above = take_b * (m - a);
        const xpi_keyed_point *next = take_b ? v + b : left + a;
        if (above > gap) /* v[b] passes left[a..m): some of those pairs are kept */
            gap = list_pairs(list, left + a, above, v + b, gap);
        else
            gap -= above;
        inv += above;
        v[k++] = *next;
        b += take_b;
        a += 1 - take_b;
    }
    if (a < m)
        memcpy(v + k, left + a, (m - a) * sizeof *v);
    if (list != NULL)
        list->gap = gap;
    return (double)inv;
}

/* The levels of a sort where most runs interleave merge from one buffer
 * into the other, both ends at once (merge_both_ends.h). */
XPI_MERGE_BOTH_ENDS(merge_equal_runs, xpi_keyed_point, const slope_order *, before)

/* The first of v[lo..hi) that x comes before. */
static size_t first_after(const xpi_keyed_point *v, size_t lo, size_t hi,
                          const xpi_keyed_point *x, const slope_order *o)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (before(x, v + mid, o))
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

/* Merges the sorted runs v[0..mid) and v[mid..len) in place (tmp holds
 * mid). When the order being sorted into is close to the order the points
 * are in (a pass to a nearby slope), most runs are already in order, or
 * but for a little overlap: only the part of each run that the other
 * crosses moves. */
static double merge(xpi_keyed_point *v, xpi_keyed_point *tmp, size_t mid, size_t len,
                    const slope_order *o, xpi_slope_list *list)
{
    size_t from = 0, to = len; /* the overlap: v[from..to) */
    if (!before(v + mid, v + mid - 1, o))
        return 0.0;
    if (mid >= 8) {
        from = first_after(v, 0, mid, v + mid, o);
        to = first_after(v, mid, len, v + mid - 1, o);
    }
    memcpy(tmp, v + from, (mid - from) * sizeof *tmp);
    return merge_back(tmp, mid - from, v + from, to - from, o, list);
}

/* The merge levels of widths first, 2 first, ... below last of a sort of
 * v[0..n) (runs of first sorted; tmp holds n); returns the inversions,
 * listing those kept when list is not NULL. A level where the runs overlap
 * much (a sort from far away) merges them from one buffer into the other,
 * both ends at once; a level where they overlap little (the upper levels
 * of a sort from nearby) merges in place, moving only the overlaps. Lists
 * are only made from nearby orders, in place. */
static double merge_levels(xpi_keyed_point *v, xpi_keyed_point *tmp, size_t n, size_t first,
                           size_t last, const slope_order *o, xpi_slope_list *list)
{
    xpi_keyed_point *cur = v, *other = tmp;
    double inv = 0.0;
    size_t width, lo;
    for (width = first; width < n && width < last; width *= 2) {
        size_t moving = 0; /* the points in the overlaps of the level's merges */
        for (lo = 0; list == NULL && lo + width < n; lo += 2 * width) {
            size_t len = lo + 2 * width < n ? 2 * width : n - lo;
            if (before(cur + lo + width, cur + lo + width - 1, o))
                moving += first_after(cur + lo, width, len, cur + lo + width - 1, o) -
                          first_after(cur + lo, 0, width, cur + lo + width, o);
        }
        if (4 * moving > n) {
            xpi_keyed_point *t;
            for (lo = 0; lo < n; lo += 2 * width) {
                size_t len = lo + 2 * width < n ? 2 * width : n - lo;
                if (len == 2 * width) {
                    inv += merge_equal_runs(cur + lo, other + lo, width, o);
                } else {
                    memcpy(other + lo, cur + lo, len * sizeof *cur);
                    if (len > width)
                        inv += merge(other + lo, cur + lo, width, len, o, NULL);
                }
            }
            t = cur;
            cur = other;
            other = t;
        } else {
            for (lo = 0; lo + width < n; lo += 2 * width)
                inv += merge(cur + lo, other, width, lo + 2 * width < n ? 2 * width : n - lo, o,
                             list);
        }
    }
    if (cur != v)
        memcpy(v, cur, n * sizeof *v);
    return inv;
}

/* Sorts v[0..n) by key (stable; tmp holds n) and returns the inversions,
 * listing those kept when list is not NULL. Bottom-up merge sort, every
 * pass sequential; blocks that fit in a core's cache go through their
 * lower levels while there (the sort is bound by memory traffic). */
static double sort_keyed(xpi_keyed_point *v, xpi_keyed_point *tmp, size_t n,
                         const slope_order *o, xpi_slope_list *list)
{
    double inv = 0.0;
    size_t lo;
    for (lo = 0; lo < n; lo += CACHE_BLOCK)
        inv += merge_levels(v + lo, tmp + lo, lo + CACHE_BLOCK < n ? CACHE_BLOCK : n - lo, 1,
                            CACHE_BLOCK, o, list);
    return inv + merge_levels(v, tmp, n, CACHE_BLOCK, (size_t)-1, o, list);
}

/* Sets every point's key to u = y - s t (s = -HUGE_VAL: t; s = HUGE_VAL:
 * -t, the orders of the two limits) and the order's rounding bound: each
 * key is within 3 2^-53 (|y| + |s t|) of the exact u at s_minus. */
static void set_keys(xpi_pairs *p, double s, slope_order *o)
{
    size_t i, n = p->start[p->groups];
    double largest = 0.0;
    o->s = s;
    o->s_lo = isinf(s) ? 0.0 : (nextafter(s, -HUGE_VAL) - s) / 2.0;
    for (i = 0; i < n; i++) {
        xpi_keyed_point *v = p->v + i;
        if (isinf(s)) {
            v->key = s < 0.0 ? v->t : -v->t;
        } else {
            double size = fabs(v->y) + fabs(s * v->t);
            v->key = v->y - s * v->t;
            largest = size > largest ? size : largest;
        }
    }
    o->bound = ldexp(largest, -50); /* twice the sum of two keys' errors */
}

/* Sorts every group by u at s and returns the pairs that changed order. */
static double sort_groups(xpi_pairs *p, double s, xpi_slope_list *list)
{
    slope_order o;
    double inv = 0.0;
    size_t g;
    set_keys(p, s, &o);
    for (g = 0; g < p->groups; g++) {
        size_t first = p->start[g];
        inv += sort_keyed(p->v + first, p->tmp, p->start[g + 1] - first, &o, list);
    }
    return inv;
}

void xpi_pairs_init(xpi_pairs *p, const double *t, const double *y)
{
    size_t i, n = p->start[p->groups];
    for (i = 0; i < n; i++) {
        p->v[i].t = t[i];
        p->v[i].y = y[i];
    }
    p->at = -HUGE_VAL;
    p->below_at = 0.0;
}

void xpi_pairs_sample(const xpi_pairs *p, xpi_slope_list *list)
{
    size_t g;
    for (g = 0; g < p->groups; g++) {
        const xpi_keyed_point *v = p->v + p->start[g];
        size_t n = p->start[g + 1] - p->start[g], d;
        double draws = list->keep * (double)n * ((double)n - 1.0) / 2.0;
        draws = floor(draws + xpi_rng_uniform(&list->rng)); /* rounded at random */
        /* The first point of each pair in turn, the second at random: a
         * uniform pair, one random memory access instead of two. */
        for (d = 0; (double)d < draws; d++) {
            size_t i = (size_t)((double)d / draws * (double)n);
            size_t j = (size_t)(xpi_rng_uniform(&list->rng) * (double)(n - 1));
            j += j >= i;
            list_slope(list, v + i, v + j);
        }
    }
}

/* The slopes below lo follow from those below the slope the points are
 * sorted at: moving to lo reorders exactly the pairs whose slopes lie
 * between the two. */
void xpi_pairs_band(xpi_pairs *p, double lo, double hi, xpi_slope_list *list, double *below,
                    double *band)
{
    double moved = lo == p->at ? 0.0 : sort_groups(p, lo, NULL);
    *below = lo < p->at ? p->below_at - moved : p->below_at + moved;
    *band = sort_groups(p, hi, list);
    p->at = hi;
    p->below_at = *below + *band;
}
