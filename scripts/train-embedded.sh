#!/usr/bin/env bash
# Reproduces the shipped `embedded` reward model from the shared preference data:
#   scripts/train-embedded.sh [SHARED_DATA_DIR] [WORK_DIR]
# 1. builds train/valid sets (split by instruction, length-balanced, criterion-conditioned pairs),
# 2. trains the Bradley-Terry head on frozen all-MiniLM-L6-v2 embeddings with seed 42,
# 3. copies manifest.json and weights.bin into the scalar module's resources (what `--model embedded` loads)
#    and the training log, plot and validation report into docs/embedded-model/.
# Takes about 6 minutes on 2 cores the first time (text encoding), about 1 minute with the embedding cache.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${1:-$here/../shared/data}"
work="${2:-$here/target/embedded-training}"
seed=42
"$here/omni-reward" data prepare --shared "$shared" --out "$work/data" --seed "$seed"
"$here/omni-reward" train bt --train "$work/data/train.jsonl" --valid "$work/data/valid.jsonl" \
    --out "$work/model" --seed "$seed" --force
dest="$here/omni-reward-scalar/src/main/resources/org/omnireward/scalar/embedded"
mkdir -p "$dest" "$here/docs/embedded-model"
cp "$work/model/manifest.json" "$work/model/weights.bin" "$dest/"
cp "$work/model/training-log.json" "$work/model/training-log.svg" "$work/model/evaluation.json" "$work/data/stats.json" \
    "$here/docs/embedded-model/"
echo "shipped: $dest (rebuild with ./omni-reward or mvn to use it)"
