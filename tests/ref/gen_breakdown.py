#!/usr/bin/python3
"""Independent reference values for xpi_cube_breakdown, xpi_cube_crosstab and
xpi_cube_decompose, computed with pandas groupby, statsmodels and scipy.

Run (from the repository root, Debian python with numpy, pandas, scipy, statsmodels):
  /usr/bin/python3 tests/ref/gen_breakdown.py tests/ref/breakdown_data.tsv \
      > tests/ref/breakdown_vectors.tsv
Writes the responses (deterministic numpy seed) to the first argument and the expected
values to stdout; nothing here uses libxpi. Per segment ("rest" = the selection minus
the segment; y = -1/0/+1 for net, 0/1 for shares, the score for means):
  n, estimate, rest, impact (overall - rest): pandas groupby on y.
  statistic, p: net: pooled z = (y_s - y_r) / sqrt(V (1/n_s + 1/n_r)), V = h + l - (h - l)^2
      from the pooled band shares h, l (numpy, scipy norm.sf); shares: statsmodels
      proportions_ztest (pooled); means: statsmodels ttest_ind(usevar='unequal').
  p_adj: statsmodels multipletests over the segments with n >= 30.
  interval (WALD / T rows only, clipped to the range): estimate +- z sqrt(var / n) (net var = h + l - net^2,
      shares p(1 - p)); means: mean +- t(n - 1) s / sqrt(n) (t quantiles from
      gen_estimate.mp_t_ppf, mpmath). Difference
      interval: WALD d +- z sqrt(var_s / n_s + var_r / n_r); means Welch d +- t(df) se.
  tau2: statsmodels combine_effects(y_i, V / n_i, method_re='dl').tau2 truncated at 0
      as DerSimonian & Laird define it, V = the
      selection's per-response variance (net, shares: ddof 0; means: ddof 1);
      shrunk = overall + tau2 / (tau2 + V / n_i) (y_i - overall);
      funnel = overall +- z sqrt(V / n_i), clipped to the statistic's range.
  chi2: scipy chi2_contingency(correction=False) on segments x bands (low/middle/high;
      means: every score point), columns empty everywhere dropped.
Decomposition rows: shares and estimates per period by pandas; the rate and mix
effects by the symmetric Kitagawa formulas of docs/methods.md (numpy).
"""

import os
import sys

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.meta_analysis import combine_effects
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportions_ztest
from statsmodels.stats.weightstats import ttest_ind

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_estimate as ge  # noqa: E402  (mpmath t quantiles; scipy 1.10's are ~1e-9 off)

T0 = 1767225600  # 2026-01-01T00:00:00Z
DAY = 86400
ADJUST = {"bh": "fdr_bh", "holm": "holm", "none": None}


def make_data(path):
    rng = np.random.default_rng(20261123)
    n = 3000
    regions = np.array(["north", "south", "east", "west", "", "islands"])
    region = rng.choice(regions, size=n, p=[0.3, 0.25, 0.2, 0.2, 0.045, 0.005])
    channel = rng.choice(np.array(["email", "phone", "chat"]), size=n, p=[0.5, 0.3, 0.2])
    day = rng.integers(0, 14, size=n)
    t = T0 + day * DAY + rng.integers(0, DAY, size=n)
    # A harsher north and a kinder chat.
    probs = np.where((region == "north")[:, None], [0.30, 0.30, 0.40], [0.15, 0.30, 0.55])
    probs = np.where((channel == "chat")[:, None], probs * [0.6, 1.0, 1.0], probs)
    probs = probs / probs.sum(axis=1, keepdims=True)
    band = np.array([rng.choice(3, p=p) for p in probs])
    score = np.where(band == 0, rng.integers(0, 7, size=n),
                     np.where(band == 1, rng.integers(7, 9, size=n), rng.integers(9, 11, size=n)))
    df = pd.DataFrame({"time": t, "region": region, "channel": channel, "score": score})
    df.to_csv(path, sep="\t", index=False, header=False)
    return df


def y_of(df, stat):
    s = df["score"]
    if stat == "net":
        return (s >= 9).astype(float) - (s <= 6).astype(float)
    if stat == "top":
        return (s >= 9).astype(float)
    if stat == "bottom":
        return (s <= 6).astype(float)
    return s.astype(float)


def unit_var(y, stat):
    return float(np.var(y, ddof=1 if stat == "mean" else 0))


def pooled_net_z(ys, yr):
    ns, nr = len(ys), len(yr)
    h = (np.sum(ys == 1) + np.sum(yr == 1)) / (ns + nr)
    lo = (np.sum(ys == -1) + np.sum(yr == -1)) / (ns + nr)
    v = h + lo - (h - lo) ** 2
    z = (ys.mean() - yr.mean()) / np.sqrt(v * (1 / ns + 1 / nr))
    return z, 2 * stats.norm.sf(abs(z))


def test_vs_rest(ys, yr, stat):
    if stat == "net":
        return pooled_net_z(ys, yr)
    if stat in ("top", "bottom"):
        z, p = proportions_ztest([ys.sum(), yr.sum()], [len(ys), len(yr)])
        return z, p
    t, p, _ = ttest_ind(ys, yr, usevar="unequal")
    return t, p


def intervals(ys, yr, stat, method, z):
    """Clipped as the library clips: a segment's interval to the statistic's range, a
    difference's to plus or minus its width."""
    lo_end, hi_end = (0.0, 10.0) if stat == "mean" else ((-1.0, 1.0) if stat == "net"
                                                       else (0.0, 1.0))
    width = hi_end - lo_end
    r = raw_intervals(ys, yr, stat, method, z)
    return (min(max(r[0], lo_end), hi_end), min(max(r[1], lo_end), hi_end),
            min(max(r[2], -width), width), min(max(r[3], -width), width))


def raw_intervals(ys, yr, stat, method, z):
    nan4 = (np.nan,) * 4
    if method not in ("wald", "t"):
        return nan4
    ns, nr = len(ys), len(yr)
    if stat == "mean":
        se_s = np.std(ys, ddof=1) / np.sqrt(ns)
        q = float(ge.mp_t_ppf(0.975, ns - 1))
        vs, vr = np.var(ys, ddof=1) / ns, np.var(yr, ddof=1) / nr
        dfw = (vs + vr) ** 2 / (vs ** 2 / (ns - 1) + vr ** 2 / (nr - 1))
        qd = float(ge.mp_t_ppf(0.975, dfw))
        d = ys.mean() - yr.mean()
        return (ys.mean() - q * se_s, ys.mean() + q * se_s,
                d - qd * np.sqrt(vs + vr), d + qd * np.sqrt(vs + vr))
    vs, vr = np.var(ys) / ns, np.var(yr) / nr
    d = ys.mean() - yr.mean()
    return (ys.mean() - z * np.sqrt(vs), ys.mean() + z * np.sqrt(vs),
            d - z * np.sqrt(vs + vr), d + z * np.sqrt(vs + vr))


def chi2_table(sel, keys, stat):
    if stat == "mean":
        cat = sel["score"]
    else:
        cat = np.where(sel["score"] <= 6, 0, np.where(sel["score"] <= 8, 1, 2))
    table = pd.crosstab([sel[k] for k in keys], cat).to_numpy()
    table = table[:, table.sum(axis=0) > 0]
    chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
    return chi2, dof, p


def fmt(v):
    return "nan" if v is None or (isinstance(v, float) and np.isnan(v)) else repr(float(v))


def breakdown(name, df, keys, stat, method, adjust, t_from, t_to, filt):
    sel = df[(df["time"] >= t_from) & (df["time"] < t_to)]
    if filt:
        sel = sel[sel[filt[0]] == filt[1]]
    sel = sel.copy()
    sel["y"] = y_of(sel, stat)
    unit = 1.0 if stat == "mean" else 100.0
    lo_end, hi_end = (0, 10) if stat == "mean" else ((-1, 1) if stat == "net" else (0, 1))
    z = stats.norm.ppf(0.975)
    overall = sel["y"].mean()
    V = unit_var(sel["y"].to_numpy(), stat)
    groups = sel.groupby(keys[0] if len(keys) == 1 else keys, sort=False)
    rows = []
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        ys = g["y"].to_numpy()
        yr = sel.loc[~sel.index.isin(g.index), "y"].to_numpy()
        st, p = test_vs_rest(ys, yr, stat)
        lo, hi, dlo, dhi = intervals(ys, yr, stat, method, z)
        rows.append(dict(label="|".join(key), n=len(ys), est=ys.mean(), rest=yr.mean(),
                         lo=lo, hi=hi, dlo=dlo, dhi=dhi, stat=st, p=p,
                         impact=overall - yr.mean()))
    ns = np.array([r["n"] for r in rows], dtype=float)
    ests = np.array([r["est"] for r in rows])
    res = combine_effects(ests, V / ns, method_re="dl")
    tau2 = max(0.0, float(res.tau2))  # statsmodels leaves the moment estimate untruncated
    tested = [i for i, r in enumerate(rows) if r["n"] >= 30]
    padj = np.array([r["p"] for r in rows])[tested]
    if ADJUST[adjust]:
        padj = multipletests(padj, method=ADJUST[adjust])[1]
    chi2, dof, chi2_p = chi2_table(sel, keys, stat)
    print("\t".join(["table", name, str(len(sel)), fmt(unit * overall), fmt(chi2), fmt(dof),
                     fmt(chi2_p), fmt(tau2 * unit * unit)]))
    for i, r in enumerate(rows):
        v = V / r["n"]
        shr = overall + tau2 / (tau2 + v) * (r["est"] - overall)
        flo = min(max(overall - z * np.sqrt(v), lo_end), hi_end)
        fhi = min(max(overall + z * np.sqrt(v), lo_end), hi_end)
        pa = padj[tested.index(i)] if i in tested else np.nan
        sig = 0 if np.isnan(pa) or pa >= 0.05 else int(np.sign(r["est"] - r["rest"]))
        print("\t".join(["row", name, r["label"], str(r["n"])] + [fmt(unit * x) for x in (
            r["est"], r["lo"], r["hi"], r["rest"], r["est"] - r["rest"], r["dlo"], r["dhi"])]
            + [fmt(r["stat"]), fmt(r["p"]), fmt(pa), str(sig)]
            + [fmt(unit * x) for x in (r["impact"], shr, flo, fhi)]
            + [str(int(r["n"] < 30))]))


def decompose(name, df, key, stat, a, b):
    unit = 1.0 if stat == "mean" else 100.0
    sa = df[(df["time"] >= a[0]) & (df["time"] < a[1])].copy()
    sb = df[(df["time"] >= b[0]) & (df["time"] < b[1])].copy()
    sa["y"], sb["y"] = y_of(sa, stat), y_of(sb, stat)
    ra_all, rb_all = sa["y"].mean(), sb["y"].mean()
    mid = (ra_all + rb_all) / 2
    print("\t".join(["dtable", name, fmt(unit * ra_all), fmt(unit * rb_all),
                     fmt(unit * (rb_all - ra_all))]))
    ga, gb = sa.groupby(key)["y"], sb.groupby(key)["y"]
    for seg in sorted(set(sa[key]) | set(sb[key])):
        wa = ga.size().get(seg, 0) / len(sa)
        wb = gb.size().get(seg, 0) / len(sb)
        ra = ga.mean().get(seg, np.nan)
        rb = gb.mean().get(seg, np.nan)
        ra_e = rb if np.isnan(ra) else ra
        rb_e = ra if np.isnan(rb) else rb
        rate = (wa + wb) / 2 * (rb_e - ra_e)
        mix = ((ra_e + rb_e) / 2 - mid) * (wb - wa)
        print("\t".join(["drow", name, seg, fmt(100 * wa), fmt(100 * wb), fmt(unit * ra),
                         fmt(unit * rb), fmt(unit * rate), fmt(unit * mix)]))


def main():
    df = make_data(sys.argv[1])
    end = T0 + 14 * DAY
    print("# kind\tscenario\t... (see tests/test_breakdown.c)")
    breakdown("region_net_wald", df, ["region"], "net", "wald", "bh", T0, end, None)
    breakdown("region_net_default", df, ["region"], "net", "default", "bh", T0, end, None)
    breakdown("channel_top_week1", df, ["channel"], "top", "default", "bh", T0, T0 + 7 * DAY,
              None)
    breakdown("region_mean_phone", df, ["region"], "mean", "t", "holm", T0, end,
              ("channel", "phone"))
    breakdown("region_bottom_wald", df, ["region"], "bottom", "wald", "none", T0, end, None)
    breakdown("region_x_channel", df, ["region", "channel"], "net", "wald", "bh", T0, end, None)
    decompose("channel_weeks", df, "channel", "net", (T0, T0 + 7 * DAY), (T0 + 7 * DAY, end))
    decompose("region_weeks_mean", df, "region", "mean", (T0, T0 + 7 * DAY),
              (T0 + 7 * DAY, end))


if __name__ == "__main__":
    main()
