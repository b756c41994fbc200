/*
 * Reading periods of score counts from the reference vectors:
 * "c,c,...;c,c,..." (spaces after ';' allowed), one tally per period, the
 * counts from the scale's lowest score up.
 */
#ifndef XPI_TEST_PERIODS_H
#define XPI_TEST_PERIODS_H

#include <stdlib.h>

#include "check.h"
#include "xpi.h"

static inline size_t parse_periods(char *field, int32_t metric, xpi_tally **out, size_t max)
{
    size_t n = 0;
    char *p = field;
    while (*p != '\0' && n < max) {
        int32_t score = metric == XPI_METRIC_NPS ? 0 : 1;
        CHECK_STATUS(xpi_tally_new(&out[n], metric, NULL), XPI_OK);
        for (;;) {
            unsigned long long c = strtoull(p, &p, 10);
            if (c > 0)
                CHECK_STATUS(xpi_tally_add_n(out[n], score, (uint64_t)c), XPI_OK);
            score++;
            if (*p != ',')
                break;
            p++;
        }
        n++;
        while (*p == ';' || *p == ' ')
            p++;
    }
    return n;
}

#endif
