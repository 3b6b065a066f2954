#!/bin/bash
# Benchmark (not a test), issue 15 point 8: what timing (the run file's
# `time:` block: accident years, payments by development year, trend,
# discounting, claims-made) costs the main job.  In one invocation it runs
# the six main-job run files, R replicates on T threads,
#   (a) as shipped (with time, years 1),
#   (b) from copies with the `time:` block removed,
# alternating a/b REPEATS times and taking each one's median wall time
# (target: a / b <= 1.30), then
#   (c) from copies with `years: 10`, to show how time and memory grow with
#       the accident years.
# Memory: each replicate keeps a ledger of ml_dev_stride(years, dev_years)
# float64 (models/timeline.h: 6 triangles of years x dev_years, then 3 values
# per accident year).  The script prints that figure and the one measured:
# the peak RSS (GNU time's maximum resident set) at R and 2R replicates,
# (RSS(2R) - RSS(R)) / R, with and without time, so the ledger's share is
# measured, not only computed.  A fixed-length run simulates its scenarios
# one after another through one results buffer (sim/run/run.c, run_fixed),
# so that slope is the memory per replicate of one scenario and does not
# multiply by the scenario count: the script shows it by measuring one run
# file (uk) alone at R and 2R too.
#   usage: bench/time.sh [BUILD_DIR] [R] [T] [REPEATS]   (defaults build 2000 2 3)
set -euo pipefail
BUILD=${1:-build}; R=${2:-2000}; T=${3:-2}; REPEATS=${4:-3}
SRC=$(cd "$(dirname "$0")/.." && pwd)
S=$SRC/scenarios
NAMES=(us uk japan taiwan china china_reform)
NS=${#NAMES[@]}
# The run files name their portfolio, regime, levers and curve relative to
# their own directory (sim/load/yamlread.c, ml_yr_beside), so the altered
# copies live in a directory inside scenarios/ that links to scenarios/'s
# subdirectories: the same relative paths reach the same files.
TMP=$(mktemp -d "$S/.bench_tmp_XXXX"); trap 'rm -rf "$TMP"' EXIT
for d in "$S"/*/; do
  d=$(basename "$d")
  ln -s "../$d" "$TMP/$d"
done
mkdir "$TMP/notime" "$TMP/years10" "$TMP/log"
for d in "$S"/*/; do
  d=$(basename "$d")
  ln -s "../../$d" "$TMP/notime/$d"
  ln -s "../../$d" "$TMP/years10/$d"
done
WITH=(); WITHOUT=(); Y10=()
for n in "${NAMES[@]}"; do
  f=$S/$n.yaml
  grep -q '^time:' "$f" || { echo "$f has no time: block"; exit 2; }
  grep -Eq '^  years: 1( |$)' "$f" || { echo "$f: time: years is not 1"; exit 2; }
  # The block is the line `time:` and the indented lines after it.
  awk '/^time:/{skip=1; next} skip && /^[ \t]/{next} {skip=0; print}' "$f" > "$TMP/notime/$n.yaml"
  sed -E 's/^  years: 1( |$)/  years: 10\1/' "$f" > "$TMP/years10/$n.yaml"
  WITH+=("$f"); WITHOUT+=("$TMP/notime/$n.yaml"); Y10+=("$TMP/years10/$n.yaml")
done
! grep -q '^time:' "${WITHOUT[@]}" || { echo "time: block not removed"; exit 2; }
DEV=$(awk '/^  development_years:/{print $2; exit}' "$S/us.yaml")
for f in "${WITH[@]}"; do
  [ "$(awk '/^  development_years:/{print $2; exit}' "$f")" = "$DEV" ] ||
    { echo "$f: development_years differs from us.yaml's $DEV"; exit 2; }
done
# The results do not depend on the wait policy, only the speed does: an
# idle OpenMP thread spinning between parallel regions burns the other core
# of a shared machine (README, "Performance").
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
TIME=/usr/bin/time
[ -x "$TIME" ] || { echo "GNU time (/usr/bin/time, package time) is needed for the memory figure"; exit 2; }
[ -x "$BUILD/medliab" ] || { echo "$BUILD/medliab not found (build first)"; exit 2; }

run() { # label replicates files...  -> appends "wall rss_kB cpu" to $TMP/log/<label>
  local label=$1 reps=$2; shift 2
  "$TIME" -f "%e %M %U %S" -o "$TMP/t" "$BUILD/medliab" run "$@" -o "$TMP/out.h5" --force \
    --quiet --replicates "$reps" --threads "$T"
  read -r wall rss usr sys < "$TMP/t"
  cpu=$(echo "$usr + $sys" | bc -l)
  printf '  %-22s %8.2f s wall %8.2f s cpu  peak RSS %8.1f MiB\n' "$label" "$wall" "$cpu" \
    "$(echo "$rss/1024" | bc -l)"
  echo "$wall $rss $cpu" >> "$TMP/log/$label"
}
median() { # file [column]: the median of column 1 (wall) or the one given (3: cpu)
  local k=${2:-1}
  sort -n -k"$k,$k" "$1" | awk -v k="$k" '{w[NR]=$k} END{print (NR%2 ? w[(NR+1)/2] : (w[NR/2]+w[NR/2+1])/2)}'
}
maxrss() { # file: the largest column 2 (kB)
  awk 'BEGIN{m=0} $2>m{m=$2} END{print m}' "$1"
}

echo "== main job: six run files, $R replicates, $T threads, $REPEATS repeats (a/b alternating) =="
for i in $(seq 1 "$REPEATS"); do
  run with_time "$R" "${WITH[@]}"
  run without_time "$R" "${WITHOUT[@]}"
done
echo "== memory: $((2 * R)) replicates; years 10 =="
run with_time_2R "$((2 * R))" "${WITH[@]}"
run without_time_2R "$((2 * R))" "${WITHOUT[@]}"
run years10 "$R" "${Y10[@]}"
run years10_2R "$((2 * R))" "${Y10[@]}"
run uk_alone "$R" "$S/uk.yaml"
run uk_alone_2R "$((2 * R))" "$S/uk.yaml"

A=$(median "$TMP/log/with_time"); B=$(median "$TMP/log/without_time")
AC=$(median "$TMP/log/with_time" 3); BC=$(median "$TMP/log/without_time" 3)
CC=$(median "$TMP/log/years10" 3)
A_RSS=$(maxrss "$TMP/log/with_time"); B_RSS=$(maxrss "$TMP/log/without_time")
A2_RSS=$(maxrss "$TMP/log/with_time_2R"); B2_RSS=$(maxrss "$TMP/log/without_time_2R")
C=$(median "$TMP/log/years10"); C_RSS=$(maxrss "$TMP/log/years10"); C2_RSS=$(maxrss "$TMP/log/years10_2R")
U_RSS=$(maxrss "$TMP/log/uk_alone"); U2_RSS=$(maxrss "$TMP/log/uk_alone_2R")
echo "== summary =="
awk -v a="$A" -v b="$B" -v c="$C" -v ac="$AC" -v bc="$BC" -v cc="$CC" -v ar="$A_RSS" -v br="$B_RSS" -v cr="$C_RSS" \
    -v ar2="$A2_RSS" -v br2="$B2_RSS" -v cr2="$C2_RSS" -v ur="$U_RSS" -v ur2="$U2_RSS" -v r="$R" -v ns="$NS" -v D="$DEV" 'BEGIN{
  ratio = a / b;
  printf "median, with time (years 1)    %8.2f s wall %8.2f s cpu   peak RSS %8.1f MiB\n", a, ac, ar/1024;
  printf "median, without time           %8.2f s wall %8.2f s cpu   peak RSS %8.1f MiB\n", b, bc, br/1024;
  printf "ratio with / without, wall     %8.3f     within 1.30: %s\n", ratio, (ratio<=1.30?"yes":"NO");
  printf "ratio with / without, cpu      %8.3f     within 1.30: %s\n", ac/bc, (ac/bc<=1.30?"yes":"NO");
  printf "years 10                       %8.2f s wall %8.2f s cpu   peak RSS %8.1f MiB   (cpu %.2f x years 1)\n", c, cc, cr/1024, cc/ac;
  printf "ledger per replicate per scenario (ml_dev_stride x 8 bytes, %d development years):\n", D;
  for (k = 0; k < 2; k++) {
    y = (k == 0 ? 1 : 10);
    printf "  years %2d: (6 x %d x %d + 3 x %d) doubles = %6d bytes\n", y, y, D, y, (6*y*D + 3*y) * 8;
  }
  printf "measured RSS growth per replicate, (RSS(%d) - RSS(%d)) / %d (scenarios run one at a time):\n", 2*r, r, r;
  gw = (ar2 - ar) * 1024 / r; gb = (br2 - br) * 1024 / r; gc = (cr2 - cr) * 1024 / r;
  gu = (ur2 - ur) * 1024 / r;
  printf "  six run files, with time, years 1   %8.0f bytes\n", gw;
  printf "  uk alone, with time, years 1        %8.0f bytes\n", gu;
  printf "  six run files, without time         %8.0f bytes\n", gb;
  printf "  six run files, with time, years 10  %8.0f bytes\n", gc;
  printf "  time adds                           %8.0f bytes (years 1), %.0f bytes (years 10)\n", gw - gb, gc - gb;
}'
