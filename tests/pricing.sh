#!/bin/bash
# Pricing end to end (README, "Pricing"):
#  1. china and china_reform (lifecycle engine, grades, both layer kinds):
#     every figure of /scenarios/*/pricing recomputed from the file by h5py
#     (pricing_check.py), and the pricing group identical for 1 and 2 threads;
#  2. v1 with a pricing block (textbook engine, a per-claim layer, a given
#     premium): recomputed the same way, and the layer's expected ceded loss
#     within 3 standard errors of its exact value, 20 E[min(max(X - a, 0), l)]
#     for X ~ lognormal(10, 1.2) (limited expected values);
#  3. exposure-rated sanity: the pure premium of v1, v2 and v3 within 3
#     standard errors of `medliab exact` (Panjer recursion) mean.
# Each comparison with an se is one fixed-seed draw: 3 se is a two-sided
# 0.27% false-alarm bound.
#   usage: pricing.sh MEDLIAB SRC PYTHON H5DIFF
ML=$1; SRC=$2; PY=$3; H5DIFF=$4
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail=0
say() { echo "$1"; case $1 in FAIL*) fail=1;; esac; }

# 1. the lifecycle regimes
for t in 1 2; do
  "$ML" run "$SRC/scenarios/china.yaml" "$SRC/scenarios/china_reform.yaml" -o "$T/c$t.h5" \
      --replicates 1000 --seed 7 --threads $t --quiet || { say "FAIL run china ($t threads)"; exit 1; }
done
"$PY" "$SRC/tests/pricing_check.py" "$T/c1.h5" | grep -v '^ok' || true
"$PY" "$SRC/tests/pricing_check.py" "$T/c1.h5" >/dev/null || say "FAIL pricing_check china"
for sc in china china_reform; do
  if "$H5DIFF" "$T/c1.h5" "$T/c2.h5" /scenarios/$sc/pricing /scenarios/$sc/pricing >"$T/d" 2>&1; then
    say "ok   1 vs 2 threads: /scenarios/$sc/pricing identical"
  else
    say "FAIL 1 vs 2 threads: /scenarios/$sc/pricing differs"; head "$T/d"
  fi
done
# --quiet silences the table; a plain run prints it.
"$ML" run "$SRC/scenarios/china.yaml" -o "$T/p.h5" --replicates 200 --seed 7 >"$T/out" 2>/dev/null
grep -q "cost_of_capital" "$T/out" && grep -q "grade tertiary" "$T/out" && grep -q "xl_300k_xs_200k" "$T/out" \
  && say "ok   run prints the pricing table" || say "FAIL run does not print the pricing table"
# The measure rows printed are the measures not 0 in every year, and the
# line "0 in every year:" names the others: together every measure of the
# file, each once, split by its annual array (china has both kinds).
"$PY" - "$T/p.h5" "$T/out" <<'PY' && say "ok   run prints every measure not 0 throughout and names the rest" \
  || say "FAIL run's measure rows and its '0 in every year' line do not split the file's measures"
import re, sys, h5py, numpy as np
g = h5py.File(sys.argv[1])["scenarios/china/annual"]
zero = {m for m in g if not np.any(g[m][:])}
text = open(sys.argv[2]).read()
head = text.index("  measure ")
body = text[head:text.index("  pricing (")].split("\n")[1:]
rows = [l.split()[0] for l in body if l and not l.startswith("  0 in every year") and not l.startswith("    ")]
named = text.split("0 in every year:")[1].split("  pricing (")[0].split()
ok = (set(rows) == set(g) - zero and sorted(named) == sorted(zero) and len(rows) == len(set(rows))
      and zero and rows)
sys.exit(0 if ok else 1)
PY
# Every principle row printed names its basis: the table printed equals the
# file's pricing/principles rows, in order (china has a time block: the
# annual rows, then occurrence, claims_made_1 .. mature and tail priced again).
"$PY" - "$T/p.h5" "$T/out" <<'PY' && say "ok   printed principle rows = the file's (basis, principle, premium)" \
  || say "FAIL printed principle rows differ from the file's"
import sys, h5py
rows = h5py.File(sys.argv[1])["scenarios/china/pricing/principles"][:]
want = [(r["basis"].decode(), r["principle"].decode(), "%.6g" % r["premium"]) for r in rows]
lines = open(sys.argv[2]).read().split("\n")
i = next(k for k, l in enumerate(lines) if l.split()[:2] == ["basis", "principle"])
got = [tuple(l.split()[:3]) for l in lines[i + 1:i + 1 + len(want)]]
bases = {w[0] for w in want}
sys.exit(0 if got == want and len(bases) > 2 else 1)
PY

# 2. v1 with a per-claim layer and a given premium
V1="$SRC/scenarios/validation/v1_poisson_lognormal.yaml"
{ cat "$V1"; cat <<'YAML'
pricing:
  expected_value_loading: 0.25
  sd_loading: 0.3
  cost_of_capital_rate: 0.1
  premium: 1000000
  layers:
    - {name: xl_200k_xs_100k, kind: per_claim_xl, attachment: 100000, limit: 200000}
    - {name: xl_unl_xs_300k, kind: per_claim_xl, attachment: 300000, limit: unlimited}
    - {name: sl_1m_xs_1_5m, kind: stop_loss, attachment: 1500000, limit: 1000000}
YAML
} >"$T/v1p.yaml"
"$ML" run "$T/v1p.yaml" -o "$T/v1.h5" --replicates 40000 --seed 11 --quiet || { say "FAIL run v1"; exit 1; }
"$PY" "$SRC/tests/pricing_check.py" "$T/v1.h5" | grep -v '^ok' || true
"$PY" "$SRC/tests/pricing_check.py" "$T/v1.h5" >/dev/null || say "FAIL pricing_check v1"
"$PY" - "$T/v1.h5" <<'PY' || fail=1
import math, sys, h5py
f = h5py.File(sys.argv[1]); pg = f["scenarios/v1_poisson_lognormal/pricing"]
mu, s, lam = 10.0, 1.2, 20.0
Phi = lambda z: 0.5 * math.erfc(-z / math.sqrt(2))
def lev(u):  # E[min(X, u)], X lognormal(mu, s)
    if math.isinf(u): return math.exp(mu + s * s / 2)
    return math.exp(mu + s * s / 2) * Phi((math.log(u) - mu - s * s) / s) + u * (1 - Phi((math.log(u) - mu) / s))
bad = 0
for row in pg["layers"][:]:
    name = row["layer"].decode()
    if row["kind"].decode() != "per_claim_xl": continue
    a, l = row["attachment"], row["limit"]
    exact = lam * (lev(a + l) - lev(a))
    z = (row["expected_ceded"] - exact) / row["se"]
    ok = abs(z) <= 3
    bad += not ok
    print(("ok   " if ok else "FAIL ") + f"v1 layer {name}: expected ceded {row['expected_ceded']:.6g}, exact {exact:.6g}, z = {z:.2f} (|z| <= 3)")
gp = [p for p in pg["principles"][:] if p["principle"] == b"given_premium"]
ok = len(gp) == 1 and gp[0]["premium"] == 1e6 and abs(gp[0]["expected_loss_ratio"] - gp[0]["pure_premium"] / 1e6) < 1e-15
print(("ok   " if ok else "FAIL ") + "v1: loss ratio at the given premium 1,000,000: %.4f" % gp[0]["expected_loss_ratio"])
bad += not ok
sys.exit(1 if bad else 0)
PY

# 3. pure premium against the exact method
for v in v1_poisson_lognormal v2_negbin_lognormal_layer v3_poisson_gamma_agglimit; do
  # The run files' own seed and replicate count (100,000 years).
  "$ML" run "$SRC/scenarios/validation/$v.yaml" -o "$T/$v.h5" --quiet \
    || { say "FAIL run $v"; continue; }
  exact=$("$ML" exact "$SRC/scenarios/validation/$v.yaml" | awk '$1 == "mean" {print $2}')
  "$PY" - "$T/$v.h5" "$v" "$exact" <<'PY' || fail=1
import sys, h5py
f = h5py.File(sys.argv[1]); v = sys.argv[2]; exact = float(sys.argv[3])
row = f[f"scenarios/{v}/pricing/premium_by_group"][0]
z = (row["pure_premium"] - exact) / row["se"]
ok = abs(z) <= 3 and row["kind"] == b"total"
print(("ok   " if ok else "FAIL ") + f"{v}: pure premium {row['pure_premium']:.6g} (se {row['se']:.4g}) vs Panjer mean {exact:.6g}: z = {z:.2f} (|z| <= 3)")
sys.exit(0 if ok else 1)
PY
done
exit $fail
