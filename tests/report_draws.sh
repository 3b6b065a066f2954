#!/bin/bash
# `medliab report`'s 90% intervals over parameter draws (issue 14, point 3):
# china and china_reform run with --parameter-draws from a copy of the
# scenarios in which the China regime's deductible and report lag carry
# ranges (so the test does not hang on which shipped numbers have them);
# tests/report_draws.py checks the intervals against the file's draws and
# the cases the contract allows or refuses.
ML=$1; SRC=$2; PY=$3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cp -r "$SRC/scenarios" "$T/sc"
sed -i -E 's/^(  deductible: )([0-9]+)( )/\1{value: \2, range: [5000, 20000]}\3/;
           s/report_lag_months: \{mean: 2, cv: 1\}/report_lag_months: {mean: {value: 2, range: [1, 4]}, cv: 1}/' \
    "$T/sc/regimes/china.yaml"
"$ML" run "$T/sc/china.yaml" "$T/sc/china_reform.yaml" -o "$T/run.h5" --replicates 100 \
    --seed 7 --parameter-draws 8 --quiet || { echo "FAIL: the run with parameter draws"; exit 1; }
exec "$PY" "$SRC/tests/report_draws.py" "$ML" "$T/run.h5" "$T"
