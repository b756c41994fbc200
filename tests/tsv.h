/*
 * Reading the reference vectors: tab-separated lines.
 */
#ifndef XPI_TEST_TSV_H
#define XPI_TEST_TSV_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Splits line at tabs in place into fields; returns the number of fields,
 * or -1 when there are more than max. */
static inline int split_tabs(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    for (;;) {
        char *tab = strchr(p, '\t');
        if (n == max)
            return -1;
        fields[n++] = p;
        if (tab == NULL)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

/* Parses points comma-separated counts; *rest is left after the last. */
static inline int parse_counts(char *field, uint64_t *counts, size_t points, char **rest)
{
    size_t i;
    char *end = field;
    for (i = 0; i < points; i++) {
        counts[i] = strtoull(end, &end, 10);
        if (i + 1 < points && *end++ != ',')
            return 0;
    }
    *rest = end;
    return 1;
}

/* The id of a name in a table of n names; 0 when it is not there. */
static inline int lookup(const char *name, const char *const *names, const int32_t *ids, size_t n,
                  int32_t *id)
{
    size_t i;
    for (i = 0; i < n; i++) {
        if (strcmp(name, names[i]) == 0) {
            *id = ids[i];
            return 1;
        }
    }
    return 0;
}

/* Calls row(fields, ctx) for every line of path with exactly nfields
 * tab-separated fields ('#' lines skipped); returns how many, or -1 when
 * the file cannot be read. Lines up to 1 MiB. */
typedef void (*tsv_row_fn)(char **fields, void *ctx);

static inline int tsv_rows(const char *path, int nfields, tsv_row_fn row, void *ctx)
{
    static char line[1 << 20];
    char *f[32];
    int rows = 0;
    FILE *in = fopen(path, "r");
    if (in == NULL)
        return -1;
    while (fgets(line, sizeof line, in) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || split_tabs(line, f, 32) != nfields)
            continue;
        row(f, ctx);
        rows++;
    }
    fclose(in);
    return rows;
}

#endif
