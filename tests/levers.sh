#!/bin/bash
# Reform levers: each alone, its declared effect checked in size (within 3
# paired standard errors of the documented one), and all together for direction.
set -euo pipefail
MEDLIAB=$1; SRC=$2; PY=$3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
"$MEDLIAB" run --quiet "$SRC"/scenarios/china.yaml "$SRC"/scenarios/china_reform.yaml \
  "$SRC"/scenarios/levers/*.yaml --replicates 500 -o "$T/lev.h5" >/dev/null
"$PY" "$SRC/tests/levers_check.py" "$T/lev.h5"
