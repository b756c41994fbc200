"""A small ctypes binding of libxpi (include/xpi.h), standard library only.

It binds the public C API one function at a time, with the exact argument
and result types of the header, and wraps it in a few Python classes:

    import xpi
    with xpi.Tally.nps() as t:
        t.extend([10, 9, 9, 7, 3, 0])
        est = t.estimate(method=xpi.Method.WALD)
        print(est.value, est.lower, est.upper)

Library lookup: the path in the environment variable XPI_LIBRARY, else
ctypes.util.find_library("xpi"); if neither gives a loadable library,
importing this module raises XpiLibraryNotFound (an OSError).

Every C status other than XPI_OK becomes an XpiError carrying the code
(a Status member) and the library's own message (xpi_strerror). Handles
(Tally, Cube, Query, Table) free their C object on close(), at the end of a
``with`` block, or when garbage-collected (__del__).
"""

import ctypes
import ctypes.util
import datetime as _dt
import enum
import math
import os
from dataclasses import dataclass
from typing import NamedTuple

__all__ = [
    "XpiError", "XpiLibraryNotFound", "Status", "Metric", "Stat", "Method",
    "Adjust", "MKVariant", "Chi2Categories", "BayesCategories", "BootKind",
    "QueryParam", "Column", "Figure", "Period", "Chart", "EventKind",
    "Estimate", "Comparison", "Chi2Test", "RankTest", "TrendTest", "Slope",
    "Regression", "Event", "Scale", "CubeStats", "UnitVariance",
    "Allocator", "Tally", "Query", "Cube", "Table",
    "strerror", "version", "version_number", "mann_kendall", "sen_slope",
    "wls_slope", "p_adjust", "chi2", "series_from_tallies", "unit_variance",
    "plan_margin_n", "plan_group_n", "plan_power", "plan_mde",
    "norm_cdf", "norm_sf", "norm_ppf", "t_cdf", "t_sf", "t_ppf",
    "chi2_cdf", "chi2_sf", "chi2_ppf", "beta_cdf", "beta_sf", "beta_ppf",
    "gamma_cdf", "gamma_sf", "gamma_ppf", "binom_cdf", "binom_sf", "binom_ppf",
]

# --------------------------------------------------------------------------
# Constants mirroring xpi.h
# --------------------------------------------------------------------------

#: The major version this binding was written for (the SONAME's number).
ABI_MAJOR = 1

SCALE_MAX_POINTS = 1001
WEIGHT_MIN = 1e-150
CUBE_MAX_DIMS = 16
VALUE_MAX_BYTES = 255
MISSING = 0
TIME_MIN = -62135596800
TIME_MAX = 253402300799
SERIES_MAX_PERIODS = 1000000
BOOTSTRAP_REPLICATES = 2000
BAYES_DRAWS = 10000
DEFAULT_SEED = 1


class Status(enum.IntEnum):
    """XPI_OK and the XPI_ERR_* codes (their values are ABI)."""
    OK = 0
    INVALID_ARG = -1
    NO_MEMORY = -2
    SCORE_RANGE = -3
    NOT_ENOUGH_DATA = -4
    NOT_APPLICABLE = -5
    MALFORMED = -6
    OVERFLOW = -7
    SCALE_MISMATCH = -8
    BUFFER_TOO_SMALL = -9
    UNSUPPORTED_VERSION = -10


class Metric(enum.IntEnum):
    """XPI_METRIC_*."""
    CUSTOM = 0
    NPS = 1
    CSAT = 2
    CES = 3


class Stat(enum.IntEnum):
    """XPI_STAT_*."""
    DEFAULT = 0
    NET = 1
    TOP = 2
    BOTTOM = 3
    MEAN = 4


class Method(enum.IntEnum):
    """Interval methods, XPI_CI_*."""
    DEFAULT = 0
    WALD = 1
    ADJUSTED_WALD = 2
    SCORE = 3
    CLOPPER_PEARSON = 4
    JEFFREYS = 5
    T = 6
    BOOTSTRAP = 7
    BAYES = 8


class Adjust(enum.IntEnum):
    """p-value adjustments, XPI_ADJUST_*."""
    NONE = 0
    BONFERRONI = 1
    HOLM = 2
    HOCHBERG = 3
    BH = 4
    BY = 5


class MKVariant(enum.IntEnum):
    """Mann-Kendall variants, XPI_MK_*."""
    ORIGINAL = 0
    HAMED_RAO = 1
    SEASONAL = 2


class Chi2Categories(enum.IntEnum):
    """XPI_CHI2_*."""
    BANDS = 0
    SCALE = 1


class BayesCategories(enum.IntEnum):
    """XPI_BAYES_BANDS / XPI_BAYES_SCALE."""
    BANDS = 0
    SCALE = 1


class BootKind(enum.IntEnum):
    """XPI_BOOT_*."""
    PERCENTILE = 1
    BCA = 2


class QueryParam(enum.IntEnum):
    """Query parameter keys, XPI_QUERY_*."""
    STAT = 1
    METHOD = 2
    CONFIDENCE = 3
    ADJUST = 4
    MIN_N = 5
    WINDOW = 6
    SIGMA = 7
    LAMBDA = 8
    CUSUM_K = 9
    CUSUM_H = 10
    BASELINE = 11
    MIN_SEGMENT = 12
    FALSE_ALARM = 13
    PENALTY = 14


class Column(enum.IntEnum):
    """Table columns, XPI_COL_*."""
    N = 1
    N_EFF = 2
    SHARE = 3
    ESTIMATE = 4
    SE = 5
    LOWER = 6
    UPPER = 7
    REST = 8
    DIFF = 9
    DIFF_LOWER = 10
    DIFF_UPPER = 11
    STATISTIC = 12
    P = 13
    P_ADJ = 14
    SIGNIFICANT = 15
    IMPACT = 16
    SHRUNK = 17
    FUNNEL_LOWER = 18
    FUNNEL_UPPER = 19
    INSUFFICIENT = 20
    N_A = 21
    N_B = 22
    SHARE_A = 23
    SHARE_B = 24
    ESTIMATE_A = 25
    ESTIMATE_B = 26
    RATE_EFFECT = 27
    MIX_EFFECT = 28
    PERIOD_START = 29
    ROLLING = 30
    ROLLING_LOWER = 31
    ROLLING_UPPER = 32
    ROLLING_N = 33
    CHART_CENTER = 34
    CHART_LOWER = 35
    CHART_UPPER = 36
    CHART_STATISTIC = 37
    CHART_STATISTIC2 = 38
    CHART_SIGNAL = 39
    LEVEL_BEFORE = 40
    LEVEL_AFTER = 41
    EVIDENCE = 42
    EVENT_KIND = 43
    EVENT_DIRECTION = 44
    MAGNITUDE = 45
    EVENT_ROW = 46


class Figure(enum.IntEnum):
    """Table-wide figures, XPI_TABLE_*."""
    N = 1
    ESTIMATE = 2
    LOWER = 3
    UPPER = 4
    CHI2 = 5
    CHI2_DF = 6
    CHI2_P = 7
    CHI2_DOUBTFUL = 8
    TAU2 = 9
    TESTED = 10
    SIGNIFICANT = 11
    ESTIMATE_A = 12
    ESTIMATE_B = 13
    CHANGE = 14
    RATE_EFFECT = 15
    MIX_EFFECT = 16
    SEGMENTS_UP = 17
    SEGMENTS_DOWN = 18
    AGAINST_MAJORITY = 19
    SIGNALS = 20
    PENALTY = 21


class Period(enum.IntEnum):
    """Calendar periods of a series, XPI_PERIOD_*."""
    DAY = 1
    WEEK = 2
    MONTH = 3
    QUARTER = 4
    YEAR = 5


class Chart(enum.IntEnum):
    """Control charts, XPI_CHART_*."""
    SHEWHART = 1
    EWMA = 2
    CUSUM = 3


class EventKind(enum.IntEnum):
    """XPI_EVENT_*."""
    SPIKE = 1
    DIP = 2
    SHIFT = 3
    TREND = 4


# --------------------------------------------------------------------------
# Errors and library loading
# --------------------------------------------------------------------------

class XpiLibraryNotFound(OSError):
    """libxpi could not be found or loaded."""


class XpiError(Exception):
    """A libxpi call returned a status other than XPI_OK.

    Attributes: code (a Status member, or the raw int for an unknown code),
    message (xpi_strerror's text) and function (the C function's name)."""

    def __init__(self, code, message, function=None):
        try:
            code = Status(code)
        except ValueError:
            pass
        self.code = code
        self.message = message
        self.function = function
        where = f"{function}: " if function else ""
        name = code.name if isinstance(code, Status) else str(code)
        super().__init__(f"{where}{message} ({name}, {int(code)})")


def _load_library():
    path = os.environ.get("XPI_LIBRARY") or ctypes.util.find_library("xpi")
    if not path:
        raise XpiLibraryNotFound(
            "libxpi not found: set XPI_LIBRARY to the path of libxpi.so.1 "
            "(e.g. XPI_LIBRARY=/tmp/py-build/lib/libxpi.so.1) or install it "
            "where ctypes.util.find_library('xpi') looks")
    try:
        return ctypes.CDLL(path)
    except OSError as e:
        raise XpiLibraryNotFound(f"cannot load libxpi from {path!r}: {e}") from e


_lib = _load_library()

# --------------------------------------------------------------------------
# Public structs, mirrored field by field (all "Layout frozen" in xpi.h)
# --------------------------------------------------------------------------

_c_int32 = ctypes.c_int32
_c_uint32 = ctypes.c_uint32
_c_int64 = ctypes.c_int64
_c_uint64 = ctypes.c_uint64
_c_size = ctypes.c_size_t
_c_double = ctypes.c_double
_c_void_p = ctypes.c_void_p
_c_char_p = ctypes.c_char_p
_P = ctypes.POINTER

_ALLOC_FN = ctypes.CFUNCTYPE(_c_void_p, _c_void_p, _c_size)
_REALLOC_FN = ctypes.CFUNCTYPE(_c_void_p, _c_void_p, _c_void_p, _c_size)
_FREE_FN = ctypes.CFUNCTYPE(None, _c_void_p, _c_void_p)


class _Allocator(ctypes.Structure):
    _fields_ = [("alloc", _ALLOC_FN), ("realloc", _REALLOC_FN),
                ("free", _FREE_FN), ("user_data", _c_void_p)]


class _Estimate(ctypes.Structure):
    _fields_ = [("value", _c_double), ("lower", _c_double), ("upper", _c_double),
                ("se", _c_double), ("n", _c_double), ("n_eff", _c_double)]


class _Comparison(ctypes.Structure):
    _fields_ = [("difference", _c_double), ("lower", _c_double), ("upper", _c_double),
                ("se", _c_double), ("statistic", _c_double), ("df", _c_double),
                ("p_value", _c_double)]


class _Chi2Test(ctypes.Structure):
    _fields_ = [("statistic", _c_double), ("df", _c_double), ("p_value", _c_double),
                ("min_expected", _c_double), ("small_share", _c_double),
                ("small_expected", _c_int32), ("categories", _c_int32)]


class _RankTest(ctypes.Structure):
    _fields_ = [("u", _c_double), ("auc", _c_double), ("statistic", _c_double),
                ("p_value", _c_double)]


class _TrendTest(ctypes.Structure):
    _fields_ = [("n", _c_double), ("s", _c_double), ("var_s", _c_double),
                ("z", _c_double), ("p_value", _c_double), ("tau", _c_double)]


class _Slope(ctypes.Structure):
    _fields_ = [("n", _c_double), ("slope", _c_double), ("lower", _c_double),
                ("upper", _c_double), ("intercept", _c_double)]


class _Regression(ctypes.Structure):
    _fields_ = [("n", _c_double), ("slope", _c_double), ("se", _c_double),
                ("lower", _c_double), ("upper", _c_double), ("statistic", _c_double),
                ("df", _c_double), ("p_value", _c_double), ("intercept", _c_double)]


class _Event(ctypes.Structure):
    _fields_ = [("kind", _c_int32), ("direction", _c_int32), ("row", _c_size),
                ("period_start", _c_double), ("magnitude", _c_double),
                ("evidence", _c_double), ("p_value", _c_double)]


_EVENT_FN = ctypes.CFUNCTYPE(ctypes.c_int, _P(_Event), _c_void_p)

# Opaque handles are plain void pointers.
_tally_p = _c_void_p
_cube_p = _c_void_p
_query_p = _c_void_p
_table_p = _c_void_p
_alloc_p = _P(_Allocator)

# --------------------------------------------------------------------------
# Prototypes: every exported function, with the header's exact types
# --------------------------------------------------------------------------


def _errcheck(result, func, args):
    if result != Status.OK:
        raise XpiError(result, strerror(result), func.__name__)
    return result


def _proto(name, restype, *argtypes, status=None):
    fn = getattr(_lib, name)
    fn.restype = restype
    fn.argtypes = list(argtypes)
    if status is None:
        status = restype is ctypes.c_int
    if status:
        fn.errcheck = _errcheck
    return fn


_I = ctypes.c_int
_D = _c_double

# Version, status strings
_proto("xpi_version_number", _c_int32, status=False)
_proto("xpi_version_string", _c_char_p)
_proto("xpi_strerror", _c_char_p, _I, status=False)

# Distributions (pure; NaN for invalid arguments)
for _n in ("norm_cdf", "norm_sf", "norm_ppf"):
    _proto("xpi_" + _n, _D, _D)
for _n in ("t_cdf", "t_sf", "t_ppf", "chi2_cdf", "chi2_sf", "chi2_ppf",
           "gamma_cdf", "gamma_sf", "gamma_ppf"):
    _proto("xpi_" + _n, _D, _D, _D)
for _n in ("beta_cdf", "beta_sf", "beta_ppf", "binom_cdf", "binom_sf", "binom_ppf"):
    _proto("xpi_" + _n, _D, _D, _D, _D)

# Tallies
_proto("xpi_tally_new", _I, _P(_tally_p), _c_int32, _alloc_p)
_proto("xpi_tally_new_scale", _I, _P(_tally_p), _c_int32, _c_int32, _c_int32, _c_int32,
       _c_int32, _alloc_p)
_proto("xpi_tally_free", None, _tally_p)
_proto("xpi_tally_clone", _I, _P(_tally_p), _tally_p)
_proto("xpi_tally_reset", _I, _tally_p)
_proto("xpi_tally_add", _I, _tally_p, _c_int32, _D)
_proto("xpi_tally_add_n", _I, _tally_p, _c_int32, _c_uint64)
_proto("xpi_tally_add_array", _I, _tally_p, _P(_c_int32), _P(_D), _c_size)
_proto("xpi_tally_merge", _I, _tally_p, _tally_p)
_proto("xpi_tally_count", _I, _tally_p, _c_int32, _P(_c_uint64))
_proto("xpi_tally_weights", _I, _tally_p, _c_int32, _P(_D), _P(_D))
_proto("xpi_tally_total", _I, _tally_p, _P(_c_uint64))
_proto("xpi_tally_weighting", _I, _tally_p, _P(_c_int32), _P(_D))
_proto("xpi_tally_scale", _I, _tally_p, _P(_c_int32), _P(_c_int32), _P(_c_int32),
       _P(_c_int32), _P(_c_int32), _P(_c_int32))
_proto("xpi_tally_serialize", _I, _tally_p, _c_void_p, _c_size, _P(_c_size), status=False)
_proto("xpi_tally_deserialize", _I, _P(_tally_p), _c_void_p, _c_size, _alloc_p)
_proto("xpi_tally_estimate", _I, _tally_p, _c_int32, _c_int32, _D, _P(_Estimate))
_proto("xpi_tally_bootstrap", _I, _tally_p, _c_int32, _c_int32, _c_uint32, _c_uint64, _D,
       _P(_Estimate))
_proto("xpi_tally_bayes", _I, _tally_p, _c_int32, _c_int32, _D, _c_uint32, _c_uint64, _D,
       _P(_Estimate))
_proto("xpi_tally_prob_greater", _I, _tally_p, _tally_p, _c_int32, _c_int32, _D, _c_uint32,
       _c_uint64, _P(_D))
_proto("xpi_tally_compare", _I, _tally_p, _tally_p, _c_int32, _c_int32, _D, _P(_Comparison))
_proto("xpi_tally_test_value", _I, _tally_p, _c_int32, _c_int32, _D, _D, _P(_Comparison))
_proto("xpi_tally_chi2", _I, _P(_tally_p), _c_size, _c_int32, _P(_Chi2Test))
_proto("xpi_tally_mann_whitney", _I, _tally_p, _tally_p, _P(_RankTest))
_proto("xpi_tally_unit_variance", _I, _tally_p, _c_int32, _P(_D), _P(_D))

# Multiple comparisons, trends, planning
_proto("xpi_p_adjust", _I, _P(_D), _c_size, _c_int32, _P(_D), _alloc_p)
_proto("xpi_mann_kendall", _I, _P(_D), _c_size, _c_int32, _c_size, _alloc_p, _P(_TrendTest))
_proto("xpi_sen_slope", _I, _P(_D), _c_size, _c_size, _D, _alloc_p, _P(_Slope))
_proto("xpi_wls_slope", _I, _P(_D), _P(_D), _c_size, _D, _P(_Regression))
_proto("xpi_unit_variance", _I, _c_int32, _D, _D, _P(_D))
_proto("xpi_plan_margin_n", _I, _D, _D, _D, _D, _P(_D))
_proto("xpi_plan_group_n", _I, _D, _D, _D, _D, _D, _D, _P(_D))
_proto("xpi_plan_power", _I, _D, _D, _D, _D, _D, _D, _D, _P(_D))
_proto("xpi_plan_mde", _I, _D, _D, _D, _D, _D, _D, _D, _P(_D))

# Cubes
_proto("xpi_cube_new", _I, _P(_cube_p), _c_int32, _c_size, _P(_c_char_p), _alloc_p)
_proto("xpi_cube_new_scale", _I, _P(_cube_p), _c_int32, _c_int32, _c_int32, _c_int32,
       _c_int32, _c_size, _P(_c_char_p), _alloc_p)
_proto("xpi_cube_free", None, _cube_p)
_proto("xpi_cube_set_time", _I, _cube_p, _c_int32, _c_int32)
_proto("xpi_cube_add", _I, _cube_p, _c_int64, _P(_c_char_p), _c_int32, _D)
_proto("xpi_cube_intern", _I, _cube_p, _c_size, _c_char_p, _P(_c_uint32))
_proto("xpi_cube_add_ids", _I, _cube_p, _c_int64, _P(_c_uint32), _c_int32, _D)
_proto("xpi_cube_add_batch", _I, _cube_p, _c_size, _P(_c_int64), _P(_c_char_p),
       _P(_c_int32), _P(_D), _P(_c_size))
_proto("xpi_cube_add_ids_batch", _I, _cube_p, _c_size, _P(_c_int64), _P(_c_uint32),
       _P(_c_int32), _P(_D), _P(_c_size))
_proto("xpi_cube_merge", _I, _cube_p, _cube_p)
_proto("xpi_cube_serialize", _I, _cube_p, _c_void_p, _c_size, _P(_c_size), status=False)
_proto("xpi_cube_deserialize", _I, _P(_cube_p), _c_void_p, _c_size, _alloc_p)
_proto("xpi_cube_dims", _I, _cube_p, _P(_c_size))
_proto("xpi_cube_scale", _I, _cube_p, *([_P(_c_int32)] * 6))
_proto("xpi_cube_time", _I, _cube_p, _P(_c_int32), _P(_c_int32))
_proto("xpi_cube_dim_name", _I, _cube_p, _c_size, _P(_c_char_p))
_proto("xpi_cube_value_count", _I, _cube_p, _c_size, _P(_c_uint32))
_proto("xpi_cube_value", _I, _cube_p, _c_size, _c_uint32, _P(_c_char_p))
_proto("xpi_cube_tally", _I, _cube_p, _query_p, _P(_tally_p))
_proto("xpi_cube_stats", _I, _cube_p, _P(_c_uint64), _P(_c_uint64), _P(_c_uint64))
_proto("xpi_cube_breakdown", _I, _cube_p, _c_size, _query_p, _P(_table_p))
_proto("xpi_cube_crosstab", _I, _cube_p, _c_size, _c_size, _query_p, _P(_table_p))
_proto("xpi_cube_decompose", _I, _cube_p, _c_size, _query_p, _query_p, _P(_table_p))
_proto("xpi_cube_series", _I, _cube_p, _query_p, _c_int32, _P(_table_p))
_proto("xpi_series_from_tallies", _I, _P(_tally_p), _c_size, _query_p, _P(_table_p))
_proto("xpi_series_chart", _I, _table_p, _c_int32, _query_p, _P(_table_p))
_proto("xpi_series_changes", _I, _table_p, _query_p, _P(_table_p))
_proto("xpi_series_events", _I, _table_p, _query_p, _EVENT_FN, _c_void_p, _P(_table_p))

# Queries
_proto("xpi_query_new", _I, _P(_query_p), _alloc_p)
_proto("xpi_query_free", None, _query_p)
_proto("xpi_query_reset", _I, _query_p)
_proto("xpi_query_set_time", _I, _query_p, _c_int64, _c_int64)
_proto("xpi_query_set_filter", _I, _query_p, _c_char_p, _c_char_p)
_proto("xpi_query_clear_filter", _I, _query_p, _c_char_p)
_proto("xpi_query_set_param", _I, _query_p, _c_int32, _D)
_proto("xpi_query_get_param", _I, _query_p, _c_int32, _P(_D))

# Tables
_proto("xpi_table_free", None, _table_p)
_proto("xpi_table_rows", _I, _table_p, _P(_c_size))
_proto("xpi_table_kind", _I, _table_p, _P(_c_int32), _P(_c_size))
_proto("xpi_table_label", _I, _table_p, _c_size, _c_size, _P(_c_char_p), _P(_c_uint32))
_proto("xpi_table_get", _I, _table_p, _c_size, _c_int32, _P(_D), status=False)
_proto("xpi_table_figure", _I, _table_p, _c_int32, _P(_D), status=False)
_proto("xpi_table_sort", _I, _table_p, _c_int32, _c_int32)
_proto("xpi_table_event", _I, _table_p, _c_size, _P(_Event))

del _n

# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------


def _raise(status, function):
    raise XpiError(status, strerror(status), function)


def _encode(s):
    """str -> bytes for the C API (UTF-8); None stays None (NULL)."""
    if s is None:
        return None
    if isinstance(s, bytes):
        return s
    return str(s).encode("utf-8", "surrogateescape")


def _decode(b):
    return "" if b is None else b.decode("utf-8", "surrogateescape")


def _doubles(values):
    values = [float(v) for v in values]
    return (_D * len(values))(*values), len(values)


def _unix(t):
    """int seconds, or a datetime (naive = UTC), or a date (UTC midnight)."""
    if isinstance(t, _dt.datetime):
        if t.tzinfo is None:
            t = t.replace(tzinfo=_dt.timezone.utc)
        return math.floor(t.timestamp())
    if isinstance(t, _dt.date):
        return (t - _dt.date(1970, 1, 1)).days * 86400
    return int(t)


def strerror(status):
    """xpi_strerror: the library's description of a status code."""
    return _decode(_lib.xpi_strerror(int(status)))


def version():
    """The linked library's version string, e.g. "1.0.0"."""
    return _decode(_lib.xpi_version_string())


def version_number():
    """The linked library's version, MAJOR * 10000 + MINOR * 100 + PATCH."""
    return _lib.xpi_version_number()


if version_number() // 10000 != ABI_MAJOR:
    raise XpiLibraryNotFound(
        f"libxpi {version()} is not ABI-compatible with this binding (major {ABI_MAJOR})")

# --------------------------------------------------------------------------
# Result types
# --------------------------------------------------------------------------


def _from_struct(cls, s):
    return cls(*(getattr(s, f) for f, _ in s._fields_))


@dataclass(frozen=True)
class Estimate:
    """xpi_estimate: a point estimate with its interval."""
    value: float
    lower: float
    upper: float
    se: float
    n: float
    n_eff: float


@dataclass(frozen=True)
class Comparison:
    """xpi_comparison: a difference with its interval and test."""
    difference: float
    lower: float
    upper: float
    se: float
    statistic: float
    df: float
    p_value: float


@dataclass(frozen=True)
class Chi2Test:
    """xpi_chi2_test."""
    statistic: float
    df: float
    p_value: float
    min_expected: float
    small_share: float
    small_expected: bool
    categories: int


@dataclass(frozen=True)
class RankTest:
    """xpi_rank_test (Mann-Whitney)."""
    u: float
    auc: float
    statistic: float
    p_value: float


@dataclass(frozen=True)
class TrendTest:
    """xpi_trend_test (Mann-Kendall)."""
    n: float
    s: float
    var_s: float
    z: float
    p_value: float
    tau: float


@dataclass(frozen=True)
class Slope:
    """xpi_slope (Sen's slope)."""
    n: float
    slope: float
    lower: float
    upper: float
    intercept: float


@dataclass(frozen=True)
class Regression:
    """xpi_regression (weighted least-squares trend)."""
    n: float
    slope: float
    se: float
    lower: float
    upper: float
    statistic: float
    df: float
    p_value: float
    intercept: float


@dataclass(frozen=True)
class Event:
    """xpi_event: one thing a series did."""
    kind: EventKind
    direction: int
    row: int
    period_start: float
    magnitude: float
    evidence: float
    p_value: float

    @classmethod
    def _from_c(cls, e):
        try:
            kind = EventKind(e.kind)
        except ValueError:
            kind = e.kind
        return cls(kind, e.direction, e.row, e.period_start, e.magnitude, e.evidence,
                   e.p_value)


class Scale(NamedTuple):
    """A tally's metric and scale (xpi_tally_scale)."""
    metric: Metric
    min: int
    max: int
    low_max: int
    high_min: int
    default_stat: Stat


class CubeStats(NamedTuple):
    """xpi_cube_stats."""
    responses: int
    cells: int
    bytes: int


class UnitVariance(NamedTuple):
    """xpi_tally_unit_variance."""
    variance: float
    design_effect: float


# --------------------------------------------------------------------------
# Allocator
# --------------------------------------------------------------------------

_libc = None


def _c_library():
    """The C library's malloc/realloc/free, loaded on first use."""
    global _libc
    if _libc is None:
        libc = ctypes.CDLL(ctypes.util.find_library("c"))
        libc.malloc.restype = _c_void_p
        libc.malloc.argtypes = [_c_size]
        libc.realloc.restype = _c_void_p
        libc.realloc.argtypes = [_c_void_p, _c_size]
        libc.free.restype = None
        libc.free.argtypes = [_c_void_p]
        _libc = libc
    return _libc


class Allocator:
    """An xpi_allocator whose hooks are Python callables.

    The default hooks forward to the C library's malloc/realloc/free and
    count the live blocks (``live``) and calls (``allocs``, ``frees``), which
    is handy to check that every handle is freed. Subclass and override
    alloc/realloc/free to route memory elsewhere (they run with the GIL
    held, on the thread that called into libxpi).

    Every handle created with an allocator keeps a reference to it, as do
    the objects derived from it (clones, tallies and tables of a cube), so
    the C function pointers stay valid for as long as libxpi may call them.
    """

    def __init__(self, use_realloc=True):
        self.live = 0
        self.allocs = 0
        self.frees = 0
        self._alloc_cb = _ALLOC_FN(lambda ud, size: self.alloc(size))
        self._free_cb = _FREE_FN(lambda ud, ptr: self.free(ptr))
        self._realloc_cb = (_REALLOC_FN(lambda ud, ptr, size: self.realloc(ptr, size))
                            if use_realloc else _REALLOC_FN())
        self._struct = _Allocator(self._alloc_cb, self._realloc_cb, self._free_cb, None)
        self._libc = _c_library()

    def alloc(self, size):
        p = self._libc.malloc(size)
        if p:
            self.live += 1
            self.allocs += 1
        return p

    def realloc(self, ptr, size):
        p = self._libc.realloc(ptr, size)
        if p and not ptr:
            self.live += 1
            self.allocs += 1
        return p

    def free(self, ptr):
        if ptr:
            self.live -= 1
            self.frees += 1
        self._libc.free(ptr)


def _alloc_arg(allocator):
    return None if allocator is None else ctypes.byref(allocator._struct)


# --------------------------------------------------------------------------
# Handles
# --------------------------------------------------------------------------

class _Handle:
    """Owns one opaque C pointer; frees it once (close, with, or __del__)."""
    _free = None  # set per subclass to the C free function

    def __init__(self, ptr, keep=()):
        self._ptr = ptr
        self._keep = tuple(k for k in keep if k is not None)  # kept alive

    @property
    def _p(self):
        if self._ptr is None:
            raise ValueError(f"operation on a closed {type(self).__name__}")
        return self._ptr

    @property
    def closed(self):
        return self._ptr is None

    def close(self):
        """Frees the C object now (idempotent)."""
        ptr, self._ptr = getattr(self, "_ptr", None), None
        if ptr is not None:
            type(self)._free(ptr)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown
            pass


def _new(fn, *args):
    """Calls a constructor whose first parameter is the T **out."""
    out = _c_void_p()
    fn(ctypes.byref(out), *args)
    return out.value


def _make(fn, *args):
    """Calls an analysis whose last parameter is the T **out."""
    out = _c_void_p()
    fn(*args, ctypes.byref(out))
    return out.value


def _serialize(fn, p):
    length = _c_size()
    status = fn(p, None, 0, ctypes.byref(length))
    if status != Status.OK:
        _raise(status, fn.__name__)
    buf = ctypes.create_string_buffer(length.value)
    status = fn(p, buf, length.value, ctypes.byref(length))
    if status != Status.OK:
        _raise(status, fn.__name__)
    return buf.raw[:length.value]


class Tally(_Handle):
    """xpi_tally: the sufficient statistic of one metric's responses."""
    _free = _lib.xpi_tally_free

    def __init__(self, metric=Metric.NPS, *, allocator=None):
        """An empty tally for a preset metric (Metric.NPS, CSAT or CES)."""
        super().__init__(_new(_lib.xpi_tally_new, int(metric), _alloc_arg(allocator)),
                         (allocator,))

    @classmethod
    def _wrap(cls, ptr, keep=()):
        self = cls.__new__(cls)
        _Handle.__init__(self, ptr, keep)
        return self

    @classmethod
    def nps(cls, **kw):
        return cls(Metric.NPS, **kw)

    @classmethod
    def csat(cls, **kw):
        return cls(Metric.CSAT, **kw)

    @classmethod
    def ces(cls, **kw):
        return cls(Metric.CES, **kw)

    @classmethod
    def custom(cls, min, max, low_max, high_min, default_stat=Stat.MEAN, *, allocator=None):
        """A tally for a custom integer scale min..max, with the low band
        min..low_max and the high band high_min..max."""
        p = _new(_lib.xpi_tally_new_scale, min, max, low_max, high_min, int(default_stat),
                 _alloc_arg(allocator))
        return cls._wrap(p, (allocator,))

    @classmethod
    def from_bytes(cls, data, *, allocator=None):
        """Rebuilds a tally from to_bytes() output (xpi_tally_deserialize)."""
        data = bytes(data)
        p = _new(_lib.xpi_tally_deserialize, data, len(data), _alloc_arg(allocator))
        return cls._wrap(p, (allocator,))

    def to_bytes(self):
        """The portable serialized form (xpi_tally_serialize)."""
        return _serialize(_lib.xpi_tally_serialize, self._p)

    def copy(self):
        """An independent copy (xpi_tally_clone), sharing the allocator."""
        return Tally._wrap(_new(_lib.xpi_tally_clone, self._p), self._keep)

    __copy__ = copy

    def reset(self):
        _lib.xpi_tally_reset(self._p)

    # adding responses
    def add(self, score, weight=1.0):
        """Adds one response (xpi_tally_add)."""
        _lib.xpi_tally_add(self._p, score, weight)
        return self

    def add_n(self, score, count):
        """Adds count unweighted responses of one score (xpi_tally_add_n)."""
        _lib.xpi_tally_add_n(self._p, score, count)
        return self

    def extend(self, scores, weights=None):
        """Adds many responses at once, atomically (xpi_tally_add_array)."""
        scores = [int(s) for s in scores]
        n = len(scores)
        cs = (_c_int32 * n)(*scores)
        cw = None
        if weights is not None:
            cw, nw = _doubles(weights)
            if nw != n:
                raise ValueError("scores and weights differ in length")
        _lib.xpi_tally_add_array(self._p, cs, cw, n)
        return self

    def merge(self, other):
        """Adds every response of other (xpi_tally_merge)."""
        _lib.xpi_tally_merge(self._p, other._p)
        return self

    def __iadd__(self, other):
        return self.merge(other)

    # reading
    @property
    def n(self):
        """Total number of responses (xpi_tally_total)."""
        v = _c_uint64()
        _lib.xpi_tally_total(self._p, ctypes.byref(v))
        return v.value

    def count(self, score):
        v = _c_uint64()
        _lib.xpi_tally_count(self._p, score, ctypes.byref(v))
        return v.value

    def weights(self, score):
        """(sum of weights, sum of squared weights) of one score."""
        w, w2 = _D(), _D()
        _lib.xpi_tally_weights(self._p, score, ctypes.byref(w), ctypes.byref(w2))
        return w.value, w2.value

    @property
    def n_eff(self):
        """Kish effective size (sum w)^2 / sum w^2 (xpi_tally_weighting);
        0.0 when empty."""
        return self.weighting()[1]

    def weighting(self):
        """(weighted, n_eff): whether estimates use the weighted formulas,
        and the Kish effective size (xpi_tally_weighting)."""
        w, n_eff = _c_int32(), _D()
        _lib.xpi_tally_weighting(self._p, ctypes.byref(w), ctypes.byref(n_eff))
        return bool(w.value), n_eff.value

    @property
    def scale(self):
        vals = [_c_int32() for _ in range(6)]
        _lib.xpi_tally_scale(self._p, *(ctypes.byref(v) for v in vals))
        m, lo, hi, low_max, high_min, ds = (v.value for v in vals)
        return Scale(Metric(m), lo, hi, low_max, high_min, Stat(ds))

    @property
    def metric(self):
        return self.scale.metric

    def counts(self):
        """{score: count} over the whole scale."""
        sc = self.scale
        return {s: self.count(s) for s in range(sc.min, sc.max + 1)}

    # statistics
    def estimate(self, stat=Stat.DEFAULT, method=Method.DEFAULT, confidence=0.95):
        """A statistic with its interval (xpi_tally_estimate)."""
        out = _Estimate()
        _lib.xpi_tally_estimate(self._p, int(stat), int(method), confidence, ctypes.byref(out))
        return _from_struct(Estimate, out)

    def bootstrap(self, stat=Stat.DEFAULT, kind=BootKind.BCA, replicates=BOOTSTRAP_REPLICATES,
                  seed=DEFAULT_SEED, confidence=0.95):
        out = _Estimate()
        _lib.xpi_tally_bootstrap(self._p, int(stat), int(kind), replicates, seed, confidence,
                                 ctypes.byref(out))
        return _from_struct(Estimate, out)

    def bayes(self, stat=Stat.DEFAULT, categories=BayesCategories.BANDS, prior=0.5,
              draws=BAYES_DRAWS, seed=DEFAULT_SEED, confidence=0.95):
        out = _Estimate()
        _lib.xpi_tally_bayes(self._p, int(stat), int(categories), prior, draws, seed,
                             confidence, ctypes.byref(out))
        return _from_struct(Estimate, out)

    def prob_greater(self, other, stat=Stat.DEFAULT, categories=BayesCategories.BANDS,
                     prior=0.5, draws=BAYES_DRAWS, seed=DEFAULT_SEED):
        out = _D()
        _lib.xpi_tally_prob_greater(self._p, other._p, int(stat), int(categories), prior,
                                    draws, seed, ctypes.byref(out))
        return out.value

    def compare(self, other, stat=Stat.DEFAULT, method=Method.DEFAULT, confidence=0.95):
        """self - other, with interval and two-sided test (xpi_tally_compare)."""
        out = _Comparison()
        _lib.xpi_tally_compare(self._p, other._p, int(stat), int(method), confidence,
                               ctypes.byref(out))
        return _from_struct(Comparison, out)

    def test_value(self, target, stat=Stat.DEFAULT, method=Method.DEFAULT, confidence=0.95):
        """The statistic against a fixed target (xpi_tally_test_value)."""
        out = _Comparison()
        _lib.xpi_tally_test_value(self._p, int(stat), int(method), target, confidence,
                                  ctypes.byref(out))
        return _from_struct(Comparison, out)

    def mann_whitney(self, other):
        out = _RankTest()
        _lib.xpi_tally_mann_whitney(self._p, other._p, ctypes.byref(out))
        return _from_struct(RankTest, out)

    def unit_variance(self, stat=Stat.DEFAULT):
        v, d = _D(), _D()
        _lib.xpi_tally_unit_variance(self._p, int(stat), ctypes.byref(v), ctypes.byref(d))
        return UnitVariance(v.value, d.value)

    def __repr__(self):
        if self.closed:
            return "<xpi.Tally closed>"
        sc = self.scale
        return f"<xpi.Tally {sc.metric.name} {sc.min}..{sc.max} n={self.n}>"


def _tally_array(tallies):
    tallies = list(tallies)
    arr = (_tally_p * len(tallies))(*(None if t is None else t._p for t in tallies))
    return arr, len(tallies)


def chi2(tallies, categories=Chi2Categories.BANDS):
    """Chi-square test of homogeneity across tallies (xpi_tally_chi2)."""
    arr, n = _tally_array(tallies)
    out = _Chi2Test()
    _lib.xpi_tally_chi2(arr, n, int(categories), ctypes.byref(out))
    r = _from_struct(Chi2Test, out)
    return Chi2Test(r.statistic, r.df, r.p_value, r.min_expected, r.small_share,
                    bool(r.small_expected), r.categories)


class Query(_Handle):
    """xpi_query: selection (time range, filters) and analysis parameters.

    Keyword arguments set parameters by their QueryParam name in lower
    case (stat=Stat.NET, method=Method.WALD, confidence=0.9, min_n=10, ...),
    plus time=(from, to) and filters={"dimension": "value"}."""
    _free = _lib.xpi_query_free

    def __init__(self, *, time=None, filters=None, allocator=None, **params):
        super().__init__(_new(_lib.xpi_query_new, _alloc_arg(allocator)), (allocator,))
        if time is not None:
            self.set_time(*time)
        for dim, value in (filters or {}).items():
            self.set_filter(dim, value)
        for key, value in params.items():
            try:
                k = QueryParam[key.upper()]
            except KeyError:
                raise TypeError(f"unknown query parameter {key!r}") from None
            self[k] = value

    def reset(self):
        _lib.xpi_query_reset(self._p)

    def set_time(self, start, end):
        """Selects time buckets starting in [start, end)."""
        _lib.xpi_query_set_time(self._p, _unix(start), _unix(end))
        return self

    def set_filter(self, dim, value):
        _lib.xpi_query_set_filter(self._p, _encode(dim), _encode(value))
        return self

    def clear_filter(self, dim):
        """Removes the filter on dim, if any (xpi_query_clear_filter)."""
        _lib.xpi_query_clear_filter(self._p, _encode(dim))
        return self

    def __setitem__(self, key, value):
        _lib.xpi_query_set_param(self._p, int(key), float(value))

    def __getitem__(self, key):
        v = _D()
        _lib.xpi_query_get_param(self._p, int(key), ctypes.byref(v))
        return v.value

    def params(self):
        """{QueryParam: value} for every key."""
        return {k: self[k] for k in QueryParam}


class _DefaultQuery:
    """A NULL query: the C functions then select everything with the
    defaults."""
    _p = None


_NO_QUERY = _DefaultQuery()


class Table(_Handle):
    """xpi_table: rows with labels, numeric columns and figures read by key."""
    _free = _lib.xpi_table_free

    _KINDS = {1: "breakdown", 2: "decomposition", 3: "series", 4: "chart", 5: "changes",
              6: "events"}

    def __init__(self, ptr, kind=None, nkeys=None, keep=()):
        super().__init__(ptr, keep)
        k, keys = _c_int32(), _c_size()
        _lib.xpi_table_kind(self._p, ctypes.byref(k), ctypes.byref(keys))
        self.kind = self._KINDS[k.value] if kind != "crosstab" else "crosstab"
        self.nkeys = keys.value  # label keys per row (2 for a crosstab)

    def __len__(self):
        v = _c_size()
        _lib.xpi_table_rows(self._p, ctypes.byref(v))
        return v.value

    def label(self, row, key=0):
        s = _c_char_p()
        _lib.xpi_table_label(self._p, row, key, ctypes.byref(s), None)
        return _decode(s.value)

    def value_id(self, row, key=0):
        i = _c_uint32()
        _lib.xpi_table_label(self._p, row, key, None, ctypes.byref(i))
        return i.value

    def labels(self, key=0):
        return [self.label(r, key) for r in range(len(self))]

    def get(self, row, column):
        v = _D()
        status = _lib.xpi_table_get(self._p, row, int(column), ctypes.byref(v))
        if status != Status.OK:
            _raise(status, "xpi_table_get")
        return v.value

    def column(self, column):
        """One column as a list, in row order."""
        return [self.get(r, column) for r in range(len(self))]

    def figure(self, key):
        v = _D()
        status = _lib.xpi_table_figure(self._p, int(key), ctypes.byref(v))
        if status != Status.OK:
            _raise(status, "xpi_table_figure")
        return v.value

    def _has(self, fn, *args):
        v = _D()
        status = fn(self._p, *args, ctypes.byref(v))
        if status == Status.NOT_APPLICABLE:
            return False
        if status != Status.OK:
            _raise(status, fn.__name__)
        return True

    @property
    def columns(self):
        """The Column keys this table has (probed: the API cannot list them).
        Empty for a table without rows."""
        if len(self) == 0:
            return []
        return [c for c in Column if self._has(_lib.xpi_table_get, 0, int(c))]

    def figures(self):
        """{Figure: value} for the figures this kind of table has."""
        return {k: self.figure(k) for k in Figure if self._has(_lib.xpi_table_figure, int(k))}

    def sort(self, column, descending=True):
        _lib.xpi_table_sort(self._p, int(column), 1 if descending else 0)
        return self

    def row(self, row, columns=None):
        """One row as a dict: "label" (a tuple for a crosstab), "id", and
        each column under its lower-case name."""
        if columns is None:
            columns = self.columns
        if self.nkeys == 1:
            d = {"label": self.label(row), "id": self.value_id(row)}
        else:
            d = {"label": tuple(self.label(row, k) for k in range(self.nkeys)),
                 "id": tuple(self.value_id(row, k) for k in range(self.nkeys))}
        for c in columns:
            d[Column(c).name.lower()] = self.get(row, c)
        return d

    def to_dicts(self, columns=None):
        """Every row as a dict (see row())."""
        if columns is None:
            columns = self.columns
        return [self.row(r, columns) for r in range(len(self))]

    def __iter__(self):
        return iter(self.to_dicts())

    # series analyses (the table must be a series)
    def chart(self, chart=Chart.SHEWHART, query=None):
        q = query if query is not None else _NO_QUERY
        p = _make(_lib.xpi_series_chart, self._p, int(chart), q._p)
        return Table(p, "chart", 1, self._keep)

    def changes(self, query=None):
        q = query if query is not None else _NO_QUERY
        return Table(_make(_lib.xpi_series_changes, self._p, q._p), "changes", 1, self._keep)

    def events(self, query=None, callback=None):
        """Runs the event detectors (xpi_series_events) and returns the
        events table. callback(Event), if given, is called for each event
        while the C function runs; an exception it raises is re-raised here
        once the C call has returned (C cannot be unwound through)."""
        q = query if query is not None else _NO_QUERY
        errors = []

        def thunk(ev, _user_data):
            try:
                callback(Event._from_c(ev.contents))
            except BaseException as e:  # noqa: BLE001 - re-raised below
                errors.append(e)
                return 1  # stop the deliveries
            return 0

        cb = _EVENT_FN(thunk) if callback is not None else _EVENT_FN()
        p = _make(_lib.xpi_series_events, self._p, q._p, cb, None)
        table = Table(p, "events", 1, self._keep)
        if errors:
            table.close()
            raise errors[0]
        return table

    def event(self, row):
        """One row of an events table as an Event (xpi_table_event)."""
        e = _Event()
        _lib.xpi_table_event(self._p, row, ctypes.byref(e))
        return Event._from_c(e)

    def event_list(self):
        return [self.event(r) for r in range(len(self))]

    def __repr__(self):
        if self.closed:
            return "<xpi.Table closed>"
        return f"<xpi.Table {self.kind} rows={len(self)}>"


def series_from_tallies(tallies, query=None):
    """A series from per-period tallies (None = a period without data)."""
    arr, n = _tally_array(tallies)
    q = query if query is not None else _NO_QUERY
    keep = ()
    for t in tallies:
        if t is not None:
            keep = t._keep
            break
    return Table(_make(_lib.xpi_series_from_tallies, arr, n, q._p), "series", 1, keep)


class Cube(_Handle):
    """xpi_cube: responses of one metric by named dimensions and time."""
    _free = _lib.xpi_cube_free

    def __init__(self, metric=Metric.NPS, dims=(), *, allocator=None):
        names, n = self._names(dims)
        super().__init__(_new(_lib.xpi_cube_new, int(metric), n, names, _alloc_arg(allocator)),
                         (allocator,))
        self._dims = None

    @staticmethod
    def _names(dims):
        dims = list(dims)
        return (_c_char_p * len(dims))(*(_encode(d) for d in dims)), len(dims)

    @classmethod
    def _wrap(cls, ptr, keep=()):
        self = cls.__new__(cls)
        _Handle.__init__(self, ptr, keep)
        self._dims = None
        return self

    @classmethod
    def custom(cls, min, max, low_max, high_min, default_stat=Stat.MEAN, dims=(), *,
               allocator=None):
        names, n = cls._names(dims)
        p = _new(_lib.xpi_cube_new_scale, min, max, low_max, high_min, int(default_stat), n,
                 names, _alloc_arg(allocator))
        return cls._wrap(p, (allocator,))

    @classmethod
    def from_bytes(cls, data, *, allocator=None):
        data = bytes(data)
        p = _new(_lib.xpi_cube_deserialize, data, len(data), _alloc_arg(allocator))
        return cls._wrap(p, (allocator,))

    def to_bytes(self):
        return _serialize(_lib.xpi_cube_serialize, self._p)

    def set_time(self, grain_seconds=86400, utc_offset_seconds=0):
        """Time buckets of an empty cube."""
        _lib.xpi_cube_set_time(self._p, grain_seconds, utc_offset_seconds)
        return self

    @property
    def scale(self):
        """The cube's metric and scale (xpi_cube_scale)."""
        vals = [_c_int32() for _ in range(6)]
        _lib.xpi_cube_scale(self._p, *(ctypes.byref(v) for v in vals))
        m, lo, hi, low_max, high_min, ds = (v.value for v in vals)
        return Scale(Metric(m), lo, hi, low_max, high_min, Stat(ds))

    @property
    def time(self):
        """(grain_seconds, utc_offset_seconds) of the buckets (xpi_cube_time)."""
        g, o = _c_int32(), _c_int32()
        _lib.xpi_cube_time(self._p, ctypes.byref(g), ctypes.byref(o))
        return g.value, o.value

    @property
    def dims(self):
        """The dimension names, in order."""
        if self._dims is None:
            n = _c_size()
            _lib.xpi_cube_dims(self._p, ctypes.byref(n))
            names = []
            for d in range(n.value):
                s = _c_char_p()
                _lib.xpi_cube_dim_name(self._p, d, ctypes.byref(s))
                names.append(_decode(s.value))
            self._dims = names
        return list(self._dims)

    def dim_index(self, dim):
        if isinstance(dim, str):
            try:
                return self.dims.index(dim)
            except ValueError:
                raise KeyError(f"no dimension {dim!r}") from None
        return int(dim)

    def values(self, dim):
        """The values of a dimension in id order ("" is XPI_MISSING, id 0)."""
        d = self.dim_index(dim)
        count = _c_uint32()
        _lib.xpi_cube_value_count(self._p, d, ctypes.byref(count))
        out = []
        for i in range(count.value):
            s = _c_char_p()
            _lib.xpi_cube_value(self._p, d, i, ctypes.byref(s))
            out.append(_decode(s.value))  # copied: the pointer dies on the next write
        return out

    def _values_row(self, values):
        dims = self.dims
        if isinstance(values, dict):
            unknown = set(values) - set(dims)
            if unknown:
                raise KeyError(f"unknown dimensions {sorted(unknown)}")
            values = [values.get(d) for d in dims]
        else:
            values = list(values)
        if len(values) != len(dims):
            raise ValueError(f"expected {len(dims)} dimension values, got {len(values)}")
        return [_encode(v) for v in values]

    def add(self, time, values, score, weight=1.0):
        """Adds one response. values: a sequence in dimension order or a
        dict {dimension: value} (absent/None/"" is the missing value)."""
        row = self._values_row(values)
        _lib.xpi_cube_add(self._p, _unix(time), (_c_char_p * max(1, len(row)))(*row), score,
                          weight)
        return self

    def add_batch(self, times, values, scores, weights=None):
        """Adds many responses (xpi_cube_add_batch); values is one row (list
        or dict) per response. Returns the number added."""
        times = [_unix(t) for t in times]
        scores = [int(s) for s in scores]
        n = len(times)
        flat = []
        for v in values:
            flat.extend(self._values_row(v))
        if len(scores) != n or len(flat) != n * len(self.dims):
            raise ValueError("times, values and scores differ in length")
        cw = None
        if weights is not None:
            cw, nw = _doubles(weights)
            if nw != n:
                raise ValueError("weights differ in length")
        added = _c_size()
        _lib.xpi_cube_add_batch(self._p, n, (_c_int64 * n)(*times),
                                (_c_char_p * max(1, len(flat)))(*flat),
                                (_c_int32 * n)(*scores), cw, ctypes.byref(added))
        return added.value

    def intern(self, dim, value):
        i = _c_uint32()
        _lib.xpi_cube_intern(self._p, self.dim_index(dim), _encode(value), ctypes.byref(i))
        return i.value

    def add_ids(self, time, ids, score, weight=1.0):
        ids = list(ids)
        _lib.xpi_cube_add_ids(self._p, _unix(time), (_c_uint32 * max(1, len(ids)))(*ids),
                              score, weight)
        return self

    def add_ids_batch(self, times, ids, scores, weights=None):
        """ids: one sequence of value ids per response."""
        times = [_unix(t) for t in times]
        n = len(times)
        flat = [int(i) for row in ids for i in row]
        cw = None if weights is None else _doubles(weights)[0]
        added = _c_size()
        _lib.xpi_cube_add_ids_batch(self._p, n, (_c_int64 * n)(*times),
                                    (_c_uint32 * max(1, len(flat)))(*flat),
                                    (_c_int32 * n)(*[int(s) for s in scores]), cw,
                                    ctypes.byref(added))
        return added.value

    def merge(self, other):
        _lib.xpi_cube_merge(self._p, other._p)
        return self

    def stats(self):
        r, c, b = _c_uint64(), _c_uint64(), _c_uint64()
        _lib.xpi_cube_stats(self._p, ctypes.byref(r), ctypes.byref(c), ctypes.byref(b))
        return CubeStats(r.value, c.value, b.value)

    @property
    def n(self):
        return self.stats().responses

    def tally(self, query=None):
        """The selected responses as one Tally (xpi_cube_tally)."""
        q = query if query is not None else _NO_QUERY
        return Tally._wrap(_make(_lib.xpi_cube_tally, self._p, q._p), self._keep)

    def breakdown(self, dim, query=None):
        q = query if query is not None else _NO_QUERY
        p = _make(_lib.xpi_cube_breakdown, self._p, self.dim_index(dim), q._p)
        return Table(p, "breakdown", 1, self._keep)

    def crosstab(self, dim_a, dim_b, query=None):
        q = query if query is not None else _NO_QUERY
        p = _make(_lib.xpi_cube_crosstab, self._p, self.dim_index(dim_a), self.dim_index(dim_b),
                 q._p)
        return Table(p, "crosstab", 2, self._keep)

    def decompose(self, dim, a, b):
        p = _make(_lib.xpi_cube_decompose, self._p, self.dim_index(dim), a._p, b._p)
        return Table(p, "decomposition", 1, self._keep)

    def series(self, period=Period.MONTH, query=None):
        q = query if query is not None else _NO_QUERY
        p = _make(_lib.xpi_cube_series, self._p, q._p, int(period))
        return Table(p, "series", 1, self._keep)

    def __repr__(self):
        if self.closed:
            return "<xpi.Cube closed>"
        return f"<xpi.Cube dims={self.dims} n={self.n}>"


# --------------------------------------------------------------------------
# Series of floats, p-values, planning, distributions
# --------------------------------------------------------------------------

def mann_kendall(values, variant=MKVariant.ORIGINAL, seasons=0, *, allocator=None):
    """Mann-Kendall trend test of a sequence of floats (NaN = a gap)."""
    arr, n = _doubles(values)
    out = _TrendTest()
    _lib.xpi_mann_kendall(arr, n, int(variant), seasons, _alloc_arg(allocator),
                          ctypes.byref(out))
    return _from_struct(TrendTest, out)


def sen_slope(values, seasons=0, confidence=0.95, *, allocator=None):
    """Sen's (Theil-Sen) slope per period with its interval."""
    arr, n = _doubles(values)
    out = _Slope()
    _lib.xpi_sen_slope(arr, n, seasons, confidence, _alloc_arg(allocator), ctypes.byref(out))
    return _from_struct(Slope, out)


def wls_slope(values, se, confidence=0.95):
    """Weighted least-squares trend with weights 1 / se^2."""
    arr, n = _doubles(values)
    ses, m = _doubles(se)
    if m != n:
        raise ValueError("values and se differ in length")
    out = _Regression()
    _lib.xpi_wls_slope(arr, ses, n, confidence, ctypes.byref(out))
    return _from_struct(Regression, out)


def p_adjust(pvalues, method=Adjust.BH):
    """Adjusted p-values, in the input's order (xpi_p_adjust)."""
    arr, n = _doubles(pvalues)
    out = (_D * n)()
    _lib.xpi_p_adjust(arr, n, int(method), out, None)
    return list(out)


def unit_variance(stat, high, low=0.0):
    """Per-response variance of a statistic from expected shares in [0, 1]."""
    v = _D()
    _lib.xpi_unit_variance(int(stat), high, low, ctypes.byref(v))
    return v.value


def plan_margin_n(variance, margin, confidence=0.95, design_effect=1.0):
    v = _D()
    _lib.xpi_plan_margin_n(variance, margin, confidence, design_effect, ctypes.byref(v))
    return int(v.value) if v.value < 2 ** 63 else v.value


def plan_group_n(var_a, var_b, difference, alpha=0.05, power=0.8, design_effect=1.0):
    v = _D()
    _lib.xpi_plan_group_n(var_a, var_b, difference, alpha, power, design_effect,
                          ctypes.byref(v))
    return int(v.value) if v.value < 2 ** 63 else v.value


def plan_power(var_a, var_b, difference, n_a, n_b, alpha=0.05, design_effect=1.0):
    v = _D()
    _lib.xpi_plan_power(var_a, var_b, difference, n_a, n_b, alpha, design_effect,
                        ctypes.byref(v))
    return v.value


def plan_mde(var_a, var_b, n_a, n_b, alpha=0.05, power=0.8, design_effect=1.0):
    v = _D()
    _lib.xpi_plan_mde(var_a, var_b, n_a, n_b, alpha, power, design_effect, ctypes.byref(v))
    return v.value


norm_cdf = _lib.xpi_norm_cdf
norm_sf = _lib.xpi_norm_sf
norm_ppf = _lib.xpi_norm_ppf
t_cdf = _lib.xpi_t_cdf
t_sf = _lib.xpi_t_sf
t_ppf = _lib.xpi_t_ppf
chi2_cdf = _lib.xpi_chi2_cdf
chi2_sf = _lib.xpi_chi2_sf
chi2_ppf = _lib.xpi_chi2_ppf
beta_cdf = _lib.xpi_beta_cdf
beta_sf = _lib.xpi_beta_sf
beta_ppf = _lib.xpi_beta_ppf
gamma_cdf = _lib.xpi_gamma_cdf
gamma_sf = _lib.xpi_gamma_sf
gamma_ppf = _lib.xpi_gamma_ppf
binom_cdf = _lib.xpi_binom_cdf
binom_sf = _lib.xpi_binom_sf
binom_ppf = _lib.xpi_binom_ppf
