#!/bin/bash
# The README's second command, and what CI runs: build and run every test.
#
#   bash tools/test.sh               Release build in build/, the whole suite
#   bash tools/test.sh --sanitize    then the whole suite again, built with
#                                    AddressSanitizer + UBSan (build-asan/)
#   bash tools/test.sh --fuzz [S]    then fuzz the scenario loader for S
#                                    seconds (default 60; clang, build-fuzz/)
#   bash tools/test.sh --mpi         then the MPI build (-DMEDLIAB_MPI=ON,
#                                    build-mpi/): its mpirun tests against
#                                    the serial build's files, and the suite
#
# In CI (CI=true) warnings are errors and --sanitize --fuzz --mpi are implied.
# ML_BUILD=DIR puts the builds in DIR, DIR-asan, DIR-fuzz and DIR-mpi instead.
set -euo pipefail
cd "$(dirname "$0")/.."
SANITIZE=0 FUZZ=0 FUZZ_SECS=60 WERROR=OFF MPI=0
if [ "${CI:-}" = "true" ]; then SANITIZE=1 FUZZ=1 WERROR=ON MPI=1; fi
while [ $# -gt 0 ]; do
  case $1 in
  --sanitize) SANITIZE=1 ;;
  --mpi) MPI=1 ;;
  --fuzz)
    FUZZ=1
    if [[ ${2:-} =~ ^[0-9]+$ ]]; then FUZZ_SECS=$2; shift; fi ;;
  *) echo "usage: $0 [--sanitize] [--fuzz [SECONDS]] [--mpi]" >&2; exit 2 ;;
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
  # The calibration and README checks rerun, at full size and with their
  # batches, run files that the other tests already run under the
  # sanitizers; they are statistical repeats, not new code paths, and take
  # most of the time, so this pass leaves them to the serial one.
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir "$B-asan" --output-on-failure -j"$J" \
    -E '^(calibration|readme_current)$'
fi

if [ "$FUZZ" = 1 ]; then
  echo "== fuzzing the scenario loader for $FUZZ_SECS s"
  bash tests/fuzz/run.sh "$FUZZ_SECS" "$B-fuzz"
fi

if [ "$MPI" = 1 ]; then
  echo "== the MPI build: mpirun with 1, 2, 3 ranks against the serial build's files"
  cmake -S . -B "$B-mpi" -DCMAKE_BUILD_TYPE=Release -DMEDLIAB_MPI=ON \
    -DMEDLIAB_WERROR=$WERROR -DMEDLIAB_SERIAL_MEDLIAB="$PWD/$B/medliab"
  cmake --build "$B-mpi" -j"$J"
  # Calibration, valgrind, levers and numeric edges run the one-process code
  # the serial pass has just tested, and take most of its time.
  ctest --test-dir "$B-mpi" --output-on-failure -j"$J" \
    -E '^(calibration|valgrind|levers|numeric_edges|readme_current)$'
fi
