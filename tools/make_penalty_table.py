#!/usr/bin/python3
"""Writes lib/changepoint_table.c from tools/calibrate_changes' output (each
column made non-decreasing in T).

  build/tools/calibrate_changes 1 2 4 > a.txt & build/tools/calibrate_changes 6 10 > b.txt
  python3 tools/make_penalty_table.py a.txt b.txt
(the outputs behind the current table: tools/calibration_df_1_2_4.txt and
tools/calibration_df_6_10.txt)
"""

import os
import re
import sys


def main():
    rows, header = [], None
    for path in sys.argv[1:]:
        for line in open(path):
            if line.startswith("/*"):
                header = line.strip()
            m = re.match(r"\s*\{(\d+), (\d+), ([\d.]+), ([\d.]+), ([\d.]+)\},", line)
            if m:
                rows.append((int(m.group(1)), int(m.group(2))) + m.groups()[2:])
    rows.sort(key=lambda r: (r[1], r[0]))
    # The true quantiles cannot fall as T grows (more places to split);
    # the simulated ones wobble by a few percent, so each column is made
    # non-decreasing in T by a running maximum.
    smoothed, last = [], {}
    for t, df, *levels in rows:
        prev = last.get(df, [0.0, 0.0, 0.0])
        cur = [max(float(v), p) for v, p in zip(levels, prev)]
        last[df] = cur
        smoothed.append((t, df) + tuple("%.4f" % v for v in cur))
    rows = smoothed
    here = os.path.dirname(os.path.abspath(__file__))
    src = open(os.path.join(here, "changepoint_table.c.in")).read()
    src = src.replace("@HEADER@", header).replace(
        "@ROWS@", "\n".join("    {%d, %d, %s, %s, %s}," % r for r in rows))
    open(os.path.join(here, "..", "lib", "changepoint_table.c"), "w").write(src)
    print(len(rows), "rows")


if __name__ == "__main__":
    main()
