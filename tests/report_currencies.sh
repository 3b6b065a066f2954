#!/bin/bash
# `medliab report` over five currencies in many orders (issue 11): every
# amount of the terminal table, the CSV and the Markdown table must be the
# file's figure (tests/report_check.py reads it with h5py) times the factor
# of its currency, whatever the number and order of currencies: without
# --rates each scenario in its own currency (named in its column heading),
# with --rates in the reporting currency.  The main job's file (six regimes,
# CNY CNY JPY TWD GBP USD) once printed 0 for every amount after the first
# change of currency; a second US run at another seed ("us" twice, from two
# files) puts a repeated currency after others.
ML=$1; SRC=$2; PY=$3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; shift; for f in "$@"; do echo "--- $f"; tail -n 40 "$f"; done; fail=$((fail+1)); }
S=$SRC/scenarios
RATES=$S/rates.yaml
# 300 replicates: the check is exact arithmetic on whatever the file holds,
# so a small run tests as much as a large one.
for s in us uk japan taiwan china; do
  "$ML" run "$S/$s.yaml" -o "$T/$s.h5" --replicates 300 --seed 5 --quiet || { echo "FAIL run $s"; exit 1; }
done
mkdir "$T/again"
"$ML" run "$S/us.yaml" -o "$T/again/us2.h5" --replicates 300 --seed 6 --quiet &&
"$ML" run "$S"/{us,uk,japan,taiwan,china,china_reform}.yaml -o "$T/main.h5" --replicates 300 \
  --quiet &&
"$ML" run "$S"/{china,china_reform}.yaml -o "$T/cny.h5" --replicates 300 --quiet ||
  { echo "FAIL runs"; exit 1; }

# report NAME [report options] -- FILE:SCENARIO... : runs the report with
# CSV and Markdown, then checks all three tables against the files.
n=0
report() {
  local name=$1; shift
  local opts=() specs=() files=() seen=
  while [ "$1" != -- ]; do opts+=("$1"); shift; done; shift
  for s in "$@"; do
    specs+=("$s")
    case " $seen " in *" ${s%:*} "*) ;; *) files+=("${s%:*}"); seen="$seen ${s%:*}";; esac
  done
  n=$((n+1))
  "$ML" report "${files[@]}" "${opts[@]}" --csv "$T/$n.csv" --markdown "$T/$n.md" \
    >"$T/$n.out" 2>&1 || { bad "$name: report failed" "$T/$n.out"; return; }
  "$PY" "$SRC/tests/report_check.py" --csv "$T/$n.csv" --md "$T/$n.md" --out "$T/$n.out" \
    "${opts[@]}" "${specs[@]}" >"$T/$n.py" 2>&1 && ok "$name" || bad "$name" "$T/$n.py" "$T/$n.out"
}

M=$T/main.h5
main=("$M:china" "$M:china_reform" "$M:japan" "$M:taiwan" "$M:uk" "$M:us")
report "main job, own currencies" -- "${main[@]}"
report "main job, in USD (rates.yaml's base)" --rates "$RATES" -- "${main[@]}"
report "main job, in GBP" --rates "$RATES" --currency GBP -- "${main[@]}"

us=$T/us.h5:us; us2=$T/again/us2.h5:us; uk=$T/uk.h5:uk; jp=$T/japan.h5:japan
tw=$T/taiwan.h5:taiwan; cn=$T/china.h5:china
orders=("$us $cn $uk $jp $tw $us2"
        "$tw $jp $uk $cn $us $us2"
        "$us $us2 $cn $tw $jp $uk"
        "$cn $us $jp $us2 $tw $uk"
        "$uk $jp $us $tw $cn")
cur=(JPY CNY TWD USD GBP)
for i in "${!orders[@]}"; do
  read -r -a o <<<"${orders[$i]}"
  report "order $i, own currencies" -- "${o[@]}"
  report "order $i, in ${cur[$i]}" --rates "$RATES" --currency "${cur[$i]}" -- "${o[@]}"
done

# One currency throughout: the amounts are labelled with it, with or
# without --currency, and need no rates.
C=$T/cny.h5
report "two CNY scenarios" -- "$C:china" "$C:china_reform"
report "two CNY scenarios, --currency CNY" --currency CNY -- "$C:china" "$C:china_reform"
report "two USD runs" -- "$us" "$us2"

# Own currencies are labelled as such on the terminal too.
"$ML" report "$T/us.h5" "$T/china.h5" >"$T/out" 2>&1
grep -q "amounts are in each scenario's own currency (named in its column heading)" "$T/out" && grep -q "  china (CNY)" "$T/out" &&
  grep -q "^insured mean (own currency) " "$T/out" && ok "own currencies labelled" ||
  bad "own currency labels" "$T/out"
# --currency without --rates cannot convert: refused, naming a scenario.
"$ML" report "$T/us.h5" "$T/china.h5" --currency USD >"$T/out" 2>&1
[ $? = 5 ] && grep -q "china is in CNY, not USD: pass --rates" "$T/out" &&
  ok "--currency without --rates refused" || bad "--currency without --rates" "$T/out"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
