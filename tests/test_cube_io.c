/*
 * Serialized cubes: round trips keep ids, cells and every tally bit for
 * bit; every truncation and every single-byte change is refused; buffers
 * whose checksum is recomputed after an inconsistent edit (a CRC-32 written
 * here from its definition, independently of the library's) are refused
 * field by field; shards travel as bytes and merge.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "snapshot.h"
#include "tsv.h"
#include "xpi.h"

#define DAY 86400

static const char *const dims[2] = { "region", "agent" };

/* Bitwise CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320). */
static uint32_t crc32_bitwise(const unsigned char *p, size_t n)
{
    uint32_t crc = 0xffffffffu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        crc ^= p[i];
        for (k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

static void fix_crc(unsigned char *p, size_t n)
{
    uint32_t crc = crc32_bitwise(p, n - 4);
    p[n - 4] = (unsigned char)(crc & 0xffu);
    p[n - 3] = (unsigned char)((crc >> 8) & 0xffu);
    p[n - 2] = (unsigned char)((crc >> 16) & 0xffu);
    p[n - 1] = (unsigned char)(crc >> 24);
}

static xpi_cube *sample(int first, int count)
{
    xpi_cube *c = NULL;
    char agent[16];
    int i;
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_NPS, 2, dims, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_set_time(c, DAY, 3600), XPI_OK);
    for (i = first; i < first + count; i++) {
        const char *v[2];
        sprintf(agent, "agent-%d", (i * 7) % 13);
        v[0] = i % 4 == 3 ? NULL : i % 2 ? "EU" : "US";
        v[1] = agent;
        CHECK_STATUS(xpi_cube_add(c, (int64_t)(i % 9) * DAY - 5000 * (i % 3), v, i % 11,
                                  i % 5 == 0 ? 0.5 : 1.0),
                     XPI_OK);
    }
    return c;
}

static unsigned char *bytes_of(const xpi_cube *c, size_t *length)
{
    unsigned char *buf;
    CHECK_STATUS(xpi_cube_serialize(c, NULL, 0, length), XPI_OK);
    buf = malloc(*length);
    if (buf == NULL)
        abort();
    CHECK_STATUS(xpi_cube_serialize(c, buf, *length, length), XPI_OK);
    return buf;
}

static int same_bytes(const xpi_cube *c, const unsigned char *want, size_t length)
{
    size_t n = 0;
    unsigned char *got = bytes_of(c, &n);
    int same = n == length && memcmp(got, want, n) == 0;
    free(got);
    return same;
}

static void test_round_trip(void)
{
    xpi_cube *c = sample(0, 500), *back = NULL, *empty = NULL;
    size_t n = 0, need = 0;
    unsigned char *buf = bytes_of(c, &n), small[8];
    const char *label = NULL;
    xpi_query *q = NULL;
    xpi_tally *t1 = NULL, *t2 = NULL;
    snapshot s;

    CHECK_STATUS(xpi_cube_deserialize(&back, buf, n, NULL), XPI_OK);
    CHECK(back != NULL && same_bytes(back, buf, n));
    CHECK_STATUS(xpi_cube_value(back, 1, 3, &label), XPI_OK);
    /* ids in order of first appearance: "" 0, agent-0 1, agent-7 2, agent-1 3 */
    CHECK(label != NULL && strcmp(label, "agent-1") == 0);
    CHECK_STATUS(xpi_query_new(&q, NULL), XPI_OK);
    CHECK_STATUS(xpi_query_set_filter(q, "region", "EU"), XPI_OK);
    CHECK_STATUS(xpi_cube_tally(c, q, &t1), XPI_OK);
    CHECK_STATUS(xpi_cube_tally(back, q, &t2), XPI_OK);
    snapshot_take(t1, &s);
    CHECK(snapshot_same(t2, &s));
    xpi_tally_free(t1);
    xpi_tally_free(t2);
    xpi_query_free(q);

    CHECK_STATUS(xpi_cube_serialize(c, small, sizeof small, &need), XPI_ERR_BUFFER_TOO_SMALL);
    CHECK(need == n);
    CHECK_STATUS(xpi_cube_serialize(NULL, NULL, 0, &need), XPI_ERR_INVALID_ARG);
    CHECK_STATUS(xpi_cube_serialize(c, NULL, 0, NULL), XPI_ERR_INVALID_ARG);

    /* An empty cube, and one without dimensions. */
    xpi_cube_free(back);
    free(buf);
    CHECK_STATUS(xpi_cube_new(&empty, XPI_METRIC_CES, 0, NULL, NULL), XPI_OK);
    buf = bytes_of(empty, &n);
    CHECK_STATUS(xpi_cube_deserialize(&back, buf, n, NULL), XPI_OK);
    CHECK(back != NULL && same_bytes(back, buf, n));
    xpi_cube_free(back);
    xpi_cube_free(empty);
    xpi_cube_free(c);
    free(buf);
}

static void expect_refused(const unsigned char *buf, size_t n, const char *what)
{
    xpi_cube *sentinel = (xpi_cube *)&n, *c = sentinel;
    int status = xpi_cube_deserialize(&c, buf, n, NULL);
    check_count++;
    if ((status != XPI_ERR_MALFORMED && status != XPI_ERR_UNSUPPORTED_VERSION) ||
        c != sentinel) {
        check_failures++;
        fprintf(stderr, "%s: deserialize gave %d\n", what, status);
        if (status == XPI_OK)
            xpi_cube_free(c);
    }
}

static void test_damage(void)
{
    xpi_cube *c = sample(0, 60);
    size_t n = 0, i;
    unsigned char *buf = bytes_of(c, &n), *copy = malloc(n);
    if (copy == NULL)
        abort();
    for (i = 0; i < n; i++)
        expect_refused(buf, i, "truncated");
    for (i = 0; i < n; i++) {
        memcpy(copy, buf, n);
        copy[i] ^= 0x5a;
        expect_refused(copy, n, "byte changed");
    }
    /* Edits with a valid checksum: the 48-byte header, then structure. */
    memcpy(copy, buf, n);
    copy[40] = 17; /* 17 dimensions */
    fix_crc(copy, n);
    expect_refused(copy, n, "too many dimensions");
    memcpy(copy, buf, n);
    copy[44] ^= 1; /* cell count */
    fix_crc(copy, n);
    expect_refused(copy, n, "cell count");
    memcpy(copy, buf, n);
    copy[32] = 7; /* grain 7 s does not divide a day */
    copy[33] = copy[34] = copy[35] = 0;
    fix_crc(copy, n);
    expect_refused(copy, n, "grain");
    memcpy(copy, buf, n);
    copy[48 + 2 + 1] = 'E'; /* dimension "region" -> "rEgion": still valid */
    fix_crc(copy, n);
    {
        xpi_cube *ok = NULL;
        CHECK_STATUS(xpi_cube_deserialize(&ok, copy, n, NULL), XPI_OK);
        xpi_cube_free(ok);
    }
    memcpy(copy, buf, n);
    memcpy(copy + 48 + 2, "agent\0", 6); /* "region" -> "agent": duplicate names */
    fix_crc(copy, n);
    expect_refused(copy, n, "duplicate dimension names");
    memcpy(copy, buf, n);
    copy[6] = 1; /* flags */
    fix_crc(copy, n);
    expect_refused(copy, n, "flags");
    memcpy(copy, buf, n);
    copy[4] = 2; /* a newer version */
    fix_crc(copy, n);
    {
        xpi_cube *x = NULL;
        CHECK_STATUS(xpi_cube_deserialize(&x, copy, n, NULL), XPI_ERR_UNSUPPORTED_VERSION);
    }
    CHECK_STATUS(xpi_cube_deserialize(NULL, buf, n, NULL), XPI_ERR_INVALID_ARG);
    xpi_cube_free(c);
    free(buf);
    free(copy);
}

/* The first region value "US" becomes "EU" (a duplicate value), and the
 * first cell is written twice (a duplicate cell): both refused. */
static void test_inconsistent(void)
{
    xpi_cube *c = NULL;
    const char *v[2] = { "US", "ann" }, *w[2] = { "EU", "bob" };
    size_t n = 0, cell;
    unsigned char *buf, *copy;
    CHECK_STATUS(xpi_cube_new(&c, XPI_METRIC_CSAT, 2, dims, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, 0, v, 5, 1.0), XPI_OK);
    CHECK_STATUS(xpi_cube_add(c, DAY, w, 1, 1.0), XPI_OK);
    buf = bytes_of(c, &n);
    copy = malloc(n);
    if (copy == NULL)
        abort();
    /* Layout: 48 header; "region" 2+6, count 4, "US" 2+2, "EU" 2+2;
     * "agent" 2+5, count 4, "ann" 2+3, "bob" 2+3; then 2 cells of
     * 8 + 8 + 2 + 5 * 24 = 138 bytes. */
    memcpy(copy, buf, n);
    memcpy(copy + 48 + 8 + 4 + 2, "EU", 2);
    fix_crc(copy, n);
    expect_refused(copy, n, "duplicate value");
    cell = 48 + 8 + 4 + 4 + 4 + 7 + 4 + 5 + 5;
    CHECK(cell + 2 * 138 + 4 == n);
    memcpy(copy, buf, n);
    memcpy(copy + cell + 138, copy + cell, 138);
    fix_crc(copy, n);
    expect_refused(copy, n, "duplicate cell");
    memcpy(copy, buf, n);
    copy[cell + 8] = 9; /* region id 9 was never issued */
    fix_crc(copy, n);
    expect_refused(copy, n, "unknown id");
    memcpy(copy, buf, n);
    memset(copy + cell + 18, 0, 5 * 24); /* an empty cell */
    fix_crc(copy, n);
    expect_refused(copy, n, "empty cell");
    xpi_cube_free(c);
    free(buf);
    free(copy);
}

/* Shards serialized on one side, merged on the other. */
static void test_shards(void)
{
    xpi_cube *whole = sample(0, 900), *a = sample(0, 400), *b = sample(400, 500);
    xpi_cube *a2 = NULL, *b2 = NULL;
    size_t na = 0, nb = 0;
    unsigned char *ba = bytes_of(a, &na), *bb = bytes_of(b, &nb);
    uint64_t n1 = 0, n2 = 0, c1 = 0, c2 = 0;
    CHECK_STATUS(xpi_cube_deserialize(&a2, ba, na, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_deserialize(&b2, bb, nb, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_merge(a2, b2), XPI_OK);
    CHECK_STATUS(xpi_cube_stats(whole, &n1, &c1, NULL), XPI_OK);
    CHECK_STATUS(xpi_cube_stats(a2, &n2, &c2, NULL), XPI_OK);
    CHECK(n1 == 900 && n2 == 900 && c1 == c2);
    xpi_cube_free(whole);
    xpi_cube_free(a);
    xpi_cube_free(b);
    xpi_cube_free(a2);
    xpi_cube_free(b2);
    free(ba);
    free(bb);
}

/* ---- golden bytes from tests/ref/gen_cube_golden.py -------------------- */

static int hex_value(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The golden cube: built through the API from the listed responses, it
 * serializes to exactly the generator's bytes; read from those bytes, it
 * writes them back unchanged; every single-byte change is refused. */
static void check_golden(xpi_cube *built, const char *name, const char *hex)
{
    static unsigned char want[4096], got[4096];
    size_t n = strlen(hex) / 2, len = 0, i;
    xpi_cube *read = NULL;
    for (i = 0; i < n && i < sizeof want; i++)
        want[i] = (unsigned char)(hex_value(hex[2 * i]) * 16 + hex_value(hex[2 * i + 1]));
    CHECK(n <= sizeof want);
    CHECK_STATUS(xpi_cube_serialize(built, got, sizeof got, &len), XPI_OK);
    CHECK(len == n && memcmp(got, want, n) == 0);
    if (len != n || memcmp(got, want, n) != 0)
        fprintf(stderr, "golden %s: the library's bytes differ from the generator's\n", name);
    CHECK_STATUS(xpi_cube_deserialize(&read, want, n, NULL), XPI_OK);
    if (read != NULL) {
        CHECK_STATUS(xpi_cube_serialize(read, got, sizeof got, &len), XPI_OK);
        CHECK(len == n && memcmp(got, want, n) == 0);
        xpi_cube_free(read);
    }
    for (i = 0; i < n; i++) {
        xpi_cube *bad = NULL;
        want[i] ^= 0x5a;
        CHECK(xpi_cube_deserialize(&bad, want, n, NULL) != XPI_OK && bad == NULL);
        want[i] ^= 0x5a;
    }
}

static void test_golden(const char *path)
{
    static char line[16384];
    char *f[8];
    xpi_cube *c = NULL;
    int cases = 0;
    FILE *in = fopen(path, "r");
    CHECK(in != NULL);
    if (in == NULL)
        return;
    while (fgets(line, sizeof line, in) != NULL) {
        int n;
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#')
            continue;
        n = split_tabs(line, f, 8);
        if (n == 6 && strcmp(f[0], "cube") == 0) {
            int32_t sc[6];
            const char *names[XPI_CUBE_MAX_DIMS];
            size_t nd = 0;
            char *p = f[2];
            int k;
            for (k = 0; k < 6; k++)
                sc[k] = (int32_t)strtol(p, &p, 10), p += *p == ',';
            if (strcmp(f[5], "-") != 0)
                for (p = strtok(f[5], ","); p != NULL; p = strtok(NULL, ","))
                    names[nd++] = p;
            xpi_cube_free(c);
            c = NULL;
            if (sc[0] != 0)
                CHECK_STATUS(xpi_cube_new(&c, sc[0], nd, names, NULL), XPI_OK);
            else
                CHECK_STATUS(xpi_cube_new_scale(&c, sc[1], sc[2], sc[3], sc[4], sc[5], nd, names,
                                                NULL),
                             XPI_OK);
            CHECK_STATUS(xpi_cube_set_time(c, atoi(f[3]), atoi(f[4])), XPI_OK);
        } else if (n == 6 && strcmp(f[0], "add") == 0 && c != NULL) {
            const char *values[XPI_CUBE_MAX_DIMS];
            size_t nd = 0, d;
            char *p = f[3];
            xpi_cube_dims(c, &nd);
            for (d = 0; d < nd; d++) {
                char *bar = strchr(p, '|');
                values[d] = p;
                if (bar != NULL) {
                    *bar = '\0';
                    p = bar + 1;
                }
            }
            CHECK_STATUS(xpi_cube_add(c, strtoll(f[2], NULL, 10), values, atoi(f[4]), atof(f[5])),
                         XPI_OK);
        } else if (n == 3 && strcmp(f[0], "bytes") == 0 && c != NULL) {
            check_golden(c, f[1], f[2]);
            cases++;
        }
    }
    fclose(in);
    xpi_cube_free(c);
    CHECK(cases == 3);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_cube_io cube_golden.tsv\n");
        return 1;
    }
    test_golden(argv[1]);
    test_round_trip();
    test_damage();
    test_inconsistent();
    test_shards();
    return check_exit();
}
