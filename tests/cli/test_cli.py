#!/usr/bin/python3
"""End-to-end tests of the xpi tool (standard library only).

    test_cli.py XPI_BINARY      (run from anywhere; data paths are relative
                                 to this file's directory)

1. The cases of expected.json (made by gen_expected.py, independently of
   the tool): the tool's JSON must hold each expected value (numbers within
   1e-9 relative).
2. Malformed input: a clear message on stderr and the documented non-zero
   exit status, never a crash.
3. The command line: --help for every command, bad options, --strict.
4. The text, CSV and JSON outputs of one report agree on the headline.
"""
import csv
import io
import json
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
failures = 0
checks = 0


def check(ok, what):
    global failures, checks
    checks += 1
    if not ok:
        failures += 1
        print("FAIL:", what)


def run(binary, args, stdin=None):
    p = subprocess.run([binary] + args, cwd=HERE, capture_output=True, input=stdin, timeout=120)
    check(p.returncode >= 0, "%s: killed by signal %d" % (args, -p.returncode))
    return p


def lookup(doc, path):
    for part in path.split("."):
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def close(a, b):
    if isinstance(b, str) or a is None or b is None:
        return a == b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def expected_cases(binary):
    with open(os.path.join(HERE, "expected.json"), encoding="utf-8") as f:
        cases = json.load(f)
    for case in cases:
        p = run(binary, case["args"] + ["--format", "json"])
        check(p.returncode == 0, "%s: exit %d, stderr %r" % (case["name"], p.returncode,
                                                             p.stderr.decode(errors="replace")))
        if p.returncode != 0:
            continue
        doc = json.loads(p.stdout)
        for path, want in case["checks"].items():
            try:
                got = lookup(doc, path)
            except (KeyError, IndexError) as e:
                check(False, "%s: %s missing (%s)" % (case["name"], path, e))
                continue
            check(close(got, want), "%s: %s = %r, want %r" % (case["name"], path, got, want))


# (arguments, exit status, a phrase the message must contain)
MALFORMED = [
    (["score", "data/unterminated.csv"], 3, "line 3: a quoted field is never closed"),
    (["score", "data/garbage_nul.bin"], 3, "binary data"),
    (["score", "data/garbage_text.bin"], 3, "no column named"),
    (["score", "data/nul_byte.csv"], 3, "line 2: binary data"),
    (["score", "data/empty.csv"], 3, "empty file"),
    (["score", "data/header_only.csv"], 4, "no usable responses.\nxpi: Rows: 0 read"),
    (["score", "data/quoted_crlf.csv", "--score", "nope"], 3, "no column named 'nope'"),
    (["trend", "data/quoted_crlf.csv", "--time", "when"], 3, "no column named 'when'"),
    (["segments", "data/quoted_crlf.csv", "--by", "region"], 3, "no column named 'region'"),
    (["score", "data/quoted_crlf.csv", "--score", "comment"], 2, "cannot tell the scale"),
    (["score", "data/does_not_exist.csv"], 3, "does_not_exist.csv"),
    (["score", "data/bad_rows.csv", "--weight", "weight", "--strict"], 3,
     "line 3: not a whole number in column 'nps': 'abc'"),
    (["score", "data/bad_rows.csv", "--time", "date", "--strict", "--score", "channel",
      "--metric", "nps"], 3, "line 2: not a whole number"),
    (["score", "data/bad_rows.csv", "--where", "channel=chat", "--strict"], 3,
     "line 4: off the scale in column 'nps': '11'"),
    (["score", "data/bad_rows.csv", "--where", "channel=chat", "--time", "date", "--score",
      "weight", "--metric", "nps", "--strict"], 3,
     "line 7: bad date in column 'date': '2026-02-30'"),
    (["score", "data/bad_rows.csv", "--weight", "weight", "--where", "channel=email",
      "--score", "date", "--metric", "nps", "--strict"], 3,
     "line 3: not a whole number in column 'date'"),
]

USAGE = [
    (["report", "data/quoted_crlf.csv", "--method", "t"], "--method t does not apply"),
    (["score", "a.csv", "--utc-offset", "+15:00"], "--utc-offset"),
    (["segments", "a.csv", "--by", "x", "--by", "x"], "given twice"),
    (["score", "a.csv", "--scale", "0:1001:1:2"], "at most 1001 points"),
    ([], "no command"),
    (["frobnicate", "x.csv"], "unknown command"),
    (["score"], "no input file"),
    (["score", "a.csv", "--confidence", "1.5"], "--confidence"),
    (["score", "a.csv", "--confidence", "0.9x"], "--confidence"),
    (["score", "a.csv", "--method", "magic"], "--method"),
    (["score", "a.csv", "--metric", "xps"], "--metric"),
    (["score", "a.csv", "--scale", "0:10:9:6"], "--scale"),
    (["score", "a.csv", "--format", "pdf"], "--format"),
    (["score", "a.csv", "--bogus"], "unknown option"),
    (["score", "a.csv", "--where", "novalue"], "--where"),
    (["compare", "a.csv"], "--by COL is required"),
    (["trend", "a.csv"], "--time COL is required"),
    (["trend", "a.csv", "--time", "d", "--utc-offset", "5"], "--utc-offset"),
    (["score", "a.csv", "b.csv"], "more than one input file"),
    (["score", "a.csv", "--weight"], "needs a value"),
]


def malformed(binary):
    for args, status, phrase in MALFORMED:
        p = run(binary, args)
        err = p.stderr.decode(errors="replace")
        check(p.returncode == status, "%s: exit %d, want %d (%r)" % (args, p.returncode, status,
                                                                     err))
        check(phrase in err, "%s: message %r lacks %r" % (args, err, phrase))
        check(p.stdout == b"", "%s: wrote to stdout on failure" % (args,))
    for args, phrase in USAGE:
        p = run(binary, args)
        err = p.stderr.decode(errors="replace")
        check(p.returncode == 2, "%s: exit %d, want 2" % (args, p.returncode))
        check(phrase in err, "%s: message %r lacks %r" % (args, err, phrase))
    for command in ["score", "compare", "segments", "trend", "report"]:
        p = run(binary, [command, "--help"])
        out = p.stdout.decode()
        check(p.returncode == 0 and "usage: xpi " + command in out and "Examples:" in out and
              "Exit status" in out, "%s --help" % command)
    p = run(binary, ["--help"])
    check(p.returncode == 0 and "Commands:" in p.stdout.decode(), "xpi --help")


def from_stdin(binary, args, text):
    p = run(binary, args + ["--format", "json"], stdin=text.encode())
    check(p.returncode == 0, "%s on %r: exit %d %r" % (args, text, p.returncode, p.stderr))
    return json.loads(p.stdout) if p.returncode == 0 else None


def edge_cases(binary):
    # A weight whose square would overflow the sums is a bad weight, not a
    # failed run.
    j = from_stdin(binary, ["score", "-", "--weight", "w"], "nps,w\n9,1\n7,1\n3,2e154\n8,1\n")
    check(j is not None and j["input"]["skipped"]["bad weight"] == 1 and
          j["metrics"][0]["score"]["n"] == 3, "huge weight: %r" % (j and j["input"],))
    # Delimiter detection: blank lines first; a quote inside a name.
    for text in ["\nnps;x\n9;2\n", 'a"b;nps;x\n1;9;2\n']:
        j = from_stdin(binary, ["score", "-"], text)
        check(j is not None and j["metrics"][0]["score"]["n"] == 1, "detection: %r" % text)
    # Long UTF-8 labels are cut between characters in text output.
    rows = "".join("%s,%d\n" % ("x" * 39 + "\u00e9" if i % 2 else "b", i % 11)
                   for i in range(40))
    p = run(binary, ["compare", "-", "--by", "ch", "--score", "nps"],
            stdin=("ch,nps\n" + rows).encode())
    try:
        p.stdout.decode("utf-8")
        ok = p.returncode == 0
    except UnicodeDecodeError:
        ok = False
    check(ok, "compare with long UTF-8 labels: valid UTF-8 text")
    # A method without tests: the sections say which method they used.
    p = run(binary, ["report", "data/quoted_crlf.csv", "--by", "channel", "--method",
                     "bootstrap"])
    check(p.returncode == 0 and "method: default, as bootstrap gives no tests" in
          p.stdout.decode(), "bootstrap: the tests' method is named")


def formats(binary):
    """One report in three formats: the same headline numbers."""
    args = ["report", "data/quoted_crlf.csv", "--time", "date", "--by", "channel"]
    j = json.loads(run(binary, args + ["--format", "json"]).stdout)
    text = run(binary, args).stdout.decode()
    rows = list(csv.DictReader(io.StringIO(run(binary, args + ["--format", "csv"]).stdout
                                           .decode())))
    score = j["metrics"][0]["score"]
    check("NPS  %.1f +/- %.1f points" % (score["value"], score["margin"]) in text,
          "text headline %.1f +/- %.1f not in %r" % (score["value"], score["margin"], text))
    check("n = %d" % score["n"] in text, "text n")
    csv_value = [r for r in rows if r["section"] == "score" and r["measure"] == "value"]
    check(len(csv_value) == 1 and close(float(csv_value[0]["value"]), score["value"]),
          "csv score value")
    periods = [r for r in rows if r["section"] == "period" and r["measure"] == "estimate"]
    check(len(periods) == len(j["metrics"][0]["trend"]["series"]["rows"]), "csv periods")
    # Standard input gives the same.
    with open(os.path.join(HERE, "data/quoted_crlf.csv"), "rb") as f:
        p = run(binary, ["report", "-", "--time", "date", "--by", "channel", "--format", "json"],
                stdin=f.read())
    check(p.returncode == 0 and json.loads(p.stdout)["metrics"] == j["metrics"], "stdin")


def main():
    binary = os.path.abspath(sys.argv[1])
    expected_cases(binary)
    malformed(binary)
    edge_cases(binary)
    formats(binary)
    print("%d checks, %d failed" % (checks, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
