/*
 * Column and figure names (see columns.h).
 */
#include "columns.h"

const column_name table_columns[] = {
    { XPI_COL_N, "n" },
    { XPI_COL_N_EFF, "n_eff" },
    { XPI_COL_SHARE, "share" },
    { XPI_COL_ESTIMATE, "estimate" },
    { XPI_COL_SE, "se" },
    { XPI_COL_LOWER, "lower" },
    { XPI_COL_UPPER, "upper" },
    { XPI_COL_REST, "rest" },
    { XPI_COL_DIFF, "diff" },
    { XPI_COL_DIFF_LOWER, "diff_lower" },
    { XPI_COL_DIFF_UPPER, "diff_upper" },
    { XPI_COL_STATISTIC, "statistic" },
    { XPI_COL_P, "p" },
    { XPI_COL_P_ADJ, "p_adjusted" },
    { XPI_COL_SIGNIFICANT, "significant" },
    { XPI_COL_IMPACT, "impact" },
    { XPI_COL_SHRUNK, "shrunk" },
    { XPI_COL_FUNNEL_LOWER, "funnel_lower" },
    { XPI_COL_FUNNEL_UPPER, "funnel_upper" },
    { XPI_COL_INSUFFICIENT, "insufficient" },
    { XPI_COL_N_A, "n_a" },
    { XPI_COL_N_B, "n_b" },
    { XPI_COL_SHARE_A, "share_a" },
    { XPI_COL_SHARE_B, "share_b" },
    { XPI_COL_ESTIMATE_A, "estimate_a" },
    { XPI_COL_ESTIMATE_B, "estimate_b" },
    { XPI_COL_RATE_EFFECT, "rate_effect" },
    { XPI_COL_MIX_EFFECT, "mix_effect" },
    { XPI_COL_PERIOD_START, "period_start" },
    { XPI_COL_ROLLING, "rolling" },
    { XPI_COL_ROLLING_LOWER, "rolling_lower" },
    { XPI_COL_ROLLING_UPPER, "rolling_upper" },
    { XPI_COL_ROLLING_N, "rolling_n" },
    { XPI_COL_CHART_CENTER, "chart_center" },
    { XPI_COL_CHART_LOWER, "chart_lower" },
    { XPI_COL_CHART_UPPER, "chart_upper" },
    { XPI_COL_CHART_STATISTIC, "chart_statistic" },
    { XPI_COL_CHART_STATISTIC2, "chart_statistic2" },
    { XPI_COL_CHART_SIGNAL, "chart_signal" },
    { XPI_COL_LEVEL_BEFORE, "level_before" },
    { XPI_COL_LEVEL_AFTER, "level_after" },
    { XPI_COL_EVIDENCE, "evidence" },
    { XPI_COL_EVENT_KIND, "event_kind" },
    { XPI_COL_EVENT_DIRECTION, "event_direction" },
    { XPI_COL_MAGNITUDE, "magnitude" },
    { XPI_COL_EVENT_ROW, "event_row" },
    { 0, NULL },
};

const column_name table_figures[] = {
    { XPI_TABLE_N, "n" },
    { XPI_TABLE_ESTIMATE, "estimate" },
    { XPI_TABLE_LOWER, "lower" },
    { XPI_TABLE_UPPER, "upper" },
    { XPI_TABLE_CHI2, "chi2" },
    { XPI_TABLE_CHI2_DF, "chi2_df" },
    { XPI_TABLE_CHI2_P, "chi2_p" },
    { XPI_TABLE_CHI2_DOUBTFUL, "chi2_doubtful" },
    { XPI_TABLE_TAU2, "tau2" },
    { XPI_TABLE_TESTED, "tested" },
    { XPI_TABLE_SIGNIFICANT, "significant" },
    { XPI_TABLE_ESTIMATE_A, "estimate_a" },
    { XPI_TABLE_ESTIMATE_B, "estimate_b" },
    { XPI_TABLE_CHANGE, "change" },
    { XPI_TABLE_RATE_EFFECT, "rate_effect" },
    { XPI_TABLE_MIX_EFFECT, "mix_effect" },
    { XPI_TABLE_SEGMENTS_UP, "segments_up" },
    { XPI_TABLE_SEGMENTS_DOWN, "segments_down" },
    { XPI_TABLE_AGAINST_MAJORITY, "against_majority" },
    { XPI_TABLE_SIGNALS, "signals" },
    { XPI_TABLE_PENALTY, "penalty" },
    { 0, NULL },
};

size_t columns_of(const xpi_table *t, int32_t *keys, size_t capacity)
{
    size_t i, n = 0, rows = 0;
    double v;
    if (xpi_table_rows(t, &rows) != XPI_OK || rows == 0)
        return 0;
    for (i = 0; table_columns[i].name != NULL && n < capacity; i++)
        if (xpi_table_get(t, 0, table_columns[i].key, &v) == XPI_OK)
            keys[n++] = table_columns[i].key;
    return n;
}

const char *column_label(int32_t key)
{
    size_t i;
    for (i = 0; table_columns[i].name != NULL; i++)
        if (table_columns[i].key == key)
            return table_columns[i].name;
    return "?";
}
