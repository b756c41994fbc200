/*
 * The HTML report's charts (inline SVG), used by output_html.c.
 */
#ifndef XPI_TOOL_HTML_CHARTS_H
#define XPI_TOOL_HTML_CHARTS_H

#include <stdio.h>

#include "output.h"

/* Past this many rows a dot chart shows the lowest and highest halves
 * (the ends of the impact order are what matter) and leaves the middle
 * to the table, so a chart still fits a page. */
#define MAX_DOTS 60

typedef struct series_points {
    size_t n;
    double *x, *est, *lo, *hi; /* one allocation: x, then est, lo, hi */
} series_points;

enum dot_style { DOT_PLAIN, DOT_GROUP, DOT_UP, DOT_DOWN, DOT_LOW };

typedef struct dot_row {
    const char *label, *label2; /* label2: a crosstab cell's second value, or NULL */
    double n, est, lo, hi;
    enum dot_style style;
} dot_row;

typedef struct dot_chart {
    const char *cls, *title;
    const metric_report *m;
    double ref, ref_lo, ref_hi; /* the overall estimate and interval; NaN for none */
    int legend;                 /* whether to explain the significance marks */
    double min_n;               /* for the legend */
} dot_chart;

/* A series' periods as chart points (NaN where a period has no data);
 * EXIT_INTERNAL when out of memory, 0 otherwise. Free s->x. */
int read_series(const metric_report *m, series_points *s);
/* The lowest and highest value to show; 0 when nothing is finite. */
int series_extent(const series_points *s, double *lo, double *hi);
/* The trend chart of a series: line, interval band, events. */
void trend_chart(FILE *f, const report *r, const metric_report *m, series_points *s);
/* Estimates with interval bars, one row each (n of them). */
void dot_chart_draw(FILE *f, const dot_chart *c, const dot_row *rows, size_t n);
/* Whether any row has a finite estimate to draw. */
int dots_drawable(const dot_row *rows, size_t n);
/* A segment's name into LABEL (256) bytes: its value, or both values of a
 * crosstab cell, each clipped. */
void segment_name(char *buf, const char *l0, const char *l1);

#endif
