#!/bin/bash
# End-to-end checks of the command line: help, version, exit codes, refusal
# to overwrite, unwritable output folder, exact method output.
ML=$1; SRC=$2
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
pass=0; fail=0
check() { # name, expected exit code, actual exit code, [grep pattern, file]
  if [ "$2" != "$3" ]; then echo "FAIL $1: exit $3, expected $2"; fail=$((fail+1)); return; fi
  if [ -n "$4" ] && ! grep -q -- "$4" "$5"; then echo "FAIL $1: no '$4' in output:"; cat "$5"; fail=$((fail+1)); return; fi
  echo "ok $1"; pass=$((pass+1))
}
V1=$SRC/scenarios/validation/v1_poisson_lognormal.yaml
"$ML" --help >"$T/o" 2>&1; check help 0 $? "Exit codes" "$T/o"
"$ML" --help >"$T/o" 2>&1; check help_run 0 $? "medliab run SCENARIO.yaml" "$T/o"
"$ML" --version >"$T/o" 2>&1; check version 0 $? "medliab 0" "$T/o"
"$ML" >"$T/o" 2>&1; check no_args 2 $? "Usage" "$T/o"
"$ML" frobnicate >"$T/o" 2>&1; check unknown_command 2 $? "unknown command 'frobnicate'; the commands are run, merge, exact, report, verify, bench, sources, sensitivity" "$T/o"
[ "$(wc -l <"$T/o")" = 1 ] || { echo "FAIL unknown_command: more than one line"; fail=$((fail+1)); }
"$ML" run "$V1" >"$T/o" 2>&1; check run_without_output 2 $? "-o OUT.h5" "$T/o"
"$ML" run "$V1" -o "$T/a.h5" --replicates 0 >"$T/o" 2>&1; check zero_replicates 2 $? "--replicates" "$T/o"
"$ML" run "$V1" -o "$T/a.h5" --bogus >"$T/o" 2>&1; check unknown_option 2 $? "unknown option" "$T/o"
"$ML" run "$SRC/nonexistent.yaml" -o "$T/a.h5" >"$T/o" 2>&1; check missing_scenario 3 $? "cannot open" "$T/o"
"$ML" run "$V1" -o "$T/a.h5" --replicates 200 --quiet >"$T/o" 2>&1; check run_ok 0 $?
[ -s "$T/o" ] && { echo "FAIL quiet: printed"; fail=$((fail+1)); }
"$ML" run "$V1" -o "$T/a.h5" --replicates 200 >"$T/o" 2>&1; check no_overwrite 4 $? "pass --force" "$T/o"
"$ML" run "$V1" -o "$T/a.h5" --replicates 200 --force >"$T/o" 2>&1; check force 0 $? "wrote" "$T/o"
"$ML" run "$V1" "$V1" -o "$T/b.h5" --replicates 20 >"$T/o" 2>&1; check duplicate_name 3 $? "must be unique" "$T/o"
[ -e "$T/b.h5" ] && { echo "FAIL duplicate_name left output"; fail=$((fail+1)); }
"$ML" run "$V1" -o "$T/no/such/dir/a.h5" --replicates 20 >"$T/o" 2>&1; check unwritable 4 $? "a.h5: cannot create the output file: folder .*/no/such/dir: No such file or directory" "$T/o"
"$ML" run "$V1" -o "$T/no/such/dir/s.h5" --shard 0/2 --replicates 20 >"$T/o" 2>&1; check unwritable_shard 4 $? "s.h5: cannot create the shard: folder .*/no/such/dir: No such file or directory" "$T/o"
# bench: on a textbook scenario the baseline draws the engine's variates
# (its sum is the engine's damages); a life-cycle regime's baselines draw a
# severity per incident, and say so, in incidents/s, not claims/s.
"$ML" bench "$V1" --replicates 200 --threads 1 >"$T/o" 2>&1; check bench_textbook 0 $? "same variates alone .* claims/s/core  (sum equals the engine's damages" "$T/o"
"$ML" bench "$SRC/scenarios/guide/small_china.yaml" --replicates 50 --threads 1 >"$T/o" 2>&1; check bench_lifecycle 0 $? "incident draws .* incidents/s/core  (life-cycle regime" "$T/o"
grep -q "same variates\|sequential stream .*claims/s" "$T/o" && { echo "FAIL bench_lifecycle: incidents labelled as claims"; fail=$((fail+1)); }
"$ML" exact "$V1" --cdf "$T/cdf.csv" >"$T/o" 2>&1; check exact 0 $? "mean .*(exact)" "$T/o"
grep -q "q0.99 .* (bounds [0-9.e+]* \.\. [0-9.e+]*)" "$T/o" && echo "ok exact_quantile_bounds" && pass=$((pass+1)) || { echo "FAIL exact_quantile_bounds"; fail=$((fail+1)); }
head -1 "$T/cdf.csv" | grep -q "x,cdf,cdf_lower_bound,cdf_upper_bound" && echo "ok exact_cdf" && pass=$((pass+1)) || { echo "FAIL exact_cdf"; fail=$((fail+1)); }
# medliab sources: help, usage, I/O and parse errors, an unclassified number
# (exit 7, named file:line: field), a validate row cited, a clean file.
CAL=$SRC/results/reference/calibration.csv
"$ML" sources --help >"$T/o" 2>&1; check sources_help 0 $? "assumption: REASON" "$T/o"
"$ML" --help >"$T/o" 2>&1; check help_sources 0 $? "medliab sources" "$T/o"
"$ML" sources --bogus >"$T/o" 2>&1; check sources_usage 2 $? "unknown option" "$T/o"
"$ML" sources "$T/none.yaml" >"$T/o" 2>&1; check sources_missing 4 $? "no such file" "$T/o"
printf 'a: [1, 2\n' >"$T/bad.yaml"
"$ML" sources "$T/bad.yaml" --calibration "$CAL" >"$T/o" 2>&1; check sources_not_yaml 3 $? "bad.yaml:.*not valid YAML" "$T/o"
printf 'a: 1   # fraction; source: X 2020\nb: {c: 2, d: 3}\n' >"$T/u.yaml"
"$ML" sources "$T/u.yaml" --calibration "$CAL" --list-unclassified >"$T/o" 2>&1; check sources_unclassified 7 $? "u.yaml:2: b.d = 3: no tag" "$T/o"
grep -q "2 numbers unclassified" "$T/o" && echo "ok sources_count" && pass=$((pass+1)) || { echo "FAIL sources_count"; cat "$T/o"; fail=$((fail+1)); }
printf 'a: 1   # fitted: us_mean_payment\nb: 2   # assumption: round\n' >"$T/ok.yaml"
"$ML" sources "$T/ok.yaml" --calibration "$CAL" --markdown >"$T/o" 2>&1; check sources_clean 0 $? "| \`$T/ok.yaml\` | 0 | 1 | 1 | 0 | 0 |" "$T/o"
printf 'id,use\nrow_v,validate\n' >"$T/cal.csv"
printf 'a: 1   # fitted: row_v\n' >"$T/v.yaml"
"$ML" sources "$T/v.yaml" --calibration "$T/cal.csv" --list-unclassified >"$T/o" 2>&1; check sources_validate_row 7 $? "use = validate" "$T/o"
"$ML" sources "$T/v.yaml" --calibration "$T/nocal.csv" >"$T/o" 2>&1; check sources_no_calibration 4 $? "calibration table" "$T/o"
# Every subcommand: --help and -h print its usage and an example on stdout,
# nothing on stderr, exit 0; an unknown option exits 2 naming its --help.
for c in run merge report exact verify bench sources sensitivity; do
  for h in --help -h; do
    "$ML" $c $h >"$T/o" 2>"$T/e"; rc=$?
    if [ $rc = 0 ] && grep -q "^usage: medliab $c" "$T/o" && grep -q "^example: medliab $c" "$T/o" && [ ! -s "$T/e" ]; then
      echo "ok ${c}_help$h"; pass=$((pass+1))
    else echo "FAIL ${c}_help$h: exit $rc, stdout/stderr:"; cat "$T/o" "$T/e"; fail=$((fail+1)); fi
  done
  "$ML" $c --no-such-option >"$T/o" 2>&1; check ${c}_unknown_option 2 $? "see medliab $c --help" "$T/o"
done
"$ML" verify --only >"$T/o" 2>&1; check verify_only_needs_value 2 $? "needs a value" "$T/o"
# The global help's regimes and levers are a table in main.c: it must name
# exactly the files shipped in scenarios/regimes/ and scenarios/regimes/levers/.
"$ML" --help >"$T/o" 2>&1
listed() { awk -v h="$1" 'index($0,h)==1{on=1;next} /^[^ ]/{on=0} on&&/^  /{print $1}' "$T/o" | sort; }
files() { for f in "$1"/*.yaml; do basename "$f" .yaml; done | sort; }
[ "$(listed 'Regimes shipped')" = "$(files "$SRC/scenarios/regimes")" ] && [ -n "$(listed 'Regimes shipped')" ] && { echo "ok help_regimes"; pass=$((pass+1)); } || { echo "FAIL help_regimes: help lists '$(listed 'Regimes shipped' | tr '\n' ' ')', files are '$(files "$SRC/scenarios/regimes" | tr '\n' ' ')'"; fail=$((fail+1)); }
[ "$(listed 'Levers (')" = "$(files "$SRC/scenarios/regimes/levers")" ] && [ -n "$(listed 'Levers (')" ] && { echo "ok help_levers"; pass=$((pass+1)); } || { echo "FAIL help_levers: help lists '$(listed 'Levers (' | tr '\n' ' ')', files are '$(files "$SRC/scenarios/regimes/levers" | tr '\n' ' ')'"; fail=$((fail+1)); }
grep -q "pricing: block" "$T/o" && { echo "ok help_pricing"; pass=$((pass+1)); } || { echo "FAIL help_pricing"; fail=$((fail+1)); }
ls "$T" | grep -q '\.tmp\.' && { echo "FAIL temporary files left: $(ls $T)"; fail=$((fail+1)); }
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
