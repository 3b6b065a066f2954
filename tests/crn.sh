#!/bin/bash
# Common random numbers: the reference portfolio under two regimes (and under
# China with every reform lever) with one seed has identical incidents and
# negligent-injury datasets, so regime differences carry no incident noise.
# The reform package prevents some negligent adverse events (the accident-
# reporting lever), drawn as a thinning of the same events: there the
# events that happen plus those prevented are the other regimes' exactly.
# A control asserts that h5diff does report a dataset that differs (claims).
set -euo pipefail
MEDLIAB=$1; SRC=$2; H5DIFF=$3; PY=$4
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
"$MEDLIAB" run --quiet "$SRC"/scenarios/{us,china,china_reform}.yaml --replicates 300 \
  -o "$T/crn.h5" >/dev/null
for m in incidents negligent; do
  "$H5DIFF" "$T/crn.h5" "$T/crn.h5" /scenarios/us/annual/$m /scenarios/china/annual/$m
  echo "identical: us vs china annual/$m"
done
"$PY" - "$T/crn.h5" <<'PYEOF'
import sys
import h5py
import numpy as np
with h5py.File(sys.argv[1], "r") as f:
    us, rf = f["scenarios/us/annual"], f["scenarios/china_reform/annual"]
    prev = rf["prevented"][()]
    assert prev.sum() > 0, "the reform package prevents no negligent event"
    for m in ("incidents", "negligent"):
        if not np.array_equal(us[m][()], rf[m][()] + prev):
            sys.exit(f"FAIL: us annual/{m} is not china_reform's {m} + prevented")
        print(f"identical: us vs china_reform annual/{m} + prevented")
PYEOF
if "$H5DIFF" -q "$T/crn.h5" "$T/crn.h5" /scenarios/us/annual/claims /scenarios/china/annual/claims; then
  echo "FAIL: claims should differ between regimes (the control)"; exit 1
fi
echo "control: claims differ, as they should"
