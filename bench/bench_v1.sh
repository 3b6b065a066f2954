#!/bin/bash
# Benchmark (not a test): medliab's engine on validation scenario v1 against
# drawing the same variates alone and against R actuar's rcompound, all in
# one run, one thread each.  Usage: bench/bench_v1.sh [BUILD_DIR] [REPLICATES]
# Needs Debian's r-cran-actuar for the R comparison.
set -euo pipefail
BUILD=${1:-build}; N=${2:-1000000}
SRC=$(cd "$(dirname "$0")/.." && pwd)
V1=$SRC/scenarios/validation/v1_poisson_lognormal.yaml
echo "== medliab bench (1 thread) =="
OUT=$(OMP_NUM_THREADS=1 "$BUILD/medliab" bench "$V1" --replicates "$N")
echo "$OUT"
ML_RATE=$(echo "$OUT" | awk '/^engine /{print $4}')
if ! command -v Rscript >/dev/null || ! Rscript -e 'library(actuar)' >/dev/null 2>&1; then
  echo "R actuar not installed (apt-get install r-cran-actuar): comparison skipped"; exit 0
fi
echo "== R actuar rcompound(n, rpois(20), rlnorm(10, 1.2)) =="
R_OUT=$(Rscript -e "suppressMessages(library(actuar)); set.seed(1); n <- $N;
  t <- system.time(x <- rcompound(n, rpois(20), rlnorm(10, 1.2)))[['elapsed']];
  cat(sprintf('actuar %.3f s for %d replicates, mean %.6g\n', t, n, mean(x)));
  cat(sprintf('RATE %.6g\n', 20 * n / t))")
echo "$R_OUT" | grep -v RATE
R_RATE=$(echo "$R_OUT" | awk '/^RATE/{print $2}')
echo "actuar           $R_RATE claims/s/core (expected claims 20 per replicate)"
awk -v a="$ML_RATE" -v b="$R_RATE" 'BEGIN{printf "ratio medliab / actuar throughput  %.1f\n", a/b}'
