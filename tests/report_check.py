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

The comparisons (TABLE.comparisons.csv: every scenario against the first)
are recomputed too: values, ratios and differences from the file's tables
(relative 1e-12); a paired standard error from per-replicate influence
functions written here from the README's definitions (mean, expected
shortfall, ratio of totals; relative 1e-9), an unpaired one as
sqrt(se_base^2 + se_value^2) from the file's own errors; the bootstrap's
(VaR) must be finite and positive.  Pairing needs one seed and one
replicate count.
"""
import argparse
import csv
import math
import os
import sys
from collections import OrderedDict

import h5py
import numpy as np
import yaml

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def close(a, b, rel=1e-12):
    return a == b or abs(a - b) <= rel * max(abs(a), abs(b))


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
                # Not an amount: months summed over claims (claim_months,
                # lag_months) in months, every other one a count.
                unit = "months" if m.endswith("_months") else "count"
                out[(m, "mean", unit)] = mean
                out[(m, "sd", unit)] = sd
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
        if "development" in g:
            out.update(expected_development(g["development"], factor, to))
    return out


def expected_development(dg, factor, to):
    """The development rows of the report: the valuation table's means (an
    amount) and the chain ladder's error on each triangle."""
    out = {}
    for r in dg["valuation"][()]:
        out[("development: " + text(r["figure"]), "", to)] = float(r["mean"]) * factor
    if "reserving" in dg:
        for r in dg["reserving"][()]:
            t = text(r["triangle"])
            out[("development: chain ladder %s: mean rel. error" % t, "",
                 "share of the true reserve")] = float(r["mean_rel_error"])
            out[("development: chain ladder %s: rmse" % t, "", to)] = float(r["rmse"]) * factor
            out[("development: chain ladder %s: Mack 95%% cover" % t, "",
                 "share of replicates")] = float(r["coverage95"])
    return out


def expected_pricing(pg, factor, to):
    """The pricing rows of the report, from the pricing tables (whose
    figures tests/pricing_check.py recomputes from the samples)."""
    out = {}

    def put(name, unit, v):
        out[("pricing: " + name[:47], "", to + unit)] = float(v) * factor

    # A version 4 file's rates are per insured unit, and say so; an older
    # file's per unit of all (README, "Reports and plots").
    rows = pg["premium_by_group"][()]
    ins = "per_insured_bed" in rows.dtype.names
    i, col = (" insured", "per_insured_") if ins else ("", "per_")
    per_unit = " per" + i + " " + text(pg.attrs["exposure_unit"]) + " a year"
    per_h, per_b = " per" + i + " hospital a year", " per" + i + " bed a year"
    beds_col = "insured_beds" if ins else "beds"
    for r in rows:
        kind, grp = text(r["kind"]), text(r["group"])
        if kind == "total":
            put("pure premium", " a year", r["pure_premium"])
            put("pure premium per" + i + " hospital", per_h, r[col + "hospital"])
            if r[beds_col] > 0:
                put("pure premium per" + i + " bed", per_b, r[col + "bed"])
            put("pure premium", per_unit, r[col + "exposure_unit"])
            if ins and r["hospitals"] > 0:
                out[("pricing: insured share of hospitals", "", "expected share")] = \
                    float(r["insured_hospitals"] / r["hospitals"])
            if ins and r["beds"] > 0:
                out[("pricing: insured share of beds", "", "expected share")] = \
                    float(r["insured_beds"] / r["beds"])
        elif kind == "grade":
            put(grp + " hospital", per_h, r[col + "hospital"])
            if r[beds_col] > 0:
                put(grp + " bed", per_b, r[col + "bed"])
        else:
            put(grp, per_unit, r[col + "exposure_unit"])
            if ins and r[beds_col] > 0:
                put(grp + " bed", per_b, r[col + "bed"])
    for r in pg["principles"][()]:
        basis = text(r["basis"]) if "basis" in r.dtype.names else "annual"
        if basis == "annual":
            if text(r["principle"]) != "pure":
                put("premium, " + text(r["principle"]), " a year", r["premium"])
        elif text(r["principle"]) == "risk_margin":
            put("premium, PV + risk margin, " + basis, "", r["premium"])
    for r in pg["layers"][()]:
        put("layer " + text(r["layer"]) + ": expected ceded", " a year", r["expected_ceded"])
        for col, label in (("premium_ev", "EV"), ("premium_sd", "SD"), ("premium_coc", "CoC")):
            put("layer " + text(r["layer"]) + ": " + label + " premium", " a year", r[col])
        put("layer " + text(r["layer"]) + ": net VaR99.5", "", r["net_var995"])
    return out


# Policy metrics restated from the README ("Output format", policy columns):
# numerator and denominator as {measure: weight}; "year": a figure per year
# (b_r = 1); "exposure": per exposure unit (b_r = the exposure, constant).
POLICY = {
    "incidents_per_exposure": ({"incidents": 1}, "exposure"),
    "claims_per_exposure": ({"claims": 1}, "exposure"),
    "paid_claims_per_exposure": ({"paid_claims": 1}, "exposure"),
    "paid_share": ({"paid_claims": 1}, {"claims": 1}),
    "overhead_ratio": ({"expenses": 1}, {"compensation": 1}),
    "patient_net_per_year": ({"patient_net": 1}, "year"),
    "patient_net_share": ({"patient_net": 1}, {"compensation": 1}),
    "cost_per_year": ({"compensation": 1, "expenses": 1}, "year"),
    "insured_share": ({"insured": 1}, {"insured": 1, "retained": 1}),
    "borne_hospitals": ({"retained": 1}, {"compensation": 1, "expenses": 1}),
    "borne_insurers": ({"insured": 1, "state_paid": -1}, {"compensation": 1, "expenses": 1}),
    "borne_state": ({"state_paid": 1}, {"compensation": 1, "expenses": 1}),
    "borne_funds": ({"fund_lump": 1, "fund_instalments": 1, "fund_recovered": -1,
                     "fund_expenses": 1}, {"compensation": 1, "expenses": 1}),
    "borne_patients": ({"compensation": 1, "patient_net": -1},
                       {"compensation": 1, "expenses": 1}),
    "unpaid_share": ({"unpaid": 1}, {"compensation": 1, "unpaid": 1}),
    # The liability system's mean payment: compensation less the funds' net
    # payments, per paid claim not a fund award.
    "mean_payment": ({"compensation": 1, "fund_lump": -1, "fund_instalments": -1,
                      "fund_recovered": 1}, {"paid_claims": 1, "fund_awards": -1}),
    "fund_mean_award": ({"fund_lump": 1, "fund_instalments": 1}, {"fund_awards": 1}),
}
Z = 1.959963984540054


PATTERN = "(payment pattern)"


def pattern_terms(dg):
    """Accident year 0's compensation paid by development year [n][D], and
    its amount x months and compensation [n], from the ledgers, located by
    the layout the ledger's own attribute states."""
    Y, D = int(dg.attrs["years"]), int(dg.attrs["development_years"])
    lay = text(dg["ledger"].attrs["layout"])
    rows = [r.strip() for r in lay.split("rows ", 1)[1].split(", each")[0].split(",")]
    scal = [r.strip() for r in lay.split("then ", 1)[1].split(", each")[0].split(",")]
    stride = len(rows) * Y * D + len(scal) * Y
    L = dg["ledger"][()].reshape(-1, stride)
    r0 = rows.index("compensation_paid") * Y * D
    base = len(rows) * Y * D
    return (L[:, r0:r0 + D], L[:, base + scal.index("compensation_months") * Y],
            L[:, base + scal.index("compensation") * Y])


def pattern_by(name):
    """0 for payment_months, K for paid_by_year_K, None otherwise."""
    if name == "payment_months":
        return 0
    if name.startswith("paid_by_year_") and name[13:].isdigit():
        return int(name[13:])
    return None


def headline(path, scen, factor, to):
    """{figure: (value, se, unit, is_amount)} from the file's tables, and
    the annual samples and n."""
    with h5py.File(path, "r") as f:
        g = f["scenarios"][scen]
        cur = text(g.attrs["currency"])
        annual = {m: g["annual"][m][()] for m in g["annual"]}
        if "development" in g and "ledger" in g["development"]:
            annual[PATTERN] = pattern_terms(g["development"])
        out = {}
        for row in g["summary"][()]:
            if text(row["measure"]) == "insured":
                out["pure_premium"] = (row["mean"] * factor, row["se"] * factor, to, True)
                se = (row["var995_hi"] - row["var995_lo"]) / (2 * Z)
                out["insured_var995"] = (row["var995"] * factor, se * factor, to, True)
                out["insured_tvar99"] = (row["tvar99"] * factor, row["tvar99_se"] * factor, to,
                                         True)
        pol = g["policy"][()] if "policy" in g else []
        for row in pol:
            unit = text(row["unit"])
            amount = unit == cur or unit.startswith(cur + " ")
            fa = factor if amount else 1.0
            se = float(row["mc_se"]) if "mc_se" in pol.dtype.names else math.nan
            out[text(row["metric"])] = (float(row["value"]) * fa, se * fa,
                                        to + unit[len(cur):] if amount else unit, amount)
        return out, annual, int(f.attrs["replicates"]), int(f.attrs["seed"]), cur


def influence(name, value, annual, n):
    """The figure's influence function, from the README's definitions, in
    the file's own units (value as the file holds it)."""
    by = pattern_by(name)
    if by is not None:
        # README: a ratio of totals over the ledgers, like a policy metric.
        paid, months, comp = annual[PATTERN]
        a, b = (months, comp) if by == 0 else (paid[:, :by].sum(1), paid.sum(1))
        return (a - value * b) / b.mean() if b.mean() > 0 else np.zeros(n)
    x = annual["insured"]
    if name == "pure_premium":
        return x - value
    if name == "insured_tvar99":
        s = np.sort(x)
        v = float(s[-(-(n * 99) // 100) - 1])
        return v + np.maximum(x - v, 0.0) / 0.01 - value
    num, den = POLICY[name]
    a = sum(w * annual[m] for m, w in num.items())
    if den == "exposure":
        c = a.mean() / value if value != 0 else 0.0
        return (a - value * c) / c if c else np.zeros(n)
    b = np.ones(n) if den == "year" else sum(w * annual[m] for m, w in den.items())
    return (a - value * b) / b.mean() if b.mean() > 0 else np.zeros(n)


def check_comparisons(path, specs, labels, factors, to, md_lines, out_lines):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    base = labels[0]
    got = {(r["scenario"], r["figure"]): r for r in rows}
    check(all(r["baseline"] == base for r in rows), f"comparisons: every baseline is {base}")
    h0, a0, n0, seed0, cur0 = headline(*specs[0], factors[0], to)
    bad, unchecked, counted = [], 0, 0
    for (p, sc), lab, fac in zip(specs[1:], labels[1:], factors[1:]):
        h, a, n, seed, cur = headline(p, sc, fac, to)
        paired = n == n0 and seed == seed0
        want = [k for k in ["pure_premium", "insured_var995", "insured_tvar99"] if k in h0] + \
               [k for k in h0 if k not in ("pure_premium", "insured_var995", "insured_tvar99")]
        want = [k for k in want if k in h]
        have = [r["figure"] for r in rows if r["scenario"] == lab]
        check(have == want, f"comparisons {lab} vs {base}: one row per headline figure of both, "
                            f"in order ({len(have)} rows)")
        check(f"{lab} vs {base}: " + ("paired" if paired else "not paired") in "\n".join(out_lines),
              f"terminal: {lab} vs {base} says whether it is paired")
        for k in want:
            r = got[(lab, k)]
            counted += 1
            vb, seb, unit, amount = h0[k]
            vv, sev, _, _ = h[k]
            fl = lambda c: float(r[c]) if r[c] != "" else math.nan
            if amount and to == "own currency" and cur != cur0:
                if r["se_method"] != "none" or r["ratio"] != "":
                    bad.append((k, "amounts of two currencies compared"))
                continue
            ok = close(fl("baseline_value"), vb) and close(fl("value"), vv)
            ok &= close(fl("difference"), vv - vb)
            ok &= (vb == 0 and r["ratio"] == "") or close(fl("ratio"), vv / vb)
            if not ok:
                bad.append((k, "value", r["baseline_value"], vb, r["value"], vv))
                continue
            method = r["se_method"]
            known = k in POLICY or k in ("pure_premium", "insured_tvar99") or \
                pattern_by(k) is not None
            if method == "paired" and not known:
                unchecked += 1
                ok = paired and fl("difference_se") >= 0
            elif method == "paired":
                fb, fv = (factors[0], fac) if amount else (1.0, 1.0)
                pb = influence(k, vb / fb, a0, n) * fb
                pv = influence(k, vv / fv, a, n) * fv
                dse = np.std(pv - pb, ddof=1) / math.sqrt(n)
                ok = paired and close(fl("difference_se"), dse, 1e-9)
                if vb != 0:
                    ratio = vv / vb
                    ok &= close(fl("ratio_se"), np.std(pv - ratio * pb, ddof=1) / math.sqrt(n)
                                / abs(vb), 1e-9)
            elif method == "paired bootstrap":
                ok = paired and k == "insured_var995" and fl("difference_se") > 0 and \
                    math.isfinite(fl("difference_se"))
            elif method == "unpaired":
                ok = not paired or k == "p90_months" or not known
                dse = math.sqrt(seb ** 2 + sev ** 2)
                ok &= (math.isnan(dse) and r["difference_se"] == "") or \
                    close(fl("difference_se"), dse, 1e-12)
            else:
                ok = False
            if not ok:
                bad.append((k, method, r["difference_se"], r["ratio_se"]))
    check(not bad, f"comparisons: {counted} rows' values, ratios, differences and se agree with "
                   f"h5py ({unchecked} paired se of metrics not restated here) {bad[:3]}")
    after = md_lines[md_lines.index("") + 1:] if "" in md_lines else []
    md = [ln for ln in after if ln.startswith("| ") and " | " + base + " | " in ln]
    check(len(md) == len(rows), f"Markdown: one comparison line per CSV row ({len(md)})")


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
    plain = list(labels)  # the comparisons name scenarios without the currency
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
        md_all = f.read().splitlines()
    # The table ends at the first blank line; the comparisons follow.
    lines = md_all[:md_all.index("")] if "" in md_all else md_all
    check(len(lines) == len(rows) + 1, "Markdown table: header, rule and one line per CSV row")
    cells = [ln.strip().strip("|").split(" | ") for ln in lines]
    check([c.strip() for c in cells[0]] == ["figure"] + labels, "Markdown column headings")
    check(all(len(c) == len(labels) + 1 for c in cells), "Markdown: every line has every column")
    md = {c[0].strip(): [x.strip() for x in c[1:]] for c in cells[2:]}
    check_printed("Markdown", md, labels, want, keys)

    # The terminal table follows the first blank line; its heading line is
    # the column headings right-aligned, then one line per row whose last
    # len(labels) fields are the cells (a cell never holds a space).
    # A measure 0 in every cell of all its rows (every year of every
    # scenario) is left out of the terminal table and named on the line(s)
    # after it; the CSV and Markdown keep its rows.
    with open(a.out) as f:
        out = f.read().splitlines()
    start = out.index("") + 1
    measure_keys = [k for k in keys if k[1] and ":" not in k[0]]
    cells_of = {r[0]: [] for r in rows[1:]}
    for r in rows[1:]:
        if r[1] and ":" not in r[0]:
            cells_of[r[0]] += r[3:]
    folded = sorted({k[0] for k in measure_keys
                     if all(c != "" and float(c) == 0.0 for c in cells_of[k[0]])})
    term_keys = [k for k in keys if not (k[1] and ":" not in k[0] and k[0] in folded)]
    body = out[start + 1:start + 1 + len(term_keys)]
    check(all(lab in out[start] for lab in labels), "terminal: column headings")
    term = {}
    for ln in body:
        parts = ln.rsplit(None, len(labels))
        term[parts[0].strip()] = parts[1:]
    check_printed("terminal", term, labels, want, term_keys)
    check(not any(row_label(*k) in term for k in keys if k not in term_keys),
          f"terminal: no row of a measure 0 throughout ({len(folded)} of them)")
    after = out[start + 1 + len(term_keys):]
    named = []
    if after and after[0].startswith("0 in every year of every scenario"):
        for ln in after[1:]:
            if not ln.startswith("  "):
                break
            named += ln.split()
    check(sorted(named) == folded, f"terminal: the fold line names the measures 0 throughout "
                                   f"{folded[:4]} (got {named[:4]})")

    cmp_path = (a.csv[:-4] if a.csv.endswith(".csv") else a.csv) + ".comparisons.csv"
    if len(specs) > 1:
        check(os.path.isfile(cmp_path), f"comparisons written to {cmp_path}")
        if os.path.isfile(cmp_path):
            check_comparisons(cmp_path, specs, plain, factors, to, md_all, out)
    else:
        check(not os.path.exists(cmp_path), "one scenario: no comparisons file")
    if a.plots:
        check_plots(a.plots, specs, factors, labels)
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("report checks passed")


def band_ranks(n, j):
    """The 95% interval's ranks of the quantile at P = (n - j) / n from
    scipy's Binomial (independent of GSL, which medliab uses):
    l - 1 = max{k : P(B <= k) <= 0.025}, u - 1 = min{k : P(B > k) <= 0.025}."""
    from scipy.stats import binom
    p = (n - j) / n
    ks = np.arange(n + 1)
    cdf, sf = binom.cdf(ks, n, p), binom.sf(ks, n, p)
    low = ks[cdf <= 0.025]
    return (int(low[-1]) + 1 if len(low) else 0), int(ks[sf <= 0.025][0]) + 1


def check_plots(plots, specs, factors, labels):
    """The figures exist; plot_scenarios.csv lists the report in order;
    every point of plot_exceedance.csv is the order statistic of rank n - j
    at T = n / j, its band the order statistics at the Binomial ranks
    (recomputed with scipy), supported exactly when j >= 10; the histogram
    spans each scenario's own range."""
    names = ["exceedance", "measures", "histogram"]
    lifecycle = False
    with h5py.File(specs[0][0], "r") as f:
        if "policy" in f["scenarios"][specs[0][1]]:
            names.append("policy")
    for path, sc in specs:
        with h5py.File(path, "r") as f:
            g = f["scenarios"][sc]
            pol = [text(m) for m in g["policy"]["metric"]] if "policy" in g else []
            lifecycle |= "negligent_compensated_share" in pol
    if lifecycle:
        names.append("compensation")
    for name in names:
        for ext in ("png", "svg"):
            p = os.path.join(plots, f"{name}.{ext}")
            check(os.path.isfile(p) and os.path.getsize(p) > 1000, f"plot {name}.{ext} written")
    if not lifecycle:
        check(not os.path.exists(os.path.join(plots, "compensation.png")),
              "no life-cycle scenario: no compensation chart")
    with open(os.path.join(plots, "plot_scenarios.csv"), newline="") as f:
        scen = list(csv.DictReader(f))
    check([r["scenario"] for r in scen] == list(labels),
          f"plot_scenarios.csv: the report's scenarios in order {[r['scenario'] for r in scen]}")
    with open(os.path.join(plots, "plot_exceedance.csv"), newline="") as f:
        curve = list(csv.DictReader(f))
    with open(os.path.join(plots, "plot_histogram.csv"), newline="") as f:
        hist = list(csv.DictReader(f))
    for (path, sc), factor, lab in zip(specs, factors, labels):
        with h5py.File(path, "r") as f:
            x = np.sort(f["scenarios"][sc]["annual"]["insured"][()]) * factor
        n = len(x)
        pts = [r for r in curve if r["scenario"] == lab]
        bad = []
        for r in pts:
            rank = int(r["rank"])
            j = n - rank
            lo, hi = band_ranks(n, j)
            want_lo = -math.inf if lo == 0 else float(x[lo - 1])
            want_hi = math.inf if hi == n + 1 else float(x[hi - 1])
            if not (float(r["return_period"]) == n / j and float(r["loss"]) == float(x[rank - 1])
                    and (int(r["rank_lo"]), int(r["rank_hi"])) == (lo, hi)
                    and float(r["lo"]) == want_lo and float(r["hi"]) == want_hi
                    and r["supported"] == ("1" if j >= 10 else "0")):
                bad.append(dict(r))
        top = max(float(r["return_period"]) for r in pts if r["supported"] == "1")
        check(not bad and len(pts) > 100, f"{lab}: {len(pts)} exceedance points and their 95% "
                                          f"bands recomputed with scipy {bad[:1]}")
        check(top <= n / 10 and top > n / 11, f"{lab}: the curve is drawn up to T = {top:g} "
                                              f"<= n / 10 = {n / 10:g}")
        h = [r for r in hist if r["scenario"] == lab]
        q995 = float(x[-(-(n * 995) // 1000) - 1])
        check(float(h[0]["lo"]) == float(x[0]) and float(h[-2]["hi"]) == q995 and
              sum(int(r["count"]) for r in h) == n,
              f"{lab}: histogram from its smallest year to its own 99.5% quantile, all years")
    check_development_plot(plots, specs, labels)


def share_cells(tri):
    """Accident year 0's cumulative triangle row over its last cell (the
    ultimate): the expected CSV cells, None where no share exists."""
    row = tri[0]
    u = float(row[-1])
    return [float(v) / u if u > 0 and math.isfinite(u) else None for v in row]


def check_development_plot(plots, specs, labels):
    """plot_development.csv against the files' mean cumulative triangles
    (accident year 0 of paid and reported_count, every cell recomputed,
    relative 1e-12), development.png and .svg drawn; neither when no
    scenario has a development group.  The lines take the colour their
    scenario has in the other figures: the k-th scenario of the report
    the k-th colour of tools/report_plots.py's PALETTE."""
    files = [os.path.join(plots, n) for n in
             ("plot_development.csv", "development.png", "development.svg")]
    want = OrderedDict()
    for (path, scen), lab in zip(specs, labels):
        with h5py.File(path, "r") as f:
            g = f["scenarios"][scen]
            if "development" in g:
                dg = g["development"]
                want[lab] = (share_cells(dg["paid"][()]), share_cells(dg["reported_count"][()]))
    if not want:
        check(not any(os.path.exists(p) for p in files),
              "no development group: no plot_development.csv, development.png or .svg")
        return
    for p in files[1:]:
        check(os.path.isfile(p) and os.path.getsize(p) > 1000, f"plot {os.path.basename(p)} written")
    with open(files[0], newline="") as f:
        rows = list(csv.DictReader(f))
    check(bool(rows) and list(rows[0]) == ["scenario", "development_year", "paid_share",
                                           "reported_share"], "plot_development.csv header")
    got = OrderedDict()
    for r in rows:
        got.setdefault(r["scenario"], []).append(r)
    check(list(got) == list(want), f"plot_development.csv: the scenarios with development, "
                                   f"in order {list(got)} vs {list(want)}")
    for lab, (paid, rep) in want.items():
        rs = got.get(lab, [])
        check([r["development_year"] for r in rs] == [str(d + 1) for d in range(len(paid))],
              f"{lab}: development years 1..{len(paid)}")
        bad = []
        for r, p, q in zip(rs, paid, rep):
            for cell, w in ((r["paid_share"], p), (r["reported_share"], q)):
                if not ((w is None and cell == "") or
                        (w is not None and cell != "" and close(float(cell), w))):
                    bad.append((r["development_year"], cell, w))
        check(not bad and len(rs) == len(paid),
              f"{lab}: {2 * len(paid)} shares of the ultimate match h5py {bad[:3]}")
        check(paid[-1] in (None, 1.0) and rep[-1] in (None, 1.0),
              f"{lab}: the last development year is the ultimate (100%)")
    cycle = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#555555", "#56B4E9",
             "#F0E442"]
    with open(files[2]) as f:
        svg = f.read()
    used = {c for c in cycle if f"stroke: {c.lower()}" in svg.lower()}
    expect = {cycle[labels.index(lab) % len(cycle)] for lab, (p, q) in want.items()
              if any(v is not None for v in p + q)}
    check(used == expect, f"development.svg: each scenario's line in its colour of the "
                          f"other figures {sorted(used)} vs {sorted(expect)}")


main()
