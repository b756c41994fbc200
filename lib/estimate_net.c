/*
 * Intervals for a net score: the difference of the high-band and low-band
 * shares of one multinomial (NPS = %promoters - %detractors), on [-1, 1].
 * P and D below are the high and low counts (weighted data: shares times the
 * Kish effective size), m the number of responses.
 */
#include <math.h>

#include "xpi_internal.h"

/* Rocks (2016) adjusted Wald: add 0.75 to each of P and D and 1.5 to the
 * middle band (n + 3), then Wald on the adjusted shares. */
void xpi_net_adjusted(double high, double low, double m, double *net, double *var)
{
    double ma = m + 3.0;
    double pa = (high * m + 0.75) / ma, da = (low * m + 0.75) / ma;
    *net = pa - da;
    *var = (pa + da - *net * *net) / ma;
}

static void adjusted_wald(double high, double low, double m, double z, xpi_interval *out)
{
    double net, var;
    xpi_net_adjusted(high, low, m, &net, &var);
    out->lower = net - z * sqrt(var);
    out->upper = net + z * sqrt(var);
}

/* Tango's (1998) score statistic for H0: high - low = delta, with the
 * restricted maximum-likelihood estimate q of the low-band probability:
 *   A = 2m, B = -D - P + (2m - P + D) delta, C = -D delta (1 - delta),
 *   q = (sqrt(B^2 - 4AC) - B) / (2A),
 *   T = (P - D - m delta) / sqrt(m (2q + delta (1 - delta))).
 * T decreases in delta, from +inf at delta = -1 to -inf at delta = 1. */
static double tango_t(double P, double D, double m, double delta)
{
    double num = P - D - m * delta, A, B, C, disc, q, var;
    /* At delta = +-1 the restricted variance is 0 in exact arithmetic, but
     * the formula leaves rounding noise of either sign (weighted counts);
     * there, and wherever rounding makes it vanish nearby, the sign of T
     * is the numerator's. */
    if (delta <= -1.0 || delta >= 1.0)
        return num > 0.0 ? HUGE_VAL : num < 0.0 ? -HUGE_VAL : 0.0;
    A = 2.0 * m;
    B = -D - P + (2.0 * m - P + D) * delta;
    C = -D * delta * (1.0 - delta);
    disc = B * B - 4.0 * A * C;
    q = (sqrt(disc > 0.0 ? disc : 0.0) - B) / (2.0 * A);
    var = m * (2.0 * q + delta * (1.0 - delta));
    if (!(var > 0.0))
        return num > 0.0 ? HUGE_VAL : num < 0.0 ? -HUGE_VAL : 0.0;
    return num / sqrt(var);
}

double xpi_net_tango_t(double high, double low, double m, double delta)
{
    return tango_t(high * m, low * m, m, delta);
}

/* T(delta) - target for the root finder. */
typedef struct tango_ctx {
    double P, D, m, target;
} tango_ctx;

static double tango_gap(const void *ctx, double delta)
{
    const tango_ctx *t = ctx;
    return tango_t(t->P, t->D, t->m, delta) - t->target;
}

/* The delta in [lo, hi] where tango_t crosses target (T is decreasing). */
static double tango_solve(double P, double D, double m, double target, double lo, double hi)
{
    tango_ctx ctx;
    ctx.P = P;
    ctx.D = D;
    ctx.m = m;
    ctx.target = target;
    return xpi_root_decreasing(tango_gap, &ctx, lo, hi, tango_gap(&ctx, lo),
                               tango_gap(&ctx, hi), 1e-16, 1e-15);
}

static void tango(double high, double low, double m, double z, xpi_interval *out)
{
    double P = high * m, D = low * m, est = high - low;
    out->lower = low >= 1.0 ? -1.0 : tango_solve(P, D, m, z, -1.0, est);
    out->upper = high >= 1.0 ? 1.0 : tango_solve(P, D, m, -z, est, 1.0);
}

/* Tango's interval with the restricted variance scaled by m / (m - 1), the
 * small-sample bias correction of Miettinen & Nurminen (1985): |T| <= z
 * becomes |T| <= z sqrt(m / (m - 1)). Pure Tango dips to 93.4% exact
 * coverage (n = 32, shares .05/.65/.30); this keeps it above 93.5% (see
 * docs/methods.md). With m <= 1 the variance has no degrees of freedom
 * left and the interval is the whole range. */
static void tango_corrected(double high, double low, double m, double z, xpi_interval *out)
{
    if (!(m > 1.0)) {
        out->lower = -1.0;
        out->upper = 1.0;
        return;
    }
    tango(high, low, m, z * sqrt(m / (m - 1.0)), out);
}

int xpi_net_interval(int32_t method, double high, double low, double m, double z, double se,
                     xpi_interval *out)
{
    double est = high - low;
    switch (method) {
    case XPI_CI_WALD:
        out->lower = est - z * se;
        out->upper = est + z * se;
        break;
    case XPI_CI_ADJUSTED_WALD:
        adjusted_wald(high, low, m, z, out);
        break;
    case XPI_CI_SCORE:
        tango(high, low, m, z, out);
        break;
    case XPI_CI_DEFAULT:
        tango_corrected(high, low, m, z, out);
        break;
    default:
        return XPI_ERR_NOT_APPLICABLE;
    }
    return XPI_OK;
}
