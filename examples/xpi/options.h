/*
 * The xpi tool's command line: a subcommand, a file and options, checked
 * and resolved to library constants before any input is read.
 */
#ifndef XPI_TOOL_OPTIONS_H
#define XPI_TOOL_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

/* Exit codes (documented in `xpi --help` and docs/xpi.md). */
#define EXIT_USAGE 2     /* bad command line */
#define EXIT_INPUT 3     /* unreadable or malformed input, unknown column, --strict row */
#define EXIT_NO_DATA 4   /* no usable rows, or too few for what was asked */
#define EXIT_INTERNAL 5  /* out of memory, write error */

#define MAX_BY 2
#define MAX_WHERE 16
#define MAX_SCORES 16

enum command { CMD_SCORE, CMD_COMPARE, CMD_SEGMENTS, CMD_TREND, CMD_REPORT };
enum format { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV, FORMAT_HTML };

typedef struct where {
    const char *column, *value;
} where;

typedef struct options {
    enum command command;
    const char *file;            /* "-" for standard input */
    const char *output;          /* NULL for standard output */
    /* What to read. */
    const char *score[MAX_SCORES]; /* score columns; none: nps, csat, ces by name */
    size_t nscores;
    int32_t metric;              /* XPI_METRIC_*, or 0 to go by the column's name */
    int custom;                  /* a custom scale: */
    int32_t scale_min, scale_max, low_max, high_min;
    int32_t stat;                /* XPI_STAT_*, XPI_STAT_DEFAULT for the metric's own */
    const char *weight;
    const char *time;
    int32_t period;              /* XPI_PERIOD_* */
    int32_t utc_offset;          /* seconds, for day boundaries */
    const char *by[MAX_BY];
    size_t nby;
    where filters[MAX_WHERE];
    size_t nfilters;
    int delimiter;               /* 0: detect */
    /* How to compute. */
    double confidence;
    int32_t method;              /* XPI_CI_* */
    int32_t adjust;              /* XPI_ADJUST_* */
    double min_n;
    /* How to report. */
    enum format format;
    int strict;
    int progress;                /* -1 auto (stderr is a terminal), 0 off, 1 on */
} options;

/* Parses argv into o. On a bad command line, prints the reason and the
 * subcommand's usage to stderr and returns EXIT_USAGE; for --help prints
 * the help to stdout and returns -1; 0 when o is ready. */
int options_parse(int argc, char **argv, options *o);

/* The names the options use, for output. */
const char *options_command_name(enum command c);
const char *options_stat_name(int32_t stat);
const char *options_method_name(int32_t method);
const char *options_period_name(int32_t period);
const char *options_adjust_name(int32_t adjust);

#endif
