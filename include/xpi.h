/*! \file xpi.h
 * libxpi: statistics for customer-experience metrics (NPS, CSAT, CES).
 *
 * This header is the library's reference manual: every public type, constant
 * and function is declared and documented here, and nothing else is public.
 * The HTML reference is generated from it by doxygen (meson -Ddocs=true);
 * the declarations are grouped by topic (see the modules).
 *
 * \section xpi_conventions Conventions
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
 *    Each function's comment ends with a "Thread safety:" line in these
 *    terms: "no shared state" (no library object is involved: callable from
 *    any thread at any time, provided the caller's own arrays do not change
 *    during the call), "reads X" (may run at the same time as other reads
 *    of X, never at the same time as a write of X), "writes X" (no other
 *    call may use X while it runs). A read that allocates calls the object's
 *    allocator, which must then tolerate concurrent calls when the object is
 *    read from several threads at once (the C library's malloc does).
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

/*! \def XPI_API
 * XPI_API marks the exported functions. The library is built with hidden
 * visibility, so only these are visible. Define XPI_STATIC when linking the
 * static library on Windows (`pkg-config --static` adds it).
 *
 * It expands to `__declspec(dllexport)` while the DLL itself is built
 * (XPI_BUILDING), to `__declspec(dllimport)` for its users, to nothing with
 * XPI_STATIC, to `__attribute__((visibility("default")))` with GCC 4 and
 * compatible compilers elsewhere, and to nothing otherwise. Applications
 * never need it in their own declarations. */
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
/*! \defgroup xpi_grp_version Version
 *  The version of this header (compile time) and of the library actually
 *  linked (run time).
 *  @{ */

/*! \name Header version
 *  The version of this header. It equals the version in meson.build's
 *  project() (a test checks this). XPI_VERSION_NUMBER is
 *  MAJOR * 10000 + MINOR * 100 + PATCH. The SONAME's number is MAJOR. */
/*! @{ */
#define XPI_VERSION_MAJOR 1 /*!< major version, the SONAME's number (libxpi.so.1) */
#define XPI_VERSION_MINOR 0 /*!< minor version */
#define XPI_VERSION_PATCH 0 /*!< patch version */
/*! The three as one integer, MAJOR * 10000 + MINOR * 100 + PATCH (10000
 *  for 1.0.0); compare with xpi_version_number() to detect a header that
 *  does not match the library linked. */
#define XPI_VERSION_NUMBER \
    (XPI_VERSION_MAJOR * 10000 + XPI_VERSION_MINOR * 100 + XPI_VERSION_PATCH)
/*! @} */

/*! The version of the library actually linked, as XPI_VERSION_NUMBER.
 *  Cannot fail. Thread safety: no shared state (\ref xpi_conventions). */
XPI_API int32_t xpi_version_number(void);
/*! The version of the library actually linked, as "MAJOR.MINOR.PATCH";
 *  static storage, never NULL. Cannot fail.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API const char *xpi_version_string(void);

/*! @} */

/* ------------------------------------------------------------------------ */
/* Status codes: values are part of the ABI and are never renumbered.        */
/* ------------------------------------------------------------------------ */
/*! \defgroup xpi_grp_status Status codes
 *  What the functions that can fail return: XPI_OK (0) or a negative
 *  XPI_ERR_* code. The values are part of the ABI and are never
 *  renumbered; each function lists the codes it can return.
 *  @{ */

#define XPI_OK                       0  /*!< success */
#define XPI_ERR_INVALID_ARG        (-1) /*!< NULL pointer, NaN, confidence outside (0, 1), bad constant */
#define XPI_ERR_NO_MEMORY          (-2) /*!< the allocator returned NULL */
#define XPI_ERR_SCORE_RANGE        (-3) /*!< a score outside the tally's scale */
#define XPI_ERR_NOT_ENOUGH_DATA    (-4) /*!< too few responses for the requested statistic */
#define XPI_ERR_NOT_APPLICABLE     (-5) /*!< the method does not apply to the statistic */
#define XPI_ERR_MALFORMED          (-6) /*!< corrupt, truncated or foreign serialized data */
#define XPI_ERR_OVERFLOW           (-7) /*!< a count, weight sum or result would overflow */
#define XPI_ERR_SCALE_MISMATCH     (-8) /*!< two tallies of different scales */
#define XPI_ERR_BUFFER_TOO_SMALL   (-9) /*!< the output buffer cannot hold the result */
#define XPI_ERR_UNSUPPORTED_VERSION (-10) /*!< serialized by a newer, incompatible format */

/*! A static, human-readable English description of a status code (for logs,
 *  not for parsing). Unknown codes give "unknown status". Never NULL.
 *  Cannot fail. Thread safety: no shared state (\ref xpi_conventions). */
XPI_API const char *xpi_strerror(int status);

/*! @} */

/* ------------------------------------------------------------------------ */
/* Allocator                                                                 */
/* ------------------------------------------------------------------------ */
/*! \defgroup xpi_grp_alloc Allocator
 *  Memory hooks: every allocation an object makes goes through the
 *  allocator it was created with.
 *  @{ */

/*! Memory hooks, passed at object creation and used for every allocation the
 *  object makes for its whole life (the object keeps a copy of the struct,
 *  so the caller's struct may go away; user_data must stay valid).
 *  alloc and free are required; realloc may be NULL (the library then
 *  allocates, copies and frees). alloc(user_data, size) returns NULL on
 *  failure; free(user_data, NULL) is never called. Passing a NULL
 *  xpi_allocator pointer selects the C library's malloc, realloc and free.
 *  The hooks run on the thread that calls the library; objects used from
 *  several threads at once, or one object read from several threads (see
 *  \ref xpi_conventions), call them concurrently, and they must then be
 *  thread-safe. */
typedef struct xpi_allocator {
    void *(*alloc)(void *user_data, size_t size);   /*!< required: a block of size bytes
                                                         (never 0), aligned as malloc's,
                                                         or NULL on failure */
    void *(*realloc)(void *user_data, void *ptr, size_t size); /*!< optional (may be NULL):
                                                         resize ptr (never NULL, from alloc
                                                         or realloc) to size bytes (never 0),
                                                         keeping its contents; on failure
                                                         return NULL and leave ptr valid,
                                                         as C's realloc */
    void  (*free)(void *user_data, void *ptr);      /*!< required: release a block from alloc
                                                         or realloc (never NULL) */
    void  *user_data;                               /*!< passed unchanged to every hook, never
                                                         dereferenced by the library; must stay
                                                         valid while objects created with it
                                                         live */
} xpi_allocator;

/*! @} */

/* ------------------------------------------------------------------------ */
/* Distributions                                                             */
/* ------------------------------------------------------------------------ */
/*! \defgroup xpi_grp_dist Distributions
 * Normal, Student t, chi-square, beta, gamma and binomial distributions:
 * cdf, upper tail (sf) and quantile (ppf).
 *
 * Pure functions; NaN for invalid arguments (NaN inputs, df <= 0, shape <= 0,
 * p outside [0, 1], n not a non-negative integer, ...). _cdf is P(X <= x),
 * _sf the upper tail P(X > x) computed directly (not as 1 - cdf, so it keeps
 * full relative accuracy deep in the tail), _ppf the quantile: the x with
 * cdf(x) = p (for the binomial, the smallest integer k with cdf(k) >= p).
 * _ppf(0) and _ppf(1) give the ends of the support (possibly +/-INFINITY).
 * Accuracy: relative error within 1e-12 of high-precision values on the
 * grids in tests/ref/ (quantiles: |F(x) - p| / min(p, 1 - p) within 1e-12).
 * Algorithms and sources are in docs/methods.md ("Distributions").
 * None of these functions has a status: NaN is the only failure.
 * @{
 */

/*! \name Standard normal
 *  Standard normal. */
/*! @{ */
/*! The standard normal cdf Phi(x) = P(Z <= x), a probability in [0, 1]
 *  (x = -INFINITY gives 0, +INFINITY 1), computed as the upper tail at -x:
 *  a Taylor series of Phi(x) - 1/2 for |x| < 2.5 and Laplace's continued
 *  fraction for Mills' ratio beyond, by modified Lentz (A&S 26.2.10,
 *  26.2.14; Lentz 1976). NaN for a NaN x.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_norm_cdf(double x);
/*! The standard normal upper tail 1 - Phi(x) = P(Z > x), computed
 *  directly (same series and continued fraction as xpi_norm_cdf), so it
 *  keeps its relative accuracy far into the tail. NaN for a NaN x.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_norm_sf(double x);
/*! The standard normal quantile: the z with Phi(z) = p, for p in [0, 1]
 *  (-INFINITY at 0, +INFINITY at 1). Wichura's AS 241 (PPND16; Appl.
 *  Statist. 37, 1988) then one Newton step on the smaller tail. NaN for p
 *  NaN or outside [0, 1].
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_norm_ppf(double p);
/*! @} */

/*! \name Student t
 *  Student t with df > 0 degrees of freedom (df need not be an integer;
 *  df = INFINITY gives the normal). */
/*! @{ */
/*! The Student t cdf P(T <= x) with df degrees of freedom, a probability
 *  in [0, 1], from P(T > |x|) = I_y(df/2, 1/2) / 2 with y = df / (df +
 *  x^2) and its complement formed directly (A&S 26.7.1); the normal for
 *  df > 1e25. NaN for a NaN x, or df NaN or <= 0.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_t_cdf(double x, double df);
/*! The Student t upper tail P(T > x), computed directly as in xpi_t_cdf
 *  (not as 1 - cdf). NaN for a NaN x, or df NaN or <= 0.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_t_sf(double x, double df);
/*! The Student t quantile: the t with P(T <= t) = p, for p in [0, 1]
 *  (-INFINITY at 0, +INFINITY at 1, 0 at 1/2), by inverting I_y(df/2, 1/2)
 *  with Newton's method on the logarithm of the smaller tail, with a closed
 *  form where y underflows; the normal quantile for df > 1e25. NaN for p
 *  NaN or outside [0, 1], or df NaN or <= 0.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_t_ppf(double p, double df);
/*! @} */

/*! \name Chi-square
 *  Chi-square with df > 0 degrees of freedom; x < 0 has cdf 0. */
/*! @{ */
/*! The chi-square cdf P(X <= x) with df degrees of freedom (finite, > 0,
 *  not necessarily an integer), a probability in [0, 1]: the gamma cdf
 *  with shape df/2 at x/2 (A&S 26.4.19; see xpi_gamma_cdf). 0 for x <= 0.
 *  NaN for a NaN x, or df NaN, infinite or <= 0.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_chi2_cdf(double x, double df);
/*! The chi-square upper tail P(X > x), computed directly (the gamma
 *  function Q(df/2, x/2)); 1 for x <= 0. This is the p-value of a
 *  chi-square statistic x. NaN as xpi_chi2_cdf.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_chi2_sf(double x, double df);
/*! The chi-square quantile: the x with P(X <= x) = p, for p in [0, 1]
 *  (0 at 0, +INFINITY at 1); twice xpi_gamma_ppf(p, df / 2). NaN for p NaN
 *  or outside [0, 1], or a bad df.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_chi2_ppf(double p, double df);
/*! @} */

/*! \name Beta
 *  Beta(a, b) with a > 0, b > 0 on [0, 1] (the regularized incomplete beta
 *  function I_x(a, b) and its complement). */
/*! @{ */
/*! The Beta(a, b) cdf I_x(a, b) = P(X <= x), a probability in [0, 1]: 0
 *  for x <= 0, 1 for x >= 1. Computed on the smaller side by Temme's
 *  uniform expansion, a power series, an expansion in incomplete gamma
 *  ratios or the continued fraction A&S 26.5.8, depending on a, b and x
 *  (Temme 1996; DiDonato & Morris 1992). NaN for a NaN x, or a or b NaN,
 *  infinite or <= 0.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_beta_cdf(double x, double a, double b);
/*! The Beta(a, b) upper tail 1 - I_x(a, b) = P(X > x), computed directly
 *  (1 for x <= 0, 0 for x >= 1). NaN as xpi_beta_cdf.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_beta_sf(double x, double a, double b);
/*! The Beta(a, b) quantile: the x in [0, 1] with I_x(a, b) = p, for p in
 *  [0, 1] (0 at 0, 1 at 1), by Newton's method on the logarithm of the
 *  smaller tail inside a bracket, from the normal approximation A&S
 *  26.5.22 when a, b >= 1. NaN for p NaN or outside [0, 1], or bad a, b.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_beta_ppf(double p, double a, double b);
/*! @} */

/*! \name Gamma
 *  Gamma with the given shape > 0 and scale 1 (the regularized incomplete
 *  gamma functions P(shape, x) and Q(shape, x)). */
/*! @{ */
/*! The gamma cdf P(shape, x) (scale 1), a probability in [0, 1]: 0 for
 *  x <= 0. Temme's uniform expansion for shape >= 100 near the mean, the
 *  DiDonato-Morris small-shape series, or continued fractions (Temme 1979;
 *  DiDonato & Morris 1986; A&S 6.5.31). NaN for a NaN x, or shape NaN,
 *  infinite or <= 0.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_gamma_cdf(double x, double shape);
/*! The gamma upper tail Q(shape, x) = 1 - P(shape, x), computed directly
 *  (1 for x <= 0). NaN as xpi_gamma_cdf.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_gamma_sf(double x, double shape);
/*! The gamma quantile: the x >= 0 with P(shape, x) = p, for p in [0, 1]
 *  (0 at 0, +INFINITY at 1), by Newton's method on the logarithm of the
 *  smaller tail against log x, from Wilson & Hilferty's (1931) start for
 *  shape >= 1. NaN for p NaN or outside [0, 1], or a bad shape.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_gamma_ppf(double p, double shape);
/*! @} */

/*! \name Binomial
 *  Binomial(n, p): cdf = P(X <= k), sf = P(X > k) for real k (floored);
 *  n must be a non-negative integer below 2^53, 0 <= p <= 1. */
/*! @{ */
/*! The Binomial(n, p) cdf P(X <= k), a probability in [0, 1]; k is floored
 *  (k < 0 gives 0, k >= n gives 1). Computed as the complement of P(X > k)
 *  = I_p(k + 1, n - k) (A&S 26.5.24), exact in p and 1 - p on the smaller
 *  side. NaN for a NaN k, n not an integer in [0, 2^53), or p NaN or
 *  outside [0, 1].
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_binom_cdf(double k, double n, double p);
/*! The Binomial(n, p) upper tail P(X > k) = I_p(k + 1, n - k), k floored
 *  (k < 0 gives 1, k >= n gives 0), computed directly. For the exact
 *  one-sided p-value P(X >= x) of an integer count x, pass k = x - 1.
 *  NaN as xpi_binom_cdf.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_binom_sf(double k, double n, double p);
/*! Smallest integer k in [0, n] with xpi_binom_cdf(k, n, p) >= q.
 *  Returned as a double (a whole number): 0 when q = 0, n when q = 1. For
 *  q > 1/2 the condition is judged as xpi_binom_sf(k, n, p) <= 1 - q, so
 *  upper quantiles stay exact where the cdf rounds to 1; the search starts
 *  from the Cornish-Fisher approximation and gallops. NaN for q NaN or
 *  outside [0, 1], or bad n or p.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API double xpi_binom_ppf(double q, double n, double p);
/*! @} */

/*! @} */

/* ------------------------------------------------------------------------ */
/* Metrics and scales                                                        */
/* ------------------------------------------------------------------------ */
/*! \defgroup xpi_grp_metrics Metrics, statistics and interval methods
 *  The constants that name a metric (its scale and bands), a statistic
 *  and an interval method.
 *  @{ */

/*! \name Metrics
 *  Preset metrics.
 *  - NPS:  scores 0-10; detractors 0-6 (low band), promoters 9-10 (high band);
 *          headline statistic: net = \%promoters - \%detractors.
 *  - CSAT: scores 1-5; dissatisfied 1-2, satisfied 4-5; headline: top-box \%.
 *  - CES:  scores 1-7; disagree 1-3, agree 5-7; headline: mean.
 *
 *  CUSTOM is what xpi_tally_scale() reports as the metric of a tally
 *  created with xpi_tally_new_scale() (or drawn by xpi_cube_tally() from a
 *  cube created with xpi_cube_new_scale()). */
/*! @{ */
#define XPI_METRIC_CUSTOM 0 /*!< a custom scale (reported only; not accepted by xpi_tally_new) */
#define XPI_METRIC_NPS    1 /*!< Net Promoter Score: 0-10, net of promoters over detractors */
#define XPI_METRIC_CSAT   2 /*!< customer satisfaction: 1-5, top-box percent */
#define XPI_METRIC_CES    3 /*!< customer effort score: 1-7, mean */
/*! @} */

/*! The widest scale a tally accepts: max - min + 1 <= XPI_SCALE_MAX_POINTS. */
#define XPI_SCALE_MAX_POINTS 1001

/*! \name Statistics
 *  Statistics. DEFAULT is the tally's headline statistic.
 *  - NET:    100 * (share in high band - share in low band), points.
 *  - TOP:    100 * share in the high band (top-box), percent.
 *  - BOTTOM: 100 * share in the low band (bottom-box), percent.
 *  - MEAN:   mean score, in the scale's units. */
/*! @{ */
#define XPI_STAT_DEFAULT 0 /*!< the tally's headline statistic (NET for NPS, TOP for CSAT,
                                MEAN for CES, chosen at creation for custom scales) */
#define XPI_STAT_NET     1 /*!< net score, points in [-100, 100] */
#define XPI_STAT_TOP     2 /*!< top-box share, percent in [0, 100] */
#define XPI_STAT_BOTTOM  3 /*!< bottom-box share, percent in [0, 100] */
#define XPI_STAT_MEAN    4 /*!< mean score, scale units in [min, max] */
/*! @} */

/*! \name Interval methods
 *  Interval methods (formulas and citations in docs/methods.md).
 *  - DEFAULT:         net: Tango's score interval with the small-sample variance
 *                     factor m / (m - 1) of Miettinen & Nurminen (1985), m the
 *                     (effective) number of responses: exact coverage >= 94\%
 *                     for 10 <= n <= 400 over shares on a 0.05 grid, each
 *                     >= 5\% (pure Tango dips to 93.4\%; docs/methods.md);
 *                     proportions: SCORE (Wilson); means: T.
 *  - WALD:            estimate +/- z * SE (any statistic; for means a z interval).
 *  - ADJUSTED_WALD:   net: n + 3 with 0.75 added to the high and low counts
 *                     (Rocks 2016); proportions: Agresti-Coull (1998).
 *  - SCORE:           net: Tango's (1998) score interval; proportions: Wilson (1927).
 *  - CLOPPER_PEARSON: exact binomial (1934); proportions only.
 *  - JEFFREYS:        Beta(x + 1/2, n - x + 1/2) quantiles; proportions only.
 *  - T:               mean +/- t(df) * SE; means only.
 *  - BOOTSTRAP:       BCa bootstrap (xpi_tally_bootstrap with XPI_BOOT_BCA,
 *                     XPI_BOOTSTRAP_REPLICATES replicates, seed
 *                     XPI_DEFAULT_SEED); any statistic.
 *  - BAYES:           equal-tailed credible interval of the Dirichlet posterior
 *                     with the Jeffreys prior (xpi_tally_bayes with prior 1/2,
 *                     over the bands for net and proportions, over the scale for
 *                     means, XPI_BAYES_DRAWS draws, seed XPI_DEFAULT_SEED).
 *
 *  A method that does not apply to the statistic gives XPI_ERR_NOT_APPLICABLE. */
/*! @{ */
#define XPI_CI_DEFAULT         0 /*!< the recommended method for the statistic (see above) */
#define XPI_CI_WALD            1 /*!< estimate +/- z SE; any statistic */
#define XPI_CI_ADJUSTED_WALD   2 /*!< Wald on adjusted counts (Rocks 2016; Agresti-Coull 1998);
                                      net and proportions */
#define XPI_CI_SCORE           3 /*!< score interval (Tango 1998; Wilson 1927); net and
                                      proportions */
#define XPI_CI_CLOPPER_PEARSON 4 /*!< exact binomial (Clopper & Pearson 1934); proportions only */
#define XPI_CI_JEFFREYS        5 /*!< Jeffreys Beta(x + 1/2, n - x + 1/2) quantiles; proportions
                                      only */
#define XPI_CI_T               6 /*!< mean +/- t(df) SE; means only */
#define XPI_CI_BOOTSTRAP       7 /*!< BCa bootstrap from the tally; any statistic */
#define XPI_CI_BAYES           8 /*!< Dirichlet-posterior credible interval, Jeffreys prior; any
                                      statistic */
/*! @} */

/*! @} */

/* ------------------------------------------------------------------------ */
/* Tally: the sufficient statistic of one metric                             */
/* ------------------------------------------------------------------------ */
/*! \defgroup xpi_grp_tally Tally
 *  The sufficient statistic of one metric: creating, filling, merging,
 *  reading and serializing tallies. Estimates and tests of a tally are in
 *  the modules that follow.
 *  @{ */

/*! Per-score counts (uint64) and per-score sums of weights and of squared
 *  weights for one metric's responses. Memory is O(scale points), whatever
 *  the number of responses; every estimate costs O(scale points). Tallies of
 *  the same scale merge exactly, so work can be split across threads, shards
 *  and days. Opaque: create with xpi_tally_new or xpi_tally_new_scale. */
typedef struct xpi_tally xpi_tally;

/*! Creates an empty tally for a preset metric (XPI_METRIC_NPS, _CSAT, _CES).
 *  alloc may be NULL. Statuses: XPI_ERR_INVALID_ARG (out NULL, unknown
 *  metric, allocator without alloc or free), XPI_ERR_NO_MEMORY.
 *  Thread safety: no shared state; the new tally is the caller's (\ref xpi_conventions). */
XPI_API int xpi_tally_new(xpi_tally **out, int32_t metric, const xpi_allocator *alloc);

/*! Creates an empty tally for a custom integer scale min..max with a low band
 *  min..low_max and a high band high_min..max. Requires
 *  min <= low_max < high_min <= max, max - min + 1 <= XPI_SCALE_MAX_POINTS,
 *  and default_stat one of XPI_STAT_NET, _TOP, _BOTTOM, _MEAN.
 *  Statuses: XPI_ERR_INVALID_ARG (out NULL, a scale or default_stat that
 *  breaks these rules, allocator without alloc or free), XPI_ERR_NO_MEMORY.
 *  Thread safety: no shared state; the new tally is the caller's (\ref xpi_conventions). */
XPI_API int xpi_tally_new_scale(xpi_tally **out, int32_t min, int32_t max, int32_t low_max,
                                int32_t high_min, int32_t default_stat,
                                const xpi_allocator *alloc);

/*! Frees the tally through its allocator; NULL is a no-op. No status.
 *  Thread safety: writes t (\ref xpi_conventions). */
XPI_API void xpi_tally_free(xpi_tally *t);

/*! Creates an independent copy of t (counts, weight sums and the weighted
 *  flag), using t's allocator. O(scale points).
 *  Statuses: XPI_ERR_INVALID_ARG (out or t NULL), XPI_ERR_NO_MEMORY.
 *  Thread safety: reads t; allocates (\ref xpi_conventions). */
XPI_API int xpi_tally_clone(xpi_tally **out, const xpi_tally *t);

/*! Empties the tally; its scale stays, and it counts as unweighted again.
 *  Status: XPI_ERR_INVALID_ARG (t NULL).
 *  Thread safety: writes t (\ref xpi_conventions). */
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
 *  O(1).
 *  Thread safety: writes t (\ref xpi_conventions). */
XPI_API int xpi_tally_add(xpi_tally *t, int32_t score, double weight);

/*! Adds count unweighted responses of one score (count 0 is a no-op; the
 *  score is still checked). Each counts with weight 1. O(1).
 *  Statuses: as xpi_tally_add (XPI_ERR_INVALID_ARG only for t NULL).
 *  Thread safety: writes t (\ref xpi_conventions). */
XPI_API int xpi_tally_add_n(xpi_tally *t, int32_t score, uint64_t count);

/*! Adds n responses; weights may be NULL (all weights 1). Atomic: every score
 *  and weight is checked first, and if any is invalid nothing is added.
 *  n = 0 is a no-op (scores and weights may then be NULL).
 *  Statuses: as xpi_tally_add; XPI_ERR_INVALID_ARG when scores is NULL.
 *  A score out of range is reported before a bad weight. O(n).
 *  Thread safety: writes t (\ref xpi_conventions). */
XPI_API int xpi_tally_add_array(xpi_tally *t, const int32_t *scores, const double *weights,
                                size_t n);

/*! Adds every response of src into dst (dst == src doubles it). The scales
 *  (bounds, bands and default statistic) must be identical; the metric tag
 *  is not compared, so an NPS tally merges with a custom 0..10 tally of the
 *  same bands. dst becomes weighted when src is.
 *  O(scale points). On error dst is unchanged.
 *  Statuses: XPI_ERR_INVALID_ARG (dst or src NULL), XPI_ERR_SCALE_MISMATCH,
 *  XPI_ERR_OVERFLOW (dst's totals would overflow, as in xpi_tally_add).
 *  Thread safety: writes dst and reads src (\ref xpi_conventions). */
XPI_API int xpi_tally_merge(xpi_tally *dst, const xpi_tally *src);

/*! The number of responses with the given score.
 *  Statuses: XPI_ERR_INVALID_ARG (t or count NULL), XPI_ERR_SCORE_RANGE.
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_tally_count(const xpi_tally *t, int32_t score, uint64_t *count);

/*! The sum of weights and the sum of squared weights of the responses with
 *  the given score (each equals the count for unweighted data). Either
 *  output may be NULL. Statuses: XPI_ERR_INVALID_ARG (t NULL),
 *  XPI_ERR_SCORE_RANGE.
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_tally_weights(const xpi_tally *t, int32_t score, double *sum_w,
                              double *sum_w2);

/*! The total number of responses. Status: XPI_ERR_INVALID_ARG (t or n
 *  NULL).
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_tally_total(const xpi_tally *t, uint64_t *n);

/*! Whether the tally's estimates use the weighted formulas (some weight
 *  other than 1 among more than one response: linearization variances,
 *  docs/methods.md) and
 *  its Kish effective sample size (sum w)^2 / sum w^2, which equals n when
 *  unweighted and is 0 when empty. Either output may be NULL. Status:
 *  XPI_ERR_INVALID_ARG (t NULL).
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_tally_weighting(const xpi_tally *t, int32_t *weighted, double *n_eff);

/*! The tally's metric (XPI_METRIC_*; XPI_METRIC_CUSTOM for custom scales)
 *  and scale: bounds min..max, low band min..low_max, high band
 *  high_min..max, and the statistic XPI_STAT_DEFAULT resolves to. Any
 *  output may be NULL. Status: XPI_ERR_INVALID_ARG (t NULL).
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_tally_scale(const xpi_tally *t, int32_t *metric, int32_t *min, int32_t *max,
                            int32_t *low_max, int32_t *high_min, int32_t *default_stat);

/*! Writes the tally in a portable, versioned little-endian format with a
 *  CRC-32 checksum (layout in docs/methods.md, "Serialized tally"). With buf
 *  NULL only *length is set (the bytes needed). Otherwise *length is set to
 *  the bytes written; if capacity is too small nothing is written, *length
 *  holds the bytes needed and the status is XPI_ERR_BUFFER_TOO_SMALL.
 *  Statuses: XPI_ERR_INVALID_ARG (t or length NULL), XPI_ERR_BUFFER_TOO_SMALL.
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_tally_serialize(const xpi_tally *t, void *buf, size_t capacity, size_t *length);

/*! Rebuilds a tally from xpi_tally_serialize's bytes (exactly length bytes).
 *  Every field is checked; a corrupt, truncated, padded or foreign buffer
 *  never builds a tally. Statuses: XPI_ERR_INVALID_ARG, XPI_ERR_MALFORMED,
 *  XPI_ERR_UNSUPPORTED_VERSION (a newer format), XPI_ERR_NO_MEMORY.
 *  The new tally uses alloc (NULL: the C library's).
 *  Thread safety: no shared state; the new tally is the caller's (\ref xpi_conventions). */
XPI_API int xpi_tally_deserialize(xpi_tally **out, const void *buf, size_t length,
                                  const xpi_allocator *alloc);

/*! @} */

/* ------------------------------------------------------------------------ */
/* Estimates                                                                 */
/* ------------------------------------------------------------------------ */
/*! \defgroup xpi_grp_estimate Estimates
 *  A statistic of one tally with its interval and standard error.
 *  @{ */

/*! A point estimate with its interval. Layout frozen. */
typedef struct xpi_estimate {
    double value;   /*!< raw point estimate: points (net), percent (top/bottom), scale units (mean) */
    double lower;   /*!< interval, same units; never outside the statistic's range */
    double upper;   /*!< upper end of the interval, same units and range */
    double se;      /*!< standard error of value, same units (see xpi_tally_estimate) */
    double n;       /*!< responses counted */
    double n_eff;   /*!< Kish effective sample size; equals n when unweighted */
} xpi_estimate;

/*! Computes a statistic of the tally with a two-sided interval at the given
 *  confidence (0 < confidence < 1, e.g.\ 0.95).
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
 *  XPI_ERR_NOT_ENOUGH_DATA. On error *out is unchanged.
 *
 *  Cost O(scale points) (the DEFAULT and SCORE net intervals solve for
 *  their ends numerically); BOOTSTRAP and BAYES run xpi_tally_bootstrap
 *  and xpi_tally_bayes, which allocate through t's allocator and may also
 *  return XPI_ERR_NO_MEMORY.
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_tally_estimate(const xpi_tally *t, int32_t stat, int32_t method,
                               double confidence, xpi_estimate *out);

/*! @} */

/* ------------------------------------------------------------------------ */
/* The cube: responses by segment dimensions and time                        */
/* ------------------------------------------------------------------------ */
/*! \defgroup xpi_grp_cube Cube and queries
 *  Responses by segment dimensions and time (the cube), and queries that
 *  select a part of a cube and set how it is analysed.
 *  @{ */

/*! Responses of one metric by any number of named segment dimensions
 *  (region, channel, agent...) and time, kept as one tally per non-empty
 *  cell: memory grows with the cells that hold responses, not with the
 *  product of the dimensions' sizes. Each dimension interns its values to
 *  dense ids 0, 1, 2... in order of first appearance; id XPI_MISSING (0)
 *  is the missing value, which a NULL or empty string denotes, and is a
 *  segment of its own. Time is stored in buckets of a fixed granularity
 *  (default one day, UTC). Opaque; thread safety as for tallies. */
typedef struct xpi_cube xpi_cube;

#define XPI_CUBE_MAX_DIMS   16   /*!< dimensions per cube */
#define XPI_VALUE_MAX_BYTES 255  /*!< bytes of a value or dimension name, NUL excluded */
#define XPI_MISSING         0    /*!< the id of the missing value in every dimension */
/*! \name Time range
 *  Times are Unix seconds from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z. */
/*! @{ */
#define XPI_TIME_MIN INT64_C(-62135596800) /*!< 0001-01-01T00:00:00Z, the earliest time */
#define XPI_TIME_MAX INT64_C(253402300799) /*!< 9999-12-31T23:59:59Z, the latest time */
/*! @} */

/*! Creates an empty cube for a preset metric with ndims dimensions named
 *  dim_names[0..ndims-1] (non-empty, distinct, at most XPI_VALUE_MAX_BYTES
 *  bytes; copied). ndims may be 0 (time only; dim_names may then be NULL).
 *  Time buckets: one day, UTC (see xpi_cube_set_time).
 *  Statuses: XPI_ERR_INVALID_ARG (out NULL, unknown metric, ndims >
 *  XPI_CUBE_MAX_DIMS, bad or duplicate names, allocator without alloc or
 *  free), XPI_ERR_NO_MEMORY.
 *  Thread safety: no shared state; the new cube is the caller's (\ref xpi_conventions). */
XPI_API int xpi_cube_new(xpi_cube **out, int32_t metric, size_t ndims,
                         const char *const *dim_names, const xpi_allocator *alloc);

/*! The same for a custom scale (arguments as xpi_tally_new_scale).
 *  Statuses: XPI_ERR_INVALID_ARG (a bad scale as in xpi_tally_new_scale,
 *  or a bad argument as in xpi_cube_new), XPI_ERR_NO_MEMORY.
 *  Thread safety: no shared state; the new cube is the caller's (\ref xpi_conventions). */
XPI_API int xpi_cube_new_scale(xpi_cube **out, int32_t min, int32_t max, int32_t low_max,
                               int32_t high_min, int32_t default_stat, size_t ndims,
                               const char *const *dim_names, const xpi_allocator *alloc);

/*! Frees the cube and its cells through its allocator; NULL is a no-op.
 *  No status. Pointers the cube gave out (names, values) become invalid;
 *  tallies and tables made from it do not.
 *  Thread safety: writes c (\ref xpi_conventions). */
XPI_API void xpi_cube_free(xpi_cube *c);

/*! Sets the time buckets of an empty cube: grain_seconds must divide a day
 *  (60 for minutes, 3600 for hours, 86400 for days), and the buckets are
 *  counted in local time at a fixed utc_offset_seconds (within +-14 h), so
 *  that days start at local midnight. Bucket = floor((time + offset) /
 *  grain). Statuses: XPI_ERR_INVALID_ARG (NULL, bad grain or offset, or
 *  the cube already holds responses).
 *  Thread safety: writes c (\ref xpi_conventions). */
XPI_API int xpi_cube_set_time(xpi_cube *c, int32_t grain_seconds, int32_t utc_offset_seconds);

/*! Adds one response: Unix time in seconds, one value per dimension
 *  (values[d]; NULL or "" is the missing value; at most
 *  XPI_VALUE_MAX_BYTES bytes, compared byte for byte), a score on the
 *  cube's scale and a weight (as xpi_tally_add). New values are interned.
 *  Atomic: on any error the cube is unchanged. O(ndims) expected.
 *  Statuses: XPI_ERR_INVALID_ARG (NULL cube, values NULL with ndims > 0,
 *  time outside [XPI_TIME_MIN, XPI_TIME_MAX], bad weight, a value too
 *  long), XPI_ERR_SCORE_RANGE, XPI_ERR_OVERFLOW (a cell's count or weight
 *  sums, the cube's response count; more than 2^31 cells; a dimension's
 *  values beyond 4 GiB; weight sums across cells are checked when a query
 *  combines them),
 *  XPI_ERR_NO_MEMORY.
 *  Thread safety: writes c (\ref xpi_conventions). */
XPI_API int xpi_cube_add(xpi_cube *c, int64_t time, const char *const *values, int32_t score,
                         double weight);

/*! The id of a dimension's value, interning it if new (NULL or "" is
 *  XPI_MISSING). With ids, xpi_cube_add_ids skips the string work.
 *  Statuses: XPI_ERR_INVALID_ARG (NULL, dim out of range, value too long),
 *  XPI_ERR_OVERFLOW, XPI_ERR_NO_MEMORY.
 *  Thread safety: writes c, whose dictionary may grow (\ref xpi_conventions). */
XPI_API int xpi_cube_intern(xpi_cube *c, size_t dim, const char *value, uint32_t *id);

/*! Adds one response by value ids (ids[d] from xpi_cube_intern or
 *  XPI_MISSING). Statuses: as xpi_cube_add, XPI_ERR_INVALID_ARG also for an
 *  id the dimension has not issued.
 *  Thread safety: writes c (\ref xpi_conventions). */
XPI_API int xpi_cube_add_ids(xpi_cube *c, int64_t time, const uint32_t *ids, int32_t score,
                             double weight);

/*! Adds count responses in one call: times[i], scores[i], weights[i]
 *  (weights NULL: every weight 1) and values[i * ndims + d], the value of
 *  dimension d for response i (as xpi_cube_add). Every response is checked
 *  before any is added, so invalid input anywhere (any status of
 *  xpi_cube_add for bad arguments, XPI_ERR_SCORE_RANGE) rejects the batch
 *  and leaves the cube unchanged, *added = 0. Running out of memory or
 *  into XPI_ERR_OVERFLOW stops at the first response that cannot be
 *  added: the cube then holds exactly the first *added responses, each
 *  whole, and the call can be resumed from there. added may be NULL.
 *  Statuses: those of xpi_cube_add (count 0 is XPI_OK; NULL arrays with
 *  count > 0 are XPI_ERR_INVALID_ARG).
 *  Thread safety: writes c (\ref xpi_conventions). */
XPI_API int xpi_cube_add_batch(xpi_cube *c, size_t count, const int64_t *times,
                               const char *const *values, const int32_t *scores,
                               const double *weights, size_t *added);

/*! The same by value ids: ids[i * ndims + d] (as xpi_cube_add_ids). The
 *  batch is checked first and added as in xpi_cube_add_batch (an id the
 *  dimension has not issued rejects it whole).
 *  Statuses: those of xpi_cube_add_ids (count 0 is XPI_OK; NULL arrays
 *  with count > 0 are XPI_ERR_INVALID_ARG).
 *  Thread safety: writes c (\ref xpi_conventions). */
XPI_API int xpi_cube_add_ids_batch(xpi_cube *c, size_t count, const int64_t *times,
                                   const uint32_t *ids, const int32_t *scores,
                                   const double *weights, size_t *added);

/*! Adds every response of src into dst (dst == src doubles it). The
 *  layouts must match: scale, dimension names in order, time grain and
 *  offset. Values are matched by their strings, so cubes built on
 *  different machines, whose ids differ, merge exactly; values new to dst
 *  get new ids in src's order. Atomic: on any error dst is unchanged.
 *  O(src cells + src values). Allocates scratch through dst's allocator.
 *  Statuses: XPI_ERR_INVALID_ARG (NULL), XPI_ERR_SCALE_MISMATCH (layouts
 *  differ), XPI_ERR_OVERFLOW, XPI_ERR_NO_MEMORY.
 *  Thread safety: writes dst and reads src (\ref xpi_conventions). */
XPI_API int xpi_cube_merge(xpi_cube *dst, const xpi_cube *src);

/*! Writes the cube in a portable, versioned little-endian format with a
 *  CRC-32 (layout in docs/methods.md, "Serialized cube"): layout, every
 *  dimension's values, every cell. Buffer protocol as xpi_tally_serialize.
 *  Statuses: XPI_ERR_INVALID_ARG (c or length NULL), XPI_ERR_BUFFER_TOO_SMALL.
 *  Thread safety: reads c (\ref xpi_conventions). */
XPI_API int xpi_cube_serialize(const xpi_cube *c, void *buf, size_t capacity, size_t *length);

/*! Rebuilds a cube from xpi_cube_serialize's bytes (exactly length bytes);
 *  ids and cells are as they were. Every field is checked; a corrupt,
 *  truncated or foreign buffer never builds a cube. Statuses:
 *  XPI_ERR_INVALID_ARG, XPI_ERR_MALFORMED, XPI_ERR_UNSUPPORTED_VERSION,
 *  XPI_ERR_NO_MEMORY. The new cube uses alloc (NULL: the C library's).
 *  Thread safety: no shared state; the new cube is the caller's (\ref xpi_conventions). */
XPI_API int xpi_cube_deserialize(xpi_cube **out, const void *buf, size_t length,
                                 const xpi_allocator *alloc);

/*! The number of dimensions. Status: XPI_ERR_INVALID_ARG (c or ndims
 *  NULL).
 *  Thread safety: reads c (\ref xpi_conventions). */
XPI_API int xpi_cube_dims(const xpi_cube *c, size_t *ndims);

/*! The cube's metric and scale, as xpi_tally_scale gives a tally's (any
 *  output may be NULL). Status: XPI_ERR_INVALID_ARG (c NULL).
 *  Thread safety: reads c (\ref xpi_conventions). */
XPI_API int xpi_cube_scale(const xpi_cube *c, int32_t *metric, int32_t *min, int32_t *max,
                           int32_t *low_max, int32_t *high_min, int32_t *default_stat);

/*! The cube's time bucket width and UTC offset in seconds (xpi_cube_set_time;
 *  cubes merge only when both agree). Either output may be NULL. Status:
 *  XPI_ERR_INVALID_ARG (c NULL).
 *  Thread safety: reads c (\ref xpi_conventions). */
XPI_API int xpi_cube_time(const xpi_cube *c, int32_t *grain_seconds, int32_t *utc_offset_seconds);

/*! A dimension's name (valid while the cube lives).
 *  Status: XPI_ERR_INVALID_ARG (NULL, dim out of range).
 *  Thread safety: reads c (\ref xpi_conventions). */
XPI_API int xpi_cube_dim_name(const xpi_cube *c, size_t dim, const char **name);

/*! The number of ids a dimension has issued, the missing value included:
 *  the valid ids are 0 to count - 1.
 *  Status: XPI_ERR_INVALID_ARG (NULL, dim out of range).
 *  Thread safety: reads c (\ref xpi_conventions). */
XPI_API int xpi_cube_value_count(const xpi_cube *c, size_t dim, uint32_t *count);

/*! The value of an id ("" for XPI_MISSING). The pointer is valid until the
 *  cube is next modified or freed. Status: XPI_ERR_INVALID_ARG (NULL, dim
 *  out of range, an id not issued).
 *  Thread safety: reads c (\ref xpi_conventions). */
XPI_API int xpi_cube_value(const xpi_cube *c, size_t dim, uint32_t id, const char **value);

/*! A query: which part of a cube to look at and how to analyse it. The
 *  time range and filters select cells; the parameters, set by key so that
 *  new options never change the ABI, steer the analyses that take a query
 *  (breakdowns, series). Filters name dimensions and values by string and
 *  are resolved when the query runs, so one query serves any cube of the
 *  layout. Every function that takes a query accepts NULL for a query
 *  selecting everything with the default parameters. Opaque. */
typedef struct xpi_query xpi_query;

/*! \name Query parameters
 *  Query parameter keys and their defaults (xpi_query_set_param). */
/*! @{ */
#define XPI_QUERY_STAT       1 /*!< XPI_STAT_*, default XPI_STAT_DEFAULT */
#define XPI_QUERY_METHOD     2 /*!< XPI_CI_*, default XPI_CI_DEFAULT */
#define XPI_QUERY_CONFIDENCE 3 /*!< in (0, 1), default 0.95 */
#define XPI_QUERY_ADJUST     4 /*!< XPI_ADJUST_NONE or XPI_ADJUST_*, default XPI_ADJUST_BH */
#define XPI_QUERY_MIN_N      5 /*!< responses below which a segment is flagged, default 30 */
#define XPI_QUERY_WINDOW     6 /*!< periods in a series' rolling window, default 3 */
#define XPI_QUERY_SIGMA      7 /*!< control limits at +- this many standard errors, default 3 */
#define XPI_QUERY_LAMBDA     8 /*!< EWMA weight of the newest period, in (0, 1], default 0.2 */
#define XPI_QUERY_CUSUM_K    9 /*!< CUSUM allowance in standard errors, >= 0, default 0.5 */
#define XPI_QUERY_CUSUM_H    10 /*!< CUSUM decision interval in standard errors, > 0, default 5 */
#define XPI_QUERY_BASELINE   11 /*!< charts' baseline: 0 all periods (default), else the
                                     trailing periods before each one */
#define XPI_QUERY_MIN_SEGMENT 12 /*!< change points: periods with data per segment, default 2 */
#define XPI_QUERY_FALSE_ALARM 13 /*!< change points: the chance of any change in a series
                                      without one, 0.01 to 0.10, default 0.05 */
#define XPI_QUERY_PENALTY    14 /*!< change points: a penalty per change instead (> 0), or 0
                                     for the calibrated one (default) */
/*! @} */

/*! Creates a query selecting everything, with the default parameters.
 *  alloc may be NULL. Statuses: XPI_ERR_INVALID_ARG (out NULL, allocator
 *  without alloc or free), XPI_ERR_NO_MEMORY.
 *  Thread safety: no shared state; the new query is the caller's (\ref xpi_conventions). */
XPI_API int xpi_query_new(xpi_query **out, const xpi_allocator *alloc);
/*! Frees the query; NULL is a no-op. No status.
 *  Thread safety: writes q (\ref xpi_conventions). */
XPI_API void xpi_query_free(xpi_query *q);
/*! Back to everything and the defaults: no time range, no filters,
 *  default parameters. Status: XPI_ERR_INVALID_ARG (q NULL).
 *  Thread safety: writes q (\ref xpi_conventions). */
XPI_API int xpi_query_reset(xpi_query *q);
/*! Selects the time buckets whose start lies in [from, to) (Unix seconds;
 *  with day buckets, pass local midnights). A bucket that starts before
 *  XPI_TIME_MIN (day buckets with a UTC offset) counts as starting at
 *  XPI_TIME_MIN. Statuses: XPI_ERR_INVALID_ARG
 *  (NULL, from >= to, outside [XPI_TIME_MIN, XPI_TIME_MAX + 1]).
 *  Thread safety: writes q (\ref xpi_conventions). */
XPI_API int xpi_query_set_time(xpi_query *q, int64_t from, int64_t to);
/*! Keeps only responses whose dimension dim has the given value (NULL or
 *  "" is the missing value); setting a dimension again replaces its value.
 *  A dimension the cube lacks makes the query fail with
 *  XPI_ERR_INVALID_ARG when it runs; a value the cube has never seen
 *  selects nothing. Statuses: XPI_ERR_INVALID_ARG (NULL, empty dim, a
 *  string over XPI_VALUE_MAX_BYTES, more than XPI_CUBE_MAX_DIMS filters).
 *  Thread safety: writes q (\ref xpi_conventions). */
XPI_API int xpi_query_set_filter(xpi_query *q, const char *dim, const char *value);
/*! Removes the filter on dimension dim, if there is one (a no-op
 *  otherwise); the other filters stay. Statuses: XPI_ERR_INVALID_ARG (q or
 *  dim NULL).
 *  Thread safety: writes q (\ref xpi_conventions). */
XPI_API int xpi_query_clear_filter(xpi_query *q, const char *dim);
/*! Sets a parameter (XPI_QUERY_*; the integer-valued keys STAT, METHOD,
 *  ADJUST, WINDOW, BASELINE and MIN_SEGMENT take whole numbers; MIN_N
 *  takes any finite value >= 0).
 *  Status: XPI_ERR_INVALID_ARG (q NULL, unknown key, value not finite or
 *  out of its range).
 *  Thread safety: writes q (\ref xpi_conventions). */
XPI_API int xpi_query_set_param(xpi_query *q, int32_t key, double value);
/*! Reads a parameter (integer-valued keys give whole numbers).
 *  Status: XPI_ERR_INVALID_ARG (NULL, unknown key).
 *  Thread safety: reads q (\ref xpi_conventions). */
XPI_API int xpi_query_get_param(const xpi_query *q, int32_t key, double *value);

/*! All the selected responses as one new tally (the cube's scale and
 *  allocator), to estimate or compare as any tally. O(cells).
 *  Statuses: XPI_ERR_INVALID_ARG (NULL, a filter on an unknown
 *  dimension), XPI_ERR_OVERFLOW (the selected weight sums overflow),
 *  XPI_ERR_NO_MEMORY.
 *  Thread safety: reads c and q; allocates (\ref xpi_conventions). */
XPI_API int xpi_cube_tally(const xpi_cube *c, const xpi_query *q, xpi_tally **out);

/*! Totals: responses, non-empty cells, and the bytes the cube holds
 *  (allocated capacity, cells, dictionaries). Any output may be NULL.
 *  Status: XPI_ERR_INVALID_ARG (c NULL).
 *  Thread safety: reads c (\ref xpi_conventions). */
XPI_API int xpi_cube_stats(const xpi_cube *c, uint64_t *responses, uint64_t *cells,
                           uint64_t *bytes);

/*! @} */

/* ------------------------------------------------------------------------ */
/* Segment tables: breakdowns, crosstabs, decompositions                    */
/* ------------------------------------------------------------------------ */
/*! \defgroup xpi_grp_tables Segments, series and tables
 *  Analyses of a cube (or of a caller's tallies) that return a table:
 *  breakdowns, crosstabs and decompositions by segment; series over time,
 *  their control charts, change points and events; and the functions that
 *  read tables.
 *  @{ */

/*! The result of a breakdown, crosstab or decomposition: one row per
 *  segment that holds responses in the selection, in value-id order until
 *  sorted, with numeric columns read by key (XPI_COL_*) and table-wide
 *  figures read by key (XPI_TABLE_*), so that new columns never change the
 *  ABI. Estimates are in the statistic's units (points, percent, scale
 *  units) and p-values in [0, 1]; a figure that does not exist for a row
 *  (a comparison where there is no rest, an interval a method cannot give
 *  for that segment) reads as NaN. The table holds copies of its labels
 *  and outlives the cube. Opaque; read-only after creation except for
 *  xpi_table_sort. Formulas and sources: docs/methods.md, "Segments". */
typedef struct xpi_table xpi_table;

/*! \name Columns of breakdowns and crosstabs
 *  Columns of breakdowns and crosstabs (one row per segment or cell). */
/*! @{ */
#define XPI_COL_N            1  /*!< responses */
#define XPI_COL_N_EFF        2  /*!< Kish effective size (n when unweighted) */
#define XPI_COL_SHARE        3  /*!< percent of the selection's weight */
#define XPI_COL_ESTIMATE     4  /*!< xpi_tally_estimate of the segment: value */
#define XPI_COL_SE           5  /*!<   its standard error */
#define XPI_COL_LOWER        6  /*!<   its interval (query's method and confidence) */
#define XPI_COL_UPPER        7  /*!<   its upper end */
#define XPI_COL_REST         8  /*!< the estimate of everyone else in the selection */
#define XPI_COL_DIFF         9  /*!< estimate - rest (series: - the previous period) */
#define XPI_COL_DIFF_LOWER   10 /*!< interval of the difference (xpi_tally_compare's) */
#define XPI_COL_DIFF_UPPER   11 /*!<   its upper end */
#define XPI_COL_STATISTIC    12 /*!< z (t for means) of the test of the difference */
#define XPI_COL_P            13 /*!< its two-sided p-value */
#define XPI_COL_P_ADJ        14 /*!< adjusted across the table (NaN below min n) */
#define XPI_COL_SIGNIFICANT  15 /*!< +1 above the rest, -1 below, 0 not significant */
#define XPI_COL_IMPACT       16 /*!< overall estimate - the estimate without the segment */
#define XPI_COL_SHRUNK       17 /*!< empirical-Bayes estimate for ranking */
#define XPI_COL_FUNNEL_LOWER 18 /*!< funnel-plot control limits at the segment's size */
#define XPI_COL_FUNNEL_UPPER 19 /*!<   the upper limit */
#define XPI_COL_INSUFFICIENT 20 /*!< 1 when n_eff is below the query's min n */
/*! @} */
/*! \name Columns of decompositions
 *  Columns of decompositions (one row per segment present in either period). */
/*! @{ */
#define XPI_COL_N_A          21 /*!< responses in period (or filter) a */
#define XPI_COL_N_B          22 /*!< responses in b */
#define XPI_COL_SHARE_A      23 /*!< percent of a's weight */
#define XPI_COL_SHARE_B      24 /*!< percent of b's weight */
#define XPI_COL_ESTIMATE_A   25 /*!< the segment's estimate in a (NaN when absent) */
#define XPI_COL_ESTIMATE_B   26 /*!< in b */
#define XPI_COL_RATE_EFFECT  27 /*!< the segment's within-segment change, in overall units */
#define XPI_COL_MIX_EFFECT   28 /*!< the segment's change of share, in overall units */
/*! @} */
/*! \name Columns of series
 *  Columns of series (one row per period; also N, N_EFF, ESTIMATE, SE,
 *  LOWER, UPPER, and DIFF to P against the previous period). */
/*! @{ */
#define XPI_COL_PERIOD_START  29 /*!< Unix seconds of the period's first local midnight */
#define XPI_COL_ROLLING       30 /*!< estimate over the window of periods ending here */
#define XPI_COL_ROLLING_LOWER 31 /*!<   its interval */
#define XPI_COL_ROLLING_UPPER 32 /*!<   its upper end */
#define XPI_COL_ROLLING_N     33 /*!<   its responses */
/*! @} */
/*! \name Columns of control charts
 *  Columns of control charts (one row per period; also N, N_EFF, ESTIMATE
 *  and PERIOD_START). */
/*! @{ */
#define XPI_COL_CHART_CENTER     34 /*!< the baseline's estimate */
#define XPI_COL_CHART_LOWER      35 /*!< control limits (CUSUM: NaN and the decision interval h) */
#define XPI_COL_CHART_UPPER      36 /*!<   the upper control limit (CUSUM: h) */
#define XPI_COL_CHART_STATISTIC  37 /*!< the plotted value: the estimate, the EWMA, or C+ */
#define XPI_COL_CHART_STATISTIC2 38 /*!< CUSUM: C-; NaN otherwise */
#define XPI_COL_CHART_SIGNAL     39 /*!< +1 above, -1 below the limits, 0 inside (NaN: no data) */
/*! @} */
/*! \name Columns of change points
 *  Columns of change points (one row per change, labelled by the period
 *  where the new level starts; also PERIOD_START and DIFF = after - before). */
/*! @{ */
#define XPI_COL_LEVEL_BEFORE 40 /*!< the estimate of the segment before the change */
#define XPI_COL_LEVEL_AFTER  41 /*!< and after it */
#define XPI_COL_EVIDENCE     42 /*!< -2 log likelihood ratio: one segment against two
                                     (events: the detector's statistic) */
/*! @} */
/*! \name Columns of events
 *  Columns of events (one row per event, labelled by the period where it
 *  starts; also PERIOD_START, EVIDENCE and P: see xpi_event). */
/*! @{ */
#define XPI_COL_EVENT_KIND      43 /*!< XPI_EVENT_* */
#define XPI_COL_EVENT_DIRECTION 44 /*!< +1 up, -1 down */
#define XPI_COL_MAGNITUDE       45 /*!< see xpi_event */
#define XPI_COL_EVENT_ROW       46 /*!< the series row where it starts */
/*! @} */

/*! \name Table figures: breakdowns and crosstabs
 *  Table-wide figures (xpi_table_figure). Breakdowns and crosstabs: all of
 *  these. Series: N, ESTIMATE, LOWER and UPPER, of the whole selection. */
/*! @{ */
#define XPI_TABLE_N              1  /*!< responses selected */
#define XPI_TABLE_ESTIMATE       2  /*!< overall estimate and interval */
#define XPI_TABLE_LOWER          3  /*!<   the interval's lower end */
#define XPI_TABLE_UPPER          4  /*!<   the interval's upper end */
#define XPI_TABLE_CHI2           5  /*!< chi-square of homogeneity across the rows */
#define XPI_TABLE_CHI2_DF        6  /*!<   its degrees of freedom */
#define XPI_TABLE_CHI2_P         7  /*!<   its p-value (upper tail) */
#define XPI_TABLE_CHI2_DOUBTFUL  8  /*!< 1 when Cochran's rule fails (xpi_chi2_test) */
#define XPI_TABLE_TAU2           9  /*!< between-segment variance (units squared) */
#define XPI_TABLE_TESTED         10 /*!< rows in the adjustment (n_eff >= min n) */
#define XPI_TABLE_SIGNIFICANT    11 /*!< rows flagged significant */
/*! @} */
/*! \name Table figures: decompositions
 *  Decompositions: */
/*! @{ */
#define XPI_TABLE_ESTIMATE_A     12 /*!< overall estimate in a */
#define XPI_TABLE_ESTIMATE_B     13 /*!< in b */
#define XPI_TABLE_CHANGE         14 /*!< b - a = rate effect + mix effect */
#define XPI_TABLE_RATE_EFFECT    15 /*!< sum of the rows' rate effects */
#define XPI_TABLE_MIX_EFFECT     16 /*!< sum of the rows' mix effects */
#define XPI_TABLE_SEGMENTS_UP    17 /*!< segments in both periods whose estimate rose */
#define XPI_TABLE_SEGMENTS_DOWN  18 /*!< and fell */
#define XPI_TABLE_AGAINST_MAJORITY 19 /*!< 1 when the overall change has the sign opposite
                                           to most segments' changes (Simpson's paradox) */
/*! @} */
/*! \name Table figures: control charts, change points and events
 *  Control charts: N (responses), ESTIMATE (the all-period center) and
 *  SIGNALS. Change points: N, SIGNALS and PENALTY. Events: SIGNALS. */
/*! @{ */
#define XPI_TABLE_SIGNALS        20 /*!< periods that signal; changes found (events: events
                                         found) */
#define XPI_TABLE_PENALTY        21 /*!< change points: the penalty per change used */
/*! @} */

/*! Breaks the selected responses down by one dimension: a row per value
 *  with responses. Each segment is compared with the rest of the
 *  selection, not with the total that contains it. The query supplies the
 *  statistic, interval method, confidence, adjustment and min n:
 *  - estimate, interval: xpi_tally_estimate of the segment's responses;
 *  - rest comparison: the difference and its interval as xpi_tally_compare
 *    (segment, rest); the test is the pooled z test for nets and shares
 *    (the variance of one response pooled over segment and rest: does the
 *    segment look like a random part of the selection?) and Welch's t test
 *    for means (z with WALD);
 *  - adjustment: the query's method across the rows whose n_eff reaches
 *    min n; rows below it are flagged insufficient and not tested
 *    (P_ADJ NaN, SIGNIFICANT 0); significant: adjusted p below
 *    1 - confidence;
 *  - impact: overall estimate minus the estimate of the rest;
 *  - shrunk: overall + tau^2 / (tau^2 + v_i) (estimate - overall), with
 *    v_i = V / n_eff_i, V the variance of one response in the selection,
 *    and tau^2 the method-of-moments between-segment variance
 *    (DerSimonian & Laird 1986); funnel limits overall +- z sqrt(v_i)
 *    (Spiegelhalter 2005), clipped to the statistic's range;
 *  - the table's chi-square test of homogeneity over the bands (nets and
 *    shares) or every score point (means), as xpi_tally_chi2; NaN when
 *    fewer than two rows or categories hold responses.
 *  O(cells + rows log rows); allocates through the cube's allocator.
 *  Statuses: XPI_ERR_INVALID_ARG (NULL, dim out of range, a filter on an
 *  unknown dimension), XPI_ERR_NOT_APPLICABLE (method not applicable to
 *  the statistic; BOOTSTRAP and BAYES), XPI_ERR_NOT_ENOUGH_DATA (nothing
 *  selected), XPI_ERR_OVERFLOW (weight sums), XPI_ERR_NO_MEMORY. On error
 *  *out is unchanged.
 *  Thread safety: reads c and q; allocates (\ref xpi_conventions). */
XPI_API int xpi_cube_breakdown(const xpi_cube *c, size_t dim, const xpi_query *q,
                               xpi_table **out);

/*! The same over the cells of two dimensions (dim_a x dim_b, rows for the
 *  pairs that hold responses): each cell against its complement, the
 *  adjustment across the whole table. Statuses: as xpi_cube_breakdown,
 *  XPI_ERR_INVALID_ARG also for dim_a == dim_b. Each row has two labels
 *  (xpi_table_label key 0 for dim_a, 1 for dim_b).
 *  Thread safety: reads c and q; allocates (\ref xpi_conventions). */
XPI_API int xpi_cube_crosstab(const xpi_cube *c, size_t dim_a, size_t dim_b,
                              const xpi_query *q, xpi_table **out);

/*! Splits the change of the overall estimate from selection a to
 *  selection b (two time ranges, or two filters) into rate effects (change
 *  within segments of dimension dim) and mix effects (change in the
 *  segments' shares of weight), symmetrically (Kitagawa 1955; Das Gupta
 *  1993): with shares W and segment estimates r,
 *    rate_i = (W_a,i + W_b,i) / 2 (r_b,i - r_a,i),
 *    mix_i  = ((r_a,i + r_b,i) / 2 - (R_a + R_b) / 2) (W_b,i - W_a,i),
 *  so that the rows add up to the change R_b - R_a of the overall
 *  estimates (mix_i is centred on the mean overall estimate, which changes
 *  no total because the share changes sum to 0, so that a segment
 *  scoring like the whole has no mix effect). A segment present in one
 *  selection only takes the estimate it has in the other (rate effect 0):
 *  its arrival or departure is all mix. The statistic comes from a's
 *  query; b's parameters are ignored.
 *  Statuses: as xpi_cube_breakdown; XPI_ERR_NOT_ENOUGH_DATA when either
 *  selection is empty. Allocates through the cube's allocator.
 *  Thread safety: reads c, a and b; allocates (\ref xpi_conventions). */
XPI_API int xpi_cube_decompose(const xpi_cube *c, size_t dim, const xpi_query *a,
                               const xpi_query *b, xpi_table **out);

/*! \name Calendar periods
 *  Calendar periods of a series (proleptic Gregorian, in the cube's local
 *  time: its fixed UTC offset). Weeks are ISO 8601 weeks, Monday to
 *  Sunday, labelled by ISO year and week ("2026-W01"). */
/*! @{ */
#define XPI_PERIOD_DAY     1 /*!< "2026-03-14" */
#define XPI_PERIOD_WEEK    2 /*!< "2026-W11" */
#define XPI_PERIOD_MONTH   3 /*!< "2026-03" */
#define XPI_PERIOD_QUARTER 4 /*!< "2026-Q1" */
#define XPI_PERIOD_YEAR    5 /*!< "2026" */
/*! @} */
/*! Longest series a call builds, in periods. */
#define XPI_SERIES_MAX_PERIODS 1000000

/*! The selected responses as a series: a table with a row per period, in
 *  time order, labelled as above, from the first to the last period of the
 *  query's time range when one is set (periods holding its first and last
 *  second), else of the data. Periods without responses are rows with
 *  N = 0 and NaN figures, never dropped. Per row: PERIOD_START, N, N_EFF,
 *  ESTIMATE, SE, LOWER, UPPER (xpi_tally_estimate of the period), DIFF,
 *  DIFF_LOWER, DIFF_UPPER, STATISTIC, P (xpi_tally_compare of the period
 *  against the previous one, when both hold data), and ROLLING,
 *  ROLLING_LOWER, ROLLING_UPPER, ROLLING_N over the window of
 *  XPI_QUERY_WINDOW periods ending at the row (NaN until a full window).
 *  Figures: N, ESTIMATE, LOWER, UPPER of the whole selection. The query
 *  supplies statistic, method, confidence and window. Cost: O(cells +
 *  periods x window); with the default method for nets each period-on-
 *  period test is a root search (tens of microseconds).
 *  Statuses: XPI_ERR_INVALID_ARG (NULL, unknown period, a filter on an
 *  unknown dimension), XPI_ERR_NOT_APPLICABLE (method), XPI_ERR_NOT_ENOUGH_DATA
 *  (every period empty), XPI_ERR_OVERFLOW (more than XPI_SERIES_MAX_PERIODS
 *  periods; weight sums), XPI_ERR_NO_MEMORY. Allocates through the cube's
 *  allocator.
 *  Thread safety: reads c and q; allocates (\ref xpi_conventions). */
XPI_API int xpi_cube_series(const xpi_cube *c, const xpi_query *q, int32_t period,
                            xpi_table **out);

/*! The same from a caller's tallies, one per period in time order (NULL or
 *  empty tallies are periods without data), all of one scale; rows are
 *  labelled "1", "2"... and PERIOD_START is NaN. Allocates through
 *  tallies' first non-NULL allocator. Statuses: as xpi_cube_series,
 *  XPI_ERR_SCALE_MISMATCH for tallies of different scales.
 *  Thread safety: reads the tallies and q; allocates (\ref xpi_conventions). */
XPI_API int xpi_series_from_tallies(const xpi_tally *const *tallies, size_t count,
                                    const xpi_query *q, xpi_table **out);

/*! \name Control charts
 *  Control charts of a series (docs/methods.md, "Control charts"). */
/*! @{ */
#define XPI_CHART_SHEWHART 1 /*!< each period against center +- sigma sqrt(V / n_t) */
#define XPI_CHART_EWMA     2 /*!< exponentially weighted moving average, variable n */
#define XPI_CHART_CUSUM    3 /*!< two-sided tabular CUSUM in standard-error units */
/*! @} */

/*! A control chart of a series (from xpi_cube_series or
 *  xpi_series_from_tallies), on the series' statistic. The baseline
 *  (XPI_QUERY_BASELINE: all periods with data, or the given number of
 *  periods before each one) gives the center, the pooled estimate, and V,
 *  the variance of one response in it (as xpi_tally_estimate's standard
 *  error squared times the size); n_t is a period's size (n_eff when
 *  weighted). Shewhart: limits center +- sigma sqrt(V / n_t) (the qcc
 *  p-chart with variable limits). EWMA: z_t = lambda y_t + (1 - lambda)
 *  z_(t-1) from z_0 = center, with the exact variance of z_t for varying
 *  n_t, v_t = lambda^2 V / n_t + (1 - lambda)^2 v_(t-1) (qcc's formula when
 *  n is constant); limits center +- sigma sqrt(v_t). CUSUM: z_t = (y_t -
 *  center) / sqrt(V / n_t), C+_t = max(0, C+_(t-1) + z_t - k), C-_t =
 *  max(0, C-_(t-1) - z_t - k), signal when either exceeds h. Periods without
 *  data, and periods whose baseline has no variance (V = 0: every response
 *  alike) or none yet (a trailing baseline's first period), are skipped
 *  (NaN rows; the charts carry over). Figures: N, SIGNALS, and ESTIMATE,
 *  the all-period center (NaN with a trailing baseline). Parameters from the
 *  query: sigma, lambda, k, h, baseline; its statistic and method are not
 *  used (the series' are). Statuses: XPI_ERR_INVALID_ARG (NULL, a table
 *  that is not a series, unknown chart), XPI_ERR_NO_MEMORY. Allocates
 *  through the series table's allocator.
 *  Thread safety: reads series and q; allocates (\ref xpi_conventions). */
XPI_API int xpi_series_chart(const xpi_table *series, int32_t chart, const xpi_query *q,
                             xpi_table **out);

/*! Change points of a series: the segmentation of its periods with data
 *  that minimizes the sum of each segment's multinomial cost,
 *  -2 sum_j N_j log(N_j / N) over the three bands (nets and shares) or every
 *  score point (means), plus a penalty per change, found exactly (optimal
 *  partitioning with PELT's pruning; Killick, Fearnhead & Eckley 2012),
 *  segments of at least XPI_QUERY_MIN_SEGMENT periods with data. The
 *  penalty is XPI_QUERY_PENALTY, or by default the one calibrated by
 *  simulation (tools/calibrate_changes.c) so that a series without any
 *  change shows one with probability XPI_QUERY_FALSE_ALARM (docs/methods.md
 *  "Change points": the table's range and how it is interpolated). Weighted
 *  periods enter with effective counts (shares times n_eff). One row per
 *  change; no rows when the series has none (or fewer than two minimum
 *  segments of data). Cost O(periods) with pruning when changes recur,
 *  O(periods^2) at worst. Statuses: XPI_ERR_INVALID_ARG (NULL, a table
 *  that is not a series), XPI_ERR_NO_MEMORY. Allocates through the series
 *  table's allocator.
 *  Thread safety: reads series and q; allocates (\ref xpi_conventions). */
XPI_API int xpi_series_changes(const xpi_table *series, const xpi_query *q, xpi_table **out);

/*! \name Event kinds
 *  What a series did. */
/*! @{ */
#define XPI_EVENT_SPIKE 1 /*!< one period above the rest of its segment */
#define XPI_EVENT_DIP   2 /*!< one period below it */
#define XPI_EVENT_SHIFT 3 /*!< a sustained change of level (a change point) */
#define XPI_EVENT_TREND 4 /*!< a monotone drift in a series without shifts */
/*! @} */

/*! One event. Layout frozen. */
typedef struct xpi_event {
    int32_t kind;        /*!< XPI_EVENT_* */
    int32_t direction;   /*!< +1 up, -1 down */
    size_t row;          /*!< the series row where it starts */
    double period_start; /*!< Unix seconds of that period (NaN for series from tallies) */
    double magnitude;    /*!< in the statistic's units: SPIKE/DIP the period minus the rest
                              of its segment; SHIFT level after minus before; TREND Sen's
                              slope per period */
    double evidence;     /*!< SPIKE/DIP the test's z (t for means), SHIFT the likelihood
                              ratio, TREND the Mann-Kendall z */
    double p_value;      /*!< SPIKE/DIP and TREND the unadjusted p; NaN for SHIFT */
} xpi_event;

/*! Receives each event of xpi_series_events, in time order. It is called
 *  on the thread that called xpi_series_events, before that returns and
 *  only when it succeeds; event points to a copy valid during the call
 *  only, and user_data is xpi_series_events' argument. It returns 0 to go
 *  on, anything else to stop the deliveries (a binding whose callback
 *  failed); the call still succeeds, with every event in its table. */
typedef int (*xpi_event_fn)(const xpi_event *event, void *user_data);

/*! Runs the detectors on a series and classifies what they find
 *  (docs/methods.md, "Events"): SHIFT for each change point (with the
 *  query's minimum segment); SPIKE or DIP for a period that differs from
 *  the rest of its segment (segments from the change points; the pooled z
 *  test, Welch's t for means); TREND when a series without shifts drifts
 *  (Mann-Kendall with Hamed and Rao's correction; Sen's slope). The
 *  false-alarm rate of the whole call, XPI_QUERY_FALSE_ALARM (default
 *  0.05), is split: 30% to change points, 50% to the periods (Bonferroni
 *  over those with data), 15% to the trend, 5% kept in hand (the change
 *  points' calibration is asymptotic), so that a series without any change
 *  raises an event with at most that probability. Isolated
 *  blips (a period apart from both its neighbourhoods) are set aside while
 *  the change points are sought, so that a one-period dip is a DIP, not
 *  two shifts. A spike in the newest period is reported as soon as it
 *  happens (it cannot yet be told from the start of a shift). Events come
 *  in a table in time order (xpi_table_event reads one as a struct) and,
 *  when callback is not NULL, are passed to it one by one before the call
 *  returns. Statuses: XPI_ERR_INVALID_ARG (NULL series or out; a
 *  table that is not a series), XPI_ERR_NO_MEMORY. Allocates through the
 *  series table's allocator.
 *  Thread safety: reads series and q; allocates (\ref xpi_conventions). */
XPI_API int xpi_series_events(const xpi_table *series, const xpi_query *q,
                              xpi_event_fn callback, void *user_data, xpi_table **out);

/*! Reads event row of an events table (in its current order) as a struct.
 *  Status: XPI_ERR_INVALID_ARG (NULL, a table that is not an events table,
 *  row out of range).
 *  Thread safety: reads events (\ref xpi_conventions). */
XPI_API int xpi_table_event(const xpi_table *events, size_t row, xpi_event *out);

/*! Frees the table through its allocator; NULL is a no-op. No status.
 *  Thread safety: writes t (\ref xpi_conventions). */
XPI_API void xpi_table_free(xpi_table *t);
/*! The number of rows. Status: XPI_ERR_INVALID_ARG (t or rows NULL).
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_table_rows(const xpi_table *t, size_t *rows);

/*! \name Table kinds
 *  What made a table (xpi_table_kind), which fixes its columns and figures
 *  (listed with each analysis). */
/*! @{ */
#define XPI_TABLE_KIND_BREAKDOWN 1 /*!< xpi_cube_breakdown and xpi_cube_crosstab */
#define XPI_TABLE_KIND_DECOMPOSE 2 /*!< xpi_cube_decompose */
#define XPI_TABLE_KIND_SERIES    3 /*!< xpi_cube_series and xpi_series_from_tallies */
#define XPI_TABLE_KIND_CHART     4 /*!< xpi_series_chart */
#define XPI_TABLE_KIND_CHANGES   5 /*!< xpi_series_changes */
#define XPI_TABLE_KIND_EVENTS    6 /*!< xpi_series_events */
/*! @} */

/*! The table's kind (XPI_TABLE_KIND_*) and the number of label keys of its
 *  rows (xpi_table_label's keys: 2 for a crosstab, 1 for every other
 *  table). Either output may be NULL. Status:
 *  XPI_ERR_INVALID_ARG (t NULL).
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_table_kind(const xpi_table *t, int32_t *kind, size_t *keys);
/*! A row's value of dimension key (0; 0 or 1 in a crosstab): its label
 *  ("" for the missing value; valid while the table lives) and its id in
 *  the cube. Either output may be NULL. Status: XPI_ERR_INVALID_ARG (t
 *  NULL, row or key out of range).
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_table_label(const xpi_table *t, size_t row, size_t key, const char **label,
                            uint32_t *id);
/*! A row's column. Statuses: XPI_ERR_INVALID_ARG (NULL, row out of range,
 *  unknown column), XPI_ERR_NOT_APPLICABLE (a column of another kind of
 *  table). Units: those of the column (see XPI_COL_*); NaN where the
 *  figure does not exist for the row.
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_table_get(const xpi_table *t, size_t row, int32_t column, double *value);
/*! A table-wide figure (XPI_TABLE_*). Statuses: XPI_ERR_INVALID_ARG (NULL,
 *  unknown key), XPI_ERR_NOT_APPLICABLE (a figure of another kind of
 *  table).
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_table_figure(const xpi_table *t, int32_t key, double *value);
/*! Orders the rows by a column, descending or ascending; ties keep value-id
 *  order and NaN sorts last. O(rows log rows), no allocation.
 *  descending is nonzero for descending order. The order is that of every
 *  later row read (labels, columns, events).
 *  Statuses: XPI_ERR_INVALID_ARG (t NULL, unknown column),
 *  XPI_ERR_NOT_APPLICABLE (a column of another kind of table).
 *  Thread safety: writes t (\ref xpi_conventions). */
XPI_API int xpi_table_sort(xpi_table *t, int32_t column, int32_t descending);

/*! @} */

/* ------------------------------------------------------------------------ */
/* Resampling and Bayesian intervals                                         */
/* ------------------------------------------------------------------------ */
/*! \defgroup xpi_grp_resampling Resampling and Bayesian intervals
 *  Bootstrap and Dirichlet-posterior intervals drawn from the tally itself,
 *  reproducible from a seed. The random numbers come from xoshiro256**
 *  (Blackman & Vigna 2018) seeded by splitmix64, one stream per call: there
 *  is no global generator (docs/methods.md, "Bootstrap and Bayes").
 *  @{ */

/*! \name Bootstrap interval kinds
 *  Bootstrap interval kinds. */
/*! @{ */
#define XPI_BOOT_PERCENTILE 1 /*!< quantiles of the replicates (Efron 1979) */
#define XPI_BOOT_BCA        2 /*!< bias-corrected and accelerated (Efron 1987) */
/*! @} */

/*! \name Defaults of XPI_CI_BOOTSTRAP and XPI_CI_BAYES
 *  What xpi_tally_estimate uses for XPI_CI_BOOTSTRAP and XPI_CI_BAYES. */
/*! @{ */
#define XPI_BOOTSTRAP_REPLICATES 2000  /*!< bootstrap replicates (BCa) */
#define XPI_BAYES_DRAWS          10000 /*!< posterior draws (Jeffreys prior 1/2) */
#define XPI_DEFAULT_SEED         1     /*!< the seed of both */
/*! @} */

/*! Bootstrap interval of a statistic, drawn from the tally itself: each
 *  replicate resamples n responses by one multinomial draw over the score
 *  points (O(scale points) per replicate, whatever n), and recomputes the
 *  statistic. Weighted tallies resample responses with their point's mean
 *  weight (docs/methods.md). Quantiles interpolate linearly between order
 *  statistics. value and se are xpi_tally_estimate's (raw estimate,
 *  plug-in SE). The same seed gives the same interval, bit for bit, on
 *  one platform. 10 <= replicates <= 10^8; allocates replicates doubles
 *  through the tally's allocator.
 *  Statuses: XPI_ERR_INVALID_ARG (NULL, unknown stat or kind, replicates
 *  out of range, bad confidence), XPI_ERR_NOT_ENOUGH_DATA (empty tally; a
 *  mean from one response), XPI_ERR_NO_MEMORY. Units: as
 *  xpi_tally_estimate; n and n_eff are the tally's.
 *  Thread safety: reads t; allocates (\ref xpi_conventions). */
XPI_API int xpi_tally_bootstrap(const xpi_tally *t, int32_t stat, int32_t kind,
                                uint32_t replicates, uint64_t seed, double confidence,
                                xpi_estimate *out);

/*! \name Posterior categories
 *  Categories of the Dirichlet posterior. */
/*! @{ */
#define XPI_BAYES_BANDS 0 /*!< low, middle, high band (net and proportions) */
#define XPI_BAYES_SCALE 1 /*!< every score point (any statistic) */
/*! @} */

/*! Bayesian equal-tailed credible interval: the category counts c get the
 *  posterior Dirichlet(c + prior) (prior 1/2 is Jeffreys'), the statistic
 *  is computed for each of draws posterior draws, and the interval is the
 *  draws' alpha/2 and 1 - alpha/2 quantiles. Weighted tallies use their
 *  weighted shares times n_eff as counts. value and se are
 *  xpi_tally_estimate's. 10 <= draws <= 10^8; allocates draws doubles
 *  through the tally's allocator. A mean needs XPI_BAYES_SCALE.
 *  Statuses: XPI_ERR_INVALID_ARG (NULL, unknown stat or categories, prior
 *  outside (0, 10^6], draws out of range, bad confidence),
 *  XPI_ERR_NOT_APPLICABLE (a mean over bands), XPI_ERR_NOT_ENOUGH_DATA
 *  (empty tally; a mean from one response, which has no plug-in SE),
 *  XPI_ERR_NO_MEMORY. Units: as xpi_tally_estimate. The posterior draws
 *  are normalized gamma variates (Marsaglia & Tsang 2000).
 *  Thread safety: reads t; allocates (\ref xpi_conventions). */
XPI_API int xpi_tally_bayes(const xpi_tally *t, int32_t stat, int32_t categories, double prior,
                            uint32_t draws, uint64_t seed, double confidence,
                            xpi_estimate *out);

/*! The posterior probability that group a's statistic is above group b's
 *  (ties count half), by draws paired draws from the two Dirichlet
 *  posteriors as in xpi_tally_bayes. Allocates O(scale points) through a's
 *  allocator.
 *  Statuses: as xpi_tally_bayes (confidence aside; one response is
 *  enough, the posterior exists), and XPI_ERR_SCALE_MISMATCH. The result
 *  is a probability in [0, 1], reproducible from the seed like
 *  xpi_tally_bayes.
 *  Thread safety: reads a and b; allocates (\ref xpi_conventions). */
XPI_API int xpi_tally_prob_greater(const xpi_tally *a, const xpi_tally *b, int32_t stat,
                                   int32_t categories, double prior, uint32_t draws,
                                   uint64_t seed, double *probability);

/*! @} */

/* ------------------------------------------------------------------------ */
/* Comparisons: is a difference real?                                        */
/* ------------------------------------------------------------------------ */
/*! \defgroup xpi_grp_compare Comparisons
 *  Is a difference real? Two groups, a group against a target, and tests
 *  on the whole distribution of scores.
 *  @{ */

/*! A difference with its interval and its test. Layout frozen. */
typedef struct xpi_comparison {
    double difference;  /*!< a - b (or value - target), same units as xpi_estimate.value */
    double lower;       /*!< interval of the difference, same units */
    double upper;       /*!< upper end of that interval, same units */
    double se;          /*!< plug-in standard error of the difference, same units */
    double statistic;   /*!< z or t (see the function) */
    double df;          /*!< degrees of freedom; NaN when the test has none (z tests) */
    double p_value;     /*!< two-sided */
} xpi_comparison;

/*! Compares a statistic between two independent groups: a and b are
 *  tallies of the same scale (xpi_tally_merge's rule). difference is the
 *  raw estimate of a minus the raw estimate of b; the interval and the test
 *  depend on the statistic and the method (formulas and sources in
 *  docs/methods.md, "Two groups"):
 *
 *  Net (XPI_STAT_NET, points):
 *   WALD:          SE = sqrt(Var_a / n_a + Var_b / n_b), z = difference / SE,
 *                  interval difference +/- z(conf) SE.
 *   ADJUSTED_WALD: the same with each group's adjusted counts (n + 3,
 *                  +0.75 promoters and detractors); z and the interval are
 *                  centred on the adjusted difference.
 *   SCORE:         MOVER / Newcombe hybrid built from the two Tango score
 *                  intervals; the p-value is the smallest 1 - confidence at
 *                  which that interval excludes 0 (test inversion), and the
 *                  statistic is the signed z with that p-value.
 *   DEFAULT:       as SCORE, from each group's default (corrected Tango)
 *                  interval.
 *  Proportions (XPI_STAT_TOP, _BOTTOM, percent): the test is the pooled
 *  two-proportion z test for every method; the interval is Wald (WALD),
 *  Agresti-Caffo (ADJUSTED_WALD), Newcombe's hybrid score interval from
 *  Wilson intervals (SCORE, DEFAULT), or the same hybrid from
 *  Clopper-Pearson (CLOPPER_PEARSON) or Jeffreys (JEFFREYS) intervals.
 *  Means (XPI_STAT_MEAN): Welch's t test with Satterthwaite degrees of
 *  freedom for DEFAULT, T and WALD alike (WALD uses the normal quantile for
 *  the interval and p-value); other methods are not applicable.
 *  Weighted tallies use the linearization variances and, where a method
 *  needs counts, the Kish effective sizes (docs/methods.md).
 *  BOOTSTRAP and BAYES are not applicable here: xpi_tally_prob_greater
 *  gives the Bayesian answer.
 *
 *  Statuses: XPI_ERR_INVALID_ARG (NULL, unknown stat or method, bad
 *  confidence), XPI_ERR_SCALE_MISMATCH, XPI_ERR_NOT_APPLICABLE,
 *  XPI_ERR_NOT_ENOUGH_DATA (an empty group; a mean from fewer than two
 *  responses). A zero standard error is a defined test, not an error:
 *  statistic 0 and p 1 without a difference, +-infinity and p 0 with one.
 *  On error *out is unchanged. No allocation.
 *  Thread safety: reads a and b (\ref xpi_conventions). */
XPI_API int xpi_tally_compare(const xpi_tally *a, const xpi_tally *b, int32_t stat,
                              int32_t method, double confidence, xpi_comparison *out);

/*! Tests one group's statistic against a fixed target (a benchmark NPS of
 *  30 points, a CSAT goal of 85 percent), in the statistic's units.
 *  difference = value - target; the interval is xpi_tally_estimate's
 *  interval minus target, and the test is the one that interval inverts:
 *  Net: WALD z with the observed variance; ADJUSTED_WALD z on the adjusted
 *  counts; SCORE Tango's score statistic T(target); DEFAULT the same scaled
 *  by sqrt((n - 1) / n), the default interval's variance correction.
 *  Proportions: WALD z with the observed variance; ADJUSTED_WALD z on the
 *  Agresti-Coull counts; SCORE and DEFAULT the score z with the null
 *  variance target (1 - target) / n (Wilson's test); CLOPPER_PEARSON the
 *  exact binomial test, p = min(1, 2 min(P(X <= x), P(X >= x))), statistic
 *  NaN; JEFFREYS twice the smaller Beta(x + 1/2, n - x + 1/2) posterior tail
 *  at the target, statistic NaN.
 *  Means: one-sample t (DEFAULT, T) with n - 1 (weighted: n_eff - 1)
 *  degrees of freedom, or z (WALD).
 *  Statuses: as xpi_tally_compare; XPI_ERR_INVALID_ARG also for a target
 *  that is not finite or outside the statistic's range. On error *out is
 *  unchanged.
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_tally_test_value(const xpi_tally *t, int32_t stat, int32_t method,
                                 double target, double confidence, xpi_comparison *out);

/*! A test on the whole distribution of scores. Layout frozen. */
typedef struct xpi_chi2_test {
    double statistic;       /*!< Pearson's X^2 (no continuity correction) */
    double df;              /*!< (groups - 1) (categories - 1) */
    double p_value;         /*!< upper tail of chi-square(df) */
    double min_expected;    /*!< the smallest expected count */
    double small_share;     /*!< share of cells whose expected count is below 5 */
    int32_t small_expected; /*!< 1 when Cochran's (1954) rule fails (an expected count
                                 below 1, or more than 20% below 5): the chi-square
                                 approximation is then doubtful */
    int32_t categories;     /*!< categories compared (categories empty in every group
                                 are dropped) */
} xpi_chi2_test;

/*! \name Chi-square categories
 *  Categories for xpi_tally_chi2: the low, middle and high bands, or every
 *  score point. */
/*! @{ */
#define XPI_CHI2_BANDS 0 /*!< the low, middle and high bands (3 categories) */
#define XPI_CHI2_SCALE 1 /*!< every score point of the scale */
/*! @} */

/*! Chi-square test of homogeneity: do count >= 2 groups (tallies of the same
 *  scale) share one distribution over the categories? X^2 = sum (O - E)^2 / E
 *  with E = row total * column total / grand total (Pearson 1900; scipy's
 *  chi2_contingency with correction=False). Weighted groups enter with
 *  their weighted shares times n_eff (docs/methods.md). A small-expected
 *  warning is a flag in the result, not a status.
 *  Allocates one double per category through tallies[0]'s allocator.
 *  Statuses: XPI_ERR_INVALID_ARG (NULL, count < 2, unknown categories),
 *  XPI_ERR_SCALE_MISMATCH, XPI_ERR_NOT_ENOUGH_DATA (an empty group, or
 *  fewer than two non-empty categories), XPI_ERR_NO_MEMORY.
 *  Thread safety: reads the tallies; allocates (\ref xpi_conventions). */
XPI_API int xpi_tally_chi2(const xpi_tally *const *tallies, size_t count, int32_t categories,
                           xpi_chi2_test *out);

/*! A rank test of two groups. Layout frozen. */
typedef struct xpi_rank_test {
    double u;         /*!< Mann-Whitney U of a: pairs (a-response, b-response) where a
                           scores higher, plus half the tied pairs */
    double auc;       /*!< U / (n_a n_b): P(a > b) + P(a = b) / 2, the probability that a
                           random a-response beats a random b-response (0.5: no shift) */
    double statistic; /*!< z with tie and continuity corrections, sign of U - n_a n_b / 2 */
    double p_value;   /*!< two-sided, normal approximation */
} xpi_rank_test;

/*! Mann-Whitney U test (Mann & Whitney 1947) of an ordinal shift between
 *  two groups of the same scale, computed from the counts in O(scale
 *  points): ties are whole score points, so the tie-corrected variance
 *  n_a n_b / 12 ((n + 1) - sum (t^3 - t) / (n (n - 1))) and the continuity
 *  correction 0.5 apply (scipy's mannwhitneyu, method 'asymptotic').
 *  Weighted groups enter with their weighted shares times n_eff. When
 *  every response has the same score there is no variance: statistic 0,
 *  p 1. Statuses: XPI_ERR_INVALID_ARG, XPI_ERR_SCALE_MISMATCH,
 *  XPI_ERR_NOT_ENOUGH_DATA (an empty group). No allocation.
 *  Thread safety: reads a and b (\ref xpi_conventions). */
XPI_API int xpi_tally_mann_whitney(const xpi_tally *a, const xpi_tally *b,
                                   xpi_rank_test *out);

/*! @} */

/* ------------------------------------------------------------------------ */
/* Multiple comparisons                                                      */
/* ------------------------------------------------------------------------ */
/*! \defgroup xpi_grp_adjust Multiple comparisons
 *  p-value adjustments for many tests at once.
 *  @{ */

/*! \name Adjustment methods
 *  p-value adjustments for testing many hypotheses at once (m = n tests,
 *  p_(1) <= ... <= p_(m) the sorted p-values; the adjusted value of the
 *  k-th smallest):
 *  - BONFERRONI: min(1, m p)                         (family-wise error)
 *  - HOLM:       max_{j<=k} min(1, (m - j + 1) p_(j)) (Holm 1979; FWER)
 *  - HOCHBERG:   min_{j>=k} min(1, (m - j + 1) p_(j)) (Hochberg 1988; FWER,
 *                independent or positively dependent tests)
 *  - BH:         min_{j>=k} min(1, m p_(j) / j)      (Benjamini & Hochberg
 *                1995; false discovery rate)
 *  - BY:         BH times c(m) = sum_{i=1..m} 1/i    (Benjamini & Yekutieli
 *                2001; FDR under any dependence) */
/*! @{ */
#define XPI_ADJUST_NONE       0 /*!< raw p-values (queries only) */
#define XPI_ADJUST_BONFERRONI 1 /*!< Bonferroni: controls the family-wise error rate */
#define XPI_ADJUST_HOLM       2 /*!< Holm's step-down (1979): family-wise error rate */
#define XPI_ADJUST_HOCHBERG   3 /*!< Hochberg's step-up (1988): family-wise error rate,
                                     independent or positively dependent tests */
#define XPI_ADJUST_BH         4 /*!< Benjamini-Hochberg (1995): false discovery rate */
#define XPI_ADJUST_BY         5 /*!< Benjamini-Yekutieli (2001): false discovery rate
                                     under any dependence */
/*! @} */

/*! Writes the adjusted p-values of p[0..n-1] to adjusted[0..n-1], in the
 *  input's order (adjusted may be p itself). Matches statsmodels'
 *  multipletests. O(n log n); the step-wise methods allocate n indices
 *  through alloc (NULL: the C library's; BONFERRONI allocates nothing).
 *  Statuses: XPI_ERR_INVALID_ARG (NULL, n = 0, unknown method, a p-value
 *  that is NaN or outside [0, 1]; adjusted is then unchanged),
 *  XPI_ERR_NO_MEMORY. XPI_ADJUST_NONE is not accepted here.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API int xpi_p_adjust(const double *p, size_t n, int32_t method, double *adjusted,
                         const xpi_allocator *alloc);

/*! @} */

/* ------------------------------------------------------------------------ */
/* Trends                                                                    */
/* ------------------------------------------------------------------------ */
/*! \defgroup xpi_grp_trend Trends
 *  Trend tests and slopes of a series of values, one per period (such as
 *  a series table's ESTIMATE column): Mann-Kendall, Sen's slope and a
 *  weighted least-squares slope.
 *  @{ */

/*! A Mann-Kendall trend test. Layout frozen. */
typedef struct xpi_trend_test {
    double n;       /*!< points used (NaN values are gaps) */
    double s;       /*!< S = sum over pairs i < j of sign(y_j - y_i) */
    double var_s;   /*!< variance of S without trend, corrected for ties */
    double z;       /*!< (S - sign S) / sqrt(var_s), 0 when S = 0 */
    double p_value; /*!< two-sided, normal */
    double tau;     /*!< S / (n (n - 1) / 2), Kendall's tau-a */
} xpi_trend_test;

/*! \name Mann-Kendall variants
 *  Mann-Kendall variants. */
/*! @{ */
#define XPI_MK_ORIGINAL  0 /*!< the plain test */
#define XPI_MK_HAMED_RAO 1 /*!< Var S corrected for autocorrelation (Hamed & Rao 1998) */
#define XPI_MK_SEASONAL  2 /*!< sums over seasons (Hirsch, Slack & Smith 1982) */
/*! @} */

/*! Mann-Kendall test (Mann 1945; Kendall 1975) of values[0..count-1] in
 *  time order (NaN = a period without data, skipped), with the
 *  tie-corrected variance Var S = [n(n-1)(2n+5) - sum over groups of t
 *  tied values t(t-1)(2t+5)] / 18 (docs/methods.md, "Mann-Kendall and
 *  Sen's slope"). O(n log n): S by
 *  counting inversions with a merge sort (Knight 1966).
 *  XPI_MK_HAMED_RAO scales Var S by Hamed & Rao's factor from the
 *  significant autocorrelations of the ranks of the series detrended with
 *  Sen's slope (pymannkendall's hamed_rao_modification_test; O(n log n)
 *  by FFT). XPI_MK_SEASONAL (seasons >= 2, e.g. 12 for months) adds up S,
 *  Var S and the pairs of each season's subseries (values[s],
 *  values[s + seasons], ...), so that a seasonal pattern is not taken for a
 *  trend; tau is S over the pairs within seasons and n the values used.
 *  seasons must be 0 for the other variants. Allocates O(n) through alloc
 *  (NULL: the C library's).
 *  Statuses: XPI_ERR_INVALID_ARG (NULL, unknown variant, bad seasons, an
 *  infinite value), XPI_ERR_NOT_ENOUGH_DATA (fewer than two values; no
 *  season with two), XPI_ERR_NO_MEMORY.
 *  Thread safety: no shared state; allocates through alloc (\ref xpi_conventions). */
XPI_API int xpi_mann_kendall(const double *values, size_t count, int32_t variant,
                             size_t seasons, const xpi_allocator *alloc, xpi_trend_test *out);

/*! Sen's slope of a series. Layout frozen. */
typedef struct xpi_slope {
    double n;         /*!< points used */
    double slope;     /*!< median of (y_j - y_i) / (j - i) over pairs, per period */
    double lower;     /*!< its interval at the confidence (Sen 1968) */
    double upper;     /*!< the interval's upper end, per period */
    double intercept; /*!< median(y) - slope median(index) */
} xpi_slope;

/*! Sen's (1968) slope (the Theil-Sen estimator) of values[0..count-1],
 *  index = period, NaN = a gap (skipped; the periods between still count
 *  in the slopes), with Sen's rank interval, its ranks rounded as scipy's
 *  theilslopes rounds them: the median of the n(n-1)/2 pairwise slopes,
 *  per period, in the values' units. With seasons >= 2, the seasonal
 *  Kendall slope (Hirsch, Slack & Smith 1982): the median of the slopes
 *  between values of the same season only (values[s], values[s + seasons],
 *  ...; still per period: times seasons for per cycle), with the interval
 *  of Gilbert (1987, 17.6) from the summed seasonal Var S; seasons with
 *  fewer than two values are left out (of n too). The intercept is
 *  median(values) - slope median(index) over the values used. The order
 *  statistics are exact, ordered by the slopes' exact values (scipy sorts
 *  the divided doubles: where y_j - y_i rounds, the two can pick
 *  neighbouring doubles), without forming the slopes: a few O(n log n)
 *  passes (docs/methods.md; about 0.9 s for 1,000,000 values). Allocates
 *  about 80 bytes per value through alloc (NULL: the C library's).
 *  Statuses: XPI_ERR_INVALID_ARG (NULL, seasons 1, a confidence outside
 *  (0, 1), an infinite value or one beyond DBL_MAX / 2, whose differences
 *  are not finite), XPI_ERR_NOT_ENOUGH_DATA (fewer than two values; no
 *  season with two), XPI_ERR_NO_MEMORY.
 *  Thread safety: no shared state; allocates through alloc (\ref xpi_conventions). */
XPI_API int xpi_sen_slope(const double *values, size_t count, size_t seasons,
                          double confidence, const xpi_allocator *alloc, xpi_slope *out);

/*! A fitted linear trend. Layout frozen. */
typedef struct xpi_regression {
    double n;         /*!< points used */
    double slope;     /*!< per period, in the values' units */
    double se;        /*!< its standard error */
    double lower;     /*!< its interval at the confidence */
    double upper;     /*!< the interval's upper end, per period */
    double statistic; /*!< t = slope / se */
    double df;        /*!< n - 2 */
    double p_value;   /*!< two-sided */
    double intercept; /*!< the fitted value at index 0 */
} xpi_regression;

/*! Weighted least-squares trend of values[0..count-1] (index = period; NaN
 *  = a period without data, skipped) with weights 1 / se[i]^2, e.g.\ a
 *  series' ESTIMATE and SE columns, so that small periods count less. The
 *  residual scale is estimated (as statsmodels' WLS does by default), so
 *  variation between periods beyond their standard errors widens the
 *  interval; t test and interval on n - 2 degrees of freedom.
 *  Statuses: XPI_ERR_INVALID_ARG (NULL, bad confidence, an infinite value,
 *  a standard error that is not positive and finite where a value is
 *  given), XPI_ERR_NOT_ENOUGH_DATA (fewer than three values, or fewer than
 *  two whose relative weights stay within the double range: a standard
 *  error about 1e162 times the smallest or more gives a weight that
 *  underflows to nothing). O(count), no
 *  allocation.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API int xpi_wls_slope(const double *values, const double *se, size_t count,
                          double confidence, xpi_regression *out);

/*! @} */

/* ------------------------------------------------------------------------ */
/* Planning: how many responses are needed?                                  */
/* ------------------------------------------------------------------------ */
/*! \defgroup xpi_grp_plan Planning
 *  How many responses are needed: the variance of one response, sample
 *  sizes for a margin of error or a comparison, power and the minimum
 *  detectable difference (docs/methods.md, "Planning"). Differences,
 *  margins and variances are in the statistic's units (points, percent,
 *  scale units) and their squares.
 *
 *  Sample sizes from the planning functions are whole numbers >= 1 held
 *  in a double: the formula's value rounded up, except that a value within
 *  a relative 1e-11 above a whole number k gives k (rounding error must not
 *  ask for one response more than the exact answer; docs/methods.md).
 *  A result beyond DBL_MAX gives XPI_ERR_OVERFLOW.
 *  @{ */

/*! The variance of one response's value for a statistic, in the
 *  statistic's squared units, from expected shares in [0, 1]:
 *  NET: 10^4 (high + low - (high - low)^2) with high + low <= 1 (points^2);
 *  TOP: 10^4 high (1 - high); BOTTOM: 10^4 low (1 - low) (percent^2);
 *  the other share is ignored (not checked). XPI_STAT_DEFAULT has no scale
 *  to resolve against and is XPI_ERR_INVALID_ARG. MEAN is XPI_ERR_NOT_APPLICABLE (pass the
 *  expected standard deviation squared to the planning functions).
 *  Statuses: XPI_ERR_INVALID_ARG, XPI_ERR_NOT_APPLICABLE.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API int xpi_unit_variance(int32_t stat, double high, double low, double *variance);

/*! The same from an existing tally used as the prior: the per-response
 *  variance of the statistic (net and proportions: sum w (y - ybar)^2 /
 *  sum w; means: the same times n / (n - 1)) and Kish's design effect
 *  n / n_eff (1 for unweighted data); either output may be NULL.
 *  Statuses: XPI_ERR_INVALID_ARG, XPI_ERR_NOT_ENOUGH_DATA (empty tally; a
 *  mean from one response).
 *  Thread safety: reads t (\ref xpi_conventions). */
XPI_API int xpi_tally_unit_variance(const xpi_tally *t, int32_t stat, double *variance,
                                    double *design_effect);

/*! Responses needed for a margin of error (half-width of the Wald
 *  interval): n = ceil(z^2 variance design_effect / margin^2), z the
 *  normal quantile for the confidence. variance in the statistic's squared
 *  units, margin in its units, design_effect >= 1 for weighted samples (1
 *  when unweighted); zero variance needs 1 response. n is rounded as the
 *  module introduction says (\ref xpi_grp_plan). Statuses:
 *  XPI_ERR_INVALID_ARG (a non-finite or negative variance, margin <= 0,
 *  confidence outside (0, 1), design_effect <= 0), XPI_ERR_OVERFLOW.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API int xpi_plan_margin_n(double variance, double margin, double confidence,
                              double design_effect, double *n);

/*! Responses per group for a two-sided z test at level alpha to detect a
 *  difference with the given power: n = ceil((z_{1-alpha/2} + z_power)^2
 *  (var_a + var_b) design_effect / difference^2). var_b = 0 plans a test
 *  against a fixed target. A power <= alpha / 2 needs 1 response (any test
 *  rejects that often). Statuses: XPI_ERR_INVALID_ARG (difference 0 or not
 *  finite, alpha or power outside (0, 1), bad variances or design_effect),
 *  XPI_ERR_OVERFLOW. The result is rounded as the module introduction says
 *  (\ref xpi_grp_plan).
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API int xpi_plan_group_n(double var_a, double var_b, double difference, double alpha,
                             double power, double design_effect, double *n_per_group);

/*! The power of a two-sided z test at level alpha for a true difference:
 *  Phi(|d| / SE - z_{1-alpha/2}) + Phi(-|d| / SE - z_{1-alpha/2}) with
 *  SE = sqrt(design_effect (var_a / n_a + var_b / n_b)); n_a, n_b finite
 *  and > 0 (fractions allowed); n_b is ignored when var_b = 0. Difference
 *  0 gives alpha; SE 0 with a difference gives 1. The power is a
 *  probability in [0, 1].
 *  Statuses: XPI_ERR_INVALID_ARG.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API int xpi_plan_power(double var_a, double var_b, double difference, double n_a,
                           double n_b, double alpha, double design_effect, double *power);

/*! The minimum detectable difference for given group sizes: the inverse of
 *  xpi_plan_group_n, (z_{1-alpha/2} + z_power) SE with SE as in
 *  xpi_plan_power (0 when power <= alpha / 2), in the statistic's units.
 *  Statuses: XPI_ERR_INVALID_ARG, XPI_ERR_OVERFLOW.
 *  Thread safety: no shared state (\ref xpi_conventions). */
XPI_API int xpi_plan_mde(double var_a, double var_b, double n_a, double n_b, double alpha,
                         double power, double design_effect, double *difference);

/*! @} */

#ifdef __cplusplus
}
#endif

#endif /* XPI_H */
