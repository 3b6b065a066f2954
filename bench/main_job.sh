#!/bin/bash
# Benchmark (not a test), issue 16 point 4: the main job (the six regimes'
# run files, as tools/quickstart.sh runs them, their own replicates),
# whole process, against the same job run by another binary: the code as
# it was when the issue was filed, built from its commit (the run files
# are this checkout's for both; the base reads what it knew of them).
#
#   BASE=path/to/medliab bash bench/main_job.sh [BUILD_DIR] [OUT.md] [REPEATS] [THREADS]
#
# Defaults: build, bench/main_job.md, 3, 0 (all cores).  Build the base:
#   git worktree add /tmp/base e42b5b1^ && cmake -S /tmp/base -B /tmp/base/build \
#     -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/base/build --target medliab
# Each binary runs its repeats in turn (this one first, then the base: see
# bench_v1.sh for why not alternating); the fastest of each is kept.
set -euo pipefail
BUILD=${1:-build}; OUT=${2:-bench/main_job.md}; REPEATS=${3:-3}; THREADS=${4:-0}
SRC=$(cd "$(dirname "$0")/.." && pwd)
ML=$BUILD/medliab
[ -x "$ML" ] || { echo "main_job.sh: no $ML (build first)" >&2; exit 2; }
[ -n "${BASE:-}" ] && [ -x "$BASE" ] ||
  { echo "main_job.sh: BASE=path/to/medliab of the issue's filing is needed (see the head)" >&2; exit 2; }
JOB=()
for r in us uk japan taiwan china china_reform; do JOB+=("$SRC/scenarios/$r.yaml"); done
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
THR=(); [ "$THREADS" = 0 ] || THR=(--threads "$THREADS")
fastest() { # binary: the smallest wall time of REPEATS runs of the job
  local best="" t
  for _ in $(seq "$REPEATS"); do
    local TIMEFORMAT='%3R'
    t=$( { time "$1" run "${JOB[@]}" -o "$TMP/job.h5" --force --quiet "${THR[@]}" >/dev/null; } 2>&1 )
    if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a < b)}'; then best=$t; fi
  done
  echo "$best"
}
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
t_new=$(fastest "$ML")
t_base=$(fastest "$BASE")
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)
BASE_COMMIT=$(git -C "$(dirname "$BASE")/.." rev-parse --short HEAD 2>/dev/null || echo unknown)
CPU=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)
{
  echo "<!-- main_job.md: written by bench/main_job.sh $BUILD $OUT $REPEATS $THREADS; timings depend"
  echo "     on the machine and its load: run the script to measure yours. -->"
  echo
  echo "The main job (us, uk, japan, taiwan, china, china_reform; the run files'"
  echo "replicates), whole process, threads: ${THREADS/#0/all $(nproc) cores}; fastest of $REPEATS;"
  echo "commit $COMMIT against $BASE_COMMIT, $(date -u +%F), $CPU, load average $LOAD0 before,"
  echo "$LOAD1 after."
  echo
  echo "| binary | wall s |"
  echo "| --- | --- |"
  echo "| this one ($COMMIT) | $t_new |"
  echo "| the issue's filing ($BASE_COMMIT) | $t_base |"
  echo
  awk -v a="$t_base" -v b="$t_new" 'BEGIN{printf "- the main job against the code of the issue'"'"'s filing: **%.2f×** faster (target ≥ 2): %s\n",
                                    a / b, (a / b >= 2 ? "met" : "NOT MET")}'
} > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
