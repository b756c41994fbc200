/*
 * Fault injection over every public function that allocates.
 *
 * A counting allocator fails its k-th request (alloc or realloc) for
 * k = 0, 1, 2, ... until the call under test succeeds. At every injected
 * failure the call must
 *   - return XPI_ERR_NO_MEMORY,
 *   - leave no block live beyond those that were live before the call,
 *   - leave every input object exactly as it was (tallies and cubes
 *     compared by their serialized bytes, tables and queries by everything
 *     their getters show, caller arrays byte for byte),
 *   - leave every output untouched (pointers keep a sentinel, structs and
 *     arrays a fill pattern; an event callback is never called),
 *   - use no allocator but the documented one (other objects live on a
 *     second, "secondary" allocator that must see no request at all).
 * A call that succeeds must give the same result, bit for bit, as the
 * reference run without failures, and everything must be freed at the
 * end of every run (the allocator tracks each block: a free of a block it
 * never handed out, a realloc of a foreign block or a zero-byte request is
 * an error too).
 *
 * Each function runs in three modes, each with an allocator that has a
 * realloc hook and one that has none (the library then moves blocks by
 * alloc, copy, free):
 *   single  a fresh fixture per k; only request k fails;
 *   sticky  a fresh fixture per k; request k and every later one fails;
 *   retry   one fixture for every k, so a failed call's leftovers (spare
 *           capacity) meet the next attempt, which must still succeed
 *           with the reference result.
 * The batch adds are the documented exception to "unchanged": a failure
 * must leave exactly the first *added responses, and the retry mode
 * resumes from there.
 *
 * A second part proves that the functions documented as not allocating
 * make no request, with an allocator that fails every request.
 *
 * A cube that a failed call leaves with more capacity (xpi_cube_stats'
 * bytes changed, its serialized state not) is reported as a note, not a
 * failure: capacity is not part of the state the contract keeps. A block
 * left live by a failed call is a failure, even when the cube owns it.
 *
 * Output: per function and scenario, the allocation points exercised (the
 * requests a successful call makes on a fresh fixture: each was failed
 * once), and the total.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "xpi.h"

/* ------------------------------------------------------------------------ */
/* Reporting                                                                 */
/* ------------------------------------------------------------------------ */

static long total_failures;
static long case_failures;
static long total_notes;
static const char *cur_fn = "(setup)";
static const char *cur_scenario = "";
static const char *cur_variant = "";
static const char *cur_mode = "";
static long cur_k = -1;

#define MAX_MESSAGES_PER_CASE 6

static void failf(const char *fmt, ...)
{
    va_list ap;
    total_failures++;
    if (case_failures++ >= MAX_MESSAGES_PER_CASE)
        return;
    fprintf(stderr, "FAIL %s [%s] (%s, %s, failing request %ld): ", cur_fn, cur_scenario,
            cur_variant, cur_mode, cur_k);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

static void fatal(const char *what, int status)
{
    fprintf(stderr, "fatal: %s: status %d (%s) in %s [%s]\n", what, status,
            xpi_strerror(status), cur_fn, cur_scenario);
    exit(2);
}

static void must(int status, const char *what)
{
    if (status != XPI_OK)
        fatal(what, status);
}

/* ------------------------------------------------------------------------ */
/* The counting allocator                                                    */
/* ------------------------------------------------------------------------ */

/* Every live block, by address: its size and its pool. Open addressing
 * with backward-shift deletion. */
#define PTAB_BITS 16
#define PTAB_SIZE ((size_t)1 << PTAB_BITS)

struct pool;
typedef struct pentry {
    void *ptr;
    size_t size;
    struct pool *owner;
} pentry;

static pentry ptab[PTAB_SIZE];
static size_t ptab_count;

static size_t ptab_hash(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 29;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 32;
    return (size_t)(x & (PTAB_SIZE - 1));
}

static pentry *ptab_find(const void *p)
{
    size_t i = ptab_hash(p);
    while (ptab[i].ptr != NULL) {
        if (ptab[i].ptr == p)
            return &ptab[i];
        i = (i + 1) & (PTAB_SIZE - 1);
    }
    return NULL;
}

static void ptab_insert(void *p, size_t size, struct pool *owner)
{
    size_t i = ptab_hash(p);
    if (ptab_count >= PTAB_SIZE / 2) {
        fprintf(stderr, "fatal: more than %lu live blocks\n", (unsigned long)(PTAB_SIZE / 2));
        exit(2);
    }
    while (ptab[i].ptr != NULL)
        i = (i + 1) & (PTAB_SIZE - 1);
    ptab[i].ptr = p;
    ptab[i].size = size;
    ptab[i].owner = owner;
    ptab_count++;
}

static void ptab_remove(pentry *e)
{
    size_t i = (size_t)(e - ptab), j = i;
    ptab[i].ptr = NULL;
    ptab_count--;
    for (;;) {
        size_t k;
        j = (j + 1) & (PTAB_SIZE - 1);
        if (ptab[j].ptr == NULL)
            return;
        k = ptab_hash(ptab[j].ptr);
        /* Entry j may move to the hole i unless its home k lies
         * cyclically in (i, j]. */
        if ((i <= j) ? (k <= i || k > j) : (k <= i && k > j)) {
            ptab[i] = ptab[j];
            ptab[j].ptr = NULL;
            i = j;
        }
    }
}

typedef struct pool {
    const char *name;
    long requests;   /* alloc and realloc requests since the last reset */
    long live;       /* blocks not yet freed */
    long fail_at;    /* the request to fail, -1: none */
    int sticky;      /* fail every request from fail_at on */
    long injected;   /* failures returned since the last reset */
    size_t live_bytes;
} pool;

static pool P = {"primary", 0, 0, -1, 0, 0, 0};
static pool Q = {"secondary", 0, 0, -1, 0, 0, 0};
static long allocator_misuse;

static void misuse(const char *fmt, const void *ptr, size_t size)
{
    allocator_misuse++;
    total_failures++;
    if (allocator_misuse <= 10) {
        fprintf(stderr, "FAIL %s [%s] (%s, %s, failing request %ld): allocator misuse: ", cur_fn,
                cur_scenario, cur_variant, cur_mode, cur_k);
        fprintf(stderr, fmt, ptr, (unsigned long)size);
        fputc('\n', stderr);
    }
}

static int should_fail(pool *p)
{
    long r = p->requests++;
    if (p->fail_at >= 0 && (r == p->fail_at || (p->sticky && r > p->fail_at))) {
        p->injected++;
        return 1;
    }
    return 0;
}

static void *hook_alloc(void *user_data, size_t size)
{
    pool *p = user_data;
    void *m;
    if (size == 0)
        misuse("alloc of 0 bytes (%p, %lu)", NULL, size);
    if (should_fail(p))
        return NULL;
    m = malloc(size ? size : 1);
    if (m == NULL) {
        fprintf(stderr, "fatal: real out of memory\n");
        exit(2);
    }
    ptab_insert(m, size, p);
    p->live++;
    p->live_bytes += size;
    return m;
}

static void *hook_realloc(void *user_data, void *ptr, size_t size)
{
    pool *p = user_data;
    pentry *e = ptr != NULL ? ptab_find(ptr) : NULL;
    void *m;
    if (e == NULL || e->owner != p) {
        misuse("realloc of a block this allocator does not own (%p, %lu bytes)", ptr, size);
        return NULL;
    }
    if (size == 0)
        misuse("realloc to 0 bytes (%p, %lu)", ptr, size);
    if (should_fail(p))
        return NULL;
    m = realloc(ptr, size ? size : 1);
    if (m == NULL) {
        fprintf(stderr, "fatal: real out of memory\n");
        exit(2);
    }
    p->live_bytes = p->live_bytes - e->size + size;
    ptab_remove(e);
    ptab_insert(m, size, p);
    return m;
}

static void hook_free(void *user_data, void *ptr)
{
    pool *p = user_data;
    pentry *e = ptr != NULL ? ptab_find(ptr) : NULL;
    if (e == NULL || e->owner != p) {
        /* Not ours: leave it alone rather than corrupt the heap. */
        misuse("free of a block this allocator does not own (%p, %lu)", ptr, 0);
        return;
    }
    p->live--;
    p->live_bytes -= e->size;
    ptab_remove(e);
    free(ptr);
}

/* The primary allocator (the one failures are injected into), with or
 * without a realloc hook, and the secondary one. */
static xpi_allocator AP, AQ;

static void allocators_init(int with_realloc)
{
    AP.alloc = hook_alloc;
    AP.realloc = with_realloc ? hook_realloc : NULL;
    AP.free = hook_free;
    AP.user_data = &P;
    AQ.alloc = hook_alloc;
    AQ.realloc = hook_realloc;
    AQ.free = hook_free;
    AQ.user_data = &Q;
}

static void pool_quiet(pool *p)
{
    p->fail_at = -1;
    p->sticky = 0;
}

static void pool_arm(pool *p, long fail_at, int sticky)
{
    p->fail_at = fail_at;
    p->sticky = sticky;
    p->requests = 0;
    p->injected = 0;
}

/* ------------------------------------------------------------------------ */
/* Snapshots: an object's whole visible state as bytes                      */
/* ------------------------------------------------------------------------ */

typedef struct snap {
    unsigned char *b;
    size_t n, cap;
} snap;

/* Freed snapshot buffers are kept for the next snapshots: cube snapshots
 * are large, and fresh pages for each would cost more than the checks. */
#define SNAP_CACHE 16
static unsigned char *snap_cache[SNAP_CACHE];
static size_t snap_cache_cap[SNAP_CACHE];
static size_t snap_cached;

static void snap_put(snap *s, const void *p, size_t n)
{
    if (s->b == NULL && snap_cached > 0) {
        size_t i, best = 0;
        for (i = 1; i < snap_cached; i++)
            if (snap_cache_cap[i] > snap_cache_cap[best])
                best = i;
        s->b = snap_cache[best];
        s->cap = snap_cache_cap[best];
        s->n = 0;
        snap_cached--;
        snap_cache[best] = snap_cache[snap_cached];
        snap_cache_cap[best] = snap_cache_cap[snap_cached];
    }
    if (s->n + n > s->cap) {
        size_t cap = 2 * s->cap > s->n + n ? 2 * s->cap : s->n + n;
        if (cap < 256)
            cap = 256;
        s->b = realloc(s->b, cap);
        if (s->b == NULL) {
            fprintf(stderr, "fatal: snapshot out of memory\n");
            exit(2);
        }
        s->cap = cap;
    }
    if (n > 0)
        memcpy(s->b + s->n, p, n);
    s->n += n;
}

static void snap_i64(snap *s, int64_t v)
{
    snap_put(s, &v, sizeof v);
}

static void snap_f64(snap *s, double v)
{
    snap_put(s, &v, sizeof v);
}

static void snap_str(snap *s, const char *str)
{
    size_t n = str != NULL ? strlen(str) : 0;
    snap_i64(s, (int64_t)n);
    snap_put(s, str, n);
}

static void snap_free(snap *s)
{
    if (s->b != NULL && snap_cached < SNAP_CACHE) {
        snap_cache[snap_cached] = s->b;
        snap_cache_cap[snap_cached++] = s->cap;
    } else {
        free(s->b);
    }
    memset(s, 0, sizeof *s);
}

static void snap_cache_release(void)
{
    while (snap_cached > 0)
        free(snap_cache[--snap_cached]);
}

static int snap_same(const snap *a, const snap *b)
{
    return a->n == b->n && (a->n == 0 || memcmp(a->b, b->b, a->n) == 0);
}

static size_t snap_first_difference(const snap *a, const snap *b)
{
    size_t i, n = a->n < b->n ? a->n : b->n;
    for (i = 0; i < n; i++)
        if (a->b[i] != b->b[i])
            return i;
    return n;
}

/* Where objects are serialized before their bytes join a snapshot: kept
 * for the whole run (a cube's bytes are up to a megabyte). */
static unsigned char *scratch;
static size_t scratch_cap;

static unsigned char *scratch_for(size_t len)
{
    if (len > scratch_cap) {
        free(scratch);
        scratch = malloc(len);
        if (scratch == NULL) {
            fprintf(stderr, "fatal: snapshot out of memory\n");
            exit(2);
        }
        scratch_cap = len;
    }
    return scratch;
}

static void snap_tally(snap *s, const xpi_tally *t)
{
    size_t len = 0;
    unsigned char *tmp;
    if (t == NULL) {
        snap_str(s, "(null tally)");
        return;
    }
    must(xpi_tally_serialize(t, NULL, 0, &len), "tally length");
    tmp = scratch_for(len);
    must(xpi_tally_serialize(t, tmp, len, &len), "tally serialize");
    snap_i64(s, (int64_t)len);
    snap_put(s, tmp, len);
}

static void snap_cube(snap *s, const xpi_cube *c)
{
    size_t len = 0;
    unsigned char *tmp;
    uint64_t responses = 0, cells = 0;
    must(xpi_cube_serialize(c, NULL, 0, &len), "cube length");
    tmp = scratch_for(len);
    must(xpi_cube_serialize(c, tmp, len, &len), "cube serialize");
    snap_i64(s, (int64_t)len);
    snap_put(s, tmp, len);
    must(xpi_cube_stats(c, &responses, &cells, NULL), "cube stats");
    snap_i64(s, (int64_t)responses);
    snap_i64(s, (int64_t)cells);
}

/* The bytes a cube says it holds: capacity, which the contract does not
 * promise to keep (reported, not failed). */
static uint64_t cube_bytes(const xpi_cube *c)
{
    uint64_t b = 0;
    must(xpi_cube_stats(c, NULL, NULL, &b), "cube stats");
    return b;
}

static void snap_query(snap *s, const xpi_query *q)
{
    int32_t key;
    for (key = XPI_QUERY_STAT; key <= XPI_QUERY_PENALTY; key++) {
        double v = -12345.0;
        int status = xpi_query_get_param(q, key, &v);
        snap_i64(s, status);
        snap_f64(s, v);
    }
}

/* Everything a table's getters show, in its current order. */
static void snap_table(snap *s, const xpi_table *t)
{
    int32_t kind = 0, col, key;
    size_t keys = 0, rows = 0, r, k;
    must(xpi_table_kind(t, &kind, &keys), "table kind");
    must(xpi_table_rows(t, &rows), "table rows");
    snap_i64(s, kind);
    snap_i64(s, (int64_t)keys);
    snap_i64(s, (int64_t)rows);
    for (r = 0; r < rows; r++) {
        for (k = 0; k < keys; k++) {
            const char *label = NULL;
            uint32_t id = 0;
            must(xpi_table_label(t, r, k, &label, &id), "table label");
            snap_str(s, label);
            snap_i64(s, id);
        }
        for (col = XPI_COL_N; col <= XPI_COL_EVENT_ROW; col++) {
            double v = -12345.0;
            int status = xpi_table_get(t, r, col, &v);
            snap_i64(s, status);
            snap_f64(s, v);
        }
        if (kind == XPI_TABLE_KIND_EVENTS) {
            xpi_event e;
            must(xpi_table_event(t, r, &e), "table event");
            snap_i64(s, e.kind);
            snap_i64(s, e.direction);
            snap_i64(s, (int64_t)e.row);
            snap_f64(s, e.period_start);
            snap_f64(s, e.magnitude);
            snap_f64(s, e.evidence);
            snap_f64(s, e.p_value);
        }
    }
    for (key = XPI_TABLE_N; key <= XPI_TABLE_PENALTY; key++) {
        double v = -12345.0;
        int status = xpi_table_figure(t, key, &v);
        snap_i64(s, status);
        snap_f64(s, v);
    }
}

/* ------------------------------------------------------------------------ */
/* The context of one call: its inputs and its outputs                      */
/* ------------------------------------------------------------------------ */

#define MAX_TALLIES 40
#define MAX_VALUES 400
#define MAX_BATCH 80

typedef struct outs {
    xpi_tally *tally;
    xpi_cube *cube;
    xpi_query *query;
    xpi_table *table;
    xpi_estimate est;
    xpi_chi2_test chi;
    xpi_trend_test mk;
    xpi_slope slope;
    double prob;
    uint32_t id;
    size_t added;
    long callbacks;
    double adj[64];
} outs;

typedef struct ctx {
    /* inputs (NULL entries allowed in tallies) */
    xpi_tally *tallies[MAX_TALLIES];
    size_t ntallies;
    xpi_cube *cubes[3];
    size_t ncubes;
    xpi_query *queries[3];
    size_t nqueries;
    xpi_table *tables[2];
    size_t ntables;
    double values[MAX_VALUES];
    size_t nvalues;
    unsigned char *buf; /* serialized input (malloc'd by the test) */
    size_t buf_len;
    /* batch input: responses[offset..count) still to add */
    size_t batch_count, batch_offset;
    int64_t times[MAX_BATCH];
    const char *strings[MAX_BATCH * 2];
    uint32_t ids[MAX_BATCH * 2];
    int32_t scores[MAX_BATCH];
    double weights[MAX_BATCH];
    int by_id;
    size_t last_added; /* *added of the last failed batch, once checked */
    /* outputs */
    outs o;
} ctx;

static char sentinel_object;
#define SENTINEL ((void *)&sentinel_object)

static void outputs_init(ctx *x)
{
    memset(&x->o, 0x5a, sizeof x->o);
    x->o.tally = SENTINEL;
    x->o.cube = SENTINEL;
    x->o.query = SENTINEL;
    x->o.table = SENTINEL;
    x->o.callbacks = 0;
}

/* Each input object's state, separately, to say which one changed. */
#define MAX_SNAPS (MAX_TALLIES + 3 + 3 + 2 + 2)
typedef struct snapset {
    snap s[MAX_SNAPS];
    const char *what[MAX_SNAPS];
    size_t n;
} snapset;

static snap *snapset_next(snapset *ss, const char *what)
{
    snap *s = &ss->s[ss->n];
    memset(s, 0, sizeof *s);
    ss->what[ss->n++] = what;
    return s;
}

static void snap_inputs(const ctx *x, snapset *ss)
{
    size_t i;
    ss->n = 0;
    for (i = 0; i < x->ntallies; i++)
        snap_tally(snapset_next(ss, "input tally"), x->tallies[i]);
    for (i = 0; i < x->ncubes; i++)
        snap_cube(snapset_next(ss, "input cube"), x->cubes[i]);
    for (i = 0; i < x->nqueries; i++)
        if (x->queries[i] != NULL)
            snap_query(snapset_next(ss, "input query"), x->queries[i]);
    for (i = 0; i < x->ntables; i++)
        snap_table(snapset_next(ss, "input table"), x->tables[i]);
    {
        snap *s = snapset_next(ss, "input array");
        snap_put(s, x->values, x->nvalues * sizeof *x->values);
        snap_put(s, x->buf, x->buf_len);
    }
}

static void snapset_free(snapset *ss)
{
    size_t i;
    for (i = 0; i < ss->n; i++)
        snap_free(&ss->s[i]);
    ss->n = 0;
}

/* Reports the first input that differs; 1 when all are the same. */
static int snapset_compare(const snapset *before, const snapset *after)
{
    size_t i;
    if (before->n != after->n) {
        failf("number of input objects changed");
        return 0;
    }
    for (i = 0; i < before->n; i++) {
        if (!snap_same(&before->s[i], &after->s[i])) {
            failf("%s #%lu changed (%lu bytes before, %lu after, first difference at byte %lu)",
                  before->what[i], (unsigned long)i, (unsigned long)before->s[i].n,
                  (unsigned long)after->s[i].n,
                  (unsigned long)snap_first_difference(&before->s[i], &after->s[i]));
            return 0;
        }
    }
    return 1;
}

/* The result of a successful call: its outputs' contents and the inputs'
 * state afterwards (a mutating call's effect). */
static void snap_result(const ctx *x, int partial, snap *s)
{
    snapset ss;
    size_t i;
    snap_inputs(x, &ss);
    for (i = 0; i < ss.n; i++)
        snap_put(s, ss.s[i].b, ss.s[i].n);
    snapset_free(&ss);
    if (x->o.tally != SENTINEL)
        snap_tally(s, x->o.tally);
    if (x->o.cube != SENTINEL)
        snap_cube(s, x->o.cube);
    if (x->o.query != SENTINEL)
        snap_query(s, x->o.query);
    if (x->o.table != SENTINEL)
        snap_table(s, x->o.table);
    snap_put(s, &x->o.est, sizeof x->o.est);
    snap_put(s, &x->o.chi, sizeof x->o.chi);
    snap_put(s, &x->o.mk, sizeof x->o.mk);
    snap_put(s, &x->o.slope, sizeof x->o.slope);
    snap_put(s, &x->o.prob, sizeof x->o.prob);
    snap_put(s, &x->o.id, sizeof x->o.id);
    snap_put(s, &x->o.callbacks, sizeof x->o.callbacks);
    snap_put(s, x->o.adj, sizeof x->o.adj);
    if (partial)
        snap_i64(s, (int64_t)(x->batch_offset + x->o.added));
}

static void ctx_free(ctx *x)
{
    size_t i;
    if (x->o.tally != SENTINEL)
        xpi_tally_free(x->o.tally);
    if (x->o.cube != SENTINEL)
        xpi_cube_free(x->o.cube);
    if (x->o.query != SENTINEL)
        xpi_query_free(x->o.query);
    if (x->o.table != SENTINEL)
        xpi_table_free(x->o.table);
    for (i = 0; i < x->ntallies; i++)
        xpi_tally_free(x->tallies[i]);
    for (i = 0; i < x->ncubes; i++)
        xpi_cube_free(x->cubes[i]);
    for (i = 0; i < x->nqueries; i++)
        xpi_query_free(x->queries[i]);
    for (i = 0; i < x->ntables; i++)
        xpi_table_free(x->tables[i]);
    free(x->buf);
    free(x);
}

static ctx *ctx_new(void)
{
    ctx *x = calloc(1, sizeof *x);
    if (x == NULL)
        exit(2);
    outputs_init(x);
    return x;
}

/* ------------------------------------------------------------------------ */
/* Fixtures                                                                  */
/* ------------------------------------------------------------------------ */

/* A small deterministic generator (splitmix64). */
typedef struct gen {
    uint64_t s;
} gen;

static uint64_t gen_next(gen *g)
{
    uint64_t z = (g->s += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

static double gen_unit(gen *g)
{
    return (double)(gen_next(g) >> 11) * (1.0 / 9007199254740992.0);
}

static uint32_t gen_below(gen *g, uint32_t n)
{
    return (uint32_t)(gen_next(g) % n);
}

#define DAY 86400
#define T2025 INT64_C(1735689600) /* 2025-01-01T00:00:00Z */

/* An NPS score whose promoter and detractor shares move with bias. */
static int32_t nps_score(gen *g, double bias)
{
    double u = gen_unit(g), det = 0.25 - bias, prom = 0.40 + bias;
    if (u < det)
        return (int32_t)gen_below(g, 7);
    if (u < 1.0 - prom)
        return 7 + (int32_t)gen_below(g, 2);
    return 9 + (int32_t)gen_below(g, 2);
}

static const double weight_choices[4] = {0.5, 1.0, 1.5, 2.25};

static xpi_tally *tally_nps(const xpi_allocator *a, uint64_t seed, size_t n, int weighted)
{
    gen g;
    xpi_tally *t = NULL;
    size_t i;
    g.s = seed;
    must(xpi_tally_new(&t, XPI_METRIC_NPS, a), "fixture tally");
    for (i = 0; i < n; i++)
        must(xpi_tally_add(t, nps_score(&g, 0.0), weighted ? weight_choices[gen_below(&g, 4)] : 1.0),
             "fixture add");
    return t;
}

static xpi_tally *tally_csat(const xpi_allocator *a, uint64_t seed, size_t n)
{
    gen g;
    xpi_tally *t = NULL;
    size_t i;
    g.s = seed;
    must(xpi_tally_new(&t, XPI_METRIC_CSAT, a), "fixture tally");
    for (i = 0; i < n; i++)
        must(xpi_tally_add_n(t, 1 + (int32_t)gen_below(&g, 5), 1 + gen_below(&g, 3)),
             "fixture add");
    return t;
}

/* A custom 0..100 scale, bands 0..30 and 70..100, mean by default,
 * weighted. */
static xpi_tally *tally_custom(const xpi_allocator *a, uint64_t seed, size_t n)
{
    gen g;
    xpi_tally *t = NULL;
    size_t i;
    g.s = seed;
    must(xpi_tally_new_scale(&t, 0, 100, 30, 70, XPI_STAT_MEAN, a), "fixture tally");
    for (i = 0; i < n; i++) {
        int32_t score = (int32_t)(gen_below(&g, 60) + gen_below(&g, 41));
        must(xpi_tally_add(t, score, 0.25 + 2.0 * gen_unit(&g)), "fixture add");
    }
    return t;
}

static const char *const nps_dims[2] = {"region", "channel"};
static const char *const regions[6] = {"north", "south", "east", "west", "central", NULL};
static const char *const channels[4] = {"web", "app", "phone", "store"};

static uint64_t cube_cells(const xpi_cube *c)
{
    uint64_t cells = 0;
    must(xpi_cube_stats(c, NULL, &cells, NULL), "cube stats");
    return cells;
}

/* The level of a region on a day: the north drops from April, everyone
 * from May. */
static double shift_bias(uint32_t region, uint32_t day)
{
    return (region == 0 && day >= 90 ? -0.15 : 0.0) + (day >= 120 ? -0.2 : 0.0);
}

/* The realistic cube: NPS by region and channel, weighted, January to
 * June 2025, the north dropping from April and everyone from May; exactly
 * 256 cells (its cell table full: the next new cell grows it) and about
 * 420 responses. */
static xpi_cube *cube_nps(const xpi_allocator *a)
{
    static int64_t times[1000];
    static uint32_t reg[1000], chan[1000];
    gen g;
    xpi_cube *c = NULL;
    size_t n = 0, i;
    g.s = 7;
    must(xpi_cube_new(&c, XPI_METRIC_NPS, 2, nps_dims, a), "fixture cube");
    while (cube_cells(c) < 256) {
        const char *v[2];
        uint32_t day = gen_below(&g, 181);
        double bias;
        reg[n] = gen_below(&g, 6);
        chan[n] = gen_below(&g, 4);
        times[n] = T2025 + (int64_t)day * DAY + (int64_t)gen_below(&g, DAY);
        v[0] = regions[reg[n]];
        v[1] = channels[chan[n]];
        bias = shift_bias(reg[n], day) + (chan[n] == 1 ? 0.1 : 0.0);
        must(xpi_cube_add(c, times[n], v, nps_score(&g, bias), weight_choices[gen_below(&g, 4)]),
             "fixture cube add");
        n++;
    }
    for (i = 0; i < 160; i++) { /* more responses into existing cells */
        const char *v[2];
        size_t j = gen_below(&g, (uint32_t)n);
        v[0] = regions[reg[j]];
        v[1] = channels[chan[j]];
        must(xpi_cube_add(c, times[j], v,
                          nps_score(&g, shift_bias(reg[j], (uint32_t)((times[j] - T2025) / DAY))),
                          weight_choices[gen_below(&g, 4)]),
             "fixture cube add");
    }
    if (cube_cells(c) != 256)
        fatal("cube_nps is not 256 cells", -1);
    return c;
}

/* The second half of 2025 for the same layout: some regions shared, new
 * ones, and 13 channels of which 12 are new (dst's channel dictionary
 * must grow), mostly new cells (more than a slab of them). */
static xpi_cube *cube_nps_second_half(const xpi_allocator *a)
{
    static const char *const regions2[5] = {"north", "south", "arctic", "tropic", NULL};
    static const char *const channels2[13] = {"web", "kiosk-01", "kiosk-02", "kiosk-03",
        "kiosk-04", "kiosk-05", "kiosk-06", "kiosk-07", "kiosk-08", "kiosk-09", "kiosk-10",
        "kiosk-11", "kiosk-12"};
    gen g;
    xpi_cube *c = NULL;
    size_t i;
    g.s = 99;
    must(xpi_cube_new(&c, XPI_METRIC_NPS, 2, nps_dims, a), "fixture cube");
    for (i = 0; i < 330; i++) {
        const char *v[2];
        int64_t t = T2025 + (int64_t)(181 + gen_below(&g, 184)) * DAY + (int64_t)gen_below(&g, DAY);
        v[0] = regions2[gen_below(&g, 5)];
        v[1] = channels2[gen_below(&g, 13)];
        must(xpi_cube_add(c, t, v, nps_score(&g, 0.05), weight_choices[gen_below(&g, 4)]),
             "fixture cube add");
    }
    return c;
}

static const char *const team_dims[2] = {"team", "product"};

/* A custom 1..7 scale (bands 1..3 and 5..7, mean by default),
 * unweighted, hourly buckets at UTC+2, by team and product. */
static xpi_cube *cube_custom(const xpi_allocator *a)
{
    static const char *const teams[8] = {"alpha", "bravo", "charlie", "delta", "echo",
                                         "foxtrot", "golf", NULL};
    static const char *const products[5] = {"basic", "plus", "pro", "enterprise", "trial"};
    gen g;
    xpi_cube *c = NULL;
    size_t i;
    g.s = 31;
    must(xpi_cube_new_scale(&c, 1, 7, 3, 5, XPI_STAT_MEAN, 2, team_dims, a), "fixture cube");
    must(xpi_cube_set_time(c, 3600, 7200), "fixture set_time");
    for (i = 0; i < 300; i++) {
        const char *v[2];
        uint32_t team = gen_below(&g, 8);
        int64_t t = T2025 + (int64_t)gen_below(&g, 150) * DAY + (int64_t)gen_below(&g, DAY);
        int32_t score = 1 + (int32_t)gen_below(&g, 7);
        if (team < 2 && score < 7)
            score++;
        v[0] = teams[team];
        v[1] = products[gen_below(&g, 5)];
        must(xpi_cube_add(c, t, v, score, 1.0), "fixture cube add");
    }
    return c;
}

/* A 15-byte value of a grow cube. */
static void grow_value(char *out, char dim, unsigned i)
{
    snprintf(out, 16, "%c-value-%07u", dim, i);
}

static const char *const grow_dims[2] = {"a", "b"};

/* A cube at every capacity at once: a custom 0..159 scale (16 cells per
 * slab), exactly 256 cells in 16 full slabs (cell table, slot table and
 * slab list all full), and each dimension's dictionary at its capacity:
 * 16 ids with 241 of 256 arena bytes, its slot table full. */
static xpi_cube *cube_grow(const xpi_allocator *a)
{
    gen g;
    xpi_cube *c = NULL;
    char av[16], bv[16];
    unsigned i;
    g.s = 5;
    must(xpi_cube_new_scale(&c, 0, 159, 59, 120, XPI_STAT_MEAN, 2, grow_dims, a), "fixture cube");
    for (i = 0; i < 256; i++) {
        const char *v[2];
        grow_value(av, 'a', i % 15);
        grow_value(bv, 'b', (i / 15) % 15);
        v[0] = av;
        v[1] = bv;
        must(xpi_cube_add(c, T2025 + (int64_t)(i / 225) * DAY, v, (int32_t)gen_below(&g, 160),
                          1.0 + gen_unit(&g)),
             "fixture cube add");
    }
    for (i = 0; i < 200; i++) { /* more responses, existing cells */
        const char *v[2];
        unsigned j = gen_below(&g, 256);
        grow_value(av, 'a', j % 15);
        grow_value(bv, 'b', (j / 15) % 15);
        v[0] = av;
        v[1] = bv;
        must(xpi_cube_add(c, T2025 + (int64_t)(j / 225) * DAY, v, (int32_t)gen_below(&g, 160), 1.0),
             "fixture cube add");
    }
    if (cube_cells(c) != 256)
        fatal("cube_grow is not 256 cells", -1);
    return c;
}

/* The weekly series of the realistic cube (26 weeks, a shift in the
 * north from April), allocated through a. */
static xpi_table *series_weekly(const xpi_allocator *a)
{
    xpi_cube *c = cube_nps(a);
    xpi_table *t = NULL;
    must(xpi_cube_series(c, NULL, XPI_PERIOD_WEEK, &t), "fixture series");
    xpi_cube_free(c);
    return t;
}

/* A series from 30 unweighted tallies with a slow, steady drift up: the
 * trend detector's path of xpi_series_events. */
static xpi_table *series_drift(const xpi_allocator *a)
{
    xpi_tally *t[30];
    xpi_table *s = NULL;
    size_t i;
    for (i = 0; i < 30; i++) {
        t[i] = NULL;
        must(xpi_tally_new(&t[i], XPI_METRIC_NPS, a), "fixture tally");
        must(xpi_tally_add_n(t[i], 3, 200), "fixture add");
        must(xpi_tally_add_n(t[i], 8, 500 - i), "fixture add");
        must(xpi_tally_add_n(t[i], 10, 300 + i), "fixture add");
    }
    must(xpi_series_from_tallies((const xpi_tally *const *)t, 30, NULL, &s), "fixture series");
    for (i = 0; i < 30; i++)
        xpi_tally_free(t[i]);
    return s;
}

static xpi_query *query_new(void)
{
    xpi_query *q = NULL;
    must(xpi_query_new(&q, &AQ), "fixture query");
    return q;
}

static void add_tally(ctx *x, xpi_tally *t)
{
    x->tallies[x->ntallies++] = t;
}

static void add_cube(ctx *x, xpi_cube *c)
{
    x->cubes[x->ncubes++] = c;
}

static void add_query(ctx *x, xpi_query *q)
{
    x->queries[x->nqueries++] = q;
}

static void add_table(ctx *x, xpi_table *t)
{
    x->tables[x->ntables++] = t;
}

/* A series of values with gaps and noise around a slope. */
static void fill_values(ctx *x, size_t n, double slope, uint64_t seed)
{
    gen g;
    size_t i;
    g.s = seed;
    for (i = 0; i < n; i++) {
        x->values[i] = slope * (double)i + 10.0 * (gen_unit(&g) - 0.5) + 3.0 * sin((double)i);
        if (i % 17 == 5)
            x->values[i] = (double)NAN;
    }
    x->nvalues = n;
}

/* ------------------------------------------------------------------------ */
/* The cases                                                                 */
/* ------------------------------------------------------------------------ */

/* -- tallies -- */
static void setup_none(ctx *x)
{
    (void)x;
}
static int call_tally_new(ctx *x)
{
    return xpi_tally_new(&x->o.tally, XPI_METRIC_CSAT, &AP);
}
static int call_tally_new_scale(ctx *x)
{
    return xpi_tally_new_scale(&x->o.tally, 0, 100, 30, 70, XPI_STAT_MEAN, &AP);
}
static void setup_nps_w(ctx *x)
{
    add_tally(x, tally_nps(&AP, 11, 300, 1));
}
static void setup_custom(ctx *x)
{
    add_tally(x, tally_custom(&AP, 12, 250));
}
static void setup_csat(ctx *x)
{
    add_tally(x, tally_csat(&AP, 13, 200));
}
static int call_tally_clone(ctx *x)
{
    return xpi_tally_clone(&x->o.tally, x->tallies[0]);
}
static void setup_serialized_tally(ctx *x)
{
    xpi_tally *t = tally_custom(&AQ, 14, 250);
    must(xpi_tally_serialize(t, NULL, 0, &x->buf_len), "fixture length");
    x->buf = malloc(x->buf_len);
    if (x->buf == NULL)
        exit(2);
    must(xpi_tally_serialize(t, x->buf, x->buf_len, &x->buf_len), "fixture serialize");
    xpi_tally_free(t);
}
static int call_tally_deserialize(ctx *x)
{
    return xpi_tally_deserialize(&x->o.tally, x->buf, x->buf_len, &AP);
}
static int call_estimate_bootstrap(ctx *x)
{
    return xpi_tally_estimate(x->tallies[0], XPI_STAT_NET, XPI_CI_BOOTSTRAP, 0.95, &x->o.est);
}
static int call_estimate_bayes(ctx *x)
{
    return xpi_tally_estimate(x->tallies[0], XPI_STAT_MEAN, XPI_CI_BAYES, 0.9, &x->o.est);
}
static int call_bootstrap_bca(ctx *x)
{
    return xpi_tally_bootstrap(x->tallies[0], XPI_STAT_TOP, XPI_BOOT_BCA, 500, 42, 0.95,
                               &x->o.est);
}
static int call_bootstrap_pct(ctx *x)
{
    return xpi_tally_bootstrap(x->tallies[0], XPI_STAT_MEAN, XPI_BOOT_PERCENTILE, 300, 7, 0.9,
                               &x->o.est);
}
static int call_bayes_bands(ctx *x)
{
    return xpi_tally_bayes(x->tallies[0], XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 500, 3, 0.95,
                           &x->o.est);
}
static int call_bayes_scale(ctx *x)
{
    return xpi_tally_bayes(x->tallies[0], XPI_STAT_MEAN, XPI_BAYES_SCALE, 1.0, 300, 4, 0.8,
                           &x->o.est);
}
static void setup_two_nps(ctx *x)
{
    add_tally(x, tally_nps(&AP, 21, 300, 1));
    add_tally(x, tally_nps(&AQ, 22, 250, 0)); /* b: its allocator is not used */
}
static int call_prob_greater(ctx *x)
{
    return xpi_tally_prob_greater(x->tallies[0], x->tallies[1], XPI_STAT_NET, XPI_BAYES_BANDS,
                                  0.5, 400, 9, &x->o.prob);
}
static void setup_three_nps(ctx *x)
{
    add_tally(x, tally_nps(&AP, 31, 200, 1));
    add_tally(x, tally_nps(&AQ, 32, 150, 0));
    add_tally(x, tally_nps(&AQ, 33, 180, 1));
}
static int call_chi2_bands(ctx *x)
{
    return xpi_tally_chi2((const xpi_tally *const *)x->tallies, 3, XPI_CHI2_BANDS, &x->o.chi);
}
static void setup_two_custom(ctx *x)
{
    add_tally(x, tally_custom(&AP, 41, 300));
    add_tally(x, tally_custom(&AQ, 42, 200));
}
static int call_chi2_scale(ctx *x)
{
    return xpi_tally_chi2((const xpi_tally *const *)x->tallies, 2, XPI_CHI2_SCALE, &x->o.chi);
}

/* -- cubes -- */
static int call_cube_new(ctx *x)
{
    return xpi_cube_new(&x->o.cube, XPI_METRIC_NPS, 2, nps_dims, &AP);
}
static int call_cube_new_16(ctx *x)
{
    static const char *const names[16] = {"d00", "d01", "d02", "d03", "d04", "d05", "d06", "d07",
                                          "d08", "d09", "d10", "d11", "d12", "d13", "d14", "d15"};
    return xpi_cube_new(&x->o.cube, XPI_METRIC_CES, 16, names, &AP);
}
static int call_cube_new_scale(ctx *x)
{
    return xpi_cube_new_scale(&x->o.cube, 0, 159, 59, 120, XPI_STAT_MEAN, 2, grow_dims, &AP);
}
static void setup_cube_nps(ctx *x)
{
    add_cube(x, cube_nps(&AP));
}
static void setup_cube_grow(ctx *x)
{
    add_cube(x, cube_grow(&AP));
}
static int call_cube_add_nps(ctx *x)
{
    /* Known values, a new day: the 257th cell. */
    static const char *const v[2] = {"east", "phone"};
    return xpi_cube_add(x->cubes[0], T2025 + 200 * DAY + 3600, v, 9, 1.5);
}
static int call_cube_add_grow(ctx *x)
{
    /* Two new values, each its dictionary's 17th id (ids, arena and slots
     * grow), in a new cell: the 257th (cells, keys, slots grow) and the
     * first of the 17th slab (the slab list grows). */
    static const char *const v[2] = {"a-new-value-015", "b-new-value-015"};
    return xpi_cube_add(x->cubes[0], T2025 + 10 * DAY, v, 150, 2.0);
}
static int call_cube_add_ids(ctx *x)
{
    static const uint32_t ids[2] = {1, 1};
    return xpi_cube_add_ids(x->cubes[0], T2025 + 10 * DAY, ids, 33, 1.0);
}
static int call_cube_intern(ctx *x)
{
    return xpi_cube_intern(x->cubes[0], 1, "b-new-value-015", &x->o.id);
}
static void setup_batch_values(ctx *x)
{
    static const char *const new_regions[16] = {"north", "harbour", "uplands", NULL,
        "isles", "delta", "plains", "coast", "valley", "ridge", "forest", "lakes", "capital",
        "metro", "rural", "south"};
    static const char *const new_channels[5] = {"web", "chat", "email", "", "partner"};
    gen g;
    size_t i;
    g.s = 555;
    add_cube(x, cube_nps(&AP));
    x->batch_count = 80;
    for (i = 0; i < x->batch_count; i++) {
        x->times[i] = T2025 + (int64_t)(150 + gen_below(&g, 90)) * DAY + (int64_t)gen_below(&g, DAY);
        x->strings[2 * i] = new_regions[gen_below(&g, 16)];
        x->strings[2 * i + 1] = new_channels[gen_below(&g, 5)];
        x->scores[i] = nps_score(&g, 0.0);
        x->weights[i] = weight_choices[gen_below(&g, 4)];
    }
}
static void setup_batch_ids(ctx *x)
{
    gen g;
    size_t i;
    uint32_t a = 0, b = 0;
    g.s = 556;
    add_cube(x, cube_grow(&AP));
    must(xpi_cube_value_count(x->cubes[0], 0, &a), "value count");
    must(xpi_cube_value_count(x->cubes[0], 1, &b), "value count");
    x->by_id = 1;
    x->batch_count = 70;
    for (i = 0; i < x->batch_count; i++) {
        /* Mostly new cells: the cell table grows, and a slab fills every
         * 16 cells. */
        x->times[i] = T2025 + (int64_t)(2 + gen_below(&g, 30)) * DAY;
        x->ids[2 * i] = gen_below(&g, a);
        x->ids[2 * i + 1] = gen_below(&g, b);
        x->scores[i] = (int32_t)gen_below(&g, 160);
        x->weights[i] = 1.0;
    }
}
static int call_batch(ctx *x)
{
    size_t off = x->batch_offset;
    if (x->by_id)
        return xpi_cube_add_ids_batch(x->cubes[0], x->batch_count - off, x->times + off,
                                      x->ids + 2 * off, x->scores + off, NULL, &x->o.added);
    return xpi_cube_add_batch(x->cubes[0], x->batch_count - off, x->times + off,
                              x->strings + 2 * off, x->scores + off, x->weights + off,
                              &x->o.added);
}
static void setup_merge_new(ctx *x)
{
    add_cube(x, cube_nps(&AP));
    add_cube(x, cube_nps_second_half(&AQ)); /* src: its allocator is not used */
}
static void setup_merge_same(ctx *x)
{
    add_cube(x, cube_nps(&AP));
    add_cube(x, cube_nps(&AQ));
}
static int call_merge(ctx *x)
{
    return xpi_cube_merge(x->cubes[0], x->cubes[1]);
}
static int call_merge_self(ctx *x)
{
    return xpi_cube_merge(x->cubes[0], x->cubes[0]);
}
static void serialize_cube_into(ctx *x, xpi_cube *c)
{
    must(xpi_cube_serialize(c, NULL, 0, &x->buf_len), "fixture length");
    x->buf = malloc(x->buf_len);
    if (x->buf == NULL)
        exit(2);
    must(xpi_cube_serialize(c, x->buf, x->buf_len, &x->buf_len), "fixture serialize");
    xpi_cube_free(c);
}
static void setup_serialized_nps(ctx *x)
{
    serialize_cube_into(x, cube_nps(&AQ));
}
static void setup_serialized_custom(ctx *x)
{
    serialize_cube_into(x, cube_custom(&AQ));
}
static int call_cube_deserialize(ctx *x)
{
    return xpi_cube_deserialize(&x->o.cube, x->buf, x->buf_len, &AP);
}
static void setup_cube_tally(ctx *x)
{
    xpi_query *q = query_new();
    add_cube(x, cube_nps(&AP));
    must(xpi_query_set_filter(q, "channel", "web"), "filter");
    must(xpi_query_set_time(q, T2025 + 31 * DAY, T2025 + 151 * DAY), "time");
    add_query(x, q);
}
static int call_cube_tally(ctx *x)
{
    return xpi_cube_tally(x->cubes[0], x->queries[0], &x->o.tally);
}
static int call_query_new(ctx *x)
{
    return xpi_query_new(&x->o.query, &AP);
}

/* -- segment tables -- */
static void setup_nps_query_null(ctx *x)
{
    add_cube(x, cube_nps(&AP));
    add_query(x, NULL);
}
static int call_breakdown0(ctx *x)
{
    return xpi_cube_breakdown(x->cubes[0], 0, x->queries[0], &x->o.table);
}
static void setup_breakdown_holm(ctx *x)
{
    xpi_query *q = query_new();
    add_cube(x, cube_nps(&AP));
    must(xpi_query_set_param(q, XPI_QUERY_ADJUST, XPI_ADJUST_HOLM), "param");
    must(xpi_query_set_param(q, XPI_QUERY_MIN_N, 10), "param");
    must(xpi_query_set_param(q, XPI_QUERY_METHOD, XPI_CI_WALD), "param");
    must(xpi_query_set_time(q, T2025 + 31 * DAY, T2025 + 151 * DAY), "time");
    add_query(x, q);
}
static int call_breakdown1(ctx *x)
{
    return xpi_cube_breakdown(x->cubes[0], 1, x->queries[0], &x->o.table);
}
static void setup_breakdown_custom(ctx *x)
{
    xpi_query *q = query_new();
    add_cube(x, cube_custom(&AP));
    must(xpi_query_set_param(q, XPI_QUERY_ADJUST, XPI_ADJUST_BY), "param");
    must(xpi_query_set_param(q, XPI_QUERY_MIN_N, 5), "param");
    add_query(x, q);
}
static void setup_crosstab(ctx *x)
{
    xpi_query *q = query_new();
    add_cube(x, cube_nps(&AP));
    must(xpi_query_set_param(q, XPI_QUERY_ADJUST, XPI_ADJUST_HOCHBERG), "param");
    must(xpi_query_set_param(q, XPI_QUERY_MIN_N, 3), "param");
    add_query(x, q);
}
static int call_crosstab(ctx *x)
{
    return xpi_cube_crosstab(x->cubes[0], 0, 1, x->queries[0], &x->o.table);
}
static void setup_decompose(ctx *x)
{
    xpi_query *a = query_new(), *b = query_new();
    add_cube(x, cube_nps(&AP));
    must(xpi_query_set_time(a, T2025, T2025 + 90 * DAY), "time");
    must(xpi_query_set_time(b, T2025 + 90 * DAY, T2025 + 181 * DAY), "time");
    add_query(x, a);
    add_query(x, b);
}
static int call_decompose(ctx *x)
{
    return xpi_cube_decompose(x->cubes[0], 0, x->queries[0], x->queries[1], &x->o.table);
}

/* -- series -- */
static int call_series_month(ctx *x)
{
    return xpi_cube_series(x->cubes[0], x->queries[0], XPI_PERIOD_MONTH, &x->o.table);
}
static void setup_series_week(ctx *x)
{
    xpi_query *q = query_new();
    add_cube(x, cube_nps(&AP));
    must(xpi_query_set_param(q, XPI_QUERY_WINDOW, 4), "param");
    must(xpi_query_set_filter(q, "region", "north"), "filter");
    add_query(x, q);
}
static int call_series_week(ctx *x)
{
    return xpi_cube_series(x->cubes[0], x->queries[0], XPI_PERIOD_WEEK, &x->o.table);
}
static void setup_series_day(ctx *x)
{
    xpi_query *q = query_new();
    add_cube(x, cube_custom(&AP));
    must(xpi_query_set_time(q, T2025 + 10 * DAY, T2025 + 70 * DAY), "time");
    must(xpi_query_set_param(q, XPI_QUERY_METHOD, XPI_CI_T), "param");
    add_query(x, q);
}
static int call_series_day(ctx *x)
{
    return xpi_cube_series(x->cubes[0], x->queries[0], XPI_PERIOD_DAY, &x->o.table);
}
static void setup_series_tallies(ctx *x)
{
    size_t i;
    add_tally(x, NULL); /* a period without data */
    for (i = 1; i < 12; i++) {
        /* The first non-NULL tally's allocator is the table's; the others
         * must not be used. */
        const xpi_allocator *a = i == 1 ? &AP : &AQ;
        if (i == 6) {
            xpi_tally *empty = NULL;
            must(xpi_tally_new(&empty, XPI_METRIC_NPS, a), "fixture tally");
            add_tally(x, empty);
        } else {
            add_tally(x, tally_nps(a, 100 + i, 40 + 5 * i, i % 2));
        }
    }
    add_query(x, query_new());
}
static int call_series_tallies(ctx *x)
{
    return xpi_series_from_tallies((const xpi_tally *const *)x->tallies, x->ntallies,
                                   x->queries[0], &x->o.table);
}
static void setup_weekly(ctx *x)
{
    add_table(x, series_weekly(&AP));
    add_query(x, query_new());
}
static void setup_weekly_trailing(ctx *x)
{
    setup_weekly(x);
    must(xpi_query_set_param(x->queries[0], XPI_QUERY_BASELINE, 4), "param");
    must(xpi_query_set_param(x->queries[0], XPI_QUERY_LAMBDA, 0.3), "param");
}
static int call_chart_shewhart(ctx *x)
{
    return xpi_series_chart(x->tables[0], XPI_CHART_SHEWHART, x->queries[0], &x->o.table);
}
static int call_chart_ewma(ctx *x)
{
    return xpi_series_chart(x->tables[0], XPI_CHART_EWMA, x->queries[0], &x->o.table);
}
static int call_chart_cusum(ctx *x)
{
    return xpi_series_chart(x->tables[0], XPI_CHART_CUSUM, x->queries[0], &x->o.table);
}
static int call_changes(ctx *x)
{
    return xpi_series_changes(x->tables[0], x->queries[0], &x->o.table);
}
static void setup_drift_penalty(ctx *x)
{
    add_table(x, series_drift(&AP));
    add_query(x, query_new());
    must(xpi_query_set_param(x->queries[0], XPI_QUERY_PENALTY, 2.0), "param");
}
static int count_event(const xpi_event *e, void *user_data)
{
    ctx *x = user_data;
    (void)e;
    x->o.callbacks++;
    return 0;
}
static int call_events(ctx *x)
{
    return xpi_series_events(x->tables[0], x->queries[0], count_event, x, &x->o.table);
}
static void setup_drift(ctx *x)
{
    add_table(x, series_drift(&AP));
    add_query(x, query_new());
}

/* -- trends and adjustments -- */
static void setup_values60(ctx *x)
{
    fill_values(x, 60, 0.4, 61);
}
static void setup_values72(ctx *x)
{
    fill_values(x, 72, 0.2, 72);
}
static void setup_values240(ctx *x)
{
    fill_values(x, 240, -0.05, 240);
}
static int call_mk_original(ctx *x)
{
    return xpi_mann_kendall(x->values, x->nvalues, XPI_MK_ORIGINAL, 0, &AP, &x->o.mk);
}
static int call_mk_hamed_rao(ctx *x)
{
    return xpi_mann_kendall(x->values, x->nvalues, XPI_MK_HAMED_RAO, 0, &AP, &x->o.mk);
}
static int call_mk_seasonal(ctx *x)
{
    return xpi_mann_kendall(x->values, x->nvalues, XPI_MK_SEASONAL, 12, &AP, &x->o.mk);
}
static int call_sen(ctx *x)
{
    return xpi_sen_slope(x->values, x->nvalues, 0, 0.95, &AP, &x->o.slope);
}
static int call_sen_seasonal(ctx *x)
{
    return xpi_sen_slope(x->values, x->nvalues, 12, 0.9, &AP, &x->o.slope);
}
static void setup_pvalues(ctx *x)
{
    gen g;
    size_t i;
    g.s = 64;
    for (i = 0; i < 48; i++)
        x->values[i] = i % 5 == 0 ? gen_unit(&g) * 0.01 : gen_unit(&g);
    x->values[7] = x->values[9]; /* a tie */
    x->nvalues = 48;
}
static void setup_pvalues_inplace(ctx *x)
{
    setup_pvalues(x);
    /* adjusted is the input itself: an output that must also stay as it
     * was on failure. */
    memcpy(x->o.adj, x->values, 48 * sizeof *x->values);
    x->nvalues = 0;
}
static int call_padjust_holm(ctx *x)
{
    return xpi_p_adjust(x->values, 48, XPI_ADJUST_HOLM, x->o.adj, &AP);
}
static int call_padjust_hochberg(ctx *x)
{
    return xpi_p_adjust(x->values, 48, XPI_ADJUST_HOCHBERG, x->o.adj, &AP);
}
static int call_padjust_bh(ctx *x)
{
    return xpi_p_adjust(x->values, 48, XPI_ADJUST_BH, x->o.adj, &AP);
}
static int call_padjust_by_inplace(ctx *x)
{
    return xpi_p_adjust(x->o.adj, 48, XPI_ADJUST_BY, x->o.adj, &AP);
}

typedef struct fcase {
    const char *fn;
    const char *scenario;
    void (*setup)(ctx *);
    int (*call)(ctx *);
    int partial; /* a batch add: a failure leaves a prefix, not the old state */
} fcase;

static const fcase cases[] = {
    {"xpi_tally_new", "CSAT", setup_none, call_tally_new, 0},
    {"xpi_tally_new_scale", "custom 0..100, mean", setup_none, call_tally_new_scale, 0},
    {"xpi_tally_clone", "weighted NPS", setup_nps_w, call_tally_clone, 0},
    {"xpi_tally_clone", "weighted custom 0..100", setup_custom, call_tally_clone, 0},
    {"xpi_tally_deserialize", "weighted custom 0..100", setup_serialized_tally,
     call_tally_deserialize, 0},
    {"xpi_tally_estimate", "XPI_CI_BOOTSTRAP, net, weighted NPS", setup_nps_w,
     call_estimate_bootstrap, 0},
    {"xpi_tally_estimate", "XPI_CI_BAYES, mean, custom", setup_custom, call_estimate_bayes, 0},
    {"xpi_tally_bootstrap", "BCa, top box, CSAT", setup_csat, call_bootstrap_bca, 0},
    {"xpi_tally_bootstrap", "percentile, mean, weighted custom", setup_custom,
     call_bootstrap_pct, 0},
    {"xpi_tally_bayes", "bands, net, weighted NPS", setup_nps_w, call_bayes_bands, 0},
    {"xpi_tally_bayes", "scale, mean, weighted custom", setup_custom, call_bayes_scale, 0},
    {"xpi_tally_prob_greater", "net, bands; b on the secondary allocator", setup_two_nps,
     call_prob_greater, 0},
    {"xpi_tally_chi2", "3 NPS groups, bands", setup_three_nps, call_chi2_bands, 0},
    {"xpi_tally_chi2", "2 custom groups, every point", setup_two_custom, call_chi2_scale, 0},

    {"xpi_cube_new", "NPS, 2 dims", setup_none, call_cube_new, 0},
    {"xpi_cube_new", "CES, 16 dims", setup_none, call_cube_new_16, 0},
    {"xpi_cube_new_scale", "custom 0..159, 2 dims", setup_none, call_cube_new_scale, 0},
    {"xpi_cube_add", "NPS: the 257th cell (cell and slot tables grow)", setup_cube_nps,
     call_cube_add_nps, 0},
    {"xpi_cube_add", "2 new values at dictionary capacity + 257th cell + 17th slab",
     setup_cube_grow, call_cube_add_grow, 0},
    {"xpi_cube_add_ids", "257th cell + 17th slab", setup_cube_grow, call_cube_add_ids, 0},
    {"xpi_cube_intern", "17th value (dictionary grows)", setup_cube_grow, call_cube_intern, 0},
    {"xpi_cube_add_batch", "80 responses, 15 new values, new cells", setup_batch_values, call_batch,
     1},
    {"xpi_cube_add_ids_batch", "70 responses by id, mostly new cells, 0..159 scale", setup_batch_ids,
     call_batch, 1},
    {"xpi_cube_merge", "second half-year: new values, cells, slabs", setup_merge_new, call_merge,
     0},
    {"xpi_cube_merge", "same cells only", setup_merge_same, call_merge, 0},
    {"xpi_cube_merge", "dst == src", setup_cube_nps, call_merge_self, 0},
    {"xpi_cube_deserialize", "weighted NPS, 2 dims, 256 cells", setup_serialized_nps,
     call_cube_deserialize, 0},
    {"xpi_cube_deserialize", "custom 1..7, hourly, UTC+2", setup_serialized_custom,
     call_cube_deserialize, 0},
    {"xpi_cube_tally", "filter and time range", setup_cube_tally, call_cube_tally, 0},
    {"xpi_query_new", "", setup_none, call_query_new, 0},

    {"xpi_cube_breakdown", "NPS by region, NULL query (BH)", setup_nps_query_null,
     call_breakdown0, 0},
    {"xpi_cube_breakdown", "NPS by channel, Holm, Wald, time range", setup_breakdown_holm,
     call_breakdown1, 0},
    {"xpi_cube_breakdown", "custom mean by team, BY (chi2 over points)", setup_breakdown_custom,
     call_breakdown0, 0},
    {"xpi_cube_crosstab", "region x channel, Hochberg", setup_crosstab, call_crosstab, 0},
    {"xpi_cube_decompose", "region, Q1 against Q2", setup_decompose, call_decompose, 0},
    {"xpi_cube_series", "NPS by month, NULL query", setup_nps_query_null, call_series_month, 0},
    {"xpi_cube_series", "NPS by week, north only, window 4", setup_series_week, call_series_week,
     0},
    {"xpi_cube_series", "custom by day, time range, T", setup_series_day, call_series_day, 0},
    {"xpi_series_from_tallies", "12 periods, leading NULL, an empty one", setup_series_tallies,
     call_series_tallies, 0},
    {"xpi_series_chart", "Shewhart, weekly NPS", setup_weekly, call_chart_shewhart, 0},
    {"xpi_series_chart", "EWMA, trailing baseline of 4", setup_weekly_trailing, call_chart_ewma,
     0},
    {"xpi_series_chart", "CUSUM, weekly NPS", setup_weekly, call_chart_cusum, 0},
    {"xpi_series_changes", "weekly NPS", setup_weekly, call_changes, 0},
    {"xpi_series_changes", "30-period drift, penalty 2 (changes found)", setup_drift_penalty,
     call_changes, 0},
    {"xpi_series_events", "weekly NPS, with callback", setup_weekly, call_events, 0},
    {"xpi_series_events", "30-period drift (trend detector)", setup_drift, call_events, 0},

    {"xpi_mann_kendall", "original, 60 values with gaps", setup_values60, call_mk_original, 0},
    {"xpi_mann_kendall", "Hamed-Rao, 60 values with gaps", setup_values60, call_mk_hamed_rao, 0},
    {"xpi_mann_kendall", "seasonal 12, 72 values", setup_values72, call_mk_seasonal, 0},
    {"xpi_sen_slope", "240 values with gaps", setup_values240, call_sen, 0},
    {"xpi_sen_slope", "seasonal 12, 72 values", setup_values72, call_sen_seasonal, 0},
    {"xpi_p_adjust", "Holm, 48 p-values", setup_pvalues, call_padjust_holm, 0},
    {"xpi_p_adjust", "Hochberg, 48 p-values", setup_pvalues, call_padjust_hochberg, 0},
    {"xpi_p_adjust", "BH, 48 p-values", setup_pvalues, call_padjust_bh, 0},
    {"xpi_p_adjust", "BY, in place", setup_pvalues_inplace, call_padjust_by_inplace, 0},
};

#define NCASES (sizeof cases / sizeof cases[0])

/* ------------------------------------------------------------------------ */
/* The driver                                                                */
/* ------------------------------------------------------------------------ */

#define K_LIMIT 100000

/* Capacity kept by a failed call (xpi_cube_stats' bytes changed while the
 * serialized state did not): reported, not failed. */
static long capacity_notes;

static void cube_bytes_all(const ctx *x, uint64_t *bytes)
{
    size_t i;
    for (i = 0; i < x->ncubes; i++)
        bytes[i] = cube_bytes(x->cubes[i]);
}

static void check_capacity(const ctx *x, const uint64_t *before)
{
    size_t i;
    for (i = 0; i < x->ncubes; i++) {
        uint64_t now = cube_bytes(x->cubes[i]);
        if (now != before[i]) {
            if (capacity_notes++ < 3)
                fprintf(stderr,
                        "note %s [%s] (%s, %s, failing request %ld): cube #%lu reports %llu "
                        "bytes after the failure, %llu before (capacity kept)\n",
                        cur_fn, cur_scenario, cur_variant, cur_mode, cur_k, (unsigned long)i,
                        (unsigned long long)now, (unsigned long long)before[i]);
            total_notes++;
        }
    }
}

/* After a failed batch: the cube holds exactly the responses before
 * *added, each whole, and the call can be resumed from there. */
static void check_prefix(ctx *x, const snap *cube_before)
{
    size_t added = x->o.added, i, off = x->batch_offset;
    xpi_cube *e = NULL;
    snap want, got;
    if (added == (size_t)0x5a5a5a5a5a5a5a5aULL || added >= x->batch_count - off) {
        failf("*added = %lu after a failure (of %lu)", (unsigned long)added,
              (unsigned long)(x->batch_count - off));
        return;
    }
    /* The old state, rebuilt on the C library's allocator, plus the
     * prefix. */
    must(xpi_cube_deserialize(&e, cube_before->b + 8, cube_before->n - 8 - 16, NULL),
         "prefix deserialize");
    for (i = off; i < off + added; i++) {
        if (x->by_id)
            must(xpi_cube_add_ids(e, x->times[i], x->ids + 2 * i, x->scores[i], 1.0), "prefix add");
        else
            must(xpi_cube_add(e, x->times[i], x->strings + 2 * i, x->scores[i], x->weights[i]),
                 "prefix add");
    }
    memset(&want, 0, sizeof want);
    memset(&got, 0, sizeof got);
    snap_cube(&want, e);
    snap_cube(&got, x->cubes[0]);
    if (!snap_same(&want, &got))
        failf("the cube is not its old state plus the first %lu responses", (unsigned long)added);
    snap_free(&want);
    snap_free(&got);
    xpi_cube_free(e);
}

typedef struct counts {
    long points;   /* single mode: injected failures before success */
    long sticky;   /* sticky mode: the same */
    long retries;  /* retry mode: failed attempts on one fixture */
    long absorbed; /* calls that succeeded although a request failed */
} counts;

/* Checks one failed (or absorbed) call against the state before it. */
static void check_failure(const fcase *fc, ctx *x, int status, const snapset *in0,
                          const outs *o0, long live_p, long live_q, const snap *cube0,
                          const uint64_t *bytes0, const snap *ref, long *absorbed)
{
    snapset in1;
    outs o1;
    if (status == XPI_OK) {
        /* A failed request that the call got over: the result must be
         * the reference one. */
        snap r;
        memset(&r, 0, sizeof r);
        snap_result(x, fc->partial, &r);
        if (!snap_same(&r, ref))
            failf("succeeded after a failed request with a result unlike the reference");
        snap_free(&r);
        (*absorbed)++;
        return;
    }
    if (status != XPI_ERR_NO_MEMORY)
        failf("status %d (%s), want XPI_ERR_NO_MEMORY", status, xpi_strerror(status));
    if (fc->partial) {
        check_prefix(x, cube0);
        x->last_added = x->o.added;
        x->o.added = o0->added; /* checked: no longer an unchanged output */
    } else {
        snap_inputs(x, &in1);
        snapset_compare(in0, &in1);
        snapset_free(&in1);
        if (P.live != live_p)
            failf("%ld block(s) live beyond those before the call (%ld before, %ld after)",
                  P.live - live_p, live_p, P.live);
        check_capacity(x, bytes0);
    }
    if (Q.live != live_q)
        failf("secondary allocator: %ld block(s) live beyond those before the call",
              Q.live - live_q);
    o1 = x->o;
    if (memcmp(&o1, o0, sizeof o1) != 0) {
        if (o1.tally != o0->tally || o1.cube != o0->cube || o1.query != o0->query ||
            o1.table != o0->table)
            failf("an output pointer was set by a failed call");
        else if (o1.callbacks != o0->callbacks)
            failf("the event callback ran %ld time(s) in a failed call", o1.callbacks);
        else
            failf("an output was written by a failed call");
    }
}

/* The state before a call; *cube0 is the first cube's snapshot in in0. */
static void take_state(ctx *x, snapset *in0, outs *o0, const snap **cube0, uint64_t *bytes0)
{
    snap_inputs(x, in0);
    *o0 = x->o;
    *cube0 = x->ncubes > 0 ? &in0->s[x->ntallies] : NULL;
    cube_bytes_all(x, bytes0);
}

static void check_all_freed(void)
{
    if (P.live != 0 || Q.live != 0)
        failf("%ld primary and %ld secondary block(s) still live after freeing everything",
              P.live, Q.live);
    if (ptab_count != 0) {
        failf("%lu tracked block(s) still live", (unsigned long)ptab_count);
        memset(ptab, 0, sizeof ptab);
        ptab_count = 0;
    }
    P.live = Q.live = 0;
    P.live_bytes = Q.live_bytes = 0;
}

/* One call on a fresh fixture with request k failing (k < 0: none). */
static int run_fresh_once(const fcase *fc, long k, int sticky, const snap *ref, snap *result,
                          long *requests, long *absorbed)
{
    ctx *x = ctx_new();
    snapset in0;
    outs o0;
    const snap *cube0 = NULL;
    uint64_t bytes0[3];
    long live_p, live_q, injected;
    int status;

    pool_quiet(&P);
    pool_quiet(&Q);
    fc->setup(x);
    take_state(x, &in0, &o0, &cube0, bytes0);
    live_p = P.live;
    live_q = Q.live;
    pool_arm(&Q, -1, 0);
    pool_arm(&P, k, sticky);
    status = fc->call(x);
    injected = P.injected;
    *requests = P.requests;
    pool_quiet(&P);
    if (Q.requests != 0)
        failf("the secondary allocator got %ld request(s)", Q.requests);
    if (injected == 0) {
        if (status != XPI_OK)
            failf("status %d (%s) without any failed request", status, xpi_strerror(status));
        else if (result != NULL)
            snap_result(x, fc->partial, result);
        else if (ref != NULL) {
            snap r;
            memset(&r, 0, sizeof r);
            snap_result(x, fc->partial, &r);
            if (!snap_same(&r, ref))
                failf("the result differs from the reference run's");
            snap_free(&r);
        }
    } else {
        check_failure(fc, x, status, &in0, &o0, live_p, live_q, cube0, bytes0, ref, absorbed);
    }
    snapset_free(&in0);
    ctx_free(x);
    check_all_freed();
    return injected == 0 ? status : XPI_ERR_NO_MEMORY;
}

/* One fixture; attempts with request k = 0, 1, ... failing until one
 * succeeds. */
static long run_retry(const fcase *fc, const snap *ref, long *absorbed)
{
    ctx *x = ctx_new();
    snapset in0;
    outs o0;
    const snap *cube0 = NULL;
    uint64_t bytes0[3];
    long k, failures = 0;

    pool_quiet(&P);
    pool_quiet(&Q);
    fc->setup(x);
    for (k = 0; k < K_LIMIT; k++) {
        long live_p, live_q, injected;
        int status;
        cur_k = k;
        take_state(x, &in0, &o0, &cube0, bytes0);
        live_p = P.live;
        live_q = Q.live;
        pool_arm(&Q, -1, 0);
        pool_arm(&P, k, 0);
        status = fc->call(x);
        injected = P.injected;
        pool_quiet(&P);
        if (Q.requests != 0)
            failf("the secondary allocator got %ld request(s)", Q.requests);
        if (injected == 0 || status == XPI_OK) {
            snap r;
            if (status != XPI_OK)
                failf("status %d (%s) without any failed request", status, xpi_strerror(status));
            if (injected != 0)
                (*absorbed)++;
            memset(&r, 0, sizeof r);
            snap_result(x, fc->partial, &r);
            if (status == XPI_OK && !snap_same(&r, ref))
                failf("retried to success with a result unlike the reference");
            snap_free(&r);
            snapset_free(&in0);
            break;
        }
        failures++;
        check_failure(fc, x, status, &in0, &o0, live_p, live_q, cube0, bytes0, ref, absorbed);
        if (fc->partial && status == XPI_ERR_NO_MEMORY &&
            x->last_added < x->batch_count - x->batch_offset)
            x->batch_offset += x->last_added; /* resume after what went in */
        snapset_free(&in0);
    }
    if (k == K_LIMIT)
        failf("never succeeded");
    ctx_free(x);
    check_all_freed();
    return failures;
}

static counts run_case(const fcase *fc, int with_realloc)
{
    counts n = {0, 0, 0, 0};
    snap ref;
    long requests = 0, k, r;
    int status;

    allocators_init(with_realloc);
    cur_variant = with_realloc ? "realloc hook" : "no realloc hook";

    /* The reference: no failure. */
    cur_mode = "reference";
    cur_k = -1;
    memset(&ref, 0, sizeof ref);
    status = run_fresh_once(fc, -1, 0, NULL, &ref, &requests, &n.absorbed);
    if (status != XPI_OK) {
        failf("the reference call failed: %d (%s)", status, xpi_strerror(status));
        snap_free(&ref);
        return n;
    }

    cur_mode = "single";
    for (k = 0; k < K_LIMIT; k++) {
        long req = 0;
        cur_k = k;
        status = run_fresh_once(fc, k, 0, &ref, NULL, &req, &n.absorbed);
        if (k >= req) {
            if (req != requests)
                failf("%ld requests, the reference run made %ld", req, requests);
            break;
        }
        n.points++;
    }

    cur_mode = "sticky";
    for (k = 0; k < K_LIMIT; k++) {
        long req = 0;
        cur_k = k;
        status = run_fresh_once(fc, k, 1, &ref, NULL, &req, &n.absorbed);
        if (k >= req)
            break;
        n.sticky++;
    }

    cur_mode = "retry";
    cur_k = 0;
    r = run_retry(fc, &ref, &n.absorbed);
    n.retries = r;

    snap_free(&ref);
    return n;
}

/* ------------------------------------------------------------------------ */
/* Functions that must not allocate                                          */
/* ------------------------------------------------------------------------ */

/* Runs expr with every primary request failing and checks that it made
 * none. */
#define NO_ALLOC(expr)                                                                     \
    do {                                                                                   \
        int st_;                                                                           \
        cur_fn = #expr;                                                                    \
        pool_arm(&P, 0, 1);                                                                \
        st_ = (expr);                                                                      \
        pool_quiet(&P);                                                                    \
        no_alloc_checked++;                                                                \
        if (P.requests != 0 || st_ == XPI_ERR_NO_MEMORY)                                   \
            failf("expected no allocation: %ld request(s), status %d", P.requests, st_);   \
    } while (0)

static long no_alloc_checked;

static void check_non_allocating(void)
{
    xpi_tally *a, *b, *c, *w;
    xpi_cube *cube, *empty = NULL;
    xpi_table *breakdown = NULL, *series = NULL, *events = NULL;
    xpi_query *q = NULL;
    xpi_estimate e;
    xpi_comparison cmp;
    xpi_rank_test rank;
    xpi_regression reg;
    xpi_event ev;
    unsigned char buf[70000];
    size_t len = 0, rows = 0;
    uint64_t u = 0;
    double d = 0, se[40], vals[40], p[10], adj[10];
    int32_t i32 = 0, scores[5] = {0, 5, 9, 10, 7}, m;
    uint32_t id = 0;
    const char *name = NULL;
    static const int32_t methods[] = {XPI_CI_DEFAULT, XPI_CI_WALD, XPI_CI_ADJUSTED_WALD,
                                      XPI_CI_SCORE, XPI_CI_CLOPPER_PEARSON, XPI_CI_JEFFREYS,
                                      XPI_CI_T};
    static const char *const known[2] = {"east", "phone"};
    size_t i;

    cur_scenario = "";
    cur_variant = "realloc hook";
    cur_mode = "no allocation";
    cur_k = 0;
    allocators_init(1);
    pool_quiet(&P);
    a = tally_nps(&AP, 1, 200, 1);
    b = tally_nps(&AP, 2, 150, 0);
    c = tally_custom(&AP, 3, 100);
    w = tally_csat(&AP, 4, 80);
    cube = cube_nps(&AP);
    must(xpi_cube_new(&empty, XPI_METRIC_CSAT, 2, nps_dims, &AP), "fixture");
    must(xpi_cube_breakdown(cube, 0, NULL, &breakdown), "fixture");
    must(xpi_cube_series(cube, NULL, XPI_PERIOD_WEEK, &series), "fixture");
    must(xpi_series_events(series, NULL, NULL, NULL, &events), "fixture");
    must(xpi_query_new(&q, &AP), "fixture");
    for (i = 0; i < 40; i++) {
        vals[i] = (double)i * 0.5 + (double)(i % 3);
        se[i] = 1.0 + (double)(i % 4);
    }
    for (i = 0; i < 10; i++)
        p[i] = (double)i / 10.0;

    NO_ALLOC(xpi_tally_add(a, 9, 1.25));
    NO_ALLOC(xpi_tally_add_n(b, 10, 3));
    NO_ALLOC(xpi_tally_add_array(b, scores, NULL, 5));
    NO_ALLOC(xpi_tally_merge(a, b));
    NO_ALLOC(xpi_tally_merge(a, a));
    NO_ALLOC(xpi_tally_count(a, 9, &u));
    NO_ALLOC(xpi_tally_weights(a, 9, &d, &d));
    NO_ALLOC(xpi_tally_total(a, &u));
    NO_ALLOC(xpi_tally_weighting(a, &i32, &d));
    NO_ALLOC(xpi_tally_scale(c, &i32, &i32, &i32, &i32, &i32, &i32));
    NO_ALLOC(xpi_tally_serialize(a, buf, sizeof buf, &len));
    for (m = XPI_STAT_NET; m <= XPI_STAT_MEAN; m++)
        for (i = 0; i < sizeof methods / sizeof methods[0]; i++) {
            NO_ALLOC(xpi_tally_estimate(a, m, methods[i], 0.95, &e));
            NO_ALLOC(xpi_tally_estimate(w, m, methods[i], 0.9, &e));
            NO_ALLOC(xpi_tally_compare(a, b, m, methods[i], 0.95, &cmp));
            NO_ALLOC(xpi_tally_test_value(a, m, methods[i], m == XPI_STAT_MEAN ? 7.0 : 20.0, 0.95,
                                          &cmp));
        }
    NO_ALLOC(xpi_tally_mann_whitney(a, b, &rank));
    NO_ALLOC(xpi_tally_mann_whitney(c, c, &rank));
    NO_ALLOC(xpi_tally_unit_variance(a, XPI_STAT_NET, &d, &d));
    NO_ALLOC(xpi_tally_unit_variance(c, XPI_STAT_MEAN, &d, &d));
    NO_ALLOC(xpi_tally_reset(b));
    NO_ALLOC(xpi_p_adjust(p, 10, XPI_ADJUST_BONFERRONI, adj, &AP));
    NO_ALLOC(xpi_wls_slope(vals, se, 40, 0.95, &reg));
    NO_ALLOC(xpi_cube_set_time(empty, 3600, -3600));
    /* A response into a cell that exists (made first, allocating). */
    must(xpi_cube_add(cube, T2025 + 3 * DAY, known, 8, 1.0), "fixture");
    NO_ALLOC(xpi_cube_add(cube, T2025 + 3 * DAY + 60, known, 9, 2.0));
    must(xpi_cube_intern(cube, 0, "east", &id), "fixture");
    {
        uint32_t ids[2];
        ids[0] = id;
        must(xpi_cube_intern(cube, 1, "phone", &ids[1]), "fixture");
        NO_ALLOC(xpi_cube_add_ids(cube, T2025 + 3 * DAY + 120, ids, 3, 1.0));
    }
    NO_ALLOC(xpi_cube_intern(cube, 0, "north", &id));
    NO_ALLOC(xpi_cube_serialize(cube, NULL, 0, &len));
    NO_ALLOC(xpi_cube_dims(cube, &len));
    NO_ALLOC(xpi_cube_scale(cube, &i32, NULL, NULL, NULL, NULL, NULL));
    NO_ALLOC(xpi_cube_time(cube, &i32, &i32));
    NO_ALLOC(xpi_cube_dim_name(cube, 1, &name));
    NO_ALLOC(xpi_cube_value_count(cube, 0, &id));
    NO_ALLOC(xpi_cube_value(cube, 0, 1, &name));
    NO_ALLOC(xpi_cube_stats(cube, &u, &u, &u));
    NO_ALLOC(xpi_query_set_time(q, T2025, T2025 + 10 * DAY));
    NO_ALLOC(xpi_query_set_filter(q, "region", "north"));
    NO_ALLOC(xpi_query_clear_filter(q, "region"));
    NO_ALLOC(xpi_query_set_param(q, XPI_QUERY_WINDOW, 5));
    NO_ALLOC(xpi_query_get_param(q, XPI_QUERY_WINDOW, &d));
    NO_ALLOC(xpi_query_reset(q));
    NO_ALLOC(xpi_table_rows(breakdown, &rows));
    NO_ALLOC(xpi_table_kind(breakdown, &i32, &len));
    NO_ALLOC(xpi_table_label(breakdown, 0, 0, &name, &id));
    NO_ALLOC(xpi_table_get(breakdown, 0, XPI_COL_ESTIMATE, &d));
    NO_ALLOC(xpi_table_figure(breakdown, XPI_TABLE_CHI2, &d));
    NO_ALLOC(xpi_table_sort(breakdown, XPI_COL_ESTIMATE, 1));
    NO_ALLOC(xpi_table_sort(series, XPI_COL_N, 0));
    NO_ALLOC(xpi_table_rows(events, &rows));
    if (rows > 0)
        NO_ALLOC(xpi_table_event(events, 0, &ev));
    NO_ALLOC(xpi_unit_variance(XPI_STAT_NET, 0.5, 0.2, &d));
    NO_ALLOC(xpi_plan_margin_n(900.0, 5.0, 0.95, 1.2, &d));
    NO_ALLOC(xpi_plan_group_n(900.0, 800.0, 5.0, 0.05, 0.8, 1.0, &d));
    NO_ALLOC(xpi_plan_power(900.0, 800.0, 5.0, 300.0, 300.0, 0.05, 1.0, &d));
    NO_ALLOC(xpi_plan_mde(900.0, 800.0, 300.0, 300.0, 0.05, 0.8, 1.0, &d));

    cur_fn = "(non-allocating fixtures)";
    xpi_tally_free(a);
    xpi_tally_free(b);
    xpi_tally_free(c);
    xpi_tally_free(w);
    xpi_cube_free(cube);
    xpi_cube_free(empty);
    xpi_table_free(breakdown);
    xpi_table_free(series);
    xpi_table_free(events);
    xpi_query_free(q);
    check_all_freed();
}

/* ------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    clock_t start = clock();
    long total_points = 0, total_sticky = 0, total_retries = 0, total_absorbed = 0;
    const char *only = argc > 1 ? argv[1] : NULL;
    static long points_with[NCASES], points_without[NCASES];
    size_t i, j;

    printf("%-24s %-62s %6s %6s %6s %6s %7s\n", "function", "scenario", "points", "no-re",
           "sticky", "retry", "seconds");
    for (i = 0; i < NCASES; i++) {
        const fcase *fc = &cases[i];
        counts with, without;
        clock_t case_start = clock();
        if (only != NULL && strstr(fc->fn, only) == NULL)
            continue;
        cur_fn = fc->fn;
        cur_scenario = fc->scenario;
        case_failures = 0;
        with = run_case(fc, 1);
        without = run_case(fc, 0);
        cur_mode = "summary";
        cur_k = -1;
        if (with.points == 0)
            failf("no allocation point: the call does not allocate");
        printf("%-24s %-62s %6ld %6ld %6ld %6ld %7.2f%s\n", fc->fn, fc->scenario, with.points,
               without.points, with.sticky + without.sticky, with.retries + without.retries,
               (double)(clock() - case_start) / CLOCKS_PER_SEC, case_failures ? "  FAILED" : "");
        fflush(stdout);
        points_with[i] = with.points;
        points_without[i] = without.points;
        total_points += with.points + without.points;
        total_sticky += with.sticky + without.sticky;
        total_retries += with.retries + without.retries;
        total_absorbed += with.absorbed + without.absorbed;
    }

    /* Per function: the allocation points of its scenarios (with the
     * realloc hook). */
    printf("\nallocation points per function (sum over its scenarios; realloc hook / none):\n");
    for (i = 0; i < NCASES; i++) {
        long with = 0, without = 0, scen = 0;
        int seen = 0;
        for (j = 0; j < i; j++)
            if (strcmp(cases[j].fn, cases[i].fn) == 0)
                seen = 1;
        if (seen || (only != NULL && strstr(cases[i].fn, only) == NULL))
            continue;
        for (j = i; j < NCASES; j++)
            if (strcmp(cases[j].fn, cases[i].fn) == 0) {
                scen++;
                with += points_with[j];
                without += points_without[j];
            }
        printf("  %-24s %4ld / %4ld  (%ld scenario%s)\n", cases[i].fn, with, without, scen,
               scen == 1 ? "" : "s");
    }

    if (only == NULL) {
        case_failures = 0;
        check_non_allocating();
        printf("\nnon-allocating functions checked: %ld calls made no request\n",
               no_alloc_checked);
    }

    printf("\ntotal: %ld allocation points (single, both allocator variants), %ld sticky, "
           "%ld retried failures; %ld calls absorbed a failed request; %ld capacity note(s); "
           "%ld allocator misuse(s)\n",
           total_points, total_sticky, total_retries, total_absorbed, total_notes,
           allocator_misuse);
    printf("%.2f s, %ld failure(s)\n", (double)(clock() - start) / CLOCKS_PER_SEC,
           total_failures);
    free(scratch);
    snap_cache_release();
    return total_failures != 0;
}
