/*
 * Bootstrap and Bayesian intervals, drawn from the tally itself: every
 * replicate or posterior draw is a vector of per-category amounts, so it
 * costs O(categories) whatever the number of responses.
 *
 *  - Bootstrap (Efron 1979): a replicate resamples n responses with one
 *    multinomial draw over the score points; percentile and BCa intervals
 *    (Efron 1987; Efron & Tibshirani 1993, ch. 14), with the acceleration
 *    from the jackknife, one distinct leave-one-out value per score point.
 *  - Bayes: Dirichlet(counts + prior) over the bands or the score points,
 *    drawn as normalized gamma variates; equal-tailed credible intervals.
 * Formulas and conventions: docs/methods.md, "Bootstrap and Bayes".
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "xpi_internal.h"

#define MIN_DRAWS 10u
#define MAX_DRAWS 100000000u
/* Far beyond any sensible prior, and low enough that sums of gamma draws
 * stay finite. */
#define MAX_PRIOR 1e6

/* Per-category amounts of one group: counts (response counts for the
 * bootstrap, effective counts for Bayes), the statistic's value y and the
 * bootstrap's mean weight w per category. */
typedef struct model {
    size_t k;
    double *count, *y, *w;
} model;

/* Places the model's arrays at mem (3 * points doubles). */
static void model_init(model *m, double *mem, size_t points)
{
    m->k = 0;
    m->count = mem;
    m->y = mem + points;
    m->w = mem + 2 * points;
}

/* One category per score point; weighted tallies: counts scaled to n_eff
 * for Bayes (effective = 1), or raw counts with the point's mean weight
 * for the bootstrap. */
static void model_points(const xpi_tally *t, int32_t stat, int effective, model *m)
{
    xpi_moments mo;
    size_t i;
    xpi_moments_compute(t, XPI_STAT_MEAN, &mo);
    m->k = t->points;
    for (i = 0; i < t->points; i++) {
        int32_t score = (int32_t)((int64_t)t->scale.min + (int64_t)i);
        double c = (double)t->count[i];
        m->y[i] = xpi_stat_value(&t->scale, stat, score);
        /* Effective counts already carry the weights. */
        m->w[i] = !effective && mo.weighted && c > 0.0 ? t->sum_w[i] / c : 1.0;
        m->count[i] = effective && mo.weighted ? t->sum_w[i] * (mo.n_eff / mo.sum_w) : c;
    }
}

/* Low, middle (when the scale has one) and high band, with effective
 * counts. */
static void model_bands(const xpi_tally *t, int32_t stat, model *m)
{
    xpi_moments mo;
    int has_middle = t->scale.high_min - t->scale.low_max > 1;
    double scale;
    size_t i;

    xpi_moments_compute(t, XPI_STAT_MEAN, &mo);
    scale = mo.weighted ? mo.n_eff / mo.sum_w : 1.0;
    m->k = has_middle ? 3 : 2;
    for (i = 0; i < m->k; i++) {
        m->count[i] = 0.0;
        m->w[i] = 1.0;
    }
    m->y[0] = xpi_stat_value(&t->scale, stat, t->scale.min);
    m->y[m->k - 1] = xpi_stat_value(&t->scale, stat, t->scale.max);
    if (has_middle)
        m->y[1] = xpi_stat_value(&t->scale, stat, t->scale.low_max + 1);
    for (i = 0; i < t->points; i++) {
        int32_t score = (int32_t)((int64_t)t->scale.min + (int64_t)i);
        size_t j = score <= t->scale.low_max ? 0 : score >= t->scale.high_min ? m->k - 1 : 1;
        m->count[j] += mo.weighted ? t->sum_w[i] * scale : (double)t->count[i];
    }
}

/* sum a_j w_j y_j / sum a_j w_j */
static double statistic(const model *m, const double *amount)
{
    double sw = 0.0, swy = 0.0;
    size_t j;
    for (j = 0; j < m->k; j++) {
        double aw = amount[j] * m->w[j];
        sw += aw;
        swy += aw * m->y[j];
    }
    return swy / sw;
}

/* Quantile q of sorted x[0..n-1], linear between order statistics
 * (Hyndman & Fan 1996 type 7, numpy's default). */
static double quantile(const double *x, size_t n, double q)
{
    double h = (double)(n - 1) * q, lo = floor(h);
    size_t i = (size_t)lo;
    if (i + 1 >= n)
        return x[n - 1];
    return x[i] + (h - lo) * (x[i + 1] - x[i]);
}

static int check_common(const xpi_tally *t, int32_t *stat, uint32_t draws, double confidence)
{
    if (t == NULL || xpi_stat_resolve(t, *stat, stat) != XPI_OK)
        return XPI_ERR_INVALID_ARG;
    if (draws < MIN_DRAWS || draws > MAX_DRAWS)
        return XPI_ERR_INVALID_ARG;
    if (!(confidence > 0.0 && confidence < 1.0))
        return XPI_ERR_INVALID_ARG;
    return XPI_OK;
}

/* The range the statistic's interval is reported in. */
static void finish(const xpi_tally *t, int32_t stat, double lower, double upper,
                   xpi_estimate *e)
{
    double unit = xpi_stat_unit(stat);
    double lo_end = stat == XPI_STAT_MEAN ? t->scale.min : stat == XPI_STAT_NET ? -1.0 : 0.0;
    double hi_end = stat == XPI_STAT_MEAN ? t->scale.max : 1.0;
    e->lower = unit * fmax(lo_end, fmin(hi_end, lower));
    e->upper = unit * fmax(lo_end, fmin(hi_end, upper));
}

/* ---- bootstrap ---------------------------------------------------------- */

/* BCa's acceleration from the jackknife: leaving out one response of point
 * j gives the same value for all c_j of them. Zero when undefined (one
 * response, or no spread). */
static double jackknife_acceleration(const model *m)
{
    double n = 0.0, sw = 0.0, swy = 0.0, mean = 0.0, s2 = 0.0, s3 = 0.0;
    size_t j;
    for (j = 0; j < m->k; j++) {
        n += m->count[j];
        sw += m->count[j] * m->w[j];
        swy += m->count[j] * m->w[j] * m->y[j];
    }
    if (n < 2.0)
        return 0.0;
    for (j = 0; j < m->k; j++)
        if (m->count[j] > 0.0)
            mean += m->count[j] * (swy - m->w[j] * m->y[j]) / (sw - m->w[j]);
    mean /= n;
    for (j = 0; j < m->k; j++) {
        double d;
        if (m->count[j] == 0.0)
            continue;
        d = mean - (swy - m->w[j] * m->y[j]) / (sw - m->w[j]);
        s2 += m->count[j] * d * d;
        s3 += m->count[j] * d * d * d;
    }
    return s2 > 0.0 ? s3 / (6.0 * pow(s2, 1.5)) : 0.0;
}

/* How far apart two replicates' statistics may be and still be the same
 * value: equal in exact arithmetic, they differ by the rounding of sums
 * over k categories. Weighted tallies resample with each point's mean
 * weight, whose last bits depend on the order the weights were summed, so
 * exact comparison broke ties one way or the other and moved the BCa
 * interval by a whole lattice step between two orders of the same data. */
static double tie_tolerance(const model *m)
{
    double y_max = 0.0;
    size_t j;
    for (j = 0; j < m->k; j++)
        y_max = fmax(y_max, fabs(m->y[j]));
    return 16.0 * (double)m->k * DBL_EPSILON * y_max;
}

/* The BCa level for a normal quantile z: Phi(z0 + (z0 + z) / (1 - a (z0 + z))). */
static double bca_level(double z0, double a, double z)
{
    double w = z0 + z, d = 1.0 - a * w;
    if (!(d > 0.0))
        return w > 0.0 ? 1.0 : 0.0;
    return xpi_norm_cdf(z0 + w / d);
}

int xpi_tally_bootstrap(const xpi_tally *t, int32_t stat, int32_t kind, uint32_t replicates,
                        uint64_t seed, double confidence, xpi_estimate *out)
{
    xpi_estimate e;
    xpi_rng rng;
    model m;
    double *mem, *theta, *cond, *draw, n, alpha, lo_q, hi_q;
    size_t r, j, points;
    int status;

    status = check_common(t, &stat, replicates, confidence);
    if (status != XPI_OK || out == NULL ||
        (kind != XPI_BOOT_PERCENTILE && kind != XPI_BOOT_BCA))
        return XPI_ERR_INVALID_ARG;
    status = xpi_tally_estimate(t, stat, XPI_CI_WALD, confidence, &e);
    if (status != XPI_OK)
        return status;

    points = t->points;
    mem = xpi_alloc(&t->alloc, (replicates + 5 * points) * sizeof *mem);
    if (mem == NULL)
        return XPI_ERR_NO_MEMORY;
    theta = mem;
    model_init(&m, mem + replicates, points);
    cond = mem + replicates + 3 * points;
    draw = cond + points;
    model_points(t, stat, 0, &m);
    n = 0.0;
    for (j = 0; j < m.k; j++)
        n += m.count[j];
    /* Conditional probabilities straight from the counts. */
    xpi_rng_multinomial_prepare(m.count, m.k, cond);

    xpi_rng_seed(&rng, seed);
    for (r = 0; r < replicates; r++) {
        xpi_rng_multinomial(&rng, n, cond, m.k, draw);
        theta[r] = statistic(&m, draw);
    }
    xpi_sort_values(theta, replicates); /* qsort may call malloc behind the allocator */

    alpha = 1.0 - confidence;
    lo_q = alpha / 2.0;
    hi_q = 1.0 - alpha / 2.0;
    if (kind == XPI_BOOT_BCA) {
        /* The estimate as the replicates compute it. */
        double est = statistic(&m, m.count), below = 0.0, z0, a, z;
        double tie = tie_tolerance(&m);
        /* Ties with the estimate count half (the discrete statistics here
         * tie often); the share is kept off 0 and 1 so z0 stays finite. */
        for (r = 0; r < replicates; r++)
            below += theta[r] < est - tie ? 1.0 : theta[r] <= est + tie ? 0.5 : 0.0;
        below = fmin(fmax(below, 0.5), (double)replicates - 0.5);
        z0 = xpi_norm_ppf(below / replicates);
        a = jackknife_acceleration(&m);
        z = xpi_norm_ppf(alpha / 2.0);
        lo_q = bca_level(z0, a, z);
        hi_q = bca_level(z0, a, -z);
    }
    finish(t, stat, quantile(theta, replicates, lo_q), quantile(theta, replicates, hi_q), &e);
    xpi_dealloc(&t->alloc, mem);
    *out = e;
    return XPI_OK;
}

/* ---- Bayes -------------------------------------------------------------- */

static int check_bayes(const xpi_tally *t, int32_t *stat, int32_t categories, double prior,
                       uint32_t draws, double confidence)
{
    int status = check_common(t, stat, draws, confidence);
    if (status != XPI_OK || !(prior > 0.0 && prior <= MAX_PRIOR) ||
        (categories != XPI_BAYES_BANDS && categories != XPI_BAYES_SCALE))
        return XPI_ERR_INVALID_ARG;
    if (*stat == XPI_STAT_MEAN && categories == XPI_BAYES_BANDS)
        return XPI_ERR_NOT_APPLICABLE;
    return XPI_OK;
}

static void build_posterior(const xpi_tally *t, int32_t stat, int32_t categories, model *m)
{
    if (categories == XPI_BAYES_BANDS)
        model_bands(t, stat, m);
    else
        model_points(t, stat, 1, m);
}

/* One draw of the statistic from Dirichlet(count + prior). */
static double posterior_draw(xpi_rng *rng, const model *m, double prior, double *g)
{
    size_t j;
    for (j = 0; j < m->k; j++)
        g[j] = xpi_rng_gamma(rng, m->count[j] + prior);
    return statistic(m, g);
}

int xpi_tally_bayes(const xpi_tally *t, int32_t stat, int32_t categories, double prior,
                    uint32_t draws, uint64_t seed, double confidence, xpi_estimate *out)
{
    xpi_estimate e;
    xpi_rng rng;
    model m;
    double *mem, *theta, *g, alpha;
    size_t r;
    int status;

    if (out == NULL)
        return XPI_ERR_INVALID_ARG;
    status = check_bayes(t, &stat, categories, prior, draws, confidence);
    if (status != XPI_OK)
        return status;
    /* The plug-in value and SE; a mean of one response has neither. */
    status = xpi_tally_estimate(t, stat, XPI_CI_WALD, confidence, &e);
    if (status != XPI_OK)
        return status;

    mem = xpi_alloc(&t->alloc, (draws + 4 * t->points) * sizeof *mem);
    if (mem == NULL)
        return XPI_ERR_NO_MEMORY;
    theta = mem;
    model_init(&m, mem + draws, t->points);
    g = mem + draws + 3 * t->points;
    build_posterior(t, stat, categories, &m);
    xpi_rng_seed(&rng, seed);
    for (r = 0; r < draws; r++)
        theta[r] = posterior_draw(&rng, &m, prior, g);
    xpi_sort_values(theta, draws);
    alpha = 1.0 - confidence;
    finish(t, stat, quantile(theta, draws, alpha / 2.0), quantile(theta, draws, 1.0 - alpha / 2.0),
           &e);
    xpi_dealloc(&t->alloc, mem);
    *out = e;
    return XPI_OK;
}

int xpi_tally_prob_greater(const xpi_tally *a, const xpi_tally *b, int32_t stat,
                           int32_t categories, double prior, uint32_t draws, uint64_t seed,
                           double *probability)
{
    xpi_moments ma, mb;
    xpi_rng rng;
    model pa, pb;
    double *mem, wins = 0.0;
    size_t r, points;
    int32_t stat_b = stat;
    int status;

    if (a == NULL || b == NULL || probability == NULL)
        return XPI_ERR_INVALID_ARG;
    status = check_bayes(a, &stat, categories, prior, draws, 0.5);
    if (status == XPI_OK)
        status = check_bayes(b, &stat_b, categories, prior, draws, 0.5);
    status = xpi_pair_status(a, b, status);
    if (status != XPI_OK)
        return status;
    xpi_moments_compute(a, stat, &ma);
    xpi_moments_compute(b, stat, &mb);
    if (ma.n == 0.0 || mb.n == 0.0)
        return XPI_ERR_NOT_ENOUGH_DATA;

    points = a->points;
    mem = xpi_alloc(&a->alloc, 7 * points * sizeof *mem);
    if (mem == NULL)
        return XPI_ERR_NO_MEMORY;
    model_init(&pa, mem, points);
    model_init(&pb, mem + 3 * points, points);
    build_posterior(a, stat, categories, &pa);
    build_posterior(b, stat, categories, &pb);
    xpi_rng_seed(&rng, seed);
    for (r = 0; r < draws; r++) {
        double ta = posterior_draw(&rng, &pa, prior, mem + 6 * points);
        double tb = posterior_draw(&rng, &pb, prior, mem + 6 * points);
        wins += ta > tb ? 1.0 : ta == tb ? 0.5 : 0.0;
    }
    xpi_dealloc(&a->alloc, mem);
    *probability = wins / draws;
    return XPI_OK;
}
