/*
 * segments: which segment is different, and is a drop real or a shift in
 * who answered? Builds a cube of generated NPS responses (two months,
 * four regions, three channels), then
 *   1. breaks January down by region: one region is unhappy, hidden in a
 *      healthy overall score;
 *   2. splits the change from January to February into change within
 *      channels and change in the channel mix: the "drop" is phone calls
 *      growing from a fifth to half of the responses, while every channel
 *      held steady.
 *
 *   usage: segments
 */
#include <stdio.h>
#include <stdlib.h>

#include <xpi.h>

#define JAN INT64_C(1767225600) /* 2026-01-01T00:00:00Z */
#define FEB INT64_C(1769904000) /* 2026-02-01T00:00:00Z */
#define MAR INT64_C(1772323200) /* 2026-03-01T00:00:00Z */

static const char *const regions[4] = {"north", "south", "east", "west"};
static const char *const channels[3] = {"email", "chat", "phone"};

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

/* A score from band shares: detractors 0-6, passives 7-8, promoters 9-10. */
static int draw_score(unsigned long *state, double detractors, double promoters)
{
    double u = uniform(state), v = uniform(state);
    if (u < detractors)
        return (int)(v * 7.0);
    if (u < detractors + promoters)
        return 9 + (int)(v * 2.0);
    return 7 + (int)(v * 2.0);
}

/* n responses of a month: phone's share of the channels is phone_share. */
static int generate(xpi_cube *c, int64_t month_start, int n, double phone_share,
                    unsigned long *state)
{
    int i;
    for (i = 0; i < n; i++) {
        const char *values[2];
        double u = uniform(state), detractors, promoters;
        int region = (int)(uniform(state) * 4.0);
        int channel = u < phone_share ? 2 : u < phone_share + (1.0 - phone_share) / 2.0 ? 1 : 0;
        int status;
        /* Phone is harsher everywhere; east is unhappy whatever the channel. */
        detractors = channel == 2 ? 0.35 : 0.15;
        promoters = channel == 2 ? 0.40 : 0.60;
        if (region == 2) {
            detractors += 0.20;
            promoters -= 0.20;
        }
        values[0] = regions[region];
        values[1] = channels[channel];
        status = xpi_cube_add(c, month_start + (int64_t)(uniform(state) * 27 * 86400), values,
                              draw_score(state, detractors, promoters), 1.0);
        if (status != XPI_OK)
            return status;
    }
    return XPI_OK;
}

static double col(const xpi_table *t, size_t row, int32_t column)
{
    double v = 0.0;
    xpi_table_get(t, row, column, &v);
    return v;
}

static double fig(const xpi_table *t, int32_t key)
{
    double v = 0.0;
    xpi_table_figure(t, key, &v);
    return v;
}

static int by_region(const xpi_cube *c, xpi_query *jan)
{
    xpi_table *t;
    size_t rows, r;
    int status = xpi_cube_breakdown(c, 0, jan, &t);
    if (status != XPI_OK)
        return fail("breakdown", status);
    xpi_table_sort(t, XPI_COL_IMPACT, 0);
    printf("January by region: overall NPS %.1f [%.1f, %.1f], n = %.0f\n",
           fig(t, XPI_TABLE_ESTIMATE), fig(t, XPI_TABLE_LOWER), fig(t, XPI_TABLE_UPPER),
           fig(t, XPI_TABLE_N));
    printf("  %-6s %5s %7s %15s %9s %10s %8s %8s\n", "region", "n", "NPS", "95% interval",
           "vs rest", "p (BH)", "impact", "ranked");
    xpi_table_rows(t, &rows);
    for (r = 0; r < rows; r++) {
        const char *label;
        double sig = col(t, r, XPI_COL_SIGNIFICANT);
        xpi_table_label(t, r, 0, &label, NULL);
        printf("  %-6s %5.0f %7.1f  [%5.1f, %5.1f] %+9.1f %10.2g %+8.1f %8.1f %s\n", label,
               col(t, r, XPI_COL_N), col(t, r, XPI_COL_ESTIMATE), col(t, r, XPI_COL_LOWER),
               col(t, r, XPI_COL_UPPER), col(t, r, XPI_COL_DIFF), col(t, r, XPI_COL_P_ADJ),
               col(t, r, XPI_COL_IMPACT), col(t, r, XPI_COL_SHRUNK),
               sig < 0 ? "<- below the rest" : sig > 0 ? "<- above the rest" : "");
    }
    printf("  segments differ at all? chi-square %.1f on %.0f df, p = %.2g\n\n",
           fig(t, XPI_TABLE_CHI2), fig(t, XPI_TABLE_CHI2_DF), fig(t, XPI_TABLE_CHI2_P));
    xpi_table_free(t);
    return 0;
}

static int mix_shift(const xpi_cube *c, const xpi_query *jan, const xpi_query *feb)
{
    xpi_table *t;
    size_t rows, r;
    int status = xpi_cube_decompose(c, 1, jan, feb, &t);
    if (status != XPI_OK)
        return fail("decompose", status);
    printf("January -> February: NPS %.1f -> %.1f, change %+.1f points\n",
           fig(t, XPI_TABLE_ESTIMATE_A), fig(t, XPI_TABLE_ESTIMATE_B), fig(t, XPI_TABLE_CHANGE));
    printf("  within channels (rate) %+.1f, channel mix %+.1f\n", fig(t, XPI_TABLE_RATE_EFFECT),
           fig(t, XPI_TABLE_MIX_EFFECT));
    printf("  %-6s %8s %8s %8s %8s %8s %8s\n", "channel", "share a", "share b", "NPS a",
           "NPS b", "rate", "mix");
    xpi_table_rows(t, &rows);
    for (r = 0; r < rows; r++) {
        const char *label;
        xpi_table_label(t, r, 0, &label, NULL);
        printf("  %-7s %7.1f%% %7.1f%% %8.1f %8.1f %+8.1f %+8.1f\n", label,
               col(t, r, XPI_COL_SHARE_A), col(t, r, XPI_COL_SHARE_B),
               col(t, r, XPI_COL_ESTIMATE_A), col(t, r, XPI_COL_ESTIMATE_B),
               col(t, r, XPI_COL_RATE_EFFECT), col(t, r, XPI_COL_MIX_EFFECT));
    }
    if (fig(t, XPI_TABLE_AGAINST_MAJORITY) != 0.0)
        printf("  note: the overall score moved against most channels (Simpson's paradox)\n");
    xpi_table_free(t);
    return 0;
}

int main(void)
{
    static const char *const dims[2] = {"region", "channel"};
    unsigned long state = 2463534242UL;
    xpi_cube *c;
    xpi_query *jan, *feb;
    int status, rc;

    status = xpi_cube_new(&c, XPI_METRIC_NPS, 2, dims, NULL);
    if (status != XPI_OK)
        return fail("cube", status);
    status = generate(c, JAN, 2000, 0.2, &state);
    if (status == XPI_OK)
        status = generate(c, FEB, 2000, 0.5, &state);
    if (status == XPI_OK)
        status = xpi_query_new(&jan, NULL);
    if (status == XPI_OK && (status = xpi_query_new(&feb, NULL)) != XPI_OK)
        xpi_query_free(jan);
    if (status != XPI_OK) {
        xpi_cube_free(c);
        return fail("setup", status);
    }
    xpi_query_set_time(jan, JAN, FEB);
    xpi_query_set_time(feb, FEB, MAR);
    rc = by_region(c, jan);
    if (rc == 0)
        rc = mix_shift(c, jan, feb);
    xpi_query_free(jan);
    xpi_query_free(feb);
    xpi_cube_free(c);
    return rc;
}
