#!/bin/bash
# Rewrite the README's generated blocks (the main-job table and its "Read
# across" sentences, the lever table, the reform table, the validation and fit tables, the
# national comparison, the sources table, the exact-method table and the
# intervals' coverage (tests/test_exact and tests/test_stats_ci of the same
# build): every block registered in
# tools/readme_blocks.py) from fresh runs, so that no published number is
# typed by hand.  The calibration runs and their 10 batches (for the Monte
# Carlo SE, tools/calibration_runs.sh) take most of the time.  The README's
# pictures (docs/report_*.png) are redrawn from the same main job by
# tools/readme_pictures.sh (their captions: the block report-figures).
#
#   bash tools/readme_update.sh [--check] [MEDLIAB]
#
# MEDLIAB is the medliab binary (default build/medliab); this script builds
# nothing.  The runs go to a temporary folder; /usr/bin/python3
# tools/readme_blocks.py renders each block from them as Markdown and
# rewrites README.md between its markers.  --check writes nothing and exits
# 1 with a diff when README.md differs from what the runs give (ctest
# readme_current); 2 means a run or a block could not be made.
#
# A new block's input is made here with `produce` (see the docstring of
# tools/readme_blocks.py) and passed to readme_blocks.py as --NAME FILE.
set -euo pipefail
CHECK=() ML=
for a in "$@"; do
  case $a in
  --check) CHECK=(--check) ;;
  -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
  -*) echo "usage: $0 [--check] [MEDLIAB]" >&2; exit 2 ;;
  *) ML=$a ;;
  esac
done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "$ML" ]; then ML=$ROOT/build/medliab; fi
case $ML in /*) ;; *) ML=$PWD/$ML ;; esac
cd "$ROOT"
if [ ! -x "$ML" ]; then
  echo "readme_update: $ML is not an executable medliab (build it first: cmake -S . -B build" \
       "&& cmake --build build)" >&2
  exit 2
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# produce WHAT OUT COMMAND...: runs COMMAND, which must write OUT; stops
# with its output when it fails or leaves OUT missing, so that no block is
# ever rendered from, or checked against, nothing.
produce() {
  local what=$1 out=$2
  shift 2
  if ! "$@" >"$T/log" 2>&1 || [ ! -s "$out" ]; then
    echo "readme_update: cannot make $what: $* failed or wrote no $out:" >&2
    tail -n 20 "$T/log" >&2
    exit 2
  fi
}

# The main job: the reference portfolio under the six regimes, at the run
# files' own seed and replicate count (common random numbers), with
# MAIN_DRAWS parameter draws for the headline's intervals (README,
# "Uncertainty"; the point results are the plain run's).
MAIN_DRAWS=30
produce "the main job" "$T/regimes.h5" "$ML" run scenarios/us.yaml scenarios/uk.yaml \
  scenarios/japan.yaml scenarios/taiwan.yaml scenarios/china.yaml scenarios/china_reform.yaml \
  -o "$T/regimes.h5" --quiet --parameter-draws "$MAIN_DRAWS"

# The README's pictures (docs/report_*.png) from the same main job; not
# in --check, which writes nothing (their captions are the report-figures
# block, checked with the others).
if [ ${#CHECK[@]} -eq 0 ]; then
  produce "the README pictures" "$ROOT/docs/report_exceedance.png" \
    bash tools/readme_pictures.sh --main "$T/regimes.h5" "$ML"
fi

# Ten accident years of each regime: the triangles and the chain ladder's
# error (README, "Time").
produce "the time runs" "$T/time.h5" "$ML" run scenarios/time/*.yaml -o "$T/time.h5" --quiet

# The levers: china, each lever alone and all together, at the run files'
# own seed and replicates (the lever table is tests/levers_check.py
# --markdown, the reform table tools/reform_table.py).
produce "the lever runs" "$T/levers.h5" "$ML" run scenarios/china.yaml \
  scenarios/china_reform.yaml scenarios/levers/*.yaml -o "$T/levers.h5" --quiet

# The calibration runs (reference and national portfolios: the validation,
# fit and national tables) and their batches, as ctest calibration makes them.
mkdir "$T/cal"
produce "the calibration runs" "$T/cal/nat.h5" bash tools/calibration_runs.sh "$ML" "$ROOT" "$T/cal"
CAL_B=$(sed -n 's/^cal_batches=//p' "$T/log") NAT_B=$(sed -n 's/^nat_batches=//p' "$T/log")

# The count of each class of number per scenario file; exit 7 (some number
# unclassified) still prints the table, which the README shows.
sources_md() {
  local rc=0
  "$ML" sources --root "$ROOT" --markdown >"$T/sources.md" || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 7 ]
}
produce "the sources table" "$T/sources.md" sources_md

# The validation scenarios against the exact method: tests/test_exact of
# the same build (its own seed and 100,000 replicates each).
TE=$(dirname "$ML")/tests/test_exact
produce "the exact-method table ($TE; build the tests)" "$T/exact.txt" \
  sh -c '"$1" >"$2" 2>&1' sh "$TE" "$T/exact.txt"

# The intervals' coverage: tests/test_stats_ci of the same build.
TC=$(dirname "$ML")/tests/test_stats_ci
produce "the coverage table ($TC; build the tests)" "$T/coverage.txt" \
  sh -c '"$1" >"$2" 2>&1' sh "$TC" "$T/coverage.txt"

# The many-core record (bench/device.sh, issue 16 point 5) once a lent
# machine has written one.
BENCH=bench/bench_v1.md,bench/compare.md,bench/main_job.md,bench/uncertainty.md,bench/time.md,bench/scaling.md
[ -f bench/device.md ] && BENCH=$BENCH,bench/device.md
/usr/bin/python3 tools/readme_blocks.py "${CHECK[@]}" --readme README.md --main "$T/regimes.h5" \
  --levers "$T/levers.h5" --calibration "$T/cal/cal.h5" --calibration-batches "$CAL_B" \
  --national "$T/cal/nat.h5" --national-batches "$NAT_B" --sources "$T/sources.md" \
  --exact "$T/exact.txt" --coverage "$T/coverage.txt" --time "$T/time.h5" \
  --bench "$BENCH" --memory bench/memory.md
