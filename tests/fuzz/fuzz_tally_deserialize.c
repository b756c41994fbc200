/*
 * Fuzz target: xpi_tally_deserialize.
 *
 * Each input is tried twice: as it is (the checksum guards nearly every
 * mutation, which exercises the envelope checks), and with its last four
 * bytes replaced by the CRC-32 of the rest, so that mutations reach the
 * field checks behind the checksum. A buffer that is accepted must
 *  - serialize back to exactly the same bytes (the format is canonical:
 *    every field is checked, so nothing can be lost or normalised);
 *  - read back consistently (counts add up to the total, weight sums of
 *    unweighted points equal their counts);
 *  - survive every estimate (each statistic with each interval method)
 *    and the other single-tally analyses, whose results must keep their
 *    documented ranges;
 *  - deserialize the same way through an allocator that fails its k-th
 *    request (XPI_ERR_NO_MEMORY, nothing leaked) for a k from the input.
 * A rejected buffer must give a documented status and leave *out alone.
 */
#include "fuzz_common.h"
#include "../failing_alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define METHODS 9 /* XPI_CI_DEFAULT .. XPI_CI_BAYES */

typedef struct scale_info {
    int32_t metric, min, max, low_max, high_min, default_stat;
    size_t points;
} scale_info;

static void check_estimates(const xpi_tally *t, const scale_info *s, uint64_t total,
                            unsigned seed)
{
    static const double confidences[4] = {0.95, 0.8, 0.999, 0.5};
    int32_t stat, method;
    for (stat = XPI_STAT_DEFAULT; stat <= XPI_STAT_MEAN; stat++) {
        int32_t resolved = stat == XPI_STAT_DEFAULT ? s->default_stat : stat;
        for (method = 0; method < METHODS; method++) {
            xpi_estimate e, before;
            int status;
            double conf = confidences[(seed + (unsigned)method) % 4];
            /* The resampling methods cost thousands of draws over every
             * point: run them for one statistic per input. */
            if ((method == XPI_CI_BOOTSTRAP || method == XPI_CI_BAYES) &&
                (unsigned)stat != seed % 5)
                continue;
            memset(&e, 0xa5, sizeof e);
            before = e;
            status = xpi_tally_estimate(t, stat, method, conf, &e);
            if (status != XPI_OK) {
                FUZZ_CHECK(status == XPI_ERR_NOT_APPLICABLE || status == XPI_ERR_NOT_ENOUGH_DATA,
                           "estimate stat %d method %d: status %d", (int)stat, (int)method,
                           status);
                FUZZ_CHECK(memcmp(&e, &before, sizeof e) == 0,
                           "estimate stat %d method %d: *out changed on error", (int)stat,
                           (int)method);
                FUZZ_CHECK(status != XPI_ERR_NOT_ENOUGH_DATA || total <= 1 ||
                               resolved == XPI_STAT_MEAN,
                           "estimate stat %d method %d: not enough data with %llu responses",
                           (int)stat, (int)method, (unsigned long long)total);
                continue;
            }
            FUZZ_CHECK(total > 0, "estimate of an empty tally succeeded");
            fuzz_check_estimate(&e, resolved, s->min, s->max, total, "estimate");
        }
    }
}

static void check_others(const xpi_tally *t, const scale_info *s, uint64_t total,
                         unsigned seed)
{
    const xpi_tally *pair[2];
    xpi_comparison cmp;
    xpi_chi2_test chi;
    xpi_rank_test rank;
    xpi_estimate e;
    double v, deff, prob, target;
    int32_t stat = (int32_t)(seed % 5), resolved = stat ? stat : s->default_stat;
    int status;

    status = xpi_tally_compare(t, t, stat, XPI_CI_DEFAULT, 0.95, &cmp);
    FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_NOT_ENOUGH_DATA ||
                   status == XPI_ERR_NOT_APPLICABLE,
               "compare: status %d", status);
    if (status == XPI_OK) {
        FUZZ_CHECK(cmp.difference == 0.0, "compare with itself: difference %.17g",
                   cmp.difference);
        FUZZ_CHECK(isnan(cmp.p_value) || (cmp.p_value >= 0.0 && cmp.p_value <= 1.0),
                   "compare: p %.17g", cmp.p_value);
    }
    fuzz_stat_range(resolved, s->min, s->max, &v, &target);
    target = (v + target) / 2.0;
    status = xpi_tally_test_value(t, stat, (int32_t)(seed % 7), target, 0.9, &cmp);
    FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_NOT_ENOUGH_DATA ||
                   status == XPI_ERR_NOT_APPLICABLE,
               "test_value: status %d", status);
    if (status == XPI_OK)
        FUZZ_CHECK(isnan(cmp.p_value) || (cmp.p_value >= 0.0 && cmp.p_value <= 1.0),
                   "test_value: p %.17g", cmp.p_value);
    pair[0] = pair[1] = t;
    status = xpi_tally_chi2(pair, 2, (int32_t)(seed % 2), &chi);
    FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_NOT_ENOUGH_DATA, "chi2: status %d", status);
    if (status == XPI_OK)
        FUZZ_CHECK(chi.p_value >= 0.0 && chi.p_value <= 1.0, "chi2: p %.17g", chi.p_value);
    status = xpi_tally_mann_whitney(t, t, &rank);
    FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_NOT_ENOUGH_DATA, "mann_whitney: %d", status);
    if (status == XPI_OK)
        FUZZ_CHECK(rank.p_value >= 0.0 && rank.p_value <= 1.0 && fabs(rank.auc - 0.5) < 1e-9,
                   "mann_whitney with itself: p %.17g auc %.17g", rank.p_value, rank.auc);
    status = xpi_tally_unit_variance(t, stat, &v, &deff);
    FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_NOT_ENOUGH_DATA, "unit_variance: %d",
               status);
    if (status == XPI_OK)
        FUZZ_CHECK(v >= 0.0 && deff >= 1.0 - 1e-9, "unit_variance %.17g deff %.17g", v, deff);
    /* Cheap resampling: few replicates and draws. */
    status = xpi_tally_bootstrap(t, stat, XPI_BOOT_PERCENTILE + (int32_t)(seed % 2), 20, seed,
                                 0.9, &e);
    FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_NOT_ENOUGH_DATA, "bootstrap: %d", status);
    if (status == XPI_OK)
        fuzz_check_estimate(&e, resolved, s->min, s->max, total, "bootstrap");
    status = xpi_tally_bayes(t, stat, XPI_BAYES_SCALE, 0.5, 20, seed, 0.9, &e);
    FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_NOT_ENOUGH_DATA, "bayes: %d", status);
    if (status == XPI_OK)
        fuzz_check_estimate(&e, resolved, s->min, s->max, total, "bayes");
    status = xpi_tally_prob_greater(t, t, stat, XPI_BAYES_SCALE, 0.5, 20, seed, &prob);
    FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_NOT_ENOUGH_DATA, "prob_greater: %d",
               status);
    if (status == XPI_OK)
        FUZZ_CHECK(prob >= 0.0 && prob <= 1.0, "prob_greater %.17g", prob);
}

/* Counts, totals and weight sums as the accessors give them. */
static void check_reads(const xpi_tally *t, const scale_info *s, const unsigned char *buf,
                        uint64_t *total_out)
{
    int weighted_flag = (fuzz_get_u16(buf + 6) & 1u) != 0;
    uint64_t total = 0, sum = 0, c;
    int32_t weighted = -1;
    double n_eff = -1.0, w, w2;
    size_t i;

    FUZZ_CHECK(xpi_tally_total(t, &total) == XPI_OK, "total");
    for (i = 0; i < s->points; i++) {
        int32_t score = (int32_t)((int64_t)s->min + (int64_t)i);
        const unsigned char *p = buf + 32 + 24 * i;
        FUZZ_CHECK(xpi_tally_count(t, score, &c) == XPI_OK, "count of %d", (int)score);
        FUZZ_CHECK(c == fuzz_get_u64(p), "count of %d: %llu, serialized %llu", (int)score,
                   (unsigned long long)c, (unsigned long long)fuzz_get_u64(p));
        FUZZ_CHECK(xpi_tally_weights(t, score, &w, &w2) == XPI_OK, "weights of %d", (int)score);
        if (!weighted_flag)
            FUZZ_CHECK(w == (double)c && w2 == (double)c,
                       "unweighted point %d: count %llu, sums %.17g %.17g", (int)score,
                       (unsigned long long)c, w, w2);
        sum += c;
    }
    FUZZ_CHECK(sum == total, "counts add up to %llu, total %llu", (unsigned long long)sum,
               (unsigned long long)total);
    if (s->min > INT32_MIN)
        FUZZ_CHECK(xpi_tally_count(t, s->min - 1, &c) == XPI_ERR_SCORE_RANGE, "below the scale");
    if (s->max < INT32_MAX)
        FUZZ_CHECK(xpi_tally_count(t, s->max + 1, &c) == XPI_ERR_SCORE_RANGE, "above the scale");
    FUZZ_CHECK(xpi_tally_weighting(t, &weighted, &n_eff) == XPI_OK, "weighting");
    FUZZ_CHECK(weighted == 0 || weighted == 1, "weighted %d", (int)weighted);
    FUZZ_CHECK(weighted == 0 || weighted_flag, "weighted estimates without the flag");
    if (!weighted)
        FUZZ_CHECK(fuzz_same_count(n_eff, total), "unweighted n_eff %.17g, total %llu", n_eff,
                   (unsigned long long)total);
    FUZZ_CHECK(n_eff >= 0.0 && n_eff <= (double)total * (1.0 + 1e-9), "n_eff %.17g, n %llu",
               n_eff, (unsigned long long)total);
    *total_out = total;
}

static void one(const unsigned char *buf, size_t size, unsigned seed)
{
    static xpi_tally *const sentinel = (xpi_tally *)(uintptr_t)0x5eed;
    xpi_tally *t = sentinel, *copy = NULL;
    unsigned char *again;
    scale_info s;
    size_t length = 0;
    uint64_t total = 0;
    failing f;
    xpi_allocator a;
    int status;

    status = xpi_tally_deserialize(&t, buf, size, NULL);
    if (buf == NULL) {
        FUZZ_CHECK(status == XPI_ERR_INVALID_ARG && t == sentinel, "NULL buffer: status %d",
                   status);
        return;
    }
    if (status != XPI_OK) {
        FUZZ_CHECK(status == XPI_ERR_MALFORMED || status == XPI_ERR_UNSUPPORTED_VERSION,
                   "deserialize: status %d", status);
        FUZZ_CHECK(t == sentinel, "deserialize failed but wrote *out");
        return;
    }
    FUZZ_CHECK(t != NULL && t != sentinel, "deserialize: no tally");

    /* The round trip: the same bytes exactly. */
    FUZZ_CHECK(xpi_tally_serialize(t, NULL, 0, &length) == XPI_OK, "serialize size");
    FUZZ_CHECK(length == size, "round trip: %zu bytes from %zu", length, size);
    again = malloc(size + 1);
    FUZZ_CHECK(again != NULL, "malloc");
    memset(again, 0x5a, size + 1);
    length = 0;
    FUZZ_CHECK(xpi_tally_serialize(t, again, size - 1, &length) == XPI_ERR_BUFFER_TOO_SMALL &&
                   length == size,
               "serialize into a short buffer");
    FUZZ_CHECK(again[0] == 0x5a && again[size - 2] == 0x5a, "short buffer written");
    FUZZ_CHECK(xpi_tally_serialize(t, again, size + 1, &length) == XPI_OK && length == size,
               "serialize");
    FUZZ_CHECK(memcmp(again, buf, size) == 0, "round trip: bytes differ");
    FUZZ_CHECK(again[size] == 0x5a, "serialize wrote past its length");
    free(again);

    FUZZ_CHECK(xpi_tally_scale(t, &s.metric, &s.min, &s.max, &s.low_max, &s.high_min,
                               &s.default_stat) == XPI_OK,
               "scale");
    s.points = (size_t)((int64_t)s.max - (int64_t)s.min + 1);
    FUZZ_CHECK(size == 32 + 24 * s.points + 4, "size %zu for %zu points", size, s.points);
    check_reads(t, &s, buf, &total);
    check_estimates(t, &s, total, seed);
    check_others(t, &s, total, seed);

    /* A clone doubled by merging with itself: OK or an overflow. */
    FUZZ_CHECK(xpi_tally_clone(&copy, t) == XPI_OK, "clone");
    status = xpi_tally_merge(copy, copy);
    FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_OVERFLOW, "self merge: status %d", status);
    if (status == XPI_OK) {
        uint64_t doubled = 0;
        xpi_tally_total(copy, &doubled);
        FUZZ_CHECK(doubled == 2 * total, "self merge: %llu from %llu",
                   (unsigned long long)doubled, (unsigned long long)total);
    }
    xpi_tally_free(copy);
    xpi_tally_free(t);

    /* Out of memory at request k: NO_MEMORY, nothing leaked. */
    a = failing_allocator(&f, (long)(seed % 3));
    t = sentinel;
    status = xpi_tally_deserialize(&t, buf, size, &a);
    FUZZ_CHECK(status == XPI_OK || status == XPI_ERR_NO_MEMORY, "failing allocator: status %d",
               status);
    if (status == XPI_OK)
        xpi_tally_free(t);
    else
        FUZZ_CHECK(t == sentinel, "failing allocator: *out written");
    FUZZ_CHECK(f.live == 0, "failing allocator: %ld blocks leaked", f.live);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *fixed;
    unsigned seed = size > 8 ? data[8] ^ data[size / 2] : (unsigned)size;

    one(data, size, seed);
    fixed = fuzz_fix_crc(data, size);
    if (fixed != NULL) {
        if (memcmp(fixed, data, size) != 0)
            one(fixed, size, seed);
        free(fixed);
    }
    return 0;
}
