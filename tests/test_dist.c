/*
 * test_dist: checks libxpi's distribution functions against the reference
 * vectors in tests/ref/dist_vectors.tsv (made by tests/ref/gen_dist.py from
 * mpmath at 60 digits; see that script for the row format).
 *
 * Usage: test_dist PATH/TO/dist_vectors.tsv
 *
 * Checks:
 *   - cdf/sf rows: relative error <= 1e-12; where the expected value is 0
 *     (support ends) the result must be exactly 0.
 *   - ppf rows with a density: the backward error
 *         |x - x*| f(x*) / min(p, 1 - p) <= 1e-12 + ulp(x*) f(x*) / min(p, 1 - p),
 *     the second term being what rounding x* to a double may cost (one ulp;
 *     the correctly rounded x* uses at most half of it). Where the density
 *     column is '-' (binomial quantiles, support ends) the result must equal
 *     the expected value exactly.
 *   - NaN for invalid arguments (NaN inputs, df <= 0, shape <= 0, a or b <= 0,
 *     probabilities outside [0, 1], n negative, non-integer or >= 2^53).
 *   - |cdf + sf - 1| <= 1e-15 at central points; cdf nondecreasing, sf
 *     nonincreasing and ppf nondecreasing along fine grids (with a slack of
 *     2e-12 relative, what two results each within 1e-12 may differ by);
 *     results in [0, 1e-300] where the truth is below 1e-300.
 * Prints every failure, a per-function summary with the worst error, and a
 * closing "N passed, N failed" line; exits 0 when everything passed.
 */
#include "tsv.h"
#include "xpi.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REL_TOL 1e-12
#define BWD_TOL 1e-12
#define COMPLEMENT_TOL 1e-15
#define MONO_SLACK 2e-12

/* INFINITY and NAN are floats in C99; these are doubles (no promotion) */
#define DINF ((double)INFINITY)
#define DNAN ((double)NAN)

typedef double (*fn1)(double);
typedef double (*fn2)(double, double);
typedef double (*fn3)(double, double, double);

enum kind { K_CDF, K_SF, K_PPF };

struct func {
    const char *name;
    enum kind kind;
    int arity;
    fn1 f1;
    fn2 f2;
    fn3 f3;
    /* statistics */
    long checks;
    long failures;
    double worst;       /* worst error (relative, or backward for ppf) */
    double worst_ratio; /* worst error / its tolerance */
    char worst_args[160];
};

static struct func funcs[] = {
    { "norm_cdf",  K_CDF, 1, xpi_norm_cdf,  NULL, NULL, 0, 0, 0, 0, "" },
    { "norm_sf",   K_SF,  1, xpi_norm_sf,   NULL, NULL, 0, 0, 0, 0, "" },
    { "norm_ppf",  K_PPF, 1, xpi_norm_ppf,  NULL, NULL, 0, 0, 0, 0, "" },
    { "t_cdf",     K_CDF, 2, NULL, xpi_t_cdf,     NULL, 0, 0, 0, 0, "" },
    { "t_sf",      K_SF,  2, NULL, xpi_t_sf,      NULL, 0, 0, 0, 0, "" },
    { "t_ppf",     K_PPF, 2, NULL, xpi_t_ppf,     NULL, 0, 0, 0, 0, "" },
    { "chi2_cdf",  K_CDF, 2, NULL, xpi_chi2_cdf,  NULL, 0, 0, 0, 0, "" },
    { "chi2_sf",   K_SF,  2, NULL, xpi_chi2_sf,   NULL, 0, 0, 0, 0, "" },
    { "chi2_ppf",  K_PPF, 2, NULL, xpi_chi2_ppf,  NULL, 0, 0, 0, 0, "" },
    { "gamma_cdf", K_CDF, 2, NULL, xpi_gamma_cdf, NULL, 0, 0, 0, 0, "" },
    { "gamma_sf",  K_SF,  2, NULL, xpi_gamma_sf,  NULL, 0, 0, 0, 0, "" },
    { "gamma_ppf", K_PPF, 2, NULL, xpi_gamma_ppf, NULL, 0, 0, 0, 0, "" },
    { "beta_cdf",  K_CDF, 3, NULL, NULL, xpi_beta_cdf,  0, 0, 0, 0, "" },
    { "beta_sf",   K_SF,  3, NULL, NULL, xpi_beta_sf,   0, 0, 0, 0, "" },
    { "beta_ppf",  K_PPF, 3, NULL, NULL, xpi_beta_ppf,  0, 0, 0, 0, "" },
    { "binom_cdf", K_CDF, 3, NULL, NULL, xpi_binom_cdf, 0, 0, 0, 0, "" },
    { "binom_sf",  K_SF,  3, NULL, NULL, xpi_binom_sf,  0, 0, 0, 0, "" },
    { "binom_ppf", K_PPF, 3, NULL, NULL, xpi_binom_ppf, 0, 0, 0, 0, "" },
};
#define NFUNCS (sizeof funcs / sizeof funcs[0])

/* checks that are not per-row: invalid arguments, complement, monotonicity */
static long misc_checks, misc_failures;
static long total_checks, total_failures;

static struct func *find_func(const char *name)
{
    size_t i;
    for (i = 0; i < NFUNCS; i++)
        if (strcmp(funcs[i].name, name) == 0)
            return &funcs[i];
    return NULL;
}

static double call(const struct func *f, const double *a)
{
    switch (f->arity) {
    case 1: return f->f1(a[0]);
    case 2: return f->f2(a[0], a[1]);
    default: return f->f3(a[0], a[1], a[2]);
    }
}

static void format_args(char *buf, size_t size, const struct func *f, const double *a)
{
    switch (f->arity) {
    case 1: snprintf(buf, size, "(%.17g)", a[0]); break;
    case 2: snprintf(buf, size, "(%.17g, %.17g)", a[0], a[1]); break;
    default: snprintf(buf, size, "(%.17g, %.17g, %.17g)", a[0], a[1], a[2]); break;
    }
}

/* ------------------------------------------------------------------------ */
/* tiny check macros for the non-row checks                                  */
/* ------------------------------------------------------------------------ */

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        misc_checks++;                                                       \
        if (!(cond)) {                                                       \
            misc_failures++;                                                 \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                      \
            printf(__VA_ARGS__);                                             \
            printf("\n");                                                    \
        }                                                                    \
    } while (0)

#define CHECK_NAN(expr)                                                      \
    do {                                                                     \
        double v_ = (expr);                                                  \
        CHECK(isnan(v_), "%s = %.17g, expected NaN", #expr, v_);             \
    } while (0)

#define CHECK_COMPLEMENT(cdfexpr, sfexpr)                                    \
    do {                                                                     \
        double c_ = (cdfexpr), s_ = (sfexpr);                                \
        double e_ = fabs(c_ + s_ - 1.0);                                     \
        CHECK(e_ <= COMPLEMENT_TOL, "%s + %s = %.17g + %.17g: |sum - 1| = %.3g > %.0e", \
              #cdfexpr, #sfexpr, c_, s_, e_, COMPLEMENT_TOL);                \
    } while (0)

#define CHECK_TINY(expr)                                                     \
    do {                                                                     \
        double v_ = (expr);                                                  \
        CHECK(v_ >= 0.0 && v_ <= 1e-300, "%s = %.17g, expected in [0, 1e-300]", \
              #expr, v_);                                                    \
    } while (0)

/* ------------------------------------------------------------------------ */
/* reference rows                                                            */
/* ------------------------------------------------------------------------ */

/* '-' gives NaN (unused); returns 0 on a malformed number. */
static int parse_num(const char *s, double *out)
{
    char *end;
    if (strcmp(s, "-") == 0) {
        *out = DNAN;
        return 1;
    }
    *out = strtod(s, &end);
    return end != s && *end == '\0';
}

static double ulp_of(double x)
{
    double ax = fabs(x);
    return nextafter(ax, DINF) - ax;
}

static void record(struct func *f, const double *a, double err, double tol, int pass,
                   double got, double expected)
{
    double ratio = tol > 0 ? err / tol : (err == 0 ? 0 : DINF);
    f->checks++;
    total_checks++;
    if (isnan(ratio))
        ratio = DINF;
    if (isnan(err))
        err = DINF;
    if (f->checks == 1 || ratio > f->worst_ratio) {
        f->worst_ratio = ratio;
        format_args(f->worst_args, sizeof f->worst_args, f, a);
    }
    if (err > f->worst)
        f->worst = err;
    if (!pass) {
        char args[160];
        f->failures++;
        total_failures++;
        format_args(args, sizeof args, f, a);
        printf("FAIL xpi_%s%s: got %.17g, expected %.17g, error %.3g (tolerance %.3g)\n",
               f->name, args, got, expected, err, tol);
    }
}

static int run_file(const char *path)
{
    FILE *fp = fopen(path, "r");
    char line[1024];
    long lineno = 0, rows = 0, bad_lines = 0;
    if (!fp) {
        printf("FAIL cannot open %s\n", path);
        return -1;
    }
    while (fgets(line, sizeof line, fp)) {
        char *fields[8];
        double a[3], expected, density, got, err, tol;
        struct func *f;
        size_t len = strlen(line);
        int nf, i, ok, pass;
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        nf = split_tabs(line, fields, 8);
        f = nf == 6 ? find_func(fields[0]) : NULL;
        ok = f != NULL;
        for (i = 0; ok && i < 3; i++)
            ok = parse_num(fields[1 + i], &a[i]);
        ok = ok && parse_num(fields[4], &expected) && !isnan(expected)
             && parse_num(fields[5], &density);
        for (i = 0; ok && i < f->arity; i++)
            ok = !isnan(a[i]);
        if (!ok) {
            printf("FAIL %s:%ld: malformed row\n", path, lineno);
            bad_lines++;
            continue;
        }
        rows++;
        got = call(f, a);
        if (f->kind != K_PPF) {
            if (expected == 0.0) {
                err = fabs(got);
                tol = 0.0;
                pass = got == 0.0;
            } else {
                err = fabs(got - expected) / fabs(expected);
                tol = REL_TOL;
                pass = err <= tol; /* false for NaN */
            }
        } else if (isnan(density)) {
            /* exact: binomial quantiles and support ends */
            pass = got == expected;
            err = pass ? 0.0 : (isinf(expected) || isinf(got) || isnan(got))
                                   ? DINF : fabs(got - expected);
            tol = 0.0;
        } else {
            double p = a[0];
            double m = p < 0.5 ? p : 1.0 - p; /* 1 - p is exact for p >= 0.5 */
            err = fabs(got - expected) * density / m;
            tol = BWD_TOL + ulp_of(expected) * density / m;
            pass = err <= tol;
        }
        record(f, a, err, tol, pass, got, expected);
    }
    fclose(fp);
    total_checks += bad_lines;
    total_failures += bad_lines;
    if (rows == 0) {
        printf("FAIL %s: no reference rows\n", path);
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------------ */
/* invalid arguments                                                         */
/* ------------------------------------------------------------------------ */

static void check_invalid(void)
{
    const double qnan = DNAN;
    const double big_n = 9007199254740992.0; /* 2^53 */

    CHECK_NAN(xpi_norm_cdf(qnan));
    CHECK_NAN(xpi_norm_sf(qnan));
    CHECK_NAN(xpi_norm_ppf(qnan));
    CHECK_NAN(xpi_norm_ppf(-0.1));
    CHECK_NAN(xpi_norm_ppf(1.1));
    CHECK_NAN(xpi_norm_ppf(-DINF));

    CHECK_NAN(xpi_t_cdf(qnan, 5.0));
    CHECK_NAN(xpi_t_cdf(1.0, qnan));
    CHECK_NAN(xpi_t_cdf(1.0, 0.0));
    CHECK_NAN(xpi_t_cdf(1.0, -2.0));
    CHECK_NAN(xpi_t_cdf(1.0, -DINF));
    CHECK_NAN(xpi_t_sf(qnan, 5.0));
    CHECK_NAN(xpi_t_sf(1.0, 0.0));
    CHECK_NAN(xpi_t_sf(1.0, -1.0));
    CHECK_NAN(xpi_t_ppf(qnan, 5.0));
    CHECK_NAN(xpi_t_ppf(0.3, qnan));
    CHECK_NAN(xpi_t_ppf(0.3, 0.0));
    CHECK_NAN(xpi_t_ppf(0.3, -1.0));
    CHECK_NAN(xpi_t_ppf(-0.1, 5.0));
    CHECK_NAN(xpi_t_ppf(1.1, 5.0));

    CHECK_NAN(xpi_chi2_cdf(qnan, 3.0));
    CHECK_NAN(xpi_chi2_cdf(1.0, qnan));
    CHECK_NAN(xpi_chi2_cdf(1.0, 0.0));
    CHECK_NAN(xpi_chi2_cdf(1.0, -3.0));
    CHECK_NAN(xpi_chi2_cdf(-1.0, 0.0));
    CHECK_NAN(xpi_chi2_sf(qnan, 3.0));
    CHECK_NAN(xpi_chi2_sf(1.0, 0.0));
    CHECK_NAN(xpi_chi2_sf(1.0, -3.0));
    CHECK_NAN(xpi_chi2_ppf(qnan, 3.0));
    CHECK_NAN(xpi_chi2_ppf(0.5, qnan));
    CHECK_NAN(xpi_chi2_ppf(0.5, 0.0));
    CHECK_NAN(xpi_chi2_ppf(0.5, -1.0));
    CHECK_NAN(xpi_chi2_ppf(-0.5, 3.0));
    CHECK_NAN(xpi_chi2_ppf(1.5, 3.0));

    CHECK_NAN(xpi_gamma_cdf(qnan, 2.0));
    CHECK_NAN(xpi_gamma_cdf(1.0, qnan));
    CHECK_NAN(xpi_gamma_cdf(1.0, 0.0));
    CHECK_NAN(xpi_gamma_cdf(1.0, -2.0));
    CHECK_NAN(xpi_gamma_sf(qnan, 2.0));
    CHECK_NAN(xpi_gamma_sf(1.0, 0.0));
    CHECK_NAN(xpi_gamma_sf(1.0, -2.0));
    CHECK_NAN(xpi_gamma_ppf(qnan, 2.0));
    CHECK_NAN(xpi_gamma_ppf(0.5, qnan));
    CHECK_NAN(xpi_gamma_ppf(0.5, 0.0));
    CHECK_NAN(xpi_gamma_ppf(0.5, -2.0));
    CHECK_NAN(xpi_gamma_ppf(-1e-300, 2.0));
    CHECK_NAN(xpi_gamma_ppf(2.0, 2.0));

    CHECK_NAN(xpi_beta_cdf(qnan, 2.0, 3.0));
    CHECK_NAN(xpi_beta_cdf(0.5, qnan, 3.0));
    CHECK_NAN(xpi_beta_cdf(0.5, 2.0, qnan));
    CHECK_NAN(xpi_beta_cdf(0.5, 0.0, 3.0));
    CHECK_NAN(xpi_beta_cdf(0.5, 2.0, 0.0));
    CHECK_NAN(xpi_beta_cdf(0.5, -1.0, 3.0));
    CHECK_NAN(xpi_beta_cdf(0.5, 2.0, -1.0));
    CHECK_NAN(xpi_beta_sf(qnan, 2.0, 3.0));
    CHECK_NAN(xpi_beta_sf(0.5, 0.0, 3.0));
    CHECK_NAN(xpi_beta_sf(0.5, 2.0, -1.0));
    CHECK_NAN(xpi_beta_ppf(qnan, 2.0, 3.0));
    CHECK_NAN(xpi_beta_ppf(0.5, qnan, 3.0));
    CHECK_NAN(xpi_beta_ppf(0.5, 2.0, qnan));
    CHECK_NAN(xpi_beta_ppf(0.5, 0.0, 3.0));
    CHECK_NAN(xpi_beta_ppf(0.5, 2.0, 0.0));
    CHECK_NAN(xpi_beta_ppf(-0.1, 2.0, 3.0));
    CHECK_NAN(xpi_beta_ppf(1.1, 2.0, 3.0));

    CHECK_NAN(xpi_binom_cdf(qnan, 10.0, 0.3));
    CHECK_NAN(xpi_binom_cdf(3.0, qnan, 0.3));
    CHECK_NAN(xpi_binom_cdf(3.0, 10.0, qnan));
    CHECK_NAN(xpi_binom_cdf(3.0, -1.0, 0.3));
    CHECK_NAN(xpi_binom_cdf(3.0, 10.5, 0.3));
    CHECK_NAN(xpi_binom_cdf(3.0, DINF, 0.3));
    CHECK_NAN(xpi_binom_cdf(3.0, big_n, 0.3));
    CHECK_NAN(xpi_binom_cdf(3.0, 10.0, -0.1));
    CHECK_NAN(xpi_binom_cdf(3.0, 10.0, 1.1));
    CHECK_NAN(xpi_binom_sf(qnan, 10.0, 0.3));
    CHECK_NAN(xpi_binom_sf(3.0, -1.0, 0.3));
    CHECK_NAN(xpi_binom_sf(3.0, 10.5, 0.3));
    CHECK_NAN(xpi_binom_sf(3.0, 10.0, -0.1));
    CHECK_NAN(xpi_binom_sf(3.0, 10.0, 1.1));
    CHECK_NAN(xpi_binom_ppf(qnan, 10.0, 0.3));
    CHECK_NAN(xpi_binom_ppf(0.5, qnan, 0.3));
    CHECK_NAN(xpi_binom_ppf(0.5, 10.0, qnan));
    CHECK_NAN(xpi_binom_ppf(0.5, -1.0, 0.3));
    CHECK_NAN(xpi_binom_ppf(0.5, 10.5, 0.3));
    CHECK_NAN(xpi_binom_ppf(0.5, 10.0, -0.1));
    CHECK_NAN(xpi_binom_ppf(0.5, 10.0, 1.1));
    CHECK_NAN(xpi_binom_ppf(-0.1, 10.0, 0.3));
    CHECK_NAN(xpi_binom_ppf(1.1, 10.0, 0.3));
}

/* ------------------------------------------------------------------------ */
/* complement, underflow and monotonicity sanity                            */
/* ------------------------------------------------------------------------ */

static void check_complement(void)
{
    CHECK_COMPLEMENT(xpi_norm_cdf(-1.0), xpi_norm_sf(-1.0));
    CHECK_COMPLEMENT(xpi_norm_cdf(-0.3), xpi_norm_sf(-0.3));
    CHECK_COMPLEMENT(xpi_norm_cdf(0.0), xpi_norm_sf(0.0));
    CHECK_COMPLEMENT(xpi_norm_cdf(0.7), xpi_norm_sf(0.7));
    CHECK_COMPLEMENT(xpi_norm_cdf(1.3), xpi_norm_sf(1.3));
    CHECK_COMPLEMENT(xpi_t_cdf(-0.8, 3.0), xpi_t_sf(-0.8, 3.0));
    CHECK_COMPLEMENT(xpi_t_cdf(0.4, 12.5), xpi_t_sf(0.4, 12.5));
    CHECK_COMPLEMENT(xpi_t_cdf(1.1, 1.0), xpi_t_sf(1.1, 1.0));
    CHECK_COMPLEMENT(xpi_chi2_cdf(2.5, 3.0), xpi_chi2_sf(2.5, 3.0));
    CHECK_COMPLEMENT(xpi_chi2_cdf(9.0, 10.0), xpi_chi2_sf(9.0, 10.0));
    CHECK_COMPLEMENT(xpi_gamma_cdf(1.7, 2.2), xpi_gamma_sf(1.7, 2.2));
    CHECK_COMPLEMENT(xpi_gamma_cdf(0.4, 0.5), xpi_gamma_sf(0.4, 0.5));
    CHECK_COMPLEMENT(xpi_beta_cdf(0.3, 2.0, 3.0), xpi_beta_sf(0.3, 2.0, 3.0));
    CHECK_COMPLEMENT(xpi_beta_cdf(0.55, 7.5, 6.0), xpi_beta_sf(0.55, 7.5, 6.0));
    CHECK_COMPLEMENT(xpi_binom_cdf(4.0, 10.0, 0.4), xpi_binom_sf(4.0, 10.0, 0.4));
    CHECK_COMPLEMENT(xpi_binom_cdf(49.0, 100.0, 0.5), xpi_binom_sf(49.0, 100.0, 0.5));

    /* truth below 1e-300: a result in [0, 1e-300] (0 or a subnormal is fine) */
    CHECK_TINY(xpi_norm_sf(40.0));
    CHECK_TINY(xpi_norm_cdf(-40.0));
    CHECK_TINY(xpi_t_sf(45.0, 1e6));
    CHECK_TINY(xpi_chi2_sf(2000.0, 1.0));
    CHECK_TINY(xpi_gamma_sf(1e4, 10.0));
    CHECK_TINY(xpi_gamma_cdf(1e-300, 5.0));
    CHECK_TINY(xpi_beta_cdf(1e-5, 100.0, 2.0));
    CHECK_TINY(xpi_binom_cdf(0.0, 1e6, 0.5));
    CHECK_TINY(xpi_binom_sf(999999.0 - 1.0, 1e6, 1e-6));
}

/* One monotonicity sweep: f(x_i) along x_i = lo + i (hi - lo) / n must be
 * nondecreasing (dir = +1) or nonincreasing (dir = -1), within MONO_SLACK. */
static void sweep(const char *what, double (*f)(double, const double *), const double *par,
                  double lo, double hi, int n, int dir)
{
    int i, bad = 0;
    double prev = f(lo, par), prev_x = lo;
    for (i = 1; i <= n && !bad; i++) {
        double x = lo + (hi - lo) * (double)i / (double)n;
        double v = f(x, par);
        double slack = MONO_SLACK * fmax(fabs(v), fabs(prev));
        if (isnan(v) || (dir > 0 ? v < prev - slack : v > prev + slack)) {
            bad = 1;
            CHECK(0, "%s not %s: f(%.17g) = %.17g, f(%.17g) = %.17g", what,
                  dir > 0 ? "nondecreasing" : "nonincreasing", prev_x, prev, x, v);
        }
        prev = v;
        prev_x = x;
    }
    if (!bad)
        CHECK(1, "%s", what);
}

static double w_norm_cdf(double x, const double *p) { (void)p; return xpi_norm_cdf(x); }
static double w_norm_sf(double x, const double *p) { (void)p; return xpi_norm_sf(x); }
static double w_norm_ppf(double x, const double *p) { (void)p; return xpi_norm_ppf(x); }
static double w_t_cdf(double x, const double *p) { return xpi_t_cdf(x, p[0]); }
static double w_t_sf(double x, const double *p) { return xpi_t_sf(x, p[0]); }
static double w_t_ppf(double x, const double *p) { return xpi_t_ppf(x, p[0]); }
static double w_chi2_cdf(double x, const double *p) { return xpi_chi2_cdf(x, p[0]); }
static double w_chi2_sf(double x, const double *p) { return xpi_chi2_sf(x, p[0]); }
static double w_chi2_ppf(double x, const double *p) { return xpi_chi2_ppf(x, p[0]); }
static double w_gamma_cdf(double x, const double *p) { return xpi_gamma_cdf(x, p[0]); }
static double w_gamma_sf(double x, const double *p) { return xpi_gamma_sf(x, p[0]); }
static double w_gamma_ppf(double x, const double *p) { return xpi_gamma_ppf(x, p[0]); }
static double w_beta_cdf(double x, const double *p) { return xpi_beta_cdf(x, p[0], p[1]); }
static double w_beta_sf(double x, const double *p) { return xpi_beta_sf(x, p[0], p[1]); }
static double w_beta_ppf(double x, const double *p) { return xpi_beta_ppf(x, p[0], p[1]); }
static double w_binom_cdf(double x, const double *p) { return xpi_binom_cdf(x, p[0], p[1]); }
static double w_binom_sf(double x, const double *p) { return xpi_binom_sf(x, p[0], p[1]); }
static double w_binom_ppf(double x, const double *p) { return xpi_binom_ppf(x, p[0], p[1]); }

static void check_monotone(void)
{
    static const double t_df[] = { 0.5, 3.0, 30.0 };
    static const double shapes[] = { 0.3, 2.5, 150.0 };
    static const double chi_df[] = { 1.0, 7.0 };
    static const double beta_ab[][2] = { { 0.5, 0.5 }, { 2.0, 5.0 }, { 60.0, 40.0 } };
    static const double binom_np[][2] = { { 20.0, 0.3 }, { 1000.0, 0.5 } };
    size_t i;
    char what[96];
    const int n = 400;

    sweep("norm_cdf", w_norm_cdf, NULL, -12.0, 12.0, n, +1);
    sweep("norm_sf", w_norm_sf, NULL, -12.0, 12.0, n, -1);
    sweep("norm_ppf", w_norm_ppf, NULL, 0.001, 0.999, n, +1);
    for (i = 0; i < sizeof t_df / sizeof t_df[0]; i++) {
        snprintf(what, sizeof what, "t_cdf(., %g)", t_df[i]);
        sweep(what, w_t_cdf, &t_df[i], -15.0, 15.0, n, +1);
        snprintf(what, sizeof what, "t_sf(., %g)", t_df[i]);
        sweep(what, w_t_sf, &t_df[i], -15.0, 15.0, n, -1);
        snprintf(what, sizeof what, "t_ppf(., %g)", t_df[i]);
        sweep(what, w_t_ppf, &t_df[i], 0.01, 0.99, n, +1);
    }
    for (i = 0; i < sizeof chi_df / sizeof chi_df[0]; i++) {
        snprintf(what, sizeof what, "chi2_cdf(., %g)", chi_df[i]);
        sweep(what, w_chi2_cdf, &chi_df[i], 0.0, 30.0, n, +1);
        snprintf(what, sizeof what, "chi2_sf(., %g)", chi_df[i]);
        sweep(what, w_chi2_sf, &chi_df[i], 0.0, 30.0, n, -1);
        snprintf(what, sizeof what, "chi2_ppf(., %g)", chi_df[i]);
        sweep(what, w_chi2_ppf, &chi_df[i], 0.001, 0.999, n, +1);
    }
    for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        double hi = shapes[i] + 12.0 * sqrt(shapes[i]) + 5.0;
        snprintf(what, sizeof what, "gamma_cdf(., %g)", shapes[i]);
        sweep(what, w_gamma_cdf, &shapes[i], 0.0, hi, n, +1);
        snprintf(what, sizeof what, "gamma_sf(., %g)", shapes[i]);
        sweep(what, w_gamma_sf, &shapes[i], 0.0, hi, n, -1);
        snprintf(what, sizeof what, "gamma_ppf(., %g)", shapes[i]);
        sweep(what, w_gamma_ppf, &shapes[i], 0.001, 0.999, n, +1);
    }
    for (i = 0; i < sizeof beta_ab / sizeof beta_ab[0]; i++) {
        snprintf(what, sizeof what, "beta_cdf(., %g, %g)", beta_ab[i][0], beta_ab[i][1]);
        sweep(what, w_beta_cdf, beta_ab[i], 0.0, 1.0, n, +1);
        snprintf(what, sizeof what, "beta_sf(., %g, %g)", beta_ab[i][0], beta_ab[i][1]);
        sweep(what, w_beta_sf, beta_ab[i], 0.0, 1.0, n, -1);
        snprintf(what, sizeof what, "beta_ppf(., %g, %g)", beta_ab[i][0], beta_ab[i][1]);
        sweep(what, w_beta_ppf, beta_ab[i], 0.001, 0.999, n, +1);
    }
    for (i = 0; i < sizeof binom_np / sizeof binom_np[0]; i++) {
        double nn = binom_np[i][0];
        snprintf(what, sizeof what, "binom_cdf(., %g, %g)", nn, binom_np[i][1]);
        sweep(what, w_binom_cdf, binom_np[i], -1.0, nn + 1.0, (int)nn + 2, +1);
        snprintf(what, sizeof what, "binom_sf(., %g, %g)", nn, binom_np[i][1]);
        sweep(what, w_binom_sf, binom_np[i], -1.0, nn + 1.0, (int)nn + 2, -1);
        snprintf(what, sizeof what, "binom_ppf(., %g, %g)", nn, binom_np[i][1]);
        sweep(what, w_binom_ppf, binom_np[i], 0.0, 1.0, n, +1);
    }
}

int main(int argc, char **argv)
{
    size_t i;
    if (argc != 2) {
        fprintf(stderr, "usage: %s PATH/TO/dist_vectors.tsv\n", argv[0]);
        return 2;
    }
    if (run_file(argv[1]) != 0) {
        total_checks++;
        total_failures++;
    }
    check_invalid();
    check_complement();
    check_monotone();
    total_checks += misc_checks;
    total_failures += misc_failures;

    printf("\n%-10s %7s %7s  %-11s %-11s  %s\n", "function", "checks", "failed",
           "worst err", "err/tol", "at");
    for (i = 0; i < NFUNCS; i++) {
        const struct func *f = &funcs[i];
        printf("%-10s %7ld %7ld  %-11.3g %-11.3g  %s\n", f->name, f->checks, f->failures,
               f->worst, f->worst_ratio, f->worst_args);
    }
    printf("%-10s %7ld %7ld  (invalid arguments, complement, underflow, monotonicity)\n",
           "other", misc_checks, misc_failures);
    printf("dist: %ld checks, %ld failed\n", total_checks, total_failures);
    printf("%ld passed, %ld failed\n", total_checks - total_failures, total_failures);
    return total_failures == 0 ? 0 : 1;
}
