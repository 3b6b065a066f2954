#!/usr/bin/python3
"""The reform table: China today, each lever alone and all together.

Usage: reform_table.py RESULTS.h5

RESULTS.h5 holds the base run (scenarios/china.yaml: a lifecycle regime
without levers), runs of single levers on it (scenarios/levers/*.yaml,
the same seed and replicates: common random numbers, so replicate r of a
lever run has the incidents of replicate r of the base) and runs of
several levers together (scenarios/china_reform.yaml).  Every lever run in
the file is a row, so a lever added under scenarios/levers/ appears as
soon as it is run (tools/readme_update.sh runs them all); nothing here
names a lever.

For each row, per simulated year:
  total cost        compensation + expenses (the regime's currency, millions)
  insured           the insurers' (or a state indemnifier's) payments
  retained          the hospitals' own payments
  patients comp.    negligent_paid / negligent: the share of negligent
                    injuries that happen which are compensated
  overhead          expenses / compensation
  months to closure claim_months / claims: mean months from claim to
                    closure, collection of the award included
each with its difference from China today and the paired Monte Carlo SE
of that difference: stack Z_r = (X_L, D_L, X_B, D_B)_r (numerator and
denominator under the lever and the base; D = 1 for a sum), S its sample
covariance over the n replicates, and SE^2 = g' S g / n with g the
gradient of q_L - q_B = m_XL/m_DL - m_XB/m_DB (tests/levers_check.py, the
same delta method).

Below the table, one sentence per lever on what sets its size: the
`description` of the lever file's first `effect:` that has one, else the
first sentence of the lever's own `description`; and a line on the
precision the replicate count gives, computed from the SEs.  Prints
Markdown; exits 2 when the file lacks a base or a lever run.
"""
import math
import os
import sys

import h5py
import numpy as np
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))
import levers_check  # noqa: E402  (the run file's lever files, the same reading)

# key, column label, numerator measure(s), denominator measure or None,
# kind: "money" (millions of the currency), "share" (percent), "months".
METRICS = [
    ("cost", "total cost", ("compensation", "expenses"), None, "money"),
    ("insured", "insured", ("insured",), None, "money"),
    ("retained", "retained by hospitals", ("retained",), None, "money"),
    ("patients", "negligent injuries compensated", ("negligent_paid",), "negligent", "share"),
    ("overhead", "overhead (expenses / compensation)", ("expenses",), "compensation", "share"),
    ("months", "months to closure", ("claim_months",), "claims", "months"),
]


class TableError(Exception):
    pass


def text(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def series(g, num, den):
    a = g["annual"]
    x = sum(a[m][()] for m in num)
    d = a[den][()] if den else np.ones_like(x)
    return x, d


def paired(lev, base, num, den):
    """(base value, lever value, difference, its paired SE)."""
    xl, dl = series(lev, num, den)
    xb, db = series(base, num, den)
    z = np.vstack([xl, dl, xb, db])
    n = z.shape[1]
    m = z.mean(axis=1)
    s = np.cov(z, ddof=1)
    ql, qb = m[0] / m[1], m[2] / m[3]
    grad = np.array([1 / m[1], -ql / m[1], -1 / m[3], qb / m[3]])
    se = math.sqrt(max(float(grad @ s @ grad) / n, 0.0))
    return qb, ql, ql - qb, se


def value(x, kind):
    if kind == "money":
        return f"{x / 1e6:,.2f}"
    if kind == "share":
        return f"{100 * x:.2f}%"
    return f"{x:.2f}"


def delta(d, se, kind):
    """A difference and its SE in the column's unit (points for shares),
    with the decimals that show two significant digits of the SE."""
    k = 1e-6 if kind == "money" else 100 if kind == "share" else 1
    unit = " pts" if kind == "share" else ""
    dd, ss = d * k, se * k
    if ss == 0 and dd == 0:
        return "no change"
    dec = 2 if ss == 0 else min(6, max(2, 1 - math.floor(math.log10(ss))))
    return f"{dd:+,.{dec}f} ± {ss:.{dec}f}{unit}"


def lever_doc(path):
    """What sets the lever's size: its first effect's description, else
    the sentence of its description that says what it does today ("Today
    it ..."), else that description's first sentence."""
    with open(path) as f:
        lev = yaml.safe_load(f)
    for e in levers_check.effects(lev):
        if isinstance(e, dict) and e.get("description"):
            return lev["lever"], " ".join(str(e["description"]).split())
    d = " ".join(str(lev.get("description", "")).split())
    if not d:
        return lev["lever"], "(the lever file says nothing about its size)"
    sentences = [x.strip().rstrip(".") + "." for x in d.split(". ") if x.strip()]
    today = [x for x in sentences if x.startswith("Today")]
    return lev["lever"], (today or sentences)[0]


def rows_of(f):
    """(base name, [(label, group name, lever files)]) of results file f."""
    sc = f["scenarios"]
    bases = {}
    for name, g in sorted(sc.items(), key=lambda kv: kv[0] != text(kv[1].attrs["regime"])):
        if not text(g.attrs.get("levers", b"")) and "stages" in g:
            bases.setdefault((text(g.attrs["regime"]), text(g.attrs["portfolio"])), name)
    singles, together = [], []
    for name, g in sorted(sc.items()):
        lv = text(g.attrs.get("levers", b""))
        key = (text(g.attrs["regime"]), text(g.attrs["portfolio"]))
        if not lv or key not in bases:
            continue
        files = levers_check.lever_files(g)
        (singles if len(files) == 1 else together).append((name, bases[key], files))
    return singles, together


def render(path):
    with h5py.File(path, "r") as f:
        singles, together = rows_of(f)
        if not singles:
            raise TableError(f"{path} holds no single-lever run on a base run")
        reps, seed = int(f.attrs["replicates"]), int(f.attrs["seed"])
        sc = f["scenarios"]
        base_name = singles[0][1]
        if any(b != base_name for _, b, _ in singles + together):
            raise TableError(f"{path} holds lever runs on more than one base")
        base = sc[base_name]
        cur = text(base.attrs["currency"])
        head = ["| | " + " | ".join(
            f"{lab} ({cur} m a year)" if kind == "money" else lab
            for _, lab, _, _, kind in METRICS) + " |",
            "| --- |" + " ---: |" * len(METRICS)]
        lines = list(head)
        cells = []
        for _, _, num, den, kind in METRICS:
            x, d = series(base, num, den)
            cells.append(value(x.mean() / d.mean(), kind))
        lines.append(f"| China today (`{base_name}`) | " + " | ".join(cells) + " |")
        docs, worst = [], {}
        for name, _, files in singles + together:
            g = sc[name]
            if len(files) == 1:
                lever, doc = lever_doc(files[0])
                label = f"`{lever}` alone"
                docs.append((lever, doc))
            else:
                label = f"all {len(files)} together (`{name}`)"
            cells = []
            for key, _, num, den, kind in METRICS:
                qb, ql, d, se = paired(g, base, num, den)
                cells.append(f"{value(ql, kind)} ({delta(d, se, kind)})")
                rel = se / abs(qb) if qb else 0.0
                if len(files) == 1 and rel > worst.get(key, (0.0, ""))[0]:
                    worst[key] = (rel, name)
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    out = [f"*{reps:,} replicates, seed {seed}: the reference portfolio under China's regime "
           f"today, each lever alone and all together, common random numbers (the same "
           f"incidents in every run); in brackets the difference from China today ± its "
           f"paired Monte Carlo SE.*", ""] + lines + ["", "What sets each lever's size "
                                                      "(from the lever files):", ""]
    out += [f"- `{lev}`: {doc}" for lev, doc in docs]
    cost = worst.get("cost", (0.0, ""))[0]
    months = worst.get("months", (0.0, ""))[0]
    out += ["", f"Why {reps:,} replicates suffice: pairing on the same incidents leaves "
                f"every single lever's difference in total cost with an SE of at most "
                f"{100 * cost:.2g}% of today's total cost, and in months to closure at most "
                f"{100 * months:.2g}% of today's months, so a lever that moves total cost by "
                f"more than {300 * cost:.2g}% or the months by more than {300 * months:.2g}% "
                f"is resolved at 3 SE; a difference within 3 SE of 0 is not resolved at "
                f"this count."]
    return "\n".join(out)


def main(argv):
    if len(argv) != 2 or argv[1].startswith("-"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        print(render(argv[1]))
    except (TableError, OSError, KeyError) as e:
        print(f"reform_table: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
