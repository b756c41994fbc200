#!/usr/bin/python3
"""Checks the xpi tool's HTML output (standard library only).

    check_html.py XPI_BINARY DATA.csv                 the default commands
    check_html.py XPI_BINARY DATA.csv COMMAND [OPTION...]   one command

The default commands expect the columns of examples/data/responses.csv
(date, channel and the scores): report with --time and --by, segments with
two --by columns, trend by week, compare, score. With COMMAND the given
command is checked instead, e.g. for a real export:

    check_html.py xpi olist_order_reviews.csv trend --metric csat \\
        --score review_score --time review_creation_date

Each page must parse as XML (xml.etree.ElementTree) with an XHTML root,
hold no script, event handler or external resource, carry one chart of the
expected kind per analysis that has something to draw (as the JSON output
of the same command says), draw no NaN or infinite coordinate, and show the
JSON's key numbers formatted as the text output formats them. A CSV whose
labels hold <, &, quotes, an invalid UTF-8 byte and a control character
(in a file whose name holds some too) must still give a well-formed page
showing every label.

Exits 1 with a message per failure, 0 with a one-line summary.
"""
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
REPLACEMENT = "\ufffd"

failures = []
counts = {"pages": 0, "charts": 0, "values": 0}


def fail(what):
    failures.append(what)
    print("FAIL:", what, file=sys.stderr)


def run(binary, args):
    p = subprocess.run([binary] + args, capture_output=True, timeout=300)
    if p.returncode != 0:
        fail("%s exited with %d: %s" % (" ".join(args), p.returncode,
                                         p.stderr.decode("utf-8", "replace").strip()))
        return None
    return p.stdout


# ---- what the page must show ------------------------------------------------

def decimals(statistic):
    return 2 if statistic == "mean" else 1


def unit(statistic):
    return "%" if statistic in ("top", "bottom") else ""


def fmt(v, d):
    """A number as the text output prints it ("-" for a missing one)."""
    return "-" if v is None else "%.*f" % (d, v)


def fmt_interval(lo, hi, d):
    return "-" if lo is None or hi is None else "%.*f to %.*f" % (d, lo, d, hi)


def as_shown(label):
    """A label as the page must show it: JSON holds control characters that
    XML cannot, which the page writes as U+FFFD (invalid UTF-8 is U+FFFD in
    both)."""
    label = "".join(REPLACEMENT if ord(c) < 0x20 and c not in "\t\n\r" else c for c in label)
    return label if label != "" else "(missing)"


def is_drawable(values):
    return any(v is not None for v in values)


def expectations(doc):
    """The charts each kind should have, and the texts (whole text nodes)
    the page must hold."""
    charts = {"trend": 0, "compare": 0, "segments": 0}
    texts = []
    for m in doc["metrics"]:
        st = m["statistic"]
        d, u = decimals(st), unit(st)
        score = m.get("score")
        if score is not None and "error" not in score:
            texts.append(fmt(score["value"], d) + u)
            texts.append(fmt_interval(score["lower"], score["upper"], d))
            texts.append("%.0f" % score["n"])
        compare = m.get("compare")
        if compare is not None:
            groups = compare["groups"]
            if is_drawable(g["estimate"].get("value") for g in groups):
                charts["compare"] += 1
            for g in groups:
                texts.append(as_shown(g["label"]))
                e = g["estimate"]
                if "error" not in e:
                    texts.append(fmt(e["value"], d))
                    texts.append(fmt_interval(e["lower"], e["upper"], d))
        segments = m.get("segments")
        if segments is not None and "error" not in segments:
            rows = segments["rows"]
            if is_drawable(r.get("estimate") for r in rows):
                charts["segments"] += 1
            fig = segments["figures"]
            texts.append("Overall %s (%s). Impact: the overall score minus the score without "
                         "the segment, what it adds or takes away; lowest first."
                         % (fmt(fig.get("estimate"), d),
                            fmt_interval(fig.get("lower"), fig.get("upper"), d)))
            for r in rows:
                labels = [as_shown(x) for x in r["labels"]]
                # Long labels are clipped in the table; short ones are whole.
                if all(len(x) <= 40 for x in labels):
                    texts.append(" / ".join(labels))
                texts.append(fmt(r.get("estimate"), d))
                texts.append(fmt(r.get("impact"), d))
        trend = m.get("trend")
        if trend is not None and "error" not in trend:
            rows = trend["series"]["rows"]
            if is_drawable(r.get("estimate") for r in rows):
                charts["trend"] += 1
            for r in rows:
                texts.append(r["labels"][0])
                texts.append(fmt(r.get("estimate"), d))
            for e in trend["events"]:
                texts.append(e["text"])
    return charts, texts


# ---- the page ----------------------------------------------------------------

NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
GEOMETRY = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height")


def check_svg(name, svg):
    if "viewBox" not in svg.attrib:
        fail("%s: an <svg> without a viewBox" % name)
    for el in svg.iter():
        for k in GEOMETRY + ("d", "transform", "viewBox"):
            v = el.attrib.get(k)
            if v is None:
                continue
            if re.search(r"nan|inf", v, re.I):
                fail("%s: <%s %s=%r>: not a finite coordinate" % (name, el.tag, k, v))
            elif k in GEOMETRY and not NUMBER.fullmatch(v):
                fail("%s: <%s %s=%r>: not a number" % (name, el.tag, k, v))


def check_page(name, html, doc):
    counts["pages"] += 1
    if not html.startswith(b"<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""):
        fail("%s: does not start with the doctype and the XHTML root" % name)
    try:
        root = ET.fromstring(html)
    except ET.ParseError as e:
        line, col = e.position
        lines = html.decode("utf-8", "replace").split("\n")
        near = lines[line - 1][max(0, col - 60):col + 60] if line <= len(lines) else ""
        fail("%s: not well-formed XML: %s; near: %r" % (name, e, near))
        return
    if root.tag != XHTML + "html":
        fail("%s: the root is <%s>, not XHTML <html>" % (name, root.tag))

    # Self-contained and script-free.
    for el in root.iter():
        local = el.tag.split("}")[-1]
        if local in ("script", "iframe", "object", "embed", "link", "img", "image", "use"):
            fail("%s: a <%s> element" % (name, local))
        for k, v in el.attrib.items():
            k = k.split("}")[-1]
            if k.lower().startswith("on"):
                fail("%s: an event handler %s=%r" % (name, k, v))
            if k in ("src", "href") and not v.startswith("#"):
                fail("%s: an external reference %s=%r" % (name, k, v))
    for style in root.iter(XHTML + "style"):
        if re.search(r"@import|url\(", style.text or ""):
            fail("%s: the stylesheet loads something" % name)
        if "@media print" not in (style.text or ""):
            fail("%s: no print stylesheet" % name)

    # One chart per analysis with something to draw, each well-formed SVG.
    want, texts = expectations(doc)
    svgs = list(root.iter(SVG + "svg"))
    counts["charts"] += len(svgs)
    for kind, n in want.items():
        got = sum(1 for s in svgs if kind in s.attrib.get("class", "").split())
        if got != n:
            fail("%s: %d %s chart(s), expected %d" % (name, got, kind, n))
    if len(svgs) != sum(want.values()):
        fail("%s: %d <svg> elements, expected %d" % (name, len(svgs), sum(want.values())))
    for s in svgs:
        check_svg(name, s)

    # The scores table: a row per metric, in order, as the text output has it.
    scores = root.find(".//%ssection[@id='scores']" % XHTML)
    if any("score" in m for m in doc["metrics"]):
        rows = [] if scores is None else [
            ["".join(td.itertext()).strip() for td in tr.findall(XHTML + "td")]
            for tr in scores.iter(XHTML + "tr") if tr.find(XHTML + "td") is not None]
        if len(rows) != len(doc["metrics"]):
            fail("%s: %d rows in the scores table, expected %d" %
                 (name, len(rows), len(doc["metrics"])))
        for m, row in zip(doc["metrics"], rows):
            s, st = m["score"], m["statistic"]
            d = decimals(st)
            if "error" in s:
                want = ["not available: " + s["error"]]
            else:
                want = [fmt(s["value"], d) + unit(st),
                        "+/- %.*f%s" % (d, s["margin"], " points" if st == "net" else ""),
                        fmt_interval(s["lower"], s["upper"], d), "%.0f" % s["n"]]
            counts["values"] += len(want)
            if row[1:] != want:
                fail("%s: the scores row of %s is %r, expected %r" %
                     (name, m["column"], row[1:], want))

    # The numbers, labels and sentences, each a whole text node.
    nodes = set()
    for el in root.iter():
        for t in (el.text, el.tail):
            if t is not None and t.strip():
                nodes.add(t.strip())
    body = " ".join(" ".join(root.itertext()).split())
    for t in texts:
        counts["values"] += 1
        if t not in nodes and " ".join(t.split()) not in body:
            fail("%s: %r is not on the page" % (name, t))


def check_command(binary, command, path, options, name=None):
    name = name or " ".join([command, os.path.basename(path)] + options)
    html = run(binary, [command, path] + options + ["--format", "html"])
    js = run(binary, [command, path] + options + ["--format", "json"])
    if html is None or js is None:
        return
    try:
        doc = json.loads(js)
    except ValueError as e:
        fail("%s: the JSON output does not parse: %s" % (name, e))
        return
    check_page(name, html, doc)


# ---- nasty labels ------------------------------------------------------------

NASTY = [b"a<b>c", b"R&D \"quoted\" 'single'", b"bad\xffbyte", b"ctl\x01char", b"]]>&amp;",
         b"\xc3\xa9" * 50, b""]


def csv_field(b):
    return b"\"" + b.replace(b"\"", b"\"\"") + b"\"" if re.search(rb"[\",\r\n]", b) else b


def check_nasty(binary):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "nasty & <labels> \"x\".csv")
        rows = [b"date,channel,region,nps"]
        for i in range(420):
            label = NASTY[i % len(NASTY)]
            region = NASTY[(i // 3) % len(NASTY)]
            rows.append(b"2026-%02d-%02d,%s,%s,%d" % (1 + i % 12, 1 + i % 28, csv_field(label),
                                                       csv_field(region), (i * 7) % 11))
        with open(path, "wb") as f:
            f.write(b"\n".join(rows) + b"\n")
        check_command(binary, "report", path, ["--time", "date", "--by", "channel"],
                      "nasty labels: report")
        check_command(binary, "segments", path, ["--by", "channel", "--by", "region"],
                      "nasty labels: segments (crosstab)")
        html = run(binary, ["score", path, "--format", "html"])
        if html is not None:
            try:
                root = ET.fromstring(html)
                title = root.find(XHTML + "head/" + XHTML + "title").text
                if os.path.basename(path) not in title:
                    fail("nasty labels: the file name is not in the title: %r" % title)
            except (ET.ParseError, AttributeError) as e:
                fail("nasty labels: score page: %s" % e)


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
        return 2
    binary, data = argv[1], argv[2]
    if len(argv) > 3:
        check_command(binary, argv[3], data, argv[4:])
    else:
        check_command(binary, "report", data, ["--time", "date", "--by", "channel"])
        check_command(binary, "segments", data, ["--by", "channel", "--by", "date"])
        check_command(binary, "trend", data, ["--time", "date", "--period", "week"])
        check_command(binary, "compare", data, ["--by", "channel"])
        check_command(binary, "score", data, [])
    check_nasty(binary)
    if failures:
        print("check_html: %d failure(s)" % len(failures), file=sys.stderr)
        return 1
    print("check_html: OK: %d pages, %d charts, %d values found on the pages" %
          (counts["pages"], counts["charts"], counts["values"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
