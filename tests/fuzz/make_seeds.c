/*
 * Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/<target>/):
 * serialized tallies and cubes made through the public API, programs for
 * fuzz_api (deterministic pseudo-random bytes: every byte string is a
 * valid program), and CSV files in the examples' format.
 *
 *   usage: make_seeds CORPUS_DIR      (e.g. tests/fuzz/corpus)
 *
 * The target directories must exist. Built with the tests, never run by
 * them; rerun after a change of the serialized formats.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xpi.h"

static const char *out_dir;

static void die(const char *what, int status)
{
    fprintf(stderr, "make_seeds: %s: %s\n", what, xpi_strerror(status));
    exit(1);
}

static void check(int status, const char *what)
{
    if (status != XPI_OK)
        die(what, status);
}

static void write_file(const char *target, const char *name, const void *p, size_t n)
{
    char path[1024];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s/%s", out_dir, target, name);
    f = fopen(path, "wb");
    if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        exit(1);
    }
}

static void save_tally(const char *name, xpi_tally *t)
{
    size_t n = 0;
    unsigned char *buf;
    check(xpi_tally_serialize(t, NULL, 0, &n), "serialize size");
    buf = malloc(n);
    if (buf == NULL)
        die("malloc", XPI_ERR_NO_MEMORY);
    check(xpi_tally_serialize(t, buf, n, &n), "serialize");
    write_file("fuzz_tally_deserialize", name, buf, n);
    free(buf);
    xpi_tally_free(t);
}

static void save_cube(const char *name, xpi_cube *c)
{
    size_t n = 0;
    unsigned char *buf;
    check(xpi_cube_serialize(c, NULL, 0, &n), "cube serialize size");
    buf = malloc(n);
    if (buf == NULL)
        die("malloc", XPI_ERR_NO_MEMORY);
    check(xpi_cube_serialize(c, buf, n, &n), "cube serialize");
    write_file("fuzz_cube_deserialize", name, buf, n);
    free(buf);
    xpi_cube_free(c);
}

/* xorshift64*: the same bytes on every platform. */
static uint64_t next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * UINT64_C(2685821657736338717);
}

static void tallies(void)
{
    static const int32_t nps[] = {10, 9, 9, 8, 7, 6, 3, 0, 10, 9};
    static const double w[] = {1.0, 2.5, 0.5, 1.0, 1e-150, 1e150};
    xpi_tally *t;
    int i;

    check(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), "new");
    save_tally("nps_empty", t);

    check(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), "new");
    check(xpi_tally_add_array(t, nps, NULL, 10), "add_array");
    save_tally("nps_unweighted", t);

    check(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), "new");
    for (i = 0; i < 6; i++)
        check(xpi_tally_add(t, nps[i], w[i]), "add");
    save_tally("nps_weighted", t);

    check(xpi_tally_new(&t, XPI_METRIC_CSAT, NULL), "new");
    check(xpi_tally_add_n(t, 5, 40), "add_n");
    check(xpi_tally_add_n(t, 4, 25), "add_n");
    check(xpi_tally_add_n(t, 1, 3), "add_n");
    save_tally("csat", t);

    check(xpi_tally_new(&t, XPI_METRIC_CES, NULL), "new");
    for (i = 1; i <= 7; i++)
        check(xpi_tally_add(t, i, 0.25 * i), "add");
    save_tally("ces_weighted", t);

    check(xpi_tally_new_scale(&t, -3, 3, -1, 1, XPI_STAT_MEAN, NULL), "new_scale");
    check(xpi_tally_add(t, -3, 1.0), "add");
    check(xpi_tally_add(t, 3, 1.0), "add");
    save_tally("custom_symmetric", t);

    check(xpi_tally_new_scale(&t, 1, 1001, 300, 700, XPI_STAT_TOP, NULL), "new_scale");
    check(xpi_tally_add(t, 1, 1.0), "add");
    check(xpi_tally_add(t, 500, 1.0), "add");
    check(xpi_tally_add(t, 1001, 1.0), "add");
    save_tally("custom_widest", t);

    check(xpi_tally_new_scale(&t, INT32_MAX - 2, INT32_MAX, INT32_MAX - 2, INT32_MAX,
                              XPI_STAT_BOTTOM, NULL),
          "new_scale");
    check(xpi_tally_add_n(t, INT32_MAX, 7), "add_n");
    save_tally("custom_int32_max", t);

    check(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), "new");
    check(xpi_tally_add_n(t, 10, UINT64_MAX - 5), "add_n");
    check(xpi_tally_add_n(t, 0, 3), "add_n");
    save_tally("nps_huge_counts", t);

    check(xpi_tally_new(&t, XPI_METRIC_NPS, NULL), "new");
    check(xpi_tally_add(t, 9, 1e154), "add");
    check(xpi_tally_add(t, 9, 1e-150), "add");
    check(xpi_tally_add_n(t, 2, 1), "add_n");
    save_tally("nps_extreme_weights", t);
}

static void cubes(void)
{
    static const char *const dims2[] = {"region", "channel"};
    static const char *const dims3[] = {"region", "channel", "agent"};
    static const char *const regions[] = {"north", "south", "", "east"};
    static const char *const channels[] = {"email", "chat", "phone"};
    const int64_t jan = INT64_C(1767225600); /* 2026-01-01T00:00:00Z */
    uint64_t s = 42;
    xpi_cube *c, *d;
    int i;

    check(xpi_cube_new(&c, XPI_METRIC_NPS, 0, NULL, NULL), "cube_new");
    save_cube("nps_no_dims_empty", c);

    check(xpi_cube_new(&c, XPI_METRIC_NPS, 0, NULL, NULL), "cube_new");
    for (i = 0; i < 30; i++)
        check(xpi_cube_add(c, jan + 86400 * (i % 10), NULL, (int32_t)(next(&s) % 11), 1.0),
              "cube_add");
    save_cube("nps_no_dims", c);

    check(xpi_cube_new(&c, XPI_METRIC_NPS, 2, dims2, NULL), "cube_new");
    for (i = 0; i < 120; i++) {
        const char *values[2];
        values[0] = regions[next(&s) % 4];
        values[1] = channels[next(&s) % 3];
        check(xpi_cube_add(c, jan + (int64_t)(next(&s) % (60 * 86400)), values,
                           (int32_t)(next(&s) % 11), 1.0),
              "cube_add");
    }
    save_cube("nps_two_dims_60_days", c);

    check(xpi_cube_new(&c, XPI_METRIC_CSAT, 1, dims2, NULL), "cube_new");
    check(xpi_cube_set_time(c, 3600, -18000), "set_time");
    for (i = 0; i < 40; i++) {
        const char *values[1];
        values[0] = channels[i % 3];
        check(xpi_cube_add(c, jan + 3600 * (int64_t)(next(&s) % 72), values,
                           1 + (int32_t)(next(&s) % 5), 1.0),
              "cube_add");
    }
    save_cube("csat_hourly_offset", c);

    check(xpi_cube_new(&c, XPI_METRIC_CES, 3, dims3, NULL), "cube_new");
    check(xpi_cube_set_time(c, 60, 50400), "set_time");
    for (i = 0; i < 25; i++) {
        const char *values[3];
        values[0] = regions[i % 4];
        values[1] = channels[i % 3];
        values[2] = i % 5 == 0 ? NULL : "agent-7";
        check(xpi_cube_add(c, jan + 600 * i, values, 1 + (int32_t)(next(&s) % 7),
                           0.5 + (double)(next(&s) % 4)),
              "cube_add");
    }
    save_cube("ces_three_dims_weighted", c);

    check(xpi_cube_new_scale(&c, -2, 2, -1, 1, XPI_STAT_NET, 1, dims2, NULL), "cube_new_scale");
    {
        const char *values[1] = {"edge"};
        check(xpi_cube_add(c, XPI_TIME_MIN, values, -2, 1.0), "cube_add");
        check(xpi_cube_add(c, XPI_TIME_MAX, values, 2, 1.0), "cube_add");
        check(xpi_cube_add(c, 0, values, 0, 1.0), "cube_add");
    }
    save_cube("custom_extreme_times", c);

    /* Two cubes merged: ids in a different order than first sight. */
    check(xpi_cube_new(&c, XPI_METRIC_NPS, 2, dims2, NULL), "cube_new");
    check(xpi_cube_new(&d, XPI_METRIC_NPS, 2, dims2, NULL), "cube_new");
    for (i = 0; i < 20; i++) {
        const char *values[2];
        values[0] = regions[(i + 1) % 4];
        values[1] = channels[i % 3];
        check(xpi_cube_add(c, jan + 86400 * 7 * (i % 6), values, (int32_t)(i % 11), 1.0),
              "cube_add");
        values[0] = regions[(i + 2) % 4];
        check(xpi_cube_add(d, jan + 86400 * 5 * (i % 9), values, (int32_t)((i * 7) % 11), 1.0),
              "cube_add");
    }
    check(xpi_cube_merge(c, d), "cube_merge");
    xpi_cube_free(d);
    save_cube("nps_merged_weeks", c);
}

static void programs(void)
{
    uint64_t s = 7;
    int i;
    for (i = 0; i < 16; i++) {
        unsigned char buf[640];
        size_t n = 48 + (size_t)(next(&s) % 560), k;
        char name[32];
        for (k = 0; k < n; k++)
            buf[k] = (unsigned char)(next(&s) >> 56);
        snprintf(name, sizeof name, "program_%02d", i);
        write_file("fuzz_api", name, buf, n);
    }
}

static void csv_text(const char *name, const char *text)
{
    write_file("fuzz_example_csv", name, text, strlen(text));
}

static void csvs(void)
{
    char big[4096];
    size_t n = 0;
    uint64_t s = 3;
    int i;

    csv_text("header_only.csv", "date,channel,nps,csat,ces\n");
    csv_text("two_months.csv",
             "date,channel,nps,csat,ces\n"
             "2026-01-03,email,9,5,\n2026-01-09,chat,10,4,6\n2026-01-15,phone,6,2,3\n"
             "2026-01-21,email,8,,\n2026-01-30,chat,3,1,2\n2026-02-02,phone,9,5,7\n"
             "2026-02-10,email,10,5,\n2026-02-14,chat,7,3,4\n2026-02-20,phone,0,1,1\n"
             "2026-02-27,email,9,,5\n");
    csv_text("crlf_and_skips.csv",
             "date,channel,nps,csat,ces\r\n2026-03-01,email,,4,\r\n2026-03-02,chat,9,,\r\n"
             "2026-04-01,phone,10,5,7\r\n2026-04-02,email,2,1,1\r\n");
    csv_text("bad_cells.csv",
             "date,channel,nps,csat,ces\n2026-05-01,email,11,6,8\n2026-05-02,chat,x,4,\n"
             "2026-05-03,phone,9\n2026-06-01,email,-1,0,0\n2026-06-02,a,b,c,d,e,f\n"
             "short\n2026-06-03,chat,99999999999999999999,4,4\n");
    /* Many months, one answer each (the compare example keeps 120). */
    n = (size_t)snprintf(big, sizeof big, "date,channel,nps,csat,ces\n");
    for (i = 0; i < 130 && n + 40 < sizeof big; i++)
        n += (size_t)snprintf(big + n, sizeof big - n, "%04d-%02d-01,web,%d,%d,%d\n",
                              2000 + i / 12, 1 + i % 12, (int)(next(&s) % 11),
                              1 + (int)(next(&s) % 5), 1 + (int)(next(&s) % 7));
    csv_text("many_months.csv", big);
    /* A line longer than the examples' 1024-byte buffer. */
    n = (size_t)snprintf(big, sizeof big, "date,channel,nps,csat,ces\n2026-07-01,");
    while (n < 1500)
        big[n++] = 'c';
    n += (size_t)snprintf(big + n, sizeof big - n, ",9,5,7\n2026-07-02,chat,8,4,6\n");
    csv_text("long_line.csv", big);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: make_seeds CORPUS_DIR\n");
        return 2;
    }
    out_dir = argv[1];
    tallies();
    cubes();
    programs();
    csvs();
    return 0;
}
