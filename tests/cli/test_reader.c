/*
 * The xpi tool's input layer (examples/xpi/csv.c and parse.c):
 *  - the cell parsers against parse_vectors.tsv (Python's int, float and
 *    datetime; tests/cli/gen_parse_vectors.py);
 *  - the CSV reader against csv_records.txt (Python's csv module on the
 *    files of tests/cli/data), delimiter detection included;
 *  - a round trip: random records (delimiters, quotes, line breaks, UTF-8,
 *    empty fields) written as CSV with random quoting and line ends, past
 *    several read-buffer boundaries, must read back exactly;
 *  - the reader's errors and limits.
 *
 *   test_reader PARSE_VECTORS CSV_RECORDS DATA_DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "csv.h"
#include "parse.h"

/* Undoes the generator's \\, \t, \n escapes in place. */
static void unescape(char *s)
{
    char *w = s;
    for (; *s; s++) {
        if (*s == '\\' && s[1] != '\0') {
            s++;
            *w++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
        } else {
            *w++ = *s;
        }
    }
    *w = '\0';
}

static void parse_vectors(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[512];
    long cases = 0;
    CHECK(f != NULL);
    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        char *kind = strtok(line, "\t"), *input = strtok(NULL, "\t"), *want = strtok(NULL, "\n");
        int ok;
        if (want == NULL) { /* an empty input: two tabs in a row */
            want = input;
            input = (char *)"";
            want[strcspn(want, "\n")] = '\0';
        } else {
            unescape(input);
        }
        cases++;
        if (strcmp(kind, "score") == 0) {
            int32_t v = 12345;
            ok = parse_score(input, strlen(input), &v);
            if (strcmp(want, "bad") == 0)
                CHECKF(!ok, "score '%s' accepted as %d", input, (int)v);
            else
                CHECKF(ok && v == atoi(want), "score '%s': %d (ok %d), want %s", input, (int)v, ok,
                       want);
        } else if (strcmp(kind, "number") == 0) {
            double v = 0.0;
            ok = parse_number(input, strlen(input), &v);
            if (strcmp(want, "bad") == 0)
                CHECKF(!ok, "number '%s' accepted as %g", input, v);
            else
                CHECKF(ok && v == strtod(want, NULL), "number '%s': %.17g, want %s", input, v, want);
        } else {
            int64_t v = 0;
            ok = parse_time(input, strlen(input), 0, &v);
            if (strcmp(want, "bad") == 0)
                CHECKF(!ok, "time '%s' accepted as %lld", input, (long long)v);
            else
                CHECKF(ok && v == strtoll(want, NULL, 10), "time '%s': %lld (ok %d), want %s",
                       input, (long long)v, ok, want);
        }
    }
    CHECKF(cases >= 80, "only %ld parser cases", cases);
    if (f != NULL)
        fclose(f);
}

/* Decimals of up to 17 digits with the point anywhere: the same double
 * as strtod (the C library's correctly rounded conversion), whichever
 * path parse_number takes. */
static void numbers_match_strtod(void)
{
    uint64_t x = 0x2545F4914F6CDD1Du;
    int k, bad = 0;
    for (k = 0; k < 200000; k++) {
        char s[40];
        double got = 0.0;
        int digits, point, i, n = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        digits = 1 + (int)(x % 17);
        point = (int)(x >> 8) % (digits + 1);
        if ((x >> 20) & 1)
            s[n++] = '-';
        for (i = 0; i < digits; i++) {
            if (i == point && i > 0)
                s[n++] = '.';
            s[n++] = (char)('0' + (x >> (24 + 2 * (i % 16))) % 10);
        }
        s[n] = '\0';
        if (!parse_number(s, (size_t)n, &got) || got != strtod(s, NULL))
            bad++;
    }
    CHECKF(bad == 0, "%d of 200000 decimals differ from strtod", bad);
}

/* A record as the expected file writes it. */
static void record_line(const csv_reader *r, char *out, size_t size)
{
    size_t i, n = 0, len, k;
    for (i = 0; i < csv_field_count(r); i++) {
        const char *s = csv_field(r, i, &len);
        if (i > 0 && n + 1 < size)
            out[n++] = '|';
        for (k = 0; k < len && n + 2 < size; k++) {
            char c = s[k];
            if (c == '\\' || c == '|' || c == '\n' || c == '\r') {
                out[n++] = '\\';
                c = c == '\n' ? 'n' : c == '\r' ? 'r' : c;
            }
            out[n++] = c;
        }
    }
    out[n] = '\0';
}

static void csv_records(const char *path, const char *dir)
{
    FILE *f = fopen(path, "r"), *in = NULL;
    csv_reader *r = NULL;
    char line[1024], got[1024], file[512];
    long records = 0;
    CHECK(f != NULL);
    while (f != NULL && fgets(line, sizeof line, f) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#') {
            char name[256], delim[32];
            if (r != NULL) {
                CHECKF(csv_read(r) == CSV_END, "%s: more records than expected", file);
                csv_close(r);
                fclose(in);
            }
            CHECK(sscanf(line, "# %255s %31s", name, delim) == 2);
            snprintf(file, sizeof file, "%s/%s", dir, name);
            in = fopen(file, "rb");
            CHECKF(in != NULL, "cannot open %s", file);
            r = csv_open(in, 0);
            CHECK(r != NULL);
            if (csv_read(r) == CSV_RECORD) {
                int want = delim[0] == 'c' ? ',' : delim[0] == 's' ? ';' : '\t';
                CHECKF(csv_delimiter(r) == want, "%s: delimiter %d, want %d", file,
                       csv_delimiter(r), want);
                record_line(r, got, sizeof got);
            } else {
                got[0] = '\0';
                CHECKF(0, "%s: no header", file);
            }
            /* The header is the first expected line. */
            if (fgets(line, sizeof line, f) != NULL) {
                line[strcspn(line, "\n")] = '\0';
                CHECKF(strcmp(got, line) == 0, "%s header: '%s', want '%s'", file, got, line);
            }
            continue;
        }
        records++;
        CHECKF(r != NULL && csv_read(r) == CSV_RECORD, "%s: record missing: '%s'", file, line);
        record_line(r, got, sizeof got);
        CHECKF(strcmp(got, line) == 0, "%s line %llu: '%s', want '%s'", file, csv_line(r), got,
               line);
    }
    if (r != NULL) {
        CHECKF(csv_read(r) == CSV_END, "%s: more records than expected", file);
        csv_close(r);
        fclose(in);
    }
    CHECKF(records > 25, "%ld records", records);
    if (f != NULL)
        fclose(f);
}

/* ---- round trip ---------------------------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint32_t next(uint32_t bound)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % bound);
}

#define ROWS 20000
#define COLS 5
#define FIELD 40

static char truth[ROWS][COLS][FIELD];

static void random_field(char *s, int delim)
{
    static const char *const pieces[] = { "a", "Z", "7", " ", "\xC3\xBC", "\"", "\n", "\r\n",
                                          "\r", ",", ";", "\t", "x\"y", "\xE2\x82\xAC" };
    size_t n = 0, len = next(6) == 0 ? 0 : next(8);
    (void)delim;
    s[0] = '\0';
    while (len-- > 0) {
        const char *p = pieces[next(sizeof pieces / sizeof *pieces)];
        if (n + strlen(p) + 1 >= FIELD)
            break;
        strcpy(s + n, p);
        n += strlen(p);
    }
}

/* Quoting is needed for delimiters, quotes and line breaks, and for a
 * field that would otherwise start the record empty (a blank line). */
static void write_field(FILE *f, const char *s, int delim, int first_of_one)
{
    int must = strchr(s, delim) != NULL || strpbrk(s, "\"\r\n") != NULL ||
               (first_of_one && s[0] == '\0');
    if (must || next(4) == 0) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
}

static void round_trip(int delim)
{
    static const char *const ends[3] = { "\n", "\r\n", "\r" };
    FILE *f = tmpfile();
    csv_reader *r;
    size_t row, col;
    int status;
    CHECK(f != NULL);
    if (f == NULL)
        return;
    fputs("\xEF\xBB\xBF", f);
    for (row = 0; row < ROWS; row++) {
        for (col = 0; col < COLS; col++) {
            random_field(truth[row][col], delim);
            if (col > 0)
                fputc(delim, f);
            /* The header row stays plain for the delimiter's detection. */
            if (row == 0)
                snprintf(truth[row][col], FIELD, "h%zu", col);
            write_field(f, truth[row][col], delim, 0);
        }
        fputs(ends[next(3)], f);
        if (next(50) == 0)
            fputs(ends[next(3)][0] == '\r' ? "\r\n" : "\n", f); /* a blank line */
    }
    rewind(f);
    r = csv_open(f, 0);
    CHECK(r != NULL);
    for (row = 0; r != NULL && row < ROWS; row++) {
        status = csv_read(r);
        CHECKF(status == CSV_RECORD, "round trip '%c': row %zu: %s", delim, row,
               csv_strerror(status));
        if (status != CSV_RECORD)
            break;
        CHECKF(csv_field_count(r) == COLS, "row %zu: %zu fields", row, csv_field_count(r));
        for (col = 0; col < COLS && col < csv_field_count(r); col++) {
            size_t len;
            const char *s = csv_field(r, col, &len);
            CHECKF(len == strlen(truth[row][col]) && strcmp(s, truth[row][col]) == 0,
                   "round trip '%c': row %zu col %zu: '%s', want '%s'", delim, row, col, s,
                   truth[row][col]);
        }
    }
    if (r != NULL) {
        CHECKF(csv_read(r) == CSV_END, "round trip '%c': records after the last", delim);
        CHECKF(csv_delimiter(r) == delim, "detected %d, want %d", csv_delimiter(r), delim);
        CHECKF(csv_bytes(r) > 600000, "only %llu bytes: too few buffer boundaries",
               csv_bytes(r));
    }
    csv_close(r);
    fclose(f);
}

/* ---- errors ---------------------------------------------------------------- */

static int read_text(const char *text, size_t n, int *records, unsigned long long *line)
{
    FILE *f = tmpfile();
    csv_reader *r;
    int status;
    *records = 0;
    fwrite(text, 1, n, f);
    rewind(f);
    r = csv_open(f, 0);
    while ((status = csv_read(r)) == CSV_RECORD)
        (*records)++;
    *line = csv_line(r);
    /* Errors stay. */
    CHECK(csv_read(r) == status);
    csv_close(r);
    fclose(f);
    return status;
}

static void errors(void)
{
    int records;
    unsigned long long line;
    char *big;
    size_t i;
    CHECK(read_text("a,b\n1,\"x\n2,3\n", 13, &records, &line) == CSV_ERR_QUOTE && records == 1 &&
          line == 2);
    CHECK(read_text("a,b\n1,2\n3,\0\n", 12, &records, &line) == CSV_ERR_BINARY && records == 2 &&
          line == 3);
    CHECK(read_text("", 0, &records, &line) == CSV_END && records == 0);
    CHECK(read_text("\n\r\n\n", 4, &records, &line) == CSV_END && records == 0);
    CHECK(read_text("\"\"", 2, &records, &line) == CSV_END && records == 1);
    /* A record beyond CSV_MAX_RECORD (an unterminated quote, typically). */
    big = malloc(CSV_MAX_RECORD + 1100);
    CHECK(big != NULL);
    if (big != NULL) {
        big[0] = '"';
        for (i = 1; i < CSV_MAX_RECORD + 10; i++)
            big[i] = i % 80 == 0 ? '\n' : 'x';
        CHECK(read_text(big, CSV_MAX_RECORD + 10, &records, &line) == CSV_ERR_TOO_LONG &&
              records == 0 && line == 1);
        /* The limits themselves are allowed: CSV_MAX_FIELDS fields, and
         * CSV_MAX_RECORD bytes of text however many fields carry them. */
        for (i = 0; i + 1 < CSV_MAX_FIELDS; i++)
            big[i] = ',';
        big[i++] = '\n';
        CHECK(read_text(big, i, &records, &line) == CSV_END && records == 1);
        big[i - 1] = ',';
        big[i++] = '\n';
        CHECK(read_text(big, i, &records, &line) == CSV_ERR_TOO_LONG);
        /* 1049 delimiters, which do not count: CSV_MAX_RECORD bytes of text. */
        for (i = 0; i < CSV_MAX_RECORD + 1049; i++)
            big[i] = i % 1000 == 999 ? ';' : 'y';
        big[i++] = '\n';
        CHECK(read_text(big, i, &records, &line) == CSV_END && records == 1);
        big[i - 1] = 'y';
        big[i++] = '\n';
        CHECK(read_text(big, i, &records, &line) == CSV_ERR_TOO_LONG);
        free(big);
    }
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: %s PARSE_VECTORS CSV_RECORDS DATA_DIR\n", argv[0]);
        return 2;
    }
    parse_vectors(argv[1]);
    numbers_match_strtod();
    csv_records(argv[2], argv[3]);
    round_trip(',');
    round_trip(';');
    round_trip('\t');
    errors();
    return check_exit();
}
