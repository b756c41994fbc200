#!/usr/bin/python3
"""Reference values for the xpi tool's cell parsers (examples/xpi/parse.c),
computed with Python's int, float and datetime, and the CSV reader's
expected records for the files in tests/cli/data, read with Python's csv
module (utf-8-sig: the byte order mark is dropped; blank lines skipped).

    /usr/bin/python3 tests/cli/gen_parse_vectors.py

writes tests/cli/parse_vectors.tsv (kind, input with \\t \\n escapes,
expected value or "bad") and tests/cli/csv_records.txt (per file: a
"# file delimiter" line, then one line per record, fields joined by '|'
with \\\\, \\|, \\n and \\r escaped).
"""
import csv
import datetime
import os

HERE = os.path.dirname(os.path.abspath(__file__))

SCORES_OK = ["0", "10", "-3", "+7", " 8 ", "\t9", "8.0", "8.000", "-0", "2147483647",
             "-2147483648", "007"]
SCORES_BAD = ["", " ", "abc", "9abc", "9.5", "8.01", "1e1", "0x10", "2147483648",
              "-2147483649", "99999999999999999999", "+", "-", "8 8", ".8", "８"]
# "8." has no fraction digits after the point: accepted by the tool as 8
# (a whole number written with a point); listed as its value below.

NUMBERS_OK = ["1", "0.25", "2.5e-3", "-4", "+1.5", " 3 ", "1E2", "123456789.5", "0.1", "1.53",
              "99999999999999.9", "1234567890123456", "0.000000000000001", "5.", ".5", "-0",
              "0.30000000000000004", "9007199254740993"]
NUMBERS_BAD = ["", "abc", "1,5", "inf", "nan", "0x1p3", "1e999", "1..2", "1 2", "--1"]

TIMES_OK = ["2026-01-01", "2026-01-31T14:05:09", "2026-01-31 14:05", "2026-01-31T14:05:09Z",
            "2026-01-31T14:05:09+02:00", "2026-01-31T14:05:09-05:30", "2026-01-31T14:05:09+0530",
            "2026-01-31T14:05:09.123456", "2026-01-31T23:59:59-14:00", "2024-02-29",
            "2000-02-29", "1969-12-31T23:59:59", "0001-01-01", "9999-12-31T23:59:59",
            " 2026-03-14 ", "2026-03-14t01:02:03z", "1767225600", "-1", "0",
            "1767225600.75", "-1.5", "2026-01-31T14:05:09+02"]
TIMES_BAD = ["", "yesterday", "2026-02-30", "2023-02-29", "1900-02-29", "2026-13-01",
             "2026-00-10", "2026-01-00", "2026-1-5", "2026/01/05", "2026-01-31T24:00:00",
             "2026-01-31T14:60", "2026-01-31T14", "2026-01-31T14:05:09+24:00",
             "2026-01-31T14:05:09+02:60", "2026-01-31T14:05:09 +02:00", "2026-01-31X14:05",
             "2026-01-31T14:05:09.", "1767225600x", "12:30", "2026-01-31T14:05:09+2",
             "2026-01-31T14:05:09+02:", "2026-01-31T14:05:09+02:0"]


def time_value(text):
    s = text.strip()
    try:
        if s.lstrip("+-").replace(".", "", 1).isdigit():
            v = float(s) if "." in s else int(s)
            return int(v // 1)  # toward the earlier second
    except ValueError:
        pass
    s = s.replace("t", "T").replace("z", "Z")
    if len(s) > 3 and s[-3] in "+-" and s[-3:].replace("+", "").replace("-", "").isdigit() \
            and "T" in s or (len(s) > 3 and " " in s and s[-3] in "+-"):
        s += ":00"  # "+02": Python wants minutes
    t = datetime.datetime.fromisoformat(s)
    if t.tzinfo is None:
        t = t.replace(tzinfo=datetime.timezone.utc)
    epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
    return (t - epoch) // datetime.timedelta(seconds=1)


def escape(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def vectors():
    out = []
    for s in SCORES_OK:
        out.append(("score", s, str(int(float(s.strip())))))
    out.append(("score", "8.", "8"))
    for s in SCORES_BAD:
        out.append(("score", s, "bad"))
    for s in NUMBERS_OK:
        out.append(("number", s, repr(float(s))))
    for s in NUMBERS_BAD:
        out.append(("number", s, "bad"))
    for s in TIMES_OK:
        out.append(("time", s, str(time_value(s))))
    for s in TIMES_BAD:
        out.append(("time", s, "bad"))
    return out


def record_line(fields):
    return "|".join(f.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")
                    .replace("\r", "\\r") for f in fields)


def records():
    lines = []
    for name, delim in [("quoted_crlf.csv", ","), ("semicolon.csv", ";"), ("tab.tsv", "\t"),
                        ("bad_rows.csv", ",")]:
        lines.append("# %s %s" % (name, {",": "comma", ";": "semicolon", "\t": "tab"}[delim]))
        with open(os.path.join(HERE, "data", name), newline="", encoding="utf-8-sig") as f:
            for row in csv.reader(f, delimiter=delim):
                if row:
                    lines.append(record_line(row))
    return lines


if __name__ == "__main__":
    with open(os.path.join(HERE, "parse_vectors.tsv"), "w", encoding="utf-8") as f:
        for kind, s, want in vectors():
            f.write("%s\t%s\t%s\n" % (kind, escape(s), want))
    with open(os.path.join(HERE, "csv_records.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(records()) + "\n")
