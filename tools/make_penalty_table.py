#!/usr/bin/python3
"""Writes lib/changepoint_table.c from tools/calibrate_changes' output.

  build/tools/calibrate_changes 1 2 4 > a.txt & build/tools/calibrate_changes 6 10 > b.txt
  python3 tools/make_penalty_table.py a.txt b.txt
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
    here = os.path.dirname(os.path.abspath(__file__))
    src = open(os.path.join(here, "changepoint_table.c.in")).read()
    src = src.replace("@HEADER@", header).replace(
        "@ROWS@", "\n".join("    {%d, %d, %s, %s, %s}," % r for r in rows))
    open(os.path.join(here, "..", "lib", "changepoint_table.c"), "w").write(src)
    print(len(rows), "rows")


if __name__ == "__main__":
    main()
