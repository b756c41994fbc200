/*
 * quickstart: reads survey responses from a CSV file and prints NPS, CSAT
 * and CES with their 95% margins of error, using only the public API.
 *
 *   usage: quickstart [responses.csv]
 *
 * The CSV has a header line and the columns date,channel,nps,csat,ces; an
 * empty cell is a question the respondent skipped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xpi.h>

#define COLUMNS 5
#define FIRST_SCORE_COLUMN 2

typedef struct metric {
    const char *name;
    int32_t id;
    xpi_tally *tally;
} metric;

/* Splits a line at commas in place; returns the number of fields. */
static int split(char *line, char **fields, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        fields[n++] = p;
        p = strchr(p, ',');
        if (p == NULL)
            break;
        *p++ = '\0';
    }
    return n;
}

/* Adds one cell to a tally; an empty cell adds nothing. */
static int add_cell(xpi_tally *t, const char *cell, long line_no)
{
    char *end;
    long score;
    int status;
    if (cell[0] == '\0' || cell[0] == '\n' || cell[0] == '\r')
        return 0;
    score = strtol(cell, &end, 10);
    end += strspn(end, " \t\r\n");
    if (end == cell || *end != '\0' || score < INT32_MIN || score > INT32_MAX) {
        fprintf(stderr, "line %ld: not a score: %s\n", line_no, cell);
        return -1;
    }
    status = xpi_tally_add(t, (int32_t)score, 1.0);
    if (status != XPI_OK) {
        fprintf(stderr, "line %ld: score %ld: %s\n", line_no, score, xpi_strerror(status));
        return -1;
    }
    return 0;
}

static void report(const metric *m)
{
    xpi_estimate e;
    int status = xpi_tally_estimate(m->tally, XPI_STAT_DEFAULT, XPI_CI_DEFAULT, 0.95, &e);
    if (status != XPI_OK) {
        printf("%-5s %s\n", m->name, xpi_strerror(status));
        return;
    }
    switch (m->id) {
    case XPI_METRIC_NPS:
        printf("%-5s n = %4.0f   NPS %+6.1f points   95%% CI [%+6.1f, %+6.1f]   "
               "margin +/- %.1f\n",
               m->name, e.n, e.value, e.lower, e.upper, (e.upper - e.lower) / 2);
        break;
    case XPI_METRIC_CSAT:
        printf("%-5s n = %4.0f   %5.1f%% satisfied    95%% CI [%6.1f, %6.1f]   "
               "margin +/- %.1f\n",
               m->name, e.n, e.value, e.lower, e.upper, (e.upper - e.lower) / 2);
        break;
    default:
        printf("%-5s n = %4.0f   mean %.2f of 7      95%% CI [%6.2f, %6.2f]   "
               "margin +/- %.2f\n",
               m->name, e.n, e.value, e.lower, e.upper, (e.upper - e.lower) / 2);
        break;
    }
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "examples/data/responses.csv";
    metric metrics[3] = {
        { "NPS", XPI_METRIC_NPS, NULL },
        { "CSAT", XPI_METRIC_CSAT, NULL },
        { "CES", XPI_METRIC_CES, NULL },
    };
    char line[1024];
    long line_no = 0;
    int i, failed = 0;
    FILE *f = fopen(path, "r");

    if (f == NULL) {
        perror(path);
        return 1;
    }
    for (i = 0; i < 3; i++) {
        int status = xpi_tally_new(&metrics[i].tally, metrics[i].id, NULL);
        if (status != XPI_OK) {
            fprintf(stderr, "xpi_tally_new: %s\n", xpi_strerror(status));
            return 1;
        }
    }
    while (fgets(line, sizeof line, f) != NULL) {
        char *fields[COLUMNS];
        if (++line_no == 1)
            continue; /* header */
        if (strchr(line, '\n') == NULL && !feof(f)) {
            fprintf(stderr, "line %ld: longer than %d bytes (use the xpi tool)\n", line_no,
                    (int)sizeof line - 2);
            fclose(f);
            for (i = 0; i < 3; i++)
                xpi_tally_free(metrics[i].tally);
            return 1;
        }
        if (split(line, fields, COLUMNS) != COLUMNS) {
            fprintf(stderr, "line %ld: expected %d columns\n", line_no, COLUMNS);
            failed = 1;
            continue;
        }
        for (i = 0; i < 3; i++)
            if (add_cell(metrics[i].tally, fields[FIRST_SCORE_COLUMN + i], line_no) != 0)
                failed = 1;
    }
    fclose(f);

    printf("libxpi %s: %s, %ld responses\n", xpi_version_string(), path, line_no - 1);
    for (i = 0; i < 3; i++) {
        report(&metrics[i]);
        xpi_tally_free(metrics[i].tally);
    }
    printf("Intervals: Tango score with small-sample correction (NPS), Wilson (CSAT),\n"
           "Student t (CES).\n");
    return failed;
}
