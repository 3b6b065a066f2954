"""--set PATH=VALUE on `medliab run` (issue 14, point 5), end to end.

Refusals: a value out of the field's range (named with the --set and the
field's file:line), an unknown path (named), a malformed argument; a name
given two distributions by two run files of one run.  Effects, in size:
the incident rate set to 10 halves v1's pure premium; a defaulted (absent)
number is reached; a whole number is reached; a number carrying a
distribution and fixed by --set is not drawn.

    usage: set_override.py MEDLIAB SRCDIR
"""
import math
import os
import re
import subprocess
import sys
import tempfile

import h5py
import numpy as np

ML, SRC = sys.argv[1], sys.argv[2]
V1 = os.path.join(SRC, "scenarios/validation/v1_poisson_lognormal.yaml")
NAME = "v1_poisson_lognormal"
T = tempfile.mkdtemp(prefix="ml_set_")
failures = []


def check(name, cond, what):
    print(("ok   " if cond else "FAIL ") + name + ": " + what)
    if not cond:
        failures.append(name)


def run(files, out, *extra):
    if os.path.exists(out):
        os.remove(out)
    return subprocess.run([ML, "run", *files, "-o", out, "--quiet", "--threads", "1", *extra],
                          capture_output=True, text=True)


def annual(out, measure, name=NAME):
    with h5py.File(out, "r") as f:
        return f[f"scenarios/{name}/annual/{measure}"][()]


def line_of(path, text):
    """The 1-based line of path holding text (the tests name lines, not guess them)."""
    with open(path) as f:
        for i, l in enumerate(f, 1):
            if text in l:
                return i
    raise SystemExit(f"{path} has no line with {text!r}")


out = os.path.join(T, "o.h5")

# --- refusals: exit 3 (bad input) or 2 (usage), the culprit named, no file left.
p = run([V1], out, "--replicates", "10", "--set", "regime.claiming.p_claim=1.5")
where = f"{V1}:{line_of(V1, 'p_claim')}"
check("out_of_range", p.returncode == 3 and "--set regime.claiming.p_claim=1.5" in p.stderr
      and "not a probability in [0, 1]" in p.stderr and where in p.stderr
      and not os.path.exists(out), f"exit {p.returncode}: {p.stderr.strip()}")
p = run([V1], out, "--replicates", "10", "--set", "portfolio.specialties[0].incident_rate=-2")
where = f"{V1}:{line_of(V1, 'incident_rate')}"
check("negative_rate", p.returncode == 3 and "incident_rate=-2" in p.stderr and where in p.stderr,
      p.stderr.strip())
p = run([V1], out, "--replicates", "10", "--set", "regime.claiming.p_claim=half")
check("not_a_number", p.returncode == 3 and "'half' is not a number" in p.stderr, p.stderr.strip())
p = run([V1], out, "--replicates", "10", "--set", "regime.claiming.p_clam=0.5")
check("unknown_path", p.returncode == 3 and "regime.claiming.p_clam" in p.stderr
      and "no number of the run file has the field path" in p.stderr
      and not os.path.exists(out), p.stderr.strip())
for bad in ("regime.claiming.p_claim", "=0.5", "regime.claiming.p_claim="):
    p = run([V1], out, "--replicates", "10", "--set", bad)
    check("malformed " + bad, p.returncode == 2 and f"--set {bad}: expected PATH=VALUE" in p.stderr
          and not os.path.exists(out), f"exit {p.returncode}: {p.stderr.strip()}")
# An override of an integer field is checked as a whole number.
p = run([V1], out, "--set", "run.replicates=2.5")
check("whole_number_refused", p.returncode == 3 and "'2.5' is not a whole number" in p.stderr,
      p.stderr.strip())

# A name is one parameter in the whole run: two run files giving it two
# distributions are refused even without --parameter-draws.
src = open(V1).read()
a = os.path.join(T, "a.yaml")
b = os.path.join(T, "b.yaml")
open(a, "w").write(src.replace("name: v1_poisson_lognormal", "name: va").replace(
    "incident_rate: 20 ", "incident_rate: {value: 20, range: [10, 30], name: rate} "))
open(b, "w").write(src.replace("name: v1_poisson_lognormal", "name: vb").replace(
    "incident_rate: 20 ", "incident_rate: {value: 20, range: [15, 30], name: rate} "))
p = run([a, b], out, "--replicates", "10")
check("name_conflict_across_files", p.returncode == 3 and "parameter 'rate' is also given at "
      + f"{a}:{line_of(a, 'incident_rate')}" in p.stderr and f"{b}:" in p.stderr,
      p.stderr.strip())
open(b, "w").write(src.replace("name: v1_poisson_lognormal", "name: vb").replace(
    "incident_rate: 20 ", "incident_rate: {value: 20, range: [10, 30], name: rate} "))
p = run([a, b], out, "--replicates", "10")
check("name_shared_alike", p.returncode == 0, p.stderr.strip())

# --- effect in size: rate 10 against 20 on the same seed.
# Both runs draw from the same streams (common random numbers: a replicate's
# counts and every claim's severity are addressed by replicate and claim
# index), so S10_r and S20_r are strongly correlated and the two means are
# not independent.  The ratio r = mean(S10) / mean(S20) has, by the delta
# method on the paired replicates, se = sd(S10_r - r S20_r) / (sqrt(n)
# mean(S20)), which counts the correlation whatever its size (an
# independent-runs formula would overstate the se here).  4 se; the se
# itself must be small enough (< 0.01) for the test to tell 0.5 from 0.46.
R = 20000
p20 = run([V1], os.path.join(T, "r20.h5"), "--replicates", str(R))
p10 = run([V1], os.path.join(T, "r10.h5"), "--replicates", str(R), "--set",
          "portfolio.specialties[0].incident_rate=10")
check("rate_runs", p20.returncode == 0 and p10.returncode == 0, p10.stderr + p20.stderr)
s20 = annual(os.path.join(T, "r20.h5"), "insured")
s10 = annual(os.path.join(T, "r10.h5"), "insured")
r = s10.mean() / s20.mean()
se = np.std(s10 - r * s20, ddof=1) / (math.sqrt(R) * s20.mean())
check("rate_halves_pure_premium", abs(r - 0.5) <= 4 * se and se < 0.01,
      f"ratio {r:.5f}, paired delta-method se {se:.5f}, |r - 0.5| = {abs(r - 0.5) / se:.2f} se")
n10 = annual(os.path.join(T, "r10.h5"), "claims")
n20 = annual(os.path.join(T, "r20.h5"), "claims")
# Poisson counts: mean(N10) within 4 se (sqrt(10 / R)) of 10, and the
# unchanged run's within 4 se of 20.
check("rate_counts", abs(n10.mean() - 10) <= 4 * math.sqrt(10 / R)
      and abs(n20.mean() - 20) <= 4 * math.sqrt(20 / R),
      f"mean claims {n10.mean():.4f} (10 +- {4 * math.sqrt(10 / R):.4f}), {n20.mean():.4f}")
with h5py.File(os.path.join(T, "r10.h5"), "r") as f:
    text = f[f"scenarios/{NAME}"].attrs["scenario"]
    text = text.decode() if isinstance(text, bytes) else text
check("rate_in_resolved_scenario", re.search(r"incident_rate: 10\b", text) is not None,
      "the resolved scenario records incident_rate: 10")

# --- a defaulted number: v1 has no expenses section; per_claim defaults to 0.
po = os.path.join(T, "e.h5")
p = run([V1], po, "--replicates", "500", "--set", "regime.expenses.per_claim=1000")
check("defaulted_runs", p.returncode == 0, p.stderr.strip())
if p.returncode == 0:
    e, n = annual(po, "expenses"), annual(po, "claims")
    base = annual(os.path.join(T, "r20.h5"), "expenses")
    check("defaulted_reached", np.array_equal(e, 1000.0 * n) and e.sum() > 0
          and not base.any(), f"expenses = 1000 x claims in every replicate "
          f"(mean {e.mean():.1f}); 0 without the --set")
p = run([V1], po, "--replicates", "500", "--set", "regime.expenses.per_claim=-5")
check("defaulted_validated", p.returncode == 3 and "regime.expenses.per_claim=-5" in p.stderr
      and f"{V1}:" in p.stderr, p.stderr.strip())

# --- a whole number: run.replicates (no --replicates given).
p = run([V1], po, "--set", "run.replicates=123")
if p.returncode == 0:
    with h5py.File(po, "r") as f:
        reps = int(f.attrs["replicates"])
        n = len(f[f"scenarios/{NAME}/annual/insured"])
    check("whole_number_reached", reps == 123 and n == 123, f"replicates {reps}, samples {n}")
else:
    check("whole_number_reached", False, p.stderr.strip())

# --- a number carrying a distribution and fixed by --set is not drawn.
g = os.path.join(T, "g.yaml")
open(g, "w").write(src.replace("incident_rate: 20 ", "incident_rate: {value: 20, dist: gamma, "
                               "shape: 4, scale: 5} ").replace("p_claim: 1}",
                               "p_claim: {value: 0.9, range: [0.8, 1]}}"))
p = run([g], po, "--replicates", "200", "--parameter-draws", "4", "--set",
        "portfolio.specialties[0].incident_rate=10")
if p.returncode == 0:
    with h5py.File(po, "r") as f:
        u = f[f"scenarios/{NAME}/uncertainty"]
        keys = [k.decode() for k in u["parameters"]["key"]]
        ok = len(keys) == 1 and keys[0].endswith(":regime.claiming.p_claim")
        cols = u["parameter_values"].attrs["columns"]
        cols = cols.decode() if isinstance(cols, bytes) else cols
    check("set_not_drawn", ok and "incident_rate" not in cols, f"parameters {keys}")
else:
    check("set_not_drawn", False, p.stderr.strip())
p = run([g], po, "--replicates", "20", "--parameter-draws", "4", "--set",
        "portfolio.specialties[0].incident_rate=10", "--set", "regime.claiming.p_claim=1")
check("all_set_nothing_to_draw", p.returncode == 3 and "fixed by --set" in p.stderr,
      p.stderr.strip())

# A probability vector keeps its sum: setting one entry of an appraisal
# row (us.yaml's jury, {none: 0.52, full: 0.48}) and of a stage's `next`
# with three entries (japan's cp_scheme: negotiation 0.027, lawsuit 0.029,
# dropped 0.944) makes the other entries absorb the change in proportion;
# the reform's levers, whose base: checks the written row, still load.
import yaml  # noqa: E402 (Debian python3-yaml, with h5py)


def resolved(out, name):
    with h5py.File(out, "r") as f:
        return yaml.safe_load(f["scenarios"][name].attrs["scenario"])["regime"]["lifecycle"]


po = os.path.join(T, "vec.h5")
p = run([os.path.join(SRC, "scenarios/us.yaml")], po, "--replicates", "20", "--set",
        "regime.lifecycle.appraisal.jury.negligent.full=0.4")
if p.returncode == 0:
    row = resolved(po, "us")["appraisal"]["jury"]["negligent"]
    check("row_absorbs", abs(row["full"] - 0.4) < 1e-12 and abs(row["none"] - 0.6) < 1e-12,
          f"row {row}")
else:
    check("row_absorbs", False, p.stderr.strip())
p = run([os.path.join(SRC, "scenarios/japan.yaml")], po, "--replicates", "20", "--set",
        "regime.lifecycle.pathway.stages.cp_scheme.next.lawsuit=0.1")
if p.returncode == 0:
    nx = resolved(po, "japan")["pathway"]["stages"]["cp_scheme"]["next"]
    k = (1 - 0.1) / (0.027 + 0.944)
    check("next_absorbs_in_proportion", abs(nx["lawsuit"] - 0.1) < 1e-12
          and abs(nx["negotiation"] - 0.027 * k) < 1e-12 and abs(nx["dropped"] - 0.944 * k) < 1e-12
          and abs(sum(nx.values()) - 1) < 1e-12, f"next {nx}")
else:
    check("next_absorbs_in_proportion", False, p.stderr.strip())
p = run([os.path.join(SRC, "scenarios/china_reform.yaml")], po, "--replicates", "20", "--set",
        "regime.lifecycle.appraisal.health_department.negligent.full=0.1")
check("lever_base_checks_written_row", p.returncode == 0, p.stderr.strip())

subprocess.run(["rm", "-rf", T])
print(f"{len(failures)} failed" if failures else "all passed")
sys.exit(1 if failures else 0)
