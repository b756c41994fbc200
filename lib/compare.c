/*
 * Comparisons: two independent groups (xpi_tally_compare) and one group
 * against a fixed target (xpi_tally_test_value). Everything is computed on
 * the fraction scale (net in [-1, 1], shares in [0, 1]) or in the scale's
 * units (means) and reported in the statistic's units at the end.
 * Formulas and sources: docs/methods.md, "Two groups" and "Against a target".
 */
#include <math.h>

#include "xpi_internal.h"

/* Beyond this |z| the two-sided p-value underflows to 0 (2 Phi(-38.5) is
 * about 1e-324), so test inversion searches z in [0, Z_SEARCH_MAX]. */
#define Z_SEARCH_MAX 40.0

/* z = diff / se with its two-sided normal p-value. A zero standard error
 * is a degenerate but defined test: no difference gives z = 0 and p = 1,
 * any difference z = +-inf and p = 0. */
static void z_test(double diff, double se, xpi_comparison *c)
{
    if (se > 0.0)
        c->statistic = diff / se;
    else
        c->statistic = diff > 0.0 ? HUGE_VAL : diff < 0.0 ? -HUGE_VAL : 0.0;
    c->df = (double)NAN;
    c->p_value = fmin(1.0, 2.0 * xpi_norm_sf(fabs(c->statistic)));
}

/* The same with Student's t on df degrees of freedom. */
static void t_test(double diff, double se, double df, xpi_comparison *c)
{
    if (se > 0.0)
        c->statistic = diff / se;
    else
        c->statistic = diff > 0.0 ? HUGE_VAL : diff < 0.0 ? -HUGE_VAL : 0.0;
    c->df = df;
    c->p_value = fmin(1.0, 2.0 * xpi_t_sf(fabs(c->statistic), df));
}

static void symmetric_interval(double center, double half, xpi_comparison *c)
{
    c->lower = center - half;
    c->upper = center + half;
}

/* ---- two groups ------------------------------------------------------- */

/* MOVER (Zou & Donner 2008), Newcombe's (1998) hybrid when the group
 * intervals are Wilson's: the difference's interval from each group's
 * estimate and interval. */
static void mover(double va, const xpi_interval *a, double vb, const xpi_interval *b,
                  xpi_interval *out)
{
    double d = va - vb;
    out->lower = d - sqrt((va - a->lower) * (va - a->lower) + (b->upper - vb) * (b->upper - vb));
    out->upper = d + sqrt((a->upper - va) * (a->upper - va) + (vb - b->lower) * (vb - b->lower));
}

/* The hybrid interval of two nets from their score (or default) intervals
 * at the normal quantile z. */
static void net_hybrid(const xpi_summary *a, const xpi_summary *b, int32_t method, double z,
                       const xpi_interval *a_known, xpi_interval *out)
{
    xpi_interval ia, ib;
    if (a_known != NULL)
        ia = *a_known;
    else
        xpi_net_interval(method, a->high, a->low, a->size, z, &ia);
    xpi_net_interval(method, b->high, b->low, b->size, z, &ib);
    mover(a->value, &ia, b->value, &ib, out);
}

/* The hybrid interval's end nearer 0, signed so that it is positive while
 * the interval at quantile z still excludes 0. */
static double end_gap(const xpi_summary *a, const xpi_summary *b, int32_t method, double z,
                      double d)
{
    xpi_interval ci;
    net_hybrid(a, b, method, z, NULL, &ci);
    return d > 0.0 ? ci.lower : -ci.upper;
}

/* end_gap as a function of z alone, for the root finder. */
typedef struct gap_ctx {
    const xpi_summary *a, *b;
    int32_t method;
    double d;
} gap_ctx;

static double gap_at(const void *ctx, double z)
{
    const gap_ctx *g = ctx;
    return end_gap(g->a, g->b, g->method, z, g->d);
}

/* The p-value that goes with the hybrid interval: the two-sided level at
 * which the interval's end nearer 0 reaches 0. That end moves away from
 * the estimate as z grows, so the root is bracketed in [0, Z_SEARCH_MAX]
 * (xpi_root_decreasing). The statistic is that z with the difference's
 * sign. */
static void net_hybrid_test(const xpi_summary *a, const xpi_summary *b, int32_t method,
                            xpi_comparison *c)
{
    gap_ctx g;
    double f_lo, f_hi, zs;

    c->df = (double)NAN;
    g.a = a;
    g.b = b;
    g.method = method;
    g.d = a->value - b->value;
    if (g.d == 0.0) {
        c->statistic = 0.0;
        c->p_value = 1.0;
        return;
    }
    f_hi = gap_at(&g, Z_SEARCH_MAX);
    if (f_hi > 0.0) {
        c->statistic = g.d > 0.0 ? HUGE_VAL : -HUGE_VAL;
        c->p_value = 0.0;
        return;
    }
    f_lo = gap_at(&g, 0.0);
    /* f_lo <= 0: the interval holds 0 at every level. */
    zs = f_lo > 0.0 ? xpi_root_decreasing(gap_at, &g, 0.0, Z_SEARCH_MAX, f_lo, f_hi, 0.0, 1e-14)
                    : 0.0;
    c->statistic = g.d > 0.0 ? zs : -zs;
    c->p_value = fmin(1.0, 2.0 * xpi_norm_sf(zs));
}

/* The pooled z test: the score test that a and b are draws from one
 * population, with the variance of one response taken from the two groups
 * pooled by size (the two-proportion z test for shares; for nets the same
 * with the pooled band shares). */
static void pooled_z_test(int32_t stat, const xpi_summary *a, const xpi_summary *b,
                          xpi_comparison *c)
{
    double m = a->size + b->size, v;
    if (stat == XPI_STAT_NET) {
        double high = (a->size * a->high + b->size * b->high) / m;
        double low = (a->size * a->low + b->size * b->low) / m;
        v = high + low - (high - low) * (high - low);
    } else {
        double pool = (a->x + b->x) / m;
        v = pool * (1.0 - pool);
    }
    z_test(a->value - b->value, sqrt(fmax(v, 0.0) * (1.0 / a->size + 1.0 / b->size)), c);
}

/* Satterthwaite's (1946) degrees of freedom of a difference of two means,
 * (va + vb)^2 / (va^2 / df_a + vb^2 / df_b), from shares of the variance so
 * that the squares stay in range whatever the variances' scale. */
static double welch_df(const xpi_summary *a, const xpi_summary *b)
{
    double v = a->var + b->var, ra, rb;
    if (!(v > 0.0))
        return a->df + b->df;
    ra = a->var / v;
    rb = b->var / v;
    return 1.0 / (ra * ra / a->df + rb * rb / b->df);
}

/* Agresti & Caffo (2000): one success and one failure added to each group. */
static void agresti_caffo(const xpi_summary *a, const xpi_summary *b, double z,
                          xpi_comparison *c)
{
    double pa = (a->x + 1.0) / (a->size + 2.0), pb = (b->x + 1.0) / (b->size + 2.0);
    double se = sqrt(pa * (1.0 - pa) / (a->size + 2.0) + pb * (1.0 - pb) / (b->size + 2.0));
    symmetric_interval(pa - pb, z * se, c);
}

void xpi_compare_interval(const xpi_scale *scale, int32_t stat, int32_t method,
                          double alpha, double z, const xpi_summary *a, const xpi_summary *b,
                          const xpi_interval *a_known, xpi_comparison *c)
{
    double bound = 1.0;
    double d = a->value - b->value;
    xpi_interval ia, ib, ci;

    c->difference = d;
    c->se = sqrt(a->var + b->var);
    if (stat == XPI_STAT_NET) {
        bound = 2.0;
        if (method == XPI_CI_WALD) {
            symmetric_interval(d, z * c->se, c);
        } else if (method == XPI_CI_ADJUSTED_WALD) {
            double na, va, nb, vb;
            xpi_net_adjusted(a->high, a->low, a->size, &na, &va);
            xpi_net_adjusted(b->high, b->low, b->size, &nb, &vb);
            symmetric_interval(na - nb, z * sqrt(va + vb), c);
        } else { /* SCORE, DEFAULT */
            net_hybrid(a, b, method, z, a_known, &ci);
            c->lower = ci.lower;
            c->upper = ci.upper;
        }
    } else if (stat == XPI_STAT_MEAN) {
        double q = method == XPI_CI_WALD ? z : -xpi_t_ppf(alpha / 2.0, welch_df(a, b));
        bound = (double)scale->max - scale->min;
        symmetric_interval(d, c->se > 0.0 ? q * c->se : 0.0, c);
    } else if (method == XPI_CI_WALD) {
        symmetric_interval(d, z * c->se, c);
    } else if (method == XPI_CI_ADJUSTED_WALD) {
        agresti_caffo(a, b, z, c);
    } else { /* SCORE, DEFAULT (Wilson), CLOPPER_PEARSON, JEFFREYS */
        if (a_known != NULL)
            ia = *a_known;
        else
            xpi_prop_interval(method, a->x, a->size, a->value, z, alpha, &ia);
        xpi_prop_interval(method, b->x, b->size, b->value, z, alpha, &ib);
        mover(a->value, &ia, b->value, &ib, &ci);
        c->lower = ci.lower;
        c->upper = ci.upper;
    }
    c->lower = xpi_clip(c->lower, -bound, bound);
    c->upper = xpi_clip(c->upper, -bound, bound);
}

void xpi_compare_test(int32_t stat, int32_t method, int pooled, const xpi_summary *a,
                      const xpi_summary *b, xpi_comparison *c)
{
    double d = a->value - b->value;
    if (stat == XPI_STAT_MEAN) {
        /* Welch (1947); WALD uses the normal distribution instead. */
        if (method == XPI_CI_WALD)
            z_test(d, sqrt(a->var + b->var), c);
        else
            t_test(d, sqrt(a->var + b->var), welch_df(a, b), c);
    } else if (stat != XPI_STAT_NET || pooled) {
        pooled_z_test(stat, a, b, c);
    } else if (method == XPI_CI_WALD) {
        z_test(d, sqrt(a->var + b->var), c);
    } else if (method == XPI_CI_ADJUSTED_WALD) {
        double na, va, nb, vb;
        xpi_net_adjusted(a->high, a->low, a->size, &na, &va);
        xpi_net_adjusted(b->high, b->low, b->size, &nb, &vb);
        z_test(na - nb, sqrt(va + vb), c);
    } else { /* SCORE, DEFAULT */
        net_hybrid_test(a, b, method, c);
    }
}

/* Checks shared by both entry points; resolves the statistic. */
static int check_request(const xpi_tally *t, int32_t *stat, int32_t method, double confidence)
{
    if (!(confidence > 0.0 && confidence < 1.0))
        return XPI_ERR_INVALID_ARG;
    if (xpi_stat_resolve(t, *stat, stat) != XPI_OK || method < XPI_CI_DEFAULT ||
        method > XPI_CI_BAYES)
        return XPI_ERR_INVALID_ARG;
    /* Resampling answers to "is a different from b" are
     * xpi_tally_prob_greater's. */
    if (method == XPI_CI_BOOTSTRAP || method == XPI_CI_BAYES)
        return XPI_ERR_NOT_APPLICABLE;
    return xpi_method_applies(*stat, method) ? XPI_OK : XPI_ERR_NOT_APPLICABLE;
}

static void to_units(xpi_comparison *c, double unit)
{
    c->difference *= unit;
    c->lower *= unit;
    c->upper *= unit;
    c->se *= unit;
}

int xpi_tally_compare(const xpi_tally *a, const xpi_tally *b, int32_t stat, int32_t method,
                      double confidence, xpi_comparison *out)
{
    xpi_summary sa, sb;
    xpi_comparison c;
    int status;

    if (a == NULL || b == NULL || out == NULL)
        return XPI_ERR_INVALID_ARG;
    status = xpi_pair_status(a, b, check_request(a, &stat, method, confidence));
    if (status != XPI_OK)
        return status;
    status = xpi_summarize(a, stat, &sa);
    if (status == XPI_OK)
        status = xpi_summarize(b, stat, &sb);
    if (status != XPI_OK)
        return status;

    xpi_compare_interval(&a->scale, stat, method, 1.0 - confidence,
                         -xpi_norm_ppf((1.0 - confidence) / 2.0), &sa, &sb, NULL, &c);
    xpi_compare_test(stat, method, 0, &sa, &sb, &c);
    to_units(&c, xpi_stat_unit(stat));
    *out = c;
    return XPI_OK;
}

/* ---- one group against a target ---------------------------------------- */

/* The exact tests that Clopper-Pearson and Jeffreys intervals invert, with
 * the binomial tails written as incomplete beta functions so that weighted
 * (non-integer) counts work too:
 *   P(X <= x) = 1 - I_p0(x + 1, m - x),  P(X >= x) = I_p0(x, m - x + 1);
 * Jeffreys: the Beta(x + 1/2, m - x + 1/2) posterior's tails at p0. */
static double beta_tail_test(int32_t method, double x, double m, double p0)
{
    double below, above;
    if (method == XPI_CI_CLOPPER_PEARSON) {
        below = x >= m ? 1.0 : xpi_beta_sf(p0, x + 1.0, m - x);
        above = x <= 0.0 ? 1.0 : xpi_beta_cdf(p0, x, m - x + 1.0);
    } else {
        /* The interval's ends are 0 at x = 0 and 1 at x = m; the test
         * keeps that convention so that it inverts the interval. */
        below = x <= 0.0 ? 1.0 : xpi_beta_cdf(p0, x + 0.5, m - x + 0.5);
        above = x >= m ? 1.0 : xpi_beta_sf(p0, x + 0.5, m - x + 0.5);
    }
    return fmin(1.0, 2.0 * fmin(below, above));
}

static void test_prop(const xpi_summary *s, int32_t method, double p0, double z,
                      xpi_comparison *c)
{
    switch (method) {
    case XPI_CI_WALD:
        z_test(s->value - p0, sqrt(s->var), c);
        break;
    case XPI_CI_ADJUSTED_WALD: {
        /* Agresti & Coull (1998): z^2 / 2 successes and failures added. */
        double mt = s->size + z * z, pt = (s->x + z * z / 2.0) / mt;
        z_test(pt - p0, sqrt(pt * (1.0 - pt) / mt), c);
        break;
    }
    case XPI_CI_CLOPPER_PEARSON:
    case XPI_CI_JEFFREYS:
        c->statistic = (double)NAN;
        c->df = (double)NAN;
        c->p_value = beta_tail_test(method, s->x, s->size, p0);
        break;
    default: /* SCORE, DEFAULT: Wilson's score test, null variance */
        z_test(s->value - p0, sqrt(p0 * (1.0 - p0) / s->size), c);
        break;
    }
}

static void test_net(const xpi_summary *s, int32_t method, double delta, xpi_comparison *c)
{
    switch (method) {
    case XPI_CI_WALD:
        z_test(s->value - delta, sqrt(s->var), c);
        break;
    case XPI_CI_ADJUSTED_WALD: {
        double net, var;
        xpi_net_adjusted(s->high, s->low, s->size, &net, &var);
        z_test(net - delta, sqrt(var), c);
        break;
    }
    default: { /* SCORE, DEFAULT */
        double tt = xpi_net_tango_t(s->high, s->low, s->size, delta);
        if (method == XPI_CI_DEFAULT)
            tt = s->size > 1.0 ? tt * sqrt((s->size - 1.0) / s->size) : 0.0;
        c->statistic = tt;
        c->df = (double)NAN;
        c->p_value = fmin(1.0, 2.0 * xpi_norm_sf(fabs(tt)));
        break;
    }
    }
}

int xpi_tally_test_value(const xpi_tally *t, int32_t stat, int32_t method, double target,
                         double confidence, xpi_comparison *out)
{
    xpi_summary s;
    xpi_estimate e;
    xpi_comparison c;
    double unit, lo_end, hi_end, goal, z;
    int status;

    if (t == NULL || out == NULL)
        return XPI_ERR_INVALID_ARG;
    status = check_request(t, &stat, method, confidence);
    if (status == XPI_ERR_INVALID_ARG)
        return status;
    /* stat is resolved even when the method does not apply; a bad target
     * is reported first, as every invalid argument is. */
    unit = xpi_stat_unit(stat);
    lo_end = stat == XPI_STAT_MEAN ? t->scale.min : stat == XPI_STAT_NET ? -100.0 : 0.0;
    hi_end = stat == XPI_STAT_MEAN ? t->scale.max : 100.0;
    if (!(target >= lo_end && target <= hi_end))
        return XPI_ERR_INVALID_ARG;
    if (status != XPI_OK)
        return status;
    status = xpi_tally_estimate(t, stat, method, confidence, &e);
    if (status != XPI_OK)
        return status;
    xpi_summarize(t, stat, &s); /* cannot fail where the estimate did not */

    goal = target / unit;
    z = -xpi_norm_ppf((1.0 - confidence) / 2.0);
    if (stat == XPI_STAT_NET)
        test_net(&s, method, goal, &c);
    else if (stat == XPI_STAT_MEAN && method == XPI_CI_WALD)
        z_test(s.value - goal, sqrt(s.var), &c);
    else if (stat == XPI_STAT_MEAN)
        t_test(s.value - goal, sqrt(s.var), s.df, &c);
    else
        test_prop(&s, method, goal, z, &c);
    c.difference = e.value - target;
    c.lower = e.lower - target;
    c.upper = e.upper - target;
    c.se = e.se;
    *out = c;
    return XPI_OK;
}
