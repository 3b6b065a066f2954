"""Check a medliab results file against format contract version 1.

Usage: h5_layout.py FILE REPLICATES SEED SCENARIO [SCENARIO ...]
Recomputes every summary and exceedance figure from the annual samples with
the documented definitions (varP = order statistic of rank ceil(P n);
tvarP = varP + E[(X - varP)+] / (1 - P)) and compares at relative 1e-9
(summation order differs between numpy and medliab; nothing else may).
"""
import sys
from fractions import Fraction

import h5py
import numpy as np

# The eight measures of DESIGN section 5, then the policy measures (README).
MEASURES = ["incidents", "claims", "paid_claims", "damages", "compensation",
            "expenses", "insured", "retained", "negligent", "negligent_paid",
            "litigated", "patient_net", "claim_months", "lag_months"]
AMOUNTS = ["damages", "compensation", "expenses", "insured", "retained", "patient_net"]
LEVELS = {"90": Fraction(9, 10), "95": Fraction(95, 100), "99": Fraction(99, 100),
          "995": Fraction(995, 1000), "999": Fraction(999, 1000)}
RETURN_PERIODS = [2, 5, 10, 20, 50, 100, 200, 250, 500, 1000]
ROOT_ATTRS = ["format", "format_version", "software_version", "git_commit", "seed",
              "replicates", "created_utc"]
GROUP_ATTRS = ["portfolio", "regime", "currency", "scenario", "source_file"]

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def rank(n, p):
    k = -(-(n * p.numerator) // p.denominator)  # ceil in integers
    return max(int(k), 1)


def var(sorted_x, p):
    return sorted_x[rank(len(sorted_x), p) - 1]


def tvar(sorted_x, p):
    v = var(sorted_x, p)
    excess = np.sum(np.maximum(sorted_x - v, 0.0))
    return v + excess / (len(sorted_x) * float(1 - p))


def close(a, b):
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def main():
    path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    names = sys.argv[4:]
    with h5py.File(path, "r") as f:
        for a in ROOT_ATTRS:
            check(a in f.attrs, f"root attribute {a} present")
        check(f.attrs["format"] == "medliab-results" or
              f.attrs["format"] == b"medliab-results", "format is medliab-results")
        check(int(f.attrs["format_version"]) == 1, "format_version is 1")
        check(int(f.attrs["seed"]) == seed, "seed attribute")
        check(int(f.attrs["replicates"]) == n, "replicates attribute")
        check(sorted(f["scenarios"].keys()) == sorted(names), "one group per scenario")
        for name in names:
            g = f["scenarios"][name]
            for a in GROUP_ATTRS:
                check(a in g.attrs, f"{name}: attribute {a} present")
            text = g.attrs["scenario"]
            text = text.decode() if isinstance(text, bytes) else text
            check(f"name: {name}" in text and "policy:" in text,
                  f"{name}: resolved scenario text")
            samples = {}
            for m in MEASURES:
                d = g["annual"][m]
                check(d.shape == (n,) and d.dtype == np.float64,
                      f"{name}: annual/{m} is float64[{n}]")
                check(d.chunks is not None and d.compression == "gzip",
                      f"{name}: annual/{m} chunked and deflated")
                samples[m] = d[()]
                check(bool(np.all(np.isfinite(samples[m]))), f"{name}: annual/{m} finite")
            summ = g["summary"][()]
            got = [r["measure"].decode() if isinstance(r["measure"], bytes) else r["measure"]
                   for r in summ]
            check(got == MEASURES, f"{name}: summary rows are the documented measures in order")
            for row, m in zip(summ, MEASURES):
                x = samples[m]
                s = np.sort(x)
                ok = close(row["mean"], float(np.mean(x)))
                ok &= close(row["sd"], float(np.std(x, ddof=1)))
                ok &= close(row["se"], float(np.std(x, ddof=1) / np.sqrt(n)))
                for tag, p in LEVELS.items():
                    ok &= close(row["var" + tag], float(var(s, p)))
                    ok &= close(row["tvar" + tag], float(tvar(s, p)))
                check(bool(ok), f"{name}: summary of {m} matches the samples")
            for m in AMOUNTS:
                ep = g["ep"][m][()]
                mx = g["annual_max"][m][()]
                check(bool(np.all(mx <= samples[m] + 1e-9 * np.abs(samples[m]))),
                      f"{name}: largest claim <= annual total for {m}")
                s, smx = np.sort(samples[m]), np.sort(mx)
                ok = list(ep["return_period"]) == RETURN_PERIODS
                for row in ep:
                    p = 1 - Fraction(1, int(row["return_period"]))
                    ok &= close(row["aep"], float(var(s, p)))
                    ok &= close(row["oep"], float(var(smx, p)))
                check(bool(ok), f"{name}: ep/{m} matches the samples")
            for m in ["incidents", "claims", "paid_claims"]:
                check(m not in g["ep"], f"{name}: no EP table for count {m}")
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all layout checks passed")


main()
