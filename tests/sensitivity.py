"""End-to-end check of `medliab sensitivity` on a textbook scenario whose
answers are known in closed form.

Usage: sensitivity.py MEDLIAB SOURCE_DIR WORK_DIR

The scenario is validation case v1 (one hospital, Poisson claims, every
claim paid in full, lognormal damages, no deductible or limit) with three
uncertain numbers: the claim rate lambda in [15, 25] (named "rate"), the
severity's meanlog mu in [9.8, 10.2] (named "meanlog") and p_claim in
[0.9, 1] (unnamed: its key is "DIR/FILE:FIELD").  The pure premium (mean
annual insured loss) is then exactly

    pp(lambda, p, mu) = lambda p exp(mu + sigma^2 / 2),

and its Monte Carlo standard error at n replicates is
sqrt(lambda p exp(2 mu + 2 sigma^2) / n) (compound Poisson: the annual
variance is lambda p E[X^2]).  Checked:
  - tornado low/high within 4 of those standard errors of pp at the ends
    (a normal estimate fails that once in 16,000), base the same at the
    point values; the order by swing is the analytic one (rate, meanlog,
    p_claim: their analytic swings differ by far more than the errors);
  - Sobol indices of this product of independent uniform factors against
    their analytic values, within 4 bootstrap standard errors (plus the
    Monte Carlo error of the figure itself, which common random numbers
    make small next to the parameters' effect: see the note at SOBOL);
  - the files (tornado.csv columns, sorted; tornado.png/.svg present;
    sobol.csv), and the refusals: no uncertain number (exit 5), an unknown
    measure (exit 5, listing the names), a plot that fails (exit 4, no file
    left in DIR, an older tornado.csv untouched), --set on the severity.
"""
import csv
import math
import os
import shutil
import subprocess
import sys

ML, SRC, WORK = sys.argv[1:4]
REPS = 4000
SIGMA = 1.2
K = 4.0
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def pp(lam, p, mu, sigma=SIGMA):
    return lam * p * math.exp(mu + sigma * sigma / 2)


def se(lam, p, mu, sigma=SIGMA):
    return math.sqrt(lam * p * math.exp(2 * mu + 2 * sigma * sigma) / REPS)


def scenario(path, ranged=True):
    src = open(os.path.join(SRC, "scenarios/validation/v1_poisson_lognormal.yaml")).read()
    if ranged:
        edits = [
            ("incident_rate: 20 ", "incident_rate: {value: 20, range: [15, 25], name: rate} "),
            ("claiming: {p_claim: 1}", "claiming: {p_claim: {value: 1, range: [0.9, 1]}}"),
            ("meanlog: 10 ", "meanlog: {value: 10, range: [9.8, 10.2], name: meanlog} "),
        ]
        for old, new in edits:
            assert old in src, old
            src = src.replace(old, new)
    open(path, "w").write(src)


def run(args, env=None):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([ML, "sensitivity"] + args, capture_output=True, text=True, env=e)
    return p.returncode, p.stdout + p.stderr


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(os.path.join(WORK, "validation"))
yaml = os.path.join(WORK, "validation", "v1_sens.yaml")
scenario(yaml)
out = os.path.join(WORK, "out")
base_args = [yaml, "--measure", "pure_premium", "--replicates", str(REPS), "--threads", "2",
             "--quiet"]
# The tornado at 4000 replicates (its ends' Monte Carlo error is what the
# checks below allow); the Sobol design on its own further down, at fewer
# replicates and more rows, where its error lies in the rows.
rc, text = run(base_args + ["--out", out, "--sobol-rows", "0"])
check(rc == 0, f"sensitivity runs (exit {rc})")
if rc != 0:
    print(text)
    sys.exit(1)
print(text)

# --- tornado ---
rows = read(os.path.join(out, "tornado.csv"))
cols = ["parameter", "low", "high", "swing", "base", "param_value", "param_low", "param_high"]
check(list(rows[0].keys())[:8] == cols, f"tornado.csv columns {list(rows[0].keys())}")
check(len(rows) == 3, f"three parameters ({len(rows)})")
ends = {"rate": ((15, 1, 10), (25, 1, 10)),
        "meanlog": ((20, 1, 9.8), (20, 1, 10.2)),
        "p_claim": ((20, 0.9, 10), (20, 1, 10))}


def key_of(r):
    k = r["parameter"]
    return "p_claim" if k.endswith("p_claim") else k


check([key_of(r) for r in rows] == ["rate", "meanlog", "p_claim"],
      f"order by swing: {[r['parameter'] for r in rows]}")
pkey = rows[2]["parameter"]
check(pkey.startswith("validation/v1_sens.yaml:"), f"an unnamed number's key is DIR/FILE:FIELD "
      f"({pkey})")
for r in rows:
    k = key_of(r)
    lo_at, hi_at = ends[k]
    for col, at in (("low", lo_at), ("high", hi_at)):
        got, want, s = float(r[col]), pp(*at), se(*at)
        check(abs(got - want) <= K * s,
              f"{k} {col}: {got:.6g} vs analytic {want:.6g} (4 se = {K * s:.3g})")
    got, want = float(r["swing"]), abs(pp(*hi_at) - pp(*lo_at))
    s = math.hypot(se(*lo_at), se(*hi_at))  # ignores the CRN correlation: conservative
    check(abs(got - want) <= K * s, f"{k} swing {got:.6g} vs {want:.6g} (4 se = {K * s:.3g})")
    check(abs(float(r["swing"]) - abs(float(r["high"]) - float(r["low"]))) <= 1e-9 * want,
          f"{k} swing = |high - low|")
base = float(rows[0]["base"])
check(abs(base - pp(20, 1, 10)) <= K * se(20, 1, 10), f"base {base:.6g} vs {pp(20, 1, 10):.6g}")
check([float(r["param_low"]) for r in rows] == [15, 9.8, 0.9] and
      [float(r["param_high"]) for r in rows] == [25, 10.2, 1], "the parameters' ends")
for ext in ("png", "svg"):
    f = os.path.join(out, "tornado." + ext)
    check(os.path.isfile(f) and os.path.getsize(f) > 1000, f"tornado.{ext} drawn")
check(not [f for f in os.listdir(out) if ".tmp." in f], "no temporary file left")
check(not os.path.exists(os.path.join(out, "sobol.csv")), "--sobol-rows 0: no sobol.csv")

# --- Sobol ---
# SOBOL: pp = c lambda p e^mu with independent uniform factors, so with
# m_i = E[X_i], q_i = E[X_i^2]: V = prod q - prod m^2, V_i = (q_i - m_i^2)
# prod_{j != i} m_j^2 (first order), VT_i = (q_i - m_i^2) prod_{j != i} q_j
# (total).  The figure the design sees is pp plus its Monte Carlo error at
# that row: at 400 replicates its relative error is sqrt(e^{sigma^2} /
# (lambda n)) = 2.3%, against the parameters' 30% spread, so it adds at
# most about (0.023 / 0.3)^2 ~ 0.6% to V (less: common random numbers make it
# move little between rows), an index shift of ~0.01 next to bootstrap
# errors of ~0.04 at 512 rows.
def moments(lo, hi, exp=False):
    if exp:
        return ((math.exp(hi) - math.exp(lo)) / (hi - lo),
                (math.exp(2 * hi) - math.exp(2 * lo)) / (2 * (hi - lo)))
    return (lo + hi) / 2, (lo * lo + lo * hi + hi * hi) / 3


SOBOL_REPS, ROWS = 400, 512
sob_dir = os.path.join(WORK, "sobol")
rc, text = run([yaml, "--measure", "pure_premium", "--replicates", str(SOBOL_REPS), "--threads",
                "2", "--quiet", "--out", sob_dir, "--sobol-rows", str(ROWS)])
check(rc == 0, f"Sobol run (exit {rc})")
print(text)
mom = {"rate": moments(15, 25), "p_claim": moments(0.9, 1), "meanlog": moments(9.8, 10.2, True)}
v = math.prod(q for _, q in mom.values()) - math.prod(m * m for m, _ in mom.values())
sob = read(os.path.join(sob_dir, "sobol.csv"))
check(list(sob[0].keys())[:5] == ["parameter", "first_order", "first_order_se", "total",
                                  "total_se"], "sobol.csv columns")
check([key_of(r) for r in sob] == ["rate", "meanlog", "p_claim"],
      "Sobol analyses the three (every swing >= 5% of the largest), in tornado order")
check(all(int(r["rows"]) == ROWS for r in sob), "sobol.csv says its rows")
for r in sob:
    k = key_of(r)
    m, q = mom[k]
    others = [mom[j] for j in mom if j != k]
    s1 = (q - m * m) * math.prod(a * a for a, _ in others) / v
    st = (q - m * m) * math.prod(b for _, b in others) / v
    for col, want in (("first_order", s1), ("total", st)):
        got, s = float(r[col]), float(r[col + "_se"])
        check(s > 0 and abs(got - want) <= K * s,
              f"{k} {col}: {got:.3f} vs analytic {want:.3f} (4 bootstrap se = {K * s:.3f})")

# --- refusals ---
plain = os.path.join(WORK, "validation", "v1_plain.yaml")
scenario(plain, ranged=False)
rc, text = run([plain, "--measure", "pure_premium", "--out", os.path.join(WORK, "o2"),
                "--replicates", "100"])
check(rc == 5 and "no uncertain number" in text and not os.path.exists(os.path.join(WORK, "o2")),
      f"no uncertain number: exit 5, said, no folder (exit {rc}: {text.strip()})")
rc, text = run([yaml, "--measure", "nosuch", "--out", os.path.join(WORK, "o3"),
                "--replicates", "100"])
check(rc == 5 and "nosuch" in text and "pure_premium" in text and "insured_var995" in text,
      f"unknown measure: exit 5, the names listed (exit {rc}: {text.strip()})")
rc, text = run(base_args + ["--out", os.path.join(WORK, "o4"), "--sobol-rows", "0"],
               env={"MEDLIAB_PYTHON": "/bin/false"})
check(rc == 4 and not os.path.exists(os.path.join(WORK, "o4")),
      f"failed plot: exit 4, no folder left (exit {rc}: {text.strip()})")
before = open(os.path.join(sob_dir, "tornado.csv")).read()
rc, text = run(base_args + ["--out", sob_dir, "--sobol-rows", "0"],
               env={"MEDLIAB_PYTHON": "/bin/false"})
check(rc == 4 and open(os.path.join(sob_dir, "tornado.csv")).read() == before and
      os.path.exists(os.path.join(sob_dir, "sobol.csv")) and
      not [f for f in os.listdir(sob_dir) if ".tmp." in f],
      "failed plot in a used folder: the earlier files untouched, no temporary left")

# --set: the severity's sdlog to 1.0 moves the base to 20 exp(10.5).
rc, text = run(base_args + ["--out", os.path.join(WORK, "o5"), "--sobol-rows", "0",
                            "--set", "regime.severity.sdlog=1.0"])
if rc == 0:
    b = float(read(os.path.join(WORK, "o5", "tornado.csv"))[0]["base"])
    want, s = pp(20, 1, 10, 1.0), se(20, 1, 10, 1.0)
    check(abs(b - want) <= K * s, f"--set sdlog=1.0: base {b:.6g} vs {want:.6g}")
else:
    check(False, f"--set regime.severity.sdlog=1.0 (exit {rc}: {text.strip()})")
rc, text = run(base_args + ["--out", os.path.join(WORK, "o6"), "--set", "regime.nosuch.x=1"])
check(rc != 0 and "regime.nosuch.x" in text, f"--set of an unknown path is refused, naming it "
      f"(exit {rc}: {text.strip()})")

print(f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)
