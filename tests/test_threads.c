/*
 * Thread safety as include/xpi.h promises it, for ThreadSanitizer
 * (-Db_sanitize=thread) and plain builds alike: reader threads query one
 * shared cube at once (tallies, breakdowns, series, events, serialization;
 * each with its own query) and must always get the answers computed before
 * they started, while builder threads each fill a cube of their own and
 * merge it into a shared total under the caller's lock, as the header asks
 * of writes. At the end the total equals a cube built from every response
 * on one thread.
 *
 * Usage: test_threads [readers builders rounds]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "xpi.h"

#define DAY 86400
#define JAN_2026 1767225600LL
#define RESPONSES_PER_BUILDER 3000

static const char *const dims[2] = {"team", "channel"};
static const char *const teams[] = {"north", "south", "east", "west", ""};
static const char *const channels[] = {"email", "chat", "phone"};

/* Response i of builder b: deterministic, so any thread can make it. */
static void response(unsigned b, unsigned i, int64_t *time, const char **values, int32_t *score)
{
    uint32_t x = (b + 1u) * 2654435761u ^ (i + 1u) * 40503u;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *time = JAN_2026 + (int64_t)(x % (180u * DAY));
    values[0] = teams[(x >> 8) % 5];
    values[1] = channels[(x >> 12) % 3];
    *score = (int32_t)((x >> 16) % 11);
}

static xpi_cube *new_cube(void)
{
    xpi_cube *c = NULL;
    if (xpi_cube_new(&c, XPI_METRIC_NPS, 2, dims, NULL) != XPI_OK)
        exit(2);
    return c;
}

static void fill(xpi_cube *c, unsigned b)
{
    unsigned i;
    for (i = 0; i < RESPONSES_PER_BUILDER; i++) {
        int64_t t;
        const char *values[2];
        int32_t score;
        response(b, i, &t, values, &score);
        if (xpi_cube_add(c, t, values, score, 1.0) != XPI_OK)
            exit(2);
    }
}

/* What a reader computes from the shared cube. */
typedef struct answers {
    uint64_t total;
    double overall, first_row, last_month;
    size_t breakdown_rows, months, serialized;
} answers;

static int compute(const xpi_cube *c, answers *a)
{
    xpi_query *q = NULL;
    xpi_tally *t = NULL;
    xpi_table *b = NULL, *s = NULL, *e = NULL;
    xpi_estimate est;
    int ok = xpi_query_new(&q, NULL) == XPI_OK &&
             xpi_query_set_filter(q, "channel", "email") == XPI_OK &&
             xpi_cube_tally(c, q, &t) == XPI_OK && xpi_tally_total(t, &a->total) == XPI_OK &&
             xpi_tally_estimate(t, XPI_STAT_DEFAULT, XPI_CI_DEFAULT, 0.95, &est) == XPI_OK &&
             xpi_cube_breakdown(c, 0, q, &b) == XPI_OK &&
             xpi_table_rows(b, &a->breakdown_rows) == XPI_OK &&
             xpi_table_get(b, 0, XPI_COL_ESTIMATE, &a->first_row) == XPI_OK &&
             xpi_cube_series(c, NULL, XPI_PERIOD_MONTH, &s) == XPI_OK &&
             xpi_table_rows(s, &a->months) == XPI_OK && a->months > 0 &&
             xpi_table_get(s, a->months - 1, XPI_COL_ESTIMATE, &a->last_month) == XPI_OK &&
             xpi_series_events(s, NULL, NULL, NULL, &e) == XPI_OK &&
             xpi_cube_serialize(c, NULL, 0, &a->serialized) == XPI_OK;
    a->overall = est.value;
    xpi_table_free(e);
    xpi_table_free(s);
    xpi_table_free(b);
    xpi_tally_free(t);
    xpi_query_free(q);
    return ok;
}

typedef struct shared {
    const xpi_cube *readonly;
    answers expected;
    int rounds;
    xpi_cube *total;
    pthread_mutex_t lock;
    int failures; /* under lock */
} shared;

typedef struct job {
    shared *s;
    unsigned index;
} job;

static void *reader(void *arg)
{
    job *j = arg;
    int r;
    for (r = 0; r < j->s->rounds; r++) {
        answers a;
        memset(&a, 0, sizeof a);
        if (!compute(j->s->readonly, &a) || memcmp(&a, &j->s->expected, sizeof a) != 0) {
            pthread_mutex_lock(&j->s->lock);
            j->s->failures++;
            pthread_mutex_unlock(&j->s->lock);
        }
    }
    return NULL;
}

static void *builder(void *arg)
{
    job *j = arg;
    xpi_cube *mine = new_cube();
    fill(mine, j->index);
    pthread_mutex_lock(&j->s->lock);
    if (xpi_cube_merge(j->s->total, mine) != XPI_OK)
        j->s->failures++;
    pthread_mutex_unlock(&j->s->lock);
    xpi_cube_free(mine);
    return NULL;
}

int main(int argc, char **argv)
{
    unsigned readers = argc > 3 ? (unsigned)atoi(argv[1]) : 6;
    unsigned builders = argc > 3 ? (unsigned)atoi(argv[2]) : 6;
    int rounds = argc > 3 ? atoi(argv[3]) : 60, b;
    pthread_t threads[64];
    job jobs[64];
    shared s;
    xpi_cube *ro = new_cube(), *one_thread = new_cube();
    answers got_total, want_total;
    unsigned i, n = 0;

    if (readers + builders > 64)
        return 2;
    for (b = 0; b < 3; b++)
        fill(ro, 100u + (unsigned)b);
    memset(&s, 0, sizeof s);
    memset(&s.expected, 0, sizeof s.expected);
    CHECK(compute(ro, &s.expected));
    s.readonly = ro;
    s.rounds = rounds;
    s.total = new_cube();
    pthread_mutex_init(&s.lock, NULL);
    for (i = 0; i < readers + builders; i++) {
        jobs[i].s = &s;
        jobs[i].index = i < readers ? 0 : i - readers;
        if (pthread_create(&threads[n], NULL, i < readers ? reader : builder, &jobs[i]) == 0)
            n++;
    }
    CHECK(n == readers + builders);
    for (i = 0; i < n; i++)
        pthread_join(threads[i], NULL);
    CHECK(s.failures == 0);

    /* The merged total against one thread's cube of every response. */
    for (i = 0; i < builders; i++)
        fill(one_thread, i);
    memset(&got_total, 0, sizeof got_total);
    memset(&want_total, 0, sizeof want_total);
    CHECK(compute(s.total, &got_total));
    CHECK(compute(one_thread, &want_total));
    CHECK(got_total.total == want_total.total && got_total.serialized == want_total.serialized);
    CHECK(got_total.overall == want_total.overall && got_total.months == want_total.months);
    printf("%u readers x %d rounds on one cube, %u builders merging %u responses each\n",
           readers, rounds, builders, RESPONSES_PER_BUILDER);
    pthread_mutex_destroy(&s.lock);
    xpi_cube_free(s.total);
    xpi_cube_free(one_thread);
    xpi_cube_free(ro);
    return check_exit();
}
