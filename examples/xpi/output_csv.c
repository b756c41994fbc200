/*
 * CSV output in long ("tidy") form, one number per line, so that every
 * section fits one header and spreadsheets or data frames can pivot it:
 *
 *   section,column,statistic,label,label2,measure,value,text
 *
 * section: input, score, group, pair, chi2, segment, segments, period,
 * series, event; column: the score column; label and label2: the group,
 * segment or period (and the second --by value or pair member); measure:
 * the figure's name (the JSON names); value: the number (empty for NaN);
 * text: an error, or an event's sentence.
 */
#include <math.h>

#include "columns.h"
#include "escape.h"
#include "output.h"

typedef struct line {
    FILE *f;
    const char *section, *column, *statistic;
} line;

static void put(const line *l, const char *label, const char *label2, const char *measure,
                double value, const char *text)
{
    FILE *f = l->f;
    fprintf(f, "%s,", l->section);
    write_escaped(f, l->column, ESCAPE_CSV);
    fprintf(f, ",%s,", l->statistic);
    write_escaped(f, label, ESCAPE_CSV);
    fputc(',', f);
    write_escaped(f, label2, ESCAPE_CSV);
    fprintf(f, ",%s,", measure);
    if (isfinite(value))
        fprintf(f, "%.17g", value);
    fputc(',', f);
    write_escaped(f, text, ESCAPE_CSV);
    fputs("\r\n", f);
}

static void estimate(const line *l, const char *label, int status, const xpi_estimate *e)
{
    if (status != XPI_OK) {
        put(l, label, "", "error", (double)NAN, xpi_strerror(status));
        return;
    }
    put(l, label, "", "value", e->value, "");
    put(l, label, "", "lower", e->lower, "");
    put(l, label, "", "upper", e->upper, "");
    put(l, label, "", "margin", margin_of(e), "");
    put(l, label, "", "se", e->se, "");
    put(l, label, "", "n", e->n, "");
    put(l, label, "", "n_eff", e->n_eff, "");
}

/* Rows under row_section, figures under figure_section. */
static void table(line *l, const xpi_table *t, const char *row_section,
                  const char *figure_section)
{
    int32_t keys[64];
    size_t ncols = columns_of(t, keys, 64), rows = 0, nkeys = 1, i, c;
    double v;
    xpi_table_rows(t, &rows);
    xpi_table_kind(t, NULL, &nkeys);
    l->section = figure_section;
    for (i = 0; table_figures[i].name != NULL; i++)
        if (xpi_table_figure(t, table_figures[i].key, &v) == XPI_OK)
            put(l, "", "", table_figures[i].name, v, "");
    l->section = row_section;
    for (i = 0; i < rows; i++) {
        const char *a = "", *b = "";
        xpi_table_label(t, i, 0, &a, NULL);
        if (nkeys > 1)
            xpi_table_label(t, i, 1, &b, NULL);
        for (c = 0; c < ncols; c++) {
            xpi_table_get(t, i, keys[c], &v);
            put(l, a, b, column_label(keys[c]), v, "");
        }
    }
}

static void compare(line *l, const metric_report *m)
{
    size_t i;
    l->section = "group";
    for (i = 0; i < m->ngroups; i++)
        estimate(l, m->groups[i].label, m->groups[i].status, &m->groups[i].estimate);
    l->section = "pair";
    for (i = 0; i < m->npairs; i++) {
        const pair *p = &m->pairs[i];
        const char *a = m->groups[p->a].label, *b = m->groups[p->b].label;
        if (p->status != XPI_OK) {
            put(l, a, b, "error", (double)NAN, xpi_strerror(p->status));
            continue;
        }
        put(l, a, b, "difference", p->cmp.difference, "");
        put(l, a, b, "lower", p->cmp.lower, "");
        put(l, a, b, "upper", p->cmp.upper, "");
        put(l, a, b, "se", p->cmp.se, "");
        put(l, a, b, "statistic", p->cmp.statistic, "");
        put(l, a, b, "df", p->cmp.df, "");
        put(l, a, b, "p", p->cmp.p_value, "");
        put(l, a, b, "p_adjusted", p->p_adjusted, "");
    }
    if (m->ngroups >= 2 && m->chi2_status == XPI_OK) {
        l->section = "chi2";
        put(l, "", "", "statistic", m->chi2.statistic, "");
        put(l, "", "", "df", m->chi2.df, "");
        put(l, "", "", "p", m->chi2.p_value, "");
        put(l, "", "", "min_expected", m->chi2.min_expected, "");
        put(l, "", "", "small_share", m->chi2.small_share, "");
        put(l, "", "", "small_expected", m->chi2.small_expected, "");
        put(l, "", "", "categories", m->chi2.categories, "");
    }
}

static void events(line *l, const metric_report *m, int32_t period)
{
    size_t rows = 0, i;
    xpi_table_rows(m->events, &rows);
    l->section = "event";
    for (i = 0; i < rows; i++) {
        xpi_event e;
        const char *label = "";
        char sentence[512];
        xpi_table_event(m->events, i, &e);
        xpi_table_label(m->series, e.row, 0, &label, NULL);
        describe_event(m, &e, period, sentence, sizeof sentence);
        put(l, label, "", "event_kind", e.kind, sentence);
        put(l, label, "", "event_direction", e.direction, "");
        put(l, label, "", "magnitude", e.magnitude, "");
        put(l, label, "", "evidence", e.evidence, "");
        put(l, label, "", "p", e.p_value, "");
    }
}

static void input(line *l, const report *r)
{
    const dataset *d = r->data;
    size_t i, k;
    l->section = "input";
    l->column = "";
    l->statistic = "";
    put(l, "", "", "rows", (double)d->rows, "");
    put(l, "", "", "filtered", (double)d->filtered, "");
    for (i = 0; i < ROW_SKIPS; i++)
        put(l, "", "", "skipped", (double)d->skipped[i], row_skip_reason((enum row_skip)i));
    for (k = 0; k < d->nmetrics; k++) {
        l->column = d->metrics[k].column;
        put(l, "", "", "used", (double)d->metrics[k].used, "");
        for (i = 0; i < CELL_SKIPS; i++)
            put(l, "", "", "skipped", (double)d->metrics[k].skipped[i],
                cell_skip_reason((enum cell_skip)i));
    }
}

int output_csv(FILE *f, const report *r)
{
    line l;
    size_t k;
    l.f = f;
    fputs("section,column,statistic,label,label2,measure,value,text\r\n", f);
    input(&l, r);
    for (k = 0; k < r->nmetrics; k++) {
        const metric_report *m = &r->metrics[k];
        l.column = m->input->column;
        l.statistic = options_stat_name(m->stat);
        if (r->has_score) {
            l.section = "score";
            estimate(&l, "", m->score_status, &m->score);
        }
        if (r->has_compare)
            compare(&l, m);
        if (r->has_segments && m->segments_status == XPI_OK) {
            table(&l, m->segments, "segment", "segments");
        } else if (r->has_segments) {
            l.section = "segments";
            put(&l, "", "", "error", (double)NAN, xpi_strerror(m->segments_status));
        }
        if (r->has_trend && m->trend_status == XPI_OK) {
            table(&l, m->series, "period", "series");
            events(&l, m, r->opt->period);
        } else if (r->has_trend) {
            l.section = "series";
            put(&l, "", "", "error", (double)NAN, xpi_strerror(m->trend_status));
        }
    }
    return 0;
}
