/*
 * trend: a monthly NPS report that says which moves are real. Builds two
 * years of generated responses (about 150 to 300 a month) with one real
 * event in them, a sustained drop in month 15, then prints each month's
 * score with its margin of error, whether the change from the month before
 * is significant, and the events the detectors find.
 *
 *   usage: trend
 */
#include <math.h>
#include <stdio.h>

#include <xpi.h>

#define MONTHS 24

static int fail(const char *what, int status)
{
    fprintf(stderr, "%s: %s\n", what, xpi_strerror(status));
    return 1;
}

/* A small deterministic generator (xorshift32), uniform in [0, 1). */
static double uniform(unsigned long *state)
{
    unsigned long x = *state;
    x ^= (x << 13) & 0xffffffffUL;
    x ^= x >> 17;
    x ^= (x << 5) & 0xffffffffUL;
    *state = x;
    return (double)x / 4294967296.0;
}

/* Unix time of the first second of month m (0 = January 2025), UTC. */
static long long month_start(int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    long long t = 1735689600LL; /* 2025-01-01 */
    int i;
    for (i = 0; i < m; i++)
        t += 86400LL * (days[i % 12] + (i % 12 == 1 && (2025 + i / 12) % 4 == 0));
    return t;
}

static int generate(xpi_cube *c, unsigned long *state)
{
    int m, i;
    for (m = 0; m < MONTHS; m++) {
        int n = 150 + (int)(uniform(state) * 150.0);
        /* NPS about 32 (22% detractors, 24% passives, 54% promoters), and
         * from month 15 about 20: six points of promoters gone to
         * detractors. */
        double low = m >= 14 ? 0.28 : 0.22, high = m >= 14 ? 0.48 : 0.54;
        for (i = 0; i < n; i++) {
            double u = uniform(state), v = uniform(state);
            int score = u < low ? (int)(v * 7.0) : u < 1.0 - high ? 7 + (int)(v * 2.0)
                                                             : 9 + (int)(v * 2.0);
            const char *none = NULL;
            int status = xpi_cube_add(c, month_start(m) + (long long)(v * 20.0 * 86400.0), &none,
                                      score, 1.0);
            if (status != XPI_OK)
                return status;
        }
    }
    return XPI_OK;
}

static double get(const xpi_table *t, size_t row, int32_t column)
{
    double v = (double)NAN;
    xpi_table_get(t, row, column, &v);
    return v;
}

static int print_event(const xpi_event *e, void *user_data)
{
    static const char *const kinds[] = {"", "SPIKE", "DIP", "SHIFT", "TREND"};
    const xpi_table *series = user_data;
    const char *label = "?";
    xpi_table_label(series, (size_t)e->row, 0, &label, NULL);
    if (e->kind == XPI_EVENT_TREND)
        printf("  %s from %s: %+.2f points a month (z = %.1f, p = %.2g)\n", kinds[e->kind], label,
               e->magnitude, e->evidence, e->p_value);
    else if (e->kind == XPI_EVENT_SHIFT)
        printf("  %s in %s: %+.1f points, sustained (likelihood ratio %.1f)\n", kinds[e->kind],
               label, e->magnitude, e->evidence);
    else
        printf("  %s in %s: %+.1f points against the months around it (p = %.2g)\n",
               kinds[e->kind], label, e->magnitude, e->p_value);
    return 0;
}

int main(void)
{
    static const char *const dims[1] = {"source"};
    unsigned long state = 2463534242UL;
    xpi_cube *c = NULL;
    xpi_query *q = NULL;
    xpi_table *series = NULL, *events = NULL;
    size_t rows = 0, i;
    int status;

    status = xpi_cube_new(&c, XPI_METRIC_NPS, 1, dims, NULL);
    if (status == XPI_OK)
        status = generate(c, &state);
    if (status == XPI_OK)
        status = xpi_query_new(&q, NULL);
    if (status == XPI_OK)
        status = xpi_cube_series(c, q, XPI_PERIOD_MONTH, &series);
    if (status != XPI_OK) {
        xpi_query_free(q);
        xpi_cube_free(c);
        return fail("series", status);
    }
    xpi_table_rows(series, &rows);
    printf("%-8s %5s %6s %7s %9s %s\n", "month", "n", "NPS", "margin", "change", "");
    for (i = 0; i < rows; i++) {
        const char *label;
        double est = get(series, i, XPI_COL_ESTIMATE), p = get(series, i, XPI_COL_P);
        double margin = (get(series, i, XPI_COL_UPPER) - get(series, i, XPI_COL_LOWER)) / 2.0;
        xpi_table_label(series, i, 0, &label, NULL);
        printf("%-8s %5.0f %6.1f %6.1f ", label, get(series, i, XPI_COL_N), est, margin);
        if (isnan(p))
            printf("%9s\n", "");
        else
            printf("%+9.1f %s\n", get(series, i, XPI_COL_DIFF),
                   p < 0.05 ? "real (p < 0.05)" : "within the noise");
    }
    printf("\nevents (at most a 5%% chance of any in a series without change):\n");
    status = xpi_series_events(series, q, print_event, series, &events);
    if (status == XPI_OK) {
        xpi_table_rows(events, &rows);
        if (rows == 0)
            printf("  none\n");
    }
    xpi_table_free(events);
    xpi_table_free(series);
    xpi_query_free(q);
    xpi_cube_free(c);
    return status == XPI_OK ? 0 : fail("events", status);
}
