/*
 * Bootstrap and Bayesian intervals and P(a > b): the Monte Carlo references
 * of tests/ref/gen_resample.py (scipy.stats.bootstrap, numpy Dirichlet
 * draws, exact Beta quantiles and integrals), each within the tolerance the
 * generator derived from the Monte Carlo error of both sides; seeds and
 * reproducibility; the estimate methods BOOTSTRAP and BAYES; invariants;
 * weighted tallies; the statuses of bad requests; out of memory.
 *
 * usage: test_resample tests/ref/resample_vectors.tsv
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "failing_alloc.h"
#include "snapshot.h"
#include "tsv.h"
#include "xpi.h"

#define MAX_POINTS 11
#define SEED 12345u

static const int32_t all_stats[] = { XPI_STAT_NET, XPI_STAT_TOP, XPI_STAT_BOTTOM,
                                     XPI_STAT_MEAN };

/* A tally of a preset metric with counts[i] responses of score min + i. */
static xpi_tally *build(int32_t metric, const uint64_t *counts, const xpi_allocator *alloc)
{
    xpi_tally *t = NULL;
    int32_t min = 0, max = 0, s;
    CHECK_STATUS(xpi_tally_new(&t, metric, alloc), XPI_OK);
    CHECK_STATUS(xpi_tally_scale(t, NULL, &min, &max, NULL, NULL, NULL), XPI_OK);
    for (s = min; s <= max; s++)
        CHECK_STATUS(xpi_tally_add_n(t, s, counts[s - min]), XPI_OK);
    return t;
}

static xpi_tally *nps(uint64_t detractors, uint64_t passives, uint64_t promoters)
{
    const uint64_t c[11] = { detractors, 0, 0, 0, 0, 0, 0, passives, 0, 0, promoters };
    return build(XPI_METRIC_NPS, c, NULL);
}

/* The statistic's range in its reporting units. */
static void stat_range(const xpi_tally *t, int32_t stat, double *lo, double *hi)
{
    int32_t min = 0, max = 0;
    CHECK_STATUS(xpi_tally_scale(t, NULL, &min, &max, NULL, NULL, NULL), XPI_OK);
    *lo = stat == XPI_STAT_MEAN ? min : stat == XPI_STAT_NET ? -100.0 : 0.0;
    *hi = stat == XPI_STAT_MEAN ? max : 100.0;
}

static int32_t resolve(const xpi_tally *t, int32_t stat)
{
    int32_t def = 0;
    CHECK_STATUS(xpi_tally_scale(t, NULL, NULL, NULL, NULL, NULL, &def), XPI_OK);
    return stat == XPI_STAT_DEFAULT ? def : stat;
}

static int same_estimate(const xpi_estimate *a, const xpi_estimate *b)
{
    return memcmp(a, b, sizeof *a) == 0;
}

/* ---- (a) reference vectors ---------------------------------------------- */

typedef struct vector {
    char kind[8], metric[8], stat[8], method[16], ref[24];
    double confidence, want[2], tol;
    uint32_t draws;
    int has_b;
    uint64_t a[MAX_POINTS], b[MAX_POINTS];
} vector;

/* Worst |got - want| / tolerance per kind, method and reference. */
typedef struct group {
    char name[64];
    int rows;
    double worst;
} group;

static group groups[16];
static size_t group_count;

static void record(const vector *v, double ratio)
{
    char name[64];
    size_t i;
    snprintf(name, sizeof name, "%s %s %s", v->kind, v->method, v->ref);
    for (i = 0; i < group_count; i++)
        if (strcmp(groups[i].name, name) == 0)
            break;
    if (i == group_count) {
        if (group_count == sizeof groups / sizeof groups[0])
            return;
        snprintf(groups[i].name, sizeof groups[i].name, "%s", name);
        groups[i].rows = 0;
        groups[i].worst = 0.0;
        group_count++;
    }
    groups[i].rows++;
    if (ratio > groups[i].worst || isnan(ratio))
        groups[i].worst = ratio;
}

/* dst = src, cut to size - 1 characters. */
static void copy_field(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int read_vector(FILE *f, vector *v)
{
    static char line[4096];
    while (fgets(line, sizeof line, f) != NULL) {
        char *field[11], *rest;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        if (split_tabs(line, field, 11) != 11) {
            fprintf(stderr, "malformed vector line\n");
            return -1;
        }
        copy_field(v->kind, sizeof v->kind, field[0]);
        copy_field(v->metric, sizeof v->metric, field[1]);
        copy_field(v->stat, sizeof v->stat, field[2]);
        copy_field(v->method, sizeof v->method, field[3]);
        v->confidence = strcmp(field[4], "-") == 0 ? (double)NAN : strtod(field[4], NULL);
        v->draws = (uint32_t)strtoul(field[5], NULL, 10);
        {
            size_t points = strcmp(v->metric, "nps") == 0    ? 11
                            : strcmp(v->metric, "csat") == 0 ? 5
                                                             : 7;
            if (!parse_counts(field[6], v->a, points, &rest))
                return -1;
            v->has_b = *rest == '|';
            if (v->has_b && !parse_counts(rest + 1, v->b, points, &rest))
                return -1;
            if (*rest != '\0') {
                fprintf(stderr, "bad counts %s\n", field[6]);
                return -1;
            }
        }
        v->want[0] = strtod(field[7], NULL);
        v->want[1] = strcmp(field[8], "-") == 0 ? (double)NAN : strtod(field[8], NULL);
        v->tol = strtod(field[9], NULL);
        copy_field(v->ref, sizeof v->ref, field[10]);
        return 1;
    }
    return 0;
}

static void check_vector(const vector *v, int32_t metric, int32_t stat)
{
    xpi_tally *a = build(metric, v->a, NULL), *b = v->has_b ? build(metric, v->b, NULL) : NULL;
    double got[2] = { (double)NAN, (double)NAN }, worst = 0.0;
    int ends = 2, i, status;
    xpi_estimate e;

    memset(&e, 0, sizeof e);
    if (strcmp(v->kind, "boot") == 0) {
        int32_t kind = strcmp(v->method, "bca") == 0 ? XPI_BOOT_BCA : XPI_BOOT_PERCENTILE;
        status = xpi_tally_bootstrap(a, stat, kind, v->draws, SEED, v->confidence, &e);
        got[0] = e.lower;
        got[1] = e.upper;
    } else if (strcmp(v->kind, "bayes") == 0) {
        int32_t cats = strcmp(v->method, "scale") == 0 ? XPI_BAYES_SCALE : XPI_BAYES_BANDS;
        status = xpi_tally_bayes(a, stat, cats, 0.5, v->draws, SEED, v->confidence, &e);
        got[0] = e.lower;
        got[1] = e.upper;
    } else {
        int32_t cats = strcmp(v->method, "scale") == 0 ? XPI_BAYES_SCALE : XPI_BAYES_BANDS;
        status = xpi_tally_prob_greater(a, b, stat, cats, 0.5, v->draws, SEED, &got[0]);
        ends = 1;
    }
    CHECK_STATUS(status, XPI_OK);
    for (i = 0; i < ends; i++) {
        double ratio = fabs(got[i] - v->want[i]) / v->tol;
        check_count++;
        if (!(ratio <= 1.0)) {
            check_failures++;
            fprintf(stderr, "%s %s %s %s %.2f %s: %s = %.10g, want %.10g (tol %.4g)\n",
                    v->kind, v->metric, v->stat, v->method, v->confidence, v->ref,
                    ends == 1 ? "p" : i == 0 ? "lower" : "upper", got[i], v->want[i], v->tol);
        }
        worst = isnan(ratio) || ratio > worst ? ratio : worst;
    }
    record(v, worst);
    xpi_tally_free(a);
    xpi_tally_free(b);
}

static void test_vectors(const char *path)
{
    static const char *const metric_names[] = { "nps", "csat", "ces" };
    static const int32_t metric_ids[] = { XPI_METRIC_NPS, XPI_METRIC_CSAT, XPI_METRIC_CES };
    static const char *const stat_names[] = { "net", "top", "bottom", "mean" };
    static const int32_t stat_ids[] = { XPI_STAT_NET, XPI_STAT_TOP, XPI_STAT_BOTTOM,
                                        XPI_STAT_MEAN };
    static vector v;
    FILE *f = fopen(path, "r");
    int rows = 0, boot = 0, bayes = 0, prob = 0, got;
    size_t i;

    CHECK(f != NULL);
    if (f == NULL)
        return;
    while ((got = read_vector(f, &v)) == 1) {
        int32_t metric, stat;
        int known_kind = strcmp(v.kind, "boot") == 0 || strcmp(v.kind, "bayes") == 0 ||
                         strcmp(v.kind, "prob") == 0;
        if (!known_kind || !lookup(v.metric, metric_names, metric_ids, 3, &metric) ||
            !lookup(v.stat, stat_names, stat_ids, 4, &stat) || !(v.tol > 0.0) ||
            (strcmp(v.kind, "prob") == 0) != v.has_b) {
            fprintf(stderr, "vector: unknown name or bad row\n");
            got = -1;
            break;
        }
        check_vector(&v, metric, stat);
        boot += strcmp(v.kind, "boot") == 0;
        bayes += strcmp(v.kind, "bayes") == 0;
        prob += strcmp(v.kind, "prob") == 0;
        rows++;
    }
    CHECK(got == 0);
    CHECK(boot >= 40 && bayes >= 20 && prob >= 8);
    printf("resample vectors: %d rows (%d boot, %d bayes, %d prob)\n", rows, boot, bayes, prob);
    for (i = 0; i < group_count; i++)
        printf("  %-32s %3d rows, worst |got - want| / tol = %.3f\n", groups[i].name,
               groups[i].rows, groups[i].worst);
    fclose(f);
}

/* ---- (b) seeds ---------------------------------------------------------- */

static void test_reproducible(void)
{
    /* Large n: the lattice of the statistics is fine enough that two
     * streams practically never give the same interval. */
    xpi_tally *t = nps(25000, 32500, 42500), *u = nps(30, 30, 40);
    xpi_estimate e1, e2;
    double p1, p2;
    int32_t kinds[2] = { XPI_BOOT_PERCENTILE, XPI_BOOT_BCA };
    size_t i, s;

    for (i = 0; i < 2; i++) {
        for (s = 0; s < 4; s++) {
            memset(&e1, 0x11, sizeof e1);
            memset(&e2, 0x22, sizeof e2);
            CHECK_STATUS(xpi_tally_bootstrap(t, all_stats[s], kinds[i], 2000, 7, 0.95, &e1),
                         XPI_OK);
            CHECK_STATUS(xpi_tally_bootstrap(t, all_stats[s], kinds[i], 2000, 7, 0.95, &e2),
                         XPI_OK);
            CHECK(same_estimate(&e1, &e2));
            CHECK_STATUS(xpi_tally_bootstrap(t, all_stats[s], kinds[i], 2000, 8, 0.95, &e2),
                         XPI_OK);
            CHECK(e1.lower != e2.lower || e1.upper != e2.upper);
            CHECK(e1.value == e2.value && e1.se == e2.se);
        }
    }
    for (s = 0; s < 4; s++) {
        int32_t cats[2] = { XPI_BAYES_BANDS, XPI_BAYES_SCALE };
        for (i = all_stats[s] == XPI_STAT_MEAN; i < 2; i++) {
            memset(&e1, 0x11, sizeof e1);
            memset(&e2, 0x22, sizeof e2);
            CHECK_STATUS(xpi_tally_bayes(u, all_stats[s], cats[i], 0.5, 2000, 7, 0.9, &e1),
                         XPI_OK);
            CHECK_STATUS(xpi_tally_bayes(u, all_stats[s], cats[i], 0.5, 2000, 7, 0.9, &e2),
                         XPI_OK);
            CHECK(same_estimate(&e1, &e2));
            CHECK_STATUS(xpi_tally_bayes(u, all_stats[s], cats[i], 0.5, 2000, 8, 0.9, &e2),
                         XPI_OK);
            CHECK(e1.lower != e2.lower && e1.upper != e2.upper);
            p1 = -1.0;
            p2 = -2.0;
            CHECK_STATUS(xpi_tally_prob_greater(t, u, all_stats[s], cats[i], 0.5, 5000, 7, &p1),
                         XPI_OK);
            CHECK_STATUS(xpi_tally_prob_greater(t, u, all_stats[s], cats[i], 0.5, 5000, 7, &p2),
                         XPI_OK);
            CHECK(memcmp(&p1, &p2, sizeof p1) == 0);
            CHECK_STATUS(xpi_tally_prob_greater(t, u, all_stats[s], cats[i], 0.5, 5000, 8, &p2),
                         XPI_OK);
            CHECK(p1 != p2);
        }
    }
    /* Seed 0 and the largest seed are ordinary seeds. */
    CHECK_STATUS(xpi_tally_bootstrap(u, XPI_STAT_NET, XPI_BOOT_BCA, 1000, 0, 0.95, &e1), XPI_OK);
    CHECK(e1.lower < e1.upper);
    CHECK_STATUS(xpi_tally_bayes(u, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 1000, UINT64_MAX, 0.95,
                                 &e1),
                 XPI_OK);
    CHECK(e1.lower < e1.upper);
    xpi_tally_free(t);
    xpi_tally_free(u);
}

/* ---- (c) the estimate methods ------------------------------------------- */

static xpi_tally *weighted_nps(void)
{
    xpi_tally *t = NULL;
    int i;
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), XPI_OK);
    for (i = 0; i < 60; i++)
        CHECK_STATUS(xpi_tally_add(t, i % 11, 0.5 + (double)(i % 7) * 0.25), XPI_OK);
    return t;
}

static void test_estimate_methods(void)
{
    static const uint64_t c1[11] = { 2, 1, 1, 2, 2, 3, 4, 8, 10, 12, 15 };
    static const uint64_t c2[5] = { 10, 12, 28, 50, 50 };
    static const uint64_t c3[7] = { 1, 2, 3, 5, 6, 5, 3 };
    static const uint64_t c4[11] = { 1, 0, 0, 0, 1, 0, 2, 3, 3, 20, 70 };
    static const int32_t stats5[] = { XPI_STAT_DEFAULT, XPI_STAT_NET, XPI_STAT_TOP,
                                      XPI_STAT_BOTTOM, XPI_STAT_MEAN };
    static const double confs[] = { 0.95, 0.8 };
    xpi_tally *t[5];
    size_t i, s, c;

    t[0] = build(XPI_METRIC_NPS, c1, NULL);
    t[1] = build(XPI_METRIC_CSAT, c2, NULL);
    t[2] = build(XPI_METRIC_CES, c3, NULL);
    t[3] = build(XPI_METRIC_NPS, c4, NULL);
    t[4] = weighted_nps();
    for (i = 0; i < 5; i++) {
        for (s = 0; s < 5; s++) {
            for (c = 0; c < 2; c++) {
                int32_t stat = resolve(t[i], stats5[s]);
                xpi_estimate via_estimate, direct;
                memset(&via_estimate, 0x33, sizeof via_estimate);
                memset(&direct, 0x44, sizeof direct);
                CHECK_STATUS(xpi_tally_estimate(t[i], stats5[s], XPI_CI_BOOTSTRAP, confs[c],
                                                &via_estimate),
                             XPI_OK);
                CHECK_STATUS(xpi_tally_bootstrap(t[i], stat, XPI_BOOT_BCA,
                                                 XPI_BOOTSTRAP_REPLICATES, XPI_DEFAULT_SEED,
                                                 confs[c], &direct),
                             XPI_OK);
                CHECK(same_estimate(&via_estimate, &direct));
                memset(&via_estimate, 0x33, sizeof via_estimate);
                memset(&direct, 0x44, sizeof direct);
                CHECK_STATUS(xpi_tally_estimate(t[i], stats5[s], XPI_CI_BAYES, confs[c],
                                                &via_estimate),
                             XPI_OK);
                CHECK_STATUS(xpi_tally_bayes(t[i], stat,
                                             stat == XPI_STAT_MEAN ? XPI_BAYES_SCALE
                                                                   : XPI_BAYES_BANDS,
                                             0.5, XPI_BAYES_DRAWS, XPI_DEFAULT_SEED, confs[c],
                                             &direct),
                             XPI_OK);
                CHECK(same_estimate(&via_estimate, &direct));
            }
        }
    }
    for (i = 0; i < 5; i++)
        xpi_tally_free(t[i]);
}

/* ---- (d) invariants ----------------------------------------------------- */

/* Every interval of t for stat: the estimate's value, se, n and n_eff;
 * ordered; inside the range; nested as the confidence grows (one seed, so
 * one set of replicates). */
static void check_invariants(const xpi_tally *t, int32_t stat)
{
    static const double confs[] = { 0.5, 0.8, 0.9, 0.95, 0.99 };
    xpi_estimate wald, e, prev;
    double lo, hi;
    int method;
    size_t c;

    memset(&wald, 0, sizeof wald);
    memset(&prev, 0, sizeof prev);
    CHECK_STATUS(xpi_tally_estimate(t, stat, XPI_CI_WALD, 0.95, &wald), XPI_OK);
    stat_range(t, resolve(t, stat), &lo, &hi);
    for (method = 0; method < 4; method++) {
        for (c = 0; c < sizeof confs / sizeof confs[0]; c++) {
            int status;
            memset(&e, 0, sizeof e);
            if (method < 2)
                status = xpi_tally_bootstrap(t, stat,
                                             method == 0 ? XPI_BOOT_PERCENTILE : XPI_BOOT_BCA,
                                             2000, SEED, confs[c], &e);
            else if (method == 2 && resolve(t, stat) == XPI_STAT_MEAN)
                continue;
            else
                status = xpi_tally_bayes(t, stat, method == 2 ? XPI_BAYES_BANDS : XPI_BAYES_SCALE,
                                         0.5, 2000, SEED, confs[c], &e);
            CHECK_STATUS(status, XPI_OK);
            CHECK(e.value == wald.value && e.se == wald.se && e.n == wald.n &&
                  e.n_eff == wald.n_eff);
            CHECK(e.lower <= e.upper);
            CHECK(e.lower >= lo && e.upper <= hi);
            if (c > 0)
                CHECK(e.lower <= prev.lower && e.upper >= prev.upper);
            prev = e;
        }
    }
}

static void test_invariants(void)
{
    static const uint64_t c1[11] = { 1, 0, 1, 0, 1, 1, 2, 3, 4, 3, 4 };
    static const uint64_t c2[5] = { 2, 1, 4, 7, 6 };
    static const uint64_t c3[7] = { 20, 30, 60, 190, 400, 700, 600 };
    static const uint64_t one[11] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0 };
    xpi_tally *t[5], *single[4];
    size_t i, s;

    t[0] = build(XPI_METRIC_NPS, c1, NULL);
    t[1] = build(XPI_METRIC_CSAT, c2, NULL);
    t[2] = build(XPI_METRIC_CES, c3, NULL);
    t[3] = nps(0, 0, 7);
    t[4] = weighted_nps();
    for (i = 0; i < 5; i++) {
        for (s = 0; s < 4; s++)
            check_invariants(t[i], all_stats[s]);
        check_invariants(t[i], XPI_STAT_DEFAULT);
    }

    /* All responses on one score: every replicate equals the estimate, so
     * both bootstrap intervals have zero width at the value. */
    {
        static const uint64_t nines[11] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 40, 0 };
        static const uint64_t threes[5] = { 0, 0, 25, 0, 0 };
        static const uint64_t sevens[7] = { 0, 0, 0, 0, 0, 0, 13 };
        single[0] = build(XPI_METRIC_NPS, nines, NULL);
        single[1] = build(XPI_METRIC_CSAT, threes, NULL);
        single[2] = build(XPI_METRIC_CES, sevens, NULL);
        single[3] = build(XPI_METRIC_NPS, one, NULL);
    }
    for (i = 0; i < 4; i++) {
        for (s = 0; s < 4; s++) {
            int32_t kind;
            if (i == 3 && all_stats[s] == XPI_STAT_MEAN)
                continue; /* a mean of one response is refused (test_bad_input) */
            for (kind = XPI_BOOT_PERCENTILE; kind <= XPI_BOOT_BCA; kind++) {
                xpi_estimate e;
                memset(&e, 0, sizeof e);
                CHECK_STATUS(xpi_tally_bootstrap(single[i], all_stats[s], kind, 1000, SEED, 0.95,
                                                 &e),
                             XPI_OK);
                CHECK(e.lower == e.value && e.upper == e.value);
            }
            {
                /* The posterior is still proper. */
                xpi_estimate e;
                int32_t cats = all_stats[s] == XPI_STAT_MEAN ? XPI_BAYES_SCALE : XPI_BAYES_BANDS;
                CHECK_STATUS(xpi_tally_bayes(single[i], all_stats[s], cats, 0.5, 1000, SEED, 0.95,
                                             &e),
                             XPI_OK);
                CHECK(e.lower < e.upper);
            }
        }
    }
    {
        /* The one-score values: NPS 9s are all promoters. */
        xpi_estimate e;
        CHECK_STATUS(xpi_tally_bootstrap(single[0], XPI_STAT_NET, XPI_BOOT_BCA, 1000, SEED, 0.9,
                                         &e),
                     XPI_OK);
        CHECK(e.lower == 100.0 && e.upper == 100.0);
        CHECK_STATUS(xpi_tally_bootstrap(single[1], XPI_STAT_MEAN, XPI_BOOT_BCA, 1000, SEED, 0.9,
                                         &e),
                     XPI_OK);
        CHECK(e.lower == 3.0 && e.upper == 3.0);
    }
    for (i = 0; i < 5; i++)
        xpi_tally_free(t[i]);
    for (i = 0; i < 4; i++)
        xpi_tally_free(single[i]);
}

/* ---- weighted tallies --------------------------------------------------- */

static void test_weighted(void)
{
    static const uint64_t c[11] = { 2, 1, 1, 2, 2, 3, 4, 8, 10, 12, 15 };
    xpi_tally *plain = build(XPI_METRIC_NPS, c, NULL), *doubled = NULL;
    xpi_tally *w = NULL, *twin = NULL;
    xpi_estimate a, b;
    double p;
    int32_t s, kind;
    uint64_t k;
    size_t i;

    /* Equal weights of 2: each replicate's statistic is the unweighted one
     * (every weight doubles exactly), so the bootstrap intervals agree. */
    CHECK_STATUS(xpi_tally_new(&doubled, XPI_METRIC_NPS, NULL), XPI_OK);
    for (s = 0; s <= 10; s++)
        for (k = 0; k < c[s]; k++)
            CHECK_STATUS(xpi_tally_add(doubled, s, 2.0), XPI_OK);
    for (i = 0; i < 4; i++) {
        for (kind = XPI_BOOT_PERCENTILE; kind <= XPI_BOOT_BCA; kind++) {
            CHECK_STATUS(xpi_tally_bootstrap(plain, all_stats[i], kind, 4000, SEED, 0.95, &a),
                         XPI_OK);
            CHECK_STATUS(xpi_tally_bootstrap(doubled, all_stats[i], kind, 4000, SEED, 0.95, &b),
                         XPI_OK);
            CHECK_NEAR(b.lower, a.lower, 1e-9);
            CHECK_NEAR(b.upper, a.upper, 1e-9);
            CHECK_NEAR(b.value, a.value, 1e-9);
        }
    }

    /* Unequal weights: 50 responses of 1 with weight 1, 50 of 7 with
     * weight 3. Weighted mean 5.5, n_eff = 200^2 / 500 = 80, so the
     * documented posterior counts are the weighted shares times n_eff: 20
     * and 60, those of an unweighted twin with 20 ones and 60 sevens. The
     * two posteriors are the same distribution: with 100000 draws each end
     * has a Monte Carlo SE of about 0.0025 scale units for the mean (0.04
     * percent for top-box), so two independent runs agree within 0.02
     * (0.5) at more than 5 SE, and P(w > twin) is 1/2 (SE 0.0016, 0.01 is
     * over 6 SE). */
    {
        static const uint64_t twin_c[7] = { 20, 0, 0, 0, 0, 0, 60 };
        CHECK_STATUS(xpi_tally_new(&w, XPI_METRIC_CES, NULL), XPI_OK);
        CHECK_STATUS(xpi_tally_add_n(w, 1, 50), XPI_OK);
        for (k = 0; k < 50; k++)
            CHECK_STATUS(xpi_tally_add(w, 7, 3.0), XPI_OK);
        twin = build(XPI_METRIC_CES, twin_c, NULL);
    }
    CHECK_STATUS(xpi_tally_bayes(w, XPI_STAT_MEAN, XPI_BAYES_SCALE, 0.5, 100000, SEED, 0.95, &a),
                 XPI_OK);
    CHECK_STATUS(xpi_tally_bayes(twin, XPI_STAT_MEAN, XPI_BAYES_SCALE, 0.5, 100000, SEED + 1,
                                 0.95, &b),
                 XPI_OK);
    CHECK_NEAR(a.value, 5.5, 1e-12);
    CHECK(a.lower < a.value && a.value < a.upper);
    CHECK_NEAR(a.lower, b.lower, 0.02);
    CHECK_NEAR(a.upper, b.upper, 0.02);
    CHECK_STATUS(xpi_tally_bayes(w, XPI_STAT_TOP, XPI_BAYES_SCALE, 0.5, 100000, SEED, 0.95, &a),
                 XPI_OK);
    CHECK_STATUS(xpi_tally_bayes(twin, XPI_STAT_TOP, XPI_BAYES_SCALE, 0.5, 100000, SEED + 1,
                                 0.95, &b),
                 XPI_OK);
    CHECK_NEAR(a.lower, b.lower, 0.5);
    CHECK_NEAR(a.upper, b.upper, 0.5);
    CHECK_STATUS(xpi_tally_bayes(w, XPI_STAT_TOP, XPI_BAYES_BANDS, 0.5, 100000, SEED, 0.95, &a),
                 XPI_OK);
    CHECK_STATUS(xpi_tally_bayes(twin, XPI_STAT_TOP, XPI_BAYES_BANDS, 0.5, 100000, SEED + 1,
                                 0.95, &b),
                 XPI_OK);
    CHECK_NEAR(a.lower, b.lower, 0.5);
    CHECK_NEAR(a.upper, b.upper, 0.5);
    CHECK_STATUS(xpi_tally_prob_greater(w, twin, XPI_STAT_MEAN, XPI_BAYES_SCALE, 0.5, 100000,
                                        SEED, &p),
                 XPI_OK);
    CHECK_NEAR(p, 0.5, 0.01);
    CHECK_STATUS(xpi_tally_prob_greater(w, twin, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 100000,
                                        SEED, &p),
                 XPI_OK);
    CHECK_NEAR(p, 0.5, 0.01);
    xpi_tally_free(plain);
    xpi_tally_free(doubled);
    xpi_tally_free(w);
    xpi_tally_free(twin);
}

/* ---- (e) bad input ------------------------------------------------------ */

static void test_bad_input(void)
{
    static const double bad_conf[] = { 0.0, 1.0, -0.5, 1.5 };
    const double bad_prior[] = { 0.0, -1.0, 1.000001e6, 1e308, (double)NAN, (double)INFINITY, -(double)INFINITY };
    xpi_tally *t = nps(3, 4, 5), *u = nps(5, 4, 3), *empty = nps(0, 0, 0), *one = nps(0, 0, 1);
    xpi_tally *csat = NULL;
    xpi_estimate out, before;
    double p, p_before;
    snapshot st, su, se, so, sc;
    size_t i;

    CHECK_STATUS(xpi_tally_new(&csat, XPI_METRIC_CSAT, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(csat, 5, 10), XPI_OK);
    memset(&before, 0x5a, sizeof before);
    out = before;
    memset(&p_before, 0x5a, sizeof p_before);
    p = p_before;
    snapshot_take(t, &st);
    snapshot_take(u, &su);
    snapshot_take(empty, &se);
    snapshot_take(one, &so);
    snapshot_take(csat, &sc);

    /* bootstrap */
    CHECK_STATUS(xpi_tally_bootstrap(NULL, XPI_STAT_NET, XPI_BOOT_BCA, 100, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bootstrap(t, XPI_STAT_NET, XPI_BOOT_BCA, 100, 1, 0.95, NULL),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bootstrap(t, 9, XPI_BOOT_BCA, 100, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bootstrap(t, -1, XPI_BOOT_BCA, 100, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bootstrap(t, XPI_STAT_NET, 0, 100, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bootstrap(t, XPI_STAT_NET, 3, 100, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bootstrap(t, XPI_STAT_NET, XPI_BOOT_BCA, 9, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bootstrap(t, XPI_STAT_NET, XPI_BOOT_BCA, 0, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bootstrap(t, XPI_STAT_NET, XPI_BOOT_BCA, 100000001u, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bootstrap(t, XPI_STAT_NET, XPI_BOOT_BCA, UINT32_MAX, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    for (i = 0; i < sizeof bad_conf / sizeof bad_conf[0]; i++)
        CHECK_STATUS(xpi_tally_bootstrap(t, XPI_STAT_NET, XPI_BOOT_PERCENTILE, 100, 1,
                                         bad_conf[i], &out),
                     XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bootstrap(t, XPI_STAT_NET, XPI_BOOT_PERCENTILE, 100, 1, (double)NAN,
                                     &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bootstrap(empty, XPI_STAT_NET, XPI_BOOT_BCA, 100, 1, 0.95, &out),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_bootstrap(empty, XPI_STAT_MEAN, XPI_BOOT_PERCENTILE, 100, 1, 0.95,
                                     &out),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_bootstrap(one, XPI_STAT_MEAN, XPI_BOOT_BCA, 100, 1, 0.95, &out),
                 XPI_ERR_NOT_ENOUGH_DATA);

    /* Bayes */
    CHECK_STATUS(xpi_tally_bayes(NULL, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 100, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bayes(t, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 100, 1, 0.95, NULL),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bayes(t, 9, XPI_BAYES_BANDS, 0.5, 100, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bayes(t, XPI_STAT_NET, 2, 0.5, 100, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bayes(t, XPI_STAT_NET, -1, 0.5, 100, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bayes(t, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 9, 1, 0.95, &out),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bayes(t, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 100000001u, 1, 0.95,
                                 &out),
                 XPI_ERR_INVALID_ARG);
    for (i = 0; i < sizeof bad_conf / sizeof bad_conf[0]; i++)
        CHECK_STATUS(xpi_tally_bayes(t, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 100, 1, bad_conf[i],
                                     &out),
                     XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bayes(t, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 100, 1, (double)NAN,
                                 &out),
                 XPI_ERR_INVALID_ARG);
    for (i = 0; i < sizeof bad_prior / sizeof bad_prior[0]; i++)
        CHECK_STATUS(xpi_tally_bayes(t, XPI_STAT_NET, XPI_BAYES_BANDS, bad_prior[i], 100, 1,
                                     0.95, &out),
                     XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_bayes(t, XPI_STAT_MEAN, XPI_BAYES_BANDS, 0.5, 100, 1, 0.95, &out),
                 XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_tally_bayes(csat, XPI_STAT_DEFAULT, XPI_BAYES_BANDS, 0.5, 100, 1, 0.95,
                                 &out),
                 XPI_OK); /* CSAT's default is top-box: applicable */
    out = before;
    CHECK_STATUS(xpi_tally_bayes(empty, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 100, 1, 0.95, &out),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_bayes(empty, XPI_STAT_MEAN, XPI_BAYES_SCALE, 0.5, 100, 1, 0.95, &out),
                 XPI_ERR_NOT_ENOUGH_DATA);

    /* P(a > b) */
    CHECK_STATUS(xpi_tally_prob_greater(NULL, u, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 100, 1, &p),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_prob_greater(t, NULL, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 100, 1, &p),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_prob_greater(t, u, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 100, 1, NULL),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_prob_greater(t, u, 9, XPI_BAYES_BANDS, 0.5, 100, 1, &p),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_prob_greater(t, u, XPI_STAT_NET, 2, 0.5, 100, 1, &p),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_prob_greater(t, u, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 9, 1, &p),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_prob_greater(t, u, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 100000001u, 1,
                                        &p),
                 XPI_ERR_INVALID_ARG);
    for (i = 0; i < sizeof bad_prior / sizeof bad_prior[0]; i++)
        CHECK_STATUS(xpi_tally_prob_greater(t, u, XPI_STAT_NET, XPI_BAYES_BANDS, bad_prior[i],
                                            100, 1, &p),
                     XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_prob_greater(t, u, XPI_STAT_MEAN, XPI_BAYES_BANDS, 0.5, 100, 1, &p),
                 XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_tally_prob_greater(t, empty, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 100, 1, &p),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_prob_greater(empty, t, XPI_STAT_MEAN, XPI_BAYES_SCALE, 0.5, 100, 1, &p),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_prob_greater(t, csat, XPI_STAT_TOP, XPI_BAYES_BANDS, 0.5, 100, 1, &p),
                 XPI_ERR_SCALE_MISMATCH);
    CHECK_STATUS(xpi_tally_prob_greater(csat, t, XPI_STAT_DEFAULT, XPI_BAYES_BANDS, 0.5, 100, 1,
                                        &p),
                 XPI_ERR_SCALE_MISMATCH);

    CHECK(memcmp(&out, &before, sizeof out) == 0);
    CHECK(memcmp(&p, &p_before, sizeof p) == 0);
    CHECK(snapshot_same(t, &st) && snapshot_same(u, &su) && snapshot_same(empty, &se) &&
          snapshot_same(one, &so) && snapshot_same(csat, &sc));

    /* The bounds themselves are accepted. */
    CHECK_STATUS(xpi_tally_bootstrap(t, XPI_STAT_NET, XPI_BOOT_BCA, 10, 1, 0.95, &out), XPI_OK);
    CHECK_STATUS(xpi_tally_bayes(t, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 10, 1, 0.95, &out),
                 XPI_OK);
    CHECK_STATUS(xpi_tally_prob_greater(t, u, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 10, 1, &p),
                 XPI_OK);
    CHECK(p >= 0.0 && p <= 1.0);
    xpi_tally_free(t);
    xpi_tally_free(u);
    xpi_tally_free(empty);
    xpi_tally_free(one);
    xpi_tally_free(csat);
}

/* ---- (f) out of memory -------------------------------------------------- */

enum { OP_BOOT_PCT, OP_BOOT_BCA, OP_BAYES_BANDS, OP_BAYES_SCALE, OP_PROB, OP_COUNT };
static const char *const op_names[OP_COUNT] = { "bootstrap percentile", "bootstrap bca",
                                                "bayes bands", "bayes scale", "prob_greater" };

static int run_op(int op, xpi_tally *t, xpi_tally *other, xpi_estimate *e, double *p)
{
    switch (op) {
    case OP_BOOT_PCT:
        return xpi_tally_bootstrap(t, XPI_STAT_NET, XPI_BOOT_PERCENTILE, 500, SEED, 0.95, e);
    case OP_BOOT_BCA:
        return xpi_tally_bootstrap(t, XPI_STAT_MEAN, XPI_BOOT_BCA, 500, SEED, 0.95, e);
    case OP_BAYES_BANDS:
        return xpi_tally_bayes(t, XPI_STAT_TOP, XPI_BAYES_BANDS, 0.5, 500, SEED, 0.95, e);
    case OP_BAYES_SCALE:
        return xpi_tally_bayes(t, XPI_STAT_MEAN, XPI_BAYES_SCALE, 0.5, 500, SEED, 0.95, e);
    default:
        return xpi_tally_prob_greater(t, other, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 500, SEED, p);
    }
}

static void test_oom(void)
{
    static const uint64_t c[11] = { 2, 1, 1, 2, 2, 3, 4, 8, 10, 12, 15 };
    failing f, g;
    xpi_allocator a = failing_allocator(&f, -1), b = failing_allocator(&g, -1);
    int op;

    for (op = 0; op < OP_COUNT; op++) {
        xpi_tally *t, *other;
        xpi_estimate e, before;
        double p, p_before;
        snapshot st, so;
        long k, live_before, failures = 0;
        int status = XPI_ERR_NO_MEMORY;

        f.fail_at = g.fail_at = -1;
        f.requests = g.requests = f.live = g.live = 0;
        t = build(XPI_METRIC_NPS, c, &a);
        other = build(XPI_METRIC_NPS, c, &b);
        snapshot_take(t, &st);
        snapshot_take(other, &so);
        live_before = f.live;
        for (k = 0; k < 100 && status != XPI_OK; k++) {
            memset(&before, 0x5a, sizeof before);
            e = before;
            memset(&p_before, 0x5a, sizeof p_before);
            p = p_before;
            f.fail_at = k;
            f.requests = 0;
            g.requests = 0;
            status = run_op(op, t, other, &e, &p);
            if (status == XPI_OK)
                break;
            failures++;
            CHECK_STATUS(status, XPI_ERR_NO_MEMORY);
            CHECK(f.requests > k); /* the failure was the injected one */
            CHECK(memcmp(&e, &before, sizeof e) == 0 && memcmp(&p, &p_before, sizeof p) == 0);
            CHECK(snapshot_same(t, &st) && snapshot_same(other, &so));
            CHECK(f.live == live_before);
        }
        CHECK_STATUS(status, XPI_OK);
        CHECK(failures >= 1); /* the first request failing is a failure */
        CHECK(f.live == live_before);
        CHECK(g.requests == 0); /* prob_greater allocates through a's allocator only */
        CHECK(op == OP_PROB ? p >= 0.0 && p <= 1.0 : e.lower <= e.upper);
        printf("oom: %-22s %ld injected failure(s) before success\n", op_names[op], failures);
        xpi_tally_free(t);
        xpi_tally_free(other);
        CHECK(f.live == 0 && g.live == 0);
    }
}

int main(int argc, char **argv)
{
    test_reproducible();
    test_estimate_methods();
    test_invariants();
    test_weighted();
    test_bad_input();
    test_oom();
    CHECK(argc > 1); /* usage: test_resample VECTORS */
    if (argc > 1)
        test_vectors(argv[1]);
    return check_exit();
}
