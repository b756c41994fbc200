/*
 * Wording shared by the renderers (see output.h).
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "output.h"

double margin_of(const xpi_estimate *e)
{
    return fmax(e->value - e->lower, e->upper - e->value);
}

int stat_decimals(int32_t stat)
{
    return stat == XPI_STAT_MEAN ? 2 : 1;
}

void describe_event(const metric_report *m, const xpi_event *e, int32_t period, char *buf,
                    size_t size)
{
    const char *label = "?", *unit = diff_unit(m->stat), *what = stat_label(m->input->metric, m->stat);
    const char *per = period == XPI_PERIOD_DAY       ? "day"
                      : period == XPI_PERIOD_WEEK    ? "week"
                      : period == XPI_PERIOD_MONTH   ? "month"
                      : period == XPI_PERIOD_QUARTER ? "quarter"
                                                     : "year";
    int d = stat_decimals(m->stat);
    xpi_table_label(m->series, e->row, 0, &label, NULL);
    switch (e->kind) {
    case XPI_EVENT_SPIKE:
    case XPI_EVENT_DIP:
        snprintf(buf, size,
                 "%s: a one-%s %s: %s %.*f%s %s the rest of its level (z = %.2f, p = %.2g).",
                 label, per, e->kind == XPI_EVENT_SPIKE ? "spike" : "dip", what, d,
                 fabs(e->magnitude), unit, e->direction > 0 ? "above" : "below", e->evidence,
                 e->p_value);
        break;
    case XPI_EVENT_SHIFT:
        snprintf(buf, size,
                 "%s: a shift: from this %s on, %s is %.*f%s %s than before (likelihood "
                 "ratio %.1f).",
                 label, per, what, d, fabs(e->magnitude), unit,
                 e->direction > 0 ? "higher" : "lower", e->evidence);
        break;
    case XPI_EVENT_TREND:
        snprintf(buf, size,
                 "A trend from %s: %s %s by %.*f%s per %s (Sen's slope; Mann-Kendall z = "
                 "%.2f, p = %.2g).",
                 label, what, e->direction > 0 ? "rises" : "falls", d + 1, fabs(e->magnitude),
                 unit, per, e->evidence, e->p_value);
        break;
    default:
        snprintf(buf, size, "%s: event of kind %d.", label, (int)e->kind);
        break;
    }
}

const char *num(char *buf, double v, int decimals)
{
    if (isnan(v))
        return "-";
    snprintf(buf, NUM, "%.*f", decimals, v);
    return buf;
}

const char *count(char *buf, double v)
{
    return num(buf, v, 0);
}

const char *pvalue(char *buf, double p)
{
    if (isnan(p))
        return "-";
    if (p < 0.001)
        return "<0.001";
    snprintf(buf, NUM, "%.3f", p);
    return buf;
}

const char *interval(char *buf, double lo, double hi, int decimals)
{
    if (isnan(lo) || isnan(hi))
        return "-";
    snprintf(buf, SPAN, "%.*f to %.*f", decimals, lo, decimals, hi);
    return buf;
}

const char *label_or_missing(const char *s)
{
    return s[0] == '\0' ? "(missing)" : s;
}

void read_period(const xpi_table *series, size_t row, period_row *out)
{
    out->label = "";
    out->n = out->estimate = out->lower = out->upper = out->diff = out->p = (double)NAN;
    xpi_table_label(series, row, 0, &out->label, NULL);
    xpi_table_get(series, row, XPI_COL_N, &out->n);
    xpi_table_get(series, row, XPI_COL_ESTIMATE, &out->estimate);
    xpi_table_get(series, row, XPI_COL_LOWER, &out->lower);
    xpi_table_get(series, row, XPI_COL_UPPER, &out->upper);
    xpi_table_get(series, row, XPI_COL_DIFF, &out->diff);
    xpi_table_get(series, row, XPI_COL_P, &out->p);
}

void read_segment(const xpi_table *segments, size_t row, segment_row *out)
{
    size_t keys = 1;
    out->label = "";
    out->label2 = NULL;
    out->n = out->share = out->estimate = out->lower = out->upper = (double)NAN;
    out->diff = out->p_adjusted = out->impact = (double)NAN;
    out->significant = out->insufficient = 0.0;
    xpi_table_kind(segments, NULL, &keys);
    xpi_table_label(segments, row, 0, &out->label, NULL);
    if (keys > 1) {
        out->label2 = "";
        xpi_table_label(segments, row, 1, &out->label2, NULL);
    }
    xpi_table_get(segments, row, XPI_COL_N, &out->n);
    xpi_table_get(segments, row, XPI_COL_SHARE, &out->share);
    xpi_table_get(segments, row, XPI_COL_ESTIMATE, &out->estimate);
    xpi_table_get(segments, row, XPI_COL_LOWER, &out->lower);
    xpi_table_get(segments, row, XPI_COL_UPPER, &out->upper);
    xpi_table_get(segments, row, XPI_COL_DIFF, &out->diff);
    xpi_table_get(segments, row, XPI_COL_P_ADJ, &out->p_adjusted);
    xpi_table_get(segments, row, XPI_COL_IMPACT, &out->impact);
    xpi_table_get(segments, row, XPI_COL_SIGNIFICANT, &out->significant);
    xpi_table_get(segments, row, XPI_COL_INSUFFICIENT, &out->insufficient);
}


void method_words(const report *r, const metric_report *m, char *buf, size_t size)
{
    const char *method = options_method_name(r->opt->method);
    if (m != NULL && m->test_method != m->method)
        snprintf(buf, size, "%g%% intervals (method: %s, as %s gives no tests)",
                 100.0 * r->opt->confidence, options_method_name(m->test_method), method);
    else
        snprintf(buf, size, "%g%% intervals (method: %s)", 100.0 * r->opt->confidence, method);
}

void significance_words(const options *o, char *buf, size_t size)
{
    if (o->adjust == XPI_ADJUST_NONE)
        snprintf(buf, size, "p < %g, not adjusted", 1.0 - o->confidence);
    else
        snprintf(buf, size, "%s-adjusted p < %g", options_adjust_name(o->adjust),
                 1.0 - o->confidence);
}

void low_n_words(const options *o, const char *mark, char *buf, size_t size)
{
    if (o->min_n > 0.0)
        snprintf(buf, size, "; %s fewer than %g responses, not tested", mark, o->min_n);
    else
        buf[0] = '\0';
}
