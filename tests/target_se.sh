#!/bin/bash
# Precision on demand: --target-se runs to checkpoints until the relative
# se of the chosen figure is at most the target (or --max-replicates), says
# which, and its file is identical (h5diff) to a fixed-size run of the same
# final length.  The stored figures must satisfy the target they claim.
ML=$1; SRC=$2; H5DIFF=$3; PY=$4
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
V1=$SRC/scenarios/validation/v1_poisson_lognormal.yaml
V3=$SRC/scenarios/validation/v3_poisson_gamma_agglimit.yaml
pass=0; fail=0
ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; shift; for f in "$@"; do echo "--- $f"; cat "$f"; done; fail=$((fail+1)); }

# case: spec, target, max, expected outcome, stat column (for the check)
run_case() {
  local tag=$1 spec=$2 rel=$3 max=$4 want=$5 col=$6 m=${2%%:*}
  "$ML" run "$V1" "$V3" -o "$T/$tag.h5" --seed 3 --target-se "$rel" --measure "$spec" \
    --max-replicates "$max" >"$T/$tag.out" 2>"$T/$tag.err" || { bad "$tag: run failed" "$T/$tag.err"; return; }
  local line n
  line=$(grep -E "^(target reached|max-replicates reached)" "$T/$tag.out")
  n=$(echo "$line" | sed -n 's/.* at \([0-9]*\) replicates .*/\1/p')
  echo "$tag: $line"
  case "$line" in "$want"*) ok "$tag: says '$want' at $n replicates";;
                  *) bad "$tag: expected '$want'" "$T/$tag.out"; return;; esac
  "$ML" run "$V1" "$V3" -o "$T/$tag-fixed.h5" --seed 3 --replicates "$n" --quiet
  if "$H5DIFF" "$T/$tag.h5" "$T/$tag-fixed.h5" /scenarios /scenarios >"$T/d" 2>&1; then
    ok "$tag: identical to a fixed run of $n replicates"
  else
    bad "$tag: differs from a fixed run of $n replicates" "$T/d"
  fi
  "$PY" - "$T/$tag.h5" "$n" "$m" "$col" "$rel" "$want" <<'PYEOF' >"$T/py" 2>&1 && ok "$tag: file agrees" || bad "$tag: file" "$T/py"
import sys, h5py
path, n, m, col, rel, want = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5]), sys.argv[6]
with h5py.File(path) as f:
    assert int(f.attrs["replicates"]) == n, "replicates attribute"
    rule = f.attrs["stopping_rule"]
    rule = rule.decode() if isinstance(rule, bytes) else rule
    assert rule.startswith(want), rule
    worst = 0.0
    for g in f["scenarios"].values():
        assert g["annual"][m].shape == (n,)
        row = [r for r in g["summary"][()] if r["measure"].decode() == m][0]
        se = row["se"] if col == "mean" else row[col + "_se"]
        worst = max(worst, abs(se / row[col]))
    print("worst relative se in the file:", worst)
    assert (worst <= rel) == want.startswith("target reached"), (worst, rel)
PYEOF
}
run_case mean insured 0.01 100000 "target reached" mean
run_case var995 insured:var995 0.02 200000 "target reached" var995
run_case capped damages:tvar99 0.001 3000 "max-replicates reached" tvar99

"$ML" run "$V1" -o "$T/x.h5" --target-se 0.01 --replicates 10 >"$T/o" 2>&1
[ $? = 2 ] && grep -q -- "--max-replicates instead" "$T/o" && ok "--replicates refused with --target-se" || bad "usage" "$T/o"
"$ML" run "$V1" -o "$T/x.h5" --target-se 0.01 --measure nosuch >"$T/o" 2>&1
[ $? = 2 ] && grep -q "unknown measure 'nosuch'" "$T/o" && ok "unknown measure refused" || bad "usage" "$T/o"
"$ML" run "$V1" -o "$T/x.h5" --target-se 1.5 >"$T/o" 2>&1
[ $? = 2 ] && ok "target outside (0, 1) refused" || bad "usage" "$T/o"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
