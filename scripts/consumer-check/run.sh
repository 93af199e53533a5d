#!/usr/bin/env bash
# Converts and mixes sources of every modality, exports them to every trainer, and loads each export
# through the trainer's own code. Usage:
#   scripts/consumer-check/run.sh WORK_DIR LLAMA_FACTORY_REPO OMNIREWARD_REPO TRL_REPO EASYR1_REPO
# The repositories are checkouts of hiyouga/LLaMA-Factory, HongbangYuan/OmniReward, huggingface/trl and
# hiyouga/EasyR1. Needs: apt-get install -y python3-torch python3-pil python3-av python3-numpy
# python3-jinja2 python3-yaml python3-packaging. Exit status: the number of checks that failed.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$1"; lf="$2"; fork="$3"; trl="$4"; r1="$5"
py=/usr/bin/python3
rm -rf "$work" && mkdir -p "$work"
"$py" "$here/make_sources.py" "$root/../shared/data" "$work/src" || exit 100
"$root/omni-reward" data mix --recipe "$work/src/recipe.yaml" --out "$work/mix" || exit 100
failed=0
check() {  # target flavor-args export-dir repo
  local target="$1" dir="$2" repo="$3"; shift 3
  "$root/omni-reward" data export "$@" --in "$work/mix" --out "$dir" > "$dir.log" 2>&1 || { cat "$dir.log"; failed=$((failed+1)); return; }
  echo "== $target: $(grep '^exported' "$dir.log")"
  "$py" "$here/check_exports.py" "$target" "$dir" "$repo" 2>&1 | grep -v -e WARNING -e 'Estimating duration' || failed=$((failed+1))
}
check llamafactory       "$work/lf"      "$lf"   --to llamafactory
check omnireward-factory "$work/lf-omni" "$fork" --to llamafactory --flavor omnireward-factory
check trl                "$work/trl"     "$trl"  --to trl
check easyr1             "$work/r1"      "$r1"   --to easyr1
exit "$failed"
