#!/bin/bash
# Fuzzes the scenario loader with libFuzzer, under ASan and UBSan.
#
#   usage: tests/fuzz/run.sh SECONDS [BUILD_DIR]     (default build-fuzz)
#
# Builds BUILD_DIR with clang (MEDLIAB_FUZZ=ON, MEDLIAB_SANITIZE=ON, no
# OpenMP) if needed, then fuzzes for SECONDS.  Seeds: tests/fuzz/corpus
# (extra hand-written seeds), every file under scenarios/ and the bad-input
# catalogue; new inputs go to a scratch folder, never into the source tree.
# A crash, leak, sanitizer finding or an input slower than 10 s fails the
# run and leaves the input in BUILD_DIR/fuzz-artifacts/.  The last lines
# printed give the executions count (stat::number_of_executed_units).
set -euo pipefail
SECS=${1:?usage: run.sh SECONDS [BUILD_DIR]}
cd "$(dirname "$0")/../.."
B=${2:-build-fuzz}
if [ ! -x "$B/tests/fuzz/fuzz_scenario" ]; then
  CC=clang cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEDLIAB_FUZZ=ON \
    -DMEDLIAB_SANITIZE=ON -DMEDLIAB_OPENMP=OFF >/dev/null
fi
cmake --build "$B" -j"$(nproc)" --target fuzz_scenario >/dev/null
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$B/fuzz-artifacts"
# detect_leaks: an input that leaks fails the run.  Progress lines go to the
# log only; the summary and any finding are printed.
set +e
ASAN_OPTIONS=detect_leaks=1 \
"$B/tests/fuzz/fuzz_scenario" -max_total_time="$SECS" -rss_limit_mb=2048 -timeout=10 \
  -max_len=16384 -print_final_stats=1 -artifact_prefix="$B/fuzz-artifacts/" \
  "$WORK" tests/fuzz/corpus scenarios tests/bad_input >"$B/fuzz-last.log" 2>&1
rc=$?
set -e
grep -v -E '^(#[0-9]+|"|###### )' "$B/fuzz-last.log" | tail -n 40
grep -E '^#[0-9]+' "$B/fuzz-last.log" | tail -n 1
echo "fuzz_scenario: exit $rc after $SECS s (log: $B/fuzz-last.log)"
exit "$rc"
