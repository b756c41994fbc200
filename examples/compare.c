/*
 * compare: "is this month's change real?" and "how many responses do I
 * need?", answered in plain words with the public API only.
 *
 *   usage: compare [responses.csv]
 *
 * Reads the same CSV as quickstart (date,channel,nps,csat,ces; dates as
 * YYYY-MM-DD, in any order), compares the NPS of the latest month with the
 * month before it, then plans the sample size needed to measure and to
 * compare NPS.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xpi.h>

#define MONTH_CHARS 7 /* "YYYY-MM" */
#define NPS_COLUMN 2
#define MAX_MONTHS 120

typedef struct month {
    char name[MONTH_CHARS + 1];
    xpi_tally *nps;
} month;

static int fail(const char *what, int status)
{
    fprintf(stderr, "%s: %s\n", what, xpi_strerror(status));
    return 1;
}

/* The n-th comma-separated field of line (0-based), NUL-terminated in place. */
static char *field(char *line, int n)
{
    char *p = line, *end;
    while (n-- > 0) {
        p = strchr(p, ',');
        if (p == NULL)
            return NULL;
        p++;
    }
    end = p + strcspn(p, ",\r\n");
    *end = '\0';
    return p;
}

/* The tally of a month, created on first sight; NULL when the table is
 * full or memory runs out. */
static xpi_tally *month_tally(month *months, int *count, const char *name)
{
    int i;
    for (i = 0; i < *count; i++)
        if (strcmp(months[i].name, name) == 0)
            return months[i].nps;
    if (*count == MAX_MONTHS || xpi_tally_new(&months[*count].nps, XPI_METRIC_NPS, NULL) != XPI_OK)
        return NULL;
    memcpy(months[*count].name, name, sizeof months[*count].name);
    return months[(*count)++].nps;
}

/* Reads the NPS answers per month. */
static int read_months(const char *path, month *months, int *count)
{
    char line[1024];
    long line_no = 0;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char name[MONTH_CHARS + 1], *cell, *end;
        long score;
        xpi_tally *t;
        if (strchr(line, '\n') == NULL && !feof(f)) {
            fprintf(stderr, "line %ld: longer than %d bytes (use the xpi tool)\n", line_no + 1,
                    (int)sizeof line - 2);
            fclose(f);
            return 1;
        }
        if (++line_no == 1 || strlen(line) < MONTH_CHARS)
            continue;
        memcpy(name, line, MONTH_CHARS);
        name[MONTH_CHARS] = '\0';
        cell = field(line, NPS_COLUMN);
        if (cell == NULL || *cell == '\0')
            continue;
        score = strtol(cell, &end, 10); /* the whole cell, or it is not a score */
        if (end == cell || end[strspn(end, " \t")] != '\0' || score < 0 || score > 10) {
            fprintf(stderr, "line %ld: skipped NPS answer %s\n", line_no, cell);
            continue;
        }
        t = month_tally(months, count, name);
        if (t == NULL || xpi_tally_add(t, (int32_t)score, 1.0) != XPI_OK)
            fprintf(stderr, "line %ld: skipped NPS answer %s\n", line_no, cell);
    }
    fclose(f);
    return 0;
}

/* The index of the latest month before `before` (by name; "" for none). */
static int latest(const month *months, int count, const char *before)
{
    int i, best = -1;
    for (i = 0; i < count; i++)
        if ((before[0] == '\0' || strcmp(months[i].name, before) < 0) &&
            (best < 0 || strcmp(months[i].name, months[best].name) > 0))
            best = i;
    return best;
}

static void describe_change(const month *prev, const month *last)
{
    xpi_estimate a, b;
    xpi_comparison c;
    double p_up = 0.0;
    int status;

    if (xpi_tally_estimate(last->nps, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &a) != XPI_OK ||
        xpi_tally_estimate(prev->nps, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &b) != XPI_OK) {
        printf("Not enough responses in %s or %s to compare.\n", prev->name, last->name);
        return;
    }
    printf("NPS %s: %+.1f (n = %.0f, 95%% CI %+.1f to %+.1f)\n", prev->name, b.value, b.n,
           b.lower, b.upper);
    printf("NPS %s: %+.1f (n = %.0f, 95%% CI %+.1f to %+.1f)\n", last->name, a.value, a.n,
           a.lower, a.upper);
    status = xpi_tally_compare(last->nps, prev->nps, XPI_STAT_NET, XPI_CI_DEFAULT, 0.95, &c);
    if (status != XPI_OK) {
        fail("xpi_tally_compare", status);
        return;
    }
    xpi_tally_prob_greater(last->nps, prev->nps, XPI_STAT_NET, XPI_BAYES_BANDS, 0.5, 20000, 1,
                           &p_up);
    printf("Change: %+.1f points, 95%% CI %+.1f to %+.1f, p = %.2f.\n", c.difference, c.lower,
           c.upper, c.p_value);
    if (c.p_value < 0.05)
        printf("The change is statistically significant at the 5%% level: it is unlikely "
               "to be noise.\n");
    else
        printf("The change is within the noise: a month-to-month move this size happens "
               "by chance\nmore than 5%% of the time with these sample sizes.\n");
    printf("Probability that %s is truly above %s: %.0f%%.\n\n", last->name, prev->name,
           100.0 * p_up);
}

static void plan(const month *prev, const month *last)
{
    double var = 0.0, deff = 1.0, n_margin = 0.0, n_group = 0.0, mde = 0.0;
    xpi_tally *both = NULL;
    uint64_t n_last = 0;

    if (xpi_tally_clone(&both, prev->nps) != XPI_OK || xpi_tally_merge(both, last->nps) != XPI_OK ||
        xpi_tally_unit_variance(both, XPI_STAT_NET, &var, &deff) != XPI_OK) {
        xpi_tally_free(both);
        printf("Not enough data to plan.\n");
        return;
    }
    xpi_tally_total(last->nps, &n_last);
    xpi_plan_margin_n(var, 5.0, 0.95, deff, &n_margin);
    xpi_plan_group_n(var, var, 10.0, 0.05, 0.8, deff, &n_group);
    xpi_plan_mde(var, var, (double)n_last, (double)n_last, 0.05, 0.8, deff, &mde);
    printf("Planning, with the spread of the last two months (SD %.0f points per response):\n",
           sqrt(var));
    printf("- to know NPS within +/- 5 points (95%% confidence) you need %.0f responses;\n",
           n_margin);
    printf("- to detect a 10-point change between two months (80%% power, 5%% level)\n"
           "  you need %.0f responses in each month;\n",
           n_group);
    printf("- with %llu responses a month, only changes of about %.0f points or more are\n"
           "  reliably detected.\n",
           (unsigned long long)n_last, mde);
    xpi_tally_free(both);
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "examples/data/responses.csv";
    month months[MAX_MONTHS];
    int count = 0, last, prev, i;

    if (read_months(path, months, &count) != 0) {
        for (i = 0; i < count; i++)
            xpi_tally_free(months[i].nps);
        return 1;
    }
    last = latest(months, count, "");
    prev = last < 0 ? -1 : latest(months, count, months[last].name);
    if (prev < 0) {
        printf("Need NPS answers in at least two months.\n");
    } else {
        describe_change(&months[prev], &months[last]);
        plan(&months[prev], &months[last]);
    }
    for (i = 0; i < count; i++)
        xpi_tally_free(months[i].nps);
    return 0;
}
