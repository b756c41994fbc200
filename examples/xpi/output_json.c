/*
 * JSON output: every number the analyses gave, tables with every column
 * their kind has. Schema: docs/xpi.md. Numbers are written with 17
 * significant digits (they read back to the same double); NaN and
 * infinities, which JSON lacks, are null.
 */
#include <math.h>
#include <string.h>

#include "columns.h"
#include "escape.h"
#include "output.h"

static void str(FILE *f, const char *s)
{
    write_escaped(f, s, ESCAPE_JSON);
}

static void number(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.17g", v);
    else
        fputs("null", f);
}

/* "key": value pairs; first says whether a comma is needed. */
static void key(FILE *f, const char *k, int *first)
{
    if (!*first)
        fputc(',', f);
    *first = 0;
    fputc('\n', f);
    str(f, k);
    fputs(": ", f);
}

static void key_number(FILE *f, const char *k, double v, int *first)
{
    key(f, k, first);
    number(f, v);
}

static void key_string(FILE *f, const char *k, const char *v, int *first)
{
    key(f, k, first);
    if (v != NULL)
        str(f, v);
    else
        fputs("null", f);
}

static void estimate(FILE *f, int status, const xpi_estimate *e)
{
    int first = 1;
    fputc('{', f);
    if (status != XPI_OK) {
        key_string(f, "error", xpi_strerror(status), &first);
    } else {
        key_number(f, "value", e->value, &first);
        key_number(f, "lower", e->lower, &first);
        key_number(f, "upper", e->upper, &first);
        key_number(f, "margin", margin_of(e), &first);
        key_number(f, "se", e->se, &first);
        key_number(f, "n", e->n, &first);
        key_number(f, "n_eff", e->n_eff, &first);
    }
    fputs("\n}", f);
}

/* A library table: figures, then rows with labels and every column. */
static void table(FILE *f, const xpi_table *t)
{
    int32_t keys[64], kind = 0;
    size_t ncols = columns_of(t, keys, 64), rows = 0, nkeys = 1, i, c, k;
    int first = 1;
    double v;
    xpi_table_rows(t, &rows);
    xpi_table_kind(t, &kind, &nkeys);
    fputc('{', f);
    key(f, "figures", &first);
    {
        int ff = 1;
        fputc('{', f);
        for (i = 0; table_figures[i].name != NULL; i++)
            if (xpi_table_figure(t, table_figures[i].key, &v) == XPI_OK)
                key_number(f, table_figures[i].name, v, &ff);
        fputs("\n}", f);
    }
    key(f, "rows", &first);
    fputc('[', f);
    for (i = 0; i < rows; i++) {
        int fr = 1;
        fputs(i ? ",\n{" : "\n{", f);
        key(f, "labels", &fr);
        fputc('[', f);
        for (k = 0; k < nkeys; k++) {
            const char *label = "";
            xpi_table_label(t, i, k, &label, NULL);
            if (k)
                fputs(", ", f);
            str(f, label);
        }
        fputc(']', f);
        for (c = 0; c < ncols; c++) {
            xpi_table_get(t, i, keys[c], &v);
            key_number(f, column_label(keys[c]), v, &fr);
        }
        fputs("\n}", f);
    }
    fputs("\n]\n}", f);
}

static void events(FILE *f, const metric_report *m, int32_t period)
{
    size_t rows = 0, i;
    static const char *const kinds[5] = { "", "spike", "dip", "shift", "trend" };
    xpi_table_rows(m->events, &rows);
    fputc('[', f);
    for (i = 0; i < rows; i++) {
        xpi_event e;
        const char *label = "";
        char sentence[512];
        int first = 1;
        xpi_table_event(m->events, i, &e);
        xpi_table_label(m->series, e.row, 0, &label, NULL);
        describe_event(m, &e, period, sentence, sizeof sentence);
        fputs(i ? ",\n{" : "\n{", f);
        key_string(f, "kind", e.kind >= 1 && e.kind <= 4 ? kinds[e.kind] : "?", &first);
        key_number(f, "direction", e.direction, &first);
        key_string(f, "period", label, &first);
        key_number(f, "row", (double)e.row, &first);
        key_number(f, "period_start", e.period_start, &first);
        key_number(f, "magnitude", e.magnitude, &first);
        key_number(f, "evidence", e.evidence, &first);
        key_number(f, "p", e.p_value, &first);
        key_string(f, "text", sentence, &first);
        fputs("\n}", f);
    }
    fputs("\n]", f);
}

static void compare(FILE *f, const report *r, const metric_report *m)
{
    size_t i;
    int first = 1;
    fputc('{', f);
    key_string(f, "by", r->opt->by[0], &first);
    key(f, "groups", &first);
    fputc('[', f);
    for (i = 0; i < m->ngroups; i++) {
        int fg = 1;
        fputs(i ? ",\n{" : "\n{", f);
        key_string(f, "label", m->groups[i].label, &fg);
        key(f, "estimate", &fg);
        estimate(f, m->groups[i].status, &m->groups[i].estimate);
        fputs("\n}", f);
    }
    fputs("\n]", f);
    key(f, "pairs", &first);
    fputc('[', f);
    for (i = 0; i < m->npairs; i++) {
        const pair *p = &m->pairs[i];
        int fp = 1;
        fputs(i ? ",\n{" : "\n{", f);
        key_string(f, "a", m->groups[p->a].label, &fp);
        key_string(f, "b", m->groups[p->b].label, &fp);
        if (p->status != XPI_OK) {
            key_string(f, "error", xpi_strerror(p->status), &fp);
        } else {
            key_number(f, "difference", p->cmp.difference, &fp);
            key_number(f, "lower", p->cmp.lower, &fp);
            key_number(f, "upper", p->cmp.upper, &fp);
            key_number(f, "se", p->cmp.se, &fp);
            key_number(f, "statistic", p->cmp.statistic, &fp);
            key_number(f, "df", p->cmp.df, &fp);
            key_number(f, "p", p->cmp.p_value, &fp);
            key_number(f, "p_adjusted", p->p_adjusted, &fp);
        }
        fputs("\n}", f);
    }
    fputs("\n]", f);
    key(f, "chi2", &first);
    if (m->ngroups < 2 || m->chi2_status != XPI_OK) {
        fputs("null", f);
    } else {
        int fc = 1;
        fputc('{', f);
        key_number(f, "statistic", m->chi2.statistic, &fc);
        key_number(f, "df", m->chi2.df, &fc);
        key_number(f, "p", m->chi2.p_value, &fc);
        key_number(f, "min_expected", m->chi2.min_expected, &fc);
        key_number(f, "small_share", m->chi2.small_share, &fc);
        key_number(f, "small_expected", m->chi2.small_expected, &fc);
        key_number(f, "categories", m->chi2.categories, &fc);
        fputs("\n}", f);
    }
    fputs("\n}", f);
}

static void input(FILE *f, const report *r)
{
    const dataset *d = r->data;
    size_t i, k;
    int first = 1, fs = 1;
    fputc('{', f);
    key_number(f, "rows", (double)d->rows, &first);
    key_number(f, "filtered", (double)d->filtered, &first);
    key(f, "skipped", &first);
    fputc('{', f);
    for (i = 0; i < ROW_SKIPS; i++)
        key_number(f, row_skip_reason((enum row_skip)i), (double)d->skipped[i], &fs);
    fputs("\n}", f);
    key(f, "columns", &first);
    fputc('[', f);
    for (k = 0; k < d->nmetrics; k++) {
        const metric_input *m = &d->metrics[k];
        int fm = 1, fk = 1;
        fputs(k ? ",\n{" : "\n{", f);
        key_string(f, "column", m->column, &fm);
        key_string(f, "metric", metric_label(m->metric), &fm);
        key_number(f, "used", (double)m->used, &fm);
        key(f, "skipped", &fm);
        fputc('{', f);
        for (i = 0; i < CELL_SKIPS; i++)
            key_number(f, cell_skip_reason((enum cell_skip)i), (double)m->skipped[i], &fk);
        fputs("\n}\n}", f);
    }
    fputs("\n]\n}", f);
}

static void options_object(FILE *f, const options *o)
{
    size_t i;
    int first = 1;
    fputc('{', f);
    key_number(f, "confidence", o->confidence, &first);
    key_string(f, "method", options_method_name(o->method), &first);
    key_string(f, "adjust", options_adjust_name(o->adjust), &first);
    key_number(f, "min_n", o->min_n, &first);
    key_string(f, "time", o->time, &first);
    key_string(f, "period", o->time != NULL ? options_period_name(o->period) : NULL, &first);
    key_number(f, "utc_offset", o->utc_offset, &first);
    key_string(f, "weight", o->weight, &first);
    key(f, "by", &first);
    fputc('[', f);
    for (i = 0; i < o->nby; i++) {
        if (i)
            fputs(", ", f);
        str(f, o->by[i]);
    }
    fputc(']', f);
    key(f, "where", &first);
    fputc('{', f);
    {
        int fw = 1;
        for (i = 0; i < o->nfilters; i++)
            key_string(f, o->filters[i].column, o->filters[i].value, &fw);
    }
    fputs("\n}\n}", f);
}

int output_json(FILE *f, const report *r)
{
    size_t k;
    int first = 1;
    fputc('{', f);
    key_string(f, "xpi", xpi_version_string(), &first);
    key_string(f, "command", options_command_name(r->opt->command), &first);
    key_string(f, "file", r->opt->file, &first);
    key(f, "options", &first);
    options_object(f, r->opt);
    key(f, "input", &first);
    input(f, r);
    key(f, "metrics", &first);
    fputc('[', f);
    for (k = 0; k < r->nmetrics; k++) {
        const metric_report *m = &r->metrics[k];
        int fm = 1;
        fputs(k ? ",\n{" : "\n{", f);
        key_string(f, "column", m->input->column, &fm);
        key_string(f, "metric", metric_label(m->input->metric), &fm);
        key_string(f, "statistic", options_stat_name(m->stat), &fm);
        if (r->has_score) {
            key(f, "score", &fm);
            estimate(f, m->score_status, &m->score);
        }
        if (r->has_compare) {
            key(f, "compare", &fm);
            compare(f, r, m);
        }
        if (r->has_segments) {
            key(f, "segments", &fm);
            if (m->segments_status != XPI_OK) {
                int fe = 1;
                fputc('{', f);
                key_string(f, "error", xpi_strerror(m->segments_status), &fe);
                fputs("\n}", f);
            } else {
                table(f, m->segments);
            }
        }
        if (r->has_trend) {
            key(f, "trend", &fm);
            if (m->trend_status != XPI_OK) {
                int fe = 1;
                fputc('{', f);
                key_string(f, "error", xpi_strerror(m->trend_status), &fe);
                fputs("\n}", f);
            } else {
                int ft = 1;
                fputc('{', f);
                key(f, "series", &ft);
                table(f, m->series);
                key(f, "events", &ft);
                events(f, m, r->opt->period);
                fputs("\n}", f);
            }
        }
        fputs("\n}", f);
    }
    fputs("\n]\n}\n", f);
    return 0;
}
