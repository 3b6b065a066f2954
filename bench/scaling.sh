#!/bin/bash
# Benchmark (not a test): how medliab scales (issue 6).
#
#   bench/scaling.sh [SERIAL_BUILD] [MPI_BUILD]    (MPI_BUILD "none": no MPI tables)
#
# 1. strong scaling over OpenMP threads: one process, a fixed run, threads
#    1, 2, 4, ... up to the cores (serial build);
# 2. strong scaling over MPI ranks: the same run, ranks 1, 2, 4, ... with one
#    thread each (MPI build);
# 3. weak scaling over ranks: WEAK_REPS replicates per rank;
# 3b. strong and weak scaling over shards (issue 18): p processes of one
#    thread, each `medliab run --shard K/p` into its own shard, started
#    together, then `medliab merge` (its time included); the merged file is
#    compared with the one-thread run's by h5diff.  Needs no MPI build;
#    without one, the rank tables and the national run are skipped;
# 3c. memory of shards: validation scenario v1 at MEM_REPS replicates, the
#    peak RSS of one process running it whole, of each of MEM_SHARDS shard
#    processes and of their merge (/usr/bin/time);
# 3d. memory per MPI rank (issue 18): v1 at MEM_RANK_REPS replicates on
#    each rank count of MEM_RANKS, one thread a rank; the peak RSS of the
#    largest rank and its ratio to the first count's (MPI build; each rank
#    keeps only its block and the results are computed across the ranks);
#    the files compared by h5diff;
# 4. the national-scale portfolio (scenarios/national_scale.yaml, 12,000
#    hospitals) at NATIONAL_REPS replicates on all cores as ranks (and on
#    the rank counts in NATIONAL_P), wall time and peak memory of every rank
#    (/usr/bin/time -v).
#
# Parallel efficiency: E(p) = T(1) / (p T(p)); "step" is the efficiency of
# going from the previous row to this one, T(prev) prev / (T(p) p).  Weak
# scaling efficiency is T(1) / T(p) (ideal 1: p times the work in the same
# time).  "cpu s" is user + system time of all processes, and "cpu eff" the
# work efficiency T_cpu(1) / T_cpu(p) (weak: p T_cpu(1) / T_cpu(p)): the
# work parallelism adds (MPI start-up, gathers, summaries every rank
# repeats), which other load on the machine does not hide.  Times are wall-clock seconds of the whole command, MPI start-up
# and the file write included, the best of REPEAT runs (a shared machine
# is noisy: other work only ever makes a run slower).  Every run of one table has the same seed,
# and the files are compared by h5diff: a faster run must give the same
# answer.
#
# Settings (environment): MEM_REPS (default 1000000; 0 skips 3c),
# MEM_RANK_REPS (default 10000000; 0 skips 3d), MEM_RANKS (default "1 2 4"),
# MEM_SHARDS (default 4), REPS (strong scaling, default 20000: about 16 s
# on one thread of the 2-core development machine, so that at 16 threads
# a run is still about a second against the tens of milliseconds of
# process start and file write), WEAK_REPS (per rank, default 5000), NATIONAL_REPS (default 100000; 0 skips it),
# NATIONAL_P (rank counts of the national run, default MAXP; "1 2" adds a
# one-rank run for comparison),
# MAXP (largest thread/rank count, default nproc), REPEAT (runs per row,
# best kept; default 3), OUT (default
# results/out/scaling; a CSV of every row goes there), RECORD (default
# bench/scaling.md: the output as a Markdown record, with the date, commit
# and machine, which tools/readme_update.sh copies into the README; "-"
# writes none), GNU_TIME (GNU time's binary, default /usr/bin/time),
# COMMIT (the commit the record names, default git's HEAD: a copy of the
# tree without its .git, as bench/device.sh runs, passes it), RECORD_BY
# (what the record's comment says wrote it, default this script).
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
SERIAL=${1:-$SRC/build}/medliab
MPIML=${2:-$SRC/build-mpi}/medliab
REPS=${REPS:-20000} WEAK_REPS=${WEAK_REPS:-5000} NATIONAL_REPS=${NATIONAL_REPS:-100000}
MAXP=${MAXP:-$(nproc)} REPEAT=${REPEAT:-3} NATIONAL_P=${NATIONAL_P:-$MAXP}
MEM_REPS=${MEM_REPS:-1000000} MEM_SHARDS=${MEM_SHARDS:-4}
MEM_RANK_REPS=${MEM_RANK_REPS:-10000000} MEM_RANKS=${MEM_RANKS:-1 2 4}
OUT=${OUT:-$SRC/results/out/scaling}
export GNU_TIME=${GNU_TIME:-/usr/bin/time}
COMMIT=${COMMIT:-$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)}
for tool in "$GNU_TIME" h5diff; do
  command -v "$tool" >/dev/null || { echo "scaling.sh: $tool not found (Debian: apt-get install time hdf5-tools)" >&2; exit 2; }
done
calc() { awk "BEGIN { printf \"%.12g\\n\", ($1) }"; } # arithmetic and comparisons (1 or 0)
RECORD=${RECORD:-$SRC/bench/scaling.md}
# The whole output goes to the terminal and to the record's log.
mkdir -p "$OUT"
LOG=$OUT/scaling.log
exec > >(tee "$LOG") 2>&1
# On any exit, tee gets to the end before the script does, so that whoever
# reads this script's output (bench/device.sh, a test) sees its last line.
TEE=$!
trap 'exec >&- 2>&-; wait "$TEE"' EXIT
ARGS="$*"
SC=$SRC/scenarios/national_scale.yaml
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# No binding: each rank runs its own OpenMP threads.  A waiting rank
# yields its core (the machine may be shared; on a dedicated node unset it).
MPIRUN=(mpirun --oversubscribe --bind-to none)
export OMPI_MCA_mpi_yield_when_idle=${OMPI_MCA_mpi_yield_when_idle:-1}
mkdir -p "$OUT"
CSV=$OUT/scaling.csv
echo "table,p,replicates,seconds,efficiency,step_efficiency,cpu_seconds,cpu_efficiency" >"$CSV"
[ -x "$SERIAL" ] || { echo "no $SERIAL: build it first (README, Quick start)" >&2; exit 2; }
HAVE_MPI=1
if [ ! -x "$MPIML" ]; then
  HAVE_MPI=0 NATIONAL_REPS=0 MEM_RANK_REPS=0
  where="at $MPIML"; [ "${2:-}" = none ] && where="given"
  echo "(no MPI build $where: the rank tables, the memory per rank and the national run are skipped;" \
    "README, Running on a cluster)"
fi
# One run as p shards started together, one thread each, then their merge;
# called as the table's command, with its -o OUT --replicates N after.
# Each shard waited for by its PID: `wait -n` returned 127 when the shards
# had all ended before it was called (short runs), and the table stopped.
SHARDS='ML=$1 SC=$2 p=$3 out=$5 reps=$7 d=$5.parts
rm -rf "$d"; mkdir -p "$d"
pids=()
for k in $(seq 0 $((p - 1))); do
  "$ML" run "$SC" --replicates "$reps" --shard "$k/$p" --threads 1 -o "$d/part_$k.h5" --quiet &
  pids+=($!)
done
fail=0; for pid in "${pids[@]}"; do wait "$pid" || fail=1; done
[ $fail = 0 ] && "$ML" merge "$out" "$d"/part_*.h5 --threads "$p" --force --quiet'


counts() { # 1 2 4 ... up to MAXP, and MAXP itself
  local p=1
  while [ "$p" -lt "$MAXP" ]; do echo $p; p=$((p * 2)); done
  echo "$MAXP"
}

now() { date +%s.%N; }

echo "== machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== scenario: national_scale (12,000 hospitals), seed 20261123"

# table NAME KIND: runs one row per p, prints and records it.
# KIND threads: serial build, p threads; ranks: MPI build, p ranks x 1
# thread; weak: p ranks x 1 thread, p * WEAK_REPS replicates.
table() {
  local name=$1 kind=$2 t1="" c1="" prev_t="" prev_p=""
  printf '\n%-8s %5s %10s %9s %11s %6s %8s %10s\n' "$name" p replicates seconds efficiency \
    step "cpu s" "cpu eff"
  for p in $(counts); do
    local reps=$REPS out="$OUT/$kind-$p.h5" cmd
    case $kind in
    threads) cmd=("$SERIAL" run "$SC" --threads "$p") ;;
    ranks) cmd=("${MPIRUN[@]}" -np "$p" "$MPIML" run "$SC" --threads 1) ;;
    weak) reps=$((WEAK_REPS * p)); cmd=("${MPIRUN[@]}" -np "$p" "$MPIML" run "$SC" --threads 1) ;;
    shards) cmd=(bash -c "$SHARDS" _ "$SERIAL" "$SC" "$p") ;;
    weak_shards) reps=$((WEAK_REPS * p)); cmd=(bash -c "$SHARDS" _ "$SERIAL" "$SC" "$p") ;;
    esac
    local t="" c="" dt dc
    for _ in $(seq "$REPEAT"); do
      "$GNU_TIME" -f "%e %U %S" -o "$OUT/t" "${cmd[@]}" -o "$out" --replicates "$reps" \
        --force --quiet || { echo "FAIL: $kind $p: the run failed (exit $?)" >&2; exit 1; }
      dt=$(awk '{print $1}' "$OUT/t") dc=$(awk '{print $2 + $3}' "$OUT/t")
      if [ -z "$t" ] || [ "$(calc "$dt < $t")" = 1 ]; then t=$dt c=$dc; fi
    done
    [ -z "$t1" ] && t1=$t c1=$c
    local eff step ceff
    if [ "$kind" = weak ] || [ "$kind" = weak_shards ]; then
      eff=$(calc "$t1 / $t")
      step=$([ -n "$prev_t" ] && calc "$prev_t / $t" || echo 1)
      ceff=$(calc "$p * $c1 / $c")
    else
      eff=$(calc "$t1 / ($p * $t)")
      step=$([ -n "$prev_t" ] && calc "$prev_t * $prev_p / ($t * $p)" || echo 1)
      ceff=$(calc "$c1 / $c")
      # Same seed, same replicates: the file must not depend on p.
      local ref=$OUT/$kind-1.h5
      [ "$kind" = shards ] && ref=$OUT/threads-1.h5
      if [ "$p" != 1 ] || [ "$kind" = shards ] && ! h5diff -q "$ref" "$out" /scenarios /scenarios; then
        echo "FAIL: $kind $p gave a different file" >&2; exit 1
      fi
    fi
    printf '%-8s %5d %10d %9.2f %10.1f%% %5.1f%% %8.2f %9.1f%%\n' "" "$p" "$reps" "$t" \
      "$(calc "100 * $eff")" "$(calc "100 * $step")" "$c" \
      "$(calc "100 * $ceff")"
    echo "$name,$p,$reps,$t,$eff,$step,$c,$ceff" >>"$CSV"
    prev_t=$t prev_p=$p
  done
}

table threads threads
if [ "$HAVE_MPI" = 1 ]; then
  table ranks ranks
  table weak weak
  h5diff -q "$OUT/threads-1.h5" "$OUT/ranks-1.h5" /scenarios /scenarios &&
    echo "(serial build, 1 thread, and MPI build, 1 rank: identical files)"
fi
table shards shards
echo "(every merged file identical to the one-thread run's: h5diff)"
table weak-sh weak_shards

if [ "$MEM_REPS" -gt 0 ]; then
  V1=$SRC/scenarios/validation/v1_poisson_lognormal.yaml
  echo
  echo "== memory: v1 at $MEM_REPS replicates, whole and as $MEM_SHARDS shards (one thread each)"
  peak() { awk '{printf "%.1f", $1 / 1024}' "$1"; } # kB -> MiB
  "$GNU_TIME" -f %M -o "$OUT/m.whole" "$SERIAL" run "$V1" --replicates "$MEM_REPS" \
    --threads 1 -o "$OUT/mem-whole.h5" --force --quiet
  printf '%-28s peak RSS %s MiB\n' "one process, whole run" "$(peak "$OUT/m.whole")"
  echo "mem,whole,$MEM_REPS,,,,,peak_kb=$(cat "$OUT/m.whole")" >>"$CSV"
  for k in $(seq 0 $((MEM_SHARDS - 1))); do
    "$GNU_TIME" -f %M -o "$OUT/m.$k" "$SERIAL" run "$V1" --replicates "$MEM_REPS" \
      --shard "$k/$MEM_SHARDS" --threads 1 -o "$OUT/mem-part_$k.h5" --force --quiet
    printf '%-28s peak RSS %s MiB\n' "shard $k/$MEM_SHARDS" "$(peak "$OUT/m.$k")"
    echo "mem,shard_$k,$MEM_REPS,,,,,peak_kb=$(cat "$OUT/m.$k")" >>"$CSV"
  done
  "$GNU_TIME" -f %M -o "$OUT/m.merge" "$SERIAL" merge "$OUT/mem-merged.h5" \
    "$OUT"/mem-part_*.h5 --threads 1 --force --quiet
  printf '%-28s peak RSS %s MiB\n' "merge" "$(peak "$OUT/m.merge")"
  echo "mem,merge,$MEM_REPS,,,,,peak_kb=$(cat "$OUT/m.merge")" >>"$CSV"
  h5diff -q "$OUT/mem-whole.h5" "$OUT/mem-merged.h5" /scenarios /scenarios &&
    echo "(merged file identical to the whole run's)"
  rm -f "$OUT"/mem-*.h5
fi

if [ "$MEM_RANK_REPS" -gt 0 ]; then
  V1=$SRC/scenarios/validation/v1_poisson_lognormal.yaml
  echo
  echo "== memory per rank: v1 at $MEM_RANK_REPS replicates on $MEM_RANKS rank(s), one thread" \
    "each (each rank keeps its own block)"
  one=
  for np in $MEM_RANKS; do
    rm -f "$OUT"/mr.*
    "${MPIRUN[@]}" -np "$np" bash -c '"$GNU_TIME" -f %M -o "$0.${OMPI_COMM_WORLD_RANK:-0}" "$@"' \
      "$OUT/mr" "$MPIML" run "$V1" --replicates "$MEM_RANK_REPS" --threads 1 \
      -o "$OUT/memr-$np.h5" --force --quiet
    max=$(cat "$OUT"/mr.* | sort -n | tail -1)
    [ -n "$one" ] || one=$max
    printf '%-28s peak RSS of the largest rank %.1f MiB, %.3f of one rank'"'"'s\n' \
      "$np rank(s)" "$(calc "$max / 1024")" "$(calc "$max / $one")"
    echo "memr,ranks_$np,$MEM_RANK_REPS,,,,,peak_kb=$max" >>"$CSV"
    if [ "$np" != "${MEM_RANKS%% *}" ]; then
      h5diff -q "$OUT/memr-${MEM_RANKS%% *}.h5" "$OUT/memr-$np.h5" /scenarios /scenarios &&
        echo "(identical to the ${MEM_RANKS%% *}-rank run's file)"
    fi
  done
  rm -f "$OUT"/memr-*.h5
fi

for np in $NATIONAL_P; do
  [ "$NATIONAL_REPS" -gt 0 ] || break
  echo
  echo "== national_scale at $NATIONAL_REPS replicates: $np rank(s) x 1 thread," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  rm -f "$OUT"/time.*
  "$GNU_TIME" -f "%e %U %S" -o "$OUT/t" "${MPIRUN[@]}" -np "$np" \
    bash -c '"$GNU_TIME" -v -o "$0.${OMPI_COMM_WORLD_RANK:-0}" "$@"' \
    "$OUT/time" "$MPIML" run "$SC" -o "$OUT/national-$np.h5" --replicates "$NATIONAL_REPS" \
    --threads 1 --force --quiet
  t=$(awk '{print $1}' "$OUT/t") c=$(awk '{print $2 + $3}' "$OUT/t")
  size=$(stat -c %s "$OUT/national-$np.h5")
  printf 'wall %.1f s, cpu %.1f s for %d replicates (%.0f replicates/s); file %.1f MB\n' \
    "$t" "$c" "$NATIONAL_REPS" "$(calc "$NATIONAL_REPS / $t")" \
    "$(calc "$size / 1000000")"
  for f in "$OUT"/time.*; do
    r=${f##*.}
    rss=$(awk -F: '/Maximum resident set size/{gsub(/ /, "", $2); print $2}' "$f")
    el=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$f")
    printf 'rank %s of %s: peak memory %.1f MB, elapsed %s\n' "$r" "$np" \
      "$(calc "$rss / 1024")" "$el"
    echo "national_np${np}_rank_$r,$np,$NATIONAL_REPS,$t,,,$c,peak_kb=$rss" >>"$CSV"
  done
done
if [ "$NATIONAL_REPS" -gt 0 ] && [ -f "$OUT/national-1.h5" ] && [ -f "$OUT/national-$MAXP.h5" ]; then
  h5diff -q "$OUT/national-1.h5" "$OUT/national-$MAXP.h5" /scenarios /scenarios &&
    echo "(national_scale: 1 and $MAXP ranks wrote identical files)"
fi
echo
echo "rows in $CSV"

if [ "$RECORD" != - ]; then
  sleep 0.2 # let tee write the last lines
  {
    echo "<!-- $(basename "$RECORD"): written by ${RECORD_BY:-bench/scaling.sh $ARGS}; timings depend on the machine and"
    echo "     its load: run the script to measure yours. -->"
    echo
    echo "\`bench/scaling.sh\`, commit $COMMIT," \
      "$(date -u +%F); settings REPS=$REPS WEAK_REPS=$WEAK_REPS MEM_REPS=$MEM_REPS" \
      "MEM_SHARDS=$MEM_SHARDS MEM_RANK_REPS=$MEM_RANK_REPS MEM_RANKS=\"$MEM_RANKS\" NATIONAL_REPS=$NATIONAL_REPS MAXP=$MAXP REPEAT=$REPEAT." \
      "Efficiency E(p) = T(1) / (p T(p)); weak: T(1) / T(p)."
    echo
    echo '```'
    grep -v '^rows in ' "$LOG"
    echo '```'
  } >"$RECORD.tmp" && mv "$RECORD.tmp" "$RECORD"
  echo "record written to $RECORD"
fi
