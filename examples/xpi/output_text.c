/*
 * Text output: what was read, then each analysis as an aligned table with
 * the margins of error in plain words, significant rows marked, and the
 * events of a trend in one sentence each.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "output.h"

/* ---- aligned tables ---------------------------------------------------- */

#define CELL 96     /* a table cell */

typedef struct ttable {
    size_t cols, rows, cap;
    unsigned left; /* bit c: column c is left-aligned (column 0 always is) */
    char (*cells)[CELL]; /* rows x cols */
} ttable;

static int tt_init(ttable *t, size_t cols)
{
    t->cols = cols;
    t->left = 1u;
    t->rows = 0;
    t->cap = 16;
    t->cells = malloc(t->cap * cols * sizeof *t->cells);
    return t->cells != NULL;
}

static void tt_free(ttable *t)
{
    free(t->cells);
    t->cells = NULL;
}

/* Appends a row of cols cells (printf formats, one per cell). */
static int tt_row(ttable *t, ...)
{
    va_list ap;
    size_t c;
    if (t->rows == t->cap) {
        char(*grown)[CELL] = realloc(t->cells, 2 * t->cap * t->cols * sizeof *grown);
        if (grown == NULL)
            return 0;
        t->cells = grown;
        t->cap *= 2;
    }
    va_start(ap, t);
    for (c = 0; c < t->cols; c++) {
        const char *s = va_arg(ap, const char *);
        char *cell = t->cells[t->rows * t->cols + c];
        /* Whole characters only, and no control characters: a label's
         * line break or tab would break the table. */
        clip_text(cell, CELL, s, CELL);
        for (; *cell; cell++)
            if ((unsigned char)*cell < 0x20)
                *cell = ' ';
    }
    va_end(ap);
    t->rows++;
    return 1;
}

/* Display width of UTF-8 text: code points, not bytes. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* Numbers right-aligned, words (t->left) left-aligned. */
static void tt_print(FILE *f, const ttable *t, const char *indent)
{
    size_t w[16] = { 0 }, r, c;
    for (r = 0; r < t->rows; r++)
        for (c = 0; c < t->cols && c < 16; c++)
            if (width(t->cells[r * t->cols + c]) > w[c])
                w[c] = width(t->cells[r * t->cols + c]);
    for (r = 0; r < t->rows; r++) {
        size_t last = t->cols; /* no padding after the row's last text */
        while (last > 1 && t->cells[r * t->cols + last - 1][0] == '\0')
            last--;
        fputs(indent, f);
        for (c = 0; c < last; c++) {
            const char *s = t->cells[r * t->cols + c];
            size_t pad = w[c] - width(s);
            int left = c < 16 && (t->left >> c & 1u);
            if (c > 0)
                fputs("  ", f);
            if (!left)
                fprintf(f, "%*s", (int)pad, "");
            fputs(s, f);
            if (left && c + 1 < last)
                fprintf(f, "%*s", (int)pad, "");
        }
        fputc('\n', f);
    }
}

/* "a - b" of two labels clipped to 40 characters each, into CELL bytes. */
static void two_names(char *buf, const char *a, const char *sep, const char *b)
{
    char ca[CELL / 2 - 2], cb[CELL / 2 - 2];
    clip_text(ca, sizeof ca, a, 40);
    clip_text(cb, sizeof cb, b, 40);
    snprintf(buf, CELL, "%s%s%s", ca, sep, cb);
}

/* ---- numbers ----------------------------------------------------------- */


/* ---- sections ---------------------------------------------------------- */

static void input_summary(FILE *f, const report *r)
{
    char sentence[512];
    size_t k;
    fprintf(f, "xpi %s: %s\n", options_command_name(r->opt->command), r->opt->file);
    rows_sentence(r->data, sentence, sizeof sentence);
    fprintf(f, "%s\n", sentence);
    for (k = 0; k < r->data->nmetrics; k++) {
        const metric_input *m = &r->data->metrics[k];
        column_sentence(m, sentence, sizeof sentence);
        fprintf(f, "Column '%s' (%s): %s\n", m->column, metric_label(m->metric), sentence);
    }
}

static void method_line(FILE *f, const report *r, const metric_report *m)
{
    char words[160];
    method_words(r, m, words, sizeof words);
    fputs(words, f);
}

static int scores(FILE *f, const report *r)
{
    ttable t;
    size_t k;
    if (!tt_init(&t, 4))
        return EXIT_INTERNAL;
    t.left = 0x7u;
    fputs("\nScores, ", f);
    method_line(f, r, NULL);
    fputs(":\n", f);
    for (k = 0; k < r->nmetrics; k++) {
        const metric_report *m = &r->metrics[k];
        char a[CELL], b[CELL], c[CELL], n[NUM], span[SPAN];
        int dec = stat_decimals(m->stat);
        const char *name = stat_label(m->input->metric, m->stat);
        if (m->score_status != XPI_OK) {
            snprintf(b, CELL, "not available: %s", xpi_strerror(m->score_status));
            if (!tt_row(&t, name, "-", b, ""))
                goto oom;
            continue;
        }
        if (m->stat == XPI_STAT_NET)
            snprintf(a, CELL, "%.*f +/- %.*f points", dec, m->score.value, dec,
                     margin_of(&m->score));
        else
            snprintf(a, CELL, "%.*f%s +/- %.*f", dec, m->score.value, stat_unit(m->stat), dec,
                     margin_of(&m->score));
        snprintf(b, CELL, "(%s)", interval(span, m->score.lower, m->score.upper, dec));
        snprintf(c, CELL, "n = %s", count(n, m->score.n));
        if (!tt_row(&t, name, a, b, c))
            goto oom;
    }
    tt_print(f, &t, "  ");
    tt_free(&t);
    return 0;
oom:
    tt_free(&t);
    return EXIT_INTERNAL;
}

static int compare(FILE *f, const report *r, const metric_report *m)
{
    const options *o = r->opt;
    int dec = stat_decimals(m->stat);
    double alpha = 1.0 - o->confidence;
    ttable t;
    size_t i;
    fprintf(f, "\n%s by %s, ", stat_label(m->input->metric, m->stat), o->by[0]);
    method_line(f, r, m);
    fputs(":\n", f);
    if (!tt_init(&t, 4))
        return EXIT_INTERNAL;
    tt_row(&t, "group", "n", "estimate", "interval");
    for (i = 0; i < m->ngroups; i++) {
        const group *g = &m->groups[i];
        char a[NUM], b[NUM], c[SPAN];
        uint64_t n = 0;
        xpi_tally_total(g->tally, &n);
        if (!tt_row(&t, label_or_missing(g->label), count(a, (double)n),
                    g->status == XPI_OK ? num(b, g->estimate.value, dec) : "-",
                    g->status == XPI_OK ? interval(c, g->estimate.lower, g->estimate.upper, dec)
                                        : xpi_strerror(g->status)))
            goto oom;
    }
    tt_print(f, &t, "  ");
    tt_free(&t);
    if (m->npairs == 0) {
        fputs("  Fewer than two groups: nothing to compare.\n", f);
        return 0;
    }
    if (!tt_init(&t, 5))
        return EXIT_INTERNAL;
    fputc('\n', f);
    tt_row(&t, "pair", "difference", "interval", "p", o->adjust == XPI_ADJUST_NONE ? "" : "p adjusted");
    for (i = 0; i < m->npairs; i++) {
        const pair *p = &m->pairs[i];
        char name[CELL], a[CELL], b[SPAN], c[NUM], d[NUM];
        two_names(name, label_or_missing(m->groups[p->a].label), " - ",
                 label_or_missing(m->groups[p->b].label));
        if (p->status != XPI_OK) {
            if (!tt_row(&t, name, xpi_strerror(p->status), "", "", ""))
                goto oom;
            continue;
        }
        snprintf(a, CELL, "%+.*f%s", dec, p->cmp.difference,
                 p->p_adjusted < alpha ? " *" : "  ");
        if (!tt_row(&t, name, a, interval(b, p->cmp.lower, p->cmp.upper, dec),
                    pvalue(c, p->cmp.p_value),
                    o->adjust == XPI_ADJUST_NONE ? "" : pvalue(d, p->p_adjusted)))
            goto oom;
    }
    tt_print(f, &t, "  ");
    tt_free(&t);
    fprintf(f, "  * the difference is significant at %g%%%s.\n", 100.0 * alpha,
            o->adjust == XPI_ADJUST_NONE ? ""
                                         : " after adjusting for the number of pairs");
    if (m->chi2_status != XPI_OK)
        fprintf(f, "  Are all groups alike? Not available: %s.\n", xpi_strerror(m->chi2_status));
    else
        fprintf(f, "  Are all groups alike? %s (chi-square %.2f, df %.0f, p = %.3g).%s\n",
                m->chi2.p_value < alpha ? "No, they differ" : "No evidence that they differ",
                m->chi2.statistic, m->chi2.df, m->chi2.p_value,
                m->chi2.small_expected ? " Some expected counts are small: read with care."
                                       : "");
    return 0;
oom:
    tt_free(&t);
    return EXIT_INTERNAL;
}

static int segments(FILE *f, const report *r, const metric_report *m)
{
    const options *o = r->opt;
    int dec = stat_decimals(m->stat);
    size_t rows = 0, i;
    double overall = (double)NAN, lo = (double)NAN, hi = (double)NAN;
    ttable t;
    fprintf(f, "\n%s by %s%s%s, each segment against the rest, ",
            stat_label(m->input->metric, m->stat), o->by[0], o->nby > 1 ? " and " : "",
            o->nby > 1 ? o->by[1] : "");
    method_line(f, r, m);
    fputs(":\n", f);
    if (m->segments_status != XPI_OK) {
        fprintf(f, "  not available: %s\n", xpi_strerror(m->segments_status));
        return 0;
    }
    xpi_table_figure(m->segments, XPI_TABLE_ESTIMATE, &overall);
    xpi_table_figure(m->segments, XPI_TABLE_LOWER, &lo);
    xpi_table_figure(m->segments, XPI_TABLE_UPPER, &hi);
    {
        char a[NUM], b[SPAN];
        fprintf(f, "  Overall %s (%s). Impact: the overall score minus the score without\n"
                   "  the segment, what it adds or takes away; lowest first.\n",
                num(a, overall, dec), interval(b, lo, hi, dec));
    }
    if (!tt_init(&t, 8))
        return EXIT_INTERNAL;
    tt_row(&t, "segment", "n", "share", "estimate", "interval", "vs rest", "p adjusted", "impact");
    xpi_table_rows(m->segments, &rows);
    for (i = 0; i < rows; i++) {
        segment_row g;
        char name[CELL], a[NUM], b[NUM], c[CELL], d[SPAN], e[CELL], p[NUM], h[NUM];
        read_segment(m->segments, i, &g);
        if (g.label2 != NULL)
            two_names(name, label_or_missing(g.label), " / ",
                     label_or_missing(g.label2));
        else
            clip_text(name, CELL, label_or_missing(g.label), 80);
        if (isnan(g.diff))
            snprintf(e, CELL, "-");
        else
            snprintf(e, CELL, "%+.*f%s", dec, g.diff,
                     g.significant > 0   ? " ^"
                     : g.significant < 0 ? " v"
                     : g.insufficient > 0 ? " ?"
                                          : "  ");
        snprintf(c, CELL, "%.1f%%", g.share);
        if (!tt_row(&t, name, count(a, g.n), c, num(b, g.estimate, dec),
                    interval(d, g.lower, g.upper, dec), e,
                    g.insufficient > 0 ? "low n" : pvalue(p, g.p_adjusted),
                    num(h, g.impact, dec)))
            goto oom;
    }
    tt_print(f, &t, "  ");
    tt_free(&t);
    {
        char sig[64], low[96];
        significance_words(o, sig, sizeof sig);
        low_n_words(o, "?", low, sizeof low);
        fprintf(f, "  ^ significantly above the rest, v below (%s)%s.\n", sig, low);
    }
    return 0;
oom:
    tt_free(&t);
    return EXIT_INTERNAL;
}

static int trend(FILE *f, const report *r, const metric_report *m)
{
    const options *o = r->opt;
    int dec = stat_decimals(m->stat);
    size_t rows = 0, i, events = 0;
    double alpha = 1.0 - o->confidence;
    ttable t;
    fprintf(f, "\n%s by %s, ", stat_label(m->input->metric, m->stat),
            options_period_name(o->period));
    method_line(f, r, m);
    fputs(":\n", f);
    if (m->trend_status != XPI_OK) {
        fprintf(f, "  not available: %s\n", xpi_strerror(m->trend_status));
        return 0;
    }
    if (!tt_init(&t, 5))
        return EXIT_INTERNAL;
    tt_row(&t, "period", "n", "estimate", "interval", "change");
    xpi_table_rows(m->series, &rows);
    for (i = 0; i < rows; i++) {
        period_row p;
        char a[NUM], b[NUM], c[SPAN], d[CELL];
        read_period(m->series, i, &p);
        if (isnan(p.diff))
            snprintf(d, CELL, "-");
        else
            snprintf(d, CELL, "%+.*f%s", dec, p.diff, p.p < alpha ? " *" : "  ");
        if (!tt_row(&t, p.label, count(a, p.n), num(b, p.estimate, dec),
                    interval(c, p.lower, p.upper, dec), d))
            goto oom;
    }
    tt_print(f, &t, "  ");
    tt_free(&t);
    fprintf(f, "  * the change from the previous period is significant at %g%% (unadjusted).\n",
            100.0 * alpha);
    xpi_table_rows(m->events, &events);
    if (events == 0)
        fputs("  Events: none. No spike, dip, shift or trend beyond what chance explains.\n", f);
    else
        fputs("  Events:\n", f);
    for (i = 0; i < events; i++) {
        xpi_event e;
        char sentence[512];
        xpi_table_event(m->events, i, &e);
        describe_event(m, &e, o->period, sentence, sizeof sentence);
        fprintf(f, "  - %s\n", sentence);
    }
    return 0;
oom:
    tt_free(&t);
    return EXIT_INTERNAL;
}

int output_text(FILE *f, const report *r)
{
    size_t k;
    int status = 0;
    input_summary(f, r);
    if (r->has_score)
        status = scores(f, r);
    for (k = 0; status == 0 && k < r->nmetrics; k++) {
        const metric_report *m = &r->metrics[k];
        if (r->has_trend)
            status = trend(f, r, m);
        if (status == 0 && r->has_compare)
            status = compare(f, r, m);
        if (status == 0 && r->has_segments)
            status = segments(f, r, m);
    }
    return status;
}
