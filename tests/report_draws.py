"""The 90% intervals of `medliab report`'s comparisons over parameter draws.

Usage: report_draws.py MEDLIAB RUN.h5 WORKDIR

RUN.h5 holds china and china_reform of one run with --parameter-draws K
(tests/report_draws.sh makes it).  The intervals in the comparisons CSV
must be the order statistics of rank ceil(P K), P = 0.05 and 0.95, of the
per-draw ratio and difference, computed here with numpy from the file's
uncertainty/draws (README, "Output format"); exactly, as both sides sort
the same doubles.  Then copies of the file, changed with h5py, check what
the contract allows: a draw where a figure is undefined (NaN) is left out,
a draw whose baseline is 0 has no ratio, two scenarios with different
numbers of draws get no interval and say why, and a draws dataset that
breaks the contract is refused (exit 4) naming it.  The plot data of
`report --plots` (plot_policy.csv, plot_compensation.csv) carry the same
90% intervals per scenario: the p05 and p95 of the file's
uncertainty/figures table, exactly.
"""
import csv
import math
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

ML, RUN, WORK = sys.argv[1:4]
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def report(path, tag):
    out = os.path.join(WORK, tag + ".csv")
    p = subprocess.run([ML, "report", path, "--csv", out], capture_output=True, text=True)
    cmp = out[:-4] + ".comparisons.csv"
    rows = []
    if p.returncode == 0:
        with open(cmp, newline="") as f:
            rows = list(csv.DictReader(f))
    return p, {r["figure"]: r for r in rows}


def draws(path, scen):
    with h5py.File(path, "r") as f:
        d = f[f"scenarios/{scen}/uncertainty/draws"]
        names = d.attrs["columns"]
        names = (names.decode() if isinstance(names, bytes) else names).split(",")
        return {n: d[()][:, i] for i, n in enumerate(names)}


def ends(x):
    x = np.sort(np.asarray(x))
    k = len(x)
    if k == 0:
        return math.nan, math.nan
    return float(x[-(-(k * 50) // 1000) - 1]), float(x[-(-(k * 950) // 1000) - 1])


def num(r, c):
    return float(r[c]) if r[c] != "" else math.nan


def same(a, b):
    return a == b or (math.isnan(a) and math.isnan(b))


def expected(db, dv, name):
    b, v = db[name], dv[name]
    ok = np.isfinite(b) & np.isfinite(v)
    rk = ok & (b != 0)
    return ends(v[rk] / b[rk]) + ends(v[ok] - b[ok]) + (int(ok.sum()),)


def check_intervals(path, tag, touched=()):
    p, rows = report(path, tag)
    check(p.returncode == 0, f"{tag}: report runs ({p.stderr.strip()[:200]})")
    db, dv = draws(path, "china"), draws(path, "china_reform")
    k = len(next(iter(db.values())))
    bad, n = [], 0
    for name, r in rows.items():
        if name not in db or name not in dv:
            bad.append((name, "not in the draws"))
            continue
        n += 1
        rp05, rp95, dp05, dp95, used = expected(db, dv, name)
        got = (num(r, "ratio_p05"), num(r, "ratio_p95"), num(r, "difference_p05"),
               num(r, "difference_p95"), int(r["draws"]))
        if not all(same(g, w) for g, w in zip(got, (rp05, rp95, dp05, dp95, used))):
            bad.append((name, got, (rp05, rp95, dp05, dp95, used)))
    check(n > 20 and not bad, f"{tag}: {n} figures' 90% intervals are the order statistics "
                              f"of ceil(P K) over {k} draws {bad[:2]}")
    for name, want in touched:
        r = rows.get(name)
        check(r is not None and want(r), f"{tag}: {name} row {dict(r) if r else None}")
    return p, rows


# The run as written by medliab.
p, rows = check_intervals(RUN, "run")
spread = [r for r in rows.values() if num(r, "difference_p95") > num(r, "difference_p05")]
check(len(spread) >= 3, f"the draws move {len(spread)} figures (the ranged numbers matter)")
check("intervals over" in p.stdout and "90% interval" in p.stdout,
      "terminal: the comparison says how many draws and prints the intervals")



def check_plot_intervals(path):
    """plot_policy.csv's p05, p95 and draws against the file's own
    uncertainty/figures table (both are order statistics of the same
    doubles), every policy metric of both scenarios; plot_compensation.csv
    holds the same rows for its two metrics.  Drawing is skipped
    (MEDLIAB_PYTHON=/bin/true): the data are checked, not the pictures."""
    d = os.path.join(WORK, "plots")
    env = dict(os.environ, MEDLIAB_PYTHON="/bin/true")
    p = subprocess.run([ML, "report", path, "--plots", d], capture_output=True, text=True,
                       env=env)
    check(p.returncode == 0, f"report --plots runs ({p.stderr.strip()[:200]})")
    if p.returncode:
        return
    with open(os.path.join(d, "plot_policy.csv"), newline="") as f:
        pol = {(r["scenario"], r["metric"]): r for r in csv.DictReader(f)}
    with open(os.path.join(d, "plot_compensation.csv"), newline="") as f:
        comp = {(r["scenario"], r["metric"]): r for r in csv.DictReader(f)}
    bad, n = [], 0
    with h5py.File(path, "r") as h:
        for scen in ("china", "china_reform"):
            t = h[f"scenarios/{scen}/uncertainty/figures"][()]
            for row in t:
                name = row["figure"].decode() if isinstance(row["figure"], bytes) else row["figure"]
                r = pol.get((scen, name))
                if r is None:
                    continue  # pure_premium, VaR, TVaR: not policy metrics
                n += 1
                got = (num(r, "p05"), num(r, "p95"), int(r["draws"]))
                want = (float(row["p05"]), float(row["p95"]), int(row["defined"]))
                if not (same(got[0], want[0]) and same(got[1], want[1]) and got[2] == want[2]):
                    bad.append((scen, name, got, want))
            for m in ("negligent_compensated_share", "overhead_ratio"):
                if comp.get((scen, m)) != pol.get((scen, m)):
                    bad.append((scen, m, "plot_compensation.csv differs from plot_policy.csv"))
            c = comp.get((scen, "cost_per_negligent_compensated"))
            if c is None or c["draws"] != "0" or c["p05"] != "":
                bad.append((scen, "cost_per_negligent_compensated", c))
    check(n > 40 and not bad, f"plot data: {n} policy metrics' 90% intervals are the file's "
                              f"uncertainty/figures p05 and p95 {bad[:2]}")


check_plot_intervals(RUN)

# A figure undefined in one draw (NaN) and a baseline of 0 in another.
k_path = os.path.join(WORK, "edited.h5")
shutil.copyfile(RUN, k_path)
with h5py.File(k_path, "r+") as f:
    names = f["scenarios/china/uncertainty/draws"].attrs["columns"]
    names = (names.decode() if isinstance(names, bytes) else names).split(",")
    i, j = names.index("paid_share"), names.index("overhead_ratio")
    d = f["scenarios/china_reform/uncertainty/draws"]
    x = d[()]
    x[0, i] = np.nan
    d[...] = x
    d = f["scenarios/china/uncertainty/draws"]
    x = d[()]
    x[1, j] = 0.0
    d[...] = x
    K = x.shape[0]
check_intervals(k_path, "edited", [
    ("paid_share", lambda r: int(r["draws"]) == K - 1),
    ("overhead_ratio", lambda r: int(r["draws"]) == K)])

# Different numbers of draws: no interval, and the reason.
shutil.copyfile(RUN, k_path)
with h5py.File(k_path, "r+") as f:
    g = f["scenarios/china_reform/uncertainty"]
    x, cols = g["draws"][()], g["draws"].attrs["columns"]
    del g["draws"]
    g.create_dataset("draws", data=x[:-1])
    g["draws"].attrs["columns"] = cols
p, rows = report(k_path, "fewer")
check(p.returncode == 0 and rows and all(r["draws"] == "0" and r["ratio_p05"] == ""
                                         for r in rows.values()),
      "different numbers of draws: no interval in any row")
check(f"no interval: {K} and {K - 1} parameter draws" in p.stdout,
      "different numbers of draws: the terminal says why")

# A draws dataset that breaks the contract: refused, named.
shutil.copyfile(RUN, k_path)
with h5py.File(k_path, "r+") as f:
    g = f["scenarios/china/uncertainty"]
    del g["draws"]
    g.create_dataset("draws", data=np.zeros(4))
p, _ = report(k_path, "broken")
check(p.returncode == 4 and "/scenarios/china/uncertainty/draws: has 1 dimensions, not 2"
      in p.stderr, f"a 1-D draws dataset is refused: exit {p.returncode}, {p.stderr.strip()}")
shutil.copyfile(RUN, k_path)
with h5py.File(k_path, "r+") as f:
    d = f["scenarios/china/uncertainty/draws"]
    d.attrs["columns"] = "pure_premium,insured_var995"
p, _ = report(k_path, "columns")
check(p.returncode == 4 and "attribute columns names 2 figures" in p.stderr,
      f"columns that do not match the dataset are refused: {p.stderr.strip()}")

if failures:
    print(f"{len(failures)} check(s) failed")
    sys.exit(1)
print("draw interval checks passed")
