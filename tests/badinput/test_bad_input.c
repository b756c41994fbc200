/*
 * Bad input against every public function of include/xpi.h: the table in
 * docs/robustness.md is this file's record.
 *
 * Every check (BAD) fills all the output variables with a sentinel
 * pattern and hashes the state of every fixture object (tallies and cubes
 * by their serialized bytes, queries by their parameters, tables by every
 * row, label, column and figure), makes the call, and then requires the
 * exact documented status, the outputs untouched and every fixture
 * unchanged. The distributions (no status) are checked for NaN (NANCHK).
 * Each check is filed under its function and its class of bad input;
 * `test_bad_input --markdown` prints the resulting table (the cells of
 * docs/robustness.md), and the run fails if any public function has no
 * check.
 *
 * Classes: NULL pointers; NaN/Inf doubles; out-of-range values (scores
 * off the scale, unknown constants, bad confidences, times outside
 * XPI_TIME_MIN..MAX, indexes out of range); empty objects and arrays;
 * mismatched objects (different scales or layouts, a table of the wrong
 * kind, a query filtering on a dimension the cube lacks, a method that
 * does not fit the statistic); corrupt bytes (truncated, flipped, padded,
 * foreign or forged serialized data); huge sizes (counts near UINT64_MAX,
 * weights near DBL_MAX, capacities and sizes beyond the limits).
 */
/* NAN and INFINITY are floats in C99; passed everywhere here as doubles
 * on purpose, which clang's -Wdouble-promotion would flag at each use. */
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wdouble-promotion"
#endif
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xpi.h"
#include "check.h"

/* ------------------------------------------------------------------ */
/* The public functions, by family (the order of docs/robustness.md).  */
/* ------------------------------------------------------------------ */
static const char *const FAMILY[] = {
    "#Version and status codes",
    "xpi_version_number", "xpi_version_string", "xpi_strerror",
    "#Distributions",
    "xpi_norm_cdf", "xpi_norm_sf", "xpi_norm_ppf", "xpi_t_cdf", "xpi_t_sf", "xpi_t_ppf",
    "xpi_chi2_cdf", "xpi_chi2_sf", "xpi_chi2_ppf", "xpi_beta_cdf", "xpi_beta_sf",
    "xpi_beta_ppf", "xpi_gamma_cdf", "xpi_gamma_sf", "xpi_gamma_ppf", "xpi_binom_cdf",
    "xpi_binom_sf", "xpi_binom_ppf",
    "#Tally",
    "xpi_tally_new", "xpi_tally_new_scale", "xpi_tally_free", "xpi_tally_clone",
    "xpi_tally_reset", "xpi_tally_add", "xpi_tally_add_n", "xpi_tally_add_array",
    "xpi_tally_merge", "xpi_tally_count", "xpi_tally_weights", "xpi_tally_total",
    "xpi_tally_weighting", "xpi_tally_scale", "xpi_tally_serialize", "xpi_tally_deserialize",
    "#Estimates",
    "xpi_tally_estimate",
    "#Cube and queries",
    "xpi_cube_new", "xpi_cube_new_scale", "xpi_cube_free", "xpi_cube_set_time", "xpi_cube_add",
    "xpi_cube_intern", "xpi_cube_add_ids", "xpi_cube_add_batch", "xpi_cube_add_ids_batch",
    "xpi_cube_merge", "xpi_cube_serialize", "xpi_cube_deserialize", "xpi_cube_dims",
    "xpi_cube_scale", "xpi_cube_time", "xpi_cube_dim_name", "xpi_cube_value_count",
    "xpi_cube_value", "xpi_query_new", "xpi_query_free", "xpi_query_reset",
    "xpi_query_set_time", "xpi_query_set_filter", "xpi_query_clear_filter",
    "xpi_query_set_param", "xpi_query_get_param", "xpi_cube_tally", "xpi_cube_stats",
    "#Segments, series and tables",
    "xpi_cube_breakdown", "xpi_cube_crosstab", "xpi_cube_decompose", "xpi_cube_series",
    "xpi_series_from_tallies", "xpi_series_chart", "xpi_series_changes", "xpi_series_events",
    "xpi_table_event", "xpi_table_free", "xpi_table_rows", "xpi_table_kind", "xpi_table_label",
    "xpi_table_get", "xpi_table_figure", "xpi_table_sort",
    "#Resampling and Bayesian intervals",
    "xpi_tally_bootstrap", "xpi_tally_bayes", "xpi_tally_prob_greater",
    "#Comparisons",
    "xpi_tally_compare", "xpi_tally_test_value", "xpi_tally_chi2", "xpi_tally_mann_whitney",
    "#Multiple comparisons",
    "xpi_p_adjust",
    "#Trends",
    "xpi_mann_kendall", "xpi_sen_slope", "xpi_wls_slope",
    "#Planning",
    "xpi_unit_variance", "xpi_tally_unit_variance", "xpi_plan_margin_n", "xpi_plan_group_n",
    "xpi_plan_power", "xpi_plan_mde",
};
#define NFAM (sizeof FAMILY / sizeof FAMILY[0])

enum { C_NULL, C_NAN, C_RANGE, C_EMPTY, C_MISMATCH, C_CORRUPT, C_HUGE, NCLASS };
static const char *const CLASS_NAME[NCLASS] = {
    "NULL", "NaN/Inf", "out of range", "empty", "mismatched", "corrupt bytes", "huge sizes",
};

#define BIT_NAN 11 /* the distributions' NaN */
#define MAX_NOTES 4
static struct record {
    unsigned statuses;               /* bit k: status -k was checked (bit 0: XPI_OK) */
    const char *notes[MAX_NOTES];    /* cells of functions without a status */
    int calls;
} rec[NFAM][NCLASS];

static int calls_total;

static int fam_index(const char *fn)
{
    for (size_t i = 0; i < NFAM; i++)
        if (strcmp(FAMILY[i], fn) == 0)
            return (int)i;
    fprintf(stderr, "unknown function %s\n", fn);
    abort();
}

static void record(const char *fn, int cls, int bit, const char *note)
{
    struct record *r = &rec[fam_index(fn)][cls];
    r->calls++;
    calls_total++;
    if (bit >= 0)
        r->statuses |= 1u << bit;
    if (note) {
        for (int i = 0; i < MAX_NOTES; i++) {
            if (r->notes[i] && strcmp(r->notes[i], note) == 0)
                break;
            if (!r->notes[i]) {
                r->notes[i] = note;
                break;
            }
        }
    }
}

/* ------------------------------------------------------------------ */
/* Outputs: one block, filled with a sentinel before every call.       */
/* ------------------------------------------------------------------ */
static struct outs {
    xpi_tally *tally;
    xpi_cube *cube;
    xpi_table *table;
    xpi_query *query;
    const char *str;
    uint64_t u64[3];
    double d[2];
    int32_t i32[6];
    size_t sz[2];
    uint32_t u32;
    xpi_estimate est;
    xpi_comparison cmp;
    xpi_chi2_test chi2;
    xpi_rank_test rank;
    xpi_trend_test trend;
    xpi_slope slope;
    xpi_regression reg;
    xpi_event ev;
    double adj[8];
    unsigned char buf[16384];
} O;
static unsigned char O_pattern[sizeof O];

/* ------------------------------------------------------------------ */
/* Fixtures and their state hash.                                       */
/* ------------------------------------------------------------------ */
static xpi_tally *reg_t[32];
static xpi_cube *reg_c[16];
static xpi_query *reg_q[16];
static xpi_table *reg_tb[16];
static int n_t, n_c, n_q, n_tb;

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static unsigned char *hbuf;
static size_t hcap;

static uint64_t hash_tally(uint64_t h, const xpi_tally *t)
{
    size_t len = 0;
    if (xpi_tally_serialize(t, NULL, 0, &len) != XPI_OK)
        abort();
    if (len > hcap) {
        hcap = len * 2;
        hbuf = realloc(hbuf, hcap);
    }
    if (xpi_tally_serialize(t, hbuf, hcap, &len) != XPI_OK)
        abort();
    return fnv(h, hbuf, len);
}

static uint64_t hash_cube(uint64_t h, const xpi_cube *c)
{
    size_t len = 0;
    if (xpi_cube_serialize(c, NULL, 0, &len) != XPI_OK)
        abort();
    if (len > hcap) {
        hcap = len * 2;
        hbuf = realloc(hbuf, hcap);
    }
    if (xpi_cube_serialize(c, hbuf, hcap, &len) != XPI_OK)
        abort();
    return fnv(h, hbuf, len);
}

static const xpi_cube *query_probe;

static uint64_t hash_query(uint64_t h, const xpi_query *q)
{
    for (int32_t k = 1; k <= 14; k++) {
        double v = NAN;
        int s = xpi_query_get_param(q, k, &v);
        h = fnv(h, &s, sizeof s);
        h = fnv(h, &v, sizeof v);
    }
    /* The time range and filters show through what the query selects of
     * the main cube (a filter on a dimension it lacks: the status). */
    if (query_probe) {
        xpi_tally *t = NULL;
        uint64_t n = 0;
        int s = xpi_cube_tally(query_probe, q, &t);
        if (s == XPI_OK)
            xpi_tally_total(t, &n);
        xpi_tally_free(t);
        h = fnv(h, &s, sizeof s);
        h = fnv(h, &n, sizeof n);
    }
    return h;
}

static uint64_t hash_table(uint64_t h, const xpi_table *t)
{
    size_t rows = 0, keys = 0;
    int32_t kind = 0;
    xpi_table_rows(t, &rows);
    xpi_table_kind(t, &kind, &keys);
    h = fnv(h, &rows, sizeof rows);
    h = fnv(h, &kind, sizeof kind);
    for (int32_t k = 1; k <= 21; k++) {
        double v = NAN;
        int s = xpi_table_figure(t, k, &v);
        h = fnv(h, &s, sizeof s);
        h = fnv(h, &v, sizeof v);
    }
    for (size_t r = 0; r < rows; r++) {
        for (size_t k = 0; k < keys; k++) {
            const char *label = NULL;
            uint32_t id = 0;
            xpi_table_label(t, r, k, &label, &id);
            h = fnv(h, label, strlen(label));
            h = fnv(h, &id, sizeof id);
        }
        for (int32_t col = 1; col <= 46; col++) {
            double v = NAN;
            int s = xpi_table_get(t, r, col, &v);
            h = fnv(h, &s, sizeof s);
            h = fnv(h, &v, sizeof v);
        }
        if (kind == XPI_TABLE_KIND_EVENTS) {
            xpi_event e;
            memset(&e, 0, sizeof e);
            xpi_table_event(t, r, &e);
            h = fnv(h, &e.kind, sizeof e.kind);
            h = fnv(h, &e.row, sizeof e.row);
            h = fnv(h, &e.magnitude, sizeof e.magnitude);
        }
    }
    return h;
}

static uint64_t state_hash(void)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (int i = 0; i < n_t; i++)
        h = hash_tally(h, reg_t[i]);
    for (int i = 0; i < n_c; i++)
        h = hash_cube(h, reg_c[i]);
    for (int i = 0; i < n_q; i++)
        h = hash_query(h, reg_q[i]);
    for (int i = 0; i < n_tb; i++)
        h = hash_table(h, reg_tb[i]);
    return h;
}

/* ------------------------------------------------------------------ */
/* The checks.                                                          */
/* ------------------------------------------------------------------ */
static uint64_t before_hash, cached_hash;
static int state_dirty = 1;

/* A fixture was added or changed outside a check: hash again. */
static void scratch_dirty(void)
{
    state_dirty = 1;
}

static void bad_pre(void)
{
    memcpy(&O, O_pattern, sizeof O);
    if (state_dirty) {
        cached_hash = state_hash();
        state_dirty = 0;
    }
    before_hash = cached_hash;
}

/* outputs: 1 to require the output block untouched (every failing call;
 * 0 only for the documented exceptions, checked by the caller). */
static void bad_post(const char *fn, int cls, int want, int got, int line, const char *call,
                     int outputs)
{
    record(fn, cls, -want, NULL);
    check_count++;
    if (got != want) {
        check_failures++;
        fprintf(stderr, "%s:%d: %s [%s] returned %d (%s), want %d (%s)\n", __FILE__, line,
                call, CLASS_NAME[cls], got, xpi_strerror(got), want, xpi_strerror(want));
    }
    if (outputs && want != XPI_OK) {
        check_count++;
        if (memcmp(&O, O_pattern, sizeof O) != 0) {
            check_failures++;
            fprintf(stderr, "%s:%d: %s [%s] changed an output\n", __FILE__, line, call,
                    CLASS_NAME[cls]);
        }
    }
    check_count++;
    cached_hash = state_hash();
    if (cached_hash != before_hash) {
        check_failures++;
        fprintf(stderr, "%s:%d: %s [%s] changed an input object\n", __FILE__, line, call,
                CLASS_NAME[cls]);
    }
}

/* A call that must fail with status want (or, want XPI_OK, a valid edge
 * case that must succeed without changing any fixture). */
#define BAD(fn, cls, want, call)                                                   \
    do {                                                                           \
        int want_ = (want);                                                        \
        bad_pre();                                                                 \
        int got_ = (call);                                                         \
        bad_post(#fn, cls, want_, got_, __LINE__, #call, 1);                       \
    } while (0)
/* The same without the output check: documented exceptions that set an
 * output on failure (serialize's needed length, a batch's *added). */
#define BADX(fn, cls, want, call)                                                  \
    do {                                                                           \
        int want_ = (want);                                                        \
        bad_pre();                                                                 \
        int got_ = (call);                                                         \
        bad_post(#fn, cls, want_, got_, __LINE__, #call, 0);                       \
    } while (0)
/* The same for the deserializers' corrupt-bytes loops, which take no
 * fixture (only a const buffer): outputs checked, no state hash. */
#define BADD(fn, cls, want, call)                                                  \
    do {                                                                           \
        int want_ = (want);                                                        \
        memcpy(&O, O_pattern, sizeof O);                                           \
        before_hash = cached_hash;                                                 \
        int got_ = (call);                                                         \
        record(#fn, cls, -want_, NULL);                                            \
        CHECK_STATUS(got_, want_);                                                 \
        CHECK(memcmp(&O, O_pattern, sizeof O) == 0);                               \
    } while (0)
/* A distribution function: NaN for invalid arguments. */
#define NANCHK(fn, cls, expr)                                                      \
    do {                                                                           \
        double v_ = (expr);                                                        \
        record(#fn, cls, BIT_NAN, NULL);                                           \
        check_count++;                                                             \
        if (!isnan(v_)) {                                                          \
            check_failures++;                                                      \
            fprintf(stderr, "%s:%d: %s [%s] = %.17g, want NaN\n", __FILE__,        \
                    __LINE__, #expr, CLASS_NAME[cls], v_);                         \
        }                                                                          \
    } while (0)
/* A function without a status: the condition, and the cell's text. */
#define NOTE(fn, cls, cond, text)                                                  \
    do {                                                                           \
        record(#fn, cls, -1, text);                                                \
        CHECK(cond);                                                               \
    } while (0)

/* ------------------------------------------------------------------ */
/* Helpers.                                                             */
/* ------------------------------------------------------------------ */
static uint32_t crc32_le(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put_f64(unsigned char *p, double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    put_u64(p, v);
}

/* Recomputes the trailing CRC-32 of a serialized buffer (a forgery). */
static void reseal(unsigned char *p, size_t n)
{
    put_u32(p + n - 4, crc32_le(p, n - 4));
}

static void scratch_dirty(void);

static xpi_tally *keep_t(xpi_tally *t)
{
    scratch_dirty();
    reg_t[n_t++] = t;
    return t;
}

static xpi_tally *mk_tally(int32_t metric)
{
    xpi_tally *t = NULL;
    CHECK_STATUS(xpi_tally_new(&t, metric, NULL), XPI_OK);
    return keep_t(t);
}

static void *bad_alloc_fn(void *u, size_t n)
{
    (void)u;
    return malloc(n);
}

static void bad_free_fn(void *u, void *p)
{
    (void)u;
    free(p);
}

static int event_seen;
static int on_event(const xpi_event *e, void *user)
{
    (void)e;
    (void)user;
    event_seen++;
    return 0;
}

static unsigned char *serialize_tally(const xpi_tally *t, size_t *len)
{
    CHECK_STATUS(xpi_tally_serialize(t, NULL, 0, len), XPI_OK);
    unsigned char *b = malloc(*len + 16);
    CHECK_STATUS(xpi_tally_serialize(t, b, *len, len), XPI_OK);
    return b;
}

static unsigned char *serialize_cube(const xpi_cube *c, size_t *len)
{
    CHECK_STATUS(xpi_cube_serialize(c, NULL, 0, len), XPI_OK);
    unsigned char *b = malloc(*len + 16);
    CHECK_STATUS(xpi_cube_serialize(c, b, *len, len), XPI_OK);
    return b;
}

/* ------------------------------------------------------------------ */
/* Fixtures.                                                            */
/* ------------------------------------------------------------------ */
static xpi_tally *t_nps, *t_csat, *t_ces, *t_empty, *t_ces1, *t_custom, *t_full, *t_heavy;
static xpi_tally *t_nps_custom;
static xpi_cube *c2, *c_empty, *c_csat, *c_hour, *c_names, *c_one_dim, *c_heavy, *c_heavy2, *c_heavy3, *c_offset;
static xpi_query *q_def, *q_unknown, *q_none, *q_tmeth, *q_boot, *q_huge;
static xpi_table *tb_break, *tb_cross, *tb_series, *tb_events, *tb_chart, *tb_changes,
    *tb_decomp;

static const char *const DIMS2[] = {"region", "channel"};
#define T0 INT64_C(1700006400) /* 2023-11-15T00:00:00Z */
/* The heaviest weight whose square stays finite: two of them overflow the
 * sum of squared weights. */
#define HEAVY 1e154

static xpi_cube *mk_cube(int32_t metric, size_t ndims, const char *const *names)
{
    xpi_cube *c = NULL;
    CHECK_STATUS(xpi_cube_new(&c, metric, ndims, names, NULL), XPI_OK);
    reg_c[n_c++] = c;
    scratch_dirty();
    return c;
}

static void fill_cube(xpi_cube *c, int32_t lo, int32_t hi)
{
    static const char *const region[] = {"north", "south", "east"};
    static const char *const channel[] = {"web", "app"};
    uint32_t x = 12345;
    for (int i = 0; i < 300; i++) {
        x = x * 1103515245u + 12345u;
        const char *v[2] = {region[(x >> 8) % 3], channel[(x >> 12) % 2]};
        int32_t score = lo + (int32_t)((x >> 16) % (uint32_t)(hi - lo + 1));
        CHECK_STATUS(xpi_cube_add(c, T0 + (int64_t)(i % 12) * 86400 + (x >> 20) % 80000, v,
                                  score, 1.0),
                     XPI_OK);
    }
}

static xpi_query *mk_query(void)
{
    xpi_query *q = NULL;
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    reg_q[n_q++] = q;
    scratch_dirty();
    return q;
}

static xpi_table *keep_tb(xpi_table *t)
{
    CHECK(t != NULL);
    reg_tb[n_tb++] = t;
    scratch_dirty();
    return t;
}

static void setup(void)
{
    t_nps = mk_tally(XPI_METRIC_NPS);
    CHECK_STATUS(xpi_tally_add_n(t_nps, 0, 10), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t_nps, 7, 5), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t_nps, 10, 20), XPI_OK);
    t_csat = mk_tally(XPI_METRIC_CSAT);
    CHECK_STATUS(xpi_tally_add_n(t_csat, 1, 3), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t_csat, 5, 9), XPI_OK);
    t_ces = mk_tally(XPI_METRIC_CES);
    CHECK_STATUS(xpi_tally_add_n(t_ces, 2, 4), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t_ces, 6, 7), XPI_OK);
    t_empty = mk_tally(XPI_METRIC_NPS);
    t_ces1 = mk_tally(XPI_METRIC_CES);
    CHECK_STATUS(xpi_tally_add(t_ces1, 5, 1.0), XPI_OK);
    /* 0..10 with other bands: a different scale from NPS's. */
    CHECK_STATUS(xpi_tally_new_scale(&t_custom, 0, 10, 5, 8, XPI_STAT_NET, NULL), XPI_OK);
    keep_t(t_custom);
    CHECK_STATUS(xpi_tally_add_n(t_custom, 3, 4), XPI_OK);
    /* 0..10 with NPS's bands but MEAN as the default statistic. */
    CHECK_STATUS(xpi_tally_new_scale(&t_nps_custom, 0, 10, 6, 9, XPI_STAT_MEAN, NULL), XPI_OK);
    keep_t(t_nps_custom);
    CHECK_STATUS(xpi_tally_add_n(t_nps_custom, 9, 2), XPI_OK);
    t_full = mk_tally(XPI_METRIC_NPS);
    CHECK_STATUS(xpi_tally_add_n(t_full, 10, UINT64_MAX), XPI_OK);
    t_heavy = mk_tally(XPI_METRIC_NPS);
    CHECK_STATUS(xpi_tally_add(t_heavy, 10, HEAVY), XPI_OK);

    c2 = mk_cube(XPI_METRIC_NPS, 2, DIMS2);
    fill_cube(c2, 0, 10);
    query_probe = c2;
    c_empty = mk_cube(XPI_METRIC_NPS, 2, DIMS2);
    c_csat = mk_cube(XPI_METRIC_CSAT, 2, DIMS2);
    fill_cube(c_csat, 1, 5);
    c_hour = mk_cube(XPI_METRIC_NPS, 2, DIMS2);
    CHECK_STATUS(xpi_cube_set_time(c_hour, 3600, 0), XPI_OK);
    c_offset = mk_cube(XPI_METRIC_NPS, 2, DIMS2);
    CHECK_STATUS(xpi_cube_set_time(c_offset, 86400, 3600), XPI_OK);
    static const char *const other[] = {"region", "agent"};
    c_names = mk_cube(XPI_METRIC_NPS, 2, other);
    c_one_dim = mk_cube(XPI_METRIC_NPS, 1, DIMS2);
    c_heavy = mk_cube(XPI_METRIC_NPS, 2, DIMS2);
    {
        const char *v[2] = {"north", "web"};
        CHECK_STATUS(xpi_cube_add(c_heavy, T0, v, 10, HEAVY), XPI_OK);
        /* c_heavy2: a new cell (new values) and the cell c_heavy fills. */
        const char *v2[2] = {"south", "app"};
        c_heavy2 = mk_cube(XPI_METRIC_NPS, 2, DIMS2);
        CHECK_STATUS(xpi_cube_add(c_heavy2, T0 + 86400, v2, 0, 1.0), XPI_OK);
        CHECK_STATUS(xpi_cube_add(c_heavy2, T0, v, 10, HEAVY), XPI_OK);
        /* c_heavy3: two cells, each within range, whose sums overflow. */
        c_heavy3 = mk_cube(XPI_METRIC_NPS, 2, DIMS2);
        CHECK_STATUS(xpi_cube_add(c_heavy3, T0, v, 10, HEAVY), XPI_OK);
        CHECK_STATUS(xpi_cube_add(c_heavy3, T0 + 86400, v2, 0, HEAVY), XPI_OK);
    }

    q_def = mk_query();
    q_unknown = mk_query();
    CHECK_STATUS(xpi_query_set_filter(q_unknown, "nope", "x"), XPI_OK);
    q_none = mk_query();
    CHECK_STATUS(xpi_query_set_time(q_none, 0, 86400), XPI_OK);
    q_tmeth = mk_query();
    CHECK_STATUS(xpi_query_set_param(q_tmeth, XPI_QUERY_METHOD, XPI_CI_T), XPI_OK);
    q_boot = mk_query();
    CHECK_STATUS(xpi_query_set_param(q_boot, XPI_QUERY_METHOD, XPI_CI_BOOTSTRAP), XPI_OK);
    q_huge = mk_query();
    CHECK_STATUS(xpi_query_set_time(q_huge, XPI_TIME_MIN, XPI_TIME_MAX + 1), XPI_OK);

    CHECK_STATUS(xpi_cube_breakdown(c2, 0, NULL, &tb_break), XPI_OK);
    keep_tb(tb_break);
    CHECK_STATUS(xpi_cube_crosstab(c2, 0, 1, NULL, &tb_cross), XPI_OK);
    keep_tb(tb_cross);
    CHECK_STATUS(xpi_cube_series(c2, NULL, XPI_PERIOD_DAY, &tb_series), XPI_OK);
    keep_tb(tb_series);
    CHECK_STATUS(xpi_series_events(tb_series, NULL, NULL, NULL, &tb_events), XPI_OK);
    keep_tb(tb_events);
    CHECK_STATUS(xpi_series_chart(tb_series, XPI_CHART_SHEWHART, NULL, &tb_chart), XPI_OK);
    keep_tb(tb_chart);
    CHECK_STATUS(xpi_series_changes(tb_series, NULL, &tb_changes), XPI_OK);
    keep_tb(tb_changes);
    {
        xpi_query *a = mk_query(), *b = mk_query();
        CHECK_STATUS(xpi_query_set_time(a, T0, T0 + 6 * 86400), XPI_OK);
        CHECK_STATUS(xpi_query_set_time(b, T0 + 6 * 86400, T0 + 12 * 86400), XPI_OK);
        CHECK_STATUS(xpi_cube_decompose(c2, 0, a, b, &tb_decomp), XPI_OK);
        keep_tb(tb_decomp);
    }
}

static void teardown(void)
{
    for (int i = 0; i < n_t; i++)
        xpi_tally_free(reg_t[i]);
    for (int i = 0; i < n_c; i++)
        xpi_cube_free(reg_c[i]);
    for (int i = 0; i < n_q; i++)
        xpi_query_free(reg_q[i]);
    for (int i = 0; i < n_tb; i++)
        xpi_table_free(reg_tb[i]);
    free(hbuf);
}

static const double NANS[] = {NAN, INFINITY, -INFINITY};
#define FOR_NANS(v) for (size_t i_##v = 0; i_##v < 3 && ((v = NANS[i_##v]), 1); i_##v++)

/* ------------------------------------------------------------------ */
/* Version and status codes                                             */
/* ------------------------------------------------------------------ */
static void test_version(void)
{
    NOTE(xpi_version_number, C_NULL, xpi_version_number() == XPI_VERSION_NUMBER, NULL);
    NOTE(xpi_version_string, C_NULL, xpi_version_string() != NULL, NULL);
    static const int codes[] = {1, -11, 100, -1000, INT_MIN, INT_MAX};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
        NOTE(xpi_strerror, C_RANGE, strcmp(xpi_strerror(codes[i]), "unknown status") == 0,
             "\"unknown status\"");
}

/* ------------------------------------------------------------------ */
/* Distributions                                                        */
/* ------------------------------------------------------------------ */
static void test_dist(void)
{
    double v;
    /* NaN in every argument. */
    NANCHK(xpi_norm_cdf, C_NAN, xpi_norm_cdf(NAN));
    NANCHK(xpi_norm_sf, C_NAN, xpi_norm_sf(NAN));
    FOR_NANS(v) NANCHK(xpi_norm_ppf, C_NAN, xpi_norm_ppf(v));
    NOTE(xpi_norm_cdf, C_NAN, xpi_norm_cdf(INFINITY) == 1 && xpi_norm_cdf(-INFINITY) == 0,
         "+-Inf x: the limits 1, 0");
    NOTE(xpi_norm_sf, C_NAN, xpi_norm_sf(INFINITY) == 0 && xpi_norm_sf(-INFINITY) == 1,
         "+-Inf x: the limits 0, 1");
    NANCHK(xpi_t_cdf, C_NAN, xpi_t_cdf(NAN, 5));
    NANCHK(xpi_t_sf, C_NAN, xpi_t_sf(NAN, 5));
    NANCHK(xpi_t_ppf, C_NAN, xpi_t_ppf(NAN, 5));
    NANCHK(xpi_t_cdf, C_NAN, xpi_t_cdf(1, NAN));
    NANCHK(xpi_t_sf, C_NAN, xpi_t_sf(1, NAN));
    NANCHK(xpi_t_ppf, C_NAN, xpi_t_ppf(0.5, NAN));
    NANCHK(xpi_t_cdf, C_NAN, xpi_t_cdf(1, -INFINITY));
    NANCHK(xpi_t_ppf, C_NAN, xpi_t_ppf(INFINITY, 5));
    NANCHK(xpi_t_sf, C_NAN, xpi_t_sf(1, -INFINITY));
    NOTE(xpi_t_cdf, C_NAN, xpi_t_cdf(INFINITY, 5) == 1 && xpi_t_cdf(-INFINITY, 5) == 0 &&
                               xpi_t_cdf(1, INFINITY) == xpi_norm_cdf(1),
         "+-Inf x: the limits; df = Inf: the normal");
    NOTE(xpi_t_sf, C_NAN, xpi_t_sf(INFINITY, 5) == 0 && xpi_t_sf(-INFINITY, 5) == 1,
         "+-Inf x: the limits");
    FOR_NANS(v) {
        NANCHK(xpi_chi2_cdf, C_NAN, xpi_chi2_cdf(1, v));
        NANCHK(xpi_chi2_sf, C_NAN, xpi_chi2_sf(1, v));
        NANCHK(xpi_chi2_ppf, C_NAN, xpi_chi2_ppf(0.5, v));
        NANCHK(xpi_chi2_ppf, C_NAN, xpi_chi2_ppf(v, 3));
        NANCHK(xpi_beta_cdf, C_NAN, xpi_beta_cdf(0.5, v, 2));
        NANCHK(xpi_beta_cdf, C_NAN, xpi_beta_cdf(0.5, 2, v));
        NANCHK(xpi_beta_sf, C_NAN, xpi_beta_sf(0.5, v, 2));
        NANCHK(xpi_beta_sf, C_NAN, xpi_beta_sf(0.5, 2, v));
        NANCHK(xpi_beta_ppf, C_NAN, xpi_beta_ppf(0.5, v, 2));
        NANCHK(xpi_beta_ppf, C_NAN, xpi_beta_ppf(0.5, 2, v));
        NANCHK(xpi_beta_ppf, C_NAN, xpi_beta_ppf(v, 2, 2));
        NANCHK(xpi_gamma_cdf, C_NAN, xpi_gamma_cdf(1, v));
        NANCHK(xpi_gamma_sf, C_NAN, xpi_gamma_sf(1, v));
        NANCHK(xpi_gamma_ppf, C_NAN, xpi_gamma_ppf(0.5, v));
        NANCHK(xpi_gamma_ppf, C_NAN, xpi_gamma_ppf(v, 2));
        NANCHK(xpi_binom_cdf, C_NAN, xpi_binom_cdf(1, v, 0.5));
        NANCHK(xpi_binom_cdf, C_NAN, xpi_binom_cdf(1, 10, v));
        NANCHK(xpi_binom_sf, C_NAN, xpi_binom_sf(1, v, 0.5));
        NANCHK(xpi_binom_sf, C_NAN, xpi_binom_sf(1, 10, v));
        NANCHK(xpi_binom_ppf, C_NAN, xpi_binom_ppf(0.5, v, 0.5));
        NANCHK(xpi_binom_ppf, C_NAN, xpi_binom_ppf(0.5, 10, v));
        NANCHK(xpi_binom_ppf, C_NAN, xpi_binom_ppf(v, 10, 0.5));
    }
    NANCHK(xpi_chi2_cdf, C_NAN, xpi_chi2_cdf(NAN, 3));
    NANCHK(xpi_chi2_sf, C_NAN, xpi_chi2_sf(NAN, 3));
    NANCHK(xpi_beta_cdf, C_NAN, xpi_beta_cdf(NAN, 2, 2));
    NANCHK(xpi_beta_sf, C_NAN, xpi_beta_sf(NAN, 2, 2));
    NANCHK(xpi_gamma_cdf, C_NAN, xpi_gamma_cdf(NAN, 2));
    NANCHK(xpi_gamma_sf, C_NAN, xpi_gamma_sf(NAN, 2));
    NANCHK(xpi_binom_cdf, C_NAN, xpi_binom_cdf(NAN, 10, 0.5));
    NANCHK(xpi_binom_sf, C_NAN, xpi_binom_sf(NAN, 10, 0.5));

    /* Out of range: p outside [0, 1], df, shapes <= 0, n not an integer. */
    static const double badp[] = {-0.5, 1.5, -DBL_MIN, 1 + DBL_EPSILON};
    static const double badshape[] = {0.0, -1.0, -DBL_MAX};
    for (size_t i = 0; i < 4; i++) {
        double p = badp[i];
        NANCHK(xpi_norm_ppf, C_RANGE, xpi_norm_ppf(p));
        NANCHK(xpi_t_ppf, C_RANGE, xpi_t_ppf(p, 5));
        NANCHK(xpi_chi2_ppf, C_RANGE, xpi_chi2_ppf(p, 5));
        NANCHK(xpi_beta_ppf, C_RANGE, xpi_beta_ppf(p, 2, 3));
        NANCHK(xpi_gamma_ppf, C_RANGE, xpi_gamma_ppf(p, 2));
        NANCHK(xpi_binom_ppf, C_RANGE, xpi_binom_ppf(p, 10, 0.5));
        NANCHK(xpi_binom_cdf, C_RANGE, xpi_binom_cdf(3, 10, p));
        NANCHK(xpi_binom_sf, C_RANGE, xpi_binom_sf(3, 10, p));
        NANCHK(xpi_binom_ppf, C_RANGE, xpi_binom_ppf(0.5, 10, p));
    }
    for (size_t i = 0; i < 3; i++) {
        double s = badshape[i];
        NANCHK(xpi_t_cdf, C_RANGE, xpi_t_cdf(1, s));
        NANCHK(xpi_t_sf, C_RANGE, xpi_t_sf(1, s));
        NANCHK(xpi_t_ppf, C_RANGE, xpi_t_ppf(0.3, s));
        NANCHK(xpi_chi2_cdf, C_RANGE, xpi_chi2_cdf(1, s));
        NANCHK(xpi_chi2_sf, C_RANGE, xpi_chi2_sf(1, s));
        NANCHK(xpi_chi2_ppf, C_RANGE, xpi_chi2_ppf(0.3, s));
        NANCHK(xpi_beta_cdf, C_RANGE, xpi_beta_cdf(0.5, s, 1));
        NANCHK(xpi_beta_cdf, C_RANGE, xpi_beta_cdf(0.5, 1, s));
        NANCHK(xpi_beta_sf, C_RANGE, xpi_beta_sf(0.5, s, 1));
        NANCHK(xpi_beta_sf, C_RANGE, xpi_beta_sf(0.5, 1, s));
        NANCHK(xpi_beta_ppf, C_RANGE, xpi_beta_ppf(0.5, s, 1));
        NANCHK(xpi_beta_ppf, C_RANGE, xpi_beta_ppf(0.5, 1, s));
        NANCHK(xpi_gamma_cdf, C_RANGE, xpi_gamma_cdf(1, s));
        NANCHK(xpi_gamma_sf, C_RANGE, xpi_gamma_sf(1, s));
        NANCHK(xpi_gamma_ppf, C_RANGE, xpi_gamma_ppf(0.5, s));
        if (s < 0) { /* n = 0 is a valid binomial */
            NANCHK(xpi_binom_cdf, C_RANGE, xpi_binom_cdf(1, s, 0.5));
            NANCHK(xpi_binom_sf, C_RANGE, xpi_binom_sf(1, s, 0.5));
            NANCHK(xpi_binom_ppf, C_RANGE, xpi_binom_ppf(0.5, s, 0.5));
        }
    }
    NANCHK(xpi_binom_cdf, C_RANGE, xpi_binom_cdf(1, 10.5, 0.5));
    NANCHK(xpi_binom_sf, C_RANGE, xpi_binom_sf(1, 10.5, 0.5));
    NANCHK(xpi_binom_ppf, C_RANGE, xpi_binom_ppf(0.5, 10.5, 0.5));

    /* Huge: n at 2^53 and beyond, the largest double as n. */
    static const double hugen[] = {9007199254740992.0, 1e300, DBL_MAX};
    for (size_t i = 0; i < 3; i++) {
        NANCHK(xpi_binom_cdf, C_HUGE, xpi_binom_cdf(1, hugen[i], 0.5));
        NANCHK(xpi_binom_sf, C_HUGE, xpi_binom_sf(1, hugen[i], 0.5));
        NANCHK(xpi_binom_ppf, C_HUGE, xpi_binom_ppf(0.5, hugen[i], 0.5));
    }
}

/* ------------------------------------------------------------------ */
/* Tally                                                                */
/* ------------------------------------------------------------------ */
static void test_tally(void)
{
    xpi_allocator no_alloc = {NULL, NULL, bad_free_fn, NULL};
    xpi_allocator no_free = {bad_alloc_fn, NULL, NULL, NULL};
    double v;

    /* xpi_tally_new */
    BAD(xpi_tally_new, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_new(NULL, XPI_METRIC_NPS, NULL));
    BAD(xpi_tally_new, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_new(&O.tally, XPI_METRIC_NPS, &no_alloc));
    BAD(xpi_tally_new, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_new(&O.tally, XPI_METRIC_NPS, &no_free));
    static const int32_t badmetric[] = {XPI_METRIC_CUSTOM, 4, -1, INT32_MIN, INT32_MAX};
    for (size_t i = 0; i < 5; i++)
        BAD(xpi_tally_new, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_new(&O.tally, badmetric[i], NULL));

    /* xpi_tally_new_scale: min <= low_max < high_min <= max, width, default_stat */
    static const int32_t badscale[][5] = {
        {5, 4, 4, 5, XPI_STAT_NET},       /* min > max */
        {0, 10, 6, 6, XPI_STAT_NET},      /* low_max == high_min */
        {0, 10, 8, 6, XPI_STAT_NET},      /* low_max > high_min */
        {0, 10, -1, 9, XPI_STAT_NET},     /* low_max < min */
        {0, 10, 6, 11, XPI_STAT_NET},     /* high_min > max */
        {0, 10, 6, 9, XPI_STAT_DEFAULT},  /* default_stat must be explicit */
        {0, 10, 6, 9, 5},                 /* unknown statistic */
        {0, 10, 6, 9, -1},
        {0, 0, 0, 0, XPI_STAT_NET},       /* a single point has no two bands */
    };
    for (size_t i = 0; i < sizeof badscale / sizeof badscale[0]; i++)
        BAD(xpi_tally_new_scale, C_RANGE, XPI_ERR_INVALID_ARG,
            xpi_tally_new_scale(&O.tally, badscale[i][0], badscale[i][1], badscale[i][2],
                                badscale[i][3], badscale[i][4], NULL));
    BAD(xpi_tally_new_scale, C_NULL, XPI_ERR_INVALID_ARG,
        xpi_tally_new_scale(NULL, 0, 10, 6, 9, XPI_STAT_NET, NULL));
    BAD(xpi_tally_new_scale, C_NULL, XPI_ERR_INVALID_ARG,
        xpi_tally_new_scale(&O.tally, 0, 10, 6, 9, XPI_STAT_NET, &no_alloc));
    /* Huge: one point over XPI_SCALE_MAX_POINTS, and the whole int32 range
     * (whose width overflows int32). */
    BAD(xpi_tally_new_scale, C_HUGE, XPI_ERR_INVALID_ARG,
        xpi_tally_new_scale(&O.tally, 0, XPI_SCALE_MAX_POINTS, 1, 2, XPI_STAT_NET, NULL));
    BAD(xpi_tally_new_scale, C_HUGE, XPI_ERR_INVALID_ARG,
        xpi_tally_new_scale(&O.tally, INT32_MIN, INT32_MAX, 0, 1, XPI_STAT_NET, NULL));
    BAD(xpi_tally_new_scale, C_HUGE, XPI_ERR_INVALID_ARG,
        xpi_tally_new_scale(&O.tally, -1, INT32_MAX, 0, 1, XPI_STAT_MEAN, NULL));

    /* xpi_tally_free */
    xpi_tally_free(NULL);
    NOTE(xpi_tally_free, C_NULL, 1, "no-op");

    /* xpi_tally_clone */
    BAD(xpi_tally_clone, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_clone(NULL, t_nps));
    BAD(xpi_tally_clone, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_clone(&O.tally, NULL));
    {
        xpi_tally *copy = NULL;
        BAD(xpi_tally_clone, C_EMPTY, XPI_OK, xpi_tally_clone(&copy, t_empty));
        uint64_t n = 1;
        CHECK(copy && xpi_tally_total(copy, &n) == XPI_OK && n == 0);
        xpi_tally_free(copy);
        BAD(xpi_tally_clone, C_HUGE, XPI_OK, xpi_tally_clone(&copy, t_full));
        CHECK(copy && xpi_tally_total(copy, &n) == XPI_OK && n == UINT64_MAX);
        xpi_tally_free(copy);
    }

    /* xpi_tally_reset */
    BAD(xpi_tally_reset, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_reset(NULL));
    BAD(xpi_tally_reset, C_EMPTY, XPI_OK, xpi_tally_reset(t_empty));

    /* xpi_tally_add */
    BAD(xpi_tally_add, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_add(NULL, 5, 1.0));
    FOR_NANS(v) BAD(xpi_tally_add, C_NAN, XPI_ERR_INVALID_ARG, xpi_tally_add(t_nps, 5, v));
    static const int32_t badscore[] = {-1, 11, INT32_MIN, INT32_MAX};
    for (size_t i = 0; i < 4; i++)
        BAD(xpi_tally_add, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_tally_add(t_nps, badscore[i], 1.0));
    static const double badw[] = {0.0, -1.0, -0.0, 1e-151, -DBL_MAX};
    for (size_t i = 0; i < 5; i++)
        BAD(xpi_tally_add, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_add(t_nps, 5, badw[i]));
    BAD(xpi_tally_add, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_tally_add(t_csat, 0, 1.0));
    BAD(xpi_tally_add, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_tally_add(t_csat, 6, 1.0));
    BAD(xpi_tally_add, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_add(t_full, 5, 1.0));
    BAD(xpi_tally_add, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_add(t_heavy, 10, DBL_MAX));
    BAD(xpi_tally_add, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_add(t_heavy, 0, DBL_MAX));
    BAD(xpi_tally_add, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_add(t_heavy, 0, HEAVY));
    BAD(xpi_tally_add, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_add(t_heavy, 10, HEAVY));
    /* The squared weights overflow first: 1e200^2 > DBL_MAX. */
    BAD(xpi_tally_add, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_add(t_nps, 5, 1e200));

    /* xpi_tally_add_n */
    BAD(xpi_tally_add_n, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_add_n(NULL, 5, 1));
    for (size_t i = 0; i < 4; i++) {
        BAD(xpi_tally_add_n, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_tally_add_n(t_nps, badscore[i], 1));
        BAD(xpi_tally_add_n, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_tally_add_n(t_nps, badscore[i], 0));
    }
    BAD(xpi_tally_add_n, C_EMPTY, XPI_OK, xpi_tally_add_n(t_nps, 5, 0));
    BAD(xpi_tally_add_n, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_add_n(t_nps, 5, UINT64_MAX));
    BAD(xpi_tally_add_n, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_add_n(t_full, 10, 1));
    BAD(xpi_tally_add_n, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_add_n(t_full, 0, UINT64_MAX));

    /* xpi_tally_add_array (atomic) */
    {
        int32_t s[4] = {0, 7, 10, 9};
        double w[4] = {1, 2, 3, 4};
        BAD(xpi_tally_add_array, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_add_array(NULL, s, w, 4));
        BAD(xpi_tally_add_array, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_add_array(t_nps, NULL, w, 4));
        BAD(xpi_tally_add_array, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_add_array(t_nps, NULL, NULL, 1));
        BAD(xpi_tally_add_array, C_EMPTY, XPI_OK, xpi_tally_add_array(t_nps, NULL, NULL, 0));
        BAD(xpi_tally_add_array, C_EMPTY, XPI_OK, xpi_tally_add_array(t_nps, s, w, 0));
        for (int at = 0; at < 4; at++) {
            FOR_NANS(v) {
                double ww[4] = {1, 2, 3, 4};
                ww[at] = v;
                BAD(xpi_tally_add_array, C_NAN, XPI_ERR_INVALID_ARG, xpi_tally_add_array(t_nps, s, ww, 4));
            }
            double wz[4] = {1, 2, 3, 4};
            wz[at] = 0;
            BAD(xpi_tally_add_array, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_add_array(t_nps, s, wz, 4));
            int32_t ss[4] = {0, 7, 10, 9};
            ss[at] = 11;
            BAD(xpi_tally_add_array, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_tally_add_array(t_nps, ss, w, 4));
            BAD(xpi_tally_add_array, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_tally_add_array(t_nps, ss, NULL, 4));
            /* A score out of range is reported before a bad weight. */
            double wn[4] = {NAN, NAN, NAN, NAN};
            BAD(xpi_tally_add_array, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_tally_add_array(t_nps, ss, wn, 4));
        }
        double big[2] = {DBL_MAX, DBL_MAX};
        int32_t s2[2] = {10, 10};
        BAD(xpi_tally_add_array, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_add_array(t_nps, s2, big, 2));
        BAD(xpi_tally_add_array, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_add_array(t_full, s2, NULL, 1));
        BAD(xpi_tally_add_array, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_add_array(t_heavy, s2, big, 1));
    }

    /* xpi_tally_merge */
    BAD(xpi_tally_merge, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_merge(NULL, t_nps));
    BAD(xpi_tally_merge, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_merge(t_nps, NULL));
    BAD(xpi_tally_merge, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_tally_merge(t_nps, t_csat));
    BAD(xpi_tally_merge, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_tally_merge(t_csat, t_ces));
    BAD(xpi_tally_merge, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_tally_merge(t_nps, t_custom));
    BAD(xpi_tally_merge, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_tally_merge(t_nps, t_nps_custom));
    BAD(xpi_tally_merge, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_tally_merge(t_empty, t_csat));
    BAD(xpi_tally_merge, C_EMPTY, XPI_OK, xpi_tally_merge(t_nps, t_empty));
    BAD(xpi_tally_merge, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_merge(t_nps, t_full));
    BAD(xpi_tally_merge, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_merge(t_full, t_nps));
    BAD(xpi_tally_merge, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_merge(t_full, t_full));
    BAD(xpi_tally_merge, C_HUGE, XPI_ERR_OVERFLOW, xpi_tally_merge(t_heavy, t_heavy));

    /* Readers */
    BAD(xpi_tally_count, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_count(NULL, 5, &O.u64[0]));
    BAD(xpi_tally_count, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_count(t_nps, 5, NULL));
    for (size_t i = 0; i < 4; i++) {
        BAD(xpi_tally_count, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_tally_count(t_nps, badscore[i], &O.u64[0]));
        BAD(xpi_tally_weights, C_RANGE, XPI_ERR_SCORE_RANGE,
            xpi_tally_weights(t_nps, badscore[i], &O.d[0], &O.d[1]));
        BAD(xpi_tally_weights, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_tally_weights(t_nps, badscore[i], NULL, NULL));
    }
    BAD(xpi_tally_weights, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_weights(NULL, 5, &O.d[0], &O.d[1]));
    BAD(xpi_tally_total, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_total(NULL, &O.u64[0]));
    BAD(xpi_tally_total, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_total(t_nps, NULL));
    BAD(xpi_tally_weighting, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_weighting(NULL, &O.i32[0], &O.d[0]));
    BAD(xpi_tally_scale, C_NULL, XPI_ERR_INVALID_ARG,
        xpi_tally_scale(NULL, &O.i32[0], &O.i32[1], &O.i32[2], &O.i32[3], &O.i32[4], &O.i32[5]));
    {
        double n_eff = -1;
        int32_t w = -1;
        BAD(xpi_tally_weighting, C_EMPTY, XPI_OK, xpi_tally_weighting(t_empty, &w, &n_eff));
        CHECK(w == 0 && n_eff == 0);
    }

    /* Valid edge cases of the readers: an empty tally, UINT64_MAX
     * responses, a weight whose square is near DBL_MAX. */
    {
        uint64_t c = 1;
        double w = -1, w2 = -1;
        int32_t m = -1;
        size_t len = 0;
        BAD(xpi_tally_count, C_EMPTY, XPI_OK, xpi_tally_count(t_empty, 5, &c));
        CHECK(c == 0);
        BAD(xpi_tally_count, C_HUGE, XPI_OK, xpi_tally_count(t_full, 10, &c));
        CHECK(c == UINT64_MAX);
        BAD(xpi_tally_total, C_EMPTY, XPI_OK, xpi_tally_total(t_empty, &c));
        CHECK(c == 0);
        BAD(xpi_tally_total, C_HUGE, XPI_OK, xpi_tally_total(t_full, &c));
        CHECK(c == UINT64_MAX);
        BAD(xpi_tally_weights, C_EMPTY, XPI_OK, xpi_tally_weights(t_empty, 5, &w, &w2));
        CHECK(w == 0 && w2 == 0);
        BAD(xpi_tally_weights, C_HUGE, XPI_OK, xpi_tally_weights(t_heavy, 10, &w, &w2));
        CHECK(w == HEAVY && isfinite(w2));
        BAD(xpi_tally_scale, C_EMPTY, XPI_OK, xpi_tally_scale(t_empty, &m, NULL, NULL, NULL, NULL, NULL));
        CHECK(m == XPI_METRIC_NPS);
        BAD(xpi_tally_serialize, C_EMPTY, XPI_OK, xpi_tally_serialize(t_empty, NULL, 0, &len));
        /* Round trips of the empty and of the fullest tally. */
        xpi_tally *const rt[2] = {t_empty, t_full};
        for (int i = 0; i < 2; i++) {
            size_t n = 0;
            unsigned char *b = serialize_tally(rt[i], &n);
            xpi_tally *back = NULL;
            BAD(xpi_tally_deserialize, i ? C_HUGE : C_EMPTY, XPI_OK, xpi_tally_deserialize(&back, b, n, NULL));
            CHECK(back != NULL);
            uint64_t total = 0;
            CHECK(back && xpi_tally_total(back, &total) == XPI_OK && total == (i ? UINT64_MAX : 0));
            xpi_tally_free(back);
            free(b);
        }
        unsigned char big[1024];
        BAD(xpi_tally_serialize, C_HUGE, XPI_OK, xpi_tally_serialize(t_full, big, SIZE_MAX, &len));
    }

    /* xpi_tally_serialize */
    {
        size_t need = 0, len = 0;
        CHECK_STATUS(xpi_tally_serialize(t_nps, NULL, 0, &need), XPI_OK);
        BAD(xpi_tally_serialize, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_serialize(NULL, O.buf, sizeof O.buf, &O.sz[0]));
        BAD(xpi_tally_serialize, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_serialize(t_nps, O.buf, sizeof O.buf, NULL));
        BAD(xpi_tally_serialize, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_serialize(t_nps, NULL, 0, NULL));
        static const size_t caps[] = {0, 1, 4, 31, 32};
        for (size_t i = 0; i < 5; i++) {
            len = 12345;
            BADX(xpi_tally_serialize, C_RANGE, XPI_ERR_BUFFER_TOO_SMALL,
                 xpi_tally_serialize(t_nps, O.buf, caps[i], &len));
            CHECK(len == need); /* documented: the bytes needed */
            CHECK(memcmp(&O, O_pattern, sizeof O) == 0); /* nothing written */
        }
        len = 12345;
        BADX(xpi_tally_serialize, C_RANGE, XPI_ERR_BUFFER_TOO_SMALL,
             xpi_tally_serialize(t_nps, O.buf, need - 1, &len));
        CHECK(len == need);
        CHECK(memcmp(&O, O_pattern, sizeof O) == 0);
    }

    /* xpi_tally_deserialize */
    {
        size_t len = 0, clen = 0;
        unsigned char *good = serialize_tally(t_nps, &len);
        unsigned char *cube = serialize_cube(c2, &clen);
        unsigned char *b = malloc(len + 64);
        BAD(xpi_tally_deserialize, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_deserialize(NULL, good, len, NULL));
        BAD(xpi_tally_deserialize, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_deserialize(&O.tally, NULL, len, NULL));
        BAD(xpi_tally_deserialize, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_deserialize(&O.tally, good, len, &no_alloc));
        BAD(xpi_tally_deserialize, C_EMPTY, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, good, 0, NULL));
        /* Every truncation. */
        for (size_t n = 1; n < len; n++)
            BADD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, good, n, NULL));
        /* Padded by one byte (exact length required). */
        memcpy(b, good, len);
        b[len] = 0;
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len + 1, NULL));
        /* Every byte flipped, and every bit of the header flipped. */
        for (size_t at = 0; at < len; at++) {
            memcpy(b, good, len);
            b[at] ^= 0xFF;
            /* The version (offset 4..5) is checked before the checksum: a
             * flipped version reads as a newer one. */
            int want = (at == 4 || at == 5) ? XPI_ERR_UNSUPPORTED_VERSION : XPI_ERR_MALFORMED;
            BADD(xpi_tally_deserialize, C_CORRUPT, want, xpi_tally_deserialize(&O.tally, b, len, NULL));
        }
        for (size_t bit = 0; bit < 32 * 8; bit++) {
            memcpy(b, good, len);
            b[bit / 8] ^= (unsigned char)(1u << (bit % 8));
            int want = (bit / 8 == 4 || bit / 8 == 5) ? XPI_ERR_UNSUPPORTED_VERSION : XPI_ERR_MALFORMED;
            if (bit / 8 == 4 && bit % 8 == 0)
                want = XPI_ERR_MALFORMED; /* version 1 -> 0: older, not newer */
            BADD(xpi_tally_deserialize, C_CORRUPT, want, xpi_tally_deserialize(&O.tally, b, len, NULL));
        }
        /* Foreign: a cube's bytes, zeros, text, a tally of another scale
         * claimed with the NPS length. */
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, cube, clen, NULL));
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, cube, len, NULL));
        memset(b, 0, len);
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        memset(b, 'x', len);
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        /* Forged with a valid CRC: a newer version; reserved flags; bad
         * scale; sums that do not match the count; the weighted flag on
         * unweighted points; a weight below XPI_WEIGHT_MIN. */
        memcpy(b, good, len);
        b[4] = 2;
        reseal(b, len);
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_UNSUPPORTED_VERSION, xpi_tally_deserialize(&O.tally, b, len, NULL));
        memcpy(b, good, len);
        b[4] = 0;
        reseal(b, len);
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        memcpy(b, good, len);
        b[6] = 2;
        reseal(b, len);
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        memcpy(b, good, len);
        put_u32(b + 8, 7); /* unknown metric */
        reseal(b, len);
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        memcpy(b, good, len);
        put_u32(b + 20, 9); /* low_max 9 == high_min */
        reseal(b, len);
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        memcpy(b, good, len);
        put_f64(b + 32 + 8, 11.0); /* score 0: count 10, sum of weights 11 */
        reseal(b, len);
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        memcpy(b, good, len);
        put_f64(b + 32 + 8, NAN);
        reseal(b, len);
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        memcpy(b, good, len);
        put_u64(b + 32 + 24, 0); /* score 1: no count... */
        put_f64(b + 32 + 24 + 8, 1.0); /* ...but a weight */
        reseal(b, len);
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        memcpy(b, good, len);
        b[6] = 1; /* weighted */
        put_f64(b + 32 + 8, 1e-160 * 10); /* mean weight below XPI_WEIGHT_MIN */
        put_f64(b + 32 + 16, 1e-320);
        reseal(b, len);
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        memcpy(b, good, len);
        b[6] = 1; /* weighted, Cauchy-Schwarz broken: sum w^2 > (sum w)^2 */
        put_f64(b + 32 + 8, 10.0);
        put_f64(b + 32 + 16, 1000.0);
        reseal(b, len);
        BAD(xpi_tally_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        /* Huge: two points of UINT64_MAX responses (total beyond 64 bits);
         * weight sums beyond DBL_MAX. */
        memcpy(b, good, len);
        for (int p = 0; p < 2; p++) {
            put_u64(b + 32 + 24 * p, UINT64_MAX);
            put_f64(b + 32 + 24 * p + 8, (double)UINT64_MAX);
            put_f64(b + 32 + 24 * p + 16, (double)UINT64_MAX);
        }
        reseal(b, len);
        BAD(xpi_tally_deserialize, C_HUGE, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        memcpy(b, good, len);
        b[6] = 1;
        for (int p = 0; p < 2; p++) {
            put_u64(b + 32 + 24 * p, 1);
            put_f64(b + 32 + 24 * p + 8, DBL_MAX);
            put_f64(b + 32 + 24 * p + 16, INFINITY);
        }
        reseal(b, len);
        BAD(xpi_tally_deserialize, C_HUGE, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        memcpy(b, good, len);
        put_u32(b + 8, XPI_METRIC_CUSTOM); /* a custom scale of INT32_MIN..INT32_MAX */
        put_u32(b + 12, (uint32_t)INT32_MIN);
        put_u32(b + 16, (uint32_t)INT32_MAX);
        reseal(b, len);
        BAD(xpi_tally_deserialize, C_HUGE, XPI_ERR_MALFORMED, xpi_tally_deserialize(&O.tally, b, len, NULL));
        free(b);
        free(good);
        free(cube);
    }
}

/* ------------------------------------------------------------------ */
/* Estimates                                                            */
/* ------------------------------------------------------------------ */
static const double BADCONF[] = {0.0, 1.0, -0.5, 1.5, -DBL_MAX, DBL_MAX};
#define NBADCONF 6

static void test_estimate(void)
{
    double v;
    BAD(xpi_tally_estimate, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_estimate(NULL, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &O.est));
    BAD(xpi_tally_estimate, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_estimate(t_nps, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, NULL));
    FOR_NANS(v) BAD(xpi_tally_estimate, C_NAN, XPI_ERR_INVALID_ARG, xpi_tally_estimate(t_nps, XPI_STAT_NET, XPI_CI_DEFAULT, v, &O.est));
    for (int i = 0; i < NBADCONF; i++)
        for (int32_t m = XPI_CI_DEFAULT; m <= XPI_CI_BAYES; m++)
            BAD(xpi_tally_estimate, C_RANGE, XPI_ERR_INVALID_ARG,
                xpi_tally_estimate(t_nps, XPI_STAT_NET, m == XPI_CI_T ? XPI_CI_WALD : m, BADCONF[i], &O.est));
    static const int32_t badstat[] = {-1, 5, INT32_MAX, INT32_MIN};
    static const int32_t badmeth[] = {-1, 9, INT32_MAX, INT32_MIN};
    for (int i = 0; i < 4; i++) {
        BAD(xpi_tally_estimate, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_estimate(t_nps, badstat[i], XPI_CI_DEFAULT, 0.95, &O.est));
        BAD(xpi_tally_estimate, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_estimate(t_nps, XPI_STAT_NET, badmeth[i], 0.95, &O.est));
    }
    /* A method for another statistic. */
    BAD(xpi_tally_estimate, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_estimate(t_nps, XPI_STAT_NET, XPI_CI_T, 0.95, &O.est));
    BAD(xpi_tally_estimate, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_estimate(t_nps, XPI_STAT_NET, XPI_CI_CLOPPER_PEARSON, 0.95, &O.est));
    BAD(xpi_tally_estimate, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_estimate(t_nps, XPI_STAT_NET, XPI_CI_JEFFREYS, 0.95, &O.est));
    BAD(xpi_tally_estimate, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_estimate(t_csat, XPI_STAT_TOP, XPI_CI_T, 0.95, &O.est));
    BAD(xpi_tally_estimate, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_estimate(t_ces, XPI_STAT_MEAN, XPI_CI_SCORE, 0.95, &O.est));
    BAD(xpi_tally_estimate, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_estimate(t_ces, XPI_STAT_MEAN, XPI_CI_ADJUSTED_WALD, 0.95, &O.est));
    BAD(xpi_tally_estimate, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_estimate(t_ces, XPI_STAT_MEAN, XPI_CI_CLOPPER_PEARSON, 0.95, &O.est));
    /* Empty, and a mean from one response. */
    for (int32_t m = XPI_CI_DEFAULT; m <= XPI_CI_BAYES; m++)
        if (m != XPI_CI_T && m != XPI_CI_CLOPPER_PEARSON && m != XPI_CI_JEFFREYS)
            BAD(xpi_tally_estimate, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_estimate(t_empty, XPI_STAT_NET, m, 0.95, &O.est));
    BAD(xpi_tally_estimate, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_estimate(t_empty, XPI_STAT_TOP, XPI_CI_JEFFREYS, 0.95, &O.est));
    BAD(xpi_tally_estimate, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_estimate(t_ces1, XPI_STAT_MEAN, XPI_CI_T, 0.95, &O.est));
    BAD(xpi_tally_estimate, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_estimate(t_ces1, XPI_STAT_MEAN, XPI_CI_WALD, 0.95, &O.est));
    /* Huge: UINT64_MAX responses and a weight of DBL_MAX estimate fine. */
    {
        xpi_estimate e;
        BAD(xpi_tally_estimate, C_HUGE, XPI_OK, xpi_tally_estimate(t_full, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &e));
        CHECK(e.value == 100 && e.n == (double)UINT64_MAX);
        BAD(xpi_tally_estimate, C_HUGE, XPI_OK, xpi_tally_estimate(t_heavy, XPI_STAT_NET, XPI_CI_WALD, 0.95, &e));
        CHECK(e.value == 100);
    }
}

/* ------------------------------------------------------------------ */
/* Cube and queries                                                     */
/* ------------------------------------------------------------------ */
static char long_value[XPI_VALUE_MAX_BYTES + 2]; /* 256 bytes: one too many */

static void test_cube(void)
{
    xpi_allocator no_alloc = {NULL, NULL, bad_free_fn, NULL};
    double v;
    memset(long_value, 'v', XPI_VALUE_MAX_BYTES + 1);
    long_value[XPI_VALUE_MAX_BYTES + 1] = 0;

    /* xpi_cube_new / xpi_cube_new_scale */
    BAD(xpi_cube_new, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_new(NULL, XPI_METRIC_NPS, 2, DIMS2, NULL));
    BAD(xpi_cube_new, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_new(&O.cube, XPI_METRIC_NPS, 2, NULL, NULL));
    {
        const char *with_null[] = {"region", NULL};
        BAD(xpi_cube_new, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_new(&O.cube, XPI_METRIC_NPS, 2, with_null, NULL));
    }
    BAD(xpi_cube_new, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_new(&O.cube, XPI_METRIC_NPS, 2, DIMS2, &no_alloc));
    static const int32_t badmetric[] = {XPI_METRIC_CUSTOM, 4, -1, INT32_MAX};
    for (int i = 0; i < 4; i++)
        BAD(xpi_cube_new, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_new(&O.cube, badmetric[i], 2, DIMS2, NULL));
    {
        const char *empty_name[] = {"region", ""};
        const char *dup[] = {"region", "region"};
        const char *toolong[] = {"region", long_value};
        BAD(xpi_cube_new, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_cube_new(&O.cube, XPI_METRIC_NPS, 2, empty_name, NULL));
        BAD(xpi_cube_new, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_cube_new(&O.cube, XPI_METRIC_NPS, 2, dup, NULL));
        BAD(xpi_cube_new, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_new(&O.cube, XPI_METRIC_NPS, 2, toolong, NULL));
        const char *many[XPI_CUBE_MAX_DIMS + 1];
        char names[XPI_CUBE_MAX_DIMS + 1][8];
        for (int i = 0; i <= XPI_CUBE_MAX_DIMS; i++) {
            snprintf(names[i], sizeof names[i], "d%d", i);
            many[i] = names[i];
        }
        BAD(xpi_cube_new, C_HUGE, XPI_ERR_INVALID_ARG, xpi_cube_new(&O.cube, XPI_METRIC_NPS, XPI_CUBE_MAX_DIMS + 1, many, NULL));
        BAD(xpi_cube_new, C_HUGE, XPI_ERR_INVALID_ARG, xpi_cube_new(&O.cube, XPI_METRIC_NPS, SIZE_MAX, many, NULL));
        BAD(xpi_cube_new_scale, C_HUGE, XPI_ERR_INVALID_ARG,
            xpi_cube_new_scale(&O.cube, 0, 10, 6, 9, XPI_STAT_NET, SIZE_MAX, many, NULL));
        BAD(xpi_cube_new_scale, C_HUGE, XPI_ERR_INVALID_ARG,
            xpi_cube_new_scale(&O.cube, INT32_MIN, INT32_MAX, 0, 1, XPI_STAT_NET, 2, DIMS2, NULL));
        BAD(xpi_cube_new_scale, C_HUGE, XPI_ERR_INVALID_ARG,
            xpi_cube_new_scale(&O.cube, 0, XPI_SCALE_MAX_POINTS, 1, 2, XPI_STAT_NET, 2, DIMS2, NULL));
        BAD(xpi_cube_new_scale, C_EMPTY, XPI_ERR_INVALID_ARG,
            xpi_cube_new_scale(&O.cube, 0, 10, 6, 9, XPI_STAT_NET, 2, empty_name, NULL));
        BAD(xpi_cube_new_scale, C_MISMATCH, XPI_ERR_INVALID_ARG,
            xpi_cube_new_scale(&O.cube, 0, 10, 6, 9, XPI_STAT_NET, 2, dup, NULL));
    }
    BAD(xpi_cube_new_scale, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_new_scale(NULL, 0, 10, 6, 9, XPI_STAT_NET, 2, DIMS2, NULL));
    BAD(xpi_cube_new_scale, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_new_scale(&O.cube, 0, 10, 6, 9, XPI_STAT_NET, 2, NULL, NULL));
    BAD(xpi_cube_new_scale, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_new_scale(&O.cube, 0, 10, 6, 9, XPI_STAT_NET, 2, DIMS2, &no_alloc));
    BAD(xpi_cube_new_scale, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_new_scale(&O.cube, 10, 0, 6, 9, XPI_STAT_NET, 2, DIMS2, NULL));
    BAD(xpi_cube_new_scale, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_new_scale(&O.cube, 0, 10, 9, 6, XPI_STAT_NET, 2, DIMS2, NULL));
    BAD(xpi_cube_new_scale, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_new_scale(&O.cube, 0, 10, 6, 9, XPI_STAT_DEFAULT, 2, DIMS2, NULL));
    BAD(xpi_cube_new_scale, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_new_scale(&O.cube, 0, 10, 6, 9, 5, 2, DIMS2, NULL));

    xpi_cube_free(NULL);
    NOTE(xpi_cube_free, C_NULL, 1, "no-op");

    /* xpi_cube_set_time */
    BAD(xpi_cube_set_time, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_set_time(NULL, 3600, 0));
    static const int32_t badgrain[] = {0, -1, -86400, 7, 86399, 86401, 2 * 86400};
    for (int i = 0; i < 7; i++)
        BAD(xpi_cube_set_time, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_set_time(c_empty, badgrain[i], 0));
    static const int32_t badoff[] = {14 * 3600 + 1, -14 * 3600 - 1, INT32_MIN};
    for (int i = 0; i < 3; i++)
        BAD(xpi_cube_set_time, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_set_time(c_empty, 3600, badoff[i]));
    BAD(xpi_cube_set_time, C_HUGE, XPI_ERR_INVALID_ARG, xpi_cube_set_time(c_empty, INT32_MAX, 0));
    BAD(xpi_cube_set_time, C_HUGE, XPI_ERR_INVALID_ARG, xpi_cube_set_time(c_empty, 3600, INT32_MAX));
    /* The cube already holds responses. */
    BAD(xpi_cube_set_time, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_cube_set_time(c2, 3600, 0));

    /* xpi_cube_add */
    const char *vals[2] = {"north", "web"};
    BAD(xpi_cube_add, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_add(NULL, T0, vals, 5, 1.0));
    BAD(xpi_cube_add, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_add(c2, T0, NULL, 5, 1.0));
    FOR_NANS(v) BAD(xpi_cube_add, C_NAN, XPI_ERR_INVALID_ARG, xpi_cube_add(c2, T0, vals, 5, v));
    static const int64_t badtime[] = {XPI_TIME_MIN - 1, XPI_TIME_MAX + 1, INT64_MIN, INT64_MAX};
    for (int i = 0; i < 4; i++)
        BAD(xpi_cube_add, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_add(c2, badtime[i], vals, 5, 1.0));
    BAD(xpi_cube_add, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_cube_add(c2, T0, vals, 11, 1.0));
    BAD(xpi_cube_add, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_cube_add(c2, T0, vals, -1, 1.0));
    BAD(xpi_cube_add, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_cube_add(c_csat, T0, vals, 0, 1.0));
    BAD(xpi_cube_add, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_add(c2, T0, vals, 5, 0.0));
    BAD(xpi_cube_add, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_add(c2, T0, vals, 5, -1.0));
    {
        const char *lv[2] = {"north", long_value};
        BAD(xpi_cube_add, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_add(c2, T0, lv, 5, 1.0));
        const char *newv[2] = {"west", long_value}; /* a new value before the bad one */
        BAD(xpi_cube_add, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_add(c2, T0, newv, 5, 1.0));
        const char *newv2[2] = {"west", "web"};
        BAD(xpi_cube_add, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_cube_add(c2, T0, newv2, 12, 1.0));
        BAD(xpi_cube_add, C_NAN, XPI_ERR_INVALID_ARG, xpi_cube_add(c2, T0, newv2, 5, NAN));
        BAD(xpi_cube_add, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_add(c2, XPI_TIME_MAX + 1, newv2, 5, 1.0));
    }
    BAD(xpi_cube_add, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_add(c_heavy, T0, vals, 10, DBL_MAX));
    BAD(xpi_cube_add, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_add(c_heavy, T0, vals, 10, HEAVY));
    {
        BAD(xpi_cube_add, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_add(c_heavy, T0 + 3600, vals, 0, HEAVY));
    }

    /* xpi_cube_intern */
    BAD(xpi_cube_intern, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_intern(NULL, 0, "north", &O.u32));
    BAD(xpi_cube_intern, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_intern(c2, 0, "north", NULL));
    BAD(xpi_cube_intern, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_intern(c2, 0, "brand-new", NULL));
    BAD(xpi_cube_intern, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_intern(c2, 2, "north", &O.u32));
    BAD(xpi_cube_intern, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_intern(c2, SIZE_MAX, "north", &O.u32));
    BAD(xpi_cube_intern, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_intern(c2, 0, long_value, &O.u32));
    BAD(xpi_cube_intern, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_cube_intern(c_one_dim, 1, "x", &O.u32));
    {
        uint32_t id = 99;
        BAD(xpi_cube_intern, C_EMPTY, XPI_OK, xpi_cube_intern(c2, 0, "", &id));
        CHECK(id == XPI_MISSING);
        id = 99;
        BAD(xpi_cube_intern, C_NULL, XPI_OK, xpi_cube_intern(c2, 0, NULL, &id));
        CHECK(id == XPI_MISSING);
    }

    /* xpi_cube_add_ids */
    uint32_t ids[2];
    CHECK_STATUS(xpi_cube_intern(c2, 0, "north", &ids[0]), XPI_OK);
    CHECK_STATUS(xpi_cube_intern(c2, 1, "web", &ids[1]), XPI_OK);
    BAD(xpi_cube_add_ids, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_add_ids(NULL, T0, ids, 5, 1.0));
    BAD(xpi_cube_add_ids, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_add_ids(c2, T0, NULL, 5, 1.0));
    FOR_NANS(v) BAD(xpi_cube_add_ids, C_NAN, XPI_ERR_INVALID_ARG, xpi_cube_add_ids(c2, T0, ids, 5, v));
    for (int i = 0; i < 4; i++)
        BAD(xpi_cube_add_ids, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_add_ids(c2, badtime[i], ids, 5, 1.0));
    BAD(xpi_cube_add_ids, C_RANGE, XPI_ERR_SCORE_RANGE, xpi_cube_add_ids(c2, T0, ids, 11, 1.0));
    BAD(xpi_cube_add_ids, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_add_ids(c2, T0, ids, 5, 0.0));
    {
        uint32_t badids[][2] = {{99, 0}, {0, 99}, {UINT32_MAX, 0}, {4, 0}};
        for (int i = 0; i < 4; i++)
            BAD(xpi_cube_add_ids, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_add_ids(c2, T0, badids[i], 5, 1.0));
        /* ids of another cube: c_empty has issued only XPI_MISSING. */
        BAD(xpi_cube_add_ids, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_cube_add_ids(c_empty, T0, ids, 5, 1.0));
    }
    BAD(xpi_cube_add_ids, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_add_ids(c_heavy, T0, (uint32_t[]){1, 1}, 10, HEAVY));

    /* xpi_cube_add_batch: checked whole first; *added = 0 on rejection. */
    {
        int64_t times[3] = {T0, T0 + 1, T0 + 2};
        const char *bv[6] = {"north", "web", "south", "app", "east", "web"};
        int32_t sc[3] = {1, 5, 10};
        double w[3] = {1, 1, 1};
        size_t added;
#define BATCH(cls, want, ...)                                                       \
        do {                                                                        \
            added = 77;                                                             \
            BADX(xpi_cube_add_batch, cls, want, xpi_cube_add_batch(__VA_ARGS__, &added)); \
            CHECK(added == 0 || (want) == XPI_ERR_OVERFLOW);                         \
            CHECK(memcmp(&O, O_pattern, sizeof O) == 0);                            \
        } while (0)
        BATCH(C_NULL, XPI_ERR_INVALID_ARG, NULL, 3, times, bv, sc, w);
        BATCH(C_NULL, XPI_ERR_INVALID_ARG, c2, 3, NULL, bv, sc, w);
        BATCH(C_NULL, XPI_ERR_INVALID_ARG, c2, 3, times, NULL, sc, w);
        BATCH(C_NULL, XPI_ERR_INVALID_ARG, c2, 3, times, bv, NULL, w);
        /* SIZE_MAX responses with NULL arrays: refused before any read. */
        BATCH(C_HUGE, XPI_ERR_INVALID_ARG, c2, SIZE_MAX, NULL, NULL, NULL, NULL);
        BATCH(C_HUGE, XPI_ERR_INVALID_ARG, c2, SIZE_MAX, times, NULL, sc, NULL);
        BAD(xpi_cube_add_batch, C_EMPTY, XPI_OK, xpi_cube_add_batch(c2, 0, NULL, NULL, NULL, NULL, NULL));
        for (int at = 0; at < 3; at++) {
            double ww[3] = {1, 1, 1};
            FOR_NANS(v) {
                ww[at] = v;
                BATCH(C_NAN, XPI_ERR_INVALID_ARG, c2, 3, times, bv, sc, ww);
            }
            ww[at] = 0;
            BATCH(C_RANGE, XPI_ERR_INVALID_ARG, c2, 3, times, bv, sc, ww);
            int64_t tt[3] = {T0, T0 + 1, T0 + 2};
            tt[at] = XPI_TIME_MAX + 1;
            BATCH(C_RANGE, XPI_ERR_INVALID_ARG, c2, 3, tt, bv, sc, w);
            tt[at] = INT64_MIN;
            BATCH(C_RANGE, XPI_ERR_INVALID_ARG, c2, 3, tt, bv, sc, NULL);
            int32_t ss[3] = {1, 5, 10};
            ss[at] = 11;
            BATCH(C_RANGE, XPI_ERR_SCORE_RANGE, c2, 3, times, bv, ss, w);
            const char *lv[6] = {"north", "web", "zz-new", "app", "east", "web"};
            lv[2 * at + 1] = long_value;
            BATCH(C_RANGE, XPI_ERR_INVALID_ARG, c2, 3, times, lv, sc, w);
        }
        /* Overflow stops at the first response that cannot be added: the
         * cube then holds exactly the first *added (documented). */
        {
            xpi_cube *scratch = NULL;
            CHECK_STATUS(xpi_cube_new(&scratch, XPI_METRIC_NPS, 2, DIMS2, NULL), XPI_OK);
            double big[3] = {1, HEAVY, HEAVY};
            added = 77;
            bad_pre();
            const char *same[6] = {"north", "web", "north", "web", "north", "web"};
            int got = xpi_cube_add_batch(scratch, 3, times, same, sc, big, &added);
            bad_post("xpi_cube_add_batch", C_HUGE, XPI_ERR_OVERFLOW, got, __LINE__,
                     "xpi_cube_add_batch(scratch, 3, ..., {1, HEAVY, HEAVY})", 0);
            uint64_t resp = 0;
            CHECK_STATUS(xpi_cube_stats(scratch, &resp, NULL, NULL), XPI_OK);
            CHECK(added == 2 && resp == 2);
            xpi_cube_free(scratch);
        }
        BATCH(C_HUGE, XPI_ERR_OVERFLOW, c_heavy, 1, times, bv, sc + 2, (double[]){HEAVY});
        CHECK(added == 0);
    }

    /* xpi_cube_add_ids_batch */
    {
        int64_t times[2] = {T0, T0 + 1};
        uint32_t bid[4] = {ids[0], ids[1], 0, 0};
        int32_t sc[2] = {1, 9};
        size_t added;
#define IBATCH(cls, want, ...)                                                      \
        do {                                                                        \
            added = 77;                                                             \
            BADX(xpi_cube_add_ids_batch, cls, want, xpi_cube_add_ids_batch(__VA_ARGS__, &added)); \
            CHECK(added == 0);                                                      \
            CHECK(memcmp(&O, O_pattern, sizeof O) == 0);                            \
        } while (0)
        IBATCH(C_NULL, XPI_ERR_INVALID_ARG, NULL, 2, times, bid, sc, NULL);
        IBATCH(C_NULL, XPI_ERR_INVALID_ARG, c2, 2, NULL, bid, sc, NULL);
        IBATCH(C_NULL, XPI_ERR_INVALID_ARG, c2, 2, times, NULL, sc, NULL);
        IBATCH(C_NULL, XPI_ERR_INVALID_ARG, c2, 2, times, bid, NULL, NULL);
        IBATCH(C_HUGE, XPI_ERR_INVALID_ARG, c2, SIZE_MAX, NULL, NULL, NULL, NULL);
        IBATCH(C_HUGE, XPI_ERR_INVALID_ARG, c2, SIZE_MAX, times, NULL, sc, NULL);
        BAD(xpi_cube_add_ids_batch, C_EMPTY, XPI_OK, xpi_cube_add_ids_batch(c2, 0, NULL, NULL, NULL, NULL, NULL));
        FOR_NANS(v) IBATCH(C_NAN, XPI_ERR_INVALID_ARG, c2, 2, times, bid, sc, ((double[]){1, v}));
        IBATCH(C_RANGE, XPI_ERR_INVALID_ARG, c2, 2, times, bid, sc, ((double[]){1, -1}));
        IBATCH(C_RANGE, XPI_ERR_INVALID_ARG, c2, 2, ((int64_t[]){T0, XPI_TIME_MIN - 1}), bid, sc, NULL);
        IBATCH(C_RANGE, XPI_ERR_SCORE_RANGE, c2, 2, times, bid, ((int32_t[]){1, 11}), NULL);
        IBATCH(C_RANGE, XPI_ERR_INVALID_ARG, c2, 2, times, ((uint32_t[]){0, 0, 0, 999}), sc, NULL);
        IBATCH(C_RANGE, XPI_ERR_INVALID_ARG, c2, 2, times, ((uint32_t[]){0, 0, UINT32_MAX, 0}), sc, NULL);
        IBATCH(C_MISMATCH, XPI_ERR_INVALID_ARG, c_empty, 2, times, bid, sc, NULL);
    }

    /* xpi_cube_merge */
    BAD(xpi_cube_merge, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_merge(NULL, c2));
    BAD(xpi_cube_merge, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_merge(c2, NULL));
    BAD(xpi_cube_merge, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_cube_merge(c2, c_csat));
    BAD(xpi_cube_merge, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_cube_merge(c_csat, c2));
    BAD(xpi_cube_merge, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_cube_merge(c2, c_hour));
    BAD(xpi_cube_merge, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_cube_merge(c_hour, c2));
    BAD(xpi_cube_merge, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_cube_merge(c2, c_offset));
    BAD(xpi_cube_merge, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_cube_merge(c2, c_names));
    BAD(xpi_cube_merge, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_cube_merge(c2, c_one_dim));
    BAD(xpi_cube_merge, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_cube_merge(c_empty, c_csat));
    BAD(xpi_cube_merge, C_EMPTY, XPI_OK, xpi_cube_merge(c2, c_empty));
    BAD(xpi_cube_merge, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_merge(c_heavy, c_heavy));
    /* Values new to dst ("south", "app") must not stay interned in dst
     * when the merge fails. */
    BAD(xpi_cube_merge, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_merge(c_heavy, c_heavy2));
    BAD(xpi_cube_merge, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_merge(c_heavy2, c_heavy));

    /* xpi_cube_serialize */
    {
        size_t need = 0, len;
        CHECK_STATUS(xpi_cube_serialize(c2, NULL, 0, &need), XPI_OK);
        BAD(xpi_cube_serialize, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_serialize(NULL, O.buf, sizeof O.buf, &O.sz[0]));
        BAD(xpi_cube_serialize, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_serialize(c2, O.buf, sizeof O.buf, NULL));
        static const size_t caps[] = {0, 1, 47, 48};
        for (int i = 0; i < 4; i++) {
            len = 1;
            BADX(xpi_cube_serialize, C_RANGE, XPI_ERR_BUFFER_TOO_SMALL, xpi_cube_serialize(c2, O.buf, caps[i], &len));
            CHECK(len == need);
            CHECK(memcmp(&O, O_pattern, sizeof O) == 0);
        }
        len = 1;
        if (need - 1 <= sizeof O.buf) {
            BADX(xpi_cube_serialize, C_RANGE, XPI_ERR_BUFFER_TOO_SMALL, xpi_cube_serialize(c2, O.buf, need - 1, &len));
            CHECK(len == need);
            CHECK(memcmp(&O, O_pattern, sizeof O) == 0);
        }
    }

    /* xpi_cube_deserialize */
    {
        size_t len = 0, tlen = 0;
        unsigned char *good = serialize_cube(c2, &len);
        unsigned char *tal = serialize_tally(t_nps, &tlen);
        unsigned char *b = malloc(len + 64);
        BAD(xpi_cube_deserialize, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_deserialize(NULL, good, len, NULL));
        BAD(xpi_cube_deserialize, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_deserialize(&O.cube, NULL, len, NULL));
        BAD(xpi_cube_deserialize, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_deserialize(&O.cube, good, len, &no_alloc));
        BAD(xpi_cube_deserialize, C_EMPTY, XPI_ERR_MALFORMED, xpi_cube_deserialize(&O.cube, good, 0, NULL));
        for (size_t n = 1; n < len; n++)
            BADD(xpi_cube_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_cube_deserialize(&O.cube, good, n, NULL));
        memcpy(b, good, len);
        b[len] = 0;
        BAD(xpi_cube_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_cube_deserialize(&O.cube, b, len + 1, NULL));
        for (size_t at = 0; at < len; at++) {
            memcpy(b, good, len);
            b[at] ^= 0xFF;
            int want = (at == 4 || at == 5) ? XPI_ERR_UNSUPPORTED_VERSION : XPI_ERR_MALFORMED;
            BADD(xpi_cube_deserialize, C_CORRUPT, want, xpi_cube_deserialize(&O.cube, b, len, NULL));
        }
        BAD(xpi_cube_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_cube_deserialize(&O.cube, tal, tlen, NULL));
        memset(b, 0, len);
        BAD(xpi_cube_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_cube_deserialize(&O.cube, b, len, NULL));
        /* Forged with a valid CRC. */
        memcpy(b, good, len);
        b[4] = 2;
        reseal(b, len);
        BAD(xpi_cube_deserialize, C_CORRUPT, XPI_ERR_UNSUPPORTED_VERSION, xpi_cube_deserialize(&O.cube, b, len, NULL));
        memcpy(b, good, len);
        b[6] = 1; /* reserved flags */
        reseal(b, len);
        BAD(xpi_cube_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_cube_deserialize(&O.cube, b, len, NULL));
        memcpy(b, good, len);
        put_u32(b + 32, 7); /* grain */
        reseal(b, len);
        BAD(xpi_cube_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_cube_deserialize(&O.cube, b, len, NULL));
        memcpy(b, good, len);
        put_u32(b + 44, 0); /* no cells: the buffer is not filled exactly */
        reseal(b, len);
        BAD(xpi_cube_deserialize, C_CORRUPT, XPI_ERR_MALFORMED, xpi_cube_deserialize(&O.cube, b, len, NULL));
        /* Huge counts in the header. */
        memcpy(b, good, len);
        put_u32(b + 40, UINT32_MAX); /* dimensions */
        reseal(b, len);
        BAD(xpi_cube_deserialize, C_HUGE, XPI_ERR_MALFORMED, xpi_cube_deserialize(&O.cube, b, len, NULL));
        memcpy(b, good, len);
        put_u32(b + 44, UINT32_MAX); /* cells */
        reseal(b, len);
        BAD(xpi_cube_deserialize, C_HUGE, XPI_ERR_MALFORMED, xpi_cube_deserialize(&O.cube, b, len, NULL));
        memcpy(b, good, len);
        put_u32(b + 40, XPI_CUBE_MAX_DIMS + 1);
        reseal(b, len);
        BAD(xpi_cube_deserialize, C_HUGE, XPI_ERR_MALFORMED, xpi_cube_deserialize(&O.cube, b, len, NULL));
        {
            /* The first dimension's value count (after its u16 name length
             * and name) set to UINT32_MAX. */
            size_t at = 48 + 2 + strlen("region");
            memcpy(b, good, len);
            put_u32(b + at, UINT32_MAX);
            reseal(b, len);
            BAD(xpi_cube_deserialize, C_HUGE, XPI_ERR_MALFORMED, xpi_cube_deserialize(&O.cube, b, len, NULL));
            /* Name length 0xFFFF. */
            memcpy(b, good, len);
            b[48] = 0xFF;
            b[49] = 0xFF;
            reseal(b, len);
            BAD(xpi_cube_deserialize, C_HUGE, XPI_ERR_MALFORMED, xpi_cube_deserialize(&O.cube, b, len, NULL));
        }
        free(b);
        free(good);
        free(tal);
    }

    /* Readers */
    BAD(xpi_cube_dims, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_dims(NULL, &O.sz[0]));
    BAD(xpi_cube_dims, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_dims(c2, NULL));
    BAD(xpi_cube_scale, C_NULL, XPI_ERR_INVALID_ARG,
        xpi_cube_scale(NULL, &O.i32[0], &O.i32[1], &O.i32[2], &O.i32[3], &O.i32[4], &O.i32[5]));
    BAD(xpi_cube_time, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_time(NULL, &O.i32[0], &O.i32[1]));
    BAD(xpi_cube_dim_name, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_dim_name(NULL, 0, &O.str));
    BAD(xpi_cube_dim_name, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_dim_name(c2, 0, NULL));
    BAD(xpi_cube_value_count, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_value_count(NULL, 0, &O.u32));
    BAD(xpi_cube_value_count, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_value_count(c2, 0, NULL));
    BAD(xpi_cube_value, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_value(NULL, 0, 0, &O.str));
    BAD(xpi_cube_value, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_value(c2, 0, 0, NULL));
    static const size_t baddim[] = {2, 3, SIZE_MAX};
    for (int i = 0; i < 3; i++) {
        BAD(xpi_cube_dim_name, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_dim_name(c2, baddim[i], &O.str));
        BAD(xpi_cube_value_count, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_value_count(c2, baddim[i], &O.u32));
        BAD(xpi_cube_value, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_value(c2, baddim[i], 0, &O.str));
    }
    {
        uint32_t count = 0;
        CHECK_STATUS(xpi_cube_value_count(c2, 0, &count), XPI_OK);
        BAD(xpi_cube_value, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_value(c2, 0, count, &O.str));
        BAD(xpi_cube_value, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_value(c2, 0, UINT32_MAX, &O.str));
        BAD(xpi_cube_value, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_cube_value(c_empty, 0, 1, &O.str));
        const char *s = NULL;
        BAD(xpi_cube_value, C_EMPTY, XPI_OK, xpi_cube_value(c_empty, 0, XPI_MISSING, &s));
        CHECK(s && s[0] == 0);
        /* A cube without dimensions: every dimension index is out of range. */
        xpi_cube *c0 = mk_cube(XPI_METRIC_NPS, 0, NULL);
        BAD(xpi_cube_dim_name, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_cube_dim_name(c0, 0, &O.str));
        BAD(xpi_cube_value_count, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_cube_value_count(c0, 0, &O.u32));
        BAD(xpi_cube_value, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_cube_value(c0, 0, 0, &O.str));
        BAD(xpi_cube_intern, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_cube_intern(c0, 0, "x", &O.u32));
    }

    /* Queries */
    BAD(xpi_query_new, C_NULL, XPI_ERR_INVALID_ARG, xpi_query_new(NULL, NULL));
    BAD(xpi_query_new, C_NULL, XPI_ERR_INVALID_ARG, xpi_query_new(&O.query, &no_alloc));
    xpi_query_free(NULL);
    NOTE(xpi_query_free, C_NULL, 1, "no-op");
    BAD(xpi_query_reset, C_NULL, XPI_ERR_INVALID_ARG, xpi_query_reset(NULL));
    BAD(xpi_query_set_time, C_NULL, XPI_ERR_INVALID_ARG, xpi_query_set_time(NULL, T0, T0 + 1));
    {
        static const int64_t badrange[][2] = {
            {T0, T0}, {T0 + 1, T0}, {XPI_TIME_MIN - 1, T0}, {T0, XPI_TIME_MAX + 2},
            {INT64_MIN, T0}, {T0, INT64_MAX}, {INT64_MAX, INT64_MIN},
        };
        for (int i = 0; i < 7; i++)
            BAD(xpi_query_set_time, C_RANGE, XPI_ERR_INVALID_ARG, xpi_query_set_time(q_def, badrange[i][0], badrange[i][1]));
        BAD(xpi_query_set_time, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_query_set_time(q_def, T0, T0));
    }
    BAD(xpi_query_set_filter, C_NULL, XPI_ERR_INVALID_ARG, xpi_query_set_filter(NULL, "region", "north"));
    BAD(xpi_query_set_filter, C_NULL, XPI_ERR_INVALID_ARG, xpi_query_set_filter(q_def, NULL, "north"));
    BAD(xpi_query_set_filter, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_query_set_filter(q_def, "", "north"));
    BAD(xpi_query_set_filter, C_RANGE, XPI_ERR_INVALID_ARG, xpi_query_set_filter(q_def, long_value, "north"));
    BAD(xpi_query_set_filter, C_RANGE, XPI_ERR_INVALID_ARG, xpi_query_set_filter(q_def, "region", long_value));
    {
        xpi_query *full = mk_query();
        for (int i = 0; i < XPI_CUBE_MAX_DIMS; i++) {
            char name[8];
            snprintf(name, sizeof name, "d%d", i);
            CHECK_STATUS(xpi_query_set_filter(full, name, "x"), XPI_OK);
        }
        BAD(xpi_query_set_filter, C_HUGE, XPI_ERR_INVALID_ARG, xpi_query_set_filter(full, "one-more", "x"));
        BAD(xpi_query_set_filter, C_HUGE, XPI_OK, xpi_query_set_filter(full, "d3", "x")); /* replaces */
    }
    BAD(xpi_query_clear_filter, C_NULL, XPI_ERR_INVALID_ARG, xpi_query_clear_filter(NULL, "region"));
    BAD(xpi_query_clear_filter, C_NULL, XPI_ERR_INVALID_ARG, xpi_query_clear_filter(q_def, NULL));
    BAD(xpi_query_clear_filter, C_EMPTY, XPI_OK, xpi_query_clear_filter(q_def, "never-set"));

    /* xpi_query_set_param: NaN/Inf for every key, out-of-range values. */
    BAD(xpi_query_set_param, C_NULL, XPI_ERR_INVALID_ARG, xpi_query_set_param(NULL, XPI_QUERY_STAT, 1));
    for (int32_t k = 1; k <= 14; k++)
        FOR_NANS(v) BAD(xpi_query_set_param, C_NAN, XPI_ERR_INVALID_ARG, xpi_query_set_param(q_def, k, v));
    static const int32_t badkey[] = {0, 15, -1, INT32_MAX, INT32_MIN};
    for (int i = 0; i < 5; i++) {
        BAD(xpi_query_set_param, C_RANGE, XPI_ERR_INVALID_ARG, xpi_query_set_param(q_def, badkey[i], 1));
        BAD(xpi_query_get_param, C_RANGE, XPI_ERR_INVALID_ARG, xpi_query_get_param(q_def, badkey[i], &O.d[0]));
    }
    static const struct { int32_t key; double value; } badparam[] = {
        {XPI_QUERY_STAT, -1}, {XPI_QUERY_STAT, 5}, {XPI_QUERY_STAT, 1.5},
        {XPI_QUERY_METHOD, -1}, {XPI_QUERY_METHOD, 9}, {XPI_QUERY_METHOD, 0.5},
        {XPI_QUERY_CONFIDENCE, 0}, {XPI_QUERY_CONFIDENCE, 1}, {XPI_QUERY_CONFIDENCE, -0.5},
        {XPI_QUERY_ADJUST, -1}, {XPI_QUERY_ADJUST, 6}, {XPI_QUERY_ADJUST, 2.5},
        {XPI_QUERY_MIN_N, -1},
        {XPI_QUERY_WINDOW, 0}, {XPI_QUERY_WINDOW, -1}, {XPI_QUERY_WINDOW, 2.5},
        {XPI_QUERY_SIGMA, 0}, {XPI_QUERY_SIGMA, -1},
        {XPI_QUERY_LAMBDA, 0}, {XPI_QUERY_LAMBDA, 1.5}, {XPI_QUERY_LAMBDA, -0.1},
        {XPI_QUERY_CUSUM_K, -0.5},
        {XPI_QUERY_CUSUM_H, 0}, {XPI_QUERY_CUSUM_H, -1},
        {XPI_QUERY_BASELINE, -1}, {XPI_QUERY_BASELINE, 1.5},
        {XPI_QUERY_MIN_SEGMENT, 0}, {XPI_QUERY_MIN_SEGMENT, -1}, {XPI_QUERY_MIN_SEGMENT, 1.5},
        {XPI_QUERY_FALSE_ALARM, 0}, {XPI_QUERY_FALSE_ALARM, 0.005}, {XPI_QUERY_FALSE_ALARM, 0.11},
        {XPI_QUERY_FALSE_ALARM, 1},
        {XPI_QUERY_PENALTY, -1},
    };
    for (size_t i = 0; i < sizeof badparam / sizeof badparam[0]; i++)
        BAD(xpi_query_set_param, C_RANGE, XPI_ERR_INVALID_ARG, xpi_query_set_param(q_def, badparam[i].key, badparam[i].value));
    static const int32_t intkeys[] = {XPI_QUERY_STAT, XPI_QUERY_METHOD, XPI_QUERY_ADJUST,
                                      XPI_QUERY_WINDOW, XPI_QUERY_BASELINE, XPI_QUERY_MIN_SEGMENT};
    {
        /* MIN_N has no upper bound: any finite size is valid. */
        xpi_query *scratch = NULL;
        CHECK_STATUS(xpi_query_new(&scratch, NULL), XPI_OK);
        BAD(xpi_query_set_param, C_HUGE, XPI_OK, xpi_query_set_param(scratch, XPI_QUERY_MIN_N, DBL_MAX));
        xpi_query_free(scratch);
    }
    for (size_t i = 0; i < sizeof intkeys / sizeof intkeys[0]; i++) {
        BAD(xpi_query_set_param, C_HUGE, XPI_ERR_INVALID_ARG, xpi_query_set_param(q_def, intkeys[i], DBL_MAX));
        BAD(xpi_query_set_param, C_HUGE, XPI_ERR_INVALID_ARG, xpi_query_set_param(q_def, intkeys[i], -DBL_MAX));
        BAD(xpi_query_set_param, C_HUGE, XPI_ERR_INVALID_ARG, xpi_query_set_param(q_def, intkeys[i], 1e19));
    }
    BAD(xpi_query_get_param, C_NULL, XPI_ERR_INVALID_ARG, xpi_query_get_param(NULL, XPI_QUERY_STAT, &O.d[0]));
    BAD(xpi_query_get_param, C_NULL, XPI_ERR_INVALID_ARG, xpi_query_get_param(q_def, XPI_QUERY_STAT, NULL));

    /* xpi_cube_tally */
    BAD(xpi_cube_tally, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_tally(NULL, q_def, &O.tally));
    BAD(xpi_cube_tally, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_tally(c2, q_def, NULL));
    BAD(xpi_cube_tally, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_cube_tally(c2, q_unknown, &O.tally));
    BAD(xpi_cube_tally, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_cube_tally(c_empty, q_unknown, &O.tally));
    {
        xpi_tally *t = NULL;
        uint64_t n = 1;
        BAD(xpi_cube_tally, C_EMPTY, XPI_OK, xpi_cube_tally(c_empty, NULL, &t));
        CHECK(t && xpi_tally_total(t, &n) == XPI_OK && n == 0);
        xpi_tally_free(t);
        t = NULL;
        BAD(xpi_cube_tally, C_EMPTY, XPI_OK, xpi_cube_tally(c2, q_none, &t));
        CHECK(t && xpi_tally_total(t, &n) == XPI_OK && n == 0);
        xpi_tally_free(t);
    }

    BAD(xpi_cube_tally, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_tally(c_heavy3, NULL, &O.tally));

    /* xpi_cube_stats */
    BAD(xpi_cube_stats, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_stats(NULL, &O.u64[0], &O.u64[1], &O.u64[2]));
    {
        uint64_t r = 1, cl = 1;
        BAD(xpi_cube_stats, C_EMPTY, XPI_OK, xpi_cube_stats(c_empty, &r, &cl, NULL));
        CHECK(r == 0 && cl == 0);
    }
}

/* ------------------------------------------------------------------ */
/* Segments, series and tables                                          */
/* ------------------------------------------------------------------ */
static void test_tables(void)
{
    static const size_t baddim[] = {2, 3, SIZE_MAX};

    /* xpi_cube_breakdown */
    BAD(xpi_cube_breakdown, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_breakdown(NULL, 0, q_def, &O.table));
    BAD(xpi_cube_breakdown, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_breakdown(c2, 0, q_def, NULL));
    for (int i = 0; i < 3; i++)
        BAD(xpi_cube_breakdown, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_breakdown(c2, baddim[i], q_def, &O.table));
    BAD(xpi_cube_breakdown, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_cube_breakdown(c2, 0, q_unknown, &O.table));
    BAD(xpi_cube_breakdown, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_cube_breakdown(c2, 0, q_tmeth, &O.table));
    BAD(xpi_cube_breakdown, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_cube_breakdown(c2, 0, q_boot, &O.table));
    BAD(xpi_cube_breakdown, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_cube_breakdown(c_empty, 0, q_def, &O.table));
    BAD(xpi_cube_breakdown, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_cube_breakdown(c2, 0, q_none, &O.table));
    BAD(xpi_cube_breakdown, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_breakdown(c_heavy3, 0, NULL, &O.table));
    BAD(xpi_cube_crosstab, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_crosstab(c_heavy3, 0, 1, NULL, &O.table));
    BAD(xpi_cube_decompose, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_decompose(c_heavy3, 0, NULL, NULL, &O.table));
    BAD(xpi_cube_series, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_series(c_heavy3, NULL, XPI_PERIOD_DAY, &O.table));
    BAD(xpi_cube_series, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_series(c_heavy3, NULL, XPI_PERIOD_MONTH, &O.table));

    /* xpi_cube_crosstab */
    BAD(xpi_cube_crosstab, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_crosstab(NULL, 0, 1, q_def, &O.table));
    BAD(xpi_cube_crosstab, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_crosstab(c2, 0, 1, q_def, NULL));
    for (int i = 0; i < 3; i++) {
        BAD(xpi_cube_crosstab, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_crosstab(c2, baddim[i], 1, q_def, &O.table));
        BAD(xpi_cube_crosstab, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_crosstab(c2, 0, baddim[i], q_def, &O.table));
    }
    BAD(xpi_cube_crosstab, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_crosstab(c2, 1, 1, q_def, &O.table));
    BAD(xpi_cube_crosstab, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_cube_crosstab(c2, 0, 1, q_unknown, &O.table));
    BAD(xpi_cube_crosstab, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_cube_crosstab(c2, 0, 1, q_tmeth, &O.table));
    BAD(xpi_cube_crosstab, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_cube_crosstab(c2, 0, 1, q_boot, &O.table));
    BAD(xpi_cube_crosstab, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_cube_crosstab(c_empty, 0, 1, q_def, &O.table));
    BAD(xpi_cube_crosstab, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_cube_crosstab(c2, 0, 1, q_none, &O.table));
    BAD(xpi_cube_crosstab, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_cube_crosstab(c_one_dim, 0, 1, q_def, &O.table));

    /* xpi_cube_decompose */
    BAD(xpi_cube_decompose, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_decompose(NULL, 0, q_def, q_def, &O.table));
    BAD(xpi_cube_decompose, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_decompose(c2, 0, q_def, q_def, NULL));
    for (int i = 0; i < 3; i++)
        BAD(xpi_cube_decompose, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_decompose(c2, baddim[i], q_def, q_def, &O.table));
    BAD(xpi_cube_decompose, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_cube_decompose(c2, 0, q_unknown, q_def, &O.table));
    BAD(xpi_cube_decompose, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_cube_decompose(c2, 0, q_def, q_unknown, &O.table));
    BAD(xpi_cube_decompose, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_cube_decompose(c2, 0, q_none, q_def, &O.table));
    BAD(xpi_cube_decompose, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_cube_decompose(c2, 0, q_def, q_none, &O.table));
    BAD(xpi_cube_decompose, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_cube_decompose(c_empty, 0, NULL, NULL, &O.table));

    /* xpi_cube_series */
    BAD(xpi_cube_series, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_series(NULL, q_def, XPI_PERIOD_DAY, &O.table));
    BAD(xpi_cube_series, C_NULL, XPI_ERR_INVALID_ARG, xpi_cube_series(c2, q_def, XPI_PERIOD_DAY, NULL));
    static const int32_t badperiod[] = {0, 6, -1, INT32_MAX};
    for (int i = 0; i < 4; i++)
        BAD(xpi_cube_series, C_RANGE, XPI_ERR_INVALID_ARG, xpi_cube_series(c2, q_def, badperiod[i], &O.table));
    BAD(xpi_cube_series, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_cube_series(c2, q_unknown, XPI_PERIOD_DAY, &O.table));
    BAD(xpi_cube_series, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_cube_series(c2, q_tmeth, XPI_PERIOD_DAY, &O.table));
    BAD(xpi_cube_series, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_cube_series(c_empty, q_def, XPI_PERIOD_DAY, &O.table));
    BAD(xpi_cube_series, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_cube_series(c2, q_none, XPI_PERIOD_DAY, &O.table));
    /* Huge: the whole time range by day is about 3.65 million periods. */
    BAD(xpi_cube_series, C_HUGE, XPI_ERR_OVERFLOW, xpi_cube_series(c2, q_huge, XPI_PERIOD_DAY, &O.table));

    /* xpi_series_from_tallies */
    {
        const xpi_tally *ts[3] = {t_nps, t_empty, t_nps};
        const xpi_tally *mixed[2] = {t_nps, t_csat};
        const xpi_tally *mixed2[3] = {t_nps, NULL, t_custom};
        const xpi_tally *none[2] = {NULL, NULL};
        const xpi_tally *empties[2] = {t_empty, NULL};
        BAD(xpi_series_from_tallies, C_NULL, XPI_ERR_INVALID_ARG, xpi_series_from_tallies(NULL, 3, q_def, &O.table));
        BAD(xpi_series_from_tallies, C_NULL, XPI_ERR_INVALID_ARG, xpi_series_from_tallies(ts, 3, q_def, NULL));
        BAD(xpi_series_from_tallies, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_series_from_tallies(mixed, 2, q_def, &O.table));
        BAD(xpi_series_from_tallies, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_series_from_tallies(mixed2, 3, q_def, &O.table));
        BAD(xpi_series_from_tallies, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_series_from_tallies(ts, 3, q_tmeth, &O.table));
        BAD(xpi_series_from_tallies, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_series_from_tallies(none, 2, q_def, &O.table));
        BAD(xpi_series_from_tallies, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_series_from_tallies(empties, 2, q_def, &O.table));
        BAD(xpi_series_from_tallies, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_series_from_tallies(ts, 0, q_def, &O.table));
        size_t n = (size_t)XPI_SERIES_MAX_PERIODS + 1;
        const xpi_tally **many = calloc(n, sizeof *many);
        many[0] = t_nps;
        BAD(xpi_series_from_tallies, C_HUGE, XPI_ERR_OVERFLOW, xpi_series_from_tallies(many, n, q_def, &O.table));
        free(many);
    }

    /* Chart, changes, events: NULL, a table that is not a series. */
    xpi_table *not_series[] = {tb_break, tb_cross, tb_decomp, tb_chart, tb_changes, tb_events};
    BAD(xpi_series_chart, C_NULL, XPI_ERR_INVALID_ARG, xpi_series_chart(NULL, XPI_CHART_SHEWHART, q_def, &O.table));
    BAD(xpi_series_chart, C_NULL, XPI_ERR_INVALID_ARG, xpi_series_chart(tb_series, XPI_CHART_SHEWHART, q_def, NULL));
    static const int32_t badchart[] = {0, 4, -1, INT32_MAX};
    for (int i = 0; i < 4; i++)
        BAD(xpi_series_chart, C_RANGE, XPI_ERR_INVALID_ARG, xpi_series_chart(tb_series, badchart[i], q_def, &O.table));
    BAD(xpi_series_changes, C_NULL, XPI_ERR_INVALID_ARG, xpi_series_changes(NULL, q_def, &O.table));
    BAD(xpi_series_changes, C_NULL, XPI_ERR_INVALID_ARG, xpi_series_changes(tb_series, q_def, NULL));
    event_seen = 0;
    BAD(xpi_series_events, C_NULL, XPI_ERR_INVALID_ARG, xpi_series_events(NULL, q_def, on_event, NULL, &O.table));
    BAD(xpi_series_events, C_NULL, XPI_ERR_INVALID_ARG, xpi_series_events(tb_series, q_def, on_event, NULL, NULL));
    for (int i = 0; i < 6; i++) {
        for (int32_t ch = XPI_CHART_SHEWHART; ch <= XPI_CHART_CUSUM; ch++)
            BAD(xpi_series_chart, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_series_chart(not_series[i], ch, q_def, &O.table));
        BAD(xpi_series_changes, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_series_changes(not_series[i], q_def, &O.table));
        BAD(xpi_series_events, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_series_events(not_series[i], q_def, on_event, NULL, &O.table));
    }
    CHECK(event_seen == 0);

    /* xpi_table_event */
    {
        size_t rows = 0;
        CHECK_STATUS(xpi_table_rows(tb_events, &rows), XPI_OK);
        BAD(xpi_table_event, C_NULL, XPI_ERR_INVALID_ARG, xpi_table_event(NULL, 0, &O.ev));
        BAD(xpi_table_event, C_NULL, XPI_ERR_INVALID_ARG, xpi_table_event(tb_events, 0, NULL));
        BAD(xpi_table_event, C_RANGE, XPI_ERR_INVALID_ARG, xpi_table_event(tb_events, rows, &O.ev));
        BAD(xpi_table_event, C_RANGE, XPI_ERR_INVALID_ARG, xpi_table_event(tb_events, SIZE_MAX, &O.ev));
        for (int i = 0; i < 5; i++)
            BAD(xpi_table_event, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_table_event(not_series[i], 0, &O.ev));
        BAD(xpi_table_event, C_MISMATCH, XPI_ERR_INVALID_ARG, xpi_table_event(tb_series, 0, &O.ev));
        /* An events table without rows. */
        xpi_table *series1 = NULL, *ev0 = NULL;
        const xpi_tally *one[1] = {t_nps};
        CHECK_STATUS(xpi_series_from_tallies(one, 1, NULL, &series1), XPI_OK);
        CHECK_STATUS(xpi_series_events(series1, NULL, NULL, NULL, &ev0), XPI_OK);
        keep_tb(series1);
        keep_tb(ev0);
        BAD(xpi_table_event, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_table_event(ev0, 0, &O.ev));
        BAD(xpi_table_label, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_table_label(ev0, 0, 0, &O.str, &O.u32));
        BAD(xpi_table_get, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_table_get(ev0, 0, XPI_COL_PERIOD_START, &O.d[0]));
        BAD(xpi_table_sort, C_EMPTY, XPI_OK, xpi_table_sort(ev0, XPI_COL_PERIOD_START, 1));
    }

    xpi_table_free(NULL);
    NOTE(xpi_table_free, C_NULL, 1, "no-op");

    BAD(xpi_table_rows, C_NULL, XPI_ERR_INVALID_ARG, xpi_table_rows(NULL, &O.sz[0]));
    BAD(xpi_table_rows, C_NULL, XPI_ERR_INVALID_ARG, xpi_table_rows(tb_break, NULL));
    BAD(xpi_table_kind, C_NULL, XPI_ERR_INVALID_ARG, xpi_table_kind(NULL, &O.i32[0], &O.sz[0]));

    /* xpi_table_label */
    {
        size_t rows = 0;
        CHECK_STATUS(xpi_table_rows(tb_break, &rows), XPI_OK);
        BAD(xpi_table_label, C_NULL, XPI_ERR_INVALID_ARG, xpi_table_label(NULL, 0, 0, &O.str, &O.u32));
        BAD(xpi_table_label, C_RANGE, XPI_ERR_INVALID_ARG, xpi_table_label(tb_break, rows, 0, &O.str, &O.u32));
        BAD(xpi_table_label, C_RANGE, XPI_ERR_INVALID_ARG, xpi_table_label(tb_break, SIZE_MAX, 0, &O.str, &O.u32));
        BAD(xpi_table_label, C_RANGE, XPI_ERR_INVALID_ARG, xpi_table_label(tb_break, 0, 1, &O.str, &O.u32));
        BAD(xpi_table_label, C_RANGE, XPI_ERR_INVALID_ARG, xpi_table_label(tb_break, 0, SIZE_MAX, &O.str, &O.u32));
        BAD(xpi_table_label, C_RANGE, XPI_ERR_INVALID_ARG, xpi_table_label(tb_cross, 0, 2, &O.str, &O.u32));
    }

    /* xpi_table_get, xpi_table_figure, xpi_table_sort */
    {
        size_t rows = 0;
        CHECK_STATUS(xpi_table_rows(tb_break, &rows), XPI_OK);
        BAD(xpi_table_get, C_NULL, XPI_ERR_INVALID_ARG, xpi_table_get(NULL, 0, XPI_COL_N, &O.d[0]));
        BAD(xpi_table_get, C_NULL, XPI_ERR_INVALID_ARG, xpi_table_get(tb_break, 0, XPI_COL_N, NULL));
        BAD(xpi_table_get, C_RANGE, XPI_ERR_INVALID_ARG, xpi_table_get(tb_break, rows, XPI_COL_N, &O.d[0]));
        BAD(xpi_table_get, C_RANGE, XPI_ERR_INVALID_ARG, xpi_table_get(tb_break, SIZE_MAX, XPI_COL_N, &O.d[0]));
        static const int32_t badcol[] = {0, 47, -1, INT32_MAX, INT32_MIN};
        for (int i = 0; i < 5; i++) {
            BAD(xpi_table_get, C_RANGE, XPI_ERR_INVALID_ARG, xpi_table_get(tb_break, 0, badcol[i], &O.d[0]));
            BAD(xpi_table_sort, C_RANGE, XPI_ERR_INVALID_ARG, xpi_table_sort(tb_break, badcol[i], 1));
        }
        static const int32_t badfig[] = {0, 22, -1, INT32_MAX};
        for (int i = 0; i < 4; i++)
            BAD(xpi_table_figure, C_RANGE, XPI_ERR_INVALID_ARG, xpi_table_figure(tb_break, badfig[i], &O.d[0]));
        BAD(xpi_table_figure, C_NULL, XPI_ERR_INVALID_ARG, xpi_table_figure(NULL, XPI_TABLE_N, &O.d[0]));
        BAD(xpi_table_figure, C_NULL, XPI_ERR_INVALID_ARG, xpi_table_figure(tb_break, XPI_TABLE_N, NULL));
        BAD(xpi_table_sort, C_NULL, XPI_ERR_INVALID_ARG, xpi_table_sort(NULL, XPI_COL_N, 1));
        /* Columns and figures of another kind of table. */
        static const int32_t decomp_cols[] = {XPI_COL_N_A, XPI_COL_RATE_EFFECT, XPI_COL_PERIOD_START,
                                              XPI_COL_CHART_CENTER, XPI_COL_LEVEL_BEFORE, XPI_COL_EVENT_KIND};
        for (int i = 0; i < 6; i++) {
            BAD(xpi_table_get, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_table_get(tb_break, 0, decomp_cols[i], &O.d[0]));
            BAD(xpi_table_sort, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_table_sort(tb_break, decomp_cols[i], 0));
        }
        BAD(xpi_table_get, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_table_get(tb_series, 0, XPI_COL_IMPACT, &O.d[0]));
        BAD(xpi_table_get, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_table_get(tb_decomp, 0, XPI_COL_P, &O.d[0]));
        BAD(xpi_table_sort, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_table_sort(tb_series, XPI_COL_IMPACT, 0));
        /* Columns are checked before rows. */
        BAD(xpi_table_get, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_table_get(tb_break, SIZE_MAX, XPI_COL_N_A, &O.d[0]));
        BAD(xpi_table_figure, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_table_figure(tb_break, XPI_TABLE_CHANGE, &O.d[0]));
        BAD(xpi_table_figure, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_table_figure(tb_break, XPI_TABLE_PENALTY, &O.d[0]));
        BAD(xpi_table_figure, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_table_figure(tb_decomp, XPI_TABLE_CHI2, &O.d[0]));
        BAD(xpi_table_figure, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_table_figure(tb_series, XPI_TABLE_CHI2, &O.d[0]));
        BAD(xpi_table_figure, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_table_figure(tb_events, XPI_TABLE_N, &O.d[0]));
    }
}

/* ------------------------------------------------------------------ */
/* Resampling and Bayesian intervals                                    */
/* ------------------------------------------------------------------ */
static void test_resampling(void)
{
    double v;
    const int32_t NET = XPI_STAT_NET;
    /* xpi_tally_bootstrap */
    BAD(xpi_tally_bootstrap, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_bootstrap(NULL, NET, XPI_BOOT_BCA, 100, 1, 0.95, &O.est));
    BAD(xpi_tally_bootstrap, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_bootstrap(t_nps, NET, XPI_BOOT_BCA, 100, 1, 0.95, NULL));
    FOR_NANS(v) BAD(xpi_tally_bootstrap, C_NAN, XPI_ERR_INVALID_ARG, xpi_tally_bootstrap(t_nps, NET, XPI_BOOT_BCA, 100, 1, v, &O.est));
    for (int i = 0; i < NBADCONF; i++)
        BAD(xpi_tally_bootstrap, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_bootstrap(t_nps, NET, XPI_BOOT_PERCENTILE, 100, 1, BADCONF[i], &O.est));
    BAD(xpi_tally_bootstrap, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_bootstrap(t_nps, 5, XPI_BOOT_BCA, 100, 1, 0.95, &O.est));
    BAD(xpi_tally_bootstrap, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_bootstrap(t_nps, -1, XPI_BOOT_BCA, 100, 1, 0.95, &O.est));
    BAD(xpi_tally_bootstrap, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_bootstrap(t_nps, NET, 0, 100, 1, 0.95, &O.est));
    BAD(xpi_tally_bootstrap, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_bootstrap(t_nps, NET, 3, 100, 1, 0.95, &O.est));
    BAD(xpi_tally_bootstrap, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_bootstrap(t_nps, NET, XPI_BOOT_BCA, 9, 1, 0.95, &O.est));
    BAD(xpi_tally_bootstrap, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_bootstrap(t_nps, NET, XPI_BOOT_BCA, 0, 1, 0.95, &O.est));
    BAD(xpi_tally_bootstrap, C_HUGE, XPI_ERR_INVALID_ARG, xpi_tally_bootstrap(t_nps, NET, XPI_BOOT_BCA, 100000001u, 1, 0.95, &O.est));
    BAD(xpi_tally_bootstrap, C_HUGE, XPI_ERR_INVALID_ARG, xpi_tally_bootstrap(t_nps, NET, XPI_BOOT_BCA, UINT32_MAX, 1, 0.95, &O.est));
    BAD(xpi_tally_bootstrap, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_bootstrap(t_empty, NET, XPI_BOOT_BCA, 100, 1, 0.95, &O.est));
    BAD(xpi_tally_bootstrap, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_bootstrap(t_ces1, XPI_STAT_MEAN, XPI_BOOT_PERCENTILE, 100, 1, 0.95, &O.est));

    /* xpi_tally_bayes */
    BAD(xpi_tally_bayes, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_bayes(NULL, NET, XPI_BAYES_BANDS, 0.5, 100, 1, 0.95, &O.est));
    BAD(xpi_tally_bayes, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_bayes(t_nps, NET, XPI_BAYES_BANDS, 0.5, 100, 1, 0.95, NULL));
    FOR_NANS(v) {
        BAD(xpi_tally_bayes, C_NAN, XPI_ERR_INVALID_ARG, xpi_tally_bayes(t_nps, NET, XPI_BAYES_BANDS, v, 100, 1, 0.95, &O.est));
        BAD(xpi_tally_bayes, C_NAN, XPI_ERR_INVALID_ARG, xpi_tally_bayes(t_nps, NET, XPI_BAYES_BANDS, 0.5, 100, 1, v, &O.est));
    }
    static const double badprior[] = {0, -0.5, 1e6 * (1 + 1e-15) + 1, -DBL_MAX};
    for (int i = 0; i < 4; i++)
        BAD(xpi_tally_bayes, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_bayes(t_nps, NET, XPI_BAYES_SCALE, badprior[i], 100, 1, 0.95, &O.est));
    for (int i = 0; i < NBADCONF; i++)
        BAD(xpi_tally_bayes, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_bayes(t_nps, NET, XPI_BAYES_BANDS, 0.5, 100, 1, BADCONF[i], &O.est));
    BAD(xpi_tally_bayes, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_bayes(t_nps, 5, XPI_BAYES_BANDS, 0.5, 100, 1, 0.95, &O.est));
    BAD(xpi_tally_bayes, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_bayes(t_nps, NET, 2, 0.5, 100, 1, 0.95, &O.est));
    BAD(xpi_tally_bayes, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_bayes(t_nps, NET, -1, 0.5, 100, 1, 0.95, &O.est));
    BAD(xpi_tally_bayes, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_bayes(t_nps, NET, XPI_BAYES_BANDS, 0.5, 9, 1, 0.95, &O.est));
    BAD(xpi_tally_bayes, C_HUGE, XPI_ERR_INVALID_ARG, xpi_tally_bayes(t_nps, NET, XPI_BAYES_BANDS, 0.5, 100000001u, 1, 0.95, &O.est));
    BAD(xpi_tally_bayes, C_HUGE, XPI_ERR_INVALID_ARG, xpi_tally_bayes(t_nps, NET, XPI_BAYES_BANDS, 0.5, UINT32_MAX, 1, 0.95, &O.est));
    BAD(xpi_tally_bayes, C_HUGE, XPI_ERR_INVALID_ARG, xpi_tally_bayes(t_nps, NET, XPI_BAYES_BANDS, DBL_MAX, 100, 1, 0.95, &O.est));
    BAD(xpi_tally_bayes, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_bayes(t_ces, XPI_STAT_MEAN, XPI_BAYES_BANDS, 0.5, 100, 1, 0.95, &O.est));
    BAD(xpi_tally_bayes, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_bayes(t_empty, NET, XPI_BAYES_BANDS, 0.5, 100, 1, 0.95, &O.est));
    BAD(xpi_tally_bayes, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_bayes(t_ces1, XPI_STAT_MEAN, XPI_BAYES_SCALE, 0.5, 100, 1, 0.95, &O.est));

    /* xpi_tally_prob_greater */
    BAD(xpi_tally_prob_greater, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_prob_greater(NULL, t_nps, NET, XPI_BAYES_BANDS, 0.5, 100, 1, &O.d[0]));
    BAD(xpi_tally_prob_greater, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_prob_greater(t_nps, NULL, NET, XPI_BAYES_BANDS, 0.5, 100, 1, &O.d[0]));
    BAD(xpi_tally_prob_greater, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_prob_greater(t_nps, t_nps, NET, XPI_BAYES_BANDS, 0.5, 100, 1, NULL));
    FOR_NANS(v) BAD(xpi_tally_prob_greater, C_NAN, XPI_ERR_INVALID_ARG, xpi_tally_prob_greater(t_nps, t_nps, NET, XPI_BAYES_BANDS, v, 100, 1, &O.d[0]));
    for (int i = 0; i < 4; i++)
        BAD(xpi_tally_prob_greater, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_prob_greater(t_nps, t_nps, NET, XPI_BAYES_BANDS, badprior[i], 100, 1, &O.d[0]));
    BAD(xpi_tally_prob_greater, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_prob_greater(t_nps, t_nps, 5, XPI_BAYES_BANDS, 0.5, 100, 1, &O.d[0]));
    BAD(xpi_tally_prob_greater, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_prob_greater(t_nps, t_nps, NET, 2, 0.5, 100, 1, &O.d[0]));
    BAD(xpi_tally_prob_greater, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_prob_greater(t_nps, t_nps, NET, XPI_BAYES_BANDS, 0.5, 9, 1, &O.d[0]));
    BAD(xpi_tally_prob_greater, C_HUGE, XPI_ERR_INVALID_ARG, xpi_tally_prob_greater(t_nps, t_nps, NET, XPI_BAYES_BANDS, 0.5, UINT32_MAX, 1, &O.d[0]));
    BAD(xpi_tally_prob_greater, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_tally_prob_greater(t_nps, t_csat, NET, XPI_BAYES_BANDS, 0.5, 100, 1, &O.d[0]));
    BAD(xpi_tally_prob_greater, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_tally_prob_greater(t_nps, t_custom, NET, XPI_BAYES_BANDS, 0.5, 100, 1, &O.d[0]));
    BAD(xpi_tally_prob_greater, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_prob_greater(t_ces, t_ces, XPI_STAT_MEAN, XPI_BAYES_BANDS, 0.5, 100, 1, &O.d[0]));
    BAD(xpi_tally_prob_greater, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_prob_greater(t_empty, t_nps, NET, XPI_BAYES_BANDS, 0.5, 100, 1, &O.d[0]));
    BAD(xpi_tally_prob_greater, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_prob_greater(t_nps, t_empty, NET, XPI_BAYES_BANDS, 0.5, 100, 1, &O.d[0]));
}

/* ------------------------------------------------------------------ */
/* Comparisons                                                          */
/* ------------------------------------------------------------------ */
static void test_compare(void)
{
    double v;
    const int32_t NET = XPI_STAT_NET, DEF = XPI_CI_DEFAULT;
    BAD(xpi_tally_compare, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_compare(NULL, t_nps, NET, DEF, 0.95, &O.cmp));
    BAD(xpi_tally_compare, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_compare(t_nps, NULL, NET, DEF, 0.95, &O.cmp));
    BAD(xpi_tally_compare, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_compare(t_nps, t_nps, NET, DEF, 0.95, NULL));
    FOR_NANS(v) BAD(xpi_tally_compare, C_NAN, XPI_ERR_INVALID_ARG, xpi_tally_compare(t_nps, t_nps, NET, DEF, v, &O.cmp));
    for (int i = 0; i < NBADCONF; i++)
        BAD(xpi_tally_compare, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_compare(t_nps, t_nps, NET, XPI_CI_WALD, BADCONF[i], &O.cmp));
    BAD(xpi_tally_compare, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_compare(t_nps, t_nps, 5, DEF, 0.95, &O.cmp));
    BAD(xpi_tally_compare, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_compare(t_nps, t_nps, NET, 9, 0.95, &O.cmp));
    BAD(xpi_tally_compare, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_compare(t_nps, t_nps, NET, -1, 0.95, &O.cmp));
    BAD(xpi_tally_compare, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_tally_compare(t_nps, t_csat, NET, DEF, 0.95, &O.cmp));
    BAD(xpi_tally_compare, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_tally_compare(t_nps, t_custom, NET, DEF, 0.95, &O.cmp));
    BAD(xpi_tally_compare, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_compare(t_nps, t_nps, NET, XPI_CI_T, 0.95, &O.cmp));
    BAD(xpi_tally_compare, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_compare(t_nps, t_nps, NET, XPI_CI_BOOTSTRAP, 0.95, &O.cmp));
    BAD(xpi_tally_compare, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_compare(t_nps, t_nps, NET, XPI_CI_BAYES, 0.95, &O.cmp));
    BAD(xpi_tally_compare, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_compare(t_ces, t_ces, XPI_STAT_MEAN, XPI_CI_SCORE, 0.95, &O.cmp));
    BAD(xpi_tally_compare, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_compare(t_empty, t_nps, NET, DEF, 0.95, &O.cmp));
    BAD(xpi_tally_compare, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_compare(t_nps, t_empty, NET, XPI_CI_WALD, 0.95, &O.cmp));
    BAD(xpi_tally_compare, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_compare(t_ces1, t_ces, XPI_STAT_MEAN, DEF, 0.95, &O.cmp));

    /* xpi_tally_test_value */
    BAD(xpi_tally_test_value, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_test_value(NULL, NET, DEF, 0, 0.95, &O.cmp));
    BAD(xpi_tally_test_value, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_test_value(t_nps, NET, DEF, 0, 0.95, NULL));
    FOR_NANS(v) {
        BAD(xpi_tally_test_value, C_NAN, XPI_ERR_INVALID_ARG, xpi_tally_test_value(t_nps, NET, DEF, v, 0.95, &O.cmp));
        BAD(xpi_tally_test_value, C_NAN, XPI_ERR_INVALID_ARG, xpi_tally_test_value(t_nps, NET, DEF, 0, v, &O.cmp));
    }
    for (int i = 0; i < NBADCONF; i++)
        BAD(xpi_tally_test_value, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_test_value(t_nps, NET, DEF, 0, BADCONF[i], &O.cmp));
    BAD(xpi_tally_test_value, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_test_value(t_nps, NET, DEF, 100.5, 0.95, &O.cmp));
    BAD(xpi_tally_test_value, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_test_value(t_nps, NET, DEF, -101, 0.95, &O.cmp));
    BAD(xpi_tally_test_value, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_test_value(t_csat, XPI_STAT_TOP, DEF, -1, 0.95, &O.cmp));
    BAD(xpi_tally_test_value, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_test_value(t_csat, XPI_STAT_TOP, DEF, 101, 0.95, &O.cmp));
    BAD(xpi_tally_test_value, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_test_value(t_ces, XPI_STAT_MEAN, DEF, 0.5, 0.95, &O.cmp));
    BAD(xpi_tally_test_value, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_test_value(t_ces, XPI_STAT_MEAN, DEF, 7.5, 0.95, &O.cmp));
    BAD(xpi_tally_test_value, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_test_value(t_nps, 5, DEF, 0, 0.95, &O.cmp));
    BAD(xpi_tally_test_value, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_test_value(t_nps, NET, 9, 0, 0.95, &O.cmp));
    BAD(xpi_tally_test_value, C_HUGE, XPI_ERR_INVALID_ARG, xpi_tally_test_value(t_nps, NET, DEF, DBL_MAX, 0.95, &O.cmp));
    BAD(xpi_tally_test_value, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_test_value(t_nps, NET, XPI_CI_T, 0, 0.95, &O.cmp));
    BAD(xpi_tally_test_value, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_tally_test_value(t_ces, XPI_STAT_MEAN, XPI_CI_JEFFREYS, 4, 0.95, &O.cmp));
    BAD(xpi_tally_test_value, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_test_value(t_empty, NET, DEF, 0, 0.95, &O.cmp));
    BAD(xpi_tally_test_value, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_test_value(t_ces1, XPI_STAT_MEAN, DEF, 4, 0.95, &O.cmp));

    /* xpi_tally_chi2 */
    {
        const xpi_tally *two[2] = {t_nps, t_nps};
        const xpi_tally *withnull[2] = {t_nps, NULL};
        const xpi_tally *mixed[2] = {t_nps, t_csat};
        const xpi_tally *mixed2[3] = {t_nps, t_nps, t_custom};
        const xpi_tally *withempty[2] = {t_nps, t_empty};
        const xpi_tally *onecat[2] = {t_custom, t_custom}; /* every response at score 3 */
        BAD(xpi_tally_chi2, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_chi2(NULL, 2, XPI_CHI2_BANDS, &O.chi2));
        BAD(xpi_tally_chi2, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_chi2(two, 2, XPI_CHI2_BANDS, NULL));
        BAD(xpi_tally_chi2, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_chi2(withnull, 2, XPI_CHI2_BANDS, &O.chi2));
        BAD(xpi_tally_chi2, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_chi2(two, 1, XPI_CHI2_BANDS, &O.chi2));
        BAD(xpi_tally_chi2, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_tally_chi2(two, 0, XPI_CHI2_BANDS, &O.chi2));
        BAD(xpi_tally_chi2, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_chi2(two, 2, 2, &O.chi2));
        BAD(xpi_tally_chi2, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_chi2(two, 2, -1, &O.chi2));
        BAD(xpi_tally_chi2, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_tally_chi2(mixed, 2, XPI_CHI2_BANDS, &O.chi2));
        BAD(xpi_tally_chi2, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_tally_chi2(mixed2, 3, XPI_CHI2_SCALE, &O.chi2));
        BAD(xpi_tally_chi2, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_chi2(withempty, 2, XPI_CHI2_BANDS, &O.chi2));
        BAD(xpi_tally_chi2, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_chi2(onecat, 2, XPI_CHI2_SCALE, &O.chi2));
    }

    /* xpi_tally_mann_whitney */
    BAD(xpi_tally_mann_whitney, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_mann_whitney(NULL, t_nps, &O.rank));
    BAD(xpi_tally_mann_whitney, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_mann_whitney(t_nps, NULL, &O.rank));
    BAD(xpi_tally_mann_whitney, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_mann_whitney(t_nps, t_nps, NULL));
    BAD(xpi_tally_mann_whitney, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_tally_mann_whitney(t_nps, t_csat, &O.rank));
    BAD(xpi_tally_mann_whitney, C_MISMATCH, XPI_ERR_SCALE_MISMATCH, xpi_tally_mann_whitney(t_nps, t_custom, &O.rank));
    BAD(xpi_tally_mann_whitney, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_mann_whitney(t_empty, t_nps, &O.rank));
    BAD(xpi_tally_mann_whitney, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_mann_whitney(t_nps, t_empty, &O.rank));
    {
        xpi_rank_test r;
        BAD(xpi_tally_mann_whitney, C_HUGE, XPI_OK, xpi_tally_mann_whitney(t_full, t_nps, &r));
        CHECK(r.p_value >= 0 && r.p_value <= 1);
    }
}

/* ------------------------------------------------------------------ */
/* Multiple comparisons                                                 */
/* ------------------------------------------------------------------ */
static void test_padjust(void)
{
    double v;
    double p[4] = {0.01, 0.02, 0.5, 0.9};
    BAD(xpi_p_adjust, C_NULL, XPI_ERR_INVALID_ARG, xpi_p_adjust(NULL, 4, XPI_ADJUST_BH, O.adj, NULL));
    BAD(xpi_p_adjust, C_NULL, XPI_ERR_INVALID_ARG, xpi_p_adjust(p, 4, XPI_ADJUST_BH, NULL, NULL));
    {
        xpi_allocator no_alloc = {NULL, NULL, bad_free_fn, NULL};
        BAD(xpi_p_adjust, C_NULL, XPI_ERR_INVALID_ARG, xpi_p_adjust(p, 4, XPI_ADJUST_BH, O.adj, &no_alloc));
    }
    for (int32_t m = XPI_ADJUST_BONFERRONI; m <= XPI_ADJUST_BY; m++) {
        BAD(xpi_p_adjust, C_EMPTY, XPI_ERR_INVALID_ARG, xpi_p_adjust(p, 0, m, O.adj, NULL));
        for (int at = 0; at < 4; at++) {
            FOR_NANS(v) {
                double q[4] = {0.01, 0.02, 0.5, 0.9};
                q[at] = v;
                BAD(xpi_p_adjust, C_NAN, XPI_ERR_INVALID_ARG, xpi_p_adjust(q, 4, m, O.adj, NULL));
                /* In place: p itself is the output and must stay as it was. */
                double before[4];
                memcpy(before, q, sizeof q);
                BAD(xpi_p_adjust, C_NAN, XPI_ERR_INVALID_ARG, xpi_p_adjust(q, 4, m, q, NULL));
                CHECK(memcmp(before, q, sizeof q) == 0);
            }
            double r[4] = {0.01, 0.02, 0.5, 0.9};
            r[at] = at % 2 ? 1.5 : -0.1;
            BAD(xpi_p_adjust, C_RANGE, XPI_ERR_INVALID_ARG, xpi_p_adjust(r, 4, m, O.adj, NULL));
        }
    }
    static const int32_t badm[] = {XPI_ADJUST_NONE, 6, -1, INT32_MAX};
    for (int i = 0; i < 4; i++)
        BAD(xpi_p_adjust, C_RANGE, XPI_ERR_INVALID_ARG, xpi_p_adjust(p, 4, badm[i], O.adj, NULL));
}

/* ------------------------------------------------------------------ */
/* Trends                                                               */
/* ------------------------------------------------------------------ */
static void test_trends(void)
{
    double v;
    double y[8] = {1, 3, 2, 5, 4, 6, 8, 7};
    double se[8] = {1, 1, 1, 1, 1, 1, 1, 1};

    /* xpi_mann_kendall */
    BAD(xpi_mann_kendall, C_NULL, XPI_ERR_INVALID_ARG, xpi_mann_kendall(NULL, 8, XPI_MK_ORIGINAL, 0, NULL, &O.trend));
    BAD(xpi_mann_kendall, C_NULL, XPI_ERR_INVALID_ARG, xpi_mann_kendall(y, 8, XPI_MK_ORIGINAL, 0, NULL, NULL));
    for (int32_t var = XPI_MK_ORIGINAL; var <= XPI_MK_SEASONAL; var++) {
        size_t seasons = var == XPI_MK_SEASONAL ? 2 : 0;
        for (int at = 0; at < 8; at += 7) {
            double z[8];
            memcpy(z, y, sizeof z);
            z[at] = INFINITY;
            BAD(xpi_mann_kendall, C_NAN, XPI_ERR_INVALID_ARG, xpi_mann_kendall(z, 8, var, seasons, NULL, &O.trend));
            z[at] = -INFINITY;
            BAD(xpi_mann_kendall, C_NAN, XPI_ERR_INVALID_ARG, xpi_mann_kendall(z, 8, var, seasons, NULL, &O.trend));
        }
        double allnan[4] = {NAN, NAN, NAN, NAN};
        double onev[4] = {NAN, 2, NAN, NAN};
        BAD(xpi_mann_kendall, C_NAN, XPI_ERR_NOT_ENOUGH_DATA, xpi_mann_kendall(allnan, 4, var, seasons, NULL, &O.trend));
        BAD(xpi_mann_kendall, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_mann_kendall(onev, 4, var, seasons, NULL, &O.trend));
        BAD(xpi_mann_kendall, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_mann_kendall(y, 1, var, seasons, NULL, &O.trend));
        BAD(xpi_mann_kendall, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_mann_kendall(y, 0, var, seasons, NULL, &O.trend));
        BAD(xpi_mann_kendall, C_NULL, XPI_ERR_INVALID_ARG, xpi_mann_kendall(NULL, 0, var, seasons, NULL, &O.trend));
    }
    static const int32_t badvar[] = {-1, 3, INT32_MAX};
    for (int i = 0; i < 3; i++)
        BAD(xpi_mann_kendall, C_RANGE, XPI_ERR_INVALID_ARG, xpi_mann_kendall(y, 8, badvar[i], 0, NULL, &O.trend));
    BAD(xpi_mann_kendall, C_RANGE, XPI_ERR_INVALID_ARG, xpi_mann_kendall(y, 8, XPI_MK_SEASONAL, 0, NULL, &O.trend));
    BAD(xpi_mann_kendall, C_RANGE, XPI_ERR_INVALID_ARG, xpi_mann_kendall(y, 8, XPI_MK_SEASONAL, 1, NULL, &O.trend));
    BAD(xpi_mann_kendall, C_RANGE, XPI_ERR_INVALID_ARG, xpi_mann_kendall(y, 8, XPI_MK_ORIGINAL, 2, NULL, &O.trend));
    BAD(xpi_mann_kendall, C_RANGE, XPI_ERR_INVALID_ARG, xpi_mann_kendall(y, 8, XPI_MK_HAMED_RAO, 12, NULL, &O.trend));
    /* Seasons beyond the series: no season with two values. */
    BAD(xpi_mann_kendall, C_HUGE, XPI_ERR_NOT_ENOUGH_DATA, xpi_mann_kendall(y, 8, XPI_MK_SEASONAL, 8, NULL, &O.trend));
    BAD(xpi_mann_kendall, C_HUGE, XPI_ERR_NOT_ENOUGH_DATA, xpi_mann_kendall(y, 8, XPI_MK_SEASONAL, SIZE_MAX, NULL, &O.trend));
    {
        xpi_allocator no_free = {bad_alloc_fn, NULL, NULL, NULL};
        BAD(xpi_mann_kendall, C_NULL, XPI_ERR_INVALID_ARG, xpi_mann_kendall(y, 8, XPI_MK_ORIGINAL, 0, &no_free, &O.trend));
    }

    /* xpi_sen_slope */
    BAD(xpi_sen_slope, C_NULL, XPI_ERR_INVALID_ARG, xpi_sen_slope(NULL, 8, 0, 0.95, NULL, &O.slope));
    BAD(xpi_sen_slope, C_NULL, XPI_ERR_INVALID_ARG, xpi_sen_slope(y, 8, 0, 0.95, NULL, NULL));
    FOR_NANS(v) BAD(xpi_sen_slope, C_NAN, XPI_ERR_INVALID_ARG, xpi_sen_slope(y, 8, 0, v, NULL, &O.slope));
    for (int i = 0; i < NBADCONF; i++)
        BAD(xpi_sen_slope, C_RANGE, XPI_ERR_INVALID_ARG, xpi_sen_slope(y, 8, 0, BADCONF[i], NULL, &O.slope));
    BAD(xpi_sen_slope, C_RANGE, XPI_ERR_INVALID_ARG, xpi_sen_slope(y, 8, 1, 0.95, NULL, &O.slope));
    {
        double z[8];
        for (int at = 0; at < 8; at += 3) {
            memcpy(z, y, sizeof z);
            z[at] = INFINITY;
            BAD(xpi_sen_slope, C_NAN, XPI_ERR_INVALID_ARG, xpi_sen_slope(z, 8, 0, 0.95, NULL, &O.slope));
            z[at] = -INFINITY;
            BAD(xpi_sen_slope, C_NAN, XPI_ERR_INVALID_ARG, xpi_sen_slope(z, 8, 2, 0.95, NULL, &O.slope));
            z[at] = DBL_MAX;
            BAD(xpi_sen_slope, C_HUGE, XPI_ERR_INVALID_ARG, xpi_sen_slope(z, 8, 0, 0.95, NULL, &O.slope));
            z[at] = -DBL_MAX / 1.5;
            BAD(xpi_sen_slope, C_HUGE, XPI_ERR_INVALID_ARG, xpi_sen_slope(z, 8, 0, 0.95, NULL, &O.slope));
        }
        double allnan[3] = {NAN, NAN, NAN};
        BAD(xpi_sen_slope, C_NAN, XPI_ERR_NOT_ENOUGH_DATA, xpi_sen_slope(allnan, 3, 0, 0.95, NULL, &O.slope));
    }
    BAD(xpi_sen_slope, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_sen_slope(y, 1, 0, 0.95, NULL, &O.slope));
    BAD(xpi_sen_slope, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_sen_slope(y, 0, 0, 0.95, NULL, &O.slope));
    BAD(xpi_sen_slope, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_sen_slope(y, 3, 3, 0.95, NULL, &O.slope));
    BAD(xpi_sen_slope, C_HUGE, XPI_ERR_NOT_ENOUGH_DATA, xpi_sen_slope(y, 8, SIZE_MAX, 0.95, NULL, &O.slope));

    /* xpi_wls_slope */
    BAD(xpi_wls_slope, C_NULL, XPI_ERR_INVALID_ARG, xpi_wls_slope(NULL, se, 8, 0.95, &O.reg));
    BAD(xpi_wls_slope, C_NULL, XPI_ERR_INVALID_ARG, xpi_wls_slope(y, NULL, 8, 0.95, &O.reg));
    BAD(xpi_wls_slope, C_NULL, XPI_ERR_INVALID_ARG, xpi_wls_slope(y, se, 8, 0.95, NULL));
    FOR_NANS(v) BAD(xpi_wls_slope, C_NAN, XPI_ERR_INVALID_ARG, xpi_wls_slope(y, se, 8, v, &O.reg));
    for (int i = 0; i < NBADCONF; i++)
        BAD(xpi_wls_slope, C_RANGE, XPI_ERR_INVALID_ARG, xpi_wls_slope(y, se, 8, BADCONF[i], &O.reg));
    {
        for (int at = 0; at < 8; at += 7) {
            double z[8], s[8];
            memcpy(z, y, sizeof z);
            z[at] = INFINITY;
            BAD(xpi_wls_slope, C_NAN, XPI_ERR_INVALID_ARG, xpi_wls_slope(z, se, 8, 0.95, &O.reg));
            FOR_NANS(v) {
                memcpy(s, se, sizeof s);
                s[at] = v;
                BAD(xpi_wls_slope, C_NAN, XPI_ERR_INVALID_ARG, xpi_wls_slope(y, s, 8, 0.95, &O.reg));
            }
            static const double badse[] = {0, -1, -0.0};
            for (int k = 0; k < 3; k++) {
                memcpy(s, se, sizeof s);
                s[at] = badse[k];
                BAD(xpi_wls_slope, C_RANGE, XPI_ERR_INVALID_ARG, xpi_wls_slope(y, s, 8, 0.95, &O.reg));
            }
        }
        /* A gap: its standard error is not looked at. */
        double g[4] = {1, NAN, 2, 3}, gs[4] = {1, NAN, 1, 1};
        xpi_regression r;
        BAD(xpi_wls_slope, C_NAN, XPI_OK, xpi_wls_slope(g, gs, 4, 0.95, &r));
        double few[3] = {1, NAN, 2};
        BAD(xpi_wls_slope, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_wls_slope(few, se, 3, 0.95, &O.reg));
        BAD(xpi_wls_slope, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_wls_slope(y, se, 2, 0.95, &O.reg));
        BAD(xpi_wls_slope, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_wls_slope(y, se, 0, 0.95, &O.reg));
        /* Huge: standard errors more than 1e154 times the smallest weigh
         * nothing, leaving one point. */
        double hs[4] = {1, 1e170, 1e170, 1e170};
        BAD(xpi_wls_slope, C_HUGE, XPI_ERR_NOT_ENOUGH_DATA, xpi_wls_slope(y, hs, 4, 0.95, &O.reg));
    }
}

/* ------------------------------------------------------------------ */
/* Planning                                                             */
/* ------------------------------------------------------------------ */
static void test_plan(void)
{
    double v;
    /* xpi_unit_variance */
    BAD(xpi_unit_variance, C_NULL, XPI_ERR_INVALID_ARG, xpi_unit_variance(XPI_STAT_NET, 0.5, 0.2, NULL));
    FOR_NANS(v) {
        BAD(xpi_unit_variance, C_NAN, XPI_ERR_INVALID_ARG, xpi_unit_variance(XPI_STAT_NET, v, 0.2, &O.d[0]));
        BAD(xpi_unit_variance, C_NAN, XPI_ERR_INVALID_ARG, xpi_unit_variance(XPI_STAT_NET, 0.5, v, &O.d[0]));
        BAD(xpi_unit_variance, C_NAN, XPI_ERR_INVALID_ARG, xpi_unit_variance(XPI_STAT_TOP, v, 0.2, &O.d[0]));
        BAD(xpi_unit_variance, C_NAN, XPI_ERR_INVALID_ARG, xpi_unit_variance(XPI_STAT_BOTTOM, 0.5, v, &O.d[0]));
    }
    BAD(xpi_unit_variance, C_RANGE, XPI_ERR_INVALID_ARG, xpi_unit_variance(XPI_STAT_DEFAULT, 0.5, 0.2, &O.d[0]));
    BAD(xpi_unit_variance, C_RANGE, XPI_ERR_INVALID_ARG, xpi_unit_variance(5, 0.5, 0.2, &O.d[0]));
    BAD(xpi_unit_variance, C_RANGE, XPI_ERR_INVALID_ARG, xpi_unit_variance(-1, 0.5, 0.2, &O.d[0]));
    BAD(xpi_unit_variance, C_RANGE, XPI_ERR_INVALID_ARG, xpi_unit_variance(XPI_STAT_NET, 1.5, 0, &O.d[0]));
    BAD(xpi_unit_variance, C_RANGE, XPI_ERR_INVALID_ARG, xpi_unit_variance(XPI_STAT_NET, -0.1, 0.2, &O.d[0]));
    BAD(xpi_unit_variance, C_RANGE, XPI_ERR_INVALID_ARG, xpi_unit_variance(XPI_STAT_NET, 0.7, 0.4, &O.d[0]));
    BAD(xpi_unit_variance, C_RANGE, XPI_ERR_INVALID_ARG, xpi_unit_variance(XPI_STAT_TOP, 1.1, 0, &O.d[0]));
    BAD(xpi_unit_variance, C_RANGE, XPI_ERR_INVALID_ARG, xpi_unit_variance(XPI_STAT_BOTTOM, 0, -0.5, &O.d[0]));
    BAD(xpi_unit_variance, C_MISMATCH, XPI_ERR_NOT_APPLICABLE, xpi_unit_variance(XPI_STAT_MEAN, 0.5, 0.2, &O.d[0]));

    /* xpi_tally_unit_variance */
    BAD(xpi_tally_unit_variance, C_NULL, XPI_ERR_INVALID_ARG, xpi_tally_unit_variance(NULL, XPI_STAT_NET, &O.d[0], &O.d[1]));
    BAD(xpi_tally_unit_variance, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_unit_variance(t_nps, 5, &O.d[0], &O.d[1]));
    BAD(xpi_tally_unit_variance, C_RANGE, XPI_ERR_INVALID_ARG, xpi_tally_unit_variance(t_nps, -1, &O.d[0], &O.d[1]));
    BAD(xpi_tally_unit_variance, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_unit_variance(t_empty, XPI_STAT_NET, &O.d[0], &O.d[1]));
    BAD(xpi_tally_unit_variance, C_EMPTY, XPI_ERR_NOT_ENOUGH_DATA, xpi_tally_unit_variance(t_ces1, XPI_STAT_MEAN, &O.d[0], &O.d[1]));

    /* xpi_plan_margin_n(variance, margin, confidence, design_effect) */
    BAD(xpi_plan_margin_n, C_NULL, XPI_ERR_INVALID_ARG, xpi_plan_margin_n(2000, 5, 0.95, 1, NULL));
    FOR_NANS(v) {
        BAD(xpi_plan_margin_n, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_margin_n(v, 5, 0.95, 1, &O.d[0]));
        BAD(xpi_plan_margin_n, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_margin_n(2000, v, 0.95, 1, &O.d[0]));
        BAD(xpi_plan_margin_n, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_margin_n(2000, 5, v, 1, &O.d[0]));
        BAD(xpi_plan_margin_n, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_margin_n(2000, 5, 0.95, v, &O.d[0]));
    }
    BAD(xpi_plan_margin_n, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_margin_n(-1, 5, 0.95, 1, &O.d[0]));
    BAD(xpi_plan_margin_n, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_margin_n(2000, 0, 0.95, 1, &O.d[0]));
    BAD(xpi_plan_margin_n, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_margin_n(2000, -5, 0.95, 1, &O.d[0]));
    for (int i = 0; i < NBADCONF; i++)
        BAD(xpi_plan_margin_n, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_margin_n(2000, 5, BADCONF[i], 1, &O.d[0]));
    BAD(xpi_plan_margin_n, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_margin_n(2000, 5, 0.95, 0, &O.d[0]));
    BAD(xpi_plan_margin_n, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_margin_n(2000, 5, 0.95, -1, &O.d[0]));
    BAD(xpi_plan_margin_n, C_HUGE, XPI_ERR_OVERFLOW, xpi_plan_margin_n(DBL_MAX, 1, 0.95, 1, &O.d[0]));
    BAD(xpi_plan_margin_n, C_HUGE, XPI_ERR_OVERFLOW, xpi_plan_margin_n(1, 1e-300, 0.95, 1, &O.d[0]));
    BAD(xpi_plan_margin_n, C_HUGE, XPI_ERR_OVERFLOW, xpi_plan_margin_n(1e300, 1e-10, 0.99, 1e10, &O.d[0]));

    /* xpi_plan_group_n(var_a, var_b, difference, alpha, power, deff) */
    BAD(xpi_plan_group_n, C_NULL, XPI_ERR_INVALID_ARG, xpi_plan_group_n(2000, 2000, 5, 0.05, 0.8, 1, NULL));
    FOR_NANS(v) {
        BAD(xpi_plan_group_n, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_group_n(v, 2000, 5, 0.05, 0.8, 1, &O.d[0]));
        BAD(xpi_plan_group_n, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_group_n(2000, v, 5, 0.05, 0.8, 1, &O.d[0]));
        BAD(xpi_plan_group_n, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_group_n(2000, 2000, v, 0.05, 0.8, 1, &O.d[0]));
        BAD(xpi_plan_group_n, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_group_n(2000, 2000, 5, v, 0.8, 1, &O.d[0]));
        BAD(xpi_plan_group_n, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_group_n(2000, 2000, 5, 0.05, v, 1, &O.d[0]));
        BAD(xpi_plan_group_n, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_group_n(2000, 2000, 5, 0.05, 0.8, v, &O.d[0]));
    }
    BAD(xpi_plan_group_n, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_group_n(2000, 2000, 0, 0.05, 0.8, 1, &O.d[0]));
    BAD(xpi_plan_group_n, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_group_n(-1, 2000, 5, 0.05, 0.8, 1, &O.d[0]));
    BAD(xpi_plan_group_n, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_group_n(2000, -1, 5, 0.05, 0.8, 1, &O.d[0]));
    for (int i = 0; i < NBADCONF; i++) {
        BAD(xpi_plan_group_n, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_group_n(2000, 2000, 5, BADCONF[i], 0.8, 1, &O.d[0]));
        BAD(xpi_plan_group_n, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_group_n(2000, 2000, 5, 0.05, BADCONF[i], 1, &O.d[0]));
    }
    BAD(xpi_plan_group_n, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_group_n(2000, 2000, 5, 0.05, 0.8, 0, &O.d[0]));
    BAD(xpi_plan_group_n, C_HUGE, XPI_ERR_OVERFLOW, xpi_plan_group_n(DBL_MAX, 0, 1, 0.05, 0.8, 1, &O.d[0]));
    BAD(xpi_plan_group_n, C_HUGE, XPI_ERR_OVERFLOW, xpi_plan_group_n(1, 1, 1e-300, 0.05, 0.8, 1, &O.d[0]));

    /* xpi_plan_power(var_a, var_b, difference, n_a, n_b, alpha, deff) */
    BAD(xpi_plan_power, C_NULL, XPI_ERR_INVALID_ARG, xpi_plan_power(2000, 2000, 5, 100, 100, 0.05, 1, NULL));
    FOR_NANS(v) {
        BAD(xpi_plan_power, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_power(v, 2000, 5, 100, 100, 0.05, 1, &O.d[0]));
        BAD(xpi_plan_power, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_power(2000, v, 5, 100, 100, 0.05, 1, &O.d[0]));
        BAD(xpi_plan_power, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_power(2000, 2000, v, 100, 100, 0.05, 1, &O.d[0]));
        BAD(xpi_plan_power, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_power(2000, 2000, 5, v, 100, 0.05, 1, &O.d[0]));
        BAD(xpi_plan_power, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_power(2000, 2000, 5, 100, v, 0.05, 1, &O.d[0]));
        BAD(xpi_plan_power, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_power(2000, 2000, 5, 100, 100, v, 1, &O.d[0]));
        BAD(xpi_plan_power, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_power(2000, 2000, 5, 100, 100, 0.05, v, &O.d[0]));
    }
    BAD(xpi_plan_power, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_power(-1, 2000, 5, 100, 100, 0.05, 1, &O.d[0]));
    BAD(xpi_plan_power, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_power(2000, 2000, 5, 0, 100, 0.05, 1, &O.d[0]));
    BAD(xpi_plan_power, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_power(2000, 2000, 5, -1, 100, 0.05, 1, &O.d[0]));
    BAD(xpi_plan_power, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_power(2000, 2000, 5, 100, 0, 0.05, 1, &O.d[0]));
    for (int i = 0; i < NBADCONF; i++)
        BAD(xpi_plan_power, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_power(2000, 2000, 5, 100, 100, BADCONF[i], 1, &O.d[0]));
    BAD(xpi_plan_power, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_power(2000, 2000, 5, 100, 100, 0.05, 0, &O.d[0]));
    {
        double pw = -1;
        BAD(xpi_plan_power, C_HUGE, XPI_OK, xpi_plan_power(2000, 2000, 5, DBL_MAX, DBL_MAX, 0.05, 1, &pw));
        CHECK(pw >= 0 && pw <= 1);
        BAD(xpi_plan_power, C_HUGE, XPI_OK, xpi_plan_power(DBL_MAX, DBL_MAX, 5, 1, 1, 0.05, 1, &pw));
        CHECK(pw >= 0 && pw <= 1);
    }

    /* xpi_plan_mde(var_a, var_b, n_a, n_b, alpha, power, deff) */
    BAD(xpi_plan_mde, C_NULL, XPI_ERR_INVALID_ARG, xpi_plan_mde(2000, 2000, 100, 100, 0.05, 0.8, 1, NULL));
    FOR_NANS(v) {
        BAD(xpi_plan_mde, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_mde(v, 2000, 100, 100, 0.05, 0.8, 1, &O.d[0]));
        BAD(xpi_plan_mde, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_mde(2000, v, 100, 100, 0.05, 0.8, 1, &O.d[0]));
        BAD(xpi_plan_mde, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_mde(2000, 2000, v, 100, 0.05, 0.8, 1, &O.d[0]));
        BAD(xpi_plan_mde, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_mde(2000, 2000, 100, v, 0.05, 0.8, 1, &O.d[0]));
        BAD(xpi_plan_mde, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_mde(2000, 2000, 100, 100, v, 0.8, 1, &O.d[0]));
        BAD(xpi_plan_mde, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_mde(2000, 2000, 100, 100, 0.05, v, 1, &O.d[0]));
        BAD(xpi_plan_mde, C_NAN, XPI_ERR_INVALID_ARG, xpi_plan_mde(2000, 2000, 100, 100, 0.05, 0.8, v, &O.d[0]));
    }
    BAD(xpi_plan_mde, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_mde(-1, 2000, 100, 100, 0.05, 0.8, 1, &O.d[0]));
    BAD(xpi_plan_mde, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_mde(2000, 2000, 0, 100, 0.05, 0.8, 1, &O.d[0]));
    BAD(xpi_plan_mde, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_mde(2000, 2000, 100, -1, 0.05, 0.8, 1, &O.d[0]));
    for (int i = 0; i < NBADCONF; i++) {
        BAD(xpi_plan_mde, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_mde(2000, 2000, 100, 100, BADCONF[i], 0.8, 1, &O.d[0]));
        BAD(xpi_plan_mde, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_mde(2000, 2000, 100, 100, 0.05, BADCONF[i], 1, &O.d[0]));
    }
    BAD(xpi_plan_mde, C_RANGE, XPI_ERR_INVALID_ARG, xpi_plan_mde(2000, 2000, 100, 100, 0.05, 0.8, 0, &O.d[0]));
    BAD(xpi_plan_mde, C_HUGE, XPI_ERR_OVERFLOW, xpi_plan_mde(DBL_MAX, DBL_MAX, 1e-300, 1e-300, 0.05, 0.8, DBL_MAX, &O.d[0]));
}

/* ------------------------------------------------------------------ */
/* The table                                                            */
/* ------------------------------------------------------------------ */
static const char *const STATUS_NAME[] = {
    "OK", "INVALID_ARG", "NO_MEMORY", "SCORE_RANGE", "NOT_ENOUGH_DATA", "NOT_APPLICABLE",
    "MALFORMED", "OVERFLOW", "SCALE_MISMATCH", "BUFFER_TOO_SMALL", "UNSUPPORTED_VERSION", "NaN",
};

static void print_markdown(void)
{
    for (size_t f = 0; f < NFAM; f++) {
        if (FAMILY[f][0] == '#') {
            printf("\n### %s\n\n| function |", FAMILY[f] + 1);
            for (int c = 0; c < NCLASS; c++)
                printf(" %s |", CLASS_NAME[c]);
            printf(" checks |\n|---|");
            for (int c = 0; c < NCLASS; c++)
                printf("---|");
            printf("---|\n");
            continue;
        }
        int total = 0;
        printf("| `%s` |", FAMILY[f]);
        for (int c = 0; c < NCLASS; c++) {
            struct record *r = &rec[f][c];
            total += r->calls;
            if (!r->calls) {
                printf(" — |");
                continue;
            }
            int first = 1;
            /* Failures first, then OK (a valid edge case that succeeds). */
            for (int b = 1; b <= BIT_NAN + 1; b++) {
                int bit = b == BIT_NAN + 1 ? 0 : b;
                if (r->statuses & (1u << bit)) {
                    printf("%s%s", first ? " " : ", ", bit == 0 ? "OK (valid)" : STATUS_NAME[bit]);
                    first = 0;
                }
            }
            for (int i = 0; i < MAX_NOTES && r->notes[i]; i++) {
                printf("%s%s", first ? " " : "; ", r->notes[i]);
                first = 0;
            }
            if (first)
                printf(" (cannot fail)");
            printf(" |");
        }
        printf(" %d |\n", total);
    }
}

int main(int argc, char **argv)
{
    int markdown = argc > 1 && strcmp(argv[1], "--markdown") == 0;
    memset(O_pattern, 0xA5, sizeof O_pattern);
    setup();
    test_version();
    test_dist();
    test_tally();
    test_estimate();
    test_cube();
    test_tables();
    test_resampling();
    test_compare();
    test_padjust();
    test_trends();
    test_plan();
    teardown();

    /* Every public function has checks. */
    int functions = 0;
    for (size_t f = 0; f < NFAM; f++) {
        if (FAMILY[f][0] == '#')
            continue;
        functions++;
        int calls = 0;
        for (int c = 0; c < NCLASS; c++)
            calls += rec[f][c].calls;
        CHECK(calls > 0);
        if (!calls)
            fprintf(stderr, "no check for %s\n", FAMILY[f]);
    }
    if (markdown) {
        print_markdown();
        fprintf(stderr, "%d functions, %d calls checked; %d checks, %d failed\n", functions,
                calls_total, check_count, check_failures);
        return check_failures ? 1 : 0;
    }
    printf("%d functions, %d calls checked\n", functions, calls_total);
    return check_exit();
}
