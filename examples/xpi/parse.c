/*
 * Cell parsing (see parse.h). Hand-written scanners rather than strtol and
 * sscanf: those accept prefixes ("9abc" as 9), leading spaces in the middle
 * and locale-dependent forms.
 */
#include "parse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Drops surrounding spaces and tabs. */
static void trim(const char **s, size_t *n)
{
    while (*n > 0 && (**s == ' ' || **s == '\t')) {
        (*s)++;
        (*n)--;
    }
    while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
        (*n)--;
}

int parse_score(const char *s, size_t n, int32_t *out)
{
    size_t i = 0, digits = 0;
    int negative = 0;
    int64_t v = 0;
    trim(&s, &n);
    if (i < n && (s[i] == '+' || s[i] == '-'))
        negative = s[i++] == '-';
    for (; i < n && is_digit(s[i]); i++, digits++) {
        v = v * 10 + (s[i] - '0');
        if (v > (int64_t)INT32_MAX + 1)
            return 0;
    }
    if (digits == 0)
        return 0;
    if (i < n && s[i] == '.') /* "4.0": a whole number written with a fraction */
        for (i++; i < n && s[i] == '0'; i++)
            ;
    if (i != n)
        return 0;
    v = negative ? -v : v;
    if (v > INT32_MAX || v < INT32_MIN)
        return 0;
    *out = (int32_t)v;
    return 1;
}

/* Plain decimals ("1.53", "-2", "0.25") of at most 15 digits, the common
 * weight, without strtod: the digits as an integer (exact below 2^53)
 * divided by an exact power of ten is correctly rounded (Clinger 1990).
 * 1 when s was such a decimal. */
static int plain_decimal(const char *s, size_t n, double *out)
{
    static const double tens[16] = { 1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
    size_t i = 0, digits = 0, fraction = 0;
    int negative = 0, point = 0;
    int64_t m = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        negative = s[i++] == '-';
    for (; i < n; i++) {
        if (s[i] == '.' && !point) {
            point = 1;
        } else if (is_digit(s[i]) && digits < 15) {
            m = m * 10 + (s[i] - '0');
            digits++;
            fraction += point;
        } else {
            return 0;
        }
    }
    if (digits == 0)
        return 0;
    *out = (negative ? -(double)m : (double)m) / tens[fraction];
    return 1;
}

int parse_number(const char *s, size_t n, double *out)
{
    char buf[64], *end;
    size_t i;
    double v;
    trim(&s, &n);
    if (n == 0 || n >= sizeof buf)
        return 0;
    if (plain_decimal(s, n, out))
        return 1;
    /* strtod would also take hex, "inf", "nan" and leading spaces. */
    for (i = 0; i < n; i++)
        if (!is_digit(s[i]) && strchr("+-.eE", s[i]) == NULL)
            return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    v = strtod(buf, &end);
    if (end != buf + n || !isfinite(v))
        return 0;
    *out = v;
    return 1;
}

int64_t days_from_civil(int64_t y, int m, int d)
{
    /* Shift the year to start in March, so the leap day is the last day of
     * the shifted year; eras of 400 years repeat exactly (146097 days). */
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int64_t y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap);
}

/* Exactly `count` digits at s[*i], advanced past them. */
static int fixed_digits(const char *s, size_t n, size_t *i, int count, int *out)
{
    int v = 0, k;
    for (k = 0; k < count; k++, (*i)++) {
        if (*i >= n || !is_digit(s[*i]))
            return 0;
        v = v * 10 + (s[*i] - '0');
    }
    *out = v;
    return 1;
}

static int parse_unix(const char *s, size_t n, int64_t *out)
{
    size_t i = 0, digits = 0;
    int negative = 0, fraction = 0;
    int64_t v = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        negative = s[i++] == '-';
    for (; i < n && is_digit(s[i]); i++, digits++) {
        if (v > (INT64_MAX - 9) / 10)
            return 0;
        v = v * 10 + (s[i] - '0');
    }
    if (digits == 0)
        return 0;
    if (i < n && s[i] == '.') {
        for (i++; i < n && is_digit(s[i]); i++)
            fraction |= s[i] != '0';
    }
    if (i != n)
        return 0;
    /* Toward the earlier second, as for ISO times before 1970. */
    *out = negative ? -v - fraction : v;
    return 1;
}

int parse_time(const char *s, size_t n, int32_t local_offset, int64_t *out)
{
    size_t i = 0;
    int year, month, day, hour = 0, minute = 0, second = 0, oh = 0, om = 0, sign = 0;
    int zoned = 0;
    int64_t t;
    trim(&s, &n);
    if (n < 10 || s[4] != '-')
        return parse_unix(s, n, out);
    if (!fixed_digits(s, n, &i, 4, &year) || s[i++] != '-' || !fixed_digits(s, n, &i, 2, &month) ||
        i >= n || s[i++] != '-' || !fixed_digits(s, n, &i, 2, &day))
        return 0;
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
        return 0;
    if (i < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
        i++;
        if (!fixed_digits(s, n, &i, 2, &hour) || i >= n || s[i++] != ':' ||
            !fixed_digits(s, n, &i, 2, &minute))
            return 0;
        if (i < n && s[i] == ':') {
            i++;
            if (!fixed_digits(s, n, &i, 2, &second))
                return 0;
            if (i < n && (s[i] == '.' || s[i] == ',')) {
                size_t from = ++i;
                while (i < n && is_digit(s[i]))
                    i++;
                if (i == from)
                    return 0;
            }
        }
        if (hour > 23 || minute > 59 || second > 60)
            return 0;
        if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
            i++;
            zoned = 1;
        } else if (i < n && (s[i] == '+' || s[i] == '-')) {
            sign = s[i++] == '-' ? -1 : 1;
            zoned = 1;
            if (!fixed_digits(s, n, &i, 2, &oh))
                return 0;
            /* +HH, +HHMM or +HH:MM: a colon needs its minutes. */
            if (i < n && s[i] == ':') {
                i++;
                if (!fixed_digits(s, n, &i, 2, &om))
                    return 0;
            } else if (i < n && !fixed_digits(s, n, &i, 2, &om)) {
                return 0;
            }
            if (oh > 23 || om > 59)
                return 0;
        }
    }
    if (i != n)
        return 0;
    t = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
    *out = zoned ? t - sign * (oh * 3600 + om * 60) : t - local_offset;
    return 1;
}
