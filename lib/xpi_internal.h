/*
 * Internals shared between the library's files. Nothing here is exported:
 * the library builds with hidden visibility and every non-static name
 * carries the xpi_ prefix so static linking into a large program cannot clash.
 */
#ifndef XPI_INTERNAL_H
#define XPI_INTERNAL_H

#include "xpi.h"

/* ---- small arithmetic ------------------------------------------------------ */

static inline double xpi_clip(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* floor(a / b) for b > 0, exact for every a. */
static inline int64_t xpi_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return q - (a % b < 0);
}

/* ---- allocation (alloc.c) ---------------------------------------------- */

/* Fills *out from the caller's allocator, or with malloc/realloc/free when
 * alloc is NULL. XPI_ERR_INVALID_ARG when alloc lacks alloc or free. */
int xpi_alloc_init(xpi_allocator *out, const xpi_allocator *alloc);
void *xpi_alloc(const xpi_allocator *a, size_t size);
void xpi_dealloc(const xpi_allocator *a, void *ptr);
/* Resizes a block (realloc when the hook has one, else allocate, copy and
 * free). NULL on failure, and the old block is then untouched. */
void *xpi_grow(const xpi_allocator *a, void *ptr, size_t old_size, size_t new_size);

/* ---- scales (scale.c) ---------------------------------------------------- */

typedef struct xpi_scale {
    int32_t metric;       /* XPI_METRIC_* */
    int32_t min, max;     /* inclusive score range */
    int32_t low_max;      /* low band: min..low_max */
    int32_t high_min;     /* high band: high_min..max */
    int32_t default_stat; /* XPI_STAT_NET, _TOP, _BOTTOM or _MEAN */
} xpi_scale;

int xpi_scale_preset(xpi_scale *out, int32_t metric);
/* Fills a custom scale (unchecked: xpi_scale_check decides). */
void xpi_scale_custom(xpi_scale *out, int32_t min, int32_t max, int32_t low_max,
                      int32_t high_min, int32_t default_stat);
/* XPI_OK when the fields describe a scale a tally accepts. */
int xpi_scale_check(const xpi_scale *s);
/* The scale's fields into the outputs given (any may be NULL): the getter
 * behind xpi_tally_scale and xpi_cube_scale. */
void xpi_scale_describe(const xpi_scale *s, int32_t *metric, int32_t *min, int32_t *max,
                        int32_t *low_max, int32_t *high_min, int32_t *default_stat);
int xpi_scale_equal(const xpi_scale *a, const xpi_scale *b);
size_t xpi_scale_points(const xpi_scale *s);

/* ---- tally (tally.c) ----------------------------------------------------- */

struct xpi_tally {
    xpi_allocator alloc;
    xpi_scale scale;
    size_t points;       /* max - min + 1 */
    uint64_t *count;     /* per score point; all three arrays live in the */
    double *sum_w;       /* same allocation as the struct                 */
    double *sum_w2;
    /* Running totals over all points, kept so that the overflow check of
     * every add is O(1): each cell is at most its total, so totals that
     * fit mean cells that fit. */
    uint64_t total_n;
    double total_w, total_w2;
    /* Some weight added was not exactly 1. Kept as a flag rather than
     * derived from the sums because past 2^53 responses the sums of unit
     * weights round away from the counts. */
    int weighted;
};

/* Allocates an empty tally of a checked scale. */
int xpi_tally_create(xpi_tally **out, const xpi_scale *scale, const xpi_allocator *alloc);
/* Bytes of one tally of the scale (struct and arrays, one allocation). */
size_t xpi_tally_footprint(const xpi_scale *scale);
/* Builds an empty tally of a checked scale in mem (xpi_tally_footprint
 * bytes, aligned for double). Such a tally belongs to whoever owns mem:
 * never pass it to xpi_tally_free. */
xpi_tally *xpi_tally_place(void *mem, const xpi_scale *scale, const xpi_allocator *alloc);
/* What xpi_tally_merge(dst, src) would return, without merging. */
int xpi_tally_merge_check(const xpi_tally *dst, const xpi_tally *src);
/* xpi_tally_merge for tallies known to share a scale (a cube's cells and
 * the tallies built from them): the overflow check and the sums only. */
int xpi_tally_accumulate(xpi_tally *dst, const xpi_tally *src);
/* 1 for a weight a tally accepts (finite, >= XPI_WEIGHT_MIN). */
int xpi_weight_valid(double w);
/* dst = all - part, for part a subset of all's responses (every count at
 * most all's): counts exact, weight sums by subtraction kept within what
 * the counts allow. Same scale; dst's old contents are replaced. */
void xpi_tally_subtract(xpi_tally *dst, const xpi_tally *all, const xpi_tally *part);

/* ---- dictionaries of dimension values (dict.c) ---------------------------- */

/* Ids must fit a uint32_t; the cap leaves room for id + 1 in the slots. */
#define XPI_DICT_MAX_IDS ((size_t)UINT32_MAX - 1)

typedef struct xpi_dict {
    char *arena;              /* NUL-terminated values, back to back */
    size_t arena_len, arena_cap;
    uint32_t *offset, *length; /* per id */
    uint32_t count, cap;
    uint32_t *slots;          /* id + 1; 0 is empty */
    uint32_t slot_cap;        /* a power of two, >= 2 count */
} xpi_dict;

/* An empty dictionary holding only id 0, the missing value "". */
int xpi_dict_init(xpi_dict *d, const xpi_allocator *a);
void xpi_dict_free(xpi_dict *d, const xpi_allocator *a);
/* 1 and *id when the value is present. */
int xpi_dict_find(const xpi_dict *d, const char *s, size_t len, uint32_t *id);
/* Room for extra_ids new values of extra_bytes in total (count their NULs). */
int xpi_dict_reserve(xpi_dict *d, const xpi_allocator *a, size_t extra_ids, size_t extra_bytes);
/* After a reserve: the value's id, inserting it if new. Cannot fail. */
uint32_t xpi_dict_insert(xpi_dict *d, const char *s, size_t len);
const char *xpi_dict_label(const xpi_dict *d, uint32_t id);

/* ---- moments (moments.c) --------------------------------------------------- */

/* What every estimate needs from a tally for one statistic. O(scale points). */
typedef struct xpi_moments {
    double n;         /* responses */
    double sum_w;     /* sum of weights as the formulas take them (n when not weighted) */
    double weight;    /* the responses' true weight, even for one weighted response
                         (n for unweighted tallies): segment shares */
    double n_eff;     /* Kish: (sum w)^2 / sum w^2; n when unweighted */
    int weighted;     /* some weight differs from 1 (and n > 1) */
    double mean;      /* (weighted) mean of y */
    double var_pop;   /* variance of y over responses, divisor n (counts, not weights) */
    double var_w;     /* weighted variance of y, sum w (y - mean)^2 / sum w (= var_pop unweighted) */
    double var_lin;   /* weighted only: linearization variance of the mean */
    double low_w;     /* sum of weights in the low band (a count when unweighted) */
    double high_w;    /* sum of weights in the high band */
} xpi_moments;

/* The per-response value y of a score for a statistic (XPI_STAT_NET: -1, 0
 * or +1; _TOP, _BOTTOM: 0 or 1; _MEAN: the score itself). */
double xpi_stat_value(const xpi_scale *s, int32_t stat, int32_t score);
/* Moments of y = xpi_stat_value(stat, score) over the tally's responses. */
void xpi_moments_compute(const xpi_tally *t, int32_t stat, xpi_moments *out);

/* What every estimate, comparison and plan needs of one group for one
 * statistic, on the fraction scale (net in [-1, 1], shares in [0, 1]) or
 * the scale's units (means). */
typedef struct xpi_summary {
    xpi_moments m;
    double size;      /* n, or n_eff when weighted: the m of interval formulas */
    double value;     /* the estimate: net, share or mean */
    double var;       /* variance of value (se^2): var_pop / n, var_pop / (n - 1)
                         for means, the linearization variance when weighted */
    double high, low; /* band shares (weighted) */
    double x;         /* proportions: band count, exact when unweighted, share
                         times n_eff when weighted */
    double df;        /* means: n - 1 or n_eff - 1 */
} xpi_summary;

/* Resolves XPI_STAT_DEFAULT to the scale's statistic; XPI_ERR_INVALID_ARG for
 * an unknown statistic. */
int xpi_stat_resolve(const xpi_tally *t, int32_t stat, int32_t *resolved);
/* 1 when the interval method applies to the (resolved) statistic. */
int xpi_method_applies(int32_t stat, int32_t method);
/* 100 for net and proportions (points, percent), 1 for means. */
double xpi_stat_unit(int32_t stat);
/* XPI_ERR_NOT_ENOUGH_DATA for an empty tally, and for a mean without
 * degrees of freedom (one response, or n_eff - 1 rounding to 0). */
int xpi_summarize(const xpi_tally *t, int32_t stat, xpi_summary *out);
/* xpi_summarize where it succeeds (1); else (an empty tally, a mean from
 * one response) just the moments, and 0. */
int xpi_summarize_any(const xpi_tally *t, int32_t stat, xpi_summary *out);
/* The status of a request on two tallies, given the status of its own
 * checks: an invalid argument first, then a scale mismatch, then the
 * rest (not applicable, ...), so every two-group function agrees. */
int xpi_pair_status(const xpi_tally *a, const xpi_tally *b, int status);

/* ---- root finding (root.c) ------------------------------------------------- */

typedef double (*xpi_root_fn)(const void *ctx, double x);
/* The x in [lo, hi] where a decreasing f crosses 0, given f_lo = f(lo) > 0
 * and f_hi = f(hi) < 0 (else lo or hi), to within tol_abs + tol_rel |x|. */
double xpi_root_decreasing(xpi_root_fn f, const void *ctx, double lo, double hi, double f_lo,
                           double f_hi, double tol_abs, double tol_rel);

/* ---- intervals (estimate_net.c, estimate_prop.c) ------------------------- */

/* Two-sided interval on the fraction scale: net in [-1, 1], shares in [0, 1]. */
typedef struct xpi_interval {
    double lower, upper;
} xpi_interval;

/* The interval of net = high - low from band shares by a method other than
 * WALD, m responses (n, or n_eff when weighted), z the normal quantile. */
int xpi_net_interval(int32_t method, double high, double low, double m, double z,
                     xpi_interval *out);
/* The adjusted-Wald net (Rocks 2016: P + 0.75, D + 0.75, m + 3) and the
 * variance of that estimate. */
void xpi_net_adjusted(double high, double low, double m, double *net, double *var);
/* Tango's score statistic for H0: net = delta (positive when the observed
 * net is above delta; +-HUGE_VAL where the restricted variance vanishes). */
double xpi_net_tango_t(double high, double low, double m, double delta);
/* xpi_tally_estimate from a summary (resolved stat, a closed-form method,
 * alpha = 1 - confidence, z its two-sided normal quantile). */
int xpi_summary_estimate(const xpi_scale *scale, const xpi_summary *s, int32_t stat,
                         int32_t method, double alpha, double z, xpi_estimate *out);
/* The interval of a share x / m (x: band count, or share times n_eff when
 * weighted) by a method other than WALD; share is the reported value, which
 * the interval always holds; alpha = 1 - confidence (exact methods), z its
 * two-sided normal quantile. */
int xpi_prop_interval(int32_t method, double x, double m, double share, double z, double alpha,
                      xpi_interval *out);

/* ---- two groups (compare.c) ------------------------------------------------ */

/* The difference a - b of two summaries with its interval and plug-in SE
 * (fraction scale; xpi_tally_compare's interval for the method; alpha =
 * 1 - confidence, z its two-sided normal quantile). a_known, when not
 * NULL, is a's own interval for the method (fraction scale), already
 * computed. */
void xpi_compare_interval(const xpi_scale *scale, int32_t stat, int32_t method,
                          double alpha, double z, const xpi_summary *a, const xpi_summary *b,
                          const xpi_interval *a_known, xpi_comparison *c);
/* The test of a - b: statistic, df, p_value. pooled selects the pooled z
 * test for nets too (it is always the test for shares; means use Welch's). */
void xpi_compare_test(int32_t stat, int32_t method, int pooled, const xpi_summary *a,
                      const xpi_summary *b, xpi_comparison *c);

/* ---- sorting (sort.c) -------------------------------------------------------- */

/* 1 when item a comes before item b. */
typedef int (*xpi_less_fn)(const void *ctx, size_t a, size_t b);
/* Sorts idx[0..n-1] (indices into the caller's data) by less; not stable. */
void xpi_sort_indices(size_t *idx, size_t n, xpi_less_fn less, const void *ctx);
/* Sorts v[0..n) ascending (no NaN) in place: heap sort, no memory (the C
 * library's qsort may allocate behind the caller's allocator). */
void xpi_sort_values(double *v, size_t n);
/* out[i] = the pos[i]-th smallest of v[0..n) (0-based) for every i (pos
 * ascending, each < n, no NaN); reorders v. Expected O(n) for a few
 * ranks. */
void xpi_order_statistics(double *v, size_t n, const size_t *pos, size_t count, double *out);

/* ---- multiple comparisons (padjust.c) ------------------------------------- */

/* xpi_p_adjust with scratch from the given allocator. */
int xpi_p_adjust_with(const xpi_allocator *a, const double *p, size_t n, int32_t method,
                      double *adjusted);

/* ---- serialized formats (bytes.c, tally_io.c, cube_io.c) ------------------- */

/* CRC-32 (IEEE 802.3, reflected; zlib's crc32) continuing from crc. */
uint32_t xpi_crc32_update(uint32_t crc, const unsigned char *p, size_t n);
void xpi_put_u16(unsigned char *p, uint16_t v);
void xpi_put_u32(unsigned char *p, uint32_t v);
void xpi_put_u64(unsigned char *p, uint64_t v);
void xpi_put_f64(unsigned char *p, double v);
uint16_t xpi_get_u16(const unsigned char *p);
uint32_t xpi_get_u32(const unsigned char *p);
uint64_t xpi_get_u64(const unsigned char *p);
double xpi_get_f64(const unsigned char *p);
int32_t xpi_get_i32(const unsigned char *p);
int64_t xpi_get_i64(const unsigned char *p);
/* The signed value of a two's complement bit pattern. */
int64_t xpi_u64_to_i64(uint64_t u);

/* Every format opens with a 4-byte magic, a u16 version and u16 flags, and
 * closes with the CRC-32 of everything before it. The check: magic and
 * length, version (newer: XPI_ERR_UNSUPPORTED_VERSION), flags within
 * flag_mask, checksum; else XPI_ERR_MALFORMED. */
int xpi_envelope_check(const unsigned char *p, size_t length, const char *magic,
                       size_t min_length, uint16_t version, uint16_t flag_mask);
void xpi_envelope_write(unsigned char *p, const char *magic, uint16_t version, uint16_t flags);
/* Writes the CRC-32 into the last 4 of length bytes. */
void xpi_crc_write(unsigned char *p, size_t length);
/* A scale as six int32 (24 bytes); reading checks it (XPI_ERR_MALFORMED). */
void xpi_scale_write(unsigned char *p, const xpi_scale *s);
int xpi_scale_read(const unsigned char *p, xpi_scale *s);

/* A tally's score points as serialized: per point count, sum of weights,
 * sum of squared weights (24 bytes). */
#define XPI_POINT_BYTES 24
void xpi_points_write(const xpi_tally *t, unsigned char *p);
/* XPI_ERR_MALFORMED unless every point is one a tally could hold and the
 * totals fit. */
int xpi_points_check(const unsigned char *p, size_t points, int weighted);
/* After a successful check: fills an empty tally. */
void xpi_points_load(xpi_tally *t, const unsigned char *p, int weighted);

/* ---- cubes and queries (cube.c, query.c, cube_query.c) -------------------- */

struct xpi_cube {
    xpi_allocator alloc;
    xpi_scale scale;
    size_t ndims;
    int32_t grain, utc_offset; /* seconds */
    char **dim_names;          /* copies */
    xpi_dict *dicts;           /* one per dimension */
    size_t key_words;          /* 2 (the bucket) + ndims */
    uint32_t *keys;            /* key_words per cell */
    xpi_tally **cells;
    uint32_t cell_count, cell_cap;
    /* Slots hold the key's hash in the high half and cell index + 1 in the
     * low half (0: empty), so a probe compares keys only on a hash match. */
    uint64_t *slots;
    uint32_t slot_cap;
    /* The cells' tallies live in slabs of cells_per_slab, not one
     * allocation each: cell i's tally is place i of the slabs. */
    unsigned char **slabs;
    size_t slab_count, slab_cap, cells_per_slab, cell_bytes;
    uint64_t total_n;
};

struct xpi_query {
    xpi_allocator alloc;
    int64_t from, to; /* [from, to), Unix seconds */
    int time_set;     /* set by the caller (a series then spans it) */
    size_t nfilters;
    char filter_dim[XPI_CUBE_MAX_DIMS][XPI_VALUE_MAX_BYTES + 1];
    char filter_value[XPI_CUBE_MAX_DIMS][XPI_VALUE_MAX_BYTES + 1];
    int32_t stat, method, adjust;
    double confidence, min_n;
    size_t window; /* periods */
    double sigma, lambda, cusum_k, cusum_h;
    size_t baseline; /* trailing periods; 0: all */
    size_t min_segment;
    double false_alarm, penalty;
};

/* q, or the constant query selecting everything with the defaults when q
 * is NULL (every function taking a query accepts NULL). */
const xpi_query *xpi_query_or_defaults(const xpi_query *q);

/* The checks of one response's time, score and weight (the statuses of
 * xpi_cube_add for bad input), without touching the cube. */
int xpi_cube_check_input(const xpi_cube *c, int64_t time, int32_t score, double weight);
/* An empty cube of a checked layout (xpi_cube_new's checks). */
int xpi_cube_create(xpi_cube **out, const xpi_scale *scale, size_t ndims,
                    const char *const *dim_names, const xpi_allocator *alloc);
/* Loading a serialized cube: the next value of a dimension (non-empty, no
 * NUL, new), and a cell (ids issued, bucket in range, new key, points
 * already checked, not empty); XPI_ERR_MALFORMED otherwise. */
int xpi_cube_intern_loaded(xpi_cube *c, size_t dim, const char *value, size_t len);
int xpi_cube_load_cell(xpi_cube *c, int64_t bucket, const uint32_t *ids,
                       const unsigned char *points, int weighted);

/* A query resolved against one cube: the buckets and value ids a cell must
 * have to count. */
typedef struct xpi_selection {
    int64_t first_bucket, last_bucket; /* inclusive */
    int64_t id[XPI_CUBE_MAX_DIMS];     /* the required id, or -1 for any */
    int empty;                         /* a filter value the cube has never seen */
} xpi_selection;

/* XPI_ERR_INVALID_ARG for a filter on a dimension the cube lacks. */
int xpi_query_select(const xpi_cube *c, const xpi_query *q, xpi_selection *sel);
/* The time bucket of cell i. */
int64_t xpi_cell_bucket(const xpi_cube *c, uint32_t i);
/* 1 when cell i of the cube is selected. */
int xpi_cell_selected(const xpi_cube *c, const xpi_selection *sel, uint32_t i);
/* The query's statistic resolved against a scale, and its method;
 * XPI_ERR_NOT_APPLICABLE when the method does not apply to it or
 * resamples (too slow for every row of a table). */
int xpi_query_analysis(const xpi_scale *scale, const xpi_query *q, int32_t *stat,
                       int32_t *method);

/* ---- segment tables (segments.c, table.c, breakdown.c, decompose.c) -------- */

/* The selected responses grouped by the values of one or two dimensions:
 * segment i has ids[i * nkeys + k] in dims[k] and, per selection s, the
 * tally tallies[s * count + i]. Segments are in value-id order. */
typedef struct xpi_segments {
    size_t count, nkeys, nsel;
    size_t dims[2];
    uint32_t *ids;
    xpi_tally **tallies;
    unsigned char *block; /* the tallies' places */
} xpi_segments;

/* Groups the cells selected by sel[0..nsel-1] (1 or 2 selections; a cell
 * may count in both) by the ids of dims[0..nkeys-1] (1 or 2 dimensions).
 * Statuses: XPI_ERR_OVERFLOW (weight sums), XPI_ERR_NO_MEMORY; on error
 * nothing is left allocated. */
int xpi_segments_group(const xpi_cube *c, const size_t *dims, size_t nkeys,
                       const xpi_selection *sel, size_t nsel, xpi_segments *out);
void xpi_segments_free(const xpi_cube *c, xpi_segments *s);
/* The sum of one selection's segments, as a new tally. */
int xpi_segments_total(const xpi_cube *c, const xpi_segments *s, size_t selection,
                       xpi_tally **out);

#define XPI_COL_MAX 46   /* the highest column key */
#define XPI_FIGURE_MAX 21 /* the highest figure key */

struct xpi_table {
    xpi_allocator alloc;
    int32_t kind;
    size_t rows, nkeys;
    double *cells;        /* rows x ncols: only the kind's columns */
    size_t ncols;
    unsigned char slot[XPI_COL_MAX + 1]; /* column key -> place in a row */
    uint32_t *ids;        /* rows x nkeys */
    const char **labels;  /* rows x nkeys, into arena */
    char *arena;
    size_t arena_used;
    size_t *order;        /* row r of the caller is stored row order[r] */
    double figures[XPI_FIGURE_MAX];
    /* Series only: each period's responses (rows of them, placed in
     * period_block), and the statistic the rows report. */
    xpi_tally **periods;
    unsigned char *period_block;
    int32_t stat;
};

/* An empty table: rows x nkeys labels of label_bytes in all (NULs
 * included) to add, every cell and figure NaN. XPI_ERR_NO_MEMORY. */
int xpi_table_alloc(xpi_table **out, const xpi_allocator *a, int32_t kind, size_t rows,
                    size_t nkeys, size_t label_bytes);
/* Copies label (with its id) in as label at = row * nkeys + key. */
void xpi_table_add_label(xpi_table *t, size_t at, const char *label, uint32_t id);
/* A table of the kind with the segments' rows and labels; every cell and
 * figure NaN. XPI_ERR_NO_MEMORY. */
int xpi_table_create(xpi_table **out, const xpi_cube *c, int32_t kind,
                     const xpi_segments *s);
/* Stored row i's column key (one the kind has), to write or to read. */
double *xpi_table_cell(xpi_table *t, size_t row, int32_t column);
void xpi_table_set(xpi_table *t, size_t row, int32_t column, double value);
double xpi_table_value(const xpi_table *t, size_t row, int32_t column);
void xpi_table_set_figure(xpi_table *t, int32_t key, double value);

/* ---- trends (trend_mk.c, sen_slope.c) -------------------------------------- */

/* A series is values by period index; NaN is a period without data. The
 * number of values, XPI_ERR_INVALID_ARG for an infinite one and
 * XPI_ERR_NOT_ENOUGH_DATA for fewer than two. */
int xpi_series_count(const double *values, size_t count, size_t *n);
/* The values with their indices (t may be NULL), gaps skipped. */
void xpi_series_points(const double *values, size_t count, double *t, double *y);
/* Sorts u[0..n) (stable; tmp holds n) and returns its inversions, the
 * pairs a < b with u[b] < u[a]. */
double xpi_count_inversions(double *u, double *tmp, size_t n);
/* sum t(t-1)(2t+5) over the runs of equal values of sorted[0..n) (the
 * tie correction of Var S), and the tied pairs sum t(t-1)/2 when
 * tied_pairs is not NULL. */
double xpi_tie_term(const double *sorted, size_t n, double *tied_pairs);
/* xpi_mann_kendall; with inflate_only, Hamed & Rao's factor only ever
 * widens Var S (chance negative autocorrelations in short series would
 * otherwise shrink it and raise false trends). */
int xpi_mk_test(const double *values, size_t count, int32_t variant, size_t seasons,
                int inflate_only, const xpi_allocator *alloc, xpi_trend_test *out);
/* Hamed & Rao's factor on Var S for the series (1 with fewer than three
 * values). Statuses: those of xpi_sen_slope. */
int xpi_hamed_rao_factor(const double *values, size_t count, const xpi_allocator *a,
                         double *factor);

/* ---- calendar (calendar.c) ------------------------------------------------- */

/* Day numbers count days from 1970-01-01 in the proleptic Gregorian
 * calendar. */
int64_t xpi_days_from_civil(int64_t y, int m, int d);
void xpi_civil_from_days(int64_t day, int64_t *y, int *m, int *d);
/* The index of the period (XPI_PERIOD_*) holding a day, and the first day
 * of a period; consecutive periods have consecutive indices. */
int64_t xpi_period_of_day(int64_t day, int32_t period);
int64_t xpi_period_first_day(int64_t index, int32_t period);
/* "2026-03-14", "2026-W11" (ISO 8601), "2026-03", "2026-Q1", "2026". */
void xpi_period_label(int64_t index, int32_t period, char *out, size_t size);

/* ---- change points (changepoint.c) ------------------------------------------ */

/* Categories of the multinomial cost for a statistic, and a period's
 * (effective) counts in them. */
size_t xpi_change_categories(const xpi_scale *scale, int32_t stat);
void xpi_change_counts(const xpi_tally *t, int32_t stat, double *out);
/* -2 log-likelihood of the counts between prefix rows a < b (k per row). */
double xpi_change_cost(const double *prefix, size_t k, size_t a, size_t b);
/* The optimal segmentation of n positions (prefix: n + 1 rows of k
 * cumulative counts) with the penalty per change and segments of at least
 * min_seg positions; changes[0..*nchanges) are the positions where new
 * segments start. Scratch: cost, last (n + 1), cand, sums, dominated
 * (n + 2).
 * XPI_ERR_NOT_ENOUGH_DATA when n < min_seg. */
int xpi_change_pelt(const double *prefix, size_t k, size_t n, double penalty, size_t min_seg,
                    double *cost, size_t *last, size_t *cand, double *sums, size_t *dominated,
                    size_t *changes, size_t *nchanges);
/* The penalty whose false-alarm rate is alpha (0.01 to 0.10) for n
 * positions and df = categories - 1 (changepoint_table.c). */
double xpi_change_penalty(size_t n, size_t df, double alpha);

/* ---- random numbers (rng.c) ------------------------------------------------ */

typedef struct xpi_rng {
    uint64_t s[4];
} xpi_rng;

void xpi_rng_seed(xpi_rng *r, uint64_t seed);
uint64_t xpi_rng_next(xpi_rng *r);
/* Uniform on the open interval (0, 1). */
double xpi_rng_uniform(xpi_rng *r);
/* Gamma(shape, 1), shape > 0. */
double xpi_rng_gamma(xpi_rng *r, double shape);
/* Binomial(n, p) for a whole number n >= 0 held in a double. */
double xpi_rng_binomial(xpi_rng *r, double n, double p);
/* Multinomial(n; prob[0..k-1]) as conditional binomials: prepare turns
 * the probabilities (any non-negative weights) into cond[i] = prob[i] /
 * sum_{j >= i} prob[j], once per distribution; each draw then costs O(k).
 * The last category with any mass has cond 1 and takes what remains. */
void xpi_rng_multinomial_prepare(const double *prob, size_t k, double *cond);
void xpi_rng_multinomial(xpi_rng *r, double n, const double *cond, size_t k, double *out);

/* ---- pairwise slopes (pair_slopes.c) --------------------------------------- */

/* A point with the key it is being sorted by. */
typedef struct xpi_keyed_point {
    double key, t, y;
} xpi_keyed_point;

/* Points whose pairs form slopes within groups: group g is points
 * start[g] .. start[g+1]-1, t increasing within it. v holds the n points,
 * kept sorted within each group by u = y - at t between passes (below_at
 * slopes below at); tmp holds as many. */
typedef struct xpi_pairs {
    size_t groups;
    const size_t *start;
    xpi_keyed_point *v, *tmp;
    double at, below_at;
} xpi_pairs;

/* Slopes listed by a band pass into out[0..cap), each pair kept with
 * probability keep (1: all of them); full when one found no room. */
typedef struct xpi_slope_list {
    double *out;
    size_t cap, listed;
    int full;
    double keep, span;
    size_t gap; /* pairs to pass over before the next one kept */
    xpi_rng rng;
} xpi_slope_list;

/* Empties the list and sets its keep probability (0 < keep <= 1). */
void xpi_slope_list_start(xpi_slope_list *l, double keep);
/* Puts the points (t[i], y[i]) in v, in time order (at = -HUGE_VAL). */
void xpi_pairs_init(xpi_pairs *p, const double *t, const double *y);
/* Lists about keep N of the N pairs drawn uniformly at random (with
 * replacement; each group its share), in O(keep N) without a pass. */
void xpi_pairs_sample(const xpi_pairs *p, xpi_slope_list *list);
/* Counts the slopes below lo (lo = -HUGE_VAL: none) and those in [lo, hi)
 * (hi = HUGE_VAL: all above lo), listing the latter into list (may be
 * NULL); leaves the points sorted at hi. O(n log n) plus the pairs kept,
 * less when lo is near the slope the points were sorted at. */
void xpi_pairs_band(xpi_pairs *p, double lo, double hi, xpi_slope_list *list, double *below,
                    double *band);

#endif
