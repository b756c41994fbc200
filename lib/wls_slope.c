/*
 * Weighted least-squares trend of a series: y_t = a + b t with weights
 * 1 / SE_t^2, the residual scale estimated (statsmodels' WLS default), a
 * t test on n - 2 degrees of freedom. Formulas: docs/methods.md,
 * "Weighted trend".
 */
#include <math.h>

#include "xpi_internal.h"

int xpi_wls_slope(const double *values, const double *se, size_t count, double confidence,
                  xpi_regression *out)
{
    double se_min = HUGE_VAL, sw = 0.0, swx = 0.0, swy = 0.0, sxx = 0.0, sxy = 0.0, ssr = 0.0;
    double xbar, ybar, df, q, scale;
    xpi_regression r;
    size_t i, n = 0;

    if (values == NULL || se == NULL || out == NULL || !(confidence > 0.0 && confidence < 1.0))
        return XPI_ERR_INVALID_ARG;
    for (i = 0; i < count; i++) {
        if (isnan(values[i]))
            continue;
        if (isinf(values[i]) || !(se[i] > 0.0) || isinf(se[i]))
            return XPI_ERR_INVALID_ARG;
        se_min = se[i] < se_min ? se[i] : se_min;
        n++;
    }
    if (n < 3)
        return XPI_ERR_NOT_ENOUGH_DATA;
    /* Weights relative to the largest, (se_min / se)^2 in (0, 1]: the fit
     * and its estimated scale do not depend on a common factor, and the
     * squares cannot overflow. Two passes around the weighted means. */
    for (i = 0; i < count; i++) {
        double w;
        if (isnan(values[i]))
            continue;
        w = (se_min / se[i]) * (se_min / se[i]);
        sw += w;
        swx += w * (double)i;
        swy += w * values[i];
    }
    xbar = swx / sw;
    ybar = swy / sw;
    for (i = 0; i < count; i++) {
        double w, dx;
        if (isnan(values[i]))
            continue;
        w = (se_min / se[i]) * (se_min / se[i]);
        dx = (double)i - xbar;
        sxx += w * dx * dx;
        sxy += w * dx * (values[i] - ybar);
    }
    /* Weights below the double range (standard errors more than 1e154
     * times the smallest) leave fewer than two distinct points in effect. */
    if (!(sxx > 0.0))
        return XPI_ERR_NOT_ENOUGH_DATA;
    r.slope = sxy / sxx;
    r.intercept = ybar - r.slope * xbar;
    for (i = 0; i < count; i++) {
        double w, res;
        if (isnan(values[i]))
            continue;
        w = (se_min / se[i]) * (se_min / se[i]);
        res = values[i] - r.intercept - r.slope * (double)i;
        ssr += w * res * res;
    }
    df = (double)n - 2.0;
    scale = ssr / df;
    r.n = (double)n;
    r.df = df;
    r.se = sqrt(scale / sxx);
    if (r.se > 0.0)
        r.statistic = r.slope / r.se;
    else
        r.statistic = r.slope > 0.0 ? HUGE_VAL : r.slope < 0.0 ? -HUGE_VAL : 0.0;
    r.p_value = fmin(1.0, 2.0 * xpi_t_sf(fabs(r.statistic), df));
    q = -xpi_t_ppf((1.0 - confidence) / 2.0, df);
    r.lower = r.slope - q * r.se;
    r.upper = r.slope + q * r.se;
    *out = r;
    return XPI_OK;
}
