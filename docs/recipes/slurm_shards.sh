#!/bin/bash
# One medliab run as a Slurm job array: task K of the array simulates shard
# K of M (M = the array's size) and writes parts/part_K.h5.  Submit it from
# the folder that holds the run files (the merge loads them again there),
# then the merge, which waits for every task:
#   jid=$(sbatch --parsable docs/recipes/slurm_shards.sh)
#   sbatch --dependency=afterok:$jid --wrap 'medliab merge results.h5 parts/part_*.h5'
# RUN and N may be set in the environment (sbatch passes it on).
#SBATCH --job-name=medliab-shards
#SBATCH --array=0-15
#SBATCH --cpus-per-task=4
#SBATCH --mem=4G
#SBATCH --time=01:00:00
set -euo pipefail
read -r -a run <<<"${RUN:-scenarios/china.yaml scenarios/uk.yaml}"
mkdir -p parts
medliab run "${run[@]}" --replicates "${N:-1000000}" --seed 20261123 \
  --shard "$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT" \
  --threads "${SLURM_CPUS_PER_TASK:-1}" -o "parts/part_$SLURM_ARRAY_TASK_ID.h5" --quiet
