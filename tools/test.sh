#!/bin/bash
# The README's second command, and what CI runs: build and run every test.
# In CI (CI=true) warnings are errors.
set -euo pipefail
cd "$(dirname "$0")/.."
WERROR=OFF; [ "${CI:-}" = "true" ] && WERROR=ON
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DMEDLIAB_WERROR=$WERROR
cmake --build build -j"$(nproc)"
ctest --test-dir build --output-on-failure -j"$(nproc)"
