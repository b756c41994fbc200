#!/usr/bin/env python3
"""Tests of the ctypes binding (xpi.py) against a freshly built libxpi.

    XPI_LIBRARY=/tmp/py-build/lib/libxpi.so.1 python3 examples/python/test_xpi.py

Standard library only (unittest). Expected values are hand formulas written
out here, or the worked examples of ../shared/REFERENCE.md (cited per test).
"""

import datetime as dt
import math
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import xpi  # noqa: E402

Z95 = statistics.NormalDist().inv_cdf(0.975)
UTC = dt.timezone.utc


def month(y, m):
    return int(dt.datetime(y, m, 1, tzinfo=UTC).timestamp())


def nps_tally(d, a, p):
    """An NPS tally of d detractors (score 0), a passives (7), p promoters (10)."""
    t = xpi.Tally.nps()
    t.add_n(0, d).add_n(7, a).add_n(10, p)
    return t


def hand_wald(d, a, p, conf=0.95):
    """REFERENCE.md: NPS +/- z sqrt((p + d - (p - d)^2) / n), in points."""
    n = d + a + p
    ps, ds = p / n, d / n
    z = statistics.NormalDist().inv_cdf(0.5 + conf / 2)
    value = 100 * (ps - ds)
    se = 100 * math.sqrt((ps + ds - (ps - ds) ** 2) / n)
    return value, se, max(-100.0, value - z * se), min(100.0, value + z * se)


def hand_adjusted_wald(d, a, p, conf=0.95):
    """REFERENCE.md: n' = n + 3, p' = (P + .75)/n', d' = (D + .75)/n'."""
    n = d + a + p + 3
    ps, ds = (p + 0.75) / n, (d + 0.75) / n
    z = statistics.NormalDist().inv_cdf(0.5 + conf / 2)
    c = 100 * (ps - ds)
    h = 100 * z * math.sqrt((ps + ds - (ps - ds) ** 2) / n)
    return max(-100.0, c - h), min(100.0, c + h)


class TestLibrary(unittest.TestCase):
    def test_version(self):
        major, minor, patch = (int(x) for x in xpi.version().split("."))
        self.assertEqual(xpi.version_number(), major * 10000 + minor * 100 + patch)
        self.assertEqual(major, xpi.ABI_MAJOR)

    def test_strerror(self):
        self.assertEqual(xpi.strerror(xpi.Status.SCORE_RANGE), "score outside the scale")
        self.assertEqual(xpi.strerror(12345), "unknown status")
        for code in xpi.Status:
            self.assertTrue(xpi.strerror(code))

    def test_missing_library_is_a_clear_error(self):
        env = dict(os.environ, XPI_LIBRARY="/nonexistent/libxpi.so.1")
        r = subprocess.run([sys.executable, "-c", "import xpi"], cwd=HERE, env=env,
                           capture_output=True, text=True, timeout=30)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("XpiLibraryNotFound", r.stderr)
        self.assertIn("/nonexistent/libxpi.so.1", r.stderr)

    def test_struct_layouts_match_the_header(self):
        """Every mirrored struct has the C compiler's size, offsets and field sizes."""
        cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
        include = os.path.normpath(os.path.join(HERE, "..", "..", "include"))
        if cc is None or not os.path.exists(os.path.join(include, "xpi.h")):
            self.skipTest("no C compiler or no include/xpi.h")
        structs = {
            "xpi_allocator": xpi._Allocator, "xpi_estimate": xpi._Estimate,
            "xpi_comparison": xpi._Comparison, "xpi_chi2_test": xpi._Chi2Test,
            "xpi_rank_test": xpi._RankTest, "xpi_trend_test": xpi._TrendTest,
            "xpi_slope": xpi._Slope, "xpi_regression": xpi._Regression,
            "xpi_event": xpi._Event,
        }
        lines = ["#include <stddef.h>", "#include <stdio.h>", "#include <xpi.h>",
                 "int main(void) {"]
        for cname, cls in structs.items():
            lines.append(f'printf("{cname} %zu\\n", sizeof({cname}));')
            for f, _ in cls._fields_:
                lines.append(f'printf("{cname}.{f} %zu %zu\\n", offsetof({cname}, {f}), '
                             f'sizeof((({cname} *)0)->{f}));')
        lines.append("return 0; }")
        with tempfile.TemporaryDirectory() as tmp:
            src, exe = os.path.join(tmp, "layout.c"), os.path.join(tmp, "layout")
            with open(src, "w") as fh:
                fh.write("\n".join(lines))
            subprocess.run([cc, "-std=c99", "-I", include, src, "-o", exe], check=True,
                           timeout=60)
            out = subprocess.run([exe], check=True, capture_output=True, text=True).stdout
        c = {}
        for line in out.splitlines():
            key, *nums = line.split()
            c[key] = tuple(int(x) for x in nums)
        for cname, cls in structs.items():
            self.assertEqual(c[cname], (xpi.ctypes.sizeof(cls),), cname)
            for f, ftype in cls._fields_:
                self.assertEqual(c[f"{cname}.{f}"],
                                 (getattr(cls, f).offset, xpi.ctypes.sizeof(ftype)),
                                 f"{cname}.{f}")


class TestTally(unittest.TestCase):
    def test_presets_and_custom_scale(self):
        with xpi.Tally.nps() as t:
            self.assertEqual(t.scale, (xpi.Metric.NPS, 0, 10, 6, 9, xpi.Stat.NET))
        with xpi.Tally.csat() as t:
            self.assertEqual(t.scale, (xpi.Metric.CSAT, 1, 5, 2, 4, xpi.Stat.TOP))
        with xpi.Tally.ces() as t:
            self.assertEqual(t.scale, (xpi.Metric.CES, 1, 7, 3, 5, xpi.Stat.MEAN))
        with xpi.Tally.custom(1, 10, 4, 8, xpi.Stat.MEAN) as t:
            self.assertEqual(t.scale, (xpi.Metric.CUSTOM, 1, 10, 4, 8, xpi.Stat.MEAN))
            scores = [1, 3, 5, 8, 10, 10, 7]
            t.extend(scores)
            e = t.estimate(method=xpi.Method.WALD)
            self.assertAlmostEqual(e.value, statistics.mean(scores), places=12)
            se = statistics.stdev(scores) / math.sqrt(len(scores))
            self.assertAlmostEqual(e.se, se, places=12)
            self.assertAlmostEqual(e.lower, e.value - Z95 * se, places=9)
            top = t.estimate(xpi.Stat.TOP, xpi.Method.WALD)
            self.assertAlmostEqual(top.value, 100 * 3 / 7, places=12)

    def test_nps_of_hand_made_responses(self):
        scores = [10, 9, 9, 10, 8, 7, 7, 6, 3, 0, 9, 5]
        promoters = sum(s >= 9 for s in scores)
        detractors = sum(s <= 6 for s in scores)
        with xpi.Tally.nps() as t:
            for s in scores:
                t.add(s)
            self.assertEqual(t.n, len(scores))
            self.assertEqual(t.count(9), 3)
            self.assertEqual(t.counts()[10], 2)
            e = t.estimate()
            self.assertAlmostEqual(e.value, 100 * (promoters - detractors) / len(scores),
                                   places=12)
            self.assertEqual(e.n, len(scores))
            self.assertEqual(e.n_eff, len(scores))
            self.assertEqual(t.n_eff, len(scores))
            self.assertAlmostEqual(t.estimate(xpi.Stat.TOP).value,
                                   100 * promoters / len(scores), places=12)
            self.assertAlmostEqual(t.estimate(xpi.Stat.BOTTOM).value,
                                   100 * detractors / len(scores), places=12)
            self.assertAlmostEqual(t.estimate(xpi.Stat.MEAN).value, statistics.mean(scores),
                                   places=12)

    def test_wald_interval_equals_the_hand_formula(self):
        for d, a, p in [(30, 30, 40), (20, 40, 40), (10, 20, 70), (1, 4, 15), (0, 2, 8),
                        (100, 400, 500), (7, 0, 3)]:
            for conf in (0.9, 0.95, 0.99):
                with nps_tally(d, a, p) as t:
                    e = t.estimate(xpi.Stat.NET, xpi.Method.WALD, conf)
                value, se, lo, hi = hand_wald(d, a, p, conf)
                self.assertAlmostEqual(e.value, value, places=10)
                self.assertAlmostEqual(e.se, se, places=10)
                self.assertAlmostEqual(e.lower, lo, places=9, msg=(d, a, p, conf))
                self.assertAlmostEqual(e.upper, hi, places=9, msg=(d, a, p, conf))

    def test_adjusted_wald_equals_the_hand_formula(self):
        for d, a, p in [(30, 30, 40), (1, 4, 15), (0, 2, 8)]:
            with nps_tally(d, a, p) as t:
                e = t.estimate(xpi.Stat.NET, xpi.Method.ADJUSTED_WALD)
            lo, hi = hand_adjusted_wald(d, a, p)
            self.assertAlmostEqual(e.lower, lo, places=9)
            self.assertAlmostEqual(e.upper, hi, places=9)
            self.assertAlmostEqual(e.value, 100 * (p - d) / (d + a + p), places=12)

    def test_reference_nps_intervals(self):
        """REFERENCE.md "Worked 95% intervals" (one decimal)."""
        table = [
            ((30, 30, 40), 10, (-6.3, 26.3), (-6.3, 25.7), (-6.4, 25.8)),
            ((20, 40, 40), 20, (5.3, 34.7), (5.0, 33.9), (4.9, 34.1)),
            ((10, 20, 70), 60, (47.0, 73.0), (45.3, 71.2), (45.2, 71.3)),
            ((1, 4, 15), 70, (45.6, 94.4), (35.3, 86.4), (35.3, 86.8)),
            ((0, 2, 8), 80, (55.2, 104.8), (29.3, 93.8), (30.0, 94.3)),
            ((100, 400, 500), 40, (35.9, 44.1), (35.8, 44.0), (35.8, 44.0)),
        ]
        for counts, nps, wald, adj, score in table:
            with nps_tally(*counts) as t:
                for method, (lo, hi) in ((xpi.Method.WALD, wald),
                                         (xpi.Method.ADJUSTED_WALD, adj),
                                         (xpi.Method.SCORE, score)):
                    e = t.estimate(xpi.Stat.NET, method)
                    self.assertAlmostEqual(e.value, nps, places=10)
                    self.assertLessEqual(abs(e.lower - lo), 0.05 + 1e-9, (counts, method))
                    # The library clips to [-100, 100]: Wald's 104.8 reads 100.
                    self.assertLessEqual(abs(e.upper - min(hi, 100.0)), 0.05 + 1e-9,
                                         (counts, method))

    def test_reference_proportion_intervals(self):
        """REFERENCE.md "Proportions": 81/100 at 95% (statsmodels), in percent."""
        expected = {
            xpi.Method.WALD: (0.733110, 0.886890),
            xpi.Method.SCORE: (0.722212, 0.874852),
            xpi.Method.ADJUSTED_WALD: (0.721386, 0.875678),
            xpi.Method.CLOPPER_PEARSON: (0.719302, 0.881557),
            xpi.Method.JEFFREYS: (0.724903, 0.877460),
            xpi.Method.DEFAULT: (0.722212, 0.874852),  # Wilson
        }
        with xpi.Tally.csat() as t:
            t.add_n(5, 50).add_n(4, 31).add_n(3, 10).add_n(1, 9)
            for method, (lo, hi) in expected.items():
                e = t.estimate(xpi.Stat.TOP, method)
                self.assertAlmostEqual(e.value, 81.0, places=12)
                self.assertAlmostEqual(e.lower, 100 * lo, delta=1e-4, msg=method)
                self.assertAlmostEqual(e.upper, 100 * hi, delta=1e-4, msg=method)
            self.assertEqual(t.estimate().value, 81.0)  # CSAT's headline: top-box

    def test_reference_mean_interval(self):
        """REFERENCE.md "Means": CES 7x20 ... 1x3, mean 5.15, t CI [4.841863, 5.458137]."""
        with xpi.Tally.ces() as t:
            for score, count in ((7, 20), (6, 30), (5, 20), (4, 15), (3, 8), (2, 4), (1, 3)):
                t.add_n(score, count)
            for method in (xpi.Method.DEFAULT, xpi.Method.T):
                e = t.estimate(xpi.Stat.MEAN, method)
                self.assertAlmostEqual(e.value, 5.15, places=12)
                self.assertAlmostEqual(e.lower, 4.841863, delta=1e-6)
                self.assertAlmostEqual(e.upper, 5.458137, delta=1e-6)

    def test_weighted_reference_example(self):
        """REFERENCE.md "Weights": NPS_w 0.102222, SE_lin 0.0921764, n_eff 81.0."""
        scores = [0] * 30 + [7] * 30 + [10] * 40
        weights = [(1, 1, 2, 0.5)[i % 4] for i in range(100)]
        with xpi.Tally.nps() as a, xpi.Tally.nps() as b:
            a.extend(scores, weights)
            for s, w in zip(scores, weights):
                b.add(s, w)
            for t in (a, b):
                e = t.estimate(xpi.Stat.NET, xpi.Method.WALD)
                self.assertAlmostEqual(e.value, 10.2222222222, places=8)
                self.assertAlmostEqual(e.se, 9.21764, delta=1e-4)
                self.assertAlmostEqual(e.n_eff, 81.0, places=9)
                self.assertEqual(e.n, 100)
                self.assertAlmostEqual(t.n_eff, 81.0, places=9)
                self.assertAlmostEqual(e.lower, e.value - Z95 * e.se, places=9)
            self.assertEqual(a.to_bytes(), b.to_bytes())
            sw, sw2 = a.weights(10)
            self.assertEqual(sw, sum(w for s, w in zip(scores, weights) if s == 10))
            self.assertEqual(sw2, sum(w * w for s, w in zip(scores, weights) if s == 10))

    def test_merge_equals_pooled_data(self):
        rng = random.Random(7)
        scores = [rng.randrange(11) for _ in range(500)]
        with xpi.Tally.nps() as whole, xpi.Tally.nps() as a, xpi.Tally.nps() as b:
            whole.extend(scores)
            a.extend(scores[:200])
            b.extend(scores[200:])
            a.merge(b)
            self.assertEqual(a.n, 500)
            self.assertEqual(a.counts(), whole.counts())
            self.assertEqual(a.estimate(), whole.estimate())
            a += a  # dst == src doubles it
            self.assertEqual(a.n, 1000)
            self.assertAlmostEqual(a.estimate().value, whole.estimate().value, places=12)
        # An NPS tally merges with a custom 0..10 tally of the same bands.
        with nps_tally(1, 1, 1) as n, xpi.Tally.custom(0, 10, 6, 9, xpi.Stat.NET) as c:
            c.add(10)
            n.merge(c)
            self.assertEqual(n.count(10), 2)

    def test_clone_and_reset(self):
        with nps_tally(3, 3, 4) as t:
            c = t.copy()
            c.add(10)
            self.assertEqual((t.n, c.n), (10, 11))
            t.reset()
            self.assertEqual(t.n, 0)
            self.assertEqual(t.scale.metric, xpi.Metric.NPS)
            self.assertEqual(c.n, 11)
            c.close()

    def test_serialization_round_trip_preserves_estimates(self):
        rng = random.Random(11)
        scores = [rng.randrange(11) for _ in range(300)]
        weights = [rng.choice([0.5, 1.0, 1.5, 3.0]) for _ in scores]
        for w in (None, weights):
            with xpi.Tally.nps() as t:
                t.extend(scores, w)
                data = t.to_bytes()
                self.assertIsInstance(data, bytes)
                with xpi.Tally.from_bytes(data) as u:
                    self.assertEqual(u.to_bytes(), data)
                    self.assertEqual(u.scale, t.scale)
                    self.assertEqual(u.n, t.n)
                    for stat in xpi.Stat:
                        for method in (xpi.Method.DEFAULT, xpi.Method.WALD,
                                       xpi.Method.BOOTSTRAP, xpi.Method.BAYES):
                            self.assertEqual(u.estimate(stat, method),
                                             t.estimate(stat, method), (w is None, stat, method))
        with xpi.Tally.custom(-5, 5, -1, 2, xpi.Stat.BOTTOM) as t:
            t.extend([-5, 0, 5, 2])
            with xpi.Tally.from_bytes(t.to_bytes()) as u:
                self.assertEqual(u.scale, t.scale)
                self.assertEqual(u.estimate(), t.estimate())

    def test_serialization_errors(self):
        with nps_tally(1, 2, 3) as t:
            data = t.to_bytes()
            length = xpi.ctypes.c_size_t()
            # The buffer protocol: too small writes nothing and reports the size.
            buf = xpi.ctypes.create_string_buffer(len(data) - 1)
            status = xpi._lib.xpi_tally_serialize(t._p, buf, len(buf), xpi.ctypes.byref(length))
            self.assertEqual(status, xpi.Status.BUFFER_TOO_SMALL)
            self.assertEqual(length.value, len(data))
        for bad in (b"", data[:-1], data + b"\0", bytes([data[0] ^ 0xFF]) + data[1:],
                    data[:20] + bytes([data[20] ^ 1]) + data[21:]):
            with self.assertRaises(xpi.XpiError) as cm:
                xpi.Tally.from_bytes(bad)
            self.assertEqual(cm.exception.code, xpi.Status.MALFORMED)

    def test_error_paths_raise_xpi_error_with_the_right_code(self):
        with xpi.Tally.nps() as t:
            with self.assertRaises(xpi.XpiError) as cm:
                t.add(11)
            e = cm.exception
            self.assertIs(e.code, xpi.Status.SCORE_RANGE)
            self.assertEqual(e.message, xpi.strerror(-3))
            self.assertEqual(e.function, "xpi_tally_add")
            self.assertIn("score outside the scale", str(e))
            self.assertEqual(t.n, 0)  # a failed call changes nothing
            with self.assertRaises(xpi.XpiError) as cm:
                t.add(-1)
            self.assertEqual(cm.exception.code, xpi.Status.SCORE_RANGE)
            with self.assertRaises(xpi.XpiError) as cm:
                t.extend([1, 2, 99, 3])  # atomic: nothing added
            self.assertEqual(cm.exception.code, xpi.Status.SCORE_RANGE)
            self.assertEqual(t.n, 0)
            with self.assertRaises(xpi.XpiError) as cm:
                t.estimate()
            self.assertEqual(cm.exception.code, xpi.Status.NOT_ENOUGH_DATA)
            t.add(5)
            for bad in (dict(confidence=1.5), dict(confidence=0.0), dict(stat=99),
                        dict(method=42)):
                with self.assertRaises(xpi.XpiError) as cm:
                    t.estimate(**bad)
                self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG, bad)
            for bad_weight in (0.0, -1.0, float("nan"), float("inf"), 1e-200):
                with self.assertRaises(xpi.XpiError) as cm:
                    t.add(5, bad_weight)
                self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)
            with self.assertRaises(xpi.XpiError) as cm:
                t.count(42)
            self.assertEqual(cm.exception.code, xpi.Status.SCORE_RANGE)
            with self.assertRaises(xpi.XpiError) as cm:
                t.estimate(xpi.Stat.NET, xpi.Method.T)
            self.assertEqual(cm.exception.code, xpi.Status.NOT_APPLICABLE)
            with xpi.Tally.csat() as c:
                c.add(3)
                with self.assertRaises(xpi.XpiError) as cm:
                    t.merge(c)
                self.assertEqual(cm.exception.code, xpi.Status.SCALE_MISMATCH)
                with self.assertRaises(xpi.XpiError) as cm:
                    t.compare(c)
                self.assertEqual(cm.exception.code, xpi.Status.SCALE_MISMATCH)
        with xpi.Tally.ces() as t:
            t.extend([1, 5, 7])
            with self.assertRaises(xpi.XpiError) as cm:
                t.estimate(xpi.Stat.MEAN, xpi.Method.CLOPPER_PEARSON)
            self.assertEqual(cm.exception.code, xpi.Status.NOT_APPLICABLE)
        for args in ((5, 1, 3, 4), (0, 10, 6, 5), (0, 2000, 5, 6)):
            with self.assertRaises(xpi.XpiError) as cm:
                xpi.Tally.custom(*args)
            self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)
        with self.assertRaises(xpi.XpiError) as cm:
            xpi.Tally(99)
        self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)
        err = xpi.XpiError(-77, xpi.strerror(-77))
        self.assertEqual(err.code, -77)  # unknown codes stay ints

    def test_compare_two_groups(self):
        """REFERENCE.md "Two independent NPS values": A = 30/30/40, B = 20/30/50."""
        with nps_tally(30, 30, 40) as a, nps_tally(20, 30, 50) as b:
            c = b.compare(a, xpi.Stat.NET, xpi.Method.WALD)
            va, vb = 0.4 + 0.3 - 0.1 ** 2, 0.5 + 0.2 - 0.3 ** 2
            se = 100 * math.sqrt(va / 100 + vb / 100)
            self.assertAlmostEqual(c.difference, 20.0, places=10)
            self.assertAlmostEqual(c.se, se, places=10)
            self.assertAlmostEqual(c.se, 11.4018, delta=1e-4)
            self.assertAlmostEqual(c.statistic, 20.0 / se, places=10)
            self.assertAlmostEqual(c.statistic, 1.7541, delta=1e-4)
            p = 2 * (1 - statistics.NormalDist().cdf(20.0 / se))
            self.assertAlmostEqual(c.p_value, p, places=10)
            self.assertAlmostEqual(c.p_value, 0.0794, delta=1e-4)
            self.assertAlmostEqual(c.lower, 20 - Z95 * se, places=9)
            self.assertAlmostEqual(c.upper, 20 + Z95 * se, places=9)
            self.assertTrue(math.isnan(c.df))  # a z test
            rev = a.compare(b, xpi.Stat.NET, xpi.Method.WALD)
            self.assertAlmostEqual(rev.difference, -20.0, places=10)
            self.assertAlmostEqual(rev.p_value, c.p_value, places=12)
            for method in (xpi.Method.DEFAULT, xpi.Method.SCORE, xpi.Method.ADJUSTED_WALD):
                r = b.compare(a, xpi.Stat.NET, method)
                self.assertAlmostEqual(r.difference, 20.0, places=10)
                self.assertLess(r.lower, 20.0)
                self.assertGreater(r.upper, 20.0)
                self.assertTrue(0.0 < r.p_value < 1.0)

    def test_test_value_against_a_target(self):
        with nps_tally(30, 30, 40) as t:
            r = t.test_value(30.0, xpi.Stat.NET, xpi.Method.WALD)
            _, se, lo, hi = hand_wald(30, 30, 40)
            self.assertAlmostEqual(r.difference, -20.0, places=10)
            self.assertAlmostEqual(r.statistic, -20.0 / se, places=9)
            self.assertAlmostEqual(r.lower, lo - 30.0, places=9)
            with self.assertRaises(xpi.XpiError) as cm:
                t.test_value(150.0, xpi.Stat.NET)
            self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)

    def test_resampling_is_deterministic(self):
        with nps_tally(30, 30, 40) as t, nps_tally(20, 30, 50) as u:
            a = t.bootstrap(seed=5, replicates=500)
            self.assertEqual(a, t.bootstrap(seed=5, replicates=500))
            self.assertEqual(a.value, 10.0)
            self.assertLess(a.lower, 10.0)
            b = t.bayes(seed=3, draws=2000)
            self.assertEqual(b, t.bayes(seed=3, draws=2000))
            p = u.prob_greater(t, seed=9, draws=2000)
            self.assertEqual(p, u.prob_greater(t, seed=9, draws=2000))
            self.assertTrue(0.9 < p < 1.0)

    def test_mann_whitney_and_chi2_match_hand_computation(self):
        a_scores = [10, 9, 9, 8, 3, 7, 10, 2]
        b_scores = [5, 6, 9, 7, 7, 0, 4]
        with xpi.Tally.nps() as a, xpi.Tally.nps() as b:
            a.extend(a_scores)
            b.extend(b_scores)
            r = a.mann_whitney(b)
            u = sum((x > y) + 0.5 * (x == y) for x in a_scores for y in b_scores)
            self.assertAlmostEqual(r.u, u, places=12)
            self.assertAlmostEqual(r.auc, u / (len(a_scores) * len(b_scores)), places=12)
            self.assertAlmostEqual(b.mann_whitney(a).auc, 1 - r.auc, places=12)
            # Pearson's X^2 over the bands (detractors, passives, promoters).
            rows = [[sum(s <= 6 for s in g), sum(7 <= s <= 8 for s in g),
                     sum(s >= 9 for s in g)] for g in (a_scores, b_scores)]
            total = sum(map(sum, rows))
            cols = [sum(r[j] for r in rows) for j in range(3)]
            x2 = sum((rows[i][j] - sum(rows[i]) * cols[j] / total) ** 2
                     / (sum(rows[i]) * cols[j] / total) for i in range(2) for j in range(3))
            test = xpi.chi2([a, b])
            self.assertAlmostEqual(test.statistic, x2, places=12)
            self.assertEqual(test.df, 2)
            self.assertEqual(test.categories, 3)
            self.assertTrue(test.small_expected)
            self.assertAlmostEqual(test.p_value, math.exp(-x2 / 2), places=12)  # chi2(2) sf

    def test_unit_variance(self):
        with nps_tally(30, 30, 40) as t:
            v = t.unit_variance(xpi.Stat.NET)
            self.assertAlmostEqual(v.variance, 1e4 * (0.7 - 0.01), places=8)
            self.assertEqual(v.design_effect, 1.0)


class TestHandles(unittest.TestCase):
    def test_close_is_idempotent_and_closed_handles_refuse_work(self):
        t = xpi.Tally.nps()
        t.close()
        t.close()
        self.assertTrue(t.closed)
        with self.assertRaises(ValueError):
            t.add(5)
        with xpi.Cube(xpi.Metric.CSAT, ["x"]) as c:
            pass
        self.assertTrue(c.closed)

    def test_every_allocation_is_freed_through_a_python_allocator(self):
        alloc = xpi.Allocator()
        cube = xpi.Cube(xpi.Metric.NPS, ["region"], allocator=alloc)
        for i in range(50):
            cube.add(month(2026, 1 + i % 3), ["EU" if i % 2 else "US"], i % 11)
        t = xpi.Tally.nps(allocator=alloc).add(5)
        clone = t.copy()
        q = xpi.Query(allocator=alloc, min_n=1)
        table = cube.breakdown("region", q)
        series = cube.series(xpi.Period.MONTH, q)
        from_cube = cube.tally(q)
        self.assertGreater(alloc.live, 0)
        cube.close()  # the derived objects outlive the cube and keep its allocator
        self.assertEqual(sorted(table.labels()), ["EU", "US"])
        self.assertEqual(from_cube.n, 50)
        self.assertEqual(len(series), 3)
        for h in (t, clone, q, table, series, from_cube):
            h.close()
        self.assertEqual(alloc.live, 0)
        self.assertEqual(alloc.allocs, alloc.frees)
        # __del__ frees too (CPython frees at the last reference).
        t = xpi.Tally.ces(allocator=alloc)
        self.assertGreater(alloc.live, 0)
        del t
        self.assertEqual(alloc.live, 0)
        # realloc may be NULL.
        a2 = xpi.Allocator(use_realloc=False)
        with xpi.Cube(xpi.Metric.NPS, ["k"], allocator=a2) as c:
            for i in range(200):
                c.add(0, [str(i)], 5)
            self.assertEqual(len(c.values("k")), 201)
        self.assertEqual(a2.live, 0)


def sample_cube():
    """A small deterministic cube: region x channel, Jan and Mar 2026."""
    rng = random.Random(42)
    cube = xpi.Cube(xpi.Metric.NPS, ["region", "channel"])
    rows = []
    for m in (1, 3):
        for i in range(150):
            region = rng.choice(["EU", "US", "APAC"])
            channel = rng.choice(["email", "chat", None])
            score = rng.randrange(11)
            t = month(2026, m) + rng.randrange(25 * 86400)
            rows.append((t, region, channel, score))
            cube.add(t, {"region": region, "channel": channel}, score)
    return cube, rows


class TestCube(unittest.TestCase):
    def setUp(self):
        self.cube, self.rows = sample_cube()
        self.addCleanup(self.cube.close)

    def test_layout_and_values(self):
        c = self.cube
        self.assertEqual(c.dims, ["region", "channel"])
        self.assertEqual(c.values("region")[0], "")  # XPI_MISSING is id 0
        self.assertEqual(set(c.values("region")[1:]), {"EU", "US", "APAC"})
        self.assertEqual(set(c.values(1)), {"", "email", "chat"})
        self.assertEqual(c.stats().responses, 300)
        self.assertEqual(c.n, 300)
        self.assertEqual(c.intern("region", "EU"), c.values("region").index("EU"))
        with self.assertRaises(KeyError):
            c.dim_index("nope")

    def test_breakdown_rows_sum_to_the_overall_n(self):
        q = xpi.Query(method=xpi.Method.WALD)
        with self.cube.breakdown("region", q) as tb:
            self.assertEqual(len(tb), 3)
            self.assertEqual(tb.kind, "breakdown")
            rows = tb.to_dicts()
            self.assertEqual(sum(r["n"] for r in rows), 300)
            self.assertEqual(tb.figure(xpi.Figure.N), 300)
            self.assertAlmostEqual(sum(r["share"] for r in rows), 100.0, places=9)
            with self.cube.tally(q) as overall:
                self.assertAlmostEqual(tb.figure(xpi.Figure.ESTIMATE),
                                       overall.estimate().value, places=10)
            for r in rows:
                region = r["label"]
                mine = [s for _, reg, _, s in self.rows if reg == region]
                self.assertEqual(r["n"], len(mine))
                self.assertEqual(r["id"], self.cube.values("region").index(region))
                nps = 100 * (sum(s >= 9 for s in mine) - sum(s <= 6 for s in mine)) / len(mine)
                self.assertAlmostEqual(r["estimate"], nps, places=10)
                with self.cube.tally(xpi.Query(filters={"region": region})) as seg:
                    e = seg.estimate(method=xpi.Method.WALD)
                    self.assertEqual((r["lower"], r["upper"]), (e.lower, e.upper))
                self.assertAlmostEqual(r["diff"], r["estimate"] - r["rest"], places=10)
            figures = tb.figures()
            self.assertEqual(figures[xpi.Figure.CHI2_DF], 4)  # (3 - 1) (3 - 1)
            self.assertNotIn(xpi.Figure.CHANGE, figures)
            # Sorting changes the presentation order only.
            tb.sort(xpi.Column.ESTIMATE, descending=True)
            est = tb.column(xpi.Column.ESTIMATE)
            self.assertEqual(est, sorted(est, reverse=True))
            with self.assertRaises(xpi.XpiError) as cm:
                tb.get(0, xpi.Column.ROLLING)
            self.assertEqual(cm.exception.code, xpi.Status.NOT_APPLICABLE)
            with self.assertRaises(xpi.XpiError) as cm:
                tb.get(3, xpi.Column.N)
            self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)

    def test_crosstab_and_decomposition(self):
        with self.cube.crosstab("region", "channel") as tb:
            rows = tb.to_dicts()
            self.assertEqual(sum(r["n"] for r in rows), 300)
            self.assertTrue(all(len(r["label"]) == 2 for r in rows))
            self.assertIn("", {r["label"][1] for r in rows})  # the missing channel
        a = xpi.Query(time=(month(2026, 1), month(2026, 2)))
        b = xpi.Query(time=(month(2026, 3), month(2026, 4)))
        with self.cube.decompose("region", a, b) as tb:
            f = tb.figures()
            self.assertAlmostEqual(f[xpi.Figure.CHANGE],
                                   f[xpi.Figure.ESTIMATE_B] - f[xpi.Figure.ESTIMATE_A], places=9)
            rate = sum(tb.column(xpi.Column.RATE_EFFECT))
            mix = sum(tb.column(xpi.Column.MIX_EFFECT))
            self.assertAlmostEqual(rate + mix, f[xpi.Figure.CHANGE], places=9)

    def test_series_by_month(self):
        q = xpi.Query(method=xpi.Method.WALD)
        with self.cube.series(xpi.Period.MONTH, q) as s:
            self.assertEqual(s.labels(), ["2026-01", "2026-02", "2026-03"])
            rows = s.to_dicts()
            self.assertEqual([r["period_start"] for r in rows],
                             [month(2026, 1), month(2026, 2), month(2026, 3)])
            self.assertEqual([r["n"] for r in rows], [150, 0, 150])
            self.assertTrue(math.isnan(rows[1]["estimate"]))  # an empty month is kept
            for r, m in ((rows[0], 1), (rows[2], 3)):
                qm = xpi.Query(time=(month(2026, m), month(2026, m + 1)))
                with self.cube.tally(qm) as t:
                    e = t.estimate(method=xpi.Method.WALD)
                self.assertEqual((r["estimate"], r["lower"], r["upper"]),
                                 (e.value, e.lower, e.upper))
            self.assertEqual(s.figure(xpi.Figure.N), 300)

    def test_add_batch_ids_merge_and_serialize(self):
        times = [r[0] for r in self.rows]
        values = [[r[1], r[2]] for r in self.rows]
        scores = [r[3] for r in self.rows]
        with xpi.Cube(xpi.Metric.NPS, ["region", "channel"]) as c2:
            self.assertEqual(c2.add_batch(times, values, scores), 300)
            self.assertEqual(c2.to_bytes(), self.cube.to_bytes())
            with self.assertRaises(xpi.XpiError) as cm:
                c2.add_batch(times[:2], values[:2], [5, 12])  # atomic batch
            self.assertEqual(cm.exception.code, xpi.Status.SCORE_RANGE)
            self.assertEqual(c2.n, 300)
            c2.merge(self.cube)
            self.assertEqual(c2.n, 600)
        with xpi.Cube.from_bytes(self.cube.to_bytes()) as c3:
            self.assertEqual(c3.dims, self.cube.dims)
            self.assertEqual(c3.values(0), self.cube.values(0))
            with c3.breakdown(0) as x, self.cube.breakdown(0) as y:
                self.assertEqual(repr(x.to_dicts()), repr(y.to_dicts()))
        with xpi.Cube(xpi.Metric.NPS, ["region", "channel"]) as c4:
            ids = [[c4.intern(0, r[1]), c4.intern(1, r[2])] for r in self.rows]
            self.assertEqual(c4.add_ids_batch(times, ids, scores), 300)
            self.assertEqual(c4.tally().counts(), self.cube.tally().counts())
            c4.add_ids(times[0], [0, 0], 10)
            with self.assertRaises(xpi.XpiError) as cm:
                c4.add_ids(times[0], [999, 0], 10)
            self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)

    def test_cube_errors(self):
        c = self.cube
        with self.assertRaises(xpi.XpiError) as cm:
            c.add(0, ["EU", "chat"], 11)
        self.assertEqual(cm.exception.code, xpi.Status.SCORE_RANGE)
        with self.assertRaises(xpi.XpiError) as cm:
            c.add(xpi.TIME_MAX + 1, ["EU", "chat"], 5)
        self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)
        with self.assertRaises(xpi.XpiError) as cm:
            c.add(0, ["x" * 256, "chat"], 5)
        self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)
        self.assertEqual(c.n, 300)
        with self.assertRaises(xpi.XpiError) as cm:
            c.breakdown(0, xpi.Query(filters={"nope": "x"}))
        self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)
        with self.assertRaises(xpi.XpiError) as cm:
            c.breakdown(0, xpi.Query(method=xpi.Method.BOOTSTRAP))
        self.assertEqual(cm.exception.code, xpi.Status.NOT_APPLICABLE)
        with self.assertRaises(xpi.XpiError) as cm:
            c.set_time(3600)  # not empty
        self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)
        with self.assertRaises(xpi.XpiError) as cm:
            xpi.Cube(xpi.Metric.NPS, ["a", "a"])
        self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)
        with self.assertRaises(xpi.XpiError) as cm:
            xpi.Cube(xpi.Metric.NPS, ["a"]).merge(xpi.Cube(xpi.Metric.NPS, ["b"]))
        self.assertEqual(cm.exception.code, xpi.Status.SCALE_MISMATCH)

    def test_query_parameters(self):
        with xpi.Query() as q:
            self.assertEqual(q[xpi.QueryParam.CONFIDENCE], 0.95)
            self.assertEqual(q[xpi.QueryParam.ADJUST], xpi.Adjust.BH)
            self.assertEqual(q[xpi.QueryParam.MIN_N], 30)
            self.assertEqual(q[xpi.QueryParam.WINDOW], 3)
            q[xpi.QueryParam.CONFIDENCE] = 0.9
            self.assertEqual(q[xpi.QueryParam.CONFIDENCE], 0.9)
            with self.assertRaises(xpi.XpiError) as cm:
                q[xpi.QueryParam.CONFIDENCE] = 1.0
            self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)
            q.reset()
            self.assertEqual(q.params()[xpi.QueryParam.CONFIDENCE], 0.95)
            with self.assertRaises(xpi.XpiError) as cm:
                q.set_time(10, 10)
            self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)
        self.assertEqual(xpi.Query(stat=xpi.Stat.TOP)[xpi.QueryParam.STAT], xpi.Stat.TOP)
        with self.assertRaises(TypeError):
            xpi.Query(bogus=1)


class TestEvents(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # 24 months of 200 NPS responses from 2025-01, NPS ~32, and from
        # month 15 (2026-03) a sustained drop to ~8 (as examples/trend.c, with
        # a larger drop so that where it starts is beyond doubt).
        rng = random.Random(2026)
        cls.cube = xpi.Cube(xpi.Metric.NPS, ["region"])
        times, values, scores = [], [], []
        for m in range(24):
            start = month(2025 + m // 12, m % 12 + 1)
            low, high = (0.34, 0.42) if m >= 14 else (0.22, 0.54)
            for _ in range(200):
                u, v = rng.random(), rng.random()
                s = int(v * 7) if u < low else 7 + int(v * 2) if u < 1 - high else 9 + int(v * 2)
                times.append(start + int(v * 20 * 86400))
                values.append([rng.choice(["EU", "US"])])
                scores.append(s)
        cls.cube.add_batch(times, values, scores)

    @classmethod
    def tearDownClass(cls):
        cls.cube.close()

    @staticmethod
    def key(e):
        return tuple("nan" if isinstance(x, float) and math.isnan(x) else x
                     for x in (e.kind, e.direction, e.row, e.period_start, e.magnitude,
                               e.evidence, e.p_value))

    def test_shift_is_found_and_events_iterate(self):
        seen = []
        with self.cube.series(xpi.Period.MONTH) as s:
            self.assertEqual(len(s), 24)
            with s.events(callback=seen.append) as ev:
                events = ev.event_list()
                self.assertEqual(len(events), 1)
                e = events[0]
                self.assertIs(e.kind, xpi.EventKind.SHIFT)
                self.assertEqual(e.direction, -1)
                self.assertEqual(e.row, 14)
                self.assertEqual(s.label(e.row), "2026-03")
                self.assertEqual(e.period_start, month(2026, 3))
                # SHIFT magnitude: the level after minus the level before.
                before = xpi.Query(time=(month(2025, 1), month(2026, 3)))
                after = xpi.Query(time=(month(2026, 3), month(2027, 1)))
                with self.cube.tally(before) as b, self.cube.tally(after) as a:
                    self.assertAlmostEqual(e.magnitude, a.estimate().value - b.estimate().value,
                                           places=9)
                self.assertTrue(math.isnan(e.p_value))
                self.assertEqual([self.key(x) for x in seen], [self.key(e)])
                row = ev.to_dicts()[0]
                self.assertEqual(row["label"], "2026-03")
                self.assertEqual(row["event_kind"], xpi.EventKind.SHIFT)
                self.assertEqual(row["event_row"], 14)
                self.assertEqual(row["magnitude"], e.magnitude)
            with s.changes() as ch:
                self.assertEqual(ch.labels(), ["2026-03"])
                self.assertLess(ch.get(0, xpi.Column.DIFF), 0)
            with s.chart(xpi.Chart.CUSUM) as chart:
                self.assertEqual(len(chart), 24)
                self.assertGreater(chart.figure(xpi.Figure.SIGNALS), 0)

    def test_callback_exception_is_reraised(self):
        def boom(event):
            raise RuntimeError("from the callback")
        with self.cube.series(xpi.Period.MONTH) as s:
            with self.assertRaisesRegex(RuntimeError, "from the callback"):
                s.events(callback=boom)

    def test_quiet_series_from_tallies(self):
        tallies = []
        for i in range(12):
            t = xpi.Tally.nps()
            t.add_n(0, 20).add_n(7, 30).add_n(10, 50)
            tallies.append(t)
        tallies[5] = None  # a period without data
        with xpi.series_from_tallies(tallies) as s:
            self.assertEqual(s.labels(), [str(i) for i in range(1, 13)])
            self.assertEqual(s.get(5, xpi.Column.N), 0)
            self.assertTrue(math.isnan(s.get(0, xpi.Column.PERIOD_START)))
            with s.events() as ev:
                self.assertEqual(len(ev), 0)
        for t in tallies:
            if t is not None:
                t.close()


class TestTrends(unittest.TestCase):
    def test_mann_kendall_increasing_series(self):
        for n in (2, 3, 10, 57):
            values = [0.5 * i * i + 1 for i in range(n)]
            r = xpi.mann_kendall(values)
            self.assertEqual(r.s, n * (n - 1) / 2)
            self.assertEqual(r.n, n)
            self.assertEqual(r.tau, 1.0)
            var = n * (n - 1) * (2 * n + 5) / 18
            self.assertAlmostEqual(r.var_s, var, places=9)
            self.assertAlmostEqual(r.z, (r.s - 1) / math.sqrt(var), places=12)
            self.assertAlmostEqual(r.p_value,
                                   2 * (1 - statistics.NormalDist().cdf(r.z)), places=12)
            self.assertEqual(xpi.mann_kendall(values[::-1]).s, -n * (n - 1) / 2)

    def test_mann_kendall_ties_and_gaps(self):
        values = [1.0, 2.0, 2.0, float("nan"), 3.0, 2.0]
        r = xpi.mann_kendall(values)
        used = [v for v in values if not math.isnan(v)]
        n = len(used)
        s = sum((used[j] > used[i]) - (used[j] < used[i])
                for i in range(n) for j in range(i + 1, n))
        ties = [used.count(v) for v in set(used)]
        var = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties)) / 18
        self.assertEqual((r.n, r.s), (n, s))
        self.assertAlmostEqual(r.var_s, var, places=12)
        with self.assertRaises(xpi.XpiError) as cm:
            xpi.mann_kendall([1.0])
        self.assertEqual(cm.exception.code, xpi.Status.NOT_ENOUGH_DATA)
        with self.assertRaises(xpi.XpiError) as cm:
            xpi.mann_kendall([1.0, float("inf"), 2.0])
        self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)
        seasonal = xpi.mann_kendall([1, 5, 2, 6, 3, 7], xpi.MKVariant.SEASONAL, seasons=2)
        self.assertEqual(seasonal.s, 6)  # 3 + 3 pairs, all increasing
        with self.assertRaises(xpi.XpiError) as cm:
            xpi.mann_kendall([1, 2, 3], seasons=2)  # seasons only with SEASONAL
        self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)

    def test_sen_slope_of_an_exact_line(self):
        for slope, intercept, n in ((2.5, 3.0, 10), (-0.75, 40.0, 31), (0.0, 7.0, 5)):
            values = [intercept + slope * i for i in range(n)]
            r = xpi.sen_slope(values)
            self.assertEqual(r.slope, slope)
            self.assertEqual((r.lower, r.upper), (slope, slope))
            self.assertAlmostEqual(r.intercept, intercept, places=12)
            self.assertEqual(r.n, n)
        gappy = [1.0, 3.0, float("nan"), 7.0, 9.0]  # the gap still counts as a period
        r = xpi.sen_slope(gappy)
        self.assertEqual((r.n, r.slope), (4, 2.0))
        noisy = [1.0, 4.0, 2.0, 8.0, 5.0]
        pairs = sorted((noisy[j] - noisy[i]) / (j - i) for i in range(5) for j in range(i + 1, 5))
        self.assertEqual(xpi.sen_slope(noisy).slope, statistics.median(pairs))
        with self.assertRaises(xpi.XpiError) as cm:
            xpi.sen_slope([1.0, 2.0], confidence=1.0)
        self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)

    def test_wls_slope_with_equal_weights_is_ols(self):
        ys = [3.0, 4.1, 5.2, 5.8, 7.4, 7.9, 9.3]
        xs = list(range(len(ys)))
        mx, my = statistics.mean(xs), statistics.mean(ys)
        sxx = sum((x - mx) ** 2 for x in xs)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
        a = my - b * mx
        resid = [y - a - b * x for x, y in zip(xs, ys)]
        se = math.sqrt(sum(r * r for r in resid) / (len(ys) - 2) / sxx)
        r = xpi.wls_slope(ys, [2.0] * len(ys))
        self.assertAlmostEqual(r.slope, b, places=12)
        self.assertAlmostEqual(r.intercept, a, places=12)
        self.assertAlmostEqual(r.se, se, places=12)
        self.assertEqual(r.df, len(ys) - 2)
        self.assertAlmostEqual(r.lower, b - xpi.t_ppf(0.975, r.df) * se, places=12)

    def test_p_adjust(self):
        p = [0.01, 0.04, 0.03, 0.2]
        self.assertEqual(xpi.p_adjust(p, xpi.Adjust.BONFERRONI),
                         [min(1.0, 4 * x) for x in p])
        # BH by hand: sorted .01 .03 .04 .2 -> m p / j = .04 .06 .0533 .2, then
        # the running minimum from the top.
        bh = xpi.p_adjust(p, xpi.Adjust.BH)
        for got, want in zip(bh, [0.04, 0.04 * 4 / 3, 0.04 * 4 / 3, 0.2]):
            self.assertAlmostEqual(got, want, places=15)
        holm = xpi.p_adjust(p, xpi.Adjust.HOLM)
        for got, want in zip(holm, [0.04, 0.09, 0.09, 0.2]):
            self.assertAlmostEqual(got, want, places=15)
        with self.assertRaises(xpi.XpiError) as cm:
            xpi.p_adjust([0.5, 1.5])
        self.assertEqual(cm.exception.code, xpi.Status.INVALID_ARG)


class TestPlanningAndDistributions(unittest.TestCase):
    def test_reference_sample_sizes(self):
        """REFERENCE.md "Sample size and power (NPS, 95%)"."""
        for (p, d), m5, m3 in (((1 / 3, 1 / 3), 1025, 2846), ((0.5, 0.2), 938, 2604),
                               ((0.4, 0.2), 861, 2391), ((0.6, 0.1), 692, 1921)):
            var = xpi.unit_variance(xpi.Stat.NET, p, d)
            self.assertAlmostEqual(var, 1e4 * (p + d - (p - d) ** 2), places=8)
            self.assertEqual(xpi.plan_margin_n(var, 5.0), m5)
            self.assertEqual(xpi.plan_margin_n(var, 3.0), m3)
        self.assertEqual(xpi.plan_group_n(4400, 4400, 10.0), 691)
        self.assertEqual(xpi.plan_group_n(4400, 4400, 5.0), 2763)
        mde = xpi.plan_mde(4400, 4400, 691, 691)
        self.assertLess(mde, 10.0)
        se = math.sqrt(4400 / 691 * 2)
        nd = statistics.NormalDist()
        power = nd.cdf(mde / se - Z95) + nd.cdf(-mde / se - Z95)
        self.assertAlmostEqual(xpi.plan_power(4400, 4400, mde, 691, 691), power, places=12)
        self.assertAlmostEqual(power, 0.8, places=5)
        with self.assertRaises(xpi.XpiError) as cm:
            xpi.unit_variance(xpi.Stat.MEAN, 0.5)
        self.assertEqual(cm.exception.code, xpi.Status.NOT_APPLICABLE)

    def test_distributions(self):
        nd = statistics.NormalDist()
        for x in (-3.0, -0.5, 0.0, 1.2, 4.0):
            self.assertAlmostEqual(xpi.norm_cdf(x), nd.cdf(x), places=14)
            self.assertAlmostEqual(xpi.norm_sf(x), 1 - nd.cdf(x), places=14)
        self.assertAlmostEqual(xpi.norm_ppf(0.975), Z95, places=13)
        self.assertTrue(math.isnan(xpi.norm_cdf(float("nan"))))
        self.assertTrue(math.isnan(xpi.t_cdf(1.0, -1.0)))
        self.assertAlmostEqual(xpi.chi2_sf(3.0, 2.0), math.exp(-1.5), places=14)
        self.assertAlmostEqual(xpi.gamma_cdf(2.0, 1.0), 1 - math.exp(-2.0), places=14)
        self.assertAlmostEqual(xpi.beta_cdf(0.3, 1.0, 1.0), 0.3, places=14)
        self.assertAlmostEqual(xpi.binom_cdf(1, 3, 0.5), 0.5, places=14)
        self.assertEqual(xpi.binom_ppf(0.5, 3, 0.5), 1.0)
        self.assertAlmostEqual(xpi.t_ppf(0.975, float("inf")), Z95, places=12)

class TestIntrospection(unittest.TestCase):
    """The getters added so that a binding need not keep its own records:
    cube scale and time, table kinds, a tally's weighting, removing one
    filter, and a NULL query meaning the defaults."""

    def setUp(self):
        self.cube, self.rows = sample_cube()
        self.addCleanup(self.cube.close)

    def test_cube_scale_and_time(self):
        sc = self.cube.scale
        self.assertEqual((sc.metric, sc.min, sc.max, sc.low_max, sc.high_min),
                         (xpi.Metric.NPS, 0, 10, 6, 9))
        self.assertEqual(self.cube.time, (86400, 0))

    def test_table_kinds_come_from_the_library(self):
        with self.cube.breakdown("region") as b, self.cube.series() as s:
            self.assertEqual((b.kind, b.nkeys), ("breakdown", 1))
            self.assertEqual((s.kind, s.nkeys), ("series", 1))
        with self.cube.crosstab("region", "channel") as x:
            self.assertEqual(x.nkeys, 2)

    def test_clear_filter_keeps_the_others(self):
        q = xpi.Query()
        q.set_filter("region", "EU").set_filter("channel", "chat")
        with self.cube.tally(q) as t:
            both = t.n
        q.clear_filter("region")
        with self.cube.tally(q) as t:
            chat = t.n
        want_both = sum(1 for r in self.rows if r[1] == "EU" and r[2] == "chat")
        want_chat = sum(1 for r in self.rows if r[2] == "chat")
        self.assertEqual((both, chat), (want_both, want_chat))

    def test_no_query_means_everything(self):
        with self.cube.tally() as t:
            self.assertEqual(t.n, 300)

    def test_weighting(self):
        with xpi.Tally(xpi.Metric.CSAT) as t:
            t.add(5, 1.0)
            t.add(2, 1.0)
            t.add(4, 2.0)
            weighted, n_eff = t.weighting()
            self.assertTrue(weighted)
            self.assertAlmostEqual(n_eff, 16.0 / 6.0, places=14)  # (sum w)^2 / sum w^2


if __name__ == "__main__":
    unittest.main()
