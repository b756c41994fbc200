/*
 * Strict parsing of CSV cells: a cell is accepted only when all of it
 * reads as the value (surrounding spaces aside), never a prefix of it.
 */
#ifndef XPI_TOOL_PARSE_H
#define XPI_TOOL_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* A whole number in the int32 range: optional sign, digits, and an
 * optional fraction of zeros only ("4", "+4", "4.0"; not "4.5", "4x",
 * "1e1"). 1 when read, 0 otherwise. */
int parse_score(const char *s, size_t n, int32_t *out);

/* A finite decimal number ("1", "0.25", "2.5e-3"). 1 when read. */
int parse_number(const char *s, size_t n, double *out);

/* A time as Unix seconds:
 *   ISO 8601 date             2026-01-31                (its midnight)
 *   date and time             2026-01-31T14:05[:09[.123]] or with a space
 *   with a UTC offset         ...Z, ...+02:00, ...-0530, ...+02
 *   Unix seconds              1767225600 (digits, optional sign and fraction)
 * A date or date-time without an offset is local time at local_offset
 * (seconds east of UTC), so that its day is the one written in that time
 * zone. Fractions of a second are dropped (toward the earlier second).
 * Calendar fields are checked (month 1-12, day in its month, hour 0-23,
 * minute 0-59, second 0-60, offset under 24 h). 1 when read. */
int parse_time(const char *s, size_t n, int32_t local_offset, int64_t *out);

/* Days from 1970-01-01 to the proleptic Gregorian date y-m-d. */
int64_t days_from_civil(int64_t y, int m, int d);

#endif
