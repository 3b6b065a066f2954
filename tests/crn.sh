#!/bin/bash
# Common random numbers: the reference portfolio under two regimes (and under
# China with every reform lever) with one seed has identical incidents and
# negligent-injury datasets, so regime differences carry no incident noise.
# A control asserts that h5diff does report a dataset that differs (claims).
set -euo pipefail
MEDLIAB=$1; SRC=$2; H5DIFF=$3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
"$MEDLIAB" run --quiet "$SRC"/scenarios/{us,china,china_reform}.yaml --replicates 300 \
  -o "$T/crn.h5" >/dev/null
for other in china china_reform; do
  for m in incidents negligent; do
    "$H5DIFF" "$T/crn.h5" "$T/crn.h5" /scenarios/us/annual/$m /scenarios/$other/annual/$m
    echo "identical: us vs $other annual/$m"
  done
done
if "$H5DIFF" -q "$T/crn.h5" "$T/crn.h5" /scenarios/us/annual/claims /scenarios/china/annual/claims; then
  echo "FAIL: claims should differ between regimes (the control)"; exit 1
fi
echo "control: claims differ, as they should"
