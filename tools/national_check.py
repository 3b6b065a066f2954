#!/usr/bin/python3
"""National comparison: the national run files' totals against published
figures, as a Markdown table (README, "National portfolios").

Usage: national_check.py RESULTS.h5 [--check] [--notes]

RESULTS.h5 holds the runs of scenarios/national/{us,uk,japan,taiwan,china}.yaml
(medliab run scenarios/national/*.yaml -o RESULTS.h5).  Each row is a
validation figure (results/reference/calibration.csv, use = validate) or a
fitted count (use = fit, marked "(set)"), read from that file with the
target, tolerance and source; the simulated value is the mean of the run's
replicates with its Monte Carlo standard error (sd / sqrt(replicates)).
England's maternity share of claims by number is the expected share,
computed exactly from the national portfolio and the regime's claiming
probabilities (every random effect has mean 1), since the run does not
count claims by specialty; its share of value is simulated (insured
outlay by specialty, pricing/annual_by_specialty).

With --notes, a paragraph follows the table that splits the misses into
their parts (mean payment against count; maternity value against the
rest), every number computed from the run and calibration.csv.

With --check, exits 1 when a validate row misses its tolerance (the table
is printed either way).  Reads HDF5 (h5py) and YAML (python3-yaml).
"""
import csv
import math
import os
import re
import sys

import h5py
import numpy as np
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from calibration import evaluate  # noqa: E402
from yaml_numbers import point  # noqa: E402

ROWS = [  # (calibration id, label, how shown, scale, unit)
    ("us_national_paid_claims", "US", "paid claims", 1, ""),
    ("us_national_compensation", "US", "compensation", 1e9, "USD {}bn"),
    ("uk_national_claims", "England", "new claims", 1, ""),
    ("uk_national_damages", "England", "damages", 1e9, "GBP {}bn"),
    ("uk_national_total_paid", "England", "total paid (damages and costs)", 1e9, "GBP {}bn"),
    ("uk_maternity_value_share", "England", "maternity share of value", 0.01, "{}%"),
    ("uk_maternity_claim_share", "England", "maternity share of claims", 0.01, "{}%"),
    ("japan_national_lawsuits", "Japan", "lawsuits", 1, ""),
    ("taiwan_national_lawsuits", "Taiwan", "lawsuits", 1, ""),
    ("china_national_disputes", "China", "disputes", 1, ""),
]


def calibration_rows():
    with open(os.path.join(ROOT, "results/reference/calibration.csv"), newline="") as c:
        return {r["id"]: r for r in csv.DictReader(x for x in c if not x.startswith("#"))}


def annual(group, name):
    a = np.asarray(group["annual"][name][()], dtype=float)
    return a.mean(), a.std(ddof=1) / math.sqrt(a.size)


def by_specialty_share(group, spec):
    d = group["pricing"]["annual_by_specialty"]
    names = [n.decode() for n in d.attrs["names"]]
    a = np.asarray(d[()], dtype=float)  # [specialty, replicate]
    tot = a.sum(axis=0)
    share = a[names.index(spec)].sum() / tot.sum()
    # se of a ratio of means by the delta method over replicates
    x, n = a[names.index(spec)], a.shape[1]
    r = x - share * tot
    return share, r.std(ddof=1) / math.sqrt(n) / tot.mean()


def expected_claims(national_file):
    """Expected claims a year by (specialty, class) of a national run file."""
    base = os.path.dirname(national_file)
    # at the point values: the numbers' distributions are not this table's
    run = yaml.safe_load(open(national_file))
    port = point(yaml.safe_load(open(os.path.join(base, run["portfolio"]))))
    reg = point(yaml.safe_load(open(os.path.join(base, run["regime"]))))
    pc = reg["lifecycle"]["claiming"]["p_claim"]
    ns = port["negligent_share"]
    out = {}
    for sp in port["specialties"]:
        mix = sp.get("injury_mix", port["injury_mix"])
        expo = sum(h.get("count", 1) * h["exposure"].get(sp["name"], 0)
                   for h in port["hospitals"])
        for c in mix:
            out[sp["name"], c] = expo * sp["incident_rate"] * mix[c] * (
                ns[c] * pc["negligent"][c] + (1 - ns[c]) * pc["not_negligent"][c])
    return out


def expected_cell_claims(national_file, spec, cls):
    return expected_claims(national_file)[spec, cls]


def expected_claim_share(national_file, spec):
    by = expected_claims(national_file)
    return sum(v for (s, _), v in by.items() if s == spec) / sum(by.values())


def national_file(regime):
    return os.path.join(ROOT, "scenarios/national", regime.replace("_national", "") + ".yaml")


def simulated(f, row):
    """(value, se): se nan where none applies (a ratio of stage figures), 0
    for an exact expectation."""
    g = f["scenarios"][row["regime"]]
    m = row["metric"]
    if m.startswith("value_share."):
        return by_specialty_share(g, m.split(".", 1)[1])
    if m.startswith("claim_share."):
        return expected_claim_share(national_file(row["regime"]), m.split(".", 1)[1]), 0.0
    if m.startswith("mean.") and "*" not in m:
        return annual(g, m[5:])
    return evaluate(f, row["regime"], m), float("nan")


def source(text):
    """The citation without the row's note on its tolerance."""
    return re.sub(r"\s*(\(single figure[^)]*\)|: range.*)$", "", text)


def fmt(v, scale, unit):
    x = v / scale
    s = f"{x:,.2f}" if scale != 1 else f"{x:,.0f}"
    return unit.format(s) if unit else s


def notes(f, cal):
    us = f["scenarios"]["us_national"]
    paid, _ = annual(us, "paid_claims")
    comp, _ = annual(us, "compensation")
    t_comp = float(cal["us_national_compensation"]["target"])
    t_paid = float(cal["us_national_paid_claims"]["target"])
    t_mean = float(cal["us_mean_payment"]["target"])
    print(f"\nUS: the simulated national mean payment is USD {comp / paid:,.0f} per paid "
          f"claim ({comp / paid / t_mean - 1:+.0%} from the fitted per-claim target, "
          f"USD {t_mean:,.0f}, us_mean_payment), while the published total over the "
          f"published count is USD {t_comp / t_paid:,.0f}: the count is "
          f"{paid / t_paid - 1:+.0%} from NPDB's and the mean payment "
          f"{comp / paid / (t_comp / t_paid) - 1:+.0%} from NPDB's implied mean.")
    uk = f["scenarios"]["uk_national"]
    tot, _ = annual(uk, "insured")
    share, _ = by_specialty_share(uk, "obstetrics")
    t_tot = float(cal["uk_national_total_paid"]["target"])
    t_share = float(cal["uk_maternity_value_share"]["target"])
    print(f"England: maternity carries GBP {share * tot / 1e9:.2f}bn a year of the "
          f"simulated total paid and the other specialties GBP "
          f"{(1 - share) * tot / 1e9:.2f}bn; the published total and share put them "
          f"at GBP {t_share * t_tot / 1e9:.2f}bn and GBP {(1 - t_share) * t_tot / 1e9:.2f}bn "
          f"({share * tot / (t_share * t_tot) - 1:+.0%} and "
          f"{(1 - share) * tot / ((1 - t_share) * t_tot) - 1:+.0%}).")


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cal = calibration_rows()
    missed = 0
    print("| country | figure | simulated per year | published | use | result | source |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    with h5py.File(argv[1], "r") as f:
        for rid, country, what, scale, unit in ROWS:
            row = cal[rid]
            got, se = simulated(f, row)
            target, tol = float(row["target"]), float(row["tolerance"])
            sim = fmt(got, scale, unit)
            if se > 0:
                sim += " ± " + fmt(se, scale, unit.replace("USD ", "").replace("GBP ", ""))
            elif se == 0:
                sim += " (expected)"
            dev = (got - target) / target
            ok = abs(got - target) <= tol
            if row["use"] == "validate":
                res = "pass" if ok else f"miss by {dev:+.0%}"
                if not ok and unit == "{}%":
                    res = f"miss by {100 * (got - target):+.1f} points ({dev:+.0%})"
                missed += not ok
            else:
                res = "fitted" if ok else f"FIT FAILS ({dev:+.0%})"
            pub = (f"{fmt(target, scale, unit)} ± "
                   f"{fmt(tol, scale, unit.replace('USD ', '').replace('GBP ', ''))}")
            print(f"| {country} | {what} | {sim} | {pub} | {row['use']} | {res} | "
                  f"{source(row['source'])} |")
        if "--notes" in argv:
            notes(f, cal)
    n = expected_cell_claims(national_file("uk_national"), "obstetrics", "permanent")
    print(f"\nExpected obstetric permanent claims a year in England's national "
          f"portfolio (the denominator of the obstetric tail weight in "
          f"scenarios/regimes/uk.yaml): {n:,.0f}.")
    return 1 if (missed and "--check" in argv) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
