#!/usr/bin/python3
"""Recompute the calibration targets that were trended to a regime's price
year, so that the arithmetic behind them is not hidden in the CSV.

Usage: trended_targets.py SOURCE_DIR

Each entry below names a row of results/reference/calibration.csv, the
published figures it is built from (value, year of their prices), the
index file that trends them, and how the trended figures combine: one
figure (target = trended figure, tolerance = 10% of it) or a range of
two (target = their midpoint, tolerance = half their distance).  The
script exits 1 when a row's target or tolerance differs from the
recomputed one by more than rounding to a whole unit.  Index files are
read as the loader reads them (sim/load/price_load.c): `level`, or
`previous_year_100` chained from 100 in the year before the first.
"""
import csv
import sys

import yaml

ROWS = [
    # row id, regime price year, index file, figures [(value, year)], combine
    ("us_mean_payment", 2023, "scenarios/indices/us_cpi.yaml",
     [(274887, 2008)], "single"),   # Jena et al. 2011, taken as 2008 USD
    ("china_mediation_payment", 2022, "scenarios/indices/china_cpi.yaml",
     [(60200, 2014), (48689, 2016)], "range"),  # Guangdong 2013-15, Gansu 2014-19
    ("us_national_compensation", 2023, "scenarios/indices/us_cpi.yaml",
     [(3.10e9, 2013)], "single"),   # NPDB total payments 2013
]


def levels(path):
    with open(path) as f:
        d = yaml.safe_load(f)
    if "level" in d:
        return {int(y): float(v) for y, v in d["level"].items()}
    ch = {int(y): float(v) for y, v in d["previous_year_100"].items()}
    first = min(ch)
    lv = {first - 1: 100.0}
    for y in sorted(ch):
        lv[y] = lv[y - 1] * ch[y] / 100.0
    return lv


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    src = argv[1]
    with open(f"{src}/results/reference/calibration.csv") as f:
        rows = {r["id"]: r for r in csv.DictReader(l for l in f if not l.startswith("#"))}
    bad = 0
    for rid, year, index, figures, how in ROWS:
        lv = levels(f"{src}/{index}")
        trended = [v * lv[year] / lv[u] for v, u in figures]
        if how == "single":
            target, tol = trended[0], 0.1 * trended[0]
        else:
            target, tol = sum(trended) / 2, abs(trended[0] - trended[1]) / 2
        row = rows[rid]
        got_t, got_tol = float(row["target"]), float(row["tolerance"])
        ok = abs(got_t - target) <= 0.5 and abs(got_tol - tol) <= 0.5
        bad += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {rid}: trended {', '.join(f'{t:.0f}' for t in trended)}"
              f" -> target {target:.1f} +- {tol:.1f}; csv {got_t:g} +- {got_tol:g}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
