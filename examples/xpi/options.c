/*
 * Command-line parsing for the xpi tool (see options.h). Every value is
 * checked here, so the analysis code never sees a bad one.
 */
#include "options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xpi.h>

#include "parse.h"

typedef struct name {
    const char *name;
    int32_t value;
} name;

static const name commands[] = { { "score", CMD_SCORE },       { "compare", CMD_COMPARE },
                                 { "segments", CMD_SEGMENTS }, { "trend", CMD_TREND },
                                 { "report", CMD_REPORT },     { NULL, 0 } };
static const name metrics[] = { { "nps", XPI_METRIC_NPS },
                                { "csat", XPI_METRIC_CSAT },
                                { "ces", XPI_METRIC_CES },
                                { NULL, 0 } };
static const name stats[] = { { "default", XPI_STAT_DEFAULT }, { "net", XPI_STAT_NET },
                              { "top", XPI_STAT_TOP },         { "bottom", XPI_STAT_BOTTOM },
                              { "mean", XPI_STAT_MEAN },       { NULL, 0 } };
static const name methods[] = { { "default", XPI_CI_DEFAULT },
                                { "wald", XPI_CI_WALD },
                                { "adjusted-wald", XPI_CI_ADJUSTED_WALD },
                                { "score", XPI_CI_SCORE },
                                { "clopper-pearson", XPI_CI_CLOPPER_PEARSON },
                                { "jeffreys", XPI_CI_JEFFREYS },
                                { "t", XPI_CI_T },
                                { "bootstrap", XPI_CI_BOOTSTRAP },
                                { "bayes", XPI_CI_BAYES },
                                { NULL, 0 } };
static const name periods[] = { { "day", XPI_PERIOD_DAY },       { "week", XPI_PERIOD_WEEK },
                                { "month", XPI_PERIOD_MONTH },   { "quarter", XPI_PERIOD_QUARTER },
                                { "year", XPI_PERIOD_YEAR },     { NULL, 0 } };
static const name adjusts[] = { { "none", XPI_ADJUST_NONE },
                                { "bonferroni", XPI_ADJUST_BONFERRONI },
                                { "holm", XPI_ADJUST_HOLM },
                                { "hochberg", XPI_ADJUST_HOCHBERG },
                                { "bh", XPI_ADJUST_BH },
                                { "by", XPI_ADJUST_BY },
                                { NULL, 0 } };
static const name formats[] = { { "text", FORMAT_TEXT }, { "json", FORMAT_JSON },
                                { "csv", FORMAT_CSV },   { "html", FORMAT_HTML },
                                { NULL, 0 } };

static int lookup(const name *table, const char *s, int32_t *out)
{
    for (; table->name != NULL; table++)
        if (strcmp(table->name, s) == 0) {
            *out = table->value;
            return 1;
        }
    return 0;
}

static const char *name_of(const name *table, int32_t value)
{
    for (; table->name != NULL; table++)
        if (table->value == value)
            return table->name;
    return "?";
}

const char *options_command_name(enum command c)
{
    return name_of(commands, (int32_t)c);
}

const char *options_stat_name(int32_t stat)
{
    return name_of(stats, stat);
}

const char *options_method_name(int32_t method)
{
    return name_of(methods, method);
}

const char *options_period_name(int32_t period)
{
    return name_of(periods, period);
}

const char *options_adjust_name(int32_t adjust)
{
    return name_of(adjusts, adjust);
}

static const char common_help[] =
    "What to read:\n"
    "  --score COL         a score column (repeatable); default: the columns named\n"
    "                      nps, csat and ces, whichever the file has\n"
    "  --metric M          nps (0-10), csat (1-5), ces (1-7); default: the column's name\n"
    "  --scale MIN:MAX:LOW:HIGH  a custom scale: scores MIN..MAX, low band <= LOW,\n"
    "                      high band >= HIGH (e.g. 0:100:60:90)\n"
    "  --stat S            net, top, bottom or mean; default: the metric's own\n"
    "                      (NPS net, CSAT top-box %%, CES mean)\n"
    "  --weight COL        a column of response weights (1e-150 to 1e100)\n"
    "  --where COL=VALUE   keep only rows whose COL is VALUE (repeatable; all must hold)\n"
    "  --delimiter D       ',', ';' or 'tab'; default: detected from the header\n"
    "How to compute:\n"
    "  --confidence C      of intervals and tests, in (0, 1); default 0.95\n"
    "  --method M          interval: default, wald, adjusted-wald, score,\n"
    "                      clopper-pearson, jeffreys, t, bootstrap, bayes\n"
    "  --adjust A          for many comparisons: bh (default), by, holm, hochberg,\n"
    "                      bonferroni, none\n"
    "  --min-n N           segments with fewer (effective) responses are flagged and\n"
    "                      not tested; default 30\n"
    "Output:\n"
    "  --format F          text (default), json, csv, html\n"
    "  -o, --output FILE   write there instead of standard output\n"
    "  --strict            stop at the first bad row, naming its line, instead of\n"
    "                      skipping it\n"
    "  --progress, --no-progress  progress on stderr; default: when it is a terminal\n"
    "\n"
    "Exit status: 0 success; 2 bad command line; 3 unreadable or malformed input,\n"
    "unknown column, or a bad row with --strict; 4 no usable rows; 5 out of memory\n"
    "or write error.\n";

static const char *const command_help[] = {
    /* score */
    "usage: xpi score FILE [options]\n"
    "The score of each metric column with its interval and margin of error.\n"
    "Examples:\n"
    "  xpi score responses.csv\n"
    "  xpi score reviews.csv --score review_score --metric csat\n"
    "  xpi score survey.csv --score q7 --scale 0:100:60:90 --weight w --format json\n",
    /* compare */
    "usage: xpi compare FILE --by COL [options]\n"
    "The score of each group of COL, every pair of groups tested (p-values adjusted\n"
    "for the number of pairs) and a test that all groups are alike.\n"
    "Examples:\n"
    "  xpi compare responses.csv --by channel\n"
    "  xpi compare responses.csv --by channel --score nps --adjust holm\n",
    /* segments */
    "usage: xpi segments FILE --by COL [--by COL2] [options]\n"
    "Each segment against the rest of the responses: which ones differ, by how\n"
    "much, and how much each moves the overall score (sorted by impact).\n"
    "Examples:\n"
    "  xpi segments responses.csv --by channel\n"
    "  xpi segments responses.csv --by region --by channel --format html -o seg.html\n",
    /* trend */
    "usage: xpi trend FILE --time COL [--period P] [options]\n"
    "The score per period with intervals, the change from the previous period,\n"
    "and the events found: spikes, dips, shifts of level and trends.\n"
    "  --time COL          dates: 2026-01-31, 2026-01-31T14:05:09[+02:00], or Unix\n"
    "                      seconds; without an offset, local time at --utc-offset\n"
    "  --period P          day, week, month (default), quarter, year\n"
    "  --utc-offset +HH:MM where periods start (local midnight); default +00:00\n"
    "Examples:\n"
    "  xpi trend responses.csv --time date\n"
    "  xpi trend reviews.csv --metric csat --score review_score \\\n"
    "      --time review_creation_date --period month\n",
    /* report */
    "usage: xpi report FILE [--time COL] [--by COL]... [options]\n"
    "Everything at once: the scores, and when the columns are given the trend\n"
    "(--time), the group comparison and the segments (--by).\n"
    "Examples:\n"
    "  xpi report responses.csv --time date --by channel\n"
    "  xpi report responses.csv --time date --by channel --format html -o report.html\n",
};

static const char general_help[] =
    "usage: xpi COMMAND FILE [options]\n"
    "Customer-experience scores (NPS, CSAT, CES, custom scales) from a CSV file,\n"
    "with margins of error and significance tests.\n"
    "Commands:\n"
    "  score     each score with its interval\n"
    "  compare   two or more groups against each other\n"
    "  segments  which segments differ from the rest\n"
    "  trend     the score over time, and what changed\n"
    "  report    all of the above\n"
    "FILE is a CSV file with a header row (RFC 4180; ',', ';' or tab; UTF-8), or -\n"
    "for standard input. `xpi COMMAND --help` lists the options.\n";

static int usage_error(const options *o, int have_command, const char *fmt, const char *arg)
{
    fprintf(stderr, "xpi: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    if (have_command)
        fprintf(stderr, "Try `xpi %s --help`.\n", options_command_name(o->command));
    else
        fprintf(stderr, "Try `xpi --help`.\n");
    return EXIT_USAGE;
}

/* "+HH:MM", "-HHMM", "+HH" or "Z" to seconds east of UTC. */
static int parse_offset(const char *s, int32_t *out)
{
    int64_t t;
    char buf[40];
    /* Reuse the date-time parser: midnight at that offset, negated. */
    if (strcmp(s, "Z") == 0 || strcmp(s, "0") == 0) {
        *out = 0;
        return 1;
    }
    if (strlen(s) > 6 || (s[0] != '+' && s[0] != '-'))
        return 0;
    snprintf(buf, sizeof buf, "1970-01-02T00:00%s", s);
    if (!parse_time(buf, strlen(buf), 0, &t) || t < 86400 - 14 * 3600 || t > 86400 + 14 * 3600)
        return 0; /* the library's cubes take offsets within +-14 h */
    *out = (int32_t)(86400 - t);
    return 1;
}

static int parse_scale(const char *s, options *o)
{
    const char *p = s;
    int32_t v[4];
    int i;
    for (i = 0; i < 4; i++) {
        const char *end = strchr(p, ':');
        size_t n = end != NULL ? (size_t)(end - p) : strlen(p);
        if ((i < 3) != (end != NULL) || !parse_score(p, n, &v[i]))
            return 0;
        p = end != NULL ? end + 1 : p + n;
    }
    if (!(v[0] < v[1] && v[0] <= v[2] && v[2] < v[3] && v[3] <= v[1]) ||
        (int64_t)v[1] - v[0] + 1 > XPI_SCALE_MAX_POINTS)
        return 0;
    o->custom = 1;
    o->scale_min = v[0];
    o->scale_max = v[1];
    o->low_max = v[2];
    o->high_min = v[3];
    return 1;
}

static int takes_value(const char *a)
{
    static const char *const with_value[] = {
        "--score", "--metric", "--scale", "--stat", "--weight", "--time", "--period",
        "--utc-offset", "--by", "--where", "--delimiter", "--confidence", "--method",
        "--adjust", "--min-n", "--format", "-o", "--output", NULL };
    size_t i;
    for (i = 0; with_value[i] != NULL; i++)
        if (strcmp(a, with_value[i]) == 0)
            return 1;
    return 0;
}

int options_parse(int argc, char **argv, options *o)
{
    int i;
    int32_t v;

    memset(o, 0, sizeof *o);
    o->confidence = 0.95;
    o->method = XPI_CI_DEFAULT;
    o->adjust = XPI_ADJUST_BH;
    o->min_n = 30.0;
    o->stat = XPI_STAT_DEFAULT;
    o->period = XPI_PERIOD_MONTH;
    o->progress = -1;

    if (argc < 2)
        return usage_error(o, 0, "%s", "no command");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(general_help, stdout);
        return -1;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("xpi (libxpi %s)\n", xpi_version_string());
        return -1;
    }
    if (!lookup(commands, argv[1], &v))
        return usage_error(o, 0, "unknown command '%s'", argv[1]);
    o->command = (enum command)v;

    for (i = 2; i < argc; i++) {
        const char *a = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(command_help[o->command], stdout);
            fputs(common_help, stdout);
            return -1;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->file != NULL)
                return usage_error(o, 1, "more than one input file ('%s')", a);
            o->file = a;
            continue;
        }
        if (strcmp(a, "--strict") == 0) {
            o->strict = 1;
            continue;
        }
        if (strcmp(a, "--progress") == 0 || strcmp(a, "--no-progress") == 0) {
            o->progress = a[2] == 'p';
            continue;
        }
        if (!takes_value(a))
            return usage_error(o, 1, "unknown option '%s'", a);
        if (arg == NULL)
            return usage_error(o, 1, "%s needs a value", a);
        if (strcmp(a, "--score") == 0) {
            if (o->nscores == MAX_SCORES)
                return usage_error(o, 1, "%s", "too many --score columns (at most 16)");
            o->score[o->nscores++] = arg;
        } else if (strcmp(a, "--metric") == 0) {
            if (!lookup(metrics, arg, &o->metric))
                return usage_error(o, 1, "--metric: '%s' is not nps, csat or ces", arg);
        } else if (strcmp(a, "--scale") == 0) {
            if (!parse_scale(arg, o))
                return usage_error(o, 1,
                                   "--scale: '%s' is not MIN:MAX:LOW:HIGH with MIN <= LOW < "
                                   "HIGH <= MAX, at most 1001 points",
                                   arg);
        } else if (strcmp(a, "--stat") == 0) {
            if (!lookup(stats, arg, &o->stat))
                return usage_error(o, 1, "--stat: '%s' is not net, top, bottom or mean", arg);
        } else if (strcmp(a, "--weight") == 0) {
            o->weight = arg;
        } else if (strcmp(a, "--time") == 0) {
            o->time = arg;
        } else if (strcmp(a, "--period") == 0) {
            if (!lookup(periods, arg, &o->period))
                return usage_error(o, 1, "--period: '%s' is not day, week, month, quarter or year",
                                   arg);
        } else if (strcmp(a, "--utc-offset") == 0) {
            if (!parse_offset(arg, &o->utc_offset))
                return usage_error(o, 1, "--utc-offset: '%s' is not +HH:MM or -HH:MM within 14 h",
                                   arg);
        } else if (strcmp(a, "--by") == 0) {
            if (o->nby == MAX_BY)
                return usage_error(o, 1, "%s", "at most two --by columns");
            if (o->nby == 1 && strcmp(o->by[0], arg) == 0)
                return usage_error(o, 1, "--by '%s' given twice", arg);
            if (strlen(arg) == 0 || strlen(arg) > XPI_VALUE_MAX_BYTES)
                return usage_error(o, 1, "--by: a column name of 1 to 255 bytes, not '%.60s'",
                                   arg);
            o->by[o->nby++] = arg;
        } else if (strcmp(a, "--where") == 0) {
            char *eq = strchr(arg, '=');
            if (eq == NULL || eq == arg)
                return usage_error(o, 1, "--where: '%s' is not COL=VALUE", arg);
            if (o->nfilters == MAX_WHERE)
                return usage_error(o, 1, "%s", "too many --where (at most 16)");
            *eq = '\0';
            o->filters[o->nfilters].column = arg;
            o->filters[o->nfilters++].value = eq + 1;
        } else if (strcmp(a, "--delimiter") == 0) {
            if (strcmp(arg, ",") == 0 || strcmp(arg, ";") == 0)
                o->delimiter = arg[0];
            else if (strcmp(arg, "tab") == 0 || strcmp(arg, "\t") == 0)
                o->delimiter = '\t';
            else
                return usage_error(o, 1, "--delimiter: '%s' is not ',', ';' or tab", arg);
        } else if (strcmp(a, "--confidence") == 0) {
            double c;
            if (!parse_number(arg, strlen(arg), &c) || !(c > 0.0 && c < 1.0))
                return usage_error(o, 1, "--confidence: '%s' is not a number in (0, 1)", arg);
            o->confidence = c;
        } else if (strcmp(a, "--method") == 0) {
            if (!lookup(methods, arg, &o->method))
                return usage_error(o, 1, "--method: unknown method '%s'", arg);
        } else if (strcmp(a, "--adjust") == 0) {
            if (!lookup(adjusts, arg, &o->adjust))
                return usage_error(o, 1, "--adjust: unknown adjustment '%s'", arg);
        } else if (strcmp(a, "--min-n") == 0) {
            double n;
            if (!parse_number(arg, strlen(arg), &n) || !(n >= 0.0))
                return usage_error(o, 1, "--min-n: '%s' is not a number >= 0", arg);
            o->min_n = n;
        } else if (strcmp(a, "--format") == 0) {
            if (!lookup(formats, arg, &v))
                return usage_error(o, 1, "--format: '%s' is not text, json, csv or html", arg);
            o->format = (enum format)v;
        } else { /* -o, --output */
            o->output = arg;
        }
        i++;
    }

    if (o->file == NULL)
        return usage_error(o, 1, "%s", "no input file (use - for standard input)");
    if (o->custom && o->metric != 0)
        return usage_error(o, 1, "%s", "--metric and --scale are exclusive");
    if ((o->command == CMD_COMPARE || o->command == CMD_SEGMENTS) && o->nby == 0)
        return usage_error(o, 1, "%s", "--by COL is required");
    if (o->command == CMD_COMPARE && o->nby > 1)
        return usage_error(o, 1, "%s", "compare takes one --by column");
    if (o->command == CMD_TREND && o->time == NULL)
        return usage_error(o, 1, "%s", "--time COL is required");
    return 0;
}
