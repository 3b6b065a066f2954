#!/bin/bash
# Calibration and validation: each regime's run file at its own seed and
# replicate count against results/reference/calibration.csv
# (tools/calibration.py). Fit rows must be met; validate rows are reported,
# pass or miss; a missing metric fails. The Monte Carlo SE of every row
# comes from B independent batches: the same run files at B other seeds,
# each with 1/B of the replicates (batch means).
# The README's validation and fit tables come from the same runs
# (tools/readme_update.sh).
set -euo pipefail
MEDLIAB=$1; SRC=$2; PY=$3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
# The runs and their batches: tools/calibration_runs.sh (shared with the
# README's tables, tools/readme_update.sh).
bash "$SRC/tools/calibration_runs.sh" "$MEDLIAB" "$SRC" "$T" >"$T/lists"
cal_b=$(sed -n 's/^cal_batches=//p' "$T/lists"); nat_b=$(sed -n 's/^nat_batches=//p' "$T/lists")
rc=0
"$PY" "$SRC/tools/calibration.py" "$T/cal.h5" "$SRC/results/reference/calibration.csv" \
  --skip-national --batches "$cal_b" || rc=1
"$PY" "$SRC/tools/calibration.py" "$T/nat.h5" "$SRC/results/reference/calibration.csv" \
  --only-national --batches "$nat_b" || rc=1
# The national comparison table (README "National portfolios") evaluates
# every national row.
"$PY" "$SRC/tools/national_check.py" "$T/nat.h5" >/dev/null || rc=1
exit $rc
