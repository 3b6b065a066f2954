#!/bin/bash
# Calibration and validation: each regime's run file at its own seed and
# replicate count against results/reference/calibration.csv
# (tools/calibration.py). Fit rows must be met; validate rows are reported,
# pass or miss; a missing metric fails. The Monte Carlo SE of every row
# comes from B independent batches: the same run files at B other seeds,
# each with 1/B of the replicates (batch means).
# With a 4th argument, also writes the validate rows as the README's
# Markdown table to that file (README "Validation").
set -euo pipefail
MEDLIAB=$1; SRC=$2; PY=$3; MD=${4:-}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
B=10
REG=("$SRC"/scenarios/{us,uk,japan,taiwan,china}.yaml "$SRC"/scenarios/validation/us_no_cap.yaml)
# The national portfolios set the claiming scale of japan, taiwan, china;
# us and uk have national fit and validate rows too.
NAT=("$SRC"/scenarios/national/{us,uk,japan,taiwan,china}.yaml)
"$MEDLIAB" run --quiet "${REG[@]}" -o "$T/cal.h5" >/dev/null
"$MEDLIAB" run --quiet "${NAT[@]}" -o "$T/nat.h5" >/dev/null
cal_b=(); nat_b=()
for b in $(seq 1 $B); do
  # 2000 and 100 replicates in the run files: batches of 200 and 10.
  "$MEDLIAB" run --quiet "${REG[@]}" --replicates $((2000 / B)) --seed $((7100 + b)) \
    -o "$T/cal_$b.h5" >/dev/null
  "$MEDLIAB" run --quiet "${NAT[@]}" --replicates $((100 / B)) --seed $((7200 + b)) \
    -o "$T/nat_$b.h5" >/dev/null
  cal_b+=("$T/cal_$b.h5"); nat_b+=("$T/nat_$b.h5")
done
join() { local IFS=,; echo "$*"; }
rc=0
"$PY" "$SRC/tools/calibration.py" "$T/cal.h5" "$SRC/results/reference/calibration.csv" \
  --skip-national --batches "$(join "${cal_b[@]}")" || rc=1
"$PY" "$SRC/tools/calibration.py" "$T/nat.h5" "$SRC/results/reference/calibration.csv" \
  --only-national --batches "$(join "${nat_b[@]}")" || rc=1
if [ -n "$MD" ]; then
  { "$PY" "$SRC/tools/calibration.py" "$T/cal.h5" "$SRC/results/reference/calibration.csv" \
      --skip-national --batches "$(join "${cal_b[@]}")" --markdown || true
    "$PY" "$SRC/tools/calibration.py" "$T/nat.h5" "$SRC/results/reference/calibration.csv" \
      --only-national --batches "$(join "${nat_b[@]}")" --markdown-rows || true; } > "$MD"
fi
# The national comparison table (README "National portfolios") evaluates
# every national row.
"$PY" "$SRC/tools/national_check.py" "$T/nat.h5" >/dev/null || rc=1
exit $rc
