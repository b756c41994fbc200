/*
 * Breakdowns, crosstabs and decompositions against pandas + statsmodels
 * (tests/ref/gen_breakdown.py: the responses in breakdown_data.tsv, the
 * expected values in breakdown_vectors.tsv), and the properties the
 * generator does not cover: Tango intervals equal to xpi_tally_estimate
 * of the segment, decomposition parts summing to the change, sorting.
 *
 * Usage: test_breakdown breakdown_data.tsv breakdown_vectors.tsv
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "table_read.h"
#include "tsv.h"
#include "xpi.h"

#define T0 INT64_C(1767225600)
#define DAY INT64_C(86400)
/* Relative or absolute, as the other reference tests. */
#define TOL 1e-9

typedef struct scenario {
    const char *name;
    size_t dims[2], nkeys;
    int32_t stat, method, adjust;
    int64_t from, to;
    const char *filter_dim, *filter_value;
} scenario;

static const scenario scenarios[] = {
    {"region_net_wald", {0, 0}, 1, XPI_STAT_NET, XPI_CI_WALD, XPI_ADJUST_BH, T0, T0 + 14 * DAY,
     NULL, NULL},
    {"region_net_default", {0, 0}, 1, XPI_STAT_NET, XPI_CI_DEFAULT, XPI_ADJUST_BH, T0,
     T0 + 14 * DAY, NULL, NULL},
    {"channel_top_week1", {1, 0}, 1, XPI_STAT_TOP, XPI_CI_DEFAULT, XPI_ADJUST_BH, T0,
     T0 + 7 * DAY, NULL, NULL},
    {"region_mean_phone", {0, 0}, 1, XPI_STAT_MEAN, XPI_CI_T, XPI_ADJUST_HOLM, T0, T0 + 14 * DAY,
     "channel", "phone"},
    {"region_bottom_wald", {0, 0}, 1, XPI_STAT_BOTTOM, XPI_CI_WALD, XPI_ADJUST_NONE, T0,
     T0 + 14 * DAY, NULL, NULL},
    {"region_x_channel", {0, 1}, 2, XPI_STAT_NET, XPI_CI_WALD, XPI_ADJUST_BH, T0, T0 + 14 * DAY,
     NULL, NULL},
};

static const scenario *find_scenario(const char *name)
{
    size_t i;
    for (i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++)
        if (strcmp(scenarios[i].name, name) == 0)
            return &scenarios[i];
    return NULL;
}

static int near(double got, double want)
{
    if (isnan(want))
        return isnan(got);
    return fabs(got - want) <= TOL || fabs(got - want) <= TOL * fabs(want);
}

#define CHECK_REF(got, want)                                                          \
    do {                                                                              \
        double g_ = (got), w_ = (want);                                               \
        check_count++;                                                                \
        if (!near(g_, w_)) {                                                          \
            check_failures++;                                                         \
            fprintf(stderr, "%s %s: %s = %.17g, want %.17g\n", f[1], f[2], #got, g_, w_); \
        }                                                                             \
    } while (0)

static xpi_cube *load(const char *path)
{
    static const char *const names[] = {"region", "channel"};
    char line[256], *f[8];
    xpi_cube *c = NULL;
    FILE *in = fopen(path, "r");
    if (in == NULL || xpi_cube_new(&c, XPI_METRIC_NPS, 2, names, NULL) != XPI_OK)
        return NULL;
    while (fgets(line, sizeof line, in) != NULL) {
        const char *values[2];
        line[strcspn(line, "\n")] = '\0';
        if (split_tabs(line, f, 8) != 4)
            continue;
        values[0] = f[1];
        values[1] = f[2];
        CHECK_STATUS(xpi_cube_add(c, strtoll(f[0], NULL, 10), values, atoi(f[3]), 1.0), XPI_OK);
    }
    fclose(in);
    return c;
}

static xpi_query *query_of(const scenario *s)
{
    xpi_query *q;
    if (xpi_query_new(&q, NULL) != XPI_OK)
        return NULL;
    xpi_query_set_time(q, s->from, s->to);
    xpi_query_set_param(q, XPI_QUERY_STAT, s->stat);
    xpi_query_set_param(q, XPI_QUERY_METHOD, s->method);
    xpi_query_set_param(q, XPI_QUERY_ADJUST, s->adjust);
    if (s->filter_dim != NULL)
        xpi_query_set_filter(q, s->filter_dim, s->filter_value);
    return q;
}

static xpi_table *table_of(const xpi_cube *c, const scenario *s)
{
    xpi_table *t = NULL;
    xpi_query *q = query_of(s);
    if (s->nkeys == 1)
        CHECK_STATUS(xpi_cube_breakdown(c, s->dims[0], q, &t), XPI_OK);
    else
        CHECK_STATUS(xpi_cube_crosstab(c, s->dims[0], s->dims[1], q, &t), XPI_OK);
    xpi_query_free(q);
    return t;
}

/* The row whose label (joined by '|' in a crosstab) is label. */
static int find_row(const xpi_table *t, size_t nkeys, const char *label, size_t *row)
{
    size_t rows, r;
    xpi_table_rows(t, &rows);
    for (r = 0; r < rows; r++) {
        char joined[600];
        const char *a, *b = "";
        xpi_table_label(t, r, 0, &a, NULL);
        if (nkeys == 2)
            xpi_table_label(t, r, 1, &b, NULL);
        snprintf(joined, sizeof joined, nkeys == 2 ? "%s|%s" : "%s%s", a, b);
        if (strcmp(joined, label) == 0) {
            *row = r;
            return 1;
        }
    }
    return 0;
}

static void check_table_line(const xpi_table *t, char **f)
{
    CHECK_REF(fig(t, XPI_TABLE_N), atof(f[2]));
    CHECK_REF(fig(t, XPI_TABLE_ESTIMATE), atof(f[3]));
    CHECK_REF(fig(t, XPI_TABLE_CHI2), atof(f[4]));
    CHECK_REF(fig(t, XPI_TABLE_CHI2_DF), atof(f[5]));
    CHECK_REF(fig(t, XPI_TABLE_CHI2_P), atof(f[6]));
    CHECK_REF(fig(t, XPI_TABLE_TAU2), atof(f[7]));
}

static void check_row_line(const xpi_table *t, const scenario *s, char **f)
{
    static const int32_t cols[] = {XPI_COL_N, XPI_COL_ESTIMATE, XPI_COL_LOWER, XPI_COL_UPPER,
                                   XPI_COL_REST, XPI_COL_DIFF, XPI_COL_DIFF_LOWER,
                                   XPI_COL_DIFF_UPPER, XPI_COL_STATISTIC, XPI_COL_P,
                                   XPI_COL_P_ADJ, XPI_COL_SIGNIFICANT, XPI_COL_IMPACT,
                                   XPI_COL_SHRUNK, XPI_COL_FUNNEL_LOWER, XPI_COL_FUNNEL_UPPER,
                                   XPI_COL_INSUFFICIENT};
    size_t row, i;
    CHECK(find_row(t, s->nkeys, f[2], &row));
    if (!find_row(t, s->nkeys, f[2], &row))
        return;
    for (i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        double want = strcmp(f[3 + i], "nan") == 0 ? (double)NAN : atof(f[3 + i]);
        /* The generator leaves the Tango and Wilson intervals to
         * xpi_tally_estimate's own reference test (checked below). */
        if (isnan(want) && (cols[i] == XPI_COL_LOWER || cols[i] == XPI_COL_UPPER ||
                            cols[i] == XPI_COL_DIFF_LOWER || cols[i] == XPI_COL_DIFF_UPPER))
            continue;
        CHECK_REF(col(t, row, cols[i]), want);
    }
}

/* A segment's tally, through a filter on its label. */
static xpi_tally *segment_tally(const xpi_cube *c, const scenario *s, const char *label)
{
    xpi_query *q = query_of(s);
    xpi_tally *t = NULL;
    const char *dim;
    xpi_cube_dim_name(c, s->dims[0], &dim);
    xpi_query_set_filter(q, dim, label);
    CHECK_STATUS(xpi_cube_tally(c, q, &t), XPI_OK);
    xpi_query_free(q);
    return t;
}

/* Every segment's interval is xpi_tally_estimate's on that segment's
 * responses; the difference interval is xpi_tally_compare's against the
 * other segments merged, and so is the test for shares and means. */
static void check_against_tallies(const xpi_cube *c, const scenario *s, const xpi_table *t)
{
    size_t rows, r, o;
    xpi_table_rows(t, &rows);
    for (r = 0; r < rows; r++) {
        const char *label;
        xpi_tally *seg, *rest = NULL;
        xpi_estimate e;
        xpi_comparison cmp;
        xpi_table_label(t, r, 0, &label, NULL);
        seg = segment_tally(c, s, label);
        CHECK_STATUS(xpi_tally_estimate(seg, s->stat, s->method, 0.95, &e), XPI_OK);
        CHECK_NEAR(col(t, r, XPI_COL_LOWER), e.lower, 1e-12);
        CHECK_NEAR(col(t, r, XPI_COL_UPPER), e.upper, 1e-12);
        CHECK_NEAR(col(t, r, XPI_COL_SE), e.se, 1e-12);
        for (o = 0; o < rows; o++) {
            const char *other;
            xpi_tally *part;
            if (o == r)
                continue;
            xpi_table_label(t, o, 0, &other, NULL);
            part = segment_tally(c, s, other);
            if (rest == NULL)
                xpi_tally_clone(&rest, part);
            else
                xpi_tally_merge(rest, part);
            xpi_tally_free(part);
        }
        if (rest != NULL &&
            xpi_tally_compare(seg, rest, s->stat, s->method, 0.95, &cmp) == XPI_OK) {
            CHECK_NEAR(col(t, r, XPI_COL_DIFF_LOWER), cmp.lower, 1e-9);
            CHECK_NEAR(col(t, r, XPI_COL_DIFF_UPPER), cmp.upper, 1e-9);
            if (s->stat != XPI_STAT_NET)
                CHECK_NEAR(col(t, r, XPI_COL_P), cmp.p_value, 1e-12);
        }
        xpi_tally_free(seg);
        xpi_tally_free(rest);
    }
}

/* Decompositions: week one (a) against week two (b). */
static xpi_table *decomposition(const xpi_cube *c, const char *name)
{
    int is_mean = strcmp(name, "region_weeks_mean") == 0;
    xpi_query *a, *b;
    xpi_table *t = NULL;
    xpi_query_new(&a, NULL);
    xpi_query_new(&b, NULL);
    xpi_query_set_time(a, T0, T0 + 7 * DAY);
    xpi_query_set_time(b, T0 + 7 * DAY, T0 + 14 * DAY);
    xpi_query_set_param(a, XPI_QUERY_STAT, is_mean ? XPI_STAT_MEAN : XPI_STAT_NET);
    CHECK_STATUS(xpi_cube_decompose(c, is_mean ? 0 : 1, a, b, &t), XPI_OK);
    xpi_query_free(a);
    xpi_query_free(b);
    return t;
}

static void check_decomposition_sums(const xpi_table *t)
{
    size_t rows, r;
    double rate = 0.0, mix = 0.0;
    xpi_table_rows(t, &rows);
    for (r = 0; r < rows; r++) {
        rate += col(t, r, XPI_COL_RATE_EFFECT);
        mix += col(t, r, XPI_COL_MIX_EFFECT);
    }
    CHECK_NEAR(rate, fig(t, XPI_TABLE_RATE_EFFECT), 1e-12);
    CHECK_NEAR(mix, fig(t, XPI_TABLE_MIX_EFFECT), 1e-12);
    CHECK_NEAR(fig(t, XPI_TABLE_RATE_EFFECT) + fig(t, XPI_TABLE_MIX_EFFECT),
               fig(t, XPI_TABLE_CHANGE), 1e-12);
}

static void check_drow_line(const xpi_table *t, char **f)
{
    static const int32_t cols[] = {XPI_COL_SHARE_A, XPI_COL_SHARE_B, XPI_COL_ESTIMATE_A,
                                   XPI_COL_ESTIMATE_B, XPI_COL_RATE_EFFECT, XPI_COL_MIX_EFFECT};
    size_t row, i;
    CHECK(find_row(t, 1, f[2], &row));
    if (!find_row(t, 1, f[2], &row))
        return;
    for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
        CHECK_REF(col(t, row, cols[i]),
                  strcmp(f[3 + i], "nan") == 0 ? (double)NAN : atof(f[3 + i]));
}

int main(int argc, char **argv)
{
    char line[1024], *f[24];
    xpi_cube *c;
    FILE *in;
    const scenario *cur = NULL;
    xpi_table *t = NULL;
    int lines = 0;

    if (argc != 3 || (c = load(argv[1])) == NULL || (in = fopen(argv[2], "r")) == NULL) {
        fprintf(stderr, "usage: test_breakdown breakdown_data.tsv breakdown_vectors.tsv\n");
        return 1;
    }
    while (fgets(line, sizeof line, in) != NULL) {
        int n;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        n = split_tabs(line, f, 24);
        if (strcmp(f[0], "table") == 0 && n == 8) {
            xpi_table_free(t);
            cur = find_scenario(f[1]);
            CHECK(cur != NULL);
            if (cur == NULL)
                break;
            t = table_of(c, cur);
            if (t == NULL)
                break;
            check_table_line(t, f);
            if (cur->nkeys == 1)
                check_against_tallies(c, cur, t);
            lines++;
        } else if (strcmp(f[0], "row") == 0 && n == 20 && t != NULL) {
            check_row_line(t, cur, f);
            lines++;
        } else if (strcmp(f[0], "dtable") == 0 && n == 5) {
            xpi_table_free(t);
            t = decomposition(c, f[1]);
            if (t == NULL)
                break;
            CHECK_REF(fig(t, XPI_TABLE_ESTIMATE_A), atof(f[2]));
            CHECK_REF(fig(t, XPI_TABLE_ESTIMATE_B), atof(f[3]));
            CHECK_REF(fig(t, XPI_TABLE_CHANGE), atof(f[4]));
            check_decomposition_sums(t);
            lines++;
        } else if (strcmp(f[0], "drow") == 0 && n == 9 && t != NULL) {
            check_drow_line(t, f);
            lines++;
        }
    }
    fclose(in);
    xpi_table_free(t);
    CHECK(lines >= 60);
    xpi_cube_free(c);
    return check_exit();
}
