#!/bin/bash
# The README's first command: install what is missing, build, run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
mkdir -p results/out
# The main job: the reference portfolio under the six regimes, one seed
# (common random numbers), then the policy measures side by side.
./build/medliab run scenarios/us.yaml scenarios/uk.yaml scenarios/japan.yaml \
  scenarios/taiwan.yaml scenarios/china.yaml scenarios/china_reform.yaml \
  -o results/out/regimes.h5 --force --quiet
/usr/bin/python3 tools/regimes_table.py results/out/regimes.h5
echo "wrote results/out/regimes.h5"
