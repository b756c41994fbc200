/*
 * Planning: how many responses a survey needs, and what a given number of
 * responses can detect. Formulas and sources (docs/methods.md, "Planning"):
 *
 *  - Per-response variance of the statistic's value y, in its squared
 *    units (net: points^2; top-box, bottom-box: percent^2; mean: scale
 *    units^2). From planned shares h (high band) and l (low band):
 *      net     10^4 (h + l - (h - l)^2)
 *      top     10^4 h (1 - h),   bottom 10^4 l (1 - l).
 *    From a tally (the prior): sum w (y - ybar)^2 / sum w, times 10^4 for
 *    net and proportions, times n / (n - 1) for means; Kish's (1965; 1992,
 *    J. Official Statistics 8 183-200) design effect of unequal weights
 *    deff = n / n_eff = n sum w^2 / (sum w)^2 = 1 + CV(w)^2.
 *  - Margin of error m (half-width of the Wald interval at confidence
 *    1 - alpha), Cochran (1977), Sampling Techniques, 3rd ed., ch. 4:
 *      n = ceil(z_{1-alpha/2}^2 Var deff / m^2).
 *  - Two independent groups, two-sided z test at level alpha, true
 *    difference delta (Lachin 1981, Controlled Clinical Trials 2 93-113;
 *    Chow, Shao & Wang 2008, Sample Size Calculations in Clinical Research,
 *    2nd ed., sec. 3.2 for means, sec. 4.2 for proportions, whose formula
 *    already carries unequal variances p_a (1 - p_a) + p_b (1 - p_b)):
 *      n per group = ceil((z_{1-alpha/2} + z_power)^2 (Var_a + Var_b) deff / delta^2),
 *      power = Phi(|delta| / SE - z_{1-alpha/2}) + Phi(-|delta| / SE - z_{1-alpha/2}),
 *      SE = sqrt(deff (Var_a / n_a + Var_b / n_b)),
 *      minimum detectable difference = (z_{1-alpha/2} + z_power) SE.
 *    Var_b = 0 is the one-sample test against a fixed target (Chow et al.
 *    sec. 3.1). The sample size and the detectable difference solve
 *    Phi(|delta| / SE - z_{1-alpha/2}) = power, i.e. they drop the far
 *    tail Phi(-|delta| / SE - z_{1-alpha/2}) (1e-6 at 95% and 80% power), as
 *    the textbook formula does; the power function keeps both tails, so the
 *    power at the planned n is at least the power asked for.
 *
 * Conventions chosen here (each is documented in docs/methods.md):
 *  - Normal quantiles use the lower tail, z_{1-alpha/2} = -Phi^-1(alpha/2),
 *    which keeps full relative precision however small alpha is.
 *  - A sample size is a whole number >= 1 held in a double: zero variance
 *    (every response the same) needs one response, not zero.
 *  - Rounding up: the formula's value x carries a relative error of a few
 *    1e-16 (a handful of roundings; the quantile is documented to 1e-12 in
 *    probability and is in practice within an ulp or two; and decimal
 *    inputs such as a margin of 0.1 are not exact binary numbers), so when
 *    the exact answer is a whole number k the computed x may be
 *    k (1 + 1e-15) and a plain ceil would ask for k + 1 responses (e.g.
 *    variance 0.07, margin 0.01, design effect 1.1 at z = 2: exactly 3080,
 *    3080.0000000000005 in doubles). So x within a relative ROUND_SLACK
 *    above a whole number k gives k. The slack is above the most the
 *    quantile's documented accuracy allows in z^2 whenever z >= 1 (2e-12,
 *    any confidence above 68%) and far below anything that matters: asking
 *    for k when the exact answer is k (1 + 1e-11) loses under 1e-11 of
 *    power. The result is always floor(x) or ceil(x):
 *    the simpler ceil(x - slack x) would drop by more than one response
 *    once x > 1 / slack. Above 1 / ROUND_SLACK = 1e11 this gives floor(x),
 *    one response short at most, a relative 1e-11.
 *  - Power <= alpha / 2 (z_{1-alpha/2} + z_power <= 0): a two-sided test
 *    rejects with probability >= alpha whatever the difference, so one
 *    response per group and a detectable difference of 0 already deliver it
 *    (the formula's n = 0 and difference <= 0 are clamped there).
 *  - Overflow: inputs are any finite doubles, so products such as
 *    z^2 Var deff / m^2 can pass DBL_MAX in their intermediates while the
 *    answer does not, and vice versa. They are formed with an explicit
 *    power-of-two exponent (xfloat below), which rounds exactly as the
 *    direct formula does wherever that stays in range and never overflows
 *    or underflows on the way; a result that itself exceeds DBL_MAX is
 *    XPI_ERR_OVERFLOW, never +inf.
 */
#include <math.h>

#include "xpi_internal.h"

/* Relative slack of the rounding up to whole responses (see above). */
#define ROUND_SLACK 1e-11

/* ---- wide-exponent arithmetic ------------------------------------------ */

/* m 2^e with m = 0 or 0.5 <= |m| < 1 (frexp's form). Scaling by a power of
 * two is exact, so each operation rounds once, exactly as the same
 * operation on doubles in range would. Exponents stay within a few
 * thousand for any finite inputs. */
typedef struct xfloat {
    double m;
    int e;
} xfloat;

static xfloat xf_make(double m, int e)
{
    xfloat r;
    int k;
    r.m = frexp(m, &k);
    r.e = r.m == 0.0 ? 0 : e + k;
    return r;
}

static xfloat xf(double v)
{
    return xf_make(v, 0);
}

static xfloat xf_mul(xfloat a, xfloat b)
{
    return xf_make(a.m * b.m, a.e + b.e);
}

/* b must not be zero. */
static xfloat xf_div(xfloat a, xfloat b)
{
    return xf_make(a.m / b.m, a.e - b.e);
}

/* Both non-negative. The smaller term is scaled down to the larger's
 * exponent; if that underflows it was below the sum's last bit anyway. */
static xfloat xf_add(xfloat a, xfloat b)
{
    int e;
    if (a.m == 0.0)
        return b;
    if (b.m == 0.0)
        return a;
    e = a.e > b.e ? a.e : b.e;
    return xf_make(ldexp(a.m, a.e - e) + ldexp(b.m, b.e - e), e);
}

/* a non-negative. */
static xfloat xf_sqrt(xfloat a)
{
    double m = a.m;
    int e = a.e;
    if (e % 2 != 0) { /* make the exponent even: exact */
        m *= 2.0;
        e -= 1;
    }
    return xf_make(sqrt(m), e / 2);
}

/* The double value: +inf past DBL_MAX, 0 (or subnormal) below DBL_MIN. */
static double xf_value(xfloat a)
{
    return ldexp(a.m, a.e);
}

/* ---- argument checks and shared pieces --------------------------------- */

static int is_variance(double v)
{
    return isfinite(v) && v >= 0.0;
}

static int is_positive(double v)
{
    return isfinite(v) && v > 0.0;
}

static int is_open_prob(double p)
{
    return p > 0.0 && p < 1.0; /* false for NaN */
}

/* z_{1-alpha/2} from the lower tail: alpha / 2 is exact and small, so the
 * quantile keeps full precision for any alpha (1 - alpha / 2 would round
 * away alpha below 1e-16). */
static double z_two_sided(double alpha)
{
    return -xpi_norm_ppf(alpha / 2.0);
}

/* z_power = Phi^-1(power). For power >= 1/2, 1 - power is exact
 * (Sterbenz), so the upper quantile comes from the exact lower tail. */
static double z_power(double power)
{
    return power >= 0.5 ? -xpi_norm_ppf(1.0 - power) : xpi_norm_ppf(power);
}

/* Whole responses from the formula's value x >= 0 (finite): ceil(x), but
 * x within a relative ROUND_SLACK above a whole number gives that number;
 * at least 1. */
static double whole_responses(double x)
{
    double k = floor(x);
    if (x - k > ROUND_SLACK * x)
        k += 1.0;
    return k < 1.0 ? 1.0 : k;
}

/* Whole responses from the formula's value, or XPI_ERR_OVERFLOW when that
 * value is past DBL_MAX. */
static int responses_from(xfloat x, double *n)
{
    double v = xf_value(x);
    if (!isfinite(v))
        return XPI_ERR_OVERFLOW;
    *n = whole_responses(v);
    return XPI_OK;
}

/* SE^2 = deff (var_a / n_a + var_b / n_b), var_b / n_b left out when
 * var_b = 0 (n_b is then ignored, possibly 0). */
static xfloat se_squared(double var_a, double var_b, double n_a, double n_b, double deff)
{
    xfloat s = xf_div(xf(var_a), xf(n_a));
    if (var_b != 0.0)
        s = xf_add(s, xf_div(xf(var_b), xf(n_b)));
    return xf_mul(s, xf(deff));
}

/* The arguments xpi_plan_power and xpi_plan_mde share. */
static int check_se_args(double var_a, double var_b, double n_a, double n_b, double alpha,
                         double deff)
{
    if (!is_variance(var_a) || !is_variance(var_b) || !is_positive(n_a) ||
        (var_b != 0.0 && !is_positive(n_b)) || !is_open_prob(alpha) || !is_positive(deff))
        return XPI_ERR_INVALID_ARG;
    return XPI_OK;
}

/* ---- variance of one response ------------------------------------------ */

/* Rounding slack on high + low <= 1: shares a user computed as counts over
 * totals, or as 1 - other shares, may sum to 1 + a few ulps. */
#define SHARE_SUM_SLACK 1e-12

int xpi_unit_variance(int32_t stat, double high, double low, double *variance)
{
    double v;
    if (variance == NULL)
        return XPI_ERR_INVALID_ARG;
    switch (stat) {
    case XPI_STAT_NET:
        if (!(high >= 0.0 && high <= 1.0 && low >= 0.0 && low <= 1.0) ||
            !(high + low <= 1.0 + SHARE_SUM_SLACK))
            return XPI_ERR_INVALID_ARG;
        /* h + l - (h - l)^2 = h (1 - h) + l (1 - l) + 2 h l: the variances
         * of the two band indicators minus twice their covariance (-h l).
         * Every term is >= 0, so nothing cancels: the first form loses
         * digits when the variance is small (h = 1 - 1e-10, l = 0: six of
         * them) and could even round below 0. */
        v = high * (1.0 - high) + low * (1.0 - low) + 2.0 * high * low;
        break;
    case XPI_STAT_TOP:
        if (!(high >= 0.0 && high <= 1.0))
            return XPI_ERR_INVALID_ARG;
        v = high * (1.0 - high);
        break;
    case XPI_STAT_BOTTOM:
        if (!(low >= 0.0 && low <= 1.0))
            return XPI_ERR_INVALID_ARG;
        v = low * (1.0 - low);
        break;
    case XPI_STAT_MEAN:
        /* A mean's variance is not a function of two shares. */
        return XPI_ERR_NOT_APPLICABLE;
    default:
        /* XPI_STAT_DEFAULT included: there is no tally to resolve it. */
        return XPI_ERR_INVALID_ARG;
    }
    /* Points^2 (net) or percent^2: the statistic is 100 y. */
    *variance = 1e4 * v;
    return XPI_OK;
}

int xpi_tally_unit_variance(const xpi_tally *t, int32_t stat, double *variance,
                            double *design_effect)
{
    xpi_moments m;
    double v;
    if (t == NULL || xpi_stat_resolve(t, stat, &stat) != XPI_OK)
        return XPI_ERR_INVALID_ARG;

    xpi_moments_compute(t, stat, &m);
    if (m.n == 0.0)
        return XPI_ERR_NOT_ENOUGH_DATA;
    if (stat == XPI_STAT_MEAN) {
        if (m.n < 2.0)
            return XPI_ERR_NOT_ENOUGH_DATA;
        /* The unbiased form, as the t interval's s^2 (for weighted data the
         * weighted variance with the same n / (n - 1)). */
        v = m.var_w * (m.n / (m.n - 1.0));
    } else {
        /* The population form, as the Wald standard error's p + d -
         * (p - d)^2 and p (1 - p): the planning formulas are Wald's. */
        v = 1e4 * m.var_w;
    }
    if (variance != NULL)
        *variance = v;
    /* n_eff is exactly n for unweighted data; weighted, it is clamped to
     * [1, n], so the design effect lies in [1, n]. */
    if (design_effect != NULL)
        *design_effect = m.weighted ? m.n / m.n_eff : 1.0;
    return XPI_OK;
}

/* ---- sample sizes ------------------------------------------------------- */

int xpi_plan_margin_n(double variance, double margin, double confidence,
                      double design_effect, double *n)
{
    double z;
    xfloat x;
    if (n == NULL || !is_variance(variance) || !is_positive(margin) ||
        !is_open_prob(confidence) || !is_positive(design_effect))
        return XPI_ERR_INVALID_ARG;
    /* 1 - confidence is exact for confidence >= 1/2. */
    z = z_two_sided(1.0 - confidence);
    /* x = z^2 variance deff / margin^2 */
    x = xf_div(xf_mul(xf_mul(xf(z * z), xf(variance)), xf(design_effect)),
               xf_mul(xf(margin), xf(margin)));
    return responses_from(x, n);
}

int xpi_plan_group_n(double var_a, double var_b, double difference, double alpha,
                     double power, double design_effect, double *n_per_group)
{
    double zs;
    xfloat x;
    if (n_per_group == NULL || !is_variance(var_a) || !is_variance(var_b) ||
        !isfinite(difference) || difference == 0.0 || !is_open_prob(alpha) ||
        !is_open_prob(power) || !is_positive(design_effect))
        return XPI_ERR_INVALID_ARG;
    zs = z_two_sided(alpha) + z_power(power);
    if (!(zs > 0.0)) {
        /* power <= alpha / 2: any sample delivers it (see the top). */
        *n_per_group = 1.0;
        return XPI_OK;
    }
    /* x = zs^2 (var_a + var_b) deff / difference^2 */
    x = xf_div(xf_mul(xf_mul(xf(zs * zs), xf_add(xf(var_a), xf(var_b))), xf(design_effect)),
               xf_mul(xf(difference), xf(difference)));
    return responses_from(x, n_per_group);
}

/* ---- power and detectable difference ----------------------------------- */

int xpi_plan_power(double var_a, double var_b, double difference, double n_a, double n_b,
                   double alpha, double design_effect, double *power)
{
    double z, t;
    xfloat se;
    if (power == NULL || !isfinite(difference) ||
        check_se_args(var_a, var_b, n_a, n_b, alpha, design_effect) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    /* Under the null the test rejects with probability alpha, by its
     * construction; returned exactly rather than as 2 Phi(-z). */
    if (difference == 0.0) {
        *power = alpha;
        return XPI_OK;
    }
    se = xf_sqrt(se_squared(var_a, var_b, n_a, n_b, design_effect));
    if (se.m == 0.0) {
        /* No sampling error: a real difference is always seen. */
        *power = 1.0;
        return XPI_OK;
    }
    /* |d| / SE: +inf past DBL_MAX (power 1), 0 when it underflows (power
     * alpha, the limit; the next term is O(t^2) < 1e-600). */
    t = xf_value(xf_div(xf(fabs(difference)), se));
    if (t == 0.0) {
        *power = alpha;
        return XPI_OK;
    }
    z = z_two_sided(alpha);
    *power = xpi_norm_cdf(t - z) + xpi_norm_cdf(-t - z);
    return XPI_OK;
}

int xpi_plan_mde(double var_a, double var_b, double n_a, double n_b, double alpha,
                 double power, double design_effect, double *difference)
{
    double zs, d;
    xfloat se;
    if (difference == NULL || !is_open_prob(power) ||
        check_se_args(var_a, var_b, n_a, n_b, alpha, design_effect) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    zs = z_two_sided(alpha) + z_power(power);
    if (!(zs > 0.0)) {
        /* power <= alpha / 2: even no difference is "detected" that often. */
        *difference = 0.0;
        return XPI_OK;
    }
    se = xf_sqrt(se_squared(var_a, var_b, n_a, n_b, design_effect));
    d = xf_value(xf_mul(xf(zs), se));
    if (!isfinite(d))
        return XPI_ERR_OVERFLOW;
    *difference = d;
    return XPI_OK;
}
