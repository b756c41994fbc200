/*
 * SVG primitives (see svg.h).
 */
#include "svg.h"

#include <math.h>
#include <string.h>

#include "escape.h"


double svg_map(const svg_scale *s, double v)
{
    double span = s->d1 - s->d0;
    /* A flat domain maps everything to the middle instead of dividing by 0. */
    if (span == 0.0)
        return 0.5 * (s->r0 + s->r1);
    return s->r0 + (v - s->d0) * (s->r1 - s->r0) / span;
}

/* ---- axes ------------------------------------------------------------- */

static double nice_step(double raw)
{
    double p = pow(10.0, floor(log10(raw))), m = raw / p;
    return (m <= 1.0 ? 1.0 : m <= 2.0 ? 2.0 : m <= 5.0 ? 5.0 : 10.0) * p;
}

void svg_axis_nice(svg_axis *a, double lo, double hi, int target)
{
    double step;
    if (!isfinite(lo) || !isfinite(hi))
        lo = hi = 0.0;
    if (lo > hi) {
        double t = lo;
        lo = hi;
        hi = t;
    }
    /* One value (a single period, every segment alike) still needs a span
     * to draw against. */
    if (hi - lo <= 1e-9 * fmax(1.0, fabs(lo))) {
        double pad = lo != 0.0 ? 0.1 * fabs(lo) : 1.0;
        lo -= pad;
        hi += pad;
    }
    step = nice_step((hi - lo) / (target > 1 ? target - 1 : 1));
    a->step = step;
    a->lo = floor(lo / step + 1e-9) * step;
    a->hi = ceil(hi / step - 1e-9) * step;
    a->decimals = step >= 1.0 ? 0 : (int)-floor(log10(step) + 1e-9);
}

void svg_axis_clamp(svg_axis *a, double min, double max)
{
    double lo = fmax(a->lo, min), hi = fmin(a->hi, max);
    if (lo < hi) {
        a->lo = lo;
        a->hi = hi;
    }
}

static double first_tick(const svg_axis *a)
{
    return ceil(a->lo / a->step - 1e-9) * a->step;
}

size_t svg_axis_count(const svg_axis *a)
{
    double first = first_tick(a);
    if (!(a->step > 0.0) || first > a->hi + 1e-9 * a->step)
        return 0;
    return (size_t)floor((a->hi - first) / a->step + 1e-9) + 1;
}

double svg_axis_tick(const svg_axis *a, size_t i)
{
    double v = first_tick(a) + (double)i * a->step;
    /* Steps of 0.1 add up to 1e-17 instead of 0, which prints as "-0". */
    return fabs(v) < 1e-9 * a->step ? 0.0 : v;
}

void svg_axis_label(const svg_axis *a, double v, const char *unit, char *buf, size_t size)
{
    snprintf(buf, size, "%.*f%s", a->decimals, v, unit);
}

/* ---- elements --------------------------------------------------------- */

static int finite2(double a, double b)
{
    return isfinite(a) && isfinite(b);
}

static void attr_class(FILE *f, const char *cls)
{
    if (cls != NULL) {
        fputs(" class=\"", f);
        write_escaped(f, cls, ESCAPE_XML);
        fputc('"', f);
    }
}

/* Ends an element opened with its attributes: with a tooltip as a child,
 * or self-closed. */
static void end_element(FILE *f, const char *tag, const char *tip)
{
    if (tip == NULL) {
        fputs("/>\n", f);
        return;
    }
    fputs("><title>", f);
    write_escaped(f, tip, ESCAPE_XML);
    fprintf(f, "</title></%s>\n", tag);
}

void svg_open(FILE *f, int width, int height, const char *cls, const char *title)
{
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
            "height=\"%d\" role=\"img\"",
            width, height, width, height);
    attr_class(f, cls);
    fputs(">\n<title>", f);
    write_escaped(f, title, ESCAPE_XML);
    fputs("</title>\n", f);
}

void svg_close(FILE *f)
{
    fputs("</svg>\n", f);
}

void svg_line(FILE *f, double x1, double y1, double x2, double y2, const char *cls)
{
    if (!finite2(x1, y1) || !finite2(x2, y2))
        return;
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"", x1, y1, x2, y2);
    attr_class(f, cls);
    fputs("/>\n", f);
}

void svg_rect(FILE *f, double x, double y, double w, double h, const char *cls, const char *tip)
{
    if (!finite2(x, y) || !finite2(w, h) || w < 0.0 || h < 0.0)
        return;
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", x, y, w, h);
    attr_class(f, cls);
    end_element(f, "rect", tip);
}

void svg_text(FILE *f, double x, double y, const char *anchor, const char *cls, const char *text,
              const char *tip)
{
    if (!finite2(x, y))
        return;
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"", x, y, anchor);
    attr_class(f, cls);
    fputc('>', f);
    if (tip != NULL) {
        fputs("<title>", f);
        write_escaped(f, tip, ESCAPE_XML);
        fputs("</title>", f);
    }
    write_escaped(f, text, ESCAPE_XML);
    fputs("</text>\n", f);
}

void svg_text_up(FILE *f, double x, double y, const char *cls, const char *text)
{
    if (!finite2(x, y))
        return;
    fprintf(f,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 %.1f "
            "%.1f)\"",
            x, y, x, y);
    attr_class(f, cls);
    fputc('>', f);
    write_escaped(f, text, ESCAPE_XML);
    fputs("</text>\n", f);
}

void svg_marker(FILE *f, enum svg_shape shape, double cx, double cy, double r, const char *cls,
                const char *tip)
{
    if (!finite2(cx, cy) || !isfinite(r))
        return;
    switch (shape) {
    case SHAPE_CIRCLE:
        fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\"", cx, cy, r);
        attr_class(f, cls);
        end_element(f, "circle", tip);
        return;
    case SHAPE_SQUARE:
        /* The same area as the circle, so neither looks heavier. */
        r *= 0.886;
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"", cx - r, cy - r,
                2.0 * r, 2.0 * r);
        attr_class(f, cls);
        end_element(f, "rect", tip);
        return;
    case SHAPE_DIAMOND:
        r *= 1.25;
        fprintf(f, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\"", cx, cy - r, cx + r, cy,
                cx, cy + r, cx - r, cy);
        break;
    case SHAPE_UP:
    case SHAPE_DOWN: {
        double s = shape == SHAPE_UP ? 1.0 : -1.0;
        r *= 1.3;
        fprintf(f, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\"", cx, cy - s * r, cx + r,
                cy + s * 0.7 * r, cx - r, cy + s * 0.7 * r);
        break;
    }
    }
    attr_class(f, cls);
    end_element(f, "path", tip);
}

void svg_polyline_gaps(FILE *f, const double *x, const double *y, size_t n, const char *cls)
{
    size_t i;
    int any = 0, drawing = 0;
    /* A path of lone points draws nothing: leave it out altogether. */
    for (i = 1; i < n && !any; i++)
        any = finite2(x[i - 1], y[i - 1]) && finite2(x[i], y[i]);
    if (!any)
        return;
    fputs("<path d=\"", f);
    for (i = 0; i < n; i++) {
        if (!finite2(x[i], y[i])) {
            drawing = 0;
            continue;
        }
        fprintf(f, "%c%.1f %.1f", drawing ? 'L' : 'M', x[i], y[i]);
        drawing = 1;
    }
    fputc('"', f);
    attr_class(f, cls);
    fputs("/>\n", f);
}

void svg_band_gaps(FILE *f, const double *x, const double *lo, const double *hi, size_t n,
                   double cap, const char *cls)
{
    size_t i = 0, j, start;
    int any = 0;
    for (j = 0; j < n && !any; j++)
        any = isfinite(x[j]) && finite2(lo[j], hi[j]);
    if (!any)
        return;
    fputs("<path d=\"", f);
    while (i < n) {
        if (!isfinite(x[i]) || !finite2(lo[i], hi[i])) {
            i++;
            continue;
        }
        start = i;
        while (i < n && isfinite(x[i]) && finite2(lo[i], hi[i]))
            i++;
        if (i - start == 1) {
            fprintf(f, "M%.1f %.1fH%.1fV%.1fH%.1fZ", x[start] - cap, hi[start], x[start] + cap,
                    lo[start], x[start] - cap);
            continue;
        }
        for (j = start; j < i; j++)
            fprintf(f, "%c%.1f %.1f", j == start ? 'M' : 'L', x[j], hi[j]);
        for (j = i; j-- > start;)
            fprintf(f, "L%.1f %.1f", x[j], lo[j]);
        fputc('Z', f);
    }
    fputc('"', f);
    attr_class(f, cls);
    fputs("/>\n", f);
}

/* ---- text ------------------------------------------------------------- */

