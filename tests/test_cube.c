/*
 * The cube: creation and its bad arguments, interning and the missing
 * value, time buckets, adds by string and by id, atomicity of every failed
 * add (bad input and out of memory), and growth to many values and cells.
 */
#include <string.h>

#include "check.h"
#include "failing_alloc.h"
#include "xpi.h"

#define DAY 86400

static const char *const names3[3] = { "region", "channel", "agent" };

/* What a failed call must not change: totals and every dimension's values. */
typedef struct cube_state {
    uint64_t responses, cells;
    uint32_t values[XPI_CUBE_MAX_DIMS];
} cube_state;

static cube_state state_of(const xpi_cube *c)
{
    cube_state s;
    size_t d, n = 0;
    memset(&s, 0, sizeof s);
    CHECK_STATUS(xpi_cube_stats(c, &s.responses, &s.cells, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_dims(c, &n), XPI_OK);
    for (d = 0; d < n; d++)
        CHECK_STATUS(xpi_cube_value_count(c, d, &s.values[d]), XPI_OK);
    return s;
}

static int same_state(const xpi_cube *c, const cube_state *before)
{
    cube_state now = state_of(c);
    return memcmp(&now, before, sizeof now) == 0;
}

static void test_creation(void)
{
    static const char *const dup[2] = { "region", "region" };
    static const char *const empty[2] = { "region", "" };
    static const char *const with_null[2] = { "region", NULL };
    char long_name[XPI_VALUE_MAX_BYTES + 2];
    const char *long_names[1];
    xpi_cube *c = NULL, *sentinel = (xpi_cube *)&c;
    const char *name = NULL;
    size_t n = 99;

    memset(long_name, 'x', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    long_names[0] = long_name;
    c = sentinel;
    CHECK_STATUS(xpi_cube_new(NULL, XPI_METRIC_NPS, 3, names3, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_new(&c, 42, 3, names3, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, XPI_CUBE_MAX_DIMS + 1, names3, NULL),
                 XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 3, NULL, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 2, dup, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 2, empty, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 2, with_null, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 1, long_names, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_new_scale(&c, 5, 1, 2, 4, XPI_STAT_MEAN, 3, names3, NULL),
                 XPI_ERR_INVALID_ARG);
    CHECK(c == sentinel);
    xpi_cube_free(NULL);

    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 3, names3, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_dims(c, &n), XPI_OK);
    CHECK(n == 3);
    CHECK_STATUS(xpi_cube_dim_name(c, 2, &name), XPI_OK);
    CHECK(name != NULL && strcmp(name, "agent") == 0);
    CHECK_STATUS(xpi_cube_dim_name(c, 3, &name), XPI_ERR_INVALID_ARG);
    xpi_cube_free(c);

    /* No dimensions: time only. */
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_CSAT, 0, NULL, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, 0, NULL, 5, 1.0), XPI_OK);
    CHECK(state_of(c).cells == 1);
    xpi_cube_free(c);
}

/* Values get ids in order of first appearance; NULL and "" are the missing
 * value, id 0; the same response by strings and by ids lands in one cell. */
static void test_values_and_cells(void)
{
    const char *eu[3] = { "EU", "chat", "ann" }, *us[3] = { "US", "chat", NULL };
    const char *eu_empty[3] = { "EU", "chat", "" };
    xpi_cube *c = NULL;
    const char *label = NULL;
    uint32_t id = 99, ids[3], count = 0;

    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 3, names3, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, 1000, eu, 10, 1.0), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, 2000, us, 3, 1.0), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, 3000, eu_empty, 7, 2.0), XPI_OK);
    CHECK_STATUS(xpi_cube_value_count(c, 0, &count), XPI_OK);
    CHECK(count == 3); /* missing, EU, US */
    CHECK_STATUS(xpi_cube_intern(c, 0, "EU", &id), XPI_OK);
    CHECK(id == 1);
    CHECK_STATUS(xpi_cube_intern(c, 0, NULL, &id), XPI_OK);
    CHECK(id == XPI_MISSING);
    CHECK_STATUS(xpi_cube_intern(c, 2, "", &id), XPI_OK);
    CHECK(id == XPI_MISSING);
    CHECK_STATUS(xpi_cube_value(c, 0, 2, &label), XPI_OK);
    CHECK(label != NULL && strcmp(label, "US") == 0);
    CHECK_STATUS(xpi_cube_value(c, 1, 0, &label), XPI_OK);
    CHECK(label != NULL && label[0] == '\0');
    CHECK_STATUS(xpi_cube_value(c, 0, 3, &label), XPI_ERR_INVALID_ARG);
    CHECK(state_of(c).cells == 3 && state_of(c).responses == 3);

    /* Same day, same values by id: the first cell again. */
    CHECK_STATUS(xpi_cube_intern(c, 0, "EU", &ids[0]), XPI_OK);
    CHECK_STATUS(xpi_cube_intern(c, 1, "chat", &ids[1]), XPI_OK);
    CHECK_STATUS(xpi_cube_intern(c, 2, "ann", &ids[2]), XPI_OK);
    CHECK_STATUS(xpi_cube_add_ids(c, DAY - 1, ids, 9, 1.0), XPI_OK);
    CHECK(state_of(c).cells == 3 && state_of(c).responses == 4);
    /* The next day is a new cell, and so is the second before time 0. */
    CHECK_STATUS(xpi_cube_add_ids(c, DAY, ids, 9, 1.0), XPI_OK);
    CHECK_STATUS(xpi_cube_add_ids(c, -1, ids, 9, 1.0), XPI_OK);
    CHECK(state_of(c).cells == 5);
    /* An interned value with no response yet is a value, not a cell. */
    CHECK_STATUS(xpi_cube_intern(c, 2, "bob", &id), XPI_OK);
    CHECK(id == 2 && state_of(c).cells == 5);
    xpi_cube_free(c);
}

/* A fixed UTC offset moves day boundaries to local midnight; hours split
 * a day; the layout is fixed once responses arrive. */
static void test_time_buckets(void)
{
    xpi_cube *c = NULL;
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_CES, 0, NULL, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_set_time(c, 7, 0), XPI_ERR_INVALID_ARG); /* does not divide a day */
    CHECK_STATUS(xpi_cube_set_time(c, 0, 0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_set_time(c, 2 * DAY, 0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_set_time(c, DAY, 15 * 3600), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_set_time(NULL, DAY, 0), XPI_ERR_INVALID_ARG);
    /* UTC+2: 21:59 and 22:00 UTC fall on two local days. */
    CHECK_STATUS(xpi_cube_set_time(c, DAY, 2 * 3600), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, 22 * 3600 - 60, NULL, 4, 1.0), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, 22 * 3600, NULL, 4, 1.0), XPI_OK);
    CHECK(state_of(c).cells == 2);
    CHECK_STATUS(xpi_cube_set_time(c, 3600, 0), XPI_ERR_INVALID_ARG); /* not empty */
    xpi_cube_free(c);

    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_CES, 0, NULL, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_set_time(c, 3600, 0), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, 0, NULL, 4, 1.0), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, 3599, NULL, 4, 1.0), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, 3600, NULL, 4, 1.0), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, XPI_TIME_MIN, NULL, 4, 1.0), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, XPI_TIME_MAX, NULL, 4, 1.0), XPI_OK);
    CHECK(state_of(c).cells == 4 && state_of(c).responses == 5);
    xpi_cube_free(c);
}

static void test_bad_adds(void)
{
    const char *ok[3] = { "EU", "chat", "ann" }, *long_value[3] = { "EU", "chat", NULL };
    char too_long[XPI_VALUE_MAX_BYTES + 2], longest[XPI_VALUE_MAX_BYTES + 1];
    uint32_t ids[3] = { 1, 1, 1 }, bad_ids[3] = { 1, 2, 1 }, id = 7;
    xpi_cube *c = NULL;
    cube_state before;

    memset(too_long, 'a', sizeof too_long - 1);
    too_long[sizeof too_long - 1] = '\0';
    memset(longest, 'b', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 3, names3, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, 0, ok, 10, 1.0), XPI_OK);
    before = state_of(c);
    long_value[2] = too_long;
    CHECK_STATUS(xpi_cube_add(c, 0, long_value, 10, 1.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_add(c, 0, NULL, 10, 1.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_add(NULL, 0, ok, 10, 1.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_add(c, 0, ok, 11, 1.0), XPI_ERR_SCORE_RANGE);
    CHECK_STATUS(xpi_cube_add(c, 0, ok, -1, 1.0), XPI_ERR_SCORE_RANGE);
    CHECK_STATUS(xpi_cube_add(c, 0, ok, 10, (double)NAN), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_add(c, 0, ok, 10, 0.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_add(c, XPI_TIME_MAX + 1, ok, 10, 1.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_add(c, XPI_TIME_MIN - 1, ok, 10, 1.0), XPI_ERR_INVALID_ARG);
    /* A new value with a bad score or weight must not be interned. */
    long_value[2] = "new agent";
    CHECK_STATUS(xpi_cube_add(c, 0, long_value, 12, 1.0), XPI_ERR_SCORE_RANGE);
    CHECK_STATUS(xpi_cube_add(c, 0, long_value, 10, 1e200), XPI_ERR_OVERFLOW);
    CHECK_STATUS(xpi_cube_add_ids(c, 0, bad_ids, 10, 1.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_add_ids(c, 0, NULL, 10, 1.0), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_intern(c, 3, "x", &id), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_intern(c, 0, too_long, &id), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_intern(c, 0, "x", NULL), XPI_ERR_INVALID_ARG);
    CHECK(id == 7);
    CHECK(same_state(c, &before));
    /* The longest value is fine. */
    long_value[2] = longest;
    CHECK_STATUS(xpi_cube_add(c, 0, long_value, 10, 1.0), XPI_OK);
    CHECK_STATUS(xpi_cube_add_ids(c, 0, ids, 10, 1.0), XPI_OK);
    xpi_cube_free(c);
}

/* Every allocating call, with the k-th allocation failing for every k:
 * XPI_ERR_NO_MEMORY, nothing changed, nothing leaked. */
static void test_out_of_memory(void)
{
    int op;
    for (op = 0; op < 4; op++) {
        long k;
        int done = 0;
        for (k = 0; k < 200 && !done; k++) {
            failing f;
            xpi_allocator a = failing_allocator(&f, -1);
            xpi_cube *c = NULL, *sentinel = (xpi_cube *)&f;
            const char *v[3] = { "EU", "chat", NULL };
            char value[32];
            uint32_t ids[3] = { 1, 1, 0 }, id = 0;
            cube_state before;
            int status, i;

            CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 3, names3, &a), XPI_OK);
            /* Enough cells and values that the next ones force growth. */
            for (i = 0; i < 31; i++) {
                sprintf(value, "agent %d", i);
                v[2] = value;
                CHECK_STATUS(xpi_cube_add(c, 0, v, 9, 1.0), XPI_OK);
            }
            CHECK_STATUS(xpi_cube_intern(c, 2, "agent 0", &ids[2]), XPI_OK);
            before = state_of(c);
            f.fail_at = k;
            f.requests = 0;
            switch (op) {
            case 0: {
                xpi_cube *d = sentinel;
                status = xpi_cube_new(&d, XPI_METRIC_CSAT, 3, names3, &a);
                CHECK(status == XPI_OK || d == sentinel);
                if (status == XPI_OK)
                    xpi_cube_free(d);
                break;
            }
            case 1:
                v[2] = "a brand new agent";
                status = xpi_cube_add(c, 0, v, 9, 1.0);
                break;
            case 2:
                status = xpi_cube_add_ids(c, 5 * DAY, ids, 9, 1.0);
                break;
            default:
                status = xpi_cube_intern(c, 2, "yet another agent", &id);
                break;
            }
            f.fail_at = -1;
            if (status == XPI_OK) {
                done = 1;
            } else {
                CHECK_STATUS(status, XPI_ERR_NO_MEMORY);
                CHECK(same_state(c, &before));
            }
            xpi_cube_free(c);
            CHECK(f.live == 0);
        }
        CHECK(done);
        printf("cube op %d: %ld injected failure(s) before success\n", op, k - 1);
    }
}

/* Growth: many values and cells keep every label and id. */
static void test_growth(void)
{
    const char *v[3] = { NULL, NULL, NULL };
    char agent[32], region[32];
    xpi_cube *c = NULL;
    uint32_t count = 0, id = 0;
    const char *label = NULL;
    int i;
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 3, names3, NULL), XPI_OK);
    for (i = 0; i < 20000; i++) {
        sprintf(agent, "agent-%05d", i % 5000);
        sprintf(region, "r%d", i % 7);
        v[0] = region;
        v[2] = agent;
        CHECK_STATUS(xpi_cube_add(c, (int64_t)(i % 3) * DAY, v, i % 11, 1.0), XPI_OK);
    }
    CHECK_STATUS(xpi_cube_value_count(c, 2, &count), XPI_OK);
    CHECK(count == 5001);
    CHECK_STATUS(xpi_cube_intern(c, 2, "agent-04321", &id), XPI_OK);
    CHECK(id == 4322);
    CHECK_STATUS(xpi_cube_value(c, 2, 4322, &label), XPI_OK);
    CHECK(label != NULL && strcmp(label, "agent-04321") == 0);
    /* i determines (i % 5000, i % 7, i % 3): lcm(5000, 7, 3) > 20000, so
     * every response is its own cell. */
    CHECK(state_of(c).cells == 20000 && state_of(c).responses == 20000);
    xpi_cube_free(c);
}

/* Two shards with different id orders merge into what one cube of all the
 * responses holds; a layout mismatch changes nothing; a cube merged into
 * itself doubles. */
static void test_merge(void)
{
    static const char *const other_names[3] = { "region", "channel", "team" };
    const char *v[3];
    xpi_cube *all = NULL, *a = NULL, *b = NULL, *other = NULL, *hourly = NULL;
    cube_state before;
    uint32_t count = 0, id = 0;
    char agent[16];
    int i;
    CHECK_STATUS(xpi_cube_new(&all, XPI_METRIC_NPS, 3, names3, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_new(&a, XPI_METRIC_NPS, 3, names3, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_new(&b, XPI_METRIC_NPS, 3, names3, NULL), XPI_OK);
    for (i = 0; i < 600; i++) {
        /* b sees the agents in reverse order, so its ids differ from a's. */
        int k = i < 300 ? i : 899 - i;
        sprintf(agent, "agent-%d", k % 40);
        v[0] = k % 3 == 0 ? "EU" : k % 3 == 1 ? "US" : NULL;
        v[1] = k % 2 ? "chat" : "email";
        v[2] = agent;
        CHECK_STATUS(xpi_cube_add(all, (int64_t)(k % 5) * DAY, v, k % 11, 1.0), XPI_OK);
        CHECK_STATUS(xpi_cube_add(i < 300 ? a : b, (int64_t)(k % 5) * DAY, v, k % 11, 1.0),
                     XPI_OK);
    }
    CHECK_STATUS(xpi_cube_merge(a, b), XPI_OK);
    CHECK(state_of(a).responses == 600 && state_of(a).cells == state_of(all).cells);
    CHECK_STATUS(xpi_cube_value_count(a, 2, &count), XPI_OK);
    CHECK(count == 41);
    CHECK(state_of(b).responses == 300); /* src untouched */

    /* Layouts that differ: names, grain, scale. */
    CHECK_STATUS(xpi_cube_new(&other, XPI_METRIC_NPS, 3, other_names, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_new(&hourly, XPI_METRIC_NPS, 3, names3, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_set_time(hourly, 3600, 0), XPI_OK);
    before = state_of(a);
    CHECK_STATUS(xpi_cube_merge(a, other), XPI_ERR_SCALE_MISMATCH);
    CHECK_STATUS(xpi_cube_merge(a, hourly), XPI_ERR_SCALE_MISMATCH);
    CHECK_STATUS(xpi_cube_merge(a, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_merge(NULL, a), XPI_ERR_INVALID_ARG);
    CHECK(same_state(a, &before));

    CHECK_STATUS(xpi_cube_merge(a, a), XPI_OK);
    CHECK(state_of(a).responses == 1200 && state_of(a).cells == before.cells);
    CHECK_STATUS(xpi_cube_intern(a, 2, "agent-39", &id), XPI_OK);
    CHECK(id < 41);
    xpi_cube_free(all);
    xpi_cube_free(a);
    xpi_cube_free(b);
    xpi_cube_free(other);
    xpi_cube_free(hourly);
}

/* A merge that must grow everything, with the k-th allocation failing. */
static void test_merge_out_of_memory(void)
{
    long k;
    int done = 0;
    for (k = 0; k < 200 && !done; k++) {
        failing f;
        xpi_allocator alloc = failing_allocator(&f, -1);
        xpi_cube *a = NULL, *b = NULL;
        const char *v[3] = { "EU", "chat", NULL };
        char agent[16];
        cube_state before;
        int i, status;
        CHECK_STATUS(xpi_cube_new(&a, XPI_METRIC_NPS, 3, names3, &alloc), XPI_OK);
        CHECK_STATUS(xpi_cube_new(&b, XPI_METRIC_NPS, 3, names3, NULL), XPI_OK);
        for (i = 0; i < 400; i++) {
            sprintf(agent, "agent-%d", i);
            v[2] = agent;
            CHECK_STATUS(xpi_cube_add(i < 20 ? a : b, 0, v, 9, 1.0), XPI_OK);
        }
        before = state_of(a);
        f.fail_at = k;
        f.requests = 0;
        status = xpi_cube_merge(a, b);
        f.fail_at = -1;
        if (status == XPI_OK) {
            done = 1;
            CHECK(state_of(a).responses == 400 && state_of(a).cells == 400);
        } else {
            CHECK_STATUS(status, XPI_ERR_NO_MEMORY);
            CHECK(same_state(a, &before));
        }
        xpi_cube_free(a);
        xpi_cube_free(b);
        CHECK(f.live == 0);
    }
    CHECK(done);
    printf("cube merge: %ld injected failure(s) before success\n", k - 1);
}

int main(void)
{
    test_creation();
    test_values_and_cells();
    test_time_buckets();
    test_bad_adds();
    test_out_of_memory();
    test_growth();
    test_merge();
    test_merge_out_of_memory();
    return check_exit();
}
