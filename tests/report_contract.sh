#!/bin/bash
# Readers check the contract (issue 12, point 6): `medliab report` and the
# reader of `medliab verify` refuse a results file that breaks the README's
# "Output format" (wrong format, a format_version from the future, annual
# arrays not `replicates` long, wrong types, NaN or infinite samples, no
# annual/ group, empty arrays), each with exit 4 and a message naming the
# file and what is wrong, no Python traceback and no output file left; a
# valid file with an all-zero middle is read, without a leak under the
# sanitizer (a leak there makes LeakSanitizer fail the exit code).  A plot
# script that fails after the tables are made leaves no table behind.
#
#   usage: report_contract.sh MEDLIAB SOURCE_DIR PYTHON H5READ_CONTRACT
ML=$1 SRC=$2 PY=$3 H5READ=$4
if [ $# -ne 4 ] || [ ! -x "$ML" ] || [ ! -x "$H5READ" ]; then
    echo "usage: $0 MEDLIAB SOURCE_DIR PYTHON H5READ_CONTRACT" >&2
    exit 2
fi
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { echo "ok $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1: $2"; [ -f "${3:-}" ] && sed 's/^/    | /' "$3"; fail=$((fail+1)); }

"$ML" run "$SRC/scenarios/validation/v1_poisson_lognormal.yaml" -o "$T/good.h5" \
    --replicates 500 --seed 3 --quiet || { echo "FAIL: the run that makes good.h5"; exit 1; }
"$PY" "$SRC/tests/report_contract.py" "$T/good.h5" "$T/cases" >"$T/list" ||
    { echo "FAIL: report_contract.py"; exit 1; }

# report_case NAME FILE TEXT: report with every output; TEXT empty means
# the file is valid and every output must be written.
report_case() {
    local name=$1 f=$2 text=$3 o=$T/out/$1
    mkdir -p "$o"
    "$ML" report "$f" --csv "$o/t.csv" --markdown "$o/t.md" --plots "$o/plots" \
        --measure insured >"$T/stdout" 2>"$T/stderr"
    local rc=$?
    cat "$T/stdout" "$T/stderr" >"$T/all"
    if grep -q "Traceback" "$T/all"; then bad "report $name" "a Python traceback" "$T/all"
    elif [ -z "$text" ]; then
        if [ $rc -ne 0 ]; then bad "report $name" "exit $rc, expected 0" "$T/all"
        elif [ ! -s "$o/t.csv" ] || [ ! -s "$o/t.md" ] || [ ! -s "$o/plots/exceedance.png" ]
        then bad "report $name" "an output is missing: $(ls -R "$o")"
        else ok "report $name: read, every output written"; fi
    elif [ $rc -ne 4 ]; then bad "report $name" "exit $rc, expected 4" "$T/all"
    elif ! grep -qF -e "$f" "$T/stderr"; then bad "report $name" "stderr does not name $f" "$T/all"
    elif ! grep -qF -e "$text" "$T/stderr"; then bad "report $name" "stderr lacks '$text'" "$T/all"
    elif [ -n "$(find "$o" -mindepth 1 -print -quit)" ]; then
        bad "report $name" "output left behind: $(find "$o" -mindepth 1 | tr '\n' ' ')"
    else ok "report $name: exit 4, $text"; fi
}

# verify_case NAME FILE TEXT: verify's reader (ml_h5fig_read) on the file.
verify_case() {
    local name=$1 f=$2 text=$3
    "$H5READ" "$f" >"$T/stdout" 2>"$T/stderr"
    local rc=$?
    cat "$T/stdout" "$T/stderr" >"$T/all"
    if [ -z "$text" ]; then
        [ $rc -eq 0 ] && ok "verify reader $name: read" ||
            bad "verify reader $name" "exit $rc, expected 0" "$T/all"
    elif [ $rc -ne 4 ]; then bad "verify reader $name" "exit $rc, expected 4" "$T/all"
    elif ! grep -qF -e "$f" "$T/stderr"; then bad "verify reader $name" "stderr does not name $f" "$T/all"
    elif ! grep -qF -e "$text" "$T/stderr"; then bad "verify reader $name" "stderr lacks '$text'" "$T/all"
    else ok "verify reader $name: exit 4"; fi
}

# The undamaged file passes both readers, so that a refusal below is the
# damage's doing.
report_case good "$T/good.h5" ""
verify_case good "$T/good.h5" ""
while IFS='|' read -r name text; do
    # HDF5 1.10.8 itself leaks 56 bytes reading a corrupted object header
    # (H5O_protect; HDFGroup/hdf5#2599, fixed in 1.14.1): that one leak,
    # and no other, is suppressed in sanitizer builds for that case alone.
    # Full stacks (fast_unwind_on_malloc=0), so that the suppression sees
    # H5O_protect.
    if [ "$name" = zero_bytes ]; then
        saved_lsan=${LSAN_OPTIONS-} saved_asan=${ASAN_OPTIONS-}
        export LSAN_OPTIONS="suppressions=$SRC/tests/lsan_hdf5.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
        export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}fast_unwind_on_malloc=0"
    fi
    report_case "$name" "$T/cases/$name.h5" "$text"
    verify_case "$name" "$T/cases/$name.h5" "$text"
    if [ "$name" = zero_bytes ]; then
        export LSAN_OPTIONS=$saved_lsan ASAN_OPTIONS=$saved_asan
    fi
done <"$T/list"

# A damaged file after a good one: nothing of the good one is written either.
mkdir -p "$T/out/second"
"$ML" report "$T/good.h5" "$T/cases/nan_sample.h5" --csv "$T/out/second/t.csv" \
    --markdown "$T/out/second/t.md" >"$T/all" 2>&1
rc=$?
if [ $rc -ne 4 ]; then bad "good then damaged" "exit $rc, expected 4" "$T/all"
elif [ -n "$(ls -A "$T/out/second")" ]; then bad "good then damaged" "left: $(ls -A "$T/out/second")"
else ok "good then damaged: exit 4, nothing written"; fi

# The plot script fails after the tables are made (here: a Python that
# exits 1): the CSV and Markdown tables are not left half done either.
mkdir -p "$T/out/plotfail"
MEDLIAB_PYTHON=/bin/false "$ML" report "$T/good.h5" --csv "$T/out/plotfail/t.csv" \
    --markdown "$T/out/plotfail/t.md" --plots "$T/out/plotfail/plots" >"$T/all" 2>&1
rc=$?
if [ $rc -ne 4 ]; then bad "plot script fails" "exit $rc, expected 4" "$T/all"
elif [ -n "$(find "$T/out/plotfail" -mindepth 1 -print -quit)" ]; then
    bad "plot script fails" "left: $(find "$T/out/plotfail" -mindepth 1 | tr '\n' ' ')"
else ok "plot script fails: exit 4, no table or plot file left"; fi

# The plot script itself, given empty data by hand, refuses in one line;
# so it does files of an older layout (the columns it draws missing).
mkdir -p "$T/empty" "$T/old"
for f in scenarios exceedance histogram measures policy; do
    case $f in
    scenarios) echo "scenario,regime,portfolio,replicates,seed,draws,file" ;;
    exceedance) echo "scenario,return_period,loss,lo,hi,rank,rank_lo,rank_hi,supported" ;;
    histogram) echo "scenario,lo,hi,count,share" ;;
    measures) echo "scenario,measure,mean,ci95,title" ;;
    policy) echo "scenario,metric,title,group,kind,value,unit,mc_se,lo95,hi95,p05,p95,draws" ;;
    esac >"$T/empty/plot_$f.csv"
    cp "$T/empty/plot_$f.csv" "$T/old/plot_$f.csv"
done
echo "scenario,return_period,loss" >"$T/old/plot_exceedance.csv"
for c in empty old; do
    "$PY" "$SRC/tools/report_plots.py" "$T/$c" USD insured >"$T/all" 2>&1
    rc=$?
    want="plot_exceedance.csv: no"
    [ $c = old ] && want="plot_exceedance.csv: not the columns"
    if [ $rc -ne 3 ]; then bad "plot script on $c data" "exit $rc, expected 3" "$T/all"
    elif grep -q Traceback "$T/all"; then bad "plot script on $c data" "a traceback" "$T/all"
    elif ! grep -q "$want" "$T/all"; then bad "plot script on $c data" "no message naming the file" "$T/all"
    else ok "plot script on $c data: refused without a traceback"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
