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

/* The delta where tango_t crosses target, on the side of est that target
 * points to (target > 0: below est, where T > 0). T is decreasing and
 * nearly linear near est, so steps of the Wald half-width from est
 * bracket the root tightly, and the root finder needs a few evaluations
 * instead of the dozen or more a bracket reaching +-1 costs. */
static double tango_end(double P, double D, double m, double target, double est)
{
    double var = (P + D) / m - est * est, dir = target > 0.0 ? -1.0 : 1.0;
    double step = fabs(target) * sqrt((var > 1.0 / m ? var : 1.0 / m) / m);
    double near = est, f_near, far, f_far;
    tango_ctx ctx;
    if (!(step > 0.0))
        return est; /* a zero-width interval (z = 0) */
    ctx.P = P;
    ctx.D = D;
    ctx.m = m;
    ctx.target = target;
    f_near = -target; /* T(est) = 0 */
    for (;;) {
        far = est + dir * step;
        if (far <= -1.0 || far >= 1.0) {
            far = dir;
            f_far = tango_gap(&ctx, far);
            break;
        }
        f_far = tango_gap(&ctx, far);
        if ((f_far > 0.0) != (f_near > 0.0) || f_far == 0.0)
            break;
        near = far;
        f_near = f_far;
        step *= 2.0;
    }
    return dir < 0.0 ? xpi_root_decreasing(tango_gap, &ctx, far, near, f_far, f_near, 1e-16, 4e-15)
                     : xpi_root_decreasing(tango_gap, &ctx, near, far, f_near, f_far, 1e-16, 4e-15);
}

static void tango(double high, double low, double m, double z, xpi_interval *out)
{
    double P = high * m, D = low * m, est = high - low;
    out->lower = low >= 1.0 ? -1.0 : tango_end(P, D, m, z, est);
    out->upper = high >= 1.0 ? 1.0 : tango_end(P, D, m, -z, est);
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
