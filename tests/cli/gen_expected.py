#!/usr/bin/python3
"""Expected results of the xpi tool on the files in tests/cli/data, computed
independently of it: Python's csv module reads the files, datetime parses the
dates, and the scores are counted here (NPS = % promoters (9-10) - %
detractors (0-6); CSAT = % of 4-5; CES = mean; weighted by the weight column
when one is given).

Writes tests/cli/expected.json: a list of cases, each the tool's arguments
and the JSON paths (into `xpi ... --format json`) with their expected values.

    /usr/bin/python3 tests/cli/gen_expected.py > tests/cli/expected.json
"""
import csv
import datetime
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")

SCALES = {"nps": (0, 10, 6, 9), "csat": (1, 5, 3, 4), "ces": (1, 7, 3, 5)}
STATISTIC = {"nps": "net", "csat": "top", "ces": "mean"}


def read(name, delimiter):
    with open(os.path.join(DATA, name), newline="", encoding="utf-8-sig") as f:
        return [row for row in csv.reader(f, delimiter=delimiter) if row]


def parse_time(text):
    text = text.strip()
    try:
        return int(text)  # Unix seconds
    except ValueError:
        pass
    try:
        t = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=datetime.timezone.utc)
    return int(t.timestamp())


def parse_score(text):
    text = text.strip()
    if text.endswith(".0"):
        text = text[:-2]
    try:
        return int(text, 10)
    except ValueError:
        return None


def parse_weight(text):
    try:
        w = float(text)
    except ValueError:
        return None
    return w if w > 0 else None


def value(metric, pairs):
    """pairs: (score, weight)."""
    total = sum(w for _, w in pairs)
    lo, hi, low_max, high_min = SCALES[metric]
    if metric == "ces":
        return sum(s * w for s, w in pairs) / total
    high = sum(w for s, w in pairs if s >= high_min)
    low = sum(w for s, w in pairs if s <= low_max)
    if metric == "nps":
        return 100.0 * (high - low) / total
    return 100.0 * high / total


def load(name, delimiter, metric, score_col, time_col=None, weight_col=None, by_col=None):
    """Rows as the tool is documented to take them: rows with too few
    fields, bad dates or bad weights skipped; empty scores are no answer;
    scores that are not whole numbers or off the scale skipped."""
    rows = read(name, delimiter)
    header = [h.strip() for h in rows[0]]
    idx = {h: i for i, h in reversed(list(enumerate(header)))}
    need = [idx[score_col]] + [idx[c] for c in (time_col, weight_col, by_col) if c]
    kept, skipped = [], {"fields": 0, "date": 0, "weight": 0}
    cells = {"empty": 0, "score": 0, "scale": 0}
    lo, hi, _, _ = SCALES[metric]
    for row in rows[1:]:
        if len(row) <= max(need):
            skipped["fields"] += 1
            continue
        t = None
        if time_col:
            t = parse_time(row[idx[time_col]])
            if t is None:
                skipped["date"] += 1
                continue
        w = 1.0
        if weight_col:
            w = parse_weight(row[idx[weight_col]])
            if w is None:
                skipped["weight"] += 1
                continue
        cell = row[idx[score_col]]
        if cell.strip() == "":
            cells["empty"] += 1
            continue
        s = parse_score(cell)
        if s is None:
            cells["score"] += 1
            continue
        if not lo <= s <= hi:
            cells["scale"] += 1
            continue
        kept.append({"score": s, "weight": w, "time": t,
                     "by": row[idx[by_col]] if by_col else None})
    return kept, skipped, cells


def month(t):
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    return "%04d-%02d" % (d.year, d.month)


def day(t):
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    return d.strftime("%Y-%m-%d")


def cases():
    out = []

    # Quoted fields, CRLF, a byte order mark, a quoted header name, a
    # doubled quote inside a segment value, text after a closing quote.
    kept, skipped, cells = load("quoted_crlf.csv", ",", "nps", "nps", "date", None, "channel")
    pairs = [(r["score"], 1.0) for r in kept]
    checks = {
        "input.rows": 7,
        "input.columns.0.used": len(kept),
        "metrics.0.score.value": value("nps", pairs),
        "metrics.0.score.n": len(kept),
    }
    months = sorted({month(r["time"]) for r in kept})
    for i, m in enumerate(months):
        sel = [(r["score"], 1.0) for r in kept if month(r["time"]) == m]
        checks["metrics.0.trend.series.rows.%d.labels.0" % i] = m
        checks["metrics.0.trend.series.rows.%d.estimate" % i] = value("nps", sel)
        checks["metrics.0.trend.series.rows.%d.n" % i] = len(sel)
    groups = []
    for r in kept:  # in order of first appearance, as the cube interns them
        if r["by"] not in groups:
            groups.append(r["by"])
    for i, g in enumerate(groups):
        sel = [(r["score"], 1.0) for r in kept if r["by"] == g]
        checks["metrics.0.compare.groups.%d.label" % i] = g
        checks["metrics.0.compare.groups.%d.estimate.value" % i] = value("nps", sel)
        checks["metrics.0.compare.groups.%d.estimate.n" % i] = len(sel)
    out.append({"name": "quoted fields, CRLF, BOM",
                "args": ["report", "data/quoted_crlf.csv", "--time", "date", "--by", "channel"],
                "checks": checks})

    # Semicolons (detected), UTF-8 values, weights; a row whose unquoted
    # value holds the delimiter shifts its fields: its score is not a number.
    kept, skipped, cells = load("semicolon.csv", ";", "csat", "csat", None, "weight", "region")
    pairs = [(r["score"], r["weight"]) for r in kept]
    out.append({"name": "semicolons and weights",
                "args": ["score", "data/semicolon.csv", "--weight", "weight"],
                "checks": {
                    "input.rows": 5,
                    "input.columns.0.used": len(kept),
                    "input.columns.0.skipped.not a whole number": cells["score"],
                    "metrics.0.score.value": value("csat", pairs),
                    "metrics.0.score.n": len(kept),
                }})
    # The same with a filter on a UTF-8 value.
    sel = [(r["score"], r["weight"]) for r in kept if r["by"] == "S\u00fcd"]
    out.append({"name": "a filter on a UTF-8 value",
                "args": ["score", "data/semicolon.csv", "--weight", "weight",
                         "--where", "region=S\u00fcd"],
                "checks": {
                    "input.filtered": 5 - 2,
                    "metrics.0.score.value": value("csat", sel),
                    "metrics.0.score.n": len(sel),
                }})

    # Tabs, Unix seconds, days.
    kept, skipped, cells = load("tab.tsv", "\t", "ces", "ces", "when", None, None)
    checks = {"metrics.0.score.value": value("ces", [(r["score"], 1.0) for r in kept])}
    for i, r in enumerate(kept):
        checks["metrics.0.trend.series.rows.%d.labels.0" % i] = day(r["time"])
        checks["metrics.0.trend.series.rows.%d.estimate" % i] = float(r["score"])
    out.append({"name": "tabs and Unix seconds",
                "args": ["report", "data/tab.tsv", "--time", "when", "--period", "day"],
                "checks": checks})

    # --utc-offset: dates without an offset are local (their day as
    # written); those with one are moved into the local day.
    local = datetime.timezone(datetime.timedelta(hours=-5))
    months = {}
    for row in read("offsets.csv", ",")[1:]:
        t = datetime.datetime.fromisoformat(row[0].replace("Z", "+00:00"))
        if t.tzinfo is not None:
            t = t.astimezone(local)
        months.setdefault("%04d-%02d" % (t.year, t.month), []).append((int(row[1]), 1.0))
    checks = {}
    for i, m in enumerate(sorted(months)):
        checks["metrics.0.trend.series.rows.%d.labels.0" % i] = m
        checks["metrics.0.trend.series.rows.%d.n" % i] = len(months[m])
        checks["metrics.0.trend.series.rows.%d.estimate" % i] = value("nps", months[m])
    out.append({"name": "--utc-offset",
                "args": ["trend", "data/offsets.csv", "--time", "date", "--utc-offset", "-05:00"],
                "checks": checks})

    # Every kind of bad row and cell, skipped and counted.
    kept, skipped, cells = load("bad_rows.csv", ",", "nps", "nps", "date", "weight", None)
    pairs = [(r["score"], r["weight"]) for r in kept]
    checks = {
        "input.rows": 20,
        "input.skipped.too few fields": skipped["fields"],
        "input.skipped.bad date": skipped["date"],
        "input.skipped.bad weight": skipped["weight"],
        "input.columns.0.used": len(kept),
        "input.columns.0.skipped.no answer": cells["empty"],
        "input.columns.0.skipped.not a whole number": cells["score"],
        "input.columns.0.skipped.off the scale": cells["scale"],
        "metrics.0.score.value": value("nps", pairs),
        "metrics.0.score.n": len(kept),
    }
    months = sorted({month(r["time"]) for r in kept})
    for i, m in enumerate(months):
        sel = [(r["score"], r["weight"]) for r in kept if month(r["time"]) == m]
        checks["metrics.0.trend.series.rows.%d.labels.0" % i] = m
        checks["metrics.0.trend.series.rows.%d.estimate" % i] = value("nps", sel)
    out.append({"name": "bad rows skipped and counted",
                "args": ["report", "data/bad_rows.csv", "--time", "date", "--weight", "weight"],
                "checks": checks})
    return out


if __name__ == "__main__":
    print(json.dumps(cases(), indent=1, ensure_ascii=False))
