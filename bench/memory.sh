#!/bin/bash
# Benchmark (not a test): how the peak memory of `medliab run` grows with
# the replicates, for the README's section "Memory" (a generated block
# copies this record; no memory figure there is typed by hand).
#
#   bash bench/memory.sh [BUILD_DIR] [OUT.md] [THREADS]
#
# Defaults: build, bench/memory.md, 0 (all cores; threads add only small
# fixed buffers).  Three jobs, each at several
# replicate counts, the peak resident set of the whole process (GNU time's
# %M) at each:
#   v1            validation scenario v1 (one hospital, textbook engine);
#   main job      the six regimes' run files (life-cycle engine, a time:
#                 block, pricing), as tools/quickstart.sh runs them;
#   national      scenarios/national_scale.yaml (12,000 hospitals).
# For each job a least-squares line through its points, peak = a + b N:
# b is the memory a replicate costs and a what does not grow with N (the
# program, the portfolio, HDF5 and thread buffers).  A fixed-length run
# simulates its scenarios one after another through one results buffer
# (sim/run/run.c), so b is one scenario's, not the job's sum.  The main
# job also keeps its incident counts for the regimes that share them
# (sim/engine/count_memo.h), 12 bytes a replicate per hospital, specialty
# cell and year up to ML_COUNT_MEMO_MAX entries: its line is fitted to the
# runs past that cap (where the memo no longer grows), and the record says
# where the cap falls.
# GNU_TIME overrides the path of GNU time (default /usr/bin/time); V1_N,
# JOB_N and NAT_N the replicate counts of each job (space-separated).
set -euo pipefail
BUILD=${1:-build}; OUT=${2:-bench/memory.md}; THREADS=${3:-0}
SRC=$(cd "$(dirname "$0")/.." && pwd)
ML=$BUILD/medliab
GNU_TIME=${GNU_TIME:-/usr/bin/time}
[ -x "$ML" ] || { echo "memory.sh: no $ML (build first)" >&2; exit 2; }
[ -x "$GNU_TIME" ] || { echo "memory.sh: no GNU time at $GNU_TIME (apt-get install time)" >&2; exit 2; }
S=$SRC/scenarios
V1=("$S/validation/v1_poisson_lognormal.yaml")
JOB=(); for r in us uk japan taiwan china china_reform; do JOB+=("$S/$r.yaml"); done
NAT=("$S/national_scale.yaml")
V1_N=${V1_N:-"100000 1000000 3000000 10000000"}
JOB_N=${JOB_N:-"2000 8000 16000 32000"}
NAT_N=${NAT_N:-"500 2000 8000"}
TMP=$(mktemp -d); trap 'rm -rf "$TMP" "$OUT.tmp"' EXIT
THR=(); [ "$THREADS" = 0 ] || THR=(--threads "$THREADS")

# measure NAME N FILES...: one run; appends "N peak_kB wall_s" to $TMP/NAME.
measure() {
  local name=$1 n=$2; shift 2
  "$GNU_TIME" -f "%M %e" -o "$TMP/t" "$ML" run "$@" -o "$TMP/o.h5" --replicates "$n" \
    "${THR[@]}" --force --quiet ||
    { echo "memory.sh: $name at $n replicates failed" >&2; exit 1; }
  read -r kb wall <"$TMP/t"
  echo "$n $kb $wall" >>"$TMP/$name"
}
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
for n in $V1_N; do measure v1 "$n" "${V1[@]}"; done
for n in $JOB_N; do measure job "$n" "${JOB[@]}"; done
for n in $NAT_N; do measure nat "$n" "${NAT[@]}"; done
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)

# The count memo's cap in entries (count_memo.h: ML_COUNT_MEMO_MAX, 1 << K)
# and the reference portfolio's cells (hospitals x specialties x 8).
K=$(sed -n 's/^#define ML_COUNT_MEMO_MAX ((size_t)1 << \([0-9]*\))$/\1/p' "$SRC/sim/engine/count_memo.h")
[ -n "$K" ] || { echo "memory.sh: ML_COUNT_MEMO_MAX not found in count_memo.h" >&2; exit 2; }
"$ML" run "${JOB[0]}" -o "$TMP/ref.h5" --replicates 10 --threads 1 --force --quiet
CELLS=$(/usr/bin/python3 -c '
import sys, h5py
t = h5py.File(sys.argv[1])["scenarios/us/pricing/premium_by_group"][:]
hosp = [r["hospitals"] for r in t if r["kind"] == b"total"][0]
spec = sum(r["kind"] == b"specialty" for r in t)
print(int(round(hosp)) * spec * 8)' "$TMP/ref.h5")
KNEE=$(( (1 << K) / CELLS ))

# table NAME TITLE FROM: the job's rows and its fitted line (bytes a
# replicate, MiB fixed), the least-squares fit of peak bytes on N over the
# runs of FROM replicates or more.
table() {
  echo "| $2, replicates | peak RSS | wall s |"
  echo "| ---: | ---: | ---: |"
  awk '{ printf "| %d | %.1f MiB | %.2f |\n", $1, $2 / 1024, $3 }' "$TMP/$1"
  echo
  awk -v title="$2" -v from="$3" '
    $1 >= from { n++; x[n] = $1; y[n] = $2 * 1024; sx += $1; sy += $2 * 1024 }
    END {
      if (n < 2) { printf "memory.sh: %s: fewer than 2 runs of %d replicates or more to fit\n", title, from > "/dev/stderr"; exit 1 }
      mx = sx / n; my = sy / n
      for (i = 1; i <= n; i++) { sxx += (x[i] - mx) ^ 2; sxy += (x[i] - mx) * (y[i] - my) }
      b = sxy / sxx; a = my - b * mx
      over = from > 0 ? sprintf("the %d runs of %d replicates or more", n, from) : sprintf("its %d runs", n)
      printf "- %s: **%.0f bytes a replicate** + %.1f MiB fixed (least squares over %s)\n",
             title, b, a / 1048576, over
    }' "$TMP/$1"
  echo
}
COMMIT=$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)
CPU=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)
{
  echo "<!-- memory.md: written by bench/memory.sh $BUILD $OUT $THREADS; peak memory depends"
  echo "     little on the machine: run the script to measure yours. -->"
  echo
  echo "Peak resident memory of \`medliab run ... --quiet\`, threads: ${THREADS/#0/all $(nproc) cores} (GNU time's"
  echo "maximum resident set), commit $COMMIT, $(date -u +%F), $CPU, $(nproc) cores,"
  echo "load average $LOAD0 before, $LOAD1 after."
  echo
  table v1 "v1 (one hospital, textbook engine)" 0
  table job "the main job (six regimes, life cycle, time: block, pricing)" "$KNEE"
  echo "The main job's count memo holds $(( 1 << K )) entries of 12 bytes at most"
  echo "($(awk -v k="$K" 'BEGIN{printf "%.0f", 2 ^ k * 12 / 1048576}') MiB): $CELLS cells a replicate on the reference portfolio, so it"
  echo "stops growing at $KNEE replicates, and its line is fitted from there."
  echo
  table nat "national_scale (12,000 hospitals)" 0
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
