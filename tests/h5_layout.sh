#!/bin/bash
# Writes a small results file and has an independent reader (h5py) check its
# layout, every documented attribute, and every summary and EP figure
# recomputed from the stored annual samples.
ML=$1; SRC=$2; PY=$3
# $4 = no-maps: a build whose writer makes no virtual datasets (MPI).
MAPS=(); [ "${4:-maps}" = no-maps ] && MAPS=(--no-maps)
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
"$ML" run "$SRC/scenarios/validation/v1_poisson_lognormal.yaml" \
          "$SRC/scenarios/validation/v3_poisson_gamma_agglimit.yaml" \
          -o "$T/r.h5" --replicates 5003 --seed 99 --quiet || exit 1
ls "$T" | grep -q '\.tmp\.' && { echo "FAIL temporary file left"; exit 1; }
"$PY" "$SRC/tests/h5_layout.py" "${MAPS[@]}" "$T/r.h5" 5003 99 v1_poisson_lognormal \
  v3_poisson_gamma_agglimit ||
  exit 1
# A run with time (two life-cycle regimes, three accident years): the
# development group, recomputed from its ledgers.
"$ML" run "$SRC/scenarios/uk.yaml" "$SRC/scenarios/japan.yaml" -o "$T/t.h5" --replicates 301 \
  --seed 7 --quiet || exit 1
exec "$PY" "$SRC/tests/h5_layout.py" --development "$T/t.h5" 301 7 uk japan
