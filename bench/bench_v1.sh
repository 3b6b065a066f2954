#!/bin/bash
# Benchmark (not a test), issue 16 points 1 and 2: `medliab bench` on
# validation scenario v1, one thread: the engine against the engine as it
# was when the issue was filed (one stream at a time, GSL's Poisson, libm's
# exp: the baseline in the same run), against the same variates drawn
# alone, and the time of the stages after it (results, write) at one
# thread and at every core.  Writes the record as Markdown (with the date,
# commit, processor and load) for the README's Performance section, which
# tools/readme_update.sh copies from it (block bench-results).
#
#   bash bench/bench_v1.sh [BUILD_DIR] [REPLICATES] [OUT.md] [REPEATS]
#
# Defaults: build, 1000000, bench/bench_v1.md, 3.  Of the repeats the one
# with the smallest engine time is kept (the machine's other load only
# ever adds time).
#
# BASE=path/to/medliab: also the engine of that binary (the same pinning,
# fastest of as many repeats, run after this one's), for the code as it
# was when issue 16 was filed, built from its commit:
#   git worktree add /tmp/base e42b5b1^ && cmake -S /tmp/base -B /tmp/base/build \
#     -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/base/build --target medliab
#   BASE=/tmp/base/build/medliab bash bench/bench_v1.sh
#
# One-thread runs are pinned to the last CPU (taskset, where there is one):
# unpinned, on the 2-vCPU development machine the same engine run took
# 0.23 s or 0.34-0.42 s by where the scheduler put it.
set -euo pipefail
BUILD=${1:-build}; N=${2:-1000000}; OUT=${3:-bench/bench_v1.md}; REPEATS=${4:-3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
V1=$SRC/scenarios/validation/v1_poisson_lognormal.yaml
ML=$BUILD/medliab
[ -x "$ML" ] || { echo "bench_v1.sh: no $ML (build first)" >&2; exit 2; }
BASE=${BASE:-}
[ -z "$BASE" ] || [ -x "$BASE" ] || { echo "bench_v1.sh: BASE=$BASE is not an executable" >&2; exit 2; }
PIN=()
if command -v taskset >/dev/null; then PIN=(taskset -c "$(( $(nproc) - 1 ))"); fi
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
best=""; best_t=""; base_t=""
for _ in $(seq "$REPEATS"); do
  o=$(OMP_NUM_THREADS=1 "${PIN[@]}" "$ML" bench "$V1" --replicates "$N")
  t=$(echo "$o" | awk '/^engine  /{print $2}')
  if [ -z "$best_t" ] || awk -v a="$t" -v b="$best_t" 'BEGIN{exit !(a < b)}'; then
    best=$o; best_t=$t
  fi
done
# The base after, not in turns: on the development machine a run of this
# binary right after the base's (5 s of work, 1.7 GB freed) was 10-50%
# slower, pinned or not, and in turns that penalty fell on one side only.
for _ in $(seq "$REPEATS"); do
  [ -n "$BASE" ] || break
  b=$(OMP_NUM_THREADS=1 "${PIN[@]}" "$BASE" bench "$V1" --replicates "$N" |
      awk '/^engine  /{print $2}')
  if [ -z "$base_t" ] || awk -v a="$b" -v c="$base_t" 'BEGIN{exit !(a < c)}'; then
    base_t=$b
  fi
done
CORES=$(nproc)
all=$("$ML" bench "$V1" --replicates "$N" --threads 0 | grep -E '^(results|write) ')
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
ratio=$(echo "$best" | awk '/^ratio engine as before/{print $NF}')
post=$(echo "$best" | awk '/^results /{r=$2} /^write /{w=$2} /^engine  /{e=$2}
                           END{printf "%.3f", (r + w) / e}')
CPU=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)
COMMIT=$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "<!-- bench_v1.md: written by bench/bench_v1.sh $BUILD $N $OUT $REPEATS; timings depend"
  echo "     on the machine and its load: run the script to measure yours. -->"
  echo
  echo "\`medliab bench\`, validation scenario v1, $N replicates, one thread$([ ${#PIN[@]} -gt 0 ] && echo " pinned to CPU ${PIN[2]}") (the"
  echo "fastest engine of $REPEATS repeats); commit $COMMIT, $(date -u +%F), $CPU,"
  echo "$CORES cores, load average $LOAD0 before, $LOAD1 after."
  echo
  echo '```'
  echo "$best"
  echo "-- the stages after the engine on all $CORES cores --"
  echo "$all"
  echo '```'
  echo
  awk -v r="$ratio" 'BEGIN{printf "- engine against the engine as before, same run: **%.2f×** (target ≥ 4): %s\n",
                      r, (r >= 4 ? "met" : "NOT MET")}'
  if [ -n "$BASE" ]; then
    BASE_COMMIT=$(git -C "$(dirname "$BASE")/.." rev-parse --short HEAD 2>/dev/null || echo unknown)
    awk -v b="$base_t" -v e="$best_t" -v c="$BASE_COMMIT" 'BEGIN{
      printf "- engine against the code of the issue'"'"'s filing (commit %s, its own `medliab bench`, same pinning, fastest of each): %.3f s against %.3f s, **%.2f×** (target ≥ 4): %s\n",
             c, b, e, b / e, (b / e >= 4 ? "met" : "NOT MET")}'
  fi
  awk -v p="$post" 'BEGIN{printf "- results and write, one thread, over the engine: **%.3f** (target ≤ 0.25): %s\n",
                      p, (p <= 0.25 ? "met" : "NOT MET")}'
} > "$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
