/*
 * The HTML report's charts (see html_charts.h): a trend as a line with its
 * interval as a band and its events marked, and estimates with interval
 * bars for groups and segments, drawn with svg.c's primitives.
 */
#include "html_charts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "svg.h"

#define CELL 160   /* a cell made of numbers and words */
#define PART 124   /* one key of a crosstab's label, clipped */
#define LABEL 256  /* a whole label, clipped: room for two PARTs and " / " */
#define TIP 448    /* a tooltip: a LABEL and a few numbers */

/* What the library reads as "no figure"; NAN is a float, and clang's
 * -Wdouble-promotion flags it where a double is meant. */
#define NO_VALUE ((double)NAN)

/* Charts: one width for all, so they line up on the page and in print. */
#define CHART_W 720
/* Past this many periods the points are not marked one by one: the line
 * is readable, a marker per period is not. */
#define MAX_MARKED 60

/* A segment's name: its value, or both values of a crosstab cell. */
void segment_name(char *buf, const char *l0, const char *l1)
{
    char a[PART], b[PART];
    clip_text(a, sizeof a, label_or_missing(l0), PART);
    if (l1 == NULL) {
        snprintf(buf, LABEL, "%s", a);
        return;
    }
    clip_text(b, sizeof b, label_or_missing(l1), PART);
    snprintf(buf, LABEL, "%s / %s", a, b);
}

static const char *event_kind(int32_t kind)
{
    switch (kind) {
    case XPI_EVENT_SPIKE:
        return "spike";
    case XPI_EVENT_DIP:
        return "dip";
    case XPI_EVENT_SHIFT:
        return "shift";
    case XPI_EVENT_TREND:
        return "trend";
    default:
        return "event";
    }
}

/* ---- charts: a frame with axes ---------------------------------------- */

/* The plotting area inside a chart's viewBox. */
typedef struct frame {
    double left, top, width, height;
} frame;

/* The range a statistic can take, so that axes stop at 100% or at the
 * ends of the scale instead of at the next round number beyond. */
static void stat_bounds(const metric_report *m, double *lo, double *hi)
{
    int32_t smin = 0, smax = 0;
    switch (m->stat) {
    case XPI_STAT_NET:
        *lo = -100.0;
        *hi = 100.0;
        return;
    case XPI_STAT_TOP:
    case XPI_STAT_BOTTOM:
        *lo = 0.0;
        *hi = 100.0;
        return;
    default:
        if (xpi_cube_scale(m->input->cube, NULL, &smin, &smax, NULL, NULL, NULL) == XPI_OK &&
            smin < smax) {
            *lo = smin;
            *hi = smax;
        } else {
            *lo = -HUGE_VAL;
            *hi = HUGE_VAL;
        }
    }
}

/* An axis over [lo, hi] within what the statistic allows. */
static void value_axis(svg_axis *a, const metric_report *m, double lo, double hi, int target)
{
    double bmin, bmax;
    stat_bounds(m, &bmin, &bmax);
    svg_axis_nice(a, lo, hi, target);
    svg_axis_clamp(a, bmin, bmax);
}

/* Horizontal grid lines with their values at the left of the frame. */
static void grid_y(FILE *f, const frame *fr, const svg_axis *a, const svg_scale *ys,
                   const char *unit)
{
    size_t i, n = svg_axis_count(a);
    char label[NUM + 8];
    for (i = 0; i < n; i++) {
        double v = svg_axis_tick(a, i), y = svg_map(ys, v);
        svg_line(f, fr->left, y, fr->left + fr->width, y, "grid");
        svg_axis_label(a, v, unit, label, sizeof label);
        svg_text(f, fr->left - 6.0, y + 4.0, "end", NULL, label, NULL);
    }
    svg_line(f, fr->left, fr->top, fr->left, fr->top + fr->height, "axis");
}

/* Vertical grid lines with their values under the frame. */
static void grid_x(FILE *f, const frame *fr, const svg_axis *a, const svg_scale *xs,
                   const char *unit)
{
    size_t i, n = svg_axis_count(a);
    double bottom = fr->top + fr->height;
    char label[NUM + 8];
    for (i = 0; i < n; i++) {
        double v = svg_axis_tick(a, i), x = svg_map(xs, v);
        svg_line(f, x, fr->top, x, bottom, "grid");
        svg_line(f, x, bottom, x, bottom + 4.0, "axis");
        svg_axis_label(a, v, unit, label, sizeof label);
        svg_text(f, x, bottom + 16.0, "middle", NULL, label, NULL);
    }
    svg_line(f, fr->left, bottom, fr->left + fr->width, bottom, "axis");
}

/* ---- charts: trend ----------------------------------------------------- */

int read_series(const metric_report *m, series_points *s)
{
    size_t i;
    s->n = 0;
    s->x = NULL;
    xpi_table_rows(m->series, &s->n);
    if (s->n == 0)
        return 0;
    s->x = malloc(4 * s->n * sizeof *s->x);
    if (s->x == NULL)
        return EXIT_INTERNAL;
    s->est = s->x + s->n;
    s->lo = s->est + s->n;
    s->hi = s->lo + s->n;
    for (i = 0; i < s->n; i++) {
        s->est[i] = s->lo[i] = s->hi[i] = NO_VALUE;
        xpi_table_get(m->series, i, XPI_COL_ESTIMATE, &s->est[i]);
        xpi_table_get(m->series, i, XPI_COL_LOWER, &s->lo[i]);
        xpi_table_get(m->series, i, XPI_COL_UPPER, &s->hi[i]);
    }
    return 0;
}

/* The least and greatest finite values of the series' points and
 * intervals; 0 when there is none to draw. */
int series_extent(const series_points *s, double *lo, double *hi)
{
    size_t i;
    int any = 0;
    *lo = HUGE_VAL;
    *hi = -HUGE_VAL;
    for (i = 0; i < s->n; i++) {
        const double v[3] = { s->est[i], s->lo[i], s->hi[i] };
        size_t j;
        if (!isfinite(s->est[i]))
            continue;
        any = 1;
        for (j = 0; j < 3; j++)
            if (isfinite(v[j])) {
                *lo = fmin(*lo, v[j]);
                *hi = fmax(*hi, v[j]);
            }
    }
    return any;
}

static enum svg_shape event_shape(int32_t kind)
{
    return kind == XPI_EVENT_SPIKE  ? SHAPE_UP
           : kind == XPI_EVENT_DIP  ? SHAPE_DOWN
           : kind == XPI_EVENT_SHIFT ? SHAPE_DIAMOND
                                    : SHAPE_SQUARE;
}

void trend_chart(FILE *f, const report *r, const metric_report *m, series_points *s)
{
    size_t events = 0;
    /* Room above the plot for the events' names, when there are any. */
    const double top = xpi_table_rows(m->events, &events) == XPI_OK && events > 0 ? 38.0 : 14.0;
    const frame fr = { 62.0, top, CHART_W - 62.0 - 16.0, 222.0 };
    const int height = (int)(top + 222.0 + 36.0);
    const char *unit = stat_unit(m->stat), *what = stat_label(m->input->metric, m->stat);
    const char *per = options_period_name(r->opt->period);
    int dec = stat_decimals(m->stat);
    double lo, hi, slot = fr.width / (double)s->n, label_w, last_label[2] = { -1e9, -1e9 };
    size_t i, longest = 1, every;
    svg_axis ya;
    svg_scale ys;
    char title[CELL];

    series_extent(s, &lo, &hi);
    value_axis(&ya, m, lo, hi, 6);
    ys.d0 = ya.lo;
    ys.d1 = ya.hi;
    ys.r0 = fr.top + fr.height;
    ys.r1 = fr.top;
    for (i = 0; i < s->n; i++) {
        s->x[i] = fr.left + ((double)i + 0.5) * slot;
        /* Drawing coordinates from here on. */
        s->est[i] = svg_map(&ys, s->est[i]);
        s->lo[i] = svg_map(&ys, s->lo[i]);
        s->hi[i] = svg_map(&ys, s->hi[i]);
    }

    snprintf(title, sizeof title, "%s by %s: estimate with its %g%% interval%s", what, per,
             100.0 * r->opt->confidence, events > 0 ? ", and events" : "");
    svg_open(f, CHART_W, height, "chart trend", title);
    grid_y(f, &fr, &ya, &ys, unit);
    svg_line(f, fr.left, fr.top + fr.height, fr.left + fr.width, fr.top + fr.height, "axis");
    svg_text_up(f, 14.0, fr.top + fr.height / 2.0, "muted", what);

    /* Period labels: as many as fit side by side, evenly spaced. */
    for (i = 0; i < s->n; i++) {
        const char *label = "";
        xpi_table_label(m->series, i, 0, &label, NULL);
        if (strlen(label) > longest)
            longest = strlen(label);
    }
    label_w = (double)longest * 6.4 + 12.0;
    every = (size_t)ceil(label_w / slot);
    if (every < 1)
        every = 1;
    for (i = 0; i < s->n; i += every) {
        const char *label = "";
        xpi_table_label(m->series, i, 0, &label, NULL);
        svg_line(f, s->x[i], fr.top + fr.height, s->x[i], fr.top + fr.height + 4.0, "axis");
        svg_text(f, s->x[i], fr.top + fr.height + 17.0, "middle", NULL, label, NULL);
    }

    svg_band_gaps(f, s->x, s->lo, s->hi, s->n, fmin(3.0, 0.35 * slot), "band");
    svg_polyline_gaps(f, s->x, s->est, s->n, s->n > MAX_MARKED ? "line dense" : "line");
    for (i = 0; i < s->n; i++) {
        int alone = (i == 0 || !isfinite(s->est[i - 1])) &&
                    (i + 1 == s->n || !isfinite(s->est[i + 1]));
        period_row p;
        char tip[TIP], a[NUM], b[SPAN], c[NUM], name[LABEL];
        /* Every point when they can be told apart; otherwise only those
         * the line does not reach. */
        if (!isfinite(s->est[i]) || (s->n > MAX_MARKED && !alone))
            continue;
        read_period(m->series, i, &p);
        clip_text(name, sizeof name, p.label, 64);
        snprintf(tip, sizeof tip, "%s: %s%s (%s), n = %s", name, num(a, p.estimate, dec), unit,
                 interval(b, p.lower, p.upper, dec), count(c, p.n));
        svg_marker(f, SHAPE_CIRCLE, s->x[i], s->est[i], s->n > MAX_MARKED ? 2.5 : 3.5, "point",
                   tip);
    }

    for (i = 0; i < events; i++) {
        xpi_event e;
        char sentence[512];
        const char *kind;
        char cls[32];
        double x, y;
        int level;
        if (xpi_table_event(m->events, i, &e) != XPI_OK || e.row >= s->n)
            continue;
        kind = event_kind(e.kind);
        x = s->x[e.row];
        y = isfinite(s->est[e.row]) ? s->est[e.row] : fr.top;
        describe_event(m, &e, r->opt->period, sentence, sizeof sentence);
        snprintf(cls, sizeof cls, "event event-%s", kind);
        svg_line(f, x, fr.top - 4.0, x, fr.top + fr.height, cls);
        svg_marker(f, event_shape(e.kind), x, y, 5.0, "event-mark", sentence);
        /* Two rows of labels, so events in neighbouring periods stay
         * legible. */
        level = x - last_label[0] >= 44.0 ? 0 : x - last_label[1] >= 44.0 ? 1 : 0;
        last_label[level] = x;
        svg_text(f, x, level == 0 ? 12.0 : 26.0, "middle", "event-label", kind, sentence);
    }
    svg_close(f);
}

/* ---- charts: estimates with interval bars ----------------------------- */

static const char *const dot_bar[] = { "bar", "bar", "bar-up", "bar-down", "bar-low" };
static const char *const dot_mark[] = { "dot", "dot-group", "dot-up", "dot-down", "dot-low" };
static const char *const dot_text[] = { NULL, NULL, "up", "down", "low" };
static const enum svg_shape dot_shape[] = { SHAPE_CIRCLE, SHAPE_CIRCLE, SHAPE_UP, SHAPE_DOWN,
                                            SHAPE_CIRCLE };

/* The chart's rows: all of them when they fit, else the first and last
 * MAX_DOTS / 2 with one row between that stands for the others. */
static size_t dot_slots(size_t n)
{
    return n <= MAX_DOTS ? n : MAX_DOTS + 1;
}

/* The table row a chart row shows; n for the one standing for the rest. */
static size_t dot_slot_row(size_t n, size_t slot)
{
    if (n <= MAX_DOTS || slot < MAX_DOTS / 2)
        return slot;
    if (slot == MAX_DOTS / 2)
        return n;
    return n - (MAX_DOTS + 1 - slot);
}

static void dot_legend(FILE *f, double y, double min_n)
{
    char low[CELL];
    const char *labels[4];
    const enum dot_style styles[4] = { DOT_UP, DOT_DOWN, DOT_PLAIN, DOT_LOW };
    double x = 20.0;
    size_t i;
    snprintf(low, sizeof low, "fewer than %g responses", min_n);
    labels[0] = "significantly above";
    labels[1] = "significantly below";
    labels[2] = "not significant";
    labels[3] = low;
    for (i = 0; i < 4; i++) {
        svg_line(f, x - 10.0, y, x + 10.0, y, dot_bar[styles[i]]);
        svg_marker(f, dot_shape[styles[i]], x, y, 4.5, dot_mark[styles[i]], NULL);
        svg_text(f, x + 16.0, y + 4.0, "start", dot_text[styles[i]], labels[i], NULL);
        x += 16.0 + 24.0 + 6.6 * (double)strlen(labels[i]);
    }
}

void dot_chart_draw(FILE *f, const dot_chart *c, const dot_row *rows, size_t n)
{
    const metric_report *m = c->m;
    const char *unit = stat_unit(m->stat);
    const double row_h = 22.0, label_right = 204.0, value_right = CHART_W - 8.0;
    int dec = stat_decimals(m->stat);
    size_t slots = dot_slots(n), s, i;
    frame fr;
    svg_axis xa;
    svg_scale xs;
    double lo = HUGE_VAL, hi = -HUGE_VAL, bottom;
    int height;

    for (i = 0; i < n; i++) {
        const double v[3] = { rows[i].est, rows[i].lo, rows[i].hi };
        size_t j;
        for (j = 0; j < 3; j++)
            if (isfinite(v[j])) {
                lo = fmin(lo, v[j]);
                hi = fmax(hi, v[j]);
            }
    }
    {
        const double ref[3] = { c->ref, c->ref_lo, c->ref_hi };
        for (i = 0; i < 3; i++)
            if (isfinite(ref[i])) {
                lo = fmin(lo, ref[i]);
                hi = fmax(hi, ref[i]);
            }
    }
    value_axis(&xa, m, lo, hi, 7);
    fr.left = label_right + 10.0;
    fr.top = isfinite(c->ref) ? 24.0 : 10.0;
    fr.width = value_right - 56.0 - fr.left;
    fr.height = row_h * (double)slots;
    bottom = fr.top + fr.height;
    height = (int)ceil(bottom + 30.0 + (c->legend ? 26.0 : 0.0));
    xs.d0 = xa.lo;
    xs.d1 = xa.hi;
    xs.r0 = fr.left;
    xs.r1 = fr.left + fr.width;

    svg_open(f, CHART_W, height, c->cls, c->title);
    if (isfinite(c->ref_lo) && isfinite(c->ref_hi)) {
        double x1 = svg_map(&xs, c->ref_lo), x2 = svg_map(&xs, c->ref_hi);
        svg_rect(f, x1, fr.top, x2 - x1, fr.height, "overall-band", NULL);
    }
    grid_x(f, &fr, &xa, &xs, unit);
    if (isfinite(c->ref)) {
        char a[NUM], label[NUM + 16];
        double x = svg_map(&xs, c->ref);
        snprintf(label, sizeof label, "overall %s%s", num(a, c->ref, dec), unit);
        svg_line(f, x, fr.top - 4.0, x, bottom, "overall");
        svg_text(f, x, fr.top - 8.0, "middle", NULL, label, NULL);
    }
    for (s = 0; s < slots; s++) {
        size_t k = dot_slot_row(n, s);
        double y = fr.top + ((double)s + 0.5) * row_h;
        const dot_row *d;
        char name[LABEL], shown[LABEL], tip[TIP], a[NUM], b[SPAN], e[NUM];
        if (k == n) {
            snprintf(tip, sizeof tip, "\xE2\x80\xA6 %lu more in the table \xE2\x80\xA6",
                     (unsigned long)(n - MAX_DOTS));
            svg_text(f, fr.left + fr.width / 2.0, y + 4.0, "middle", "gap", tip, NULL);
            continue;
        }
        d = &rows[k];
        segment_name(name, d->label, d->label2);
        clip_text(shown, sizeof shown, name, 26);
        snprintf(tip, sizeof tip, "%s: %s%s (%s), n = %s", name, num(a, d->est, dec), unit,
                 interval(b, d->lo, d->hi, dec), count(e, d->n));
        svg_text(f, label_right, y + 4.0, "end", dot_text[d->style], shown, tip);
        if (isfinite(d->lo) && isfinite(d->hi))
            svg_line(f, svg_map(&xs, d->lo), y, svg_map(&xs, d->hi), y, dot_bar[d->style]);
        if (isfinite(d->est)) {
            svg_marker(f, dot_shape[d->style], svg_map(&xs, d->est), y, 4.5,
                       dot_mark[d->style], tip);
            snprintf(b, sizeof b, "%s%s", num(a, d->est, dec), unit);
            svg_text(f, value_right, y + 4.0, "end", dot_text[d->style], b, NULL);
        }
    }
    if (c->legend)
        dot_legend(f, bottom + 40.0, c->min_n);
    svg_close(f);
}

/* Whether any row has an estimate to draw. */
int dots_drawable(const dot_row *rows, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (isfinite(rows[i].est))
            return 1;
    return 0;
}
