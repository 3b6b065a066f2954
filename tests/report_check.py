"""Check `medliab report` outputs against the results files, with h5py.

Usage: report_check.py --csv TABLE.csv --md TABLE.md --out STDOUT
                       [--plots DIR] [--rates FILE [--currency CUR]]
                       FILE:SCENARIO ...

The FILE:SCENARIO arguments are the report's columns in the order the
report was given them.  Every figure of the CSV table is recomputed from
the annual samples of the file (mean by exact summation, sd, VaR99.5 as the
order statistic of rank ceil(0.995 n), TVaR99 as Acerbi-Tasche expected
shortfall) and compared at relative 1e-12 (exactly for VaR); policy metrics
are compared with the file's policy table and pricing rows with its pricing
tables.  Amounts (measures with an ep/ table, policy and pricing figures
whose unit is money) are multiplied by the scenario's conversion factor,
which this script computes itself from the rates file: per_base(CUR) /
per_base(scenario's currency).  Without --rates the factor is 1 and the
unit is the common currency, or "own currency" with the currency in the
column heading when the scenarios' currencies differ.  The Markdown table
and the terminal table (STDOUT) are checked cell by cell against the same
expected figures, to the precision they print (4 significant digits, or
to the unit above 1,000).
"""
import argparse
import csv
import math
import os
import sys

import h5py
import numpy as np
import yaml

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def close(a, b):
    return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))


def text(v):
    return v.decode() if isinstance(v, bytes) else v


def load_rates(path):
    """{currency: per_base}, read independently of medliab's reader."""
    if path.endswith(".csv"):
        with open(path, newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["currency"] and
                    not r["currency"].startswith("#")]
        return None, {r["currency"]: float(r["per_base"]) for r in rows}
    with open(path) as f:
        doc = yaml.safe_load(f)
    return doc["base"], {r["currency"]: float(r["per_base"]) for r in doc["rates"]}


def scenario_currency(path, scen):
    with h5py.File(path, "r") as f:
        return text(f["scenarios"][scen].attrs["currency"])


def expected(path, scen, factor, to):
    """{(measure, statistic, unit): value} for one scenario, amounts
    converted by factor into the unit named to."""
    out = {}
    with h5py.File(path, "r") as f:
        g = f["scenarios"][scen]
        cur = text(g.attrs["currency"])
        n = int(f.attrs["replicates"])
        out[("replicates", "", "")] = float(n)
        for row in g["summary"][()]:
            m = text(row["measure"])
            x = g["annual"][m][()]
            mean = math.fsum(x) / n
            sd = math.sqrt(math.fsum((x - mean) ** 2) / (n - 1))
            if m not in g["ep"]:
                out[(m, "mean", "count")] = mean
                out[(m, "sd", "count")] = sd
                continue
            s = np.sort(x)
            v995 = float(s[-(-(n * 995) // 1000) - 1])
            v99 = float(s[-(-(n * 99) // 100) - 1])
            t99 = v99 + math.fsum(np.maximum(s - v99, 0.0)) / (n * 0.01)
            out[(m, "mean", to)] = mean * factor
            out[(m, "sd", to)] = sd * factor
            out[(m, "VaR99.5", to)] = v995 * factor
            out[(m, "TVaR99", to)] = t99 * factor
        if "policy" in g:
            for row in g["policy"][()]:
                unit = text(row["unit"])
                v = float(row["value"])
                if unit == cur or unit.startswith(cur + " "):
                    unit, v = to + unit[len(cur):], v * factor
                out[("policy: " + text(row["metric"]), "", unit)] = v
        if "pricing" in g:
            out.update(expected_pricing(g["pricing"], factor, to))
    return out


def expected_pricing(pg, factor, to):
    """The pricing rows of the report, from the pricing tables (whose
    figures tests/pricing_check.py recomputes from the samples)."""
    out = {}
    per_unit = " per " + text(pg.attrs["exposure_unit"]) + " a year"

    def put(name, unit, v):
        out[("pricing: " + name[:47], "", to + unit)] = float(v) * factor

    for r in pg["premium_by_group"][()]:
        kind, grp = text(r["kind"]), text(r["group"])
        if kind == "total":
            put("pure premium", " a year", r["pure_premium"])
            put("pure premium per hospital", " per hospital a year", r["per_hospital"])
            if r["beds"] > 0:
                put("pure premium per bed", " per bed a year", r["per_bed"])
            put("pure premium", per_unit, r["per_exposure_unit"])
        elif kind == "grade":
            put(grp + " hospital", " per hospital a year", r["per_hospital"])
            if r["beds"] > 0:
                put(grp + " bed", " per bed a year", r["per_bed"])
        else:
            put(grp, per_unit, r["per_exposure_unit"])
    for r in pg["principles"][()]:
        if text(r["principle"]) != "pure":
            put("premium, " + text(r["principle"]), " a year", r["premium"])
    for r in pg["layers"][()]:
        put("layer " + text(r["layer"]) + ": expected ceded", " a year", r["expected_ceded"])
        put("layer " + text(r["layer"]) + ": net VaR99.5", "", r["net_var995"])
    return out


def row_label(key, stat, unit):
    lab = key + (" " + stat if stat else "")
    return f"{lab} ({unit})" if unit else lab


def printed_matches(cell, v):
    """Whether a printed cell shows v to the report's printed precision:
    the integer with thousands separators from 1,000 up (to within the
    rounding of %.0f), else 4 significant digits (%.4g)."""
    if v is None:
        return cell == "-"
    if cell == "-":
        return False
    try:
        got = float(cell.replace(",", ""))
    except ValueError:
        return False
    if abs(v) >= 1000:
        return "," in cell and abs(got - v) <= 0.5 + 1e-9 * abs(v)
    return abs(got - v) <= 5e-4 * abs(v) + 1e-300 or (v == 0 and got == 0)


def check_printed(name, rows, cols, want, keys):
    """rows: {label: [cells]} of a printed table; every CSV figure must be
    there with its printed value in the right column."""
    bad, missing = [], []
    for key in keys:
        lab = row_label(*key)
        if lab not in rows:
            missing.append(lab)
            continue
        for j, w in enumerate(want):
            if not printed_matches(rows[lab][j], w.get(key)):
                bad.append((lab, cols[j], rows[lab][j], w.get(key)))
    check(not missing, f"{name}: a line for every CSV row {missing[:3]}")
    check(not bad, f"{name}: {len(keys) * len(want)} cells show the expected figure {bad[:3]}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--csv", required=True)
    ap.add_argument("--md", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--plots")
    ap.add_argument("--rates")
    ap.add_argument("--currency")
    ap.add_argument("specs", nargs="+")
    a = ap.parse_args()
    specs = [s.rsplit(":", 1) for s in a.specs]
    curs = [scenario_currency(p, s) for p, s in specs]
    names = [s for _, s in specs]
    # The expected column headings: the name, or FILE:NAME when names repeat,
    # with the currency when the amounts stay in different currencies.
    labels = [f"{os.path.basename(p)[:40]}:{s[:50]}" if names.count(s) > 1 else s
              for p, s in specs]
    if a.rates:
        base, per_base = load_rates(a.rates)
        to = a.currency or base
        factors = [per_base[to] / per_base[c] for c in curs]
    elif len(set(curs)) == 1:
        to, factors = curs[0], [1.0] * len(specs)
    else:
        to, factors = "own currency", [1.0] * len(specs)
        labels = [f"{lab} ({c})" for lab, c in zip(labels, curs)]

    with open(a.csv, newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    check(head[:3] == ["measure", "statistic", "unit"], "CSV header")
    cols = head[3:]
    check(cols == labels, f"CSV columns are the scenarios in order {cols} vs {labels}")
    if len(cols) != len(labels):
        sys.exit(1)
    want = []
    for j, ((path, scen), factor) in enumerate(zip(specs, factors)):
        w = expected(path, scen, factor, to)
        want.append(w)
        got = {(r[0], r[1], r[2]): r[3 + j] for r in rows[1:]}
        missing = [k for k in w if k not in got]
        check(not missing, f"{labels[j]}: every figure has a row {missing[:3]}")
        bad = [(k, got[k], v) for k, v in w.items()
               if k in got and not (got[k] != "" and close(float(got[k]), v))]
        check(not bad, f"{labels[j]} ({curs[j]} x {factor:.6g} -> {to}): {len(w)} figures "
                       f"match h5py {bad[:3]}")
        extra = [k for k, v in got.items() if v != "" and k not in w]
        check(not extra, f"{labels[j]}: no figure without a source {extra[:3]}")
    keys = [(r[0], r[1], r[2]) for r in rows[1:]]

    with open(a.md) as f:
        lines = f.read().splitlines()
    check(len(lines) == len(rows) + 1, "Markdown table: header, rule and one line per CSV row")
    cells = [ln.strip().strip("|").split(" | ") for ln in lines]
    check([c.strip() for c in cells[0]] == ["figure"] + labels, "Markdown column headings")
    check(all(len(c) == len(labels) + 1 for c in cells), "Markdown: every line has every column")
    md = {c[0].strip(): [x.strip() for x in c[1:]] for c in cells[2:]}
    check_printed("Markdown", md, labels, want, keys)

    # The terminal table follows the first blank line; its heading line is
    # the column headings right-aligned, then one line per row whose last
    # len(labels) fields are the cells (a cell never holds a space).
    with open(a.out) as f:
        out = f.read().splitlines()
    start = out.index("") + 1
    body = out[start + 1:start + 1 + len(keys)]
    check(all(lab in out[start] for lab in labels), "terminal: column headings")
    term = {}
    for ln in body:
        parts = ln.rsplit(None, len(labels))
        term[parts[0].strip()] = parts[1:]
    check_printed("terminal", term, labels, want, keys)

    if a.plots:
        check_plots(a.plots, specs, factors, labels)
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("report checks passed")


def check_plots(plots, specs, factors, labels):
    names = ["exceedance", "measures", "histogram"]
    with h5py.File(specs[0][0], "r") as f:
        if "policy" in f["scenarios"][specs[0][1]]:
            names.append("policy")
    for name in names:
        for ext in ("png", "svg"):
            p = os.path.join(plots, f"{name}.{ext}")
            check(os.path.isfile(p) and os.path.getsize(p) > 1000, f"plot {name}.{ext} written")
    with open(os.path.join(plots, "plot_exceedance.csv"), newline="") as f:
        curve = list(csv.DictReader(f))
    for (path, scen), factor, lab in zip(specs, factors, labels):
        with h5py.File(path, "r") as f:
            x = f["scenarios"][scen]["annual"]["insured"][()]
        pts = [r for r in curve if r["scenario"] == lab]
        top = max(pts, key=lambda r: float(r["return_period"]))
        check(float(top["return_period"]) == len(x) and
              float(top["loss"]) == float(np.max(x)) * factor,
              f"{lab}: exceedance curve ends at the largest year (T = n)")


main()
