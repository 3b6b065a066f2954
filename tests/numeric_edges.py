"""Numeric edges (issue 5): zero exposure, a near-zero rate, a million claims
per hospital-year, heavy tails (lognormal sdlog 4; Pareto shape 1/8, 0.8 and
1 under a per-claim limit), a limit of 0, an unlimited policy, one replicate,
and an infinite expected loss.

Each case is simulated with `medliab run`, read back with h5py, and must be
finite everywhere in the file (every float of every dataset and attribute)
and right: where `medliab exact` applies, the annual insured loss must lie
within the Dvoretzky-Kiefer-Wolfowitz band (alpha = 0.001) of the exact CDF
bracket, and its mean within 4 standard errors of the exact mean.

    usage: numeric_edges.py MEDLIAB WORKDIR
"""
import math
import os
import re
import subprocess
import sys

import h5py
import numpy as np

ML, WORK = sys.argv[1], sys.argv[2]
ALPHA = 0.001
failures = []


def check(name, cond, what):
    print(("ok   " if cond else "FAIL ") + name + ": " + what)
    if not cond:
        failures.append(name)


def scenario(name, rate=5.0, exposure=1.0, severity="{model: lognormal, meanlog: 10, sdlog: 1.2}",
             policy="{}"):
    path = os.path.join(WORK, name + ".yaml")
    with open(path, "w") as f:
        f.write(f"""name: {name}
portfolio:
  name: one_hospital
  specialties: [{{name: all, incident_rate: {rate!r}}}]
  hospitals: [{{name: H1, exposure: {{all: {exposure!r}}}}}]
regime:
  name: edge
  currency: USD
  severity: {severity}
  policy: {policy}
""")
    return path


def run(path, reps, seed=11):
    out = path[:-5] + ".h5"
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([ML, "run", path, "-o", out, "--replicates", str(reps), "--seed",
                        str(seed), "--quiet"], capture_output=True, text=True)
    return p, out


# +-inf is documented for confidence bounds that n cannot reach (README:
# varP_lo/_hi, aep/oep_lo/_hi, and the standard errors varP_se and tvarP_se,
# which are +inf when the error cannot be bounded, e.g. from one replicate).
# NaN is never allowed anywhere: an undefined policy ratio is left out of
# the policy table, an undefined stage ratio is 0 beside its zero
# denominator (README, "Undefined ratios").
INF_OK = re.compile(r"_(lo|hi|se)$")


def all_finite(out):
    """Names of every float dataset, field or attribute holding NaN, or inf
    where no inf is documented."""
    bad = []

    def floats(name, arr):
        arr = np.asarray(arr)
        if arr.dtype.names:
            for fld in arr.dtype.names:
                floats(name + "." + fld, arr[fld])
        elif arr.dtype.kind == "f":
            if np.isnan(arr).any():
                bad.append(name + " (NaN)")
            if np.isinf(arr).any() and not INF_OK.search(name):
                bad.append(name + " (inf)")

    def visit(name, obj):
        for k, v in obj.attrs.items():
            if isinstance(v, (np.ndarray, np.generic, float)):
                floats(name + "@" + k, v)
        if isinstance(obj, h5py.Dataset):
            floats(name, obj[()])

    with h5py.File(out, "r") as f:
        visit("/", f)
        f.visititems(visit)
    return bad


def annual(out, name, measure):
    with h5py.File(out, "r") as f:
        return f[f"scenarios/{name}/annual/{measure}"][()]


def exact(path, extra=()):
    csv = path[:-5] + ".cdf.csv"
    p = subprocess.run([ML, "exact", path, "--cdf", csv, *extra], capture_output=True, text=True)
    return p, csv


def exact_mean(stdout):
    m = re.search(r"mean\s+(\S+) \(exact\)", stdout)
    return float(m.group(1)) if m else None


def ks_to_bracket(x, csv):
    """Distance from the empirical CDF of x to the exact bracket: F_n(v) minus
    the upper bound at v, and the lower bound just below v minus F_n(v-)."""
    g = np.loadtxt(csv, delimiter=",", skiprows=1)
    h = g[1, 0] - g[0, 0]
    lower, upper = g[:, 2], g[:, 3]
    m = len(g)
    v, counts = np.unique(np.sort(x), return_counts=True)
    n = len(x)
    j = np.cumsum(counts)
    i = j - counts
    t = v / h
    eps = 1e-9 * np.maximum(1.0, t)
    kf = np.floor(t + eps)
    f_hi = np.where(kf >= m - 1, 1.0, upper[np.minimum(kf, m - 1).astype(int)])
    c = np.ceil(t - eps)
    idx = np.clip(c - 1, 0, m - 1).astype(int)
    f_lo_minus = np.where(c <= 0, 0.0, lower[idx])
    return max(np.max(j / n - f_hi), np.max(f_lo_minus - i / n), 0.0)


def against_exact(name, path, reps):
    """Runs and compares insured with the exact method."""
    p, out = run(path, reps)
    check(name + "_runs", p.returncode == 0, f"exit {p.returncode} {p.stderr.strip()}")
    if p.returncode:
        return
    bad = all_finite(out)
    check(name + "_finite", not bad, "no NaN or inf in the file" if not bad else ", ".join(bad))
    ex, csv = exact(path)
    check(name + "_exact_runs", ex.returncode == 0, f"exit {ex.returncode} {ex.stderr.strip()}")
    if ex.returncode:
        return
    x = annual(out, name, "insured")
    d = ks_to_bracket(x, csv)
    eps = math.sqrt(math.log(2 / ALPHA) / (2 * len(x)))
    check(name + "_ks", d <= eps, f"KS distance to the exact bracket {d:.5f} <= {eps:.5f}")
    mu = exact_mean(ex.stdout)
    se = np.std(x, ddof=1) / math.sqrt(len(x))
    z = (np.mean(x) - mu) / se if se > 0 else 0.0
    check(name + "_mean", mu is not None and abs(z) <= 4,
          f"simulated mean {np.mean(x):.6g}, exact {mu:.6g}, (sim - exact)/se = {z:.2f}")


os.makedirs(WORK, exist_ok=True)

# Zero exposure: nothing happens, and every figure is 0, not NaN.
path = scenario("zero_exposure", exposure=0)
p, out = run(path, 2000)
check("zero_exposure_runs", p.returncode == 0, f"exit {p.returncode} {p.stderr.strip()}")
if p.returncode == 0:
    bad = all_finite(out)
    check("zero_exposure_finite", not bad, "no NaN or inf" if not bad else ", ".join(bad))
    with h5py.File(out, "r") as f:
        g = f["scenarios/zero_exposure/annual"]
        total = sum(float(np.abs(g[m][()]).sum()) for m in g)
    check("zero_exposure_zero", total == 0.0, f"sum of every annual measure = {total}")
    ex, _ = exact(path)
    check("zero_exposure_exact", ex.returncode == 0 and exact_mean(ex.stdout) == 0.0,
          f"exact mean {exact_mean(ex.stdout)} (exit {ex.returncode})")

    # Ratios over no claims are undefined: left out of the policy table and
    # named in its `undefined` attribute, never written as NaN.
    with h5py.File(out, "r") as f:
        pol = f["scenarios/zero_exposure/policy"]
        rows = {r["metric"].decode() for r in pol[()]}
        und = pol.attrs.get("undefined", b"")
        und = set((und.decode() if isinstance(und, bytes) else str(und)).split(","))
    check("zero_exposure_undefined_omitted",
          "paid_share" not in rows and "mean_payment" not in rows and
          {"paid_share", "mean_payment", "overhead_ratio"} <= und and
          "cost_per_year" in rows and not (rows & und),
          f"rows {sorted(rows)}, undefined {sorted(und)}")

# The claim life cycle with zero exposure: no claim ever reaches a stage, so
# every per-stage ratio has a zero denominator.  They are written as 0 beside
# their zero counts (visits, closed and paid per year), and no NaN reaches the file.
REGIME = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scenarios",
                      "regimes", "china.yaml")
path = os.path.join(WORK, "life_zero_exposure.yaml")
with open(path, "w") as f:
    f.write(f"""name: life_zero_exposure
portfolio:
  name: empty
  injury_mix: {{minor: 0.5, serious: 0.2, permanent: 0.2, death: 0.1}}
  negligent_share: {{minor: 0.2, serious: 0.3, permanent: 0.3, death: 0.5}}
  specialties: [{{name: all, incident_rate: 30}}]
  hospitals: [{{name: H1, exposure: {{all: 0}}}}]
regime: {REGIME}
""")
p, out = run(path, 200)
check("life_zero_exposure_runs", p.returncode == 0, f"exit {p.returncode} {p.stderr.strip()}")
if p.returncode == 0:
    bad = all_finite(out)
    check("life_zero_exposure_finite", not bad, "no NaN or inf" if not bad else ", ".join(bad))
    with h5py.File(out, "r") as f:
        st = f["scenarios/life_zero_exposure/stages"][()]
    cols = ("visits_per_year", "closed_per_year", "paid_per_year", "closed_share", "visit_share", "paid_share",
            "mean_payment", "mean_months")
    missing = [c for c in cols if c not in (st.dtype.names or ())]
    zero = len(st) > 0 and not missing and all(float(np.abs(st[c]).sum()) == 0.0
                                               for c in cols)
    check("life_zero_exposure_stages", zero,
          f"{len(st)} stages; every count and ratio 0: {zero}; missing columns {missing}")

# A near-zero rate: the exact mean is rate x E[X]; the samples are finite.
path = scenario("near_zero_rate", rate=1e-12)
p, out = run(path, 20000)
check("near_zero_rate_runs", p.returncode == 0, f"exit {p.returncode} {p.stderr.strip()}")
if p.returncode == 0:
    bad = all_finite(out)
    check("near_zero_rate_finite", not bad, "no NaN or inf" if not bad else ", ".join(bad))
    ex, _ = exact(path)
    want = 1e-12 * math.exp(10 + 1.2 ** 2 / 2)
    got = exact_mean(ex.stdout)
    check("near_zero_rate_exact", got is not None and abs(got - want) <= 1e-9 * want,
          f"exact mean {got} vs rate x E[X] = {want:.10g}")

# A million claims per hospital-year.  Panjer cannot start (P(N = 0) =
# e^-1e6 underflows) and must say so; the simulated mean is checked against
# lambda E[X] with the exact standard error sqrt(lambda E[X^2] / n).
lam, reps = 1e6, 20
path = scenario("million_claims", rate=lam)
p, out = run(path, reps)
check("million_claims_runs", p.returncode == 0, f"exit {p.returncode} {p.stderr.strip()}")
if p.returncode == 0:
    bad = all_finite(out)
    check("million_claims_finite", not bad, "no NaN or inf" if not bad else ", ".join(bad))
    n_inc = annual(out, "million_claims", "incidents")
    z = (n_inc.mean() - lam) / math.sqrt(lam / reps)
    check("million_claims_count", abs(z) <= 4, f"mean incidents {n_inc.mean():.1f}, z = {z:.2f}")
    x = annual(out, "million_claims", "insured")
    ex1, ex2 = math.exp(10 + 0.72), math.exp(20 + 2 * 1.44)
    z = (x.mean() - lam * ex1) / math.sqrt(lam * ex2 / reps)
    check("million_claims_mean", abs(z) <= 4,
          f"mean insured {x.mean():.6g} vs lambda E[X] {lam * ex1:.6g}, z = {z:.2f}")
    ex, _ = exact(path)
    check("million_claims_exact_refuses", ex.returncode == 5 and "underflows" in ex.stderr,
          f"exit {ex.returncode}: {ex.stderr.strip()}")

# Heavy tails, against the exact method.
against_exact("lognormal_sdlog4_limited", scenario(
    "lognormal_sdlog4_limited", severity="{model: lognormal, meanlog: 10, sdlog: 4}",
    policy="{deductible: 1000, limit: 1e6}"), 100000)
against_exact("lognormal_sdlog4_unlimited", scenario(
    "lognormal_sdlog4_unlimited", severity="{model: lognormal, meanlog: 10, sdlog: 4}"), 100000)
for shape in ("0.8", "1", "0.125"):
    nm = "pareto_shape_" + shape.replace(".", "_") + "_limited"
    against_exact(nm, scenario(nm, severity=f"{{model: pareto, shape: {shape}, scale: 1e5}}",
                               policy="{limit: 2e6, coinsurance: 0.8}"), 100000)

# A limit of 0: the insurer pays nothing, the hospital keeps everything.
path = scenario("limit_zero", policy="{limit: 0}")
p, out = run(path, 5000)
check("limit_zero_runs", p.returncode == 0, f"exit {p.returncode} {p.stderr.strip()}")
if p.returncode == 0:
    bad = all_finite(out)
    check("limit_zero_finite", not bad, "no NaN or inf" if not bad else ", ".join(bad))
    ins = annual(out, "limit_zero", "insured")
    ret, comp = annual(out, "limit_zero", "retained"), annual(out, "limit_zero", "compensation")
    check("limit_zero_values", not ins.any() and np.array_equal(ret, comp),
          f"insured all 0: {not ins.any()}, retained == compensation: {np.array_equal(ret, comp)}")
    ex, _ = exact(path)
    check("limit_zero_exact", ex.returncode == 0 and exact_mean(ex.stdout) == 0.0,
          f"exact mean {exact_mean(ex.stdout)} (exit {ex.returncode})")

# One replicate: sd, se and every tail figure must still be numbers.
p, out = run(scenario("one_replicate"), 1)
check("one_replicate_runs", p.returncode == 0, f"exit {p.returncode} {p.stderr.strip()}")
if p.returncode == 0:
    bad = all_finite(out)
    check("one_replicate_finite", not bad, "no NaN or inf" if not bad else ", ".join(bad))
    # One year says nothing about the error of a tail figure: +inf, as for
    # a VaR interval that n cannot bound.
    with h5py.File(out, "r") as f:
        sm = f["scenarios/one_replicate/summary"][()]
    tse = [sm[c] for c in sm.dtype.names if re.fullmatch(r"tvar\d+_se", c)]
    ok = len(tse) == 5 and all(np.all(np.isposinf(v)) for v in tse)
    check("one_replicate_tvar_se", ok, f"tvarP_se all +inf: {ok}")

# A genuinely infinite expected loss is an input error, named at its line,
# and leaves no file behind.
path = scenario("infinite_mean", severity="{model: pareto, shape: 0.8, scale: 1e5}")
p, out = run(path, 100)
check("infinite_mean_refused", p.returncode == 3 and "infinite_mean.yaml:9: regime.severity.shape:"
      in p.stderr and "infinite mean" in p.stderr and not os.path.exists(out),
      f"exit {p.returncode}: {p.stderr.strip()}")
ex, _ = exact(path)
check("infinite_mean_exact_refused", ex.returncode == 3, f"exit {ex.returncode}")

print(f"{len(failures)} failed" + (": " + ", ".join(failures) if failures else ""))
sys.exit(1 if failures else 0)
