/*
 * The calendar behind series periods against Python's datetime
 * (tests/ref/gen_calendar.py): labels of days, ISO weeks, months,
 * quarters and years, and each period's first day, for ~3,700 days from
 * 0001-01-01 to 9999-12-31. Internal functions, through the static
 * library.
 *
 * Usage: test_calendar calendar_vectors.tsv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tsv.h"
#include "xpi_internal.h"

static void check_period(int64_t day, int32_t period, const char *label, int64_t first)
{
    char got[32];
    int64_t index = xpi_period_of_day(day, period);
    xpi_period_label(index, period, got, sizeof got);
    check_count++;
    if (strcmp(got, label) != 0 || xpi_period_first_day(index, period) != first ||
        xpi_period_of_day(first, period) != index ||
        xpi_period_of_day(first - 1, period) != index - 1) {
        check_failures++;
        fprintf(stderr, "day %lld period %d: %s first %lld, want %s first %lld\n",
                (long long)day, (int)period, got,
                (long long)xpi_period_first_day(index, period), label, (long long)first);
    }
}

int main(int argc, char **argv)
{
    char line[512], *f[12];
    int rows = 0;
    FILE *in;
    if (argc != 2 || (in = fopen(argv[1], "r")) == NULL) {
        fprintf(stderr, "usage: test_calendar calendar_vectors.tsv\n");
        return 1;
    }
    while (fgets(line, sizeof line, in) != NULL) {
        int64_t day, y;
        int m, d;
        char date[16];
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '#' || split_tabs(line, f, 12) != 10)
            continue;
        day = strtoll(f[0], NULL, 10);
        xpi_civil_from_days(day, &y, &m, &d);
        snprintf(date, sizeof date, "%04lld-%02d-%02d", (long long)y, m, d);
        CHECK(strcmp(date, f[1]) == 0);
        CHECK(xpi_days_from_civil(y, m, d) == day);
        check_period(day, XPI_PERIOD_DAY, f[1], day);
        check_period(day, XPI_PERIOD_WEEK, f[2], strtoll(f[3], NULL, 10));
        check_period(day, XPI_PERIOD_MONTH, f[4], strtoll(f[5], NULL, 10));
        check_period(day, XPI_PERIOD_QUARTER, f[6], strtoll(f[7], NULL, 10));
        check_period(day, XPI_PERIOD_YEAR, f[8], strtoll(f[9], NULL, 10));
        rows++;
    }
    fclose(in);
    CHECK(rows > 3500);
    return check_exit();
}
