/*
 * The analyses of the xpi tool, computed once from the loaded cubes and
 * then rendered by any output format (text, json, csv, html). Every figure
 * comes from the public API; the report only holds what it returned.
 */
#ifndef XPI_TOOL_REPORT_H
#define XPI_TOOL_REPORT_H

#include <xpi.h>

#include "load.h"
#include "options.h"

/* One group of a comparison. */
typedef struct group {
    const char *label; /* the cube's value ("" missing), valid while the cube lives */
    xpi_tally *tally;
    int status;        /* of the estimate */
    xpi_estimate estimate;
} group;

/* One pair of groups: a against b. */
typedef struct pair {
    size_t a, b;
    int status;
    xpi_comparison cmp;
    double p_adjusted;
} pair;

/* What every analysis has for one score column. */
typedef struct metric_report {
    const metric_input *input;
    int32_t stat;             /* resolved: XPI_STAT_NET ... _MEAN */
    int32_t method;           /* of its score (the options') */
    int32_t test_method;      /* of its comparisons, segments and series: method, or
                                 the default when method gives no tests (bootstrap,
                                 Bayes) */
    /* score */
    int score_status;
    xpi_estimate score;
    /* compare (--by) */
    group *groups;
    size_t ngroups;
    pair *pairs;
    size_t npairs;
    int chi2_status;
    xpi_chi2_test chi2;
    /* segments (--by): a breakdown or crosstab sorted by impact */
    int segments_status;
    xpi_table *segments;
    /* trend (--time): the series and its events */
    int trend_status;
    xpi_table *series, *events;
} metric_report;

typedef struct report {
    const options *opt;
    const dataset *data;
    int has_score, has_compare, has_segments, has_trend;
    metric_report metrics[MAX_SCORES];
    size_t nmetrics;
} report;

/* Runs the analyses the command asks for. Returns 0, or EXIT_NO_DATA /
 * EXIT_INTERNAL after printing why to stderr. An analysis that cannot be
 * made for one metric (too few responses) keeps its status instead. */
int report_build(const options *o, const dataset *d, report *r);
void report_free(report *r);

/* Units of a statistic's value for text ("%" for shares, else "") and its label
 * ("NPS", "top-box %", "mean"). */
const char *stat_unit(int32_t stat);
/* Units of a difference of the statistic (" points", " percentage points", ""). */
const char *diff_unit(int32_t stat);
const char *stat_label(int32_t metric, int32_t stat);
/* The metric's name ("NPS", "CSAT", "CES", "score"). */
const char *metric_label(int32_t metric);

#endif
