/*
 * HTML output: one self-contained page (no script, no external fonts,
 * styles or images) with the text output's sections, wording and
 * rounding, and inline SVG charts: each trend as a line with its interval
 * as a band and its events marked, each comparison and segmentation as
 * estimates with interval bars. The page is XHTML, well-formed XML, so any
 * XML tool can read it back, and carries a print stylesheet.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "html_charts.h"
#include "output.h"

#define CELL 160   /* a cell made of numbers and words */
#define PART 124   /* one key of a crosstab's label, clipped */
#define LABEL 256  /* a whole label, clipped: room for two PARTs and " / " */
#define TIP 448    /* a tooltip: a LABEL and a few numbers */

/* What the library reads as "no figure"; NAN is a float, and clang's
 * -Wdouble-promotion flags it where a double is meant. */
#define NO_VALUE ((double)NAN)

/* ---- text and numbers -------------------------------------------------- */

static void text(FILE *f, const char *s)
{
    write_escaped(f, s, ESCAPE_XML);
}

static void method_line(FILE *f, const report *r, const metric_report *m)
{
    char words[160];
    method_words(r, m, words, sizeof words);
    fputs("<p class=\"method\">", f);
    text(f, words);
    fputs("</p>\n", f);
}

static void not_available(FILE *f, int status)
{
    fputs("<p class=\"na\">not available: ", f);
    text(f, xpi_strerror(status));
    fputs("</p>\n", f);
}

/* ---- tables ------------------------------------------------------------ */

/* The header row: the first column holds names, the others numbers. */
static void table_head(FILE *f, const char *const *heads, size_t n)
{
    size_t i;
    fputs("<table>\n<thead><tr>", f);
    for (i = 0; i < n; i++)
        fprintf(f, i == 0 ? "<th>%s</th>" : "<th class=\"num\">%s</th>", heads[i]);
    fputs("</tr></thead>\n<tbody>\n", f);
}

static void table_end(FILE *f)
{
    fputs("</tbody>\n</table>\n", f);
}

static void row_start(FILE *f, const char *cls)
{
    if (cls != NULL && cls[0] != '\0')
        fprintf(f, "<tr class=\"%s\">", cls);
    else
        fputs("<tr>", f);
}

static void cell_name(FILE *f, const char *s)
{
    fputs("<td>", f);
    text(f, s);
    fputs("</td>", f);
}

static void cell(FILE *f, const char *s)
{
    fputs("<td class=\"num\">", f);
    text(f, s);
    fputs("</td>", f);
}

/* ---- stylesheet -------------------------------------------------------- */

/* Okabe-Ito colours (distinguishable with every common colour-vision
 * deficiency); markers and dashes differ too, for greyscale print. */
static const char style[] =
    "body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,"
    "sans-serif;color:#1a1a1a;background:#fff;max-width:62rem;margin:1.5rem auto;"
    "padding:0 1rem;line-height:1.45}\n"
    "h1{font-size:1.5rem;margin-bottom:.25rem}\n"
    "h2{font-size:1.3rem;margin-top:2.2rem;border-bottom:1px solid #bbb}\n"
    "h3{font-size:1.08rem;margin:1.6rem 0 .2rem}\n"
    "h4{font-size:.95rem;margin:.8rem 0 .2rem}\n"
    "p,ul{margin:.3rem 0}\n"
    "code{font-family:ui-monospace,\"SFMono-Regular\",Menlo,Consolas,monospace;"
    "font-size:.92em}\n"
    ".method,.note,figcaption{color:#444;font-size:.88rem}\n"
    ".na{font-style:italic}\n"
    "nav ul{columns:2;padding-left:1.2rem}\n"
    "table{border-collapse:collapse;margin:.5rem 0 .6rem;font-variant-numeric:tabular-nums}\n"
    "th,td{padding:.12rem .6rem;text-align:left;border-bottom:1px solid #e2e2e2;"
    "vertical-align:top}\n"
    "th{border-bottom:2px solid #888;font-weight:600}\n"
    ".num{text-align:right;white-space:nowrap}\n"
    "tr.up td{color:#005a8c;font-weight:600}\n"
    "tr.down td{color:#a34400;font-weight:600}\n"
    "tr.sig td{font-weight:600}\n"
    "tr.low td,tr.empty td{color:#808080}\n"
    "figure{margin:.6rem 0 .8rem}\n"
    "svg.chart{display:block;width:100%;max-width:720px;height:auto;font-size:11px}\n"
    "svg text{fill:#222}\n"
    "svg .axis{stroke:#777;stroke-width:1}\n"
    "svg .grid{stroke:#e3e3e3;stroke-width:1}\n"
    "svg .band{fill:#56B4E9;fill-opacity:.35;stroke:none}\n"
    "svg .line{fill:none;stroke:#0072B2;stroke-width:2;stroke-linejoin:round}\n"
    "svg .line.dense{stroke-width:1.2}\n"
    "svg .point{fill:#0072B2;stroke:#fff;stroke-width:.8}\n"
    "svg .event{stroke:#D55E00;stroke-width:1.4;stroke-dasharray:6 3}\n"
    "svg .event-spike,svg .event-dip{stroke-dasharray:2 2}\n"
    "svg .event-trend{stroke-dasharray:9 3 2 3}\n"
    "svg .event-mark{fill:#D55E00;stroke:#000;stroke-width:.8}\n"
    "svg text.event-label{fill:#a34400;font-weight:600}\n"
    "svg .overall{stroke:#333;stroke-width:1.2;stroke-dasharray:5 3}\n"
    "svg .overall-band{fill:#999;fill-opacity:.18}\n"
    "svg .bar{stroke:#444;stroke-width:2}\n"
    "svg .bar-up{stroke:#0072B2;stroke-width:3}\n"
    "svg .bar-down{stroke:#D55E00;stroke-width:3}\n"
    "svg .bar-low{stroke:#b0b0b0;stroke-width:2;stroke-dasharray:3 2}\n"
    "svg .dot{fill:#fff;stroke:#222;stroke-width:1.5}\n"
    "svg .dot-group{fill:#0072B2;stroke:#fff;stroke-width:1}\n"
    "svg .dot-up{fill:#0072B2;stroke:#000;stroke-width:.8}\n"
    "svg .dot-down{fill:#D55E00;stroke:#000;stroke-width:.8}\n"
    "svg .dot-low{fill:#fff;stroke:#a0a0a0;stroke-width:1.2}\n"
    "svg text.low{fill:#808080}\n"
    "svg text.up{fill:#005a8c;font-weight:600}\n"
    "svg text.down{fill:#a34400;font-weight:600}\n"
    "svg text.muted{fill:#666}\n"
    "svg text.gap{fill:#444;stroke:#fff;stroke-width:4px;paint-order:stroke}\n"
    "@media print{\n"
    "body{max-width:none;margin:0;padding:0;font-size:10pt;color:#000}\n"
    "nav{display:none}\n"
    "a{color:inherit;text-decoration:none}\n"
    "figure,svg,table,.events{break-inside:avoid;page-break-inside:avoid}\n"
    "tr{break-inside:avoid;page-break-inside:avoid}\n"
    "thead{display:table-header-group}\n"
    "h2,h3,h4{break-after:avoid;page-break-after:avoid}\n"
    "svg.chart{max-width:100%}\n"
    "}\n";

/* ---- sections ---------------------------------------------------------- */

static void header(FILE *f, const report *r)
{
    const dataset *d = r->data;
    char sentence[512];
    size_t k;
    fprintf(f, "<header>\n<h1>xpi %s: <code>", options_command_name(r->opt->command));
    text(f, r->opt->file);
    fputs("</code></h1>\n<p>", f);
    rows_sentence(d, sentence, sizeof sentence);
    text(f, sentence);
    fputs("</p>\n<ul class=\"columns\">\n", f);
    for (k = 0; k < d->nmetrics; k++) {
        const metric_input *m = &d->metrics[k];
        fputs("<li>Column <code>", f);
        text(f, m->column);
        fprintf(f, "</code> (%s): ", metric_label(m->metric));
        column_sentence(m, sentence, sizeof sentence);
        text(f, sentence);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n</header>\n", f);
}

/* "NPS by channel" or "NPS by channel and region". */
static void by_title(FILE *f, const report *r, const metric_report *m, size_t nby)
{
    fprintf(f, "%s by ", stat_label(m->input->metric, m->stat));
    text(f, r->opt->by[0]);
    if (nby > 1) {
        fputs(" and ", f);
        text(f, r->opt->by[1]);
    }
}

/* Links to every section, for long reports on screen (hidden in print). */
static void contents(FILE *f, const report *r)
{
    size_t k;
    fputs("<nav>\n<ul>\n", f);
    if (r->has_score)
        fputs("<li><a href=\"#scores\">Scores</a></li>\n", f);
    for (k = 0; k < r->nmetrics; k++) {
        const metric_report *m = &r->metrics[k];
        fprintf(f, "<li><a href=\"#m%lu\">%s</a> (<code>", (unsigned long)(k + 1),
                stat_label(m->input->metric, m->stat));
        text(f, m->input->column);
        fputs("</code>):", f);
        if (r->has_trend)
            fprintf(f, " <a href=\"#m%lu-trend\">trend</a>", (unsigned long)(k + 1));
        if (r->has_compare)
            fprintf(f, " <a href=\"#m%lu-compare\">compare</a>", (unsigned long)(k + 1));
        if (r->has_segments)
            fprintf(f, " <a href=\"#m%lu-segments\">segments</a>", (unsigned long)(k + 1));
        fputs("</li>\n", f);
    }
    fputs("</ul>\n</nav>\n", f);
}

static void scores(FILE *f, const report *r)
{
    static const char *const heads[] = { "score", "value", "margin of error", "interval", "n" };
    size_t k;
    fputs("<section id=\"scores\">\n<h2>Scores</h2>\n", f);
    method_line(f, r, NULL);
    table_head(f, heads, 5);
    for (k = 0; k < r->nmetrics; k++) {
        const metric_report *m = &r->metrics[k];
        char a[NUM + 8], b[CELL], n[NUM], span[SPAN];
        int dec = stat_decimals(m->stat);
        row_start(f, NULL);
        cell_name(f, stat_label(m->input->metric, m->stat));
        if (m->score_status != XPI_OK) {
            snprintf(b, sizeof b, "not available: %s", xpi_strerror(m->score_status));
            fputs("<td colspan=\"4\" class=\"na\">", f);
            text(f, b);
            fputs("</td></tr>\n", f);
            continue;
        }
        snprintf(a, sizeof a, "%.*f%s", dec, m->score.value, stat_unit(m->stat));
        cell(f, a);
        snprintf(b, sizeof b, "+/- %.*f%s", dec, margin_of(&m->score),
                 m->stat == XPI_STAT_NET ? " points" : "");
        cell(f, b);
        cell(f, interval(span, m->score.lower, m->score.upper, dec));
        cell(f, count(n, m->score.n));
        fputs("</tr>\n", f);
    }
    table_end(f);
    fputs("</section>\n", f);
}

static int trend(FILE *f, const report *r, const metric_report *m, size_t id)
{
    static const char *const heads[] = { "period", "n", "estimate", "interval", "change" };
    const options *o = r->opt;
    int dec = stat_decimals(m->stat);
    double alpha = 1.0 - o->confidence, lo, hi;
    size_t rows = 0, i, events = 0;
    series_points s;

    fprintf(f, "<section class=\"trend\" id=\"m%lu-trend\">\n<h3>%s by %s</h3>\n",
            (unsigned long)id, stat_label(m->input->metric, m->stat),
            options_period_name(o->period));
    method_line(f, r, m);
    if (m->trend_status != XPI_OK) {
        not_available(f, m->trend_status);
        fputs("</section>\n", f);
        return 0;
    }
    if (read_series(m, &s) != 0)
        return EXIT_INTERNAL;
    xpi_table_rows(m->events, &events);
    if (s.n > 0 && series_extent(&s, &lo, &hi)) {
        fputs("<figure>\n", f);
        trend_chart(f, r, m, &s);
        fprintf(f,
                "<figcaption>The line is the estimate per %s, the shaded band its %g%% "
                "interval; periods without responses are gaps.%s</figcaption>\n</figure>\n",
                options_period_name(o->period), 100.0 * o->confidence,
                events == 0 ? ""
                            : " Events (dashed lines): \xE2\x96\xB2 spike, \xE2\x96\xBC dip, "
                              "\xE2\x97\x86 shift, \xE2\x96\xA0 start of a trend.");
    } else {
        fputs("<p class=\"na\">No period has responses to chart.</p>\n", f);
    }
    free(s.x);

    if (events == 0) {
        fputs("<p class=\"events\">Events: none. No spike, dip, shift or trend beyond what "
              "chance explains.</p>\n",
              f);
    } else {
        fputs("<h4>Events</h4>\n<ul class=\"events\">\n", f);
        for (i = 0; i < events; i++) {
            xpi_event e;
            char sentence[512];
            xpi_table_event(m->events, i, &e);
            describe_event(m, &e, o->period, sentence, sizeof sentence);
            fputs("<li>", f);
            text(f, sentence);
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }

    table_head(f, heads, 5);
    xpi_table_rows(m->series, &rows);
    for (i = 0; i < rows; i++) {
        period_row p;
        char a[NUM], b[NUM], c[SPAN], d[CELL];
        read_period(m->series, i, &p);
        if (isnan(p.diff))
            snprintf(d, sizeof d, "-");
        else
            snprintf(d, sizeof d, "%+.*f%s", dec, p.diff, p.p < alpha ? " *" : "");
        row_start(f, isnan(p.estimate) ? "empty" : !isnan(p.diff) && p.p < alpha ? "sig" : NULL);
        cell_name(f, p.label);
        cell(f, count(a, p.n));
        cell(f, num(b, p.estimate, dec));
        cell(f, interval(c, p.lower, p.upper, dec));
        cell(f, d);
        fputs("</tr>\n", f);
    }
    table_end(f);
    fprintf(f,
            "<p class=\"note\">* the change from the previous period is significant at %g%% "
            "(unadjusted).</p>\n</section>\n",
            100.0 * alpha);
    return 0;
}

static int compare(FILE *f, const report *r, const metric_report *m, size_t id)
{
    static const char *const group_heads[] = { "group", "n", "estimate", "interval" };
    static const char *const pair_heads[] = { "pair", "difference", "interval", "p",
                                              "p adjusted" };
    const options *o = r->opt;
    int dec = stat_decimals(m->stat);
    double alpha = 1.0 - o->confidence;
    dot_row *dots = NULL;
    size_t i;

    fprintf(f, "<section class=\"compare\" id=\"m%lu-compare\">\n<h3>", (unsigned long)id);
    by_title(f, r, m, 1);
    fputs("</h3>\n", f);
    method_line(f, r, m);

    if (m->ngroups > 0 && (dots = malloc(m->ngroups * sizeof *dots)) == NULL)
        return EXIT_INTERNAL;
    for (i = 0; i < m->ngroups; i++) {
        const group *g = &m->groups[i];
        uint64_t n = 0;
        xpi_tally_total(g->tally, &n);
        dots[i].label = g->label;
        dots[i].label2 = NULL;
        dots[i].n = (double)n;
        dots[i].est = g->status == XPI_OK ? g->estimate.value : NO_VALUE;
        dots[i].lo = g->status == XPI_OK ? g->estimate.lower : NO_VALUE;
        dots[i].hi = g->status == XPI_OK ? g->estimate.upper : NO_VALUE;
        dots[i].style = DOT_GROUP;
    }
    if (dots_drawable(dots, m->ngroups)) {
        dot_chart c;
        char title[CELL];
        snprintf(title, sizeof title, "%s per group, with %g%% intervals",
                 stat_label(m->input->metric, m->stat), 100.0 * o->confidence);
        c.cls = "chart compare";
        c.title = title;
        c.m = m;
        /* The overall score, when the report has it, is the yardstick. */
        c.ref = c.ref_lo = c.ref_hi = NO_VALUE;
        if (r->has_score && m->score_status == XPI_OK)
            c.ref = m->score.value;
        c.legend = 0;
        c.min_n = 0.0;
        fputs("<figure>\n", f);
        dot_chart_draw(f, &c, dots, m->ngroups);
        fprintf(f,
                "<figcaption>Each group's estimate (dot) and %g%% interval (bar)%s."
                "</figcaption>\n</figure>\n",
                100.0 * o->confidence,
                isfinite(c.ref) ? "; the dashed line is the overall score" : "");
    }
    free(dots);

    if (m->ngroups > 0)
        table_head(f, group_heads, 4);
    for (i = 0; i < m->ngroups; i++) {
        const group *g = &m->groups[i];
        char a[NUM], b[NUM], c[SPAN];
        uint64_t n = 0;
        xpi_tally_total(g->tally, &n);
        row_start(f, NULL);
        cell_name(f, label_or_missing(g->label));
        cell(f, count(a, (double)n));
        cell(f, g->status == XPI_OK ? num(b, g->estimate.value, dec) : "-");
        cell(f, g->status == XPI_OK ? interval(c, g->estimate.lower, g->estimate.upper, dec)
                                    : xpi_strerror(g->status));
        fputs("</tr>\n", f);
    }
    if (m->ngroups > 0)
        table_end(f);
    if (m->npairs == 0) {
        fputs("<p>Fewer than two groups: nothing to compare.</p>\n</section>\n", f);
        return 0;
    }

    table_head(f, pair_heads, o->adjust == XPI_ADJUST_NONE ? 4 : 5);
    for (i = 0; i < m->npairs; i++) {
        const pair *p = &m->pairs[i];
        char a[NUM + 8], b[SPAN], c[NUM], d[NUM], name[LABEL], other[PART];
        int sig;
        clip_text(name, PART, label_or_missing(m->groups[p->a].label), PART);
        clip_text(other, sizeof other, label_or_missing(m->groups[p->b].label), PART);
        strcat(name, " - ");
        strcat(name, other);
        if (p->status != XPI_OK) {
            row_start(f, NULL);
            cell_name(f, name);
            fprintf(f, "<td colspan=\"%d\" class=\"na\">", o->adjust == XPI_ADJUST_NONE ? 3 : 4);
            text(f, xpi_strerror(p->status));
            fputs("</td></tr>\n", f);
            continue;
        }
        sig = p->p_adjusted < alpha;
        snprintf(a, sizeof a, "%+.*f%s", dec, p->cmp.difference, sig ? " *" : "");
        row_start(f, sig ? "sig" : NULL);
        cell_name(f, name);
        cell(f, a);
        cell(f, interval(b, p->cmp.lower, p->cmp.upper, dec));
        cell(f, pvalue(c, p->cmp.p_value));
        if (o->adjust != XPI_ADJUST_NONE)
            cell(f, pvalue(d, p->p_adjusted));
        fputs("</tr>\n", f);
    }
    table_end(f);
    fprintf(f, "<p class=\"note\">* the difference is significant at %g%%%s.</p>\n",
            100.0 * alpha,
            o->adjust == XPI_ADJUST_NONE ? "" : " after adjusting for the number of pairs");
    if (m->chi2_status == XPI_OK) {
        fprintf(f, "<p>Are all groups alike? %s (chi-square %.2f, df %.0f, p = %.3g).%s</p>\n",
                m->chi2.p_value < alpha ? "No, they differ" : "No evidence that they differ",
                m->chi2.statistic, m->chi2.df, m->chi2.p_value,
                m->chi2.small_expected ? " Some expected counts are small: read with care."
                                       : "");
    } else {
        fprintf(f, "<p>Are all groups alike? not available: %s</p>\n",
                xpi_strerror(m->chi2_status));
    }
    fputs("</section>\n", f);
    return 0;
}

static int segments(FILE *f, const report *r, const metric_report *m, size_t id)
{
    static const char *const heads[] = { "segment",  "n",       "share",      "estimate",
                                         "interval", "vs rest", "p adjusted", "impact" };
    const options *o = r->opt;
    int dec = stat_decimals(m->stat);
    size_t rows = 0, i;
    double overall = NO_VALUE, lo = NO_VALUE, hi = NO_VALUE;
    dot_row *dots = NULL;

    fprintf(f, "<section class=\"segments\" id=\"m%lu-segments\">\n<h3>", (unsigned long)id);
    by_title(f, r, m, o->nby);
    fputs(", each segment against the rest</h3>\n", f);
    method_line(f, r, m);
    if (m->segments_status != XPI_OK) {
        not_available(f, m->segments_status);
        fputs("</section>\n", f);
        return 0;
    }
    xpi_table_figure(m->segments, XPI_TABLE_ESTIMATE, &overall);
    xpi_table_figure(m->segments, XPI_TABLE_LOWER, &lo);
    xpi_table_figure(m->segments, XPI_TABLE_UPPER, &hi);
    {
        char a[NUM], b[SPAN];
        fprintf(f,
                "<p>Overall %s (%s). Impact: the overall score minus the score without the "
                "segment, what it adds or takes away; lowest first.</p>\n",
                num(a, overall, dec), interval(b, lo, hi, dec));
    }

    xpi_table_rows(m->segments, &rows);
    if (rows > 0 && (dots = malloc(rows * sizeof *dots)) == NULL)
        return EXIT_INTERNAL;
    for (i = 0; i < rows; i++) {
        dot_row *d = &dots[i];
        segment_row g;
        read_segment(m->segments, i, &g);
        d->label = g.label;
        d->label2 = g.label2;
        d->n = g.n;
        d->est = g.estimate;
        d->lo = g.lower;
        d->hi = g.upper;
        d->style = g.significant > 0   ? DOT_UP
                   : g.significant < 0 ? DOT_DOWN
                   : g.insufficient > 0 ? DOT_LOW
                                        : DOT_PLAIN;
    }
    if (dots_drawable(dots, rows)) {
        dot_chart c;
        char title[CELL];
        snprintf(title, sizeof title,
                 "%s per segment, lowest impact first, with %g%% intervals and the overall "
                 "score",
                 stat_label(m->input->metric, m->stat), 100.0 * o->confidence);
        c.cls = "chart segments";
        c.title = title;
        c.m = m;
        c.ref = overall;
        c.ref_lo = lo;
        c.ref_hi = hi;
        c.legend = 1;
        c.min_n = o->min_n;
        fputs("<figure>\n", f);
        dot_chart_draw(f, &c, dots, rows);
        char sig[64], low[96], caption[512];
        significance_words(o, sig, sizeof sig);
        low_n_words(o, "grey:", low, sizeof low);
        snprintf(caption, sizeof caption,
                 "Each segment's estimate and %g%% interval, in the table's order (lowest "
                 "impact first). The dashed line is the overall score, the grey band its "
                 "interval. \xE2\x96\xB2 significantly above the rest, \xE2\x96\xBC below (%s)%s.%s",
                 100.0 * o->confidence, sig, low,
                 rows > MAX_DOTS ? " Only the lowest and highest are drawn." : "");
        fputs("<figcaption>", f);
        text(f, caption);
        fputs("</figcaption>\n</figure>\n", f);
    }

    table_head(f, heads, 8);
    for (i = 0; i < rows; i++) {
        const dot_row *d = &dots[i];
        segment_row seg;
        char name[LABEL], a[NUM], b[NUM], c[CELL], e[CELL], g[NUM], h[NUM], span[SPAN];
        static const char *const marks[] = { "", "", " ^", " v", " ?" };
        static const char *const classes[] = { NULL, NULL, "up", "down", "low" };
        double share, diff, padj, impact, insufficient;
        read_segment(m->segments, i, &seg);
        share = seg.share;
        diff = seg.diff;
        padj = seg.p_adjusted;
        impact = seg.impact;
        insufficient = seg.insufficient;
        segment_name(name, d->label, d->label2);
        if (isnan(diff))
            snprintf(e, sizeof e, "-");
        else
            snprintf(e, sizeof e, "%+.*f%s", dec, diff, marks[d->style]);
        snprintf(c, sizeof c, "%.1f%%", share);
        row_start(f, classes[d->style]);
        cell_name(f, name);
        cell(f, count(a, d->n));
        cell(f, c);
        cell(f, num(b, d->est, dec));
        cell(f, interval(span, d->lo, d->hi, dec));
        cell(f, e);
        cell(f, insufficient > 0 ? "low n" : pvalue(g, padj));
        cell(f, num(h, impact, dec));
        fputs("</tr>\n", f);
    }
    table_end(f);
    free(dots);
    {
        char sig[64], low[96], note[256];
        significance_words(o, sig, sizeof sig);
        low_n_words(o, "?", low, sizeof low);
        snprintf(note, sizeof note, "^ significantly above the rest, v below (%s)%s.", sig, low);
        fputs("<p class=\"note\">", f);
        text(f, note);
        fputs("</p>\n</section>\n", f);
    }
    return 0;
}

int output_html(FILE *f, const report *r)
{
    size_t k;
    int status = 0, sections = r->has_trend || r->has_compare || r->has_segments;

    fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n"
          "<meta charset=\"utf-8\" />\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n",
          f);
    fputs("<meta name=\"generator\" content=\"xpi ", f);
    text(f, xpi_version_string());
    fprintf(f, "\" />\n<title>xpi %s: ", options_command_name(r->opt->command));
    text(f, r->opt->file);
    fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);

    header(f, r);
    if (sections && (r->nmetrics > 1 || r->has_score))
        contents(f, r);
    if (r->has_score)
        scores(f, r);
    for (k = 0; status == 0 && sections && k < r->nmetrics; k++) {
        const metric_report *m = &r->metrics[k];
        fprintf(f, "<section class=\"metric\" id=\"m%lu\">\n<h2>%s <small>(column <code>",
                (unsigned long)(k + 1), stat_label(m->input->metric, m->stat));
        text(f, m->input->column);
        fputs("</code>)</small></h2>\n", f);
        if (r->has_trend)
            status = trend(f, r, m, k + 1);
        if (status == 0 && r->has_compare)
            status = compare(f, r, m, k + 1);
        if (status == 0 && r->has_segments)
            status = segments(f, r, m, k + 1);
        fputs("</section>\n", f);
    }
    if (status != 0)
        return status;
    fputs("<footer>\n<p class=\"note\">Made by xpi ", f);
    text(f, xpi_version_string());
    fputs(" (libxpi). Intervals, tests and events: docs/methods.md of libxpi.</p>\n"
          "</footer>\n</body>\n</html>\n",
          f);
    return 0;
}
