#!/usr/bin/python3
"""Generate tests/ref/padjust_vectors.tsv, the reference vectors for
xpi_p_adjust, from statsmodels' multipletests.

Usage (from the repository root; Debian's python3-statsmodels, hence the
explicit interpreter; apt-get install -y python3-statsmodels if missing):

    /usr/bin/python3 tests/ref/gen_padjust.py > tests/ref/padjust_vectors.tsv

Methods (statsmodels name -> libxpi constant):
    bonferroni     XPI_ADJUST_BONFERRONI
    holm           XPI_ADJUST_HOLM
    simes-hochberg XPI_ADJUST_HOCHBERG  (Hochberg's 1988 step-up; checked
                                         below against the definition, as
                                         in R's p.adjust(method="hochberg"))
    fdr_bh         XPI_ADJUST_BH
    fdr_by         XPI_ADJUST_BY

Row format (tab separated, '#' starts a comment line):
    case  method  n  p_1 .. p_n  adjusted_1 .. adjusted_n
with the adjusted values in input order and every number written with
'%.17g'.  The seed is fixed, so the output is deterministic.
"""

import sys

import numpy as np
import statsmodels
from statsmodels.stats.multitest import multipletests

METHODS = ['bonferroni', 'holm', 'simes-hochberg', 'fdr_bh', 'fdr_by']


def definition(p, method):
    """The adjustments from their textbook definitions (R's p.adjust), an
    independent check of which statsmodels method is which."""
    m = len(p)
    o = np.argsort(p, kind='stable')
    ps = p[o]
    j = np.arange(1, m + 1)
    if method == 'bonferroni':
        return np.minimum(1.0, m * p)
    if method == 'holm':
        adj = np.maximum.accumulate((m - j + 1) * ps)
    elif method == 'simes-hochberg':
        adj = np.minimum.accumulate(((m - j + 1) * ps)[::-1])[::-1]
    else:
        c = np.sum(1.0 / j) if method == 'fdr_by' else 1.0
        adj = np.minimum.accumulate((c * m / j * ps)[::-1])[::-1]
    out = np.empty(m)
    out[o] = np.minimum(1.0, adj)
    return out


def cases():
    rng = np.random.default_rng(20240601)
    for n in (1, 2, 3, 5, 10, 50, 200, 1000):
        yield 'uniform_%d' % n, rng.uniform(size=n)
    for n in (10, 50, 500):
        yield 'beta_%d' % n, rng.beta(0.3, 1.0, size=n)
    yield 'ties_10', rng.choice([0.01, 0.02, 0.05, 0.5], size=10)
    yield 'ties_50', np.round(rng.uniform(size=50), 1)
    yield 'ties_200', np.round(rng.beta(0.3, 1.0, size=200), 2)
    yield 'all_equal_5', np.full(5, 0.03)
    yield 'all_ones_4', np.ones(4)
    yield 'all_zeros_3', np.zeros(3)
    p = rng.uniform(size=20)
    p[[0, 3, 7]] = 0.0
    p[[5, 11, 19]] = 1.0
    yield 'zeros_ones_20', p
    yield 'tiny_10', np.array([1e-300, 0.5, 5e-324, 1e-310, 0.02, 1e-300,
                               2.2250738585072014e-308, 0.9, 1e-200, 0.04])
    yield 'clip_50', rng.uniform(0.3, 1.0, size=50)
    yield 'sorted_50', np.sort(rng.uniform(size=50))
    yield 'reversed_50', np.sort(rng.uniform(size=50))[::-1].copy()


def main():
    out = sys.stdout
    out.write('# xpi_p_adjust reference vectors: statsmodels %s, numpy %s\n'
              % (statsmodels.__version__, np.__version__))
    out.write('# written by tests/ref/gen_padjust.py; columns:'
              ' case method n p_1..p_n adjusted_1..adjusted_n\n')
    for name, p in cases():
        p = np.asarray(p, dtype=float)
        for method in METHODS:
            adj = multipletests(p, method=method)[1]
            if np.max(np.abs(adj - definition(p, method))) > 1e-15:
                raise SystemExit('%s %s disagrees with the definition' % (name, method))
            fields = [name, method, str(len(p))]
            fields += ['%.17g' % v for v in p]
            fields += ['%.17g' % v for v in adj]
            out.write('\t'.join(fields) + '\n')


if __name__ == '__main__':
    main()
