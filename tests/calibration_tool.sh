#!/bin/bash
# tools/calibration.py's rules, on a small run: a fit miss fails (exit 1), a
# validate miss is reported and does not (exit 0), a missing metric fails,
# a malformed row is named by file:line (exit 2), an mc_se tolerance is k
# times the batch-means SE (recomputed here from the batch files), and
# --markdown lists the validate rows only.
set -uo pipefail
MEDLIAB=$1; SRC=$2; PY=$3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
TOOL=$SRC/tools/calibration.py
fail=0
bad() { echo "FAIL: $*"; fail=1; }
"$MEDLIAB" run --quiet "$SRC/scenarios/uk.yaml" --replicates 40 --seed 5 -o "$T/r.h5" >/dev/null || exit 1
for b in 1 2 3 4; do
  "$MEDLIAB" run --quiet "$SRC/scenarios/uk.yaml" --replicates 10 --seed $((50 + b)) \
    -o "$T/b$b.h5" >/dev/null || exit 1
done
BATCHES=$T/b1.h5,$T/b2.h5,$T/b3.h5,$T/b4.h5
HDR="id,use,regime,metric,target,tolerance,tolerance_kind,source"
csv() { { echo "# test"; echo "$HDR"; printf '%s\n' "$@"; } > "$T/c.csv"; }
run() { "$PY" "$TOOL" "$T/r.h5" "$T/c.csv" --batches "$BATCHES" "$@" > "$T/out" 2>&1; echo $?; }

csv "a,fit,uk,paid_share,0.5,0.5,judgment,wide" \
    "b,fit,uk,mean_payment/[uk]mean_payment,1,1e-12,judgment,same scenario named"
[ "$(run)" = 0 ] || { bad "passing fit rows"; cat "$T/out"; }

csv "a,fit,uk,paid_share,5,0.1,judgment,impossible"
[ "$(run)" = 1 ] && grep -q "MISS *a " "$T/out" || { bad "a fit miss must fail"; cat "$T/out"; }

csv "a,fit,uk,paid_share,0.5,0.5,judgment,wide" "v,validate,uk,paid_share,5,0.1,range,impossible"
[ "$(run)" = 0 ] && grep -q "MISS *v " "$T/out" && grep -q "1 miss" "$T/out" ||
  { bad "a validate miss is reported, not a failure"; cat "$T/out"; }

csv "v,validate,uk,no_such_metric,1,1,judgment,missing"
[ "$(run)" = 1 ] && grep -q "MISSING" "$T/out" || { bad "a missing metric must fail"; cat "$T/out"; }

csv "a,fit,uk,paid_share,0.5,0.5,guess,unknown kind"
[ "$(run)" = 2 ] && grep -q "c.csv:3: tolerance_kind" "$T/out" ||
  { bad "unknown tolerance_kind must name file:line"; cat "$T/out"; }

csv "a,maybe,uk,paid_share,0.5,0.5,judgment,unknown use"
[ "$(run)" = 2 ] && grep -q "c.csv:3: use" "$T/out" || { bad "unknown use"; cat "$T/out"; }

# mc_se: without batches the row cannot be checked; with them the printed
# SE is sd(batch figures)/sqrt(4), computed here independently.
csv "m,fit,uk,paid_share,0.5,1000,mc_se,k = 1000"
"$PY" "$TOOL" "$T/r.h5" "$T/c.csv" > "$T/out" 2>&1
[ $? = 1 ] && grep -q "NO_SE" "$T/out" || { bad "mc_se without batches must fail"; cat "$T/out"; }
[ "$(run)" = 0 ] || { bad "mc_se row with batches"; cat "$T/out"; }
"$PY" - "$T/out" "$T"/b{1,2,3,4}.h5 <<'PY' || fail=1
import math, re, sys, h5py
vals = []
for p in sys.argv[2:]:
    with h5py.File(p, "r") as f:
        vals += [float(r["value"]) for r in f["scenarios/uk/policy"][()]
                 if r["metric"].decode() == "paid_share"]
m = sum(vals) / 4
se = math.sqrt(sum((v - m) ** 2 for v in vals) / 3 / 4)
line = next(l for l in open(sys.argv[1]) if re.match(r"\s*ok\s+m ", l))
printed_se, ratio = float(line.split()[-2]), float(line.split()[-1])
tol = float(re.search(r"= (\S+)", line).group(1))
ok = (abs(printed_se - se) <= 1e-5 * se and abs(tol - 1000 * se) <= 1e-5 * tol
      and abs(ratio - 1000) < 0.05)
print(("ok   " if ok else "FAIL ") + f"mc_se: SE {printed_se} vs {se}, tolerance {tol}, ratio {ratio}")
sys.exit(0 if ok else 1)
PY

csv "a,fit,uk,paid_share,0.5,0.5,judgment,fit row" "v,validate,uk,paid_share,5,0.1,range,val row"
"$PY" "$TOOL" "$T/r.h5" "$T/c.csv" --batches "$BATCHES" --markdown > "$T/out" 2>&1
grep -q "^| v | uk | val row | 5 ± 0.1 (range) |.*| \*\*miss\*\* |$" "$T/out" && ! grep -q "^| a " "$T/out" ||
  { bad "--markdown lists validate rows only"; cat "$T/out"; }
[ $fail = 0 ] && echo "calibration tool: all checks passed"
exit $fail
