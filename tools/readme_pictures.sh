#!/bin/bash
# Redraw the README's pictures from the code: `medliab report --plots` on
# the main job (the six regimes' run files at their own seed and
# replicates, with MAIN_DRAWS parameter draws, as tools/readme_update.sh
# runs it), amounts converted to USD with scenarios/rates.yaml; the
# figures the README shows are copied into docs/ under the names it links:
#
#   exceedance   -> docs/report_exceedance.png
#   compensation -> docs/report_compensation.png
#
# The captions beside them are the README block `report-figures`
# (tools/readme_blocks.py), written from the same results file.
#
#   bash tools/readme_pictures.sh [--main RUN.h5] [MEDLIAB]
#
# --main takes a main-job file already made (tools/readme_update.sh passes
# its own, so pictures and tables come from one run); without it the main
# job is run here (about 30 times a plain run's time, for the draws).
# MEDLIAB is the medliab binary (default build/medliab); this script
# builds nothing.  Exit 2 when a run or the report fails.
set -euo pipefail
MAIN= ML=
while [ $# -gt 0 ]; do
  case $1 in
  --main) MAIN=${2:?--main needs a file}; shift ;;
  -h | --help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 0 ;;
  -*) echo "usage: $0 [--main RUN.h5] [MEDLIAB]" >&2; exit 2 ;;
  *) ML=$1 ;;
  esac
  shift
done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "$ML" ]; then ML=$ROOT/build/medliab; fi
case $ML in /*) ;; *) ML=$PWD/$ML ;; esac
case $MAIN in /* | "") ;; *) MAIN=$PWD/$MAIN ;; esac
cd "$ROOT"
if [ ! -x "$ML" ]; then
  echo "readme_pictures: $ML is not an executable medliab (build it first)" >&2
  exit 2
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if [ -z "$MAIN" ]; then
  MAIN_DRAWS=30 # the same as tools/readme_update.sh's
  MAIN=$T/regimes.h5
  if ! "$ML" run scenarios/us.yaml scenarios/uk.yaml scenarios/japan.yaml scenarios/taiwan.yaml \
       scenarios/china.yaml scenarios/china_reform.yaml -o "$MAIN" --quiet \
       --parameter-draws "$MAIN_DRAWS" >"$T/log" 2>&1; then
    echo "readme_pictures: the main job failed:" >&2
    tail -n 20 "$T/log" >&2
    exit 2
  fi
fi
if ! "$ML" report "$MAIN" --rates scenarios/rates.yaml --currency USD --plots "$T/plots" \
     >"$T/log" 2>&1; then
  echo "readme_pictures: medliab report --plots failed:" >&2
  tail -n 20 "$T/log" >&2
  exit 2
fi
for f in exceedance compensation; do
  if [ ! -s "$T/plots/$f.png" ]; then
    echo "readme_pictures: the report drew no $f.png" >&2
    exit 2
  fi
  cp "$T/plots/$f.png" "docs/report_$f.png"
  echo "wrote docs/report_$f.png"
done
