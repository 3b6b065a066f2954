#!/bin/bash
# Memcheck on small runs: a simulation with HDF5 output, the exact method,
# a sensitivity analysis, shards and their merge, and a refused scenario (the loader's error path frees what it built).
# Any invalid access, use of uninitialised memory or definite/possible leak
# fails the test.  Exits 77 (skipped) without valgrind.
#
#   usage: valgrind.sh MEDLIAB SOURCE_DIR
ML=$1 SRC=$2
command -v valgrind >/dev/null || { echo "valgrind not installed: skipped"; exit 77; }
T=$(mktemp -d) || exit 2
trap 'rm -rf "$T"' EXIT
V1=$SRC/scenarios/validation/v1_poisson_lognormal.yaml
V3=$SRC/scenarios/validation/v3_poisson_gamma_agglimit.yaml
fail=0
# One thread: OpenMP's worker stacks would otherwise show as possible leaks.
vg() {
    local name=$1 want=$2
    shift 2
    valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,possible \
        --log-file="$T/$name.vg" "$ML" "$@" >"$T/$name.out" 2>&1
    local rc=$?
    if [ "$rc" -ne "$want" ] || [ -s "$T/$name.vg" ]; then
        echo "FAIL $name: exit $rc (expected $want)"
        sed 's/^/    | /' "$T/$name.out" "$T/$name.vg"
        fail=$((fail+1))
    else
        echo "ok $name"
    fi
}
vg run 0 run "$V1" "$V3" -o "$T/out.h5" --replicates 300 --threads 1 --quiet
vg exact 0 exact "$V1" --grid 4096 --cdf "$T/cdf.csv"
# sensitivity: tornado, Sobol design and bootstrap, its files (the plot
# script runs outside valgrind), and the unknown-measure path.
sed -e 's/incident_rate: 20 /incident_rate: {value: 20, range: [15, 25]} /' \
    -e 's/meanlog: 10 /meanlog: {value: 10, range: [9.8, 10.2]} /' "$V1" >"$T/v1_ranged.yaml"
vg sensitivity 0 sensitivity "$T/v1_ranged.yaml" --measure pure_premium --out "$T/sens" \
    --replicates 50 --sobol-rows 4 --threads 1 --quiet
vg sensitivity_measure 5 sensitivity "$T/v1_ranged.yaml" --measure nosuch --out "$T/sens2" \
    --replicates 50 --threads 1 --quiet
# Shards of a life-cycle regime (stage arrays, pricing groups) and their
# merge; a refused merge (a slice missing) frees what it read.
C=$SRC/scenarios/china.yaml
vg shard0 0 run "$C" -o "$T/s0.h5" --replicates 40 --replicate-range 0:15 --threads 1 --quiet
vg shard1 0 run "$C" -o "$T/s1.h5" --replicates 40 --replicate-range 15:40 --threads 1 --quiet
vg merge 0 merge "$T/m.h5" "$T/s1.h5" "$T/s0.h5" --threads 1 --quiet
vg merge_refused 3 merge "$T/m2.h5" "$T/s1.h5" --threads 1 --quiet
vg bad_input 3 run "$SRC/tests/bad_input/portfolio_part_duplicate.yaml" -o "$T/bad.h5" --threads 1
[ "$fail" -eq 0 ]
