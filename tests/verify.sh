#!/bin/bash
# `medliab verify` (issue 4, point 6): reruns reproduce the committed
# reference summaries, and a reference that was changed is caught.
#
#   usage: verify.sh MEDLIAB SOURCE_DIR SECTION
#
# SECTION   what it checks
# reduced   a reduced set reproduces results/reference/scenarios: uk (a
#           life-cycle regime), china_reform (the reform levers) and
#           v1_poisson_lognormal (a validation scenario); exit 0, "match"
# tampered  a copy of uk.csv with summary.insured.mean raised by one part in
#           a million, policy.paid_share moved by one part in 1e12 (inside
#           the 1e-9 tolerance) and a figure the run does not have: exit 6,
#           both bad figures named with expected and got, the one inside
#           the tolerance not named; a malformed value is refused with
#           file:line: value and exit 3 before any run; an unknown --only
#           name is exit 2; and `verify --update` writes a uk.csv whose
#           rows equal the committed ones exactly (bit for bit, not just
#           within the tolerance)
# rerun_error  an I/O error in one scenario's rerun (--results-dir with a
#           folder where v1_poisson_lognormal.h5 should go, so its rename
#           fails, as root too): v1's line says error and why, the next
#           scenario still runs and matches, its file is kept, no
#           temporary file is left, and verify exits 4 after both; with the
#           other scenario's reference tampered too, the error's 4 still
#           outranks the mismatch's 6 (verify --help)
ML=$1 SRC=$2 SECTION=$3
if [ $# -ne 3 ] || [ ! -x "$ML" ]; then
    echo "usage: $0 MEDLIAB SOURCE_DIR reduced|tampered|rerun_error" >&2
    exit 2
fi
REF=$SRC/results/reference/scenarios
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1: $2"; [ -f "${3:-}" ] && sed 's/^/    | /' "$3"; fail=$((fail+1)); }
has() { grep -qE -e "$2" "$1"; }

case $SECTION in
reduced)
    "$ML" verify --root "$SRC" --only uk china_reform v1_poisson_lognormal >"$T/out" 2>&1
    rc=$?
    cat "$T/out"
    if [ $rc -ne 0 ]; then bad reduced "exit code $rc, expected 0" "$T/out"
    elif [ "$(grep -cE '^  [a-z0-9_]+ +match ' "$T/out")" -ne 3 ]; then
        bad reduced "expected three 'match' lines" "$T/out"
    elif ! has "$T/out" '^verify: OK: all [0-9]+ figures of 3 scenarios match'; then
        bad reduced "no OK summary line" "$T/out"
    else ok reduced; fi
    ;;
tampered)
    mkdir "$T/ref" "$T/bad" "$T/new"
    # Change the text of the values with awk, at 17 digits like the writer.
    awk -F, 'BEGIN { OFS = "," }
        $2 == "summary.insured.mean" { $3 = sprintf("%.17g", $3 * (1 + 1e-6)) }
        $2 == "policy.paid_share"    { $3 = sprintf("%.17g", $3 * (1 + 1e-12)) }
        { print } END { print "uk,summary.insured.bogus,1" }' "$REF/uk.csv" >"$T/ref/uk.csv"
    want=$(awk -F, '$2 == "summary.insured.mean" { print $3 }' "$T/ref/uk.csv")
    orig=$(awk -F, '$2 == "summary.insured.mean" { print $3 }' "$REF/uk.csv")
    if cmp -s "$REF/uk.csv" "$T/ref/uk.csv" || [ "$want" = "$orig" ]; then
        bad tamper "the copy was not changed"
    fi
    "$ML" verify --root "$SRC" --reference "$T/ref" --only uk >"$T/out" 2>&1
    rc=$?
    cat "$T/out"
    if [ $rc -ne 6 ]; then bad tampered "exit code $rc, expected 6" "$T/out"
    elif ! has "$T/out" "^ +summary\.insured\.mean +$want +$orig +1e-06$"; then
        bad tampered "the changed figure is not listed with expected $want, got $orig" "$T/out"
    elif ! has "$T/out" '^ +summary\.insured\.bogus +1 +\(not in the run\)'; then
        bad tampered "the figure missing from the run is not listed" "$T/out"
    elif has "$T/out" 'policy\.paid_share'; then
        bad tampered "a difference of 1e-12 (inside the tolerance) was reported" "$T/out"
    elif ! has "$T/out" '^  uk +MISMATCH '; then
        bad tampered "no MISMATCH line for uk" "$T/out"
    elif ! has "$T/out" '^verify: MISMATCH: 1 of 1 scenarios differ, 2 of [0-9]+ figures'; then
        bad tampered "no MISMATCH summary line counting 2 figures" "$T/out"
    else ok tampered; fi

    # A malformed reference stops verify before it runs anything.
    sed 's/^\(uk,policy\.paid_share,\).*/\1abc/' "$REF/uk.csv" >"$T/bad/uk.csv"
    line=$(grep -n '^uk,policy\.paid_share,' "$T/bad/uk.csv" | cut -d: -f1)
    "$ML" verify --root "$SRC" --reference "$T/bad" >"$T/out" 2>&1
    rc=$?
    if [ $rc -ne 3 ]; then bad malformed "exit code $rc, expected 3" "$T/out"
    elif ! has "$T/out" "bad/uk\.csv:$line: value: 'abc' is not a number"; then
        bad malformed "no file:line: value message" "$T/out"
    elif has "$T/out" 'figures match'; then bad malformed "it ran a scenario" "$T/out"
    else ok malformed; fi

    "$ML" verify --root "$SRC" --only no_such_scenario >"$T/out" 2>&1
    rc=$?
    if [ $rc -ne 2 ] || ! has "$T/out" 'no_such_scenario'; then
        bad unknown_only "exit code $rc (expected 2) or the name is not in the message" "$T/out"
    else ok unknown_only; fi

    # Regeneration is one command, and it reproduces the committed rows.
    "$ML" verify --update --root "$SRC" --reference "$T/new" --only uk >"$T/out" 2>&1
    rc=$?
    if [ $rc -ne 0 ] || [ "$(ls "$T/new")" != uk.csv ]; then
        bad update "exit code $rc or not exactly uk.csv written: $(ls "$T/new")" "$T/out"
    elif ! diff <(grep -v '^#' "$REF/uk.csv") <(grep -v '^#' "$T/new/uk.csv") >"$T/diff"; then
        bad update "the regenerated rows differ from the committed ones" "$T/diff"
    elif ! diff <(grep -E '^# (scenario|run_file|seed|replicates):' "$REF/uk.csv") \
                <(grep -E '^# (scenario|run_file|seed|replicates):' "$T/new/uk.csv") >"$T/diff"; then
        bad update "the regenerated header differs" "$T/diff"
    else ok update; fi
    ;;
rerun_error)
    mkdir -p "$T/res/v1_poisson_lognormal.h5" "$T/ref"
    "$ML" verify --root "$SRC" --only v1_poisson_lognormal v3_poisson_gamma_agglimit \
        --results-dir "$T/res" >"$T/out" 2>&1
    rc=$?
    cat "$T/out"
    if [ $rc -ne 4 ]; then bad rerun_error "exit code $rc, expected 4" "$T/out"
    elif ! has "$T/out" '^  v1_poisson_lognormal +error +.*v1_poisson_lognormal\.h5: cannot rename into place: Is a directory'; then
        bad rerun_error "no error line for v1 naming its file and the failed rename" "$T/out"
    elif ! has "$T/out" '^  v3_poisson_gamma_agglimit +match +[0-9]+ of +[0-9]+ figures match'; then
        bad rerun_error "v3 did not run and match after v1's error" "$T/out"
    elif ! has "$T/out" '^verify: ERROR: 1 of 2 scenarios could not be rerun and compared .*exit 4$'; then
        bad rerun_error "no ERROR summary line" "$T/out"
    elif has "$T/out" '^verify: OK'; then
        bad rerun_error "verify said OK with a failed rerun" "$T/out"
    elif [ ! -f "$T/res/v3_poisson_gamma_agglimit.h5" ]; then
        bad rerun_error "v3's results file was not kept in --results-dir" "$T/out"
    elif [ ! -d "$T/res/v1_poisson_lognormal.h5" ]; then
        bad rerun_error "the folder in the way was replaced" "$T/out"
    elif ls "$T/res" | grep -q '\.tmp\.'; then
        bad rerun_error "a temporary file was left: $(ls "$T/res")" "$T/out"
    else ok rerun_error; fi

    # An error and a mismatch together: the error's code.
    cp "$REF/v1_poisson_lognormal.csv" "$T/ref/"
    awk -F, 'BEGIN { OFS = "," } $2 == "summary.insured.mean" { $3 = sprintf("%.17g", $3 * 2) }
        { print }' "$REF/v3_poisson_gamma_agglimit.csv" >"$T/ref/v3_poisson_gamma_agglimit.csv"
    "$ML" verify --root "$SRC" --reference "$T/ref" --results-dir "$T/res" \
        --only v1_poisson_lognormal v3_poisson_gamma_agglimit >"$T/out" 2>&1
    rc=$?
    cat "$T/out"
    if [ $rc -ne 4 ]; then bad error_outranks_mismatch "exit code $rc, expected 4" "$T/out"
    elif ! has "$T/out" '^  v1_poisson_lognormal +error '; then
        bad error_outranks_mismatch "no error line for v1" "$T/out"
    elif ! has "$T/out" '^  v3_poisson_gamma_agglimit +MISMATCH '; then
        bad error_outranks_mismatch "no MISMATCH line for v3" "$T/out"
    elif ! has "$T/out" '^verify: MISMATCH: 1 of 2 scenarios differ'; then
        bad error_outranks_mismatch "no MISMATCH summary line" "$T/out"
    else ok error_outranks_mismatch; fi
    ;;
*)
    echo "unknown section $SECTION" >&2
    exit 2
    ;;
esac
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
