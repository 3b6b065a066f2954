"""Check `medliab report` outputs against the results files, with h5py.

Usage: report_check.py TABLE.csv TABLE.md PLOTDIR FILE:FACTOR:SCENARIO ...

Every figure of the CSV table is recomputed from the annual samples of the
file (mean by exact summation, sd, VaR99.5 as the order statistic of rank
ceil(0.995 n), TVaR99 as Acerbi-Tasche expected shortfall), multiplied by
the scenario's conversion factor for amounts (measures with an ep/ table),
and compared at relative 1e-12 (exactly for VaR); policy metrics are
compared with the file's policy table, converted when their unit is money.
"""
import csv
import math
import os
import sys

import h5py
import numpy as np

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def close(a, b):
    return a == b or abs(a - b) <= 1e-12 * max(abs(a), abs(b))


def text(v):
    return v.decode() if isinstance(v, bytes) else v


def expected(path, scen, factor):
    """{(measure, statistic, unit): value} for one scenario."""
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
            out[(m, "mean", "USD")] = mean * factor
            out[(m, "sd", "USD")] = sd * factor
            out[(m, "VaR99.5", "USD")] = v995 * factor
            out[(m, "TVaR99", "USD")] = t99 * factor
        if "policy" in g:
            for row in g["policy"][()]:
                unit = text(row["unit"])
                v = float(row["value"])
                if unit == cur or unit.startswith(cur + " "):
                    unit, v = "USD" + unit[len(cur):], v * factor
                out[("policy: " + text(row["metric"]), "", unit)] = v
        if "pricing" in g:
            out.update(expected_pricing(g["pricing"], cur, factor))
    return out


def expected_pricing(pg, cur, factor):
    """The pricing rows of the report, from the pricing tables (whose
    figures tests/pricing_check.py recomputes from the samples)."""
    out = {}
    per_unit = " per " + text(pg.attrs["exposure_unit"]) + " a year"

    def put(name, unit, v):
        out[("pricing: " + name[:47], "", "USD" + unit)] = float(v) * factor

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


def main():
    table, md, plots = sys.argv[1:4]
    specs = [a.rsplit(":", 2) for a in sys.argv[4:]]
    with open(table, newline="") as f:
        rows = list(csv.reader(f))
    head = rows[0]
    check(head[:3] == ["measure", "statistic", "unit"], "CSV header")
    cols = head[3:]
    check(sorted(cols) == sorted(s for _, _, s in specs), "one column per scenario")
    for path, factor, scen in specs:
        want = expected(path, scen, float(factor))
        j = 3 + cols.index(scen)
        got = {(r[0], r[1], r[2]): r[j] for r in rows[1:]}
        missing = [k for k in want if k not in got]
        check(not missing, f"{scen}: every figure has a row {missing[:3]}")
        bad = [(k, got[k], v) for k, v in want.items()
               if k in got and not (got[k] != "" and close(float(got[k]), v))]
        check(not bad, f"{scen}: {len(want)} figures match h5py {bad[:3]}")
        extra = [k for k, v in got.items() if v != "" and k not in want]
        check(not extra, f"{scen}: no figure without a source {extra[:3]}")
    with open(md) as f:
        lines = f.read().splitlines()
    check(lines[0].startswith("| figure |") and len(lines) == len(rows) + 1,
          "Markdown table: header, rule and one line per CSV row")
    names = ["exceedance", "measures", "histogram"]
    with h5py.File(specs[0][0], "r") as f:
        if "policy" in f["scenarios"][specs[0][2]]:
            names.append("policy")
    for name in names:
        for ext in ("png", "svg"):
            p = os.path.join(plots, f"{name}.{ext}")
            check(os.path.isfile(p) and os.path.getsize(p) > 1000, f"plot {name}.{ext} written")
    with open(os.path.join(plots, "plot_exceedance.csv"), newline="") as f:
        curve = list(csv.DictReader(f))
    for path, factor, scen in specs:
        with h5py.File(path, "r") as f:
            x = f["scenarios"][scen]["annual"]["insured"][()]
        pts = [r for r in curve if r["scenario"] == scen]
        top = max(pts, key=lambda r: float(r["return_period"]))
        check(float(top["return_period"]) == len(x) and
              float(top["loss"]) == float(np.max(x)) * float(factor),
              f"{scen}: exceedance curve ends at the largest year (T = n)")
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("report checks passed")


main()
