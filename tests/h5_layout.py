"""Check a medliab results file against format contract version 2.

Usage: h5_layout.py [--no-maps] [--development] FILE REPLICATES SEED SCENARIO [SCENARIO ...]

An independent reader (h5py, numpy and Python's exact integers) recomputes
every stored figure from the annual samples with the documented
definitions (README, "Output format"):
  varP  = the order statistic of rank ceil(P n);
  tvarP = varP + E[(X - varP)+] / (1 - P);
  varP_lo, varP_hi = order statistics of ranks l and u, where, for
          B ~ Binomial(n, P) and a = 0.025, l - 1 = max{k: P(B <= k) <= a}
          and u - 1 = min{k: P(B > k) <= a} (rank 0 / n + 1: -inf / +inf);
  varP_se = (varP_hi - varP_lo) / (2 z), z = 1.959963984540054;
  tvarP_se = sd((X - varP)+) / ((1 - P) sqrt(n));
  aep/oep at T = var at P = 1 - 1/T of annual / annual_max; aal = mean.
  policy mc_se = sqrt(sum_r (a_r - R b_r)^2 / (n (n - 1))) / mean(b) for a
          ratio of totals R = sum a / sum b (delta method), b = 1 per year;
          for a figure per exposure unit sd(a) / (sqrt(n) mean(a)) R.
Quantiles and their interval ends must match exactly (the binomial ranks
are computed here in exact rational arithmetic); sums are compared at
relative 1e-12 (both sides sum with compensation; Python's fsum is exact).
Measures are read from the file, so measures added later are checked too.
"""
import math
import sys
from fractions import Fraction

import h5py
import numpy as np

CONTRACT_MEASURES = ["incidents", "claims", "paid_claims", "damages", "compensation",
                     "expenses", "insured", "retained"]
CONTRACT_AMOUNTS = ["damages", "compensation", "expenses", "insured", "retained"]
LEVELS = {"90": Fraction(9, 10), "95": Fraction(95, 100), "99": Fraction(99, 100),
          "995": Fraction(995, 1000), "999": Fraction(999, 1000)}
RETURN_PERIODS = [2, 5, 10, 20, 50, 100, 200, 250, 500, 1000]
ROOT_ATTRS = ["format", "format_version", "software_version", "git_commit", "seed",
              "replicates", "created_utc"]
GROUP_ATTRS = ["portfolio", "regime", "currency", "scenario", "source_file"]
Z = 1.959963984540054
A = Fraction(1, 40)  # (1 - 0.95) / 2

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def rank(n, p):
    k = -(-(n * p.numerator) // p.denominator)  # ceil in integers
    return max(int(k), 1)


_ci_cache = {}


def ci_ranks(n, p):
    """Exact binomial ranks (l, u) of the distribution-free interval."""
    if (n, p) in _ci_cache:
        return _ci_cache[(n, p)]
    num, den = p.numerator, p.denominator
    q = den - num
    total = den ** n          # P(B = k) = term_k / total
    term = q ** n             # k = 0
    cdf = 0
    lo = hi = None
    for k in range(n + 1):
        cdf += term
        if lo is None and cdf > A * total:
            lo = k            # first k with P(B <= k) > a: l - 1 = k - 1
        if (total - cdf) <= A * total:
            hi = k + 1        # u - 1 = k
            break
        term = term * (n - k) * num // ((k + 1) * q)
    _ci_cache[(n, p)] = (lo, hi)
    return lo, hi


def order_stat(s, r):
    if r == 0:
        return -math.inf
    if r > len(s):
        return math.inf
    return float(s[r - 1])


def var(s, p):
    return float(s[rank(len(s), p) - 1])


def tvar(s, p):
    v = var(s, p)
    excess = math.fsum(np.maximum(s - v, 0.0))
    return v + excess / (len(s) * float(1 - p))


def tvar_se(s, p):
    v = var(s, p)
    y = np.maximum(s - v, 0.0)
    my = math.fsum(y) / len(s)
    ss = math.fsum((y - my) ** 2)
    return math.sqrt(ss / (len(s) - 1) / len(s)) / float(1 - p)


def close(a, b, rel=1e-12):
    return a == b or abs(a - b) <= rel * max(abs(a), abs(b))


def same(a, b):
    return a == b or (math.isnan(a) and math.isnan(b))


def text(v):
    return v.decode() if isinstance(v, bytes) else v


def check_summary(name, g, samples, n):
    summ = g["summary"][()]
    got = [text(r["measure"]) for r in summ]
    check(got == list(samples), f"{name}: summary rows are the annual measures in order")
    check(got[:len(CONTRACT_MEASURES)] == CONTRACT_MEASURES,
          f"{name}: summary starts with the eight contract measures")
    attrs = g["summary"].attrs
    check(float(attrs.get("ci_level", 0)) == 0.95 and "var_ci_method" in attrs and
          "tvar_se_method" in attrs, f"{name}: summary states its CI level and methods")
    for row, m in zip(summ, got):
        x = samples[m]
        s = np.sort(x)
        mean = math.fsum(x) / n
        sd = math.sqrt(math.fsum((x - mean) ** 2) / (n - 1))
        ok = close(row["mean"], mean) and close(row["sd"], sd)
        ok &= close(row["se"], sd / math.sqrt(n))
        for tag, p in LEVELS.items():
            lo, hi = ci_ranks(n, p)
            vlo, vhi = order_stat(s, lo), order_stat(s, hi)
            ok &= row["var" + tag] == var(s, p)
            ok &= row["var" + tag + "_lo"] == vlo and row["var" + tag + "_hi"] == vhi
            ok &= lo <= rank(n, p) <= hi
            ok &= same(row["var" + tag + "_se"], (vhi - vlo) / (2 * Z))
            ok &= close(row["tvar" + tag], tvar(s, p))
            ok &= close(row["tvar" + tag + "_se"], tvar_se(s, p))
        check(bool(ok), f"{name}: summary of {m} (mean, sd, se, var/tvar with CI and se) "
                        f"matches the samples")


def check_ep(name, g, samples, n):
    amounts = sorted(g["annual_max"].keys())
    check(set(CONTRACT_AMOUNTS) <= set(amounts), f"{name}: annual_max of every amount")
    check(sorted(g["ep"].keys()) == amounts, f"{name}: one EP table per amount measure")
    for m in amounts:
        d = g["ep"][m]
        ep = d[()]
        mx = g["annual_max"][m][()]
        check(bool(np.all(mx <= samples[m] + 1e-9 * np.abs(samples[m]))),
              f"{name}: largest claim <= annual total for {m}")
        check(close(float(d.attrs["aal"]), math.fsum(samples[m]) / n),
              f"{name}: ep/{m} aal attribute is the mean annual loss")
        s, smx = np.sort(samples[m]), np.sort(mx)
        ok = list(ep["return_period"]) == RETURN_PERIODS
        for row in ep:
            p = 1 - Fraction(1, int(row["return_period"]))
            lo, hi = ci_ranks(n, p)
            ok &= row["aep"] == var(s, p) and row["oep"] == var(smx, p)
            ok &= row["aep_lo"] == order_stat(s, lo) and row["aep_hi"] == order_stat(s, hi)
            ok &= row["oep_lo"] == order_stat(smx, lo) and row["oep_hi"] == order_stat(smx, hi)
        check(bool(ok), f"{name}: ep/{m} (aep, oep and their CIs) matches the samples")
    for m in samples:
        if m not in amounts:
            check(m not in g["ep"], f"{name}: no EP table for count {m}")


PRICING_ATTRS = ["expected_value_loading", "sd_loading", "cost_of_capital_rate",
                 "given_premium", "capital_var_level", "exposure_unit", "currency",
                 "definitions"]


MAPS = True  # the writer maps series equal to annual/insured (not under MPI)


def check_pricing_layout(name, g, n):
    """The pricing group's layout (README, "Pricing"); its figures are
    recomputed by tests/pricing_check.py."""
    check("pricing" in g, f"{name}: pricing group present")
    if "pricing" not in g:
        return
    pg = g["pricing"]
    for a in PRICING_ATTRS:
        check(a in pg.attrs, f"{name}: pricing attribute {a} present")
    cols = {"premium_by_group": ["kind", "group", "hospitals", "beds", "exposure",
                                 "pure_premium", "se", "per_hospital", "per_bed",
                                 "per_exposure_unit", "insured_hospitals", "insured_beds",
                                 "insured_exposure", "per_insured_hospital",
                                 "per_insured_bed", "per_insured_exposure_unit"],
            "principles": ["principle", "parameter", "pure_premium", "premium", "loading",
                           "capital", "expected_loss_ratio", "basis"],
            "layers": ["layer", "kind", "attachment", "limit", "expected_ceded", "se",
                       "premium_ev", "premium_sd", "premium_coc", "gross_var995",
                       "net_var995", "gross_tvar99", "net_tvar99"]}
    for t, want in cols.items():
        check(t in pg and list(pg[t].dtype.names) == want, f"{name}: pricing/{t} columns")
    insured = g["annual"]["insured"][()]
    src = f"/scenarios/{name}/annual/insured"
    for d in ("annual_by_specialty", "annual_by_grade", "annual_ceded", "annual_net"):
        ok = d in pg and pg[d].ndim == 2 and pg[d].shape[1] == n and "names" in pg[d].attrs
        check(ok, f"{name}: pricing/{d} is float64[rows][{n}] with row names")
        if not ok:
            continue
        # A series that is the portfolio's insured loss bit for bit is stored
        # once: every row a virtual map of annual/insured (README, "Output
        # format"); any other is stored as itself.
        x = pg[d][()]
        gross = x.shape[0] > 0 and all(np.array_equal(r.view(np.uint64), insured.view(np.uint64))
                                       for r in x)
        if pg[d].is_virtual:
            maps = [(v.file_name, v.dset_name) for v in pg[d].virtual_sources()]
            check(maps == [(".", src)] * x.shape[0] and gross,
                  f"{name}: pricing/{d} maps {src}, one row each, and equals it")
        else:
            # Under MPI (--no-maps) the writer stores every series itself.
            check(not (MAPS and gross and x.shape[0] == 1),
                  f"{name}: pricing/{d} equals annual/insured and is stored as a map of it")
        if not MAPS:
            check(not pg[d].is_virtual, f"{name}: pricing/{d} is no map (--no-maps)")
    check(pg["premium_by_group"][0]["kind"] == b"total", f"{name}: first group is the total")


# Policy metrics restated here from the README's definitions, independently
# of sim/results/metric_defs.c: numerator and denominator as {measure:
# weight}; "year" = a figure per year (b_r = 1), "exposure" = per exposure
# unit and year (b_r = the exposure, a constant).
POLICY = {
    "paid_share": ({"paid_claims": 1}, {"claims": 1}),
    "overhead_ratio": ({"expenses": 1}, {"compensation": 1}),
    "cost_per_year": ({"compensation": 1, "expenses": 1}, "year"),
    "patient_net_per_year": ({"patient_net": 1}, "year"),
    "insured_share": ({"insured": 1}, {"insured": 1, "retained": 1}),
    "borne_hospitals": ({"retained": 1}, {"compensation": 1, "expenses": 1}),
    "claims_per_exposure": ({"claims": 1}, "exposure"),
    "incidents_per_exposure": ({"incidents": 1}, "exposure"),
}


def check_development(name, g, n):
    """The development group (version 3): each mean cumulative triangle is
    the ledgers' rows averaged and cumulated, recomputed here from the
    per-replicate ledger; the valuation adds up (outstanding = case
    reserves + IBNR)."""
    if "development" not in g:
        return
    d = g["development"]
    y, dy = int(d.attrs["years"]), int(d.attrs["development_years"])
    led = d["ledger"][()]
    stride = int(d["ledger"].attrs["stride"])
    check(stride == 6 * y * dy + 3 * y and led.size == n * stride,
          f"{name}: development/ledger is {n} x {stride}")
    led = led.reshape(n, stride)
    for k, t in enumerate(["reported_count", "paid_count", "paid", "incurred"]):
        rows = led[:, k * y * dy:(k + 1) * y * dy].reshape(n, y, dy)
        want = np.cumsum(rows.mean(axis=0), axis=1)
        got = d[t][()]
        check(got.shape == (y, dy) and np.allclose(got, want, rtol=1e-12, atol=1e-9),
              f"{name}: development/{t} is the ledgers' mean, cumulated")
    v = {text(r["figure"]): float(r["mean"]) for r in d["valuation"][()]}
    check(math.isclose(v["outstanding"], v["case_reserves"] + v["ibnr"], rel_tol=1e-9,
                       abs_tol=1e-6), f"{name}: outstanding = case reserves + IBNR")


def check_policy(name, g, samples, n):
    pol = g["policy"]
    check(list(pol.dtype.names) == ["metric", "value", "mc_se", "unit"],
          f"{name}: policy columns metric, value, mc_se, unit")
    rows = {text(r["metric"]): (float(r["value"]), float(r["mc_se"])) for r in pol[()]}
    seen = 0
    for metric, (num, den) in POLICY.items():
        if metric not in rows:
            continue
        value, se = rows[metric]
        a = sum(w * samples[m] for m, w in num.items())
        if den == "exposure":
            want = math.sqrt(math.fsum((a - a.mean()) ** 2) / (n - 1) / n) / a.mean() * value
            got_v = value
        else:
            b = np.ones(n) if den == "year" else sum(w * samples[m] for m, w in den.items())
            got_v = math.fsum(a) / math.fsum(b)
            res = a - got_v * b
            want = math.sqrt(math.fsum(res ** 2) / (n * (n - 1))) / (math.fsum(b) / n)
        seen += 1
        check(close(value, got_v, 1e-9) and close(se, want, 1e-9),
              f"{name}: policy {metric} = {value:.6g} (se {se:.4g}) from the samples "
              f"({got_v:.6g}, se {want:.4g}; relative 1e-9: the writer sums in plain order)")
    check(seen >= 6, f"{name}: {seen} policy metrics recomputed with their mc_se")


def check_copies(name, g, order, samples):
    """Samples equal to another measure's bit for bit, annual and annual_max
    alike, are stored once: the later names are hard links to the first's
    dataset, which h5py sees as the same object; samples that differ, or
    are zero throughout, have datasets of their own."""
    for i, a in enumerate(order):
        for b in order[:i]:
            bits = lambda m, grp: g[grp][m][()].view(np.uint64) if m in g[grp] else None
            ma, mb = bits(a, "annual_max"), bits(b, "annual_max")
            equal = (np.array_equal(samples[a].view(np.uint64), samples[b].view(np.uint64))
                     and (ma is None) == (mb is None)
                     and (ma is None or np.array_equal(ma, mb)))
            blank = not np.any(samples[a].view(np.uint64))
            linked = g["annual"][a].id == g["annual"][b].id
            check(linked == (equal and not blank),
                  f"{name}: annual/{a} and annual/{b} one dataset exactly when their "
                  f"samples are equal and not zero")
            if ma is not None and mb is not None:
                check((g["annual_max"][a].id == g["annual_max"][b].id) == linked,
                      f"{name}: annual_max/{a} linked to annual_max/{b} as annual/ is")


def main():
    args = sys.argv[1:]
    # --development: a life-cycle run with time, checked for its development
    # group alone (the sample checks above are the textbook runs').
    dev_only = "--development" in args
    global MAPS
    MAPS = "--no-maps" not in args
    args = [a for a in args if a not in ("--development", "--no-maps")]
    path, n, seed = args[0], int(args[1]), int(args[2])
    names = args[3:]
    with h5py.File(path, "r") as f:
        for a in ROOT_ATTRS:
            check(a in f.attrs, f"root attribute {a} present")
        check(text(f.attrs["format"]) == "medliab-results", "format is medliab-results")
        check(int(f.attrs["format_version"]) == 4, "format_version is 4")
        check(int(f.attrs["seed"]) == seed, "seed attribute")
        check(int(f.attrs["replicates"]) == n, "replicates attribute")
        check(sorted(f["scenarios"].keys()) == sorted(names), "one group per scenario")
        for name in names:
            g = f["scenarios"][name]
            if dev_only:
                check("development" in g, f"{name}: development group present")
                check_development(name, g, n)
                continue
            for a in GROUP_ATTRS:
                check(a in g.attrs, f"{name}: attribute {a} present")
            txt = text(g.attrs["scenario"])
            check(f'name: "{name}"' in txt and "policy:" in txt,
                  f"{name}: resolved scenario text")
            samples = {}
            order = [text(r["measure"]) for r in g["summary"][()]]
            check(sorted(order) == sorted(g["annual"].keys()),
                  f"{name}: summary and annual/ hold the same measures")
            for m in order:
                d = g["annual"][m]
                check(d.shape == (n,) and d.dtype == np.float64,
                      f"{name}: annual/{m} is float64[{n}]")
                # Whole-number samples are deflated, continuous amounts
                # stored unfiltered (README, "Output format").
                whole = bool(np.all(d[()] == np.floor(d[()])))
                check((d.chunks is not None and d.compression == "gzip") if whole
                      else (d.chunks is None and d.compression is None),
                      f"{name}: annual/{m} chunked and deflated when whole numbers, "
                      f"else contiguous")
                samples[m] = d[()]
                check(bool(np.all(np.isfinite(samples[m]))), f"{name}: annual/{m} finite")
            check_copies(name, g, order, samples)
            check_summary(name, g, samples, n)
            check_ep(name, g, samples, n)
            check_pricing_layout(name, g, n)
            check_policy(name, g, samples, n)
            check_development(name, g, n)
    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)
    print("all layout checks passed")


main()
