/*
 * Out of memory: for every k, an allocator that fails its k-th request.
 * Each operation is retried with k = 0, 1, 2, ... until it succeeds; every
 * failure must say XPI_ERR_NO_MEMORY, leave the objects exactly as they
 * were, set no output, and leak nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "failing_alloc.h"
#include "snapshot.h"
#include "xpi.h"

/* The operations under test, each from a fresh fixture. */
enum op { OP_NEW, OP_NEW_SCALE, OP_CLONE, OP_DESERIALIZE, OP_ADD, OP_ADD_ARRAY, OP_MERGE,
          OP_ESTIMATE, OP_COMPARE, OP_ESTIMATE_BOOTSTRAP, OP_ESTIMATE_BAYES, OP_BOOTSTRAP,
          OP_BAYES, OP_PROB_GREATER, OP_CHI2, OP_COUNT };
static const char *const op_names[OP_COUNT] = {
    "new",     "new_scale", "clone",         "deserialize",    "add",
    "add_array", "merge",   "estimate",      "compare",        "estimate_boot",
    "estimate_bayes",       "bootstrap",     "bayes",          "prob_greater",  "chi2",
};

/* The operations that allocate; every other one must not. */
static int allocates(enum op op)
{
    return op == OP_NEW || op == OP_NEW_SCALE || op == OP_CLONE || op == OP_DESERIALIZE ||
           op >= OP_ESTIMATE_BOOTSTRAP;
}

/* Runs op once with the allocator failing its fail_at-th request, checks
 * the outcome, and returns the status. */
static int run_once(enum op op, long fail_at, int *failed_injected)
{
    static const int32_t scores[] = { 0, 10, 9, 7, 3 };
    static const double weights[] = { 1.0, 2.0, 0.5, 1.0, 3.0 };
    failing f;
    xpi_allocator a;
    xpi_tally *base = NULL, *other = NULL;
    xpi_tally *const sentinel = (xpi_tally *)&base;
    xpi_tally *out = sentinel;
    unsigned char buf[32 + 24 * 11 + 4];
    size_t length = 0;
    snapshot before;
    xpi_estimate e, e_before;
    xpi_comparison c;
    xpi_chi2_test chi2;
    double p = -1.0;
    int status;

    /* Fixtures are built with a working allocator of their own, then the
     * counters are reset so only the operation's requests count. */
    a = failing_allocator(&f, -1);
    if (xpi_tally_new(&base, XPI_METRIC_NPS, &a) != XPI_OK ||
        xpi_tally_new(&other, XPI_METRIC_NPS, &a) != XPI_OK ||
        xpi_tally_add_array(base, scores, weights, 5) != XPI_OK ||
        xpi_tally_add_n(other, 10, 4) != XPI_OK ||
        xpi_tally_serialize(base, buf, sizeof buf, &length) != XPI_OK) {
        fprintf(stderr, "oom: fixture failed\n");
        exit(2);
    }
    snapshot_take(base, &before);
    memset(&e_before, 0x5a, sizeof e_before);
    e = e_before;
    f.fail_at = fail_at;
    f.requests = 0;

    switch (op) {
    case OP_NEW: status = xpi_tally_new(&out, XPI_METRIC_CSAT, &a); break;
    case OP_NEW_SCALE:
        status = xpi_tally_new_scale(&out, 0, 100, 30, 70, XPI_STAT_MEAN, &a);
        break;
    case OP_CLONE: status = xpi_tally_clone(&out, base); break;
    case OP_DESERIALIZE: status = xpi_tally_deserialize(&out, buf, length, &a); break;
    case OP_ADD: status = xpi_tally_add(base, 5, 1.5); break;
    case OP_ADD_ARRAY: status = xpi_tally_add_array(base, scores, NULL, 5); break;
    case OP_MERGE: status = xpi_tally_merge(base, other); break;
    case OP_ESTIMATE: status = xpi_tally_estimate(base, XPI_STAT_NET, XPI_CI_SCORE, 0.95, &e); break;
    case OP_COMPARE:
        status = xpi_tally_compare(base, other, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &c);
        break;
    case OP_ESTIMATE_BOOTSTRAP:
        status = xpi_tally_estimate(base, XPI_STAT_NET, XPI_CI_BOOTSTRAP, 0.95, &e);
        break;
    case OP_ESTIMATE_BAYES:
        status = xpi_tally_estimate(base, XPI_STAT_MEAN, XPI_CI_BAYES, 0.95, &e);
        break;
    case OP_BOOTSTRAP:
        status = xpi_tally_bootstrap(base, XPI_STAT_MEAN, XPI_BOOT_PERCENTILE, 100, 1, 0.9, &e);
        break;
    case OP_BAYES:
        status = xpi_tally_bayes(base, XPI_STAT_TOP, XPI_BAYES_SCALE, 0.5, 100, 1, 0.9, &e);
        break;
    case OP_CHI2: {
        const xpi_tally *groups[2];
        groups[0] = base;
        groups[1] = other;
        status = xpi_tally_chi2(groups, 2, XPI_CHI2_SCALE, &chi2);
        break;
    }
    default:
        status = xpi_tally_prob_greater(base, other, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 100, 1,
                                        &p);
        break;
    }
    *failed_injected = fail_at >= 0 && f.requests > fail_at;

    if (status == XPI_ERR_NO_MEMORY) {
        check_count++;
        if (out != sentinel || !snapshot_same(base, &before) || p != -1.0 ||
            memcmp(&e, &e_before, sizeof e) != 0) {
            check_failures++;
            fprintf(stderr, "oom: %s failing request %ld changed its objects\n", op_names[op],
                    fail_at);
        }
    } else if (status != XPI_OK) {
        check_failures++;
        fprintf(stderr, "oom: %s failing request %ld gave %d\n", op_names[op], fail_at, status);
    }
    if (out != sentinel)
        xpi_tally_free(out);
    xpi_tally_free(base);
    xpi_tally_free(other);
    check_count++;
    if (f.live != 0) {
        check_failures++;
        fprintf(stderr, "oom: %s failing request %ld leaked %ld blocks\n", op_names[op],
                fail_at, f.live);
    }
    return status;
}

int main(void)
{
    int op;
    for (op = 0; op < OP_COUNT; op++) {
        long k;
        int injected = 0, failures = 0;
        for (k = 0; k < 1000; k++) {
            int status = run_once((enum op)op, k, &injected);
            if (status == XPI_OK)
                break;
            failures++;
            CHECK_STATUS(status, XPI_ERR_NO_MEMORY);
            CHECK(injected);
        }
        CHECK(k < 1000); /* every operation eventually succeeds */
        if (allocates((enum op)op))
            CHECK(failures >= 1);
        else
            CHECK(failures == 0);
        printf("%-15s %d injected failure(s) before success\n", op_names[op], failures);
    }
    return check_exit();
}
