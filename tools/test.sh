#!/bin/bash
# The README's second command, and what CI runs: build and run every test.
#
#   bash tools/test.sh               Release build in build/, the whole suite
#   bash tools/test.sh --sanitize    then the whole suite again, built with
#                                    AddressSanitizer + UBSan (build-asan/)
#   bash tools/test.sh --fuzz [S]    then fuzz the scenario loader for S
#                                    seconds (default 60; clang, build-fuzz/)
#
# In CI (CI=true) warnings are errors and --sanitize --fuzz are implied.
# ML_BUILD=DIR puts the builds in DIR, DIR-asan and DIR-fuzz instead.
set -euo pipefail
cd "$(dirname "$0")/.."
SANITIZE=0 FUZZ=0 FUZZ_SECS=60 WERROR=OFF
if [ "${CI:-}" = "true" ]; then SANITIZE=1 FUZZ=1 WERROR=ON; fi
while [ $# -gt 0 ]; do
  case $1 in
  --sanitize) SANITIZE=1 ;;
  --fuzz)
    FUZZ=1
    if [[ ${2:-} =~ ^[0-9]+$ ]]; then FUZZ_SECS=$2; shift; fi ;;
  *) echo "usage: $0 [--sanitize] [--fuzz [SECONDS]]" >&2; exit 2 ;;
  esac
  shift
done
B=${ML_BUILD:-build}
J=$(nproc)

cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=Release -DMEDLIAB_WERROR=$WERROR
cmake --build "$B" -j"$J"
ctest --test-dir "$B" --output-on-failure -j"$J"

if [ "$SANITIZE" = 1 ]; then
  echo "== the whole suite again under AddressSanitizer and UBSan"
  cmake -S . -B "$B-asan" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMEDLIAB_SANITIZE=ON \
    -DMEDLIAB_WERROR=$WERROR
  cmake --build "$B-asan" -j"$J"
  # Leak checking on; UBSan prints where, and (no recovery) fails the test.
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$B-asan" --output-on-failure -j"$J"
fi

if [ "$FUZZ" = 1 ]; then
  echo "== fuzzing the scenario loader for $FUZZ_SECS s"
  bash tests/fuzz/run.sh "$FUZZ_SECS" "$B-fuzz"
fi
