/*
 * The proleptic Gregorian calendar on day numbers (days since
 * 1970-01-01), for series by day, ISO week, month, quarter and year.
 * days_from_civil and civil_from_days are Howard Hinnant's algorithms
 * ("chrono-compatible low-level date algorithms"): exact integer
 * arithmetic in 400-year eras, valid far beyond years 1..9999.
 */
#include <stdio.h>

#include "xpi_internal.h"

int64_t xpi_days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = xpi_floor_div(y, 400);
    yoe = y - era * 400;                                           /* [0, 399] */
    doy = (153 * (int64_t)(m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                   /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void xpi_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = xpi_floor_div(z, 146097);
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

int64_t xpi_period_of_day(int64_t day, int32_t period)
{
    int64_t y;
    int m, d;
    if (period == XPI_PERIOD_DAY)
        return day;
    if (period == XPI_PERIOD_WEEK)
        return xpi_floor_div(day + 3, 7); /* 1970-01-01 was a Thursday */
    xpi_civil_from_days(day, &y, &m, &d);
    if (period == XPI_PERIOD_MONTH)
        return y * 12 + (m - 1);
    if (period == XPI_PERIOD_QUARTER)
        return y * 4 + (m - 1) / 3;
    return y;
}

int64_t xpi_period_first_day(int64_t index, int32_t period)
{
    switch (period) {
    case XPI_PERIOD_DAY:
        return index;
    case XPI_PERIOD_WEEK:
        return index * 7 - 3; /* the Monday */
    case XPI_PERIOD_MONTH:
        return xpi_days_from_civil(xpi_floor_div(index, 12), (int)(index - xpi_floor_div(index, 12) * 12) + 1, 1);
    case XPI_PERIOD_QUARTER:
        return xpi_days_from_civil(xpi_floor_div(index, 4), (int)(index - xpi_floor_div(index, 4) * 4) * 3 + 1, 1);
    default:
        return xpi_days_from_civil(index, 1, 1);
    }
}

void xpi_period_label(int64_t index, int32_t period, char *out, size_t size)
{
    int64_t first = xpi_period_first_day(index, period), y;
    int m, d;
    if (period == XPI_PERIOD_WEEK) {
        /* The ISO year is the year of the week's Thursday; week 1 holds the
         * year's first Thursday. */
        int64_t thursday = first + 3, jan1;
        xpi_civil_from_days(thursday, &y, &m, &d);
        jan1 = xpi_days_from_civil(y, 1, 1);
        snprintf(out, size, "%04lld-W%02lld", (long long)y,
                 (long long)((thursday - jan1) / 7 + 1));
        return;
    }
    xpi_civil_from_days(first, &y, &m, &d);
    if (period == XPI_PERIOD_DAY)
        snprintf(out, size, "%04lld-%02d-%02d", (long long)y, m, d);
    else if (period == XPI_PERIOD_MONTH)
        snprintf(out, size, "%04lld-%02d", (long long)y, m);
    else if (period == XPI_PERIOD_QUARTER)
        snprintf(out, size, "%04lld-Q%d", (long long)y, (m - 1) / 3 + 1);
    else
        snprintf(out, size, "%04lld", (long long)y);
}
