/*
 * Planning: the sample-size and power table of ../shared/REFERENCE.md
 * ("Sample size and power (NPS, 95%)"), every row of
 * tests/ref/plan_vectors.tsv (argv[1]; written by tests/ref/gen_plan.py from
 * mpmath, cross-checked with scipy and statsmodels, never from libxpi),
 * per-response variances from tallies against hand computation, round
 * trips between sample size, power and detectable difference, the rounding
 * of sample sizes to whole responses, and the statuses of bad arguments.
 *
 * Usage: test_plan PATH/TO/plan_vectors.tsv
 * Tolerances: sample sizes exactly (BIG rows, n >= 1e11, to 1e-12
 * relative: there libxpi documents floor(x), off by at most one); power,
 * detectable difference and unit variance to 1e-12 relative (the expected
 * values are exact to the last bit; 1e-12 leaves room for the normal
 * quantile's and cdf's own accuracy, while a formula difference such as
 * one tail instead of two, n - 1 for n or a missing design effect moves
 * results by 1e-6 or far more).
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixtures.h"
#include "tsv.h"
#include "xpi.h"

#define SENTINEL (-12345.5)

static double unit_variance(int32_t stat, double high, double low)
{
    double v = SENTINEL;
    CHECK_STATUS(xpi_unit_variance(stat, high, low, &v), XPI_OK);
    return v;
}

static double margin_n(double var, double margin, double conf, double deff)
{
    double n = SENTINEL;
    CHECK_STATUS(xpi_plan_margin_n(var, margin, conf, deff, &n), XPI_OK);
    return n;
}

static double group_n(double va, double vb, double diff, double alpha, double power,
                      double deff)
{
    double n = SENTINEL;
    CHECK_STATUS(xpi_plan_group_n(va, vb, diff, alpha, power, deff, &n), XPI_OK);
    return n;
}

static double plan_power(double va, double vb, double diff, double na, double nb,
                         double alpha, double deff)
{
    double p = SENTINEL;
    CHECK_STATUS(xpi_plan_power(va, vb, diff, na, nb, alpha, deff, &p), XPI_OK);
    return p;
}

static double plan_mde(double va, double vb, double na, double nb, double alpha,
                       double power, double deff)
{
    double d = SENTINEL;
    CHECK_STATUS(xpi_plan_mde(va, vb, na, nb, alpha, power, deff, &d), XPI_OK);
    return d;
}

/* ---- (a) REFERENCE.md ------------------------------------------------------- */

/* REFERENCE.md "Sample size and power (NPS, 95%)": n = z^2 Var / m^2 for
 * margins of 5 and 3 points, Var = p + d - (p - d)^2 (printed to 0.01 in
 * fraction units; here from xpi_unit_variance, in points^2). */
static void test_reference_margin(void)
{
    static const struct {
        double p, d, var_printed;
        double n5, n3;
    } rows[] = {
        { 1.0 / 3.0, 1.0 / 3.0, 0.667, 1025, 2846 },
        { 0.5, 0.2, 0.61, 938, 2604 },
        { 0.4, 0.2, 0.56, 861, 2391 },
        { 0.6, 0.1, 0.45, 692, 1921 },
    };
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        double var = unit_variance(XPI_STAT_NET, rows[i].p, rows[i].d);
        CHECK_NEAR(var, 1e4 * rows[i].var_printed, 5.0); /* printed to 0.001 or 0.01 */
        CHECK(margin_n(var, 5.0, 0.95, 1.0) == rows[i].n5);
        CHECK(margin_n(var, 3.0, 0.95, 1.0) == rows[i].n3);
    }
    /* "Var = 1 in the worst case": half promoters, half detractors. */
    CHECK(unit_variance(XPI_STAT_NET, 0.5, 0.5) == 1e4);
    /* REFERENCE.md's margin example: 20/40/40 at n = 500 gives +/- 6.6
     * points, so +/- 6.6 needs at most 500 responses (494: 6.6 is rounded). */
    {
        double n = margin_n(unit_variance(XPI_STAT_NET, 0.4, 0.2), 6.6, 0.95, 1.0);
        CHECK(n >= 490.0 && n <= 500.0);
    }
}

/* REFERENCE.md: per group, 80% power at 95%: n = (z_0.975 + z_0.8)^2
 * (Var1 + Var2) / Delta^2. Var = 0.44 both (fraction units: 4400 points^2):
 * 10 points -> 691, 5 points -> 2763. Var = 2/3: 1047 and 4187. "Minimum
 * detectable effect for given n inverts the same formula." */
static void test_reference_power(void)
{
    static const struct {
        double var, diff, n;
    } rows[] = {
        { 4400.0, 10.0, 691 },
        { 4400.0, 5.0, 2763 },
        { 20000.0 / 3.0, 10.0, 1047 },
        { 20000.0 / 3.0, 5.0, 4187 },
    };
    size_t i;
    for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        double v = rows[i].var, n = group_n(v, v, rows[i].diff, 0.05, 0.8, 1.0);
        CHECK(n == rows[i].n);
        /* The sign of the difference does not matter. */
        CHECK(group_n(v, v, -rows[i].diff, 0.05, 0.8, 1.0) == rows[i].n);
        /* n is the smallest size whose detectable difference is within the
         * target, and the power there reaches 80%. */
        CHECK(plan_mde(v, v, n, n, 0.05, 0.8, 1.0) <= rows[i].diff);
        CHECK(plan_mde(v, v, n - 1.0, n - 1.0, 0.05, 0.8, 1.0) > rows[i].diff);
        CHECK(plan_power(v, v, rows[i].diff, n, n, 0.05, 1.0) >= 0.8);
        CHECK(plan_power(v, v, rows[i].diff, n - 1.0, n - 1.0, 0.05, 1.0) < 0.8);
    }
    /* Var = 2/3 is the equal-thirds NPS. */
    {
        double v = unit_variance(XPI_STAT_NET, 1.0 / 3.0, 1.0 / 3.0);
        CHECK(group_n(v, v, 10.0, 0.05, 0.8, 1.0) == 1047);
        CHECK(group_n(v, v, 5.0, 0.05, 0.8, 1.0) == 4187);
    }
}

/* ---- (b) reference vectors --------------------------------------------------- */

static long g_rows, g_failed;
/* Largest relative error per kind (n rows other than BIG are exact). */
static double g_worst_rel[5];
static char g_worst_id[5][64];
static const char *const g_kind_names[5] = { "unit", "margin", "group", "power", "mde" };

static int parse_double(const char *s, double *out)
{
    char *end;
    *out = strtod(s, &end);
    return end != s && *end == '\0';
}

static int parse_stat(const char *s, int32_t *out)
{
    if (strcmp(s, "NET") == 0)
        *out = XPI_STAT_NET;
    else if (strcmp(s, "TOP") == 0)
        *out = XPI_STAT_TOP;
    else if (strcmp(s, "BOTTOM") == 0)
        *out = XPI_STAT_BOTTOM;
    else
        return 0;
    return 1;
}

/* One row: kind, id, args, status, expected. Returns 1 when it passes. */
static int check_row(char **f, int nf)
{
    static const struct {
        const char *kind;
        int nargs;
        int is_n;
    } kinds[] = {
        { "unit", 3, 0 }, { "margin", 4, 1 }, { "group", 6, 1 }, { "power", 7, 0 }, { "mde", 7, 0 },
    };
    double a[7], expected = 0.0, got = SENTINEL;
    int32_t stat = 0;
    int k, i, status, want;
    const char *st;

    for (k = 0; k < 5; k++)
        if (strcmp(f[0], kinds[k].kind) == 0)
            break;
    if (k == 5 || nf != kinds[k].nargs + 4) {
        fprintf(stderr, "%s: malformed row\n", nf > 1 ? f[1] : f[0]);
        return 0;
    }
    for (i = 0; i < kinds[k].nargs; i++) {
        int ok = k == 0 && i == 0 ? parse_stat(f[2], &stat) : parse_double(f[2 + i], &a[i]);
        if (!ok) {
            fprintf(stderr, "%s: bad argument '%s'\n", f[1], f[2 + i]);
            return 0;
        }
    }
    st = f[2 + kinds[k].nargs];
    want = strcmp(st, "OVERFLOW") == 0 ? XPI_ERR_OVERFLOW : XPI_OK;
    if (want == XPI_OK && !parse_double(f[3 + kinds[k].nargs], &expected)) {
        fprintf(stderr, "%s: bad expected value\n", f[1]);
        return 0;
    }

    switch (k) {
    case 0: status = xpi_unit_variance(stat, a[1], a[2], &got); break;
    case 1: status = xpi_plan_margin_n(a[0], a[1], a[2], a[3], &got); break;
    case 2: status = xpi_plan_group_n(a[0], a[1], a[2], a[3], a[4], a[5], &got); break;
    case 3: status = xpi_plan_power(a[0], a[1], a[2], a[3], a[4], a[5], a[6], &got); break;
    default: status = xpi_plan_mde(a[0], a[1], a[2], a[3], a[4], a[5], a[6], &got); break;
    }
    if (status != want) {
        fprintf(stderr, "%s: status %d, want %d\n", f[1], status, want);
        return 0;
    }
    if (want != XPI_OK) {
        if (got != SENTINEL) {
            fprintf(stderr, "%s: output written on error\n", f[1]);
            return 0;
        }
        return 1;
    }
    if (kinds[k].is_n && strcmp(st, "OK") == 0) {
        if (got != expected) {
            fprintf(stderr, "%s: n = %.17g, want %.17g\n", f[1], got, expected);
            return 0;
        }
        return 1;
    }
    {
        double err = got == expected ? 0.0 : fabs(got - expected) / fabs(expected);
        if (!(err <= 1e-12)) {
            fprintf(stderr, "%s: got %.17g, want %.17g (relative error %.3g)\n", f[1], got,
                    expected, err);
            return 0;
        }
        if (err > g_worst_rel[k]) {
            g_worst_rel[k] = err;
            snprintf(g_worst_id[k], sizeof g_worst_id[k], "%s", f[1]);
        }
        /* BIG n rows: still whole numbers. */
        if (kinds[k].is_n && got != floor(got)) {
            fprintf(stderr, "%s: n = %.17g is not whole\n", f[1], got);
            return 0;
        }
    }
    return 1;
}

static void test_vectors(const char *path)
{
    char line[1024];
    char *f[16];
    FILE *fp = fopen(path, "r");
    check_count++;
    if (fp == NULL) {
        check_failures++;
        fprintf(stderr, "cannot open %s\n", path);
        return;
    }
    while (fgets(line, sizeof line, fp) != NULL) {
        size_t len = strlen(line);
        int nf;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        nf = split_tabs(line, f, 16);
        g_rows++;
        check_count++;
        if (nf < 2 || !check_row(f, nf)) {
            g_failed++;
            check_failures++;
        }
    }
    fclose(fp);
    /* The file must not be silently empty or truncated. */
    CHECK(g_rows > 4000);
    printf("plan vectors: %ld rows, %ld failed; worst relative errors:", g_rows, g_failed);
    {
        int k;
        for (k = 0; k < 5; k++)
            printf(" %s %.3g (%s)", g_kind_names[k], g_worst_rel[k],
                   g_worst_id[k][0] ? g_worst_id[k] : "-");
    }
    printf("\n");
}

/* ---- (c) variance and design effect from a tally ---------------------------- */

static void tally_unit_variance(const xpi_tally *t, int32_t stat, double *var, double *deff)
{
    *var = *deff = SENTINEL;
    CHECK_STATUS(xpi_tally_unit_variance(t, stat, var, deff), XPI_OK);
}

static void test_tally_variance(void)
{
    xpi_tally *t = nps(20, 40, 40), *w = NULL;
    double var, deff, v2, d2;
    int i;

    /* 20/40/40: p = 0.4, d = 0.2: 10^4 (0.6 - 0.04) = 5600 points^2. */
    tally_unit_variance(t, XPI_STAT_NET, &var, &deff);
    CHECK_NEAR(var, 5600.0, 1e-9);
    CHECK(deff == 1.0);
    /* The headline statistic of an NPS tally is the net. */
    tally_unit_variance(t, XPI_STAT_DEFAULT, &v2, &d2);
    CHECK(v2 == var && d2 == 1.0);
    /* The tally agrees with the planned shares. */
    CHECK_NEAR(var, unit_variance(XPI_STAT_NET, 0.4, 0.2), 1e-9);
    /* Top-box 40%: 2400 percent^2; bottom-box 20%: 1600. */
    tally_unit_variance(t, XPI_STAT_TOP, &var, &deff);
    CHECK_NEAR(var, 2400.0, 1e-9);
    tally_unit_variance(t, XPI_STAT_BOTTOM, &var, &deff);
    CHECK_NEAR(var, 1600.0, 1e-9);
    /* Means (scale units): scores 0 x20, 7 x40, 10 x40: mean 6.8,
     * population variance (20 * 6.8^2 + 40 * 0.2^2 + 40 * 3.2^2) / 100 =
     * 13.36, times 100 / 99. */
    tally_unit_variance(t, XPI_STAT_MEAN, &var, &deff);
    CHECK_NEAR(var, 13.36 * 100.0 / 99.0, 1e-12);
    CHECK(deff == 1.0);
    /* Either output may be NULL. */
    var = SENTINEL;
    CHECK_STATUS(xpi_tally_unit_variance(t, XPI_STAT_NET, &var, NULL), XPI_OK);
    CHECK_NEAR(var, 5600.0, 1e-9);
    deff = SENTINEL;
    CHECK_STATUS(xpi_tally_unit_variance(t, XPI_STAT_NET, NULL, &deff), XPI_OK);
    CHECK(deff == 1.0);
    CHECK_STATUS(xpi_tally_unit_variance(t, XPI_STAT_NET, NULL, NULL), XPI_OK);

    /* Equal weights 2.0: the same variance, and no design effect (n_eff =
     * (2n)^2 / 4n = n). */
    CHECK_STATUS(xpi_tally_new(&w, XPI_METRIC_NPS, NULL), XPI_OK);
    for (i = 0; i < 100; i++)
        CHECK_STATUS(xpi_tally_add(w, i < 20 ? 0 : i < 60 ? 7 : 10, 2.0), XPI_OK);
    tally_unit_variance(w, XPI_STAT_NET, &var, &deff);
    CHECK_NEAR(var, 5600.0, 1e-9);
    CHECK(deff == 1.0);
    tally_unit_variance(w, XPI_STAT_MEAN, &var, &deff);
    CHECK_NEAR(var, 13.36 * 100.0 / 99.0, 1e-12);
    xpi_tally_free(w);

    /* Unequal weights (REFERENCE.md "Weights": 30 detractors, 30 passives,
     * 40 promoters in that order, weights cycling 1, 1, 2, 0.5). By hand:
     * detractors sum w = 7 * 4.5 + 2 = 33.5, sum w^2 = 7 * 6.25 + 2 = 45.75;
     * passives 2 + 0.5 + 31.5 = 34, 4.25 + 43.75 = 48; promoters 45, 62.5.
     * sum w = 112.5, sum w^2 = 156.25, n_eff = 112.5^2 / 156.25 = 81,
     * deff = 100 / 81; p_w = 0.4, d_w = 33.5 / 112.5 = 0.29777...,
     * Var = p_w + d_w - (p_w - d_w)^2. */
    {
        static const double cycle[4] = { 1.0, 1.0, 2.0, 0.5 };
        double pw = 45.0 / 112.5, dw = 33.5 / 112.5;
        double want_var = 1e4 * (pw + dw - (pw - dw) * (pw - dw));
        /* Mean: y = 0, 7, 10 with weights 33.5, 34, 45. */
        double mean = (7.0 * 34.0 + 10.0 * 45.0) / 112.5;
        double want_mean_var =
            (33.5 * mean * mean + 34.0 * (7.0 - mean) * (7.0 - mean) +
             45.0 * (10.0 - mean) * (10.0 - mean)) / 112.5 * (100.0 / 99.0);
        CHECK_STATUS(xpi_tally_new(&w, XPI_METRIC_NPS, NULL), XPI_OK);
        for (i = 0; i < 100; i++)
            CHECK_STATUS(xpi_tally_add(w, i < 30 ? 0 : i < 60 ? 7 : 10, cycle[i % 4]), XPI_OK);
        tally_unit_variance(w, XPI_STAT_NET, &var, &deff);
        CHECK_NEAR(var, want_var, 1e-12 * want_var);
        CHECK_NEAR(deff, 100.0 / 81.0, 1e-14);
        CHECK(deff > 1.0);
        tally_unit_variance(w, XPI_STAT_MEAN, &var, &deff);
        CHECK_NEAR(var, want_mean_var, 1e-12 * want_mean_var);
        CHECK_NEAR(deff, 100.0 / 81.0, 1e-14);
        /* The design effect carries into the plan: about 100/81 times the
         * responses. */
        tally_unit_variance(w, XPI_STAT_NET, &var, &deff);
        CHECK(margin_n(var, 5.0, 0.95, deff) ==
              ceil(1.959963984540054 * 1.959963984540054 * var * deff / 25.0));
        xpi_tally_free(w);
    }

    /* One response: net variance 0 (n = 1 is not an error for shares),
     * a mean needs two. One weighted response is an unweighted one. */
    xpi_tally_free(t);
    t = NULL;
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 9, 3.0), XPI_OK);
    tally_unit_variance(t, XPI_STAT_NET, &var, &deff);
    CHECK(var == 0.0 && deff == 1.0);
    var = deff = SENTINEL;
    CHECK_STATUS(xpi_tally_unit_variance(t, XPI_STAT_MEAN, &var, &deff),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK(var == SENTINEL && deff == SENTINEL);
    xpi_tally_free(t);
}

/* ---- (d) round trips ----------------------------------------------------------- */

static void test_round_trips(void)
{
    static const double vars[][2] = {
        { 4400.0, 4400.0 }, { 20000.0 / 3.0, 5600.0 }, { 2500.0, 0.0 }, { 1.7, 2.2 },
        { 10000.0, 10000.0 }, { 900.0, 1600.0 },
    };
    static const double diffs[] = { 0.3, 1.0, 2.5, 5.0, 7.0, 10.0, 15.0 };
    static const double alphas[] = { 0.001, 0.01, 0.05, 0.1, 0.2 };
    static const double powers[] = { 0.5, 0.7, 0.8, 0.9, 0.95, 0.99 };
    static const double deffs[] = { 0.9, 1.0, 1.37, 2.0 };
    static const double margins[] = { 0.2, 1.0, 2.0, 3.3, 5.0 };
    size_t iv, id, ia, ip, ie, im;
    long fails = 0, total = 0;

    for (iv = 0; iv < sizeof vars / sizeof vars[0]; iv++)
        for (id = 0; id < sizeof diffs / sizeof diffs[0]; id++)
            for (ia = 0; ia < sizeof alphas / sizeof alphas[0]; ia++)
                for (ip = 0; ip < sizeof powers / sizeof powers[0]; ip++)
                    for (ie = 0; ie < sizeof deffs / sizeof deffs[0]; ie++) {
                        double va = vars[iv][0], vb = vars[iv][1], dl = diffs[id];
                        double a = alphas[ia], p = powers[ip], de = deffs[ie];
                        double n = group_n(va, vb, dl, a, p, de);
                        double pw = plan_power(va, vb, dl, n, n, a, de);
                        double mde = plan_mde(va, vb, n, n, a, p, de);
                        /* At the planned n: the power is reached and the
                         * detectable difference is within the target. */
                        int ok = n >= 1.0 && n == floor(n) && pw >= p && mde <= dl;
                        /* And one response fewer would not do. */
                        if (n > 1.0)
                            ok = ok && plan_mde(va, vb, n - 1.0, n - 1.0, a, p, de) > dl;
                        /* The power at the detectable difference is the
                         * power asked for plus the far tail, Phi(-mde / SE -
                         * z_{1-alpha/2}) = Phi(-2 z_{1-alpha/2} - z_power). */
                        {
                            double back = plan_power(va, vb, mde, n, n, a, de);
                            double z1 = -xpi_norm_ppf(a / 2.0), z2 = xpi_norm_ppf(p);
                            double far = xpi_norm_cdf(-2.0 * z1 - z2);
                            ok = ok && fabs(back - (p + far)) <= 1e-14;
                        }
                        total++;
                        if (!ok) {
                            fails++;
                            fprintf(stderr,
                                    "round trip: var %g/%g diff %g alpha %g power %g deff %g: "
                                    "n %.17g power %.17g mde %.17g\n",
                                    va, vb, dl, a, p, de, n, pw, mde);
                        }
                    }
    /* Margin of error: the Wald half-width at the planned n is within the
     * margin, and at n - 1 it is not. */
    for (iv = 0; iv < sizeof vars / sizeof vars[0]; iv++)
        for (im = 0; im < sizeof margins / sizeof margins[0]; im++)
            for (ia = 0; ia < sizeof alphas / sizeof alphas[0]; ia++)
                for (ie = 0; ie < sizeof deffs / sizeof deffs[0]; ie++) {
                    double v = vars[iv][0], m = margins[im], a = alphas[ia], de = deffs[ie];
                    double n = margin_n(v, m, 1.0 - a, de);
                    double z = -xpi_norm_ppf(a / 2.0);
                    int ok = n >= 1.0 && n == floor(n) && z * sqrt(v * de / n) <= m &&
                             (n == 1.0 || z * sqrt(v * de / (n - 1.0)) > m);
                    total++;
                    if (!ok) {
                        fails++;
                        fprintf(stderr,
                                "margin round trip: var %g margin %g alpha %g deff %g: n %.17g\n",
                                v, m, a, de, n);
                    }
                }
    check_count++;
    if (fails) {
        check_failures++;
        fprintf(stderr, "round trips: %ld of %ld failed\n", fails, total);
    }

    /* Power grows with n and with the difference, and is alpha at 0. */
    CHECK(plan_power(4400, 4400, 5.0, 100, 100, 0.05, 1.0) <
          plan_power(4400, 4400, 5.0, 200, 200, 0.05, 1.0));
    CHECK(plan_power(4400, 4400, 5.0, 100, 100, 0.05, 1.0) <
          plan_power(4400, 4400, 7.0, 100, 100, 0.05, 1.0));
    CHECK(plan_power(4400, 4400, 0.0, 100, 100, 0.05, 1.0) == 0.05);
    CHECK(plan_power(4400, 4400, 0.0, 100, 100, 0.01, 2.0) == 0.01);
    CHECK_NEAR(plan_power(4400, 4400, 1e-9, 100, 100, 0.05, 1.0), 0.05, 1e-15);
    CHECK(plan_power(4400, 4400, -5.0, 100, 300, 0.05, 1.3) ==
          plan_power(4400, 4400, 5.0, 100, 300, 0.05, 1.3));
    /* A design effect is the same as dividing the sizes by it. */
    CHECK_NEAR(plan_power(4400, 3000, 5.0, 400, 300, 0.05, 2.0),
               plan_power(4400, 3000, 5.0, 200, 150, 0.05, 1.0), 1e-15);
    CHECK_NEAR(plan_mde(4400, 3000, 400, 300, 0.05, 0.8, 2.0),
               plan_mde(4400, 3000, 200, 150, 0.05, 0.8, 1.0), 1e-12);
}

/* ---- whole responses -------------------------------------------------------- */

/* When the exact answer is a whole number, rounding in doubles must not add
 * a response. The confidence 2 Phi(2) - 1 (the "two sigma" 95.45%) gives
 * z = 2 (exactly, with this library's quantile); the decimal inputs are not
 * exact binary numbers, and the marked cases compute to just above the
 * whole number in doubles (3080.0000000000005, 48400.00000000001,
 * 16.000000000000004, 12000.000000000002), where a plain ceil would ask
 * for one response more. */
static void test_whole_numbers(void)
{
    const double conf2 = 0.95449973610364158;     /* 2 Phi(2) - 1 = erf(sqrt 2) */
    const double alpha2 = 0.045500263896358417;   /* 2 Phi(-2) */
    double z = -xpi_norm_ppf((1.0 - conf2) / 2.0);
    CHECK_NEAR(z, 2.0, 1e-14);
    /* 4 * 2500 / 100 = 100 exactly. */
    CHECK(margin_n(2500.0, 10.0, conf2, 1.0) == 100.0);
    /* 4 * 0.3 / 0.01 = 120; 4 * 0.7 * 1.1 / 0.04 = 77; 4 * 2.25 * 1.2 / 0.09 = 120 */
    CHECK(margin_n(0.3, 0.1, conf2, 1.0) == 120.0);
    CHECK(margin_n(0.7, 0.2, conf2, 1.1) == 77.0);
    CHECK(margin_n(2.25, 0.3, conf2, 1.2) == 120.0);
    CHECK(margin_n(1e4, 0.1, conf2, 1.0) == 4e6);
    CHECK(margin_n(0.07, 0.01, conf2, 1.1) == 3080.0);   /* above in doubles */
    CHECK(margin_n(1.1, 0.01, conf2, 1.1) == 48400.0);   /* above in doubles */
    /* Group size with z_{1-alpha/2} = 2 and power 0.5 (z_power = 0):
     * 4 * (1250 + 1250) / 100 = 100; 4 * (0.3 + 0.3) / 0.04 = 60. */
    CHECK(group_n(1250.0, 1250.0, 10.0, alpha2, 0.5, 1.0) == 100.0);
    CHECK(group_n(0.3, 0.3, 0.2, alpha2, 0.5, 1.0) == 60.0);
    CHECK(group_n(0.1, 0.2, -0.3, alpha2, 0.5, 1.0) == 14.0); /* 4 * 0.3 / 0.09 = 13.33 */
    CHECK(group_n(0.1, 0.2, 0.3, alpha2, 0.5, 1.2) == 16.0);     /* above in doubles */
    CHECK(group_n(0.1, 0.2, 0.01, alpha2, 0.5, 1.0) == 12000.0); /* above in doubles */
    /* Just above a whole number still rounds up. */
    CHECK(margin_n(2500.0 * (1.0 + 1e-9), 10.0, conf2, 1.0) == 101.0);
    /* Zero variance: one response. A margin wider than the variance
     * warrants: one response. */
    CHECK(margin_n(0.0, 5.0, 0.95, 1.0) == 1.0);
    CHECK(margin_n(1.0, 1e6, 0.95, 1.0) == 1.0);
    CHECK(group_n(0.0, 0.0, 5.0, 0.05, 0.8, 1.0) == 1.0);
    CHECK(plan_mde(0.0, 0.0, 100.0, 100.0, 0.05, 0.8, 1.0) == 0.0);
    CHECK(plan_power(0.0, 0.0, 0.5, 100.0, 100.0, 0.05, 1.0) == 1.0);
    /* Power at or below alpha / 2: any sample delivers it. */
    CHECK(group_n(4400.0, 4400.0, 10.0, 0.05, 0.02, 1.0) == 1.0);
    CHECK(plan_mde(4400.0, 4400.0, 100.0, 100.0, 0.05, 0.02, 1.0) == 0.0);
    CHECK(plan_power(4400.0, 4400.0, 10.0, 1.0, 1.0, 0.05, 1.0) >= 0.05);
    /* Huge answers are returned while finite, whole, and never +inf. */
    {
        double n = margin_n(1e4, 1e-150, 0.95, 1.0);
        CHECK(isfinite(n) && n == floor(n) && n > 3.8e304 && n < 3.9e304);
        n = SENTINEL;
        CHECK_STATUS(xpi_plan_margin_n(1e4, 1e-160, 0.95, 1.0, &n), XPI_ERR_OVERFLOW);
        CHECK(n == SENTINEL);
        CHECK_STATUS(xpi_plan_group_n(DBL_MAX, DBL_MAX, 1.0, 0.05, 0.8, 1.0, &n),
                     XPI_ERR_OVERFLOW);
        CHECK(n == SENTINEL);
        CHECK_STATUS(xpi_plan_mde(DBL_MAX, DBL_MAX, DBL_MIN, DBL_MIN, 0.05, 0.8, 1.0, &n),
                     XPI_ERR_OVERFLOW);
        CHECK(n == SENTINEL);
        /* Extreme but finite: the power is a probability. */
        n = plan_power(DBL_MAX, DBL_MAX, DBL_MAX, DBL_MIN, DBL_MIN, 0.05, DBL_MAX);
        CHECK_NEAR(n, 0.05, 1e-15);
        n = plan_power(DBL_MIN, DBL_MIN, DBL_MAX, DBL_MAX, DBL_MAX, 0.05, DBL_MIN);
        CHECK(n == 1.0);
    }
    /* n_b is ignored when var_b = 0, whatever it holds. */
    {
        double p = plan_power(10000.0, 0.0, 5.0, 400.0, 500.0, 0.05, 1.0);
        CHECK(plan_power(10000.0, 0.0, 5.0, 400.0, 0.0, 0.05, 1.0) == p);
        CHECK(plan_power(10000.0, 0.0, 5.0, 400.0, -3.0, 0.05, 1.0) == p);
        CHECK(plan_power(10000.0, 0.0, 5.0, 400.0, (double)NAN, 0.05, 1.0) == p);
        CHECK(plan_mde(10000.0, 0.0, 400.0, (double)INFINITY, 0.05, 0.8, 1.0) ==
              plan_mde(10000.0, 0.0, 400.0, 1.0, 0.05, 0.8, 1.0));
        /* One sample against a target: z^2 Var / delta^2. */
        CHECK(group_n(10000.0, 0.0, 5.0, 0.05, 0.8, 1.0) == 3140.0); /* 7.8489 * 400 = 3139.6 */
    }
}

/* ---- (e) bad arguments ---------------------------------------------------------- */

enum { K_VAR, K_POS, K_PROB, K_DIFF_NZ, K_DIFF, K_NB };

static const double bad_var[] = { (double)NAN, (double)INFINITY, -(double)INFINITY, -1.0, -DBL_MIN };
static const double bad_pos[] = { (double)NAN, (double)INFINITY, -(double)INFINITY, 0.0, -0.0, -1.0 };
static const double bad_prob[] = { (double)NAN, (double)INFINITY, -(double)INFINITY, 0.0, 1.0, -0.1, 1.1 };
static const double bad_diff_nz[] = { (double)NAN, (double)INFINITY, -(double)INFINITY, 0.0, -0.0 };
static const double bad_diff[] = { (double)NAN, (double)INFINITY, -(double)INFINITY };

static int call(int fn, const double *a, double *out)
{
    switch (fn) {
    case 0: return xpi_plan_margin_n(a[0], a[1], a[2], a[3], out);
    case 1: return xpi_plan_group_n(a[0], a[1], a[2], a[3], a[4], a[5], out);
    case 2: return xpi_plan_power(a[0], a[1], a[2], a[3], a[4], a[5], a[6], out);
    default: return xpi_plan_mde(a[0], a[1], a[2], a[3], a[4], a[5], a[6], out);
    }
}

static void test_bad_plan_args(void)
{
    static const struct {
        const char *name;
        int nargs;
        double base[7];
        int kind[7];
    } fns[] = {
        { "margin_n", 4, { 4400, 5, 0.95, 1.2 }, { K_VAR, K_POS, K_PROB, K_POS } },
        { "group_n", 6, { 4400, 3000, 5, 0.05, 0.8, 1.2 },
          { K_VAR, K_VAR, K_DIFF_NZ, K_PROB, K_PROB, K_POS } },
        { "power", 7, { 4400, 3000, 5, 300, 200, 0.05, 1.2 },
          { K_VAR, K_VAR, K_DIFF, K_POS, K_NB, K_PROB, K_POS } },
        { "mde", 7, { 4400, 3000, 300, 200, 0.05, 0.8, 1.2 },
          { K_VAR, K_VAR, K_POS, K_NB, K_PROB, K_PROB, K_POS } },
    };
    int fn, i;
    size_t j;
    for (fn = 0; fn < 4; fn++) {
        double out = SENTINEL;
        CHECK_STATUS(call(fn, fns[fn].base, &out), XPI_OK);
        CHECK(out != SENTINEL);
        CHECK_STATUS(call(fn, fns[fn].base, NULL), XPI_ERR_INVALID_ARG);
        for (i = 0; i < fns[fn].nargs; i++) {
            const double *bad;
            size_t nbad;
            switch (fns[fn].kind[i]) {
            case K_VAR: bad = bad_var; nbad = sizeof bad_var / sizeof *bad_var; break;
            case K_PROB: bad = bad_prob; nbad = sizeof bad_prob / sizeof *bad_prob; break;
            case K_DIFF_NZ:
                bad = bad_diff_nz;
                nbad = sizeof bad_diff_nz / sizeof *bad_diff_nz;
                break;
            case K_DIFF: bad = bad_diff; nbad = sizeof bad_diff / sizeof *bad_diff; break;
            default: bad = bad_pos; nbad = sizeof bad_pos / sizeof *bad_pos; break;
            }
            for (j = 0; j < nbad; j++) {
                double a[7];
                int status;
                memcpy(a, fns[fn].base, sizeof a);
                a[i] = bad[j];
                out = SENTINEL;
                status = call(fn, a, &out);
                check_count++;
                if (status != XPI_ERR_INVALID_ARG || out != SENTINEL) {
                    check_failures++;
                    fprintf(stderr, "%s: argument %d = %g: status %d, output %g\n",
                            fns[fn].name, i, bad[j], status, out);
                }
            }
        }
    }
}

static void test_bad_variance_args(void)
{
    static const double bad_share[] = { (double)NAN, (double)INFINITY, -(double)INFINITY, -0.1, 1.1, -DBL_MIN };
    xpi_tally *t = nps(1, 1, 1), *empty = nps(0, 0, 0), *ces = NULL;
    double v = SENTINEL, d = SENTINEL;
    size_t i;

    /* xpi_unit_variance */
    CHECK_STATUS(xpi_unit_variance(XPI_STAT_NET, 0.4, 0.2, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_unit_variance(XPI_STAT_MEAN, 0.4, 0.2, &v), XPI_ERR_NOT_APPLICABLE);
    CHECK_STATUS(xpi_unit_variance(XPI_STAT_DEFAULT, 0.4, 0.2, &v), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_unit_variance(5, 0.4, 0.2, &v), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_unit_variance(-1, 0.4, 0.2, &v), XPI_ERR_INVALID_ARG);
    for (i = 0; i < sizeof bad_share / sizeof bad_share[0]; i++) {
        double b = bad_share[i];
        CHECK_STATUS(xpi_unit_variance(XPI_STAT_NET, b, 0.2, &v), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_unit_variance(XPI_STAT_NET, 0.4, b, &v), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_unit_variance(XPI_STAT_TOP, b, 0.2, &v), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_unit_variance(XPI_STAT_BOTTOM, 0.4, b, &v), XPI_ERR_INVALID_ARG);
    }
    /* high + low > 1, beyond the 1e-12 allowed for rounding of user sums. */
    CHECK_STATUS(xpi_unit_variance(XPI_STAT_NET, 0.7, 0.4, &v), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_unit_variance(XPI_STAT_NET, 0.5, 0.5 + 1e-11, &v), XPI_ERR_INVALID_ARG);
    CHECK(v == SENTINEL);
    /* Within it: 0.1 + 0.2 and 0.7 sum past 1 in binary. */
    CHECK_STATUS(xpi_unit_variance(XPI_STAT_NET, 0.1 + 0.2, 0.7, &v), XPI_OK);
    CHECK_NEAR(v, 1e4 * (1.0 - 0.4 * 0.4), 1e-9);
    CHECK_STATUS(xpi_unit_variance(XPI_STAT_NET, 0.5, 0.5 + 1e-13, &v), XPI_OK);
    CHECK_NEAR(v, 1e4, 1e-8);
    /* The share a statistic does not use is ignored. */
    CHECK_STATUS(xpi_unit_variance(XPI_STAT_TOP, 0.4, (double)NAN, &v), XPI_OK);
    CHECK_NEAR(v, 2400.0, 1e-9);
    CHECK_STATUS(xpi_unit_variance(XPI_STAT_BOTTOM, 7.0, 0.2, &v), XPI_OK);
    CHECK_NEAR(v, 1600.0, 1e-9);

    /* xpi_tally_unit_variance */
    v = d = SENTINEL;
    CHECK_STATUS(xpi_tally_unit_variance(NULL, XPI_STAT_NET, &v, &d), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_unit_variance(t, 5, &v, &d), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_unit_variance(t, -1, &v, &d), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_unit_variance(empty, XPI_STAT_NET, &v, &d), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_unit_variance(empty, XPI_STAT_MEAN, &v, &d), XPI_ERR_NOT_ENOUGH_DATA);
    CHECK_STATUS(xpi_tally_unit_variance(empty, XPI_STAT_DEFAULT, NULL, NULL),
                 XPI_ERR_NOT_ENOUGH_DATA);
    CHECK(v == SENTINEL && d == SENTINEL);
    /* A CES tally's headline is the mean: DEFAULT resolves to it. */
    CHECK_STATUS(xpi_tally_new(&ces, XPI_METRIC_CES, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(ces, 1, 1), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(ces, 2, 1), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(ces, 3, 1), XPI_OK);
    tally_unit_variance(ces, XPI_STAT_DEFAULT, &v, &d);
    CHECK_NEAR(v, 1.0, 1e-15); /* scores 1, 2, 3: s^2 = 1 */
    CHECK(d == 1.0);
    xpi_tally_free(ces);
    xpi_tally_free(t);
    xpi_tally_free(empty);
}

int main(int argc, char **argv)
{
    test_reference_margin();
    test_reference_power();
    if (argc < 2) {
        fprintf(stderr, "usage: %s PATH/TO/plan_vectors.tsv\n", argv[0]);
        check_count++;
        check_failures++;
    } else {
        test_vectors(argv[1]);
    }
    test_tally_variance();
    test_round_trips();
    test_whole_numbers();
    test_bad_plan_args();
    test_bad_variance_args();
    return check_exit();
}
