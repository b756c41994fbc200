/*
 * Renderers of a report: the same analyses as aligned text tables, JSON
 * (schema in docs/xpi.md), tidy CSV, or one self-contained HTML page with
 * inline SVG charts. Each returns 0, or EXIT_INTERNAL when out of memory;
 * write errors are found by the caller through ferror.
 */
#ifndef XPI_TOOL_OUTPUT_H
#define XPI_TOOL_OUTPUT_H

#include <stdio.h>

#include "report.h"

int output_text(FILE *f, const report *r);
int output_json(FILE *f, const report *r);
int output_csv(FILE *f, const report *r);
int output_html(FILE *f, const report *r);

/* Shared wording. */
/* The half-width to quote as "+/-": the larger side of the interval. */
double margin_of(const xpi_estimate *e);
/* One sentence describing an event (no trailing newline), periods named
 * by the series' labels. */
void describe_event(const metric_report *m, const xpi_event *e, int32_t period, char *buf,
                    size_t size);
/* "95% intervals (method: t)"; for the sections of a metric whose tests
 * fall back to the default, "95% intervals (method: default, as bootstrap
 * gives no tests)". m NULL: the options' method (the scores). */
void method_words(const report *r, const metric_report *m, char *buf, size_t size);

/* "bh-adjusted p < 0.05" (or "p < 0.05, not adjusted"), and "? fewer
 * than 30 responses, not tested" (empty without a minimum): the segments'
 * legend. */
void significance_words(const options *o, char *buf, size_t size);
void low_n_words(const options *o, const char *mark, char *buf, size_t size);

/* Decimals to print for a statistic's values. */
int stat_decimals(int32_t stat);

/* Numbers as text and html print them, into buffers of NUM bytes (SPAN
 * for an interval); each returns buf, or "-" for NaN. */
#define NUM 40  /* a number */
#define SPAN 88 /* an interval: two numbers */
const char *num(char *buf, double v, int decimals);
const char *count(char *buf, double v);
const char *pvalue(char *buf, double p); /* 3 decimals, "<0.001" below */
const char *interval(char *buf, double lo, double hi, int decimals); /* "lo to hi" */
/* A segment value, "(missing)" for the empty one. */
const char *label_or_missing(const char *s);

/* One period of a series, and one segment of a breakdown or crosstab, as
 * the renderers show them (NaN where the table has no figure). */
typedef struct period_row {
    const char *label;
    double n, estimate, lower, upper, diff, p;
} period_row;
typedef struct segment_row {
    const char *label, *label2; /* label2: a crosstab's second value, else NULL */
    double n, share, estimate, lower, upper, diff, p_adjusted, impact;
    double significant, insufficient;
} segment_row;
void read_period(const xpi_table *series, size_t row, period_row *out);
void read_segment(const xpi_table *segments, size_t row, segment_row *out);

#endif
