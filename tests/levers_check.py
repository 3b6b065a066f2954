#!/usr/bin/python3
"""Reform levers: each lever's documented effect, checked in size.

Usage: levers_check.py RESULTS.h5 [--markdown]

RESULTS.h5 holds the base run (a scenario without levers, e.g. china) and
runs of single levers on it (scenarios/levers/china_<lever>.yaml, same seed
and replicates: common random numbers, so replicate r of a lever run has
the incidents of replicate r of the base run), and may hold china_reform.

Each lever file declares its effect (`effect:`, sim/load/lever_ops.h) as a
quantity and a documented size:
  of: MEASURE [per: MEASURE | year]   Q = mean(annual/of) / mean(annual/per)
  of: COUNT, stage: S, per: claims    Q = stages[S].COUNT_per_year / mean(claims)
  ratio: r       Q(lever) / Q(base) = r
  difference: d  Q(lever) - Q(base) = d
  value: v       Q(lever) = v
The check is |realised - documented| <= 3 SE (+ 1e-9 for rounding when
the SE is 0, as for a share that the lever makes exactly 1).

Standard errors.  For an annual quantity, stack the per-replicate vector
Z_r = (X_L, D_L, X_B, D_B)_r (numerator and denominator under the lever and
the base; D = 1 for per year) and let m be its mean and S its sample
covariance over the n replicates (paired: one row per replicate, both runs).
The realised effect is f(m); by the delta method
    SE^2 = grad f(m)' S grad f(m) / n,
with, writing q_L = m_XL / m_DL and q_B = m_XB / m_DB,
    value:      f = q_L,         grad = (1/m_DL, -q_L/m_DL, 0, 0)
    difference: f = q_L - q_B,   grad = (1/m_DL, -q_L/m_DL, -1/m_DB, q_B/m_DB)
    ratio:      f = q_L / q_B,   grad = f (1/m_XL, -1/m_DL, -1/m_XB, 1/m_DB).
A stage share has no per-replicate counts in the file; each claim starts
(or passes) at a stage independently, so SE^2 = p (1 - p) / N, N the claims
of the whole run (binomial), and only `value` is allowed for it.

Also checked: directions of downstream figures for each lever and for the
whole package (china_reform), as before.  --markdown prints the lever table
for the README (lever, what it changes, documented effect, realised
effect +- SE, pass) and exits 0 or 1 as the checks do.
"""
import math
import os
import sys

import h5py
import numpy as np
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "tools"))
from yaml_numbers import point  # noqa: E402  ({value, range} numbers at their value)

ROUNDING = 1e-9


def text(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def metric(g, name):
    for row in g["policy"][()]:
        if text(row["metric"]) == name:
            return float(row["value"])
    raise KeyError(name)


def stage_row(g, name):
    for row in g["stages"][()]:
        if text(row["stage"]) == name:
            return row
    raise KeyError(f"stage {name}")


def lever_files(g):
    """The lever files of scenario group g, from its run file's `levers:`."""
    src = text(g.attrs["source_file"])
    here = os.path.dirname(os.path.abspath(__file__))
    for cand in (src, os.path.join(here, "..", src)):
        if os.path.isfile(cand):
            with open(cand) as f:
                run = yaml.safe_load(f)
            d = os.path.dirname(cand)
            return [os.path.normpath(os.path.join(d, p)) for p in run.get("levers", [])]
    raise FileNotFoundError(f"run file {src} of {g.name} (looked here and beside {here}/..)")


def effects(lever):
    e = lever.get("effect", [])
    return e if isinstance(e, list) else [e]


def annual_q(g, e):
    x = g["annual"][e["of"]][()]
    per = e.get("per", "year")
    d = np.ones_like(x) if per == "year" else g["annual"][per][()]
    return x, d


def realise(e, lev, base):
    """(base Q, lever Q, realised effect, its SE) for effect e."""
    size = next(k for k in ("ratio", "difference", "value") if k in e)
    if "stage" in e:
        claims = lev["annual"]["claims"][()]
        big_n = float(np.sum(claims))
        p = float(stage_row(lev, e["stage"])[e["of"] + "_per_year"]) * len(claims) / big_n
        try:
            bc = base["annual"]["claims"][()]
            qb = float(stage_row(base, e["stage"])[e["of"] + "_per_year"]) * len(bc) / bc.sum()
        except KeyError:
            qb = float("nan")
        return qb, p, p, math.sqrt(max(p * (1 - p), 0.0) / big_n)
    xl, dl = annual_q(lev, e)
    xb, db = annual_q(base, e)
    z = np.vstack([xl, dl, xb, db])
    n = z.shape[1]
    m = z.mean(axis=1)
    s = np.cov(z, ddof=1)
    with np.errstate(invalid="ignore", divide="ignore"):  # a base without the measure
        ql, qb = m[0] / m[1], m[2] / m[3]
    if size == "value":
        f, grad = ql, np.array([1 / m[1], -ql / m[1], 0, 0])
    elif size == "difference":
        f, grad = ql - qb, np.array([1 / m[1], -ql / m[1], -1 / m[3], qb / m[3]])
    else:
        f = ql / qb
        grad = f * np.array([1 / m[0], -1 / m[1], -1 / m[2], 1 / m[3]])
    se = math.sqrt(max(float(grad @ s @ grad) / n, 0.0))
    return qb, ql, f, se


def describe_quantity(e):
    if "stage" in e:
        return f"{e['of']} at {e['stage']} per claim"
    per = e.get("per", "year")
    return f"{e['of']} per {'year' if per == 'year' else per}"


def flat(node, prefix=""):
    """Leaves of a lever tree as 'path v', a flat mapping of numbers kept whole."""
    if isinstance(node, dict):
        if prefix and len(node) > 1 and all(not isinstance(v, dict) for v in node.values()):
            yield prefix, "{" + ", ".join(f"{k}: {str(v).lower() if isinstance(v, bool) else v}" for k, v in node.items()) + "}"
            return
        for k, v in node.items():
            if k != "source":
                yield from flat(v, f"{prefix}.{k}" if prefix else k)
    else:
        yield prefix, (str(node).lower() if isinstance(node, bool) else node)


def changes(lever):
    out = []
    for op, sign in (("set", "="), ("scale", "x"), ("add", "+")):
        for part in ("lifecycle", "policy"):
            tree = (lever.get(op) or {}).get(part, {})
            pre = "policy." if part == "policy" else ""
            out += [f"{pre}{p} {sign} {v}" for p, v in flat(tree)]
    return "; ".join(out)


DIRECTIONS = [
    # (scenario, what, test of (lever group, base group)); downstream figures
    ("china_compulsory", "insured share rises",
     lambda g, c: metric(g, "insured_share") > metric(c, "insured_share")),
    ("china_legislative_level", "insured share rises",
     lambda g, c: metric(g, "insured_share") > metric(c, "insured_share")),
    ("china_product_design", "insured share rises (negotiated settlements paid by insurers)",
     lambda g, c: metric(g, "insured_share") > metric(c, "insured_share")),
    ("china_duty_to_defend", "insured share rises (defence moves to insurers)",
     lambda g, c: metric(g, "insured_share") > metric(c, "insured_share")),
    ("china_direct_claim", "paid share rises and time to closure falls",
     lambda g, c: metric(g, "paid_share") > metric(c, "paid_share")
     and metric(g, "mean_months") < metric(c, "mean_months")),
    ("china_third_party_mediation", "more claims pass through people's mediation",
     lambda g, c: stage_row(g, "people_mediation")["visit_share"]
     > stage_row(c, "people_mediation")["visit_share"]),
    # Validity in the claimant's choice (regimes/china.yaml, pathway.choice):
    # an agreement a court confirms draws claims to its channel.
    ("china_judicial_confirmation", "fewer claims reach litigation (enforced, not sued on)",
     lambda g, c: metric(g, "litigation_share") < metric(c, "litigation_share")),
    ("china_perfect_admin_mediation", "more claims pass through administrative mediation",
     lambda g, c: stage_row(g, "admin_mediation")["visit_share"]
     > stage_row(c, "admin_mediation")["visit_share"]),
    ("china_accident_reporting", "more negligent injuries are compensated",
     lambda g, c: metric(g, "negligent_compensated_share")
     > metric(c, "negligent_compensated_share")),
    # One cheaper and faster court appraisal makes suing more attractive in
    # the claimant's choice (regimes/china.yaml, pathway.choice).
    ("china_unified_identification", "more claims reach litigation (cheaper, faster court appraisal)",
     lambda g, c: metric(g, "litigation_share") > metric(c, "litigation_share")),
    ("china_reform", "all levers: more negligent injuries compensated, sooner",
     lambda g, c: metric(g, "negligent_compensated_share")
     > metric(c, "negligent_compensated_share")
     and metric(g, "mean_months") < metric(c, "mean_months")),
]


def fmt(x):
    return "n/a" if not math.isfinite(x) else f"{x:.4g}"


def main(argv):
    if len(argv) < 2 or argv[1].startswith("-"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    markdown = "--markdown" in argv[2:]
    failed, rows, lines = 0, [], []
    with h5py.File(argv[1], "r") as f:
        sc = f["scenarios"]
        # The base of a lever run: a run without levers of the same regime
        # and portfolio (hence the same incidents), by preference the one
        # named after the regime (china for china_<lever>).
        bases = {}
        for name, g in sorted(sc.items(), key=lambda kv: kv[0] != text(kv[1].attrs["regime"])):
            if not text(g.attrs.get("levers", b"")):
                bases.setdefault((text(g.attrs["regime"]), text(g.attrs["portfolio"])), name)
        singles = [(name, g) for name, g in sc.items()
                   if len(text(g.attrs.get("levers", b"")).split(",")) == 1
                   and text(g.attrs.get("levers", b""))]
        if not singles:
            lines.append("FAIL no single-lever scenario in the file")
            failed += 1
        for name, g in sorted(singles):
            base_name = bases.get((text(g.attrs["regime"]), text(g.attrs["portfolio"])))
            if base_name is None:
                lines.append(f"FAIL {name}: no base run of regime {text(g.attrs['regime'])}")
                failed += 1
                continue
            (path,) = lever_files(g)
            with open(path) as fh:
                lever = point(yaml.safe_load(fh))  # the lever at its point values
            if not effects(lever):
                lines.append(f"FAIL {name}: {path} declares no effect")
                failed += 1
            for e in effects(lever):
                size = next(k for k in ("ratio", "difference", "value") if k in e)
                doc = float(e[size])
                qb, ql, r, se = realise(e, g, sc[base_name])
                dev = abs(r - doc)
                ok = dev <= 3 * se + ROUNDING * max(1.0, abs(doc))
                failed += not ok
                z = "exact" if se == 0 else f"{dev / se:.2f} SE"
                lines.append(f"{'ok  ' if ok else 'FAIL'} {name}: {describe_quantity(e)}: "
                             f"{size} {doc:g} documented, {r:.5g} +- {se:.2g} realised "
                             f"({z}; base {fmt(qb)}, lever {fmt(ql)})")
                rows.append((lever["lever"], changes(lever),
                             f"{describe_quantity(e)}: {size} {doc:g}",
                             fmt(qb), f"{r:.4g} ± {se:.2g}", "pass" if ok else "FAIL"))
        for name, what, test in DIRECTIONS:
            if name not in sc or "china" not in sc:
                continue
            good = bool(test(sc[name], sc["china"]))
            failed += not good
            lines.append(f"{'ok  ' if good else 'FAIL'} {name}: {what}")
    if markdown:
        print("| lever | what it changes | documented effect | base | realised effect ± SE "
              "| check (3 SE) |")
        print("| --- | --- | --- | --- | --- | --- |")
        for r in rows:
            print("| " + " | ".join(c.replace("|", "\\|") for c in r) + " |")
    else:
        print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
