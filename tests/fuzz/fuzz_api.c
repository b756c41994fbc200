/*
 * Fuzz target: sequences of API calls checked against a reference model.
 *
 * The input is a program: three header bytes choose the tallies' scales
 * and the cubes' layout, then each following group of bytes is one
 * operation on three tallies (T0 and T1 of one scale, T2 of a possibly
 * different one) and two cubes of one layout (C0, C1):
 *   tallies: add (valid and invalid scores and weights, weights that
 *     overflow the sums), add_n (up to UINT64_MAX), add_array (atomic),
 *     merge (self, cross, mismatched scales), reset, clone,
 *     serialize + deserialize, estimate (any statistic, method,
 *     confidence, valid or not), compare, test_value, chi-square,
 *     Mann-Whitney, bootstrap, Bayes, prob_greater, unit variance,
 *     series from tallies, new_scale with arbitrary bounds;
 *   cubes: add, intern + add_ids, the two batch adds, merge (self, cross,
 *     mismatched layouts), serialize + deserialize, the whole-cube tally,
 *     breakdown, crosstab, series (every period) with chart, change
 *     points and events, decomposition, all under random queries.
 *
 * The model keeps, per tally, plain per-score counts and weight sums in
 * arrays (the weighted flag as documented: set by the first weight that
 * is not exactly 1, kept by merges, clones and round trips, cleared by
 * reset), and, per cube, its cells (time bucket, the values' strings,
 * per-score counts and weight sums) and each dimension's values in id
 * order. Every call's status is predicted from the documentation (where
 * the documentation allows several, any of them) and checked; after each
 * call the counts (xpi_tally_count, xpi_tally_total, the cube's stats and
 * tallies) must equal the model's; a rejected call must leave the
 * object's serialized bytes unchanged; a round trip must give the same
 * bytes; estimates, table rows and figures must match values computed
 * from the model. Any disagreement aborts.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_OPS 160
#define NT 3           /* tallies */
#define NC 2           /* cubes */
#define CUBE_POINTS 16 /* the widest scale a cube of this target uses */
#define MAX_ROWS 3000  /* largest series built */
#define HEAVY_BUDGET 2 /* full bootstrap / Bayes estimates per input */

#define BIT(s) (1u << (-(s)))       /* a status in a set of statuses */
#define OK_BIT (1u << 20)
#define SBIT(s) ((s) == XPI_OK ? OK_BIT : BIT(s))

/* FUZZ_TRACE=1 in the environment: list the operations run, and details
 * of some failures (to read a crash). */
static int trace;

/* ---- scales --------------------------------------------------------------- */

typedef struct mscale {
    int32_t metric, min, max, low_max, high_min, stat;
} mscale;

static const mscale scales[] = {
    {XPI_METRIC_NPS, 0, 10, 6, 9, XPI_STAT_NET},
    {XPI_METRIC_CSAT, 1, 5, 2, 4, XPI_STAT_TOP},
    {XPI_METRIC_CES, 1, 7, 3, 5, XPI_STAT_MEAN},
    {XPI_METRIC_CUSTOM, 0, 10, 6, 9, XPI_STAT_NET}, /* NPS's scale: merges with NPS */
    {XPI_METRIC_CUSTOM, -3, 3, -1, 1, XPI_STAT_MEAN},
    {XPI_METRIC_CUSTOM, INT32_MAX - 4, INT32_MAX, INT32_MAX - 3, INT32_MAX - 1, XPI_STAT_TOP},
    {XPI_METRIC_CUSTOM, INT32_MIN, INT32_MIN + 2, INT32_MIN, INT32_MIN + 2, XPI_STAT_BOTTOM},
    {XPI_METRIC_CUSTOM, 1, 2, 1, 2, XPI_STAT_NET},
    {XPI_METRIC_CUSTOM, 0, 10, 6, 9, XPI_STAT_TOP}, /* NPS's bounds, another statistic */
    {XPI_METRIC_CUSTOM, 1, 1001, 300, 700, XPI_STAT_MEAN},
    {XPI_METRIC_CUSTOM, -500, 500, -1, 1, XPI_STAT_NET},
};
#define NSCALES (sizeof scales / sizeof scales[0])

static size_t scale_points(const mscale *s)
{
    return (size_t)((int64_t)s->max - (int64_t)s->min + 1);
}

static int scale_equal(const mscale *a, const mscale *b)
{
    return a->min == b->min && a->max == b->max && a->low_max == b->low_max &&
           a->high_min == b->high_min && a->stat == b->stat;
}

static int32_t resolve(const mscale *s, int32_t stat)
{
    return stat == XPI_STAT_DEFAULT ? s->stat : stat;
}

static int method_applies(int32_t stat, int32_t method)
{
    switch (method) {
    case XPI_CI_DEFAULT:
    case XPI_CI_WALD:
    case XPI_CI_BOOTSTRAP:
    case XPI_CI_BAYES:
        return 1;
    case XPI_CI_ADJUSTED_WALD:
    case XPI_CI_SCORE:
        return stat != XPI_STAT_MEAN;
    case XPI_CI_CLOPPER_PEARSON:
    case XPI_CI_JEFFREYS:
        return stat == XPI_STAT_TOP || stat == XPI_STAT_BOTTOM;
    default: /* T */
        return stat == XPI_STAT_MEAN;
    }
}

/* Applicability in comparisons (xpi_tally_compare, breakdowns). */
static int compare_applies(int32_t stat, int32_t method)
{
    return method != XPI_CI_BOOTSTRAP && method != XPI_CI_BAYES && method_applies(stat, method);
}

/* ---- the tally model ------------------------------------------------------ */

typedef struct mtally {
    mscale s;
    size_t points;
    uint64_t *count;
    double *sw, *sw2;
    uint64_t total;
    double tw, tw2;
    int weighted;
} mtally;

static void model_init(mtally *m, const mscale *s)
{
    m->s = *s;
    m->points = scale_points(s);
    m->count = calloc(m->points, sizeof *m->count);
    m->sw = calloc(m->points, sizeof *m->sw);
    m->sw2 = calloc(m->points, sizeof *m->sw2);
    FUZZ_CHECK(m->count && m->sw && m->sw2, "calloc");
    m->total = 0;
    m->tw = m->tw2 = 0.0;
    m->weighted = 0;
}

static void model_free(mtally *m)
{
    free(m->count);
    free(m->sw);
    free(m->sw2);
}

static void model_copy(mtally *dst, const mtally *src)
{
    model_free(dst);
    model_init(dst, &src->s);
    memcpy(dst->count, src->count, src->points * sizeof *src->count);
    memcpy(dst->sw, src->sw, src->points * sizeof *src->sw);
    memcpy(dst->sw2, src->sw2, src->points * sizeof *src->sw2);
    dst->total = src->total;
    dst->tw = src->tw;
    dst->tw2 = src->tw2;
    dst->weighted = src->weighted;
}

static void model_reset(mtally *m)
{
    memset(m->count, 0, m->points * sizeof *m->count);
    memset(m->sw, 0, m->points * sizeof *m->sw);
    memset(m->sw2, 0, m->points * sizeof *m->sw2);
    m->total = 0;
    m->tw = m->tw2 = 0.0;
    m->weighted = 0;
}

/* One score point gains count responses of weight sums w, w2: as
 * documented, unweighted sums equal the counts. Set weighted first. */
static void model_add_cell(mtally *m, size_t p, uint64_t count, double w, double w2)
{
    m->count[p] += count;
    if (m->weighted) {
        m->sw[p] += w;
        m->sw2[p] += w2;
    } else {
        m->sw[p] = m->sw2[p] = (double)m->count[p];
    }
}

static void model_add_totals(mtally *m, uint64_t count, double w, double w2)
{
    m->total += count;
    m->tw += w;
    m->tw2 += w2;
}

/* Whether adding count responses with weight sums w, w2 fits: 0 it must,
 * 1 it must not (XPI_ERR_OVERFLOW), 2 too close to DBL_MAX to tell. */
static int model_room(const mtally *m, uint64_t count, long double w, long double w2)
{
    long double a = (long double)m->tw + w, b = (long double)m->tw2 + w2;
    const long double hi = (long double)DBL_MAX * 1.000001L, lo = (long double)DBL_MAX * 0.999999L;
    if (count > UINT64_MAX - m->total)
        return 1;
    if (w > hi || w2 > hi || a > hi || b > hi)
        return 1;
    if (w < lo && w2 < lo && a < lo && b < lo)
        return 0;
    return 2;
}

/* The statistic of the model's responses (NaN when empty). */
static double model_value(const mtally *m, int32_t stat)
{
    long double all = 0, high = 0, low = 0, sum = 0;
    size_t p;
    for (p = 0; p < m->points; p++) {
        int64_t score = (int64_t)m->s.min + (int64_t)p;
        all += (long double)m->sw[p];
        if (score >= m->s.high_min)
            high += (long double)m->sw[p];
        if (score <= m->s.low_max)
            low += (long double)m->sw[p];
        sum += (long double)m->sw[p] * (long double)score;
    }
    if (m->total == 0 || !(all > 0))
        return FUZZ_NAN;
    switch (resolve(&m->s, stat)) {
    case XPI_STAT_NET:
        return (double)(100.0L * (high - low) / all);
    case XPI_STAT_TOP:
        return (double)(100.0L * high / all);
    case XPI_STAT_BOTTOM:
        return (double)(100.0L * low / all);
    default:
        return (double)(sum / all);
    }
}

static double value_tolerance(const mscale *s, int32_t stat)
{
    if (resolve(s, stat) == XPI_STAT_MEAN)
        return 1e-9 * (fabs((double)s->min) + fabs((double)s->max)) + 1e-7 * ((double)s->max - (double)s->min);
    return 1e-7;
}

/* The documented cases of XPI_ERR_NOT_ENOUGH_DATA for a statistic: an
 * empty tally, a mean from one response; 2 where weighted data may also
 * leave a mean without degrees of freedom (n_eff - 1 rounding to 0). */
static int model_too_little(const mtally *m, int32_t stat)
{
    if (m->total == 0)
        return 1;
    if (resolve(&m->s, stat) == XPI_STAT_MEAN) {
        if (m->total == 1)
            return 1;
        if (m->weighted)
            return 2;
    }
    return 0;
}

/* ---- the tally under test against its model --------------------------------- */

typedef struct bytes {
    unsigned char *p;
    size_t n;
} bytes;

static bytes tally_bytes(const xpi_tally *t)
{
    bytes b;
    FUZZ_CHECK(xpi_tally_serialize(t, NULL, 0, &b.n) == XPI_OK, "serialize size");
    b.p = malloc(b.n);
    FUZZ_CHECK(b.p != NULL, "malloc");
    FUZZ_CHECK(xpi_tally_serialize(t, b.p, b.n, &b.n) == XPI_OK, "serialize");
    return b;
}

static int same_bytes(bytes a, bytes b)
{
    return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

static int close_enough(double a, double b, double rel)
{
    if (a == b)
        return 1;
    return fabs(a - b) <= rel * fmax(fabs(a), fabs(b));
}

static void check_tally(const xpi_tally *t, const mtally *m, int which)
{
    mscale s;
    uint64_t total = 0, c;
    double w, w2, n_eff;
    int32_t weighted;
    size_t p;
    bytes b;

    FUZZ_CHECK(xpi_tally_scale(t, &s.metric, &s.min, &s.max, &s.low_max, &s.high_min,
                               &s.stat) == XPI_OK,
               "T%d scale", which);
    FUZZ_CHECK(memcmp(&s, &m->s, sizeof s) == 0, "T%d: scale differs from the model", which);
    FUZZ_CHECK(xpi_tally_total(t, &total) == XPI_OK && total == m->total,
               "T%d: total %llu, model %llu", which, (unsigned long long)total,
               (unsigned long long)m->total);
    for (p = 0; p < m->points; p++) {
        int32_t score = (int32_t)((int64_t)m->s.min + (int64_t)p);
        FUZZ_CHECK(xpi_tally_count(t, score, &c) == XPI_OK && c == m->count[p],
                   "T%d: count of %d is %llu, model %llu", which, (int)score,
                   (unsigned long long)c, (unsigned long long)m->count[p]);
        FUZZ_CHECK(xpi_tally_weights(t, score, &w, &w2) == XPI_OK, "T%d weights", which);
        if (!m->weighted)
            FUZZ_CHECK(w == (double)c && w2 == (double)c,
                       "T%d: unweighted score %d: count %llu, sums %.17g %.17g", which,
                       (int)score, (unsigned long long)c, w, w2);
        else
            FUZZ_CHECK(close_enough(w, m->sw[p], 1e-9) && close_enough(w2, m->sw2[p], 1e-9),
                       "T%d: score %d sums %.17g %.17g, model %.17g %.17g", which, (int)score,
                       w, w2, m->sw[p], m->sw2[p]);
    }
    FUZZ_CHECK(xpi_tally_weighting(t, &weighted, &n_eff) == XPI_OK, "T%d weighting", which);
    FUZZ_CHECK(weighted == 0 || m->weighted, "T%d: weighted estimates, no weight but 1", which);
    if (!m->weighted)
        FUZZ_CHECK(fuzz_same_count(n_eff, m->total), "T%d: unweighted n_eff %.17g, n %llu", which,
                   n_eff, (unsigned long long)m->total);
    else if (m->tw > 0 && m->tw < 1e150 && m->tw2 > 1e-290)
        FUZZ_CHECK(close_enough(n_eff, m->tw * (m->tw / m->tw2), 1e-9), "T%d: n_eff %.17g",
                   which, n_eff);
    b = tally_bytes(t);
    FUZZ_CHECK(b.n == 36 + 24 * m->points, "T%d: %zu bytes", which, b.n);
    FUZZ_CHECK(((fuzz_get_u16(b.p + 6) & 1u) != 0) == (m->weighted != 0),
               "T%d: serialized weighted flag %u, model %d", which, fuzz_get_u16(b.p + 6) & 1u,
               m->weighted);
    free(b.p);
}

/* ---- the program's state -------------------------------------------------- */

#define NVALUES 8 /* 0 missing; 1..6 valid; 7 too long */
#define TOO_LONG 7
#define NEVER_SEEN 8 /* a filter value no cube holds */

static char long_ok[XPI_VALUE_MAX_BYTES + 1], long_bad[XPI_VALUE_MAX_BYTES + 2];

static const char *value_string(unsigned v)
{
    static const char *const fixed[] = {"", "a", "b", "north", "\xc3\xbc", NULL, "a b,c"};
    if (v == 5)
        return long_ok;
    if (v == TOO_LONG)
        return long_bad;
    if (v == NEVER_SEEN)
        return "never";
    return fixed[v];
}

/* The value index of a label, or -1. */
static int value_index(const char *label)
{
    unsigned v;
    for (v = 0; v < TOO_LONG; v++)
        if (strcmp(label, value_string(v)) == 0)
            return (int)v;
    return -1;
}

static const char *const dim_names[3] = {"region", "channel", "agent"};

typedef struct mcell {
    int64_t bucket;
    int weighted; /* some weight added was not 1 */
    uint8_t v[3];
    uint64_t count[CUBE_POINTS];
    double sw[CUBE_POINTS];
} mcell;

typedef struct mcube {
    mcell *cells;
    size_t n, cap;
    uint64_t total;
    uint8_t ids[3][NVALUES]; /* value index of each id, in id order */
    uint32_t nids[3];
} mcube;

typedef struct state {
    fuzz_reader r;
    xpi_tally *t[NT];
    mtally m[NT];
    xpi_cube *c[NC];
    mcube mc[NC];
    mscale cs; /* the cubes' scale */
    size_t cpoints;
    size_t ndims;
    int32_t grain, offset;
    int heavy;
} state;

static const double weights[] = {
    1.0, 1.0, 1.0, 2.0, 0.5, 3.75, 10.0, 1e-150, 1e150, 1e154, 1.5e154, 1e300, DBL_MAX,
    1.0000000000000002, 0.0, -1.0, FUZZ_NAN, FUZZ_INF, -FUZZ_INF, 1e-151, 9.999999999999999e-151,
    DBL_MIN, 100.0,
};
#define NWEIGHTS (sizeof weights / sizeof weights[0])

static double pick_weight(state *st)
{
    unsigned k = fuzz_u8(&st->r);
    if (k == 255) {
        uint64_t bits = fuzz_u64(&st->r);
        double w;
        memcpy(&w, &bits, sizeof w);
        return w;
    }
    return weights[k % NWEIGHTS];
}

static int weight_valid(double w)
{
    return isfinite(w) && w >= XPI_WEIGHT_MIN;
}

static int32_t pick_score(state *st, const mscale *s)
{
    unsigned k = fuzz_u8(&st->r);
    size_t points = scale_points(s);
    if (k < 230)
        return (int32_t)((int64_t)s->min + (int64_t)(k % points));
    switch (k % 4) {
    case 0:
        return s->min > INT32_MIN ? s->min - 1 : s->max;
    case 1:
        return s->max < INT32_MAX ? s->max + 1 : s->min;
    case 2:
        return INT32_MIN;
    default:
        return INT32_MAX;
    }
}

static int score_in(const mscale *s, int32_t score)
{
    return score >= s->min && score <= s->max;
}

static double pick_confidence(state *st)
{
    static const double c[] = {0.95, 0.95, 0.9, 0.99, 0.5, 0.8, 0.999999, 1e-9, 0.0, 1.0,
                               -0.5, 2.0, FUZZ_NAN, 0.9999999999999999};
    return c[fuzz_pick(&st->r, sizeof c / sizeof c[0])];
}

static int confidence_valid(double c)
{
    return c > 0.0 && c < 1.0;
}

static int32_t pick_stat(state *st)
{
    static const int32_t s[] = {0, 1, 2, 3, 4, 0, 1, 2, 3, 4, -1, 5};
    return s[fuzz_pick(&st->r, sizeof s / sizeof s[0])];
}

static int32_t pick_method(state *st)
{
    unsigned k = fuzz_pick(&st->r, 12);
    return k < 9 ? (int32_t)k : k == 9 ? 9 : k == 10 ? -1 : XPI_CI_DEFAULT;
}

/* A status the call may give: set is a mask of SBIT()s. */
static void expect(int status, unsigned set, const char *what)
{
    FUZZ_CHECK(status <= 0 && status >= -19 && (SBIT(status) & set) != 0,
               "%s: status %d (%s), expected mask 0x%x", what, status, xpi_strerror(status), set);
}

/* ---- tally operations ----------------------------------------------------- */

/* Runs after a mutating call: rejected calls leave the bytes as they were,
 * accepted ones agree with the (updated) model. */
static void after_mutation(state *st, int which, int status, bytes before)
{
    if (status != XPI_OK) {
        bytes after = tally_bytes(st->t[which]);
        FUZZ_CHECK(same_bytes(before, after), "T%d: a rejected call (status %d) changed it",
                   which, status);
        free(after.p);
    }
    check_tally(st->t[which], &st->m[which], which);
    free(before.p);
}

static void op_add(state *st)
{
    int i = (int)fuzz_pick(&st->r, NT);
    mtally *m = &st->m[i];
    int32_t score = pick_score(st, &m->s);
    double w = pick_weight(st);
    bytes before = tally_bytes(st->t[i]);
    unsigned set = 0;
    int room = 2, status;

    if (!weight_valid(w))
        set |= BIT(XPI_ERR_INVALID_ARG);
    if (!score_in(&m->s, score))
        set |= BIT(XPI_ERR_SCORE_RANGE);
    if (!set) {
        room = model_room(m, 1, (long double)w, (long double)w * (long double)w);
        set = room == 0 ? OK_BIT : room == 1 ? BIT(XPI_ERR_OVERFLOW) : OK_BIT | BIT(XPI_ERR_OVERFLOW);
    }
    status = xpi_tally_add(st->t[i], score, w);
    expect(status, set, "tally_add");
    if (status == XPI_OK) {
        model_add_totals(m, 1, w, w * w);
        m->weighted |= w != 1.0;
        model_add_cell(m, (size_t)((int64_t)score - m->s.min), 1, w, w * w);
    }
    after_mutation(st, i, status, before);
}

static void op_add_n(state *st)
{
    int i = (int)fuzz_pick(&st->r, NT);
    mtally *m = &st->m[i];
    int32_t score = pick_score(st, &m->s);
    uint64_t n;
    bytes before = tally_bytes(st->t[i]);
    unsigned set;
    int room, status;

    switch (fuzz_pick(&st->r, 10)) {
    case 0: n = 0; break;
    case 1: n = 1; break;
    case 2: n = 1000; break;
    case 3: n = UINT64_C(1) << 53; break;
    case 4: n = (UINT64_C(1) << 53) + 1; break;
    case 5: n = UINT64_C(1) << 63; break;
    case 6: n = UINT64_MAX; break;
    case 7: n = UINT64_MAX - m->total; break;
    case 8: n = UINT64_MAX - m->total + 1; break;
    default: n = fuzz_u64(&st->r); break;
    }
    if (!score_in(&m->s, score)) {
        set = BIT(XPI_ERR_SCORE_RANGE);
    } else {
        room = model_room(m, n, (long double)n, (long double)n);
        set = room == 0 ? OK_BIT : room == 1 ? BIT(XPI_ERR_OVERFLOW) : OK_BIT | BIT(XPI_ERR_OVERFLOW);
    }
    status = xpi_tally_add_n(st->t[i], score, n);
    expect(status, set, "tally_add_n");
    if (status == XPI_OK) {
        model_add_totals(m, n, (double)n, (double)n);
        model_add_cell(m, (size_t)((int64_t)score - m->s.min), n, (double)n, (double)n);
    }
    after_mutation(st, i, status, before);
}

static void op_add_array(state *st)
{
    int i = (int)fuzz_pick(&st->r, NT);
    mtally *m = &st->m[i];
    size_t n = fuzz_pick(&st->r, 9), k;
    int with_weights = fuzz_u8(&st->r) & 1;
    int32_t scores[8];
    double w[8];
    long double sw = 0, sw2 = 0;
    double dw = 0, dw2 = 0;
    int bad_score = 0, bad_weight = 0, any_weighted = 0, room, status;
    unsigned set;
    bytes before = tally_bytes(st->t[i]);

    for (k = 0; k < n; k++) {
        scores[k] = pick_score(st, &m->s);
        w[k] = with_weights ? pick_weight(st) : 1.0;
        bad_score |= !score_in(&m->s, scores[k]);
        bad_weight |= !weight_valid(w[k]);
        sw += (long double)w[k];
        sw2 += (long double)w[k] * (long double)w[k];
        dw += w[k];
        dw2 += w[k] * w[k];
        any_weighted |= w[k] != 1.0;
    }
    /* A score out of range is reported before a bad weight. */
    if (bad_score)
        set = BIT(XPI_ERR_SCORE_RANGE);
    else if (bad_weight)
        set = BIT(XPI_ERR_INVALID_ARG);
    else if (n == 0)
        set = OK_BIT;
    else {
        room = model_room(m, n, sw, sw2);
        set = room == 0 ? OK_BIT : room == 1 ? BIT(XPI_ERR_OVERFLOW) : OK_BIT | BIT(XPI_ERR_OVERFLOW);
    }
    status = xpi_tally_add_array(st->t[i], n ? scores : NULL, with_weights && n ? w : NULL, n);
    expect(status, set, "tally_add_array");
    if (status == XPI_OK && n > 0) {
        model_add_totals(m, n, with_weights ? dw : (double)n, with_weights ? dw2 : (double)n);
        m->weighted |= any_weighted;
        for (k = 0; k < n; k++)
            model_add_cell(m, (size_t)((int64_t)scores[k] - m->s.min), 1, w[k], w[k] * w[k]);
    }
    after_mutation(st, i, status, before);
}

static void op_merge(state *st)
{
    int d = (int)fuzz_pick(&st->r, NT), s = (int)fuzz_pick(&st->r, NT);
    mtally *md = &st->m[d], src;
    bytes before = tally_bytes(st->t[d]);
    unsigned set;
    size_t p;
    int room, status;

    if (!scale_equal(&md->s, &st->m[s].s)) {
        set = BIT(XPI_ERR_SCALE_MISMATCH);
    } else {
        room = model_room(md, st->m[s].total, (long double)st->m[s].tw,
                          (long double)st->m[s].tw2);
        set = room == 0 ? OK_BIT : room == 1 ? BIT(XPI_ERR_OVERFLOW) : OK_BIT | BIT(XPI_ERR_OVERFLOW);
    }
    status = xpi_tally_merge(st->t[d], st->t[s]);
    expect(status, set, "tally_merge");
    if (status == XPI_OK) {
        /* src may be dst: work from a copy. */
        model_init(&src, &st->m[s].s);
        model_copy(&src, &st->m[s]);
        model_add_totals(md, src.total, src.tw, src.tw2);
        md->weighted |= src.weighted;
        for (p = 0; p < md->points; p++)
            model_add_cell(md, p, src.count[p], src.sw[p], src.sw2[p]);
        model_free(&src);
    }
    after_mutation(st, d, status, before);
}

static void op_reset(state *st)
{
    int i = (int)fuzz_pick(&st->r, NT);
    FUZZ_CHECK(xpi_tally_reset(st->t[i]) == XPI_OK, "reset");
    model_reset(&st->m[i]);
    check_tally(st->t[i], &st->m[i], i);
}

static void op_clone(state *st)
{
    int d = (int)fuzz_pick(&st->r, NT), s = (int)fuzz_pick(&st->r, NT);
    xpi_tally *copy = NULL;
    FUZZ_CHECK(xpi_tally_clone(&copy, st->t[s]) == XPI_OK, "clone");
    xpi_tally_free(st->t[d]);
    st->t[d] = copy;
    if (d != s)
        model_copy(&st->m[d], &st->m[s]);
    check_tally(st->t[d], &st->m[d], d);
}

static void op_roundtrip(state *st)
{
    int i = (int)fuzz_pick(&st->r, NT);
    xpi_tally *back = NULL;
    bytes a = tally_bytes(st->t[i]), b;
    size_t need = 0;
    unsigned char small[8];
    int status;

    memset(small, 0x77, sizeof small);
    FUZZ_CHECK(xpi_tally_serialize(st->t[i], small, sizeof small, &need) ==
                       XPI_ERR_BUFFER_TOO_SMALL &&
                   need == a.n && small[0] == 0x77,
               "serialize into 8 bytes");
    status = xpi_tally_deserialize(&back, a.p, a.n, NULL);
    FUZZ_CHECK(status == XPI_OK, "T%d: deserializing its own bytes: status %d", i, status);
    b = tally_bytes(back);
    FUZZ_CHECK(same_bytes(a, b), "T%d: round trip changed the bytes", i);
    /* Truncated or padded: rejected. */
    FUZZ_CHECK(xpi_tally_deserialize(&back, a.p, a.n - 1, NULL) == XPI_ERR_MALFORMED,
               "truncated buffer accepted");
    xpi_tally_free(st->t[i]);
    st->t[i] = back;
    free(a.p);
    free(b.p);
    check_tally(st->t[i], &st->m[i], i);
}

/* The documented statuses of an estimate of model m. */
static unsigned estimate_set(const mtally *m, int32_t stat, int32_t method, double conf)
{
    unsigned set = 0;
    int32_t r;
    int little;
    if (stat < 0 || stat > XPI_STAT_MEAN || method < 0 || method > XPI_CI_BAYES ||
        !confidence_valid(conf))
        return BIT(XPI_ERR_INVALID_ARG);
    r = resolve(&m->s, stat);
    little = model_too_little(m, r);
    if (!method_applies(r, method))
        set |= BIT(XPI_ERR_NOT_APPLICABLE);
    if (little)
        set |= BIT(XPI_ERR_NOT_ENOUGH_DATA);
    if (!set || little == 2)
        set |= OK_BIT;
    return set;
}

static void check_value(const mtally *m, int32_t stat, double value, const char *what)
{
    double expected = model_value(m, stat);
    FUZZ_CHECK(fabs(value - expected) <= value_tolerance(&m->s, stat),
               "%s: value %.17g, model %.17g", what, value, expected);
}

static void op_estimate(state *st)
{
    int i = (int)fuzz_pick(&st->r, NT);
    const mtally *m = &st->m[i];
    int32_t stat = pick_stat(st), method = pick_method(st);
    double conf = pick_confidence(st);
    xpi_estimate e, before;
    int status;

    if (method == XPI_CI_BOOTSTRAP || method == XPI_CI_BAYES) {
        if (st->heavy >= HEAVY_BUDGET)
            method = XPI_CI_WALD;
        else
            st->heavy++;
    }
    memset(&e, 0x5c, sizeof e);
    before = e;
    status = xpi_tally_estimate(st->t[i], stat, method, conf, &e);
    expect(status, estimate_set(m, stat, method, conf), "estimate");
    if (status != XPI_OK) {
        FUZZ_CHECK(memcmp(&e, &before, sizeof e) == 0, "estimate: *out changed on error");
        return;
    }
    fuzz_check_estimate(&e, resolve(&m->s, stat), m->s.min, m->s.max, m->total, "estimate");
    check_value(m, stat, e.value, "estimate");
    if (!m->weighted)
        FUZZ_CHECK(e.n_eff == e.n, "unweighted estimate: n_eff %.17g, n %.17g", e.n_eff, e.n);
}

/* Statuses of a two-tally call that compares (xpi_tally_compare rules). */
static unsigned pair_set(const mtally *a, const mtally *b, int32_t stat, int32_t method,
                         double conf)
{
    unsigned set = 0;
    int32_t r;
    int la, lb;
    if (stat < 0 || stat > XPI_STAT_MEAN || method < 0 || method > XPI_CI_BAYES ||
        !confidence_valid(conf))
        return BIT(XPI_ERR_INVALID_ARG);
    r = resolve(&a->s, stat);
    la = model_too_little(a, r);
    lb = model_too_little(b, r);
    /* Which failure wins when several apply is not documented. */
    if (!scale_equal(&a->s, &b->s))
        set |= BIT(XPI_ERR_SCALE_MISMATCH);
    if (!compare_applies(r, method))
        set |= BIT(XPI_ERR_NOT_APPLICABLE);
    if (la || lb)
        set |= BIT(XPI_ERR_NOT_ENOUGH_DATA);
    if (!set)
        return OK_BIT;
    /* Weighted means whose n_eff - 1 may round to 0. */
    if (set == BIT(XPI_ERR_NOT_ENOUGH_DATA) && la != 1 && lb != 1)
        set |= OK_BIT;
    return set;
}

static void op_compare(state *st)
{
    int a = (int)fuzz_pick(&st->r, NT), b = (int)fuzz_pick(&st->r, NT);
    int32_t stat = pick_stat(st), method = pick_method(st);
    double conf = pick_confidence(st);
    xpi_comparison c, before;
    int status;

    memset(&c, 0x3c, sizeof c);
    before = c;
    status = xpi_tally_compare(st->t[a], st->t[b], stat, method, conf, &c);
    expect(status, pair_set(&st->m[a], &st->m[b], stat, method, conf), "compare");
    if (status != XPI_OK) {
        FUZZ_CHECK(memcmp(&c, &before, sizeof c) == 0, "compare: *out changed on error");
        return;
    }
    {
        double va = model_value(&st->m[a], stat), vb = model_value(&st->m[b], stat);
        FUZZ_CHECK(fabs(c.difference - (va - vb)) <= 2 * value_tolerance(&st->m[a].s, stat),
                   "compare: difference %.17g, model %.17g - %.17g", c.difference, va, vb);
    }
    FUZZ_CHECK(isnan(c.p_value) || (c.p_value >= 0.0 && c.p_value <= 1.0), "compare: p %.17g",
               c.p_value);
    FUZZ_CHECK(!(c.lower > c.upper), "compare: interval [%.17g, %.17g]", c.lower, c.upper);
    if (a == b)
        FUZZ_CHECK(c.difference == 0.0, "compare with itself: %.17g", c.difference);
}

static void op_test_value(state *st)
{
    int i = (int)fuzz_pick(&st->r, NT);
    const mtally *m = &st->m[i];
    int32_t stat = pick_stat(st), method = pick_method(st), r;
    double conf = pick_confidence(st), lo = 0, hi = 0, target;
    xpi_comparison c, before;
    unsigned set;
    int status, little;

    r = stat >= 0 && stat <= XPI_STAT_MEAN ? resolve(&m->s, stat) : XPI_STAT_NET;
    fuzz_stat_range(r, m->s.min, m->s.max, &lo, &hi);
    switch (fuzz_pick(&st->r, 6)) {
    case 0: target = lo; break;
    case 1: target = hi; break;
    case 2: target = lo + (hi - lo) * fuzz_u8(&st->r) / 255.0; break;
    case 3: target = hi + 1.0; break;
    case 4: target = FUZZ_NAN; break;
    default: target = (lo + hi) / 2; break;
    }
    if (stat < 0 || stat > XPI_STAT_MEAN || method < 0 || method > XPI_CI_BAYES ||
        !confidence_valid(conf) || !(target >= lo && target <= hi)) {
        set = BIT(XPI_ERR_INVALID_ARG);
    } else {
        set = 0;
        little = model_too_little(m, r);
        if (!compare_applies(r, method))
            set |= BIT(XPI_ERR_NOT_APPLICABLE);
        if (little)
            set |= BIT(XPI_ERR_NOT_ENOUGH_DATA);
        if (!set || (little == 2 && compare_applies(r, method)))
            set |= OK_BIT;
    }
    memset(&c, 0x3c, sizeof c);
    before = c;
    status = xpi_tally_test_value(st->t[i], stat, method, target, conf, &c);
    expect(status, set, "test_value");
    if (status != XPI_OK) {
        FUZZ_CHECK(memcmp(&c, &before, sizeof c) == 0, "test_value: *out changed on error");
        return;
    }
    FUZZ_CHECK(fabs(c.difference - (model_value(m, stat) - target)) <=
                   2 * value_tolerance(&m->s, stat),
               "test_value: difference %.17g, model %.17g - %.17g", c.difference,
               model_value(m, stat), target);
    FUZZ_CHECK(isnan(c.p_value) || (c.p_value >= 0.0 && c.p_value <= 1.0),
               "test_value: p %.17g", c.p_value);
}

/* Non-empty categories of a model: the three bands or every point. */
static int model_categories(const mtally *m, int32_t categories, int *nonempty)
{
    size_t p;
    int n = 0;
    if (categories == XPI_CHI2_SCALE) {
        for (p = 0; p < m->points; p++) {
            nonempty[p] |= m->count[p] > 0;
        }
        return (int)m->points;
    }
    for (p = 0; p < m->points; p++) {
        int64_t score = (int64_t)m->s.min + (int64_t)p;
        int band = score <= m->s.low_max ? 0 : score >= m->s.high_min ? 2 : 1;
        nonempty[band] |= m->count[p] > 0;
    }
    n = 3;
    return n;
}

static void op_distribution(state *st)
{
    const xpi_tally *ts[3];
    const mtally *ms[3];
    size_t count = 2 + fuzz_pick(&st->r, 2), k, p;
    int32_t categories = (int32_t)fuzz_pick(&st->r, 3); /* 2 is not a kind */
    xpi_chi2_test chi;
    xpi_rank_test rank;
    unsigned set = 0;
    int status, mismatch = 0, empty = 0, *nonempty, ncat = 0, filled = 0, i;

    for (k = 0; k < count; k++) {
        i = (int)fuzz_pick(&st->r, NT);
        ts[k] = st->t[i];
        ms[k] = &st->m[i];
        mismatch |= !scale_equal(&ms[0]->s, &ms[k]->s);
        empty |= ms[k]->total == 0;
    }
    nonempty = calloc(ms[0]->points + 3, sizeof *nonempty);
    FUZZ_CHECK(nonempty != NULL, "calloc");
    if (categories <= 1 && !mismatch)
        for (k = 0; k < count; k++)
            ncat = model_categories(ms[k], categories, nonempty);
    for (p = 0; p < (size_t)ncat; p++)
        filled += nonempty[p];
    free(nonempty);
    if (categories > 1)
        set = BIT(XPI_ERR_INVALID_ARG);
    else if (mismatch)
        set = BIT(XPI_ERR_SCALE_MISMATCH) | BIT(XPI_ERR_NOT_ENOUGH_DATA);
    else if (empty || filled < 2)
        set = BIT(XPI_ERR_NOT_ENOUGH_DATA);
    else
        set = OK_BIT;
    status = xpi_tally_chi2(ts, count, categories, &chi);
    expect(status, set, "chi2");
    if (status == XPI_OK) {
        FUZZ_CHECK(chi.p_value >= 0.0 && chi.p_value <= 1.0 && chi.statistic >= 0.0,
                   "chi2: X2 %.17g p %.17g", chi.statistic, chi.p_value);
        FUZZ_CHECK(chi.categories == filled, "chi2: %d categories, model %d",
                   (int)chi.categories, filled);
    }

    mismatch = !scale_equal(&ms[0]->s, &ms[1]->s);
    set = mismatch ? BIT(XPI_ERR_SCALE_MISMATCH) | BIT(XPI_ERR_NOT_ENOUGH_DATA)
          : ms[0]->total == 0 || ms[1]->total == 0 ? BIT(XPI_ERR_NOT_ENOUGH_DATA)
                                                   : OK_BIT;
    status = xpi_tally_mann_whitney(ts[0], ts[1], &rank);
    expect(status, set, "mann_whitney");
    if (status == XPI_OK) {
        FUZZ_CHECK(rank.p_value >= 0.0 && rank.p_value <= 1.0, "mann_whitney: p %.17g",
                   rank.p_value);
        FUZZ_CHECK(rank.auc >= -1e-12 && rank.auc <= 1.0 + 1e-12, "mann_whitney: auc %.17g",
                   rank.auc);
        if (ts[0] == ts[1])
            FUZZ_CHECK(fabs(rank.auc - 0.5) < 1e-9, "mann_whitney with itself: auc %.17g",
                       rank.auc);
    }
}

static void op_resample(state *st)
{
    int i = (int)fuzz_pick(&st->r, NT), j = (int)fuzz_pick(&st->r, NT);
    const mtally *m = &st->m[i];
    int32_t stat = pick_stat(st), r;
    double conf = pick_confidence(st), prior, prob;
    uint32_t n;
    uint64_t seed = fuzz_u8(&st->r);
    int32_t kind = (int32_t)fuzz_pick(&st->r, 4), categories = (int32_t)fuzz_pick(&st->r, 3);
    unsigned set, k = fuzz_pick(&st->r, 8);
    xpi_estimate e;
    int status, little, bad;

    n = k == 0 ? 9 : k == 1 ? 10 : 10 + fuzz_u8(&st->r) % 40;
    prior = k == 2 ? 0.0 : k == 3 ? 1e6 : k == 4 ? 1e6 * 1.0000001 : 0.5;
    r = stat >= 0 && stat <= XPI_STAT_MEAN ? resolve(&m->s, stat) : 0;

    /* Bootstrap. */
    bad = stat < 0 || stat > XPI_STAT_MEAN || kind < XPI_BOOT_PERCENTILE || kind > XPI_BOOT_BCA ||
          n < 10 || !confidence_valid(conf);
    little = bad ? 0 : model_too_little(m, r);
    set = bad ? BIT(XPI_ERR_INVALID_ARG)
          : little == 1 ? BIT(XPI_ERR_NOT_ENOUGH_DATA)
          : little == 2 ? OK_BIT | BIT(XPI_ERR_NOT_ENOUGH_DATA)
                        : OK_BIT;
    status = xpi_tally_bootstrap(st->t[i], stat, kind, n, seed, conf, &e);
    expect(status, set, "bootstrap");
    if (status == XPI_OK) {
        fuzz_check_estimate(&e, r, m->s.min, m->s.max, m->total, "bootstrap");
        check_value(m, stat, e.value, "bootstrap");
    }

    /* Bayes. */
    bad = stat < 0 || stat > XPI_STAT_MEAN || categories > 1 || !(prior > 0.0 && prior <= 1e6) ||
          n < 10 || !confidence_valid(conf);
    if (bad)
        set = BIT(XPI_ERR_INVALID_ARG);
    else {
        set = 0;
        little = model_too_little(m, r);
        if (r == XPI_STAT_MEAN && categories == XPI_BAYES_BANDS)
            set |= BIT(XPI_ERR_NOT_APPLICABLE);
        if (little)
            set |= BIT(XPI_ERR_NOT_ENOUGH_DATA);
        if (!set || (little == 2 && !(r == XPI_STAT_MEAN && categories == XPI_BAYES_BANDS)))
            set |= OK_BIT;
    }
    status = xpi_tally_bayes(st->t[i], stat, categories, prior, n, seed, conf, &e);
    expect(status, set, "bayes");
    if (status == XPI_OK) {
        fuzz_check_estimate(&e, r, m->s.min, m->s.max, m->total, "bayes");
        check_value(m, stat, e.value, "bayes");
    }

    /* The probability that one beats the other (one response suffices). */
    bad = stat < 0 || stat > XPI_STAT_MEAN || categories > 1 || !(prior > 0.0 && prior <= 1e6) ||
          n < 10;
    if (bad)
        set = BIT(XPI_ERR_INVALID_ARG);
    else if (!scale_equal(&m->s, &st->m[j].s))
        set = BIT(XPI_ERR_SCALE_MISMATCH) | BIT(XPI_ERR_NOT_APPLICABLE) |
              BIT(XPI_ERR_NOT_ENOUGH_DATA);
    else {
        set = 0;
        if (r == XPI_STAT_MEAN && categories == XPI_BAYES_BANDS)
            set |= BIT(XPI_ERR_NOT_APPLICABLE);
        if (m->total == 0 || st->m[j].total == 0)
            set |= BIT(XPI_ERR_NOT_ENOUGH_DATA);
        if (!set)
            set = OK_BIT;
    }
    status = xpi_tally_prob_greater(st->t[i], st->t[j], stat, categories, prior, n, seed, &prob);
    expect(status, set, "prob_greater");
    if (status == XPI_OK)
        FUZZ_CHECK(prob >= 0.0 && prob <= 1.0, "prob_greater %.17g", prob);

    /* The variance of one response. */
    {
        double v = -1, deff = -1;
        bad = stat < 0 || stat > XPI_STAT_MEAN;
        little = bad ? 0 : m->total == 0 || (r == XPI_STAT_MEAN && m->total == 1);
        set = bad ? BIT(XPI_ERR_INVALID_ARG) : little ? BIT(XPI_ERR_NOT_ENOUGH_DATA) : OK_BIT;
        if (!bad && !little && r == XPI_STAT_MEAN && m->weighted)
            set |= BIT(XPI_ERR_NOT_ENOUGH_DATA);
        status = xpi_tally_unit_variance(st->t[i], stat, &v, &deff);
        expect(status, set, "unit_variance");
        if (status == XPI_OK) {
            FUZZ_CHECK(v >= 0.0 && !isnan(v), "unit_variance %.17g", v);
            FUZZ_CHECK(deff >= 1.0 - 1e-9, "design effect %.17g", deff);
            if (!m->weighted)
                FUZZ_CHECK(deff == 1.0, "unweighted design effect %.17g", deff);
        }
    }
}

static void op_new_scale(state *st)
{
    int32_t v[5];
    xpi_tally *t = NULL;
    int k, valid, status;
    int64_t points;
    for (k = 0; k < 5; k++) {
        unsigned b = fuzz_u8(&st->r);
        v[k] = b < 200 ? (int32_t)b - 100 : b < 230 ? (int32_t)fuzz_u32(&st->r)
                                                    : (b & 1 ? INT32_MAX : INT32_MIN);
    }
    v[4] = (int32_t)((uint32_t)v[4] % 7u) - 1; /* -1 .. 5 */
    /* new_scale(min, max, low_max, high_min, stat) */
    points = (int64_t)v[1] - (int64_t)v[0] + 1;
    valid = v[0] <= v[2] && v[2] < v[3] && v[3] <= v[1] && points <= XPI_SCALE_MAX_POINTS &&
            v[4] >= XPI_STAT_NET && v[4] <= XPI_STAT_MEAN;
    status = xpi_tally_new_scale(&t, v[0], v[1], v[2], v[3], v[4], NULL);
    expect(status, valid ? OK_BIT : BIT(XPI_ERR_INVALID_ARG), "new_scale");
    if (status == XPI_OK) {
        uint64_t n = 1;
        FUZZ_CHECK(xpi_tally_add(t, v[0], 1.0) == XPI_OK && xpi_tally_add(t, v[1], 2.0) == XPI_OK,
                   "adds at the ends of a new scale");
        FUZZ_CHECK(xpi_tally_count(t, v[1], &n) == XPI_OK && n == (v[0] == v[1] ? 2 : 1),
                   "count at the top of a new scale");
        xpi_tally_free(t);
    } else {
        FUZZ_CHECK(t == NULL, "failed new_scale wrote *out");
    }
}

/* ---- cubes ---------------------------------------------------------------- */

static int64_t floor_div64(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return q - (a % b < 0);
}

static int64_t bucket_of(const state *st, int64_t time)
{
    return floor_div64(time + st->offset, st->grain);
}

/* The Unix second a bucket starts at. */
static int64_t bucket_start(const state *st, int64_t bucket)
{
    return bucket * st->grain - st->offset;
}

static int64_t pick_time(state *st, int *valid)
{
    const int64_t base = INT64_C(1767225600); /* 2026-01-01T00:00:00Z */
    unsigned k = fuzz_u8(&st->r);
    int64_t t;
    *valid = 1;
    if (k < 200)
        t = base + (int64_t)(k % 50) * 86400 + (int64_t)fuzz_u8(&st->r) * 337 - 43200;
    else if (k < 240)
        t = base + (int64_t)(k - 200) * 86400 * 7 + (int64_t)fuzz_u8(&st->r) * 3600;
    else {
        switch (k % 8) {
        case 0: t = XPI_TIME_MIN; break;
        case 1: t = XPI_TIME_MAX; break;
        case 2: t = XPI_TIME_MIN - 1; *valid = 0; break;
        case 3: t = XPI_TIME_MAX + 1; *valid = 0; break;
        case 4: t = 0; break;
        case 5: t = -1; break;
        case 6: t = INT64_MIN; *valid = 0; break;
        default: t = -INT64_C(2208988800); break; /* 1900-01-01 */
        }
    }
    return t;
}

static double pick_cube_weight(state *st)
{
    static const double w[] = {1.0, 1.0, 1.0, 1.0, 2.0, 0.5, 1e-150, 1e100, 1e200,
                               0.0, -2.0, FUZZ_NAN, FUZZ_INF, 1e-151};
    return w[fuzz_pick(&st->r, sizeof w / sizeof w[0])];
}

/* A value index for a dimension: mostly valid ones, 5 long, 7 too long. */
static unsigned pick_value(state *st)
{
    unsigned k = fuzz_u8(&st->r);
    if (k < 220)
        return k % 7;
    return k < 240 ? 5 : TOO_LONG;
}

/* The id a dimension has given to a value index, or -1. */
static int mc_find_id(const mcube *mc, size_t d, unsigned v)
{
    uint32_t id;
    if (v == 0)
        return 0;
    for (id = 1; id < mc->nids[d]; id++)
        if (mc->ids[d][id] == v)
            return (int)id;
    return -1;
}

static void mc_intern(mcube *mc, size_t d, unsigned v)
{
    if (mc_find_id(mc, d, v) < 0) {
        FUZZ_CHECK(mc->nids[d] < NVALUES, "model: too many values");
        mc->ids[d][mc->nids[d]++] = (uint8_t)v;
    }
}

static mcell *mc_cell(mcube *mc, int64_t bucket, const uint8_t *v, size_t ndims)
{
    size_t i;
    for (i = 0; i < mc->n; i++)
        if (mc->cells[i].bucket == bucket && memcmp(mc->cells[i].v, v, ndims) == 0)
            return &mc->cells[i];
    if (mc->n == mc->cap) {
        size_t cap = mc->cap ? 2 * mc->cap : 16;
        mcell *cells = realloc(mc->cells, cap * sizeof *cells);
        FUZZ_CHECK(cells != NULL, "realloc");
        mc->cells = cells;
        mc->cap = cap;
    }
    memset(&mc->cells[mc->n], 0, sizeof mc->cells[mc->n]);
    mc->cells[mc->n].bucket = bucket;
    memcpy(mc->cells[mc->n].v, v, ndims);
    return &mc->cells[mc->n++];
}

static void mc_add(state *st, mcube *mc, int64_t time, const uint8_t *v, int32_t score,
                   double w)
{
    size_t d;
    mcell *cell;
    for (d = 0; d < st->ndims; d++)
        mc_intern(mc, d, v[d]);
    cell = mc_cell(mc, bucket_of(st, time), v, st->ndims);
    cell->count[(int64_t)score - st->cs.min]++;
    cell->sw[(int64_t)score - st->cs.min] += w;
    cell->weighted |= w != 1.0;
    mc->total++;
}

static bytes cube_bytes(const xpi_cube *c)
{
    bytes b;
    FUZZ_CHECK(xpi_cube_serialize(c, NULL, 0, &b.n) == XPI_OK, "cube serialize size");
    b.p = malloc(b.n);
    FUZZ_CHECK(b.p != NULL, "malloc");
    FUZZ_CHECK(xpi_cube_serialize(c, b.p, b.n, &b.n) == XPI_OK, "cube serialize");
    return b;
}

/* A model tally of the cells a predicate keeps. */
typedef struct mquery {
    int time_set;
    int64_t from, to;
    int filter[3];     /* -1 none, else a value index (NEVER_SEEN: none held) */
    int unknown[4];    /* filters on the names the cube lacks */
    int unknown_dim;   /* any of them */
    int32_t stat, method;
} mquery;

static int mq_selects(const state *st, const mquery *q, const mcell *cell)
{
    int64_t s = bucket_start(st, cell->bucket);
    size_t d;
    /* The default query selects every bucket (it once missed those at the
     * ends of time: crashes/default_query_misses_edge_buckets.c, fixed);
     * a bucket starting before XPI_TIME_MIN counts as starting there. */
    if (s < XPI_TIME_MIN)
        s = XPI_TIME_MIN;
    if (q != NULL && q->time_set && (s < q->from || s >= q->to))
        return 0;
    for (d = 0; q != NULL && d < st->ndims; d++)
        if (q->filter[d] >= 0 && cell->v[d] != q->filter[d])
            return 0;
    return 1;
}

/* The model tally of the cells a query selects, and of those only whose
 * dimension dim has value (dim < 0: all), and dim_b value_b. */
static void mc_sum2(const state *st, const mcube *mc, const mquery *q, int dim, int value,
                    int dim_b, int value_b, mtally *out)
{
    size_t i, p;
    model_init(out, &st->cs);
    for (i = 0; i < mc->n; i++) {
        const mcell *cell = &mc->cells[i];
        if (!mq_selects(st, q, cell) || (dim >= 0 && cell->v[dim] != value) ||
            (dim_b >= 0 && cell->v[dim_b] != value_b))
            continue;
        for (p = 0; p < st->cpoints; p++) {
            out->count[p] += cell->count[p];
            out->total += cell->count[p];
            out->sw[p] += cell->sw[p];
        }
        out->weighted |= cell->weighted;
    }
    for (p = 0; p < st->cpoints; p++)
        out->tw += out->sw[p];
}

static void mc_sum(const state *st, const mcube *mc, const mquery *q, int dim, int value,
                   mtally *out)
{
    mc_sum2(st, mc, q, dim, value, -1, 0, out);
}

static void check_cube(state *st, int k)
{
    const mcube *mc = &st->mc[k];
    xpi_tally *all = NULL;
    uint64_t responses = 0, cells = 0, c;
    size_t d, p;
    mtally m;

    FUZZ_CHECK(xpi_cube_stats(st->c[k], &responses, &cells, NULL) == XPI_OK, "cube stats");
    FUZZ_CHECK(responses == mc->total && cells == mc->n,
               "C%d: %llu responses in %llu cells, model %llu in %zu", k,
               (unsigned long long)responses, (unsigned long long)cells,
               (unsigned long long)mc->total, mc->n);
    for (d = 0; d < st->ndims; d++) {
        uint32_t count = 0, id;
        FUZZ_CHECK(xpi_cube_value_count(st->c[k], d, &count) == XPI_OK && count == mc->nids[d],
                   "C%d dim %zu: %u values, model %u", k, d, (unsigned)count,
                   (unsigned)mc->nids[d]);
        for (id = 0; id < count; id++) {
            const char *value = NULL;
            FUZZ_CHECK(xpi_cube_value(st->c[k], d, id, &value) == XPI_OK &&
                           strcmp(value, value_string(mc->ids[d][id])) == 0,
                       "C%d dim %zu id %u: value differs", k, d, (unsigned)id);
        }
    }
    FUZZ_CHECK(xpi_cube_tally(st->c[k], NULL, &all) == XPI_OK, "cube tally");
    mc_sum(st, mc, NULL, -1, 0, &m);
    for (p = 0; p < st->cpoints; p++) {
        int32_t score = (int32_t)((int64_t)st->cs.min + (int64_t)p);
        FUZZ_CHECK(xpi_tally_count(all, score, &c) == XPI_OK && c == m.count[p],
                   "C%d: score %d count %llu, model %llu", k, (int)score, (unsigned long long)c,
                   (unsigned long long)m.count[p]);
    }
    model_free(&m);
    xpi_tally_free(all);
}

/* Statuses of a cube add with these inputs (values may hold TOO_LONG). */
static unsigned cube_add_set(const state *st, int time_ok, int32_t score, double w,
                             const uint8_t *v, int values_null)
{
    unsigned set = 0;
    size_t d;
    if (!time_ok || !weight_valid(w) || (values_null && st->ndims > 0))
        set |= BIT(XPI_ERR_INVALID_ARG);
    if (!score_in(&st->cs, score))
        set |= BIT(XPI_ERR_SCORE_RANGE);
    for (d = 0; d < st->ndims && !values_null; d++)
        if (v[d] == TOO_LONG)
            set |= BIT(XPI_ERR_INVALID_ARG);
    if (!set && !isfinite(w * w))
        set |= BIT(XPI_ERR_OVERFLOW);
    return set ? set : OK_BIT;
}

static void after_cube_mutation(state *st, int k, int status, bytes before)
{
    if (status != XPI_OK) {
        bytes after = cube_bytes(st->c[k]);
        FUZZ_CHECK(same_bytes(before, after), "C%d: a rejected call (status %d) changed it", k,
                   status);
        free(after.p);
    }
    check_cube(st, k);
    free(before.p);
}

static void op_cube_add(state *st)
{
    int k = (int)fuzz_pick(&st->r, NC), time_ok, status;
    int64_t time = pick_time(st, &time_ok);
    int32_t score = pick_score(st, &st->cs);
    double w = pick_cube_weight(st);
    int values_null = fuzz_u8(&st->r) == 0xff;
    const char *values[3];
    uint8_t v[3] = {0, 0, 0};
    unsigned set;
    size_t d;
    bytes before = cube_bytes(st->c[k]);

    for (d = 0; d < st->ndims; d++) {
        v[d] = (uint8_t)pick_value(st);
        values[d] = value_string(v[d]);
    }
    set = cube_add_set(st, time_ok, score, w, v, values_null);
    status = xpi_cube_add(st->c[k], time, values_null ? NULL : values, score, w);
    expect(status, set, "cube_add");
    if (status == XPI_OK)
        mc_add(st, &st->mc[k], time, v, score, w);
    after_cube_mutation(st, k, status, before);
}

static void op_cube_add_ids(state *st)
{
    int k = (int)fuzz_pick(&st->r, NC), time_ok, status;
    int64_t time = pick_time(st, &time_ok);
    int32_t score = pick_score(st, &st->cs);
    double w = pick_cube_weight(st);
    uint32_t ids[3] = {0, 0, 0};
    uint8_t v[3] = {0, 0, 0};
    unsigned set;
    int bad_id = 0;
    size_t d;
    bytes before;

    for (d = 0; d < st->ndims; d++) {
        unsigned value = pick_value(st);
        status = xpi_cube_intern(st->c[k], d, value_string(value), &ids[d]);
        expect(status, value == TOO_LONG ? BIT(XPI_ERR_INVALID_ARG) : OK_BIT, "cube_intern");
        if (status == XPI_OK) {
            mc_intern(&st->mc[k], d, value);
            FUZZ_CHECK((int)ids[d] == mc_find_id(&st->mc[k], d, value), "intern: id %u",
                       (unsigned)ids[d]);
            v[d] = (uint8_t)value;
        } else {
            /* An id the dimension has not issued. */
            ids[d] = st->mc[k].nids[d] + fuzz_u8(&st->r);
            bad_id = 1;
        }
    }
    status = xpi_cube_intern(st->c[k], st->ndims, "x", &ids[0]);
    FUZZ_CHECK(status == XPI_ERR_INVALID_ARG, "intern into a dimension past the last");
    check_cube(st, k);
    before = cube_bytes(st->c[k]);
    set = cube_add_set(st, time_ok, score, w, v, 0);
    if (bad_id) {
        set &= ~(OK_BIT | BIT(XPI_ERR_OVERFLOW));
        set |= BIT(XPI_ERR_INVALID_ARG);
    }
    status = xpi_cube_add_ids(st->c[k], time, ids, score, w);
    expect(status, set, "cube_add_ids");
    if (status == XPI_OK)
        mc_add(st, &st->mc[k], time, v, score, w);
    after_cube_mutation(st, k, status, before);
}

static void op_cube_batch(state *st)
{
    int k = (int)fuzz_pick(&st->r, NC), by_ids = fuzz_u8(&st->r) & 1, with_w = fuzz_u8(&st->r) & 1;
    size_t n = fuzz_pick(&st->r, 7), i, d, added = 99;
    int64_t times[6];
    int32_t scores[6];
    double w[6];
    const char *values[18];
    uint32_t ids[18];
    uint8_t v[6][3];
    unsigned set = 0, one;
    int status, time_ok, invalid = 0, overflow = 0, keys_null;
    bytes before;

    for (i = 0; i < n; i++) {
        times[i] = pick_time(st, &time_ok);
        scores[i] = pick_score(st, &st->cs);
        w[i] = with_w ? pick_cube_weight(st) : 1.0;
        for (d = 0; d < st->ndims; d++) {
            v[i][d] = (uint8_t)pick_value(st);
            values[i * st->ndims + d] = value_string(v[i][d]);
            if (by_ids) {
                if (v[i][d] == TOO_LONG) {
                    ids[i * st->ndims + d] = st->mc[k].nids[d] + 7; /* never issued */
                } else {
                    FUZZ_CHECK(xpi_cube_intern(st->c[k], d, value_string(v[i][d]),
                                               &ids[i * st->ndims + d]) == XPI_OK,
                               "intern");
                    mc_intern(&st->mc[k], d, v[i][d]);
                }
            }
        }
        one = cube_add_set(st, time_ok, scores[i], w[i], v[i], 0);
        if (one & OK_BIT)
            continue;
        if (one & BIT(XPI_ERR_OVERFLOW))
            overflow = 1;
        else
            invalid = 1;
        set |= one;
    }
    check_cube(st, k);
    before = cube_bytes(st->c[k]);
    /* Invalid input anywhere rejects the batch whole; an overflow stops at
     * the first response that cannot be added. */
    if (!invalid && !overflow)
        set = OK_BIT;
    else if (invalid)
        set &= ~BIT(XPI_ERR_OVERFLOW);
    /* Without dimensions the keys may be NULL; but crashes/cube_null_ids_ub.c:
     * the library then does pointer arithmetic on NULL. */
    keys_null = n == 0 || st->ndims == 0; /* NULL keys without dimensions: fixed UB */
    if (by_ids)
        status = xpi_cube_add_ids_batch(st->c[k], n, n ? times : NULL, keys_null ? NULL : ids,
                                        n ? scores : NULL, with_w && n ? w : NULL, &added);
    else
        status = xpi_cube_add_batch(st->c[k], n, n ? times : NULL, keys_null ? NULL : values,
                                    n ? scores : NULL, with_w && n ? w : NULL, &added);
    expect(status, set, by_ids ? "cube_add_ids_batch" : "cube_add_batch");
    if (status == XPI_OK)
        FUZZ_CHECK(added == n, "batch: %zu added of %zu", added, n);
    else if (status == XPI_ERR_OVERFLOW)
        FUZZ_CHECK(added < n, "batch overflow: %zu added of %zu", added, n);
    else
        FUZZ_CHECK(added == 0, "rejected batch: %zu added", added);
    if (status == XPI_OK || status == XPI_ERR_OVERFLOW) {
        for (i = 0; i < added; i++)
            mc_add(st, &st->mc[k], times[i], v[i], scores[i], w[i]);
        if (status == XPI_ERR_OVERFLOW) {
            /* The response that stopped the batch must be one that cannot
             * be added. */
            FUZZ_CHECK(!isfinite(w[added] * w[added]), "batch stopped at a response that fits");
            status = XPI_OK; /* the cube changed: compare with the model only */
        }
    }
    after_cube_mutation(st, k, status, before);
}

static void mc_merge(state *st, mcube *dst, const mcube *src_in)
{
    mcube src = *src_in;
    size_t d, i, p;
    src.cells = malloc((src.n + 1) * sizeof *src.cells);
    FUZZ_CHECK(src.cells != NULL, "malloc");
    if (src.n > 0)
        memcpy(src.cells, src_in->cells, src.n * sizeof *src.cells);
    /* Every value of src, in src's id order, then the cells. */
    for (d = 0; d < st->ndims; d++)
        for (i = 1; i < src.nids[d]; i++)
            mc_intern(dst, d, src.ids[d][i]);
    for (i = 0; i < src.n; i++) {
        mcell *cell = mc_cell(dst, src.cells[i].bucket, src.cells[i].v, st->ndims);
        for (p = 0; p < st->cpoints; p++) {
            cell->count[p] += src.cells[i].count[p];
            cell->sw[p] += src.cells[i].sw[p];
        }
        cell->weighted |= src.cells[i].weighted;
    }
    dst->total += src.total;
    free(src.cells);
}

static void op_cube_merge(state *st)
{
    int d = (int)fuzz_pick(&st->r, NC), s = (int)fuzz_pick(&st->r, NC), status;
    unsigned mode = fuzz_pick(&st->r, 8);
    bytes before = cube_bytes(st->c[d]);

    if (mode == 0) {
        /* Another layout: a different grain, or a different dimension. */
        xpi_cube *other = NULL;
        const char *names[3] = {"region", "channel", "other"};
        FUZZ_CHECK(xpi_cube_new_scale(&other, st->cs.min, st->cs.max, st->cs.low_max,
                                      st->cs.high_min, st->cs.stat, st->ndims ? st->ndims : 1,
                                      st->ndims ? (st->ndims == 3 ? names : dim_names) : names,
                                      NULL) == XPI_OK,
                   "cube_new_scale");
        if (st->ndims != 0 && st->ndims != 3)
            FUZZ_CHECK(xpi_cube_set_time(other, st->grain == 60 ? 3600 : 60, st->offset) ==
                           XPI_OK,
                       "set_time");
        status = xpi_cube_merge(st->c[d], other);
        expect(status, BIT(XPI_ERR_SCALE_MISMATCH), "merge of another layout");
        xpi_cube_free(other);
    } else {
        unsigned set = st->mc[s].total > UINT64_MAX - st->mc[d].total ? BIT(XPI_ERR_OVERFLOW)
                                                                       : OK_BIT;
        status = xpi_cube_merge(st->c[d], st->c[s]);
        expect(status, set, "cube_merge");
        if (status == XPI_OK)
            mc_merge(st, &st->mc[d], &st->mc[s]);
    }
    after_cube_mutation(st, d, status, before);
}

static void op_cube_roundtrip(state *st)
{
    int k = (int)fuzz_pick(&st->r, NC);
    xpi_cube *back = NULL;
    bytes a = cube_bytes(st->c[k]), b;
    int status = xpi_cube_deserialize(&back, a.p, a.n, NULL);
    FUZZ_CHECK(status == XPI_OK, "C%d: deserializing its own bytes: status %d", k, status);
    b = cube_bytes(back);
    FUZZ_CHECK(same_bytes(a, b), "C%d: round trip changed the bytes", k);
    xpi_cube_free(st->c[k]);
    st->c[k] = back;
    free(a.p);
    free(b.p);
    check_cube(st, k);
}

/* A random query and its model; NULL (and *q NULL) a third of the time. */
static void make_query(state *st, xpi_query **out, mquery *mq)
{
    static const int32_t int_keys[] = {XPI_QUERY_ADJUST, XPI_QUERY_WINDOW, XPI_QUERY_BASELINE,
                                       XPI_QUERY_MIN_SEGMENT};
    unsigned k = fuzz_u8(&st->r), n, i;
    xpi_query *q = NULL;
    int status;

    memset(mq, 0, sizeof *mq);
    mq->filter[0] = mq->filter[1] = mq->filter[2] = -1;
    *out = NULL;
    if (k % 3 == 0)
        return;
    FUZZ_CHECK(xpi_query_new(&q, NULL) == XPI_OK, "query_new");
    *out = q;
    if (k & 4) {
        /* A time range near the data, or the widest, or an invalid one. */
        const int64_t base = INT64_C(1767225600);
        int64_t from = base + ((int64_t)fuzz_u8(&st->r) - 20) * 86400 + (int64_t)fuzz_u8(&st->r) * 1800;
        int64_t to = from + (int64_t)fuzz_u8(&st->r) * 86400 / 4 + (int64_t)fuzz_u8(&st->r) * 60;
        unsigned kind = fuzz_pick(&st->r, 6);
        int valid;
        if (kind == 0) {
            from = XPI_TIME_MIN;
            to = XPI_TIME_MAX + 1;
        } else if (kind == 1) {
            from = XPI_TIME_MIN - 1;
        } else if (kind == 2) {
            to = from;
        }
        valid = from >= XPI_TIME_MIN && to <= XPI_TIME_MAX + 1 && from < to;
        status = xpi_query_set_time(q, from, to);
        expect(status, valid ? OK_BIT : BIT(XPI_ERR_INVALID_ARG), "query_set_time");
        if (valid) {
            mq->time_set = 1;
            mq->from = from;
            mq->to = to;
        }
    }
    if (k & 8) {
        n = 1 + fuzz_pick(&st->r, 2);
        for (i = 0; i < n; i++) {
            unsigned d = fuzz_pick(&st->r, 4), v = fuzz_pick(&st->r, 9);
            const char *dim = d < 3 ? dim_names[d] : "nosuch";
            status = xpi_query_set_filter(q, dim, value_string(v));
            expect(status, v == TOO_LONG ? BIT(XPI_ERR_INVALID_ARG) : OK_BIT, "set_filter");
            if (status != XPI_OK)
                continue;
            if (d >= st->ndims)
                mq->unknown[d] = 1;
            else
                mq->filter[d] = (int)v;
        }
        if (fuzz_u8(&st->r) < 40) {
            unsigned d = fuzz_pick(&st->r, 3);
            FUZZ_CHECK(xpi_query_clear_filter(q, dim_names[d]) == XPI_OK, "clear_filter");
            mq->filter[d] = -1;
            mq->unknown[d] = 0;
        }
        mq->unknown_dim = mq->unknown[0] | mq->unknown[1] | mq->unknown[2] | mq->unknown[3];
    }
    if (k & 16) {
        int32_t stat = pick_stat(st), method = pick_method(st);
        double conf = pick_confidence(st);
        int ok_stat = stat >= 0 && stat <= XPI_STAT_MEAN;
        int ok_method = method >= 0 && method <= XPI_CI_BAYES;
        expect(xpi_query_set_param(q, XPI_QUERY_STAT, stat), ok_stat ? OK_BIT : BIT(XPI_ERR_INVALID_ARG), "stat");
        expect(xpi_query_set_param(q, XPI_QUERY_METHOD, method), ok_method ? OK_BIT : BIT(XPI_ERR_INVALID_ARG), "method");
        expect(xpi_query_set_param(q, XPI_QUERY_CONFIDENCE, conf),
               confidence_valid(conf) ? OK_BIT : BIT(XPI_ERR_INVALID_ARG), "confidence");
        if (ok_stat)
            mq->stat = stat;
        if (ok_method)
            mq->method = method;
    }
    if (k & 32) {
        for (i = 0; i < 2; i++) {
            int32_t key = int_keys[fuzz_pick(&st->r, 4)];
            double v = (double)fuzz_u8(&st->r) - 1.0;
            double got = -7;
            status = xpi_query_set_param(q, key, v);
            if (status == XPI_OK) {
                FUZZ_CHECK(xpi_query_get_param(q, key, &got) == XPI_OK && got == v,
                           "get_param %d: %.17g, set %.17g", (int)key, got, v);
            } else {
                FUZZ_CHECK(status == XPI_ERR_INVALID_ARG, "set_param %d: %d", (int)key, status);
            }
        }
        {
            static const int32_t keys[] = {XPI_QUERY_MIN_N, XPI_QUERY_SIGMA, XPI_QUERY_LAMBDA,
                                           XPI_QUERY_CUSUM_K, XPI_QUERY_CUSUM_H,
                                           XPI_QUERY_FALSE_ALARM, XPI_QUERY_PENALTY, 0, 15};
            static const double values[] = {0.0, 0.01, 0.05, 0.1, 0.2, 1.0, 3.0, 30.0, 1e9,
                                            -1.0, FUZZ_NAN, FUZZ_INF, 0.100000001};
            int32_t key = keys[fuzz_pick(&st->r, sizeof keys / sizeof keys[0])];
            double v = values[fuzz_pick(&st->r, sizeof values / sizeof values[0])];
            status = xpi_query_set_param(q, key, v);
            FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_INVALID_ARG, "set_param: %d",
                       status);
            if (key == 0 || key == 15 || !isfinite(v))
                FUZZ_CHECK(status == XPI_ERR_INVALID_ARG, "set_param %d %g accepted", (int)key, v);
        }
    }
    if (fuzz_u8(&st->r) < 10) {
        FUZZ_CHECK(xpi_query_reset(q) == XPI_OK, "query_reset");
        memset(mq, 0, sizeof *mq);
        mq->filter[0] = mq->filter[1] = mq->filter[2] = -1;
    }
}

/* Statuses of an analysis under a query: bad filters, method, no data. */
static unsigned analysis_set(const state *st, const mquery *q, int selected_any)
{
    unsigned set = 0;
    int32_t r = resolve(&st->cs, q->stat);
    if (q->unknown_dim)
        return BIT(XPI_ERR_INVALID_ARG);
    /* Breakdowns and series test segments and periods: the resampling
     * methods and those of other statistics do not apply. */
    if (!compare_applies(r, q->method))
        set |= BIT(XPI_ERR_NOT_APPLICABLE);
    if (!selected_any)
        set |= BIT(XPI_ERR_NOT_ENOUGH_DATA);
    return set ? set : OK_BIT;
}

static void op_cube_tally(state *st)
{
    int k = (int)fuzz_pick(&st->r, NC), status;
    xpi_query *q;
    mquery mq;
    xpi_tally *t = NULL;
    mtally m;
    uint64_t c;
    size_t p;

    make_query(st, &q, &mq);
    status = xpi_cube_tally(st->c[k], q, &t);
    expect(status, mq.unknown_dim ? BIT(XPI_ERR_INVALID_ARG) : OK_BIT, "cube_tally");
    if (status == XPI_OK) {
        mc_sum(st, &st->mc[k], &mq, -1, 0, &m);
        for (p = 0; p < st->cpoints; p++) {
            int32_t score = (int32_t)((int64_t)st->cs.min + (int64_t)p);
            FUZZ_CHECK(xpi_tally_count(t, score, &c) == XPI_OK && c == m.count[p],
                       "cube_tally under a query: score %d count %llu, model %llu", (int)score,
                       (unsigned long long)c, (unsigned long long)m.count[p]);
        }
        model_free(&m);
        xpi_tally_free(t);
    }
    xpi_query_free(q);
}

/* A row's estimate against the model of its responses. */
static void check_row_estimate(const state *st, const xpi_table *t, size_t row, const mtally *m,
                               int32_t stat, const char *what)
{
    double v = FUZZ_NAN;
    FUZZ_CHECK(xpi_table_get(t, row, XPI_COL_ESTIMATE, &v) == XPI_OK, "%s: estimate", what);
    if (resolve(&st->cs, stat) != XPI_STAT_MEAN || m->total >= 2)
        if (!(resolve(&st->cs, stat) == XPI_STAT_MEAN && m->weighted))
            FUZZ_CHECK(!isnan(v), "%s: row %zu with %llu responses has no estimate", what, row,
                       (unsigned long long)m->total);
    if (!isnan(v))
        FUZZ_CHECK(fabs(v - model_value(m, stat)) <= value_tolerance(&st->cs, stat),
                   "%s: row %zu estimate %.17g, model %.17g", what, row, v,
                   model_value(m, stat));
}

static void op_breakdown(state *st)
{
    int k = (int)fuzz_pick(&st->r, NC), crosstab = fuzz_u8(&st->r) < 64, status;
    size_t dim = fuzz_pick(&st->r, 4), dim_b = fuzz_pick(&st->r, 4), rows = 0, row, expected = 0;
    xpi_query *q;
    mquery mq;
    xpi_table *t = NULL;
    mtally all;
    unsigned set;
    double n;

    make_query(st, &q, &mq);
    mc_sum(st, &st->mc[k], &mq, -1, 0, &all);
    set = analysis_set(st, &mq, all.total > 0);
    if (dim >= st->ndims || (crosstab && (dim_b >= st->ndims || dim_b == dim)))
        set = BIT(XPI_ERR_INVALID_ARG);
    if (crosstab)
        status = xpi_cube_crosstab(st->c[k], dim, dim_b, q, &t);
    else
        status = xpi_cube_breakdown(st->c[k], dim, q, &t);
    expect(status, set, crosstab ? "crosstab" : "breakdown");
    if (status == XPI_OK) {
        n = fuzz_walk_table(t, 1 + (int32_t)fuzz_pick(&st->r, 21), (int32_t)(fuzz_u8(&st->r) & 1));
        FUZZ_CHECK(fuzz_same_count(n, all.total), "breakdown: rows hold %.17g of %llu", n,
                   (unsigned long long)all.total);
        xpi_table_rows(t, &rows);
        for (row = 0; row < rows; row++) {
            const char *label = NULL, *label_b = NULL;
            uint32_t id = 0, id_b = 0;
            int v, v_b = 0;
            mtally seg;
            double rn;
            xpi_table_label(t, row, 0, &label, &id);
            v = value_index(label);
            FUZZ_CHECK(v >= 0 && mc_find_id(&st->mc[k], dim, (unsigned)v) == (int)id,
                       "breakdown row %zu: label or id %u unknown", row, (unsigned)id);
            if (crosstab) {
                xpi_table_label(t, row, 1, &label_b, &id_b);
                v_b = value_index(label_b);
                FUZZ_CHECK(v_b >= 0 && mc_find_id(&st->mc[k], dim_b, (unsigned)v_b) == (int)id_b,
                           "crosstab row %zu: second label unknown", row);
            }
            /* The segment's responses in the model. */
            mc_sum2(st, &st->mc[k], &mq, (int)dim, v, crosstab ? (int)dim_b : -1, v_b, &seg);
            /* Its share of the selection's weight (of the responses when
             * the selection is unweighted), even for a single weighted
             * response (crashes/segment_share_single_weighted_response.c). */
            {
                double share = FUZZ_NAN, want = all.weighted
                                                      ? 100.0 * seg.tw / all.tw
                                                      : 100.0 * (double)seg.total / (double)all.total;
                FUZZ_CHECK(xpi_table_get(t, row, XPI_COL_SHARE, &share) == XPI_OK &&
                               close_enough(share, want, 1e-9),
                           "breakdown row %zu: share %.17g, model %.17g", row, share, want);
            }
            FUZZ_CHECK(xpi_table_get(t, row, XPI_COL_N, &rn) == XPI_OK && fuzz_same_count(rn, seg.total),
                       "breakdown row %zu ('%s'): N %.17g, model %llu", row, label, rn,
                       (unsigned long long)seg.total);
            FUZZ_CHECK(seg.total > 0, "breakdown row %zu without responses", row);
            check_row_estimate(st, t, row, &seg, mq.stat, "breakdown");
            model_free(&seg);
        }
        /* Every segment with responses has a row. */
        {
            size_t i;
            int seen[NVALUES * NVALUES];
            memset(seen, 0, sizeof seen);
            for (i = 0; i < st->mc[k].n; i++) {
                const mcell *cell = &st->mc[k].cells[i];
                size_t key = cell->v[dim] * NVALUES + (crosstab ? cell->v[dim_b] : 0);
                uint64_t c = 0;
                size_t p;
                for (p = 0; p < st->cpoints; p++)
                    c += cell->count[p];
                if (mq_selects(st, &mq, cell) && c > 0 && !seen[key]) {
                    seen[key] = 1;
                    expected++;
                }
            }
            FUZZ_CHECK(rows == expected, "breakdown: %zu rows, model %zu", rows, expected);
        }
        xpi_table_free(t);
    } else {
        FUZZ_CHECK(t == NULL, "failed breakdown wrote *out");
    }
    model_free(&all);
    xpi_query_free(q);
}

/* ---- calendar periods ------------------------------------------------------ */

static int64_t days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = floor_div64(y, 400);
    yoe = y - era * 400;
    doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m)
{
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = floor_div64(z, 146097);
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* The first day of the period holding a day, and the period's index
 * (consecutive periods have consecutive indexes). */
static int64_t period_index(int64_t day, int32_t period, int64_t *first_day)
{
    int64_t y, monday;
    int m;
    switch (period) {
    case XPI_PERIOD_DAY:
        *first_day = day;
        return day;
    case XPI_PERIOD_WEEK:
        monday = day - (((day + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday */
        *first_day = monday;
        return floor_div64(monday, 7);
    default:
        break;
    }
    civil_from_days(day, &y, &m);
    if (period == XPI_PERIOD_MONTH) {
        *first_day = days_from_civil(y, m, 1);
        return y * 12 + (m - 1);
    }
    if (period == XPI_PERIOD_QUARTER) {
        *first_day = days_from_civil(y, (m - 1) / 3 * 3 + 1, 1);
        return y * 4 + (m - 1) / 3;
    }
    *first_day = days_from_civil(y, 1, 1);
    return y;
}

static int64_t cell_day(const state *st, int64_t bucket)
{
    return floor_div64(bucket * st->grain, 86400);
}

static void check_series_derived(state *st, const xpi_table *series, const xpi_query *q,
                                 size_t rows, size_t window)
{
    xpi_table *t = NULL;
    int32_t chart = (int32_t)fuzz_pick(&st->r, 5);
    int status;

    status = xpi_series_chart(series, chart, q, &t);
    expect(status, chart >= XPI_CHART_SHEWHART && chart <= XPI_CHART_CUSUM ? OK_BIT
                                                                           : BIT(XPI_ERR_INVALID_ARG),
           "series_chart");
    if (status == XPI_OK) {
        size_t crow = 0;
        xpi_table_rows(t, &crow);
        FUZZ_CHECK(crow == rows, "chart: %zu rows of %zu", crow, rows);
        fuzz_walk_table(t, XPI_COL_CHART_SIGNAL, 1);
        xpi_table_free(t);
    }
    if (rows > 400 || window > 50)
        return;
    status = xpi_series_changes(series, q, &t);
    expect(status, OK_BIT, "series_changes");
    fuzz_walk_table(t, XPI_COL_EVIDENCE, 1);
    xpi_table_free(t);
    status = xpi_series_events(series, q, NULL, NULL, &t);
    expect(status, OK_BIT, "series_events");
    fuzz_walk_table(t, XPI_COL_EVENT_ROW, 0);
    xpi_table_free(t);
}

/* Window or baseline of a query, as the model cannot see them. */
static size_t query_span(const xpi_query *q)
{
    double w = 3, b = 0;
    if (q != NULL) {
        xpi_query_get_param(q, XPI_QUERY_WINDOW, &w);
        xpi_query_get_param(q, XPI_QUERY_BASELINE, &b);
    }
    return (size_t)fmax(w, b);
}

static void op_series(state *st)
{
    int k = (int)fuzz_pick(&st->r, NC), status;
    int32_t period = (int32_t)fuzz_pick(&st->r, 7); /* 0 and 6 are not periods */
    xpi_query *q;
    mquery mq;
    xpi_table *t = NULL;
    mtally all;
    int64_t first = 0, last = 0, fd, i;
    size_t c, rows = 0, row, span;
    unsigned set;
    int any = 0;

    make_query(st, &q, &mq);
    span = query_span(q);
    mc_sum(st, &st->mc[k], &mq, -1, 0, &all);
    set = analysis_set(st, &mq, all.total > 0);
    if (period < XPI_PERIOD_DAY || period > XPI_PERIOD_YEAR) {
        set = BIT(XPI_ERR_INVALID_ARG);
    } else if (set == OK_BIT) {
        for (c = 0; c < st->mc[k].n; c++) {
            int64_t p;
            if (!mq_selects(st, &mq, &st->mc[k].cells[c]))
                continue;
            p = period_index(cell_day(st, st->mc[k].cells[c].bucket), period, &fd);
            if (!any || p < first)
                first = p;
            if (!any || p > last)
                last = p;
            any = 1;
        }
        if (mq.time_set) {
            first = period_index(floor_div64(mq.from + st->offset, 86400), period, &fd);
            last = period_index(floor_div64(mq.to - 1 + st->offset, 86400), period, &fd);
        }
        if (last - first >= XPI_SERIES_MAX_PERIODS)
            set = BIT(XPI_ERR_OVERFLOW);
        else if (last - first >= MAX_ROWS || (span > 50 && last - first >= 400)) {
            model_free(&all);
            xpi_query_free(q);
            return; /* too long to build in a fuzzing run */
        }
    }
    status = xpi_cube_series(st->c[k], q, period, &t);
    expect(status, set, "cube_series");
    if (status == XPI_OK) {
        double n = fuzz_walk_table(t, XPI_COL_PERIOD_START, 0);
        FUZZ_CHECK(fuzz_same_count(n, all.total), "series: rows hold %.17g of %llu", n,
                   (unsigned long long)all.total);
        xpi_table_rows(t, &rows);
        FUZZ_CHECK((int64_t)rows == last - first + 1, "series: %zu rows, model %lld", rows,
                   (long long)(last - first + 1));
        for (row = 0, i = first; row < rows; row++, i++) {
            double start = FUZZ_NAN, rn = FUZZ_NAN;
            mtally per;
            size_t p;
            int64_t day;
            FUZZ_CHECK(xpi_table_get(t, row, XPI_COL_PERIOD_START, &start) == XPI_OK,
                       "period start");
            day = floor_div64((int64_t)start + st->offset, 86400);
            FUZZ_CHECK((int64_t)start == day * 86400 - st->offset &&
                           period_index(day, period, &fd) == i && fd == day,
                       "series row %zu: period start %.17g is not period %lld's", row, start,
                       (long long)i);
            model_init(&per, &st->cs);
            for (c = 0; c < st->mc[k].n; c++) {
                const mcell *cell = &st->mc[k].cells[c];
                if (!mq_selects(st, &mq, cell) ||
                    period_index(cell_day(st, cell->bucket), period, &fd) != i)
                    continue;
                for (p = 0; p < st->cpoints; p++) {
                    per.count[p] += cell->count[p];
                    per.total += cell->count[p];
                    per.sw[p] += cell->sw[p];
                }
                per.weighted |= cell->weighted;
            }
            FUZZ_CHECK(xpi_table_get(t, row, XPI_COL_N, &rn) == XPI_OK && fuzz_same_count(rn, per.total),
                       "series row %zu: N %.17g, model %llu", row, rn,
                       (unsigned long long)per.total);
            if (per.total > 0)
                check_row_estimate(st, t, row, &per, mq.stat, "series");
            model_free(&per);
        }
        check_series_derived(st, t, q, rows, span);
        xpi_table_free(t);
    }
    model_free(&all);
    xpi_query_free(q);
}

static void op_series_tallies(state *st)
{
    const xpi_tally *ts[4];
    const mtally *ms[4];
    size_t count = fuzz_pick(&st->r, 5), i, rows = 0;
    xpi_query *q;
    mquery mq;
    xpi_table *t = NULL;
    unsigned set;
    int mismatch = 0, status;
    const mtally *model = NULL;
    long double n_all = 0, w_all = 0, w2_all = 0;

    make_query(st, &q, &mq);
    for (i = 0; i < count; i++) {
        unsigned k = fuzz_pick(&st->r, NT + 1);
        ts[i] = k < NT ? st->t[k] : NULL;
        ms[i] = k < NT ? &st->m[k] : NULL;
        if (ms[i] == NULL)
            continue;
        if (model == NULL)
            model = ms[i];
        else
            mismatch |= !scale_equal(&model->s, &ms[i]->s);
    }
    for (i = 0; i < count; i++) {
        if (ms[i] == NULL)
            continue;
        n_all += (long double)ms[i]->total;
        w_all += (long double)ms[i]->tw;
        w2_all += (long double)ms[i]->tw2;
    }
    if (mismatch)
        set = BIT(XPI_ERR_SCALE_MISMATCH);
    else if (model == NULL)
        set = BIT(XPI_ERR_NOT_ENOUGH_DATA);
    else {
        int32_t r = resolve(&model->s, mq.stat);
        int any = 0;
        set = 0;
        for (i = 0; i < count; i++)
            any |= ms[i] != NULL && ms[i]->total > 0;
        if (!compare_applies(r, mq.method))
            set |= BIT(XPI_ERR_NOT_APPLICABLE);
        if (!any)
            set |= BIT(XPI_ERR_NOT_ENOUGH_DATA);
        if (!set)
            set = OK_BIT;
        /* The overall figures and rolling windows add periods up: their
         * weight sums or counts may overflow (XPI_ERR_OVERFLOW, "weight
         * sums" in xpi_cube_series' statuses). */
        if (set == OK_BIT && (n_all > (long double)UINT64_MAX ||
                              w_all > (long double)DBL_MAX * 0.999999L ||
                              w2_all > (long double)DBL_MAX * 0.999999L))
            set |= BIT(XPI_ERR_OVERFLOW);
    }
    status = xpi_series_from_tallies(ts, count, q, &t);
    expect(status, set, "series_from_tallies");
    if (status == XPI_OK) {
        fuzz_walk_table(t, XPI_COL_N, 1);
        xpi_table_rows(t, &rows);
        FUZZ_CHECK(rows == count, "series_from_tallies: %zu rows of %zu", rows, count);
        FUZZ_CHECK(xpi_table_sort(t, XPI_COL_PERIOD_START, 0) == XPI_OK, "sort");
        /* PERIOD_START is NaN throughout and NaN sorts last: ties keep
         * the order of the labels "1", "2"... */
        for (i = 0; i < rows; i++) {
            double rn = FUZZ_NAN;
            const char *label = NULL;
            char want[24];
            snprintf(want, sizeof want, "%zu", i + 1);
            FUZZ_CHECK(xpi_table_label(t, i, 0, &label, NULL) == XPI_OK &&
                           strcmp(label, want) == 0,
                       "series_from_tallies: row %zu label '%s'", i, label ? label : "(null)");
            FUZZ_CHECK(xpi_table_get(t, i, XPI_COL_N, &rn) == XPI_OK &&
                           fuzz_same_count(rn, ms[i] ? ms[i]->total : 0),
                       "series_from_tallies: row %zu N %.17g", i, rn);
        }
        if (rows <= 400)
            check_series_derived(st, t, q, rows, query_span(q));
        xpi_table_free(t);
    }
    xpi_query_free(q);
}

static void op_decompose(state *st)
{
    int k = (int)fuzz_pick(&st->r, NC), status;
    size_t dim = fuzz_pick(&st->r, 4), rows = 0, row;
    xpi_query *qa, *qb;
    mquery ma, mb;
    xpi_table *t = NULL;
    mtally a, b;
    unsigned set;

    make_query(st, &qa, &ma);
    make_query(st, &qb, &mb);
    mc_sum(st, &st->mc[k], &ma, -1, 0, &a);
    mc_sum(st, &st->mc[k], &mb, -1, 0, &b);
    if (dim >= st->ndims || ma.unknown_dim || mb.unknown_dim) {
        set = BIT(XPI_ERR_INVALID_ARG);
    } else {
        set = 0;
        if (!compare_applies(resolve(&st->cs, ma.stat), ma.method))
            set |= BIT(XPI_ERR_NOT_APPLICABLE);
        if (a.total == 0 || b.total == 0)
            set |= BIT(XPI_ERR_NOT_ENOUGH_DATA);
        if (!set)
            set = OK_BIT;
    }
    status = xpi_cube_decompose(st->c[k], dim, qa, qb, &t);
    /* Which of the estimate's failures decompose reports for a method
     * that does not apply is not documented beyond "as breakdown". */
    expect(status, set, "decompose");
    if (status == XPI_OK) {
        double change = FUZZ_NAN, rate = FUZZ_NAN, mix = FUZZ_NAN, ea = FUZZ_NAN, eb = FUZZ_NAN, sum_r = 0, sum_m = 0;
        double tol = 1e3 * value_tolerance(&st->cs, ma.stat);
        fuzz_walk_table(t, XPI_COL_RATE_EFFECT, 1);
        xpi_table_rows(t, &rows);
        FUZZ_CHECK(xpi_table_figure(t, XPI_TABLE_CHANGE, &change) == XPI_OK &&
                       xpi_table_figure(t, XPI_TABLE_RATE_EFFECT, &rate) == XPI_OK &&
                       xpi_table_figure(t, XPI_TABLE_MIX_EFFECT, &mix) == XPI_OK &&
                       xpi_table_figure(t, XPI_TABLE_ESTIMATE_A, &ea) == XPI_OK &&
                       xpi_table_figure(t, XPI_TABLE_ESTIMATE_B, &eb) == XPI_OK,
                   "decompose figures");
        FUZZ_CHECK(fabs(ea - model_value(&a, ma.stat)) <= value_tolerance(&st->cs, ma.stat) &&
                       fabs(eb - model_value(&b, ma.stat)) <= value_tolerance(&st->cs, ma.stat),
                   "decompose: estimates %.17g %.17g, model %.17g %.17g", ea, eb,
                   model_value(&a, ma.stat), model_value(&b, ma.stat));
        FUZZ_CHECK(fabs(change - (eb - ea)) <= tol, "decompose: change %.17g of %.17g - %.17g",
                   change, eb, ea);
        for (row = 0; row < rows; row++) {
            double r = FUZZ_NAN, m = FUZZ_NAN;
            FUZZ_CHECK(xpi_table_get(t, row, XPI_COL_RATE_EFFECT, &r) == XPI_OK &&
                           xpi_table_get(t, row, XPI_COL_MIX_EFFECT, &m) == XPI_OK,
                       "decompose row");
            FUZZ_CHECK(!isnan(r) && !isnan(m), "decompose row %zu: NaN effects", row);
            sum_r += r;
            sum_m += m;
        }
        if (trace) {
            fprintf(stderr, "decompose dim %zu stat %d: a time %d [%lld, %lld) filters %d %d %d;"
                    " b time %d [%lld, %lld) filters %d %d %d\n", dim, (int)ma.stat,
                    ma.time_set, (long long)ma.from, (long long)ma.to, ma.filter[0],
                    ma.filter[1], ma.filter[2], mb.time_set, (long long)mb.from,
                    (long long)mb.to, mb.filter[0], mb.filter[1], mb.filter[2]);
            for (row = 0; row < rows; row++) {
                const char *label = "";
                double v[8];
                int32_t cols[8] = {XPI_COL_N_A, XPI_COL_N_B, XPI_COL_SHARE_A, XPI_COL_SHARE_B,
                                   XPI_COL_ESTIMATE_A, XPI_COL_ESTIMATE_B, XPI_COL_RATE_EFFECT,
                                   XPI_COL_MIX_EFFECT};
                int c;
                xpi_table_label(t, row, 0, &label, NULL);
                for (c = 0; c < 8; c++)
                    xpi_table_get(t, row, cols[c], &v[c]);
                fprintf(stderr, "  '%.8s': n %g/%g share %g/%g est %g/%g rate %g mix %g\n",
                        label, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
            }
            fprintf(stderr, "  estimates %g -> %g\n", ea, eb);
            for (row = 0; row < st->mc[k].n; row++) {
                const mcell *cell = &st->mc[k].cells[row];
                size_t p;
                fprintf(stderr, "  cell bucket %lld start %lld values %d %d %d:",
                        (long long)cell->bucket, (long long)bucket_start(st, cell->bucket),
                        cell->v[0], cell->v[1], cell->v[2]);
                for (p = 0; p < st->cpoints; p++)
                    if (cell->count[p])
                        fprintf(stderr, " %d x%llu w %g;", (int)((int64_t)st->cs.min + (int64_t)p),
                                (unsigned long long)cell->count[p], cell->sw[p]);
                fprintf(stderr, "\n");
            }
        }
        FUZZ_CHECK(fabs(sum_r - rate) <= tol && fabs(sum_m - mix) <= tol &&
                       fabs(rate + mix - change) <= tol,
                   "decompose: rate %.17g (rows %.17g) + mix %.17g (rows %.17g) != change %.17g",
                   rate, sum_r, mix, sum_m, change);
        xpi_table_free(t);
    }
    model_free(&a);
    model_free(&b);
    xpi_query_free(qa);
    xpi_query_free(qb);
}

/* ---- the program ------------------------------------------------------------ */

static void create_tally(state *st, int i, const mscale *s)
{
    int status = s->metric != XPI_METRIC_CUSTOM
                     ? xpi_tally_new(&st->t[i], s->metric, NULL)
                     : xpi_tally_new_scale(&st->t[i], s->min, s->max, s->low_max, s->high_min,
                                           s->stat, NULL);
    FUZZ_CHECK(status == XPI_OK, "tally creation: %d", status);
    model_init(&st->m[i], s);
}

static void create_cubes(state *st, unsigned layout)
{
    static const int32_t grains[] = {86400, 3600, 60, 43200, 86400, 900};
    static const int32_t offsets[] = {0, 3600, -18000, 50400, -50400, 0, 19800};
    int k;
    st->ndims = layout % 4;
    st->grain = grains[(layout / 4) % 6];
    st->offset = offsets[(layout / 24) % 7];
    for (k = 0; k < NC; k++) {
        const mscale *s = &st->cs;
        int status = s->metric != XPI_METRIC_CUSTOM
                         ? xpi_cube_new(&st->c[k], s->metric, st->ndims, dim_names, NULL)
                         : xpi_cube_new_scale(&st->c[k], s->min, s->max, s->low_max, s->high_min,
                                              s->stat, st->ndims, dim_names, NULL);
        size_t d;
        FUZZ_CHECK(status == XPI_OK, "cube creation: %d", status);
        FUZZ_CHECK(xpi_cube_set_time(st->c[k], st->grain, st->offset) == XPI_OK, "set_time");
        memset(&st->mc[k], 0, sizeof st->mc[k]);
        for (d = 0; d < 3; d++)
            st->mc[k].nids[d] = 1; /* the missing value */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    state st;
    unsigned a, b, ops = 0;
    int i;

    if (long_ok[0] == 0) {
        memset(long_ok, 'x', XPI_VALUE_MAX_BYTES);
        memset(long_bad, 'y', XPI_VALUE_MAX_BYTES + 1);
        /* FUZZ_TRACE=1 lists the operations run (to read a crash). */
        trace = getenv("FUZZ_TRACE") != NULL;
    }
    memset(&st, 0, sizeof st);
    st.r.p = data;
    st.r.left = size;
    a = fuzz_u8(&st.r) % NSCALES;
    b = fuzz_u8(&st.r) % NSCALES;
    create_tally(&st, 0, &scales[a]);
    create_tally(&st, 1, &scales[a]);
    create_tally(&st, 2, &scales[b]);
    st.cs = scale_points(&scales[a]) <= CUBE_POINTS ? scales[a] : scales[0];
    st.cpoints = scale_points(&st.cs);
    create_cubes(&st, fuzz_u8(&st.r));

    while (fuzz_more(&st.r) && ops++ < MAX_OPS) {
        unsigned op = fuzz_u8(&st.r) % 24;
        if (trace)
            fprintf(stderr, "op %u: %u (%zu bytes left)\n", ops, op, st.r.left);
        switch (op) {
        case 0: case 1: case 2: op_add(&st); break;
        case 3: op_add_n(&st); break;
        case 4: op_add_array(&st); break;
        case 5: op_merge(&st); break;
        case 6: op_reset(&st); break;
        case 7: op_clone(&st); break;
        case 8: op_roundtrip(&st); break;
        case 9: op_estimate(&st); break;
        case 10: op_compare(&st); break;
        case 11: op_test_value(&st); break;
        case 12: op_distribution(&st); break;
        case 13: op_resample(&st); break;
        case 14: op_new_scale(&st); break;
        case 15: case 16: op_cube_add(&st); break;
        case 17: op_cube_add_ids(&st); break;
        case 18: op_cube_batch(&st); break;
        case 19: op_cube_merge(&st); break;
        case 20: op_cube_roundtrip(&st); op_cube_tally(&st); break;
        case 21: op_breakdown(&st); break;
        case 22: op_series(&st); break;
        default:
            if (fuzz_u8(&st.r) & 1)
                op_series_tallies(&st);
            else
                op_decompose(&st);
            break;
        }
    }

    for (i = 0; i < NT; i++) {
        check_tally(st.t[i], &st.m[i], i);
        xpi_tally_free(st.t[i]);
        model_free(&st.m[i]);
    }
    for (i = 0; i < NC; i++) {
        check_cube(&st, i);
        xpi_cube_free(st.c[i]);
        free(st.mc[i].cells);
    }
    return 0;
}
