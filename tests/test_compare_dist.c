/*
 * Tests on the whole distribution: chi-square homogeneity and Mann-Whitney
 * U against scipy (tests/ref/gen_compare_dist.py), the small-expected flag,
 * weights, degenerate data and bad requests.
 *
 * usage: test_compare_dist tests/ref/compare_dist_vectors.tsv
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tsv.h"
#include "xpi.h"

#define MAX_GROUPS 8
#define TOL_REL 1e-10

static int metric_id(const char *name)
{
    return strcmp(name, "nps") == 0    ? XPI_METRIC_NPS
           : strcmp(name, "csat") == 0 ? XPI_METRIC_CSAT
                                       : XPI_METRIC_CES;
}

/* Parses "c0,c1,...|c0,c1,..." into tallies; returns the group count. */
static size_t build_groups(int32_t metric, char *field, xpi_tally **groups)
{
    size_t g = 0;
    char *p = field;
    while (g < MAX_GROUPS && *p != '\0') {
        int32_t min = 0, max = 0, s;
        groups[g] = NULL;
        CHECK_STATUS(xpi_tally_new(&groups[g], metric, NULL), XPI_OK);
        CHECK_STATUS(xpi_tally_scale(groups[g], NULL, &min, &max, NULL, NULL, NULL), XPI_OK);
        for (s = min; s <= max; s++) {
            unsigned long long c = strtoull(p, &p, 10);
            CHECK_STATUS(xpi_tally_add_n(groups[g], s, (uint64_t)c), XPI_OK);
            if (*p == ',')
                p++;
        }
        g++;
        if (*p == '|')
            p++;
    }
    return g;
}

static void check_close(const char *what, int line, double got, double want)
{
    check_count++;
    if (!(fabs(got - want) <= TOL_REL * fmax(1.0, fabs(want)))) {
        check_failures++;
        fprintf(stderr, "line %d: %s = %.17g, want %.17g\n", line, what, got, want);
    }
}

static void test_vectors(const char *path)
{
    static char line[8192];
    FILE *f = fopen(path, "r");
    int rows = 0, number = 0;
    CHECK(f != NULL);
    if (f == NULL)
        return;
    while (fgets(line, sizeof line, f) != NULL) {
        char *field[10] = { NULL };
        xpi_tally *groups[MAX_GROUPS];
        size_t g, count;
        int n;
        number++;
        if (line[0] == '#')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        n = split_tabs(line, field, 10);
        if (n != 7 && n != 10) {
            CHECK(n == 7 || n == 10);
            break;
        }
        count = build_groups(metric_id(field[1]), field[3], groups);
        if (strcmp(field[0], "chi2") == 0) {
            xpi_chi2_test r;
            int32_t cats = strcmp(field[2], "bands") == 0 ? XPI_CHI2_BANDS : XPI_CHI2_SCALE;
            CHECK(n == 10);
            CHECK_STATUS(xpi_tally_chi2((const xpi_tally *const *)groups, count, cats, &r),
                         XPI_OK);
            check_close("chi2 statistic", number, r.statistic, strtod(field[4], NULL));
            check_close("chi2 df", number, r.df, strtod(field[5], NULL));
            check_close("chi2 p", number, r.p_value, strtod(field[6], NULL));
            check_close("chi2 min expected", number, r.min_expected, strtod(field[7], NULL));
            CHECK(r.small_expected == atoi(field[8]));
            CHECK(r.categories == atoi(field[9]));
        } else {
            xpi_rank_test r;
            CHECK(n == 7 && count == 2);
            CHECK_STATUS(xpi_tally_mann_whitney(groups[0], groups[1], &r), XPI_OK);
            check_close("mwu u", number, r.u, strtod(field[4], NULL));
            check_close("mwu auc", number, r.auc, strtod(field[5], NULL));
            check_close("mwu p", number, r.p_value, strtod(field[6], NULL));
        }
        for (g = 0; g < count; g++)
            xpi_tally_free(groups[g]);
        rows++;
    }
    fclose(f);
    CHECK(rows >= 100);
    printf("distribution test vectors: %d rows\n", rows);
}

static xpi_tally *ces(const uint64_t *counts, double weight)
{
    xpi_tally *t = NULL;
    int32_t s;
    uint64_t i;
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CES, NULL), XPI_OK);
    for (s = 1; s <= 7; s++)
        for (i = 0; i < counts[s - 1]; i++)
            CHECK_STATUS(xpi_tally_add(t, s, weight), XPI_OK);
    return t;
}

/* Cochran's flag, equal weights, ties everywhere, and bad requests. */
static void test_edges(void)
{
    static const uint64_t a_counts[7] = { 1, 2, 3, 10, 20, 15, 9 };
    static const uint64_t b_counts[7] = { 4, 6, 8, 12, 10, 7, 3 };
    static const uint64_t tiny[7] = { 0, 0, 1, 0, 0, 0, 1 };
    static const uint64_t all_five[7] = { 0, 0, 0, 0, 9, 0, 0 };
    xpi_tally *a = ces(a_counts, 1.0), *b = ces(b_counts, 1.0), *wa = ces(a_counts, 2.0);
    xpi_tally *small = ces(tiny, 1.0), *five = ces(all_five, 1.0), *five2 = ces(all_five, 1.0);
    xpi_tally *empty = ces(tiny, 1.0), *nps = NULL;
    const xpi_tally *pair[2], *with_null[2] = { NULL, NULL };
    xpi_chi2_test c, c2, before_c;
    xpi_rank_test r, r2, before_r;

    CHECK_STATUS(xpi_tally_reset(empty), XPI_OK);
    CHECK_STATUS(xpi_tally_new(&nps, XPI_METRIC_NPS, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(nps, 9, 3), XPI_OK);

    pair[0] = a;
    pair[1] = small;
    CHECK_STATUS(xpi_tally_chi2(pair, 2, XPI_CHI2_SCALE, &c), XPI_OK);
    CHECK(c.small_expected == 1 && c.min_expected < 1.0);
    pair[1] = b;
    CHECK_STATUS(xpi_tally_chi2(pair, 2, XPI_CHI2_BANDS, &c), XPI_OK);
    CHECK(c.small_expected == 0 && c.categories == 3 && c.df == 2.0);

    /* Equal weights of 2: n_eff = n, so nothing changes. */
    pair[0] = wa;
    CHECK_STATUS(xpi_tally_chi2(pair, 2, XPI_CHI2_BANDS, &c2), XPI_OK);
    CHECK_NEAR(c2.statistic, c.statistic, 1e-9);
    CHECK_STATUS(xpi_tally_mann_whitney(a, b, &r), XPI_OK);
    CHECK_STATUS(xpi_tally_mann_whitney(wa, b, &r2), XPI_OK);
    CHECK_NEAR(r2.u, r.u, 1e-9);
    CHECK_NEAR(r2.p_value, r.p_value, 1e-12);
    /* a scores higher than b, so U > n_a n_b / 2 and z > 0; swapping mirrors. */
    CHECK(r.auc > 0.5 && r.statistic > 0.0);
    CHECK_STATUS(xpi_tally_mann_whitney(b, a, &r2), XPI_OK);
    CHECK_NEAR(r2.auc, 1.0 - r.auc, 1e-12);
    CHECK_NEAR(r2.statistic, -r.statistic, 1e-12);
    CHECK_NEAR(r2.p_value, r.p_value, 1e-12);

    /* Every response on one score: no variance, no evidence. */
    CHECK_STATUS(xpi_tally_mann_whitney(five, five2, &r), XPI_OK);
    CHECK(r.statistic == 0.0 && r.p_value == 1.0 && r.auc == 0.5);
    pair[0] = five;
    pair[1] = five2;
    CHECK_STATUS(xpi_tally_chi2(pair, 2, XPI_CHI2_SCALE, &c), XPI_ERR_NOT_ENOUGH_DATA);

    memset(&before_c, 0x5a, sizeof before_c);
    memset(&before_r, 0x5a, sizeof before_r);
    c = before_c;
    r = before_r;
    pair[0] = a;
    pair[1] = empty;
    CHECK_STATUS(xpi_tally_chi2(pair, 2, XPI_CHI2_BANDS, &c), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_chi2(pair, 1, XPI_CHI2_BANDS, &c), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_chi2(pair, 2, 7, &c), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_chi2(NULL, 2, XPI_CHI2_BANDS, &c), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_chi2(with_null, 2, XPI_CHI2_BANDS, &c), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_chi2(pair, 2, XPI_CHI2_BANDS, NULL), XPI_ERR_INVALID_ARG);
    pair[1] = nps;
    CHECK_STATUS(xpi_tally_chi2(pair, 2, XPI_CHI2_BANDS, &c), XPI_ERR_SCALE_MISMATCH);
    CHECK_STATUS(xpi_tally_mann_whitney(a, nps, &r), XPI_ERR_SCALE_MISMATCH);
    CHECK_STATUS(xpi_tally_mann_whitney(a, empty, &r), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_mann_whitney(NULL, a, &r), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_mann_whitney(a, a, NULL), XPI_ERR_INVALID_ARG);
    CHECK(memcmp(&c, &before_c, sizeof c) == 0);
    CHECK(memcmp(&r, &before_r, sizeof r) == 0);

    xpi_tally_free(a);
    xpi_tally_free(b);
    xpi_tally_free(wa);
    xpi_tally_free(small);
    xpi_tally_free(five);
    xpi_tally_free(five2);
    xpi_tally_free(empty);
    xpi_tally_free(nps);
}

/* Counts past 2^53: 30 responses one point higher among 4e18 tied ones
 * are a real shift. Exact rational arithmetic (Python fractions, mpmath
 * for the last step) gives z = 5.4772255750516611, p = 4.3204630578e-8. */
static void test_huge_counts(void)
{
    xpi_tally *a = NULL, *b = NULL;
    xpi_rank_test r;
    const uint64_t big = UINT64_C(4000000000000000000);
    CHECK_STATUS(xpi_tally_new(&a, XPI_METRIC_CES, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_new(&b, XPI_METRIC_CES, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(a, 5, big), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(a, 6, 30), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(b, 5, big), XPI_OK);
    CHECK_STATUS(xpi_tally_mann_whitney(a, b, &r), XPI_OK);
    CHECK_NEAR(r.statistic, 5.4772255750516611, 1e-6);
    CHECK_NEAR(r.p_value / 4.3204630578e-8, 1.0, 1e-5);
    xpi_tally_free(a);
    xpi_tally_free(b);
}

int main(int argc, char **argv)
{
    test_edges();
    test_huge_counts();
    CHECK(argc > 1); /* usage: test_compare_dist VECTORS */
    if (argc > 1)
        test_vectors(argv[1]);
    return check_exit();
}
