#!/bin/bash
# The README's portfolio guide (issue 17) cannot rot: each block after a
# `<!-- guide: FILE -->` marker is FILE, byte for byte; the guide's run
# files run (the second names the lever `compulsory` by its name); their
# numbers are all classified (medliab sources); every pricing figure
# recomputes from the file (tests/pricing_check.py: the insured divisors
# from the stored participation, a specialty's from its own exposure); the
# lever leaves the incidents as they were and insures every hospital; and
# the report names the basis of its rates.
ML=$1; SRC=$2; PY=$3; H5DIFF=$4
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; shift; for f in "$@"; do echo "--- $f"; cat "$f"; done; fail=$((fail+1)); }

files=$(sed -n 's/^<!-- guide: \(.*\) -->$/\1/p' "$SRC/README.md")
[ "$(echo "$files" | grep -c .)" -ge 2 ] && ok "README has the guide's blocks" ||
  bad "README has no guide blocks"
for f in $files; do
  awk -v m="<!-- guide: $f -->" '$0==m{f=1;next} f&&/^```/{if(s)exit; s=1; next} f&&s' \
    "$SRC/README.md" >"$T/block"
  if cmp -s "$T/block" "$SRC/$f"; then ok "README block is $f"; else
    diff "$T/block" "$SRC/$f" >"$T/diff"; bad "README block differs from $f" "$T/diff"; fi
done

G=$SRC/scenarios/guide
"$ML" sources "$SRC/scenarios/portfolios/guide_small.yaml" "$G" --list-unclassified >"$T/src" 2>&1 &&
  ok "every number of the guide's files is classified" || bad "unclassified numbers" "$T/src"
"$ML" run "$G/small_china.yaml" "$G/small_china_compulsory.yaml" -o "$T/g.h5" --replicates 400 \
  >"$T/run" 2>&1 && ok "the guide's run files run" || { bad "the guide's run" "$T/run"; exit 1; }
grep -q "per ins. bed" "$T/run" && grep -q "insured (expected): .* of hospitals, .* of beds" "$T/run" &&
  ok "run prints the rates per insured unit and the insured share" || bad "run's pricing table" "$T/run"
"$PY" "$SRC/tests/pricing_check.py" "$T/g.h5" >"$T/pc" 2>&1 &&
  ok "pricing figures recompute from the file (pricing_check.py)" || bad "pricing_check" "$T/pc"
for d in incidents negligent claims; do
  "$H5DIFF" "$T/g.h5" "$T/g.h5" /scenarios/guide_small_china/annual/$d \
    /scenarios/guide_small_china_compulsory/annual/$d >"$T/d" 2>&1 &&
    ok "the lever leaves $d as they were (common random numbers)" || bad "$d differ" "$T/d"
done
"$PY" - "$T/g.h5" >"$T/ins" 2>&1 <<'PY' && ok "participation below 1 without the lever, every hospital insured with it" || bad "insured divisors" "$T/ins"
import sys, h5py
f = h5py.File(sys.argv[1], "r")["scenarios"]
base = f["guide_small_china/pricing/premium_by_group"][0]
comp = f["guide_small_china_compulsory/pricing/premium_by_group"][0]
assert 0 < base["insured_beds"] < base["beds"], (base["insured_beds"], base["beds"])
assert base["per_insured_bed"] > base["per_bed"] > 0
assert comp["insured_beds"] == comp["beds"] and comp["insured_hospitals"] == comp["hospitals"]
assert comp["per_insured_bed"] == comp["per_bed"]
levers = f["guide_small_china_compulsory"].attrs["levers"]
assert (levers.decode() if isinstance(levers, bytes) else levers) == "compulsory", levers
PY
"$ML" report "$T/g.h5" --csv "$T/r.csv" >"$T/rep" 2>&1 &&
  grep -q "^pricing: pure premium per insured bed (CNY per insured bed a year) " "$T/rep" &&
  grep -q "^pricing: insured share of beds (expected share) " "$T/rep" &&
  grep -q "^pricing: obstetrics bed (CNY per insured bed a year) " "$T/rep" &&
  ok "report names the basis: per insured bed, the insured share, a specialty's own beds" ||
  bad "report's pricing rows" "$T/rep"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
