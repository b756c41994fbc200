/*
 * The analyses (see report.h), through the public API only.
 */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *metric_label(int32_t metric)
{
    switch (metric) {
    case XPI_METRIC_NPS:
        return "NPS";
    case XPI_METRIC_CSAT:
        return "CSAT";
    case XPI_METRIC_CES:
        return "CES";
    default:
        return "score";
    }
}

const char *stat_unit(int32_t stat)
{
    return stat == XPI_STAT_TOP || stat == XPI_STAT_BOTTOM ? "%" : "";
}

const char *diff_unit(int32_t stat)
{
    return stat == XPI_STAT_NET ? " points" : stat == XPI_STAT_MEAN ? "" : " percentage points";
}

const char *stat_label(int32_t metric, int32_t stat)
{
    switch (stat) {
    case XPI_STAT_NET:
        return metric == XPI_METRIC_NPS ? "NPS" : "net score";
    case XPI_STAT_TOP:
        return metric == XPI_METRIC_CSAT ? "CSAT (top-box %)" : "top-box %";
    case XPI_STAT_BOTTOM:
        return "bottom-box %";
    default:
        return metric == XPI_METRIC_CES ? "CES (mean)" : "mean";
    }
}

/* The query every analysis of one metric uses: all responses, the
 * options' statistic, method, confidence, adjustment and min n. */
static int make_query(const options *o, int32_t stat, int32_t method, xpi_query **out)
{
    xpi_query *q = NULL;
    int status = xpi_query_new(&q, NULL);
    if (status == XPI_OK)
        status = xpi_query_set_param(q, XPI_QUERY_STAT, stat);
    if (status == XPI_OK)
        status = xpi_query_set_param(q, XPI_QUERY_METHOD, method);
    if (status == XPI_OK)
        status = xpi_query_set_param(q, XPI_QUERY_CONFIDENCE, o->confidence);
    if (status == XPI_OK)
        status = xpi_query_set_param(q, XPI_QUERY_ADJUST, o->adjust);
    if (status == XPI_OK)
        status = xpi_query_set_param(q, XPI_QUERY_MIN_N, o->min_n);
    if (status != XPI_OK) {
        xpi_query_free(q);
        return status;
    }
    *out = q;
    return XPI_OK;
}

static int build_score(const options *o, metric_report *m)
{
    xpi_tally *t = NULL;
    int status = xpi_cube_tally(m->input->cube, NULL, &t);
    if (status == XPI_OK)
        m->score_status = xpi_tally_estimate(t, m->stat, o->method, o->confidence, &m->score);
    xpi_tally_free(t);
    return status;
}

/* Each value of the first --by column as a group, every pair compared,
 * p-values adjusted across the pairs, and the chi-square of all groups. */
static int build_compare(const options *o, metric_report *m, xpi_query *q)
{
    const xpi_cube *c = m->input->cube;
    uint32_t values = 0, id;
    size_t i, j, k;
    double *p;
    int status = xpi_cube_value_count(c, 0, &values);
    if (status != XPI_OK)
        return status;
    m->groups = calloc(values, sizeof *m->groups);
    if (m->groups == NULL && values > 0)
        return XPI_ERR_NO_MEMORY;
    for (id = 0; id < values; id++) {
        group *g = &m->groups[m->ngroups];
        uint64_t n = 0;
        if ((status = xpi_cube_value(c, 0, id, &g->label)) != XPI_OK ||
            (status = xpi_query_set_filter(q, o->by[0], g->label)) != XPI_OK ||
            (status = xpi_cube_tally(c, q, &g->tally)) != XPI_OK)
            break;
        xpi_tally_total(g->tally, &n);
        if (n == 0) { /* a value seen only in rows skipped for this metric */
            xpi_tally_free(g->tally);
            g->tally = NULL;
            continue;
        }
        g->status = xpi_tally_estimate(g->tally, m->stat, m->test_method, o->confidence,
                                       &g->estimate);
        m->ngroups++;
    }
    xpi_query_clear_filter(q, o->by[0]);
    if (status != XPI_OK)
        return status;
    if (m->ngroups < 2)
        return XPI_OK;
    m->npairs = m->ngroups * (m->ngroups - 1) / 2;
    m->pairs = calloc(m->npairs, sizeof *m->pairs);
    p = malloc(m->npairs * sizeof *p);
    if (m->pairs == NULL || p == NULL) {
        free(p);
        return XPI_ERR_NO_MEMORY;
    }
    for (i = k = 0; i < m->ngroups; i++)
        for (j = i + 1; j < m->ngroups; j++, k++) {
            pair *pr = &m->pairs[k];
            pr->a = i;
            pr->b = j;
            pr->status = xpi_tally_compare(m->groups[i].tally, m->groups[j].tally, m->stat,
                                           m->test_method, o->confidence, &pr->cmp);
            pr->p_adjusted = pr->cmp.p_value;
        }
    /* Adjust the pairs that could be tested. */
    for (i = j = 0; i < m->npairs; i++)
        if (m->pairs[i].status == XPI_OK && !isnan(m->pairs[i].cmp.p_value))
            p[j++] = m->pairs[i].cmp.p_value;
    if (j > 0 && o->adjust != XPI_ADJUST_NONE) {
        status = xpi_p_adjust(p, j, o->adjust, p, NULL);
        for (i = k = 0; status == XPI_OK && i < m->npairs; i++)
            if (m->pairs[i].status == XPI_OK && !isnan(m->pairs[i].cmp.p_value))
                m->pairs[i].p_adjusted = p[k++];
    }
    free(p);
    if (status != XPI_OK)
        return status;
    {
        const xpi_tally **tallies = malloc(m->ngroups * sizeof *tallies);
        if (tallies == NULL)
            return XPI_ERR_NO_MEMORY;
        for (i = 0; i < m->ngroups; i++)
            tallies[i] = m->groups[i].tally;
        m->chi2_status = xpi_tally_chi2(tallies, m->ngroups,
                                        m->stat == XPI_STAT_MEAN ? XPI_CHI2_SCALE : XPI_CHI2_BANDS,
                                        &m->chi2);
        free(tallies);
    }
    return XPI_OK;
}

static int build_segments(const options *o, metric_report *m, const xpi_query *q)
{
    int status = o->nby == 1 ? xpi_cube_breakdown(m->input->cube, 0, q, &m->segments)
                             : xpi_cube_crosstab(m->input->cube, 0, 1, q, &m->segments);
    /* Most negative impact first: the segments that pull the score down. */
    if (status == XPI_OK)
        status = xpi_table_sort(m->segments, XPI_COL_IMPACT, 0);
    return status;
}

static int build_trend(const options *o, metric_report *m, const xpi_query *q)
{
    int status = xpi_cube_series(m->input->cube, q, o->period, &m->series);
    if (status == XPI_OK)
        status = xpi_series_events(m->series, q, NULL, NULL, &m->events);
    return status;
}

/* A status that only says this metric has too little data is kept with
 * the analysis; anything else ends the run. */
static int soft(int status, int *keep)
{
    if (status == XPI_ERR_NOT_ENOUGH_DATA || status == XPI_ERR_NOT_APPLICABLE) {
        *keep = status;
        return XPI_OK;
    }
    return status;
}

/* The methods for this metric: o->method for its estimates (refused with
 * XPI_ERR_NOT_APPLICABLE when it does not apply to the statistic), and
 * for comparisons, segments and series the same when it gives tests, else
 * the default (the bootstrap and Bayes give intervals only). The library
 * decides, on the metric's own responses. */
static int choose_methods(const options *o, metric_report *m)
{
    xpi_tally *t = NULL;
    xpi_estimate e;
    xpi_comparison c;
    int status = xpi_cube_tally(m->input->cube, NULL, &t);
    if (status != XPI_OK)
        return status;
    m->method = o->method;
    m->test_method = o->method;
    status = xpi_tally_estimate(t, m->stat, o->method, o->confidence, &e);
    if (status != XPI_ERR_NOT_APPLICABLE &&
        xpi_tally_compare(t, t, m->stat, o->method, o->confidence, &c) == XPI_ERR_NOT_APPLICABLE)
        m->test_method = XPI_CI_DEFAULT;
    xpi_tally_free(t);
    return status == XPI_ERR_NOT_APPLICABLE ? status : XPI_OK;
}

static int build_metric(const options *o, report *r, metric_report *m)
{
    xpi_query *q = NULL;
    int32_t default_stat = XPI_STAT_MEAN;
    int status;

    xpi_cube_scale(m->input->cube, NULL, NULL, NULL, NULL, NULL, &default_stat);
    m->stat = o->stat == XPI_STAT_DEFAULT ? default_stat : o->stat;
    if ((status = choose_methods(o, m)) != XPI_OK)
        return status;
    if ((status = make_query(o, m->stat, m->test_method, &q)) != XPI_OK)
        return status;
    if (r->has_score)
        status = soft(build_score(o, m), &m->score_status);
    if (status == XPI_OK && r->has_compare)
        status = soft(build_compare(o, m, q), &m->chi2_status);
    if (status == XPI_OK && r->has_segments)
        status = soft(build_segments(o, m, q), &m->segments_status);
    if (status == XPI_OK && r->has_trend)
        status = soft(build_trend(o, m, q), &m->trend_status);
    xpi_query_free(q);
    return status;
}

int report_build(const options *o, const dataset *d, report *r)
{
    size_t k;
    uint64_t used = 0;
    memset(r, 0, sizeof *r);
    r->opt = o;
    r->data = d;
    r->has_score = o->command == CMD_SCORE || o->command == CMD_REPORT;
    r->has_compare = o->command == CMD_COMPARE || (o->command == CMD_REPORT && o->nby > 0);
    r->has_segments = o->command == CMD_SEGMENTS || (o->command == CMD_REPORT && o->nby > 0);
    r->has_trend = o->command == CMD_TREND || (o->command == CMD_REPORT && o->time != NULL);
    for (k = 0; k < d->nmetrics; k++)
        used += d->metrics[k].used;
    if (used == 0) {
        char sentence[512];
        fprintf(stderr, "xpi: %s: no usable responses.\n", o->file);
        rows_sentence(d, sentence, sizeof sentence);
        fprintf(stderr, "xpi: %s\n", sentence);
        for (k = 0; k < d->nmetrics; k++) {
            column_sentence(&d->metrics[k], sentence, sizeof sentence);
            fprintf(stderr, "xpi: column '%s': %s\n", d->metrics[k].column, sentence);
        }
        return EXIT_NO_DATA;
    }
    for (k = 0; k < d->nmetrics; k++) {
        metric_report *m = &r->metrics[r->nmetrics++];
        int status;
        m->input = &d->metrics[k];
        status = build_metric(o, r, m);
        if (status == XPI_ERR_NOT_APPLICABLE) {
            fprintf(stderr, "xpi: --method %s does not apply to the %s of column '%s'\n",
                    options_method_name(o->method), stat_label(m->input->metric, m->stat),
                    m->input->column);
            report_free(r);
            return EXIT_USAGE;
        }
        if (status != XPI_OK) {
            fprintf(stderr, "xpi: column '%s': %s%s\n", m->input->column, xpi_strerror(status),
                    status == XPI_ERR_OVERFLOW
                        ? " (more than 1,000,000 periods: choose a longer --period)"
                        : "");
            report_free(r);
            return status == XPI_ERR_NO_MEMORY ? EXIT_INTERNAL : EXIT_INPUT;
        }
    }
    return 0;
}

void report_free(report *r)
{
    size_t k, i;
    for (k = 0; k < r->nmetrics; k++) {
        metric_report *m = &r->metrics[k];
        for (i = 0; i < m->ngroups; i++)
            xpi_tally_free(m->groups[i].tally);
        free(m->groups);
        free(m->pairs);
        xpi_table_free(m->segments);
        xpi_table_free(m->series);
        xpi_table_free(m->events);
    }
    r->nmetrics = 0;
}
