/*
 * Reading the reference vectors: tab-separated lines.
 */
#ifndef XPI_TEST_TSV_H
#define XPI_TEST_TSV_H

#include <string.h>

/* Splits line at tabs in place into fields; returns the number of fields,
 * or -1 when there are more than max. */
static int split_tabs(char *line, char **fields, int max)
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

#endif
