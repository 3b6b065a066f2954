#!/bin/bash
# Same seed, 1, 2 and 4 threads: the annual datasets (and the largest-claim
# datasets) must be identical, compared by h5diff.
ML=$1; SRC=$2; H5DIFF=$3
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
set -e
S="$SRC/scenarios/validation/v2_negbin_lognormal_layer.yaml $SRC/scenarios/validation/v3_poisson_gamma_agglimit.yaml"
for t in 1 2 4; do
  "$ML" run $S -o "$T/t$t.h5" --replicates 20000 --seed 7 --threads $t --quiet
done
fail=0
for t in 2 4; do
  for sc in v2_negbin_lognormal_layer v3_poisson_gamma_agglimit; do
    for g in annual annual_max ep summary; do
      if "$H5DIFF" "$T/t1.h5" "$T/t$t.h5" /scenarios/$sc/$g /scenarios/$sc/$g >"$T/d" 2>&1; then
        echo "ok 1 vs $t threads: /scenarios/$sc/$g identical"
      else
        echo "FAIL 1 vs $t threads: /scenarios/$sc/$g differs"; cat "$T/d"; fail=1
      fi
    done
  done
done
# h5diff must be able to see a difference: another seed differs.
"$ML" run $S -o "$T/other.h5" --replicates 20000 --seed 8 --threads 2 --quiet
if "$H5DIFF" -q "$T/t1.h5" "$T/other.h5" /scenarios/v2_negbin_lognormal_layer/annual /scenarios/v2_negbin_lognormal_layer/annual; then
  echo "FAIL a different seed gave identical data"; fail=1
else
  echo "ok a different seed differs"
fi
exit $fail
