/* Metric scales: presets and checks of custom scales. */
#include "xpi_internal.h"

int xpi_scale_preset(xpi_scale *out, int32_t metric)
{
    /* Bands as in docs/methods.md (Reichheld 2003 for NPS; top-2-box CSAT;
     * CES 2.0 "agree" = 5-7). */
    static const xpi_scale presets[] = {
        { XPI_METRIC_NPS, 0, 10, 6, 9, XPI_STAT_NET },
        { XPI_METRIC_CSAT, 1, 5, 2, 4, XPI_STAT_TOP },
        { XPI_METRIC_CES, 1, 7, 3, 5, XPI_STAT_MEAN },
    };
    size_t i;
    for (i = 0; i < sizeof presets / sizeof presets[0]; i++) {
        if (presets[i].metric == metric) {
            *out = presets[i];
            return XPI_OK;
        }
    }
    return XPI_ERR_INVALID_ARG;
}

int xpi_scale_check(const xpi_scale *s)
{
    /* 64-bit arithmetic: max - min can overflow int32_t. */
    int64_t points = (int64_t)s->max - (int64_t)s->min + 1;
    if (s->metric < XPI_METRIC_CUSTOM || s->metric > XPI_METRIC_CES)
        return XPI_ERR_INVALID_ARG;
    if (!(s->min <= s->low_max && s->low_max < s->high_min && s->high_min <= s->max))
        return XPI_ERR_INVALID_ARG;
    if (points > XPI_SCALE_MAX_POINTS)
        return XPI_ERR_INVALID_ARG;
    if (s->default_stat < XPI_STAT_NET || s->default_stat > XPI_STAT_MEAN)
        return XPI_ERR_INVALID_ARG;
    if (s->metric != XPI_METRIC_CUSTOM) {
        xpi_scale preset;
        xpi_scale_preset(&preset, s->metric);
        if (!xpi_scale_equal(s, &preset))
            return XPI_ERR_INVALID_ARG;
    }
    return XPI_OK;
}

int xpi_scale_equal(const xpi_scale *a, const xpi_scale *b)
{
    return a->min == b->min && a->max == b->max && a->low_max == b->low_max &&
           a->high_min == b->high_min && a->default_stat == b->default_stat;
}

size_t xpi_scale_points(const xpi_scale *s)
{
    return (size_t)((int64_t)s->max - (int64_t)s->min + 1);
}

void xpi_scale_custom(xpi_scale *out, int32_t min, int32_t max, int32_t low_max,
                      int32_t high_min, int32_t default_stat)
{
    out->metric = XPI_METRIC_CUSTOM;
    out->min = min;
    out->max = max;
    out->low_max = low_max;
    out->high_min = high_min;
    out->default_stat = default_stat;
}

void xpi_scale_describe(const xpi_scale *s, int32_t *metric, int32_t *min, int32_t *max,
                        int32_t *low_max, int32_t *high_min, int32_t *default_stat)
{
    if (metric != NULL)
        *metric = s->metric;
    if (min != NULL)
        *min = s->min;
    if (max != NULL)
        *max = s->max;
    if (low_max != NULL)
        *low_max = s->low_max;
    if (high_min != NULL)
        *high_min = s->high_min;
    if (default_stat != NULL)
        *default_stat = s->default_stat;
}
