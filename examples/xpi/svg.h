/*
 * Small SVG primitives for the HTML output's charts: elements written as
 * XML (attributes quoted, text escaped, empty elements self-closed) so the
 * page stays well-formed, and coordinates checked to be finite: an element
 * with a NaN or infinite coordinate is left out rather than written as
 * "nan", which no viewer could draw. Styling is by class, from the page's
 * stylesheet.
 */
#ifndef XPI_TOOL_SVG_H
#define XPI_TOOL_SVG_H

#include <stddef.h>
#include <stdio.h>

/* A linear map from data values [d0, d1] to drawing coordinates [r0, r1]. */
typedef struct svg_scale {
    double d0, d1, r0, r1;
} svg_scale;

double svg_map(const svg_scale *s, double v);

/* An axis of "nice" ticks (1, 2 or 5 times a power of ten) over the domain
 * [lo, hi]. */
typedef struct svg_axis {
    double lo, hi;  /* the domain, widened to whole steps by svg_axis_nice */
    double step;
    int decimals;   /* enough to tell the ticks apart */
} svg_axis;

/* About `target` ticks covering [lo, hi]; lo == hi (or non-finite bounds)
 * still gives a usable axis around the value (or around 0). */
void svg_axis_nice(svg_axis *a, double lo, double hi, int target);
/* Narrows the domain to [min, max] where the statistic cannot go beyond. */
void svg_axis_clamp(svg_axis *a, double min, double max);
/* The ticks: multiples of the step inside the domain. */
size_t svg_axis_count(const svg_axis *a);
double svg_axis_tick(const svg_axis *a, size_t i);
/* A tick's text with the axis' decimals and unit suffix ("" or "%"). */
void svg_axis_label(const svg_axis *a, double v, const char *unit, char *buf, size_t size);

/* <svg> with a viewBox of width x height and a <title> for screen readers
 * and tooltips; cls names the chart's kind for styling (and tests). */
void svg_open(FILE *f, int width, int height, const char *cls, const char *title);
void svg_close(FILE *f);

/* The elements. cls may be NULL; tip, when not NULL, is a tooltip
 * (<title> child). Text is escaped; anchor is "start", "middle" or "end". */
void svg_line(FILE *f, double x1, double y1, double x2, double y2, const char *cls);
void svg_rect(FILE *f, double x, double y, double w, double h, const char *cls,
              const char *tip);
void svg_text(FILE *f, double x, double y, const char *anchor, const char *cls,
              const char *text, const char *tip);
/* Text turned to run upwards, centred on (x, y): a vertical axis' name. */
void svg_text_up(FILE *f, double x, double y, const char *cls, const char *text);

/* Point markers that differ by shape as well as by colour, so a chart
 * printed in grey (or read by the colour-blind) still tells them apart. */
enum svg_shape { SHAPE_CIRCLE, SHAPE_SQUARE, SHAPE_DIAMOND, SHAPE_UP, SHAPE_DOWN };
void svg_marker(FILE *f, enum svg_shape shape, double cx, double cy, double r, const char *cls,
                const char *tip);

/* A line through the points (x[i], y[i]) that breaks wherever y is not
 * finite, so periods without data show as gaps instead of being bridged. */
void svg_polyline_gaps(FILE *f, const double *x, const double *y, size_t n, const char *cls);
/* The area between lo[i] and hi[i] along x, in one piece per run of
 * finite points; a point alone in its run gets a bar of half-width cap. */
void svg_band_gaps(FILE *f, const double *x, const double *lo, const double *hi, size_t n,
                   double cap, const char *cls);


#endif
