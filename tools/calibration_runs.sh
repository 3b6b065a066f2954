#!/bin/bash
# The runs that results/reference/calibration.csv is checked against, made
# once for ctest calibration (tests/calibration.sh) and for the README's
# validation and fit tables (tools/readme_update.sh), so both see the same
# figures and the same Monte Carlo SE.
#
#   bash tools/calibration_runs.sh MEDLIAB SRC OUTDIR
#
# Writes OUTDIR/cal.h5 (the reference portfolio: scenarios/{us,uk,japan,
# taiwan,china}.yaml and scenarios/validation/us_no_cap.yaml) and
# OUTDIR/nat.h5 (scenarios/national/{us,uk,uk_fixed_costs,japan,taiwan,china}.yaml), each at
# the run files' own seed and replicates, and B = 10 independent batches of
# each for the batch-means SE: OUTDIR/cal_b.h5 and OUTDIR/nat_b.h5, b = 1..B,
# the same run files at seeds 7100 + b and 7200 + b with 1/B of the
# replicates.  Prints the comma-separated batch lists as two lines,
#   cal_batches=...   nat_batches=...
# Exits non-zero, with medliab's message, when a run fails.
set -euo pipefail
MEDLIAB=$1; SRC=$2; OUT=$3
B=10
REG=("$SRC"/scenarios/{us,uk,japan,taiwan,china}.yaml "$SRC"/scenarios/validation/us_no_cap.yaml)
# The national portfolios set the claiming scale of japan, taiwan, china;
# us and uk have national fit and validate rows too.
NAT=("$SRC"/scenarios/national/{us,uk,uk_fixed_costs,japan,taiwan,china}.yaml)
"$MEDLIAB" run --quiet --force "${REG[@]}" -o "$OUT/cal.h5" >/dev/null
"$MEDLIAB" run --quiet --force "${NAT[@]}" -o "$OUT/nat.h5" >/dev/null
cal_b=(); nat_b=()
for b in $(seq 1 $B); do
  # 2000 and 100 replicates in the run files: batches of 200 and 10.
  "$MEDLIAB" run --quiet --force "${REG[@]}" --replicates $((2000 / B)) --seed $((7100 + b)) \
    -o "$OUT/cal_$b.h5" >/dev/null
  "$MEDLIAB" run --quiet --force "${NAT[@]}" --replicates $((100 / B)) --seed $((7200 + b)) \
    -o "$OUT/nat_$b.h5" >/dev/null
  cal_b+=("$OUT/cal_$b.h5"); nat_b+=("$OUT/nat_$b.h5")
done
join() { local IFS=,; echo "$*"; }
echo "cal_batches=$(join "${cal_b[@]}")"
echo "nat_batches=$(join "${nat_b[@]}")"
