#!/usr/bin/python3
"""Calendar reference for series periods, from Python's datetime (proleptic Gregorian,
ISO 8601 weeks via date.isocalendar); nothing here uses libxpi.

Run (from the repository root):
  /usr/bin/python3 tests/ref/gen_calendar.py > tests/ref/calendar_vectors.tsv
Per day (days since 1970-01-01): the day's label, and for week, month, quarter and year
the label of the period holding it and that period's first day.
"""

import datetime
import random

EPOCH = datetime.date(1970, 1, 1)


def row(d):
    n = (d - EPOCH).days
    iso_year, iso_week, iso_wd = d.isocalendar()
    monday = d - datetime.timedelta(days=iso_wd - 1)
    month_first = d.replace(day=1)
    q_first = datetime.date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    year_first = datetime.date(d.year, 1, 1)
    cols = [n, d.isoformat(),
            "%04d-W%02d" % (iso_year, iso_week), (monday - EPOCH).days,
            "%04d-%02d" % (d.year, d.month), (month_first - EPOCH).days,
            "%04d-Q%d" % (d.year, (d.month - 1) // 3 + 1), (q_first - EPOCH).days,
            "%04d" % d.year, (year_first - EPOCH).days]
    return "\t".join(str(c) for c in cols)


def main():
    rng = random.Random(20261123)
    days = set()
    # Edges: the range, ISO week-year boundaries, leap rules, the epoch.
    for y, m, dd in [(1, 1, 1), (1, 1, 7), (9999, 12, 31), (9999, 12, 27), (1970, 1, 1),
                     (1969, 12, 29), (1969, 12, 28), (2000, 2, 29), (1900, 2, 28), (1900, 3, 1),
                     (2004, 12, 31), (2005, 1, 2), (2005, 1, 3), (2008, 12, 29), (2009, 12, 31),
                     (2010, 1, 3), (2010, 1, 4), (2015, 12, 31), (2020, 12, 31), (2021, 1, 3),
                     (2021, 1, 4), (2026, 1, 1), (2026, 12, 28), (2027, 1, 3), (1600, 2, 29)]:
        days.add(datetime.date(y, m, dd))
    # Every day of two years around a 53-week year, and random days everywhere.
    start = datetime.date(2020, 1, 1)
    for i in range(731):
        days.add(start + datetime.timedelta(days=i))
    lo, hi = datetime.date(1, 1, 1).toordinal(), datetime.date(9999, 12, 31).toordinal()
    for _ in range(3000):
        days.add(datetime.date.fromordinal(rng.randint(lo, hi)))
    print("# day\tdate\tweek\tweek_first\tmonth\tmonth_first\tquarter\tquarter_first\tyear"
          "\tyear_first")
    for d in sorted(days):
        print(row(d))


if __name__ == "__main__":
    main()
