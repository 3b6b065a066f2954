#!/bin/bash
# Rewrite the README's generated blocks (the main-job table and its "Read
# across" sentences, and every block registered in tools/readme_blocks.py)
# from fresh runs, so that no published number is typed by hand.
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
  -h | --help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
# files' own seed and replicate count (common random numbers).
produce "the main job" "$T/regimes.h5" "$ML" run scenarios/us.yaml scenarios/uk.yaml \
  scenarios/japan.yaml scenarios/taiwan.yaml scenarios/china.yaml scenarios/china_reform.yaml \
  -o "$T/regimes.h5" --quiet

/usr/bin/python3 tools/readme_blocks.py "${CHECK[@]}" --readme README.md --main "$T/regimes.h5"
