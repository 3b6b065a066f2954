#!/usr/bin/python3
"""Recomputes every figure of /scenarios/<name>/pricing/ (README, "Pricing")
from the annual datasets of the same file and the scenario text stored with
it, with h5py and numpy only.  Exact where the file's figure is an order
statistic or a copy; within 1e-12 relative for means (the writer sums with
compensation, this reader with math.fsum); within 1e-9 where the engine
added the parts of a total in another order.

usage: pricing_check.py FILE.h5 [SCENARIO ...]   (default: every scenario)
"""
import math
import sys

import h5py
import numpy as np
import yaml

fails = 0


def check(ok, what):
    global fails
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails += 1


def close(a, b, rel, what):
    ok = abs(a - b) <= rel * max(abs(a), abs(b), 1e-300) or a == b
    check(ok, f"{what}: file {a!r} vs recomputed {b!r}")


def mean_se(x):
    n = len(x)
    m = math.fsum(x) / n
    sd = math.sqrt(math.fsum((x - m) ** 2) / (n - 1)) if n > 1 else 0.0
    return m, sd, sd / math.sqrt(n)


def var(x, permille):
    s = np.sort(x)
    n = len(s)
    k = max(1, (n * permille + 999) // 1000)
    return s[k - 1]


def tvar(x, permille):
    v = var(x, permille)
    ex = x[x > v] - v
    return v + math.fsum(ex) / (len(x) * (1000 - permille) / 1000)


def text(b):
    return b.decode() if isinstance(b, bytes) else str(b)


def check_bases(name, g, pr, basis, theta, alpha, r):
    """The time bases (format version 3, a run with a time block): each
    basis has the five principles; occurrence's pure premium is the mean
    of the ledgers' occurrence present values (recomputed here from the
    per-replicate ledger), every principle's premium follows from its
    basis's mean and sd as for the annual loss, and the risk-margin row is
    the pure premium plus the group's occurrence risk margin."""
    if "development" not in g:
        check(set(basis) <= {"annual"}, f"{name}: basis rows only with a time block")
        return
    d = g["development"]
    y, dy = int(d.attrs["years"]), int(d.attrs["development_years"])
    led = d["ledger"][()].reshape(-1, int(d["ledger"].attrs["stride"]))
    pv = led[:, 6 * y * dy]  # ML_DS_PV_OCC of accident year 0
    want = ["pure", "expected_value", "standard_deviation", "cost_of_capital", "risk_margin"]
    names = ["occurrence"] + ["claims_made_%d" % k for k in range(1, 6)] + \
            ["claims_made_mature", "tail"]
    for b in names:
        rows = {text(p["principle"]): p for p, bb in zip(pr, basis) if bb == b}
        check(sorted(rows) == sorted(want), f"{name}: {b}: the five principles")
        if sorted(rows) != sorted(want):
            continue
        m = float(rows["pure"]["premium"])
        close(rows["expected_value"]["premium"], (1 + theta) * m, 1e-12, f"{name}: {b} expected value")
        if b == "occurrence":
            close(m, math.fsum(pv) / len(pv), 1e-12, f"{name}: occurrence pure premium = mean PV")
            close(rows["risk_margin"]["premium"], m + float(d.attrs["risk_margin_occurrence"]),
                  1e-12, f"{name}: occurrence PV + risk margin")


def scenario(f, name):
    g = f["scenarios"][name]
    pg = g["pricing"]
    X = g["annual"]["insured"][:]
    n = len(X)
    sc = yaml.safe_load(text(g.attrs["scenario"]))
    port = sc["portfolio"]
    specs = [s["name"] for s in port["specialties"]]
    # An entry with count: n stands for n identical hospitals (README,
    # "Scenario files"); the resolved text keeps expanded entries that way.
    hosp = [h for h in port["hospitals"] for _ in range(int(h.get("count", 1)))]
    theta = float(pg.attrs["expected_value_loading"])
    alpha = float(pg.attrs["sd_loading"])
    r = float(pg.attrs["cost_of_capital_rate"])
    given = float(pg.attrs["given_premium"])
    check(theta == sc["pricing"]["expected_value_loading"] and r == sc["pricing"]["cost_of_capital_rate"],
          f"{name}: loadings in the attributes match the stored scenario")

    def expo(hs, s=None):
        return sum(v for h in hs for k, v in h["exposure"].items() if s is None or k == s)

    # Each hospital's probability of cover in a year (README, "Pricing"):
    # participation p (a number, or by grade with `other`), plus the
    # enforced share of a mandate's target above p; 1 in a textbook regime.
    ins = sc["regime"].get("lifecycle", {}).get("insurance", {})

    def grade_value(v, g, default):
        if isinstance(v, dict):
            return float(v.get(g, v.get("other", default)))
        return float(v) if v is not None else default

    def cover(h):
        g = h.get("grade", "")
        p = grade_value(ins.get("participation", 1), g, 1.0)
        if p >= 1:
            return 1.0
        m = ins.get("mandate") or {}
        t = grade_value(m.get("target", 0), g, 0.0)
        return p + (t - p) * float(m.get("enforcement", 0)) if t > p else p

    def divisors(hs, s=None):
        """Hospitals, beds, exposure of the group, all and insured; a
        specialty s's are its own: the hospitals with exposure in it, each
        one's beds times s's share of its exposure (0 beds when one of them
        has none), its exposure."""
        if s is not None:
            hs = [h for h in hs if h["exposure"].get(s, 0) > 0]
        share = [h["exposure"][s] / expo([h]) if s is not None else 1.0 for h in hs]
        no_beds = not all(h.get("beds", 0) > 0 for h in hs)
        q = [cover(h) for h in hs]
        beds = [h.get("beds", 0) * w for h, w in zip(hs, share)]
        e = [expo([h], s) for h in hs]
        all_ = (len(hs), 0.0 if no_beds else math.fsum(beds), math.fsum(e))
        insd = (math.fsum(q), 0.0 if no_beds else math.fsum(a * b for a, b in zip(q, beds)),
                math.fsum(a * b for a, b in zip(q, e)))
        return all_, insd

    grades = []
    for h in hosp:
        gname = h.get("grade", "unspecified")
        if gname not in grades:
            grades.append(gname)
    by_spec = pg["annual_by_specialty"][:]
    by_grade = pg["annual_by_grade"][:]
    check([text(x) for x in pg["annual_by_specialty"].attrs["names"]] == specs,
          f"{name}: annual_by_specialty rows are the specialties in order")
    check([text(x) for x in pg["annual_by_grade"].attrs["names"]] == grades,
          f"{name}: annual_by_grade rows are the grades in order")

    # premium_by_group, every column.
    want = [("total", "portfolio", divisors(hosp), X)]
    for k, s in enumerate(specs):
        want.append(("specialty", s, divisors(hosp, s), by_spec[k]))
    for k, gname in enumerate(grades):
        hs = [h for h in hosp if h.get("grade", "unspecified") == gname]
        want.append(("grade", gname, divisors(hs), by_grade[k]))
    rows = pg["premium_by_group"][:]
    check(len(rows) == len(want), f"{name}: premium_by_group has {len(want)} rows")
    for row, (kind, gname, (alld, insd), x) in zip(rows, want):
        tag = f"{name}: {kind} {gname}"
        check(text(row["kind"]) == kind and text(row["group"]) == gname, f"{tag}: row names")
        m, sd, se = mean_se(x)
        close(row["pure_premium"], m, 1e-12, f"{tag}: pure premium")
        close(row["se"], se, 1e-9, f"{tag}: se")
        for pre, d in (("", alld), ("insured_", insd)):
            nh, beds, e = d
            close(row[pre + "hospitals"], nh, 1e-12, f"{tag}: {pre}hospitals")
            close(row[pre + "beds"], beds, 1e-12, f"{tag}: {pre}beds")
            close(row[pre + "exposure"], e, 1e-12, f"{tag}: {pre}exposure")
            p2 = "per_" + pre
            close(row[p2 + "hospital"], m / nh if nh > 0 else 0.0, 1e-12, f"{tag}: {p2}hospital")
            close(row[p2 + "bed"], m / beds if beds > 0 else 0.0, 1e-12, f"{tag}: {p2}bed")
            close(row[p2 + "exposure_unit"], m / e if e > 0 else 0.0, 1e-12,
                  f"{tag}: {p2}exposure_unit")

    # The parts add up to the whole: each year, and in the premiums.
    scale = max(float(np.max(X)), 1.0)
    check(np.max(np.abs(by_spec.sum(axis=0) - X)) <= 1e-9 * scale,
          f"{name}: specialties add up to the insured loss every year")
    check(np.max(np.abs(by_grade.sum(axis=0) - X)) <= 1e-9 * scale,
          f"{name}: grades add up to the insured loss every year")
    total = rows[0]
    for kind in ("specialty", "grade"):
        part = rows[[text(k) == kind for k in rows["kind"]]]
        # Every group has its own divisors, so only the amounts add up;
        # and the specialties' beds make the portfolio's where every
        # hospital has beds and exposure.
        cols = ["pure_premium"]
        if kind == "grade" or all(expo([h]) > 0 for h in hosp):
            cols += ["beds", "insured_beds", "exposure", "insured_exposure"]
        for col in cols:
            close(math.fsum(part[col]), total[col], 1e-9, f"{name}: {kind} {col} add up to the total")

    # Principles.
    m, sd, se = mean_se(X)
    v995 = var(X, 995)
    want_p = {"pure": (0.0, m), "expected_value": (theta, (1 + theta) * m),
              "standard_deviation": (alpha, m + alpha * sd),
              "cost_of_capital": (r, m + r * (v995 - m))}
    if given > 0:
        want_p["given_premium"] = (given, given)
    allp = pg["principles"][:]
    basis = [text(b) for b in allp["basis"]] if "basis" in allp.dtype.names else ["annual"] * len(allp)
    pr = allp[[b == "annual" for b in basis]]
    check(sorted(text(p) for p in pr["principle"]) == sorted(want_p), f"{name}: principle rows")
    check_bases(name, g, allp, basis, theta, alpha, r)
    for p in pr:
        k = text(p["principle"])
        par, prem = want_p[k]
        close(p["parameter"], par, 0, f"{name}: {k} parameter")
        close(p["pure_premium"], m, 1e-12, f"{name}: {k} pure premium")
        close(p["premium"], prem, 1e-12, f"{name}: {k} premium")
        close(p["loading"], prem - m, 1e-9, f"{name}: {k} loading")
        close(p["capital"], v995 - m, 1e-12, f"{name}: {k} capital")
        close(p["expected_loss_ratio"], m / prem if prem > 0 else 0.0, 1e-12, f"{name}: {k} loss ratio")

    # Layers: each alone against the gross loss, then all together.
    ly = pg["layers"][:]
    ceded = pg["annual_ceded"][:]
    cnames = [text(x) for x in pg["annual_ceded"].attrs["names"]]
    layers = sc["pricing"].get("layers", [])
    check(len(ly) == (len(layers) + 1 if layers else 0), f"{name}: one row per layer, and all_layers")
    check(cnames == [text(x) for x in ly["layer"][:len(cnames)]], f"{name}: annual_ceded rows follow the table")
    xl_sum = np.zeros(n)
    sl_specs = []
    for k, row in enumerate(ly[:-1] if len(ly) else []):
        lname, kind = text(row["layer"]), text(row["kind"])
        spec = next(l for l in layers if l["name"] == lname)
        a, lim = float(spec["attachment"]), float(spec["limit"])
        check(kind == spec["kind"] and row["attachment"] == a and row["limit"] == lim,
              f"{name}: layer {lname}: kind and terms as in the scenario")
        c = ceded[k]
        if kind == "stop_loss":
            check(np.array_equal(c, np.minimum(np.maximum(X - a, 0.0), lim)),
                  f"{name}: layer {lname}: ceded = min(max(X - a, 0), l) every year")
            sl_specs.append((a, lim))
        else:
            check(bool(np.all(c >= 0) and np.all(c <= X * (1 + 1e-12) + 1e-9)),
                  f"{name}: layer {lname}: 0 <= ceded <= insured every year")
            xl_sum = xl_sum + c
        lm, lsd, lse = mean_se(c)
        close(row["expected_ceded"], lm, 1e-12, f"{name}: layer {lname}: expected ceded")
        close(row["se"], lse, 1e-9, f"{name}: layer {lname}: se")
        close(row["premium_ev"], (1 + theta) * lm, 1e-12, f"{name}: layer {lname}: EV premium")
        close(row["premium_sd"], lm + alpha * lsd, 1e-9, f"{name}: layer {lname}: SD premium")
        close(row["premium_coc"], lm + r * (var(c, 995) - lm), 1e-9, f"{name}: layer {lname}: CoC premium")
        close(row["gross_var995"], v995, 0, f"{name}: layer {lname}: gross VaR99.5")
        close(row["net_var995"], var(X - c, 995), 0, f"{name}: layer {lname}: net VaR99.5")
        close(row["gross_tvar99"], tvar(X, 990), 1e-12, f"{name}: layer {lname}: gross TVaR99")
        close(row["net_tvar99"], tvar(X - c, 990), 1e-12, f"{name}: layer {lname}: net TVaR99")
    net = pg["annual_net"][0]
    if len(ly):
        after = X - xl_sum
        allc = xl_sum + sum(np.minimum(np.maximum(after - a, 0.0), l) for a, l in sl_specs)
        check(np.max(np.abs(net - (X - allc))) <= 1e-9 * scale, f"{name}: annual_net = X - all layers")
        row = ly[-1]
        check(text(row["layer"]) == "all_layers", f"{name}: last layer row is all_layers")
        close(row["expected_ceded"], mean_se(allc)[0], 1e-9, f"{name}: all_layers expected ceded")
        close(row["net_var995"], var(net, 995), 0, f"{name}: all_layers net VaR99.5")
        close(row["net_tvar99"], tvar(net, 990), 1e-12, f"{name}: all_layers net TVaR99")
    else:
        check(np.array_equal(net, X), f"{name}: no layers: annual_net = X")


def main():
    f = h5py.File(sys.argv[1], "r")
    names = sys.argv[2:] or list(f["scenarios"].keys())
    for name in names:
        scenario(f, name)
    print(f"{fails} failure(s)")
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
