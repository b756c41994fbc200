/*
 * libxpi: statistics for customer-experience metrics (NPS, CSAT, CES).
 *
 * This header is the library's reference manual: every public type, constant
 * and function is declared and documented here, and nothing else is public.
 *
 * Conventions (they hold for every function unless its comment says otherwise):
 *  - Functions that can fail return an int status: XPI_OK (0) or a negative
 *    XPI_ERR_* code. Outputs go through pointer parameters. A call that fails
 *    leaves its objects and its output parameters exactly as they were.
 *  - Pure numeric functions (the distributions) return double and give NaN
 *    for invalid arguments instead of a status.
 *  - Units: net scores in points (-100..100), proportions in percent
 *    (0..100), means in the scale's own units.
 *  - Thread safety: distinct objects may be used from distinct threads; one
 *    object may be read (counts, estimates, serialize) from many threads at
 *    once; writes to one object need the caller's exclusion. The library has
 *    no global mutable state.
 *  - Memory: every allocation goes through the xpi_allocator given at
 *    creation (NULL selects malloc/realloc/free). xpi_*_free(NULL) is a no-op.
 *
 * The formulas and their sources are given per function below and in
 * docs/methods.md.
 */
#ifndef XPI_H
#define XPI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* XPI_API marks the exported functions. The library is built with hidden
 * visibility, so only these are visible. Define XPI_STATIC when linking the
 * static library on Windows (pkg-config --static adds it). */
#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(XPI_STATIC)
#    define XPI_API
#  elif defined(XPI_BUILDING)
#    define XPI_API __declspec(dllexport)
#  else
#    define XPI_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define XPI_API __attribute__((visibility("default")))
#else
#  define XPI_API
#endif

/* ------------------------------------------------------------------------ */
/* Version                                                                   */
/* ------------------------------------------------------------------------ */

/*! The version of this header. It equals the version in meson.build's
 *  project() (a test checks this). XPI_VERSION_NUMBER is
 *  MAJOR * 10000 + MINOR * 100 + PATCH. The SONAME's number is MAJOR. */
#define XPI_VERSION_MAJOR 1
#define XPI_VERSION_MINOR 0
#define XPI_VERSION_PATCH 0
#define XPI_VERSION_NUMBER \
    (XPI_VERSION_MAJOR * 10000 + XPI_VERSION_MINOR * 100 + XPI_VERSION_PATCH)

/*! The version of the library actually linked, as XPI_VERSION_NUMBER. */
XPI_API int32_t xpi_version_number(void);
/*! The version of the library actually linked, as "MAJOR.MINOR.PATCH";
 *  static storage, never NULL. */
XPI_API const char *xpi_version_string(void);

/* ------------------------------------------------------------------------ */
/* Status codes: values are part of the ABI and are never renumbered.        */
/* ------------------------------------------------------------------------ */

#define XPI_OK                       0  /*!< success */
#define XPI_ERR_INVALID_ARG        (-1) /*!< NULL pointer, NaN, confidence outside (0, 1), bad constant */
#define XPI_ERR_NO_MEMORY          (-2) /*!< the allocator returned NULL */
#define XPI_ERR_SCORE_RANGE        (-3) /*!< a score outside the tally's scale */
#define XPI_ERR_NOT_ENOUGH_DATA    (-4) /*!< too few responses for the requested statistic */
#define XPI_ERR_NOT_APPLICABLE     (-5) /*!< the method does not apply to the statistic */
#define XPI_ERR_MALFORMED          (-6) /*!< corrupt, truncated or foreign serialized data */
#define XPI_ERR_OVERFLOW           (-7) /*!< a count or weight sum would overflow */
#define XPI_ERR_SCALE_MISMATCH     (-8) /*!< two tallies of different scales */
#define XPI_ERR_BUFFER_TOO_SMALL   (-9) /*!< the output buffer cannot hold the result */
#define XPI_ERR_UNSUPPORTED_VERSION (-10) /*!< serialized by a newer, incompatible format */

/*! A static, human-readable English description of a status code (for logs,
 *  not for parsing). Unknown codes give "unknown status". Never NULL. */
XPI_API const char *xpi_strerror(int status);

/* ------------------------------------------------------------------------ */
/* Allocator                                                                 */
/* ------------------------------------------------------------------------ */

/*! Memory hooks, passed at object creation and used for every allocation the
 *  object makes for its whole life (the object keeps a copy of the struct,
 *  so the caller's struct may go away; user_data must stay valid).
 *  alloc and free are required; realloc may be NULL (the library then
 *  allocates, copies and frees). alloc(user_data, size) returns NULL on
 *  failure; free(user_data, NULL) is never called. Passing a NULL
 *  xpi_allocator pointer selects the C library's malloc, realloc and free. */
typedef struct xpi_allocator {
    void *(*alloc)(void *user_data, size_t size);
    void *(*realloc)(void *user_data, void *ptr, size_t size);
    void  (*free)(void *user_data, void *ptr);
    void  *user_data;
} xpi_allocator;

/* ------------------------------------------------------------------------ */
/* Distributions                                                             */
/* ------------------------------------------------------------------------ */
/*
 * Pure functions; NaN for invalid arguments (NaN inputs, df <= 0, shape <= 0,
 * p outside [0, 1], n not a non-negative integer, ...). _cdf is P(X <= x),
 * _sf the upper tail P(X > x) computed directly (not as 1 - cdf, so it keeps
 * full relative accuracy deep in the tail), _ppf the quantile: the x with
 * cdf(x) = p (for the binomial, the smallest integer k with cdf(k) >= p).
 * _ppf(0) and _ppf(1) give the ends of the support (possibly +/-INFINITY).
 * Accuracy: relative error within 1e-12 of high-precision values on the
 * grids in tests/ref/ (quantiles: |F(x) - p| / min(p, 1 - p) within 1e-12).
 * Algorithms and sources are in docs/methods.md ("Distributions").
 */

/*! Standard normal. */
XPI_API double xpi_norm_cdf(double x);
XPI_API double xpi_norm_sf(double x);
XPI_API double xpi_norm_ppf(double p);

/*! Student t with df > 0 degrees of freedom (df need not be an integer;
 *  df = INFINITY gives the normal). */
XPI_API double xpi_t_cdf(double x, double df);
XPI_API double xpi_t_sf(double x, double df);
XPI_API double xpi_t_ppf(double p, double df);

/*! Chi-square with df > 0 degrees of freedom; x < 0 has cdf 0. */
XPI_API double xpi_chi2_cdf(double x, double df);
XPI_API double xpi_chi2_sf(double x, double df);
XPI_API double xpi_chi2_ppf(double p, double df);

/*! Beta(a, b) with a > 0, b > 0 on [0, 1] (the regularized incomplete beta
 *  function I_x(a, b) and its complement). */
XPI_API double xpi_beta_cdf(double x, double a, double b);
XPI_API double xpi_beta_sf(double x, double a, double b);
XPI_API double xpi_beta_ppf(double p, double a, double b);

/*! Gamma with the given shape > 0 and scale 1 (the regularized incomplete
 *  gamma functions P(shape, x) and Q(shape, x)). */
XPI_API double xpi_gamma_cdf(double x, double shape);
XPI_API double xpi_gamma_sf(double x, double shape);
XPI_API double xpi_gamma_ppf(double p, double shape);

/*! Binomial(n, p): cdf = P(X <= k), sf = P(X > k) for real k (floored);
 *  n must be a non-negative integer below 2^53, 0 <= p <= 1. */
XPI_API double xpi_binom_cdf(double k, double n, double p);
XPI_API double xpi_binom_sf(double k, double n, double p);
/*! Smallest integer k in [0, n] with xpi_binom_cdf(k, n, p) >= q. */
XPI_API double xpi_binom_ppf(double q, double n, double p);

/* ------------------------------------------------------------------------ */
/* Metrics and scales                                                        */
/* ------------------------------------------------------------------------ */

/*! Preset metrics.
 *  NPS:  scores 0-10; detractors 0-6 (low band), promoters 9-10 (high band);
 *        headline statistic: net = %promoters - %detractors.
 *  CSAT: scores 1-5; dissatisfied 1-2, satisfied 4-5; headline: top-box %.
 *  CES:  scores 1-7; disagree 1-3, agree 5-7; headline: mean.
 *  CUSTOM is what xpi_tally_metric() reports for xpi_tally_new_scale(). */
#define XPI_METRIC_CUSTOM 0
#define XPI_METRIC_NPS    1
#define XPI_METRIC_CSAT   2
#define XPI_METRIC_CES    3

/*! The widest scale a tally accepts: max - min + 1 <= XPI_SCALE_MAX_POINTS. */
#define XPI_SCALE_MAX_POINTS 1001

/*! Statistics. DEFAULT is the tally's headline statistic.
 *  NET:    100 * (share in high band - share in low band), points.
 *  TOP:    100 * share in the high band (top-box), percent.
 *  BOTTOM: 100 * share in the low band (bottom-box), percent.
 *  MEAN:   mean score, in the scale's units. */
#define XPI_STAT_DEFAULT 0
#define XPI_STAT_NET     1
#define XPI_STAT_TOP     2
#define XPI_STAT_BOTTOM  3
#define XPI_STAT_MEAN    4

/*! Interval methods (formulas and citations in docs/methods.md).
 *  DEFAULT:         net: Tango's score interval with the small-sample variance
 *                   factor m / (m - 1) of Miettinen & Nurminen (1985), m the
 *                   (effective) number of responses: exact coverage >= 94%
 *                   for 10 <= n <= 400 over shares on a 0.05 grid, each
 *                   >= 5% (pure Tango dips to 93.4%; docs/methods.md);
 *                   proportions: SCORE (Wilson); means: T.
 *  WALD:            estimate +/- z * SE (any statistic; for means a z interval).
 *  ADJUSTED_WALD:   net: n + 3 with 0.75 added to the high and low counts
 *                   (Rocks 2016); proportions: Agresti-Coull (1998).
 *  SCORE:           net: Tango's (1998) score interval; proportions: Wilson (1927).
 *  CLOPPER_PEARSON: exact binomial (1934); proportions only.
 *  JEFFREYS:        Beta(x + 1/2, n - x + 1/2) quantiles; proportions only.
 *  T:               mean +/- t(df) * SE; means only.
 *  A method that does not apply to the statistic gives XPI_ERR_NOT_APPLICABLE. */
#define XPI_CI_DEFAULT         0
#define XPI_CI_WALD            1
#define XPI_CI_ADJUSTED_WALD   2
#define XPI_CI_SCORE           3
#define XPI_CI_CLOPPER_PEARSON 4
#define XPI_CI_JEFFREYS        5
#define XPI_CI_T               6

/* ------------------------------------------------------------------------ */
/* Tally: the sufficient statistic of one metric                             */
/* ------------------------------------------------------------------------ */

/*! Per-score counts (uint64) and per-score sums of weights and of squared
 *  weights for one metric's responses. Memory is O(scale points), whatever
 *  the number of responses; every estimate costs O(scale points). Tallies of
 *  the same scale merge exactly, so work can be split across threads, shards
 *  and days. Opaque: create with xpi_tally_new or xpi_tally_new_scale. */
typedef struct xpi_tally xpi_tally;

/*! Creates an empty tally for a preset metric (XPI_METRIC_NPS, _CSAT, _CES).
 *  alloc may be NULL. Statuses: XPI_ERR_INVALID_ARG (out NULL, unknown
 *  metric, allocator without alloc or free), XPI_ERR_NO_MEMORY. */
XPI_API int xpi_tally_new(xpi_tally **out, int32_t metric, const xpi_allocator *alloc);

/*! Creates an empty tally for a custom integer scale min..max with a low band
 *  min..low_max and a high band high_min..max. Requires
 *  min <= low_max < high_min <= max, max - min + 1 <= XPI_SCALE_MAX_POINTS,
 *  and default_stat one of XPI_STAT_NET, _TOP, _BOTTOM, _MEAN.
 *  Statuses: XPI_ERR_INVALID_ARG, XPI_ERR_NO_MEMORY. */
XPI_API int xpi_tally_new_scale(xpi_tally **out, int32_t min, int32_t max, int32_t low_max,
                                int32_t high_min, int32_t default_stat,
                                const xpi_allocator *alloc);

/*! Frees the tally through its allocator; NULL is a no-op. */
XPI_API void xpi_tally_free(xpi_tally *t);

/*! Creates an independent copy of t, using t's allocator.
 *  Statuses: XPI_ERR_INVALID_ARG, XPI_ERR_NO_MEMORY. */
XPI_API int xpi_tally_clone(xpi_tally **out, const xpi_tally *t);

/*! Empties the tally; its scale stays. Status: XPI_ERR_INVALID_ARG (t NULL). */
XPI_API int xpi_tally_reset(xpi_tally *t);

/*! The smallest weight a tally accepts. Weights below it are refused
 *  because their squares would leave the normal range of double, and every
 *  variance and effective size is built from squared weights. */
#define XPI_WEIGHT_MIN 1e-150

/*! Adds one response with a weight (finite, >= XPI_WEIGHT_MIN; 1 for
 *  unweighted data). The tally counts as weighted from the first weight
 *  that is not exactly 1 on (it stays weighted through merges, clones and
 *  serialization until reset).
 *  Statuses: XPI_ERR_INVALID_ARG (t NULL, bad weight), XPI_ERR_SCORE_RANGE,
 *  XPI_ERR_OVERFLOW (the total count would pass UINT64_MAX, or the total
 *  sum of weights or of squared weights over all scores would pass DBL_MAX).
 *  O(1). */
XPI_API int xpi_tally_add(xpi_tally *t, int32_t score, double weight);

/*! Adds count unweighted responses of one score (count 0 is a no-op).
 *  Statuses: as xpi_tally_add. */
XPI_API int xpi_tally_add_n(xpi_tally *t, int32_t score, uint64_t count);

/*! Adds n responses; weights may be NULL (all weights 1). Atomic: every score
 *  and weight is checked first, and if any is invalid nothing is added.
 *  n = 0 is a no-op (scores and weights may then be NULL).
 *  Statuses: as xpi_tally_add; XPI_ERR_INVALID_ARG when scores is NULL. */
XPI_API int xpi_tally_add_array(xpi_tally *t, const int32_t *scores, const double *weights,
                                size_t n);

/*! Adds every response of src into dst (dst == src doubles it). The scales
 *  (bounds, bands and default statistic) must be identical; the metric tag
 *  is not compared, so an NPS tally merges with a custom 0..10 tally of the
 *  same bands. dst becomes weighted when src is.
 *  Statuses: XPI_ERR_INVALID_ARG, XPI_ERR_SCALE_MISMATCH, XPI_ERR_OVERFLOW. */
XPI_API int xpi_tally_merge(xpi_tally *dst, const xpi_tally *src);

/*! The number of responses with the given score.
 *  Statuses: XPI_ERR_INVALID_ARG, XPI_ERR_SCORE_RANGE. */
XPI_API int xpi_tally_count(const xpi_tally *t, int32_t score, uint64_t *count);

/*! The sum of weights and the sum of squared weights of the responses with
 *  the given score (each equals the count for unweighted data). Either
 *  output may be NULL. Statuses: XPI_ERR_INVALID_ARG, XPI_ERR_SCORE_RANGE. */
XPI_API int xpi_tally_weights(const xpi_tally *t, int32_t score, double *sum_w,
                              double *sum_w2);

/*! The total number of responses. Status: XPI_ERR_INVALID_ARG. */
XPI_API int xpi_tally_total(const xpi_tally *t, uint64_t *n);

/*! The tally's metric (XPI_METRIC_*; XPI_METRIC_CUSTOM for custom scales)
 *  and scale. Any output may be NULL. Status: XPI_ERR_INVALID_ARG. */
XPI_API int xpi_tally_scale(const xpi_tally *t, int32_t *metric, int32_t *min, int32_t *max,
                            int32_t *low_max, int32_t *high_min, int32_t *default_stat);

/*! Writes the tally in a portable, versioned little-endian format with a
 *  CRC-32 checksum (layout in docs/methods.md, "Serialized tally"). With buf
 *  NULL only *length is set (the bytes needed). Otherwise *length is set to
 *  the bytes written; if capacity is too small nothing is written, *length
 *  holds the bytes needed and the status is XPI_ERR_BUFFER_TOO_SMALL.
 *  Statuses: XPI_ERR_INVALID_ARG (t or length NULL), XPI_ERR_BUFFER_TOO_SMALL. */
XPI_API int xpi_tally_serialize(const xpi_tally *t, void *buf, size_t capacity, size_t *length);

/*! Rebuilds a tally from xpi_tally_serialize's bytes (exactly length bytes).
 *  Every field is checked; a corrupt, truncated, padded or foreign buffer
 *  never builds a tally. Statuses: XPI_ERR_INVALID_ARG, XPI_ERR_MALFORMED,
 *  XPI_ERR_UNSUPPORTED_VERSION (a newer format), XPI_ERR_NO_MEMORY. */
XPI_API int xpi_tally_deserialize(xpi_tally **out, const void *buf, size_t length,
                                  const xpi_allocator *alloc);

/* ------------------------------------------------------------------------ */
/* Estimates                                                                 */
/* ------------------------------------------------------------------------ */

/*! A point estimate with its interval. Layout frozen. */
typedef struct xpi_estimate {
    double value;   /*!< raw point estimate: points (net), percent (top/bottom), scale units (mean) */
    double lower;   /*!< interval, same units; never outside the statistic's range */
    double upper;
    double se;      /*!< standard error of value, same units (see xpi_tally_estimate) */
    double n;       /*!< responses counted */
    double n_eff;   /*!< Kish effective sample size; equals n when unweighted */
} xpi_estimate;

/*! Computes a statistic of the tally with a two-sided interval at the given
 *  confidence (0 < confidence < 1, e.g. 0.95).
 *
 *  value is always the raw (weighted) estimate, whatever the method; only
 *  the interval depends on the method. se is the plug-in standard error of
 *  value: for unweighted data sqrt(var / n) with the population variance of
 *  the per-response scores (net: p + d - (p - d)^2; proportions: p(1 - p))
 *  and, for means, the sample variance (n - 1 divisor); for weighted data
 *  the linearization (Taylor) standard error
 *  sqrt(n / (n - 1) * sum w_i^2 (y_i - value)^2) / sum w_i (Kish 1965).
 *  Data are weighted when any weight added differs from 1.
 *
 *  Weighted data: WALD uses the linearization SE; the other methods replace
 *  n by the Kish effective size n_eff = (sum w)^2 / sum w^2 and the counts
 *  by the weighted shares times n_eff; T uses the linearization SE with
 *  n_eff - 1 degrees of freedom.
 *
 *  Degenerate data (documented in docs/methods.md): n = 0 gives
 *  XPI_ERR_NOT_ENOUGH_DATA; so does a mean (any method) from a single
 *  response, or from weighted data whose n_eff - 1 rounds to 0 (one weight
 *  about 1e16 times the sum of all others: no degrees of freedom left);
 *  the DEFAULT net interval of a single response (m <= 1) is the whole
 *  range [-100, 100]. When every response is in one band the WALD interval
 *  has zero width (se = 0); DEFAULT, SCORE, CLOPPER_PEARSON and JEFFREYS
 *  give a proper interval that reaches the range's end; ADJUSTED_WALD gives a proper
 *  interval that, for very small n, may stop short of it (e.g. one
 *  promoter: upper end 98.5 at 95%), as its formula does. Intervals are
 *  clipped to the statistic's range ([-100, 100], [0, 100], [min, max]).
 *
 *  Statuses: XPI_ERR_INVALID_ARG (t or out NULL, unknown stat or method,
 *  bad confidence), XPI_ERR_NOT_APPLICABLE (method for another statistic),
 *  XPI_ERR_NOT_ENOUGH_DATA. On error *out is unchanged. */
XPI_API int xpi_tally_estimate(const xpi_tally *t, int32_t stat, int32_t method,
                               double confidence, xpi_estimate *out);

#ifdef __cplusplus
}
#endif

#endif /* XPI_H */
