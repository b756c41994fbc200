/*
 * Reference test for xpi_tally_estimate: every row of tests/ref/estimate_vectors.tsv
 * (written by tests/ref/gen_estimate.py from statsmodels, scipy, mpmath and R's
 * survey package, never from libxpi) is rebuilt as a tally through the public
 * API and its estimate compared with the expected value, lower, upper, se, n
 * and n_eff.
 *
 * Usage: test_estimate_ref PATH/TO/estimate_vectors.tsv
 * Exit status 0 iff every row passes.
 *
 * Tolerance: a number passes when |got - expected| <= 1e-9 (absolute, in the
 * statistic's units: points, percent or scale units) or <= 1e-9 * |expected|
 * (relative); n must match exactly. The expected values carry ~16 significant
 * digits; 1e-9 leaves several orders of magnitude for the library's own
 * rounding (special functions accurate to ~1e-12, root finding, weight sums
 * over thousands of responses) while any formula or convention difference
 * (a z vs t quantile, n vs n - 1, n_eff vs n, a different end convention)
 * moves results by 1e-6 or far more. The largest errors seen per row group
 * are printed at the end so tighter accuracy can be tracked.
 *
 * Row format: see the '#' header of the TSV.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tsv.h"
#include "xpi.h"

#define TOL 1e-9
#define NFIELDS 14

enum { F_ID, F_SCALE, F_DATA, F_STAT, F_METHOD, F_CONF, F_STATUS, F_VALUE, F_LOWER, F_UPPER,
       F_SE, F_N, F_NEFF, F_SOURCE };

static const char *const field_names[NFIELDS] = {
    "id", "scale", "data", "stat", "method", "conf", "status", "value", "lower", "upper",
    "se", "n", "n_eff", "source"};

/* ---- tiny check helpers ------------------------------------------------ */

static long g_rows, g_failed;

#define CHECK_MSG(cond, ...)                                                           \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            fprintf(stderr, __VA_ARGS__);                                              \
            ok = 0;                                                                    \
        }                                                                              \
    } while (0)

/* Largest errors per row group (the id's text before the second '/'). */
#define MAX_GROUPS 64
struct group_stat {
    char name[48];
    long rows;
    double max_abs;  /* largest |got - exp| */
    double max_rel;  /* largest |got - exp| / |exp| over |exp| >= 1e-3 */
    char worst_id[128];
};
static struct group_stat g_groups[MAX_GROUPS];
static int g_ngroups;

static struct group_stat *group_for(const char *id)
{
    char name[48];
    size_t len = 0;
    int slashes = 0;
    int i;
    while (id[len] != '\0' && len + 1 < sizeof name) {
        if (id[len] == '/' && ++slashes == 2)
            break;
        name[len] = id[len];
        len++;
    }
    name[len] = '\0';
    for (i = 0; i < g_ngroups; i++)
        if (strcmp(g_groups[i].name, name) == 0)
            return &g_groups[i];
    if (g_ngroups == MAX_GROUPS)
        return &g_groups[MAX_GROUPS - 1];
    memcpy(g_groups[g_ngroups].name, name, len + 1);
    return &g_groups[g_ngroups++];
}

static int close_enough(double got, double exp)
{
    double d;
    if (!isfinite(got))
        return 0;
    d = fabs(got - exp);
    return d <= TOL || d <= TOL * fabs(exp);
}

static void track(struct group_stat *g, const char *id, double got, double exp)
{
    double d = fabs(got - exp);
    if (!isfinite(d))
        return;
    if (d > g->max_abs) {
        g->max_abs = d;
        snprintf(g->worst_id, sizeof g->worst_id, "%s", id);
    }
    if (fabs(exp) >= 1e-3 && d / fabs(exp) > g->max_rel)
        g->max_rel = d / fabs(exp);
}

/* ---- parsing ------------------------------------------------------------- */

/* Reads one line of any length into *buf (without the newline).
 * Returns 1 on a line, 0 at end of file, -1 on allocation failure. */
static int read_line(FILE *f, char **buf, size_t *cap)
{
    size_t len = 0;
    int c;
    if (*buf == NULL) {
        *cap = 256;
        *buf = malloc(*cap);
        if (*buf == NULL)
            return -1;
    }
    while ((c = fgetc(f)) != EOF) {
        if (c == '\n')
            break;
        if (len + 1 >= *cap) {
            size_t ncap = *cap * 2;
            char *nb = realloc(*buf, ncap);
            if (nb == NULL)
                return -1;
            *buf = nb;
            *cap = ncap;
        }
        (*buf)[len++] = (char)c;
    }
    if (c == EOF && len == 0)
        return 0;
    if (len > 0 && (*buf)[len - 1] == '\r')
        len--;
    (*buf)[len] = '\0';
    return 1;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    *out = strtod(s, &end);
    return end != s && *end == '\0';
}

static int parse_long(const char *s, long *out, char **endp)
{
    char *end;
    errno = 0;
    *out = strtol(s, &end, 10);
    if (endp != NULL)
        *endp = end;
    return end != s && errno == 0;
}

static int parse_i32(const char *s, int32_t *out, char **endp)
{
    long v;
    if (!parse_long(s, &v, endp) || v < INT32_MIN || v > INT32_MAX)
        return 0;
    *out = (int32_t)v;
    return 1;
}

static int parse_stat(const char *s, int32_t *out)
{
    static const struct { const char *name; int32_t v; } names[] = {
        {"default", XPI_STAT_DEFAULT}, {"net", XPI_STAT_NET}, {"top", XPI_STAT_TOP},
        {"bottom", XPI_STAT_BOTTOM}, {"mean", XPI_STAT_MEAN}};
    size_t i;
    char *end;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].v;
            return 1;
        }
    return parse_i32(s, out, &end) && *end == '\0';
}

static int parse_method(const char *s, int32_t *out)
{
    static const struct { const char *name; int32_t v; } names[] = {
        {"default", XPI_CI_DEFAULT}, {"wald", XPI_CI_WALD},
        {"adjusted_wald", XPI_CI_ADJUSTED_WALD}, {"score", XPI_CI_SCORE},
        {"clopper_pearson", XPI_CI_CLOPPER_PEARSON}, {"jeffreys", XPI_CI_JEFFREYS},
        {"t", XPI_CI_T}};
    size_t i;
    char *end;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].v;
            return 1;
        }
    return parse_i32(s, out, &end) && *end == '\0';
}

/* Creates the tally named by the scale column. Returns an xpi status, or 1
 * when the column itself is malformed. */
static int make_tally(const char *scale, xpi_tally **t)
{
    int32_t v[4], def;
    const char *p;
    char *end;
    int i;
    if (strcmp(scale, "nps") == 0)
        return xpi_tally_new(t, XPI_METRIC_NPS, NULL);
    if (strcmp(scale, "csat") == 0)
        return xpi_tally_new(t, XPI_METRIC_CSAT, NULL);
    if (strcmp(scale, "ces") == 0)
        return xpi_tally_new(t, XPI_METRIC_CES, NULL);
    if (strncmp(scale, "custom:", 7) != 0)
        return 1;
    p = scale + 7;
    for (i = 0; i < 4; i++) {
        if (!parse_i32(p, &v[i], &end) || *end != ':')
            return 1;
        p = end + 1;
    }
    if (!parse_stat(p, &def))
        return 1;
    return xpi_tally_new_scale(t, v[0], v[1], v[2], v[3], def, NULL);
}

/* Adds the data column's responses. Returns an xpi status, or 1 when the
 * column is malformed. */
static int fill_tally(xpi_tally *t, const char *data)
{
    const char *p = data;
    if (strcmp(data, "-") == 0)
        return XPI_OK;
    for (;;) {
        int32_t score;
        unsigned long long count;
        char *end;
        int rc;
        if (!parse_i32(p, &score, &end) || *end != ':')
            return 1;
        p = end + 1;
        errno = 0;
        count = strtoull(p, &end, 10);
        if (end == p || errno != 0)
            return 1;
        p = end;
        if (*p == '@') {
            double w;
            unsigned long long k;
            p++;
            w = strtod(p, &end);
            if (end == p)
                return 1;
            p = end;
            for (k = 0; k < count; k++) {
                rc = xpi_tally_add(t, score, w);
                if (rc != XPI_OK)
                    return rc;
            }
        } else {
            rc = xpi_tally_add_n(t, score, (uint64_t)count);
            if (rc != XPI_OK)
                return rc;
        }
        if (*p == '\0')
            return XPI_OK;
        if (*p != ',')
            return 1;
        p++;
    }
}

/* ---- one row ------------------------------------------------------------- */

static int run_row(char **f, long lineno)
{
    xpi_tally *t = NULL;
    int32_t stat, method;
    long status;
    double conf;
    xpi_estimate out, sentinel;
    int rc, ok = 1;
    const char *id = f[F_ID];

    if (!parse_stat(f[F_STAT], &stat) || !parse_method(f[F_METHOD], &method) ||
        !parse_double(f[F_CONF], &conf) || !parse_long(f[F_STATUS], &status, NULL)) {
        fprintf(stderr, "line %ld (%s): malformed stat/method/conf/status\n", lineno, id);
        return 0;
    }
    rc = make_tally(f[F_SCALE], &t);
    if (rc != XPI_OK) {
        fprintf(stderr, "FAIL %s (line %ld): creating tally '%s' gave %d (%s)\n", id, lineno,
                f[F_SCALE], rc, rc == 1 ? "malformed scale column" : xpi_strerror(rc));
        return 0;
    }
    rc = fill_tally(t, f[F_DATA]);
    if (rc != XPI_OK) {
        fprintf(stderr, "FAIL %s (line %ld): adding data gave %d (%s)\n", id, lineno, rc,
                rc == 1 ? "malformed data column" : xpi_strerror(rc));
        xpi_tally_free(t);
        return 0;
    }

    /* A recognizable pattern: a failing call must leave *out unchanged. */
    sentinel.value = -12345.5;
    sentinel.lower = -23456.25;
    sentinel.upper = -34567.125;
    sentinel.se = -45678.0625;
    sentinel.n = -56789.5;
    sentinel.n_eff = -67890.25;
    out = sentinel;
    rc = xpi_tally_estimate(t, stat, method, conf, &out);
    xpi_tally_free(t);

    if ((long)rc != status) {
        fprintf(stderr, "FAIL %s (line %ld): status got %d (%s), expected %ld (%s)",
                id, lineno, rc, xpi_strerror(rc), status, xpi_strerror((int)status));
        if (rc == XPI_OK)
            fprintf(stderr, "; got value %.17g [%.17g, %.17g] se %.17g", out.value, out.lower,
                    out.upper, out.se);
        fprintf(stderr, "\n");
        return 0;
    }
    if (status != XPI_OK) {
        CHECK_MSG(memcmp(&out, &sentinel, sizeof out) == 0,
                  "FAIL %s (line %ld): error status but *out was modified\n", id, lineno);
        return ok;
    }

    {
        static const int cols[6] = {F_VALUE, F_LOWER, F_UPPER, F_SE, F_N, F_NEFF};
        const double got[6] = {out.value, out.lower, out.upper, out.se, out.n, out.n_eff};
        struct group_stat *g = group_for(id);
        int i;
        g->rows++;
        for (i = 0; i < 6; i++) {
            double exp;
            int good;
            if (!parse_double(f[cols[i]], &exp)) {
                fprintf(stderr, "line %ld (%s): malformed %s '%s'\n", lineno, id,
                        field_names[cols[i]], f[cols[i]]);
                return 0;
            }
            good = cols[i] == F_N ? got[i] == exp : close_enough(got[i], exp);
            track(g, id, got[i], exp);
            CHECK_MSG(good,
                      "FAIL %s (line %ld): %s got %.17g expected %.17g (diff %.3g)"
                      " [scale %s stat %s method %s conf %s]\n",
                      id, lineno, field_names[cols[i]], got[i], exp, got[i] - exp,
                      f[F_SCALE], f[F_STAT], f[F_METHOD], f[F_CONF]);
        }
        CHECK_MSG(out.lower <= out.upper,
                  "FAIL %s (line %ld): lower %.17g > upper %.17g\n", id, lineno, out.lower,
                  out.upper);
    }
    return ok;
}

int main(int argc, char **argv)
{
    FILE *fp;
    char *line = NULL;
    size_t cap = 0;
    long lineno = 0;
    int have_header = 0, r, i;

    if (argc != 2) {
        fprintf(stderr, "usage: %s estimate_vectors.tsv\n", argv[0]);
        return 2;
    }
    fp = fopen(argv[1], "r");
    if (fp == NULL) {
        fprintf(stderr, "cannot open %s\n", argv[1]);
        return 2;
    }
    while ((r = read_line(fp, &line, &cap)) == 1) {
        char *f[NFIELDS + 1];
        int nf;
        lineno++;
        if (line[0] == '#' || line[0] == '\0')
            continue;
        nf = split_tabs(line, f, NFIELDS + 1);
        if (nf != NFIELDS) {
            fprintf(stderr, "line %ld: %d fields, expected %d\n", lineno, nf, NFIELDS);
            g_rows++;
            g_failed++;
            continue;
        }
        if (!have_header) {
            for (i = 0; i < NFIELDS; i++)
                if (strcmp(f[i], field_names[i]) != 0) {
                    fprintf(stderr, "line %ld: bad header column '%s'\n", lineno, f[i]);
                    fclose(fp);
                    free(line);
                    return 2;
                }
            have_header = 1;
            continue;
        }
        g_rows++;
        if (!run_row(f, lineno))
            g_failed++;
    }
    fclose(fp);
    free(line);
    if (r < 0) {
        fprintf(stderr, "out of memory reading %s\n", argv[1]);
        return 2;
    }
    if (g_rows == 0) {
        fprintf(stderr, "no rows in %s\n", argv[1]);
        return 2;
    }

    printf("largest errors per row group (tolerance %g abs or rel):\n", TOL);
    for (i = 0; i < g_ngroups; i++)
        printf("  %-28s rows %5ld  max abs %.2e  max rel %.2e  (%s)\n", g_groups[i].name,
               g_groups[i].rows, g_groups[i].max_abs, g_groups[i].max_rel,
               g_groups[i].worst_id[0] ? g_groups[i].worst_id : "-");
    printf("estimate_ref: %ld passed, %ld failed\n", g_rows - g_failed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
