#!/bin/bash
# Benchmark helper (not a test), issue 16 point 5: the thread-scaling table
# on a lent many-core machine that has no GSL, no HDF5 and no package
# registry (README, "Performance"):
#
#   bash bench/device.sh pack [BUILD_DIR] [PACK_DIR]   # here, after a build
#   bash bench/device.sh run [PACK_DIR]                # there, in a copy of the tree
#   bash bench/device.sh verdict SCALING.csv           # the target's line again
#
# pack copies medliab, h5diff and GNU time, with every shared library
# they load except the C library's own (the other machine's newer glibc
# serves those), into PACK_DIR (default build-device, ignored by git: name
# it in the device call's carry), and checks that, with only PACK_DIR/lib
# on the library path, nothing resolves elsewhere and medliab starts.  The
# pack records the commit it was built from ("+changes" if the tree had
# uncommitted changes).
#
# run puts the pack first on PATH and the library path and runs
# bench/scaling.sh with the serial build only (the MPI tables need an MPI
# the pack does not carry): strong scaling over threads and over shards,
# weak scaling over shards, on national_scale, 1, 2, 4, ... up to the
# machine's cores.  Output under $OUT (the device's returned folder;
# default results/out/device): the log, the CSV and the record device.md.
# It ends with the issue's target read off the CSV: efficiency at 16
# threads (or at the most threads run) >= 90%.  Copy that record to
# bench/device.md and run tools/readme_update.sh: the README's
# bench-results block then shows it after the 2-core bench/scaling.md.
# Settings as scaling.sh's (REPS=20000 WEAK_REPS=5000 REPEAT=3 by
# default; its memory table is seconds' work and runs too): on 16 cores
# the whole script should take about 5 minutes (estimated from this 2-core
# machine's one-thread time, 16 s for 20000 replicates), inside one device
# call's 10.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
# The C library's own objects: the machine that runs the pack has its own
# (and a newer one loads what an older one linked against).
GLIBC='^(linux-vdso|ld-linux|libc|libm|libpthread|libdl|librt|libresolv|libutil|libmvec)[.-]'

pack() {
  local build=${1:-$SRC/build} dir=${2:-$SRC/build-device}
  local bins=("$build/medliab") b
  command -v h5diff >/dev/null || { echo "device.sh: h5diff not found (apt-get install hdf5-tools)" >&2; exit 2; }
  bins+=("$(command -v h5diff)")
  [ -x /usr/bin/time ] || { echo "device.sh: /usr/bin/time not found (apt-get install time)" >&2; exit 2; }
  bins+=(/usr/bin/time)
  [ -x "$build/medliab" ] || { echo "device.sh: no $build/medliab (build first)" >&2; exit 2; }
  rm -rf "$dir"; mkdir -p "$dir/bin" "$dir/lib"
  for b in "${bins[@]}"; do
    cp -L "$b" "$dir/bin/"
    # ldd's "name => path (address)" lines: every library, transitively.
    ldd "$b" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}' | while read -r name path; do
      [[ $name =~ $GLIBC ]] || cp -L "$path" "$dir/lib/$name"
    done
  done
  local commit
  commit=$(git -C "$SRC" rev-parse --short HEAD 2>/dev/null || echo unknown)
  git -C "$SRC" diff --quiet HEAD -- 2>/dev/null || commit="$commit+changes"
  echo "$commit" >"$dir/commit"
  check "$dir"
  echo "pack: $dir ($(du -sh "$dir" | cut -f1), $(ls "$dir/lib" | wc -l) libraries, commit $commit)"
}

check() { # the pack loads from itself alone
  local dir=$1 bad
  bad=$(for b in "$dir"/bin/*; do
    # (ldd fails on a file that is not a dynamic executable: nothing to check)
    { env -i LD_LIBRARY_PATH="$dir/lib" ldd "$b" 2>/dev/null || true; } |
      awk -v d="$dir/lib/" -v g="$GLIBC" '/not found/ {print; next}
        $2 == "=>" && index($3, d) != 1 && $1 !~ g {print}'
  done)
  [ -z "$bad" ] || { echo "device.sh: libraries from outside the pack:"; echo "$bad"; exit 1; } >&2
  env -i LD_LIBRARY_PATH="$dir/lib" "$dir/bin/medliab" --version >/dev/null ||
    { echo "device.sh: $dir/bin/medliab does not start" >&2; exit 1; }
}

run() {
  local dir=${1:-$SRC/build-device} out=${OUT:-$SRC/results/out/device}
  [ -x "$dir/bin/medliab" ] || { echo "device.sh: no pack at $dir (bench/device.sh pack, then carry it)" >&2; exit 2; }
  dir=$(cd "$dir" && pwd)
  export PATH="$dir/bin:$PATH" LD_LIBRARY_PATH="$dir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  export GNU_TIME="$dir/bin/time" COMMIT=$(cat "$dir/commit")
  check "$dir"
  mkdir -p "$out"
  # No MPI build: scaling.sh skips the rank tables.
  local record=${RECORD:-$out/device.md}
  OUT="$out" RECORD="$record" RECORD_BY="bench/device.sh run (bench/scaling.sh, no MPI)" \
    bash "$SRC/bench/scaling.sh" "$dir/bin" none
  verdict "$out/scaling.csv" | tee -a "$record"
}

verdict() { # CSV: the target's line, from the threads table's 16-thread row (else its last)
  awk -F, '$1 == "threads" && !at16 {p = $2; e = $5; at16 = ($2 == 16)} END {
    if (p == "") { print "device.sh: no threads rows in " FILENAME > "/dev/stderr"; exit 1 }
    printf "- threads: efficiency at %d threads %.1f%% (issue 16: >= 90%% at 16 threads): %s\n",
      p, 100 * e, (p < 16 ? "not checked (fewer than 16 threads)" : (e >= 0.9 ? "MET" : "NOT MET"))
  }' "$1"
}

case ${1:-} in
pack) shift; pack "$@" ;;
run) shift; run "$@" ;;
verdict) shift; verdict "$@" ;;
*) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; [ "${1:-}" = -h ] || [ "${1:-}" = --help ] || exit 2 ;;
esac
