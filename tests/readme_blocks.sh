#!/bin/bash
# The README's generated blocks (tools/readme_update.sh, readme_blocks.py):
# a block is rewritten from a run and then checks as current; a changed
# figure inside a block fails --check with a diff naming it; every way a
# check could pass without checking (a marker without its pair, an unknown
# or missing block, an input not given, empty or unreadable, a binary
# that is missing or fails) is an error, exit 2, that says what is wrong.
# Every block has its input here (small runs; made-up test_exact and
# test_stats_ci lines in their format); each table holds what its input
# gives (every validate and fit row of calibration.csv), and a validate
# row that misses must be discussed in the README's text.
# The sentences' choice of words is tested by readme_blocks_check.py.
ML=$1; SRC=$2; PY=$3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; shift; for f in "$@"; do echo "--- $f"; tail -n 30 "$f"; done; fail=$((fail+1)); }
B=$SRC/tools/readme_blocks.py
S=$SRC/scenarios
# Any results files of the right scenarios will do: few replicates keep it
# fast (the README's own runs are ctest readme_current's).
run() { "$ML" run --quiet "$@" || { echo "FAIL run $*"; exit 1; }; }
run "$S"/{us,uk,japan,taiwan,china,china_reform}.yaml -o "$T/m.h5" --replicates 300
run "$S"/china.yaml "$S"/china_reform.yaml "$S"/levers/*.yaml -o "$T/lev.h5" --replicates 300
run "$S"/time/*.yaml -o "$T/time.h5" --replicates 30
REG=("$S"/{us,uk,japan,taiwan,china}.yaml "$S"/validation/us_no_cap.yaml)
NAT=("$S"/national/{us,uk,uk_fixed_costs,japan,taiwan,china}.yaml)
run "${REG[@]}" -o "$T/cal.h5" --replicates 400
run "${NAT[@]}" -o "$T/nat.h5" --replicates 4
for b in 1 2 3; do
  run "${REG[@]}" -o "$T/cal_$b.h5" --replicates 200 --seed $((7100 + b))
  run "${NAT[@]}" -o "$T/nat_$b.h5" --replicates 2 --seed $((7200 + b))
done
"$ML" sources --root "$SRC" --markdown >"$T/src.md" 2>/dev/null
[ -s "$T/src.md" ] || { echo "FAIL medliab sources --markdown"; exit 1; }
# tests/test_exact's lines (its printf format), made up: the block only reads them.
for v in "v1_case 0.00203 0.00507 906484.8 905038.1 1.11" "v2_case 0.00700 0.00092 523670.7 523641.0 0.03"; do
  set -- $v
  printf '[ RUN      ] test_%s\n  %-32s n=100000 KS=%s (DKW bound 0.00616 at alpha 0.001; bracket width %s) mean sim %s exact %s diff/se %s\n' \
    "$1" "$1" "$2" "$3" "$4" "$5" "$6"
done >"$T/exact.txt"
# and tests/test_stats_ci's coverage lines, made up in its format.
{ for d in exponential lognormal; do
    echo "$d(1), n = 20000, R = 1000: mean coverage 0.948 (4 SE = 0.028)"
    for p in 0.900 0.990; do
      echo "  P = $p: VaR coverage 0.944 (exact 0.9523, 4 SE 0.027); TVaR coverage 0.917 over 200 tail points (x)"
    done
  done
  echo "Poisson(3), n = 2000: P = 0.900 VaR coverage 0.998 (>= 0.95 - 0.028)"; } >"$T/cov.txt"
IN=(--main "$T/m.h5" --levers "$T/lev.h5" --calibration "$T/cal.h5"
    --calibration-batches "$T/cal_1.h5,$T/cal_2.h5,$T/cal_3.h5" --national "$T/nat.h5"
    --national-batches "$T/nat_1.h5,$T/nat_2.h5,$T/nat_3.h5" --sources "$T/src.md"
    --exact "$T/exact.txt" --coverage "$T/cov.txt" --time "$T/time.h5"
    --bench "$SRC/bench/bench_v1.md,$SRC/bench/compare.md" --memory "$SRC/bench/memory.md")
cp "$SRC/README.md" "$T/R.md"

ALL="main-table, main-headline, sources-table, time-table, reserving-table, coverage-table, report-figures, exact-table, validation-table, calibration-table, bench-results, channel-shares, lever-table, reform-table, national-table, memory-record"
"$PY" "$B" --readme "$T/R.md" "${IN[@]}" >"$T/out" 2>&1 &&
  grep -qF "rewrote $T/R.md ($ALL)" "$T/out" && ok "blocks rewritten" ||
  bad "rewrite" "$T/out"
grep -q "^\*300 replicates, seed 20261123; amounts in each regime's currency\.\*$" "$T/R.md" &&
  ok "the table says the run's replicates and seed" || bad "caption" "$T/R.md"
grep -q "^\*The six regimes of the main job (300 replicates, seed 20261123):" "$T/R.md" &&
  tr '\n' ' ' <"$T/R.md" | grep -q "drawn up to T = 30 years" &&
  grep -qF "(docs/report_compensation.png)" "$T/R.md" &&
  ok "the report figures' captions say the run and its cut-off" || bad "report-figures" "$T/R.md"
grep -q "^\*300 replicates, seed 20261123: each lever alone on china" "$T/R.md" &&
  grep -q "^| accident_reporting | .* | negligent_claims per year: ratio 1.17 | " "$T/R.md" &&
  ok "lever table from the lever run" || bad "lever table" "$T/R.md"
# The reform table: China today, every single-lever run of the lever run
# file (each lever file under scenarios/levers/), and all together.
want=$(ls "$S"/levers/china_*.yaml | wc -l)
got=$(sed -n '/BEGIN generated: reform-table/,/END generated: reform-table/p' "$T/R.md" | grep -c '^| `[a-z_]*` alone | ')
grep -q "^\*300 replicates, seed 20261123: the reference portfolio under China's regime today" "$T/R.md" &&
  grep -q '^| China today (`china`) | ' "$T/R.md" && grep -q '^| all [0-9]* together (`china_reform`) | ' "$T/R.md" &&
  [ "$got" = "$want" ] && ok "reform table: China today, $got levers alone, all together" ||
  { echo "levers alone: $got of $want"; bad "reform table" "$T/R.md"; }
grep -q "^\*Reference portfolio: 400 replicates, seed 20261123, MC SE from 3 batches; national portfolios (rows \`\*_national\`): 4 replicates" "$T/R.md" &&
  ok "validation and fit tables say their runs and batches" || bad "calibration caption" "$T/R.md"
# Every validate row and every fit row of calibration.csv, each once.
for use in validate fit; do
  want=$(grep -v '^#' "$SRC/results/reference/calibration.csv" | awk -F, -v u=$use 'NR > 1 && $2 == u { print $1 }' | sort)
  blk=$([ $use = validate ] && echo validation-table || echo calibration-table)
  got=$(sed -n "/BEGIN generated: $blk/,/END generated: $blk/p" "$T/R.md" |
    awk -F' [|] ' '/^[|] [a-z]/ && $1 != "| id" { sub(/^[|] /, "", $1); print $1 }' | sort)
  [ -n "$want" ] && [ "$want" = "$got" ] && ok "every $use row in $blk" ||
    { echo "want: $want"; echo "got: $got"; bad "$use rows"; }
done
grep -q "^| Japan | lawsuits | " "$T/R.md" && grep -q "^\*Means of 4 replicates at seed 20261123" "$T/R.md" &&
  ok "national table from the national run" || bad "national table" "$T/R.md"
grep -q "^| \*\*total\*\* | " "$T/R.md" && ok "sources table" || bad "sources table" "$T/R.md"
grep -q "^| v2_case | 0.00700 | 0.00616 | 0.00092 | 523,671 | 523,641 | 0.03 | \*\*no\*\* |$" "$T/R.md" &&
  ok "exact table, a KS distance beyond its bound marked" || bad "exact table" "$T/R.md"
"$PY" "$B" --check --readme "$T/R.md" "${IN[@]}" >"$T/out" 2>&1 &&
  grep -q "is current" "$T/out" && ok "rewritten README checks as current" || bad "check" "$T/out"
# The text outside the blocks is untouched.
strip() { awk '/<!-- BEGIN generated:/{s=1} !s{print} /<!-- END generated:/{s=0}' "$1"; }
cmp -s <(strip "$SRC/README.md") <(strip "$T/R.md") && ok "text outside the blocks kept" ||
  bad "outside text changed" "$T/R.md"

sed 's/^| share of claims paid | [0-9.]*%/| share of claims paid | 99.9%/' "$T/R.md" >"$T/X.md"
"$PY" "$B" --check --readme "$T/X.md" "${IN[@]}" >"$T/out" 2>"$T/err"
[ $? = 1 ] && grep -q "^-| share of claims paid | 99.9%" "$T/out" &&
  grep -q "differs from what the runs give" "$T/err" && ok "a hand-edited figure fails --check" ||
  bad "tampered figure" "$T/out" "$T/err"
cmp -s "$T/X.md" <(sed 's/^| share of claims paid | [0-9.]*%/| share of claims paid | 99.9%/' \
  "$T/R.md") && ok "--check writes nothing" || bad "--check wrote"
# A hand edit in any other block fails too: a lever's realised effect, a
# validate row's simulated figure, a national count, the sources total.
tamper() {
  local name=$1 expr=$2
  sed "$expr" "$T/R.md" >"$T/X.md"
  cmp -s "$T/X.md" "$T/R.md" && { bad "$name: the edit changed nothing"; return; }
  "$PY" "$B" --check --readme "$T/X.md" "${IN[@]}" >"$T/out" 2>"$T/err"
  [ $? = 1 ] && grep -q "differs from what the runs give" "$T/err" && ok "$name" ||
    bad "$name" "$T/out" "$T/err"
}
tamper "a hand-edited lever effect fails --check" \
  's/^\(| compulsory | .* | \)[0-9.]* ± [0-9.e-]* |/\10.5 ± 0.01 |/'
tamper "a hand-edited validate figure fails --check" \
  's/^\(| japan_appraisal_share | .* | \)[0-9.e+-]* | \([0-9.e+-]* | \*\*miss\*\* |\)$/\10.15 | \2/'
tamper "a hand-edited national figure fails --check" 's/^| Japan | lawsuits | [0-9,]* |/| Japan | lawsuits | 821 |/'
tamper "a hand-edited channel share fails --check" "s/^\(At the main job's seed (300 replicates, seed 20261123) the first channels\)$/\1 and more/"
tamper "a hand-edited sources total fails --check" 's/^| \*\*total\*\* | \*\*[0-9]*\*\*/| **total** | **1**/'

# expect2 NAME PATTERN ARGS...: readme_blocks.py exits 2 saying PATTERN.
expect2() {
  local name=$1 pat=$2; shift 2
  "$PY" "$B" --check "$@" >"$T/out" 2>&1
  [ $? = 2 ] && grep -q -- "$pat" "$T/out" && ok "$name" || bad "$name" "$T/out"
}
expect2 "input not given" "block main-table needs --main" --readme "$T/R.md"
: >"$T/empty.h5"
expect2 "empty input" "input --main .*empty.h5 is missing or empty" --readme "$T/R.md" \
  --main "$T/empty.h5"
expect2 "unreadable input" "block main-table: cannot render from .*README.md" \
  --readme "$T/R.md" --main "$SRC/README.md"
# but() ARGS...: the inputs IN with the given options replaced.
but() {
  local skip=() out=() i
  for ((i = 1; i <= $#; i += 2)); do skip+=("${!i}"); done
  for ((i = 0; i < ${#IN[@]}; i += 2)); do
    [[ " ${skip[*]} " == *" ${IN[i]} "* ]] || out+=("${IN[i]}" "${IN[i+1]}")
  done
  while [ $# -gt 0 ]; do [ -n "$2" ] && out+=("$1" "$2"); shift 2; done
  printf '%s\0' "${out[@]}"
}
mapfile -d '' A < <(but --national-batches "")
expect2 "batches not given" "block validation-table needs --national-batches" --readme "$T/R.md" "${A[@]}"
mapfile -d '' A < <(but --calibration-batches "$T/cal_1.h5")
expect2 "one batch is no SE" "input --calibration-batches needs at least two files" \
  --readme "$T/R.md" "${A[@]}"
mapfile -d '' A < <(but --calibration-batches "$T/cal_1.h5,$T/gone.h5")
expect2 "a batch missing" "input --calibration-batches .*gone.h5 is missing or empty" \
  --readme "$T/R.md" "${A[@]}"
mapfile -d '' A < <(but --sources "$SRC/README.md")
expect2 "sources: not the table" "block sources-table: .*expected a table starting '| file | sourced |'" \
  --readme "$T/R.md" "${A[@]}"
mapfile -d '' A < <(but --exact "$T/src.md")
expect2 "exact: no test_exact lines" "has no line 'NAME n=... KS=...' of tests/test_exact" \
  --readme "$T/R.md" "${A[@]}"
grep -q "^| 0.99 | 0.944 (0.952) | 0.944 | 0.917 | 0.917 | 200 |$" "$T/R.md" &&
  ok "coverage table" || bad "coverage table" "$T/R.md"
grep -v "lognormal(1)" "$T/cov.txt" >"$T/cov1.txt"
mapfile -d '' A < <(but --coverage "$T/cov1.txt")
expect2 "coverage: a distribution missing" "lacks tests/test_stats_ci's exponential and lognormal" \
  --readme "$T/R.md" "${A[@]}"
mapfile -d '' A < <(but --levers "$T/m.h5")
expect2 "levers: a file without lever runs" "block lever-table: .*m.h5 holds no single-lever run" --readme "$T/R.md" "${A[@]}"
# A validate row that misses must be discussed by its id outside the tables.
sed 's/`japan_appraisal_share`/japan appraisal share/g' "$T/R.md" >"$T/D.md"
expect2 "a miss not discussed" "japan_appraisal_share miss(es) and the README does not discuss it" \
  --readme "$T/D.md" "${IN[@]}"
sed '0,/<!-- BEGIN generated: main-table -->/s//<!-- BEGIN generated: fee-table -->\n<!-- END generated: fee-table -->\n&/' \
  "$T/R.md" >"$T/U.md"
expect2 "unknown block" "block fee-table is not rendered by tools/readme_blocks.py" \
  --readme "$T/U.md" "${IN[@]}"
grep -v "<!-- END generated: main-headline -->" "$T/R.md" >"$T/E.md"
expect2 "BEGIN inside a block" "BEGIN [a-z-]* inside block main-headline" --readme "$T/E.md" \
  "${IN[@]}"
grep -v "<!-- END generated: memory-record -->" "$T/R.md" >"$T/E.md"
expect2 "BEGIN without END" "BEGIN memory-record without its END" --readme "$T/E.md" \
  "${IN[@]}"
grep -v "generated: main-headline" "$T/R.md" >"$T/M.md"
expect2 "registered block missing" "no markers for the registered block main-headline" \
  --readme "$T/M.md" "${IN[@]}"
grep -v "generated: national-table" "$T/R.md" >"$T/M.md"
expect2 "national block missing" "no markers for the registered block national-table" \
  --readme "$T/M.md" "${IN[@]}"
sed 's/<!-- BEGIN generated: main-table -->/<!-- BEGIN generated main-table -->/' "$T/R.md" >"$T/F.md"
expect2 "malformed marker" "a malformed marker" --readme "$T/F.md" "${IN[@]}"

# The driver: a missing binary, and one whose run fails, stop it (exit 2).
bash "$SRC/tools/readme_update.sh" --check "$T/no-medliab" >"$T/out" 2>&1
[ $? = 2 ] && grep -q "is not an executable medliab" "$T/out" && ok "missing binary" ||
  bad "missing binary" "$T/out"
printf '#!/bin/sh\necho "medliab: no such thing" >&2\nexit 3\n' >"$T/broken"
chmod +x "$T/broken"
bash "$SRC/tools/readme_update.sh" --check "$T/broken" >"$T/out" 2>&1
[ $? = 2 ] && grep -q "cannot make the main job" "$T/out" && grep -q "no such thing" "$T/out" &&
  ok "a failing run stops the check, with its output" || bad "failing run" "$T/out"

"$PY" "$SRC/tests/readme_blocks_check.py" "$SRC/tools" >"$T/py" 2>&1 &&
  ok "headline words follow the numbers" || bad "headline words" "$T/py"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
