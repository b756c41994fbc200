/*
 * The streaming load of the input (see load.h).
 */
#define _POSIX_C_SOURCE 200809L /* isatty, strcasecmp */

#include "load.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "batch.h"
#include "escape.h"
#include "csv.h"
#include "parse.h"

#define PROGRESS_EVERY (1u << 20) /* rows between progress lines */
/* The largest weight taken: squares of weights near 1e154 overflow the
 * library's sums (a whole run failing on one cell); survey weights are
 * nowhere near this. */
#define WEIGHT_MAX 1e100

const char *row_skip_reason(enum row_skip r)
{
    static const char *const text[ROW_SKIPS] = {
        "too few fields", "bad date", "bad weight", "segment value over 255 bytes" };
    return text[r];
}

const char *cell_skip_reason(enum cell_skip r)
{
    static const char *const text[CELL_SKIPS] = { "no answer", "not a whole number",
                                                  "off the scale" };
    return text[r];
}

/* Appends to buf as snprintf would write at its end. */
static void append(char *buf, size_t size, const char *fmt, ...)
{
    size_t used = strlen(buf);
    va_list ap;
    if (used + 1 >= size)
        return;
    va_start(ap, fmt);
    vsnprintf(buf + used, size - used, fmt, ap);
    va_end(ap);
}

void rows_sentence(const dataset *d, char *buf, size_t size)
{
    uint64_t skipped = 0;
    size_t i;
    const char *sep = " (";
    for (i = 0; i < ROW_SKIPS; i++)
        skipped += d->skipped[i];
    buf[0] = '\0';
    append(buf, size, "Rows: %llu read, %llu used", (unsigned long long)d->rows,
           (unsigned long long)(d->rows - skipped - d->filtered));
    if (d->filtered)
        append(buf, size, ", %llu left out by --where", (unsigned long long)d->filtered);
    if (skipped) {
        append(buf, size, ", %llu skipped", (unsigned long long)skipped);
        for (i = 0; i < ROW_SKIPS; i++)
            if (d->skipped[i]) {
                append(buf, size, "%s%llu %s", sep, (unsigned long long)d->skipped[i],
                       row_skip_reason((enum row_skip)i));
                sep = ", ";
            }
        append(buf, size, ")");
    }
    append(buf, size, ".");
}

void column_sentence(const metric_input *m, char *buf, size_t size)
{
    size_t i;
    buf[0] = '\0';
    append(buf, size, "%llu response%s", (unsigned long long)m->used, m->used == 1 ? "" : "s");
    for (i = 0; i < CELL_SKIPS; i++)
        if (m->skipped[i])
            append(buf, size, "; %llu %s", (unsigned long long)m->skipped[i],
                   cell_skip_reason((enum cell_skip)i));
    append(buf, size, ".");
}

/* The header's names, copied (the reader reuses its buffer). */
typedef struct header {
    char **names;
    size_t count;
} header;

static void header_free(header *h)
{
    size_t i;
    for (i = 0; i < h->count; i++)
        free(h->names[i]);
    free(h->names);
    h->names = NULL;
    h->count = 0;
}

static int header_read(csv_reader *r, header *h)
{
    size_t i, n = csv_field_count(r);
    h->names = calloc(n, sizeof *h->names);
    if (h->names == NULL)
        return 0;
    h->count = n;
    for (i = 0; i < n; i++) {
        size_t len;
        const char *f = csv_field(r, i, &len);
        /* Names are matched without surrounding spaces. */
        while (len > 0 && (*f == ' ' || *f == '\t'))
            f++, len--;
        while (len > 0 && (f[len - 1] == ' ' || f[len - 1] == '\t'))
            len--;
        h->names[i] = malloc(len + 1);
        if (h->names[i] == NULL)
            return 0;
        memcpy(h->names[i], f, len);
        h->names[i][len] = '\0';
    }
    return 1;
}

/* The first column named name (exactly, or ignoring case when no exact
 * match exists), or -1. */
static long header_find(const header *h, const char *name)
{
    size_t i;
    for (i = 0; i < h->count; i++)
        if (strcmp(h->names[i], name) == 0)
            return (long)i;
    for (i = 0; i < h->count; i++)
        if (strcasecmp(h->names[i], name) == 0)
            return (long)i;
    return -1;
}

static int no_column(const header *h, const char *what, const char *name)
{
    size_t i;
    fprintf(stderr, "xpi: %s: no column named '%s'; the header has:", what, name);
    for (i = 0; i < h->count && i < 40; i++)
        fprintf(stderr, "%s '%s'", i ? "," : "", h->names[i]);
    fprintf(stderr, "%s\n", h->count > 40 ? ", ..." : "");
    return EXIT_INPUT;
}

/* Column indices of everything a row needs. */
typedef struct layout {
    long time, weight, by[MAX_BY], where[MAX_WHERE];
    size_t needed; /* fields a row must have */
} layout;

static void need(layout *l, long index)
{
    if (index >= 0 && (size_t)index + 1 > l->needed)
        l->needed = (size_t)index + 1;
}

static int metric_of_name(const char *name, int32_t *metric)
{
    if (strcasecmp(name, "nps") == 0)
        *metric = XPI_METRIC_NPS;
    else if (strcasecmp(name, "csat") == 0)
        *metric = XPI_METRIC_CSAT;
    else if (strcasecmp(name, "ces") == 0)
        *metric = XPI_METRIC_CES;
    else
        return 0;
    return 1;
}

static int add_metric(const options *o, const header *h, dataset *d, long index)
{
    metric_input *m = &d->metrics[d->nmetrics];
    size_t len = strlen(h->names[index]);
    int status;
    m->column = malloc(len + 1);
    if (m->column == NULL) {
        fprintf(stderr, "xpi: out of memory\n");
        return EXIT_INTERNAL;
    }
    memcpy(m->column, h->names[index], len + 1);
    m->index = (size_t)index;
    d->nmetrics++; /* dataset_free frees what is made so far */
    if (o->custom) {
        m->metric = XPI_METRIC_CUSTOM;
        status = xpi_cube_new_scale(&m->cube, o->scale_min, o->scale_max, o->low_max, o->high_min,
                                    XPI_STAT_MEAN, o->nby, o->by, NULL);
    } else {
        if (o->metric != 0)
            m->metric = o->metric;
        else if (!metric_of_name(m->column, &m->metric)) {
            fprintf(stderr,
                    "xpi: cannot tell the scale of column '%s': give --metric (nps, csat, ces) "
                    "or --scale MIN:MAX:LOW:HIGH\n",
                    m->column);
            return EXIT_USAGE;
        }
        status = xpi_cube_new(&m->cube, m->metric, o->nby, o->by, NULL);
    }
    if (status == XPI_OK && o->time != NULL)
        status = xpi_cube_set_time(m->cube, 86400, o->utc_offset);
    if (status == XPI_OK)
        status = xpi_cube_scale(m->cube, NULL, &m->min, &m->max, NULL, NULL, NULL);
    if (status != XPI_OK) {
        fprintf(stderr, "xpi: %s\n", xpi_strerror(status));
        return status == XPI_ERR_NO_MEMORY ? EXIT_INTERNAL : EXIT_USAGE;
    }
    return 0;
}

static int setup(const options *o, const header *h, dataset *d, layout *l)
{
    size_t i;
    int status;
    memset(l, 0, sizeof *l);
    if (o->nscores > 0) {
        for (i = 0; i < o->nscores; i++) {
            long index = header_find(h, o->score[i]);
            if (index < 0)
                return no_column(h, "--score", o->score[i]);
            if ((status = add_metric(o, h, d, index)) != 0)
                return status;
        }
    } else {
        static const char *const names[3] = { "nps", "csat", "ces" };
        for (i = 0; i < 3; i++) {
            long index = header_find(h, names[i]);
            if (index >= 0 && (status = add_metric(o, h, d, index)) != 0)
                return status;
        }
        if (d->nmetrics == 0) {
            no_column(h, "scores", "nps', 'csat' or 'ces");
            fprintf(stderr, "xpi: name the score column with --score COL\n");
            return EXIT_INPUT;
        }
    }
    for (i = 0; i < d->nmetrics; i++)
        need(l, (long)d->metrics[i].index);
    l->time = l->weight = -1;
    if (o->time != NULL && (l->time = header_find(h, o->time)) < 0)
        return no_column(h, "--time", o->time);
    if (o->weight != NULL && (l->weight = header_find(h, o->weight)) < 0)
        return no_column(h, "--weight", o->weight);
    need(l, l->time);
    need(l, l->weight);
    for (i = 0; i < o->nby; i++) {
        if ((l->by[i] = header_find(h, o->by[i])) < 0)
            return no_column(h, "--by", o->by[i]);
        need(l, l->by[i]);
    }
    for (i = 0; i < o->nfilters; i++) {
        if ((l->where[i] = header_find(h, o->filters[i].column)) < 0)
            return no_column(h, "--where", o->filters[i].column);
        need(l, l->where[i]);
    }
    return 0;
}

static const char *field(csv_reader *r, long index)
{
    return csv_field(r, (size_t)index, NULL);
}

static int is_blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0';
}

/* What --strict says about a bad row or cell. */
static int strict_stop(const options *o, csv_reader *r, const char *reason, const char *column,
                       const char *cell)
{
    char shown[64];
    size_t i;
    /* The cell on one line, whole characters only. */
    clip_text(shown, sizeof shown, cell, 40);
    for (i = 0; shown[i]; i++)
        if ((unsigned char)shown[i] < 0x20)
            shown[i] = ' ';
    fprintf(stderr, "xpi: %s: line %llu: %s in column '%s': '%s' (--strict)\n", o->file,
            csv_line(r), reason, column, shown);
    return EXIT_INPUT;
}

/* The row's shared parts: filters, time, weight, segment values. 1 to use
 * the row, 0 to skip it (counted), or an exit code (negated). */
static int row_common(const options *o, const layout *l, csv_reader *r, dataset *d,
                      const header *h, int64_t *time, double *weight, const char **values)
{
    size_t i;
    enum row_skip why;
    const char *column = "", *cell = "";
    if (csv_field_count(r) < l->needed) {
        if (o->strict) {
            fprintf(stderr, "xpi: %s: line %llu: too few fields (%zu; the columns used need %zu) "
                            "(--strict)\n",
                    o->file, csv_line(r), csv_field_count(r), l->needed);
            return -EXIT_INPUT;
        }
        d->skipped[SKIP_FIELDS]++;
        return 0;
    }
    for (i = 0; i < o->nfilters; i++)
        if (strcmp(field(r, l->where[i]), o->filters[i].value) != 0) {
            d->filtered++;
            return 0;
        }
    *time = 0;
    if (l->time >= 0) {
        cell = field(r, l->time);
        column = h->names[l->time];
        if (!parse_time(cell, strlen(cell), o->utc_offset, time) || *time < XPI_TIME_MIN ||
            *time > XPI_TIME_MAX) {
            why = SKIP_TIME;
            goto skip;
        }
    }
    *weight = 1.0;
    if (l->weight >= 0) {
        cell = field(r, l->weight);
        column = h->names[l->weight];
        if (!parse_number(cell, strlen(cell), weight) ||
            !(*weight >= XPI_WEIGHT_MIN && *weight <= WEIGHT_MAX)) {
            why = SKIP_WEIGHT;
            goto skip;
        }
    }
    for (i = 0; i < o->nby; i++) {
        values[i] = field(r, l->by[i]);
        if (strlen(values[i]) > XPI_VALUE_MAX_BYTES) {
            why = SKIP_VALUE;
            column = h->names[l->by[i]];
            cell = values[i];
            goto skip;
        }
    }
    return 1;
skip:
    if (o->strict)
        return -strict_stop(o, r, row_skip_reason(why), column, cell);
    d->skipped[why]++;
    return 0;
}

/* An error adding to a cube (the responses were checked already: only
 * the cube's limits or memory can fail it). */
static int add_failed(const options *o, int status, unsigned long long line)
{
    fprintf(stderr, "xpi: %s: line %llu: %s\n", o->file, line, xpi_strerror(status));
    return status == XPI_ERR_NO_MEMORY ? EXIT_INTERNAL : EXIT_INPUT;
}

static int add_row(const options *o, csv_reader *r, dataset *d, batch *queues, int64_t time,
                   double weight, const char *const *values)
{
    size_t k;
    for (k = 0; k < d->nmetrics; k++) {
        metric_input *m = &d->metrics[k];
        const char *cell = csv_field(r, m->index, NULL);
        enum cell_skip why;
        unsigned long long failed = 0;
        int32_t score;
        int status;
        if (is_blank(cell)) {
            m->skipped[SKIP_NO_ANSWER]++;
            continue;
        }
        if (!parse_score(cell, strlen(cell), &score)) {
            why = SKIP_SCORE;
        } else if (score < m->min || score > m->max) {
            why = SKIP_OFF_SCALE;
        } else {
            status = batch_add(&queues[k], time, values, score, weight, csv_line(r), &failed);
            if (status != XPI_OK)
                return add_failed(o, status, failed);
            m->used++;
            continue;
        }
        if (o->strict)
            return strict_stop(o, r, cell_skip_reason(why), m->column, cell);
        m->skipped[why]++;
    }
    return 0;
}

static void progress(const csv_reader *r, const dataset *d, int last)
{
    fprintf(stderr, "\rxpi: %.1f MB read, %llu rows%s", (double)csv_bytes(r) / 1e6,
            (unsigned long long)d->rows, last ? "\n" : "");
}

void dataset_free(dataset *d)
{
    size_t i;
    for (i = 0; i < d->nmetrics; i++) {
        xpi_cube_free(d->metrics[i].cube);
        free(d->metrics[i].column);
    }
    memset(d, 0, sizeof *d);
}

static int load(const options *o, csv_reader *r, dataset *d, header *h, batch *queues)
{
    layout l;
    size_t k;
    const char *values[MAX_BY] = { NULL, NULL };
    int status, show = o->progress > 0 || (o->progress < 0 && isatty(2));

    status = csv_read(r);
    if (status == CSV_END) {
        fprintf(stderr, "xpi: %s: empty file (no header row)\n", o->file);
        return EXIT_INPUT;
    }
    if (status != CSV_RECORD)
        goto csv_error;
    if (!header_read(r, h)) {
        fprintf(stderr, "xpi: out of memory\n");
        return EXIT_INTERNAL;
    }
    if ((status = setup(o, h, d, &l)) != 0)
        return status;
    for (k = 0; k < d->nmetrics; k++)
        if (batch_init(&queues[k], d->metrics[k].cube, o->nby) != XPI_OK) {
            fprintf(stderr, "xpi: out of memory\n");
            return EXIT_INTERNAL;
        }
    while ((status = csv_read(r)) == CSV_RECORD) {
        int64_t time;
        double weight;
        int use;
        d->rows++;
        if (show && d->rows % PROGRESS_EVERY == 0)
            progress(r, d, 0);
        use = row_common(o, &l, r, d, h, &time, &weight, values);
        if (use < 0)
            return -use;
        if (use == 0)
            continue;
        if ((status = add_row(o, r, d, queues, time, weight, values)) != 0)
            return status;
    }
    if (show)
        progress(r, d, 1);
    for (k = 0; status == CSV_END && k < d->nmetrics; k++) {
        unsigned long long failed = 0;
        int added = batch_flush(&queues[k], &failed);
        if (added != XPI_OK)
            return add_failed(o, added, failed);
    }
    if (status == CSV_END)
        return 0;
csv_error:
    fprintf(stderr, "xpi: %s: line %llu: %s\n", o->file, csv_line(r), csv_strerror(status));
    return status == CSV_ERR_NO_MEMORY ? EXIT_INTERNAL : EXIT_INPUT;
}

int dataset_load(const options *o, dataset *d)
{
    FILE *f = strcmp(o->file, "-") == 0 ? stdin : fopen(o->file, "rb");
    csv_reader *r;
    header h = { NULL, 0 };
    batch queues[MAX_SCORES];
    size_t k;
    int status;

    memset(d, 0, sizeof *d);
    if (f == NULL) {
        perror(o->file);
        return EXIT_INPUT;
    }
    r = csv_open(f, o->delimiter);
    if (r == NULL) {
        fprintf(stderr, "xpi: out of memory\n");
        status = EXIT_INTERNAL;
    } else {
        memset(queues, 0, sizeof queues);
        status = load(o, r, d, &h, queues);
        for (k = 0; k < MAX_SCORES; k++)
            batch_free(&queues[k]);
    }
    csv_close(r);
    if (f != stdin)
        fclose(f);
    header_free(&h);
    if (status != 0)
        dataset_free(d);
    return status;
}
