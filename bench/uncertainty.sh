#!/bin/bash
# Benchmark (not a test), issue 14 point 7: second-order Monte Carlo of the
# main job: K parameter draws x R replicates of the six regimes, on T
# threads; prints the wall time, the time per draw and the peak memory
# (GNU time's maximum resident set size).  The point run is timed alone in
# the same invocation, so the ratio of the two is this machine's, not a
# figure typed in.
#   usage: bench/uncertainty.sh [BUILD_DIR] [K] [R] [T]   (defaults build 100 2000 2)
set -euo pipefail
BUILD=${1:-build}; K=${2:-100}; R=${3:-2000}; T=${4:-2}
SRC=$(cd "$(dirname "$0")/.." && pwd)
S=$SRC/scenarios
MAIN=("$S/us.yaml" "$S/uk.yaml" "$S/japan.yaml" "$S/taiwan.yaml" "$S/china.yaml" "$S/china_reform.yaml")
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
# A draw loads its files and summarises on one thread between parallel
# regions; OpenMP's default spin-wait has the idle thread burn the other
# core meanwhile, which on a shared machine slows the whole run.  Passive
# waiting changes the speed only, never the results (README, "Performance").
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "GNU time (/usr/bin/time, package time) is needed for the memory figure"; exit 2; }
run() { # label, extra args...
  local label=$1; shift
  "$TIME" -f "%e %M" -o "$TMP/t" "$BUILD/medliab" run "${MAIN[@]}" -o "$TMP/out.h5" --force \
    --quiet --replicates "$R" --threads "$T" "$@"
  read -r wall rss < "$TMP/t"
  printf '%-28s %8.1f s  peak RSS %7.1f MiB\n' "$label" "$wall" "$(echo "$rss/1024" | bc -l)"
  echo "$wall" > "$TMP/$label.wall"
}
echo "== six regimes, $R replicates, $T threads =="
run point
run "draws_$K" --parameter-draws "$K"
P=$(cat "$TMP/point.wall"); D=$(cat "$TMP/draws_$K.wall")
awk -v p="$P" -v d="$D" -v k="$K" 'BEGIN{
  printf "seconds per parameter draw    %.2f (point run %.2f s)\n", (d-p)/k, p;
  printf "within 10 minutes             %s (%.1f of 600 s)\n", (d<=600?"yes":"NO"), d }'
