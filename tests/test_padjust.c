/*
 * xpi_p_adjust against tests/ref/padjust_vectors.tsv (statsmodels'
 * multipletests, written by tests/ref/gen_padjust.py), plus in-place use,
 * bad inputs, n = 1 and the order properties of every row.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "xpi.h"

#define TOL 1e-15

static const struct {
    const char *name; /* statsmodels' */
    int32_t method;
} methods[] = {
    { "bonferroni", XPI_ADJUST_BONFERRONI },
    { "holm", XPI_ADJUST_HOLM },
    { "simes-hochberg", XPI_ADJUST_HOCHBERG },
    { "fdr_bh", XPI_ADJUST_BH },
    { "fdr_by", XPI_ADJUST_BY },
};
#define NMETHODS (sizeof methods / sizeof methods[0])

static double worst[NMETHODS];
static long rows[NMETHODS];

static int method_index(const char *name)
{
    size_t i;
    for (i = 0; i < NMETHODS; i++)
        if (strcmp(name, methods[i].name) == 0)
            return (int)i;
    return -1;
}

/* Adjusted values lie in [p, 1], keep the order of the p-values and are
 * equal for equal p-values. O(n^2), fine for the vectors' sizes. */
static void check_properties(const double *p, const double *adj, size_t n)
{
    int bounded = 1, ordered = 1;
    size_t i, j;
    for (i = 0; i < n; i++) {
        bounded &= adj[i] >= p[i] && adj[i] <= 1.0;
        for (j = 0; j < n; j++)
            ordered &= !(p[i] < p[j]) || adj[i] <= adj[j];
        for (j = 0; j < n; j++)
            ordered &= p[i] != p[j] || adj[i] == adj[j];
    }
    CHECK(bounded);
    CHECK(ordered);
}

static void check_row(const char *name, int mi, const double *p, const double *want, size_t n)
{
    double *got = malloc(n * sizeof *got), *inplace = malloc(n * sizeof *inplace);
    size_t i;
    CHECK(got != NULL && inplace != NULL);
    if (got == NULL || inplace == NULL) {
        free(got);
        free(inplace);
        return;
    }
    CHECK_STATUS(xpi_p_adjust(p, n, methods[mi].method, got, NULL), XPI_OK);
    for (i = 0; i < n; i++) {
        double d = fabs(got[i] - want[i]);
        if (!(d <= TOL))
            fprintf(stderr, "%s %s [%lu]: ", name, methods[mi].name, (unsigned long)i);
        CHECK_NEAR(got[i], want[i], TOL);
        if (d > worst[mi])
            worst[mi] = d;
    }
    memcpy(inplace, p, n * sizeof *p);
    CHECK_STATUS(xpi_p_adjust(inplace, n, methods[mi].method, inplace, NULL), XPI_OK);
    CHECK(memcmp(inplace, got, n * sizeof *got) == 0);
    check_properties(p, got, n);
    rows[mi]++;
    free(got);
    free(inplace);
}

/* Rows: case method n p_1..p_n adjusted_1..adjusted_n, whitespace separated. */
static void run_file(const char *path)
{
    FILE *fp = fopen(path, "r");
    char name[64], method[32];
    unsigned long n;
    if (fp == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        CHECK(fp != NULL);
        return;
    }
    while (fscanf(fp, "%63s", name) == 1) {
        double *v;
        size_t i;
        int mi, ok;
        if (name[0] == '#') {
            int c;
            while ((c = getc(fp)) != EOF && c != '\n')
                ;
            continue;
        }
        ok = fscanf(fp, "%31s %lu", method, &n) == 2 && n > 0 && n < 1000000;
        mi = ok ? method_index(method) : -1;
        v = mi >= 0 ? malloc(2 * n * sizeof *v) : NULL;
        for (i = 0; v != NULL && i < 2 * n && ok; i++)
            ok = fscanf(fp, "%lf", &v[i]) == 1;
        CHECK(ok && v != NULL);
        if (!ok || v == NULL) {
            fprintf(stderr, "%s: malformed row for %s\n", path, name);
            free(v);
            break;
        }
        check_row(name, mi, v, v + n, n);
        free(v);
    }
    fclose(fp);
}

static void check_bad_inputs(void)
{
    static const double bad[] = { (double)NAN, -0.1, -1e-300, 1.0000000000000002,
                                  (double)INFINITY, -(double)INFINITY };
    double p[5] = { 0.01, 0.2, 0.03, 0.5, 0.04 }, out[5], saved[5], in[5];
    size_t i, k, m;

    memset(out, 0xA5, sizeof out);
    memcpy(saved, out, sizeof out);
    for (m = 0; m < NMETHODS; m++) {
        int32_t meth = methods[m].method;
        CHECK_STATUS(xpi_p_adjust(NULL, 5, meth, out, NULL), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_p_adjust(p, 5, meth, NULL, NULL), XPI_ERR_INVALID_ARG);
        CHECK_STATUS(xpi_p_adjust(p, 0, meth, out, NULL), XPI_ERR_INVALID_ARG);
        for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
            for (k = 0; k < 5; k += 2) { /* first, middle, last */
                memcpy(in, p, sizeof p);
                in[k] = bad[i];
                CHECK_STATUS(xpi_p_adjust(in, 5, meth, out, NULL), XPI_ERR_INVALID_ARG);
                /* in place: the input must survive too */
                memcpy(saved, in, sizeof in);
                CHECK_STATUS(xpi_p_adjust(in, 5, meth, in, NULL), XPI_ERR_INVALID_ARG);
                CHECK(memcmp(saved, in, sizeof in) == 0);
            }
        }
    }
    CHECK_STATUS(xpi_p_adjust(p, 5, 0, out, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_p_adjust(p, 5, 6, out, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_p_adjust(p, 5, -1, out, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_p_adjust(p, 5, INT32_MAX, out, NULL), XPI_ERR_INVALID_ARG);
    memset(saved, 0xA5, sizeof saved);
    CHECK(memcmp(saved, out, sizeof out) == 0);
}

static void check_single(void)
{
    static const double ps[] = { 0.0, 5e-324, 1e-300, 0.3, 0.999, 1.0 };
    size_t i, m;
    for (m = 0; m < NMETHODS; m++) {
        for (i = 0; i < sizeof ps / sizeof ps[0]; i++) {
            double got = -1.0;
            CHECK_STATUS(xpi_p_adjust(&ps[i], 1, methods[m].method, &got, NULL), XPI_OK);
            CHECK(got == ps[i]);
        }
    }
}

int main(int argc, char **argv)
{
    size_t m;
    if (argc != 2) {
        fprintf(stderr, "usage: %s PATH/TO/padjust_vectors.tsv\n", argv[0]);
        return 2;
    }
    run_file(argv[1]);
    for (m = 0; m < NMETHODS; m++) {
        CHECK(rows[m] > 0);
        printf("%-15s %4ld rows, worst |difference| %.3g\n", methods[m].name, rows[m],
               worst[m]);
    }
    check_bad_inputs();
    check_single();
    return check_exit();
}
