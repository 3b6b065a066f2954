#!/usr/bin/python3
"""Each reform lever, run alone on China's regime, moves the figure it acts
on in the documented direction relative to China today (same seed, so the
incidents are shared).  Usage: levers_check.py RESULTS.h5"""
import sys

import h5py


def metric(g, name):
    for row in g["policy"][()]:
        if row["metric"].decode() == name:
            return float(row["value"])
    raise KeyError(name)


def stage(g, name, col):
    for row in g["stages"][()]:
        if row["stage"].decode() == name:
            return float(row[col])
    raise KeyError(name)


CHECKS = [
    # (scenario, description, function of (lever group, china group) -> bool)
    ("china_compulsory", "insured share rises",
     lambda g, c: metric(g, "insured_share") > metric(c, "insured_share")),
    ("china_duty_to_defend", "insured share rises (defence moves to insurers)",
     lambda g, c: metric(g, "insured_share") > metric(c, "insured_share")),
    ("china_direct_claim", "paid share rises and time to closure falls",
     lambda g, c: metric(g, "paid_share") > metric(c, "paid_share")
     and metric(g, "mean_months") < metric(c, "mean_months")),
    ("china_third_party_mediation", "more claims pass through people's mediation",
     lambda g, c: stage(g, "people_mediation", "visit_share")
     > stage(c, "people_mediation", "visit_share")),
    ("china_accident_reporting", "more negligent injuries are compensated",
     lambda g, c: metric(g, "negligent_compensated_share")
     > metric(c, "negligent_compensated_share")),
    ("china_unified_identification", "fewer claims reach litigation",
     lambda g, c: metric(g, "litigation_share") < metric(c, "litigation_share")),
    ("china_reform", "all levers: more negligent injuries compensated, sooner",
     lambda g, c: metric(g, "negligent_compensated_share")
     > metric(c, "negligent_compensated_share")
     and metric(g, "mean_months") < metric(c, "mean_months")),
]

failed = 0
with h5py.File(sys.argv[1], "r") as f:
    s = f["scenarios"]
    for name, what, ok in CHECKS:
        good = ok(s[name], s["china"])
        failed += not good
        print(f"{'ok  ' if good else 'FAIL'} {name}: {what}")
sys.exit(1 if failed else 0)
