"""Parameter draws end to end (`medliab run --parameter-draws K`, issue 14).

  truncation     normal and lognormal distributions on probabilities are
                 truncated to [0, 1]: every draw inside, and the K draws
                 follow the truncated CDF (KS), not the untruncated one; a
                 beta on a probability follows its own CDF.
  reproducible   a file named by different relative paths gets the same
                 keys and draws; a number of a regime file used by two run
                 files gets the same draw in both, and reaches both; the
                 groups are identical for 1 and 2 threads, for either order
                 of the files, and with or without the other file.
  quantiles      p05/p50/p95 of the pure premium over the draws, for a
                 uniform coinsurance (the pure premium is exactly linear in
                 it) and a triangular incident rate (linear up to the
                 replicates' error), against the distribution's quantiles
                 times the slope, within exact order-statistic intervals.

Parameters are unnamed here, so their keys are DIR/FILE:FIELD: the files
live in a folder of fixed name (scen/) inside the scratch folder, else the
scratch folder's random name would enter the keys and the draws.

    usage: param_draws.py MEDLIAB SRCDIR
"""
import math
import os
import statistics
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ML, SRC = os.path.abspath(sys.argv[1]), sys.argv[2]
V1 = open(os.path.join(SRC, "scenarios/validation/v1_poisson_lognormal.yaml")).read()
T = tempfile.mkdtemp(prefix="ml_draws_")
S = os.path.join(T, "scen")
os.makedirs(os.path.join(S, "regimes"))
ALPHA = 1e-3
failures = []
N01 = statistics.NormalDist()


def check(name, cond, what):
    print(("ok   " if cond else "FAIL ") + name + ": " + what)
    if not cond:
        failures.append(name)


def v1(name, **subs):
    """v1's text under another name, with replacements old -> new."""
    text = V1.replace("name: v1_poisson_lognormal", "name: " + name)
    for old, new in subs.values():
        assert old in text, old
        text = text.replace(old, new)
    return text


def write(rel, text):
    with open(os.path.join(S, rel), "w") as f:
        f.write(text)
    return os.path.join(S, rel)


# OpenMP threads that spin while waiting cost seconds per run on a busy
# machine (a run of K draws opens a parallel region per draw); waiting
# passively changes the speed only, never the results.
ENV = dict(os.environ, OMP_WAIT_POLICY="passive")


def run(files, out, k, reps, *extra, cwd=None):
    if os.path.exists(out):
        os.remove(out)
    p = subprocess.run([ML, "run", *files, "-o", out, "--quiet", "--replicates", str(reps),
                        "--parameter-draws", str(k), *extra], capture_output=True, text=True,
                       cwd=cwd, env=ENV)
    if p.returncode:
        print(p.stderr)
    return p.returncode == 0


def group(out, name):
    """Every dataset of /scenarios/name/uncertainty, as numpy values."""
    with h5py.File(out, "r") as f:
        g = f[f"scenarios/{name}/uncertainty"]
        d = {k: g[k][()] for k in g}
        d["@columns"] = g["parameter_values"].attrs["columns"]
        d["@draws"] = g.attrs["draws"]
        return d


def same(a, b, skip=()):
    """Names of the datasets of two groups that differ (NaN equal to NaN)."""
    bad = []
    for k in sorted(set(a) | set(b)):
        if k in skip:
            continue
        x, y = a.get(k), b.get(k)
        if x is None or y is None:
            bad.append(k)
        elif getattr(x, "dtype", None) is not None and x.dtype.names:
            if x.dtype != y.dtype or x.shape != y.shape:
                bad.append(k)
                continue
            for fld in x.dtype.names:
                if fld in skip:
                    continue
                u, v = x[fld], y[fld]
                ok = np.array_equal(u, v, equal_nan=True) if u.dtype.kind == "f" else \
                    np.array_equal(u, v)
                if not ok:
                    bad.append(k + "." + fld)
        elif isinstance(x, np.ndarray) and x.dtype.kind == "f":
            if x.shape != y.shape or not np.array_equal(x, y, equal_nan=True):
                bad.append(k)
        elif not np.array_equal(x, y):
            bad.append(k)
    return bad


def column(g, key):
    cols = g["@columns"]
    cols = (cols.decode() if isinstance(cols, bytes) else cols).split(",")
    return g["parameter_values"][:, cols.index(key)]


def figure(g, fig):
    names = [n.decode() for n in g["figures"]["figure"]]
    return g["figures"][names.index(fig)]


def draws_of(g, fig):
    names = [n.decode() for n in g["figures"]["figure"]]
    return g["draws"][:, names.index(fig)]


def ks(x, cdf):
    """One-sample KS distance of x from a continuous CDF."""
    x = np.sort(x)
    n = len(x)
    f = np.array([cdf(v) for v in x])
    return max(np.max(np.arange(1, n + 1) / n - f), np.max(f - np.arange(n) / n))


def dkw(n, alpha):
    """The Dvoretzky-Kiefer-Wolfowitz (Massart) bound at level alpha."""
    return math.sqrt(math.log(2 / alpha) / (2 * n))


def phi(x):
    return 0.5 * math.erfc(-x / math.sqrt(2))


# --- truncation: p_claim ~ normal(0.9, 0.2), p_settle ~ lognormal(-0.5, 0.6),
# coinsurance ~ beta(2, 5).  The first two put 31% and 20% of their mass
# above 1: the draws must be the distributions truncated to [0, 1].
K_T = 2000
f = write("trunc.yaml", v1("trunc", a=("p_claim: 1}", "p_claim: {value: 0.9, dist: normal, "
                                        "mean: 0.9, sd: 0.2}}"),
                           b=("p_settle: 1}", "p_settle: {value: 0.5, dist: lognormal, "
                                              "meanlog: -0.5, sdlog: 0.6}}"),
                           c=("coinsurance: 1 ", "coinsurance: {value: 0.3, dist: beta, "
                                                 "alpha: 2, beta: 5} ")))
out = os.path.join(T, "trunc.h5")
if run([f], out, K_T, 10, "--threads", "1"):
    g = group(out, "trunc")
    norm = lambda x: phi((x - 0.9) / 0.2)
    logn = lambda x: phi((math.log(x) + 0.5) / 0.6) if x > 0 else 0.0
    beta = lambda x: 1 - (1 - x) ** 6 - 6 * x * (1 - x) ** 5  # I_x(2, 5), integer parameters
    cases = [("p_claim", "normal", norm), ("p_settle", "lognormal", logn),
             ("coinsurance", "beta", beta)]
    eps = dkw(K_T, ALPHA / len(cases))  # Bonferroni over the three
    for field, dist, cdf in cases:
        key = next(k.decode() for k in g["parameters"]["key"] if k.decode().endswith(field))
        x = column(g, key)
        lo, hi = cdf(0.0), cdf(1.0)
        trunc = lambda v, cdf=cdf, lo=lo, hi=hi: (cdf(v) - lo) / (hi - lo)
        d, d_plain = ks(x, trunc), ks(x, cdf)
        check(f"truncated_{dist}_inside", x.min() > 0 and x.max() < 1 and len(x) == K_T,
              f"{K_T} draws in [{x.min():.4f}, {x.max():.4f}]")
        check(f"truncated_{dist}_cdf", d <= eps,
              f"KS {d:.4f} against the truncated CDF (mass {hi - lo:.3f}) <= {eps:.4f}")
        if hi - lo < 0.99:  # the untruncated CDF must be told apart
            check(f"truncated_{dist}_not_plain", d_plain > eps,
                  f"KS {d_plain:.4f} against the untruncated CDF > {eps:.4f}")
else:
    check("truncation_runs", False, "medliab run failed")

# --- reproducibility.  A regime file with an uncertain claiming
# probability, used by two run files that also carry numbers of their own.
write("regimes/shared.yaml", """name: textbook_full_payment
currency: USD
claiming: {p_claim: {value: 0.5, range: [0.3, 0.7]}}
pathway: {p_settle: 1}
liability:
  - {share: 1, prob: 1}
severity: {model: lognormal, meanlog: 10, sdlog: 1.2}
""")
RUN = """name: {name}
portfolio:
  name: one_hospital
  specialties: [{{name: all, incident_rate: {rate}}}]
  hospitals: [{{name: H1, exposure: {{all: 1}}}}]
regime: regimes/shared.yaml
"""
ra = write("ra.yaml", RUN.format(name="ra", rate="{value: 20, range: [15, 25]}"))
rb = write("rb.yaml", RUN.format(name="rb", rate="{value: 10, range: [5, 15], dist: triangular}"))
SHARED = "regimes/shared.yaml:regime.claiming.p_claim"
K_R, R_R = 60, 400
o = {n: os.path.join(T, n + ".h5") for n in ("ab", "ba", "ab2", "a", "rel1", "rel2", "rel3",
                                             "rel4", "rel5")}
ok = run([ra, rb], o["ab"], K_R, R_R, "--threads", "1") and \
    run([rb, ra], o["ba"], K_R, R_R, "--threads", "1") and \
    run([ra, rb], o["ab2"], K_R, R_R, "--threads", "2") and \
    run([ra], o["a"], K_R, R_R, "--threads", "1")
check("reproducible_runs", ok, "four runs")
if ok:
    ab_a, ab_b = group(o["ab"], "ra"), group(o["ab"], "rb")
    pa, pb = column(ab_a, SHARED), column(ab_b, SHARED)
    check("shared_number_same_draw", np.array_equal(pa, pb) and len(np.unique(pa)) == K_R,
          f"{SHARED}: {K_R} distinct draws, equal in ra and rb")
    keys_a = [k.decode() for k in ab_a["parameters"]["key"]]
    keys_b = [k.decode() for k in ab_b["parameters"]["key"]]
    check("own_parameters_only", keys_a == ["scen/ra.yaml:portfolio.specialties[0].incident_rate",
                                            SHARED]
          and keys_b == ["scen/rb.yaml:portfolio.specialties[0].incident_rate", SHARED],
          f"ra: {keys_a}; rb: {keys_b}")
    # The shared draw reaches both scenarios: draw k's mean claim count is
    # rate_k p_k (Poisson thinning) within the replicates' error.  Each
    # (c_k - rate_k p_k) / sd_k is about N(0, 1), sd_k = sqrt(rate_k p_k / R);
    # a union bound over the 2K draws keeps every one below z.
    z = N01.inv_cdf(1 - ALPHA / (2 * 2 * K_R))
    worst = 0.0
    for g, keys in ((ab_a, keys_a), (ab_b, keys_b)):
        lam = column(g, keys[0]) * column(g, SHARED)
        c = draws_of(g, "claims_per_exposure")
        worst = max(worst, np.max(np.abs(c - lam) / np.sqrt(lam / R_R)))
    check("shared_number_reaches_both", worst <= z,
          f"max |claims - rate p| / sd = {worst:.2f} <= {z:.2f} over {2 * K_R} draws")
    for nm in ("ra", "rb"):
        d = same(group(o["ab"], nm), group(o["ab2"], nm))
        check(f"threads_1_2_{nm}", not d, "identical" if not d else "differ: " + ", ".join(d))
        d = same(group(o["ab"], nm), group(o["ba"], nm))
        check(f"file_order_{nm}", not d, "identical" if not d else "differ: " + ", ".join(d))
    d = same(ab_a, group(o["a"], "ra"))
    check("other_file_absent_ra", not d, "identical" if not d else "differ: " + ", ".join(d))
    # The same file by five names: keys and draws equal, only `where` (the
    # path as given) differs.
    runs = [([os.path.join("scen", "ra.yaml")], T), (["ra.yaml"], S), (["./ra.yaml"], S),
            (["../scen/ra.yaml"], S), ([ra], "/")]
    ok = all(run(fs, o["rel%d" % (i + 1)], K_R, R_R, "--threads", "1", cwd=cwd)
             for i, (fs, cwd) in enumerate(runs))
    check("relative_paths_run", ok, "five runs")
    if ok:
        for i in range(1, 5):
            d = same(group(o["rel1"], "ra"), group(o["rel%d" % (i + 1)], "ra"), skip=("where",))
            check(f"relative_path_{i + 1}", not d, f"{runs[i][0][0]} from {runs[i][1]}: "
                  + ("identical but for where" if not d else "differ: " + ", ".join(d)))
        d = same(group(o["rel1"], "ra"), group(o["a"], "ra"), skip=("where",))
        check("relative_vs_absolute", not d, "identical but for where" if not d else str(d))
    # The comparison can fail: another seed changes the draws.
    run([ra], o["a"], K_R, R_R, "--threads", "1", "--seed", "99")
    d = same(ab_a, group(o["a"], "ra"))
    check("another_seed_differs", "parameter_values" in d, "differ: " + ", ".join(d))

# --- quantiles of a figure linear in the parameter.
# qa: coinsurance ~ uniform(0.5, 1): insured = c x damages claim by claim
# (no deductible or limit), so draw k's pure premium is c_k S exactly, S the
# pure premium at c = 1 (the point value's / 0.75).
# qb: incident rate ~ triangular(10, 15, 30): draw k's pure premium is
# E[X] lambda_k + e_k, e_k the replicates' error at lambda_k.
K_Q, R_Q = 300, 1000
qa = write("qa.yaml", v1("qa", a=("coinsurance: 1 ", "coinsurance: {value: 0.75, range: [0.5, 1]} ")))
qb = write("qb.yaml", v1("qb", a=("incident_rate: 20 ", "incident_rate: {value: 15, "
                                  "range: [10, 30], dist: triangular} ")))
out = os.path.join(T, "q.h5")
EX = math.exp(10 + 1.2 ** 2 / 2)
EX2 = math.exp(2 * 10 + 2 * 1.2 ** 2)


def binom_tail(n, j, u):
    """P(Bin(n, u) >= j) = P(U_(j) <= u) for the j-th of n uniform order statistics."""
    if u <= 0:
        return 0.0
    if u >= 1:
        return 1.0
    lu, l1 = math.log(u), math.log1p(-u)
    return min(1.0, sum(math.exp(math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1)
                                 + i * lu + (n - i) * l1) for i in range(j, n + 1)))


def order_interval(n, j, alpha):
    """An exact 1 - alpha interval for U_(j) ~ Beta(j, n + 1 - j), by bisection."""
    def inv(p):
        a, b = 0.0, 1.0
        for _ in range(80):
            m = (a + b) / 2
            a, b = (m, b) if binom_tail(n, j, m) < p else (a, m)
        return (a + b) / 2
    return inv(alpha / 2), inv(1 - alpha / 2)


def tri_q(u, a=10.0, c=15.0, b=30.0):
    fc = (c - a) / (b - a)
    return a + math.sqrt(u * (b - a) * (c - a)) if u <= fc else \
        b - math.sqrt((1 - u) * (b - a) * (b - c))


if run([qa, qb], out, K_Q, R_Q, "--threads", "1"):
    PS = [("p05", 0.05), ("p50", 0.50), ("p95", 0.95)]
    # Six intervals (3 quantiles x 2 scenarios), each at alpha / 6.
    a6 = ALPHA / 6
    ga = group(out, "qa")
    row = figure(ga, "pure_premium")
    s1 = row["value"] / 0.75
    c = column(ga, ga["parameters"]["key"][0].decode())
    pp = draws_of(ga, "pure_premium")
    check("uniform_linear", np.allclose(pp, c * s1, rtol=1e-12, atol=0),
          "pure premium = c S in every draw (to rounding)")
    for fld, p in PS:
        j = math.ceil(p * K_Q)
        lo, hi = order_interval(K_Q, j, a6)
        q_lo, q_hi = 0.5 + 0.5 * lo, 0.5 + 0.5 * hi  # the uniform's quantile function
        got = row[fld] / s1
        check(f"uniform_{fld}", q_lo <= got <= q_hi,
              f"{fld} / S = {got:.5f} in [{q_lo:.5f}, {q_hi:.5f}] about the uniform's "
              f"{0.5 + 0.5 * p:.4f} (exact interval for the order statistic of rank {j})")
    gb = group(out, "qb")
    row = figure(gb, "pure_premium")
    lam = column(gb, gb["parameters"]["key"][0].decode())
    # The j-th order statistic of E[X] lambda_k + e_k is within max_k |e_k|
    # of E[X] lambda_(j) (shifting each value by at most E moves every
    # order statistic by at most E).  The e_k are seen: draw k's pure
    # premium less E[X] lambda_k.  They must be replicates' errors: e_k /
    # sd_k, sd_k = sqrt(lambda_k E[X^2] / R), is a mean of R years, normal
    # up to its skewness gamma = e^(1.5 sdlog^2) / sqrt(lambda R)
    # (Cornish-Fisher adds (z^2 - 1) gamma / 6 to z); a union bound over the
    # K draws gives z.
    pp = draws_of(gb, "pure_premium")
    e = pp - EX * lam
    sd = np.sqrt(lam * EX2 / R_Q)
    z = N01.inv_cdf(1 - a6 / (2 * K_Q))
    gamma = math.exp(1.5 * 1.2 ** 2) / math.sqrt(10 * R_Q)
    z += (z * z - 1) * gamma / 6
    check("triangular_replicates_error", np.max(np.abs(e) / sd) <= z,
          f"max |e_k| / sd_k = {np.max(np.abs(e) / sd):.2f} <= {z:.2f}")
    e_max = np.max(np.abs(e))
    for fld, p in PS:
        j = math.ceil(p * K_Q)
        lo, hi = order_interval(K_Q, j, a6)
        q_lo, q_hi = EX * tri_q(lo) - e_max, EX * tri_q(hi) + e_max
        check(f"triangular_{fld}", q_lo <= row[fld] <= q_hi,
              f"{fld} {row[fld]:.6g} in [{q_lo:.6g}, {q_hi:.6g}] about E[X] x the "
              f"triangular's {EX * tri_q(p):.6g} (width "
              f"{100 * (q_hi - q_lo) / (EX * tri_q(p)):.0f}%)")
    # The test tells a wrong distribution apart: the uniform (10, 30) puts
    # its 95% point at 29, beyond the triangular's interval.
    _, hi = order_interval(K_Q, math.ceil(0.95 * K_Q), a6)
    check("triangular_not_uniform", EX * 29.0 > EX * tri_q(hi) + e_max,
          f"the uniform's p95 {EX * 29:.6g} is above the interval's high end "
          f"{EX * tri_q(hi) + e_max:.6g}")
else:
    check("quantiles_run", False, "medliab run failed")

subprocess.run(["rm", "-rf", T])
print(f"{len(failures)} failed" if failures else "all passed")
sys.exit(1 if failures else 0)
