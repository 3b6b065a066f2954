#!/usr/bin/python3
"""Compare a run's figures with results/reference/calibration.csv.

Usage: calibration.py RESULTS.h5 CALIBRATION.csv [--regimes us,uk,...]
                      [--skip-national | --only-national]

Rows whose regime ends in _national belong to the national run files
(scenarios/national/); --skip-national and --only-national pick them out.

A metric is a row of /scenarios/<regime>/policy (e.g. paid_share), a
column of a row of /scenarios/<regime>/stages written stage.<stage>.<column>
(e.g. stage.trial.paid_share), the mean of an annual measure written
mean.<measure> (e.g. mean.claims, from the summary table), or an arithmetic expression of those (e.g.
stage.judgment.visit_share/stage.lawsuit.visit_share).  Each row passes when |simulated - target| <=
tolerance.  Rows with use = validate are skipped: they are never fitted,
and tools/national_check.py reports them.  Prints one line per row; exits 1 if any row fails or is
missing.  Reads HDF5 only (h5py, Debian python3-h5py).
"""
import csv
import re
import sys

import h5py


def lookup(group, metric):
    if metric.startswith("mean."):
        for row in group["summary"][()]:
            if row["measure"].decode() == metric[5:]:
                return float(row["mean"])
        raise KeyError(metric)
    if metric.startswith("stage."):
        _, stage, col = metric.split(".", 2)
        for row in group["stages"][()]:
            if row["stage"].decode() == stage:
                return float(row[col])
        raise KeyError(metric)
    for row in group["policy"][()]:
        if row["metric"].decode() == metric:
            return float(row["value"])
    raise KeyError(metric)


NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)*")


def evaluate(group, expr):
    """Replaces each name by its value and evaluates + - * / ( ) only."""
    text = NAME.sub(lambda m: repr(lookup(group, m.group(0))), expr)
    if not re.fullmatch(r"[0-9eE.+\-*/() ]+", text):
        raise KeyError(expr)
    return float(eval(text, {"__builtins__": {}}, {}))


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    only, national = None, None
    if len(argv) > 4 and argv[3] == "--regimes":
        only = set(argv[4].split(","))
    elif len(argv) > 3 and argv[3] in ("--skip-national", "--only-national"):
        national = argv[3] == "--only-national"
    failed = 0
    with h5py.File(argv[1], "r") as f, open(argv[2], newline="") as c:
        for row in csv.DictReader(r for r in c if not r.startswith("#")):
            reg = row["regime"]
            if row.get("use", "fit") == "validate":
                continue
            if only and reg not in only:
                continue
            if national is not None and reg.endswith("_national") != national:
                continue
            target, tol = float(row["target"]), float(row["tolerance"])
            try:
                got = evaluate(f["scenarios"][reg], row["metric"])
            except KeyError:
                print(f"MISSING {reg:13s} {row['metric']}")
                failed += 1
                continue
            ok = abs(got - target) <= tol
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {reg:13s} {row['metric'][:60]:60s} "
                  f"simulated {got:14.6g}  target {target:12.6g} +- {tol:.4g}")
    print(f"{failed} calibration row(s) failed" if failed else "all calibration rows met")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
