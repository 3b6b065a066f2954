#!/usr/bin/python3
"""The range of each fitted number that follows its target's published range.

Usage: fitted_ranges.py MEDLIAB [--rows ID,ID,...] [--csv OUT.csv]

A fitted number (a scenario number whose comment says "fitted: ROW") was set
so that a row of results/reference/calibration.csv is met: the simulated
figure within target +- tolerance, where the tolerance is the half-width of
a published range (several years or sources) or a stated judgment (single
figures).  Its range is the set of values that keep the figure inside that
interval, the other numbers at their values: the fitted number's
uncertainty is its target's.

Each row below names the numbers it sets (a group) and how they move
together when refitted:
  scale   every member times (1 + d)            (probabilities, costs, months)
  shift   every member plus d                   (log-damages, logit constants)
and, for a member of a probability vector that must sum to 1, the vector's
`absorb` entry takes up the change (1 minus the others), as it would in a
refit.  The figure is simulated at d = -h and +h (common random numbers: the
run file's own seed and replicates), the slope gives the d that reach
target - tolerance and target + tolerance, and each end is checked by one
more run there and corrected once by the secant through it (the figures are
smooth in d but not linear: caps, limits and logits).

Where k separately ranged groups are fitted to one row (knobs: k), each
group gets the d that moves the figure by tolerance / sqrt(k), so that drawn
independently they spread the figure about as far as its target allows.

Output: one line per row (id, move, the d range, the figure at its ends),
and with --csv a table of every member: file, path, value, low, high, row.
tools/ranges_table.py does not read it: the ranges are written into the
scenario files, whose comments cite the row; this tool is how they were
found, and rerunning it after a refit gives the new ones.
"""
import csv
import math
import os
import shutil
import subprocess
import sys
import tempfile

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from calibration import evaluate, read_rows  # noqa: E402
import yaml_numbers as yn  # noqa: E402

PC = ["negligent.minor", "negligent.serious", "negligent.permanent", "negligent.death",
      "not_negligent.minor", "not_negligent.serious", "not_negligent.permanent",
      "not_negligent.death"]


def p_claim(reg):
    return [("regimes/%s.yaml" % reg, "lifecycle.claiming.p_claim." + c) for c in PC]


def meanlogs(reg, extra=()):
    return [("regimes/%s.yaml" % reg, "lifecycle.compensation.damages.%s.meanlog" % c)
            for c in ("minor", "serious", "permanent", "death")] + \
        [("regimes/%s.yaml" % reg, p) for p in extra]


def costs(reg, stages, parts=("defence", "claimant", "admin")):
    return [("regimes/%s.yaml" % reg, "lifecycle.pathway.stages.%s.costs.%s" % (s, p))
            for s in stages for p in parts]


def stage(reg, s, field):
    return ("regimes/%s.yaml" % reg, "lifecycle.pathway.stages.%s.%s" % (s, field))


def appraisal(reg, route, row, degrees):
    return [("regimes/%s.yaml" % reg, "lifecycle.appraisal.%s.%s.%s" % (route, row, d))
            for d in degrees]


CH = "regimes/china.yaml"
CC = "lifecycle.pathway.choice.constants."
CHINA_DEG = ("minor", "secondary", "equal", "primary", "full")

# row id -> (run file, members, move, absorb (file, path) or None, knobs)
GROUPS = {
    # US: the claiming scale is set by three count rows (the error share
    # sets the split between negligent and not); the tightest is used.
    "us_negligent_per_claim": ("us.yaml", p_claim("us"), "scale", None, 1),
    "us_paid_claims_rate": ("us.yaml", p_claim("us"), "scale", None, 1),
    "us_national_paid_claims": ("national/us.yaml", p_claim("us"), "scale", None, 1),
    "us_mean_payment": ("us.yaml", meanlogs("us", [
        "lifecycle.compensation.damages.by_specialty.obstetrics.permanent.meanlog"]),
        "shift", None, 1),
    "us_overhead": ("us.yaml", costs("us", ("negotiation",), ("defence",)) +
                    costs("us", ("litigation", "trial"), ("defence", "admin")),
                    "scale", None, 1),
    "us_paid_share": ("us.yaml", [stage("us", "negotiation", "p_agree.negligent"),
                                  stage("us", "negotiation", "p_agree.not_negligent")],
                      "scale", None, 1),
    "us_trial_win": ("us.yaml", appraisal("us", "jury", "negligent", ("full",)), "scale",
                     ("regimes/us.yaml", "lifecycle.appraisal.jury.negligent.none"), 1),
    # England
    "uk_claims_rate": ("uk.yaml", p_claim("uk"), "scale", None, 1),
    "uk_national_claims": ("national/uk.yaml", p_claim("uk"), "scale", None, 1),
    "uk_paid_share": ("uk.yaml", [stage("uk", "pre_action", "p_agree.negligent"),
                                  stage("uk", "pre_action", "p_agree.not_negligent")],
                      "scale", None, 1),
    "uk_overhead": ("national/uk.yaml", [m for m in costs("uk", ("pre_action", "proceedings", "trial"))
                                if m[1] != "lifecycle.pathway.stages.pre_action.costs.admin"],
                    "scale", None, 1),
    # the split between the sides: the claimant's costs move, the defence's stay
    "uk_claimant_defence_costs": ("national/uk.yaml", costs("uk", ("pre_action", "proceedings", "trial"),
                                                   ("claimant",)), "scale", None, 1),
    "uk_litigation_share": ("uk.yaml", [stage("uk", "pre_action", "next.proceedings")],
                            "scale", stage("uk", "pre_action", "next.dropped"), 1),
    "uk_trial_share": ("uk.yaml", [stage("uk", "proceedings", "next.trial")], "scale",
                       stage("uk", "proceedings", "next.dropped"), 1),
    "uk_months": ("uk.yaml", [stage("uk", "pre_action", "months.mean")], "scale", None, 1),
    # scaled up at most 7%: the negligent claims' 0.921 stays a probability
    "uk_litigated_paid_share": ("uk.yaml", [stage("uk", "proceedings", "p_agree.negligent"),
                                            stage("uk", "proceedings", "p_agree.not_negligent")],
                                "scale", None, 1, (0.9, 0.07)),
    "uk_small_paid_share": ("national/uk.yaml", meanlogs("uk", (
        "lifecycle.compensation.damages.by_specialty.obstetrics.permanent.meanlog",)), "shift",
        None, 1),
    # the permanent class's step above the others (the obstetric body with it)
    "uk_national_large_paid_share": ("national/uk.yaml", [
        ("regimes/uk.yaml", "lifecycle.compensation.damages.permanent.meanlog"),
        ("regimes/uk.yaml",
         "lifecycle.compensation.damages.by_specialty.obstetrics.permanent.meanlog")], "shift",
        None, 1),
    # Japan
    "japan_national_lawsuits": ("national/japan.yaml", p_claim("japan"), "scale", None, 1),
    "japan_judgment_win": ("japan.yaml", appraisal("japan", "court", "negligent",
                                                   ("partial", "full")), "scale",
                           ("regimes/japan.yaml", "lifecycle.appraisal.court.negligent.none"),
                           1),
    "japan_national_cp_awards": ("national/japan.yaml", [stage(
        "japan", "cp_scheme", "no_fault.p_apply")], "scale", None, 1),
    "japan_months": ("japan.yaml", [stage("japan", "lawsuit", "months.mean")], "scale", None,
                     1),
    "japan_settle_share": ("japan.yaml", [stage("japan", "lawsuit", "p_agree.negligent"),
                                          stage("japan", "lawsuit", "p_agree.not_negligent")],
                           "scale", None, 1),
    "japan_judgment_share": ("japan.yaml", [stage("japan", "lawsuit", "next.judgment")],
                             "scale", stage("japan", "lawsuit", "next.dropped"), 1),
    # Taiwan
    "taiwan_national_lawsuits": ("national/taiwan.yaml", p_claim("taiwan"), "scale", None, 1),
    "taiwan_criminal_paid": ("taiwan.yaml", appraisal("taiwan", "review_committee",
                                                      "negligent", ("full",)), "scale",
                             ("regimes/taiwan.yaml",
                              "lifecycle.appraisal.review_committee.negligent.none"), 1),
    "taiwan_mediation_payment": ("taiwan.yaml", meanlogs("taiwan"), "shift", None, 1),
    "taiwan_mediation_success": ("taiwan.yaml", [
        stage("taiwan", "mediation", "p_agree.negligent"),
        stage("taiwan", "mediation", "p_agree.not_negligent")], "scale", None, 1),
    # the criminal share of lawsuits: criminal up, civil down, their sum kept
    "taiwan_criminal_share": ("taiwan.yaml", [stage("taiwan", "mediation", "next.criminal")],
                              "scale", stage("taiwan", "mediation", "next.civil"), 1),
    # China
    "china_national_disputes": ("national/china.yaml", p_claim("china"), "scale", None, 1),
    "china_litigation_paid": ("china.yaml", appraisal("china", "judicial", "negligent",
                                                      CHINA_DEG), "scale",
                              (CH, "lifecycle.appraisal.judicial.negligent.none"), 1),
    # two groups are fitted to china_mediation_payment (the damages level
    # and people's mediation's discount) and two to china_mediation_reconcile
    # (the reconciliation constant and the medical association's findings)
    # the damages level hardly moves the mediated mean (the statutory
    # schedule dominates it): the discount carries the target's range, and
    # the level's range stops at the cap
    "china_mediation_payment": ("china.yaml", meanlogs("china"), "shift", None, 1),
    "china_mediation_payment:discount": ("china.yaml", [stage("china", "people_mediation",
                                                              "discount")], "scale", None, 1),
    "china_mediation_reconcile": ("china.yaml", [(CH, CC + "reconciliation")], "shift", None,
                                  2),
    "china_mediation_reconcile:appraisal": ("china.yaml", appraisal(
        "china", "medical_association", "negligent", CHINA_DEG), "scale",
        (CH, "lifecycle.appraisal.medical_association.negligent.none"), 2),
    "china_people_mediation_share": ("china.yaml", [(CH, CC + "negotiation")], "shift", None,
                                     1),
    "china_litigation_share": ("china.yaml", [(CH, CC + "litigation")], "shift", None, 1),
    "china_mediation_withdrawn": ("china.yaml", [(CH, CC + "withdrawn")], "shift", None, 1),
    "china_admin_mediation_share": ("china.yaml", [(CH, CC + "admin_mediation")], "shift",
                                    None, 1),
    "china_mediation_agree": ("china.yaml", [
        stage("china", "people_mediation", "p_agree.negligent"),
        stage("china", "people_mediation", "p_agree.not_negligent")], "scale", None, 1),
    "china_litigation_months": ("china.yaml", [stage("china", "litigation", "months.mean")],
                                "scale", None, 1),
}

STEP = {"scale": 0.1, "shift": 0.1}
# How far a group may move (below, above): where its figure does not reach
# the target's end inside the cap, the range stops at the cap, and the line
# says so ("cap").
CAP = {"scale": (0.9, 2.0), "shift": (0.7, 0.7)}


class Sim:
    """A copy of scenarios/ in which the group is moved by d and run."""

    def __init__(self, ml, tmp):
        self.ml, self.tmp = ml, tmp
        self.src = os.path.join(ROOT, "scenarios")
        self.texts = {}

    def moved(self, members, move, absorb, d):
        edits = {}
        for f, p in members:
            t = edits.get(f) or self._text(f)
            n = yn.numbers(t)[p]
            v = n.value * (1 + d) if move == "scale" else n.value + d
            edits[f] = yn.replace(t, p, repr(v))
        if absorb:
            f, p = absorb
            t = edits.get(f) or self._text(f)
            moved = sum(yn.numbers(self._text(mf))[mp].value for mf, mp in members)
            now = sum(yn.numbers(t)[mp].value for mf, mp in members)
            v = yn.numbers(t)[p].value - (now - moved)
            edits[f] = yn.replace(t, p, repr(v))
        return edits

    def _text(self, f):
        if f not in self.texts:
            with open(os.path.join(self.src, f)) as fh:
                self.texts[f] = fh.read()
        return self.texts[f]

    def figure(self, row, run, edits):
        scen = os.path.join(self.tmp, "scenarios")
        if os.path.exists(scen):
            shutil.rmtree(scen)
        shutil.copytree(self.src, scen)
        for f, t in edits.items():
            with open(os.path.join(scen, f), "w") as fh:
                fh.write(t)
        out = os.path.join(self.tmp, "out.h5")
        subprocess.run([self.ml, "run", os.path.join(scen, run), "-o", out, "--force",
                        "--quiet"], check=True)
        with h5py.File(out, "r") as h:
            return evaluate(h, row["regime"], row["metric"])


def solve(sim, row, gid):
    run, members, move, absorb, knobs = GROUPS[gid][:5]
    cap = GROUPS[gid][5] if len(GROUPS[gid]) > 5 else CAP[move]
    tol = row["tolerance"] / math.sqrt(knobs)
    f = {}

    def at(d):
        d = max(-cap[0], min(cap[1], d))
        if d not in f:
            f[d] = sim.figure(row, run, sim.moved(members, move, absorb, d) if d else {})
        return d, f[d]

    h = STEP[move]
    _, m0 = at(0.0)
    ends, reached = [], []
    for goal in (row["target"] - tol, row["target"] + tol):
        # the side of 0 whose one-sided slope points at goal
        pts = [(0.0, m0)]
        for side in (h, -h):
            d, m = at(side)
            if (m - m0) * (goal - m0) > 0:
                break
        pts.append((d, m))
        # secant iterations on the two latest points, inside the cap
        for _ in range(8):
            (d1, m1), (d2, m2) = pts[-2], pts[-1]
            if abs(m2 - goal) <= 0.02 * tol or m2 == m1:
                break
            d3 = d2 + (goal - m2) * (d2 - d1) / (m2 - m1)
            if (d3 - 0.0) * d2 < 0:  # never cross to the other side of the value
                d3 = d2 / 2
            d3, m3 = at(d3)
            if d3 == d2:
                break  # at the cap
            pts.append((d3, m3))
        d, m = pts[-1]
        ends.append(d)
        reached.append(abs(m - goal) <= 0.02 * tol)
    (lo, flo, rlo), (hi, fhi, rhi) = sorted(zip(ends, [at(e)[1] for e in ends], reached))
    return m0, lo, hi, flo, fhi, tol, rlo, rhi


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    ml, only, out_csv = argv[1], None, None
    i = 2
    while i < len(argv):
        if argv[i] == "--rows":
            only = set(argv[i + 1].split(","))
        elif argv[i] == "--csv":
            out_csv = argv[i + 1]
        i += 2
    rows = {r["id"]: r for r in read_rows(os.path.join(ROOT, "results", "reference",
                                                       "calibration.csv"))}
    tmp = tempfile.mkdtemp()
    sim = Sim(ml, tmp)
    table = []
    try:
        for gid in GROUPS:
            rid = gid.split(":")[0]
            if only and gid not in only and rid not in only:
                continue
            row = rows[rid]
            m0, lo, hi, flo, fhi, tol, rlo, rhi = solve(sim, row, gid)
            run, members, move, absorb, knobs = GROUPS[gid][:5]
            print("%-38s %-5s d in [%+.4f%s, %+.4f%s]  figure %.5g at value, %.5g .. %.5g "
                  "(target %.5g +- %.4g)" % (gid, move, lo, "" if rlo else " cap", hi,
                                             "" if rhi else " cap", m0, flo, fhi,
                                             row["target"], tol), flush=True)
            for f, p in members + ([absorb] if absorb else []):
                v = yn.numbers(sim._text(f))[p].value
                if (f, p) == absorb:
                    continue
                a, b = ((v * (1 + lo), v * (1 + hi)) if move == "scale" else (v + lo, v + hi))
                table.append([f, p, v, a, b, gid, move, lo, hi, int(rlo), int(rhi)])
    finally:
        shutil.rmtree(tmp)
    if out_csv:
        with open(out_csv, "w", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(["file", "path", "value", "low", "high", "row", "move", "d_low",
                        "d_high", "low_reached", "high_reached"])
            w.writerows(table)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
