#!/usr/bin/python3
"""The xpi tool on real data: the Olist order reviews (../shared/data; not
shipped with the project). Runs

    xpi trend FILE --metric csat --score review_score \\
        --time review_creation_date --period month --format json

and checks that it used every row with a valid score and date, and that its
monthly CSAT (percent of scores 4-5) equals a pandas computation of the same
(groupby month of review_creation_date), within 1e-9 points; with the
standard library's csv module when pandas is missing.

    check_olist.py XPI_BINARY OLIST_CSV
"""
import csv
import json
import math
import subprocess
import sys


def monthly_pandas(path):
    import pandas as pd
    d = pd.read_csv(path)
    d["score"] = pd.to_numeric(d["review_score"], errors="coerce")
    d["time"] = pd.to_datetime(d["review_creation_date"], errors="coerce")
    d = d.dropna(subset=["score", "time"])
    d = d[(d.score >= 1) & (d.score <= 5) & (d.score == d.score.round())]
    d["month"] = d.time.dt.strftime("%Y-%m")
    g = d.groupby("month")["score"]
    return len(d), {m: (100.0 * (s >= 4).mean(), len(s)) for m, s in g}, "pandas"


def monthly_csv(path):
    import datetime
    months = {}
    used = 0
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            try:
                s = int(row["review_score"])
                t = datetime.datetime.fromisoformat(row["review_creation_date"])
            except ValueError:
                continue
            if not 1 <= s <= 5:
                continue
            used += 1
            m = months.setdefault(t.strftime("%Y-%m"), [0, 0])
            m[0] += s >= 4
            m[1] += 1
    return used, {k: (100.0 * v[0] / v[1], v[1]) for k, v in months.items()}, "csv module"


def main():
    binary, path = sys.argv[1], sys.argv[2]
    p = subprocess.run([binary, "trend", path, "--metric", "csat", "--score", "review_score",
                        "--time", "review_creation_date", "--period", "month", "--format",
                        "json"], capture_output=True, timeout=300)
    if p.returncode != 0:
        print("xpi failed:", p.returncode, p.stderr.decode(errors="replace"))
        return 1
    doc = json.loads(p.stdout)
    try:
        used, want, how = monthly_pandas(path)
    except ImportError:
        used, want, how = monthly_csv(path)
    failures = 0
    got_used = doc["input"]["columns"][0]["used"]
    if got_used != used:
        print("FAIL: xpi used %d rows, %s finds %d valid" % (got_used, how, used))
        failures += 1
    rows = [r for r in doc["metrics"][0]["trend"]["series"]["rows"] if r["n"] > 0]
    if sorted(r["labels"][0] for r in rows) != sorted(want):
        print("FAIL: months differ:", [r["labels"][0] for r in rows], sorted(want))
        failures += 1
    worst = 0.0
    for r in rows:
        m = r["labels"][0]
        if m not in want:
            continue
        value, n = want[m]
        worst = max(worst, abs(r["estimate"] - value))
        if r["n"] != n or not math.isclose(r["estimate"], value, rel_tol=0, abs_tol=1e-9):
            print("FAIL: %s: xpi %r (n %d), %s %r (n %d)" % (m, r["estimate"], r["n"], how,
                                                             value, n))
            failures += 1
    events = [e["text"] for e in doc["metrics"][0]["trend"]["events"]]
    print("%d rows used, %d months, largest difference from %s %.3g points, %d events%s" % (
        got_used, len(rows), how, worst, len(events), "".join("\n  " + e for e in events)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
