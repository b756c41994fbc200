#!/usr/bin/python3
"""Reference segmentations for xpi_series_changes with an explicit penalty: optimal
partitioning by the plain O(T^2) dynamic program (no pruning), in numpy; nothing here
uses libxpi.

Run (from the repository root):
  /usr/bin/python3 tests/ref/gen_changes.py > tests/ref/changes_vectors.tsv
Cost of a segment: -2 sum_j N_j log(N_j / N) over its categories (NPS bands: scores 0-6,
7-8, 9-10 for net; every score point for the CES mean). Empty periods are dropped before
segmenting (their index is kept for the labels). Per change: the period index where the
new segment starts, the levels (net in points, mean in scale units) of the segments before
and after, and the evidence C(before + after) - C(before) - C(after).
Columns: case, stat, penalty, min_segment, periods ('; ' between periods, ',' between
score counts), changes ('|' between changes: index,before,after,evidence).
"""

import numpy as np


def cost(c):
    c = c[c > 0]
    n = c.sum()
    return 2 * (n * np.log(n) - (c * np.log(c)).sum()) if n > 0 else 0.0


def optimal(counts, beta, m):
    n = len(counts)
    P = np.vstack([np.zeros(counts.shape[1]), np.cumsum(counts, 0)])
    F = np.full(n + 1, np.inf)
    F[0] = -beta
    last = np.zeros(n + 1, int)
    for t in range(m, n + 1):
        for tau in range(0, t - m + 1):
            if not np.isfinite(F[tau]):
                continue
            f = F[tau] + cost(P[t] - P[tau]) + beta
            if f < F[t]:
                F[t], last[t] = f, tau
    ch, t = [], n
    while last[t] > 0:
        ch.append(last[t])
        t = last[t]
    return sorted(ch), P


def categories(scores, stat):
    if stat == "mean":
        return scores
    return np.array([scores[:7].sum(), scores[7:9].sum(), scores[9:].sum()])


def level(scores, stat):
    s = np.arange(len(scores))
    if stat == "mean":
        return (scores * (s + 1)).sum() / scores.sum()  # CES 1..7
    return 100.0 * (scores[9:].sum() - scores[:7].sum()) / scores.sum()


def main():
    rng = np.random.default_rng(20261123)
    nps_a = [.03, .02, .03, .04, .05, .08, .10, .15, .15, .15, .20]
    nps_b = [.08, .06, .06, .06, .06, .08, .10, .15, .12, .11, .12]
    ces_a = [.03, .05, .08, .14, .25, .25, .20]
    ces_b = [.10, .12, .15, .18, .20, .15, .10]
    cases = []
    shift = [rng.multinomial(int(rng.integers(100, 300)), nps_a if t < 14 else nps_b)
             for t in range(24)]
    shift[5] = np.zeros(11, dtype=int)
    cases.append(("nps_shift", "net", 12.0, 2, shift))
    cases.append(("nps_shift_min4", "net", 12.0, 4, shift))
    cases.append(("nps_flat_high_penalty", "net", 50.0, 2,
                  [rng.multinomial(150, nps_a) for _ in range(18)]))
    dip = [rng.multinomial(300, nps_b if t == 9 else nps_a) for t in range(20)]
    cases.append(("nps_dip_min1", "net", 10.0, 1, dip))
    ces = [rng.multinomial(60, ces_a if (t < 10 or t >= 20) else ces_b) for t in range(30)]
    cases.append(("ces_two_changes", "mean", 20.0, 3, ces))
    # A case where pruning as soon as a candidate is dominated loses the
    # optimum when segments must be at least two periods long.
    bands = [(11, 7, 9), (2, 9, 0), (9, 4, 1), (10, 7, 11), (10, 0, 2), (4, 0, 0), (0, 7, 1)]
    pruning = []
    for d, p, pr in bands:
        c = np.zeros(11, dtype=int)
        c[3], c[8], c[10] = d, p, pr
        pruning.append(c)
    cases.append(("pruning_min_segment", "net", 6.0, 2, pruning))
    print("# case\tstat\tpenalty\tmin_segment\tperiods\tchanges")
    for name, stat, beta, m, periods in cases:
        periods = [np.asarray(p) for p in periods]
        keep = [i for i, p in enumerate(periods) if p.sum() > 0]
        counts = np.array([categories(periods[i], stat) for i in keep], dtype=float)
        ch, P = optimal(counts, beta, m)
        bounds = [0] + ch + [len(keep)]
        rows = []
        for c in range(len(ch)):
            a, b, e = bounds[c], bounds[c + 1], bounds[c + 2]
            before = sum(periods[keep[i]] for i in range(a, b))
            after = sum(periods[keep[i]] for i in range(b, e))
            ev = cost(P[e] - P[a]) - cost(P[b] - P[a]) - cost(P[e] - P[b])
            rows.append("%d,%r,%r,%r" % (keep[b], level(before, stat), level(after, stat), ev))
        print("\t".join([name, stat, repr(beta), str(m),
                         "; ".join(",".join(str(int(x)) for x in p) for p in periods),
                         "|".join(rows) if rows else "-"]))


if __name__ == "__main__":
    main()
