#!/bin/bash
# The resolved scenario every output file carries (the `scenario` attribute
# of /scenarios/<name>) is a complete, loadable run file: for every shipped
# run file, the text is extracted, run again with the same seed and
# replicate count, and every per-replicate dataset (annual/, annual_max/)
# must be identical (h5diff, no tolerance).  The text of the rerun must be
# the same text again (comments aside): the dump is a fixed point.
#
#   usage: scenario_roundtrip.sh MEDLIAB SRCDIR PYTHON H5DIFF
set -uo pipefail
ML=$1; SRC=$2; PY=$3; H5DIFF=$4
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
REPS=16; SEED=424242
pass=0; fail=0

extract() { # FILE.h5 NAME OUT.yaml
    "$PY" - "$1" "$2" "$3" <<'PY'
import sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    t = f["scenarios"][sys.argv[2]].attrs["scenario"]
open(sys.argv[3], "w").write(t.decode() if isinstance(t, bytes) else str(t))
PY
}

shopt -s nullglob
files=()
for f in "$SRC"/scenarios/{,levers/,national/,validation/}*.yaml; do
    # run files name a portfolio; scenarios/rates.yaml (exchange rates) does not
    grep -q '^portfolio:' "$f" && files+=("$f")
done
# Names and text that YAML would misread if written plain: ':' '#', quotes,
# a backslash, a leading '-' or '&', words YAML reads as null or true, a
# description over several lines (a folded block ends in a line break),
# UTF-8 (also where a long name with a count is cut short), characters
# the writer must escape (beyond the BMP, line and paragraph separators,
# NEL, the BOM, DEL), and a number-like name.
cat >"$T/odd_names.yaml" <<'YAML'
name: odd_names
description: >
  Costs: "high" # not a comment,
  a back\slash and a tab	here
portfolio:
  name: "- &odd: [x] #1"
  exposure_unit: 'beds: 1,000 #'
  specialties:
    - {name: "null", incident_rate: 3}
    - {name: "true", incident_rate: 2}
    - {name: "1e3", incident_rate: 1}
  hospitals:
    - name: "St. Mary's: \"East\" # 2"
      exposure: {"null": 1, "true": 2, "1e3": 3}
      grade: "~"
      count: 2
    - name: "Hôpital général ü"
      exposure: {"null": 2}
    - name: "Centre hospitalier universitaire des Lièège"
      count: 2
      exposure: {"true": 1}
    - name: "beyond the BMP \U0001F600, LS \u2028, NEL \x85, BOM \uFEFF, DEL \x7F"
      exposure: {"1e3": 1}
regime:
  name: "*alias ? {x}"
  currency: USD
  severity: {model: lognormal, meanlog: 9, sdlog: 1}
YAML
files+=("$T/odd_names.yaml")
# Damages by specialty with spliced tails (stated, continuous and
# lognormal-mass weights): the dump writes resolved weights.
cp "$SRC/tests/fuzz/corpus/lifecycle_uk_tails.yaml" "$T/" && files+=("$T/lifecycle_uk_tails.yaml")
[ ${#files[@]} -ge 22 ] || { echo "FAIL: only ${#files[@]} run files found"; exit 1; }

for f in "${files[@]}"; do
    b=${f#"$SRC"/scenarios/}; b=${b#"$T"/}; b=${b%.yaml}
    w="$T/${b//\//_}"; mkdir -p "$w"
    why=""
    if ! "$ML" run "$f" -o "$w/a.h5" --seed $SEED --replicates $REPS --quiet >"$w/a.log" 2>&1; then
        why="run failed: $(tail -3 "$w/a.log")"
    else
        name=$("$PY" -c 'import sys,h5py; print(list(h5py.File(sys.argv[1],"r")["scenarios"])[0])' "$w/a.h5")
        extract "$w/a.h5" "$name" "$w/dump.yaml"
        if ! "$ML" run "$w/dump.yaml" -o "$w/b.h5" --seed $SEED --replicates $REPS --quiet \
               >"$w/b.log" 2>&1; then
            why="the dumped scenario does not run: $(tail -3 "$w/b.log")"
        else
            for g in annual annual_max; do
                for d in $("$PY" -c 'import sys,h5py; print(" ".join(h5py.File(sys.argv[1],"r")["scenarios"][sys.argv[2]][sys.argv[3]]))' "$w/a.h5" "$name" $g); do
                    if ! "$H5DIFF" -q "$w/a.h5" "$w/b.h5" "/scenarios/$name/$g/$d" \
                           "/scenarios/$name/$g/$d" >/dev/null 2>&1; then
                        why="$why $g/$d differs;"
                    fi
                done
            done
            extract "$w/b.h5" "$name" "$w/dump2.yaml"
            if ! diff <(grep -v '^#' "$w/dump.yaml") <(grep -v '^#' "$w/dump2.yaml") >"$w/diff"; then
                why="$why the rerun's resolved text differs: $(head -4 "$w/diff" | tr '\n' ' ')"
            fi
        fi
    fi
    if [ -z "$why" ]; then
        echo "ok $b: annual and annual_max identical after reloading its resolved text"
        pass=$((pass+1))
    else
        echo "FAIL $b: $why"
        fail=$((fail+1))
    fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
