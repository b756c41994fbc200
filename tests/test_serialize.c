/*
 * Serialized tallies: the exact bytes of the documented format (golden
 * vectors written by tests/ref/gen_tally_golden.py with Python's struct and
 * zlib.crc32), round trips, and every kind of bad buffer.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "snapshot.h"
#include "xpi.h"

#define MAX_BYTES (32 + 24 * XPI_SCALE_MAX_POINTS + 4)

typedef struct golden {
    int status;
    char name[64];
    unsigned char bytes[MAX_BYTES];
    size_t length;
} golden;

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Reads the next "status<TAB>name<TAB>hex" line; 0 at end of file. */
static int read_golden(FILE *f, golden *g)
{
    static char line[2 * MAX_BYTES + 128];
    while (fgets(line, sizeof line, f) != NULL) {
        char *hex, *name, *end;
        size_t i;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        g->status = (int)strtol(line, &end, 10);
        name = end + 1;
        hex = strchr(name, '\t');
        if (hex == NULL)
            return 0;
        *hex++ = '\0';
        snprintf(g->name, sizeof g->name, "%s", name);
        for (i = 0; hex_value(hex[2 * i]) >= 0 && hex_value(hex[2 * i + 1]) >= 0; i++)
            g->bytes[i] = (unsigned char)(hex_value(hex[2 * i]) * 16 + hex_value(hex[2 * i + 1]));
        g->length = i;
        return 1;
    }
    return 0;
}

/* The golden CSAT tallies, built through the API: three 1s, seven 4s and
 * two 5s, the 5s weighted 0.5 and 2.0 or unweighted. */
static xpi_tally *build_csat(int weighted)
{
    xpi_tally *t = NULL;
    CHECK_STATUS(xpi_tally_new(&t, XPI_METRIC_CSAT, NULL), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 1, 3), XPI_OK);
    CHECK_STATUS(xpi_tally_add_n(t, 4, 7), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 5, weighted ? 0.5 : 1.0), XPI_OK);
    CHECK_STATUS(xpi_tally_add(t, 5, weighted ? 2.0 : 1.0), XPI_OK);
    return t;
}

static xpi_tally *build_csat_golden(void)
{
    return build_csat(1);
}

static void check_deserialize_fails(const unsigned char *bytes, size_t length, int want,
                                    const char *what)
{
    xpi_tally *sentinel = (xpi_tally *)&sentinel, *t = sentinel;
    int status = xpi_tally_deserialize(&t, bytes, length, NULL);
    check_count++;
    if (status != want || t != sentinel) {
        check_failures++;
        fprintf(stderr, "%s: deserialize gave %d (want %d), out %s\n", what, status, want,
                t == sentinel ? "unchanged" : "CHANGED");
        if (status == XPI_OK)
            xpi_tally_free(t);
    }
}

static void test_golden(const char *path)
{
    static golden g;
    FILE *f = fopen(path, "r");
    int rows = 0;
    CHECK(f != NULL);
    if (f == NULL)
        return;
    while (read_golden(f, &g)) {
        rows++;
        if (g.status != XPI_OK) {
            check_deserialize_fails(g.bytes, g.length, g.status, g.name);
            continue;
        } else {
            xpi_tally *t = NULL;
            static unsigned char again[MAX_BYTES];
            size_t length = 0;
            CHECK_STATUS(xpi_tally_deserialize(&t, g.bytes, g.length, NULL), XPI_OK);
            if (t == NULL)
                continue;
            CHECK_STATUS(xpi_tally_serialize(t, again, sizeof again, &length), XPI_OK);
            CHECK(length == g.length && memcmp(again, g.bytes, length) == 0);
            xpi_tally_free(t);
        }
        if (strcmp(g.name, "csat_golden") == 0 || strcmp(g.name, "csat_unweighted") == 0) {
            static unsigned char mine[MAX_BYTES];
            size_t length = 0;
            xpi_tally *t = build_csat(strcmp(g.name, "csat_golden") == 0);
            CHECK_STATUS(xpi_tally_serialize(t, mine, sizeof mine, &length), XPI_OK);
            CHECK(length == g.length && memcmp(mine, g.bytes, length) == 0);
            xpi_tally_free(t);
        }
    }
    fclose(f);
    CHECK(rows >= 20);
}

static void test_round_trip_and_damage(void)
{
    static unsigned char buf[MAX_BYTES], copy[MAX_BYTES];
    xpi_tally *t = build_csat_golden(), *back = NULL;
    size_t length = 0, need = 0, i;
    int bit;
    snapshot st;

    CHECK_STATUS(xpi_tally_serialize(t, NULL, 0, &need), XPI_OK);
    CHECK(need == 32 + 5 * 24 + 4);
    length = 12345;
    CHECK_STATUS(xpi_tally_serialize(t, buf, need - 1, &length), XPI_ERR_BUFFER_TOO_SMALL);
    CHECK(length == need);
    CHECK_STATUS(xpi_tally_serialize(t, buf, sizeof buf, &length), XPI_OK);
    CHECK(length == need);
    CHECK_STATUS(xpi_tally_serialize(NULL, buf, sizeof buf, &length), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_serialize(t, buf, sizeof buf, NULL), XPI_ERR_INVALID_ARG);

    CHECK_STATUS(xpi_tally_deserialize(&back, buf, length, NULL), XPI_OK);
    snapshot_take(t, &st);
    CHECK(back != NULL && snapshot_same(back, &st));
    xpi_tally_free(back);

    CHECK_STATUS(xpi_tally_deserialize(NULL, buf, length, NULL), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_deserialize(&back, NULL, length, NULL), XPI_ERR_INVALID_ARG);

    /* Every truncation and one byte of padding. */
    for (i = 0; i < length; i++)
        check_deserialize_fails(buf, i, XPI_ERR_MALFORMED, "truncated");
    memcpy(copy, buf, length);
    copy[length] = 0;
    check_deserialize_fails(copy, length + 1, XPI_ERR_MALFORMED, "padded");

    /* Every single-bit flip is caught (CRC-32 detects all of them). A flip
     * in the version field reads as a newer format, which is checked
     * before the checksum because a newer format may place it elsewhere. */
    for (i = 0; i < length; i++) {
        for (bit = 0; bit < 8; bit++) {
            int want = XPI_ERR_MALFORMED;
            memcpy(copy, buf, length);
            copy[i] ^= (unsigned char)(1u << bit);
            if (i == 4 || (i == 5))
                want = XPI_ERR_UNSUPPORTED_VERSION;
            if (i == 4 && bit == 0)
                want = XPI_ERR_MALFORMED; /* version 1 -> 0 */
            check_deserialize_fails(copy, length, want, "bit flip");
        }
    }
    xpi_tally_free(t);
}

/* A custom allocator's hooks are used and kept by the deserialized tally. */
static size_t counted_allocs, counted_frees;

static void *counting_alloc(void *user_data, size_t size)
{
    (void)user_data;
    counted_allocs++;
    return malloc(size);
}

static void counting_free(void *user_data, void *ptr)
{
    (void)user_data;
    counted_frees++;
    free(ptr);
}

static void test_deserialize_allocator(void)
{
    static unsigned char buf[MAX_BYTES];
    xpi_allocator a = { counting_alloc, NULL, counting_free, NULL };
    xpi_allocator bad = { NULL, NULL, counting_free, NULL };
    xpi_tally *t = build_csat_golden(), *back = NULL;
    size_t length = 0;

    CHECK_STATUS(xpi_tally_serialize(t, buf, sizeof buf, &length), XPI_OK);
    CHECK_STATUS(xpi_tally_deserialize(&back, buf, length, &bad), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_tally_deserialize(&back, buf, length, &a), XPI_OK);
    CHECK(counted_allocs == 1 && counted_frees == 0);
    xpi_tally_free(back);
    CHECK(counted_frees == 1);
    xpi_tally_free(t);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s tally_golden.tsv\n", argv[0]);
        return 2;
    }
    test_golden(argv[1]);
    test_round_trip_and_damage();
    test_deserialize_allocator();
    return check_exit();
}
