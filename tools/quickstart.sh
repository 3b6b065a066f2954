#!/bin/bash
# The README's first command: install what is missing, build, run the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
mkdir -p results/out
./build/medliab run scenarios/validation/v1_poisson_lognormal.yaml \
  scenarios/validation/v2_negbin_lognormal_layer.yaml \
  scenarios/validation/v3_poisson_gamma_agglimit.yaml \
  -o results/out/validation.h5 --force
