/*
 * Benchmark: adding responses to a cube by string values and by interned
 * ids (responses per second, one core), and the bytes a non-empty cell
 * costs. Three dimensions (20 regions, 5 channels, 500 agents) over 30
 * days of NPS responses. Run with `meson test --benchmark -C build` or
 * directly; wall-clock, best of a few rounds.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "xpi.h"

#define N 4000000
#define ROUNDS 3
#define DAY 86400

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct response {
    int64_t time;
    uint16_t region, channel, agent;
    int32_t score;
} response;

static char region_names[20][16], channel_names[5][16], agent_names[500][16];

static int by_time(const void *a, const void *b)
{
    int64_t x = ((const response *)a)->time, y = ((const response *)b)->time;
    return (x > y) - (x < y);
}

/* Responses in time order, as a helpdesk exports or streams them. */
static void make_data(response *r, size_t n, uint32_t agents)
{
    uint32_t x = 2463534242u;
    size_t i;
    for (i = 0; i < 20; i++)
        sprintf(region_names[i], "region-%02u", (unsigned)i);
    for (i = 0; i < 5; i++)
        sprintf(channel_names[i], "channel-%u", (unsigned)i);
    for (i = 0; i < 500; i++)
        sprintf(agent_names[i], "agent-%03u", (unsigned)i);
    for (i = 0; i < n; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        r[i].time = 1767225600 + (int64_t)(x % (30u * DAY));
        r[i].region = (uint16_t)(x % 20u);
        r[i].channel = (uint16_t)((x >> 8) % 5u);
        r[i].agent = (uint16_t)((x >> 12) % agents);
        r[i].score = (int32_t)((x >> 20) % 11u);
    }
    qsort(r, n, sizeof *r, by_time);
}

static int run(response *r, uint32_t agents);

int main(void)
{
    /* 1 agent: 3,000 cells (regions x channels x days) of about 1,300
     * responses; 50 agents: 150,000 possible cells, about 27 responses each
     * (a typical month); 500 agents: 1.5 million cells, mostly one or two
     * responses, the worst case where creating cells dominates. */
    static const uint32_t agent_counts[3] = { 1, 50, 500 };
    response *r = malloc(N * sizeof *r);
    int i;
    if (r == NULL)
        return 1;
    for (i = 0; i < 3; i++)
        if (run(r, agent_counts[i]) != 0)
            return 1;
    return 0;
}

static int run(response *r, uint32_t agents)
{
    static const char *const dims[3] = { "region", "channel", "agent" };
    double best_str = 1e300, best_ids = 1e300;
    uint64_t cells = 0, bytes = 0;
    int round;
    size_t i;
    make_data(r, N, agents);
    for (round = 0; round < ROUNDS; round++) {
        xpi_cube *c = NULL;
        uint32_t region_id[20], channel_id[5], agent_id[500];
        double t0;
        if (xpi_cube_new(&c, XPI_METRIC_NPS, 3, dims, NULL) != XPI_OK)
            return 1;
        t0 = now();
        for (i = 0; i < N; i++) {
            const char *v[3];
            v[0] = region_names[r[i].region];
            v[1] = channel_names[r[i].channel];
            v[2] = agent_names[r[i].agent];
            if (xpi_cube_add(c, r[i].time, v, r[i].score, 1.0) != XPI_OK)
                return 1;
        }
        if (now() - t0 < best_str)
            best_str = now() - t0;
        xpi_cube_stats(c, NULL, &cells, &bytes);
        xpi_cube_free(c);

        if (xpi_cube_new(&c, XPI_METRIC_NPS, 3, dims, NULL) != XPI_OK)
            return 1;
        for (i = 0; i < 20; i++)
            xpi_cube_intern(c, 0, region_names[i], &region_id[i]);
        for (i = 0; i < 5; i++)
            xpi_cube_intern(c, 1, channel_names[i], &channel_id[i]);
        for (i = 0; i < 500; i++)
            xpi_cube_intern(c, 2, agent_names[i], &agent_id[i]);
        t0 = now();
        for (i = 0; i < N; i++) {
            uint32_t ids[3];
            ids[0] = region_id[r[i].region];
            ids[1] = channel_id[r[i].channel];
            ids[2] = agent_id[r[i].agent];
            if (xpi_cube_add_ids(c, r[i].time, ids, r[i].score, 1.0) != XPI_OK)
                return 1;
        }
        if (now() - t0 < best_ids)
            best_ids = now() - t0;
        xpi_cube_free(c);
    }
    printf("%u agents:\n", (unsigned)agents);
    printf("cube add, string values: %.3g responses/s (%.1f ns each)\n", N / best_str,
           best_str / N * 1e9);
    printf("cube add, interned ids:  %.3g responses/s (%.1f ns each)\n", N / best_ids,
           best_ids / N * 1e9);
    printf("%llu non-empty cells, %llu bytes: %.0f bytes per cell\n",
           (unsigned long long)cells, (unsigned long long)bytes, (double)bytes / (double)cells);
    return 0;
}
