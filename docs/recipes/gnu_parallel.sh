#!/bin/bash
# One medliab run as M shards on one host with GNU parallel (one thread
# each, as many at once as there are cores), then their merge.  Run it from
# the folder that holds the run files.  RUN, N and M may be set in the
# environment.
set -euo pipefail
read -r -a run <<<"${RUN:-scenarios/china.yaml scenarios/uk.yaml}"
N=${N:-1000000} M=${M:-8}
mkdir -p parts
seq 0 $((M - 1)) | parallel --halt now,fail=1 --jobs "$(nproc)" \
  medliab run "${run[@]}" --replicates "$N" --seed 20261123 --shard "{}/$M" --threads 1 \
  -o "parts/part_{}.h5" --quiet
medliab merge results.h5 parts/part_*.h5 --quiet
