#!/usr/bin/python3
"""Benchmark of the xpi tool on a large generated export: throughput and
peak memory of `xpi report FILE --time date --by channel --weight weight`
(three metrics, weights, day buckets by channel, every analysis), on a file
in random date order and on one in date order (tests/cli/make_big_csv.c).

    bench_cli.py XPI_BINARY MAKE_BIG_CSV [MEGABYTES=1000]

Prints, per order, megabytes, seconds, MB/s and the tool's peak resident
set size (its own, from wait4). The bar: >= 100 MB/s, peak RSS < 50 MB.
"""
import os
import subprocess
import sys
import tempfile
import time


def main():
    xpi, make = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    megabytes = float(sys.argv[3]) if len(sys.argv) > 3 else 1000.0
    worst = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big.csv")
        for order in ["random", "sorted"]:
            with open(path, "wb") as f:
                subprocess.run([make, str(megabytes), order], stdout=f, check=True)
            size = os.path.getsize(path) / 1e6
            best = None
            for _ in range(2):  # the better of two: the first may pay for the page cache
                start = time.perf_counter()
                p = subprocess.Popen([xpi, "report", path, "--time", "date", "--by", "channel",
                                      "--weight", "weight", "--no-progress"],
                                     stdout=subprocess.DEVNULL)
                _, status, usage = os.wait4(p.pid, 0)
                seconds = time.perf_counter() - start
                if status != 0:
                    print("xpi failed with status", status)
                    return 1
                if best is None or seconds < best[0]:
                    best = (seconds, usage.ru_maxrss / 1024.0)
            seconds, rss = best
            rate = size / seconds
            print("%s order: %.0f MB in %.2f s: %.0f MB/s, peak RSS %.1f MB" % (
                order, size, seconds, rate, rss))
            worst = 1 if rate < 100 or rss >= 50 else worst
    return worst


if __name__ == "__main__":
    sys.exit(main())
